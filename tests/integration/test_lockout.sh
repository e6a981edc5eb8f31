#!/usr/bin/env bash
# A stranger who knows a counselor's user name cannot lock them out: a
# running lock is never extended (not by wrong attempts, not by right
# ones), and once it has passed the right password and code work. Wrong
# current passwords on the password form count like failed logins; a
# password change and a logout end sessions for good.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/lock.html"
totp() { "$MDG_BUILD/tests/mdg-totp" "$(cat "$MDG_STATE/$1.totp")" "${2:-30}"; }
# try NAME PASSWORD CODE ADDR: one login from 127.0.0.ADDR; prints the status
try() {
	local p="$MDG_STATE/try.$4.html"
	new_visitor
	OUT="$p" from "$4" rc /login >/dev/null
	from "$4" rc /login --data-urlencode "csrf=$(csrf_of "$p")" --data-urlencode "username=$1" \
	    --data-urlencode "password=$2" --data-urlencode "code=$3"
}
lock_of() { psql_admin "SELECT coalesce(to_char(locked_until, 'HH24:MI:SS.US'), 'none') || '/' || failed_logins FROM counselors WHERE username = '$1'"; }

make_user sess_user counselor >/dev/null
step0=$(( $(date +%s) / 30 ))
new_visitor
login sess_user >/dev/null
jar_a=$JAR
make_user lock_victim counselor >/dev/null

# Five wrong passwords, each from its own address.
for a in 20 21 22 23 24; do try lock_victim "wrong-$a-password" 000000 "$a" >/dev/null; done
t_begin "five failed logins lock the account, first for a short while"
assert_eq "$(psql_admin "SELECT failed_logins || '/' || (locked_until > now() AND locked_until <= now() + interval '15 seconds') FROM counselors WHERE username = 'lock_victim'")" "5/true"

# Time is simulated in the database: the lock is made long enough to
# outlast the attempts below, and later made to have passed.
psql_admin "UPDATE counselors SET locked_until = now() + interval '10 minutes' WHERE username = 'lock_victim'"
first=$(lock_of lock_victim)
: >"$MDG_STATE/during"
for a in 25 26 27; do try lock_victim "wrong-$a-password" 000000 "$a" >>"$MDG_STATE/during"; echo >>"$MDG_STATE/during"; done
t_begin "attempts during the lock are refused"
assert_eq "$(sort -u "$MDG_STATE/during" | tr '\n' ' ')" "403 "
t_begin "the right password and code during the lock are refused too"
assert_eq "$(try lock_victim "$REVIEW_PW" "$(totp lock_victim)" 28)" "403"
t_begin "attempts during the lock neither extend it nor count"
assert_eq "$(lock_of lock_victim)" "$first"

psql_admin "UPDATE counselors SET locked_until = now() - interval '1 second' WHERE username = 'lock_victim'"
try lock_victim "wrong-29-password" 000000 29 >/dev/null
t_begin "a failure after a lock locks again, for longer (progressive)"
assert_eq "$(psql_admin "SELECT failed_logins || '/' || (locked_until > now() + interval '16 seconds' AND locked_until <= now() + interval '30 seconds') FROM counselors WHERE username = 'lock_victim'")" "6/true"
psql_admin "UPDATE counselors SET locked_until = now() - interval '1 second' WHERE username = 'lock_victim'"
t_begin "once the lock has passed, the right password and code log in"
assert_eq "$(try lock_victim "$REVIEW_PW" "$(totp lock_victim)" 34)" "303"
t_begin "and the count starts again"
assert_eq "$(lock_of lock_victim)" "none/0"

# The password form: wrong current passwords count as failed logins.
JAR=$jar_a
OUT="$page" rc /account >/dev/null
tok=$(csrf_of "$page")
new="Another-long-passphrase-7"
: >"$MDG_STATE/guesses"
for i in 1 2 3 4 5; do
	OUT="$page" from $((40 + i)) rc /account/password --data-urlencode "csrf=$tok" \
	    --data-urlencode "current=guess-$i-password" --data-urlencode "password=$new" \
	    --data-urlencode "confirm=$new" >>"$MDG_STATE/guesses"; echo >>"$MDG_STATE/guesses"
done
t_begin "wrong current passwords on the password form are refused"
assert_eq "$(sort -u "$MDG_STATE/guesses" | tr '\n' ' ')" "403 "
t_begin "and counted like failed logins"
case "$(lock_of sess_user)" in none/*) t_fail "$(lock_of sess_user)" ;; */5) t_pass ;; *) t_fail "$(lock_of sess_user)" ;; esac
t_begin "while the account is locked even the right current password is refused"
assert_eq "$(OUT="$page" from 46 rc /account/password --data-urlencode "csrf=$tok" \
    --data-urlencode "current=$REVIEW_PW" --data-urlencode "password=$new" \
    --data-urlencode "confirm=$new")" "429"
psql_admin "UPDATE counselors SET locked_until = NULL, failed_logins = 0 WHERE username = 'sess_user'"

# A second session for sess_user (a later TOTP step than the first).
while [ $(( $(date +%s) / 30 )) -le "$step0" ]; do sleep 1; done
new_visitor
login sess_user >/dev/null
jar_b=$JAR
t_begin "the second session works"
assert_eq "$(rc /queue)" "200"
JAR=$jar_a
t_begin "the password is changed in the first session"
assert_eq "$(OUT="$page" rc /account/password --data-urlencode "csrf=$tok" \
    --data-urlencode "current=$REVIEW_PW" --data-urlencode "password=$new" \
    --data-urlencode "confirm=$new")" "200"
t_begin "the session that changed it goes on"
assert_eq "$(rc /queue)" "200"
JAR=$jar_b
t_begin "the other session has ended"
assert_eq "$(rc /queue)" "303"

# Logout without the form's token still ends the server session.
JAR=$jar_a
cp "$JAR" "$MDG_STATE/jar.kept"
rc /logout -X POST --data "x=1" >/dev/null
JAR="$MDG_STATE/jar.kept"
t_begin "a counselor's logout without a token ends the session on the server"
assert_eq "$(rc /queue)" "303"

new_visitor
file_report harassment-self "$page" -F category=power -F "what=logout-case" >/dev/null
r=$(receipt_of "$page")
new_visitor
open_case "$r" >/dev/null
cp "$JAR" "$MDG_STATE/jar.kept"
hc /case/logout -X POST --data "x=1" >/dev/null
JAR="$MDG_STATE/jar.kept"
t_begin "a reporter's logout without a token ends the session on the server"
st=$(OUT="$page" hc /case)
if [ "$st" != 200 ] || ! grep -q "logout-case" "$page"; then t_pass; else t_fail "case still open ($st)"; fi
