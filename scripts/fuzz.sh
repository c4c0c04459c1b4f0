#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan+UBSan) and run each for SECONDS
# (default 60): records (seeded with the recorded kernel data in tests/data)
# and netlink datagrams (seeded with datagrams made from the netlink fixtures).
# A crash, leak or sanitizer report fails; the input is left in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh
need_packages clang libaudit-dev libmnl-dev libsystemd-dev libseccomp-dev libcap-ng-dev libsmartcols-dev
SECONDS_TO_RUN=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus"
cp tests/data/*.txt tests/data/*.log "$out/corpus/" 2>/dev/null || true
# the netlink fixtures have "TYPE payload" lines: that is one of the target's shapes too
SRCS="src/record.c src/event.c src/actions.c src/interpret.c src/output.c src/tail-output.c
	src/filter.c src/watch.c src/names.c src/sandbox.c src/log.c src/table.c src/lineform.c src/timeparse.c
	src/fileio.c"
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -std=gnu11 -Isrc $(pkg-config --cflags smartcols)"
# the sandbox's BPF, as meson makes it
clang -D_GNU_SOURCE -Isrc -o "$out/gen-seccomp" src/gen-seccomp.c src/sandbox-rules.c -lseccomp
"$out/gen-seccomp" bpf > "$out/sandbox-bpf.h"; "$out/gen-seccomp" names > "$out/scmp-names.h"
CFLAGS="$CFLAGS -I$out"
LIBS="-laudit -lcap-ng -lsmartcols"
clang $CFLAGS -o "$out/fuzz-records" tests/fuzz/fuzz-records.c $SRCS $LIBS
clang $CFLAGS -o "$out/fuzz-netlink" tests/fuzz/fuzz-netlink.c $SRCS src/auditnl.c $LIBS -lmnl
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
	./fuzz-$target -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -print_final_stats=1 \
		$corpus 2>fuzz-$target.log || { tail -40 fuzz-$target.log; exit 1; }
	grep -E '^stat::number_of_executed_units' fuzz-$target.log | sed "s/^/$target: /"
done
echo "fuzz: no crash in $SECONDS_TO_RUN s per target"
