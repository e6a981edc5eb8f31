#!/usr/bin/env bash
# make run: a private PostgreSQL, keys, a certificate, and the servers.
set -euo pipefail
project=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$project/build}
state=$(scripts/state.sh "$project")
conf="$state/madoguchi.conf"

mkdir -p "$state/keys" "$state/tls"
chmod 711 "$state"
chmod 700 "$state/keys" "$state/tls"
[ -f "$conf" ] || scripts/config.sh "$state" "$project" >"$conf"
# configurations written before the audit chain was keyed
grep -q "^audit_key" "$conf" || echo "audit_key = $state/keys/audit.key" >>"$conf"

pids=()
stop_all() {
	trap - INT TERM EXIT
	echo
	echo "stopping..."
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	scripts/pg.sh stop "$state"
	echo "stopped."
}
trap stop_all INT TERM EXIT

scripts/pg.sh init "$state"
scripts/pg.sh start "$state"
"$build/madoguchi-admin" -c "$conf" migrate
set +e
# the development counselor: for trying the service, never in production
"$build/madoguchi-admin" -c "$conf" init --dev-counselor
rc=$?
set -e
[ $rc -eq 0 ] || [ $rc -eq 3 ] || exit $rc
if [ $rc -eq 0 ]; then
	echo "The first administrator sets up their account with this link:"
	"$build/madoguchi-admin" -c "$conf" user invite admin admin | tail -n 1
fi
"$build/madoguchi-admin" -c "$conf" tls-selfsigned

"$build/madoguchi-intake" -c "$conf" &
pids+=($!)
"$build/madoguchi-review" -c "$conf" &
pids+=($!)
# mail notices only once a mail server is configured (smtp_url, smtp_from)
notify="off (set smtp_url and smtp_from in $conf)"
if grep -q '^smtp_url' "$conf"; then
	"$build/madoguchi-notify" -c "$conf" &
	pids+=($!)
	notify="on"
fi
sleep 1
cat <<MSG

  Madoguchi is running.
    reporters:   https://localhost:$(sed -n 's/^intake_port = //p' "$conf")
    counselors:  https://localhost:$(sed -n 's/^review_port = //p' "$conf")  (internal network only in production)
    mail notices: $notify
  The certificate is self-signed ($state/tls/cert.pem): your browser will
  ask you to accept it. State (database, keys): $state
  Press Ctrl-C to stop the servers and PostgreSQL.

MSG
wait -n "${pids[@]}"
