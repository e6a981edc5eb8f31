#!/usr/bin/env bash
# The running servers are sandboxed in every thread, not only the main
# one: each task has the seccomp filter and no new privileges; the
# processes are not dumpable and (when started as root) no longer root.
. "$(dirname "$0")/lib.sh"
for s in intake review; do
	pid=$(cat "$MDG_STATE/$s.pid")
	st=/proc/$pid/status
	tasks=$(ls "/proc/$pid/task")
	t_begin "$s server runs request threads besides its main thread"
	n=$(echo "$tasks" | wc -l)
	if [ "$n" -gt 2 ]; then t_pass; else t_fail "$n tasks"; fi
	if ! grep -q '^sandbox = off' "$MDG_CONF"; then
		t_begin "$s server: every task runs under the seccomp filter"
		bad=""
		for t in $tasks; do
			v=$(awk '/^Seccomp:/ {print $2}' "/proc/$pid/task/$t/status")
			[ "$v" = 2 ] || bad="$bad $t:$v"
		done
		if [ -z "$bad" ]; then t_pass; else t_fail "unfiltered tasks:$bad"; fi
		t_begin "$s server: no task can gain privileges"
		bad=""
		for t in $tasks; do
			v=$(awk '/^NoNewPrivs:/ {print $2}' "/proc/$pid/task/$t/status")
			[ "$v" = 1 ] || bad="$bad $t:$v"
		done
		if [ -z "$bad" ]; then t_pass; else t_fail "tasks without no_new_privs:$bad"; fi
	fi
	t_begin "$s server: no task is root once serving"
	bad=""
	for t in $tasks; do
		uid=$(awk '/^Uid:/ {print $2 $3 $4 $5}' "/proc/$pid/task/$t/status")
		if [ "$(id -u)" -eq 0 ] && [ "$uid" = "0000" ]; then bad="$bad $t"; fi
	done
	if [ -z "$bad" ]; then t_pass; else t_fail "root tasks:$bad"; fi
	t_begin "$s server disabled core dumps"
	assert_eq "$(awk '/^Max core file size/ {print $5}' "/proc/$pid/limits")" "0"
done
