#!/usr/bin/env python3
"""filters on the real kernel: filters loaded by libseccomp (as runtimes and
systemd load them) and by runc, read back with ptrace; the kernel is the
oracle for every decision seccompctl evaluates and for every one it says is
logged; a thousand processes read, and seccompctl killed while reading them,
leave none stopped."""
import contextlib
import errno
import json
import os
import random
import re
import signal
import subprocess
import tempfile
import time

from lib import (Listener, Runc, cannot_run, check, collect_tests, default_actions, main, run, stop_pid,
                 write_logged)

FILTER_LOAD = os.environ.get("FILTER_LOAD", "build/tests/helpers/filter-load")
SECCOMPCTL = os.environ.get("SECCOMPCTL", "build/seccompctl")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"]
AUDIT_SECCOMP = 1326


@contextlib.contextmanager
def held(*filters):
    """filter-load holding these filters (the first the oldest): its pid."""
    p = subprocess.Popen([FILTER_LOAD] + list(filters) + ["hold"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = p.stdout.readline()
        check(line == b"ready\n", "filter-load loaded %s: %r %r" % (filters, line, p.stderr.read() if p.poll() else ""))
        yield p.pid
    finally:
        stop_pid(p)


def probe(filters, calls):
    """The kernel's outcome of each call under the filters: {call: (pid, outcome)}."""
    out = subprocess.run([FILTER_LOAD] + list(filters) + ["probe"] + list(calls), capture_output=True, text=True,
                         timeout=60).stdout
    got = {}
    for line in out.splitlines():
        call, pid, outcome = line.split(" ", 2)
        got[call] = (int(pid.split("=")[1]), outcome)
    check(sorted(got) == sorted(calls), "every call probed: %s" % out)
    return got


def filters_json(*args):
    r = run("--json", "filters", *args)
    check(r.rc == 0, "filters %s" % (args,), r)
    return r.json


def stack_of(doc, pid):
    for s in doc["stacks"]:
        if any(t["pid"] == pid for t in s["threads"]):
            return s
    raise AssertionError("no stack holds pid %d: %s" % (pid, [[t["pid"] for t in s["threads"]] for s in doc["stacks"]]))


def arch_of(stack, name):
    return [a for a in stack["arches"] if a["arch"] == name][0]


COND = re.compile(r"(not )?arg(\d) \((low|high) 32 bits\)(?: & (0x[0-9a-f]+))? (==|>=|>|&) (0x[0-9a-f]+)$")


def holds(cond, args):
    """Does a condition as seccompctl words it hold for these arguments?"""
    m = COND.match(cond)
    check(m, "a condition seccompctl words as it should: %r" % cond)
    neg, idx, half, mask, op, k = m.groups()
    v = args[int(idx)] if int(idx) < len(args) else 0
    v = (v >> 32) & 0xffffffff if half == "high" else v & 0xffffffff
    if mask:
        v &= int(mask, 16)
    k = int(k, 16)
    r = {"==": v == k, ">": v > k, ">=": v >= k, "&": (v & k) != 0}[op]
    return r != bool(neg)


def decision_for(arch, name, args):
    """seccompctl's decision for this call with these arguments."""
    for c in arch["conditional"]:
        if c["syscall"] == name:
            for alt in c["when"]:
                if all(holds(w, args) for w in alt["when"]):
                    return alt
            return c["otherwise"]
    for d in arch["decisions"]:
        if d["syscalls"] == "all" or name in d["syscalls"]:
            return d
    raise AssertionError("seccompctl decides nothing for %s" % name)


def outcome_of(d):
    """What the kernel does with a decision, as filter-load sees it."""
    a = d["action"]
    if a in ("allow", "log"):
        # the call ran: its own result, or its own error for the probes'
        # bad arguments (EBADF, EFAULT, ERANGE; no filter here returns those)
        return ("ret=", "errno=9", "errno=14", "errno=34")
    if a == "errno":
        # errno(0) fakes success: the call returns 0 without running
        return "errno=%d" % d["data"] if d["data"] else "ret=0"
    if a in ("trace", "user_notif"):
        return "errno=%d" % errno.ENOSYS     # no tracer, no listener: the call answers ENOSYS
    return a                                  # kill_thread, kill_process, trap


SPECS = [
    # a deny-list with errno values, every action
    (["default=allow;rule=errno(1):getppid;rule=errno(13):mkdir;rule=kill_process:getuid;rule=kill_thread:getgid;"
      "rule=trap:geteuid;rule=trace(7):getegid;rule=errno(0):umask"],
     ["getppid", "mkdir:0", "getuid", "getgid", "geteuid", "getegid", "umask:18", "getpid", "dup:999999",
      "close:999999", "uname:0", "sched_yield"]),
    # 64-bit argument conditions, a mask, a comparison past 32 bits
    (["default=allow;rule=errno(5):dup:a0==0x100000003;rule=errno(6):dup2:a1>0x7fffffff;"
      "rule=errno(7):close:a0&0xff00==0x1200;rule=errno(8):getpriority:a0!=0"],
     ["dup:3", "dup:0x100000003", "dup:0x3", "dup2:999998,2", "dup2:999998,0x80000000", "dup2:999998,0x100000000",
      "close:0x1234", "close:0x34", "getpriority:0,0", "getpriority:1,0", "getppid"]),
    # an allow-list, as runtimes make them (what the probe needs after loading is allowed)
    (["default=errno(1);rule=allow:futex;rule=allow:write;rule=allow:exit;rule=allow:exit_group;"
      "rule=allow:rt_sigreturn;rule=allow:getpid;rule=allow:pause;rule=allow:rt_sigprocmask;rule=allow:munmap;"
      "rule=allow:madvise;rule=allow:mprotect;rule=allow:brk;rule=allow:mmap"],
     ["getpid", "getppid", "uname:0", "getuid", "dup:999999"]),
    # two arches
    (["default=allow;arch=x86;rule=errno(1):getppid;rule=errno(2):getpid"], ["getppid", "getpid", "getuid"]),
    # stacked: the newer wins a tie, the lower action wins
    (["default=allow;log;rule=errno(1):getppid;rule=errno(2):getuid", "default=allow;rule=trap:getuid;rule=errno(3):getppid"],
     ["getppid", "getuid", "getpid"]),
]


def test_evaluation_is_what_the_kernel_does(host):
    """For each filter, every call it names and a sample of the rest: the kernel's
    outcome equals seccompctl's evaluation, with the arguments' conditions."""
    for filters, calls in SPECS:
        with held(*filters) as pid:
            doc = filters_json(str(pid))
        stack = stack_of(doc, pid)
        check(len(stack["filters"]) == len(filters), "every filter read: %s" % stack["filters"])
        native = arch_of(stack, "x86_64")
        kernel = probe(filters, calls)
        for call in calls:
            name, _, argtext = call.partition(":")
            args = [int(a, 0) for a in argtext.split(",")] if argtext else []
            d = decision_for(native, name, args)
            got = kernel[call][1]
            want = outcome_of(d)
            check(got.startswith(want if isinstance(want, tuple) else (want,)), "%s under %s: the kernel did %s, seccompctl said %s" % (call, filters, got, d))
    # the second arch's table: getppid is 64 on i386, and the rule is there too
    with held(SPECS[3][0][0]) as pid:
        i386 = arch_of(stack_of(filters_json(str(pid)), pid), "i386")
    check(decision_for(i386, "getppid", [])["decision"] == "errno(EPERM)", "i386's getppid: %s" % i386["decisions"])
    check(decision_for(i386, "getuid", [])["action"] == "allow", "i386's getuid allowed")


ACTIONS = ["kill_process", "kill_thread", "trap", "errno(1)", "notify", "trace(1)", "log"]
KERNEL_NAME = {"errno(1)": "errno", "notify": "user_notif", "trace(1)": "trace"}


def seccomp_record_of(listener, pid, seconds=0.4):
    for typ, serial, fields in listener.collect(seconds):
        if typ == AUDIT_SECCOMP and re.search(r"\bpid=%d\b" % pid, fields):
            return True
    return False


def predicted(filters, logged):
    with held(*filters) as pid:
        doc = filters_json(str(pid), "--syscall", "getppid", "--actions-logged", logged)
    arch = [a for a in stack_of(doc, pid)["arches"] if a["arch"] == "x86_64"][0]
    check(not arch["conditional"], "an unconditional decision")
    return arch["decision"]["logged"]


def really_logged(filters, logged):
    write_logged(logged)
    listener = Listener().drain(0.2)
    try:
        got = probe(filters, ["getppid"])
        return seccomp_record_of(listener, got["getppid"][0])
    finally:
        listener.close()


def test_logging_prediction_matches_the_records(host):
    """Every action, with and without FLAG_LOG, listed or not (28), and stacks
    whose deciding filter is not the flagged one: the prediction is whether a
    SECCOMP record really arrives, with no mismatch."""
    host.audit(1)
    all_actions = default_actions().split()
    mismatches = []
    for action in ACTIONS:
        name = KERNEL_NAME.get(action, action)
        for flag in (True, False):
            for listed in (True, False):
                logged = " ".join(a for a in all_actions if listed or a != name)
                filters = ["default=allow%s;rule=%s:getppid" % (";log" if flag else "", action)]
                p, r = predicted(filters, logged), really_logged(filters, logged)
                if p != r:
                    mismatches.append((action, flag, listed, p, r))
                # the kernel's rule, stated: seccompctl must not just agree with itself
                want = listed and (flag or name in ("kill_process", "kill_thread", "log"))
                check(p == want, "%s flag=%s listed=%s: predicted %s" % (action, flag, listed, p))
    stacks = [
        # the older has FLAG_LOG, the newer's trap wins: not logged
        (["default=allow;log;rule=errno(1):getppid", "default=allow;rule=trap:getppid"], False),
        # the newer has FLAG_LOG, the older's errno wins (lower than trace): not logged
        (["default=allow;rule=errno(1):getppid", "default=allow;log;rule=trace(1):getppid"], False),
        # a tie: the newer decides, without FLAG_LOG
        (["default=allow;log;rule=errno(1):getppid", "default=allow;rule=errno(2):getppid"], False),
        # a tie: the newer decides, with it
        (["default=allow;rule=errno(1):getppid", "default=allow;log;rule=errno(2):getppid"], True),
    ]
    for filters, want in stacks:
        p, r = predicted(filters, default_actions()), really_logged(filters, default_actions())
        if p != r:
            mismatches.append((filters, p, r))
        check(p == want, "%s: predicted %s" % (filters, p))
    check(not mismatches, "prediction and records differ: %s" % mismatches)


PROFILE = {
    "defaultAction": "SCMP_ACT_ALLOW",
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [
        {"names": ["getppid", "mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
        {"names": ["ptrace", "kexec_load"], "action": "SCMP_ACT_KILL_PROCESS"},
        {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
        {"names": ["acct"], "action": "SCMP_ACT_ERRNO"},
    ],
}


def test_runc_container_against_its_profile(host):
    """runc loads an OCI profile; the filter read back agrees with it for every
    call of every arch it lists, and a changed profile shows the change."""
    with tempfile.TemporaryDirectory() as tmp:
        rc = Runc(tmp)
        path = os.path.join(tmp, "profile.json")
        json.dump(PROFILE, open(path, "w"))
        with rc.detached(["/bin/sleep", "60"], PROFILE) as pid:
            r = run("--json", "filters", str(pid), "--compare", path)
            check(r.rc == 0 and r.json["differences"] == 0, "no difference from its profile", r)
            other = dict(PROFILE, syscalls=PROFILE["syscalls"][1:])
            path2 = os.path.join(tmp, "other.json")
            json.dump(other, open(path2, "w"))
            r = run("--json", "filters", str(pid), "--compare", path2)
            diffs = r.json["stacks"][0]["differences"]
            check(r.rc == 3 and {(d["arch"], d["syscall"]) for d in diffs} >= {("x86_64", "getppid"),
                                                                                  ("i386", "mkdir")},
                  "a changed profile: getppid and mkdir differ on every arch", r)
            r = run("filters", str(pid), "--syscall", "personality")
            check(r.rc == 0 and "depends on arguments" in r.out and "arg0" in r.out, "the argument rule", r)


SYSTEMD_NAMES = ["futex", "write", "exit", "exit_group", "rt_sigreturn", "getpid", "pause", "rt_sigprocmask",
                 "munmap", "madvise", "mprotect", "read", "close"]


def test_systemd_style_filter_against_its_dropin(host):
    """An allow-list with SystemCallErrorNumber=EPERM, built with libseccomp as
    systemd builds it, held against the drop-in that says it."""
    spec = "default=errno(1);" + ";".join("rule=allow:%s" % n for n in SYSTEMD_NAMES)
    with tempfile.TemporaryDirectory() as tmp:
        dropin = os.path.join(tmp, "seccomp.conf")
        with open(dropin, "w") as f:
            f.write("[Service]\nSystemCallFilter=%s\nSystemCallErrorNumber=EPERM\n" % " ".join(SYSTEMD_NAMES))
        with held(spec) as pid:
            r = run("--json", "filters", str(pid), "--compare", dropin)
            check(r.rc == 0 and r.json["differences"] == 0, "the drop-in and the filter agree", r)
            with open(dropin, "w") as f:
                f.write("[Service]\nSystemCallFilter=%s\nSystemCallErrorNumber=EPERM\n" % " ".join(SYSTEMD_NAMES[:-1]))
            r = run("--json", "filters", str(pid), "--compare", dropin)
            diffs = r.json["stacks"][0]["differences"]
            check(r.rc == 3 and [d["syscall"] for d in diffs] == ["close"], "close differs", r)
            with open(dropin, "w") as f:
                f.write("[Service]\nSystemCallFilter=@system-service\n")
            r = run("filters", str(pid), "--compare", dropin)
            check(r.rc == 2 and "@system-service" in r.err, "a group is refused with the reason", r)


def state(pid):
    try:
        return open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def test_a_thousand_processes_and_kill_at_random(host):
    """1000 processes under 10 distinct filters are read, grouped and each
    stopped briefly; seccompctl killed at random moments while reading them
    leaves every one as it was: running ones run, a stopped one stays stopped."""
    procs = []
    try:
        for i in range(1000):
            procs.append(subprocess.Popen([FILTER_LOAD, "default=allow;rule=errno(%d):getppid" % (i % 10 + 1), "hold"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        pids = {p.pid for p in procs}
        end = time.time() + 60
        while time.time() < end and any("Seccomp:\t2" not in open("/proc/%d/status" % p).read() for p in pids):
            time.sleep(0.2)
        stopped = procs[17].pid
        os.kill(stopped, signal.SIGSTOP)
        while state(stopped) != "T":
            time.sleep(0.01)
        start = time.time()
        r = run("--json", "filters")
        elapsed = time.time() - start
        doc = r.json
        # a process of the host's that cannot be read is said (exit 4); none of ours may be
        check(r.rc in (0, 4) and not [u for u in doc["unreadable"] if u["pid"] in pids], "every one read", r)
        ours = [s for s in doc["stacks"] if any(t["pid"] in pids for t in s["threads"])]
        check(len(ours) == 10 and sum(s["processes"] for s in ours) == 1000,
              "10 distinct stacks, 1000 processes: %d stacks" % len(ours))
        stops = [t["stop_us"] for s in ours for t in s["threads"]]
        check(doc["max_stop_us"] >= max(stops) > 0, "every stop measured: max %d us" % doc["max_stop_us"])
        print("1000 processes read in %.3f s; longest stop %d us" % (elapsed, doc["max_stop_us"]))
        check(state(stopped) == "T", "the stopped process stays stopped: %s" % state(stopped))
        rnd = random.Random(os.getpid())
        for k in range(12):
            r = subprocess.Popen([SECCOMPCTL, "filters"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rnd.uniform(0, elapsed))
            r.kill()
            r.wait()
            deadline = time.time() + 2
            while time.time() < deadline:
                bad = [p for p in pids if state(p) not in ("S", "R") and p != stopped]
                if not bad and state(stopped) == "T":
                    break
                time.sleep(0.05)
            check(not bad, "round %d: processes left stopped: %s" % (k, [(p, state(p)) for p in bad[:5]]))
            check(state(stopped) == "T", "round %d: the stopped one stays stopped" % k)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        for p in procs:
            p.wait()


def test_a_stack_deeper_than_the_first_copy(host):
    """A stop only copies: eight filters of 3,000 instructions each are more
    than the first copy holds; the thread is read again with room for them,
    every instruction and flag kept, digested and checked after it runs on."""
    big = "bpf=32,0,0,0*2999/6,0,0,0x7fff0000"
    with held(*([big] * 7 + ["default=allow;log;rule=errno(3):getppid"])) as pid:
        r = run("--json", "filters", str(pid))
        check(r.rc == 0, "read", r)
        stack = r.json["stacks"][0]
        check(len(stack["filters"]) == 8, "eight filters: %d" % len(stack["filters"]), r)
        check(all(f["instructions"] == 3000 for f in stack["filters"][:7]), "3,000 instructions each: %s"
              % [f["instructions"] for f in stack["filters"]])
        check(stack["filters"][7]["flag_log"] and not any(f["flag_log"] for f in stack["filters"][:7]),
              "the newest one's log flag, no other's")
        check("ESRCH" in run("filters", str(pid), "--syscall", "getppid").out, "its decision read", r)


def test_the_scan_runs_at_real_time_priority(host):
    """While threads stand still for it, filters runs at the lowest real-time
    priority (a busy task cannot preempt it and stretch their stops); its
    priority is as it was once the scan is done. Threads held in vfork make
    the scan last long enough to be seen."""
    p = subprocess.Popen([FILTER_LOAD, "default=allow;rule=errno(1):getppid", "hold-vfork", "40"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        check(p.stdout.readline() == b"ready\n", "40 threads held in vfork")
        f = subprocess.Popen([SECCOMPCTL, "filters", str(p.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        policies = set()
        while f.poll() is None:
            try:
                stat = open("/proc/%d/stat" % f.pid).read()
                policies.add(int(stat.rsplit(")", 1)[1].split()[38]))
            except (OSError, IndexError):
                pass
            time.sleep(0.005)
        check(1 in policies, "SCHED_FIFO while it scanned: policies seen %s" % policies)
        check(f.returncode == 4, "the held threads said unread (4): %d" % f.returncode)
    finally:
        stop_pid(p)


def test_who_cannot_be_read_is_said(host):
    """Another tracer's process, a bad pid, no such pid, no privilege: each said,
    with its exit status, the others still read."""
    with held("default=allow;rule=errno(1):getppid") as traced, held("default=allow;rule=errno(2):getppid") as free:
        strace = subprocess.Popen(["strace", "-o", "/dev/null", "-p", str(traced)], stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            r = run("--json", "filters", str(traced), str(free))
            check(r.rc == 4 and "another tracer" in r.err, "a traced process: said, exit 4", r)
            doc = r.json
            check([t["pid"] for s in doc["stacks"] for t in s["threads"]] == [free], "the other read", r)
            check(doc["unreadable"][0]["pid"] == traced, "the traced one listed", r)
        finally:
            strace.send_signal(signal.SIGINT)
            strace.wait(timeout=10)
        r = run("filters", "12ab")
        check(r.rc == 2 and "not a process id" in r.err, "a pid that is not a number", r)
        r = run("filters", "4000000")
        check(r.rc == 1 and "no process 4000000" in r.err, "a pid that does not exist", r)
        r = run("filters", str(free), prefix=NOBODY)
        check(r.rc == 1 and "CAP_SYS_ADMIN" in r.err, "without privilege: one line and 1", r)


def test_status_dry_run_and_live_check(host):
    """status says per action how the filters are logged, with the remedy; set
    --dry-run says which processes would stop logging; profile --check=live
    holds recorded calls against the live filter."""
    write_logged(default_actions())
    with held("default=allow;rule=errno(1):getppid") as quiet, held("default=allow;rule=log:getppid") as logs:
        r = run("--json", "status")
        acts = {a["action"]: a for a in r.json["filters"]["actions"]}
        check(r.json["filters"]["read"] and not acts["errno"]["logged_stacks"] < 0, "status read the filters", r)
        check("SECCOMP_FILTER_FLAG_LOG" in acts["errno"]["verdict"] and "FLAG_LOG" in acts["errno"]["remedy"],
              "errno listed, but no FLAG_LOG: said, with the remedy: %s" % acts["errno"])
        check(acts["log"]["logged_stacks"] >= 1 and acts["log"]["listed"], "log is logged: %s" % acts["log"])
        r = run("--json", "set", "--dry-run", "kill_process")
        impact = [i for i in r.json["filters_impact"] if i["pid"] == logs]
        check(impact and impact[0]["decision"] == "log" and impact[0]["logged_now"] and not impact[0]["logged_after"],
              "log would stop being logged for that process: %s" % r.json["filters_impact"])
        write_logged(" ".join(a for a in default_actions().split() if a != "log"))
        r = run("--json", "status")
        acts = {a["action"]: a for a in r.json["filters"]["actions"]}
        check(not acts["log"]["listed"] and acts["log"]["remedy"] == "seccompctl enable log",
              "log not listed: the remedy: %s" % acts["log"])
        write_logged(default_actions())
        with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
            for serial, nr in ((1, 110), (2, 39)):
                f.write("type=SECCOMP msg=audit(1700000000.%03d:%d): auid=0 uid=0 gid=0 ses=1 pid=%d comm=\"x\" "
                        "exe=\"/x\" sig=0 arch=c000003e syscall=%d compat=0 ip=0x1 code=0x7ffc0000\n"
                        % (serial, serial, quiet, nr))
            f.flush()
            r = run("--json", "profile", "--check=live", "--pid", str(quiet), "--source=file", "--file", f.name)
            calls = r.json["calls"]
            check(r.rc == 3 and [(c["syscall"], c["verdict"], c["action"]) for c in calls] ==
                  [("getppid", "denied", "errno(EPERM)")] and r.json["allowed"] == 1,
                  "getppid denied by the live filter, getpid allowed", r)
            r = run("profile", "--check=live", "--source=file", "--file", f.name)
            check(r.rc == 2 and "--pid" in r.err, "--check=live without --pid", r)


if __name__ == "__main__":
    main(collect_tests(globals()), crowd=True)
