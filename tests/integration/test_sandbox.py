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


def write_big_log(path, n):
    with open(path, "w") as f:
        for i in range(n):
            f.write('type=SECCOMP msg=audit(1700000000.%03d:%d): auid=0 uid=0 gid=0 ses=1 pid=%d comm="t" '
                    'exe="/usr/bin/t" sig=0 arch=c000003e syscall=39 compat=0 ip=0x1 code=0x7ffc0000\n'
                    % (i % 1000, 1000 + i, 100 + i))
            if i % 50000 == 49999:
                f.write("type=DAEMON_START msg=audit(1700000000.999:%d): op=start ver=3.0.9 format=enriched "
                        "kernel=6.1.0 auid=4294967295 pid=1 uid=0 ses=4294967295 res=success\n" % (1000 + i))


def test_tail_reading_ahead_confined(host):
    """A log read whole is read ahead by a thread of its own: made before the
    filter, it runs under it, with no capability; a signal ends both."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        write_big_log(log, 300000)
        # stdout a pipe nobody reads: the printer blocks, the reader waits for it
        p = subprocess.Popen([SECCOMPCTL, "tail", "--file", log, "-n", "all", "-o", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            end = time.time() + 10
            while time.time() < end and len(os.listdir("/proc/%d/task" % p.pid)) < 2:
                time.sleep(0.05)
            time.sleep(0.3)
            tids = [int(t) for t in os.listdir("/proc/%d/task" % p.pid)]
            check(len(tids) == 2, "the printer and the reader: %s" % tids)
            for tid in tids:
                st = status_of(p.pid, tid)
                check(st["Seccomp"] == "2" and st["Seccomp_filters"] == "1" and st["NoNewPrivs"] == "1" and
                      int(st["CapEff"], 16) == 0 and int(st["CapPrm"], 16) == 0,
                      "thread %d filtered, no capability: %s" % (tid, {k: st[k] for k in (
                          "Seccomp", "Seccomp_filters", "NoNewPrivs", "CapEff", "CapPrm")}))
            p.send_signal(signal.SIGINT)
            t = time.time()
            out, err = p.communicate(timeout=10)
            check(time.time() - t < 3 and p.returncode == 0, "SIGINT ends it at once: rc=%d %s" % (p.returncode, err))
            check(b"seccompctl: warning" not in err, "nothing refused by the filter: %s" % err[-300:])
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()


def write_big_dmesg(path, n):
    """The kernel's lines as dmesg writes them, losses among them."""
    with open(path, "w") as f:
        for i in range(n):
            f.write('[%6d.%06d] audit: type=1326 audit(1700000000.%03d:%d): auid=0 uid=0 gid=0 ses=1 pid=%d '
                    'comm="t" exe="/usr/bin/t" sig=0 arch=c000003e syscall=%d compat=0 ip=0x1 code=0x7ffc0000\n'
                    % (100 + i // 1000, i % 1000, i % 1000, 1000 + i, 100 + i, i % 300))
            if i % 40000 == 39999:
                f.write("[%6d.000000] audit: audit_lost=%d audit_rate_limit=0 audit_backlog_limit=64\n"
                        % (100 + i // 1000, i // 40000 + 1))


def test_reading_ahead_shows_what_one_thread_shows(host):
    """The same log read whole (a thread reads ahead) and through a pipe (no
    thread: standard input is not settled): the same bytes out, losses too,
    and nothing either does refused by the sandbox (each refusal is logged)."""
    host.audit(1)
    write_logged(default_actions())
    lis = Listener()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        write_big_log(log, 120000)
        dmesg = os.path.join(tmp, "dmesg.txt")
        write_big_dmesg(dmesg, 120000)
        for log, args in [(log, a) for a in (["-n", "all", "-o", "json"], ["-n", "25"])] + [(dmesg, a) for a in (
                ["-n", "all", "-o", "json"], ["-n", "all", "-o", "short", "--summary"])]:
            ahead = subprocess.run([SECCOMPCTL, "tail", "--file", log] + args, capture_output=True, timeout=60)
            with open(log, "rb") as f:
                piped = subprocess.run([SECCOMPCTL, "tail", "--file", "-"] + args, stdin=f, capture_output=True,
                                       timeout=60)
            check(ahead.returncode == 0 and piped.returncode == 0, "both read it: %d %d" % (
                ahead.returncode, piped.returncode))
            check(ahead.stdout == piped.stdout and len(ahead.stdout) > 1000,
                  "%s: the same output (%d and %d bytes)" % (args, len(ahead.stdout), len(piped.stdout)))
            check(ahead.stderr == piped.stderr, "and the same messages: %s / %s" % (ahead.stderr[-300:],
                                                                                 piped.stderr[-300:]))
            if log == dmesg and "json" in args:
                lost = [json.loads(l) for l in ahead.stdout.splitlines() if b'"lost"' in l]
                check(len(lost) == 1 and lost[0]["count"] == 3, "the losses are in it, summed: %s" % lost)
    refused = [f for t, s, f in lis.collect(1.0) if t == 1326 and 'comm="seccompctl"' in f]
    check(not refused, "the sandbox refused nothing: %s" % refused[:3])


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
    # sysinfo: glibc's qsort reads garbage when it fails, and sorts by chance;
    # a terminal's width: libsmartcols asks it for every table
    check(all(res.get(k) == "ok" for k in ("open_read", "socket_netlink", "sysinfo", "ioctl_winsz")),
          "allowed: %s" % out)
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
    """The whole suite runs confined; here one of each, with stderr clean, and
    not one system call refused by the filter (each refusal is logged: a tool
    that leaves records of its own in the log it reads)."""
    host.audit(1)
    write_logged(default_actions())
    lis = Listener()
    log = os.path.join(SRC, "tests", "data", "auditd-raw.log")
    for args in (["show"], ["get"], ["status"], ["status", "--processes"], ["--json", "set", "--dry-run", "log"],
                 ["filters"], ["tail", "--file", log, "-n", "all", "--summary"], ["tail", "--file", log, "-o", "raw"],
                 ["verify"], ["profile", "--file", log, "-o", "systemd"]):
        r = run(*args)
        check(r.rc in (0, 1, 3, 4) and "sandbox" not in r.err and "capabilities" not in r.err and
              "Traceback" not in r.err, "%s" % args, r)
    refused = [f for t, s, f in lis.collect(1.0) if t == 1326 and 'comm="seccompctl"' in f]
    check(not refused, "the sandbox refused nothing: %s" % refused[:3])


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
