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

# The owner's rewrite: delete an entry, renumber the later ones so the ids
# still run without a gap, recompute every hash after it. The SHA-256
# chain alone is whole again; only the keyed macs can tell.
rechain() {	# recomputes prev_hash and hash of every entry, in id order
	psql_admin "DO \$\$
	DECLARE r audit_log; prev bytea;
	BEGIN
		FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
			r.prev_hash := coalesce(prev, '\\x'::bytea);
			r.hash := sha256(r.prev_hash || audit_canonical(r));
			UPDATE audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
			prev := r.hash;
		END LOOP;
	END \$\$" >/dev/null
}
psql_admin "CREATE TABLE audit_save AS SELECT * FROM audit_log" >/dev/null
mid=$(psql_admin "SELECT id FROM audit_log ORDER BY id OFFSET 1 LIMIT 1")
psql_admin "DELETE FROM audit_log WHERE id = $mid;
    UPDATE audit_log SET id = -id WHERE id > $mid;
    UPDATE audit_log SET id = -id - 1 WHERE id < 0" >/dev/null
rechain
t_begin "the owner deletes an entry, renumbers and recomputes the chain: audit verify catches it"
"$admin" -c "$MDG_CONF" audit verify >"$MDG_STATE/verify.out"
[ $? -eq 1 ] && grep -q "BROKEN at entry $mid" "$MDG_STATE/verify.out" && t_pass || t_fail "$(cat "$MDG_STATE/verify.out")"
restore_log() {
	psql_admin "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_save" >/dev/null
}
restore_log

# Even someone who also had the audit key cannot hide a missing id.
key=$(od -An -tx1 "$MDG_STATE/keys/audit.key" | tr -d ' \n')
psql_admin "DELETE FROM audit_log WHERE id = $mid" >/dev/null
rechain
psql_admin "SELECT id || ' ' || encode(hash, 'hex') FROM audit_log ORDER BY id" |
while read -r id h; do
	m=$(printf '%b' "$(echo "$h" | sed 's/../\\x&/g')" |
	    openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" | awk '{print $NF}')
	psql_admin "UPDATE audit_log SET mac = '\\x$m' WHERE id = $id" >/dev/null
done
t_begin "a chain and macs recomputed with the key still show the missing id"
"$admin" -c "$MDG_CONF" audit verify >"$MDG_STATE/verify.out"
[ $? -eq 1 ] && grep -q "BROKEN at entry $mid" "$MDG_STATE/verify.out" && t_pass || t_fail "$(cat "$MDG_STATE/verify.out")"
restore_log
psql_admin "DROP TABLE audit_save" >/dev/null

t_begin "every entry is sealed with a mac"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE mac IS NULL")" "0"
t_begin "audit verify passes again and prints the head to note"
"$admin" -c "$MDG_CONF" audit verify >"$MDG_STATE/verify.out"
[ $? -eq 0 ] && grep -q "^head: entry $(psql_admin "SELECT max(id) FROM audit_log") mac [0-9a-f]\{64\}" \
    "$MDG_STATE/verify.out" && t_pass || t_fail "$(cat "$MDG_STATE/verify.out")"
t_begin "the audit key is not in the database"
k=$(od -An -tx1 "$MDG_STATE/keys/audit.key" | tr -d ' \n')
if [ ${#k} -ne 64 ] || pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin madoguchi 2>/dev/null | grep -qi "$k"; then
	t_fail "in the dump, or no key file"; else t_pass; fi
t_begin "the review role cannot reseal an entry that has a mac"
assert_eq "$(as_review "SELECT audit_seal(1, '\\x$(printf '%064d' 0)'::bytea)")" "f"
