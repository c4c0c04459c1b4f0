#!/usr/bin/env python3
"""set, enable, disable, reset on the real kernel, verified by real records."""
import json
import os
import signal
import subprocess
import tempfile
import time

from lib import (write_logged_by_child, Auditd, Listener, audit_status, check, collect_tests, default_actions, json_keys, main,
                 man_page_words, read_logged, run, write_logged, SECCOMPCTL, drop_config_change_records)


def test_set_verified_by_record(host):
    host.audit(1)
    before = read_logged()
    lis = Listener()
    r = run("--json", "set", "kill_process", "log")
    check(r.rc == 0, "set should succeed and verify", r)
    doc = r.json
    check(read_logged() == "kill_process log", "kernel value")
    check(doc["verified"] is True and doc["reason"] is None, "verified", r)
    check(doc["changed"] is True, "changed", r)
    check(doc["old"] == before.split() and doc["new"] == ["kill_process", "log"], "old/new", r)
    check(doc["written"] == "kill_process log", "written", r)
    rec = doc["record"]
    check(rec["actions"] == ["kill_process", "log"], "record actions", r)
    check(rec["old_actions"] == before.split(), "record old_actions", r)
    check(rec["res"] == 1 and rec["comm"] == "seccompctl", "record res/comm", r)
    check(os.path.realpath(rec["exe"]) == os.path.realpath(SECCOMPCTL), "record exe", r)
    check(rec["time"].endswith("Z") and "T" in rec["time"], "ISO time", r)
    # the kernel really sent that record, with that serial
    seen = {serial: f for serial, f in lis.changes()}
    check(rec["serial"] in seen, "an independent listener saw serial %s: %s" % (rec["serial"], seen))
    check(seen[rec["serial"]]["actions"] == "kill_process,log", "listener's record")
    # every key is documented
    undocumented = json_keys(doc) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


def test_text_output_names_the_writer(host):
    host.audit(1)
    write_logged(default_actions())
    r = run("disable", "trap")
    check(r.rc == 0, "disable", r)
    check("-> kill_process kill_thread errno user_notif trace log" in r.out, "old -> new", r)
    check("verified: record" in r.out and "by seccompctl[" in r.out, "writer in text", r)


def test_forms_are_equivalent(host):
    host.audit(1)
    forms = [
        ("log", "trap", "kill_process"),
        ("kill_process,trap,log",),
        ("log trap kill_process",),
        ("trap, log", "log", "kill_process", "trap"),
    ]
    for form in forms:
        write_logged("kill_thread")
        r = run("--json", "set", *form)
        check(r.rc == 0, "set %s" % (form,), r)
        check(r.json["written"] == "kill_process trap log", "canonical kernel order", r)
        check(read_logged() == "kill_process trap log", "kernel value for %s" % (form,))


def test_enable_disable_reset(host):
    host.audit(1)
    write_logged("log")
    r = run("--json", "enable", "kill_process,trap")
    check(r.rc == 0 and r.json["verified"], "enable", r)
    check(read_logged() == "kill_process trap log", "after enable")
    r = run("--json", "disable", "trap", "log")
    check(r.rc == 0 and r.json["verified"], "disable", r)
    check(read_logged() == "kill_process", "after disable")
    r = run("--json", "reset")
    check(r.rc == 0 and r.json["verified"], "reset", r)
    check(read_logged() == default_actions(), "after reset")


def test_empty_set(host):
    host.audit(1)
    write_logged("log")
    r = run("--json", "set", "")
    check(r.rc == 0 and r.json["verified"], "set '' verifies", r)
    check(r.json["record"]["actions"] == [], "record (none)", r)
    check(read_logged() == "", "kernel value empty")
    check("log no seccomp action" in r.err, "warns about the empty set", r)


def test_no_write_when_unchanged(host):
    host.audit(1)
    lis = Listener()
    write_logged("kill_process log")
    lis.drain()
    r = run("--json", "set", "log", "kill_process")
    check(r.rc == 0, "unchanged set", r)
    check(r.json["changed"] is False and r.json["written"] is None, "nothing written", r)
    check(lis.changes(0.5) == [], "no record for an unchanged value")
    r = run("--json", "set", "--force", "log", "kill_process")
    check(r.rc == 0 and r.json["verified"], "--force writes and verifies", r)
    check(len(lis.changes(0.5)) == 1, "--force leaves one record")


