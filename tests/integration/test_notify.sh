#!/usr/bin/env bash
# Mail notices: madoguchi-notify against a real SMTP server on loopback
# (python3-aiosmtpd, tests/tools/smtp_sink.py). Urgent cases arrive at
# once, others in a digest, reminders for due cases; no mail carries the
# report, its category, the case id or the receipt; a mail server that is
# down, or a notifier killed with -9, loses nothing and repeats nothing,
# except one mail whose kill fell between the send and its record.
. "$(dirname "$0")/lib.sh"
SINK=$MDG_STATE/mail NLOG=$MDG_STATE/notify.log NCONF=$MDG_STATE/notify.conf
page=$MDG_STATE/notify.html
mkdir -p "$SINK"

port_free() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}
SPORT=$(port_free)
notify_conf() {
	cp "$MDG_CONF" "$1"
	cat >>"$1" <<CONF
smtp_url = smtp://127.0.0.1:$SPORT
smtp_tls = $2
smtp_from = madoguchi@ward.example.jp
notify_sweep = 1
notify_batch = 3600
notify_retry = 1
notify_retry_max = 2
notify_daily_hour = 0
CONF
}
notify_conf "$NCONF" none

sink_start() {
	/usr/bin/python3 "$project/tests/tools/smtp_sink.py" "$SPORT" "$SINK" \
	    >>"$MDG_STATE/sink.log" 2>&1 &
	echo $! >"$MDG_STATE/sink.pid"
	for _ in $(seq 1 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SPORT") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "SMTP sink did not start"; cat "$MDG_STATE/sink.log"; return 1
}
sink_stop() {
	[ -f "$MDG_STATE/sink.pid" ] || return 0
	kill "$(cat "$MDG_STATE/sink.pid")" 2>/dev/null
	wait "$(cat "$MDG_STATE/sink.pid")" 2>/dev/null
	rm -f "$MDG_STATE/sink.pid"
}
notifier_start() {
	"$MDG_BUILD/madoguchi-notify" -c "${1:-$NCONF}" >>"$NLOG" 2>&1 &
	echo $! >"$MDG_STATE/notify.pid"
}
notifier_stop() {
	[ -f "$MDG_STATE/notify.pid" ] || return 0
	kill "${1:--TERM}" "$(cat "$MDG_STATE/notify.pid")" 2>/dev/null
	wait "$(cat "$MDG_STATE/notify.pid")" 2>/dev/null
	rm -f "$MDG_STATE/notify.pid"
}
trap 'notifier_stop; sink_stop' EXIT
psql_notify() {
	psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_notify" -c "$1" 2>&1
}
wake() { psql_admin "NOTIFY madoguchi_notify" >/dev/null; }

# mails_to ADDR [SUBJECT-WORD]: how many mails the sink holds for ADDR.
mails_to() {
	local n=0 f
	for f in "$SINK"/*.rcpt; do
		[ -e "$f" ] || continue
		grep -qxF "$1" "$f" || continue
		[ -n "${2:-}" ] && ! grep -qF "$2" "${f%.rcpt}.txt" && continue
		n=$((n + 1))
	done
	echo "$n"
}
# wait_mails ADDR COUNT SECONDS [SUBJECT-WORD]: 0 once COUNT have come.
wait_mails() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(mails_to "$1" "${4:-}")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
new_cases() { comm -13 "$1" <(psql_admin "SELECT id FROM cases ORDER BY id"); }
URGENT="緊急の相談" DIGEST="新しい相談・返信" REMIND="期限が"
A=alice.n@ward.example.jp B=bob.n@ward.example.jp C=refused-carol@ward.example.jp

sink_start || exit 1
notifier_start
# events from earlier tests (nobody had settings) are drained first
for _ in $(seq 1 50); do
	[ "$(psql_admin "SELECT count(*) FROM notify_events")" = 0 ] && break
	sleep 0.1
done
npid=$(cat "$MDG_STATE/notify.pid")
t_begin "notifier drains the events written while it was not running"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_events")" "0"
if ! grep -q '^sandbox = off' "$NCONF"; then
	t_begin "notifier runs under a seccomp filter"
	assert_eq "$(awk '/^Seccomp:/ {print $2}' "/proc/$npid/status")" "2"
	t_begin "notifier cannot gain privileges"
	assert_eq "$(awk '/^NoNewPrivs:/ {print $2}' "/proc/$npid/status")" "1"
fi
t_begin "notifier is not root once running"
uid=$(awk '/^Uid:/ {print $2 $3 $4 $5}' "/proc/$npid/status")
if [ "$(id -u)" -ne 0 ] || [ "$uid" != "0000" ]; then t_pass; else t_fail "uid $uid"; fi

# --- the notifier's role -----------------------------------------------
for q in "SELECT body FROM records LIMIT 1" "SELECT sealed_key FROM case_keys LIMIT 1" \
    "SELECT stream FROM attachments LIMIT 1" "SELECT meta FROM attachments LIMIT 1" \
    "SELECT body FROM notes LIMIT 1" "SELECT sealed_key FROM note_keys LIMIT 1" \
    "SELECT recovery_pk FROM org_keys" "SELECT detail FROM audit_log LIMIT 1" \
    "SELECT category FROM cases LIMIT 1" "SELECT receipt_lookup FROM cases LIMIT 1" \
    "SELECT labels FROM cases LIMIT 1" "SELECT wrapped_sk FROM counselors LIMIT 1" \
    "SELECT totp_sealed FROM counselors LIMIT 1" "UPDATE cases SET status = 'closed'" \
    "INSERT INTO notify_events (kind, case_id) VALUES ('case', 'x')"; do
	t_begin "notify role refused: ${q:0:48}"
	out=$(psql_notify "$q")
	case "$out" in *"permission denied"*) t_pass ;; *) t_fail "got: $out" ;; esac
done
t_begin "notify role reads what it needs: channel, priority, status, due dates"
out=$(psql_notify "SELECT count(id), count(channel_id), count(priority), count(status), count(ack_due) FROM cases")
case "$out" in *"|"*"|"*) t_pass ;; *) t_fail "got: $out" ;; esac

# --- settings on the account page ----------------------------------------
make_user n_alice counselor mental_health harassment >/dev/null
make_user n_bob counselor harassment >/dev/null
make_user n_carol counselor mental_health >/dev/null
make_user n_admin admin >/dev/null
new_visitor
login n_alice >/dev/null
t_begin "account page offers mail notice settings, urgent at once by default"
OUT="$page" rc /account >/dev/null
if grep -q 'action="/account/notify"' "$page" && grep -q 'name="urgent" value="1" checked' "$page"; then
	t_pass; else t_fail "no notice form"; fi
tok=$(csrf_of "$page")
t_begin "an address that could add a header is refused (400), the typed text kept"
st=$(OUT="$page" rc /account/notify --data-urlencode "csrf=$tok" \
    --data-urlencode $'email=alice@x.jp\r\nBcc: spy@evil.example' --data-urlencode digest=hourly)
if [ "$st" = 400 ] && grep -q 'aria-invalid="true"' "$page" && grep -q 'spy@evil.example' "$page"; then
	t_pass; else t_fail "status $st"; fi
t_begin "no settings were stored for the refused address"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_settings s JOIN counselors u ON u.id = s.counselor_id WHERE u.username = 'n_alice'")" "0"
t_begin "a counselor saves a work address, urgent at once, hourly digest, reminders"
st=$(OUT="$page" rc /account/notify --data-urlencode "csrf=$tok" --data-urlencode "email=$A" \
    --data-urlencode urgent=1 --data-urlencode digest=hourly --data-urlencode reminders=1)
assert_eq "$st" "200"
t_begin "the settings are stored with the page's language"
assert_eq "$(psql_admin "SELECT email, urgent, digest, reminders, lang FROM notify_settings s JOIN counselors u ON u.id = s.counselor_id WHERE u.username = 'n_alice'")" \
    "$A|t|hourly|t|ja"
t_begin "the saved settings are shown again"
OUT="$page" rc /account >/dev/null
if grep -qF "value=\"$A\"" "$page" && grep -q 'value="hourly" checked' "$page"; then
	t_pass; else t_fail "settings not shown"; fi
t_begin "saving the settings is audited without the address"
assert_eq "$(psql_admin "SELECT count(*) FROM audit_log WHERE actor = 'n_alice' AND action = 'notify.settings' AND detail NOT LIKE '%@%'")" "1"
psql_admin "INSERT INTO notify_settings (counselor_id, email, urgent, digest, reminders)
    SELECT id, '$B', true, 'hourly', false FROM counselors WHERE username = 'n_bob';
    INSERT INTO notify_settings (counselor_id, email, urgent, digest, reminders)
    SELECT id, '$C', true, 'off', false FROM counselors WHERE username = 'n_carol'" >/dev/null

# --- an urgent case -------------------------------------------------------
MARK="notify-marker-$RANDOM$RANDOM"
psql_admin "SELECT id FROM cases ORDER BY id" >"$MDG_STATE/cases.before"
new_visitor
t0=$(date +%s%N)
file_report wellbeing-self "$page" -F selfharm=often -F k6_1=4 -F "worry=$MARK 死にたい" >/dev/null
R1=$(receipt_of "$page")
t_begin "an urgent case produces a mail to its counselor within 5 s"
if wait_mails "$A" 1 5 "$URGENT"; then
	t_pass; echo "   urgent mail after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
else t_fail "no urgent mail to $A in 5 s"; fi
sleep 2
t_begin "exactly one urgent mail for one urgent case"
assert_eq "$(mails_to "$A" "$URGENT")" "1"
t_begin "a counselor not on the case's channel gets no mail"
assert_eq "$(mails_to "$B")" "0"
t_begin "a refused address is given up (shown, not retried) and does not block others"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_outbox o JOIN counselors u ON u.id = o.counselor_id WHERE u.username = 'n_carol' AND failed_at IS NOT NULL AND last_error LIKE '%550%'")" "1"
t_begin "the refused address is in the notifier's log by user name"
assert_contains "$NLOG" "for n_carol refused"
t_begin "madoguchi-admin status shows the undelivered notice"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" status >"$MDG_STATE/status.out" 2>&1
if grep -q "n_carol 1 0" "$MDG_STATE/status.out"; then t_pass; else t_fail "$(tail -n 3 "$MDG_STATE/status.out")"; fi
t_begin "the administrator's status page shows it"
new_visitor
login n_admin >/dev/null
OUT="$page" rc /status >/dev/null
if grep -q '<td>n_carol</td><td>1</td>' "$page"; then t_pass; else t_fail "not on /status"; fi
t_begin "a counselor cannot open the status page"
new_visitor; login n_bob >/dev/null
assert_eq "$(rc /status)" "403"

# --- non-urgent cases are batched -----------------------------------------
h0=$(date +%H)
for i in 1 2 3; do
	new_visitor
	file_report harassment-self "$page" -F category=power -F power_types=verbal \
	    -F "what=$MARK パワハラ $i" -F frequency=weekly -F consent_contact=no >/dev/null
	eval "R$((i + 1))=\$(receipt_of \"\$page\")"
done
sleep 3
if [ "$(date +%H)" = "$h0" ]; then
	t_begin "non-urgent cases are held for the digest, not mailed at once"
	assert_eq "$(mails_to "$B")" "0"
fi
t_begin "the held notices are counts only"
assert_eq "$(psql_admin "SELECT new_cases FROM notify_pending p JOIN counselors u ON u.id = p.counselor_id WHERE u.username = 'n_bob'")" "3"
# the hour turns: the notifier sees the boundary pass since its last digest
psql_admin "UPDATE notify_state SET last_run = last_run - interval '1 hour' WHERE name = 'hourly'" >/dev/null
wake
t_begin "at the hour, one digest mail holds all three cases"
wait_mails "$B" 1 5 "$DIGEST"; sleep 1
assert_eq "$(mails_to "$B" "$DIGEST")" "1"
t_begin "the digest counts the three new cases"
f=$(grep -lxF "$B" "$SINK"/*.rcpt | head -n 1)
assert_contains "${f%.rcpt}.txt" "新しい相談: 3件"
t_begin "the other counselor of the channel gets their own single digest"
assert_eq "$(mails_to "$A" "$DIGEST")" "1"

# --- deadline reminders ---------------------------------------------------
new_cases "$MDG_STATE/cases.before" >"$MDG_STATE/cases.mine"
c_over=$(sed -n 1p "$MDG_STATE/cases.mine") c_soon=$(sed -n 2p "$MDG_STATE/cases.mine")
# urgent cases filed above are due in one working day: move every other
# open clock out of the window so the counts are the two cases' alone
psql_admin "UPDATE cases SET ack_due = current_date + 30, response_due = current_date + 60,
        feedback_due = current_date + 90 WHERE id NOT IN ('$c_over', '$c_soon');
    UPDATE cases SET ack_due = current_date - 1 WHERE id = '$c_over';
    UPDATE cases SET ack_due = current_date + 1 WHERE id = '$c_soon';
    DELETE FROM notify_state WHERE name = 'reminders'" >/dev/null
wake
t_begin "reminders fire for due cases, to a counselor who wants them"
if wait_mails "$A" 1 5 "$REMIND"; then t_pass; else t_fail "no reminder"; fi
f=$(grep -lF "$REMIND" "$SINK"/*.txt | head -n 1)
t_begin "the reminder counts the overdue case"
assert_contains "$f" "期限を過ぎた相談: 1件"
t_begin "the reminder counts the case due tomorrow"
assert_contains "$f" "今日または明日が期限の相談: 1件"
t_begin "no reminder to a counselor who turned them off"
assert_eq "$(mails_to "$B" "$REMIND")" "0"
t_begin "reminders run once a day"
wake; sleep 2
assert_eq "$(mails_to "$A" "$REMIND")" "1"

# --- a reporter's reply goes to the assignee only, in the next digest -------
psql_admin "UPDATE cases SET assignee = (SELECT id FROM counselors WHERE username = 'n_bob')
    WHERE channel_id = 'harassment' AND id IN ($(sed "s/.*/'&'/" "$MDG_STATE/cases.mine" | paste -sd,))" >/dev/null
new_visitor
open_case "$R2" >/dev/null
OUT="$page" hc /case >/dev/null
tok=$(csrf_of "$page")
t_begin "a reporter replies on a case assigned to a counselor"
assert_eq "$(hc /case/reply -F "csrf=$tok" -F "message=$MARK reply")" "303"
sleep 2
t_begin "the reply is counted for the assignee"
assert_eq "$(psql_admin "SELECT replies FROM notify_pending p JOIN counselors u ON u.id = p.counselor_id WHERE u.username = 'n_bob'")" "1"
t_begin "and not for the channel's other counselor"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_pending p JOIN counselors u ON u.id = p.counselor_id WHERE u.username = 'n_alice' AND replies > 0")" "0"
psql_admin "UPDATE notify_state SET last_run = last_run - interval '1 hour' WHERE name = 'hourly'" >/dev/null
wake
t_begin "the next digest tells the assignee of one reply"
wait_mails "$B" 2 5 "$DIGEST"; sleep 1
f=$(grep -lxF "$B" "$SINK"/*.rcpt | tail -n 1)
assert_contains "${f%.rcpt}.txt" "相談者からの返信: 1件"
t_begin "a counselor with nothing new gets no digest"
assert_eq "$(mails_to "$A" "$DIGEST")" "1"

# --- the mail server down for a while, then up ----------------------------
sink_stop
before=$(mails_to "$A" "$URGENT")
for i in 1 2; do
	new_visitor
	file_report wellbeing-self "$page" -F selfharm=often -F "worry=$MARK down $i" >/dev/null
	eval "R$((i + 4))=\$(receipt_of \"\$page\")"
done
sleep 4
t_begin "while the mail server is down, notices wait in the outbox and are retried"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_outbox o JOIN counselors u ON u.id = o.counselor_id WHERE u.username = 'n_alice' AND sent_at IS NULL AND failed_at IS NULL AND attempts >= 2")" "2"
sink_start
t_begin "once it is back, every notice arrives"
wait_mails "$A" $((before + 2)) 15 "$URGENT"; sleep 3
assert_eq "$(mails_to "$A" "$URGENT")" "$((before + 2))"

# --- the notifier killed with -9 -----------------------------------------
sink_stop
new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=$MARK kill 1" >/dev/null
R7=$(receipt_of "$page")
sleep 1.5
notifier_stop -KILL
sink_start
new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=$MARK kill 2" >/dev/null
R8=$(receipt_of "$page")
notifier_start
t_begin "killed with -9 and restarted: the queued notice and the one filed while it was dead arrive, once each"
wait_mails "$A" $((before + 4)) 15 "$URGENT"; sleep 2
assert_eq "$(mails_to "$A" "$URGENT")" "$((before + 4))"
t_begin "so far no mail was delivered twice"
assert_eq "$(grep -h '^Message-ID:' "$SINK"/*.eml | sort | uniq -d | wc -l)" "0"

# The repeat rule: a kill after the mail server accepted a mail but before
# the notifier recorded it sends that mail again, with the same Message-ID.
touch "$SINK/slow"
n0=$(ls "$SINK"/*.eml 2>/dev/null | wc -l)
new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=$MARK slow" >/dev/null
R9=$(receipt_of "$page")
for _ in $(seq 1 50); do [ "$(ls "$SINK"/*.eml 2>/dev/null | wc -l)" -gt "$n0" ] && break; sleep 0.1; done
notifier_stop -KILL
rm -f "$SINK/slow"
notifier_start
t_begin "killed between the send and its record: that one mail comes again"
wait_mails "$A" $((before + 6)) 15 "$URGENT"; sleep 2
assert_eq "$(mails_to "$A" "$URGENT")" "$((before + 6))"
t_begin "the repeat carries the same Message-ID (one notice, delivered twice)"
assert_eq "$(grep -h '^Message-ID:' "$SINK"/*.eml | sort | uniq -d | wc -l)" "1"
t_begin "the repeated notice is one outbox row, recorded as sent"
mid=$(grep -h '^Message-ID:' "$SINK"/*.eml | sort | uniq -d | sed 's/.*<//; s/@.*//')
assert_eq "$(psql_admin "SELECT count(*) FROM notify_outbox WHERE message_id = '${mid:-none}' AND sent_at IS NOT NULL")" "1"
t_begin "nothing is left unsent"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_outbox WHERE sent_at IS NULL AND failed_at IS NULL")" "0"

# --- madoguchi-admin notify test ------------------------------------------
t_begin "madoguchi-admin notify test USER sends a test mail"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" notify test n_bob >"$MDG_STATE/nt.out" 2>&1
assert_eq "$?:$(mails_to "$B" "テストメール")" "0:1"
t_begin "notify test for a user without an address fails"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" notify test n_admin >/dev/null 2>&1
assert_eq "$?" "1"

# --- a colleague asks for access -------------------------------------------
# Four cases filed now are sealed to the channel's counselors (n_alice and
# n_bob, both with an address); n_late joins afterwards, holds none of
# their keys and asks for access from the queue page.
ACCESS="アクセスの依頼"
acc=()
for i in 1 2 3 4; do
	new_visitor
	file_report harassment-self "$page" -F category=power -F power_types=verbal \
	    -F "what=$MARK access $i" -F frequency=weekly -F consent_contact=no >/dev/null
	acc+=("$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")")
done
make_user n_late counselor harassment >/dev/null
new_visitor; login n_late >/dev/null
OUT="$page" rc /queue >/dev/null
tok=$(csrf_of "$page")
ask() { rc /queue/request --data-urlencode "csrf=$tok" --data-urlencode "case=$1"; }
t_begin "a counselor without the key asks for access"
assert_eq "$(ask "${acc[0]}")" "303"
t_begin "the key holder is mailed at once"
if wait_mails "$B" 1 5 "$ACCESS"; then t_pass; else t_fail "no access mail to $B"; fi
t_begin "every holder of the key with an address is mailed, once"
wait_mails "$A" 1 5 "$ACCESS"; sleep 1
assert_eq "$(mails_to "$A" "$ACCESS") $(mails_to "$B" "$ACCESS")" "1 1"
t_begin "a counselor of another channel is not"
assert_eq "$(mails_to "$C" "$ACCESS")" "0"
f=$(grep -lF "$ACCESS" "$SINK"/*.txt | head -n 1)
t_begin "the access mail names the channel and says where to grant it"
if grep -qF "窓口: ハラスメント相談" "$f" && grep -qF "相談一覧の上" "$f"; then t_pass; else t_fail "$(cat "$f")"; fi
t_begin "the access mail names neither the case nor who asked"
if grep -qiF -e "${acc[0]}" -e "${acc[0]:0:8}" -e n_late "$f"; then t_fail "found"; else t_pass; fi
t_begin "asking again for the same case mails nobody again"
ask "${acc[0]}" >/dev/null; sleep 2
assert_eq "$(mails_to "$A" "$ACCESS") $(mails_to "$B" "$ACCESS")" "1 1"
notifier_stop
for i in 1 2 3; do ask "${acc[$i]}" >/dev/null; done
t_begin "three requests while the notifier is down wait as one notice per holder"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_outbox o JOIN counselors u ON u.id = o.counselor_id WHERE o.kind = 'access' AND o.sent_at IS NULL AND u.username IN ('n_alice', 'n_bob')")" "2"
notifier_start
t_begin "which arrive as one more mail each, not three"
wait_mails "$B" 2 10 "$ACCESS"; wait_mails "$A" 2 10 "$ACCESS"; sleep 1
assert_eq "$(mails_to "$A" "$ACCESS") $(mails_to "$B" "$ACCESS")" "2 2"
t_begin "the account page says access requests are mailed at once"
new_visitor; login n_bob >/dev/null
OUT="$page" rc /account >/dev/null
assert_contains "$page" "アクセスを依頼したときは"

# --- STARTTLS is required unless configured off ----------------------------
notifier_stop
notify_conf "$MDG_STATE/notify-tls.conf" starttls
notifier_start "$MDG_STATE/notify-tls.conf"
psql_admin "INSERT INTO notify_outbox (counselor_id, kind, lang) SELECT id, 'test', 'en' FROM counselors WHERE username = 'n_bob'; NOTIFY madoguchi_notify" >/dev/null
sleep 3
t_begin "with STARTTLS required, nothing goes to a server that does not offer it"
assert_eq "$(mails_to "$B" "Test mail")" "0"
t_begin "the notice waits with the TLS error recorded"
assert_eq "$(psql_admin "SELECT count(*) FROM notify_outbox WHERE kind = 'test' AND sent_at IS NULL AND last_error ILIKE '%starttls%'")" "1"
notifier_stop
notifier_start
t_begin "the waiting notice is sent once a permitted route exists"
wait_mails "$B" 1 10 "Test mail"; sleep 1
assert_eq "$(mails_to "$B" "Test mail")" "1"

# --- AUTH with the password from a file ------------------------------------
AUTHDIR=$MDG_STATE/mail-auth APORT=$(port_free)
mkdir -p "$AUTHDIR"
SINK_AUTH="madoguchi:Pa55-word-from-file" /usr/bin/python3 "$project/tests/tools/smtp_sink.py" \
    "$APORT" "$AUTHDIR" >>"$MDG_STATE/sink.log" 2>&1 &
apid=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$APORT") 2>/dev/null && break; sleep 0.1; done
auth_conf() {	# auth_conf FILE PASSWORD
	notify_conf "$1" none
	sed -i "s|^smtp_url = .*|smtp_url = smtp://127.0.0.1:$APORT|" "$1"
	printf '%s\n' "$2" >"$1.pw"
	chmod 600 "$1.pw"
	printf 'smtp_user = madoguchi\nsmtp_password_file = %s\n' "$1.pw" >>"$1"
}
auth_count() { ls "$AUTHDIR"/*.eml 2>/dev/null | wc -l; }
auth_conf "$MDG_STATE/notify-badpw.conf" "not-the-password"
notifier_stop
notifier_start "$MDG_STATE/notify-badpw.conf"
psql_admin "INSERT INTO notify_outbox (counselor_id, kind, lang) SELECT id, 'test', 'en' FROM counselors WHERE username = 'n_alice'; NOTIFY madoguchi_notify" >/dev/null
sleep 3
t_begin "with a wrong SMTP password nothing is sent and the notice waits"
assert_eq "$(auth_count):$(psql_admin "SELECT count(*) FROM notify_outbox WHERE kind = 'test' AND sent_at IS NULL AND failed_at IS NULL AND attempts > 0")" "0:1"
notifier_stop
auth_conf "$MDG_STATE/notify-auth.conf" "Pa55-word-from-file"
notifier_start "$MDG_STATE/notify-auth.conf"
t_begin "with the password from smtp_password_file the mail is accepted after AUTH"
for _ in $(seq 1 100); do [ "$(auth_count)" -ge 1 ] && break; sleep 0.1; done
sleep 1
assert_eq "$(auth_count)" "1"
t_begin "the password is not in the notifier's log"
assert_not_contains "$NLOG" "Pa55-word-from-file"
notifier_stop
kill "$apid"; wait "$apid" 2>/dev/null
notifier_start

# --- what no mail may carry -----------------------------------------------
notifier_stop
# headers raw, subject and body decoded (the .txt files)
for f in "$SINK"/*.eml; do sed '/^\r*$/q' "$f"; cat "${f%.eml}.txt"; done >"$MDG_STATE/allmail.txt"
t_begin "mails were written (the check below has something to read)"
if [ "$(ls "$SINK"/*.eml 2>/dev/null | wc -l)" -ge 10 ]; then t_pass; else t_fail "$(ls "$SINK" | wc -l) files"; fi
t_begin "no mail carries the report's text"
assert_not_contains "$MDG_STATE/allmail.txt" "$MARK"
t_begin "no mail carries the self-harm words"
assert_not_contains "$MDG_STATE/allmail.txt" "死にたい"
t_begin "no mail carries the category"
if grep -qE 'power|パワーハラスメント|パワハラ|verbal' "$MDG_STATE/allmail.txt"; then t_fail "category found"; else t_pass; fi
t_begin "no mail carries a case id"
found=""
while read -r id; do grep -qiF "$id" "$MDG_STATE/allmail.txt" && found=$id; grep -qiF "${id:0:8}" "$MDG_STATE/allmail.txt" && found=$id; done <"$MDG_STATE/cases.mine"
assert_eq "$found" ""
t_begin "no mail carries a receipt"
found=""
for r in "$R1" "$R2" "$R3" "$R4" "$R5" "$R6" "$R7" "$R8" "$R9"; do
	[ -n "$r" ] || continue
	grep -qF "$r" "$MDG_STATE/allmail.txt" && found=$r
	grep -qF "${r//-/}" "$MDG_STATE/allmail.txt" && found=$r
done
assert_eq "$found" ""
t_begin "no mail carries a time finer than the hour"
if grep -E '^Date:' "$MDG_STATE/allmail.txt" | grep -vqE ' [0-9]{2}:00:00 \+0000'; then
	t_fail "a Date header with minutes"; else t_pass; fi
t_begin "the notifier's log holds no receipt, report text or address"
pats=(-e "$MARK" -e "$A" -e "$B")
for r in "$R1" "$R2" "$R5" "$R9"; do [ -n "$r" ] && pats+=(-e "$r"); done
if grep -qF "${pats[@]}" "$NLOG"; then t_fail "found in log"; else t_pass; fi
t_begin "notifier stopped cleanly on SIGTERM"
assert_contains "$NLOG" "notify: stopping"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$NLOG"; then
	t_begin "notifier: sanitizer report"; t_fail "$(grep -m1 -E 'Sanitizer|runtime error' "$NLOG")"
fi
if grep -q "^FAIL" "$MDG_RESULTS" && tail -n 80 "$MDG_RESULTS" | grep -q '^FAIL.*\(mail\|notice\|digest\|remind\)'; then
	echo "   notifier log (last lines):"; tail -n 20 "$NLOG" | sed 's/^/   /'
	echo "   sink log:"; tail -n 10 "$MDG_STATE/sink.log" | sed 's/^/   /'
fi
