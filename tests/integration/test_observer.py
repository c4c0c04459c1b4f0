#!/usr/bin/env python3
"""tail --source=bpf: every seccomp decision seen as the kernel makes it, with
the kernel as the oracle: each helper counts the decisions it met, and the
audit multicast group says which the kernel logged."""
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time

from lib import (SECCOMPCTL, Listener, Runc, Tail, cannot_run, check, collect_tests, default_actions, json_keys, main,
                 built_unit, man_page_words, popen_ready, run, write_logged)

DECIDER = os.environ.get("DECIDER", "build/tests/helpers/decider")
DECIDER32 = os.environ.get("DECIDER32", "build/tests/helpers/decider32")
AUDIT_SECCOMP = 1326
PROGRAMS = ("obs_enter", "obs_exit", "obs_signal", "obs_task_exit")


def decide(binary, action, count, log=False):
    """Run the helper: its pid, the pids of its children, and what it met."""
    argv = [binary] + (["-l"] if log else []) + [action, str(count)]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=120)
    check(p.returncode == 0, "%s: rc %d %s" % (argv, p.returncode, err))
    text = out.decode()
    outcome = int(re.search(r"outcome (\d+)", text).group(1))
    children = [int(c) for c in re.findall(r"child (\d+)", text)]
    return p.pid, children, outcome


def events_of(out):
    return [json.loads(l) for l in out.decode().splitlines() if l.startswith("{")]


def records_by_pid(records):
    by = {}
    for typ, _, fields in records:
        m = re.search(r"\bpid=(\d+)", fields)
        if typ == AUDIT_SECCOMP and m:
            by[int(m.group(1))] = by.get(int(m.group(1)), 0) + 1
    return by


# what each action looks like to the observer: the action's name, whether it
# is certain, what the call returned (None: the call's number, per arch)
EXPECT = {
    "errno:13": ("errno", True, -13),
    "errno:1": ("errno", True, -1),
    "trap": ("trap", True, None),
    "kill_thread": ("kill_thread", True, None),
    "kill_process": ("kill", True, None),
    "user_notif:7": ("user_notif", False, -7),
    "trace": ("errno", False, -38),
}
GETPPID = {"x86_64": 110, "i386": 64}


def need_decider32():
    if not DECIDER32 or not os.path.exists(DECIDER32):
        cannot_run("no 32-bit helper (decider32): the compiler makes no 32-bit program (install gcc-multilib)")


def run_cases(host, logged_value):
    need_decider32()
    write_logged(logged_value)
    lis = Listener().drain()
    t = Tail("--source=bpf", "-o", "json")
    cases = []
    for binary, arch in ((DECIDER, "x86_64"), (DECIDER32, "i386")):
        for action in EXPECT:
            for log in (False, True):
                pid, children, outcome = decide(binary, action, 3, log)
                check(outcome == 3, "%s %s: the helper met 3 decisions, not %d" % (arch, action, outcome))
                cases.append((arch, action, log, {pid} | set(children), outcome))
    time.sleep(1.0)
    code, out, err = t.stop()
    check(code == 0, "tail --source=bpf: %d %s" % (code, err))
    records = records_by_pid(lis.collect(1.0))
    lis.close()
    events = events_of(out)
    for arch, action, log, pids, outcome in cases:
        mine = [e for e in events if e["pid"] in pids]
        name, certain, ret = EXPECT[action]
        what = "%s %s%s under '%s'" % (arch, action, " FLAG_LOG" if log else "", logged_value)
        check(len(mine) == outcome, "%s: %d decisions seen, the helper met %d: %s" % (what, len(mine), outcome, mine))
        for e in mine:
            check(e["action"] == name and e["arch"] == arch and e["syscall"] == "getppid" and e["certain"] == certain
                  and e["ret"] == (GETPPID[arch] if ret is None else ret) and e["source"] == "bpf",
                  "%s: %s" % (what, e))
            check(e["exe"] and e["exe"].endswith(os.path.basename(DECIDER if arch == "x86_64" else DECIDER32)),
                  "%s: the kernel's path of the executable: %s" % (what, e["exe"]))
        kernel = sum(records.get(p, 0) for p in pids)
        said = {e["logged"] for e in mine}
        check(said in ({True}, {False}), "%s: logged is known and alike: %s" % (what, said))
        check(kernel == (len(mine) if said == {True} else 0),
              "%s: logged %s, the kernel sent %d records for %d decisions" % (what, said, kernel, len(mine)))
    undocumented = json_keys(events) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)
    return events


