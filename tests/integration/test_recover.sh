#!/usr/bin/env bash
# Access to older cases: a counselor added later cannot read them until a
# counselor with access grants it, or the recovery phrase does; closed
# cases are crypto-shredded by purge. All audited.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/rec.html"
admin="$MDG_BUILD/madoguchi-admin"
phrase=$(sed -n '/recovery phrase/{n;p}' "$MDG_STATE/init.log" | tr -d ' ')

new_visitor
file_report harassment-self "$page" -F category=unsure -F "what=recover-me-text" >/dev/null
id=$(psql_admin "SELECT id FROM cases WHERE category = 'unsure' ORDER BY created_at DESC, xmin::text::bigint DESC LIMIT 1")
make_user late counselor harassment >/dev/null
make_user late2 counselor harassment >/dev/null
make_user late3 counselor mental_health >/dev/null
new_visitor; login late >/dev/null; late_jar=$JAR
new_visitor; login late2 >/dev/null; late2_jar=$JAR

JAR=$late_jar
t_begin "a counselor added later cannot read an older case"
assert_eq "$(rc "/c/$id")" "403"
t_begin "recover refuses a wrong phrase"
echo "AAAAA-BBBBB" | "$admin" -c "$MDG_CONF" recover late >/dev/null 2>&1
assert_eq "$?" "1"
t_begin "recover with the phrase grants access"
echo "$phrase" | "$admin" -c "$MDG_CONF" recover late >"$MDG_STATE/rec.out" 2>&1
[ $? -eq 0 ] && grep -q "recovered access" "$MDG_STATE/rec.out" && t_pass || t_fail "$(cat "$MDG_STATE/rec.out")"
t_begin "after recovery the case opens"
OUT="$page" rc "/c/$id" >/dev/null
assert_contains "$page" "recover-me-text"
t_begin "recovery is audited"
assert_eq "$(psql_admin "SELECT count(*) > 0 FROM audit_log WHERE action = 'case.recover' AND case_id = '$id'")" "t"

tok=$(csrf_of "$page")
t_begin "a counselor of another channel cannot be granted the case"
assert_eq "$(rc "/c/$id/grant" --data-urlencode "csrf=$tok" --data-urlencode username=late3)" "400"
t_begin "a counselor with access grants it to a colleague of the channel"
assert_eq "$(rc "/c/$id/grant" --data-urlencode "csrf=$tok" --data-urlencode username=late2)" "303"
t_begin "the colleague can now read the case"
JAR=$late2_jar
OUT="$page" rc "/c/$id" >/dev/null
assert_contains "$page" "recover-me-text"
t_begin "the grant is audited"
assert_eq "$(psql_admin "SELECT detail FROM audit_log WHERE action = 'case.grant' AND case_id = '$id'")" "late2"

t_begin "purge refuses a bad number of days"
"$admin" -c "$MDG_CONF" purge abc >/dev/null 2>&1
assert_eq "$?" "2"
psql_admin "UPDATE cases SET status = 'closed', closed_at = now() - interval '400 days' WHERE id = '$id'" >/dev/null
t_begin "purge removes a case closed longer ago than the retention period"
"$admin" -c "$MDG_CONF" purge 365 >"$MDG_STATE/purge.out"
grep -q "purged 1 " "$MDG_STATE/purge.out" && t_pass || t_fail "$(cat "$MDG_STATE/purge.out")"
t_begin "nothing of the purged case is left: keys, records, files"
assert_eq "$(psql_admin "SELECT (SELECT count(*) FROM cases WHERE id = '$id') + (SELECT count(*) FROM case_keys WHERE case_id = '$id') + (SELECT count(*) FROM records WHERE case_id = '$id')")" "0"
t_begin "the purge is audited"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE action = 'case.purge' AND case_id = '$id'")" "1"
t_begin "open cases are kept"
assert_eq "$(psql_admin "SELECT count(*) > 0 FROM cases")" "t"
t_begin "the purged case no longer opens"
assert_eq "$(rc "/c/$id")" "403"
