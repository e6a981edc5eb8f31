#!/usr/bin/env bash
# The nightly purge runs as madoguchi-admin, which cannot read the
# root-only audit key; every purge is audited with it. The unit hands the
# tool a copy as a systemd credential and the tool reads it from there
# (--audit-key). Here: a configuration whose audit_key cannot be read,
# and a copy of the key where the credential would be.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin" out="$MDG_STATE/pk.out" page="$MDG_STATE/pk.html"
unit="$project/deploy/madoguchi-purge.service"
conf="$MDG_STATE/purge-unit.conf" cred="$MDG_STATE/credentials"
sed "s|^audit_key = .*|audit_key = $MDG_STATE/unreadable/audit.key|" "$MDG_CONF" >"$conf"
mkdir -p "$cred" && install -m 0400 "$MDG_STATE/keys/audit.key" "$cred/audit.key"

new_visitor
file_report harassment-self "$page" -F category=power -F "what=purge-key-case" >/dev/null
id=$(psql_admin "SELECT id FROM cases ORDER BY created_at DESC, xmin::text::bigint DESC LIMIT 1")
psql_admin "UPDATE cases SET status = 'closed', closed_at = now() - interval '400 days' WHERE id = '$id'" >/dev/null

t_begin "without a readable audit key the purge does not run (what the unit met)"
"$admin" -c "$conf" purge 365 >"$out" 2>&1
st=$?
if [ $st -ne 0 ] && grep -q "audit_key" "$out" &&
    [ "$(psql_admin "SELECT count(*) FROM cases WHERE id = '$id'")" = 1 ]; then t_pass
else t_fail "exit $st: $(cat "$out")"; fi
t_begin "with the key from the credentials directory the purge runs"
"$admin" -c "$conf" --audit-key "$cred/audit.key" purge 365 >"$out" 2>&1
assert_eq "$? $(psql_admin "SELECT count(*) FROM cases WHERE id = '$id'")" "0 0"
t_begin "the purge is audited, sealed with the right key (audit verify)"
"$admin" -c "$MDG_CONF" audit verify >"$out" 2>&1
st=$?
if [ $st -eq 0 ] && [ "$(psql_admin "SELECT count(*) FROM audit_log WHERE action = 'case.purge' AND case_id = '$id'")" = 1 ]
then t_pass; else t_fail "exit $st: $(head -n 3 "$out")"; fi
t_begin "the purge unit loads the key as a credential and passes it to the tool"
if grep -q '^LoadCredential=audit.key:/var/lib/madoguchi/keys/audit.key$' "$unit" &&
    grep -q '^ExecStart=.* --audit-key %d/audit.key purge ' "$unit" &&
    grep -q '^User=madoguchi-admin$' "$unit"; then t_pass; else t_fail "$(grep -E '^(User|LoadCredential|ExecStart)' "$unit")"; fi
