#!/usr/bin/env python3
"""The binary under valgrind (memcheck): real commands on the real kernel and
the hostile catalogue, no error and no leak. --no-sandbox: valgrind runs the
program on its own synthetic CPU and needs system calls a filter would refuse."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

from lib import (check, popen_ready, collect_tests, default_actions, main, write_logged, SECCOMPCTL, CI, cannot_run)
from test_hostile import catalogue

SRC = os.environ.get("SRCDIR", ".")
TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect"]


def vg(*args, stdin=None, timeout=120):
    if not shutil.which("valgrind"):
        cannot_run("valgrind is not installed")
    p = subprocess.run(VALGRIND + [SECCOMPCTL, "--no-sandbox"] + list(args), capture_output=True,
                       input=stdin, timeout=timeout)
    check(p.returncode != 99 and b"==" not in p.stderr.replace(b"seccompctl:", b""),
          "valgrind on %s: rc %d\n%s" % (args, p.returncode, p.stderr.decode(errors="replace")[-3000:]))
    return p


def test_commands(host):
    data = os.path.join(SRC, "tests", "data")
    for args in (["show"], ["--json", "get"], ["status", "--processes"], ["--json", "status"],
                 ["set", "--dry-run", "log,trap"], ["--json", "set", "kil_process"],
                 ["tail", "--file", os.path.join(data, "auditd-enriched.log"), "-n", "all"],
                 ["tail", "--file", os.path.join(data, "auditd-raw.log"), "-n", "2", "-o", "ecs", "--summary"],
                 ["tail", "--file", os.path.join(data, "auditd-raw.log"), "-o", "raw", "--since", "today"],
                 ["--json", "verify", "--file", os.path.join(data, "auditd-raw.log")],
                 ["verify", "--file", os.path.join(data, "auditd-enriched.log")], ["--help"], ["bogus"]):
        vg(*args)


def test_real_set(host):
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        p = vg("--json", "set", "--timeout", "10", "--persist=" + os.path.join(tmp, "x.conf"), "log")
        check(p.returncode == 0 and b'"verified":true' in p.stdout, "verified under valgrind: %s" % p.stdout)
    vg("reset", "--timeout", "10")


def test_tail_netlink(host):
    if not shutil.which("valgrind"):
        cannot_run("valgrind is not installed")
    p = popen_ready(VALGRIND + [SECCOMPCTL, "--no-sandbox", "tail", "--source=netlink", "-o", "json"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for i in range(5):
        subprocess.run([TRIGGER, "log", "1", "vg-%d" % i], stdout=subprocess.DEVNULL)
    time.sleep(2)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    check(p.returncode == 0, "valgrind clean: %d\n%s" % (p.returncode, err.decode(errors="replace")[-3000:]))
    check(out.count(b'"comm":"vg-') == 5, "the five events: %s" % out[-500:])


def test_hostile_catalogue(host):
    data, n = catalogue()
    with tempfile.NamedTemporaryFile(suffix=".log") as f:
        f.write(data)
        f.flush()
        for fmt in ("json", "short", "raw"):
            p = vg("tail", "--file", f.name, "-n", "all", "-o", fmt, timeout=300)
            check(p.returncode == 0 and p.stdout.count(b"\n") >= n, "%s: the good records" % fmt)
        vg("tail", "--file", "-", "-n", "3", stdin=data, timeout=300)


if __name__ == "__main__":
    main(collect_tests(globals()), crowd=True)
