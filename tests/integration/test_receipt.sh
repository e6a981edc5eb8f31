#!/usr/bin/env bash
# Post/Redirect/Get: the submission commits and redirects; the receipt
# page shows the receipt again on reload, to this browser only; a repeated
# POST of the same form files nothing new; "I have written it down" wipes
# it; a form without a good form token files nothing and keeps the text.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/prg.html" hdr="$MDG_STATE/prg.hdr" form="$MDG_STATE/prg-form.html"
cases() { psql_admin "SELECT count(*) FROM cases"; }
n0=$(cases)

new_visitor
OUT="$form" hc /report/harassment-self >/dev/null
tok=$(csrf_of "$form") ft=$(form_token_of "$form")
t_begin "the report form carries a form token"
if [ ${#ft} -eq 54 ]; then t_pass; else t_fail "form_token '$ft'"; fi
t_begin "a submission is answered with 303 to the receipt page"
st=$(OUT="$page" hc /report/harassment-self -D "$hdr" -F "csrf=$tok" -F "form_token=$ft" \
    -F category=power -F "what=prg-text")
loc=$(grep -i '^Location:' "$hdr" | tr -d '\r' | sed 's/^[^:]*: //')
[ "$st" = 303 ] && [ "$loc" = "/receipt?t=$ft" ] && t_pass || t_fail "status $st location '$loc'"
t_begin "the redirect itself shows no receipt"
assert_not_contains "$page" 'class="receipt"'
t_begin "the receipt page shows the receipt"
st=$(OUT="$page" hc "$loc")
r1=$(receipt_of "$page")
[ "$st" = 200 ] && [[ $r1 =~ ^[0-9]{4}(-[0-9]{4}){6}$ ]] && t_pass || t_fail "status $st receipt '$r1'"
t_begin "reloading the receipt page shows the same receipt"
OUT="$page" hc "$loc" >/dev/null
assert_eq "$(receipt_of "$page")" "$r1"
t_begin "the receipt page is not cached"
hc "$loc" -D "$hdr" >/dev/null; assert_contains "$hdr" "Cache-Control: no-store"
t_begin "posting the same form again files nothing new and leads to the same receipt"
st=$(OUT="$page" hc /report/harassment-self -L -F "csrf=$tok" -F "form_token=$ft" \
    -F category=power -F "what=prg-text")
[ "$st" = 200 ] && [ "$(receipt_of "$page")" = "$r1" ] && t_pass || t_fail "status $st"
t_begin "one case was filed for the form"
assert_eq "$(( $(cases) - n0 ))" "1"
t_begin "the receipt shown opens that case"
saved=$JAR; new_visitor
assert_eq "$(open_case "$r1")" "303"
t_begin "another browser with the same link sees no receipt"
st=$(OUT="$page" hc "$loc")
[ "$st" = 404 ] && ! grep -q 'class="receipt"' "$page" && t_pass || t_fail "status $st"
JAR=$saved
t_begin "\"I have written it down\" wipes the receipt and goes to follow-up"
OUT="$page" hc "$loc" >/dev/null
st=$(hc /receipt/done -D "$hdr" --data-urlencode "csrf=$(csrf_of "$page")" \
    --data-urlencode "form_token=$(form_token_of "$page")")
[ "$st" = 303 ] && grep -q '^Location: /followup' "$hdr" && t_pass || t_fail "status $st"
t_begin "after that the receipt page says it was already shown"
st=$(OUT="$page" hc "$loc")
[ "$st" = 410 ] && ! grep -q 'class="receipt"' "$page" && grep -q 'id="receipt-status"' "$page" &&
    t_pass || t_fail "status $st"
t_begin "and the same form still files nothing new"
hc /report/harassment-self -F "csrf=$tok" -F "form_token=$ft" -F category=power -F "what=prg-text" >/dev/null
assert_eq "$(( $(cases) - n0 ))" "1"

t_begin "a form without a form token files nothing and keeps the text"
new_visitor
OUT="$form" hc /report/harassment-self >/dev/null
tok=$(csrf_of "$form")
st=$(OUT="$page" hc /report/harassment-self -F "csrf=$tok" -F category=power -F "what=no-form-token-text")
[ "$st" = 400 ] && grep -q no-form-token-text "$page" && t_pass || t_fail "status $st"
t_begin "the re-rendered form has a fresh token that files"
ft=$(form_token_of "$page")
st=$(OUT="$page" hc /report/harassment-self -L -F "csrf=$tok" -F "form_token=$ft" -F category=power -F "what=second-try")
[ "$st" = 200 ] && [ -n "$(receipt_of "$page")" ] && t_pass || t_fail "status $st"
t_begin "another browser's form token files nothing"
OUT="$form" hc /report/harassment-self >/dev/null
ft=$(form_token_of "$form")
new_visitor
OUT="$form" hc /report/harassment-self >/dev/null
st=$(hc /report/harassment-self -F "csrf=$(csrf_of "$form")" -F "form_token=$ft" -F category=power -F "what=x")
assert_eq "$st" "400"
t_begin "two forms filed in one browser give two receipts"
assert_eq "$(( $(cases) - n0 ))" "2"
t_begin "a made-up receipt link shows nothing"
assert_eq "$(hc '/receipt?t=AAAA')" "404"
