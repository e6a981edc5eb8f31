#!/usr/bin/env bash
# TLS session resumption: a returning client resumes with its ticket
# (TLS 1.3 and 1.2), tickets live one visit (600 s), and a ticket from
# before a restart (a new ticket key) gets a full handshake.
. "$(dirname "$0")/lib.sh"
port=${MDG_INTAKE_URL##*:}
sess="$MDG_STATE/tls.sess" out="$MDG_STATE/tls.out"
first() {	# first VERSION: a full handshake, its session saved
	rm -f "$sess"
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	    timeout 10 openssl s_client "$1" -connect "127.0.0.1:$port" \
	    -CAfile "$MDG_STATE/tls/cert.pem" -sess_out "$sess" -ign_eof >"$out" 2>&1
}
again() {	# again VERSION: prints New or Reused
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	    timeout 10 openssl s_client "$1" -connect "127.0.0.1:$port" \
	    -CAfile "$MDG_STATE/tls/cert.pem" -sess_in "$sess" -ign_eof 2>&1 |
	    grep -oE '^(New|Reused),' | head -n 1 | tr -d ,
}

for v in tls1_3 tls1_2; do
	t_begin "$v: the first connection is a full handshake"
	first "-$v"
	if grep -q '^New,' "$out" && [ -s "$sess" ]; then t_pass; else t_fail "$(head -c 300 "$out")"; fi
	t_begin "$v: the next connection resumes with the ticket"
	assert_eq "$(again "-$v")" "Reused"
done
t_begin "tickets are valid for 600 seconds"
first -tls1_3
assert_contains "$out" "lifetime hint: 600 (seconds)"
t_begin "after a restart (new ticket key) an old ticket gets a full handshake"
intake_stop
intake_start >/dev/null
assert_eq "$(again -tls1_3)" "New"
