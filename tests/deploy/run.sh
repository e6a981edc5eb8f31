#!/usr/bin/env bash
# The production road, tested: build the Debian package, then run the sh
# blocks of docs/deploy.md as written (tests/deploy/extract.sh) on this
# machine, file a report and open it as a counselor, rehearse recover,
# upgrade in place to a rebuilt, bumped version and open the case again;
# lintian, and systemd-analyze verify and security on the installed units.
#
# It changes the machine: it installs the package, creates system users,
# and drops and recreates PostgreSQL's cluster 15/main. It runs as root,
# only with MDG_DEPLOY_TEST=1 (make test-deploy, .ci/run): a CI container,
# never a machine you care about. No systemd is needed: tests/deploy/bin
# has a stand-in systemctl that starts a unit's ExecStart as the unit says.
set -uo pipefail
project=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$project/build}" && pwd)
if [ "${MDG_DEPLOY_TEST:-}" != 1 ] || [ "$(id -u)" -ne 0 ]; then
	echo "tests/deploy changes this machine: run it as root with MDG_DEPLOY_TEST=1" >&2
	exit 2
fi
cd "$project"
doc=docs/deploy.md
pgver=15
state=$(mktemp -d /tmp/madoguchi-deploy.XXXXXX)
chmod 711 "$state"
mkdir -p "$state/tls" "$state/bin/tests"
export MDG_STATE=$state MDG_RESULTS=$state/results MDG_CONF=/etc/madoguchi/madoguchi.conf
export MDG_BUILD=$state/bin MDG_PG_RUN=/run/postgresql
export MDG_INTAKE_URL=https://localhost:443 MDG_REVIEW_URL=https://localhost:9443
export PATH=$project/tests/deploy/bin:$PATH
: >"$MDG_RESULTS"
# lib.sh's helpers call madoguchi-admin and the TOTP tool from MDG_BUILD
ln -s /usr/bin/madoguchi-admin "$state/bin/madoguchi-admin"
ln -s "$build/tests/mdg-totp" "$state/bin/tests/mdg-totp"
. tests/integration/lib.sh
set +e
t0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - t0 )) s"; }

# --- a clean machine: no package, no state, a fresh cluster --------------
clean_machine() {
	systemctl stop madoguchi-intake madoguchi-review >/dev/null 2>&1
	dpkg --purge madoguchi >/dev/null 2>&1
	rm -rf /etc/madoguchi /var/lib/madoguchi /usr/local/sbin/madoguchi-backup \
	    /etc/letsencrypt/live/madoguchi /etc/letsencrypt/renewal-hooks/deploy/madoguchi \
	    /run/madoguchi-deploy-test
	pg_dropcluster --stop "$pgver" main >/dev/null 2>&1
}
clean_machine
trap 'clean_machine; pg_createcluster "$pgver" main >/dev/null 2>&1; rm -rf "$state"' EXIT

# --- a certificate from a CA of the test's own, in place of certbot ------
names=$(sed -n 's/^\(INTAKE_NAME\|REVIEW_NAME\)=//p' "$doc")
san="DNS:localhost$(printf ',DNS:%s' $names)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 \
    -subj "/CN=Madoguchi deploy-test CA" -keyout "$state/tls/ca.key" \
    -out "$state/tls/cert.pem" 2>/dev/null
live=/etc/letsencrypt/live/madoguchi
mkdir -p "$live"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=${names%%$'\n'*}" -keyout "$live/privkey.pem" -out "$state/tls/req.csr" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" >"$state/tls/ext"
openssl x509 -req -in "$state/tls/req.csr" -CA "$state/tls/cert.pem" \
    -CAkey "$state/tls/ca.key" -CAcreateserial -days 90 -extfile "$state/tls/ext" \
    -out "$live/cert.pem" 2>/dev/null
cat "$live/cert.pem" "$state/tls/cert.pem" >"$live/fullchain.pem"
# the document's own curl checks trust this CA (curl reads the variable),
# as they would trust a public or an organisation's CA
export CURL_CA_BUNDLE=$state/tls/cert.pem

