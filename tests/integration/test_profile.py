#!/usr/bin/env python3
"""record and profile on the real kernel, checked by their real consumers:
commands recorded under a LOG-everything filter (a busybox ls, a program that
forks and execs, one that makes 64-bit and 32-bit calls), their profiles run
under a real runc in a busybox rootfs, a needed call taken out and refused by
runc and named by profile --check, systemd-analyze verify on --format=systemd,
the OCI output validated against the runtime spec's own schema, losses making
the profile incomplete, and actions_logged put back by --enable-log."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

from lib import (Auditd, Result, Runc, Journald, Listener, audit_status, cannot_run, check, collect_tests,
                 drop_config_change_records, json_keys, main, man_page_words, read_logged, run, write_logged,
                 SECCOMPCTL)

SUBJECT = os.environ.get("LEARN_SUBJECT", "build/tests/helpers/learn-subject")
TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
SCHEMA_DIR = "/usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema"


def without_log():
    """actions_logged without 'log' (HostState puts the old value back)."""
    value = " ".join(a for a in read_logged().split() if a != "log") or "kill_process"
    write_logged(value)
    return read_logged()


def with_log():
    if "log" not in read_logged().split():
        write_logged(read_logged() + " log")


def record(tmp, *cmd, opts=(), name="p.json", timeout=120):
    """The command's own output comes first; the summary is the last line."""
    out = os.path.join(tmp, name)
    r = run("--json", "record", "--output-file", out, *opts, "--", *cmd, timeout=timeout)
    doc = json.load(open(out)) if os.path.exists(out) else None
    r.summary = json.loads(r.out.splitlines()[-1]) if r.out.strip() else None
    return r, doc


def own_profile(tmp, *cmd, opts=()):
    """--format=json: per arch and call, with counts and executables."""
    return record(tmp, *cmd, opts=("--format=json",) + tuple(opts), name="own.json")


def settled(auditd):
    """auditd 3.0.9 started by hand does not store what arrives in its first
    moments (observed): make a record until one is in its log."""
    for _ in range(20):
        p = subprocess.run([TRIGGER, "log", "1"], capture_output=True)
        check(p.returncode == 0, "seccomp-trigger ran")
        end = time.time() + 0.5
        while time.time() < end:
            if "comm=\"seccomp-trigger\"" in open(auditd.log, errors="replace").read():
                return
            time.sleep(0.05)
    raise AssertionError("auditd stored none of 20 records")


def names(doc):
    return set(n for rule in doc["syscalls"] for n in rule["names"] if rule["action"] == "SCMP_ACT_ALLOW")


# --- the runtime spec's schema, its $refs resolved here (no jsonschema API that
# differs between versions) ----------------------------------------------------

def seccomp_schema():
    if not os.path.isdir(SCHEMA_DIR):
        cannot_run("the OCI runtime spec's schema is not installed (golang-github-opencontainers-specs-dev)")
    files = {}

    def load(name):
        if name not in files:
            files[name] = json.load(open(os.path.join(SCHEMA_DIR, name)))
        return files[name]

    def resolve(node, current):
        if isinstance(node, dict):
            if "$ref" in node:
                target, _, pointer = node["$ref"].partition("#")
                target = target or current
                doc = load(target)
                for part in pointer.strip("/").split("/"):
                    if part:
                        doc = doc[part]
                return resolve(doc, target)
            return {k: resolve(v, current) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v, current) for v in node]
        return node
    return resolve(load("config-linux.json")["linux"]["properties"]["seccomp"], "config-linux.json")


def validate_oci(doc):
    try:
        import jsonschema
    except ImportError:
        cannot_run("python3-jsonschema is not installed")
    jsonschema.validate(doc, seccomp_schema())


# --- record ------------------------------------------------------------------------------

def test_record_needs_log_and_says_so(host):
    before = without_log()
    with tempfile.TemporaryDirectory() as tmp:
        r, doc = record(tmp, "/bin/true")
    check(r.rc == 1 and doc is None, "record without 'log' in actions_logged must refuse", r)
    check("--enable-log" in r.err and "actions_logged" in r.err, "the error names the remedy", r)
    check(read_logged() == before, "a refused record changes nothing")


