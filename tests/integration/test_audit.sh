#!/usr/bin/env bash
# The audit log is append-only for the application and its hash chain
# shows any edit or deletion made behind its back by a superuser.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin"
as_review() {
	psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_review" -c "$1" 2>&1
}

# make sure there are a few entries
"$admin" -c "$MDG_CONF" user invite audit_probe analyst >/dev/null
"$admin" -c "$MDG_CONF" user invite audit_probe2 analyst >/dev/null
"$admin" -c "$MDG_CONF" user invite audit_probe3 analyst >/dev/null

t_begin "audit verify passes on an untouched log"
"$admin" -c "$MDG_CONF" audit verify >/dev/null
assert_eq "$?" "0"
for stmt in "UPDATE audit_log SET detail = 'x'" "DELETE FROM audit_log" \
    "TRUNCATE audit_log" "INSERT INTO audit_log (actor, action, prev_hash, hash) VALUES ('a', 'b', '', '')"; do
	t_begin "the review role is refused: $stmt"
	out=$(as_review "$stmt")
	if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
done
t_begin "the review role cannot delete cases"
out=$(as_review "DELETE FROM cases")
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
t_begin "the review role cannot read the intake functions or write records directly"
out=$(as_review "INSERT INTO records (id, case_id, seq, kind, author, body) VALUES ('x', 'y', 1, 'message', 'counselor', '')")
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
t_begin "the intake role cannot read the audit log, notes or note keys"
out=$(psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_intake" \
    -c "SELECT 1 FROM audit_log UNION ALL SELECT 1 FROM notes UNION ALL SELECT 1 FROM note_keys" 2>&1)
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi

mid=$(psql_admin "SELECT id FROM audit_log ORDER BY id OFFSET 1 LIMIT 1")
old=$(psql_admin "SELECT detail FROM audit_log WHERE id = $mid")
t_begin "audit verify fails after a superuser edits an entry"
psql_admin "UPDATE audit_log SET detail = 'forged' WHERE id = $mid" >/dev/null
"$admin" -c "$MDG_CONF" audit verify >"$MDG_STATE/verify.out"
[ $? -eq 1 ] && grep -q "BROKEN at entry $mid" "$MDG_STATE/verify.out" && t_pass || t_fail "$(cat "$MDG_STATE/verify.out")"
t_begin "and passes again once the entry is put back"
psql_admin "UPDATE audit_log SET detail = '$old' WHERE id = $mid" >/dev/null
"$admin" -c "$MDG_CONF" audit verify >/dev/null
assert_eq "$?" "0"
t_begin "audit verify fails after a superuser deletes an entry"
psql_admin "CREATE TABLE audit_keep AS SELECT * FROM audit_log WHERE id = $mid; DELETE FROM audit_log WHERE id = $mid" >/dev/null
"$admin" -c "$MDG_CONF" audit verify >/dev/null
assert_eq "$?" "1"
t_begin "and passes again once it is restored"
psql_admin "INSERT INTO audit_log SELECT * FROM audit_keep; DROP TABLE audit_keep" >/dev/null
"$admin" -c "$MDG_CONF" audit verify >/dev/null
assert_eq "$?" "0"
t_begin "the audit log names no report content"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE detail LIKE '%secret%' OR detail LIKE '%text%'")" "0"