def test_dry_run(host):
    host.audit(1)
    lis = Listener()
    write_logged("log")
    lis.drain()
    r = run("--json", "set", "--dry-run", "trap,kill_process")
    check(r.rc == 0 and r.json["dry_run"] and r.json["written"] == "kill_process trap", "dry run", r)
    check(read_logged() == "log", "dry run wrote nothing")
    check(lis.changes(0.3) == [], "dry run left no record")
    r = run("set", "--dry-run", "trap")
    check("would write 'trap'" in r.out, "dry run text", r)


def test_refused_names(host):
    host.audit(1)
    lis = Listener()
    write_logged("log")
    lis.drain()
    r = run("set", "kil_process")
    check(r.rc == 2 and "did you mean 'kill_process'" in r.err, "suggestion", r)
    check("kill_thread" in r.err, "lists the valid names", r)
    r = run("enable", "allow")
    check(r.rc == 2 and "never logs allowed" in r.err, "allow explained", r)
    r = run("--json", "set", "log", "bogus")
    check(r.rc == 2 and r.json["exit_code"] == 2 and "bogus" in r.json["error"], "JSON error", r)
    check(read_logged() == "log", "nothing written")
    check(lis.changes(0.3) == [], "no write attempted, so no record")


def test_audit_disabled(host):
    host.audit(0)
    write_logged("log")
    r = run("--json", "set", "--timeout", "5", "kill_process")
    check(r.rc == 0, "still writes", r)
    check(read_logged() == "kill_process", "value written")
    doc = r.json
    check(doc["verified"] is False and "audit is disabled" in doc["reason"], "reason", r)
    check("auditctl -e 1" in doc["reason"], "remedy", r)
    check(doc["audit"]["enabled"] == 0 and doc["record"] is None, "audit state", r)
    check(r.elapsed < 2.5, "does not wait for a record that cannot come (%.2fs)" % r.elapsed)
    r = run("set", "--require-record", "log")
    check(r.rc == 3 and "audit is disabled" in r.err, "--require-record fails", r)
    check(read_logged() == "log", "but the write happened")


def test_missing_record_fails(host):
    """A record the kernel drops (an exclude rule) must not pass as verified."""
    host.audit(1)
    drop_config_change_records(host)
    write_logged("log")
    r = run("--json", "set", "--timeout", "0.5", "kill_process")
    check(r.rc == 3, "exit 3 without the record", r)
    check(r.json["verified"] is False and "no record" in r.json["reason"], "reason", r)
    check(read_logged() == "kill_process", "the write itself happened")


def test_kernel_refuses_without_cap_sys_admin(host):
    host.audit(1)
    write_logged("log")
    r = run("--json", "set", "kill_process",
            prefix=["setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin"])
    check(r.rc == 1, "refused write exits 1", r)
    check("CAP_SYS_ADMIN" in r.err and "Operation not permitted" in r.err, "names the privilege", r)
    check(read_logged() == "log", "value unchanged")
    rec = r.json["record"]
    check(rec is not None and rec["res"] == 0 and rec["actions"] is None, "res=0 record reported", r)
    check(rec["old_actions"] == ["log"], "old-actions of the refused write", r)


