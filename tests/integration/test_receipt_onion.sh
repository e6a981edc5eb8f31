#!/usr/bin/env bash
# The printed receipt names the address the reporter came through: the
# onion address on the onion listener (never the public address, which
# would send a Tor user out onto their own network), the public address
# on the TLS listener.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/ronion.html"
oport=$(free_port 2>/dev/null || echo $((20000 + RANDOM % 20000)))
public=$(sed -n 's/^public_url *= *//p' "$MDG_CONF" | tail -n 1)
public=${public:-https://localhost:${MDG_INTAKE_URL##*:}}
onion_a=$(printf 'a%.0s' $(seq 1 56)).onion
onion_b=$(printf 'b%.0s' $(seq 1 55))7.onion

oc() {
	local path=$1; shift
	curl -sS --http1.1 --max-time 60 -b "$JAR" -c "$JAR" -o "${OUT:-/dev/null}" \
	    -w '%{http_code}' "$@" "http://127.0.0.1:$oport$path"
}
# The jar's cookies as one Cookie header: curl keeps Secure cookies of a
# plain-HTTP origin only for 127.0.0.1 and matches them by the Host header,
# so a request naming an onion Host sends them by hand, as Tor Browser
# (which treats .onion as a secure origin) would.
jar_cookies() {
	awk -F '\t' 'NF == 7 { sub(/^#HttpOnly_/, "", $1); printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR"
}
# onion_print [curl args]: files a report over the onion listener, then
# fetches its print page with these args; the page goes to $page, its
# status to $st, the form token to $tok (not in a subshell: it sets them)
onion_print() {
	local csrf ft loc
	new_visitor
	OUT="$page" oc /report/wellbeing-self >/dev/null
	csrf=$(csrf_of "$page") ft=$(form_token_of "$page")
	loc=$(oc /report/wellbeing-self -F "csrf=$csrf" -F "form_token=$ft" \
	    -F selfharm=no -F "worry=onion-print" -w '%{redirect_url}')
	tok=${loc##*t=}
	st=$(OUT="$page" oc "/receipt/print?t=$tok" -H "Cookie: $(jar_cookies)" "$@")
}

with_conf "onion_port = $oport"
t_begin "without onion_url, the printout over the onion listener names the onion Tor Browser asked for"
onion_print -H "Host: $onion_b"
if [ "$st" = 200 ] && grep -q 'id="receipt"' "$page"; then
	assert_contains "$page" "http://$onion_b/followup"
else t_fail "status $st"; fi
t_begin "and never the public address"
assert_not_contains "$page" "$public/followup"
t_begin "a Host that is not an onion name is not printed; the page says which address instead"
onion_print -H "Host: evil.example"
if [ "$st" = 200 ] && ! grep -q 'evil.example' "$page" && ! grep -qF "$public/followup" "$page" &&
    grep -q 'id="followup-url-onion"' "$page"; then t_pass; else t_fail "status $st"; fi
t_begin "nor one that only looks like one"
onion_print -H "Host: ${onion_b%.onion}x.onion.evil.example"
assert_not_contains "$page" "evil.example"

with_conf "onion_port = $oport" "onion_url = http://$onion_a"
t_begin "with onion_url, the printout over the onion listener holds the configured onion address"
onion_print -H "Host: $onion_b"
if [ "$st" = 200 ]; then assert_contains "$page" "http://$onion_a/followup"; else t_fail "status $st"; fi
t_begin "not the public address"
assert_not_contains "$page" "$public/followup"
t_begin "the receipt page's own print line over the onion listener too"
OUT="$page" oc "/receipt?t=$tok" -H "Host: $onion_b" -H "Cookie: $(jar_cookies)" >/dev/null
assert_contains "$page" "http://$onion_a/followup"

t_begin "over TLS the same server prints the public address, not the onion"
new_visitor
file_report wellbeing-self "$page" -F selfharm=no -F "worry=tls-print" >/dev/null
tok=$(form_token_of "$page")
OUT="$page" hc "/receipt/print?t=$tok" >/dev/null
if grep -qF "$public/followup" "$page" && ! grep -q "$onion_a" "$page"; then
	t_pass; else t_fail "wrong address on the TLS printout"; fi
restore_conf
