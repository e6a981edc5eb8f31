#!/usr/bin/env bash
# Malformed and misleading input at the edges: HEAD answers like GET
# without a body, a multipart body cut before its closing boundary stores
# nothing, and file names lose bidirectional controls wherever shown.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/names.html" hdr="$MDG_STATE/names.hdr"

t_begin "HEAD on a page answers 200 like GET"
assert_eq "$(OUT="$page" hc / -I -D "$hdr")" "200"
t_begin "with the page's headers and no body"
# curl -I never reads a body, so ask over a raw TLS connection instead
raw=$(printf 'HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
    timeout 10 openssl s_client -quiet -connect "127.0.0.1:${MDG_INTAKE_URL##*:}" 2>/dev/null)
if grep -qi '^Content-Type: text/html' "$hdr" && echo "$raw" | grep -q '200 OK' &&
    ! echo "$raw" | grep -qi '<html'; then t_pass; else t_fail "$(echo "$raw" | head -c 300)"; fi
t_begin "HEAD on the review login page answers 200"
assert_eq "$(rc /login -I)" "200"
t_begin "HEAD on an unknown path is still 404"
assert_eq "$(hc /no-such-page -I)" "404"

# A multipart body that stops before its closing boundary. The text is
# not its last part: the last part's value is never complete without the
# boundary, so only the parts before it can be given back.
new_visitor
OUT="$page" hc /report/harassment-self >/dev/null
tok=$(csrf_of "$page") ft=$(form_token_of "$page")
m="TRUNC$RANDOM$RANDOM"
b="mdgBoundary$RANDOM"
part() { printf -- '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "$b" "$1" "$2"; }
{ part csrf "$tok"; part form_token "$ft"; part what "$m"; part category power; } >"$MDG_STATE/cut.body"
before=$(psql_admin "SELECT count(*) FROM cases")
t_begin "a multipart body without its closing boundary is refused (400)"
assert_eq "$(OUT="$page" hc /report/harassment-self -H "Content-Type: multipart/form-data; boundary=$b" \
    --data-binary "@$MDG_STATE/cut.body")" "400"
t_begin "and nothing of it is stored"
assert_eq "$(psql_admin "SELECT count(*) FROM cases")" "$before"
t_begin "the refusal keeps what was typed"
assert_contains "$page" "$m"
printf -- '--%s--\r\n' "$b" >>"$MDG_STATE/cut.body"
t_begin "the same body with its closing boundary files"
assert_eq "$(OUT="$page" hc /report/harassment-self -L -H "Content-Type: multipart/form-data; boundary=$b" \
    --data-binary "@$MDG_STATE/cut.body")" "200"
t_begin "and is stored once"
assert_eq "$(psql_admin "SELECT count(*) FROM cases")" "$((before + 1))"

# U+202E RIGHT-TO-LEFT OVERRIDE makes "invoice<RLO>fdp.exe" look like a PDF.
printf 'not a pdf' >"$MDG_STATE/evidence.bin"
rlo=$(printf '\xe2\x80\xae')
new_visitor
file_report harassment-self "$page" -F category=power -F "what=bidi-name" \
    -F "files=@$MDG_STATE/evidence.bin;filename=invoice${rlo}fdp.exe" >/dev/null
r=$(receipt_of "$page")
new_visitor
open_case "$r" >/dev/null
OUT="$page" hc /case >/dev/null
t_begin "the reporter's page shows the file name without the bidi control"
if grep -q "invoicefdp.exe" "$page" && ! grep -q "$rlo" "$page"; then t_pass; else t_fail "$(grep -o 'invoice[^<]*' "$page" | head -n 1 | od -c | head -n 2)"; fi