def test_every_decision_seen_and_logged_as_the_kernel_logs(host):
    """Each action, 64-bit and 32-bit, with and without FLAG_LOG: seen once a
    decision, and `logged` true exactly when a SECCOMP record arrived."""
    host.audit(1)
    run_cases(host, default_actions())
    run_cases(host, "kill_process kill_thread log")


def test_calls_that_fail_on_their_own_are_not_decisions(host):
    """ENOENT, EPERM from a capability check, and calls a ptrace tracer
    skipped (PTRACE_SYSEMU) under an allow-all filter: no event."""
    need_decider32()
    t = Tail("--source=bpf", "-o", "json")
    ran = []
    for binary in (DECIDER, DECIDER32):
        for action in ("enoent", "eperm", "sysemu"):
            pid, children, outcome = decide(binary, action, 20)
            check(outcome == 20, "%s %s: the helper met %d of 20" % (binary, action, outcome))
            ran.append((binary, action, pid))
    # and one real decision after them: the observer was watching
    pid, _, outcome = decide(DECIDER, "errno:1", 1)
    time.sleep(0.5)
    code, out, err = t.stop()
    events = events_of(out)
    for binary, action, p in ran:
        bad = [e for e in events if e["pid"] == p]
        check(not bad, "%s %s: no decision, yet %s" % (binary, action, bad[:3]))
    check(len([e for e in events if e["pid"] == pid]) == 1, "the decision after them is seen: %s" % events)


def test_storm_counted_exactly_with_little_cpu(host):
    """1,000,000 errno decisions at full speed: the summary (the kernel's
    counts) says 1,000,000 exactly; few are passed up one by one, every one
    held back is counted and said, and the reader's CPU stays small."""
    metrics_dir = tempfile.mkdtemp()
    metrics = os.path.join(metrics_dir, "m.prom")
    t = Tail("--source=bpf", "--summary", "-n", "0", "-o", "json", "--metrics-file", metrics)
    cpu0 = cpu_of(t.p.pid)
    pid, _, outcome = decide(DECIDER, "errno:1", 1000000)
    check(outcome == 1000000, "the helper met %d" % outcome)
    time.sleep(0.5)
    cpu = cpu_of(t.p.pid) - cpu0
    code, out, err = t.stop()
    check(code == 0, "tail: %s" % err)
    rows = [e for e in events_of(out) if e.get("event") == "summary"]
    mine = [r for s in rows for r in s["counts"] if r["exe"] and r["exe"].endswith("/decider")
            and r["syscall"] == "getppid"]
    check(len(mine) == 1 and mine[0]["count"] == 1000000 and mine[0]["action"] == "errno(EPERM)",
          "the summary counts 1,000,000: %s" % mine)
    m = re.search(r"(\d+) decisions seen, (\d+) passed up one by one, (\d+) held back over the rate and (\d+) for a "
                  r"full ring buffer", err.decode())
    check(m, "the end says what was seen and shown: %s" % err)
    seen, sent, held, full = (int(x) for x in m.groups())
    check(seen >= 1000000 and seen == sent + held + full and sent < 100000,
          "seen %d = passed %d + held %d + ring %d" % (seen, sent, held, full))
    check(cpu < 1.0, "the reader's CPU through the storm: %.3f s" % cpu)
    # the metrics are the kernel's counts too, not the decisions shown
    series = [l for l in open(metrics) if l.startswith("seccompctl_records_detail_total{") and
              'syscall="getppid"' in l and l.split('exe="', 1)[1].startswith(os.path.abspath(DECIDER) + '"')]
    check(len(series) == 1 and series[0].rsplit(None, 1)[1] == "1000000" and 'action="errno(EPERM)"' in series[0],
          "the metrics count 1,000,000: %s" % series)
    os.unlink(metrics)
    os.rmdir(metrics_dir)
    print("storm: 1,000,000 decisions, %d passed up, reader CPU %.3f s" % (sent, cpu))


