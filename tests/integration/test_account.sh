#!/usr/bin/env bash
# A counselor changes their password: the key is re-wrapped, the key pair
# (and so access to every case) stays, the old password stops working.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/acc.html"
make_user pwuser counselor harassment >/dev/null
new_visitor
login pwuser >/dev/null
OUT="$page" rc /account >/dev/null
tok=$(csrf_of "$page")
pk_before=$(psql_admin "SELECT encode(public_key, 'hex') || encode(wrapped_sk, 'hex') FROM counselors WHERE username = 'pwuser'")
new="Another-long-passphrase-9"

t_begin "a wrong current password is refused"
assert_eq "$(OUT="$page" rc /account/password --data-urlencode "csrf=$tok" --data-urlencode current=nope --data-urlencode "password=$new" --data-urlencode "confirm=$new")" "403"
t_begin "a weak new password is refused"
assert_eq "$(OUT="$page" rc /account/password --data-urlencode "csrf=$tok" --data-urlencode "current=$REVIEW_PW" --data-urlencode password=aaaaaaaaaaaaaaa --data-urlencode confirm=aaaaaaaaaaaaaaa)" "400"
t_begin "the password is changed"
assert_eq "$(OUT="$page" rc /account/password --data-urlencode "csrf=$tok" --data-urlencode "current=$REVIEW_PW" --data-urlencode "password=$new" --data-urlencode "confirm=$new")" "200"
t_begin "the key pair stays and its wrapping changes"
after=$(psql_admin "SELECT encode(public_key, 'hex') || encode(wrapped_sk, 'hex') FROM counselors WHERE username = 'pwuser'")
if [ "${after:0:64}" = "${pk_before:0:64}" ] && [ "$after" != "$pk_before" ]; then t_pass; else t_fail "unchanged or new key pair"; fi
t_begin "the old password no longer logs in"
new_visitor
assert_eq "$(login pwuser)" "403"
t_begin "the change is audited"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE actor = 'pwuser' AND action = 'password.change'")" "1"
