#!/usr/bin/env python3
"""verify on the real kernel: a trail made by real writes, recorded by a real
auditd and a real journald, intact and with the holes a host really gets."""
import datetime
import json
import os
import subprocess
import tempfile
import time

from lib import (Auditd, Journald, audit_status, check, collect_tests, default_actions, json_keys, main,
                 man_page_words, read_logged, run, write_logged)

SRC = os.environ.get("SRCDIR", ".")


def kinds(doc):
    """Problem kinds, less 'lost' when the kernel had lost records before the test:
    a counter of the whole boot that no test can put back."""
    ks = [p["kind"] for p in doc["problems"]]
    return [k for k in ks if k != "lost" or audit_status()["lost"] == 0]


EXIT = {"intact": 0, "broken": 3, "unproven": 4}


def verdict_exit(r):
    """The verdict, its exit status and intact agree."""
    doc = r.json
    proven = [p for p in doc["problems"] if p["proven"]]
    want = "broken" if proven else "unproven" if doc["problems"] else "intact"
    check(doc["verdict"] == want and r.rc == EXIT[want] and doc["intact"] == (want == "intact"),
          "verdict %s, exit %d" % (doc["verdict"], r.rc), r)
    return want


def set_(*args):
    r = run("set", *args)
    check(r.rc == 0, "set %s" % (args,), r)


def test_auditd_trail_intact(host):
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        set_("log")
        set_("kill_process,log")
        set_("--force", "kill_process,log")
        check(auditd.wait_for("actions=kill_process,log old-actions=kill_process,log"), "logged")
        r = run("--json", "verify", "--file", auditd.log)
    doc = r.json
    check(kinds(doc) == [], "no problem: %s" % doc["problems"], r)
    check(verdict_exit(r) in ("intact", "unproven"), "not broken", r)
    changes = doc["changes"]
    check([c["actions"] for c in changes] == [["log"], ["kill_process", "log"], ["kill_process", "log"]],
          "the three changes: %s" % changes)
    check(all(c["comm"] == "seccompctl" and c["res"] == 1 and c["uid"] == 0 for c in changes), "writers", r)
    check(doc["boots"][0]["current"] and not doc["boots"][0]["inferred"], "one current boot", r)
    undocumented = json_keys(doc) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


def test_gap_while_audit_was_off(host):
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        r1 = run("--json", "set", "log")
        host.audit(0)
        write_logged("trap")        # no record: audit is off
        host.audit(1)
        r2 = run("--json", "set", "kill_process")
        check(auditd.wait_for("actions=kill_process old-actions=trap"), "logged")
        r = run("--json", "verify", "--file", auditd.log)
        t = run("verify", "--file", auditd.log)
    doc = r.json
    gaps = [p for p in doc["problems"] if p["kind"] == "gap"]
    check(verdict_exit(r) == "broken" and r.rc == 3, "broken, exit 3", r)
    check(len(gaps) == 1 and gaps[0]["serials"] == [r1.json["record"]["serial"], r2.json["record"]["serial"]],
          "the gap names both records: %s" % gaps)
    check("found trap" in t.out and "NOT intact" in t.out and "[broken]" in t.out, "text says it", t)


def test_unrecorded_change_since_the_last_record(host):
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        r1 = run("--json", "set", "log")
        check(auditd.wait_for("actions=log old-actions="), "logged")
        host.audit(0)
        write_logged("trap")
        r = run("--json", "verify", "--file", auditd.log)
        past = run("--json", "verify", "--file", auditd.log, "--until", "@%d" % (time.time() - 3600))
        host.audit(1)
    doc = r.json
    present = [p for p in doc["problems"] if p["kind"] == "present"]
    check(present and present[0]["serials"] == [r1.json["record"]["serial"]], "present: %s" % doc["problems"])
    check("audit_disabled" in kinds(doc), "and audit is off now", r)
    # a window that ends in the past does not judge the present
    check(past.json["changes"] == [] and "present" not in kinds(past.json), "--until in the past", past)


def test_refused_write_listed(host):
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        r = run("set", "log", prefix=["setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin"])
        check(r.rc == 1, "refused", r)
        check(auditd.wait_for("actions=? old-actions="), "logged")
        r = run("--json", "verify", "--file", auditd.log)
        t = run("verify", "--file", auditd.log)
    refused = [c for c in r.json["changes"] if c["res"] == 0]
    check(len(refused) == 1 and refused[0]["actions"] is None and refused[0]["comm"] == "seccompctl",
          "the refused write is listed: %s" % r.json["changes"])
    check(" FAIL " in t.out, "as FAIL in text", t)
    check("gap" not in kinds(r.json), "a refused write that agrees is no gap", r)


