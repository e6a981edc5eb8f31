#!/usr/bin/env bash
# Issue 12 on the counselors' side: a refusal says what happened; an
# invitation that would leave a counselor with an empty queue warns; every
# table has a caption and every scrolling table region can be reached by
# keyboard and has a name.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/rnext.html" admin="$MDG_BUILD/madoguchi-admin"

t_begin "inviting a counselor with no channel warns (and still invites)"
"$admin" -c "$MDG_CONF" user invite nochan$$ counselor >"$MDG_STATE/inv.out" 2>"$MDG_STATE/inv.err"
rc=$?
[ $rc = 0 ] && grep -q 'token=' "$MDG_STATE/inv.out" &&
    grep -q "^warning: nochan$$ receives no channel" "$MDG_STATE/inv.err" &&
    grep -q "user channels nochan$$" "$MDG_STATE/inv.err" && t_pass || t_fail "rc $rc: $(cat "$MDG_STATE/inv.err")"
t_begin "inviting a counselor with a channel does not warn"
"$admin" -c "$MDG_CONF" user invite withchan$$ counselor harassment >/dev/null 2>"$MDG_STATE/inv.err"
[ ! -s "$MDG_STATE/inv.err" ] && t_pass || t_fail "$(cat "$MDG_STATE/inv.err")"
t_begin "inviting an analyst does not warn"
"$admin" -c "$MDG_CONF" user invite rnextan$$ analyst >/dev/null 2>"$MDG_STATE/inv.err"
[ ! -s "$MDG_STATE/inv.err" ] && t_pass || t_fail "$(cat "$MDG_STATE/inv.err")"
refused() {	# refused EXPECTED ARGS...: exit 1, EXPECTED on stderr, no SQL text
	"$admin" -c "$MDG_CONF" user invite "${@:2}" >"$MDG_STATE/inv.out" 2>"$MDG_STATE/inv.err"
	local rc=$?
	[ $rc = 1 ] && grep -q "$1" "$MDG_STATE/inv.err" && ! grep -q 'token=' "$MDG_STATE/inv.out" &&
	    ! grep -qi 'violates\|constraint\|duplicate key' "$MDG_STATE/inv.err" &&
	    t_pass || t_fail "rc $rc: $(cat "$MDG_STATE/inv.err")"
}
t_begin "inviting a name that exists says so in words"
refused "a user named withchan$$ exists already" withchan$$ counselor harassment
t_begin "inviting with an unknown channel says so in words"
refused "there is no channel nosuch" fresh$$ counselor nosuch
t_begin "inviting with a channel given twice says so in words"
refused "channel harassment is given twice" fresh$$ counselor harassment harassment
t_begin "a refused invitation leaves no account behind"
assert_eq "$(psql_admin "SELECT count(*) FROM counselors WHERE username = 'fresh$$'")" 0

# a case this counselor holds no key to
new_visitor
file_report harassment-self "$page" -F category=power -F "what=review-next" >/dev/null
cid=$(psql_admin "SELECT id FROM cases ORDER BY created_at DESC, ctid DESC LIMIT 1")
new_visitor
make_user rnext$$ counselor 2>/dev/null >/dev/null
new_visitor
login rnext$$ >/dev/null
for lang in ja en; do
	t_begin "a case without access ($lang): 403 that says there is no access to this case"
	st=$(OUT="$page" rc "/c/$cid" -b "__Host-mdg_lang=$lang")
	want='この相談を開く権限がありません' ; [ $lang = en ] && want='You have no access to this case'
	[ "$st" = 403 ] && grep -qF "$want" "$page" &&
	    ! grep -qE 'may have expired|有効期限が切れた可能性' "$page" && t_pass || t_fail "status $st"
done
t_begin "a page of another role: 403 that says the role does not give access"
st=$(OUT="$page" rc /stats -b "__Host-mdg_lang=en")
[ "$st" = 403 ] && grep -qF 'Your role does not give access to this page' "$page" && t_pass || t_fail "status $st"
t_begin "a missing form token still says the form may have expired"
st=$(OUT="$page" rc /account/password -b "__Host-mdg_lang=en" --data-urlencode "current=x")
[ "$st" = 403 ] && grep -qF 'may have expired' "$page" && t_pass || t_fail "status $st"

t_begin "the queue's table has a caption"
OUT="$page" rc /queue >/dev/null
grep -q '<caption>' "$page" && t_pass || t_fail "no caption"
# every table of every review template: a caption; every table region: a
# tab stop, a role and a name
for f in templates/r_*.html; do
	grep -q '<table' "$f" || continue
	t_begin "$(basename "$f"): every table has a caption"
	[ "$(grep -c '<table' "$f")" = "$(grep -c '<caption' "$f")" ] && t_pass || t_fail "tables without caption"
	t_begin "$(basename "$f"): every table region is focusable and named"
	bad=$(grep -o '<div class="table-wrap"[^>]*>' "$f" | grep -v 'tabindex="0" role="region" aria-label="')
	[ -z "$bad" ] && t_pass || t_fail "$bad"
done