def test_non_root(host):
    host.audit(1)
    write_logged("log")
    r = run("set", "kill_process", prefix=["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    check(r.rc == 1 and "CAP_SYS_ADMIN" in r.err and "root" in r.err, "explains", r)
    check(read_logged() == "log", "value unchanged")
    r = run("get", prefix=["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    check(r.rc == 0 and r.out.strip() == "log", "get works unprivileged", r)


def test_no_cap_audit_read(host):
    host.audit(1)
    write_logged("log")
    drop = ["setpriv", "--inh-caps=-audit_read", "--bounding-set=-audit_read"]
    r = run("--json", "set", "kill_process", prefix=drop)
    check(r.rc == 0 and read_logged() == "kill_process", "writes", r)
    check(r.json["verified"] is False and "CAP_AUDIT_READ" in r.json["reason"], "says why", r)
    r = run("set", "--require-record", "log", prefix=drop)
    check(r.rc == 3, "--require-record", r)


def test_other_network_namespace(host):
    host.audit(1)
    write_logged("log")
    r = run("--json", "set", "--timeout", "5", "kill_process", prefix=["unshare", "-n"])
    check(r.rc == 0 and read_logged() == "kill_process", "writes", r)
    check("network namespace" in (r.json["reason"] or ""), "says why", r)
    check(r.elapsed < 2.5, "does not wait in vain (%.2fs)" % r.elapsed)


def _delayed_write(args, when, value):
    """Run seccompctl with its write to actions_logged held back by strace, and
    change the value from here meanwhile: a concurrent writer, deterministically.
    when is "delay_enter" (we change it between its read and its write) or
    "delay_exit" (after its write, before it reads the value back)."""
    p = subprocess.Popen(["strace", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64",
                          "-e", "inject=pwrite64:%s=600000" % when, SECCOMPCTL] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    writer = write_logged_by_child(value)
    out, err = p.communicate(timeout=30)
    return p.returncode, out, err, writer


def test_concurrent_change_before_our_write(host):
    host.audit(1)
    write_logged("log")
    rc, out, err, writer = _delayed_write(["--json", "set", "--timeout", "3", "trap"], "delay_enter", "kill_thread")
    doc = json.loads(out)
    check(rc == 3, "exit 3 on a concurrent change: %s %s" % (out, err))
    check("another writer" in doc["reason"], "reason: %s" % doc)
    check(doc["record"]["old_actions"] == ["kill_thread"], "our record chained on theirs: %s" % doc)
    conc = doc["concurrent"]
    check(len(conc) == 1 and conc[0]["actions"] == ["kill_thread"] and conc[0]["pid"] == writer,
          "the other record names the other writer: %s" % conc)
    check(read_logged() == "trap", "our value is in")


def test_concurrent_change_after_our_write(host):
    host.audit(1)
    write_logged("log")
    rc, out, err, writer = _delayed_write(["set", "--timeout", "3", "trap"], "delay_exit", "kill_thread")
    check(rc == 3, "exit 3 when another writer replaced our value: %s %s" % (out, err))
    check("concurrent change: record" in out and "actions=kill_thread" in out, "names it: %s" % out)
    check("by sh[%d]" % writer in out, "and its writer: %s" % out)
    check(read_logged() == "kill_thread", "their value is in")


def test_interrupted_while_waiting(host):
    """SIGINT after the write: the value is written, and it says so (exit 3)."""
    host.audit(1)
    drop_config_change_records(host)
    write_logged("log")
    p = subprocess.Popen([SECCOMPCTL, "--json", "set", "--timeout", "10", "--persist=/nonexistent/x.conf",
                          "trap"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=5)
    doc = json.loads(out)
    check(p.returncode == 3, "exit 3: %s %s" % (out, err))
    check("value was written" in doc["reason"] and doc["changed"] is True, "says it was written: %s" % doc)
    check(read_logged() == "trap", "and it was")
    check("not saved" in err, "--persist skipped, and said: %s" % err)


def test_interrupted_before_writing(host):
    """SIGINT while it asks for the audit status: nothing is written, and it says so."""
    host.audit(1)
    write_logged("log")
    p = subprocess.Popen(["strace", "-qq", "-o", "/dev/null", "-e", "trace=sendto",
                          "-e", "inject=sendto:delay_enter=800000", SECCOMPCTL, "set", "kill_process"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.4)
    tool = int(subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()[0])
    os.kill(tool, signal.SIGINT)
    out, err = p.communicate(timeout=10)
    check(p.returncode == 1 and "before writing" in err and "unchanged" in err, "%s %s" % (out, err))
    check("unchanged: interrupted before writing" in out, "text: %s" % out)
    check(read_logged() == "log", "nothing written")


def test_two_sets_at_once(host):
    """A and B overlap: both finish, the value is one of theirs, each names the
    other's record, and verify shows both, chained."""
    host.audit(1)
    write_logged("log")
    with tempfile.TemporaryDirectory() as tmp, Auditd(tmp) as auditd:
        # B subscribes and reads first, then waits before its write
        b = subprocess.Popen(["strace", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64",
                              "-e", "inject=pwrite64:delay_enter=800000", SECCOMPCTL, "--json", "set",
                              "--timeout", "3", "trap"], stdout=subprocess.PIPE, text=True)
        time.sleep(0.3)
        # A writes meanwhile, and reads back only after B has written
        a = subprocess.Popen(["strace", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64",
                              "-e", "inject=pwrite64:delay_exit=1000000", SECCOMPCTL, "--json", "set",
                              "--timeout", "3", "kill_process"], stdout=subprocess.PIPE, text=True)
        da, db = json.loads(a.communicate(timeout=30)[0]), json.loads(b.communicate(timeout=30)[0])
        check(a.returncode == 3 and b.returncode == 3, "both finish, both flag it: %d %d" % (a.returncode, b.returncode))
        check(read_logged() == "trap", "the value is B's, the last write")
        ra, rb = da["record"]["serial"], db["record"]["serial"]
        check(rb in [c["serial"] for c in da["concurrent"]], "A names B's record: %s" % da)
        check(ra in [c["serial"] for c in db["concurrent"]], "B names A's record: %s" % db)
        check(auditd.wait_for("actions=trap old-actions=kill_process"), "logged")
        v = run("--json", "verify", "--file", auditd.log)
    serials = [c["serial"] for c in v.json["changes"]]
    check(ra in serials and rb in serials, "verify shows both: %s" % serials)
    check(not [p for p in v.json["problems"] if p["kind"] in ("gap", "present")], "chained: %s" % v.json)


def test_persist_survives_kill_9(host):
    """kill -9 at every step of --persist: the file is the old one or the new one."""
    host.audit(0)
    d = tempfile.mkdtemp()
    path = os.path.join(d, "50-seccompctl.conf")
    old = "kernel.seccomp.actions_logged = log\n"
    new = "kernel.seccomp.actions_logged = trap\n"

    def content():
        return [l + "\n" for l in open(path).read().splitlines() if not l.startswith("#")]

    points = [(c, w) for c in ("fchmod", "fsync", "renameat") for w in ("delay_enter", "delay_exit")]
    for call, when in points:
        write_logged("log")
        subprocess.run([SECCOMPCTL, "-q", "set", "--force", "--persist=" + path, "log"], check=True)
        p = subprocess.Popen(["strace", "-qq", "-o", "/dev/null", "-e", "trace=" + call,
                              "-e", "inject=%s:%s=2000000" % (call, when), SECCOMPCTL, "-q", "set",
                              "--persist=" + path, "trap"])
        time.sleep(0.5)
        kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
        check(kids, "the tool is held at %s %s" % (call, when))
        os.kill(int(kids[0]), signal.SIGKILL)
        p.wait()
        got = content()
        check(got in ([old], [new]), "after kill -9 at %s %s: %s" % (call, when, got))
        if call == "renameat" and when == "delay_exit":
            check(got == [new], "renamed: the new file")
        if call == "fchmod":
            check(got == [old], "before the rename: the old file")
    for i in range(20):   # and at random moments
        p = subprocess.Popen([SECCOMPCTL, "-q", "set", "--force", "--persist=" + path, "trap" if i % 2 else "log"])
        time.sleep(0.0005 * i)
        p.kill()
        p.wait()
        check(content() in ([old], [new]), "random kill %d: %s" % (i, content()))
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    os.rmdir(d)


def test_persist(host):
    host.audit(1)
    write_logged("log")
    d = tempfile.mkdtemp()
    path = os.path.join(d, "50-seccompctl.conf")
    r = run("--json", "set", "--persist=" + path, "kill_process", "log")
    check(r.rc == 0 and r.json["persist"] == path, "persist", r)
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if not l.startswith("#")]
    check(lines == ["kernel.seccomp.actions_logged = kill_process log"], "file content %s" % lines)
    check(oct(os.stat(path).st_mode & 0o777) == "0o644", "mode")
    check(os.listdir(d) == ["50-seccompctl.conf"], "no temp file left: %s" % os.listdir(d))
    # unchanged value: nothing written to the kernel, but saved
    os.unlink(path)
    r = run("set", "--persist=" + path, "log", "kill_process")
    check(r.rc == 0 and os.path.exists(path), "persist an unchanged value", r)
    # dry run saves nothing
    os.unlink(path)
    r = run("set", "--dry-run", "--persist=" + path, "trap")
    check(r.rc == 0 and not os.path.exists(path), "dry run does not persist", r)
    os.rmdir(d)


def test_persist_default_path(host):
    host.audit(1)
    path = "/etc/sysctl.d/50-seccompctl.conf"
    saved = open(path).read() if os.path.exists(path) else None

    def put_back():
        if saved is None:
            if os.path.exists(path):
                os.unlink(path)
        else:
            with open(path, "w") as f:
                f.write(saved)
    host.cleanups.append(put_back)
    os.makedirs("/etc/sysctl.d", exist_ok=True)
    write_logged("log")
    # bare --persist must not swallow the action that follows
    r = run("set", "--persist", "trap")
    check(r.rc == 0 and read_logged() == "trap", "action after bare --persist", r)
    check("actions_logged = trap\n" in open(path).read(), "default file written")


def test_quiet(host):
    host.audit(1)
    write_logged("log")
    r = run("-q", "set", "trap")
    check(r.rc == 0 and r.out == "" and r.err == "", "quiet on success", r)


if __name__ == "__main__":
    main(collect_tests(globals()), crowd=True)
