#!/usr/bin/env python3
"""A local attacker against the real binary: an unprivileged account made for
the test plants symlinks, FIFOs, hard links, files of its own and cursors
where root's seccompctl writes, with fs.protected_symlinks, protected_regular,
protected_fifos and protected_hardlinks at 0 (as on many containers and older
hosts; put back after). Each attack is refused with its message, the victim
is unchanged byte for byte, and nothing is left behind."""
import json
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from lib import (SRCDIR, Journald, cannot_run, check, collect_tests, main, run, SECCOMPCTL, stop_pid,
                 write_logged, default_actions)

USER = "seccompctl-attacker"
LOG = os.path.join(SRCDIR, "tests", "data", "auditd-raw.log")
VICTIM_TEXT = b"root:$y$j9T$precious:19000:0:99999:7:::\n"


def attacker(host):
    """The unprivileged account (made for the test, removed after) and the
    protected_* sysctls at 0: (uid, gid)."""
    try:
        pw = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                       check=True, capture_output=True)
        host.cleanups.append(lambda: subprocess.run(["userdel", USER], check=True, capture_output=True))
        pw = pwd.getpwnam(USER)
    for name in ("fs.protected_symlinks", "fs.protected_regular", "fs.protected_fifos", "fs.protected_hardlinks"):
        host.sysctl(name, 0)
    return pw.pw_uid, pw.pw_gid


def as_attacker(uid, gid, *cmd):
    subprocess.run(["setpriv", "--reuid=%d" % uid, "--regid=%d" % gid, "--clear-groups", "--"] + list(cmd),
                   check=True, capture_output=True)


class Scene:
    """A shared directory like /tmp (root's, 1777), beside a victim of root's
    on the same file system (so that a hard link can reach it)."""

    def __init__(self, host):
        self.uid, self.gid = attacker(host)
        self.top = tempfile.mkdtemp(prefix="attack.", dir="/var/tmp")
        host.cleanups.append(lambda: subprocess.run(["rm", "-rf", self.top], check=True))
        os.chmod(self.top, 0o755)
        self.shared = os.path.join(self.top, "shared")
        os.mkdir(self.shared)
        os.chmod(self.shared, 0o1777)
        self.victim = os.path.join(self.top, "shadow")
        with open(self.victim, "wb") as f:
            f.write(VICTIM_TEXT)
        os.chmod(self.victim, 0o640)
        self.victim_stat = os.stat(self.victim)

    def path(self, name):
        return os.path.join(self.shared, name)

    def plant(self, *cmd):
        as_attacker(self.uid, self.gid, *cmd)

    def victim_intact(self, what):
        with open(self.victim, "rb") as f:
            got = f.read()
        st = os.stat(self.victim)
        check(got == VICTIM_TEXT and st.st_mtime_ns == self.victim_stat.st_mtime_ns,
              "%s: the victim is unchanged byte for byte: %r" % (what, got))

    def left(self):
        return sorted(os.listdir(self.shared))


def refused(r, words, what):
    check(r.rc == 1 and words in r.err, "%s: refused with exit 1 and '%s'" % (what, words), r)


def tail_to(*args, timeout=15):
    return run("tail", "--file", LOG, "-n", "all", "-o", "json", *args, timeout=timeout)


def test_output_symlink_refused(host):
    s = Scene(host)
    out = s.path("events.json")
    s.plant("ln", "-s", s.victim, out)
    refused(tail_to("--output-file", out), "is a symbolic link", "a symlink at --output-file")
    s.victim_intact("tail --output-file through a symlink")
    check(s.left() == ["events.json"] and os.path.islink(out), "the link is left as it was, nothing else made")


def test_symlink_on_the_way_refused(host):
    s = Scene(host)
    s.plant("ln", "-s", s.top, s.path("logs"))
    refused(tail_to("--output-file", s.path("logs/shadow")), "follows only links of root's",
            "a directory on the way that is the attacker's symlink")
    s.victim_intact("through a symlinked directory")


def test_attackers_own_file_refused(host):
    """A file the attacker made (0666) at the output path: root-only records
    would become readable by them."""
    s = Scene(host)
    out = s.path("events.json")
    s.plant("sh", "-c", "umask 0; : > " + out)
    refused(tail_to("--output-file", out), "belongs to uid %d" % s.uid, "the attacker's own file")
    check(os.path.getsize(out) == 0, "nothing written into it")


