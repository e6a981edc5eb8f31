#!/usr/bin/env bash
# Issue 12, "every screen says what happens next": the receipt keeps its
# code on a phone's first screen (short crisis line above, full list
# below) and prints without a script; the landing page starts with the
# way to the crisis lines and warns about work devices before the choices.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/next.html" hdr="$MDG_STATE/next.hdr"
# line number of the first match of $2 in file $1 (0: none)
line_of() { grep -n -m1 -F -- "$2" "$1" | cut -d: -f1 | grep . || echo 0; }

new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=next-steps" >/dev/null
r=$(receipt_of "$page")
t_begin "a receipt with crisis lines shows the short crisis line above the code"
a=$(line_of "$page" 'class="crisis-line"') b=$(line_of "$page" 'id="receipt"')
[ "$a" -gt 0 ] && [ "$a" -lt "$b" ] && t_pass || t_fail "line $a vs receipt $b"
t_begin "and the full crisis block below the code"
c=$(line_of "$page" 'class="crisis"')
[ "$c" -gt "$b" ] && t_pass || t_fail "crisis block at line $c, receipt at $b"
t_begin "the receipt page keeps the \"I have written it down\" step"
assert_contains "$page" 'id="written"'
t_begin "the receipt page links to a page to print"
href=$(grep -o 'id="print" href="[^"]*"' "$page" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
[[ $href == /receipt/print\?t=* ]] && t_pass || t_fail "href '$href'"
t_begin "the print page shows the same code and the address to come back to"
st=$(OUT="$page.print" hc "$href")
[ "$st" = 200 ] && [ "$(receipt_of "$page.print")" = "$r" ] &&
    grep -q "id=\"followup-url\"[^>]*>https://localhost:[0-9]*/followup<" "$page.print" &&
    t_pass || t_fail "status $st"
t_begin "the print page warns about shared printers"
assert_contains "$page.print" 'class="no-print print-how"'
saved=$JAR; new_visitor
t_begin "another browser gets no print page for the same link"
st=$(OUT="$page.other" hc "$href")
[ "$st" = 404 ] && ! grep -q 'id="receipt"' "$page.other" && t_pass || t_fail "status $st"
JAR=$saved
t_begin "after \"I have written it down\" the print page shows no code"
hc /receipt/done --data-urlencode "csrf=$(csrf_of "$page")" \
    --data-urlencode "form_token=$(form_token_of "$page")" >/dev/null
st=$(OUT="$page.print" hc "$href")
[ "$st" = 410 ] && ! grep -q 'id="receipt"' "$page.print" && t_pass || t_fail "status $st"

t_begin "a receipt without crisis lines has no crisis line"
new_visitor
file_report harassment-self "$page" -F category=power -F "what=next-steps" >/dev/null
assert_not_contains "$page" 'class="crisis-line"'

for lang in ja en; do
	new_visitor
	t_begin "landing ($lang): the first thing in main is the way to the crisis lines"
	OUT="$page" hc / -b "__Host-mdg_lang=$lang" >/dev/null
	first=$(sed -n '/<main/,$p' "$page" | grep -v '^$' | sed -n 2p)
	[[ $first == '<p class="danger-line"><a href="#crisis-h">'* ]] &&
	    grep -q 'id="crisis-h"' "$page" && t_pass || t_fail "first: $first"
	t_begin "landing ($lang): the work-device warning comes before the four choices"
	w=$(line_of "$page" 'id="device-warn"') c=$(line_of "$page" 'class="cards"')
	[ "$w" -gt 0 ] && [ "$w" -lt "$c" ] && t_pass || t_fail "warning $w cards $c"
done

# --- the reporter's case page ---------------------------------------------
# a counselor of the channel before the case comes in (it is sealed to them)
new_visitor
make_user nextsteps$$ counselor harassment >/dev/null
new_visitor
login nextsteps$$ >/dev/null
counselor=$JAR
new_visitor
# the case filed here: the one id that was not there before (the order of
# rows says nothing once earlier tests have updated theirs)
before=$(psql_admin "SELECT coalesce(string_agg(id, ','), '') FROM cases")
file_report harassment-self "$page" -F category=power -F "what=case-next-steps" >/dev/null
r=$(receipt_of "$page")
cid=$(psql_admin "SELECT id FROM cases WHERE NOT (id = ANY (string_to_array('$before', ',')))")
psql_admin "UPDATE cases SET ack_due = '2031-01-07', response_due = '2031-02-04', feedback_due = '2031-03-31' WHERE id = '$cid'" >/dev/null
open_case "$r" >/dev/null
OUT="$page" hc /case >/dev/null
t_begin "the case page says what happens next, with the case's three dates and weekdays"
grep -q 'datetime="2031-01-07">2031-01-07（火）<' "$page" &&
    grep -q 'datetime="2031-02-04">2031-02-04（火）<' "$page" &&
    grep -q 'datetime="2031-03-31">2031-03-31（月）<' "$page" && t_pass || t_fail "dates missing"
t_begin "a new case has no step done yet"
assert_not_contains "$page" 'class="step done"'
psql_admin "UPDATE cases SET status = 'in_progress', ack_due = '2020-01-06' WHERE id = '$cid'" >/dev/null
OUT="$page" hc /case -b "__Host-mdg_lang=en" >/dev/null
t_begin "a case in progress shows the first two steps done (English)"
[ "$(grep -c 'class="step done"' "$page")" = 2 ] && grep -q '(Mon)' "$page" && t_pass || t_fail "$(grep -c 'class="step done"' "$page") done"
t_begin "a date passed on a step that is done is not called late"
assert_not_contains "$page" 'class="state late"'
psql_admin "UPDATE cases SET status = 'new' WHERE id = '$cid'" >/dev/null
OUT="$page" hc /case >/dev/null
t_begin "a date passed on a step not done is said to be late, with an apology"
grep -q 'class="state late"' "$page" && grep -q '申し訳ありません' "$page" && t_pass || t_fail "not late"

t_begin "the case page has no new-answer marker before any answer"
assert_not_contains "$page" 'class="new-tag"'
# a counselor answers (through the review server, sealed like every reply)
saved=$JAR JAR=$counselor
OUT="$page.r" rc "/c/$cid" >/dev/null
st=$(rc "/c/$cid/reply" --data-urlencode "csrf=$(csrf_of "$page.r")" --data-urlencode "message=next-steps-answer")
t_begin "(setup) the counselor's answer is sent"
assert_eq "$st" "303"
JAR=$saved
t_begin "within the visit that was open, the answer is marked new"
OUT="$page" hc /case >/dev/null
grep -q 'class="new-tag"' "$page" && grep -q 'id="first-new"' "$page" && t_pass || t_fail "not marked"
t_begin "the next visit with the receipt still marks it new"
new_visitor; open_case "$r" >/dev/null; OUT="$page" hc /case >/dev/null
grep -q 'href="#first-new"' "$page" && grep -A2 'id="first-new"' "$page" | grep -q next-steps-answer && t_pass || t_fail "not marked"
t_begin "a reload in the same visit keeps the mark"
OUT="$page" hc /case >/dev/null; assert_contains "$page" 'class="new-tag"'
t_begin "the visit after that no longer marks it"
new_visitor; open_case "$r" >/dev/null; OUT="$page" hc /case >/dev/null
grep -q next-steps-answer "$page" && ! grep -q 'class="new-tag"' "$page" && t_pass || t_fail "still new"
t_begin "the mark is a record number, and a visit leaves updated_at alone"
assert_eq "$(psql_admin "SELECT v.seen, c.updated_at = date_trunc('hour', c.updated_at) FROM reporter_visits v JOIN cases c ON c.id = v.case_id WHERE c.id = '$cid'")" "2|t"
for role in review intake notify; do
	t_begin "the $role role cannot read the visit marks"
	out=$(psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_$role" -c "SELECT * FROM reporter_visits" 2>&1)
	[[ $out == *"permission denied"* ]] && t_pass || t_fail "got: $out"
done

t_begin "an answer counts as the first answer even while the status says new"
psql_admin "UPDATE cases SET status = 'new' WHERE id = '$cid'" >/dev/null
OUT="$page" hc /case >/dev/null
assert_eq "$(grep -c 'class="step done"' "$page")" "2"

# --- saying who you are ------------------------------------------------------
tok=$(csrf_of "$page")
n0=$(psql_admin "SELECT count(*) FROM records WHERE case_id = '$cid'")
t_begin "saying who you are first shows what will be sent and that it cannot be undone"
st=$(OUT="$page" hc /case/identity --data-urlencode "csrf=$tok" --data-urlencode "name=確認 <b>name</b>" --data-urlencode "contact=")
[ "$st" = 200 ] && grep -q 'id="identity-confirm"' "$page" && grep -q '取り消したり消したりすることはできません' "$page" &&
    grep -q '確認 &lt;b&gt;name&lt;/b&gt;' "$page" && t_pass || t_fail "status $st"
t_begin "that step sends nothing"
assert_eq "$(psql_admin "SELECT count(*) FROM records WHERE case_id = '$cid'")" "$n0"
t_begin "it has a way back without sending"
assert_contains "$page" 'id="identity-back" href="/case"'
t_begin "confirming sends the identity once"
st=$(hc /case/identity --data-urlencode "csrf=$(csrf_of "$page")" --data-urlencode "name=確認 <b>name</b>" \
    --data-urlencode "contact=" --data-urlencode confirm=yes)
[ "$st" = 303 ] && [ "$(psql_admin "SELECT count(*) FROM records WHERE case_id = '$cid' AND kind = 'identity'")" = 1 ] &&
    t_pass || t_fail "status $st"

# --- long forms in parts ---------------------------------------------------
for slug in harassment-self harassment-other; do
	new_visitor
	OUT="$page" hc "/report/$slug" >/dev/null
	n=$(grep -c '<h2 class="group"' "$page")
	t_begin "$slug: the form lists its $n parts at the top, each linking to its heading"
	links=$(sed -n '/<nav class="parts"/,/<\/nav>/p' "$page" | grep -o 'href="#h-[a-z_]*"' | sed 's/href="#//; s/"$//')
	ok=1
	for id in $links; do grep -q "<h2 class=\"group\" id=\"$id\">" "$page" || ok=0; done
	[ "$(echo "$links" | wc -w)" = "$n" ] && [ "$n" -ge 5 ] && [ $ok = 1 ] && t_pass || t_fail "$(echo "$links" | wc -w) links for $n parts"
	t_begin "$slug: each part says where it stands (1 / $n ... $n / $n)"
	grep -q ">項目 1 / $n <" "$page" && grep -q ">項目 $n / $n <" "$page" &&
	    [ "$(grep -c 'class="part"' "$page")" = "$n" ] && t_pass || t_fail "progress lines missing"
done
t_begin "a short form is not split into parts"
OUT="$page" hc /report/wellbeing-other >/dev/null
! grep -q 'class="parts"' "$page" && ! grep -q 'class="part"' "$page" && t_pass || t_fail "parts shown"
t_begin "the progress line is in English too"
OUT="$page" hc /report/harassment-self -b "__Host-mdg_lang=en" >/dev/null
assert_contains "$page" '>Part 1 / 7 <'
