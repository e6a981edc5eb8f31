#!/usr/bin/env bash
# One client cannot lock others out: receipt attempts, counselor logins
# and filings are limited per client address (in memory), so a flood from
# one address leaves every other address its full share.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/limits.html"
with_conf "followup_per_ip_min = 5" "login_per_ip_min = 5" "report_per_ip_min = 3"

# A real case, filed from its own address before the flood.
new_visitor
file_report harassment-self "$page" -F category=power -F "what=limits-real" >/dev/null
receipt=$(receipt_of "$page")

# 250 well-formed wrong receipts from 127.0.0.2, 24 at a time (the old
# global bucket held 60 a minute for everyone); the real reporter comes
# from 127.0.0.3 while the flood is under way, once the attempts its
# address was allowed have been answered (they share the Argon2id gate,
# which on a loaded machine would otherwise time out first).
new_visitor
OUT="$page" from 2 hc /followup >/dev/null
tok=$(csrf_of "$page") flood_jar=$JAR
flood() {	# flood N: every 24th fake receipt, starting at the Nth
	local r JAR="$MDG_STATE/jar.flood.$1"
	cp "$flood_jar" "$JAR"	# one jar per client: curl rewrites it
	sed -n "$1~24p" "$MDG_STATE/fakes" | while read -r r; do
		from 2 hc /followup --data-urlencode "csrf=$tok" --data-urlencode "receipt=$r"
		echo
	done
}
for i in $(seq 1 250); do fake_receipt; done >"$MDG_STATE/fakes"
pids=""
for i in $(seq 1 24); do flood "$i" >"$MDG_STATE/flood.$i" & pids="$pids $!"; done
for _ in $(seq 1 600); do	# until the flood meets a limit, or ends
	[ "$(cat "$MDG_STATE"/flood.[0-9]* | grep -c '^404$')" -ge 5 ] &&
	    cat "$MDG_STATE"/flood.[0-9]* | grep -q '^429$' && break
	kill -0 $pids 2>/dev/null || break
	sleep 0.1
done
jar=$JAR
new_visitor
OUT="$page" from 3 hc /followup >/dev/null
real=$(OUT="$page" from 3 hc /followup --data-urlencode "csrf=$(csrf_of "$page")" \
    --data-urlencode "receipt=$receipt")
JAR=$jar
wait $pids
cat "$MDG_STATE"/flood.[0-9]* >"$MDG_STATE/flood.status"
t_begin "a receipt flood from one address is throttled (429)"
if grep -q '^429$' "$MDG_STATE/flood.status"; then t_pass; else
	t_fail "$(sort "$MDG_STATE/flood.status" | uniq -c | tr '\n' ' ')"; fi
t_begin "a real reporter on another address opens the case during the flood"
assert_eq "$real" "303"
t_begin "the flooding address is still throttled right after"
new_visitor
OUT="$page" from 2 hc /followup >/dev/null
assert_eq "$(OUT="$page" from 2 hc /followup --data-urlencode "csrf=$(csrf_of "$page")" \
    --data-urlencode "receipt=$receipt")" "429"

# Counselor logins: 48 wrong logins for made-up names from 127.0.0.4
# (the old global bucket held 30 a minute), 24 at a time; a counselor
# logs in from 127.0.0.5 while they go on.
make_user limits_counsel counselor >/dev/null
new_visitor
OUT="$page" from 4 rc /login >/dev/null
tok=$(csrf_of "$page") flood_jar=$JAR
lflood() {
	local i JAR="$MDG_STATE/jar.lflood.$1"
	cp "$flood_jar" "$JAR"
	for i in $(seq "$1" 24 48); do
		from 4 rc /login --data-urlencode "csrf=$tok" --data-urlencode "username=nobody$i" \
		    --data-urlencode "password=wrong-password-$i" --data-urlencode "code=000000"
		echo
	done
}
pids=""
for i in $(seq 1 24); do lflood "$i" >"$MDG_STATE/lflood.$i" & pids="$pids $!"; done
for _ in $(seq 1 600); do
	[ "$(cat "$MDG_STATE"/lflood.[0-9]* | grep -c '^403$')" -ge 5 ] &&
	    cat "$MDG_STATE"/lflood.[0-9]* | grep -q '^429$' && break
	kill -0 $pids 2>/dev/null || break
	sleep 0.1
done
new_visitor
p2="$MDG_STATE/login.limits.html"
OUT="$p2" from 5 rc /login >/dev/null
real=$(from 5 rc /login --data-urlencode "csrf=$(csrf_of "$p2")" \
    --data-urlencode "username=limits_counsel" --data-urlencode "password=$REVIEW_PW" \
    --data-urlencode "code=$("$MDG_BUILD/tests/mdg-totp" "$(cat "$MDG_STATE/limits_counsel.totp")" 30)")
wait $pids
t_begin "a login flood from one address is throttled (429)"
if cat "$MDG_STATE"/lflood.[0-9]* | grep -q '^429$'; then t_pass; else
	t_fail "$(cat "$MDG_STATE"/lflood.[0-9]* | sort | uniq -c | tr '\n' ' ')"; fi
t_begin "a counselor on another address logs in during the flood"
assert_eq "$real" "303"

# Filing: four reports from 127.0.0.6 with a limit of three a minute.
: >"$MDG_STATE/fflood.status"
for i in 1 2 3 4; do
	new_visitor
	OUT="$page" from 6 hc /report/harassment-self >/dev/null
	OUT="$page" from 6 hc /report/harassment-self -L -F "csrf=$(csrf_of "$page")" \
	    -F "form_token=$(form_token_of "$page")" \
	    -F category=power -F "what=flood-$i-kept" >>"$MDG_STATE/fflood.status"
	echo >>"$MDG_STATE/fflood.status"
done
t_begin "filing from one address is limited (the fourth report gets 429)"
assert_eq "$(tr '\n' ' ' <"$MDG_STATE/fflood.status")" "200 200 200 429 "
t_begin "the refused filing keeps what was typed"
assert_contains "$page" "flood-4-kept"
t_begin "another address files during the flood"
new_visitor
OUT="$page" from 7 hc /report/harassment-self >/dev/null
assert_eq "$(OUT="$page" from 7 hc /report/harassment-self -L -F "csrf=$(csrf_of "$page")" \
    -F "form_token=$(form_token_of "$page")" \
    -F category=power -F "what=other-address")" "200"

restore_conf
