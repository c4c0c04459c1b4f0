#!/usr/bin/env python3
"""Figures for seccompctl; run by scripts/bench.sh."""
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from lib import HostState, require_root_and_audit  # noqa: E402

EXE = os.path.abspath(os.environ.get("SECCOMPCTL", "build/seccompctl"))
N = int(os.environ.get("BENCH_N", "100"))

# Targets: verification must not make a change slow for a person or a script.
TARGETS = {"set_verified_median_ms": 20.0, "get_median_ms": 5.0}


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


def main():
    require_root_and_audit()
    failed = []
    with HostState() as host:
        host.audit(1)
        print("kernel %s, %d CPUs, audit enabled" % (os.uname().release, os.cpu_count()))
        med = report("seccompctl set (verified)", [EXE, "-q", "set", "--require-record", "{i}"], N,
                     ("log", "kill_process,log"))
        if med > TARGETS["set_verified_median_ms"]:
            failed.append("set_verified_median_ms")
        report("sysctl -w (no verification)", ["sysctl", "-q", "-w", "kernel.seccomp.actions_logged={i}"], N)
        med = report("seccompctl get", [EXE, "get"], N)
        if med > TARGETS["get_median_ms"]:
            failed.append("get_median_ms")
        report("sysctl -n", ["sysctl", "-n", "kernel.seccomp.actions_logged"], N)
    for k, v in TARGETS.items():
        print("target %-26s %6.1f ms  %s" % (k, v, "MISSED" if k in failed else "met"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
