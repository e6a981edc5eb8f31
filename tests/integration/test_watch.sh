#!/usr/bin/env bash
# Retaliation watch (issue 11): closing a harassment case sets follow-up
# dates; from each date on the queue says "follow-up due" and the
# reporter's case page asks whether anything unfavourable has happened.
# "No" only marks it answered; "yes" and "talk" reopen the case. The
# answer is sealed like any reporter message.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/watch.html"
QUESTION="その後、不利益な扱いや嫌がらせはありませんか"

# Which case a filing made: the id that was not there before.
ids() { psql_admin "SELECT id FROM cases" | LC_ALL=C sort; }
# new_case SLUG NAME [curl -F ...]: files as a new visitor; the case id
# goes to $MDG_STATE/NAME.id, the receipt to NAME.receipt, the jar to NAME.jar.
new_case() {
	local slug=$1 name=$2 before; shift 2
	new_visitor
	before=$(ids)
	file_report "$slug" "$page" "$@" >/dev/null
	receipt_of "$page" >"$MDG_STATE/$name.receipt"
	LC_ALL=C comm -13 <(echo "$before") <(ids) | head -n 1 >"$MDG_STATE/$name.id"
	cp "$JAR" "$MDG_STATE/$name.jar"
}
id_of() { cat "$MDG_STATE/$1.id"; }
col() { psql_admin "SELECT $2 FROM cases WHERE id = '$(id_of "$1")'"; }
watches() {
	psql_admin "SELECT coalesce(string_agg(due::text || CASE WHEN answered THEN '+' ELSE '' END, ',' ORDER BY due), '')
	    FROM case_watch WHERE case_id = '$(id_of "$1")'"
}
# as_reporter NAME: the reporter's browser, with the case opened by receipt
as_reporter() {
	new_visitor
	open_case "$(cat "$MDG_STATE/$1.receipt")" >/dev/null
}
# as_counselor: the counselor's browser, logged in once
as_counselor() { JAR=$WENDY_JAR; }
# close_case NAME [curl args]: the counselor's status form, status closed
close_case() {
	local name=$1 tok; shift
	as_counselor
	OUT="$page" rc "/c/$(id_of "$name")" >/dev/null
	tok=$(csrf_of "$page")
	rc "/c/$(id_of "$name")/status" --data-urlencode "csrf=$tok" \
	    --data-urlencode status=closed --data-urlencode priority=normal \
	    --data-urlencode outcome=resolved "$@"
}
# answer NAME WORD: the reporter answers the follow-up question
answer() {
	local tok
	as_reporter "$1"
	OUT="$page" hc /case >/dev/null
	tok=$(csrf_of "$page")
	hc /case/watch --data-urlencode "csrf=$tok" --data-urlencode "answer=$2"
}
# the first follow-up date of a case moved into the past
first_due_passes() {
	psql_admin "UPDATE case_watch SET due = current_date - 1 WHERE case_id = '$(id_of "$1")'
	    AND due = (SELECT min(due) FROM case_watch WHERE case_id = '$(id_of "$1")')"
}
followups() {
	psql_admin "SELECT count(*) FROM records WHERE kind = 'followup' AND case_id = '$(id_of "$1")'"
}

make_user wendy counselor harassment mental_health >/dev/null
new_visitor
login wendy >/dev/null
WENDY_JAR=$JAR
d1=$(psql_admin "SELECT (current_date + interval '1 month')::date")
d3=$(psql_admin "SELECT (current_date + interval '3 months')::date")

# --- closing sets the dates ------------------------------------------------
new_case harassment-self a -F category=power -F "what=watch-case-a"
t_begin "the close form of a harassment case offers dates one and three months ahead"
as_counselor
OUT="$page" rc "/c/$(id_of a)" >/dev/null
if grep -qF "name=\"watch1\" value=\"$d1\"" "$page" &&
    grep -qF "name=\"watch2\" value=\"$d3\"" "$page"; then t_pass
else t_fail "no default dates $d1 $d3"; fi
t_begin "closing with the form's dates sets them"
close_case a --data-urlencode "watch1=$d1" --data-urlencode "watch2=$d3" >/dev/null
assert_eq "$(watches a)" "$d1,$d3"
t_begin "the closing is audited with its status and its dates"
assert_eq "$(psql_admin "SELECT string_agg(action || ':' || detail, ' ' ORDER BY id) FROM audit_log
    WHERE case_id = '$(id_of a)' AND action IN ('case.watch', 'case.status')")" \
    "case.watch:$d1,$d3 case.status:status=closed priority=normal outcome=resolved"
t_begin "a closed case's page lists its dates, not yet answered"
OUT="$page" rc "/c/$(id_of a)" >/dev/null
if grep -qF "<li>$d1 未回答</li>" "$page" && ! grep -qF 'name="watch1"' "$page"; then
	t_pass; else t_fail "dates not listed"; fi

