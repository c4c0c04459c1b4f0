#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan+UBSan) and run each for SECONDS
# (default 60): records (seeded with the recorded kernel data in tests/data)
# and netlink datagrams (seeded with datagrams made from the netlink fixtures).
# A crash, leak or sanitizer report fails; the input is left in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh
need_packages clang meson ninja-build
SECONDS_TO_RUN=${1:-60}
out=build-fuzz
# the targets link the library as the tool does: meson lists its files
if [ ! -f "$out/build.ninja" ]; then
	CC=clang meson setup "$out" -Dfuzz=true -Dtests=false -Ddocs=false \
		-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$out" tests/fuzz/fuzz-records tests/fuzz/fuzz-netlink >/dev/null
mkdir -p "$out/corpus"
cp tests/data/*.txt tests/data/*.log "$out/corpus/" 2>/dev/null || true
# the netlink fixtures have "TYPE payload" lines: that is one of the target's shapes too
# netlink seeds: each fixture's records packed into one datagram, as the kernel sends them
mkdir -p "$out/corpus-netlink"
python3 - "$out/corpus-netlink" tests/data/netlink-*.txt <<'PY'
import struct, sys
for i, path in enumerate(sys.argv[2:]):
    dgram = b""
    for line in open(path, "rb"):
        t, _, payload = line.rstrip(b"\n").partition(b" ")
        msg = struct.pack("=IHHII", 16 + len(payload), int(t), 0, 0, 0) + payload
        dgram += msg + b"\0" * ((4 - len(msg) % 4) % 4)
    open("%s/seed-%d" % (sys.argv[1], i), "wb").write(dgram)
PY
cd "$out"
for target in records netlink; do
	corpus=corpus
	[ $target = netlink ] && corpus=corpus-netlink
	tests/fuzz/fuzz-$target -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -print_final_stats=1 \
		$corpus 2>fuzz-$target.log || { tail -40 fuzz-$target.log; exit 1; }
	grep -E '^stat::number_of_executed_units' fuzz-$target.log | sed "s/^/$target: /"
done
echo "fuzz: no crash in $SECONDS_TO_RUN s per target"