def test_hard_link_refused(host):
    s = Scene(host)
    out = s.path("events.json")
    s.plant("ln", s.victim, out)
    check(os.stat(out).st_ino == s.victim_stat.st_ino, "the attacker linked the victim")
    refused(tail_to("--output-file", out), "hard links", "a hard link to the victim")
    s.victim_intact("tail --output-file into a hard link")


def test_fifo_does_not_block(host):
    s = Scene(host)
    out, cur = s.path("events.json"), s.path("cursor")
    s.plant("mkfifo", out)
    r = tail_to("--output-file", out, timeout=10)
    refused(r, "a FIFO", "a FIFO at --output-file")
    check(r.elapsed < 5, "refused at once, not blocked: %.1f s" % r.elapsed)
    os.unlink(out)
    s.plant("mkfifo", cur)
    r = tail_to("--output-file", os.path.join(s.top, "out.json"), "--cursor-file", cur, timeout=10)
    refused(r, "a FIFO", "a FIFO at --cursor-file")
    check(r.elapsed < 5, "refused at once, not blocked: %.1f s" % r.elapsed)


def test_forged_cursor_cannot_truncate(host):
    """The attacker writes a cursor naming the victim's inode at length 0 and
    links the output to the victim: before, root truncated it to 0 bytes."""
    s = Scene(host)
    out, cur = s.path("events.json"), s.path("cursor")
    st = s.victim_stat
    s.plant("sh", "-c", "printf '# seccompctl tail cursor 1\\nkind file\\noutput %d %d 0\\n' > %s" % (st.st_dev, st.st_ino, cur))
    s.plant("ln", "-s", s.victim, out)
    r = tail_to("--output-file", out, "--cursor-file", cur)
    s.victim_intact("a forged cursor with a symlinked output")
    refused(r, "belongs to uid %d" % s.uid, "a cursor the attacker wrote")
    # root's own cursor, and the output swapped for a hard link to the victim
    os.unlink(cur)
    os.unlink(out)
    good = os.path.join(s.top, "own")
    os.mkdir(good)
    gout, gcur = os.path.join(good, "events.json"), os.path.join(good, "cursor")
    check(tail_to("--output-file", gout, "--cursor-file", gcur).rc == 0, "a first run makes the cursor")
    text = open(gcur).read().replace("output %d %d" % (os.stat(gout).st_dev, os.stat(gout).st_ino),
                                     "output %d %d" % (st.st_dev, st.st_ino))
    with open(gcur, "w") as f:
        f.write(text)
    os.unlink(gout)
    os.link(s.victim, gout)     # as the attacker would, where they can write
    refused(tail_to("--output-file", gout, "--cursor-file", gcur), "hard links", "the victim under the output's name")
    os.unlink(gout)
    s.victim_intact("the cursor names the victim, the output is a second name of it")


