#!/usr/bin/env bash
# Cases a counselor cannot open: a counselor who joins a channel after a
# case was filed holds no key to it. The queue links only cases its reader
# can open; the others appear apart, with a button that asks colleagues
# for access; a colleague holding the key sees the request and grants it
# (the case key sealed to the requester's public key). Both are audited.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/access.html"

make_user acc_early counselor harassment >/dev/null
new_visitor
file_report harassment-self "$page" -F category=power -F "what=access-marker-text" >/dev/null
id=$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")
make_user acc_late counselor harassment >/dev/null
make_user acc_other counselor mental_health >/dev/null
new_visitor; login acc_early >/dev/null; early_jar=$JAR
new_visitor; login acc_late >/dev/null; late_jar=$JAR
new_visitor; login acc_other >/dev/null; other_jar=$JAR

# queue_walk: the first queue page, then each page of the cases without
# a key, until the case's row shows (last page in $page, all in $page.all)
queue_walk() {
	local next="/queue"
	: >"$page.all"
	for _ in $(seq 1 200); do
		OUT="$page" rc "$next" >/dev/null
		cat "$page" >>"$page.all"
		grep -qF "id=\"l-$id\"" "$page" && return 0
		next=$(grep -o 'href="/queue?locked_after=[0-9a-f]*#locked-h"' "$page" |
		    head -n 1 | sed 's/^href="//; s/"$//')
		[ -n "$next" ] || return 1
	done
	return 1
}

JAR=$late_jar
t_begin "the late counselor's case page is refused (no key)"
assert_eq "$(rc "/c/$id")" "403"
t_begin "the queue links no case the late counselor cannot open"
queue_walk
if grep -qF "href=\"/c/$id\"" "$page.all"; then t_fail "linked"; else t_pass; fi
t_begin "the case is listed apart, with a button asking for access"
row=$(grep -F "id=\"l-$id\"" "$page")
if [[ $row == *"value=\"$id\""* && $row == *'action="/queue/request"'* ]] &&
    grep -qF "まだ開けない相談" "$page"; then t_pass; else t_fail "not listed: $row"; fi
t_begin "no linked queue row of the late counselor ends in 403"
bad=""
for c in $(grep -o 'href="/c/[0-9a-f]\{32\}"' "$page.all" | sed 's/.*c\///; s/"$//' | sort -u); do
	[ "$(rc "/c/$c")" = 200 ] || bad="$bad $c"
done
assert_eq "$bad" ""

tok=$(csrf_of "$page")
t_begin "asking for access answers with a redirect to the queue"
assert_eq "$(rc /queue/request --data-urlencode "csrf=$tok" --data-urlencode "case=$id")" "303"
t_begin "the request is audited as the requester's"
assert_eq "$(psql_admin "SELECT actor FROM audit_log WHERE action = 'case.access_request' AND case_id = '$id'")" "acc_late"
t_begin "the queue then says the request was sent"
OUT="$page" rc "/queue?asked=1" >/dev/null
assert_contains "$page" "アクセスを依頼しました"
t_begin "the case's row is marked asked, without the button"
queue_walk
row=$(grep -F "id=\"l-$id\"" "$page")
if [[ $row == *依頼済み* && $row != *'action="/queue/request"'* ]]; then t_pass; else t_fail "$row"; fi
t_begin "asking again keeps one request"
rc /queue/request --data-urlencode "csrf=$tok" --data-urlencode "case=$id" >/dev/null
assert_eq "$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id WHERE g.case_id = '$id' AND u.username = 'acc_late' AND g.requested_at IS NOT NULL")" "1"
t_begin "setting the channels the counselor keeps leaves their request pending"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" user channels acc_late harassment >/dev/null 2>&1
assert_eq "$?:$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id WHERE g.case_id = '$id' AND u.username = 'acc_late' AND g.requested_at IS NOT NULL")" "0:1"
new_visitor; file_report wellbeing-self "$page.f" -F selfharm=no -F "worry=access-mh" >/dev/null
JAR=$late_jar
t_begin "adding a channel leaves it pending too, and the new channel's older cases are listed apart"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" user channels acc_late harassment mental_health >/dev/null 2>&1
assert_eq "$?:$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id WHERE g.case_id = '$id' AND u.username = 'acc_late' AND g.requested_at IS NOT NULL"):$(psql_admin "SELECT count(*) > 0 FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id JOIN cases c ON c.id = g.case_id WHERE u.username = 'acc_late' AND c.channel_id = 'mental_health'")" "0:1:t"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" user channels acc_late harassment >/dev/null 2>&1
t_begin "taking a channel away drops only that channel's cases"
assert_eq "$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id JOIN cases c ON c.id = g.case_id WHERE u.username = 'acc_late' AND c.channel_id = 'mental_health'"):$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id WHERE g.case_id = '$id' AND u.username = 'acc_late' AND g.requested_at IS NOT NULL")" "0:1"
t_begin "asking for a case one can open already is 404"
own=$(psql_admin "SELECT k.case_id FROM case_keys k JOIN counselors u ON u.id = k.counselor_id WHERE u.username = 'acc_late' LIMIT 1")
if [ -n "$own" ]; then
	assert_eq "$(rc /queue/request --data-urlencode "csrf=$tok" --data-urlencode "case=$own")" "404"
