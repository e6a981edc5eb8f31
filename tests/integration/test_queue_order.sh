#!/usr/bin/env bash
# The queue's order and its pages. Urgent and overdue cases first, then
# urgent ones, then the other overdue ones, then closed cases whose
# follow-up is due, then the rest; newest first within each, case id
# breaking ties. The server reads one segment after the other until a
# page is full, so page boundaries fall inside segments and between them:
# every case the reader holds in their channels must show exactly once,
# in that order, and nothing else.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/qorder.html"

make_user qo_c counselor harassment >/dev/null
cid=$(psql_admin "SELECT id FROM counselors WHERE username = 'qo_c'")

# qo_cases FIRST LAST CHANNEL HELD: cases numbered FIRST..LAST. Every
# tenth is urgent (every twentieth overdue too); of the others every
# third is overdue and every seventh closed with its follow-up due; two
# cases share each filing hour, so ties are broken by id. HELD: sealed
# to qo_c (the key's bytes do not matter here: nothing is opened).
qo_cases() {
	psql_admin "INSERT INTO cases (id, channel_id, category, receipt_lookup,
	    reporter_salt, reporter_kdf, priority, created_at, status, ack_due,
	    response_due, feedback_due)
	  SELECT md5('qorder' || g), '$3', 'power',
	      sha256(('qorder' || g)::bytea), '\x00112233445566778899aabbccddeeff',
	      'blake2b', CASE WHEN g % 10 = 0 THEN 'urgent' ELSE 'normal' END,
	      date_trunc('hour', now()) - ((g / 2) || ' hours')::interval,
	      CASE WHEN g % 10 <> 0 AND g % 3 <> 0 AND g % 7 = 0 THEN 'closed'
	           ELSE 'new' END,
	      CASE WHEN g % 20 = 0 OR (g % 10 <> 0 AND g % 3 = 0)
	           THEN current_date - 1 ELSE current_date + 5 END,
	      current_date + 30, current_date + 90
	    FROM generate_series($1, $2) g;
	  INSERT INTO case_watch (case_id, due)
	  SELECT md5('qorder' || g), current_date - 1 FROM generate_series($1, $2) g
	   WHERE g % 10 <> 0 AND g % 3 <> 0 AND g % 7 = 0;" >/dev/null
	[ "$4" = held ] && psql_admin "INSERT INTO case_keys (case_id, holder,
	    counselor_id, sealed_key) SELECT md5('qorder' || g), 'counselor',
	    '$cid', decode(repeat('00', 80), 'hex') FROM generate_series($1, $2) g" >/dev/null
}
qo_cases 1 130 harassment held
qo_cases 131 136 harassment none	# not held: listed apart, not in the queue
qo_cases 137 142 mental_health held	# held, but not qo_c's channel

# The expected order, from the cases' own columns.
expected=$(psql_admin "SELECT c.id FROM cases c
	  JOIN case_keys k ON k.case_id = c.id AND k.holder = 'counselor'
	   AND k.counselor_id = '$cid'
	 WHERE c.channel_id = 'harassment'
	 ORDER BY CASE WHEN c.priority = 'urgent' AND c.ack_due < current_date THEN 0
	          WHEN c.priority = 'urgent' THEN 1
	          WHEN c.status <> 'closed' AND c.ack_due < current_date THEN 2
	          WHEN c.id IN (SELECT case_id FROM case_watch) THEN 3 ELSE 4 END,
	       c.created_at DESC, c.id DESC")

new_visitor; login qo_c >/dev/null
# Walks the queue's own pager: the case ids in the order shown, and the
# overdue rows' ids, and the number of pages.
shown="" late="" pages=0 next="/queue"
while [ -n "$next" ] && [ $pages -lt 10 ]; do
	OUT="$page" rc "$next" >/dev/null
	pages=$((pages + 1))
	shown+=$(grep -o '<td class="case"><a href="/c/[0-9a-f]*"' "$page" |
	    sed 's/.*\/c\///; s/"$//')$'\n'
	late+=$(grep -A 3 '<tr class="[a-z]* *overdue">' "$page" |
	    grep -o 'href="/c/[0-9a-f]*"' | sed 's/.*\/c\///; s/"$//')$'\n'
	next=$(grep -o 'href="/queue?after=[^"]*"' "$page" | head -n 1 |
	    sed 's/^href="//; s/"$//; s/&amp;/\&/g')
done
shown=$(echo "$shown" | sed '/^$/d') late=$(echo "$late" | sed '/^$/d')

t_begin "the queue shows its reader's 130 held cases of their channel, on 3 pages"
assert_eq "$(echo "$shown" | wc -l) $pages" "130 3"
t_begin "in order: urgent and overdue, urgent, overdue, follow-up due, the rest"
[ "$shown" = "$expected" ] && t_pass ||
    t_fail "$(diff <(echo "$expected") <(echo "$shown") | head -n 6 | tr '\n' ' ')"
t_begin "no case shows twice"
assert_eq "$(echo "$shown" | sort | uniq -d | wc -l)" "0"
t_begin "a case without the reader's key is not in the queue"
assert_eq "$(echo "$shown" | grep -c "^$(psql_admin "SELECT md5('qorder' || 131)")\$")" "0"
t_begin "a held case of another channel is not in the queue"
assert_eq "$(echo "$shown" | grep -c "^$(psql_admin "SELECT md5('qorder' || 137)")\$")" "0"
t_begin "exactly the overdue cases are marked overdue"
assert_eq "$(echo "$late" | sort | tr '\n' ' ')" "$(psql_admin "SELECT id FROM cases
    WHERE id IN (SELECT md5('qorder' || g) FROM generate_series(1, 130) g)
      AND status <> 'closed' AND ack_due < current_date ORDER BY id" | sort | tr '\n' ' ')"

t_begin "a page after a case in the middle of a segment goes on from there"
mid=$(echo "$expected" | sed -n 70p)
OUT="$page" rc "/queue?after=$mid" >/dev/null
assert_eq "$(grep -o '<td class="case"><a href="/c/[0-9a-f]*"' "$page" |
    sed 's/.*\/c\///; s/"$//' | tr '\n' ' ')" "$(echo "$expected" | sed -n '71,120p' | tr '\n' ' ')"
t_begin "the status filter lists the closed cases only, newest first"
OUT="$page" rc "/queue?status=closed" >/dev/null
assert_eq "$(grep -o '<td class="case"><a href="/c/[0-9a-f]*"' "$page" |
    sed 's/.*\/c\///; s/"$//' | tr '\n' ' ')" "$(psql_admin "SELECT c.id FROM cases c
	WHERE c.id IN (SELECT md5('qorder' || g) FROM generate_series(1, 130) g)
	  AND c.status = 'closed' ORDER BY c.created_at DESC, c.id DESC" | tr '\n' ' ')"

# leave nothing for the tests after this one
psql_admin "DELETE FROM cases WHERE id IN (SELECT md5('qorder' || g)
    FROM generate_series(1, 142) g)" >/dev/null
