#!/usr/bin/env bash
# Every review route against every kind of visitor: no session, a
# counselor on the case, a counselor of another channel, an analyst, an
# administrator. The routes and who may use them come from the server's
# own table (madoguchi-review --routes), so a new route is tried the day
# it is added. An administrator cannot read a report.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/az.html" hdr="$MDG_STATE/az.hdr"

make_user az_on counselor harassment >/dev/null
make_user az_off counselor mental_health >/dev/null
make_user az_admin admin >/dev/null
make_user az_analyst analyst >/dev/null
new_visitor
file_report harassment-self "$page" -F category=sogi -F "what=authz-secret-text" >/dev/null
id=$(psql_admin "SELECT c.id FROM cases c JOIN case_keys k ON k.case_id = c.id JOIN counselors u ON u.id = k.counselor_id WHERE u.username = 'az_on' LIMIT 1")
att=00000000000000000000000000000000

declare -A JARS ROLE=([none]="" [az_on]=counselor [az_off]=counselor \
    [az_analyst]=analyst [az_admin]=admin)
VISITORS="none az_on az_off az_analyst az_admin"
for who in az_on az_off az_admin az_analyst; do
	new_visitor
	st=$(login "$who")
	t_begin "$who logs in"
	assert_eq "$st" "303"
	JARS[$who]=$JAR
done
new_visitor
JARS[none]=$JAR

# Paths to try for each prefix route; a prefix route missing here fails.
declare -A SAMPLES=(
	["GET /static/"]="/static/style.css"
	["GET /lang/"]="/lang/en"
	["GET /c/"]="/c/$id /c/$id/export /c/$id/file/$att"
	["POST /c/"]="/c/$id/note /c/$id/status /c/$id/reply /c/$id/grant"
	["GET /cohorts/"]="/cohorts/nosuch /cohorts/nosuch.csv"
)

# hit WHO METHOD PATH [with-token]: the status; the page in $page, the
# headers in $hdr.
hit() {
	local who=$1 method=$2 path=$3 token=${4:-yes} tok
	JAR=${JARS[$who]}
	if [ "$method" = GET ]; then
		OUT="$page" rc "$path" -D "$hdr"
		return
	fi
	OUT="$page" rc /login >/dev/null
	tok=$(csrf_of "$page")
	[ "$token" = yes ] || tok=wrong
	OUT="$page" rc "$path" -D "$hdr" --data-urlencode "csrf=$tok" \
	    --data-urlencode "message=m" --data-urlencode "note=n" \
	    --data-urlencode status=closed --data-urlencode priority=low
}
location() { tr -d '\r' <"$hdr" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }
shows_nothing() {
	t_begin "$1 shows nothing of the report"
	assert_not_contains "$page" "authz-secret-text"
}

# What the table says WHO gets at a route with access words ACCESS.
expect_of() {
	local who=$1 access=" $2 " path=$3 role=${ROLE[$1]}
	if [[ $access != *" login "* ]]; then echo same; return; fi
	if [ "$who" = none ]; then echo login; return; fi
	if [[ $access != *" $role "* ]]; then
		[[ $access == *" home "* ]] && echo home || echo 403
		return
	fi
	# a case route: only a counselor holding the case key gets in
	if [[ $access == *" case "* ]] && [ "$who" != az_on ]; then echo 403; return; fi
	echo granted
}

check() {
	local who=$1 method=$2 path=$3 access=$4 want st loc
	want=$(expect_of "$who" "$access" "$path")
	st=$(hit "$who" "$method" "$path")
	loc=$(location)
	t_begin "$who $method $path ($access) -> $want"
	case $want in
	same)	if [ "$who" = none ]; then SAME=$st; t_pass
		else assert_eq "$st" "$SAME"; fi ;;
	login)	assert_eq "$st $loc" "303 /login" ;;
	home)	[ "$st" = 303 ] && [ -n "$loc" ] && [ "$loc" != /login ] &&
		    [ "$loc" != "$path" ] && t_pass || t_fail "got $st $loc" ;;
	403)	assert_eq "$st" "403" ;;
	granted) [ "$st" != 403 ] && [ "$st" != 503 ] && [ "$st" != 405 ] &&
		    [ "$loc" != /login ] && t_pass || t_fail "got $st $loc" ;;
	esac
	[ "$want" = granted ] || [ "$want" = same ] || shows_nothing "$who $method $path"
}

