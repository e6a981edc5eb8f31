#!/usr/bin/env bash
# What HR sees of check-ins: nothing while a round is open or when it has
# fewer than 10 answers; afterwards counts with small cells as "<10" and
# complementary suppression, tried with the differencing attacks a
# curious reader would use (total minus the rest, CSV against the page,
# a second round, answers after closing). Analysts and administrators
# only.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin"
page="$MDG_STATE/cis.html"
csv="$MDG_STATE/cis.csv"
closes=$(date -d '+14 days' +%F)

"$admin" -c "$MDG_CONF" cohort add yng "若手職員（採用3年以内）" "Staff in their first three years" >/dev/null
"$admin" -c "$MDG_CONF" cohort add everyone "全職員" "All staff" --all-staff >/dev/null
open_round() {	# open_round COHORT LABEL N -> codes in $MDG_STATE/cis.codes
	"$admin" -c "$MDG_CONF" round open "$1" --label "$2" --closes "$closes" \
	    --codes "$3" --out "$MDG_STATE/cis-$1-$2.html" >/dev/null
	grep -o '<p class="code" translate="no">[0-9-]*</p>' "$MDG_STATE/cis-$1-$2.html" |
	    sed 's/<[^>]*>//g' >"$MDG_STATE/cis.codes"
}
spend() {	# spend CODE [curl -d ...], as a visitor of its own
	local code=$1 tok keep=$JAR; shift
	new_visitor
	OUT="$page" hc "/checkin?c=$(echo "$code" | tr -d -)" >/dev/null
	tok=$(csrf_of "$page")
	OUT="$page" hc /checkin/answer --data-urlencode "csrf=$tok" \
	    --data-urlencode "code=$code" "$@"
	JAR=$keep
}
round_id() { psql_admin "SELECT id FROM checkin_rounds WHERE cohort = '$1' AND label = '$2'"; }

# Round 1: 12 answers. 11 sleep well and 1 does not; 2 want a counselor
# and 10 do not (a lone small cell, whose complement must be hidden).
open_round yng r1 14
mapfile -t c1 <"$MDG_STATE/cis.codes"
for i in $(seq 0 11); do
	want=""; [ "$i" -lt 2 ] && want="-d ci_counselor=yes"
	sleep_="good"; [ "$i" -eq 11 ] && sleep_="often"
	# shellcheck disable=SC2086
	spend "${c1[$i]}" -d k6_1=0 -d k6_2=0 -d k6_3=1 -d k6_4=0 -d k6_5=1 -d k6_6=0 \
	    -d ci_sleep=$sleep_ -d ci_overtime=lt20 -d ci_talk=yes $want >/dev/null
done

make_user hr analyst >/dev/null
new_visitor
login hr >/dev/null
t_begin "an analyst sees the cohorts page"
assert_eq "$(OUT="$page" rc /cohorts)" "200"
t_begin "an open round shows no answer count (a live count would tell who just answered)"
assert_contains "$page" "締切後に表示"
t_begin "an open round shows no figures"
OUT="$page" rc /cohorts/yng >/dev/null
if grep -q 'この回はまだ受付中' "$page" && ! grep -q '<table class="queue figures">' "$page"; then
	t_pass; else t_fail "figures before closing"; fi
t_begin "the CSV of an open round has no figures"
OUT="$csv" rc /cohorts/yng.csv >/dev/null
assert_eq "$(wc -l <"$csv")" "1"

t_begin "an analyst closes the round on the review server"
OUT="$page" rc /cohorts >/dev/null
tok=$(csrf_of "$page")
assert_eq "$(rc /cohorts/close --data-urlencode "csrf=$tok" -d "round=$(round_id yng r1)")" "303"
t_begin "a code of the closed round is refused (figures cannot change once seen)"
keep=$JAR; new_visitor
assert_eq "$(OUT="$page" hc "/checkin?c=$(echo "${c1[12]}" | tr -d -)")" "410"
JAR=$keep
OUT="$page" rc /cohorts/yng >/dev/null
OUT="$csv.crlf" rc /cohorts/yng.csv >/dev/null
tr -d '\r' <"$csv.crlf" >"$csv"
t_begin "after closing with 12 answers the figures appear, with the response rate"
if grep -q '回答: 12' "$page" && grep -q '86%' "$page"; then t_pass; else t_fail "no figures"; fi
t_begin "a large cell is shown as it is"
assert_contains "$csv" "sleep,good,11"
t_begin "a small cell is shown as <10"
assert_contains "$csv" "sleep,often,<10"
t_begin "a lone small cell gets a complement: total minus the rest does not give it"
if grep -q 'counselor,yes,<10' "$csv" && grep -q 'counselor,no,x' "$csv" &&
    ! grep -q 'counselor,no,10' "$csv"; then t_pass; else t_fail "$(grep counselor "$csv")"; fi
