#!/usr/bin/env python3
"""A local attacker against the real binary: an unprivileged account made for
the test plants symlinks, FIFOs, hard links, files of its own and cursors
where root's seccompctl writes, with fs.protected_symlinks, protected_regular,
protected_fifos and protected_hardlinks at 0 (as on many containers and older
hosts; put back after). Each attack is refused with its message, the victim
is unchanged byte for byte, and nothing is left behind."""
import os
import pwd
import signal
import subprocess
import tempfile
import time

from lib import SRCDIR, check, collect_tests, main, run, SECCOMPCTL

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


if __name__ == "__main__":
    main(collect_tests(globals()))
