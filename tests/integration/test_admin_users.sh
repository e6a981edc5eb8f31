#!/usr/bin/env bash
# madoguchi-admin user channels and user disable: the channels a counselor
# receives decide which new cases are sealed to them; a disabled user
# cannot log in, loses an open session and receives no new case.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin"
page="$MDG_STATE/au.html" out="$MDG_STATE/au.out"
sealed_to() {	# sealed_to USER CASE: 1 when the case key is sealed to USER
	psql_admin "SELECT count(*) FROM case_keys k JOIN counselors u
	    ON u.id = k.counselor_id WHERE u.username = '$1' AND k.case_id = '$2'"
}
last_case() { psql_admin "SELECT id FROM cases ORDER BY created_at DESC, xmin::text::bigint DESC LIMIT 1"; }
file_harassment() {
	new_visitor
	file_report harassment-self "$page" -F category=power -F "what=$1" >/dev/null
	last_case
}
file_wellbeing() {
	new_visitor
	file_report wellbeing-self "$page" -F k6_1=0 -F k6_2=0 -F k6_3=0 -F k6_4=0 \
	    -F k6_5=0 -F k6_6=0 -F selfharm=no -F "worry=$1" >/dev/null
	last_case
}

make_user au_dana counselor harassment >/dev/null
make_user au_erin counselor harassment >/dev/null
a=$(file_harassment au-case-a)
t_begin "a harassment case is sealed to a counselor of that channel"
assert_eq "$(sealed_to au_dana "$a")" "1"

t_begin "user channels replaces the channels (exit 0)"
"$admin" -c "$MDG_CONF" user channels au_dana mental_health >"$out" 2>&1
assert_eq "$?" "0"
t_begin "user channels says what the counselor now receives"
assert_contains "$out" "au_dana now receives: mental_health"
t_begin "user channels with an unknown channel fails and changes nothing"
"$admin" -c "$MDG_CONF" user channels au_dana nosuch >"$out" 2>&1
st=$?
assert_eq "$st $(psql_admin "SELECT string_agg(channel_id, ',') FROM channel_recipients r
    JOIN counselors u ON u.id = r.counselor_id WHERE u.username = 'au_dana'")" "1 mental_health"
b=$(file_harassment au-case-b)
c=$(file_wellbeing au-case-c)
t_begin "after the change, a new harassment case is not sealed to the counselor"
assert_eq "$(sealed_to au_dana "$b")" "0"
t_begin "after the change, a new mental-health case is sealed to the counselor"
assert_eq "$(sealed_to au_dana "$c")" "1"

new_visitor
dana_jar=$JAR
t_begin "the counselor logs in"
assert_eq "$(login au_dana)" "303"
t_begin "the counselor reads the new case of the new channel"
assert_eq "$(OUT="$page" rc "/c/$c")" "200"
t_begin "the case page shows the decrypted report"
assert_contains "$page" "au-case-c"
t_begin "the counselor cannot read the new case of the channel taken away"
st=$(OUT="$page" rc "/c/$b")
if [ "$st" != 200 ] && ! grep -q "au-case-b" "$page"; then t_pass; else t_fail "status $st"; fi
t_begin "the queue lists the new channel's case, not the other"
OUT="$page" rc /queue >/dev/null
if grep -q "/c/$c" "$page" && ! grep -q "/c/$b" "$page"; then t_pass; else t_fail "queue"; fi

t_begin "user disable of an unknown user fails"
"$admin" -c "$MDG_CONF" user disable au_nosuch >/dev/null 2>&1
assert_eq "$?" "1"
t_begin "user disable succeeds"
"$admin" -c "$MDG_CONF" user disable au_dana >"$out" 2>&1
assert_eq "$?" "0"
t_begin "a disabled user's open session ends"
JAR=$dana_jar
st=$(OUT="$page" rc "/c/$c")
if [ "$st" != 200 ] && ! grep -q "au-case-c" "$page"; then t_pass; else t_fail "status $st"; fi
t_begin "a disabled user's queue sends them to log in"
st=$(OUT="$page" rc /queue)
if [ "$st" = 303 ] || grep -q 'name="username"' "$page"; then t_pass; else t_fail "status $st"; fi
t_begin "a disabled user receives no channel and no new case"
d=$(file_wellbeing au-case-d)
assert_eq "$(sealed_to au_dana "$d") $(psql_admin "SELECT count(*) FROM channel_recipients r
    JOIN counselors u ON u.id = r.counselor_id WHERE u.username = 'au_dana'")" "0 0"

# au_erin has never logged in: the first try, with the right password and
# a fresh TOTP code, comes after the account is disabled.
"$admin" -c "$MDG_CONF" user disable au_erin >/dev/null 2>&1
new_visitor
st=$(login au_erin)
t_begin "a disabled user cannot log in with the right password and code"
if [ "$st" != 303 ] && ! grep -q '__Host-mdg_review' "$JAR"; then t_pass; else t_fail "status $st"; fi
t_begin "the disables and channel changes are audited"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE actor = 'admin-cli' AND
    ((action = 'user.disable' AND detail IN ('au_dana', 'au_erin')) OR
     (action = 'user.channels' AND detail = 'mental_health'))")" "3"
