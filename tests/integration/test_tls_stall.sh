#!/usr/bin/env bash
# A client that stops in the middle of its TLS handshake costs the server
# no CPU (libmicrohttpd 0.9.75's epoll loop retried such a handshake
# without waiting: one stalled client kept a core busy), and the headers a
# browser sends fit the per-connection memory (max_header) with room,
# while oversized ones get 431 and nothing else is affected.
. "$(dirname "$0")/lib.sh"
STALLS=4 WINDOW=2
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }	# all threads
hz=$(getconf CLK_TCK)

stall_cost() {	# stall_cost URL PID: CPU ticks spent while STALLS clients stall
	local port=${1##*:} fds=() fd i t0 t1
	for i in $(seq 1 "$STALLS"); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
		# a TLS record header promising 255 bytes, and one byte of it
		printf '\x16\x03\x01\x00\xff\x01' >&"$fd"
		fds+=("$fd")
	done
	sleep 0.5
	t0=$(ticks "$2"); sleep "$WINDOW"; t1=$(ticks "$2")
	for fd in "${fds[@]}"; do exec {fd}>&-; done
	echo $((t1 - t0))
}
for srv in intake review; do
	[ $srv = intake ] && url=$MDG_INTAKE_URL path=/ || url=$MDG_REVIEW_URL path=/login
	pid=$(cat "$MDG_STATE/$srv.pid")
	t_begin "$srv: $STALLS clients stalled mid-handshake for ${WINDOW} s cost under 0.25 s of CPU"
	cost=$(stall_cost "$url" "$pid")
	if [ -n "$cost" ] && [ "$cost" -lt $((hz / 4)) ]; then t_pass
	else t_fail "${cost:-?} ticks of $hz per second"; fi
	t_begin "$srv: answers while clients stall"
	exec {hold}<>"/dev/tcp/127.0.0.1/${url##*:}"; printf '\x16\x03\x01\x00\xff\x01' >&"$hold"
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
	    --cacert "$MDG_STATE/tls/cert.pem" "$url$path")
	exec {hold}>&-
	assert_eq "$code" 200
	t_begin "$srv: 5 KiB of request headers are served"
	pad=$(head -c 5120 /dev/zero | tr '\0' a)
	assert_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "X-Pad: $pad" \
	    --cacert "$MDG_STATE/tls/cert.pem" "$url$path")" 200
	t_begin "$srv: 12 KiB of request headers get 431, and the next request is served"
	pad=$(head -c 12288 /dev/zero | tr '\0' a)
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "X-Pad: $pad" \
	    --cacert "$MDG_STATE/tls/cert.pem" "$url$path")
	code2=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
	    --cacert "$MDG_STATE/tls/cert.pem" "$url$path")
	assert_eq "$code $code2" "431 200"
done
