#!/usr/bin/env bash
# Installs the Debian packages Madoguchi needs, only when one is missing.
set -euo pipefail

PKGS=(build-essential pkg-config libmicrohttpd-dev libsodium-dev libssl-dev
      libpq-dev postgresql postgresql-contrib libcmocka-dev curl
      ca-certificates gettext clang libzip-dev libqrencode-dev libseccomp-dev libgnutls28-dev valgrind
      man-db debhelper lintian libcurl4-openssl-dev python3-aiosmtpd)
# man-db: the man page check; debhelper, lintian: the Debian package
# (tests/deploy); libcurl: madoguchi-notify's SMTP client; python3-aiosmtpd:
# the loopback mail server of the notifier's tests

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Madoguchi needs these Debian packages: ${missing[*]}" >&2
	echo "Install them as root:  sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
