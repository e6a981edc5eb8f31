#!/usr/bin/env bash
# Every review route against every kind of visitor: no session, a
# counselor on the case, a counselor of another channel, an analyst, an
# administrator. An administrator cannot read a report.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/az.html"

make_user az_on counselor harassment >/dev/null
make_user az_off counselor mental_health >/dev/null
make_user az_admin admin >/dev/null
make_user az_analyst analyst >/dev/null
new_visitor
file_report harassment-self "$page" -F category=sogi -F "what=authz-secret-text" >/dev/null
id=$(psql_admin "SELECT c.id FROM cases c JOIN case_keys k ON k.case_id = c.id JOIN counselors u ON u.id = k.counselor_id WHERE u.username = 'az_on' LIMIT 1")
att=00000000000000000000000000000000

declare -A JARS
for who in az_on az_off az_admin az_analyst; do
	new_visitor
	st=$(login "$who")
	t_begin "$who logs in"
	assert_eq "$st" "303"
	JARS[$who]=$JAR
done
new_visitor
JARS[none]=$JAR

# expect WHO METHOD PATH STATUS
expect() {
	local who=$1 method=$2 path=$3 want=$4 tok st
	JAR=${JARS[$who]}
	t_begin "$who $method $path -> $want"
	if [ "$method" = GET ]; then
		st=$(OUT="$page" rc "$path")
	else
		OUT="$page" rc /login >/dev/null
		tok=$(csrf_of "$page")
		st=$(OUT="$page" rc "$path" --data-urlencode "csrf=$tok" \
		    --data-urlencode "message=m" --data-urlencode "note=n" \
		    --data-urlencode status=closed --data-urlencode priority=low)
	fi
	assert_eq "$st" "$want"
	if [ "$want" != 200 ] && [ "$want" != 303 ]; then
		t_begin "$who $method $path shows nothing of the report"
		assert_not_contains "$page" "authz-secret-text"
	fi
}

for path in "/c/$id" "/c/$id/export" "/c/$id/file/$att"; do
	expect none GET "$path" 303
	expect az_off GET "$path" 403
	expect az_admin GET "$path" 403
	expect az_analyst GET "$path" 403
done
expect az_on GET "/c/$id" 200
expect az_on GET "/c/$id/export" 200
expect az_on GET "/c/$id/file/$att" 404
for verb in reply note status; do
	expect none POST "/c/$id/$verb" 303
	expect az_off POST "/c/$id/$verb" 403
	expect az_admin POST "/c/$id/$verb" 403
	expect az_analyst POST "/c/$id/$verb" 403
done
expect az_on POST "/c/$id/note" 303
expect none GET /queue 303
expect az_on GET /queue 200
expect az_off GET /queue 200
expect az_admin GET /queue 303
expect az_analyst GET /queue 303
expect none GET /audit 303
expect az_on GET /audit 403
expect az_off GET /audit 403
expect az_analyst GET /audit 403
expect az_admin GET /audit 200
t_begin "the audit page holds no report content"
assert_not_contains "$page" "authz-secret-text"
expect az_on GET "/c/not-a-case" 404
expect az_on GET "/c/$id/../../queue" 404

t_begin "a counselor of another channel does not see the case in the queue"
JAR=${JARS[az_off]}
OUT="$page" rc /queue >/dev/null
assert_not_contains "$page" "/c/$id"

t_begin "statistics: analyst 200, administrator 200, counselor 403, no session 303"
r1=$(JAR=${JARS[az_analyst]}; OUT="$page" rc /stats)
r2=$(JAR=${JARS[az_admin]}; rc /stats)
r3=$(JAR=${JARS[az_on]}; rc /stats)
r4=$(JAR=${JARS[none]}; rc /stats)
assert_eq "$r1 $r2 $r3 $r4" "200 200 403 303"
t_begin "statistics hold no report text"
assert_not_contains "$page" "authz-secret-text"
t_begin "small counts are suppressed (fewer than 5 SOGI cases show as <5)"
grep -A1 '<td>SOGIハラスメント' "$page" | grep -q '&lt;5' && t_pass || t_fail "sogi count shown"
t_begin "statistics download as CSV"
JAR=${JARS[az_analyst]}
assert_eq "$(OUT="$MDG_STATE/stats.csv" rc /stats.csv)" "200"
t_begin "the CSV has the tables"
assert_contains "$MDG_STATE/stats.csv" "年度別・ハラスメントの種類"
