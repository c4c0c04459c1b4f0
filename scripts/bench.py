#!/usr/bin/env python3
"""Figures for seccompctl; run by scripts/bench.sh."""
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from lib import Auditd, HostState, Journald, require_root_and_audit  # noqa: E402

EXE = os.path.abspath(os.environ.get("SECCOMPCTL", "build/seccompctl"))
TRIGGER = os.path.abspath(os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger"))
SUBJECT = os.path.abspath(os.environ.get("LEARN_SUBJECT", "build/tests/helpers/learn-subject"))
FLOOR = os.path.abspath(os.environ.get("NL_FLOOR", "build/tests/helpers/nl-floor"))
FILTER_LOAD = os.path.abspath(os.environ.get("FILTER_LOAD", "build/tests/helpers/filter-load"))
SYSCALL_COST = os.path.abspath(os.environ.get("SYSCALL_COST", "build/tests/helpers/syscall-cost"))
EMPTY_OBSERVER = os.path.abspath(os.environ.get("EMPTY_OBSERVER", "build/tests/helpers/empty-observer"))
DECIDER = os.path.abspath(os.environ.get("DECIDER", "build/tests/helpers/decider"))
N = int(os.environ.get("BENCH_N", "100"))
STORM = int(os.environ.get("BENCH_STORM", "1000000"))
ONLY = os.environ.get("BENCH_ONLY",
                      "set,storm,collector,live,file,kernfile,journal,record,filters,workload,observer").split(",")
LIVE_RATE, LIVE_SECONDS = 10000, int(os.environ.get("BENCH_LIVE_SECONDS", "20"))
RECORD_N = int(os.environ.get("BENCH_RECORD", "1000000"))
JOURNAL_N = int(os.environ.get("BENCH_JOURNAL", "200000"))
WORKLOAD_ROUNDS = int(os.environ.get("BENCH_WORKLOAD_ROUNDS", "5"))

# Targets: verification must not make a change slow for a person or a script;
# tail loses nothing in a storm, keeps its memory, and reads logs in linear time.
TARGETS = {"set_verified_median_ms": 20.0, "get_median_ms": 5.0, "get_x_sysctl": 1.5, "set_x_sysctl": 2.0,
           "live_cpu_us_per_record": 3.0,
           "file_x_grep": 5.0, "filters_1000_s": 0.5, "filters_stop_us": 1000,
           "workload_storm_cost_pct": 10.0, "workload_10k_procs_kib": 2048,
           "observer_x_floor": 1.3, "observer_storm_cpu_pct": 5.0}
OBSERVER_CALLS = int(os.environ.get("BENCH_OBSERVER_CALLS", "2000000"))
OBSERVER_ROUNDS = int(os.environ.get("BENCH_OBSERVER_ROUNDS", "7"))
missed = []


def target(name, ok, text):
    print("target %-44s %s" % (name + ": " + text, "met" if ok else "MISSED"))
    if not ok:
        missed.append(name)


def rss_kb(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def storm_beside(reader, comm, stop):
    """STORM records at the kernel's full rate while reader reads them: the
    storm's duration, and the reader's RSS idle, every 0.5 s, and 2 s after."""
    time.sleep(0.5)
    rss = [rss_kb(reader.pid)]
    t = time.perf_counter()
    trig = subprocess.Popen([TRIGGER, "log", str(STORM), comm], stdout=subprocess.DEVNULL)
    while trig.poll() is None:
        time.sleep(0.5)
        rss.append(rss_kb(reader.pid))
    elapsed = time.perf_counter() - t
    time.sleep(2)
    rss.append(rss_kb(reader.pid))
    reader.send_signal(stop)
    reader.communicate(timeout=60)
    return elapsed, rss


def count_events(path, needle):
    """Lines of a JSON-lines output holding NEEDLE, and lost events."""
    got = lost = 0
    with open(path) as f:
        for line in f:
            if '"event":"lost"' in line:
                lost += 1
            elif needle in line:
                got += 1
    return got, lost


def bench_storm(tmp):
    """STORM records at the kernel's full rate while tail reads netlink."""
    out = os.path.join(tmp, "storm.jsonl")
    started = time.time() - 1
    with open(out, "w") as f:
        tail = subprocess.Popen([EXE, "tail", "--source=netlink", "-o", "json"], stdout=f,
                                stderr=subprocess.PIPE)
        elapsed, rss = storm_beside(tail, "storm", signal.SIGINT)
    got, lost = count_events(out, '"comm":"storm"')
    os.unlink(out)
    rss = [r for r in rss if r]
    print("storm: %d records in %.2f s (%.0f/s) by `%s log %d` while `seccompctl tail --source=netlink -o json > file`"
          % (STORM, elapsed, STORM / elapsed, os.path.basename(TRIGGER), STORM))
    # buffers are touched on first use: growth is judged from 1 s into the storm on
    warm = rss[min(2, len(rss) - 1)]
    print("storm: received %d, lost events %d, tail RSS %d KiB idle, %d KiB 1 s into the storm, "
          "%d KiB max, %d KiB at end" % (got, lost, rss[0], warm, max(rss), rss[-1]))
    if Journald.running():
        stored = subprocess.run(["journalctl", "-q", "-o", "cat", "_TRANSPORT=audit", "_COMM=storm",
                                 "--since=@%d" % int(started)], capture_output=True).stdout.count(b"\n")
        print("storm: journald, running beside it, stored %d of %d (`journalctl _TRANSPORT=audit _COMM=storm`)"
              % (stored, STORM))
    else:
        print("storm: journald is not running here: no journald figure")
    target("storm_received_all", got == STORM and lost == 0, "%d of %d, %d lost events" % (got, STORM, lost))
    target("storm_constant_memory", max(rss[2:] or rss) <= warm + 1024,
           "max RSS %d KiB vs %d KiB 1 s in" % (max(rss), warm))


def bench_collector(tmp):
    """The collector in a storm: ECS into a file, a cursor each second, metrics
    every 5 s; and what the cursor's durability costs on a 1M-record log."""
    out, cur, met = (os.path.join(tmp, n) for n in ("col.ecs.json", "col.cursor", "col.prom"))
    col = subprocess.Popen([EXE, "tail", "--source=netlink", "-f", "-o", "ecs", "--comm=colstorm",
                            "--output-file", out, "--cursor-file", cur, "--metrics-file", met],
                           stderr=subprocess.PIPE)
    elapsed, rss = storm_beside(col, "colstorm", signal.SIGTERM)
    got, lost = count_events(out, "")     # --comm=colstorm: every other line is the storm's
    rss = [r for r in rss if r]
    warm = rss[min(2, len(rss) - 1)]
    print("collector: %d records in %.2f s (%.0f/s) while `seccompctl tail --source=netlink -f -o ecs "
          "--output-file F --cursor-file C --metrics-file M`: %d written, %d lost events; RSS %d KiB idle, "
          "%d KiB 1 s in, %d KiB max" % (STORM, elapsed, STORM / elapsed, got, lost, rss[0], warm, max(rss)))
    target("collector_received_all", got == STORM and lost == 0, "%d of %d, %d lost events" % (got, STORM, lost))
    target("collector_constant_memory", max(rss[2:] or rss) <= warm + 1024, "max %d KiB vs %d KiB 1 s in" % (
        max(rss), warm))
    for f in (out, cur, met):
        os.unlink(f)
    # durability: the same catch-up with and without a cursor (its checkpoint
    # syncs the whole output, then replaces the cursor)
    log = os.path.join(tmp, "1m-col.log")
    write_log(log, 1000000)
    plain = cursor = None
    for _ in range(3):
        for with_cursor in (False, True):
            for f in (out, cur):
                if os.path.exists(f):
                    os.unlink(f)
            cmd = [EXE, "tail", "--file", log, "-n", "all", "-o", "ecs", "--output-file", out]
            if with_cursor:
                cmd += ["--cursor-file", cur]
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
            d = time.perf_counter() - t
            if with_cursor:
                cursor = d if cursor is None else min(cursor, d)
            else:
                plain = d if plain is None else min(plain, d)
    size = os.path.getsize(out) >> 20
    print("collector: 1,000,000 records to a %d MB ECS file: %.3f s with --output-file, %.3f s with a cursor too "
          "(fdatasync of the output and the cursor's fsync and rename at each checkpoint): +%.3f s" % (
              size, plain, cursor, cursor - plain))
    os.unlink(log)


def cpu_s(pid):
    """utime + stime of a process so far, in seconds."""
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def bench_live(tmp):
    """The collector's CPU a record in a steady flow (LIVE_RATE getppid() a second
    under SECCOMP_RET_LOG for LIVE_SECONDS), beside a real auditd with its
    package's ENRICHED config and a reader that does nothing (the kernel's floor)."""
    out, cur, met = (os.path.join(tmp, n) for n in ("live.ecs.json", "live.cursor", "live.prom"))
    n = LIVE_RATE * LIVE_SECONDS
    with Auditd(tmp, own_flush=False) as auditd:
        col = subprocess.Popen([EXE, "tail", "--source=netlink", "-f", "-o", "ecs", "--output-file", out,
                                "--cursor-file", cur, "--metrics-file", met], stderr=subprocess.PIPE)
        floor = subprocess.Popen([FLOOR], stdout=subprocess.PIPE)
        floor.stdout.readline()
        time.sleep(1)
        procs = [("seccompctl", col)] + [("auditd", auditd.proc)] * bool(auditd.proc) + [("floor", floor)]
        before = {name: cpu_s(p.pid) for name, p in procs}
        subprocess.run([TRIGGER, "log", str(n), "livepace", str(LIVE_RATE)], capture_output=True, check=True)
        time.sleep(1)
        used = {name: cpu_s(p.pid) - before[name] for name, p in procs}
        floor.kill()
        floor.wait()
        col.send_signal(signal.SIGTERM)
        col.communicate(timeout=60)
    got = sum(1 for line in open(out) if '"livepace"' in line)
    us = {name: used[name] / n * 1e6 for name in used}
    print("live: %d records at %d/s (`%s log %d livepace %d`) while `seccompctl tail --source=netlink -f -o ecs "
          "--output-file F --cursor-file C --metrics-file M`: %d written" % (
              n, LIVE_RATE, os.path.basename(TRIGGER), n, LIVE_RATE, got))
    print("live: CPU a record (utime+stime from /proc over the run): seccompctl %.2f us, %s"
          "a bare recvmmsg reader (the kernel's floor, tests/helpers/nl-floor) %.2f us" % (
              us["seccompctl"], "auditd (its package's config, ENRICHED) %.2f us, " % us["auditd"]
              if "auditd" in us else "(auditd was already running: not measured) ", us["floor"]))
    target("live_written_all", got == n, "%d of %d" % (got, n))
    target("live_cpu_us_per_record", us["seccompctl"] <= TARGETS["live_cpu_us_per_record"],
           "%.2f us (<= %.1f)" % (us["seccompctl"], TARGETS["live_cpu_us_per_record"]))


def write_log(path, n, hexed=False):
    """A 1M-record audit.log as auditd writes it in its ENRICHED format; hexed:
    with comm and exe hex-encoded, as the kernel writes names with spaces."""
    tpl = ('type=SECCOMP msg=audit(%d.%03d:%d): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=%d '
           'comm="seccomp-trigger" exe="/usr/libexec/seccomp-trigger" sig=0 arch=c000003e syscall=110 '
           'compat=0 ip=0x7fe2891d9829 code=0x7ffc0000\x1dAUID="unset" UID="root" GID="root" '
           'ARCH=x86_64 SYSCALL=unknown-syscall(-1)\n')
    if hexed:
        tpl = ('type=SECCOMP msg=audit(%d.%03d:%d): auid=1000 uid=1000 gid=1000 ses=3 pid=%d comm='
               + b"my app".hex().upper() + ' exe=' + b"/opt/my app/bin/my app".hex().upper()
               + ' sig=0 arch=c000003e syscall=110 compat=0 ip=0x7fe2891d9829 code=0x7ffc0000\x1dAUID="alice" '
               'UID="alice" GID="alice" ARCH=x86_64 SYSCALL=getppid\n')
    with open(path, "w") as f:
        for i in range(n):
            f.write(tpl % (1795467220 + i // 1000, i % 1000, 1000 + i, 2000 + i % 30000))


def best_of(cmd, runs=3, capture=False):
    """Best wall time of runs. capture: read stdout through a pipe (GNU grep
    stops at the first match when its output is /dev/null)."""
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    return best


def bench_file(tmp):
    small, big = os.path.join(tmp, "40k.log"), os.path.join(tmp, "1m.log")
    write_log(small, 40000)
    write_log(big, 1000000)
    tail = [EXE, "tail", "--source=file", "-n", "all", "-o", "json", "--file"]
    t_small = best_of(tail + [small])
    t_big = best_of(tail + [big])
    t_grep = best_of(["grep", "-c", "type=SECCOMP", big], capture=True)
    print("file: `seccompctl tail --source=file --file F -n all -o json > /dev/null`: 40,000 records %.3f s, "
          "1,000,000 records %.3f s (%.0f records/s)" % (t_small, t_big, 1e6 / t_big))
    print("file: `grep -c type=SECCOMP F` on the 1,000,000-record log (%d MB): %.3f s"
          % (os.path.getsize(big) >> 20, t_grep))
    if subprocess.run(["which", "ausearch"], capture_output=True).returncode == 0:
        mid = os.path.join(tmp, "20k.log")
        write_log(mid, 20000)
        t_aus = best_of(["ausearch", "-m", "SECCOMP", "-if", mid], runs=1)
        t_ours = best_of(tail + [mid])
        print("file: reference, 20,000 records: `ausearch -m SECCOMP -if F` %.3f s, seccompctl tail %.3f s"
              % (t_aus, t_ours))
    target("file_within_%gx_grep" % TARGETS["file_x_grep"], t_big <= TARGETS["file_x_grep"] * t_grep,
           "%.1fx grep -c" % (t_big / t_grep))
    target("file_linear", t_big <= 30 * t_small, "1M took %.1fx the 40k time" % (t_big / t_small))
    hexed = os.path.join(tmp, "1m-hex.log")
    write_log(hexed, 1000000, hexed=True)
    t_hex = best_of(tail + [hexed])
    t_grep = best_of(["grep", "-c", "type=SECCOMP", hexed], capture=True)
    print("file: the same with comm and exe hex-encoded (names with spaces): %.3f s, `grep -c` %.3f s" % (t_hex, t_grep))
    target("hexed_within_%gx_grep" % TARGETS["file_x_grep"], t_hex <= TARGETS["file_x_grep"] * t_grep,
           "%.1fx grep -c" % (t_hex / t_grep))
    os.unlink(hexed)


def write_kern_log(path, n):
    """A kern.log as rsyslog writes it: a traditional syslog stamp, the kernel's
    [stamp], the record."""
    tpl = ('Nov 23 20:%02d:%02d vm kernel: [%6d.%06d] audit: type=1326 audit(%d.%03d:%d): auid=4294967295 uid=0 '
           'gid=0 ses=4294967295 pid=%d comm="seccomp-trigger" exe="/usr/libexec/seccomp-trigger" sig=0 '
           'arch=c000003e syscall=110 compat=0 ip=0x7fe2891d9829 code=0x7ffc0000\n')
    with open(path, "w") as f:
        for i in range(n):
            f.write(tpl % (i // 60000 % 60, i // 1000 % 60, 100 + i // 1000, i % 1000 * 1000,
                           1795467220 + i // 1000, i % 1000, 1000 + i, 2000 + i % 30000))


def bench_kernfile(tmp):
    big = os.path.join(tmp, "kern.log")
    write_kern_log(big, 1000000)
    t_ours = best_of([EXE, "tail", "--file", big, "-n", "all", "-o", "json"])
    t_grep = best_of(["grep", "-c", "audit: type=1326", big], capture=True)
    print("kernfile: `seccompctl tail --file kern.log -n all -o json > /dev/null`, 1,000,000 syslog-prefixed "
          "kernel lines (%d MB): %.3f s; `grep -c 'audit: type=1326'`: %.3f s" % (os.path.getsize(big) >> 20,
                                                                                t_ours, t_grep))
    target("kernfile_within_%gx_grep" % TARGETS["file_x_grep"], t_ours <= TARGETS["file_x_grep"] * t_grep,
           "%.1fx grep -c" % (t_ours / t_grep))


def journal_export(path, n, transport, boot):
    """n entries in journald's export format, audit or kernel transport."""
    with open(path, "w") as f:
        for i in range(n):
            sec, ms, serial = 1795467220 + i // 1000, i % 1000, 1000 + i
            fields = ('auid=4294967295 uid=0 gid=0 ses=4294967295 pid=%d comm="seccomp-trigger" '
                      'exe="/usr/libexec/seccomp-trigger" sig=0 arch=c000003e syscall=110 compat=0 '
                      'ip=0x7fe2891d9829 code=0x7ffc0000' % (2000 + i % 30000))
            f.write("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=%s\n" % (
                sec * 1000000 + ms * 1000 + 7, 100000000 + i * 1000, boot))
            f.write("_MACHINE_ID=3d1219c7c4c5404aaa1f6d2a48adfda4\n_HOSTNAME=vm\n_TRANSPORT=%s\n" % transport)
            if transport == "audit":
                f.write("_SOURCE_REALTIME_TIMESTAMP=%d\n_AUDIT_TYPE=1326\n_AUDIT_ID=%d\n_AUDIT_TYPE_NAME=SECCOMP\n"
                        "SYSLOG_FACILITY=4\nSYSLOG_IDENTIFIER=audit\nMESSAGE=SECCOMP %s\n_PID=%d\n"
                        "_COMM=seccomp-trigger\n_AUDIT_FIELD_ARCH=c000003e\n_AUDIT_FIELD_SYSCALL=110\n"
                        "_AUDIT_FIELD_CODE=0x7ffc0000\n\n" % (sec * 1000000 + ms * 1000, serial, fields, 2000 + i % 30000))
            else:
                f.write("PRIORITY=5\nSYSLOG_FACILITY=0\nSYSLOG_IDENTIFIER=kernel\n"
                        "MESSAGE=audit: type=1326 audit(%d.%03d:%d): %s\n\n" % (sec, ms, serial, fields))


def bench_journal(tmp):
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        print("journal: systemd-journal-remote is not installed: no journal figure")
        return
    boot = open("/proc/sys/kernel/random/boot_id").read().strip().replace("-", "")
    for transport, theirs, name in (("audit", ["-o", "cat"], "journal_within_1.5x_journalctl"),
                                    ("kernel", ["-k", "-o", "cat"], "journal_kernel_within_1.5x_journalctl")):
        exp = os.path.join(tmp, "%s.export" % transport)
        jdir = os.path.join(tmp, "journal-%s" % transport)
        os.makedirs(jdir)
        journal_export(exp, JOURNAL_N, transport, boot)
        # journal-remote rotates as it writes: the files of one directory
        subprocess.run([remote, "-o", os.path.join(jdir, "remote.journal"), exp], check=True, capture_output=True)
        source = "journal" if transport == "audit" else "kernel"
        t_ours = best_of([EXE, "tail", "--source=%s" % source, "-D", jdir, "-n", "all", "-o", "json"])
        t_jctl = best_of(["journalctl", "-D", jdir] + theirs, capture=True)
        print("journal: %d %s-transport entries: `seccompctl tail --source=%s -D DIR -n all -o json` %.3f s, "
              "`journalctl -D DIR %s` %.3f s" % (JOURNAL_N, transport, source, t_ours, " ".join(theirs), t_jctl))
        target(name, t_ours <= 1.5 * t_jctl, "%.2fx journalctl" % (t_ours / t_jctl))


def timed(cmd, n, values):
    times = []
    for i in range(n):
        c = [a.replace("{i}", values[i % 2]) for a in cmd]
        t = time.perf_counter()
        r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append((time.perf_counter() - t) * 1000)
        if r.returncode:
            sys.exit("benchmark command failed: %s: %s" % (" ".join(c), r.stderr))
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def report(label, cmd, n, values=("log", "kill_process log")):
    med, p95 = timed(cmd, n, values)
    print("%-30s median %6.2f ms  p95 %6.2f ms  (%d runs of: %s)" % (label, med, p95, n, " ".join(cmd)))
    return med


def paired(ours, theirs, n, values):
    """ours and theirs run one after the other, n pairs, so that the machine's
    drift through the run touches both alike: (our median, their median, the
    median of the pairs' ratios) in ms."""
    a, b, ratios = [], [], []
    for i in range(n):
        pair = []
        for cmd in (ours, theirs):
            c = [x.replace("{i}", values[i % 2]) for x in cmd]
            t = time.perf_counter()
            r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            pair.append((time.perf_counter() - t) * 1000)
            if r.returncode:
                sys.exit("benchmark command failed: %s: %s" % (" ".join(c), r.stderr))
        a.append(pair[0])
        b.append(pair[1])
        ratios.append(pair[0] / pair[1])
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def bench_set(host):
    host.audit(1)
    med = report("seccompctl set (verified)", [EXE, "-q", "set", "--require-record", "{i}"], N,
                 ("log", "kill_process,log"))
    target("set_verified_median_ms", med <= TARGETS["set_verified_median_ms"],
           "%.2f ms (<= %.0f)" % (med, TARGETS["set_verified_median_ms"]))
    report("sysctl -w (no verification)", ["sysctl", "-q", "-w", "kernel.seccomp.actions_logged={i}"], N)
    med = report("seccompctl get", [EXE, "get"], N)
    target("get_median_ms", med <= TARGETS["get_median_ms"], "%.2f ms (<= %.0f)" % (med, TARGETS["get_median_ms"]))
    report("sysctl -n", ["sysctl", "-n", "kernel.seccomp.actions_logged"], N)
    # each beside sysctl, pair by pair
    ours, theirs, ratio = paired([EXE, "-q", "set", "--require-record", "{i}"],
                                 ["sysctl", "-q", "-w", "kernel.seccomp.actions_logged={i}"], N,
                                 ("log", "kill_process log"))
    print("set beside sysctl -w, %d pairs: %.2f ms and %.2f ms, median ratio %.2fx" % (N, ours, theirs, ratio))
    target("set_x_sysctl", ratio <= TARGETS["set_x_sysctl"], "%.2fx sysctl -w (<= %.1f)" % (
        ratio, TARGETS["set_x_sysctl"]))
    ours, theirs, ratio = paired([EXE, "get"], ["sysctl", "-n", "kernel.seccomp.actions_logged"], N, ("", ""))
    print("get beside sysctl -n, %d pairs: %.2f ms and %.2f ms, median ratio %.2fx" % (N, ours, theirs, ratio))
    target("get_x_sysctl", ratio <= TARGETS["get_x_sysctl"], "%.2fx sysctl -n (<= %.1f)" % (
        ratio, TARGETS["get_x_sysctl"]))


def bench_record(tmp):
    """record of a program making RECORD_N system calls, against the same
    program run plainly and under the same LOG filter with nobody reading."""
    logged = open("/proc/sys/kernel/seccomp/actions_logged").read().split()
    if "log" not in logged:
        with open("/proc/sys/kernel/seccomp/actions_logged", "w") as f:
            f.write(" ".join(logged + ["log"]))
    n = str(RECORD_N)
    plain = best_of([SUBJECT, "loop", n])
    floor = best_of([SUBJECT, "loop", n, "log"])
    out = os.path.join(tmp, "record.json")
    best, summary = None, None
    for _ in range(3):
        t = time.perf_counter()
        p = subprocess.run([EXE, "--json", "record", "--output-file", out, "--", SUBJECT, "loop", n], capture_output=True,
                           text=True)
        d = time.perf_counter() - t
        if p.returncode != 0:
            print("record: failed: %s" % p.stderr.strip())
            target("record_nothing_lost", False, "record exited %d" % p.returncode)
            return
        last = json.loads(p.stdout.splitlines()[-1])
        if best is None or d < best:
            best, summary = d, last
    print("record: `%s loop %s` plainly %.3f s; under a RET_LOG filter with nobody reading (`loop %s log`) "
          "%.3f s; under `seccompctl record -o F --` %.3f s" % (os.path.basename(SUBJECT), n, plain, n, floor, best))
    print("record: %d records of %d calls, overruns %d, kernel lost %s; record is %.2fx the plain run, "
          "%.2fx the kernel's own logging floor" % (summary["records"], RECORD_N, summary["overruns"],
                                                    summary["kernel_lost"], best / plain, best / floor))
    target("record_nothing_lost", summary["complete"] and summary["records"] >= RECORD_N,
           "%d records, complete=%s" % (summary["records"], summary["complete"]))


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))]


def filters_runs(n):
    """n runs of `filters --json`: their times, the last document, and every
    thread's stop in all of them."""
    runs, stops, doc = [], [], None
    for _ in range(n):
        t = time.perf_counter()
        r = subprocess.run([EXE, "--json", "filters"], capture_output=True, text=True)
        runs.append(time.perf_counter() - t)
        doc = json.loads(r.stdout)
        stops += [th["stop_us"] for s in doc["stacks"] for th in s["threads"] if "stop_us" in th]
    return runs, doc, stops


def bench_filters(tmp):
    """filters on a host with 1000 processes under seccomp sharing 10 distinct
    filters: the whole read and evaluation, and how long each thread stands
    still while its filters are copied (every stop of 5 runs: the
    distribution), on an idle machine and with both CPUs kept busy."""
    procs = [subprocess.Popen([FILTER_LOAD, "default=allow;rule=errno(%d):getppid;rule=kill_process:ptrace;"
                               "rule=errno(13):mkdir:a1==0x1ff" % (i % 10 + 1), "hold"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(1000)]
    hogs = []
    try:
        end = time.time() + 60
        while time.time() < end and any("Seccomp:\t2" not in open("/proc/%d/status" % p.pid).read() for p in procs):
            time.sleep(0.2)
        runs, doc, stops = filters_runs(5)
        best = min(runs)
        threads = sum(len(s["threads"]) for s in doc["stacks"])
        print("filters: `seccompctl --json filters` with 1000 processes under 10 distinct filters (%d threads, "
              "%d stacks on the host): best of 5 %.3f s, median %.3f s" % (threads, len(doc["stacks"]), best,
                                                                       statistics.median(runs)))
        print("filters: each thread's stop, %d stops over 5 runs: median %d us, p90 %d us, p99 %d us, max %d us"
              % (len(stops), percentile(stops, 50), percentile(stops, 90), percentile(stops, 99), max(stops)))
        hogs = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(os.cpu_count())]
        runs, doc, busy = filters_runs(5)
        print("filters: the same with %d busy loops beside it: best %.3f s; stops: median %d us, p90 %d us, "
              "p99 %d us, max %d us" % (len(hogs), min(runs), percentile(busy, 50), percentile(busy, 90),
                                        percentile(busy, 99), max(busy)))
        target("filters_1000_s", best <= TARGETS["filters_1000_s"], "%.3f s (<= %.1f)" % (best, TARGETS["filters_1000_s"]))
        target("filters_stop_us", max(stops) <= TARGETS["filters_stop_us"],
               "longest of %d stops %d us (<= %d)" % (len(stops), max(stops), TARGETS["filters_stop_us"]))
        target("filters_stop_busy_us", max(busy) <= TARGETS["filters_stop_us"],
               "longest of %d stops on busy CPUs %d us (<= %d)" % (len(busy), max(busy), TARGETS["filters_stop_us"]))
    finally:
        for p in hogs + procs:
            p.kill()
        for p in hogs + procs:
            p.wait()


def storm_cpu(tmp, cg, extra):
    """tail's CPU over a storm of STORM records made in the unit cgroup cg, and
    the storm's records it wrote and the lost events."""
    out = os.path.join(tmp, "wstorm.jsonl")
    with open(out, "w") as f:
        tail = subprocess.Popen([EXE, "tail", "--source=netlink", "-o", "json", "--comm=wstorm"] + extra, stdout=f,
                                stderr=subprocess.PIPE)
        time.sleep(0.5)
        before = cpu_s(tail.pid)
        t = time.perf_counter()
        subprocess.run(["/bin/sh", "-c", 'echo $$ > "%s/cgroup.procs"; exec "$@"' % cg, "sh", TRIGGER, "log",
                        str(STORM), "wstorm"], stdout=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - t
        time.sleep(2)
        used = cpu_s(tail.pid) - before
        tail.send_signal(signal.SIGINT)
        tail.communicate(timeout=60)
    got, lost = count_events(out, '"comm":"wstorm"')
    named = sum(1 for line in open(out) if '"unit":"seccompctl-bench.service"' in line)
    os.unlink(out)
    return used, elapsed, got, lost, named


def bench_workload(tmp):
    """What naming the workload costs: tail's CPU over a storm with and without
    it, and its memory once 10,000 processes it has seen each made a record."""
    base = "/sys/fs/cgroup/unified" if os.path.isdir("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"
    made = [d for d in (os.path.join(base, "system.slice"), os.path.join(base, "system.slice",
                                                                          "seccompctl-bench.service"))
            if not os.path.isdir(d)]
    cg = os.path.join(base, "system.slice", "seccompctl-bench.service")
    os.makedirs(cg, exist_ok=True)
    try:
        # five of each, taken in turn, which goes first changing each round:
        # the medians are compared (one run alone varied by 40% here)
        all_runs = {"without": [], "with": []}
        ways = [("without", ["--no-workload"]), ("with", [])]
        for k in range(WORKLOAD_ROUNDS):
            for name, extra in (ways if k % 2 == 0 else ways[::-1]):
                all_runs[name].append(storm_cpu(tmp, cg, extra))
        runs = {}
        for name, rs in all_runs.items():
            for used, elapsed, got, lost, named in rs:
                print("workload: storm of %d in %.2f s, `seccompctl tail --source=netlink -o json%s`: CPU %.2f s "
                      "(%.2f us a record), %d written, %d lost events, %d naming the unit" % (
                          STORM, elapsed, " --no-workload" if name == "without" else "", used, used / STORM * 1e6,
                          got, lost, named))
            med = statistics.median(r[0] for r in rs)
            runs[name] = (med, 0, min(r[2] for r in rs), max(r[3] for r in rs), min(r[4] for r in rs))
        cost = (runs["with"][0] - runs["without"][0]) / runs["without"][0] * 100
        print("workload: median CPU over %d storms each: %.2f s without, %.2f s with" % (
            WORKLOAD_ROUNDS, runs["without"][0], runs["with"][0]))
        target("workload_storm_all", all(r[2] == STORM and r[3] == 0 for r in runs.values()) and
               runs["with"][4] == STORM, "%d and %d of %d, %d named" % (runs["without"][2], runs["with"][2], STORM,
                                                                       runs["with"][4]))
        target("workload_storm_cost_pct", cost <= TARGETS["workload_storm_cost_pct"],
               "%+.1f%% CPU (<= %.0f%%)" % (cost, TARGETS["workload_storm_cost_pct"]))
        # 10,000 processes, each seen (forked, then one record): the tracker's growth
        tail = subprocess.Popen([EXE, "tail", "--source=netlink", "-o", "json", "--comm=wcrowd"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1)
        before = rss_kb(tail.pid)
        crowd = subprocess.Popen(["/bin/sh", "-c", 'echo $$ > "%s/cgroup.procs"; exec "$@"' % cg, "sh", TRIGGER,
                                  "crowd", "10000", "wcrowd"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = crowd.stdout.readline().decode()
        time.sleep(3)
        after = rss_kb(tail.pid)
        crowd.stdin.close()
        crowd.wait()
        tail.send_signal(signal.SIGINT)
        tail.communicate(timeout=60)
        print("workload: `%s crowd 10000` (%s) under `seccompctl tail --source=netlink`: tail RSS %d KiB before, "
              "%d KiB with 10,000 processes seen (+%d KiB)" % (os.path.basename(TRIGGER), line.strip(), before, after,
                                                              after - before))
        target("workload_10k_procs_kib", after - before <= TARGETS["workload_10k_procs_kib"],
               "+%d KiB (<= %d)" % (after - before, TARGETS["workload_10k_procs_kib"]))
    finally:
        for d in reversed(made):
            os.rmdir(d)


def call_ns(mode):
    r = subprocess.run([SYSCALL_COST, mode, str(OBSERVER_CALLS)], capture_output=True, text=True, check=True)
    return float(r.stdout)


def start_observer(kind):
    """Nothing, the floor (empty programs on the same tracepoints), or
    seccompctl's observer; returned once attached."""
    if kind == "none":
        return None
    if kind == "empty":
        p = subprocess.Popen([EMPTY_OBSERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        p.stdout.readline()
        return p
    p = subprocess.Popen([EXE, "tail", "--source=bpf", "-n", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.5)
    return p


def stop_observer(p):
    if p is None:
        return
    if p.stdin:
        p.stdin.close()
        p.stdin = None
    else:
        p.send_signal(signal.SIGINT)
    p.communicate(timeout=30)


def bench_observer(tmp):
    """What the decision observer costs every system call of the host, side
    by side with no program and with empty programs on the same tracepoints
    (the floor any observer of this kind pays): a process under no filter,
    one under an allow-all filter, and a denied call. Rounds alternate which
    observer goes first; medians."""
    kinds, modes = ("none", "empty", "seccompctl"), ("plain", "allow", "deny")
    got = {(k, m): [] for k in kinds for m in modes}
    for r in range(OBSERVER_ROUNDS):
        for k in (kinds if r % 2 == 0 else kinds[::-1]):
            p = start_observer(k)
            try:
                for m in modes:
                    got[(k, m)].append(call_ns(m))
            finally:
                stop_observer(p)
    med = {key: statistics.median(v) for key, v in got.items()}
    worst = 0.0
    for m in modes:
        floor, ours = med[("empty", m)] - med[("none", m)], med[("seccompctl", m)] - med[("none", m)]
        print("observer: getppid() %-5s (`syscall-cost %s %d`, median of %d): %.0f ns with no program, "
              "%.0f ns with empty programs on sys_enter and sys_exit (+%.0f ns, the floor), %.0f ns under "
              "`seccompctl tail --source=bpf` (+%.0f ns)" % (
                  m, m, OBSERVER_CALLS, OBSERVER_ROUNDS, med[("none", m)], med[("empty", m)], floor,
                  med[("seccompctl", m)], ours))
        if m != "deny":
            worst = max(worst, ours / floor if floor > 0 else float("inf"))
    target("observer_x_floor", worst <= TARGETS["observer_x_floor"],
           "%.2fx the floor's added cost, worst of plain and allow (<= %.1f)" % (worst, TARGETS["observer_x_floor"]))
    # a storm of denials: every one counted; the reader's CPU and memory
    p = subprocess.Popen([EXE, "tail", "--source=bpf", "--summary", "-n", "0", "-o", "json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    rss0, cpu0 = rss_kb(p.pid), cpu_s(p.pid)
    t = time.perf_counter()
    subprocess.run([DECIDER, "errno:1", str(STORM)], stdout=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - t
    time.sleep(0.3)
    cpu, rss = cpu_s(p.pid) - cpu0, rss_kb(p.pid)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    counted = sum(r["count"] for line in out.decode().splitlines() if line.startswith('{"event":"summary"')
                  for r in json.loads(line)["counts"] if r["exe"] == DECIDER)
    print("observer: storm of %d denials in %.2f s (`decider errno:1 %d`) under `seccompctl tail --source=bpf "
          "--summary`: %d counted; reader CPU %.3f s (%.2f%% of the storm's time), RSS %d KiB idle, %d KiB after" % (
              STORM, elapsed, STORM, counted, cpu, cpu / elapsed * 100, rss0, rss))
    target("observer_storm_exact", counted == STORM, "%d of %d counted" % (counted, STORM))
    target("observer_storm_cpu_pct", cpu / elapsed * 100 <= TARGETS["observer_storm_cpu_pct"],
           "%.2f%% of one CPU (<= %.0f%%)" % (cpu / elapsed * 100, TARGETS["observer_storm_cpu_pct"]))


def main():
    require_root_and_audit()
    print("kernel %s, %d CPUs" % (os.uname().release, os.cpu_count()))
    with HostState() as host, tempfile.TemporaryDirectory() as tmp:
        if "set" in ONLY:
            bench_set(host)
        if "storm" in ONLY:
            bench_storm(tmp)
        if "collector" in ONLY:
            bench_collector(tmp)
        if "live" in ONLY:
            bench_live(tmp)
        if "file" in ONLY:
            bench_file(tmp)
        if "kernfile" in ONLY:
            bench_kernfile(tmp)
        if "journal" in ONLY:
            bench_journal(tmp)
        if "record" in ONLY:
            bench_record(tmp)
        if "workload" in ONLY:
            bench_workload(tmp)
        if "filters" in ONLY:
            bench_filters(tmp)
        if "observer" in ONLY:
            bench_observer(tmp)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
