#!/usr/bin/env bash
# Prints the state directory to use: $MADOGUCHI_STATE, else ./var when the
# postgres user can reach it, else a folder under /var/tmp.
set -euo pipefail
project=$1
if [ -n "${MADOGUCHI_STATE:-}" ]; then
	echo "$MADOGUCHI_STATE"
elif [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$project"; then
	echo "$project/var"
else
	echo "/var/tmp/madoguchi-$(id -u)-$(echo "$project" | sha256sum | cut -c1-12)"
fi