new_case harassment-other b -F relation=colleague -F person_knows=no \
    -F person_consent_contact=unsure -F person_consent_investigation=no \
    -F category=sexual -F sexual_type=hostile -F "what=watch-case-b"
t_begin "a case on behalf of someone else is filed"
[ -n "$(id_of b)" ] && t_pass || t_fail "not filed"
c1=$(psql_admin "SELECT (current_date + 10)::date")
c2=$(psql_admin "SELECT (current_date + 40)::date")
t_begin "custom dates are kept"
close_case b --data-urlencode "watch1=$c1" --data-urlencode "watch2=$c2" >/dev/null
assert_eq "$(watches b)" "$c1,$c2"
t_begin "a close form without date fields takes one and three months"
new_case harassment-self e -F category=power -F "what=watch-case-e"
close_case e >/dev/null
assert_eq "$(watches e)" "$d1,$d3"
t_begin "a blank date sets none"
new_case harassment-self f -F category=power -F "what=watch-case-f"
close_case f --data-urlencode "watch1=$c1" --data-urlencode "watch2=" >/dev/null
assert_eq "$(watches f)" "$c1"
t_begin "a date in the past is refused, and the case stays open"
new_case harassment-self g -F category=power -F "what=watch-case-g"
st=$(close_case g --data-urlencode "watch1=2020-01-01" --data-urlencode "watch2=$c2")
assert_eq "$st/$(col g status)/$(watches g)" "400/new/"
t_begin "a date that does not exist is refused"
assert_eq "$(close_case g --data-urlencode "watch1=2027-02-30" --data-urlencode "watch2=")" "400"

# --- not yet due: nothing is asked ------------------------------------------
t_begin "a follow-up not yet due is not asked"
as_reporter a
OUT="$page" hc /case >/dev/null
if grep -qF "watch-case-a" "$page" && ! grep -qF "$QUESTION" "$page" &&
    ! grep -qF 'action="/case/watch"' "$page"; then t_pass
else t_fail "question shown or case not open"; fi
t_begin "an answer before the date is not stored"
answer a yes >/dev/null
assert_eq "$(followups a)/$(col a status)/$(watches a)" "0/closed/$d1,$d3"
t_begin "the queue does not say follow-up due before the date"
as_counselor
OUT="$page" rc "/queue?status=closed" >/dev/null
if grep -F "/c/$(id_of a)" -A 2 "$page" | grep -qF "フォローアップ期日"; then
	t_fail "shown early"; else t_pass; fi

# --- due: the queue and the reporter --------------------------------------
first_due_passes a
past=$(psql_admin "SELECT current_date - 1")
t_begin "once the date has come, the queue shows the closed case as follow-up due"
as_counselor
OUT="$page" rc /queue >/dev/null
if grep -F "/c/$(id_of a)" -A 2 "$page" | grep -qF "フォローアップ期日"; then
	t_pass; else t_fail "not marked"; fi
t_begin "the queue says it in English too"
OUT="$page" rc "/lang/en?next=/queue" >/dev/null
OUT="$page" rc /queue >/dev/null
if grep -F "/c/$(id_of a)" -A 2 "$page" | grep -qF "follow-up due"; then
	t_pass; else t_fail "not marked in English"; fi
OUT="$page" rc "/lang/ja?next=/queue" >/dev/null
t_begin "the reporter is asked the question"
as_reporter a
OUT="$page" hc /case >/dev/null
if grep -qF "$QUESTION" "$page" && grep -qF 'value="talk"' "$page"; then
	t_pass; else t_fail "no question"; fi
t_begin "the question is asked in English too"
OUT="$page" hc "/lang/en?next=/case" >/dev/null
OUT="$page" hc /case >/dev/null
if grep -qF "have you been treated unfavourably or harassed?" "$page" &&
    grep -qF "I would like to talk" "$page"; then t_pass; else t_fail "no English question"; fi
cp "$page" "$MDG_STATE/watch-question-en.html"
OUT="$page" hc "/lang/ja?next=/case" >/dev/null

t_begin "an answer that is none of the three is refused"
as_reporter a
OUT="$page" hc /case >/dev/null
tok=$(csrf_of "$page")
assert_eq "$(hc /case/watch --data-urlencode "csrf=$tok" --data-urlencode "answer=maybe")" "400"
t_begin "an answer without the CSRF token is refused"
assert_eq "$(hc /case/watch --data-urlencode "answer=no")" "403"

t_begin "\"no\" marks the follow-up answered"
answer a no >/dev/null
assert_eq "$(watches a)" "$past+,$d3"
t_begin "\"no\" leaves the case closed, its priority as it was"
assert_eq "$(col a status)/$(col a priority)" "closed/normal"
t_begin "\"no\" is a sealed record in the thread"
assert_eq "$(followups a)" "1"
t_begin "after answering, the question is gone and the page thanks"
as_reporter a
OUT="$page" hc "/case?watch=answered" >/dev/null
if ! grep -qF 'action="/case/watch"' "$page" && grep -qF "回答を受け付けました" "$page"; then
	t_pass; else t_fail "still asked"; fi
