#!/usr/bin/env python3
"""The kernel log on the real kernel: SECCOMP records through printk (no
auditd registered), read back from /dev/kmsg, dmesg text, a real journald that
keeps kernel messages but does not read audit, a real rsyslogd writing kern.log
in both stamp forms; printk's rate limit counted; a journal holding both copies
of a record showing it once; --source=auto choosing where records go."""
import json
import os
import shutil
import subprocess
import tempfile
import time

from lib import (Auditd, Journald, audit_status, cannot_run, check, collect_tests, default_actions, main, run,
                 stop_pid, write_logged, SECCOMPCTL)
from test_tail import check_events, make_cases, run_cases, trigger, trigger_pid


def no_auditd():
    st = audit_status()
    if st["pid"] and os.path.exists("/proc/%d" % st["pid"]):
        cannot_run("an auditd is registered: records do not go through printk")


def printed(host, burst=1000):
    """printk's rate limit out of the way, so every record of a test is printed.
    The kernel takes a new burst only when an interval starts again: a short
    interval, and a wait past it."""
    host.sysctl("kernel.printk_ratelimit", 1)
    host.sysctl("kernel.printk_ratelimit_burst", burst)
    time.sleep(1.1)


def events(out):
    return [e for e in map(json.loads, out.splitlines()) if "pid" in e]


def mine(evs, pids):
    return [e for e in evs if e["pid"] in pids]


def test_kmsg_every_action(host):
    no_auditd()
    printed(host)
    host.audit(0)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        pids = run_cases(cases)
        r = run("tail", "--source=kernel", "-n", "all", "-o", "json")
    check(r.rc == 0, "tail --source=kernel", r)
    check_events(mine(events(r.out), pids), cases, pids, "kernel")


def test_kmsg_follow(host):
    no_auditd()
    printed(host)
    write_logged(default_actions())
    from lib import Tail
    t = Tail("--source=kernel", "-f", "-n", "0", "-o", "json")
    pid = trigger_pid("log", "k-follow")
    time.sleep(0.5)
    rc, out, err = t.stop()
    got = events(out.decode())
    check(rc == 0 and [e["pid"] for e in got] == [pid], "followed live, by sequence number: %s %s" % (got, err))


def test_dmesg_text(host):
    """dmesg | seccompctl tail --file -: every form dmesg prints."""
    no_auditd()
    printed(host)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        pids = run_cases(cases)
        for args in ([], ["-r"], ["-T"]):
            text = subprocess.run(["dmesg"] + args, capture_output=True, text=True, errors="surrogateescape").stdout
            r = run("tail", "--file", "-", "-n", "all", "-o", "json", stdin=text)
            check(r.rc == 0, "dmesg %s | tail --file -" % args, r)
            check_events(mine(events(r.out), pids), cases, pids, "file")


def test_journal_kernel_messages(host):
    """Ubuntu 24.04's case: journald keeps the kernel's messages, reads no audit."""
    no_auditd()
    printed(host)
    host.audit(0)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        with Journald(no_audit=True) as j:
            warm = trigger_pid("log", "jk-warm")
            deadline = time.time() + 10
            while time.time() < deadline:
                if warm in [e["pid"] for e in events(run("tail", "--source=kernel", "-b", "-n", "all", "-o",
                                                         "json").out)]:
                    break
                time.sleep(0.2)
            pids = run_cases(cases)
            deadline = time.time() + 10
            while True:
                r = run("tail", "--source=kernel", "-b", "-n", "all", "-o", "json")
                got = mine(events(r.out), pids)
                if len(got) == len(pids) or time.time() > deadline:
                    break
                time.sleep(0.2)
            check(r.rc == 0, "the journal's kernel messages", r)
            check_events(got, cases, pids, "kernel")
            # auto: no auditd, journald reads no audit, but keeps the kernel's messages
            a = run("tail", "-n", "all", "-o", "json")
            check("journal's kernel messages" in a.err, "auto says where and why: %s" % a.err)
            check(set(pids) <= {e["pid"] for e in events(a.out)}, "and reads it", a)
            st = run("--json", "status").json
            check(st["receivers"]["journald"]["reads_audit"] is False and st["receivers"]["journald"]["reads_kmsg"],
                  "status: journald reads no audit, keeps kernel messages: %s" % st["receivers"])
            check("journal_kernel" in [g["kind"] for g in st["seccomp_records_go"]], "records go there", st)


