#!/usr/bin/env bash
# Build the libFuzzer target with clang (ASan+UBSan) and run it for SECONDS
# (default 60), seeded with the recorded kernel data in tests/data.
# A crash, leak or sanitizer report fails; the input is left in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh
need_packages clang libaudit-dev libmnl-dev libsystemd-dev
SECONDS_TO_RUN=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus"
cp tests/data/*.txt tests/data/*.log "$out/corpus/" 2>/dev/null
# the netlink fixtures have "TYPE payload" lines: that is one of the target's shapes too
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE \
	-std=gnu11 -Isrc -I"${BUILD_DIR:-build}" -o "$out/fuzz-records" tests/fuzz/fuzz-records.c \
	src/record.c src/event.c src/actions.c src/interpret.c src/output.c src/tail-output.c \
	src/filter.c src/watch.c -laudit
cd "$out"
./fuzz-records -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -print_final_stats=1 \
	corpus 2>fuzz.log || { tail -40 fuzz.log; exit 1; }
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' fuzz.log
echo "fuzz: no crash in $SECONDS_TO_RUN s"
