#!/usr/bin/env bash
# The intake role may create cases and reach one case through a receipt's
# lookup hash; it cannot read, change or delete anything else.
. "$(dirname "$0")/lib.sh"

as_intake() {
	psql -X -q -v ON_ERROR_STOP=1 -At \
	    "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_intake" -c "$1" 2>&1
}

for table in cases records case_keys attachments counselors org_keys \
    channel_recipients channels schema_migrations; do
	t_begin "intake role cannot SELECT from $table"
	out=$(as_intake "SELECT * FROM $table LIMIT 1")
	if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
done

for stmt in "UPDATE cases SET status = 'closed'" "DELETE FROM cases" \
    "DELETE FROM records" "UPDATE case_keys SET sealed_key = ''" \
    "TRUNCATE cases" "CREATE TABLE intake_owned (x int)"; do
	t_begin "intake role refused: $stmt"
	out=$(as_intake "$stmt")
	if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
done

t_begin "intake role can look up a case only by a lookup hash"
out=$(as_intake "SELECT count(*) FROM intake_open(decode(repeat('00', 32), 'hex'))")
assert_eq "$out" "0"

t_begin "intake role cannot list cases through its functions without a hash"
out=$(as_intake "SELECT count(*) FROM intake_thread(NULL)")
assert_eq "$out" "0"

t_begin "review role cannot call the intake functions"
out=$(psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_review" \
    -c "SELECT * FROM intake_open(decode(repeat('00', 32), 'hex'))" 2>&1)
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
