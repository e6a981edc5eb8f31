#!/usr/bin/env bash
# A private PostgreSQL cluster under STATE/pg: init | start | stop | status.
# It listens only on a Unix socket in STATE/pg/run (mode 0700, owned by the
# cluster's user), so "trust" authentication there reaches only that user
# and root: the socket directory is the access control of this development
# cluster. PostgreSQL refuses to run as root; as root we run it as the
# unprivileged "postgres" user that Debian's package creates.
set -euo pipefail

cmd=${1:?usage: pg.sh init|start|stop|status STATE_DIR}
state=${2:?usage: pg.sh init|start|stop|status STATE_DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg="$state/pg"

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

check_reachable() {
	if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$state"; then
		echo "pg.sh: the postgres user cannot reach $state (a parent folder is" \
		     "private). Set MADOGUCHI_STATE=/var/tmp/madoguchi to use another place." >&2
		exit 1
	fi
}

init() {
	check_reachable
	[ -f "$pg/data/PG_VERSION" ] && return 0
	mkdir -p "$pg/data" "$pg/run" "$pg/log"
	chmod 700 "$pg/data" "$pg/run"
	[ "$(id -u)" -eq 0 ] && chown -R postgres: "$pg"
	as_pg "$bin/initdb" -D "$pg/data" -U madoguchi_admin --auth=trust \
	    --encoding=UTF8 --locale=C.UTF-8 >"$pg/log/initdb.log"
	cat >>"$pg/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$pg/run'
unix_socket_permissions = 0700
fsync = on
log_connections = off
log_hostname = off
CONF
	start
	as_pg "$bin/createdb" -h "$pg/run" -U madoguchi_admin -O madoguchi_admin madoguchi
}

start() {
	check_reachable
	as_pg "$bin/pg_ctl" -D "$pg/data" status >/dev/null 2>&1 && return 0
	as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/log/postgresql.log" -w -t 60 start >/dev/null
}

stop() {
	[ -f "$pg/data/PG_VERSION" ] || return 0
	as_pg "$bin/pg_ctl" -D "$pg/data" -m fast -w status >/dev/null 2>&1 || return 0
	as_pg "$bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null
}

status() {
	as_pg "$bin/pg_ctl" -D "$pg/data" status
}

case "$cmd" in
init) init ;;
start) start ;;
stop) stop ;;
status) status ;;
*) echo "usage: pg.sh init|start|stop|status STATE_DIR" >&2; exit 2 ;;
esac
