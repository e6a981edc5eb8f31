# Sourced by tests/run.sh and bench/: a throwaway state directory, a private
# PostgreSQL cluster, a configuration on a free port, and functions to
# start and stop the intake server and the database. Needs $build, $project.
state=$(mktemp -d /tmp/madoguchi-test.XXXXXX)
chmod 711 "$state"
mkdir -p "$state/keys" "$state/tls"
export MDG_STATE=$state MDG_BUILD=$build MDG_PG_RUN=$state/pg/run
export MDG_RESULTS=$state/results MDG_CONF=$state/madoguchi.conf
: >"$MDG_RESULTS"

free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
	return 1
}
port=$(free_port)
rport=$(free_port)
export MDG_INTAKE_URL=https://localhost:$port MDG_REVIEW_URL=https://localhost:$rport
scripts/config.sh "$state" "$project" "$port" "$rport" >"$MDG_CONF"
# The suite sends nearly everything from 127.0.0.1; per-address limits
# have their own test (test_limits.sh), which restarts with low ones.
printf '%s\n' "followup_per_ip_min = 600" "login_per_ip_min = 600" \
    "report_per_ip_min = 6000" >>"$MDG_CONF"
# the check-in tests answer dozens of codes within a minute; throttling
# itself is tested on a server of its own (test_checkin.sh)
printf '%s\n' "checkin_per_min = 600" "checkin_per_ip_min = 600" >>"$MDG_CONF"
# LeakSanitizer stops the world with ptrace at exit, which the seccomp
# allow-list forbids: the sanitizer build runs without the filter.
case "$build" in *asan*) echo "sandbox = off" >>"$MDG_CONF" ;; esac

# server_start intake|review URL-PATH: starts it and waits until it answers.
server_start() {
	local url
	[ "$1" = intake ] && url=$MDG_INTAKE_URL || url=$MDG_REVIEW_URL
	"$build/madoguchi-$1" -c "$MDG_CONF" >>"$state/$1.log" 2>&1 &
	echo $! >"$state/$1.pid"
	for _ in $(seq 1 100); do
		curl -s --cacert "$state/tls/cert.pem" -o /dev/null "$url$2" && return 0
		sleep 0.1
	done
	echo "$1 server did not start:"; tail -n 20 "$state/$1.log"; return 1
}
server_stop() {
	local pid
	[ -f "$state/$1.pid" ] || return 0
	pid=$(cat "$state/$1.pid")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	rm -f "$state/$1.pid"
}
intake_start() { server_start intake /; }
intake_stop() { server_stop intake; }
review_start() { server_start review /login; }
review_stop() { server_stop review; }
pg_start() { "$project/scripts/pg.sh" start "$state"; }
pg_stop() { "$project/scripts/pg.sh" stop "$state"; }
export -f server_start server_stop intake_start intake_stop review_start review_stop pg_start pg_stop
export build project state

cleanup() {
	review_stop
	intake_stop
	pg_stop >/dev/null 2>&1
	rm -rf "$state"
}
trap cleanup EXIT

# Database, keys and certificate, then the server.
env_setup() {
	scripts/pg.sh init "$state" &&
	    "$build/madoguchi-admin" -c "$MDG_CONF" migrate >/dev/null &&
	    "$build/madoguchi-admin" -c "$MDG_CONF" init >"$state/init.log" &&
	    "$build/madoguchi-admin" -c "$MDG_CONF" tls-selfsigned >/dev/null &&
	    intake_start && review_start
}

