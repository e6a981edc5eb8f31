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

t_begin "init makes no development counselor unless asked"
n=$(psql_admin "SELECT count(*) FROM counselors WHERE username = 'counselor'")
if [ "$n" = 0 ] && ! grep -q "password" "$MDG_STATE/init.log"; then t_pass
else t_fail "counselor accounts: $n; $(grep password "$MDG_STATE/init.log")"; fi
t_begin "init refuses an unknown option"
"$admin" -c "$MDG_CONF" init --dev >/dev/null 2>&1
assert_eq "$?" "2"

# init --dev-counselor (make run) on an instance of its own: a second
# cluster and review server, sharing the suite's certificate.
dev="$MDG_STATE/dev" devport=$((20000 + RANDOM % 20000))
mkdir -p "$dev/keys" "$dev/tls" && chmod 711 "$dev"
cp "$MDG_STATE/tls/cert.pem" "$MDG_STATE/tls/key.pem" "$dev/tls/"
"$project/scripts/config.sh" "$dev" "$project" $((devport + 1)) "$devport" >"$dev/conf"
"$project/scripts/pg.sh" init "$dev" >/dev/null &&
    "$admin" -c "$dev/conf" migrate >/dev/null &&
    "$admin" -c "$dev/conf" init --dev-counselor >"$dev/init.log"
"$MDG_BUILD/madoguchi-review" -c "$dev/conf" >>"$dev/review.log" 2>&1 &
devpid=$!
for _ in $(seq 1 100); do
	curl -s --cacert "$dev/tls/cert.pem" -o /dev/null "https://localhost:$devport/login" && break
	sleep 0.1
done
t_begin "init --dev-counselor makes a counselor that logs in with the printed password and TOTP key"
pw=$(sed -n 's/.*user: counselor  password: //p' "$dev/init.log")
sed -n 's/.*TOTP key for an authenticator app: //p' "$dev/init.log" >"$MDG_STATE/counselor.totp"
new_visitor
assert_eq "$(MDG_REVIEW_URL=https://localhost:$devport login counselor "$pw")" "303"
t_begin "the development counselor receives every channel"
assert_eq "$(psql -X -q -At "host=$dev/pg/run dbname=madoguchi user=madoguchi_admin" -c \
    "SELECT count(*) = (SELECT count(*) FROM channels) FROM channel_recipients r
     JOIN counselors c ON c.id = r.counselor_id WHERE c.username = 'counselor'")" "t"
kill "$devpid" 2>/dev/null; wait "$devpid" 2>/dev/null
"$project/scripts/pg.sh" stop "$dev" >/dev/null 2>&1
