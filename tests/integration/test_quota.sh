#!/usr/bin/env bash
# One anonymous reporter cannot fill the disk: a case holds at most
# case_max_files files and case_max_bytes bytes (counted like the clear
# size column, ciphertext rounded up to 64 KiB), and one session sends at
# most upload_per_min bytes a minute. A refused request stores nothing
# and keeps the typed text.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/quota.html" hdr="$MDG_STATE/quota.hdr"
mib=1048576
# 1000000 bytes are 16 chunks of 64 KiB; their ciphertext (16 tags and a
# header more) is counted as 17 steps of 64 KiB
q1=$((17 * 65536))
head -c 1000000 /dev/urandom >"$MDG_STATE/q1.bin"
head -c 2000000 /dev/urandom >"$MDG_STATE/q2.bin"
printf 'small' >"$MDG_STATE/qs.txt"
usage() {	# files bytes-rounded bytes-stored records, over the whole database
	psql_admin "SELECT (SELECT count(*) FROM attachments) || ' ' ||
	    (SELECT coalesce(sum(size_rounded), 0) FROM attachments) || ' ' ||
	    (SELECT coalesce(sum(octet_length(stream)), 0) FROM attachments) || ' ' ||
	    (SELECT count(*) FROM records)"
}
delta() {	# delta BEFORE AFTER FIELD
	echo $(( $(echo "$2" | cut -d' ' -f"$3") - $(echo "$1" | cut -d' ' -f"$3") ))
}
# new_case: files a report without files and opens it; leaves $tok.
new_case() {
	new_visitor
	file_report harassment-self "$page" -F category=power -F "what=quota-$1" >/dev/null
	open_case "$(receipt_of "$page")" >/dev/null
	OUT="$page" hc /case >/dev/null
	tok=$(csrf_of "$page")
}
four=(-F "files=@$MDG_STATE/q1.bin" -F "files=@$MDG_STATE/q1.bin"
    -F "files=@$MDG_STATE/q1.bin" -F "files=@$MDG_STATE/q1.bin")

quota=$((8 * q1))	# two replies of four files
with_conf "case_max_bytes = $quota" "case_max_files = 10" \
    "upload_per_min = $((200 * mib))"

# 25 replies of 4 MB each, 100 MB in all, as fast as curl sends them.
new_case flood
u0=$(usage)
codes=""
for i in $(seq 1 25); do
	codes="$codes $(OUT="$page.$i" hc /case/reply -F "csrf=$tok" \
	    -F "message=flood-text-$i" "${four[@]}")"
done
u1=$(usage)
t_begin "a case takes files up to its quota (two 4 MB replies fill it)"
assert_eq "$(echo $codes | cut -d' ' -f1-2)" "303 303"
t_begin "every later reply of the 100 MB is refused (413)"
assert_eq "$(echo $codes | cut -d' ' -f3- | tr ' ' '\n' | sort -u)" "413"
t_begin "nothing over the quota is in the database"
if [ "$(delta "$u0" "$u1" 2)" -le $quota ] &&
    [ "$(delta "$u0" "$u1" 3)" -le $quota ]; then t_pass
else t_fail "stored $(delta "$u0" "$u1" 2) bytes (rounded) for a quota of $quota"; fi
t_begin "only the two replies that fitted are stored, with their 8 files"
assert_eq "$(delta "$u0" "$u1" 4) $(delta "$u0" "$u1" 1)" "2 8"
t_begin "the refusal says why, in Japanese"
assert_contains "$page.25" "1件で保存できる上限までファイルが添付されています"
t_begin "the refusal keeps the typed text"
assert_contains "$page.25" "flood-text-25"
t_begin "the case page shows the per-case limits"
OUT="$page" hc /case >/dev/null
assert_contains "$page" "10 ファイル、 $((quota / mib)) MB"
t_begin "a reply without files still goes through on a full case"
assert_eq "$(hc /case/reply -F "csrf=$tok" -F "message=words-only")" "303"
t_begin "the refusal says why, in English"
hc "/lang/en?next=/case" >/dev/null
OUT="$page" hc /case/reply -F "csrf=$tok" -F "message=english-text" \
    -F "files=@$MDG_STATE/qs.txt" >/dev/null
assert_contains "$page" "This case already holds as many files as one case can keep"

# The number of files is limited too: 10 small files fit, the 11th not.
new_case count
u0=$(usage)
five=(-F "files=@$MDG_STATE/qs.txt" -F "files=@$MDG_STATE/qs.txt"
    -F "files=@$MDG_STATE/qs.txt" -F "files=@$MDG_STATE/qs.txt"
    -F "files=@$MDG_STATE/qs.txt")
codes="$(hc /case/reply -F "csrf=$tok" -F "message=c1" "${five[@]}")"
codes="$codes $(hc /case/reply -F "csrf=$tok" -F "message=c2" "${five[@]}")"
codes="$codes $(hc /case/reply -F "csrf=$tok" -F "message=c3" -F "files=@$MDG_STATE/qs.txt")"
t_begin "a case takes case_max_files files and refuses one more"
assert_eq "$codes" "303 303 413"
t_begin "the eleventh file is not stored"
assert_eq "$(delta "$u0" "$(usage)" 1)" "10"

# The first filing alone cannot pass the quota either.
t_begin "a first filing with more than a case holds is refused (413)"
new_visitor
c0=$(psql_admin "SELECT count(*) FROM cases")
u0=$(usage)
st=$(file_report harassment-self "$page" -F category=power -F "what=first-typed" \
    -F "files=@$MDG_STATE/q2.bin" -F "files=@$MDG_STATE/q2.bin" \
    -F "files=@$MDG_STATE/q2.bin" -F "files=@$MDG_STATE/q2.bin" \
    -F "files=@$MDG_STATE/q2.bin")
assert_eq "$st" "413"
t_begin "the refused filing files nothing"
assert_eq "$(psql_admin "SELECT count(*) FROM cases") $(delta "$u0" "$(usage)" 1)" "$c0 0"
t_begin "the refused form keeps the typed text and says why"
if grep -qF "first-typed" "$page" && grep -qF "1件の相談に保存できる上限を超えています" "$page"; then
	t_pass; else t_fail "text or reason missing"; fi

# The upload rate of one session: 3 MB a minute lets two files through
# (2.2 MB counted), not four.
restore_conf
with_conf "upload_per_min = 3000000"
new_case rate
u0=$(usage)
two=(-F "files=@$MDG_STATE/q1.bin" -F "files=@$MDG_STATE/q1.bin")
t_begin "a session's first two files in a minute are stored"
assert_eq "$(hc /case/reply -F "csrf=$tok" -F "message=r1" "${two[@]}")" "303"
t_begin "the next two within the minute are refused (429, Retry-After)"
assert_eq "$(OUT="$page" hc /case/reply -F "csrf=$tok" -F "message=rate-typed" \
    "${two[@]}" -D "$hdr")" "429"
t_begin "the rate refusal says to wait and keeps the text"
if grep -qF "1分ほど待ってから" "$page" && grep -qF "rate-typed" "$page" &&
    grep -qi '^Retry-After: 60' "$hdr"; then t_pass; else t_fail "page or header"; fi
t_begin "the refused reply stored nothing"
assert_eq "$(delta "$u0" "$(usage)" 1) $(delta "$u0" "$(usage)" 4)" "2 1"
restore_conf