def test_journal_trail(host):
    write_logged(default_actions())
    with Journald():
        host.audit(1)          # journald turns audit off when it starts without auditd
        # the journal keeps what earlier runs left (their restores with audit off
        # are real gaps), and journald copies the kernel log's history in when it
        # starts: this test judges its own window only, from its first record on
        first = run("--json", "set", "log")
        check(first.rc == 0 and first.json["record"], "the first change, recorded", first)
        t0 = datetime.datetime.strptime(first.json["record"]["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
        t0 = "@%.3f" % t0.replace(tzinfo=datetime.timezone.utc).timestamp()
        set_("trap,log")
        end = time.time() + 10
        while time.time() < end:
            r = run("--json", "verify", "--source=journal", "-b", "--since", t0)
            if len(r.json["changes"]) >= 2:
                break
            time.sleep(0.2)
    doc = r.json
    mine = [c for c in doc["changes"] if c["comm"] == "seccompctl"]
    check(doc["source"] == "journal" and len(mine) >= 2, "changes from the journal: %s" % doc, r)
    check(mine[-1]["actions"] == ["trap", "log"] and mine[-1]["pid"], "writer from the journal's SYSCALL", r)
    check(doc["boots"][-1]["current"] and len(doc["boots"][-1]["id"]) == 32, "boot id", r)
    check("gap" not in kinds(doc) and "present" not in kinds(doc), "intact chain: %s" % doc["problems"], r)


def test_losses_before_the_window_are_dated(host):
    """The kernel's lost counter is boot-wide: losses the kernel log dates before
    the window do not condemn it; losses inside it leave it unproven, not broken."""
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        # losses now, each told in the kernel log ("audit: audit_lost=N"), the
        # last one at the counter's final value: a backlog of one, no waiting,
        # printk's rate limit off, and auditd stalled so that kauditd cannot
        # drain the queue faster than the trigger fills it (on a fast or idle
        # machine it can: CI once saw no loss at all)
        host.sysctl("kernel.printk_ratelimit", 0)
        before = "@%.3f" % time.time()
        host.audit_setting("--backlog_wait_time", 0, "backlog_wait_time")
        host.audit_setting("-b", 1, "backlog_limit")
        lost0 = audit_status()["lost"]
        with auditd.stalled():
            subprocess.run([os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger"), "log",
                            "1000", "lossy"], capture_output=True)
            subprocess.run(["auditctl", "-b", "8192"], check=True, capture_output=True)
        check(audit_status()["lost"] > lost0, "records were lost")
        time.sleep(1.1)
        since = "@%.3f" % time.time()
        time.sleep(0.1)
        set_("log")
        set_("trap,log")
        check(auditd.wait_for("actions=trap,log old-actions=log"), "logged")
        after = run("--json", "verify", "--file", auditd.log, "--since", since)
        across = run("--json", "verify", "--file", auditd.log, "--since", before)
    check(verdict_exit(after) == "intact", "losses dated before the window: intact %s" % after.json["problems"], after)
    check(verdict_exit(across) == "unproven" and "lost" in [p["kind"] for p in across.json["problems"]],
          "losses inside the window: unproven, exit 4", across)
    check(not [p for p in across.json["problems"] if p["proven"]], "and nothing proven broken", across)


def test_inferred_boots(host):
    """A log over a reboot: the kernel's serials start again."""
    base = "type=CONFIG_CHANGE msg=audit(%d.000:%d): op=seccomp-logging actions=%s old-actions=%s res=1\n"
    dflt = default_actions().replace(" ", ",")
    lines = [base % (1700000000, 5000, "log", dflt),
             base % (1700000100, 5010, "kill_process", "log"),
             "type=DAEMON_START msg=audit(1700000200.000:9000): op=start ver=3.0.9 res=success\n",
             base % (1700000300, 12, "log", dflt)]
    with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
        f.writelines(lines)
        f.flush()
        r = run("--json", "verify", "--file", f.name)
        check([b["inferred"] for b in r.json["boots"]] == [False, True], "a boundary inferred", r)
        check(r.json["boots"][1]["covers_start"], "the second boot from its start", r)
        check("gap" not in kinds(r.json) and "boot_start" not in kinds(r.json), "a reboot is no gap", r)
        f.write(base % (1700000400, 3, "trap", "kill_process"))
        f.flush()
        r = run("--json", "verify", "--file", f.name)
        bs = [p for p in r.json["problems"] if p["kind"] == "boot_start"]
        check(len(bs) == 1 and bs[0]["serials"] == [3], "a boot not starting from the default: %s" % bs)
        r = run("verify", "--file", f.name)
        check("inferred" in r.out, "text says inferred", r)


def test_usage(host):
    for args, needle in [(["--source=netlink"], "--source"), (["--since", "soon"], "since"),
                         (["--boot", "--source=file"], "journal")]:
        r = run("verify", *args)
        check(r.rc == 2 and needle in r.err, "usage %s" % args, r)
    r = run("verify", "--file", "/nonexistent/audit.log")
    check(r.rc == 1 and "/nonexistent/audit.log" in r.err, "missing file", r)


if __name__ == "__main__":
    main(collect_tests(globals()))