# A form route refuses a wrong token even from someone allowed to use it.
check_token() {
	local method=$1 path=$2 access=" $3 " who=none st
	[[ $access == *" csrf "* ]] || return 0
	if [[ $access == *" login "* ]]; then
		for w in az_on az_analyst az_admin; do
			[ "$(expect_of "$w" "$3" "$path")" = granted ] && { who=$w; break; }
		done
	fi
	st=$(hit "$who" "$method" "$path" no)
	t_begin "$who $method $path without the form's token -> 403"
	assert_eq "$st" "403"
}

# A few exact answers first (the table below ends with logging out).
t_begin "a counselor on the case opens it, its export, and gets 404 for a missing file"
JAR=${JARS[az_on]}
r1=$(OUT="$page" rc "/c/$id")
r2=$(rc "/c/$id/export")
r3=$(rc "/c/$id/file/$att")
assert_eq "$r1 $r2 $r3" "200 200 404"
t_begin "an unknown case and a path outside the case are 404"
r1=$(rc "/c/not-a-case")
r2=$(rc "/c/$id/../../queue")
assert_eq "$r1 $r2" "404 404"

t_begin "a counselor of another channel does not see the case in the queue"
JAR=${JARS[az_off]}
OUT="$page" rc /queue >/dev/null
assert_not_contains "$page" "/c/$id"

t_begin "statistics: analyst 200, counselor 403, no session 303"
r1=$(JAR=${JARS[az_analyst]}; OUT="$page" rc /stats)
r3=$(JAR=${JARS[az_on]}; rc /stats)
r4=$(JAR=${JARS[none]}; rc /stats)
assert_eq "$r1 $r3 $r4" "200 403 303"
t_begin "statistics hold no report text"
assert_not_contains "$page" "authz-secret-text"
t_begin "small counts are suppressed (fewer than 5 SOGI cases show as <5)"
grep -A1 '<td>SOGIハラスメント' "$page" | grep -q '&lt;5' && t_pass || t_fail "sogi count shown"
t_begin "statistics download as CSV"
JAR=${JARS[az_analyst]}
assert_eq "$(OUT="$MDG_STATE/stats.csv" rc /stats.csv)" "200"
t_begin "the CSV has the tables"
assert_contains "$MDG_STATE/stats.csv" "年度別・ハラスメントの種類"

routes=$("$MDG_BUILD/madoguchi-review" --routes)
t_begin "the server lists its routes"
[ "$(echo "$routes" | wc -l)" -ge 10 ] && t_pass || t_fail "$routes"
# Rules the table itself must keep, whatever routes are added.
t_begin "routes that open a case are for counselors only"
bad=$(echo "$routes" | grep ' case' | grep -E ' (analyst|admin)( |$)')
[ -z "$bad" ] && t_pass || t_fail "$bad"
t_begin "every POST route checks the form's token"
bad=$(echo "$routes" | grep '^POST ' | grep -v ' csrf')
[ -z "$bad" ] && t_pass || t_fail "$bad"
t_begin "every route naming roles needs a session"
bad=$(echo "$routes" | grep -E ' (counselor|analyst|admin)( |$)' | grep -v ' login')
[ -z "$bad" ] && t_pass || t_fail "$bad"
t_begin "the audit log is for administrators only"
assert_eq "$(echo "$routes" | grep '^GET /audit ')" "GET /audit login admin"
# logging out ends the sessions the other routes need: it goes last
ordered=$(echo "$routes" | grep -v '^POST /logout '; echo "$routes" | grep '^POST /logout ')
while read -r method path access; do
	[ -n "$method" ] || continue
	key="$method $path"
	paths=$path
	if [[ " $access " == *" prefix "* ]]; then
		paths=${SAMPLES[$key]:-}
		t_begin "prefix route $key has paths to try"
		[ -n "$paths" ] && t_pass || { t_fail "add it to SAMPLES"; continue; }
	fi
	for p in $paths; do
		check_token "$method" "$p" "$access"
		for who in $VISITORS; do
			check "$who" "$method" "$p" "$access"
		done
	done
done <<<"$ordered"

