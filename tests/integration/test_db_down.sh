#!/usr/bin/env bash
# PostgreSQL stops: the server keeps answering, says 503, keeps what was
# typed, shows no receipt, and recovers by itself when the database returns.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/down.html" hdr="$MDG_STATE/down.hdr"
before=$(psql_admin "SELECT count(*) FROM cases")

OUT="$page" hc /report/harassment-self >/dev/null
tok=$(csrf_of "$page") ft=$(form_token_of "$page")
pg_stop

t_begin "with the database down a submission gets 503"
st=$(OUT="$page" hc /report/harassment-self -D "$hdr" -F "csrf=$tok" -F "form_token=$ft" -F category=customer \
    -F "what=db-down-kept-text 窓口")
assert_eq "$st" "503"
t_begin "the 503 page keeps everything typed"
assert_contains "$page" "db-down-kept-text 窓口"
t_begin "the 503 page keeps the choice made"
if grep -q 'value="customer" checked' "$page"; then t_pass; else t_fail "choice lost"; fi
t_begin "the 503 page shows no receipt"
assert_not_contains "$page" 'class="receipt"'
t_begin "the 503 answer says when to retry"
assert_contains "$hdr" "Retry-After:"
t_begin "follow-up with the database down is a 503, not a wrong-receipt answer"
assert_eq "$(open_case "$(fake_receipt)")" "503"
t_begin "the landing page still answers"
assert_eq "$(hc /)" "200"

pg_start
t_begin "after the database returns the same form goes through"
st=$(OUT="$page" hc /report/harassment-self -L -F "csrf=$tok" -F "form_token=$ft" -F category=customer \
    -F "what=db-back")
assert_eq "$st" "200"
t_begin "and exactly one case was stored"
assert_eq "$(psql_admin "SELECT count(*) FROM cases")" "$((before + 1))"
t_begin "the counselor server answers again after the database returned"
make_user dbdown_probe analyst >/dev/null
assert_eq "$(psql_admin "SELECT count(*) FROM counselors WHERE username = 'dbdown_probe' AND totp_sealed IS NOT NULL")" "1"