t_begin "the reporter sees their answer in the thread"
assert_contains "$page" "いいえ、ありません"
t_begin "the queue no longer says follow-up due"
as_counselor
OUT="$page" rc /queue >/dev/null
if grep -F "/c/$(id_of a)" -A 2 "$page" | grep -qF "フォローアップ期日"; then
	t_fail "still due"; else t_pass; fi
t_begin "a second answer to the same follow-up is not stored"
answer a yes >/dev/null
assert_eq "$(followups a)/$(col a status)" "1/closed"

# --- "yes" reopens -----------------------------------------------------------
first_due_passes b
old_ack=$(col b ack_due)
t_begin "\"yes\" is accepted"
assert_eq "$(answer b yes)" "303"
t_begin "\"yes\" reopens the case as urgent"
assert_eq "$(col b status)/$(col b priority)" "reopened/urgent"
t_begin "\"yes\" gives a fresh acknowledgement date, a working day ahead at most a week"
new_ack=$(col b ack_due)
if [ "$new_ack" != "$old_ack" ] && [ "$(psql_admin "SELECT '$new_ack'::date > current_date
    AND '$new_ack'::date <= current_date + 7 AND closed_at IS NULL AND outcome IS NULL
    FROM cases WHERE id = '$(id_of b)'")" = t ]; then t_pass
else t_fail "ack $old_ack -> $new_ack"; fi
t_begin "the reporter is told the case is open again"
as_reporter b
OUT="$page" hc "/case?watch=reopened" >/dev/null
assert_contains "$page" "相談を再開しました"
t_begin "the reopening is audited once the counselor's queue is read"
as_counselor
OUT="$page" rc /queue >/dev/null
assert_eq "$(psql_admin "SELECT actor || ' ' || detail FROM audit_log
    WHERE case_id = '$(id_of b)' AND action = 'case.reopen'")" \
    "reporter follow-up status=reopened priority=urgent"
t_begin "the reopening's audit entry is sealed with the audit key's mac"
assert_eq "$(psql_admin "SELECT length(mac) FROM audit_log
    WHERE case_id = '$(id_of b)' AND action = 'case.reopen'")" "32"
t_begin "the counselor reads the answer in the thread"
OUT="$page" rc "/c/$(id_of b)" >/dev/null
if grep -qF "$QUESTION" "$page" && grep -qF "<strong>はい、あります</strong>" "$page"; then
	t_pass; else t_fail "answer not shown"; fi
t_begin "the reopening is in the case's history, in words"
if grep -qF "reporter 再開 " "$page" && grep -qF '<span class="ev">状況: 再開</span>' "$page"; then
	t_pass; else t_fail "not in words"; fi
t_begin "the answer is not in the clear in a database dump"
dump="$MDG_STATE/watch-dump.sql"
pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin madoguchi >"$dump"
if grep -qF "COPY public.case_watch" "$dump" && ! grep -qF "answer=yes" "$dump" &&
    ! grep -qF "answer=no" "$dump"; then t_pass; else t_fail "found or no dump"; fi
t_begin "the reporter is not asked again while the case is open"
first_due_passes b
as_reporter b
OUT="$page" hc /case >/dev/null
assert_not_contains "$page" 'action="/case/watch"'

# --- "talk" reopens alike ---------------------------------------------------------
first_due_passes f
t_begin "\"I would like to talk\" reopens the case as urgent too (the clear priority does not tell it from \"yes\")"
answer f talk >/dev/null
assert_eq "$(col f status)/$(col f priority)/$(watches f)" "reopened/urgent/$past+"

# --- mental-health cases are not watched ------------------------------------------
new_case wellbeing-self m -F selfharm=no -F "worry=watch-case-m"
t_begin "a mental-health case's close form has no follow-up dates"
as_counselor
OUT="$page" rc "/c/$(id_of m)" >/dev/null
assert_not_contains "$page" 'name="watch1"'
t_begin "a mental-health case closes with no dates, even if some are posted"
close_case m --data-urlencode "watch1=$c1" --data-urlencode "watch2=$c2" >/dev/null
assert_eq "$(col m status)/$(watches m)" "closed/"
t_begin "the intake role cannot read the watch table"
if psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_intake" \
    -c "SELECT count(*) FROM case_watch" >/dev/null 2>&1; then t_fail "it can"; else t_pass; fi

# --- closing a reopened case again ----------------------------------------------
t_begin "closing a reopened case again sets new dates and keeps the answered one"
close_case b --data-urlencode "watch1=$c1" --data-urlencode "watch2=$c2" >/dev/null
close_case f >/dev/null
assert_eq "$(col b status)/$(col b priority)/$(watches b)" "closed/normal/$past+,$c1,$c2"
t_begin "the second closing leaves the reporter unasked until the new date"
as_reporter b
OUT="$page" hc /case >/dev/null
assert_not_contains "$page" 'action="/case/watch"'
