#!/usr/bin/env python3
"""tail on the real kernel: real SECCOMP records of every logged action, read
back through netlink and through a real auditd's log, every field checked."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from lib import (Auditd, Journald, Tail, popen_ready, audit_status, cannot_run, check, collect_tests, json_keys, main, man_page_words, run,
                 write_logged, default_actions, SECCOMPCTL, SRCDIR, CI)

TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
TRIGGER_SRC = os.path.join(os.environ.get("SRCDIR", "."), "tests", "helpers", "seccomp-trigger.c")

# action -> (sig, exit status of the trigger)
ACTIONS = {"log": 0, "errno": 0, "trap": 0, "trace": 0, "kill_thread": 31, "kill_process": 31}
ODD_COMMS = ["viol ations", 'q"uote', "esc\x1b[31m", "ütf8-名"]


def trigger(action, comm, exe=TRIGGER, count=1):
    p = subprocess.run([exe, action, str(count), comm], capture_output=True)
    return p


def trigger_pid(action, comm, exe=TRIGGER):
    """Run the trigger and return its pid (the records carry it)."""
    p = subprocess.Popen([exe, action, "1", comm], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.wait()
    return p.pid


def make_cases(tmp):
    """(action, comm, exe, arch, syscall_nr, compat) for every case this machine can make."""
    spaced_dir = os.path.join(tmp, "dir with space")
    os.makedirs(spaced_dir)
    spaced = os.path.join(spaced_dir, "trig ger")
    shutil.copy(TRIGGER, spaced)
    cases = [(a, "c-" + a, TRIGGER, "x86_64", 110, 0) for a in ACTIONS]
    cases += [("log", c, TRIGGER, "x86_64", 110, 0) for c in ODD_COMMS]
    cases.append(("log", "spaced", spaced, "x86_64", 110, 0))
    t32 = os.path.join(tmp, "trigger32")
    r = subprocess.run(["gcc", "-m32", "-o", t32, TRIGGER_SRC, "-lpthread"], capture_output=True)
    if r.returncode == 0:
        cases.append(("kill_process", "c-i386", t32, "i386", 64, 1))
    elif CI:
        raise AssertionError("gcc -m32 does not work: %s" % r.stderr)
    return cases


def run_cases(cases):
    pids = []
    for action, comm, exe, *_ in cases:
        pids.append(trigger_pid(action, comm, exe))
    return pids


def check_events(events, cases, pids, source):
    by_pid = {e["pid"]: e for e in events}
    for (action, comm, exe, arch, nr, compat), pid in zip(cases, pids):
        e = by_pid.get(pid)
        check(e is not None, "%s: no event for pid %d (%s %s) in %d events" % (source, pid, action, comm, len(events)))
        check(e["action"] == action, "action %s: %s" % (action, e))
        check(e["comm"] == comm.encode()[:15].decode("utf-8", "replace"), "comm %r: %s" % (comm, e))
        check(e["exe"] == os.path.realpath(exe), "exe: %s" % e)
        check(e["arch"] == arch and e["syscall"] == "getppid" and e["syscall_nr"] == nr, "syscall: %s" % e)
        check(e["compat"] == compat, "compat: %s" % e)
        check(e["sig"] == (31 if action.startswith("kill") else 0), "sig: %s" % e)
        check(e["signal"] == ("SIGSYS" if action.startswith("kill") else None), "signal: %s" % e)
        check(e["uid"] == 0 and e["user"] == "root" and e["group"] == "root", "ids: %s" % e)
        check(e["source"] == source, "source: %s" % e)
        check(e["time"].endswith("Z"), "time: %s" % e)
    undocumented = json_keys(events) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


def test_netlink_every_action(host):
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        t = Tail("--source=netlink", "-o", "json")
        pids = run_cases(cases)
        time.sleep(0.5)
        rc, out, err = t.stop()
        check(rc == 0, "tail ends cleanly on SIGINT: %s" % err)
        events = [json.loads(l) for l in out.decode().splitlines()]
        check_events([e for e in events if "pid" in e], cases, pids, "netlink")


def test_auditd_log_every_action(host):
    # auditd enables audit when it starts; it gets no record while audit is off
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        with Auditd(tmp) as auditd:
            # auditd may miss what comes while it starts up: begin once it logs
            warm = trigger_pid("log", "warm-up")
            check(auditd.wait_for("pid=%d " % warm), "auditd logs")
            pids = run_cases(cases)
            check(auditd.wait_for("pid=%d " % pids[-1]), "auditd logged the last event")
            r = run("tail", "--file", auditd.log, "-n", "all", "-o", "json")
        check(r.rc == 0, "tail --file", r)
        events = [json.loads(l) for l in r.out.splitlines()]
        check_events(events, cases, pids, "file")
        # ENRICHED: auditd's interpretation must not leak into the raw form
        r = run("tail", "--file", auditd.log, "-n", "all", "-o", "raw", "--pid", str(pids[0]))
        check(r.rc == 0 and r.out.count("\n") == 1 and "\\x1d" not in r.out and "type=SECCOMP" in r.out,
              "raw record of one pid", r)


def journal_events(pids, *args, timeout=10):
    """tail --source=journal until the events of these pids are there (journald
    writes late)."""
    end = time.time() + timeout
    while True:
        r = run("tail", "--source=journal", "-n", "all", "-o", "json", *args)
        # the journal also tells what the kernel log dropped: lost events, not records
        events = [e for e in map(json.loads, r.out.splitlines()) if e.get("event") != "lost"]
        if set(pids) <= {e["pid"] for e in events} or time.time() > end:
            return r, events
        time.sleep(0.2)


def test_journald_every_action(host):
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(tmp)
        with Journald():
            # like auditd, journald may miss what comes while it starts up
            warm = trigger_pid("log", "j-warm-up")
            journal_events([warm])
            # the kernel stamps records with a coarse clock: leave it a margin
            since = "@%.3f" % (time.time() - 1)
            pids = run_cases(cases)
            r, events = journal_events(pids, "--since", since, "-b")
            check(r.rc == 0, "tail --source=journal", r)
            check_events(events, cases, pids, "journal")
            # auto picks the journal when it holds audit records
            r = run("tail", "-n", "1", "-o", "json")
            last = [e for e in map(json.loads, r.out.splitlines()) if "pid" in e]
            check(r.rc == 0 and len(last) == 1 and last[0]["source"] == "journal", "auto chose the journal", r)
            check("journal" in r.err, "and said so", r)
            # follow: a new record arrives while tail waits on the journal
            t = Tail("--source=journal", "-f", "-n", "0", "-o", "json")
            pid = trigger_pid("log", "j-follow")
            end = time.time() + 10
            while time.time() < end:
                time.sleep(0.3)
                if t.p.poll() is not None:
                    break
                if subprocess.run(["journalctl", "-q", "_PID=%d" % pid, "_TRANSPORT=audit"],
                                  capture_output=True).stdout:
                    time.sleep(0.6)
                    break
            rc, out, err = t.stop()
            got = [e for e in map(json.loads, out.decode().splitlines()) if "pid" in e]
            check(rc == 0 and [e["pid"] for e in got] == [pid], "followed: %s %s" % (got, err))


def test_journal_file_from_export(host):
    """A journal made by systemd-journal-remote from an export of real records."""
    export = os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "journal-seccomp.export")
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        from lib import cannot_run
        cannot_run("systemd-journal-remote is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        jf = os.path.join(tmp, "seccomp.journal")
        subprocess.run([remote, "-o", jf, export], check=True, capture_output=True)
        r = run("tail", "--file", jf, "-n", "all", "-o", "json")
        check(r.rc == 0, "tail --file X.journal", r)
        events = [json.loads(l) for l in r.out.splitlines()]
        check([e["action"] for e in events] == ["log", "kill_process", "errno"], "actions: %s" % events)
        check(events[0]["comm"] == 'evil\x1b[31m q"' and events[0]["exe"] == "/tmp/dir with space/trig ger",
              "hex-encoded comm and exe decoded: %s" % events[0])
        check(events[1]["comm"] == "ütf8-名" and events[1]["signal"] == "SIGSYS", "utf-8 comm: %s" % events[1])
        check(all(e["source"] == "journal" for e in events), "source")
        r2 = run("tail", "--source=journal", "-D", tmp, "-n", "all", "-o", "json")
        check(r2.out == r.out, "-D reads the same", r2)
        r = run("tail", "--source=journal", "--file", jf, "--boot=00000000000000000000000000000001", "-n", "all")
        check(r.rc == 0 and r.out == "", "another boot: nothing", r)
        r = run("tail", "--source=journal", "--file", jf, "--boot=nonsense")
        check(r.rc == 2 and "boot id" in r.err, "bad boot id", r)


def test_hostile_names_never_reach_the_terminal(host):
    write_logged(default_actions())
    t = Tail("--source=netlink")
    pid = trigger_pid("log", "esc\x1b]0;pwn\x07")
    time.sleep(0.3)
    rc, out, err = t.stop()
    check(b"\x1b" not in out and b"\x07" not in out, "no raw control byte: %r" % out)
    check(b"esc\\x1b]0;pwn\\x07[%d]" % pid in out, "escaped comm shown: %r" % out)


def test_filters_and_summary(host):
    write_logged(default_actions())
    t = Tail("--source=netlink", "-o", "json", "--action=kill_process,errno", "--summary")
    pids = [trigger_pid(a, "f-" + a) for a in ("log", "errno", "kill_process", "log")]
    time.sleep(0.3)
    rc, out, err = t.stop()
    lines = [json.loads(l) for l in out.decode().splitlines()]
    events = [e for e in lines if "pid" in e]
    check(sorted(e["pid"] for e in events) == sorted(pids[1:3]), "only errno and kill_process: %s" % events)
    summary = [e for e in lines if e.get("event") == "summary"]
    check(len(summary) == 1 and sum(c["count"] for c in summary[0]["counts"]) == 2, "summary: %s" % summary)


def test_netlink_stops_after_n(host):
    write_logged(default_actions())
    p = popen_ready([SECCOMPCTL, "tail", "--source=netlink", "-n", "2"], stdout=subprocess.PIPE)
    for i in range(3):
        trigger("log", "n-%d" % i)
    out, _ = p.communicate(timeout=10)
    check(p.returncode == 0 and out.count(b"\n") == 2, "two events then exit: %r" % out)


def test_overrun_is_reported(host):
    """A tiny receive buffer and a burst: the loss must be said, not hidden."""
    write_logged(default_actions())
    t = Tail("--source=netlink", "-o", "json", "--rcvbuf=4096")
    os.kill(t.p.pid, signal.SIGSTOP)  # let the queue overflow
    trigger("log", "burst", count=20000)
    os.kill(t.p.pid, signal.SIGCONT)
    time.sleep(0.5)
    trigger("log", "after")
    time.sleep(0.3)
    rc, out, err = t.stop()
    lines = [json.loads(l) for l in out.decode().splitlines()]
    lost = [l for l in lines if l.get("event") == "lost"]
    events = [l for l in lines if "pid" in l]
    check(rc == 0, "exit 0: %s" % err)
    check(lost and lost[0]["overruns"] >= 1, "a lost event in JSON: %s" % lost)
    check(b"records were lost" in err, "a warning on stderr: %s" % err)
    check(0 < len(events) < 20001, "fewer events than records, and some: %d" % len(events))
    check(events[-1]["comm"] == "after", "reading went on after the overrun")


def signalled_while_stopped(count, *args):
    """A netlink tail stopped (SIGSTOP) while count records wait on its
    socket, sent SIGINT, then let run: its exit code, lines and stderr."""
    t = Tail("--source=netlink", "-o", "json", "--comm=queued", *args)
    os.kill(t.p.pid, signal.SIGSTOP)
    trigger("log", "queued", count=count)
    t.p.send_signal(signal.SIGINT)    # pending until it runs again
    os.kill(t.p.pid, signal.SIGCONT)
    rc, out, err = t.stop()
    return rc, [json.loads(l) for l in out.decode().splitlines()], err


def test_a_signal_first_reads_what_netlink_queued(host):
    """Records the kernel queued on tail's socket before SIGINT are kept
    nowhere else: tail reads them, and a loss they hide, before it ends."""
    write_logged(default_actions())
    rc, lines, err = signalled_while_stopped(300)
    events = [e for e in lines if "pid" in e]
    check(rc == 0 and len(events) == 300, "all 300 queued at the signal were written: %d, %s" % (len(events), err))
    # the same with a socket too small for them: the kernel dropped some,
    # which only a read after the signal can tell
    rc, lines, err = signalled_while_stopped(5000, "--rcvbuf=4096")
    lost = [l for l in lines if l.get("event") == "lost"]
    check(rc == 0 and lost and lost[0]["overruns"] >= 1 and b"records were lost" in err,
          "the overrun is told: %s %s" % (lost, err))


def test_kernel_lost_counter_reported(host):
    """Records the kernel drops (here: its rate limit) reach no one: say so."""
    host.audit(1)
    write_logged(default_actions())
    before = audit_status()["rate_limit"]
    subprocess.run(["auditctl", "-r", "5"], check=True, capture_output=True)
    host.cleanups.append(lambda: subprocess.run(["auditctl", "-r", str(before)], check=True,
                                                capture_output=True))
    t = Tail("--source=netlink", "-o", "json")
    trigger("log", "rated", count=200)
    time.sleep(0.5)
    rc, out, err = t.stop()
    check(rc == 0, "exit 0: %s" % err)
    check(b"lost counter rose by" in err and b"reached no one" in err, "reported: %s" % err)
    check(out.count(b"\n") < 200, "and indeed fewer than 200 events arrived")


def test_netlink_refusals_are_explained(host):
    r = run("tail", "--source=netlink", prefix=["setpriv", "--inh-caps=-audit_read", "--bounding-set=-audit_read"])
    check(r.rc == 1 and "CAP_AUDIT_READ" in r.err and "--source=file" in r.err, "no CAP_AUDIT_READ", r)
    r = run("tail", "--source=netlink", prefix=["unshare", "-n"])
    check(r.rc == 1 and "network namespace" in r.err, "another netns", r)


def test_numeric_and_ecs(host):
    src = os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "auditd-raw.log")
    r = run("tail", "--file", src, "-n", "1", "-o", "json", "--numeric")
    e = json.loads(r.out)
    check(e["uid"] == 0 and e["user"] is None and e["group"] is None, "--numeric: no names", r)
    r = run("tail", "--file", src, "-n", "all", "-o", "ecs")
    docs = [json.loads(l) for l in r.out.splitlines()]
    check(len(docs) == 3 and all(d["event"]["action"] == "violated-seccomp-policy" for d in docs), "ecs", r)
    d = docs[1]
    check(d["process"]["pid"] == 11022 and d["process"]["name"] == "seccomp-trigger", "ecs process: %s" % d)
    check(d["user"]["id"] == "0" and d["auditd"]["data"]["syscall"] == "getppid", "ecs user/data: %s" % d)
    check(d["auditd"]["data"]["action"] == "kill_process" and d["auditd"]["data"]["sig"] == "31", "ecs: %s" % d)
    undocumented = json_keys(docs) - man_page_words()
    check(not undocumented, "ECS keys missing from the man page: %s" % undocumented)
    r = run("tail", "--file", src, "-n", "all", "--since", "@1795467222.686", "--until", "@1795467222.690")
    check(len(r.out.splitlines()) == 1 and "[11023] errno" in r.out, "--since/--until", r)


def test_follow_survives_auditd_restart(host):
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        first = Auditd(tmp).__enter__()
        if not first.proc:
            first.stop()
            from lib import cannot_run
            cannot_run("an auditd this test did not start runs: it cannot restart it")
        try:
            warm = trigger_pid("log", "ad-warm")
            check(first.wait_for("pid=%d " % warm), "auditd logs")
            t = Tail("--file", first.log, "-f", "-n", "0", "-o", "json")
            a = trigger_pid("log", "ad-before")
            check(first.wait_for("pid=%d " % a), "logged before")
            time.sleep(0.5)
        finally:
            first.stop()
        with Auditd(tmp) as second:  # the same config: it appends to the same log
            warm = trigger_pid("log", "ad-warm2")
            check(second.wait_for("pid=%d " % warm), "auditd logs again")
            b = trigger_pid("log", "ad-after")
            check(second.wait_for("pid=%d " % b), "logged after")
            time.sleep(0.6)
            rc, out, err = t.stop()
    pids = [e["pid"] for e in map(json.loads, out.decode().splitlines()) if "pid" in e]
    check(rc == 0 and a in pids and b in pids, "both sides of the restart: %s %s" % (pids, err))
    check(b"auditd stopped" in err and b"auditd started" in err, "reported: %s" % err)


def test_follow_survives_journald_restart(host):
    write_logged(default_actions())
    with Journald() as j:
        if not j.proc:
            from lib import cannot_run
            cannot_run("a journald this test did not start runs: it cannot restart it")
        warm = trigger_pid("log", "jd-warm")
        journal_events([warm])
        t = Tail("--source=journal", "-f", "-n", "0", "-o", "json")
        a = trigger_pid("log", "jd-before")
        journal_events([a])
        j.proc.terminate()
        j.proc.wait(timeout=10)
        j.proc = subprocess.Popen(["/lib/systemd/systemd-journald"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(1)
        warm = trigger_pid("log", "jd-warm2")
        journal_events([warm])
        b = trigger_pid("log", "jd-after")
        journal_events([b])
        time.sleep(2.5)   # tail looks for journald every 2 s
        rc, out, err = t.stop()
    pids = [e["pid"] for e in map(json.loads, out.decode().splitlines()) if "pid" in e]
    check(rc == 0 and a in pids and b in pids, "both sides of the restart: %s %s" % (pids, err))
    check(b"systemd-journald restarted" in err, "reported: %s" % err)


def test_follow_across_rotation(host):
    src = os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "auditd-raw.log")
    seccomp = [l for l in open(src) if l.startswith("type=SECCOMP")]
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        with open(log, "w") as f:
            f.write(seccomp[0])
        t = Tail("--file", log, "-f", "-o", "json")
        with open(log, "a") as f:
            f.write(seccomp[1])
        time.sleep(0.5)
        os.rename(log, log + ".1")  # as auditd rotates
        with open(log, "w") as f:
            f.write(seccomp[2])
        time.sleep(0.8)
        rc, out, err = t.stop()
    serials = [json.loads(l)["serial"] for l in out.decode().splitlines()]
    check(rc == 0, "exit 0 on SIGINT: %s" % err)
    check(serials == [1878, 1879, 1881], "all three, across rotation: %s %s" % (serials, err))
    check(b"was rotated" in err, "reported: %s" % err)


def test_rotated_logs_in_order(host):
    src = os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "auditd-raw.log")
    seccomp = [l for l in open(src) if l.startswith("type=SECCOMP")]
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        for name, line in ((log + ".2", seccomp[0]), (log + ".1", seccomp[1]), (log, seccomp[2])):
            with open(name, "w") as f:
                f.write(line)
        r = run("tail", "--file", log, "--all", "-n", "all", "-o", "json")
        check([json.loads(l)["serial"] for l in r.out.splitlines()] == [1878, 1879, 1881], "oldest first", r)
        r = run("tail", "--file", log, "-n", "all", "-o", "json")
        check(len(r.out.splitlines()) == 1, "without --all only the current log", r)
        r = run("tail", "--file", log, "--all", "-n", "2", "-o", "json")
        check([json.loads(l)["serial"] for l in r.out.splitlines()] == [1879, 1881], "-n 2: the last two", r)


def test_bad_input_skipped_and_counted(host):
    src = os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "auditd-enriched.log")
    data = open(src, "rb").read()
    junk = b"garbage line\n\x00\x01\x02\ntype=SECCOMP msg=audit(1.2:3): pid=1\r\n" + b"x" * (2 << 20) + b"\n"
    with tempfile.NamedTemporaryFile() as f:
        f.write(junk + data + junk)
        f.flush()
        r = run("tail", "--file", f.name, "-n", "all", "-o", "json")
    check(r.rc == 0 and len(r.out.splitlines()) == 3, "the three good events", r)
    check("skipped" in r.err and "longer than" in r.err, "the bad ones counted", r)


def test_usage(host):
    for args, needle in [(["--source=bogus"], "--source"), (["-o", "xml"], "-o"), (["--action=kil"], "kil"),
                         (["-n", "ten"], "-n"), (["--since", "soon"], "since"), (["--arch=vax"], "arch")]:
        r = run("tail", *args)
        check(r.rc == 2 and needle in r.err, "usage error for %s" % args, r)
    r = run("tail", "--file", "/nonexistent/audit.log")
    check(r.rc == 1 and "/nonexistent/audit.log" in r.err, "missing file", r)



# --- ECS, checked against the Elastic Common Schema's own field list -------------------

ECS_TYPES = {"keyword": str, "wildcard": str, "match_only_text": str, "text": str, "constant_keyword": str,
             "date": str, "ip": str, "long": int, "integer": int, "unsigned_long": int, "short": int,
             "byte": int, "float": (int, float), "scaled_float": (int, float), "double": (int, float),
             "boolean": bool, "flattened": dict, "object": dict, "nested": list}


def ecs_fields():
    """The field list of the @elastic/ecs npm package (scripts/test.sh installs
    it and names its folder in ECS_MODULE)."""
    module = os.environ.get("ECS_MODULE", "")
    flat = os.path.join(module, "build", "commonjs", "ecs_flat.js")
    if not module or not os.path.exists(flat) or not shutil.which("node"):
        cannot_run("the @elastic/ecs npm package or node is missing (ECS_MODULE=%r)" % module)
    out = subprocess.run(["node", "-e", "process.stdout.write(JSON.stringify(require(process.argv[1]).EcsFlat))",
                          flat], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def leaves(doc, prefix=""):
    for k, v in doc.items():
        name = prefix + k
        if isinstance(v, dict) and v:
            yield from leaves(v, name + ".")
        else:
            yield name, v


def ecs_problems(doc, fields):
    problems = ["no %s" % k for k in ("event.type", "event.outcome", "event.category", "event.kind")
                if k not in dict(leaves(doc))]
    for name, value in leaves(doc):
        if value == {}:
            problems.append("%s is an empty object" % name)
            continue
        if name.startswith("auditd."):
            continue        # Auditbeat's own namespace, as Auditbeat writes it
        parent = fields.get(name.rsplit(".", 1)[0]) if "." in name else None
        if parent and parent["type"] == "object" and parent.get("object_type") == "keyword":
            # an object of custom keys (labels): each value one keyword, as the schema says
            if not isinstance(value, str):
                problems.append("%s=%r: %s holds keywords only" % (name, value, name.rsplit(".", 1)[0]))
            continue
        f = fields.get(name)
        if f is None:
            problems.append("%s is not an ECS field" % name)
            continue
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and "array" not in f.get("normalize", []):
            problems.append("%s is a list, ECS wants one value" % name)
        if not isinstance(value, list) and "array" in f.get("normalize", []):
            problems.append("%s is one value, ECS wants a list" % name)
        want = ECS_TYPES.get(f["type"])
        for v in values:
            if want and not (isinstance(v, want) and not (want is int and isinstance(v, bool))):
                problems.append("%s=%r is not of ECS type %s" % (name, v, f["type"]))
            allowed = [a["name"] for a in f.get("allowed_values", [])]
            if allowed and v not in allowed:
                problems.append("%s=%r is not one of %s" % (name, v, allowed))
    return problems


def test_ecs_validates_against_the_schema(host):
    fields = ecs_fields()
    # the checker itself: what it must refuse
    bad = {"user": {"audit": {"id": "1"}}, "event": {"outcome": "maybe", "type": "denied"},
           "process": {"pid": "12"}, "group": {}, "labels": {"trusted": False}}
    got = ecs_problems(bad, fields)
    check(len(got) == 8, "the checker catches missing fields, an unknown field, a bad value, a lost list, a "
          "wrong type, an empty object, a label that is no keyword: %s" % got)
    docs = []
    for name in ("auditd-raw.log", "auditd-enriched.log"):
        r = run("tail", "--file", os.path.join(SRCDIR, "tests", "data", name), "-n", "all", "-o", "ecs")
        check(r.rc == 0, "ecs of %s" % name, r)
        docs += [json.loads(l) for l in r.out.splitlines()]
    # and live records of each action, unset ids among them
    write_logged(default_actions())
    t = Tail("--source=netlink", "-f", "-o", "ecs", "--comm=ecs-*")
    for action in ("log", "errno", "trap", "kill_thread", "kill_process", "trace"):
        trigger(action, "ecs-" + action)
    time.sleep(0.5)
    rc, out, err = t.stop()
    check(rc == 0, "tail -o ecs ran: %s" % err)
    docs += [json.loads(l) for l in out.decode().splitlines()]
    check(len(docs) >= 6, "events to check: %d" % len(docs))
    outcomes = set()
    for d in docs:
        problems = ecs_problems(d, fields)
        check(not problems, "ECS: %s in %s" % (problems, d))
        outcomes.add((d["auditd"]["data"]["action"], d["event"]["outcome"], tuple(d["event"]["type"])))
    for action, outcome, typ in outcomes:
        want = {"log": ("success", ("allowed",))}.get(action, ("failure", ("denied",)) if action in (
            "kill_process", "kill_thread", "trap", "errno") else ("unknown", ("info",)))
        check((outcome, typ) == want, "%s: outcome %s type %s, want %s" % (action, outcome, typ, want))
    check({a for a, _, _ in outcomes} >= {"log", "errno", "kill_process"}, "several actions seen: %s" % outcomes)


if __name__ == "__main__":
    main(collect_tests(globals()))
