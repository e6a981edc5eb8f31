#!/usr/bin/env bash
# The report forms' one script: served from the site itself, allowed by
# the CSP as a same-origin file and nothing else (no inline script), and
# given the server's own limits and the page's words through data-
# attributes. The forms work without it (test_reporter.sh).
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/fscript.html" hdr="$MDG_STATE/fscript.hdr"
js="$MDG_STATE/form.js"

t_begin "the script is served from the site (200, JavaScript)"
st=$(OUT="$js" hc /static/form.js -D "$hdr")
if [ "$st" = 200 ] && grep -qi '^Content-Type: text/javascript; charset=utf-8' "$hdr"; then
	t_pass; else t_fail "status $st"; fi
t_begin "it is the forms' helper from templates/static"
if cmp -s "$js" templates/static/form.js; then t_pass; else t_fail "different bytes"; fi
t_begin "no other static file is served"
assert_eq "$(hc /static/other.js)" "404"

t_begin "the CSP allows scripts from the site itself and nothing inline"
OUT="$page" hc /report/harassment-self -D "$hdr" >/dev/null
csp=$(grep -i '^Content-Security-Policy:' "$hdr")
if [[ $csp == *"script-src 'self';"* && $csp != *unsafe-inline* && $csp != *unsafe-eval* &&
    $csp == *"default-src 'none'"* ]]; then t_pass; else t_fail "$csp"; fi
t_begin "the form loads the script once, as a file, and has no inline script"
if [ "$(grep -o '<script' "$page" | wc -l)" = 1 ] &&
    grep -q '<script src="/static/form.js" defer></script>' "$page"; then
	t_pass; else t_fail "$(grep -o '<script[^>]*>' "$page" | tr '\n' ' ')"; fi
t_begin "the file input carries the server's limits in bytes"
max_upload=$(sed -n 's/^max_upload *= *//p' "$MDG_CONF" | tail -n 1)
max_body=$(sed -n 's/^max_body *= *//p' "$MDG_CONF" | tail -n 1)
assert_contains "$page" "data-max=\"${max_upload:-10485760}\" data-maxall=\"${max_body:-25165824}\""
t_begin "and the words the script shows, in the page's language"
assert_contains "$page" 'data-toobig="「{name}」は {size} あり、1ファイルの上限 {limit} を超えるため'
t_begin "the form asks for a warning before it is left"
assert_contains "$page" 'data-guard="1"'
t_begin "in English the words are English"
hc /lang/en >/dev/null
OUT="$page" hc /report/harassment-other >/dev/null
assert_contains "$page" 'data-toobig="“{name}” is {size}, over the limit of {limit} for one file'
