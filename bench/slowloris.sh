#!/usr/bin/env bash
# Load test, loopback only, bounded in count and time: 2,000 slow
# connections (slowloris, from 200 loopback source addresses) held open
# while 50 real submissions go through. Prints the figures, with the same
# submissions timed without the attack in the same run as the reference.
set -uo pipefail
build=${BUILD:-build}
project=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
slow=${SLOW:-2000} n=${N:-50}
. "$project/tests/env.sh"
cd "$project"
env_setup >/dev/null || { echo "setup failed"; exit 1; }
export MDG_RESULTS=/dev/null
. tests/integration/lib.sh

one() {	# one full submission; prints "status seconds"
	local jar="$state/j.$1" page="$state/p.$1"
	JAR=$jar OUT=$page hc /report/harassment-self >/dev/null
	curl -sS --http1.1 --cacert "$MDG_STATE/tls/cert.pem" -b "$jar" -o /dev/null \
	    -w '%{http_code} %{time_total}\n' -F "csrf=$(csrf_of "$page")" \
	    -F "form_token=$(form_token_of "$page")" \
	    -F category=power -F "what=load $1" "$MDG_INTAKE_URL/report/harassment-self"
}
batch() {	# N submissions, 5 at a time; prints ok count and wall seconds
	local start=$(date +%s.%N) i
	: >"$state/res"
	for i in $(seq 1 "$1"); do
		one "$2$i" >>"$state/res" &
		[ $((i % 5)) -eq 0 ] && wait
	done
	wait
	echo "$(grep -c '^303 ' "$state/res") $(echo "$(date +%s.%N) - $start" | awk -F- '{print $1-$2}')"
}

read -r ok0 t0 <<<"$(batch 10 ref)"
"$build/tests/slowloris" "${MDG_INTAKE_URL##*:}" "$slow" 90 >"$state/slow.out" &
sp=$!
sleep 5
read -r ok1 t1 <<<"$(batch "$n" load)"
alive=$(ss -tn state established "( dport = :${MDG_INTAKE_URL##*:} )" 2>/dev/null | grep -c 127.0.0)
kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
echo "reference, no attack: $ok0/10 submissions ok, $(awk -v t="$t0" 'BEGIN {printf "%.2f", t/10}') s each"
head -n 1 "$state/slow.out"
echo "slow connections still open during the submissions: $alive"
echo "under attack: $ok1/$n submissions ok, $(awk -v t="$t1" -v n="$n" 'BEGIN {printf "%.2f", t/n}') s each"
echo "ratio under attack / reference: $(awk -v a="$t1" -v b="$t0" -v n="$n" 'BEGIN {printf "%.2f", (a/n)/(b/10)}')"
[ "$ok1" -eq "$n" ]
