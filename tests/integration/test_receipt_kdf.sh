#!/usr/bin/env bash
# Receipt key derivation per case: new cases use BLAKE2b and store no
# Argon2id parameters; a case filed while the server used Argon2id (as every
# case before migration 011 did) keeps opening with its stored parameters
# after the default changed; unknown receipts are still refused.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/kdf.html"
m=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
kdf_of() {	# kdf,ops,mem as stored for case $1
	psql_admin "SELECT reporter_kdf || ',' || coalesce(reporter_ops::text, '') ||
	    ',' || coalesce(reporter_mem::text, '') FROM cases WHERE id = '$1'"
}
all_ids() { psql_admin "SELECT string_agg(id, ' ') FROM cases"; }
# the one case whose id is not in the space-separated list $1
case_of() { psql_admin "SELECT id FROM cases WHERE NOT id = ANY (string_to_array('$1', ' '))"; }

# an old-parameter case: the server as it was, Argon2id INTERACTIVE
ids0=$(all_ids)
intake_stop
echo "receipt_kdf = argon2id" >>"$MDG_CONF"
intake_start >/dev/null
new_visitor
t_begin "a case is filed while the server derives with Argon2id"
assert_eq "$(file_report harassment-self "$page" -F category=power -F "what=OLDKDF$m")" "200"
old=$(receipt_of "$page")
old_id=$(case_of "$ids0")
t_begin "that case stores argon2id with its parameters"
assert_eq "$(kdf_of "$old_id")" "argon2id,2,67108864"

# the server as it is now: the default
sed -i '/^receipt_kdf = /d' "$MDG_CONF"
intake_stop
intake_start >/dev/null
ids1=$(all_ids)
new_visitor
t_begin "a new case is filed with the default derivation"
assert_eq "$(file_report harassment-self "$page" -F category=power -F "what=NEWKDF$m")" "200"
new=$(receipt_of "$page")
new_id=$(case_of "$ids1")
t_begin "the new case stores blake2b and no Argon2id parameters"
assert_eq "$(kdf_of "$new_id")" "blake2b,,"

t_begin "the old case still opens with its receipt"
new_visitor
assert_eq "$(open_case "$old")" "303"
t_begin "and shows its report"
OUT="$page" hc /case >/dev/null
assert_contains "$page" "OLDKDF$m"
t_begin "the new case opens with its receipt"
new_visitor
assert_eq "$(open_case "$new")" "303"
t_begin "and shows its report, not the old one"
OUT="$page" hc /case >/dev/null
if grep -q "NEWKDF$m" "$page" && ! grep -q "OLDKDF$m" "$page"; then t_pass; else t_fail "wrong case"; fi
t_begin "an unknown receipt is still refused"
new_visitor
assert_eq "$(open_case "$(fake_receipt)")" "404"

t_begin "the table refuses a blake2b case with Argon2id parameters"
out=$(psql_admin "UPDATE cases SET reporter_ops = 2, reporter_mem = 67108864
    WHERE id = '$new_id'" 2>&1)
case "$out" in *cases_reporter_kdf_params*) t_pass ;; *) t_fail "$out" ;; esac
t_begin "the table refuses an argon2id case without parameters"
out=$(psql_admin "UPDATE cases SET reporter_ops = NULL WHERE id = '$old_id'" 2>&1)
case "$out" in *cases_reporter_kdf_params*) t_pass ;; *) t_fail "$out" ;; esac
t_begin "the table refuses an unknown kdf name"
out=$(psql_admin "UPDATE cases SET reporter_kdf = 'md5' WHERE id = '$new_id'" 2>&1)
case "$out" in *reporter_kdf_check*) t_pass ;; *) t_fail "$out" ;; esac

t_begin "the server refuses to start with an unknown receipt_kdf"
# it must stop before binding: the running server holds the port
cp "$MDG_CONF" "$MDG_STATE/badkdf.conf"
echo "receipt_kdf = md5" >>"$MDG_STATE/badkdf.conf"
out=$(timeout 10 "$MDG_BUILD/madoguchi-intake" -c "$MDG_STATE/badkdf.conf" 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ] && echo "$out" | grep -q receipt_kdf; then t_pass; else t_fail "rc $rc: $out"; fi
