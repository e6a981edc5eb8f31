#!/usr/bin/env bash
# The sessions both servers' pools open (server/common/store.c): a
# statement timeout, so no request hangs on the database, and no JIT
# compilation, which PostgreSQL would start for the queue's index walks
# (estimated at their full length though a LIMIT cuts them short) and
# which cost 30 ms of every queue page for a statement that ran in 3.
. "$(dirname "$0")/lib.sh"

for role in intake review; do
	conninfo=$(sed -n "s/^db_$role = //p" "$MDG_CONF")
	t_begin "the $role server's database sessions run without JIT, with a 15 s statement timeout"
	assert_eq "$("$MDG_BUILD/tests/mdg-store-session" "$conninfo")" "jit=off statement_timeout=15s"
done
t_begin "without the server's settings the cluster would compile (jit is on by default)"
assert_eq "$(psql_admin "SHOW jit")" "on"
