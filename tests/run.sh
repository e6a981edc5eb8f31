#!/usr/bin/env bash
# make test: every unit test, then every integration test against a real
# intake server over HTTPS and a throwaway PostgreSQL cluster.
set -uo pipefail
build=${1:-build}
project=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)

state=$(mktemp -d /tmp/madoguchi-test.XXXXXX)
chmod 711 "$state"
mkdir -p "$state/keys" "$state/tls"
export MDG_STATE=$state MDG_BUILD=$build MDG_PG_RUN=$state/pg/run
export MDG_RESULTS=$state/results MDG_CONF=$state/madoguchi.conf
: >"$MDG_RESULTS"

free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
	return 1
}
port=$(free_port)
export MDG_INTAKE_URL=https://localhost:$port
scripts/config.sh "$state" "$project" "$port" >"$MDG_CONF"

intake_start() {
	"$build/madoguchi-intake" -c "$MDG_CONF" >>"$state/intake.log" 2>&1 &
	echo $! >"$state/intake.pid"
	for _ in $(seq 1 100); do
		curl -s --cacert "$state/tls/cert.pem" -o /dev/null "$MDG_INTAKE_URL/" && return 0
		sleep 0.1
	done
	echo "intake server did not start:"; tail -n 20 "$state/intake.log"; return 1
}
intake_stop() {
	[ -f "$state/intake.pid" ] && kill "$(cat "$state/intake.pid")" 2>/dev/null
	wait 2>/dev/null || true
	rm -f "$state/intake.pid"
}
pg_start() { "$project/scripts/pg.sh" start "$state"; }
pg_stop() { "$project/scripts/pg.sh" stop "$state"; }
export -f intake_start intake_stop pg_start pg_stop
export build project state

cleanup() {
	intake_stop
	pg_stop >/dev/null 2>&1
	rm -rf "$state"
}
trap cleanup EXIT

cd "$project"
passed=0 failed=0

echo "== unit tests"
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1); rc=$?
	p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	p=${p:-0} f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	printf '  %-28s %3s passed, %s failed\n' "$(basename "$t")" "$p" "$f"
	[ "$f" -gt 0 ] && echo "$out" | grep -E '^\[  (FAILED|  ERROR) \]|ERROR|Assert|error' | head -n 20
	passed=$((passed + p)) failed=$((failed + f))
done

echo "== setting up PostgreSQL and the intake server"
if ! { scripts/pg.sh init "$state" && "$build/madoguchi-admin" -c "$MDG_CONF" migrate >/dev/null &&
    "$build/madoguchi-admin" -c "$MDG_CONF" init >"$state/init.log" &&
    "$build/madoguchi-admin" -c "$MDG_CONF" tls-selfsigned >/dev/null && intake_start; }; then
	echo "setup failed"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
fi

echo "== integration tests"
for t in tests/integration/test_*.sh; do
	echo "-- $(basename "$t")"
	before=$(wc -l <"$MDG_RESULTS")
	if ! bash "$t"; then
		echo "FAIL $(basename "$t"): the script itself failed" >>"$MDG_RESULTS"
	fi
	if tail -n +"$((before + 1))" "$MDG_RESULTS" | grep -q '^FAIL'; then
		echo "   intake log (last lines):"; tail -n 15 "$state/intake.log" | sed 's/^/   /'
	fi
done
# a sanitizer build reports errors and leaks when the server exits
intake_stop
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$state/intake.log"; then
	echo "FAIL intake server: sanitizer report" >>"$MDG_RESULTS"
	grep -A 20 -E 'Sanitizer|runtime error:' "$state/intake.log" | head -n 40
fi
ip=$(grep -c '^PASS' "$MDG_RESULTS") if=$(grep -c '^FAIL' "$MDG_RESULTS")
passed=$((passed + ip)) failed=$((failed + if))

echo
grep '^FAIL' "$MDG_RESULTS" | sed 's/^/  /'
if [ $((passed + failed)) -eq 0 ]; then echo "no test ran"; exit 1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
