#!/usr/bin/env bash
# The real-browser suite against the test servers tests/run.sh started:
# Debian's chromium (from PATH, headless, a fresh profile, no download)
# driven by playwright-core. Screenshots go to tests/browser/artifacts/.
set -uo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
: "${MDG_RESULTS:?run through tests/run.sh}"
if ! command -v chromium >/dev/null || [ ! -d "$dir/node_modules/playwright-core" ]; then
	echo "FAIL browser: chromium or the npm packages are missing (run scripts/deps.sh)" >>"$MDG_RESULTS"
	exit 0
fi
rm -rf "$dir/artifacts"
cd "$dir" && exec timeout 600 node run.js
