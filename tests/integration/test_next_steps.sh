#!/usr/bin/env bash
# Issue 12, "every screen says what happens next": the receipt keeps its
# code on a phone's first screen (short crisis line above, full list
# below) and prints without a script; the landing page starts with the
# way to the crisis lines and warns about work devices before the choices.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/next.html" hdr="$MDG_STATE/next.hdr"
# line number of the first match of $2 in file $1 (0: none)
line_of() { grep -n -m1 -F -- "$2" "$1" | cut -d: -f1 | grep . || echo 0; }

new_visitor
file_report wellbeing-self "$page" -F selfharm=often -F "worry=next-steps" >/dev/null
r=$(receipt_of "$page")
t_begin "a receipt with crisis lines shows the short crisis line above the code"
a=$(line_of "$page" 'class="crisis-line"') b=$(line_of "$page" 'id="receipt"')
[ "$a" -gt 0 ] && [ "$a" -lt "$b" ] && t_pass || t_fail "line $a vs receipt $b"
t_begin "and the full crisis block below the code"
c=$(line_of "$page" 'class="crisis"')
[ "$c" -gt "$b" ] && t_pass || t_fail "crisis block at line $c, receipt at $b"
t_begin "the receipt page keeps the \"I have written it down\" step"
assert_contains "$page" 'id="written"'
t_begin "the receipt page links to a page to print"
href=$(grep -o 'id="print" href="[^"]*"' "$page" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
[[ $href == /receipt/print\?t=* ]] && t_pass || t_fail "href '$href'"
t_begin "the print page shows the same code and the address to come back to"
st=$(OUT="$page.print" hc "$href")
[ "$st" = 200 ] && [ "$(receipt_of "$page.print")" = "$r" ] &&
    grep -q "id=\"followup-url\"[^>]*>https://localhost:[0-9]*/followup<" "$page.print" &&
    t_pass || t_fail "status $st"
t_begin "the print page warns about shared printers"
assert_contains "$page.print" 'class="no-print print-how"'
saved=$JAR; new_visitor
t_begin "another browser gets no print page for the same link"
st=$(OUT="$page.other" hc "$href")
[ "$st" = 404 ] && ! grep -q 'id="receipt"' "$page.other" && t_pass || t_fail "status $st"
JAR=$saved
t_begin "after \"I have written it down\" the print page shows no code"
hc /receipt/done --data-urlencode "csrf=$(csrf_of "$page")" \
    --data-urlencode "form_token=$(form_token_of "$page")" >/dev/null
st=$(OUT="$page.print" hc "$href")
[ "$st" = 410 ] && ! grep -q 'id="receipt"' "$page.print" && t_pass || t_fail "status $st"

t_begin "a receipt without crisis lines has no crisis line"
new_visitor
file_report harassment-self "$page" -F category=power -F "what=next-steps" >/dev/null
assert_not_contains "$page" 'class="crisis-line"'

for lang in ja en; do
	new_visitor
	t_begin "landing ($lang): the first thing in main is the way to the crisis lines"
	OUT="$page" hc / -b "__Host-mdg_lang=$lang" >/dev/null
	first=$(sed -n '/<main/,$p' "$page" | grep -v '^$' | sed -n 2p)
	[[ $first == '<p class="danger-line"><a href="#crisis-h">'* ]] &&
	    grep -q 'id="crisis-h"' "$page" && t_pass || t_fail "first: $first"
	t_begin "landing ($lang): the work-device warning comes before the four choices"
	w=$(line_of "$page" 'id="device-warn"') c=$(line_of "$page" 'class="cards"')
	[ "$w" -gt 0 ] && [ "$w" -lt "$c" ] && t_pass || t_fail "warning $w cards $c"
done
