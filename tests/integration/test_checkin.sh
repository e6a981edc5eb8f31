#!/usr/bin/env bash
# Check-in rounds: cohorts and rounds from the admin tool, the printable
# sheet, codes spent once (also under 20 simultaneous attempts), the
# friendly pages for wrong, used and expired codes, a high-K6 answer that
# leads to an ordinary case whose receipt works, and a database that holds
# counts only: no row per person, no time finer than the round.
. "$(dirname "$0")/lib.sh"
admin="$MDG_BUILD/madoguchi-admin"
page="$MDG_STATE/ci.html"
sheet="$MDG_STATE/ci-sheet.html"
closes=$(date -d '+14 days' +%F)
# other tests share the database (test_burst.sh files urgent cases): count from here
urgent_mh() { psql_admin "SELECT count(*) FROM cases WHERE priority = 'urgent' AND channel_id = 'mental_health'"; }
urgent0=$(urgent_mh)

t_begin "cohort add and list"
"$admin" -c "$MDG_CONF" cohort add transfer "異動者（4月1日付）" "Transferred on 1 April" >/dev/null
"$admin" -c "$MDG_CONF" cohort list >"$page"
assert_contains "$page" "異動者（4月1日付）"
t_begin "cohort add refuses a bad slug"
"$admin" -c "$MDG_CONF" cohort add "Bad Slug" a b >/dev/null 2>&1
assert_eq "$?" "1"

t_begin "round open issues the codes and writes the sheet"
"$admin" -c "$MDG_CONF" round open transfer --label "1か月後" --closes "$closes" \
    --codes 30 --out "$sheet" >"$page"
assert_contains "$page" "shuffle"
t_begin "the sheet is readable only by its owner"
assert_eq "$(stat -c %a "$sheet")" "600"
t_begin "the sheet has one card per code"
assert_eq "$(grep -c '<article class="card">' "$sheet")" "30"
mapfile -t codes < <(grep -o '<p class="code" translate="no">[0-9-]*</p>' "$sheet" | sed 's/<[^>]*>//g')
t_begin "every card's code is different and has 21 digits"
assert_eq "$(printf '%s\n' "${codes[@]}" | tr -d - | grep -cE '^[0-9]{21}$' ) $(printf '%s\n' "${codes[@]}" | sort -u | wc -l)" "30 30"
t_begin "each card carries an inline QR code and says it is anonymous in both languages"
if grep -q '<svg' "$sheet" && grep -q '匿名' "$sheet" && grep -q 'anonymous' "$sheet"; then t_pass; else t_fail "sheet content"; fi
t_begin "round open refuses a closing date in the past"
"$admin" -c "$MDG_CONF" round open transfer --label past --closes 2020-01-01 --codes 1 \
    --out "$MDG_STATE/past.html" >/dev/null 2>&1
if [ $? -eq 1 ] && [ ! -e "$MDG_STATE/past.html" ]; then t_pass; else t_fail "accepted"; fi
t_begin "only the codes' hashes are stored"
n=$(psql_admin "SELECT count(*) FROM checkin_codes WHERE length(lookup) = 32")
pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin madoguchi >"$MDG_STATE/ci-dump0.sql"
if [ "$n" = 30 ] && ! grep -qF "$(echo "${codes[0]}" | tr -d -)" "$MDG_STATE/ci-dump0.sql"; then
	t_pass; else t_fail "n=$n or code in dump"; fi

digits() { echo "$1" | tr -d -; }
# answer CODE [curl args]: the questions page from the QR link, then the answers
answer() {
	local code=$1 tok; shift
	OUT="$page" hc "/checkin?c=$(digits "$code")" >/dev/null
	tok=$(csrf_of "$page")
	OUT="$page" hc /checkin/answer --data-urlencode "csrf=$tok" \
	    --data-urlencode "code=$code" "$@"
}

t_begin "the check-in page asks for the code"
new_visitor
assert_eq "$(OUT="$page" hc /checkin)" "200"
t_begin "the QR link opens the questions for the code's cohort"
OUT="$page" hc "/checkin?c=$(digits "${codes[0]}")" >/dev/null
if grep -q 'Transferred on 1 April\|異動者' "$page" && grep -q 'name="k6_1"' "$page"; then
	t_pass; else t_fail "no questions"; fi
