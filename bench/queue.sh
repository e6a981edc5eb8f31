#!/usr/bin/env bash
# Does the triage queue stay fast at 100,000 cases? Times the first and a
# deep page for a logged-in counselor at 1,000 cases (the reference) and
# at 100,000 (metadata rows only: the queue never decrypts), same run.
set -uo pipefail
build=${BUILD:-build}
project=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
. "$project/tests/env.sh"
cd "$project"
env_setup >/dev/null || { echo "setup failed"; exit 1; }
export MDG_RESULTS=/dev/null
. tests/integration/lib.sh

fill() {	# fill N: total cases made N
	psql_admin "INSERT INTO cases (id, channel_id, category, receipt_lookup, reporter_salt,
	    reporter_kdf, priority, created_at, status)
	    SELECT md5(g::text || random()::text), CASE WHEN g % 3 = 0 THEN 'mental_health' ELSE 'harassment' END,
	        'power', sha256(g::text::bytea || random()::text::bytea), '\x00112233445566778899aabbccddeeff',
	        'blake2b', CASE WHEN g % 50 = 0 THEN 'urgent' ELSE 'normal' END,
	        date_trunc('hour', now() - (g || ' hours')::interval),
	        (ARRAY['new','acknowledged','in_progress','waiting','closed'])[1 + g % 5]
	    FROM generate_series((SELECT count(*) FROM cases) + 1, $1) g" >/dev/null
	psql_admin "ANALYZE cases" >/dev/null
}
timeq() {	# median of 5 fetches of PATH, in ms
	for _ in 1 2 3 4 5; do rc "$1" -o /dev/null -w '%{time_total}\n' 2>/dev/null | tail -c 20; echo; done |
	    grep -v '^$' | sed 's/^[0-9]\{3\}//' | sort -n | sed -n 3p | awk '{printf "%.1f", $1 * 1000}'
}
new_visitor
pw=$(sed -n 's/.*user: counselor  password: //p' "$state/init.log")
sed -n 's/.*TOTP key for an authenticator app: //p' "$state/init.log" >"$state/counselor.totp"
login counselor "$pw" >/dev/null
fill 1000
a1=$(timeq /queue) a2=$(timeq '/queue?page=10')
fill 100000
b1=$(timeq /queue) b2=$(timeq '/queue?page=1000') b3=$(timeq '/queue?status=new&priority=urgent')
echo "queue, median of 5 (ms):  1,000 cases   100,000 cases   ratio"
printf '  first page              %8s   %13s   %5.2f\n' "$a1" "$b1" "$(awk -v a="$a1" -v b="$b1" 'BEGIN {print b/a}')"
printf '  deep page               %8s   %13s   %5.2f\n' "$a2" "$b2" "$(awk -v a="$a2" -v b="$b2" 'BEGIN {print b/a}')"
printf '  filtered (new, urgent)  %8s   %13s\n' "-" "$b3"