def cpu_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def our_programs():
    r = subprocess.run(["bpftool", "--json", "prog", "show"], capture_output=True, text=True)
    check(r.returncode == 0, "bpftool prog show: %s" % r.stderr)
    return {p["id"] for p in json.loads(r.stdout) if p.get("name") in PROGRAMS}


def test_metrics_tell_keys_apart(host):
    """Two count keys that name the same event but for the errno a listener
    answered (user_notif 7 and 9, whose action carries no errno) are two
    keys to the metrics too: 3 and 5 make 8, not the later total alone."""
    d = tempfile.mkdtemp()
    metrics = os.path.join(d, "m.prom")
    try:
        t = Tail("--source=bpf", "-f", "-n", "0", "-o", "json", "--metrics-file", metrics)
        time.sleep(0.3)
        for answer, n in (("user_notif:7", 3), ("user_notif:9", 5)):
            pid, _, outcome = decide(DECIDER, answer, n)
            check(outcome == n, "%s: the helper met %d" % (answer, outcome))
        time.sleep(0.5)
        code, _, err = t.stop()
        check(code == 0, "tail: %s" % err)
        series = [l for l in open(metrics) if l.startswith("seccompctl_records_detail_total{") and
                  'action="user_notif"' in l and 'syscall="getppid"' in l and
                  l.split('exe="', 1)[1].startswith(os.path.abspath(DECIDER) + '"')]
        check(len(series) == 1 and series[0].rsplit(None, 1)[1] == "8", "3 and 5 make 8: %s" % series)
    finally:
        shutil.rmtree(d)


