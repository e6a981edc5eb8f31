#!/usr/bin/env bash
# A wave of urgent cases is seen at once: the queue warns when more urgent
# cases of the counselor's channels than urgent_burst were filed in the
# current and the previous hour (times are stored to the hour only).
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/burst.html"
recent() {	# urgent mental-health cases the window holds now
	psql_admin "SELECT count(*) FROM cases WHERE priority = 'urgent' AND channel_id = 'mental_health'
	    AND created_at >= date_trunc('hour', now()) - interval '1 hour'"
}
urgent_case() {	# in a jar of its own: the counselor's stays logged in
	local JAR
	new_visitor
	file_report wellbeing-self "$page" -F k6_1=4 -F k6_2=4 -F k6_3=4 -F k6_4=4 \
	    -F k6_5=4 -F k6_6=4 -F selfharm=no -F "worry=burst-$1" >/dev/null
}
no_burst() {	# the queue page, without the warning
	if grep -q 'class="queue"' "$page" && ! grep -q 'id="burst"' "$page"; then t_pass
	else t_fail "not the queue, or a warning"; fi
}
make_user bu_mh counselor mental_health >/dev/null
make_user bu_har counselor harassment >/dev/null
# other tests filed urgent cases this hour too: the threshold is set two
# above what the window already holds
base=$(recent)
with_conf "urgent_burst = $((base + 2))"
# five urgent cases from three hours ago are outside the window
psql_admin "INSERT INTO cases (id, channel_id, category, receipt_lookup, reporter_salt,
    reporter_ops, reporter_mem, priority, created_at, status)
    SELECT md5('burst-old-' || g), 'mental_health', NULL,
        sha256(('burst-old' || g || random())::bytea), '\x00112233445566778899aabbccddeeff',
        2, 67108864, 'urgent', date_trunc('hour', now()) - interval '3 hours', 'new'
    FROM generate_series(1, 5) g" >/dev/null
new_visitor
login bu_mh >/dev/null
t_begin "no warning while urgent cases arrive as usual (older ones not counted)"
OUT="$page" rc /queue >/dev/null
no_burst
urgent_case 1; urgent_case 2
t_begin "no warning at the threshold"
OUT="$page" rc /queue >/dev/null
no_burst
urgent_case 3
t_begin "a warning once more urgent cases than the threshold arrived within the hour"
OUT="$page" rc /queue >/dev/null
assert_contains "$page" "緊急の相談がいつもより多く届いています"
t_begin "the warning gives the count"
n=$(recent)
assert_contains "$page" "直前の1時間で $n件です"
t_begin "the warning is in English too"
rc /lang/en >/dev/null
OUT="$page" rc /queue >/dev/null
assert_contains "$page" "More urgent cases than usual. Filed in this hour and the previous one: $n cases."
t_begin "a counselor of another channel sees no warning"
new_visitor
login bu_har >/dev/null
OUT="$page" rc /queue >/dev/null
no_burst
# later tests expect every case to have its records and keys
psql_admin "DELETE FROM cases WHERE id IN (SELECT md5('burst-old-' || g) FROM generate_series(1, 5) g)" >/dev/null
restore_conf
