#!/usr/bin/env python3
"""status on the real kernel: audit on and off, auditd or not, a real journald
that turned audit off, another network namespace, no privilege, --processes."""
import os
import subprocess
import tempfile
import time

from lib import (Auditd, Journald, audit_status, cannot_run, check, collect_tests, json_keys, main, man_page_words, run)

TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
          "--bounding-set=-all"]


def status(*args, prefix=()):
    r = run("--json", "status", *args, prefix=prefix)
    check(r.rc in (0, 1, 3), "status ran", r)
    return r, r.json


def test_audit_on_and_off(host):
    host.audit(0)
    r, doc = status("--check")
    check(r.rc == 3 and doc["audit"]["enabled"] == 0 and doc["paper_trail"] is False, "off", r)
    check(any("auditctl -e 1" in w["message"] and w["kind"] == "audit_disabled" for w in doc["warnings"]),
          "remedy given, with its kind", r)
    check(doc["can_verify"] is False, "cannot verify with audit off", r)
    host.audit(1)
    r, doc = status()
    check(doc["audit"]["enabled"] == 1, "on", r)
    undocumented = json_keys(doc) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)
    t = run("status")
    check("Paper trail:" in t.out and "SECCOMP records go to:" in t.out, "text", t)


def test_auditd_running(host):
    host.audit(1)
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        r, doc = status("--check")
        pid = auditd.proc.pid if auditd.proc else doc["audit"]["pid"]
        check(doc["audit"]["pid"] == pid and doc["audit"]["pid_alive"], "auditd pid", r)
        check(doc["receivers"]["auditd"]["log_file"] == auditd.log, "its log file, from its -c config", r)
        check(doc["receivers"]["auditd"]["log_format"] == "ENRICHED", "its format", r)
        check(doc["paper_trail"] is True and r.rc == 0, "a paper trail", r)
        check(doc["can_verify"] is True, "can verify", r)
        check(any("auditd (pid %d)" % pid in g["message"] and g["kind"] == "auditd" for g in doc["seccomp_records_go"]),
              "records go to auditd", r)
        check(doc["paper_trail_kind"] == "auditd" and doc["can_verify_kind"] == "yes", "kinds", r)
    # auditd gone, audit still on: nothing keeps the records
    r, doc = status("--check")
    check(r.rc == 3 and doc["paper_trail"] is False and doc["receivers"]["auditd"] is None, "no keeper", r)


def test_journald_turned_audit_off(host):
    host.audit(1)
    with Journald() as j:
        time.sleep(0.5)
        r, doc = status("--check")
        jd = doc["receivers"]["journald"]
        check(jd and jd["reads_audit"] is True, "journald reads audit: %s" % jd, r)
        # one we started, without auditd: what it did to audit is its
        # version's (252 turns it off, 257 on) and status follows what it did
        if j.proc and audit_status()["enabled"] == 0:
            check(jd["disabled_audit"] is True and doc["audit"]["enabled"] == 0, "turned off", r)
            check(doc["paper_trail"] is False and r.rc == 3, "no paper trail", r)
            check(any("turned audit off when it started" in w["message"] and w["kind"] == "journald_disabled_audit"
                      for w in doc["warnings"]), "said", r)
        elif j.proc:
            check(jd["disabled_audit"] is False and doc["audit"]["enabled"] == 1, "left on: %s" % jd, r)
            check(doc["paper_trail"] is True and r.rc == 0 and doc["paper_trail_kind"] == "journald",
                  "journald keeps the trail", r)
            check(not any(w["kind"] == "journald_disabled_audit" for w in doc["warnings"]), "nothing said", r)
        check(any("the journal" in g["message"] for g in doc["seccomp_records_go"]), "records reach the journal", r)
        check(any(l["comm"] == "systemd-journal" for l in doc["receivers"]["listeners"]), "listener", r)


def test_journald_audit_setting(host):
    """journald's Audit= (a drop-in in /run, removed after): no turns audit
    off when journald starts, yes on (systemd 252 and 257 alike); status
    names the setting and its file, and warns of Audit=no."""
    dropdir = "/run/systemd/journald.conf.d"
    made = not os.path.exists(dropdir)
    conf = os.path.join(dropdir, "50-seccompctl-test.conf")
    os.makedirs(dropdir, exist_ok=True)
    host.cleanups.append(lambda: (os.unlink(conf) if os.path.exists(conf) else None,
                                  os.rmdir(dropdir) if made else None))
    for value, start in (("no", 1), ("yes", 0)):
        with open(conf, "w") as f:
            f.write("[Journal]\nAudit=%s\n" % value)
        host.audit(start)
        with Journald() as j:
            if not j.proc:
                cannot_run("a journald this test did not start runs: it cannot start one with Audit=%s" % value)
            time.sleep(0.5)
            enabled = audit_status()["enabled"]
            check(enabled == (1 if value == "yes" else 0), "journald with Audit=%s left audit %d" % (value, enabled))
            r, doc = status()
            jd = doc["receivers"]["journald"]
            check(jd["audit_setting"] == value and jd["audit_setting_file"] == conf, "the setting: %s" % jd, r)
            warned = [w for w in doc["warnings"] if w["kind"] == "journald_audit_no"]
            check(len(warned) == (1 if value == "no" else 0) and all(conf in w["message"] for w in warned),
                  "Audit=no warned of, with its file: %s" % warned, r)
            check(doc["paper_trail"] is (value == "yes"), "the paper trail follows: %s" % doc["paper_trail_reason"], r)
            t = run("status")
            check(("Audit=%s (%s)" % (value, conf)) in t.out, "the text says it", t)


