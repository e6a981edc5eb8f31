#!/usr/bin/env bash
# Triage of a partly answered K6: a blank item never hides high distress.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/triage.html"
# Which case a filing made: the id that was not there before (the row
# order of the table says nothing once other tests deleted rows).
ids() { psql_admin "SELECT id FROM cases" | LC_ALL=C sort; }
eval "lib_$(declare -f file_report)"
file_report() {
	local before
	before=$(ids)
	lib_file_report "$@"
	LC_ALL=C comm -13 <(echo "$before") <(ids) | head -n 1 >"$MDG_STATE/triage.newid"
}
col() { psql_admin "SELECT $1 FROM cases WHERE id = '$(cat "$MDG_STATE/triage.newid")'"; }
last_priority() { col priority; }

t_begin "five K6 answers at 4 and one blank: the form is accepted"
new_visitor
st=$(file_report wellbeing-self "$page" -F k6_1=4 -F k6_2=4 -F k6_3=4 -F k6_4=4 \
    -F k6_5=4 -F selfharm=no -F "worry=test-k6-one-blank")
assert_eq "$st" "200"
t_begin "one blank K6 item: the case is urgent"
assert_eq "$(last_priority)" "urgent"
t_begin "one blank K6 item: crisis lines are shown"
assert_contains "$page" 'href="tel:0120279338"'
t_begin "one blank K6 item: the prorated score is shown (20 x 6/5)"
assert_contains "$page" "<strong>24</strong> / 24"
t_begin "one blank K6 item: the score is marked as estimated"
assert_contains "$page" "推定"

t_begin "two blank K6 items totalling 13: urgent"
new_visitor
file_report wellbeing-self "$page" -F k6_1=4 -F k6_2=4 -F k6_3=4 -F k6_4=1 \
    -F selfharm=no -F "worry=test-k6-two-blank" >/dev/null
assert_eq "$(last_priority)" "urgent"
t_begin "two blank K6 items totalling 13: crisis lines, no band"
if grep -qF 'href="tel:0332644343"' "$page" && ! grep -qF '/ 24' "$page"; then
	t_pass; else t_fail "crisis lines missing or a score shown"; fi

t_begin "two blank K6 items, one at 4: crisis lines but not urgent"
new_visitor
file_report wellbeing-self "$page" -F k6_1=4 -F k6_2=1 -F selfharm=no \
    -F "worry=test-k6-one-four" >/dev/null
if grep -qF 'class="crisis"' "$page" && [ "$(last_priority)" = normal ]; then
	t_pass; else t_fail "priority $(last_priority)"; fi

t_begin "K6 all blank and no self-harm: no crisis block, normal priority"
new_visitor
file_report wellbeing-self "$page" -F selfharm=no -F "worry=test-k6-blank" >/dev/null
if ! grep -qF 'class="crisis"' "$page" && [ "$(last_priority)" = normal ]; then
	t_pass; else t_fail "priority $(last_priority)"; fi

# --- deadlines in working days --------------------------------------------
holidays="$(dirname "$0")/../../templates/data/holidays-jp.txt"
# a date the ward works: a weekday, not in the table, not 12/29-1/3
is_workday() {
	local d=$1 md=${1:5:5}
	[ "$(date -d "$d" +%u)" -lt 6 ] && ! grep -q "^$d " "$holidays" &&
	    [[ ! $md =~ ^(12-29|12-30|12-31|01-01|01-02|01-03)$ ]]
}
# working days from today in Japan (exclusive) to $1 (inclusive)
workdays_until() {
	local d n=0 end=$1
	d=$(TZ=Asia/Tokyo date +%F)
	while [ "$d" \< "$end" ]; do
		d=$(date -d "$d + 1 day" +%F)
		is_workday "$d" && n=$((n + 1))
	done
	echo "$n"
}

# the counselor who reads the queue below exists before the cases are
# filed: a case is sealed to its channel's counselors of that moment
make_user tina counselor harassment mental_health >/dev/null

t_begin "an urgent case without a contact: the receipt says nobody can call"
new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=test-urgent-nocontact" >/dev/null
assert_contains "$page" "連絡先が書かれていないため"
urgent_ack=$(col ack_due)
urgent_id=$(col id)
t_begin "an urgent case is due for acknowledgement in one working day"
assert_eq "$(workdays_until "$urgent_ack")" "1"
t_begin "its acknowledgement date is a working day"
is_workday "$urgent_ack" && t_pass || t_fail "$urgent_ack"

t_begin "an urgent case with a contact: the receipt says not to wait"
new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=test-urgent-contact" \
    -F "contact_how=test-mail" >/dev/null
if grep -qF "待たずに" "$page" && ! grep -qF "連絡先が書かれていないため" "$page"; then
	t_pass; else t_fail "wrong contact text"; fi

t_begin "a normal case is due in five working days, the others counted too"
new_visitor
file_report harassment-self "$page" -F category=power -F "what=test-normal-due" >/dev/null
if [ "$(workdays_until "$(col ack_due)")" = 5 ] &&
    [ "$(workdays_until "$(col response_due)")" = 20 ] &&
    [ "$(workdays_until "$(col feedback_due)")" = 55 ]; then t_pass
else t_fail "ack $(col ack_due) response $(col response_due) feedback $(col feedback_due)"; fi
t_begin "a normal receipt makes no urgent promise"
assert_not_contains "$page" "緊急として扱います"

t_begin "the queue shows the urgent case's acknowledgement date"
new_visitor
login tina >/dev/null
TINA_JAR=$JAR
OUT="$page" rc "/queue?priority=urgent&status=new" >/dev/null
if grep -F "/c/$urgent_id" -A 3 "$page" | grep -qF "$urgent_ack <span class=\"hint\">受付確認"; then
	t_pass; else t_fail "no $urgent_ack for $urgent_id"; fi

t_begin "the record-consent answer is shown on the case page"
new_visitor
file_report harassment-self "$page" -F category=power -F consent_record=no \
    -F "what=test-consent-case" >/dev/null
consent_id=$(col id)
JAR=$TINA_JAR
OUT="$page" rc "/c/$consent_id" >/dev/null
if grep -qF "区の正式な記録への同意" "$page" && grep -qF "<dd>同意なし</dd>" "$page"; then
	t_pass; else t_fail "not shown"; fi
t_begin "the case page says the report came from the person themself"
assert_contains "$page" "ハラスメント（本人から）"
