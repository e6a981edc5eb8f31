#!/usr/bin/env bash
# kill -9 of the intake server in the middle of a stream of submissions:
# every receipt that was shown opens a complete case, no case lacks a part,
# no plaintext is on disk. A client that disconnects mid-upload leaves
# nothing behind.
. "$(dirname "$0")/lib.sh"
dir="$MDG_STATE/faults"
mkdir -p "$dir"
m=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
before=$(psql_admin "SELECT count(*) FROM cases")

submit_loop() {	# up to 40 submissions; keeps each receipt shown
	local i st
	for i in $(seq 1 40); do
		JAR="$dir/jar.$i" OUT="$dir/form.$i" hc /report/harassment-self >/dev/null 2>&1 || continue
		st=$(JAR="$dir/jar.$i" OUT="$dir/page.$i" hc /report/harassment-self -L \
		    -F "csrf=$(csrf_of "$dir/form.$i")" -F "form_token=$(form_token_of "$dir/form.$i")" -F category=power \
		    -F "what=KILLMARK$m-$i" -F "files=@$MDG_STATE/intake.log;filename=f.txt" 2>/dev/null)
		[ "$st" = 200 ] && echo "$i $(receipt_of "$dir/page.$i")" >>"$dir/receipts"
	done
}
: >"$dir/receipts"
submit_loop &
loop=$!
# kill once the first receipt was shown (the machine may be loaded, so no
# fixed delay), and at most 30 s in
for _ in $(seq 1 300); do
	[ -s "$dir/receipts" ] && break
	sleep 0.1
done
kill -9 "$(cat "$MDG_STATE/intake.pid")"
wait "$loop"
rm -f "$MDG_STATE/intake.pid"
intake_start >/dev/null

t_begin "some receipts were shown before the kill, and some submissions failed"
shown=$(wc -l <"$dir/receipts")
if [ "$shown" -gt 0 ] && [ "$shown" -lt 40 ]; then t_pass; else t_fail "shown=$shown"; fi
t_begin "every receipt shown opens a complete case with its text and file"
bad=0
while read -r i r; do
	new_visitor
	[ "$(open_case "$r")" = 303 ] || { bad=$((bad + 1)); continue; }
	OUT="$dir/case.$i" hc /case >/dev/null
	grep -q "KILLMARK$m-$i" "$dir/case.$i" && grep -q "f.txt" "$dir/case.$i" || bad=$((bad + 1))
done <"$dir/receipts"
assert_eq "$bad" "0"
t_begin "no case lacks a part (report, reporter key, recovery key)"
assert_eq "$(psql_admin "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.case_id = c.id AND r.kind = 'report') OR NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id AND k.holder = 'reporter') OR NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id AND k.holder = 'recovery')")" "0"
t_begin "no plaintext of the interrupted submissions is on disk"
psql_admin "CHECKPOINT" >/dev/null
found=$(grep -rla "KILLMARK$m" "$MDG_STATE/pg" 2>/dev/null)
if [ -n "$found" ]; then t_fail "found in $found"; else t_pass; fi

t_begin "a client that disconnects mid-upload leaves nothing behind"
n0=$(psql_admin "SELECT count(*) FROM cases")
head -c $((8 * 1024 * 1024)) /dev/urandom >"$dir/big.bin"
new_visitor
OUT="$dir/f.html" hc /report/harassment-self >/dev/null
curl -s --http1.1 --cacert "$MDG_STATE/tls/cert.pem" -b "$JAR" --limit-rate 200k --max-time 2 \
    -F "csrf=$(csrf_of "$dir/f.html")" -F "form_token=$(form_token_of "$dir/f.html")" -F category=power -F "what=DISCONNECT$m" \
    -F "files=@$dir/big.bin" -o /dev/null "$MDG_INTAKE_URL/report/harassment-self"
sleep 0.5
assert_eq "$(psql_admin "SELECT count(*) FROM cases")" "$n0"
t_begin "and the server still serves"
assert_eq "$(hc /)" "200"