else
	# no case was filed after acc_late joined: file one
	new_visitor; file_report harassment-self "$page.f" -F category=power -F "what=access-own" >/dev/null
	JAR=$late_jar
	own=$(psql_admin "SELECT k.case_id FROM case_keys k JOIN counselors u ON u.id = k.counselor_id WHERE u.username = 'acc_late' LIMIT 1")
	assert_eq "$(rc /queue/request --data-urlencode "csrf=$tok" --data-urlencode "case=$own")" "404"
fi
t_begin "asking for a case of another channel is 404"
JAR=$other_jar
OUT="$page" rc /queue >/dev/null
assert_eq "$(rc /queue/request --data-urlencode "csrf=$(csrf_of "$page")" --data-urlencode "case=$id")" "404"
t_begin "a malformed case id is 400"
assert_eq "$(rc /queue/request --data-urlencode "csrf=$(csrf_of "$page")" --data-urlencode "case=../x")" "400"
t_begin "a request without the form's token is refused"
JAR=$late_jar
assert_eq "$(rc /queue/request --data-urlencode "case=$id")" "403"

JAR=$early_jar
t_begin "the colleague holding the key sees the request on the queue"
OUT="$page" rc /queue >/dev/null
if grep -qF "action=\"/c/$id/grant\"" "$page" && grep -qF 'name="username" value="acc_late"' "$page"; then
	t_pass; else t_fail "no request shown"; fi
t_begin "and on the case page"
OUT="$page" rc "/c/$id" >/dev/null
grep -qF "同僚からのアクセス依頼" "$page" && grep -qF 'value="acc_late"' "$page" && t_pass || t_fail "not on the case page"
t_begin "a counselor of another channel sees no request for it"
JAR=$other_jar
OUT="$page" rc /queue >/dev/null
assert_not_contains "$page" "/c/$id/grant"

JAR=$early_jar
OUT="$page" rc /queue >/dev/null
t_begin "granting from the queue's button re-seals the key"
assert_eq "$(rc "/c/$id/grant" --data-urlencode "csrf=$(csrf_of "$page")" --data-urlencode username=acc_late)" "303"
t_begin "the grant is audited by the granter, naming the requester"
assert_eq "$(psql_admin "SELECT actor || ' ' || detail FROM audit_log WHERE action = 'case.grant' AND case_id = '$id'")" "acc_early acc_late"
t_begin "the answered request is gone from the granter's queue"
OUT="$page" rc /queue >/dev/null
assert_not_contains "$page" "/c/$id/grant"

JAR=$late_jar
t_begin "the requester now reads the case"
OUT="$page" rc "/c/$id" >/dev/null
assert_contains "$page" "access-marker-text"
t_begin "and the queue no longer lists it as one to ask for"
queue_walk
if grep -qF "id=\"l-$id\"" "$page.all"; then t_fail "still listed"; else t_pass; fi
t_begin "a case filed after the counselor joined is no case to ask for"
new_visitor
file_report harassment-self "$page.f" -F category=power -F "what=access-after" >/dev/null
new_id=$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")
assert_eq "$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id WHERE g.case_id = '$new_id' AND u.username IN ('acc_late', 'acc_early')")" "0"
t_begin "a counselor added to a channel lacks its older cases at once"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" user channels acc_other harassment mental_health >/dev/null
assert_eq "$(psql_admin "SELECT count(*) FROM access_gaps g JOIN counselors u ON u.id = g.counselor_id WHERE g.case_id = '$id' AND u.username = 'acc_other'")" "1"