def test_other_network_namespace(host):
    host.audit(1)
    r, doc = status(prefix=["unshare", "-n"])
    check(doc["self"]["initial_net_ns"] is False and doc["can_verify"] is False, "netns", r)
    check("network namespace" in doc["can_verify_reason"], "reason", r)


def test_unprivileged(host):
    host.audit(1)
    r, doc = status("--check", prefix=NOBODY)
    check(r.rc == 1, "--check cannot tell: exit 1", r)
    check(doc["audit"] is None and doc["paper_trail"] is None, "said, not guessed", r)
    check("CAP_AUDIT_CONTROL" in doc["paper_trail_reason"], "why", r)
    check(doc["self"]["cap_sys_admin"] is False and doc["can_verify"] is False, "self", r)
    check(doc["actions_logged"], "what can be read is read", r)
    t = run("status", prefix=NOBODY)
    check(t.rc == 0 and "cannot ask the kernel" in t.out, "text", t)


def test_processes(host):
    p = subprocess.Popen([TRIGGER, "hold", "2", "held-filters"], stdout=subprocess.PIPE)
    host.cleanups.append(lambda: (p.kill(), p.wait()))
    check(p.stdout.readline() == b"ready\n", "helper ready")
    r, doc = status("--processes")
    mine = [x for x in doc["processes"] if x["pid"] == p.pid]
    check(len(mine) == 1 and mine[0]["mode"] == "filter" and mine[0]["filters"] == 2, "listed: %s" % mine, r)
    check(mine[0]["comm"] == "held-filters" and mine[0]["exe"] == os.path.realpath(TRIGGER), "names", r)
    check(all(x["pid"] != os.getpid() for x in doc["processes"]), "only processes under seccomp", r)
    t = run("status", "--processes")
    check(("%d" % p.pid) in t.out and "held-filters" in t.out, "text", t)
    check("processes" not in status()[1], "only with --processes")


def test_kernel_log_and_audit_context(host):
    """No auditd: records go through printk (its limits and remedies said), and
    processes older than the first sign of audit are named as writers never."""
    st = audit_status()
    if st["pid"] and os.path.exists("/proc/%d" % st["pid"]):
        from lib import cannot_run
        cannot_run("an auditd is registered: records do not go through printk")
    host.sysctl("kernel.printk_ratelimit", 1)
    host.sysctl("kernel.printk_ratelimit_burst", 1000)
    time.sleep(1.1)
    host.audit(1)
    # a record only an enabled audit makes, through printk into the kernel log
    r = run("set", "--force", "log")
    check(r.rc == 0, "set", r)
    r = run("--json", "status")
    doc = r.json
    kl = doc["kernel_log"]
    uptime_us = float(open("/proc/uptime").read().split()[0]) * 1e6
    check(kl is not None and kl["printk_ratelimit"] == 1 and kl["printk_ratelimit_burst"] == 1000,
          "the printk limits: %s" % kl, r)
    check(kl["audit_on_by_usec"] is not None and 0 < kl["audit_on_by_usec"] <= uptime_us,
          "a sign that audit is on, in the kernel log: %s" % kl, r)
    kinds = {w["kind"]: w["message"] for w in doc["warnings"]}
    check("printk_rate_limit" in kinds and "systemd-journald-audit.socket" in kinds["printk_rate_limit"],
          "printk's limit warned about, with its remedies", r)
    # PID 1 started before any sign of audit this boot (no audit=1 here)
    check("no_audit_context" in kinds and "[1]" in kinds["no_audit_context"], "PID 1 has no audit context", r)
    check(doc["config_changes_go"][0]["kind"] == "kernel_log", "CONFIG_CHANGE records go to the kernel log", r)
    host.audit(0)
    doc = run("--json", "status").json
    check(doc["config_changes_go"][0]["kind"] == "nowhere", "nowhere while audit is off: %s" % doc["config_changes_go"])


if __name__ == "__main__":
    main(collect_tests(globals()), crowd=True)
