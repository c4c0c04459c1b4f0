#!/usr/bin/env python3
"""seccompctl confines itself: a running tail shows its filter and its dropped
capabilities, and what the allow-list refuses fails with EPERM and is logged."""
import os
import signal
import subprocess
import tempfile
import time

from lib import (Listener, check, collect_tests, default_actions, main, run, write_logged, SECCOMPCTL)

PROBE = os.environ.get("SANDBOX_PROBE", "build/tests/helpers/sandbox-probe")
SRC = os.environ.get("SRCDIR", ".")
CAP_AUDIT_CONTROL = 1 << 30
EPERM = 1


def status_of(pid, tid=None):
    path = "/proc/%d/task/%d/status" % (pid, tid) if tid else "/proc/%d/status" % pid
    fields = dict(l.split(":", 1) for l in open(path) if ":" in l)
    return {k: v.strip() for k, v in fields.items()}


def running_tail(*args):
    p = subprocess.Popen([SECCOMPCTL] + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.6)
    check(p.poll() is None, "tail runs")
    return p


def stop(p):
    p.send_signal(signal.SIGINT)
    p.communicate(timeout=10)
    return p.returncode


def test_tail_netlink_confined(host):
    p = running_tail("tail", "--source=netlink", "-f")
    try:
        st = status_of(p.pid)
        check(st["Seccomp"] == "2" and st["Seccomp_filters"] == "1", "a seccomp filter: %s" % st["Seccomp"])
        check(int(st["CapEff"], 16) == CAP_AUDIT_CONTROL, "only CAP_AUDIT_CONTROL: %s" % st["CapEff"])
        tids = [int(t) for t in os.listdir("/proc/%d/task" % p.pid) if int(t) != p.pid]
        check(len(tids) == 1, "one writer thread")
        w = status_of(p.pid, tids[0])
        check(int(w["CapEff"], 16) == 0 and w["Seccomp"] == "2", "the writer: no capability, filtered: %s" % w)
    finally:
        check(stop(p) == 0, "ends cleanly")


def test_tail_file_confined(host):
    log = os.path.join(SRC, "tests", "data", "auditd-raw.log")
    p = running_tail("tail", "--file", log, "-f")
    try:
        st = status_of(p.pid)
        check(st["Seccomp"] == "2" and int(st["CapEff"], 16) == 0, "filtered, no capability: %s" % st)
    finally:
        check(stop(p) == 0, "ends cleanly")


def test_no_sandbox(host):
    p = running_tail("--no-sandbox", "tail", "--source=netlink", "-f")
    try:
        st = status_of(p.pid)
        check(st["Seccomp"] == "0" and int(st["CapEff"], 16) == int(status_of(os.getpid())["CapEff"], 16),
              "--no-sandbox: unconfined: %s" % st)
    finally:
        stop(p)


def probe(profile, tmp):
    out = subprocess.run([PROBE, profile, tmp], capture_output=True, text=True, timeout=30)
    return dict(l.split(" ", 1) for l in out.stdout.splitlines()), out


def test_refused_calls_fail_with_eperm_and_are_logged(host):
    host.audit(1)
    write_logged(default_actions())     # errno must be logged for the record
    lis = Listener()
    with tempfile.TemporaryDirectory() as tmp:
        res, out = probe("read", tmp)
        lines = lis.collect(1.0)
    check(res.get("open_read") == "ok" and res.get("socket_netlink") == "ok", "allowed: %s" % out)
    for name in ("open_create", "socket_inet", "ioctl_fionread", "fork", "execve"):
        check(res.get(name) == "errno=%d" % EPERM, "%s refused with EPERM: %s" % (name, out))
    records = [f for t, s, f in lines if t == 1326 and "comm=\"sandbox-probe\"" in f]
    check(len(records) >= 5 and all("code=0x50000" in f for f in records),
          "each refusal logged as errno: %d records" % len(records))


def test_persist_profile_may_create(host):
    with tempfile.TemporaryDirectory() as tmp:
        res, out = probe("persist", tmp)
        check(res.get("open_create") == "ok" and os.path.exists(os.path.join(tmp, "created")), "created: %s" % out)
        check(res.get("execve") == "errno=%d" % EPERM and res.get("socket_inet") == "errno=%d" % EPERM,
              "still no exec or inet: %s" % out)


def test_commands_work_confined(host):
    """The whole suite runs confined; here one of each, with stderr clean."""
    for args in (["show"], ["get"], ["status"], ["--json", "set", "--dry-run", "log"]):
        r = run(*args)
        check(r.rc == 0 and "sandbox" not in r.err and "capabilities" not in r.err, "%s" % args, r)


if __name__ == "__main__":
    main(collect_tests(globals()))
