#!/usr/bin/env bash
# make test: every unit test, then every integration test against a real
# intake server over HTTPS and a throwaway PostgreSQL cluster.
set -uo pipefail
build=${1:-build}
project=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)

. "$project/tests/env.sh"

cd "$project"
passed=0 failed=0

echo "== unit tests"
# MDG_ONLY=pattern runs only the tests whose names match (a debugging aid;
# "browser" runs the browser suite alone)
only=${MDG_ONLY:-}
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	[ -n "$only" ] && [[ $(basename "$t") != *$only* ]] && continue
	out=$("$t" 2>&1); rc=$?
	p=$(echo "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	f=$(echo "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	p=${p:-0} f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	printf '  %-28s %3s passed, %s failed\n' "$(basename "$t")" "$p" "$f"
	[ "$f" -gt 0 ] && echo "$out" | grep -E '^\[  (FAILED|  ERROR) \]|ERROR|Assert|error' | head -n 20
	passed=$((passed + p)) failed=$((failed + f))
done

echo "== setting up PostgreSQL and the intake server"
if ! env_setup; then
	echo "setup failed"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
fi

echo "== integration tests"
for t in tests/integration/test_*.sh; do
	[ -n "$only" ] && [[ $(basename "$t") != *$only* ]] && continue
	echo "-- $(basename "$t")"
	before=$(wc -l <"$MDG_RESULTS")
	if ! bash "$t"; then
		echo "FAIL $(basename "$t"): the script itself failed" >>"$MDG_RESULTS"
	fi
	if tail -n +"$((before + 1))" "$MDG_RESULTS" | grep -q '^FAIL'; then
		echo "   intake log (last lines):"; tail -n 15 "$state/intake.log" | sed 's/^/   /'
		echo "   review log (last lines):"; tail -n 15 "$state/review.log" 2>/dev/null | sed 's/^/   /'
	fi
done
echo "== browser tests"
if [ -z "$only" ] || [[ browser == *$only* ]]; then
	tests/browser/run.sh || echo "FAIL browser: the suite itself failed" >>"$MDG_RESULTS"
fi
# a sanitizer build reports errors and leaks when the servers exit
intake_stop
review_stop
sleep 0.5
for log in intake review; do
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$state/$log.log"; then
		echo "FAIL $log server: sanitizer report" >>"$MDG_RESULTS"
		grep -A 20 -E 'Sanitizer|runtime error:' "$state/$log.log" | head -n 40
	fi
done
ip=$(grep -c '^PASS' "$MDG_RESULTS") if=$(grep -c '^FAIL' "$MDG_RESULTS")
passed=$((passed + ip)) failed=$((failed + if))

echo
grep '^FAIL' "$MDG_RESULTS" | sed 's/^/  /'
if [ $((passed + failed)) -eq 0 ]; then echo "no test ran"; exit 1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
