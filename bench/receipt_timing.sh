#!/usr/bin/env bash
# Does the follow-up page tell a real receipt from an unknown one by time?
# Files one case, then alternates N follow-ups with its receipt (the
# reference) and N with well-formed receipts that match no case, on one
# server in one run, and prints medians and their ratio. Loopback only.
set -uo pipefail
build=${BUILD:-build}
project=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
n=${N:-20}
. "$project/tests/env.sh"
cd "$project"
# the global receipt throttle would turn the run into 429s
echo "followup_per_min = 100000" >>"$MDG_CONF"
env_setup >/dev/null || { echo "setup failed"; exit 1; }
export MDG_RESULTS=/dev/null
. tests/integration/lib.sh

page="$MDG_STATE/b.html"
file_report harassment-self "$page" -F category=power -F what=bench >/dev/null
real=$(receipt_of "$page")

timed() {	# prints seconds for one follow-up with receipt $1
	local page2="$MDG_STATE/t.html" tok
	new_visitor
	OUT="$page2" hc /followup >/dev/null
	tok=$(csrf_of "$page2")
	curl -sS --http1.1 --cacert "$MDG_STATE/tls/cert.pem" -b "$JAR" -o /dev/null \
	    -w '%{time_total}\n' --data-urlencode "csrf=$tok" --data-urlencode "receipt=$1" \
	    "$MDG_INTAKE_URL/followup"
}
: >"$state/known"; : >"$state/unknown"
for _ in $(seq 1 "$n"); do
	timed "$real" >>"$state/known"
	timed "$(fake_receipt)" >>"$state/unknown"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
k=$(median "$state/known") u=$(median "$state/unknown")
echo "follow-up, $n requests each (Argon2id ${RECEIPT_MEM:-64} MiB per attempt):"
printf '  known receipt   (reference) median %.1f ms\n' "$(echo "$k" | awk '{print $1*1000}')"
printf '  unknown receipt             median %.1f ms\n' "$(echo "$u" | awk '{print $1*1000}')"
printf '  ratio unknown/known         %.3f\n' "$(awk -v u="$u" -v k="$k" 'BEGIN {print u/k}')"
