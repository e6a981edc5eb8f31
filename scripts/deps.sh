#!/usr/bin/env bash
# Installs the Debian packages Madoguchi needs, only when one is missing.
set -euo pipefail

PKGS=(build-essential pkg-config libmicrohttpd-dev libsodium-dev libssl-dev
      libpq-dev postgresql postgresql-contrib libcmocka-dev curl
      ca-certificates gettext clang libzip-dev libqrencode-dev libseccomp-dev libgnutls28-dev valgrind
      man-db debhelper lintian libcurl4-openssl-dev python3-aiosmtpd
      chromium fonts-noto-cjk systemd)
# man-db: the man page check; debhelper, lintian: the Debian package
# (tests/deploy), with systemd for systemd-analyze (a container need not
# run it); libcurl: madoguchi-notify's SMTP client; python3-aiosmtpd:
# the loopback mail server of the notifier's tests; chromium, fonts-noto-cjk:
# the browser suite (tests/browser)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
# node and npm may come from elsewhere (a newer nodejs bundles npm)
command -v npm >/dev/null || missing+=(nodejs npm)

browser_deps() {	# the browser suite's npm packages, from its lock file
	local dir
	dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
	if [ ! -d "$dir/node_modules/playwright-core" ] ||
	    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
		echo "installing the browser suite's npm packages (npm ci)"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
	fi
}
if [ ${#missing[@]} -eq 0 ]; then browser_deps; exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
	echo "Madoguchi needs these Debian packages: ${missing[*]}" >&2
	echo "Install them as root:  sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
browser_deps