def test_sighup_reopen_refuses_a_planted_link(host):
    """logrotate renames the live file away; before the SIGHUP, the attacker
    plants a symlink at the free name: the reopen refuses it."""
    s = Scene(host)
    out = s.path("events.json")
    log = os.path.join(s.top, "audit.log")
    with open(LOG, "rb") as src, open(log, "wb") as dst:
        dst.write(src.read())
    p = subprocess.Popen([SECCOMPCTL, "tail", "-f", "-n", "all", "-o", "json", "--file", log, "--output-file", out],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 10
        while time.time() < deadline and not (os.path.exists(out) and os.path.getsize(out) > 0):
            time.sleep(0.05)
        check(os.path.getsize(out) > 0, "the collector writes")
        os.rename(out, out + ".1")
        s.plant("ln", "-s", s.victim, out)
        p.send_signal(signal.SIGHUP)
        with open(log, "ab") as f:
            f.write(open(LOG, "rb").read())
        rc = p.wait(timeout=10)
        err = p.stderr.read()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    check(rc == 1 and "cannot open %s again" % out in err and "symbolic link" in err,
          "the reopen is refused and tail ends with 1: rc=%s %s" % (rc, err))
    s.victim_intact("SIGHUP after a planted symlink")


def test_output_dir_symlink_refused(host):
    s = Scene(host)
    d = s.path("profiles")
    s.plant("ln", "-s", s.top, d)
    r = run("profile", "--file", LOG, "--per=container", "--output-dir", d)
    refused(r, "follows only links of root's", "profile --output-dir through the attacker's symlink")
    check(sorted(os.listdir(s.top)) == ["shadow", "shared"], "nothing written where it points: %s" %
          os.listdir(s.top))


def test_group_writable_directory_refused(host):
    """A shared log directory the attacker's group can write: refused before
    anything is written, whatever is (not yet) planted there."""
    s = Scene(host)
    d = os.path.join(s.top, "shared-logs")
    os.mkdir(d)
    os.chown(d, 0, s.gid)
    os.chmod(d, 0o775)
    refused(tail_to("--output-file", os.path.join(d, "events.json")), "can be written by others",
            "a group-writable directory")
    check(os.listdir(d) == [], "nothing made there")


def test_replaced_files_refuse_planted_entries(host):
    """Files replaced whole (metrics, profiles, --persist) do not replace a
    symlink, FIFO or file of the attacker's."""
    s = Scene(host)
    prom, prof, conf = s.path("m.prom"), s.path("p.json"), s.path("50-seccompctl.conf")
    s.plant("ln", "-s", s.victim, prom)
    s.plant("mkfifo", prof)
    s.plant("touch", conf)
    refused(tail_to("--metrics-file", prom), "is a symbolic link", "--metrics-file at the attacker's symlink")
    refused(run("profile", "--file", LOG, "--output-file", prof), "is a FIFO", "profile at the attacker's FIFO")
    cur = open("/proc/sys/kernel/seccomp/actions_logged").read().strip()
    r = run("set", "--force", "--persist=" + conf, *cur.split())
    refused(r, "belongs to uid %d" % s.uid, "--persist over the attacker's file")
    s.victim_intact("files replaced whole")
    check(s.left() == ["50-seccompctl.conf", "m.prom", "p.json"], "no temporary left: %s" % s.left())


# --- forged lines ----------------------------------------------------------------------

RAW_SEND = ("import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            "s.connect(sys.argv[1])\n"
            "s.send(sys.argv[2].encode())\n")


class AttackedRsyslog:
    """A real rsyslogd with Debian 12's rules and format (traditional stamps,
    *.* but auth into syslog, kern.* into kern.log), its socket at a path of
    its own that every user may write, as /dev/log is. Stopped by its PID."""

    def __init__(self, top):
        self.top = top
        self.sock = os.path.join(top, "log")
        self.syslog = os.path.join(top, "syslog")
        self.kern = os.path.join(top, "kern.log")
        self.proc = None

    def __enter__(self):
        if not shutil.which("rsyslogd"):
            cannot_run("rsyslogd is not installed")
        conf = os.path.join(self.top, "rsyslog.conf")
        with open(conf, "w") as f:
            f.write('global(workDirectory="%s")\n' % self.top)
            f.write('module(load="imuxsock" SysSock.Use="off")\n')
            f.write('input(type="imuxsock" Socket="%s")\n' % self.sock)
            f.write("$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat\n")
            f.write("*.*;auth,authpriv.none -%s\n" % self.syslog)
            f.write("kern.* -%s\n" % self.kern)
        self.proc = subprocess.Popen(["rsyslogd", "-n", "-f", conf, "-i", os.path.join(self.top, "rsyslogd.pid")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        end = time.time() + 10
        while not os.path.exists(self.sock) and time.time() < end and self.proc.poll() is None:
            time.sleep(0.05)
        if not os.path.exists(self.sock):
            raise RuntimeError("rsyslogd did not make its socket: %s" % self.proc.stderr.read())
        os.chmod(self.sock, 0o666)
        return self

    def wait_for(self, path, needle, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            if os.path.exists(path) and needle in open(path, errors="replace").read():
                return True
            time.sleep(0.1)
        return False

    def __exit__(self, *exc):
        stop_pid(self.proc)
        return False


def seccomp_fields(comm, syscall, code, sig=0):
    return ('auid=4294967295 uid=0 gid=0 ses=4294967295 pid=1 comm="%s" exe="/usr/lib/systemd/systemd" '
            "sig=%d arch=c000003e syscall=%d compat=0 ip=0x7f0000001000 code=%s" % (comm, sig, syscall, code))


def forge_syslog(s, rs, now):
    """What the attacker writes, as in the issue: records under the kernel's
    and audit's tags, losses, a change of actions_logged, and one raw datagram
    of facility kern."""
    stamp = "%d.123" % now
    lines = [
        ("kernel", "audit: type=1326 audit(%s:777001): %s" % (stamp, seccomp_fields("systemd", 59, "0x0", 31))),
        ("kernel[0]", "audit: type=1326 audit(%s:777002): %s" % (stamp, seccomp_fields("systemd", 59, "0x0", 31))),
        ("audisp-syslog", "type=SECCOMP msg=audit(%s:777003): %s" % (stamp, seccomp_fields("systemd", 59, "0x0", 31))),
        ("kernel", "kauditd_printk_skb: 424242 callbacks suppressed"),
        ("systemd-journald", "Missed 999999 kernel messages"),
        ("kernel", "audit: type=1305 audit(%s:777010): op=seccomp-logging actions=log "
                   "old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1" % stamp),
    ]
    for tag, text in lines:
        s.plant("logger", "-u", rs.sock, "-t", tag, text)
        s.plant("logger", "-u", rs.sock, "-p", "kern.notice", "-t", tag, text)
    raw = "<5>kernel: audit: type=1326 audit(%s:777020): %s" % (stamp, seccomp_fields("raw-forged", 59, "0x0", 31))
    script = os.path.join(s.top, "raw.py")
    with open(script, "w") as f:
        f.write(RAW_SEND)
    os.chmod(script, 0o644)
    s.plant("/usr/bin/python3", script, rs.sock, raw)
    check(rs.wait_for(rs.syslog, "raw-forged"), "rsyslogd wrote the forged lines into syslog")
    check(rs.wait_for(rs.syslog, "old-actions=kill_process"), "the forged change too")


def test_forged_syslog_lines_prove_nothing(host):
    s = Scene(host)
    top = tempfile.mkdtemp(dir=s.top)
    os.chmod(top, 0o755)
    with AttackedRsyslog(top) as rs:
        forge_syslog(s, rs, int(time.time()))
        # measured: a raw datagram of facility kern lands in the kern.* file,
        # so kern.log is no more the kernel's alone than syslog is
        check(rs.wait_for(rs.kern, "raw-forged"), "the raw <5> datagram reached kern.log")
        kern_text = open(rs.kern).read()
        check("comm=\"systemd\"" not in kern_text, "logger -p kern.notice did not: logger makes it user")
    r = run("tail", "--file", rs.syslog, "-n", "all", "-o", "json")
    evs = [json.loads(l) for l in r.out.splitlines()]
    check(r.rc == 0, "forged losses make no exit 3", r)
    check(evs and all(e["trusted"] is False for e in evs), "every record shown untrusted", r)
    check({e["comm"] for e in evs} == {"systemd", "raw-forged"}, "the forged records, shown", r)
    check("could have been written by a process" in r.err and "not counted" in r.err,
          "the warnings say so", r)
    check('"event":"lost"' not in r.out, "no lost event", r)
    short = run("tail", "--file", rs.kern, "-n", "all")
    check("raw-forged" in short.out and "[untrusted]" in short.out, "short text marks them", short)
    # profiles and verdicts are not moved
    p = run("profile", "--file", rs.syslog, "--format=json")
    check(p.rc == 0 and "execve" not in p.out, "profile adds no forged call", p)
    p = run("profile", "--file", rs.syslog, "--format=json", "--trust-file")
    check(p.rc == 3 and "execve" in p.out and "the source dropped records" in p.err,
          "unless the admin says the file is the kernel's: then its losses count too", p)
    v = run("--json", "verify", "--file", rs.syslog)
    kinds = [x["kind"] for x in v.json["problems"]]
    check(v.rc == 4 and "untrusted" in kinds and v.json["verdict"] == "unproven",
          "verify: the forged change is left out, the trail unproven: %s" % kinds, v)
    prom = os.path.join(s.top, "m.prom")
    m = run("tail", "--file", rs.syslog, "-n", "all", "-o", "json", "--metrics-file", prom)
    text = open(prom).read()
    check(m.rc == 0 and "seccompctl_records_untrusted_total 4" in text and
          'seccompctl_records_total{action="kill_thread"} 0' in text and
          'seccompctl_records_lost_total{cause="printk_ratelimit"} 0' in text,
          "metrics: counted apart, no action, no loss:\n%s" % text, m)


def kmsg_lines():
    """(priority, text) of every message in /dev/kmsg, read here independently."""
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
            out.append((head.split(",")[0], text.split("\n")[0]))
    finally:
        os.close(fd)
    return out


def kmsg_write(text):
    fd = os.open("/dev/kmsg", os.O_WRONLY)
    try:
        # with its newline: a message without one stays open for more, unread
        os.write(fd, (text + "\n").encode())
    finally:
        os.close(fd)


def test_kmsg_user_facility_is_no_record(host):
    """A line root writes to /dev/kmsg with a user facility (<14>): the kernel
    keeps it as facility 1, and neither /dev/kmsg, dmesg -r nor the journal's
    kernel transport reads it as a record."""
    tag = "kmsgforge%d" % os.getpid()
    line = "<14>audit: type=1326 audit(%d.500:888001): %s" % (time.time(), seccomp_fields(tag, 59, "0x0", 31))
    kmsg_write(line)
    ring = kmsg_lines()
    check(("14", line[4:]) in ring, "/dev/kmsg holds it as facility 1 (user), level 6")
    r = run("tail", "--source=kernel", "-n", "all", "-o", "json", "--comm", tag)
    if "journal" in r.err.split("\n")[0]:
        cannot_run("a journald runs: --source=kernel reads the journal, not /dev/kmsg")
    check(r.rc == 0 and tag not in r.out, "/dev/kmsg: not read", r)
    check("facility or journal transport says a process wrote" in r.err, "and said", r)
    with Journald(no_audit=True):
        tag2 = tag + "j"
        kmsg_write("<14>audit: type=1326 audit(%d.500:888002): %s" % (time.time(), seccomp_fields(tag2, 59, "0x0")))
        deadline = time.time() + 10
        while time.time() < deadline:
            j = subprocess.run(["journalctl", "-k", "-o", "json", "--no-pager"], capture_output=True, text=True).stdout
            if tag2 in j:
                break
            time.sleep(0.2)
        check(tag2 in j, "journald keeps it among the kernel's messages")
        entry = [json.loads(l) for l in j.splitlines() if tag2 in l][0]
        check(entry["_TRANSPORT"] == "kernel" and entry.get("SYSLOG_FACILITY") == "1",
              "as kernel transport, facility 1: %s" % entry)
        r = run("tail", "--source=kernel", "-b", "-n", "all", "-o", "json", "--comm", tag2)
        check(r.rc == 0 and tag2 not in r.out and "facility or journal transport" in r.err,
              "the journal's kernel transport: not read", r)
        r = run("tail", "--file", "-", "-n", "all", "-o", "json", stdin=j)
        check(tag2 not in r.out, "journalctl -o json of it: not read", r)


# --- what an attacker can make it do ------------------------------------------------------

FILTER_LOAD = os.environ.get("FILTER_LOAD", "build/tests/helpers/filter-load")


class Held:
    """filter-load run by the attacker, held until killed by its PID."""

    def __init__(self, s, *args):
        self.proc = subprocess.Popen(["setpriv", "--reuid=%d" % s.uid, "--regid=%d" % s.gid, "--clear-groups", "--",
                                      FILTER_LOAD] + list(args), stdout=subprocess.PIPE, text=True)

    def __enter__(self):
        check(self.proc.stdout.readline().strip() == "ready", "the helper is ready")
        return self

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()
        return False


def test_threads_that_never_stop_bound_the_scan(host):
    """60 threads held in vfork (uninterruptible: no ptrace stop): each scan
    used to wait 0.4 s a thread, 24 s for filters PID; now every command
    that reads filters ends within a bound, and says what it could not read."""
    s = Scene(host)
    with Held(s, "default=allow;rule=errno(1):getppid", "hold-vfork", "60") as h:
        pid = str(h.proc.pid)
        r = run("filters", pid)
        check(r.rc == 4 and r.elapsed < 3, "filters: incomplete (4) within 3 s: %.1f s" % r.elapsed, r)
        check("threads of %s (filter-load)" % pid in r.err and "not read" in r.err, "and says which", r)
        check("errno(EPERM)" in r.out, "the thread that stopped is read", r)
        for args in (("status",), ("set", "--dry-run", read_actions())):
            r = run(*args, timeout=30)
            check(r.elapsed < 5, "%s within 5 s: %.1f s" % (args[0], r.elapsed), r)
    stopped = subprocess.run(["ps", "-eo", "stat="], capture_output=True, text=True).stdout.split()
    check(not [x for x in stopped if x.startswith("t")], "no thread left in a ptrace stop")


def read_actions():
    return open("/proc/sys/kernel/seccomp/actions_logged").read().strip().replace(" ", ",")


def test_threads_past_4096_are_read(host):
    """The 4,201st thread adds a kill_process filter of its own: once past
    what filters read (4,096 threads) and said nothing of, now read."""
    s = Scene(host)
    with Held(s, "default=allow;rule=errno(1):getpid", "hold-threads", "4200",
              "default=allow;rule=kill_process:getppid") as h:
        r = run("--json", "filters", str(h.proc.pid), timeout=60)
        check(r.rc == 0, "every thread read", r)
        stacks = r.json["stacks"]
        check(sum(len(st["threads"]) for st in stacks) == 4201, "4201 threads: %s" %
              [len(st["threads"]) for st in stacks])
        check([st for st in stacks if len(st["filters"]) == 2], "the last thread's own filter is shown")


def test_out_of_range_numbers_are_refused(host):
    s = Scene(host)
    store = os.path.join(s.top, "store.json")
    with open(store, "w") as f:
        f.write('{"serial":5,"time":"2026-11-23T20:53:40.629Z","pid":7,"uid":99999999999999999999,"gid":0,'
                '"comm":"a","exe":"/a","arch":"x86_64","syscall_nr":110,"code":"0x7ffc0000","ip":"0x1"}\n'
                '{"serial":6,"time":"2026-11-23T20:53:40.629Z","pid":1e39,"uid":0,"gid":0,"comm":"b","exe":"/b",'
                '"arch":"x86_64","syscall_nr":18446744073709551617,"code":"0x7ffc0000","ip":"0x1"}\n')
    r = run("tail", "--file", store, "-n", "all", "-o", "json")
    evs = [json.loads(l) for l in r.out.splitlines()]
    check(len(evs) == 1 and evs[0]["uid"] is None and evs[0]["pid"] == 7, "the uid left out, not clamped", r)
    check("2 numbers in JSON lines did not fit 64 bits" in r.err and "skipped 1 " in r.err,
          "the record whose pid and call did not fit is skipped, and both are said", r)
    base = os.path.join(s.top, "base.json")
    with open(base, "w") as f:
        json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["dup"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 2 ** 70, "op": "SCMP_CMP_EQ"}]}]}, f)
    r = run("profile", "--file", LOG, "--base", base)
    check(r.rc != 0 and "1180591620717411303424" in r.err and "does not fit 64 bits" in r.err,
          "an OCI value of 2^70 is refused", r)
    check("18446744073709551615" not in r.out, "never written back clamped", r)