def test_record_enable_log_puts_the_value_back(host):
    host.audit(1)
    before = without_log()
    with tempfile.TemporaryDirectory() as tmp:
        r, doc = record(tmp, "/bin/sh", "-c", "exit 5", opts=("--enable-log",))
    check(r.rc == 5, "the command's exit status is passed through", r)
    check(read_logged() == before, "actions_logged is back to '%s', not '%s'" % (before, read_logged()), r)
    check(r.summary["enabled_log"] is True and r.summary["log_changes_verified"] is True,
          "each change of --enable-log is verified by the kernel's record", r)
    check(r.summary["complete"] is True, "nothing lost", r)
    check({"execve", "exit_group"} <= names(doc), "the shell's calls are in the profile", r)


def test_record_waits_as_long_as_timeout_says(host):
    """--enable-log's two changes are waited for as --timeout says, and judged
    as set's are: with the kernel dropping their records, 0.3 s each, not 2,
    and exit 3, the profile written all the same."""
    host.audit(1)
    drop_config_change_records(host)
    before = without_log()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        r, doc = record(tmp, "/bin/true", opts=("--enable-log", "--timeout", "0.3"))
        took = time.monotonic() - t0
    check(r.rc == 3 and doc is not None, "not verified: exit 3 as set's, and the profile is written", r)
    check(took < 2.0, "two waits of 0.3 s, not two of 2 s: took %.2f s" % took, r)
    check("not verified" in r.err and "within 0.3 s" in r.err, "and why", r)
    check(r.summary["log_changes_verified"] is False, "the summary says so", r)
    check(read_logged() == before, "the value is back")