def test_nothing_left_behind_after_kill9(host):
    """Killed with SIGKILL at a random moment, whatever it was doing: its
    programs are gone (bpftool prog show before and after)."""
    before = our_programs()
    for delay in (0.0, random.uniform(0.05, 0.3), random.uniform(0.3, 1.0)):
        t = Tail("--source=bpf", "-o", "json")
        mine = our_programs() - before
        check(len(mine) == len(PROGRAMS), "its %d programs are loaded: %s" % (len(PROGRAMS), mine))
        storm = subprocess.Popen([DECIDER, "errno:1", "300000"], stdout=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(t.p.pid, signal.SIGKILL)
        t.p.communicate(timeout=30)
        storm.wait(timeout=60)
        for _ in range(50):
            if not our_programs() & mine:
                break
            time.sleep(0.1)
        check(not our_programs() & mine, "killed after %.2f s, its programs are gone" % delay)


def test_refused_without_privilege_in_one_line(host):
    r = run("tail", "--source=bpf", prefix=("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                              "--inh-caps=-all", "--bounding-set=-all"))
    check(r.rc == 1, "exit 1 (error)", r)
    lines = r.err.strip().splitlines()
    check(len(lines) == 1 and "CAP_BPF" in lines[0] and "CAP_PERFMON" in lines[0], "one line says what is missing", r)


def test_decisions_in_ecs_and_short(host):
    """-o ecs of decisions passes the schema's own field list, with
    labels.logged; -o short names the action and the call."""
    need_decider32()
    from test_tail import ecs_fields, ecs_problems
    fields = ecs_fields()
    t = Tail("--source=bpf", "-o", "ecs")
    ts = Tail("--source=bpf")
    pid, _, _ = decide(DECIDER, "errno:13", 2)
    pid32, _, _ = decide(DECIDER32, "trap", 1)
    time.sleep(0.5)
    _, out, err = t.stop()
    _, short, _ = ts.stop()
    docs = [d for d in events_of(out) if d["process"]["pid"] in (pid, pid32)]
    check(len(docs) == 3, "3 decisions in ECS: %s" % docs)
    for d in docs:
        problems = ecs_problems(d, fields)
        check(not problems, "ECS: %s in %s" % (problems, d))
        check(d["labels"]["logged"] == "false" and d["event"]["outcome"] == "failure" and
              d["event"]["type"] == ["denied"], "a denial the kernel did not log: %s" % d)
    lines = [l for l in short.decode().splitlines() if "[%d]" % pid in l]
    check(len(lines) == 2 and all("errno(EACCES) getppid" in l and l.endswith("/decider") for l in lines),
          "short: %s" % lines)


def test_decisions_unit_verifies_and_runs(host):
    """The opt-in unit meson installs: systemd's parser finds nothing to
    say, and its command runs and writes each decision as ECS."""
    with tempfile.TemporaryDirectory() as tmp:
        text, exec_start = built_unit("seccompctl-decisions.service", tmp)
        check("\nType=notify\n" in text and "--source=bpf" in text and "WantedBy" in text, "the unit: %s" % text)
        args = [a.replace("/var/log/seccompctl", tmp) for a in exec_start[1:]]
        p = popen_ready([SECCOMPCTL] + args, timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        check(p.poll() is None, "the unit's command said READY=1 and runs")
        pid, _, _ = decide(DECIDER, "errno:13", 3)
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        check(p.returncode == 0, "it ends cleanly: %s" % err)
        docs = [json.loads(l) for l in open(os.path.join(tmp, "decisions.ecs.json"))]
        mine = [d for d in docs if d["process"]["pid"] == pid]
        check(len(mine) == 3 and all(d["labels"]["logged"] in ("true", "false") for d in mine),
              "its 3 decisions written: %s" % mine)


def test_status_says_whether_decisions_can_be_seen(host):
    r = run("--json", "status")
    check(r.rc == 0 and r.json["decisions"] == {"observable": True, "why": None}, "as root: observable", r)
    check("Decisions: every one can be seen here" in run("status").out, "in the text too")
    r = run("--json", "status", prefix=("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                        "--inh-caps=-all", "--bounding-set=-all"))
    d = r.json["decisions"]
    check(d["observable"] is False and "CAP_BPF" in d["why"], "unprivileged: says what is missing", r)
    undocumented = json_keys(r.json) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


def test_confined_once_attached(host):
    """After attaching it keeps no capability and its filter refuses nothing
    it does (each refusal would be a SECCOMP record of comm seccompctl)."""
    need_decider32()
    host.audit(1)
    write_logged(default_actions())
    lis = Listener().drain()
    t = Tail("--source=bpf", "--summary", "-o", "json")
    # READY=1 comes just before it confines itself: a moment later it is
    for _ in range(100):
        with open("/proc/%d/status" % t.p.pid) as f:
            status = f.read()
        if re.search(r"Seccomp:\s+2", status):
            break
        time.sleep(0.02)
    decide(DECIDER, "errno:13", 5)
    decide(DECIDER32, "trap", 5)
    time.sleep(0.5)
    code, out, err = t.stop()
    check(code == 0 and "sandbox" not in err.decode(), "tail: %s" % err)
    check(re.search(r"CapEff:\s+0+\n", status) and re.search(r"Seccomp:\s+2", status),
          "no capability, its own filter: %s" % status)
    refused = [f for typ, _, f in lis.collect(0.5) if typ == AUDIT_SECCOMP and 'comm="seccompctl"' in f]
    check(not refused, "the sandbox refused nothing: %s" % refused[:3])


def test_container_denials_seen_and_named_while_audit_holds_nothing(host):
    """A runc container whose profile denies with SCMP_ACT_ERRNO, as Docker's
    default does: each denial seen and named with its container, while the
    kernel logs none of them (runc sets no FLAG_LOG)."""
    host.audit(1)
    write_logged(default_actions())
    cid = "seccompctl-obs-%d" % os.getpid()
    path = "/seccompctl-test/%s" % cid
    with tempfile.TemporaryDirectory() as tmp:
        rc = Runc(tmp, root="/run/runc")
        lis = Listener().drain()
        t = Tail("--source=bpf", "-o", "json")
        r = rc.run(["/learn-subject", "loop", "5"], {
            "defaultAction": "SCMP_ACT_ALLOW",
            "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]},
            cgroups_path=path, cid=cid)
        check(r.returncode == 0, "runc: %s" % r.stderr)
        time.sleep(0.5)
        code, out, err = t.stop()
        records = [f for typ, _, f in lis.collect(0.5) if typ == AUDIT_SECCOMP and "learn-subject" in f]
        lis.close()
        for d in (os.path.join(root, path.lstrip("/")) for root in cgroup_roots()):
            for sub in (d, os.path.dirname(d)):
                try:
                    os.rmdir(sub)
                except OSError:
                    pass
    events = [e for e in events_of(out) if e["exe"] == "/learn-subject"]
    check(len(events) == 5, "5 denials seen: %s" % events)
    for e in events:
        check(e["action"] == "errno" and e["errno"] == "EACCES" and e["logged"] is False and e["cgroup"] == path
              and e["container"] and e["container"]["id"] == cid and e["container"]["runtime"] == "runc",
              "named with its container, not logged: %s" % e)
        check("SECCOMP_FILTER_FLAG_LOG" in e["not_logged"], "says why it was not logged: %s" % e["not_logged"])
    check(not records, "the kernel logged none of them: %s" % records)


def observe_beside(args, storm):
    """seccompctl ARGS (a --dry-run --observe) while storm runs once it observes."""
    p = subprocess.Popen([SECCOMPCTL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    for argv in storm:
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    out, err = p.communicate(timeout=60)
    return p.returncode, out.decode(), err.decode()


def test_observe_says_what_a_change_would_do(host):
    """enable errno --dry-run --observe: nothing added while the errno
    decisions come from a filter without FLAG_LOG, and exactly those of a
    FLAG_LOG filter when one makes them; disable log --observe: the log
    records taken away, counted. Nothing is written."""
    host.audit(1)
    write_logged("kill_process kill_thread trap log")
    code, out, err = observe_beside(["enable", "--dry-run", "--observe=4", "errno"],
                                    [[DECIDER, "errno:1", "5000"]])
    check(code == 0, "set --observe: %s" % err)
    check("enabling errno adds nothing: every one of them came from a filter without SECCOMP_FILTER_FLAG_LOG" in out,
          "says why nothing is added: %s" % out)
    code, out, err = observe_beside(["--json", "enable", "--dry-run", "--observe=4", "errno"],
                                    [[DECIDER, "-l", "errno:1", "5000"], [DECIDER, "errno:1", "300"]])
    check(code == 0, "set --observe: %s" % err)
    doc = json.loads(out)
    check(doc["observed"]["added"] == 5000 and doc["observed"]["removed"] == 0,
          "the FLAG_LOG filter's 5000 are added, the other's 300 not: %s" % doc["observed"])
    check(doc["dry_run"] is True and doc["written"] == "kill_process kill_thread trap errno log",
          "nothing written: %s" % doc)
    undocumented = json_keys(doc) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)
    code, out, err = observe_beside(["--json", "disable", "--dry-run", "--observe=4", "log"],
                                    [[os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger"),
                                      "log", "700"]])
    doc = json.loads(out)
    check(code == 0 and doc["observed"]["removed"] >= 700 and doc["observed"]["log_records"] == "counted",
          "disabling log takes the 700 log records away: %s" % doc["observed"])
    with open("/proc/sys/kernel/seccomp/actions_logged") as f:
        check(f.read().split() == ["kill_process", "kill_thread", "trap", "log"], "nothing was written")
    r = run("enable", "--observe=2", "errno")
    check(r.rc == 2 and "--dry-run" in r.err, "--observe without --dry-run is refused", r)
    r = run("enable", "--dry-run", "--observe=0.5", "errno")
    check(r.rc == 2, "--observe under a second is refused", r)


def test_top_batch_json_filtered(host):
    """top -b --json: a JSON line a refresh, the denier's row with its total
    and rate; --exe keeps only what matches."""
    p = subprocess.Popen([SECCOMPCTL, "--json", "top", "-b", "-d", "1", "-n", "3", "--exe", "*/decider",
                          "--action", "errno"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    pid, _, _ = decide(DECIDER, "errno:13", 200000)
    decide(DECIDER, "trap", 5)
    out, err = p.communicate(timeout=60)
    check(p.returncode == 0, "top -b: %s" % err)
    docs = [json.loads(l) for l in out.decode().splitlines()]
    check(len(docs) == 3, "3 refreshes, a JSON line each: %s" % out)
    rows = [r for d in docs for r in d["rows"]]
    check(rows and all(r["exe"].endswith("/decider") and r["action"].startswith("errno") for r in rows),
          "only the filter's rows: %s" % rows)
    last = [r for r in docs[-1]["rows"] if r["action"] == "errno(EACCES)"]
    check(len(last) == 1 and last[0]["total"] >= 200000 and last[0]["logged"] is False,
          "the denier's total: %s" % docs[-1])
    check(any(r["rate"] > 0 for r in rows if r["action"] == "errno(EACCES)"), "and a rate while it ran: %s" % rows)
    undocumented = json_keys(docs) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


class TopInTmux:
    """seccompctl top on a terminal of tmux's own: the terminal's modes
    before and after, its pid, the screen as a person sees it."""

    def __init__(self, tmp, *args):
        self.tmp, self.session = tmp, "seccompctl-top-%d" % os.getpid()
        pidfile, before, after = (os.path.join(tmp, n) for n in ("pid", "before", "after"))
        self.pidfile, self.before, self.after = pidfile, before, after
        self.done = os.path.join(tmp, "done")
        script = ("stty -a > %s; sh -c 'echo $$ > %s; exec \"$0\" top \"$@\"' %s %s; echo $? > %s; stty -a > %s; "
                  "sleep 60" % (before, pidfile, SECCOMPCTL, " ".join(args), self.done, after))
        subprocess.run(["tmux", "new-session", "-d", "-s", self.session, "-x", "200", "-y", "40", script], check=True)
        for _ in range(100):
            if os.path.exists(pidfile) and open(pidfile).read().strip():
                break
            time.sleep(0.05)
        self.pid = int(open(pidfile).read())

    def screen(self):
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True,
                              text=True).stdout

    def keys(self, keys):
        subprocess.run(["tmux", "send-keys", "-t", self.session, keys], check=True)

    def wait_screen(self, needle, seconds=10):
        end = time.time() + seconds
        while time.time() < end:
            text = self.screen()
            if needle(text):
                return text
            time.sleep(0.1)
        return self.screen()

    def ended(self, seconds=10):
        end = time.time() + seconds
        while time.time() < end and not os.path.exists(self.after):
            time.sleep(0.05)
        time.sleep(0.2)
        return os.path.exists(self.after)

    def close(self):
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)


def test_top_under_tmux(host):
    """The denier appears with its call and a rate while it runs; the sort
    key changes; q, SIGINT and SIGTERM each end it with the terminal as it
    was."""
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        from lib import cannot_run
        cannot_run("tmux is not installed")
    for how in ("q", signal.SIGINT, signal.SIGTERM):
        with tempfile.TemporaryDirectory() as tmp:
            top = TopInTmux(tmp, "-d", "0.5")
            try:
                text = top.wait_screen(lambda t: "RATE/S" in t)
                check("RATE/S" in text and "sorted by rate" in text, "top draws: %s" % text)
                storm = subprocess.Popen([DECIDER, "errno:13", "20000000"], stdout=subprocess.DEVNULL)
                try:
                    row = lambda t: [l for l in t.splitlines() if l.rstrip().endswith("/decider") and
                                     "errno(EACCES)" in l and float(l.split()[0]) > 0]
                    text = top.wait_screen(lambda t: row(t))
                    check(row(text), "the denier with its call and a rate: %s" % text)
                    line = row(text)[0].split()
                    check(line[2] == "no" and line[4] == "getppid", "not logged, getppid: %s" % line)
                finally:
                    storm.kill()
                    storm.wait()
                top.keys("t")
                text = top.wait_screen(lambda t: "sorted by total" in t)
                check("sorted by total" in text, "t sorts by total: %s" % text)
                if how == "q":
                    top.keys("q")
                else:
                    os.kill(top.pid, how)
                check(top.ended(), "top ends on %s" % how)
                check(open(top.done).read().strip() == "0", "exit 0 on %s" % how)
                check(open(top.before).read() == open(top.after).read(),
                      "the terminal's modes are as they were after %s" % how)
            finally:
                top.close()


def cgroup_roots():
    roots = []
    for line in open("/proc/self/mountinfo"):
        f = line.split()
        fstype = f[f.index("-") + 1]
        if fstype in ("cgroup", "cgroup2"):
            roots.append(f[4])
    return roots


if __name__ == "__main__":
    main(collect_tests(globals()))
