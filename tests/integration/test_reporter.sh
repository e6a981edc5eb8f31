#!/usr/bin/env bash
# A reporter files each of the four kinds, comes back with the receipt,
# reads, replies, attaches a file and reveals identity; wrong receipts fail.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/rep.html" hdr="$MDG_STATE/rep.hdr"
# other tests share the database: count from here
cases0=$(psql_admin "SELECT count(*) FROM cases")
urgent0=$(psql_admin "SELECT count(*) FROM cases WHERE priority = 'urgent'")
urgent() { echo $(( $(psql_admin "SELECT count(*) FROM cases WHERE priority = 'urgent'") - urgent0 )); }

t_begin "harassment about me is filed and a receipt shown"
printf 'evidence-bytes-%s\n' "$RANDOM" >"$MDG_STATE/evidence.txt"
st=$(file_report harassment-self "$page" -F category=power -F power_types=verbal \
    -F power_types=isolation -F "what=怒鳴られた test-self" -F frequency=weekly \
    -F consent_contact=no -F "files=@$MDG_STATE/evidence.txt;type=text/plain")
assert_eq "$st" "200"
r1=$(receipt_of "$page")
t_begin "receipt is 28 digits in groups of 4"
if [[ $r1 =~ ^[0-9]{4}(-[0-9]{4}){6}$ ]]; then t_pass; else t_fail "got '$r1'"; fi
t_begin "receipt page says it is shown for a few minutes only"
assert_contains "$page" "数分間だけ"
t_begin "receipt page is not cached"
hc / -D "$hdr" >/dev/null; assert_contains "$hdr" "Cache-Control: no-store"

t_begin "harassment on behalf of someone else is filed"
new_visitor
st=$(file_report harassment-other "$page" -F relation=colleague -F person_knows=no \
    -F person_consent_contact=unsure -F person_consent_investigation=no \
    -F category=sexual -F sexual_type=hostile -F "what=見ていた test-other")
assert_eq "$st" "200"
r2=$(receipt_of "$page")

t_begin "mental-health consultation with a high K6 is filed"
new_visitor
st=$(file_report wellbeing-self "$page" -F k6_1=4 -F k6_2=3 -F k6_3=2 -F k6_4=2 \
    -F k6_5=1 -F k6_6=2 -F selfharm=no -F "worry=眠れない test-wb")
assert_eq "$st" "200"
t_begin "K6 score and band are shown"
assert_contains "$page" "<strong>14</strong> / 24"
t_begin "K6 >= 13 shows crisis lines first"
assert_contains "$page" 'href="tel:0120279338"'
t_begin "K6 >= 13 marks the case urgent"
r3=$(receipt_of "$page")
assert_eq "$(urgent)" "1"

t_begin "any self-harm answer shows crisis lines even with a low K6"
new_visitor
file_report wellbeing-self "$page" -F selfharm=unsaid -F "worry=test-sh" >/dev/null
assert_contains "$page" 'href="tel:0332644343"'
t_begin "self-harm answer marks the case urgent"
assert_eq "$(urgent)" "2"
t_begin "no self-harm and low K6: no crisis block"
new_visitor
file_report wellbeing-self "$page" -F selfharm=no -F k6_1=0 -F k6_2=0 -F k6_3=0 \
    -F k6_4=1 -F k6_5=0 -F k6_6=0 -F "worry=test-low" >/dev/null
assert_not_contains "$page" 'class="crisis"'

t_begin "worry about a colleague in danger is filed and urgent"
new_visitor
st=$(file_report wellbeing-other "$page" -F relation=colleague -F danger=yes \
    -F "noticed=様子がおかしい test-colleague")
[ "$st" = 200 ] && grep -q 'class="crisis"' "$page" && t_pass || t_fail "status $st"

t_begin "a missing required field re-renders the form with 400"
new_visitor
st=$(file_report harassment-self "$page" -F category=power -F "when=先週 kept-when-text")
assert_eq "$st" "400"
t_begin "the re-rendered form keeps what was typed"
assert_contains "$page" "kept-when-text"
t_begin "the re-rendered form says what is missing"
assert_contains "$page" "この項目を入力してください"
t_begin "the re-rendered form keeps radio choices"
if grep -q 'value="power" checked' "$page"; then t_pass; else t_fail "choice lost"; fi