class Rsyslogd:
    """A real rsyslogd (Debian's) with imklog, writing kern.log twice: the
    traditional stamp and RFC 3339. Started here, stopped by its PID."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.trad = os.path.join(tmp, "kern-traditional.log")
        self.rfc = os.path.join(tmp, "kern-rfc3339.log")
        self.proc = None

    def __enter__(self):
        if not shutil.which("rsyslogd"):
            cannot_run("rsyslogd is not installed")
        conf = os.path.join(self.tmp, "rsyslog.conf")
        work = os.path.join(self.tmp, "work")
        os.makedirs(work)
        with open(conf, "w") as f:
            f.write('global(workDirectory="%s")\n' % work)
            f.write('module(load="imklog")\n')
            f.write('kern.* action(type="omfile" file="%s" template="RSYSLOG_TraditionalFileFormat")\n' % self.trad)
            f.write('kern.* action(type="omfile" file="%s" template="RSYSLOG_FileFormat")\n' % self.rfc)
        self.proc = subprocess.Popen(["rsyslogd", "-n", "-f", conf, "-i", os.path.join(self.tmp, "rsyslogd.pid")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.5)
        if self.proc.poll() is not None:
            raise RuntimeError("rsyslogd exited: %s" % self.proc.stderr.read())
        return self

    def wait_for(self, needle, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            if all(os.path.exists(p) and needle in open(p, errors="replace").read() for p in (self.trad, self.rfc)):
                return True
            time.sleep(0.1)
        return False

    def __exit__(self, *exc):
        stop_pid(self.proc)
        return False


def test_rsyslog_kern_log(host):
    no_auditd()
    printed(host)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        with Rsyslogd(tmp) as rs:
            pids = run_cases(cases)
            check(rs.wait_for("pid=%d " % pids[-1]), "rsyslogd wrote the last record in both files")
            trad_line = [l for l in open(rs.trad) if "pid=%d " % pids[0] in l][0]
            rfc_line = [l for l in open(rs.rfc) if "pid=%d " % pids[0] in l][0]
            check(" kernel: " in trad_line and trad_line[3] == " ", "a traditional stamp: %r" % trad_line)
            check(rfc_line[4] == "-" and rfc_line[10] == "T" and " kernel: " in rfc_line, "RFC 3339: %r" % rfc_line)
            for path in (rs.trad, rs.rfc):
                r = run("tail", "--file", path, "-n", "all", "-o", "json")
                check(r.rc == 0, "tail --file %s" % path, r)
                check_events(mine(events(r.out), pids), cases, pids, "file")


def kmsg_lines_after(seq):
    """/dev/kmsg read here, independently: (seq, text) of messages after seq."""
    fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    out = []
    try:
        while True:
            try:
                rec = os.read(fd, 16384).decode("utf-8", "replace")
            except BlockingIOError:
                break
            except BrokenPipeError:
                continue
            head, _, text = rec.partition(";")
            s = int(head.split(",")[1])
            if s > seq:
                out.append((s, text.split("\n")[0]))
    finally:
        os.close(fd)
    return out


def test_printk_rate_limit_counted(host):
    """A burst beyond printk's limit: what seccompctl reports lost is the sum of
    the kernel's "callbacks suppressed" counts, and nothing goes unaccounted."""
    no_auditd()
    host.audit(0)
    write_logged(default_actions())
    host.sysctl("kernel.printk_ratelimit", 1)
    host.sysctl("kernel.printk_ratelimit_burst", 3)
    time.sleep(1.1)                      # a fresh interval
    start_seq = max([s for s, _ in kmsg_lines_after(-1)] or [0])
    since = "@%.3f" % (time.time() - 0.2)
    trigger("log", "burst-k", count=40)
    time.sleep(1.2)                      # the interval ends ...
    trigger("log", "burst-k", count=1)   # ... and the next message says what was suppressed
    time.sleep(0.3)
    raw = kmsg_lines_after(start_seq)
    suppressed = sum(int(t.split()[1]) for _, t in raw if t.startswith("kauditd_printk_skb:"))
    r = run("tail", "--source=kernel", "-n", "all", "-o", "json", "--since", since)
    lines = [json.loads(l) for l in r.out.splitlines()]
    lost = [l for l in lines if l.get("event") == "lost" and l["cause"] == "printk_ratelimit"]
    seen = [l for l in lines if l.get("comm") == "burst-k"]
    check(suppressed > 0, "the kernel suppressed some: %s" % raw)
    check(sum(l["count"] for l in lost) == suppressed, "lost %s == suppressed %d" % (lost, suppressed), r)
    check(len(seen) + suppressed == 41, "every record seen or counted lost: %d + %d" % (len(seen), suppressed))
    check("printk rate limit dropped %d records" % suppressed in r.err, "said on stderr", r)


