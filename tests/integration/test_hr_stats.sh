#!/usr/bin/env bash
# Statistics HR can use: by 年度 with Japanese labels in page and CSV, self
# and third-party reports told apart, record consent counted, and the
# current month held back until it has enough cases.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/hr.html" csv="$MDG_STATE/hr.csv"

# enough cases this month that it is counted (five or more of each form)
for i in 1 2 3 4 5; do
	new_visitor
	file_report harassment-other "$page" -F relation=colleague -F category=customer \
	    -F consent_record=no -F "what=test-hr-other-$i" >/dev/null
	new_visitor
	file_report harassment-self "$page" -F category=power -F consent_record=yes \
	    -F "what=test-hr-self-$i" >/dev/null
done
t_begin "the form used is kept in the clear metadata"
assert_eq "$(psql_admin "SELECT count(*) >= 5 FROM cases WHERE form = 'harassment-other'")" "t"
t_begin "the record-consent answer is kept in the clear metadata"
assert_eq "$(psql_admin "SELECT count(*) >= 5 FROM cases WHERE record_consent = 'no'")" "t"

make_user hr_analyst analyst >/dev/null
new_visitor
login hr_analyst >/dev/null
OUT="$page" rc /stats >/dev/null
OUT="$csv" rc /stats.csv >/dev/null
m=$(TZ=Asia/Tokyo date +%-m) y=$(TZ=Asia/Tokyo date +%Y)
fy=$(( m < 4 ? y - 1 : y ))

t_begin "statistics by 年度 in Japanese labels"
assert_contains "$page" "<td>${fy}年度</td>"
t_begin "the month is labelled in Japanese"
assert_contains "$page" "<td>${y}年${m}月</td>"
t_begin "reports by a third party are counted apart from the person's own"
if grep -qF "<td>ハラスメント（本人以外から）</td>" "$page" &&
    grep -qF "<td>ハラスメント（本人から）</td>" "$page"; then t_pass; else t_fail "missing"; fi
t_begin "record consent is counted by 年度"
if grep -qF "<td>同意なし</td>" "$page" && grep -qF "<td>同意あり</td>" "$page"; then
	t_pass; else t_fail "missing"; fi
t_begin "the page shows no internal codes"
if grep -qE '<td>(harassment|mental_health|harassment-other|harassment-self|power|customer|new|closed|yes|no)</td>' "$page"; then
	t_fail "a code is shown"; else t_pass; fi
t_begin "the CSV has Japanese labels for 年度, form and category"
if grep -qF "\"${fy}年度\"" "$csv" && grep -qF '"ハラスメント（本人以外から）"' "$csv" &&
    grep -qF '"カスタマーハラスメント' "$csv"; then t_pass; else t_fail "missing"; fi
t_begin "the CSV shows no internal codes"
if grep -qE '"(harassment|mental_health|harassment-other|power|customer|new|yes|no)"' "$csv"; then
	t_fail "a code is in the CSV"; else t_pass; fi
t_begin "the CSV starts with a byte-order mark for spreadsheet programs"
[ "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && t_pass || t_fail "no BOM"

t_begin "the current month is held back while it has fewer cases than the minimum"
assert_eq "$(psql_admin "SELECT stats_cutoff(1000000) = date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo'")" "t"
t_begin "and counted once it has enough"
assert_eq "$(psql_admin "SELECT stats_cutoff(5) = 'infinity'")" "t"
t_begin "cases before the cutoff only: a held-back month adds nothing"
assert_eq "$(psql_admin "SELECT count(*) FROM cases WHERE created_at < stats_cutoff(1000000) AND created_at >= date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo'")" "0"
t_begin "the page says which period it covers"
assert_contains "$page" "今月分を含め"