t_begin "an option outside the list is refused"
st=$(file_report harassment-self "$page" -F category=nonsense -F "what=x")
assert_eq "$st" "400"
t_begin "an unknown field is refused"
st=$(file_report harassment-self "$page" -F category=power -F "what=x" -F evil=1)
assert_eq "$st" "400"
t_begin "a submission without the CSRF token is refused and keeps the text"
OUT="$page" hc /report/harassment-self >/dev/null
st=$(OUT="$page" hc /report/harassment-self -F category=power -F "what=no-token-text")
[ "$st" = 403 ] && grep -q no-token-text "$page" && t_pass || t_fail "status $st"
t_begin "a submission with another visitor's token is refused"
OUT="$page" hc /report/harassment-self >/dev/null
tok=$(csrf_of "$page"); new_visitor
OUT="$page" hc /report/harassment-self >/dev/null
assert_eq "$(OUT="$page" hc /report/harassment-self -F "csrf=$tok" -F category=power -F what=x)" "403"
t_begin "an oversized file is refused with 413 and the text kept"
head -c $((11 * 1024 * 1024)) /dev/zero >"$MDG_STATE/big.bin"
st=$(file_report harassment-self "$page" -F category=power -F "what=big-file-text" \
    -F "files=@$MDG_STATE/big.bin")
[ "$st" = 413 ] && grep -q big-file-text "$page" && t_pass || t_fail "status $st"
t_begin "nothing was stored by the refused submissions"
assert_eq "$(( $(psql_admin "SELECT count(*) FROM cases") - cases0 ))" "6"

t_begin "follow-up with the receipt opens the case"
new_visitor
assert_eq "$(open_case "$r1")" "303"
t_begin "the case page shows the report, decrypted"
OUT="$page" hc /case >/dev/null
assert_contains "$page" "怒鳴られた test-self"
t_begin "the case page labels fields in Japanese"
assert_contains "$page" "精神的な攻撃"
t_begin "the case page lists the attachment"
assert_contains "$page" "evidence.txt"
t_begin "the attachment downloads, decrypted, as a download"
href=$(grep -o '/case/file/[0-9a-f]*' "$page" | head -n 1)
OUT="$MDG_STATE/got.txt" hc "$href" -D "$hdr" >/dev/null
if cmp -s "$MDG_STATE/got.txt" "$MDG_STATE/evidence.txt" && grep -q 'Content-Disposition: attachment' "$hdr"; then
	t_pass; else t_fail "file differs or not a download"; fi

t_begin "a reply with a file is accepted"
tok=$(csrf_of "$page")
printf 'second-file-%s' "$RANDOM" >"$MDG_STATE/second.txt"
assert_eq "$(hc /case/reply -F "csrf=$tok" -F "message=追加です reply-text" -F "files=@$MDG_STATE/second.txt")" "303"
t_begin "the reply appears in the thread"
OUT="$page" hc '/case?sent=1' >/dev/null
assert_contains "$page" "追加です reply-text"
t_begin "the reply's file is listed"
assert_contains "$page" "second.txt"
t_begin "an empty reply is refused"
assert_eq "$(OUT="$page" hc /case/reply -F "csrf=$tok" -F "message=")" "400"
t_begin "identity can be revealed later (after the confirmation step)"
assert_eq "$(hc /case/identity --data-urlencode "csrf=$tok" --data-urlencode "name=山田 reveal-name" --data-urlencode "contact=private" --data-urlencode confirm=yes)" "303"
t_begin "the case shows identity was shared"
OUT="$page" hc /case >/dev/null
assert_contains "$page" "名乗る内容は送信済みです"
t_begin "logout ends the session"
hc /case/logout --data-urlencode "csrf=$tok" >/dev/null
assert_eq "$(hc /case)" "303"

t_begin "the third-party case opens with its own receipt"
new_visitor
open_case "$r2" >/dev/null
OUT="$page" hc /case >/dev/null
assert_contains "$page" "見ていた test-other"
t_begin "and shows none of the first case"
assert_not_contains "$page" "test-self"

t_begin "receipt typed with full-width digits and spaces works"
new_visitor
fw=$(echo "$r3" | sed 's/-/ /g; s/0/０/g; s/1/１/g; s/2/２/g; s/3/３/g; s/4/４/g; s/5/５/g; s/6/６/g; s/7/７/g; s/8/８/g; s/9/９/g')
assert_eq "$(open_case "$fw")" "303"

t_begin "a receipt with a typo is told apart"
new_visitor
bad=$(echo "$r1" | sed 's/^\(.\)/X\1/; s/^X0/1/; s/^X[1-9]/0/')
page2="$MDG_STATE/followup.$$.html"
st=$(open_case "$bad")
[ "$st" = 400 ] && grep -q "打ち間違い" "$page2" && t_pass || t_fail "status $st"
t_begin "an unknown receipt gets 404 and the same text whatever the reason"
fake=$(fake_receipt)
st=$(open_case "$fake")
[ "$st" = 404 ] && grep -q "見つかりませんでした" "$page2" && t_pass || t_fail "status $st"
t_begin "garbage in the receipt field is a clear 400"
assert_eq "$(open_case "'; DROP TABLE cases; --")" "400"
t_begin "the case page without a session sends to the receipt page"
new_visitor
assert_eq "$(hc /case)" "303"
t_begin "a file of a case is not reachable without its session"
assert_eq "$(hc "$href")" "303"
