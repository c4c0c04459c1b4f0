#!/usr/bin/env python3
"""Nothing fails silently: output errors, a reader that goes away, and every
error path, each says what and why (and the same in --json)."""
import json
import os
import subprocess
import tempfile
import time

from lib import check, collect_tests, default_actions, main, run, write_logged, SECCOMPCTL

SRC = os.environ.get("SRCDIR", ".")
LOG = os.path.join(SRC, "tests", "data", "auditd-raw.log")


def to_full(*args):
    with open("/dev/full", "w") as full:
        p = subprocess.run([SECCOMPCTL] + list(args), stdout=full, stderr=subprocess.PIPE, text=True, timeout=30)
    return p


def test_full_disk_is_an_error(host):
    write_logged(default_actions())
    for args in (["get"], ["show"], ["--json", "get"], ["status"], ["--help"],
                 ["tail", "--file", LOG, "-n", "all"], ["tail", "--file", LOG, "-n", "all", "-o", "json"],
                 ["verify", "--file", LOG], ["set", "--dry-run", "log"]):
        p = to_full(*args)
        check(p.returncode == 1, "exit 1 for %s > /dev/full: %d %s" % (args, p.returncode, p.stderr))
        check("error writing to standard output: No space left on device" in p.stderr,
              "said for %s: %s" % (args, p.stderr))


def test_stderr_is_checked_too(host):
    """A warning that cannot be written fails the command, as close_stdout()
    does for stderr: here the warning about lines that are not records."""
    with tempfile.NamedTemporaryFile("w", suffix=".log") as log:
        log.write(open(LOG).read() + "type=SECCOMP msg=audit(1.1:1): garbage\n")
        log.flush()
        ok = subprocess.run([SECCOMPCTL, "tail", "--file", log.name, "-n", "1"], capture_output=True, text=True)
        check(ok.returncode == 0 and "skipped" in ok.stderr, "the warning is there, exit 0", ok)
        with open("/dev/full", "w") as full:
            p = subprocess.run([SECCOMPCTL, "tail", "--file", log.name, "-n", "1"], stdout=subprocess.PIPE,
                               stderr=full, text=True, timeout=30)
        check(p.returncode == 1 and p.stdout == ok.stdout, "2>/dev/full: exit 1 (%d), output as before" % p.returncode)
        with open("/dev/full", "w") as full:
            p = subprocess.run([SECCOMPCTL, "get"], stdout=subprocess.PIPE, stderr=full, text=True, timeout=30)
        check(p.returncode == 0, "nothing written to stderr, nothing failed: exit 0 (%d)" % p.returncode)


def test_follower_ends_on_full_disk(host):
    """tail -f into a full disk: the first write fails, and it stops instead of following."""
    start = time.time()
    p = to_full("tail", "--file", LOG, "-f", "-n", "all")
    check(p.returncode == 1 and "No space left" in p.stderr, "exit 1: %s" % p.stderr)
    check(time.time() - start < 5, "at once, not after waiting for more")


def test_follower_ends_when_its_reader_goes(host):
    """tail -f | head -1: head exits after one line; tail ends, quietly, like coreutils tail."""
    for args in (["tail", "--file", LOG, "-f", "-n", "all"], ["tail", "--file", LOG, "-f", "-n", "all", "-o", "json"]):
        start = time.time()
        p = subprocess.Popen([SECCOMPCTL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        head = subprocess.run(["head", "-1"], stdin=p.stdout, capture_output=True, timeout=10)
        p.stdout.close()
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            check(False, "%s | head -1 never ended" % args)
        err = p.stderr.read()
        check(head.stdout.count(b"\n") == 1, "head got its line")
        check(err == b"", "quietly: %r" % err)
        check(p.returncode in (0, -13), "exit 0 or SIGPIPE, not an error: %d" % p.returncode)
        check(time.time() - start < 5, "promptly")


def test_huge_n(host):
    r = run("tail", "--file", LOG, "-n", "100000000000")
    check(r.rc == 0 and len(r.out.splitlines()) == 3 and r.err == "", "-n 100000000000 shows the log", r)


def test_every_error_says_why(host):
    cases = [
        (["tail", "--file", "/nonexistent/audit.log"], 1, "/nonexistent/audit.log"),
        (["tail", "-n", "bogus"], 2, "-n wants"),
        (["tail", "-n", "-5"], 2, "-n wants"),
        (["tail", "--rcvbuf", "1"], 2, "--rcvbuf"),
        (["tail", "--source", "nowhere"], 2, "--source"),
        (["tail", "--pid", "x"], 2, "--pid"),
        (["tail", "--uid", "no-such-user-here"], 2, "no user"),
        (["tail", "--arch", "vax"], 2, "architecture"),
        (["tail", "--action", "kil"], 2, "unknown action"),
        (["tail", "-o", "xml"], 2, "-o wants"),
        (["tail", "--source=journal", "--file", "/nonexistent/x.journal"], 1, "x.journal"),
        (["tail", "--boot=nonsense", "--source=journal"], 2, "boot id"),
        (["verify", "--file", "/nonexistent/audit.log"], 1, "/nonexistent/audit.log"),
        (["verify", "--since", "soon"], 2, "since"),
        (["set", "bogus"], 2, "bogus"),
    ]
    for args, rc, needle in cases:
        r = run(*args)
        check(r.rc == rc and needle in r.err, "%s: exit %d and says %r" % (args, rc, needle), r)
        lines = [l for l in r.err.splitlines() if not l.startswith("seccompctl: warning")]
        check(len(lines) == 1, "one line for %s" % args, r)
        j = run("--json", *args)
        doc = json.loads(j.out)
        check(j.rc == rc and doc["exit_code"] == rc, "--json exit for %s" % args, j)
        check(doc["error"] == r.err.strip().split("seccompctl: ", 1)[1], "the same message in JSON: %s" % doc, j)


def test_big_proc_stat(host):
    """A /proc/stat past 8 KiB (a many-CPU host, made here with a bind mount in a
    mount namespace): verify still finds the boot time and judges the present."""
    real = open("/proc/stat").read()
    btime = [l for l in real.splitlines() if l.startswith("btime ")][0]
    fake = "cpu  1 2 3 4 5 6 7 8 9 10\n" + "".join("cpu%d 1 2 3 4 5 6 7 8 9 10\n" % i for i in range(256))
    fake += "intr 1" + " 0" * 8192 + "\nctxt 5\n" + btime + "\nprocesses 9\n"
    with tempfile.TemporaryDirectory() as tmp:
        stat = os.path.join(tmp, "stat")
        log = os.path.join(tmp, "audit.log")
        open(stat, "w").write(fake)
        # a record of now, of the running boot: so the present is judged
        open(log, "w").write("type=CONFIG_CHANGE msg=audit(%.3f:5): op=seccomp-logging actions=log "
                             "old-actions=%s res=1\n" % (time.time(), default_actions().replace(" ", ",")))
        write_logged("trap")
        r = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind %s /proc/stat && exec %s --json verify --file %s"
                            % (stat, SECCOMPCTL, log)], capture_output=True, text=True, timeout=30)
    doc = json.loads(r.stdout)
    check(len(fake) > 19 * 1024, "the fake is big")
    check(doc["boots"][0]["current"], "the log's boot is the running one: %s" % doc)
    check("present" in [p["kind"] for p in doc["problems"]] and r.returncode == 3,
          "and the unrecorded change to trap is found: %s" % doc["problems"])


if __name__ == "__main__":
    main(collect_tests(globals()), crowd=True)