# --- the source tree, as an operator would have it -----------------------
# src DIR [VERSION]: the tracked and new files of the tree in DIR/madoguchi;
# with VERSION, a changelog entry for it on top (an upgrade).
src() {
	mkdir -p "$1/madoguchi"
	git ls-files -co --exclude-standard | grep -v '^debian/changelog$' |
	    tar -cf - -T - | tar -xf - -C "$1/madoguchi"
	{
		if [ -n "${2:-}" ]; then
			printf 'madoguchi (%s) unstable; urgency=medium\n\n' "$2"
			printf '  * Rebuilt by tests/deploy to test an upgrade in place.\n\n'
			printf ' -- Madoguchi maintainers <madoguchi@localhost.invalid>  %s\n\n' "$(date -R)"
		fi
		cat debian/changelog
	} >"$1/madoguchi/debian/changelog"
}
# run_doc DIR FROM TO [FROM TO]...: the document's blocks of those steps,
# run in DIR by one bash with errexit; the output goes to DIR/doc.log.
run_doc() {
	local dir=$1 script=$1/doc-$2.sh; shift
	{ echo "set -euo pipefail"; echo "cd '$dir'"
	  "$project/tests/deploy/extract.sh" "$doc" 0 0
	  # the one value of the document's that cannot hold here: this machine
	  # has no internal network, so the review server takes loopback
	  echo "REVIEW_ADDRESS=127.0.0.1"
	  while [ $# -gt 0 ]; do "$project/tests/deploy/extract.sh" "$doc" "$1" "$2"; shift 2; done
	} >"$script" || return 1
	cat "$script" >>"$dir/doc.sh"
	bash "$script" >>"$dir/doc.log" 2>&1 </dev/null
}

echo "== docs/deploy.md steps 1 to 10 and 12: build, install, set up, start"
w1=$state/v1
src "$w1"
t_begin "docs/deploy.md steps 1-2 (build, install) run as written without an error"
if run_doc "$w1" 1 2; then t_pass; else t_fail "see below"; tail -n 25 "$w1/doc.log"; fi
echo "   ($(elapsed))"
# Installing postgresql creates and starts cluster 15/main on a fresh
# server; here the package was already installed, so Debian's tool makes
# it, after the install (which may have upgraded PostgreSQL's binaries).
pg_createcluster "$pgver" main --start -e UTF8 --locale C.UTF-8 >"$state/pg.log" 2>&1 ||
	{ echo "pg_createcluster failed:"; cat "$state/pg.log"; exit 1; }
t_begin "docs/deploy.md steps 3-10 and 12 run as written without an error"
if run_doc "$w1" 3 10 12 12; then t_pass; else t_fail "see below"; tail -n 25 "$w1/doc.log"; fi
echo "   ($(elapsed))"

t_begin "the extracted steps include the build, install, database, init and start"
for want in dpkg-buildpackage 'apt-get install -y postgresql' pg_ident.conf \
    'madoguchi-admin -c $CONF init' 'systemctl enable --now'; do
	grep -qF -- "$want" "$w1/doc.sh" || { t_fail "'$want' is not run"; want=; break; }
done
[ -n "$want" ] && t_pass

t_begin "dpkg-buildpackage made the package"
deb=$(ls "$w1"/madoguchi_*_amd64.deb 2>/dev/null)
[ -f "$deb" ] && t_pass || t_fail "no .deb in $w1"

t_begin "lintian reports no errors"
if ! command -v lintian >/dev/null; then t_fail "lintian is not installed (scripts/deps.sh)"
elif ! lintian "$w1"/madoguchi_*_amd64.changes >"$state/lintian.log" 2>&1 &&
    ! grep -q '^[EWIPN]: ' "$state/lintian.log"; then t_fail "lintian did not run: $(tail -n 3 "$state/lintian.log")"
elif grep -q '^E: ' "$state/lintian.log"; then t_fail "$(grep '^E: ' "$state/lintian.log" | head -n 5)"
else t_pass; fi
echo "   ($(elapsed))"

t_begin "the package depends on the libraries the programs link"
dep=$(dpkg-deb -f "$deb" Depends)
miss=""
for l in libmicrohttpd libsodium libpq5 libssl libgnutls libseccomp libqrencode libzip adduser; do
	echo "$dep" | grep -q "$l" || miss="$miss $l"
done
[ -z "$miss" ] && t_pass || t_fail "missing:$miss in $dep"

t_begin "the package installs under /usr and nothing under /usr/local"
files=$(dpkg -L madoguchi 2>/dev/null)
if echo "$files" | grep -qx /usr/bin/madoguchi-intake && echo "$files" | grep -qx /usr/bin/madoguchi-review &&
    echo "$files" | grep -qx /usr/bin/madoguchi-admin && ! echo "$files" | grep -q '^/usr/local'
then t_pass; else t_fail "$(echo "$files" | grep bin/)"; fi

t_begin "the man pages are installed and found by man"
ok=1
for p in madoguchi-intake.8 madoguchi-review.8 madoguchi-admin.8 madoguchi.conf.5; do
	man -w "${p%.*}" 2>/dev/null | grep -q "/usr/share/man/man${p##*.}/$p" || ok=0
done
[ $ok = 1 ] && t_pass || t_fail "$(man -w madoguchi-admin 2>&1)"

t_begin "one system user per server, each its own, none with a login shell"
u1=$(getent passwd madoguchi-intake) u2=$(getent passwd madoguchi-review)
if [ -n "$u1" ] && [ -n "$u2" ] && [ "$(echo "$u1" | cut -d: -f3)" != "$(echo "$u2" | cut -d: -f3)" ] &&
    ! echo "$u1$u2" | grep -qE ':/bin/(ba)?sh$'
then t_pass; else t_fail "$u1 / $u2"; fi

t_begin "the package enabled no unit (systemd's wants folders hold none)"
en=$(find /etc/systemd/system -name 'madoguchi-*' 2>/dev/null)
[ -z "$en" ] && t_pass || t_fail "$en"

t_begin "the key folder is root's alone and the keys are 0600"
k=$(stat -c '%U %a' /var/lib/madoguchi/keys 2>/dev/null)
bad=$(find /var/lib/madoguchi/keys -type f ! -perm 0600 2>/dev/null)
[ "$k" = "root 700" ] && [ -z "$bad" ] && [ -f /var/lib/madoguchi/keys/receipt-lookup.key ] &&
    t_pass || t_fail "keys folder: $k; $bad"

t_begin "the document's checks printed 200 for both servers"
grep -qx 'intake: 200' "$w1/doc.log" && grep -qx 'review: 200' "$w1/doc.log" &&
    t_pass || t_fail "$(grep -E '^(intake|review):' "$w1/doc.log")"

# runs_as PROGRAM: the users of the processes of the installed PROGRAM
runs_as() {
	local p
	for p in $(pgrep -x "$(echo "$1" | cut -c1-15)"); do
		[ "$(readlink "/proc/$p/exe")" = "/usr/bin/$1" ] && ps -o user= -p "$p"
	done | sort -u | tr '\n' ' ' | sed 's/ $//'
}
t_begin "each server runs as its own user"
iu=$(runs_as madoguchi-intake) ru=$(runs_as madoguchi-review)
[ "$iu" = madoguchi-intake ] && [ "$ru" = madoguchi-review ] &&
    t_pass || t_fail "intake runs as '$iu', review as '$ru'"


t_begin "init as documented made no development counselor"
assert_eq "$(psql_admin "SELECT count(*) FROM counselors WHERE username = 'counselor'")" 0

t_begin "the backup step wrote a dump and the keys"
b=$(ls -d /var/lib/madoguchi/backups/*/ 2>/dev/null | tail -n 1)
[ -s "$b/madoguchi.sql" ] && [ -f "$b/keys/receipt-lookup.key" ] && t_pass || t_fail "backup: '$b'"

t_begin "audit verify, run by the monitoring step, found the chain intact"
grep -qE '^audit log: .*intact' "$w1/doc.log" && t_pass || t_fail "$(grep -i audit "$w1/doc.log")"

# --- the units ------------------------------------------------------------
t_begin "systemd-analyze verify passes on the installed units"
out=$(systemd-analyze verify /lib/systemd/system/madoguchi-*.service /lib/systemd/system/madoguchi-*.timer 2>&1)
[ -z "$out" ] && t_pass || t_fail "$out"
for u in madoguchi-intake madoguchi-review; do
	t_begin "systemd-analyze security rates $u at 2.2 or lower"
	score=$(systemd-analyze security --offline=true "/lib/systemd/system/$u.service" 2>&1 |
	    sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
	[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.2) }' &&
	    t_pass || t_fail "score '$score'"
done

# --- a reporter files, a counselor opens the case ------------------------
echo "== a report and a counselor"
page=$state/page.html
new_visitor
t_begin "a reporter files a report on the installed intake server"
before=$(psql_admin "SELECT id FROM cases ORDER BY id")
file_report harassment-self "$page" -F category=power -F "what=deploy-walkthrough-text 怒鳴られた" >/dev/null
receipt=$(receipt_of "$page")
# created_at is kept to the hour: the new case is the id that was not there
case_id=$(comm -13 <(echo "$before") <(psql_admin "SELECT id FROM cases ORDER BY id"))
[ -n "$receipt" ] && t_pass || t_fail "no receipt"

# open_as NAME: logs NAME in and opens the case filed above
open_as() {
	new_visitor
	[ "$(login "$1")" = 303 ] || { echo "login of $1 failed"; return 1; }
	[ -n "$case_id" ] || { echo "no case was filed"; return 1; }
	OUT="$page" rc "/c/$case_id" >/dev/null
	grep -q deploy-walkthrough-text "$page" || { echo "the case page lacks the report"; return 1; }
}
t_begin "a counselor set up after the filing is invited, sets up, and logs in"
assert_eq "$(make_user deploy-sato counselor harassment mental_health)" 303
t_begin "recover (the rehearsal of step 6) with the phrase init printed gives access"
phrase=$(grep -A1 'recovery phrase' "$w1/doc.log" | tail -n 1 | sed 's/^ *//')
make_user rehearsal counselor harassment mental_health >/dev/null
if [ -n "$phrase" ] && echo "$phrase" | madoguchi-admin -c "$MDG_CONF" recover rehearsal >"$state/recover.log" 2>&1 &&
    grep -q "recovered access" "$state/recover.log"
then t_pass; else t_fail "$(cat "$state/recover.log")"; fi
t_begin "the rehearsal counselor opens the report filed before they existed"
m=$(open_as rehearsal) && t_pass || t_fail "$m"

# both pools hold connections now: whose are they?
t_begin "PostgreSQL sees each server's connections as its own role"
roles=$(runuser -u postgres -- psql -X -At -d madoguchi \
    -c "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'madoguchi' ORDER BY 1" 2>&1)
echo "$roles" | grep -qx madoguchi_intake && echo "$roles" | grep -qx madoguchi_review &&
    t_pass || t_fail "$(echo "$roles" | tr '\n' ' ')"

# --- upgrade in place ------------------------------------------------------
echo "== docs/deploy.md steps 1 and 11: a rebuilt, newer version, upgraded in place"
v1=$(dpkg-query -W -f='${Version}' madoguchi)
w2=$state/v2
src "$w2" "$v1+deploytest1"
t_begin "docs/deploy.md steps 1 and 11 (build, upgrade) run as written without an error"
if run_doc "$w2" 1 1 11 11; then t_pass; else t_fail "see below"; tail -n 25 "$w2/doc.log"; fi
echo "   ($(elapsed))"
t_begin "the newer version is installed"
assert_eq "$(dpkg-query -W -f='${Version}' madoguchi)" "$v1+deploytest1"
t_begin "after the upgrade the counselor still opens the case"
m=$(open_as rehearsal) && t_pass || t_fail "$m"
t_begin "after the upgrade the reporter's receipt still opens the case"
new_visitor
st=$(open_case "$receipt")
OUT="$page" hc /case >/dev/null
[ "$st" = 303 ] && grep -q deploy-walkthrough-text "$page" && t_pass || t_fail "status $st"
t_begin "a certificate renewal (certbot's deploy hook) restarts both servers, which answer"
before=$(cat /run/madoguchi-deploy-test/madoguchi-intake.service.pid 2>/dev/null)
/etc/letsencrypt/renewal-hooks/deploy/madoguchi
after=$(cat /run/madoguchi-deploy-test/madoguchi-intake.service.pid 2>/dev/null)
sleep 1
st=$(curl -s --retry 10 --retry-connrefused --retry-delay 1 -o /dev/null -w '%{http_code}' "$MDG_REVIEW_URL/login")
[ -n "$before" ] && [ "$before" != "$after" ] && [ "$st" = 200 ] && t_pass || t_fail "pid $before -> $after, review $st"

echo
grep '^FAIL' "$MDG_RESULTS" | sed 's/^/  /'
p=$(grep -c '^PASS' "$MDG_RESULTS") f=$(grep -c '^FAIL' "$MDG_RESULTS")
echo "deploy test: $(elapsed)"
echo "$p passed, $f failed"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