t_begin "a mistyped code is told as a typo"
bad=$(digits "${codes[0]}"); last=${bad: -1}; bad=${bad:0:20}$(( (last + 1) % 10 ))
assert_eq "$(OUT="$page" hc "/checkin?c=$bad")" "400"
t_begin "a well-formed code that was never issued gets its own page"
fake=$(printf '%019d' $((RANDOM * RANDOM)))
r=0; for ((i = 0; i < 19; i++)); do r=$(( (r * 10 + ${fake:i:1}) % 97 )); done
fake=$fake$(printf '%02d' $((98 - (r * 100) % 97)))
assert_eq "$(OUT="$page" hc "/checkin?c=$fake")" "404"
t_begin "a receipt code is not taken for a check-in code"
assert_eq "$(OUT="$page" hc "/checkin?c=$(fake_receipt)")" "400"

t_begin "an answer is counted once its code is spent"
assert_eq "$(answer "${codes[0]}" -d k6_1=1 -d k6_2=0 -d k6_3=1 -d k6_4=0 -d k6_5=1 \
    -d k6_6=0 -d selfharm=no -d ci_sleep=good -d ci_overtime=h20_45 -d ci_talk=yes)" "200"
t_begin "the thank-you page says nothing is kept"
assert_contains "$page" "checkin/talk"
t_begin "the cells hold the answer: one in each question"
assert_eq "$(psql_admin "SELECT string_agg(question || '=' || answer, ',' ORDER BY question) FROM checkin_cells WHERE n = 1")" \
    "counselor=no,k6_band=none,overtime=h20_45,sleep=good,talk=yes"
t_begin "a used code gets the used page as soon as it is entered"
assert_eq "$(OUT="$page" hc "/checkin?c=$(digits "${codes[0]}")")" "410"
t_begin "the used page says so in plain words"
assert_contains "$page" "すでに使われています"
t_begin "answers sent again with a used code are refused"
OUT="$page" hc "/checkin?c=$(digits "${codes[1]}")" >/dev/null
tok=$(csrf_of "$page")
assert_eq "$(OUT="$page" hc /checkin/answer --data-urlencode "csrf=$tok" \
    --data-urlencode "code=${codes[0]}" -d ci_sleep=often)" "410"
t_begin "an answer with a value outside the form is refused and not counted"
assert_eq "$(answer "${codes[1]}" -d ci_sleep=evil)" "400"
t_begin "the refused answer left its code unspent"
assert_eq "$(psql_admin "SELECT answered FROM checkin_rounds WHERE label = '1か月後'")" "1"

t_begin "20 simultaneous answers with one code: exactly one is counted"
new_visitor
OUT="$page" hc "/checkin?c=$(digits "${codes[2]}")" >/dev/null
tok=$(csrf_of "$page")
for i in $(seq 1 20); do
	cp "$JAR" "$JAR.$i"	# each attempt its own copy: curl rewrites its jar
	( JAR="$JAR.$i" OUT=/dev/null hc /checkin/answer --data-urlencode "csrf=$tok" \
	    --data-urlencode "code=${codes[2]}" -d ci_sleep=sometimes >"$MDG_STATE/race.$i" ) &
done
wait
ok=$(cat "$MDG_STATE"/race.* | grep -o 200 | wc -l); used=$(cat "$MDG_STATE"/race.* | grep -o 410 | wc -l)
answered=$(psql_admin "SELECT answered FROM checkin_rounds WHERE label = '1か月後'")
cell=$(psql_admin "SELECT n FROM checkin_cells c JOIN checkin_rounds r ON r.id = c.round_id WHERE r.label = '1か月後' AND question = 'sleep' AND answer = 'sometimes'")
assert_eq "$ok $used $answered $cell" "1 19 2 1"

t_begin "a high K6 shows the crisis lines before anything else"
new_visitor
answer "${codes[3]}" -d k6_1=4 -d k6_2=4 -d k6_3=3 -d k6_4=3 -d k6_5=2 -d k6_6=2 \
    -d selfharm=no -d ci_counselor=yes >/dev/null
