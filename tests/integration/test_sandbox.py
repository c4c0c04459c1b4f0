#!/usr/bin/env python3
"""seccompctl confines itself: a running tail shows its filter and its dropped
capabilities, and what the allow-list refuses fails with EPERM and is logged."""
import json
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
        # one thread reads, formats and writes; one more reads the kernel's
        # process events (os/workloads.c): no capability at all, the same filter
        check(len(tids) == 1, "the reader and the process events' thread: %s" % tids)
        ev = status_of(p.pid, tids[0])
        check(int(ev["CapEff"], 16) == 0 and int(ev["CapPrm"], 16) == 0, "the events thread keeps no capability: %s"
              % {k: ev[k] for k in ("CapEff", "CapPrm")})
        check(ev["Seccomp"] == "2" and ev["Seccomp_filters"] == "1" and ev["NoNewPrivs"] == "1",
              "and runs under the same filter: %s" % {k: ev[k] for k in ("Seccomp", "Seccomp_filters", "NoNewPrivs")})
        p2 = running_tail("tail", "--source=netlink", "-f", "--no-workload")
        try:
            check(os.listdir("/proc/%d/task" % p2.pid) == [str(p2.pid)], "--no-workload: one thread alone")
        finally:
            check(stop(p2) == 0, "ends cleanly")
        # the name resolver, forked before the filter: no capability, its own filter
        kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
        check(len(kids) == 1, "one name resolver: %s" % kids)
        r = status_of(int(kids[0]))
        check(int(r["CapEff"], 16) == 0 and int(r["CapPrm"], 16) == 0, "the resolver keeps no capability: %s" % r)
        check(r["Seccomp"] == "2" and r["Seccomp_filters"] == "1", "and is filtered: %s" % r)
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


class Nscd:
    """A real nscd (Debian's package) serving a user and a group that are in no
    file this process reads: it runs in a mount namespace of its own, where
    copies of /etc/passwd and /etc/group with one more entry are bound over the
    real ones. Every other process reaches it over its Unix socket only."""

    SOCKET = "/run/nscd/socket"

    def __init__(self, tmp):
        self.tmp = tmp
        self.proc = None
        self.made_socket = False

    def __enter__(self):
        if not os.path.exists("/usr/sbin/nscd"):
            from lib import cannot_run
            cannot_run("nscd is not installed")
        if os.path.exists(self.SOCKET) and subprocess.run(["pgrep", "-x", "nscd"], capture_output=True).returncode == 0:
            from lib import cannot_run
            cannot_run("an nscd this test did not start runs")
        passwd, group, conf = (os.path.join(self.tmp, n) for n in ("passwd", "group", "nscd.conf"))
        open(passwd, "w").write(open("/etc/passwd").read() + "seccompctl-nss:x:4242:4343::/nonexistent:/usr/sbin/nologin\n")
        open(group, "w").write(open("/etc/group").read() + "seccompctl-nssgrp:x:4343:\n")
        with open(conf, "w") as f:
            for db in ("passwd", "group"):
                f.write("enable-cache %s yes\npersistent %s no\nshared %s no\ncheck-files %s yes\n" % (db, db, db, db))
            for db in ("hosts", "services", "netgroup"):
                f.write("enable-cache %s no\n" % db)
        os.makedirs("/run/nscd", exist_ok=True)
        self.made_socket = not os.path.exists(self.SOCKET)
        self.proc = subprocess.Popen(["unshare", "-m", "sh", "-c",
                                      "mount --bind %s /etc/passwd && mount --bind %s /etc/group && "
                                      "exec /usr/sbin/nscd -F -f %s" % (passwd, group, conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.time() + 10
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("nscd exited: %s" % self.proc.returncode)
            if subprocess.run(["getent", "passwd", "4242"], capture_output=True).stdout:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("nscd did not answer within 10 s")

    def stop(self):
        from lib import stop_pid
        stop_pid(self.proc)
        if self.made_socket and os.path.exists(self.SOCKET):
            os.unlink(self.SOCKET)

    def __exit__(self, *exc):
        self.stop()
        return False


def test_names_from_a_socket_name_service(host):
    """Users from LDAP or sssd reach glibc over a Unix socket, which the
    sandbox refuses: the resolver, forked before it, gets their names, and the
    tool makes no refused call (no SECCOMP record of its own)."""
    write_logged(default_actions())
    check(b"4242" not in open("/etc/passwd", "rb").read(), "the user is in no file seccompctl reads")
    line = ("type=SECCOMP msg=audit(1795467220.629:1870): auid=4242 uid=4242 gid=4343 ses=3 pid=77 "
            "comm=\"ldapuser\" exe=\"/bin/x\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000\n")
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        open(log, "w").write(line)
        with Nscd(tmp):
            lis = Listener().drain()
            r = run("tail", "--file", log, "-o", "json")
            own = [f for t, _, f in lis.collect(0.5) if t == 1326 and 'comm="seccompctl"' in f]
            lis.close()
        check(r.rc == 0 and r.err == "", "tail ran quietly", r)
        e = json.loads(r.out)
        check(e["user"] == "seccompctl-nss" and e["audit_user"] == "seccompctl-nss", "the user's name: %s" % e)
        check(e["group"] == "seccompctl-nssgrp", "the group's name: %s" % e)
        check(own == [], "no call of seccompctl's was refused: %s" % own)
        # and it is the resolver that does it: with nscd gone, no name, and no error
        r = run("tail", "--file", log, "-o", "json")
        check(r.rc == 0 and json.loads(r.out)["user"] is None, "without nscd the id has no name", r)


if __name__ == "__main__":
    main(collect_tests(globals()), crowd=True)
