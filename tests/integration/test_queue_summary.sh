#!/usr/bin/env bash
# Each queue row shows the first words of the report, decrypted with the
# reader's key for the rows of the page only; nothing of it is stored.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/summary.html"

make_user sum_c counselor harassment mental_health >/dev/null
story="要約の確認です。上司から毎日のように大声で叱責され、同僚の前で人格を否定する言葉を言われています。SUMMARY-TAIL-MARK"
new_visitor
file_report harassment-self "$page" -F category=power -F "what=$story" >/dev/null
id=$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")
new_visitor
file_report wellbeing-self "$page" -F selfharm=no -F "worry=  眠れない日が続いています。
仕事に行くのがつらいです。" >/dev/null
mh=$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")
new_visitor; login sum_c >/dev/null; sum_jar=$JAR

# row ID: the queue row of case ID, walking the queue's own pager
row() {
	local next="/queue" l
	for _ in $(seq 1 100); do
		OUT="$page" rc "$next" >/dev/null
		l=$(grep -F "href=\"/c/$1\"" "$page")
		[ -n "$l" ] && { echo "$l"; return 0; }
		next=$(grep -o 'href="/queue?after=[^"]*"' "$page" | head -n 1 |
		    sed 's/^href="//; s/"$//; s/&amp;/\&/g')
		[ -n "$next" ] || return 1
	done
}

r=$(row "$id")
first40=$(LC_ALL=C.UTF-8 bash -c 'printf %s "${1:0:40}"' _ "$story")
t_begin "the queue row shows the report's first 40 characters"
[[ $r == *"<span class=\"summary\">$first40…</span>"* ]] && t_pass || t_fail "$r"
t_begin "and not the rest of the story"
[[ $r != *SUMMARY-TAIL-MARK* ]] && t_pass || t_fail "$r"
t_begin "a mental-health report's concern is summarised, blanks and line breaks folded"
r=$(row "$mh")
[[ $r == *'<span class="summary">眠れない日が続いています。 仕事に行くのがつらいです。</span>'* ]] && t_pass || t_fail "$r"
t_begin "the summary is nowhere in the database (only the sealed report)"
if pg_dump -h "$MDG_PG_RUN" -U madoguchi_admin -d madoguchi 2>/dev/null | grep -qF "$first40"; then
	t_fail "found in a dump"; else t_pass; fi
t_begin "a summary is escaped like any text"
new_visitor
st=$(file_report harassment-self "$page" -F category=power --form-string 'what=<b>x</b> & "y"')
[ "$st" = 200 ] || echo "filing: $st" >&2
esc=$(psql_admin "SELECT r.case_id FROM records r WHERE r.kind = 'report' ORDER BY r.created_at DESC, r.xmin::text::bigint DESC LIMIT 1")
JAR=$sum_jar
r=$(row "$esc")
[[ $r == *'<span class="summary">&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</span>'* ]] && t_pass || t_fail "$r"