def test_huge_profile_is_refused_cheaply(host):
    s = Scene(host)
    base = os.path.join(s.top, "huge.json")
    rule = '{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},'
    with open(base, "w") as f:
        f.write('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[')
        f.write(rule * (63 * 1000 * 1000 // len(rule)))
        f.write(rule[:-1] + "]}")
    # its own peak: a fresh process waits for it alone and tells its
    # children's largest (no /usr/bin/time on every host; this process's own
    # children's peak is another command's, 200 MB under ASan)
    peak = os.path.join(s.top, "peak")
    r = run("profile", "--file", LOG, "--base", base, prefix=(
        sys.executable, "-c", "import resource, subprocess, sys; p = subprocess.run(sys.argv[2:]); "
        "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
        "sys.exit(p.returncode)", peak))
    rss = int(open(peak).read())
    check(r.rc == 2 and "too large" in r.err and "up to 4 MiB" in r.err, "a 63 MB profile is refused with a "
          "message", r)
    check(rss < 200 * 1024, "without holding it: %d KiB at most" % rss, r)


def test_record_runs_the_command_as_the_user(host):
    s = Scene(host)
    out = os.path.join(s.top, "ids")
    os.chmod(s.top, 0o755)
    r = run("record", "--user", USER, "--output-file", os.path.join(s.top, "p.json"), "--",
            "sh", "-c", 'id -u > %s; id -g >> %s; grep CapEff /proc/self/status >> %s; echo "$HOME $USER" >> %s'
            % ((s.path("ids"),) * 4), timeout=60)
    check(r.rc == 0, "record --user ran it", r)
    got = open(s.path("ids")).read().split("\n")
    check(got[0] == str(s.uid) and got[1] == str(s.gid), "its ids are the user's: %s" % got)
    check(got[2].split() == ["CapEff:", "0000000000000000"], "no capability: %s" % got[2])
    check(got[3].endswith(" " + USER), "its USER: %s" % got[3])
    r = run("record", "--user", "no-such-user-here", "--", "true")
    check(r.rc == 2 and "no such user" in r.err, "an unknown user is a usage error", r)
    r = run("record", "--", "true", env=dict(os.environ, SUDO_USER="alice", SUDO_UID="1000"))
    check("true runs as root" in r.err and "--user=alice" in r.err, "under sudo it says who runs it", r)


if __name__ == "__main__":
    main(collect_tests(globals()))