crisis=$(grep -n 'class="crisis"' "$page" | head -1 | cut -d: -f1)
h1=$(grep -n '<h1>' "$page" | head -1 | cut -d: -f1)
if [ -n "$crisis" ] && [ -n "$h1" ] && [ "$crisis" -lt "$h1" ]; then t_pass; else t_fail "crisis=$crisis h1=$h1"; fi
t_begin "and offers to start a consultation now"
assert_contains "$page" "いますぐ相談を始める"
t_begin "the consultation form comes pre-filled with what the person shares"
tok=$(csrf_of "$page")
args=()
while read -r kv; do args+=(--data-urlencode "$kv"); done < <(grep -o '<input type="hidden" name="[a-z0-9_]*" value="[^"]*"' "$page" |
    grep -v 'name="csrf"' | sed 's/.*name="\([^"]*\)" value="\([^"]*\)"/\1=\2/')
OUT="$page" hc /checkin/talk --data-urlencode "csrf=$tok" "${args[@]}" -d share_health=yes >/dev/null
if grep -q 'action="/report/wellbeing-self"' "$page" &&
    grep -q 'name="k6_1" value="4" checked' "$page" &&
    grep -q 'name="form_token" value="[A-Za-z0-9_-]' "$page"; then t_pass; else t_fail "not pre-filled"; fi
t_begin "without consent the cohort is not written into the form"
assert_not_contains "$page" "チェックインから相談しています"
t_begin "the consultation is an ordinary case: its receipt opens it"
# the pre-filled form itself is sent, as the person would after reading it
tok=$(csrf_of "$page") ft=$(form_token_of "$page")
OUT="$page" hc /report/wellbeing-self -L -F "csrf=$tok" -F "form_token=$ft" \
    -F k6_1=4 -F k6_2=4 -F k6_3=3 -F k6_4=3 -F k6_5=2 -F k6_6=2 -F selfharm=no \
    -F "worry=check-in $RANDOM" >/dev/null
receipt=$(receipt_of "$page")
assert_eq "$(open_case "$receipt")" "303"
t_begin "the case is urgent and nothing links it to the check-in"
assert_eq "$(( $(urgent_mh) - urgent0 )) $(psql_admin "SELECT count(*) FROM information_schema.columns WHERE table_name IN ('checkin_codes', 'checkin_cells', 'checkin_rounds') AND (column_name LIKE '%case%')")" "1 0"

t_begin "no row per person: answering adds no row anywhere"
rows() { psql_admin "SELECT string_agg(relname || '=' || (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM ' || relname, false, true, '')))[1]::text, ',' ORDER BY relname) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"; }
before=$(rows)
for i in 4 5 6 7 8; do answer "${codes[$i]}" -d ci_sleep=good -d ci_talk=no >/dev/null; done
after=$(rows)
assert_eq "$after" "$before"
t_begin "the check-in tables have no time finer than a day"
assert_eq "$(psql_admin "SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'checkin%' AND data_type LIKE 'timestamp%'")" "0"
t_begin "the database dump after the round holds no code and no per-answer row"
pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin madoguchi >"$MDG_STATE/ci-dump.sql"
found=0
for c in "${codes[@]}"; do grep -qF "$(digits "$c")" "$MDG_STATE/ci-dump.sql" && found=$((found + 1)); done
cells=$(psql_admin "SELECT count(*) FROM checkin_cells")
kinds=$(psql_admin "SELECT count(*) FROM checkin_answers")
assert_eq "$found $cells" "0 $kinds"

