#!/usr/bin/env bash
# A case's history and the audit page say what happened in words, in the
# page's language, not the codes the log stores (case.status,
# status=closed ...); the audit heading says how many entries it shows;
# statistics name months in words in English too.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/words.html"

make_user ew_c counselor harassment >/dev/null
make_user ew_admin admin >/dev/null
make_user ew_analyst analyst >/dev/null
new_visitor
file_report harassment-self "$page" -F category=power -F "what=event-words" >/dev/null
id=$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")
new_visitor; login ew_c >/dev/null
OUT="$page" rc "/c/$id" >/dev/null
rc "/c/$id/status" --data-urlencode "csrf=$(csrf_of "$page")" --data-urlencode status=closed \
    --data-urlencode priority=high --data-urlencode outcome=resolved --data-urlencode assign=me \
    --data-urlencode watch1= --data-urlencode watch2= >/dev/null
OUT="$page" rc "/c/$id" >/dev/null
hist=$(sed -n '/<ul class="history">/,/<\/ul>/p' "$page")

t_begin "the history names the status change in words"
[[ $hist == *"状態などを変更"* ]] && t_pass || t_fail "$hist"
t_begin "the history gives the new status, priority and outcome in words"
if [[ $hist == *'<span class="ev">状況: 完了</span>'* && $hist == *'<span class="ev">優先度: 高</span>'* &&
    $hist == *'<span class="ev">結果: 解決した</span>'* && $hist == *"担当を自分に"* ]]; then
	t_pass; else t_fail "$hist"; fi
t_begin "the history shows no code"
if [[ $hist == *case.status* || $hist == *status=* || $hist == *case.view* || $hist == *outcome=* ]]; then
	t_fail "$hist"; else t_pass; fi
t_begin "in English, the history is in English words"
rc /lang/en >/dev/null
OUT="$page" rc "/c/$id" >/dev/null
hist=$(sed -n '/<ul class="history">/,/<\/ul>/p' "$page")
if [[ $hist == *"Status changed"* && $hist == *'<span class="ev">Status: Closed</span>'* &&
    $hist == *"Case viewed"* ]]; then t_pass; else t_fail "$hist"; fi

new_visitor; login ew_admin >/dev/null
OUT="$page" rc /audit >/dev/null
rows=$(sed -n '/<tbody>/,/<\/tbody>/p' "$page" | grep -c '<tr>')
t_begin "the audit heading counts the entries it shows"
assert_contains "$page" "<span class=\"count\">（新しい順に${rows}件）</span></h1>"
t_begin "the audit page shows actions in words, not codes"
body=$(sed -n '/<tbody>/,/<\/tbody>/p' "$page")
if [[ $body == *"状態などを変更"* && $body == *"ログイン"* && $body != *">case.status<"* &&
    $body != *">login<"* && $body != *"status=closed"* ]]; then t_pass; else t_fail "codes shown"; fi
t_begin "an administrator's channel change reads as channel names"
"$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" user channels ew_c harassment mental_health >/dev/null
OUT="$page" rc /audit >/dev/null
grep -F "担当窓口を変更" "$page" | grep -qF '<span class="ev">ハラスメント相談</span>' && t_pass ||
    t_fail "$(grep -F "user.channels" "$page" | head -n 1)"
t_begin "in English the audit heading counts too"
rc /lang/en >/dev/null
OUT="$page" rc /audit >/dev/null
rows=$(sed -n '/<tbody>/,/<\/tbody>/p' "$page" | grep -c '<tr>')
assert_contains "$page" "<span class=\"count\">(newest ${rows})</span></h1>"

new_visitor; login ew_analyst >/dev/null
rc /lang/en >/dev/null
OUT="$page" rc /stats >/dev/null
t_begin "English statistics name months in words, not YYYY-MM"
if grep -qE '<td>[0-9]{4}-[0-9]{2}</td>' "$page"; then t_fail "a YYYY-MM cell"; else t_pass; fi
