#!/usr/bin/env bash
# Listeners as deployed: the onion service's own plain listener on
# loopback with its own limits, a bind address for the review server, and
# the review server refusing the intake's host name.
. "$(dirname "$0")/lib.sh"
page="$MDG_STATE/listen.html"
oport=$(free_port 2>/dev/null || echo $((20000 + RANDOM % 20000)))
rport=${MDG_REVIEW_URL##*:}

with_conf "onion_port = $oport" "onion_followup_per_min = 3" "intake_host = intake.localtest"

# curl against the onion listener, as Tor delivers it: plain HTTP on loopback
oc() {
	local path=$1; shift
	curl -sS --http1.1 --max-time 60 -b "$JAR" -c "$JAR" -o "${OUT:-/dev/null}" \
	    -w '%{http_code}' "$@" "http://127.0.0.1:$oport$path"
}

t_begin "the onion listener serves the landing page over plain HTTP on loopback"
assert_eq "$(OUT="$page" oc / -D "$MDG_STATE/onion.hdr")" "200"
t_begin "and with the same security headers"
assert_contains "$MDG_STATE/onion.hdr" "Content-Security-Policy: default-src 'none'"
t_begin "the onion listener does not answer TLS"
st=$(curl -s -k -o /dev/null -w '%{http_code}' --max-time 10 "https://127.0.0.1:$oport/")
if [ "$st" != 200 ]; then t_pass; else t_fail "TLS answered"; fi

new_visitor
OUT="$page" oc /followup >/dev/null
tok=$(csrf_of "$page")
: >"$MDG_STATE/onion.status"
for i in 1 2 3 4; do
	oc /followup --data-urlencode "csrf=$tok" --data-urlencode "receipt=$(fake_receipt)" \
	    >>"$MDG_STATE/onion.status"
	echo >>"$MDG_STATE/onion.status"
done
t_begin "receipt attempts over the onion listener have their own budget (the fourth is 429)"
assert_eq "$(tr '\n' ' ' <"$MDG_STATE/onion.status")" "404 404 404 429 "
t_begin "the exhausted onion budget does not touch the TLS listener, also from 127.0.0.1"
assert_eq "$(open_case "$(fake_receipt)")" "404"

t_begin "the review server refuses requests whose Host is the intake's (421)"
new_visitor
assert_eq "$(rc /login -H "Host: intake.localtest:$rport")" "421"
t_begin "also written differently (case, final dot)"
assert_eq "$(rc /login -H "Host: Intake.LocalTest.")" "421"
t_begin "the review server answers under its own name"
assert_eq "$(rc /login)" "200"
t_begin "the intake server answers under its own host name"
assert_eq "$(hc / -H "Host: intake.localtest:${MDG_INTAKE_URL##*:}")" "200"
restore_conf

# A bind address: review on 127.0.0.2 only.
review_stop
cp "$MDG_CONF" "$MDG_STATE/conf.listen"
echo "review_listen = 127.0.0.2" >>"$MDG_CONF"
"$MDG_BUILD/madoguchi-review" -c "$MDG_CONF" >>"$MDG_STATE/review.log" 2>&1 &
echo $! >"$MDG_STATE/review.pid"
for _ in $(seq 1 100); do
	curl -s --cacert "$MDG_STATE/tls/cert.pem" --resolve "localhost:$rport:127.0.0.2" \
	    -o /dev/null "$MDG_REVIEW_URL/login" && break
	sleep 0.1
done
t_begin "with review_listen the review server answers on that address"
assert_eq "$(rc /login --resolve "localhost:$rport:127.0.0.2")" "200"
t_begin "and not on another one"
st=$(rc /login --resolve "localhost:$rport:127.0.0.1" 2>/dev/null)
assert_eq "$st" "000"
review_stop
cp "$MDG_STATE/conf.listen" "$MDG_CONF"
review_start >/dev/null

t_begin "a listen address that is not numeric stops the server at start"
cp "$MDG_CONF" "$MDG_STATE/conf.listen"
echo "review_listen = review.example" >>"$MDG_CONF"
if timeout 20 "$MDG_BUILD/madoguchi-review" -c "$MDG_CONF" >"$MDG_STATE/bad-listen.log" 2>&1; then
	t_fail "started"
else
	assert_contains "$MDG_STATE/bad-listen.log" "not a numeric"
fi
cp "$MDG_STATE/conf.listen" "$MDG_CONF"
