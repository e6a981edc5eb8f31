#!/usr/bin/env bash
# A counselor's key pair can be set only at setup: the review role cannot
# change a public key (it could otherwise have future cases sealed to a
# key of its own), and login refuses a stored public key that does not
# belong to the unwrapped secret key.
. "$(dirname "$0")/lib.sh"
as_review() {
	psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_review" -c "$1" 2>&1
}
make_user keyswap counselor harassment >/dev/null
id=$(psql_admin "SELECT id FROM counselors WHERE username = 'keyswap'")
other=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

t_begin "the review role cannot UPDATE a counselor's public key"
out=$(as_review "UPDATE counselors SET public_key = '\\x$other' WHERE id = '$id'")
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
t_begin "nor re-open an invitation"
out=$(as_review "UPDATE counselors SET invite_hash = '\\x$other', invite_expires = now() + interval '1 day' WHERE id = '$id'")
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
t_begin "the setup function refuses a counselor whose setup is done"
assert_eq "$(as_review "SELECT review_setup_keys('$id', '\\x$other', wrapped_sk, wrap_salt, wrap_ops, wrap_mem, totp_sealed) FROM counselors WHERE id = '$id'")" "f"
t_begin "and the key stayed"
if [ "$(psql_admin "SELECT encode(public_key, 'hex') FROM counselors WHERE id = '$id'")" != "$other" ]; then t_pass; else t_fail "swapped"; fi

# The owner (or a restored dump) swaps the public key behind its back.
saved=$(psql_admin "SELECT encode(public_key, 'hex') FROM counselors WHERE id = '$id'")
psql_admin "UPDATE counselors SET public_key = '\\x$other' WHERE id = '$id'" >/dev/null
t_begin "login refuses a public key that does not match the secret key"
new_visitor
assert_eq "$(login keyswap)" "403"
t_begin "and says why in the server log, without the key"
if grep -q "keyswap: stored public key does not match" "$MDG_STATE/review.log" &&
    ! grep -q "$other" "$MDG_STATE/review.log"; then t_pass; else t_fail "no log line"; fi
psql_admin "UPDATE counselors SET public_key = '\\x$saved', failed_logins = 0, locked_until = NULL WHERE id = '$id'" >/dev/null
t_begin "with the right public key back, the same login works"
new_visitor
assert_eq "$(login keyswap)" "303"
