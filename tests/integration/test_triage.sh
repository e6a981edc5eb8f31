#!/usr/bin/env bash
# Triage of a partly answered K6: a blank item never hides high distress.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/triage.html"
# the priority of the case filed last (the suite files one at a time): the
# row written by the newest transaction. Not ctid: once autovacuum has run,
# an insert may fill free space in an earlier page.
last_priority() {
	psql_admin "SELECT priority FROM cases ORDER BY created_at DESC,
	    xmin::text::bigint DESC LIMIT 1"
}

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
