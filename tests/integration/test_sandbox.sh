#!/usr/bin/env bash
# The running servers are sandboxed: seccomp filter on, no new
# privileges, not dumpable, and (when started as root) no longer root.
. "$(dirname "$0")/lib.sh"
for s in intake review; do
	pid=$(cat "$MDG_STATE/$s.pid")
	st=/proc/$pid/status
	if ! grep -q '^sandbox = off' "$MDG_CONF"; then
		t_begin "$s server runs under a seccomp filter"
		assert_eq "$(awk '/^Seccomp:/ {print $2}' "$st")" "2"
		t_begin "$s server cannot gain privileges"
		assert_eq "$(awk '/^NoNewPrivs:/ {print $2}' "$st")" "1"
	fi
	t_begin "$s server is not root once serving"
	uid=$(awk '/^Uid:/ {print $2 $3 $4 $5}' "$st")
	if [ "$(id -u)" -ne 0 ] || [ "$uid" != "0000" ]; then t_pass; else t_fail "uid $uid"; fi
	t_begin "$s server disabled core dumps"
	assert_eq "$(awk '/^Max core file size/ {print $5}' "/proc/$pid/limits")" "0"
done
