#!/usr/bin/env bash
# make fuzz: builds every libFuzzer target with clang (ASan + UBSan) and
# runs each for SECONDS (default 60) from its checked-in seed corpus.
# Exits non-zero on the first crash, leak or sanitizer report.
set -euo pipefail
secs=${1:-60}
cd "$(dirname "$0")/../.."
out=build-fuzz
mkdir -p "$out"
pkgs="libmicrohttpd libsodium libcrypto libpq libzip libqrencode libseccomp gnutls"
src=$(ls crypto/*.c server/common/*.c)
flags="-std=c11 -D_GNU_SOURCE -g -O1 -I. -fsanitize=fuzzer,address,undefined $(pkg-config --cflags $pkgs)"
for f in tests/fuzz/fuzz_*.c; do
	t=$(basename "$f" .c)
	name=${t#fuzz_}
	clang $flags "$f" $src -o "$out/$t" $(pkg-config --libs $pkgs) -lpthread
	mkdir -p "$out/corpus-$name" "$out/artifacts"
	echo "== $t for ${secs}s"
	rc=0
	"$out/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$out/corpus-$name" "tests/fuzz/corpus/$name" \
	    >"$out/$t.log" 2>&1 || rc=$?
	grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY' \
	    "$out/$t.log" || true
	if [ "$rc" -ne 0 ]; then
		echo "$t failed (exit $rc); last lines:"; tail -n 30 "$out/$t.log"
		exit 1
	fi
done
echo "fuzzing: every target ran ${secs}s without a finding"
