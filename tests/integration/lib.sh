# Shared by the integration tests: results, assertions, an HTTPS client that
# only ever talks to the intake server on loopback, and page helpers.
set -u
: "${MDG_RESULTS:?run through tests/run.sh}"
: "${MDG_INTAKE_URL:?}"
T_NAME=""

t_begin() { T_NAME="$1"; }
t_pass() { echo "PASS $T_NAME" >>"$MDG_RESULTS"; echo "  ok    $T_NAME"; }
t_fail() { echo "FAIL $T_NAME: $*" >>"$MDG_RESULTS"; echo "  FAIL  $T_NAME: $*"; }

assert_eq() {
	if [ "$1" == "$2" ]; then t_pass; else t_fail "expected '$2', got '$1'"; fi
}
assert_contains() {
	if grep -qF -- "$2" "$1"; then t_pass; else t_fail "'$2' not in $(basename "$1")"; fi
}
assert_not_contains() {
	if grep -qF -- "$2" "$1"; then t_fail "'$2' found in $(basename "$1")"; else t_pass; fi
}

# A fresh cookie jar: a new, unrelated visitor.
new_visitor() { JAR=$(mktemp "$MDG_STATE/jar.XXXXXX"); }
new_visitor

# curl against the intake server; prints the HTTP status.
hc() {
	local path=$1; shift
	case "$MDG_INTAKE_URL" in
	https://localhost:*|https://127.0.0.1:*) ;;
	*) echo "refusing to test a non-loopback server" >&2; return 1 ;;
	esac
	curl -sS --http1.1 --cacert "$MDG_STATE/tls/cert.pem" --max-time 60 \
	    -b "$JAR" -c "$JAR" -o "${OUT:-/dev/null}" -w '%{http_code}' \
	    "$@" "$MDG_INTAKE_URL$path"
}

csrf_of() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -n 1 | sed 's/.*value="//; s/"$//'; }
form_token_of() { grep -o 'name="form_token" value="[^"]*"' "$1" | head -n 1 | sed 's/.*value="//; s/"$//'; }
receipt_of() { grep -o '<p class="receipt" id="receipt">[0-9-]*</p>' "$1" | sed 's/<[^>]*>//g'; }

# file_report SLUG PAGE [curl -F ...]: fills the form as a browser would
# and follows the redirect to the receipt page; prints the final status,
# the result page goes to PAGE.
file_report() {
	local slug=$1 page=$2 token ft; shift 2
	OUT="$page" hc "/report/$slug" >/dev/null
	token=$(csrf_of "$page") ft=$(form_token_of "$page")
	OUT="$page" hc "/report/$slug" -L -F "csrf=$token" -F "form_token=$ft" "$@"
}

# open_case RECEIPT: enters the receipt; prints the status of /followup.
open_case() {
	local page="$MDG_STATE/followup.$$.html" token
	OUT="$page" hc /followup >/dev/null
	token=$(csrf_of "$page")
	OUT="$page" hc /followup --data-urlencode "csrf=$token" \
	    --data-urlencode "receipt=$1"
}

psql_admin() {
	psql -X -q -At "host=$MDG_PG_RUN dbname=madoguchi user=madoguchi_admin" -c "$1"
}

# A well-formed receipt (right check digits) that no case has.
fake_receipt() {
	local d="" r=0 i
	for ((i = 0; i < 26; i++)); do d="$d$((RANDOM % 10))"; done
	for ((i = 0; i < 26; i++)); do r=$(( (r * 10 + ${d:i:1}) % 97 )); done
	r=$(( (r * 100) % 97 ))
	printf '%s%02d\n' "$d" $((98 - r))
}

# --- the counselors' server ---------------------------------------------
# rc PATH [curl args]: like hc, against the review server.
rc() {
	local path=$1; shift
	case "$MDG_REVIEW_URL" in
	https://localhost:*) ;;
	*) echo "refusing to test a non-loopback server" >&2; return 1 ;;
	esac
	curl -sS --http1.1 --path-as-is --cacert "$MDG_STATE/tls/cert.pem" \
	    --max-time 60 -b "$JAR" -c "$JAR" -o "${OUT:-/dev/null}" \
	    -w '%{http_code}' "$@" "$MDG_REVIEW_URL$path"
}
REVIEW_PW="Kokoro-no-mado-2026"

# make_user NAME ROLE [CHANNEL...]: invite, set the password, enrol TOTP.
# Leaves the TOTP secret in $MDG_STATE/NAME.totp.
make_user() {
	local name=$1 role=$2 page="$MDG_STATE/setup.$1.html" link token tok; shift 2
	link=$("$MDG_BUILD/madoguchi-admin" -c "$MDG_CONF" user invite "$name" "$role" "$@" |
	    grep -o 'token=[A-Za-z0-9_-]*')
	token=${link#token=}
	echo "$token" >"$MDG_STATE/$name.token"
	new_visitor
	OUT="$page" rc "/setup?token=$token" >/dev/null
	tok=$(csrf_of "$page")
	OUT="$page" rc /setup --data-urlencode "csrf=$tok" --data-urlencode "token=$token" \
	    --data-urlencode "password=$REVIEW_PW" --data-urlencode "confirm=$REVIEW_PW" >/dev/null
	grep -o '<p class="receipt" id="totp-secret">[A-Z2-7]*</p>' "$page" |
	    sed 's/<[^>]*>//g' >"$MDG_STATE/$name.totp"
	rc /setup/confirm --data-urlencode "csrf=$tok" --data-urlencode "token=$token" \
	    --data-urlencode "code=$("$MDG_BUILD/tests/mdg-totp" "$(cat "$MDG_STATE/$name.totp")")"
}

# login NAME [PASSWORD]: logs in as NAME in the current cookie jar (call
# new_visitor first, outside the $(...) that captures the status). It uses the code of the next 30-second step (accepted as clock
# drift): setup spent the current one, and a code works only once, so each
# account logs in successfully once per test run.
login() {
	local name=$1 page="$MDG_STATE/login.$1.html" tok n=1
	OUT="$page" rc /login >/dev/null
	tok=$(csrf_of "$page")
	rc /login --data-urlencode "csrf=$tok" --data-urlencode "username=$name" \
	    --data-urlencode "password=${2:-$REVIEW_PW}" \
	    --data-urlencode "code=$("$MDG_BUILD/tests/mdg-totp" "$(cat "$MDG_STATE/$name.totp")" $((n * 30)))"
}

# --- other client addresses ---------------------------------------------
# from ADDR hc|rc PATH [curl args]: the request comes from 127.0.0.ADDR
# (all of 127.0.0.0/8 is loopback on Linux), so per-address limits see
# another client.
from() {
	local n=$1 fn=$2 path=$3 url port; shift 3
	[ "$fn" = hc ] && url=$MDG_INTAKE_URL || url=$MDG_REVIEW_URL
	port=${url##*:}
	"$fn" "$path" --interface "127.0.0.$n" --resolve "localhost:$port:127.0.0.1" "$@"
}

# with_conf "key = value"...: restarts both servers with these lines added
# to the configuration; restore_conf puts the test configuration back.
with_conf() {
	cp "$MDG_CONF" "$MDG_STATE/conf.saved"
	printf '%s\n' "$@" >>"$MDG_CONF"
	intake_stop; review_stop
	intake_start >/dev/null && review_start >/dev/null
}
restore_conf() {
	cp "$MDG_STATE/conf.saved" "$MDG_CONF"
	intake_stop; review_stop
	intake_start >/dev/null && review_start >/dev/null
}
