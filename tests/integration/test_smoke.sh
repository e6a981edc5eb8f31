#!/usr/bin/env bash
# The landing page over TLS, its headers, and what is refused.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/smoke.html" hdr="$MDG_STATE/smoke.hdr"

t_begin "landing page answers 200 over HTTPS"
assert_eq "$(OUT="$page" hc / -D "$hdr")" "200"
for h in "Content-Security-Policy: default-src 'none'" "Strict-Transport-Security: max-age=" \
    "Referrer-Policy: no-referrer" "X-Content-Type-Options: nosniff" \
    "Cache-Control: no-store" "frame-ancestors 'none'"; do
	t_begin "header: $h"
	assert_contains "$hdr" "$h"
done
t_begin "CSRF cookie is __Host-, Secure, HttpOnly, SameSite=Strict"
assert_contains "$hdr" "Set-Cookie: __Host-mdg_csrf="
t_begin "cookie flags"
if grep -i '^Set-Cookie' "$hdr" | grep -q 'Path=/; Secure; HttpOnly; SameSite=Strict'; then t_pass; else t_fail "flags missing"; fi
t_begin "landing page is Japanese by default"
assert_contains "$page" '<html lang="ja">'
t_begin "landing page warns against work devices and networks"
assert_contains "$page" "職場のパソコンやネットワークは避けてください"
t_begin "landing page shows crisis lines"
assert_contains "$page" 'href="tel:0120279338"'
t_begin "landing page has no script and no third-party resource"
if grep -qiE '<script|https?://' "$page"; then t_fail "found script or absolute URL"; else t_pass; fi

t_begin "language switch sets a cookie and returns to the page"
assert_eq "$(hc '/lang/en?next=/report/harassment-self' -D "$hdr")" "303"
t_begin "language switch redirect stays local"
assert_contains "$hdr" "Location: /report/harassment-self"
t_begin "English page after the switch"
OUT="$page" hc /report/harassment-self >/dev/null
assert_contains "$page" "Harassment — about me"
t_begin "open redirect refused"
hc '/lang/ja?next=//evil.example/' -D "$hdr" >/dev/null
assert_contains "$hdr" "Location: /"$'\r'

t_begin "TLS 1.1 is refused"
if curl -s --cacert "$MDG_STATE/tls/cert.pem" --tlsv1.1 --tls-max 1.1 -o /dev/null "$MDG_INTAKE_URL/" 2>/dev/null; then
	t_fail "TLS 1.1 handshake succeeded"; else t_pass; fi
t_begin "TLS 1.3 works"
if curl -s --cacert "$MDG_STATE/tls/cert.pem" --tlsv1.3 -o /dev/null "$MDG_INTAKE_URL/"; then t_pass; else t_fail "no TLS 1.3"; fi
t_begin "plain HTTP is not served"
if curl -s -o /dev/null --max-time 5 "http://localhost:${MDG_INTAKE_URL##*:}/" ; then t_fail "answered plain HTTP"; else t_pass; fi

t_begin "unknown page: 404 page"
assert_eq "$(OUT="$page" hc /nowhere)" "404"
t_begin "404 page is a real page"
assert_contains "$page" "ページが見つかりません"
t_begin "wrong method: 405"
assert_eq "$(hc / -X DELETE)" "405"
t_begin "unknown form: 404"
assert_eq "$(hc /report/nothing)" "404"
t_begin "POST without a form body: 415"
assert_eq "$(hc /followup -X POST -H 'Content-Type: application/json' --data '{}')" "415"
t_begin "stylesheet is served"
assert_eq "$(hc /static/style.css)" "200"
