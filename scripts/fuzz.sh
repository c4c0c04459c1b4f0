#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan+UBSan) and run each for SECONDS
# (default 60): records (seeded with the recorded kernel data in tests/data),
# netlink datagrams (seeded with datagrams made from the netlink fixtures),
# cursor files, OCI profiles (seeded with the runtime spec's example), and
# files as --file reads them (journal exports, JSON lines, every text form),
# and stacks of seccomp filter programs, judged as filters judges a host's
# (seeded with filters read from this machine).
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
TARGETS="records netlink cursor oci logfile bpf"
ninja -C "$out" $(printf ' tests/fuzz/fuzz-%s' $TARGETS) >/dev/null
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
# cursors as the collector writes them, profiles as runtimes ship them, logs in every form
mkdir -p "$out/corpus-cursor" "$out/corpus-oci" "$out/corpus-logfile"
# a cursor made the way the collector makes one (with --unique windows in it)
rm -f "$out/seed-events.json"
build/seccompctl tail --file tests/data/auditd-raw.log -n all --unique -o json --output-file "$out/seed-events.json" \
	--cursor-file "$out/corpus-cursor/seed-file" >/dev/null 2>&1 || true
printf '# seccompctl tail cursor 1\nkind journal\nboot 0123456789abcdef0123456789abcdef\njournal-from 733d31\noutput 1 2 3\n' \
	>"$out/corpus-cursor/seed-journal"
printf '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]}' \
	>"$out/corpus-oci/seed-profile"
printf '{"linux":{"seccomp":{"defaultAction":"SCMP_ACT_LOG","syscalls":[{"names":["getppid"],"action":"SCMP_ACT_KILL_PROCESS"}]}}}' \
	>"$out/corpus-oci/seed-config"
cp tests/data/journal-seccomp.export tests/data/kernel-log-forms.txt tests/data/auditd-raw.log "$out/corpus-logfile/"
build/seccompctl tail --file tests/data/auditd-raw.log -n all -o json >"$out/corpus-logfile/seed.json" 2>/dev/null || true
build/seccompctl tail --file tests/data/auditd-raw.log -n all -o ecs >"$out/corpus-logfile/seed.ecs" 2>/dev/null || true
# filters as libseccomp makes them and shapes it never makes, read back from
# processes that hold them; seeds in the target's form: a byte of the filter
# count (less one), then each filter as a byte of its length (less one) and
# its instructions; the last seed stacks them all
mkdir -p "$out/corpus-bpf"
python3 - "$out/corpus-bpf" <<'PY' || true
import json, subprocess, sys, struct
specs = ["default=allow;rule=errno(1):getppid;rule=errno(5):dup:a0==0x100000003",
         "default=errno(1);rule=allow:read;rule=allow:write;rule=allow:pause;rule=allow:exit_group",
         "default=kill_process;arch=x86;rule=allow:pause;rule=allow:write;rule=allow:newfstatat;"
         "rule=allow:fstat;rule=trap:close:a1&0xff==3",
         "bpf=0x20,0,0,16/0x15,0,1,7/0x06,0,0,0x50001/0x06,0,0,0x7fff0000"]
progs = []
for i, spec in enumerate(specs):
    p = subprocess.Popen(["build/tests/helpers/filter-load", spec, "hold"], stdout=subprocess.PIPE)
    p.stdout.readline()
    try:
        doc = json.loads(subprocess.run(["build/seccompctl", "--json", "filters", "--disasm", str(p.pid)],
                                        capture_output=True, text=True).stdout)
        for f in (doc["stacks"][0]["filters"] if doc.get("stacks") else []):
            prog = b"".join(struct.pack("=HBBI", int(l.split()[1], 16), int(l.split()[2], 16), int(l.split()[3], 16),
                                        int(l.split()[4], 16)) for l in f["disasm"][:256])
            progs.append(prog)
            open("%s/seed-%d" % (sys.argv[1], i), "wb").write(bytes([0, len(prog) // 8 - 1]) + prog)
    finally:
        p.kill()
        p.wait()
stack = progs[:4]
open("%s/seed-stack" % sys.argv[1], "wb").write(
    bytes([len(stack) - 1 | 0x14]) + b"".join(bytes([len(pr) // 8 - 1]) + pr for pr in stack))
PY
cd "$out"
for target in $TARGETS; do
	corpus=corpus
	[ $target != records ] && corpus=corpus-$target
	tests/fuzz/fuzz-$target -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -print_final_stats=1 \
		$corpus 2>fuzz-$target.log || { tail -40 fuzz-$target.log; exit 1; }
	grep -E '^stat::number_of_executed_units' fuzz-$target.log | sed "s/^/$target: /"
done
echo "fuzz: no crash in $SECONDS_TO_RUN s per target"
