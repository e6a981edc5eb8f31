#!/usr/bin/env bash
# The operator's tool and the server's start-up checks.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin"
out="$MDG_STATE/admin.out"

t_begin "madoguchi-admin --help lists the commands"
"$admin" --help >"$out"
assert_contains "$out" "tls-selfsigned"
t_begin "migrate again applies nothing"
"$admin" -c "$MDG_CONF" migrate >"$out" 2>&1
if ! grep -q applied "$out" && grep -q "up to date" "$out"; then t_pass; else t_fail "$(cat "$out")"; fi
t_begin "migrations are recorded once each"
assert_eq "$(psql_admin "SELECT count(*) - count(DISTINCT version) FROM schema_migrations")" "0"
t_begin "init refuses to run twice (exit 3), keeping the keys"
"$admin" -c "$MDG_CONF" init >"$out" 2>&1
assert_eq "$?" "3"
t_begin "the lookup key file is private"
assert_eq "$(stat -c %a "$MDG_STATE/keys/receipt-lookup.key")" "600"
t_begin "init printed the recovery phrase once and stored no secret"
n=$(psql_admin "SELECT count(*) FROM org_keys WHERE length(recovery_pk) = 32")
phrase=$(sed -n '/recovery phrase/{n;p}' "$MDG_STATE/init.log" | tr -d ' ')
if [ "$n" = 1 ] && [ ${#phrase} -ge 60 ] && ! pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin madoguchi | grep -qF "$phrase"; then
	t_pass; else t_fail "n=$n phrase=${#phrase}"; fi
t_begin "status reports initialised and recipients"
"$admin" -c "$MDG_CONF" status >"$out"
assert_contains "$out" "yes"
t_begin "an unknown command is refused"
"$admin" -c "$MDG_CONF" frobnicate >/dev/null 2>&1
assert_eq "$?" "2"

# start-up checks, on a copy of the configuration pointing elsewhere
bad="$MDG_STATE/bad.conf"
t_begin "the server refuses a key that does not belong to its certificate"
"$admin" -c "$MDG_CONF" tls-selfsigned >/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$MDG_STATE/other.key" 2>/dev/null
sed "s|^tls_key = .*|tls_key = $MDG_STATE/other.key|; s|^intake_port = .*|intake_port = 1|" \
    "$MDG_CONF" >"$bad"
timeout 10 "$MDG_BUILD/madoguchi-intake" -c "$bad" >"$out" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "does not belong" "$out"; then t_pass; else t_fail "rc=$rc $(cat "$out")"; fi
t_begin "the server refuses an unknown configuration key"
printf 'colour = blue\n' >"$bad"
timeout 10 "$MDG_BUILD/madoguchi-intake" -c "$bad" >"$out" 2>&1
if [ $? -ne 0 ] && grep -q "bad.conf:1" "$out"; then t_pass; else t_fail "$(cat "$out")"; fi

t_begin "the development counselor printed by init can log in with its TOTP key"
pw=$(sed -n 's/.*user: counselor  password: //p' "$MDG_STATE/init.log")
sed -n 's/.*TOTP key for an authenticator app: //p' "$MDG_STATE/init.log" >"$MDG_STATE/counselor.totp"
new_visitor
assert_eq "$(login counselor "$pw")" "303"
