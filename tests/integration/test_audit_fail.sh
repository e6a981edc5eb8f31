#!/usr/bin/env bash
# When the audit entry cannot be written, nothing happens: no decrypted
# page, file or export leaves the server, and no change to a case stays.
# The review role loses the right to append to the audit log for a while
# (a revoked grant), then gets it back.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/af.html" secret_file="$MDG_STATE/af-proof.txt"

make_user af_on counselor harassment >/dev/null
make_user af_other counselor harassment >/dev/null
echo "audit-fail-file-content" >"$secret_file"
new_visitor
file_report harassment-self "$page" -F category=power -F "what=audit-fail-secret-text" \
    -F "files=@$secret_file;filename=proof.txt" >/dev/null
id=$(psql_admin "SELECT c.id FROM cases c JOIN case_keys k ON k.case_id = c.id JOIN counselors u ON u.id = k.counselor_id WHERE u.username = 'af_on' ORDER BY c.created_at DESC LIMIT 1")
att=$(psql_admin "SELECT id FROM attachments WHERE case_id = '$id' LIMIT 1")
new_visitor
login af_on >/dev/null
ON_JAR=$JAR

revoke() { psql_admin "REVOKE EXECUTE ON FUNCTION audit_append(text, text, text, text) FROM madoguchi_review" >/dev/null; }
restore() { psql_admin "GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text) TO madoguchi_review" >/dev/null; }
trap restore EXIT

# post VERB [curl args]: a form on the case page, as the counselor
post() {
	local verb=$1 tok; shift
	OUT="$page" rc /queue >/dev/null
	tok=$(grep -o 'name="csrf" value="[^"]*"' "$page" | head -n 1 | sed 's/.*value="//; s/"$//')
	OUT="$page" rc "/c/$id/$verb" --data-urlencode "csrf=$tok" "$@"
}
state() {
	psql_admin "SELECT c.status || c.priority || (SELECT count(*) FROM records WHERE case_id = c.id) || '/' || (SELECT count(*) FROM notes WHERE case_id = c.id) || '/' || (SELECT count(*) FROM note_keys WHERE case_id = c.id) || '/' || (SELECT count(*) FROM case_keys WHERE case_id = c.id) || '/' || array_to_string(c.labels, ',') FROM cases c WHERE c.id = '$id'"
}

t_begin "with the audit log writable, the case opens decrypted"
JAR=$ON_JAR
assert_eq "$(OUT="$page" rc "/c/$id")" "200"
t_begin "with the audit log writable, the page shows the report"
assert_contains "$page" "audit-fail-secret-text"

before=$(state)
entries=$(psql_admin "SELECT count(*) FROM audit_log WHERE case_id = '$id'")
revoke

t_begin "audit write fails: the case page is an error"
assert_eq "$(OUT="$page" rc "/c/$id")" "503"
t_begin "audit write fails: the case page shows nothing decrypted"
assert_not_contains "$page" "audit-fail-secret-text"
t_begin "audit write fails: a file download is an error"
assert_eq "$(OUT="$page" rc "/c/$id/file/$att")" "503"
t_begin "audit write fails: the file's content is not sent"
assert_not_contains "$page" "audit-fail-file-content"
t_begin "audit write fails: the export is an error"
assert_eq "$(OUT="$page" rc "/c/$id/export")" "503"
t_begin "audit write fails: no archive is sent"
if [ "$(head -c 2 "$page")" = "PK" ]; then t_fail "a zip came back"; else t_pass; fi
t_begin "audit write fails: a status change is an error"
assert_eq "$(post status --data-urlencode status=closed --data-urlencode priority=urgent \
    --data-urlencode outcome=resolved --data-urlencode label=follow_up)" "503"
t_begin "audit write fails: a note is an error"
assert_eq "$(post note --data-urlencode "note=af-note")" "503"
t_begin "audit write fails: a reply is an error"
assert_eq "$(post reply --data-urlencode "message=af-reply")" "503"
t_begin "audit write fails: a grant is an error"
assert_eq "$(post grant --data-urlencode username=af_other)" "503"
t_begin "audit write fails: status, priority, labels, records, notes and keys are unchanged"
assert_eq "$(state)" "$before"
t_begin "audit write fails: a login is refused without a session"
new_visitor
assert_eq "$(login af_other)" "503"
t_begin "audit write fails: no audit entry was added for the case"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE case_id = '$id'")" "$entries"

restore
t_begin "audit log writable again: the case opens"
JAR=$ON_JAR
assert_eq "$(OUT="$page" rc "/c/$id")" "200"
t_begin "audit log writable again: the report is shown"
assert_contains "$page" "audit-fail-secret-text"
t_begin "audit log writable again: a status change goes through with its entry"
post status --data-urlencode status=in_progress --data-urlencode priority=high >/dev/null
assert_eq "$(psql_admin "SELECT c.status || ' ' || (SELECT count(*) FROM audit_log WHERE case_id = c.id AND action = 'case.status') FROM cases c WHERE id = '$id'")" "in_progress 1"