def test_o_is_the_format_everywhere(host):
    """-o names the format, in profile and record as in tail; a path after
    it is the old spelling, refused with the option that writes a file."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "p.json")
        for cmd in (("profile", "--file", "/dev/null"), ("record",)):
            r = run(*cmd, "-o", out, *(("--", "/bin/true") if cmd == ("record",) else ()))
            check(r.rc == 2 and "--output-file " + out in r.err and not os.path.exists(out),
                  "%s -o PATH refused, naming --output-file" % cmd[0], r)
        r = run("profile", "--file", os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "auditd-raw.log"),
                "-o", "systemd")
        check(r.rc == 0 and "SystemCallFilter=" in r.out, "profile -o systemd is the systemd format", r)


def test_record_rcvbuf_is_checked(host):
    for bad in ("12", "12k", "-5", "4294967296"):
        r = run("record", "--rcvbuf", bad, "--", "/bin/true")
        check(r.rc == 2 and "--rcvbuf wants bytes from 4096 to 1073741824" in r.err, "--rcvbuf %s refused" % bad, r)


def test_record_follows_children_and_nothing_else(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp:
        # a stranger making logged calls all along must not get into the profile
        stranger = subprocess.Popen([TRIGGER, "log", "200000"], stdout=subprocess.DEVNULL)
        try:
            r, doc = own_profile(tmp, SUBJECT, "forkexec", "/bin/sh", "-c", "/bin/true; exit 4")
        finally:
            stranger.kill()
            stranger.wait()
    check(r.rc == 4, "the exit status of the command comes through its children", r)
    check(r.summary["processes"] >= 3, "the command, its child and the shell's child are followed", r)
    exes = set(e for c in doc["syscalls"] for e in c["exes"])
    check(any(e.endswith("learn-subject") for e in exes) and any(e.endswith("/true") for e in exes),
          "calls of the command and of the program its child's child ran: %s" % exes, r)
    check(not any("seccomp-trigger" in e for e in exes), "no call of a process the command did not start", r)
    check(r.summary["other_records"] > 0, "the stranger's records were seen and left out", r)
    calls = set((c["arch"], c["name"]) for c in doc["syscalls"])
    check(("x86_64", "wait4") in calls and ("x86_64", "execve") in calls, "fork, exec and wait recorded", r)
    total = sum(c["count"] for c in doc["syscalls"])
    check(total == r.summary["records"], "counts add up to the records of the run (%d, %d)" % (total, r.summary["records"]))


def test_record_32bit_calls_go_to_their_arch(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp:
        r, doc = own_profile(tmp, SUBJECT, "compat")
        check(r.rc == 0, "the helper ran", r)
        calls = set((c["arch"], c["name"]) for c in doc["syscalls"])
        check(("i386", "getpid") in calls, "the 32-bit getpid is in the i386 section: %s" % calls, r)
        check(("x86_64", "getpid") in calls, "the 64-bit getpid in x86_64's", r)
        r, oci = record(tmp, SUBJECT, "compat")
        check(oci["architectures"] == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "both arches in the profile", r)
        validate_oci(oci)


def test_record_losses_make_the_profile_incomplete(host):
    """A socket buffer too small for a storm, and record stopped for a second
    while the command goes on: the socket overruns for certain (a reader
    that kept up with the storm alone made this test pass or fail by
    chance)."""
    with_log()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "p.json")
        p = subprocess.Popen([SECCOMPCTL, "--json", "record", "--output-file", out, "--rcvbuf=4096", "--", SUBJECT,
                              "loop", "600000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(0.3)
            os.kill(p.pid, signal.SIGSTOP)
            time.sleep(1.0)
        finally:
            os.kill(p.pid, signal.SIGCONT)     # never left stopped
        stdout, stderr = p.communicate(timeout=120)
        r = Result(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr), 0)
        r.summary = json.loads(r.out.splitlines()[-1]) if r.out.strip() else None
    check(r.rc == 3, "records lost: exit 3, not the command's 0", r)
    check("incomplete" in r.err and "overran" in r.err, "it says the profile is incomplete, and why", r)
    check(r.summary["complete"] is False and r.summary["overruns"] > 0, "the summary says it too", r)


def test_record_beside_auditd_and_journald(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd, Journald():
        settled(auditd)
        r, doc = own_profile(tmp, SUBJECT, "loop", "2000")
        check(r.rc == 0 and r.summary["complete"], "records arrive while auditd and journald run", r)
        summary = r.summary
        pid = r.summary["pid"]
        check(r.summary["records"] >= 2000, "every getppid came", r)
        check(r.summary["also_stored_by"] == ["auditd", "journald"], "it says who else kept the records", r)
        check(r.summary["auditd_log"], "and where auditd keeps them", r)
        r = run("record", "--", SUBJECT, "loop", "10")
        check("auditd (pid %d) stored these" % audit_status()["pid"] in r.err and
              re.search(r"journald \(pid \d+\) reads audit", r.err), "people are told too", r)
        end = time.time() + 10
        while time.time() < end:
            stored = sum(1 for l in open(auditd.log, errors="replace") if "type=SECCOMP" in l and " pid=%d " % pid in l)
            if stored >= summary["records"]:
                break
            time.sleep(0.2)
        check(stored == summary["records"], "auditd stored as many as record counted (%d, %d)" % (stored, summary["records"]))


def test_record_confines_itself_not_the_command(host):
    """The command runs with root's capabilities and only the LOG filter;
    record itself under its sandbox, which refuses it nothing."""
    with_log()
    host.sysctl("kernel.seccomp.actions_logged", read_logged() + " errno" if "errno" not in read_logged() else
                read_logged())
    listener = Listener().drain()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = "sleep 0.5; grep -E '^(Seccomp_filters|CapEff):' /proc/$PPID/status /proc/self/status"
            r = run("record", "--output-file", os.path.join(tmp, "p.json"), "--", "/bin/sh", "-c", script)
            records = listener.collect(1.0)
    finally:
        listener.close()
    check(r.rc == 0, "recorded", r)
    got = dict((line.split(":", 1)[0].split("/")[2] + ":" + line.split(":")[1], line.split(":")[2].strip())
               for line in r.out.splitlines() if line.startswith("/proc/"))
    parent = [k for k in got if k.endswith("Seccomp_filters") and not k.startswith("self")][0].split(":")[0]
    check(got[parent + ":Seccomp_filters"] == "1" and int(got[parent + ":CapEff"], 16) == (1 << 5) | (1 << 30),
          "record runs under its sandbox with CAP_KILL and CAP_AUDIT_CONTROL: %s" % got, r)
    check(got["self:Seccomp_filters"] == "1" and int(got["self:CapEff"], 16) > (1 << 30),
          "the command has only the LOG filter and root's capabilities: %s" % got, r)
    refused = [f for t, _, f in records if t == 1326 and "seccompctl" in f and "code=0x50001" in f]
    check(refused == [], "the sandbox refused record nothing: %s" % refused[:3])


def test_json_keys_documented(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp:
        r, doc = own_profile(tmp, SUBJECT, "compat")
        base = os.path.join(tmp, "own.json")
        keys = json_keys(r.summary) | json_keys(doc)
        r, oci = record(tmp, SUBJECT, "compat")
        r = run("--json", "profile", "--check", os.path.join(tmp, "p.json"), "--source=file", "--file", "/dev/null")
        check(r.rc == 0, "check of nothing", r)
        keys |= json_keys(r.json)
    undocumented = keys - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % sorted(undocumented))


# --- profiles under runc -------------------------------------------------------------------

def test_runc_runs_recorded_profiles(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp:
        rc = Runc(tmp)
        busybox = os.path.join(rc.rootfs, "bin", "busybox")
        cases = [
            (["/bin/busybox", "ls", "/"], [busybox, "ls", "/"], "learn-subject"),
            (["/learn-subject", "compat"], [SUBJECT, "compat"], "i386 getpid"),
            (["/learn-subject", "forkexec", "/bin/busybox", "true"], [SUBJECT, "forkexec", busybox, "true"], ""),
        ]
        for inside, outside, expect in cases:
            r, prof = record(tmp, *outside, opts=("--runtime=runc",))
            check(r.rc == 0, "recorded %s" % outside, r)
            validate_oci(prof)
            got = rc.run(inside, prof)
            check(got.returncode == 0 and expect in got.stdout,
                  "runc runs %s under its recorded profile: rc=%d %s %s" % (inside, got.returncode, got.stdout,
                                                                            got.stderr))
        # without runc's own calls the same profile cannot even start the container
        r, bare = record(tmp, busybox, "ls", "/")
        got = rc.run(["/bin/busybox", "ls", "/"], bare)
        check(got.returncode != 0, "a profile without runc's calls fails under runc: %s" % got.stdout)


def test_runc_denies_what_was_taken_out_and_check_names_it(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        settled(auditd)
        rc = Runc(tmp)
        r, prof = record(tmp, os.path.join(rc.rootfs, "learn-subject"), "uname", opts=("--runtime=runc",))
        check(r.rc == 0 and "uname" in names(prof), "uname recorded", r)
        got = rc.run(["/learn-subject", "uname"], prof)
        check(got.returncode == 0, "the whole profile runs: %s %s" % (got.stdout, got.stderr))

        minus = json.loads(json.dumps(prof))
        for rule in minus["syscalls"]:
            rule["names"] = [n for n in rule["names"] if n != "uname"]
        minus_path = os.path.join(tmp, "minus.json")
        json.dump(minus, open(minus_path, "w"))
        got = rc.run(["/learn-subject", "uname"], minus)
        check(got.returncode == 3 and "Operation not permitted" in got.stdout,
              "runc's filter refuses uname: rc=%d %s %s" % (got.returncode, got.stdout, got.stderr))

        # audit mode: the same profile, logging instead of refusing, then --check
        audit_mode = dict(minus, defaultAction="SCMP_ACT_LOG")
        audit_mode.pop("defaultErrnoRet", None)
        since = "@%d" % int(time.time() - 1)
        got = rc.run(["/learn-subject", "uname"], audit_mode)
        check(got.returncode == 0, "in audit mode it runs: %s %s" % (got.stdout, got.stderr))
        check(auditd.wait_for("exe=\"/learn-subject\""), "its records reached auditd")
        time.sleep(0.5)
        r = run("--json", "profile", "--check", minus_path, "--source=file", "--file", auditd.log,
                "--since", since, "--exe", "/learn-subject")
        check(r.rc == 3, "--check exits 3 when the profile would deny a call", r)
        denied = [c for c in r.json["calls"] if c["verdict"] == "denied"]
        check([c["syscall"] for c in denied] == ["uname"], "it names uname, and only uname: %s" % denied, r)
        check(denied[0]["exe"] == "/learn-subject" and denied[0]["arch"] == "x86_64" and denied[0]["count"] >= 1,
              "per executable, arch and syscall, with counts", r)
        r = run("--json", "profile", "--check", os.path.join(tmp, "p.json"), "--source=file", "--file",
                auditd.log, "--since", since, "--exe", "/learn-subject")
        check(r.rc == 0 and r.json["denied"] == 0, "the whole profile denies nothing of it", r)


# --- profile from a log, --base, systemd -----------------------------------------------------

def test_profile_from_a_log_with_base(host):
    with_log()
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        settled(auditd)
        since = "@%d" % int(time.time() - 1)
        r, _ = record(tmp, SUBJECT, "compat")
        check(r.rc == 0, "recorded", r)
        check(auditd.wait_for(" pid=%d " % r.summary["pid"]), "auditd has the records")
        time.sleep(0.5)
        base = {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                "syscalls": [{"names": ["read", "getpid"], "action": "SCMP_ACT_ALLOW"},
                             {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                              "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}]}
        base_path = os.path.join(tmp, "base.json")
        json.dump({"ociVersion": "1.0.2", "linux": {"seccomp": base}}, open(base_path, "w"))
        out = os.path.join(tmp, "learned.json")
        r = run("profile", "--source=file", "--file", auditd.log, "--since", since, "--pid", str(r.summary["pid"]),
                "--base", base_path, "--output-file", out)
        check(r.rc == 0, "profile from auditd's log on a base", r)
        doc = json.load(open(out))
        validate_oci(doc)
        check(doc["syscalls"][:2] == base["syscalls"], "the base's rules are kept as they were", doc)
        added = set(doc["syscalls"][2]["names"])
        check("getpid" not in added and "read" not in added, "what the base allows is not added again", doc)
        check({"execve", "exit_group"} <= added, "what the records need is added", doc)
        m = re.search(r"(\d+) system calls added to", r.err)
        check(m and int(m.group(1)) == len(added), "it says what it added", r)
        check("SCMP_ARCH_X86" in doc["architectures"], "the 32-bit call brought its arch in", doc)


def test_systemd_format_is_accepted_by_systemd(host):
    with_log()
    if not shutil.which("systemd-analyze"):
        cannot_run("systemd-analyze is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        r = run("record", "-o", "systemd", "--output-file", os.path.join(tmp, "dropin.conf"), "--", SUBJECT, "compat")
        check(r.rc == 0, "recorded", r)
        dropin = open(os.path.join(tmp, "dropin.conf")).read()
        check("SystemCallArchitectures=native x86" in dropin, "both arches, in systemd's names", dropin)

        def verify(extra):
            unit = os.path.join(tmp, "learned.service")
            with open(unit, "w") as f:
                f.write("[Unit]\nDescription=learned\n" + dropin + extra + "ExecStart=/bin/true\n")
            return subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True, cwd=tmp)
        # what systemd says of system calls, in whatever words its version
        # uses ("Failed to parse system call X" in 252, "System call X is not
        # known" in 257)
        def complaints(stderr):
            return [l for l in stderr.splitlines() if "system call" in l.lower() or "unknown" in l.lower()]
        got = verify("")
        check(complaints(got.stderr) == [], "systemd parses every name: %s" % got.stderr)
        # the check can fail: a name systemd does not know is reported
        got = verify("SystemCallFilter=no_such_call\n")
        bad = complaints(got.stderr)
        check(len(bad) == 1 and "no_such_call" in bad[0], "systemd reports the bad name, and only it: %s" % got.stderr)


if __name__ == "__main__":
    main(collect_tests(globals()))