def test_journal_holds_both_copies_shows_one(host):
    """Where journald reads audit and no auditd runs, the journal keeps each
    record twice (audit and kernel transports): tail shows it once."""
    no_auditd()
    printed(host)
    write_logged(default_actions())
    started = time.time()
    with Journald() as j:
        warm = trigger_pid("log", "j2-warm")
        deadline = time.time() + 10
        while time.time() < deadline and warm not in [e["pid"] for e in events(
                run("tail", "--source=journal", "-n", "all", "-o", "json").out)]:
            time.sleep(0.2)
        pids = [trigger_pid("log", "j2-%d" % i) for i in range(5)]
        deadline = time.time() + 10
        while True:
            kern = subprocess.run(["journalctl", "-q", "-o", "cat", "_TRANSPORT=kernel"], capture_output=True,
                                  text=True).stdout
            aud = subprocess.run(["journalctl", "-q", "-o", "cat", "_TRANSPORT=audit"], capture_output=True,
                                 text=True).stdout
            both = all("pid=%d " % p in kern and "pid=%d " % p in aud for p in pids)
            if both or time.time() > deadline:
                break
            time.sleep(0.2)
        check(both, "the journal holds both copies of each record")
        # this test's records only (as test_tail's journal tests): the journal
        # may hold older ones whose pids came round again (the suite forks
        # tens of thousands of times); the kernel's coarse clock gets a margin
        r = run("tail", "--source=journal", "-n", "all", "-o", "json", "--since", "@%.3f" % (started - 1))
    got = [e["pid"] for e in events(r.out) if e["pid"] in pids]
    check(sorted(got) == sorted(pids), "each record once: %s of %s" % (got, pids), r)


def test_auto_picks_where_records_go(host):
    no_auditd()
    # nothing keeps them: the kernel log itself
    r = run("tail", "-n", "1")
    check(r.rc == 0 and "reading /dev/kmsg" in r.err, "auto: /dev/kmsg when nothing keeps records", r)
    host.audit(1)
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        warm = trigger_pid("log", "auto-ad")
        check(auditd.wait_for("pid=%d " % warm), "auditd logs")
        r = run("tail", "-n", "all", "-o", "json")
        check(r.rc == 0 and auditd.log in r.err and "auditd (pid" in r.err, "auto: auditd's own log", r)
        check(warm in [e["pid"] for e in events(r.out)], "and reads it", r)
    v = run("verify")
    check("reading /dev/kmsg" in v.err, "verify chooses the same way", v)


if __name__ == "__main__":
    main(collect_tests(globals()))