# The reader's attack: the hidden cells of a question hold the answers
# minus the shown cells. One hidden cell holding someone is then pinned;
# so are cells that must all be at their largest small value (9 + 9 = 18).
t_begin "differencing attack: no hidden count above zero follows from the total"
bad=$(awk -F, 'NR > 1 { q = $1 "," $2 "," $7; t[q] = $6;
	if ($9 == "x") { h[q]++; x[q]++ } else if ($9 ~ /^</) h[q]++; else s[q] += $9 }
	END { for (q in t) { r = t[q] - s[q];
		if ((h[q] == 1 && r > 0) || (h[q] > 0 && x[q] == 0 && r == 9 * h[q])) print q } }' "$csv")
assert_eq "$bad" ""
t_begin "the page shows exactly what the CSV shows (no second source to difference)"
n_csv=$(grep -c ',x$\|,<10$' "$csv")
n_page=$(grep -c '<td>x</td>\|<td>&lt;10</td>' "$page")
assert_eq "$n_page" "$n_csv"
t_begin "the chart is drawn on the server as SVG"
if grep -q '<svg' "$page" && grep -q 'class="band-' "$page" && ! grep -qi '<script' "$page"; then
	t_pass; else t_fail "no chart"; fi

# Round 2: 9 answers only, closed: nothing shown, nothing to subtract.
open_round yng r2 10
mapfile -t c2 <"$MDG_STATE/cis.codes"
for i in $(seq 0 8); do spend "${c2[$i]}" -d ci_sleep=good >/dev/null; done
"$admin" -c "$MDG_CONF" round close "$(round_id yng r2)" >/dev/null
OUT="$page" rc /cohorts/yng >/dev/null
OUT="$csv" rc /cohorts/yng.csv >/dev/null
t_begin "a closed round with 9 answers shows no figures"
if grep -q '回答が少ないため' "$page" && ! grep -q ",$(round_id yng r2)," "$csv"; then
	t_pass; else t_fail "figures of a small round"; fi
t_begin "nothing is added up across rounds (a total minus round 1 would give round 2)"
if ! grep -qi 'total\|合計' "$csv" && [ "$(cut -d, -f2 "$csv" | sort -u | grep -vc round)" = 1 ]; then
	t_pass; else t_fail "$(cut -d, -f2 "$csv" | sort -u)"; fi

# The all-staff cohort: its latest shown round appears beside the cohort.
open_round everyone spring 12
mapfile -t c3 <"$MDG_STATE/cis.codes"
for i in $(seq 0 10); do spend "${c3[$i]}" -d k6_1=2 -d k6_2=2 -d k6_3=2 -d k6_4=1 -d k6_5=2 -d k6_6=1 >/dev/null; done
"$admin" -c "$MDG_CONF" round close "$(round_id everyone spring)" >/dev/null
OUT="$page" rc /cohorts/yng >/dev/null
t_begin "the chart compares with the all-staff cohort"
if grep -q '全職員 — spring' "$page" && grep -q 'band-mild' "$page"; then t_pass; else t_fail "no comparison"; fi

t_begin "a shared-link round is marked unverified"
"$admin" -c "$MDG_CONF" round open yng --label linked --closes "$closes" --link >/dev/null
OUT="$page" rc /cohorts/yng >/dev/null
assert_contains "$page" "数字は未確認です"

t_begin "an analyst adds a cohort on the review server"
OUT="$page" rc /cohorts >/dev/null
tok=$(csrf_of "$page")
rc /cohorts/add --data-urlencode "csrf=$tok" -d slug=fixed-term \
    --data-urlencode "name_ja=会計年度任用職員" -d "name_en=Fixed-term staff" >/dev/null
assert_eq "$(psql_admin "SELECT name_ja FROM cohorts WHERE slug = 'fixed-term'")" "会計年度任用職員"
t_begin "a bad slug is refused with the form's message"
assert_eq "$(OUT="$page" rc /cohorts/add --data-urlencode "csrf=$tok" -d 'slug=Bad Slug' -d name_ja=a -d name_en=b)" "400"
t_begin "adding and closing are in the audit log"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE action IN ('cohort.add', 'round.close') AND actor = 'hr'")" "2"

t_begin "a counselor cannot see check-in figures"
make_user ci-counselor counselor harassment >/dev/null
new_visitor
login ci-counselor >/dev/null
assert_eq "$(rc /cohorts/yng)" "403"
t_begin "nobody logged in is sent to the login page"
new_visitor
assert_eq "$(rc /cohorts/yng.csv)" "303"
t_begin "the review role cannot read the codes' hashes"
out=$(psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_review" \
    -c "SELECT count(*) FROM checkin_codes" 2>&1)
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