t_begin "the intake role cannot read the check-in tables"
out=$(psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_intake" \
    -c "SELECT count(*) FROM checkin_codes" 2>&1)
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi
t_begin "the intake role cannot add to counts without spending a code"
out=$(psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_intake" \
    -c "SELECT checkin_count(1, ARRAY['sleep=good'])" 2>&1)
if [[ $out == *"permission denied"* ]]; then t_pass; else t_fail "got: $out"; fi

t_begin "round close: the round's codes then get the closed page"
id=$(psql_admin "SELECT id FROM checkin_rounds WHERE label = '1か月後'")
"$admin" -c "$MDG_CONF" round close "$id" >/dev/null
new_visitor
assert_eq "$(OUT="$page" hc "/checkin?c=$(digits "${codes[9]}")")" "410"
t_begin "the closed page says the round is over"
assert_contains "$page" "受付は終わりました"
t_begin "round list shows issued and answered once closed"
"$admin" -c "$MDG_CONF" round list transfer >"$page"
if grep -E "^$id +transfer .* closed +30 +8" "$page" >/dev/null; then t_pass; else t_fail "$(cat "$page")"; fi

t_begin "a shared-link round: answers come in without codes, marked unverified"
"$admin" -c "$MDG_CONF" cohort add young "若手職員（採用3年以内）" "Staff in their first three years" >/dev/null
link=$("$admin" -c "$MDG_CONF" round open young --label "春" --closes "$closes" --link | grep -o 'checkin?r=[A-Za-z0-9_-]*')
new_visitor
OUT="$page" hc "/$link" >/dev/null
tok=$(csrf_of "$page")
assert_contains "$page" "共通のリンク"
t_begin "a shared link can be answered twice (why its figures are unverified)"
a1=$(OUT="$page" hc "/checkin/answer?${link#checkin?}" --data-urlencode "csrf=$tok" -d ci_sleep=good)
a2=$(OUT="$page" hc "/checkin/answer?${link#checkin?}" --data-urlencode "csrf=$tok" -d ci_sleep=good)
assert_eq "$a1 $a2 $(psql_admin "SELECT answered FROM checkin_rounds WHERE label = '春'")" "200 200 2"

# Throttling, on a second intake server whose bucket is small enough to
# empty for certain (the suite's own server refills faster than a slow
# machine can send).
t_begin "guessing codes is throttled per address"
tconf="$MDG_STATE/throttle.conf"
for _ in $(seq 1 50); do
	tport=$((20000 + RANDOM % 20000))
	(exec 3<>"/dev/tcp/127.0.0.1/$tport") 2>/dev/null || break
done
sed "s|^intake_port = .*|intake_port = $tport|" "$MDG_CONF" >"$tconf"
echo "checkin_per_ip_min = 3" >>"$tconf"
"$MDG_BUILD/madoguchi-intake" -c "$tconf" >>"$MDG_STATE/throttle.log" 2>&1 &
tpid=$!
for _ in $(seq 1 100); do
	curl -s --cacert "$MDG_STATE/tls/cert.pem" -o /dev/null "https://localhost:$tport/" && break
	sleep 0.1
done
statuses=""
for i in 1 2 3 4 5 6; do
	statuses="$statuses $(curl -sS --cacert "$MDG_STATE/tls/cert.pem" -o "$page" -w '%{http_code}' \
	    "https://localhost:$tport/checkin?c=$fake")"
done
assert_eq "$statuses" " 404 404 404 429 429 429"
# the guesser's flood is its own: someone at another address still gets in
t_begin "a flood from one address leaves a respondent at another address unthrottled"
assert_eq "$(curl -sS --interface 127.0.0.2 --cacert "$MDG_STATE/tls/cert.pem" -o /dev/null \
    -w '%{http_code}' "https://localhost:$tport/checkin?c=$fake")" "404"
t_begin "the throttled page says to wait, with Retry-After"
h=$(curl -sS --cacert "$MDG_STATE/tls/cert.pem" -D - -o "$page" "https://localhost:$tport/checkin?c=$fake")
if grep -qi '^retry-after: 60' <<<"$h" && grep -q '1分ほど待って' "$page"; then t_pass; else t_fail "$h"; fi
t_begin "a mistyped code is not charged to the bucket (no database is asked)"
assert_eq "$(curl -sS --cacert "$MDG_STATE/tls/cert.pem" -o /dev/null -w '%{http_code}' \
    "https://localhost:$tport/checkin?c=$bad")" "400"
kill "$tpid"; wait "$tpid" 2>/dev/null
