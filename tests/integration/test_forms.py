#!/usr/bin/env python3
"""Records as they travel, made by the real tools: ausearch -i over a real
auditd's log, journalctl -o export and -o json of a real journal, an
aggregated log written by a real auditd that receives from audisp-remote,
and seccompctl's own JSON and ECS read back."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

from lib import (Auditd, Journald, audit_status, cannot_run, check, collect_tests, default_actions, main, run,
                 stop_pid, write_logged)

TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
TRIGGER_SRC = os.path.join(os.environ.get("SRCDIR", "."), "tests", "helpers", "seccomp-trigger.c")
ACTIONS = ["log", "errno", "kill_process", "kill_thread"]


def trigger(action, comm, exe=TRIGGER):
    p = subprocess.Popen([exe, action, "1", comm], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.wait()
    return p.pid


def trigger32(tmp):
    """A 32-bit trigger (compat=1 on this 64-bit kernel)."""
    t32 = os.path.join(tmp, "trigger32")
    r = subprocess.run(["gcc", "-m32", "-o", t32, TRIGGER_SRC, "-lpthread"], capture_output=True)
    if r.returncode != 0:
        cannot_run("gcc -m32 does not work: %s" % r.stderr)
    return t32


def events(r, pids):
    check(r.rc == 0, "tail read it", r)
    evs = [json.loads(l) for l in r.out.splitlines()]
    return {e["pid"]: e for e in evs if e.get("pid") in pids}


def wait_in(path, needle, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path) and needle in open(path, errors="replace").read():
            return True
        time.sleep(0.1)
    return False


def test_ausearch_interpreted_is_read_as_the_raw_log(host):
    """ausearch -i's text of real records gives the same events as the raw log:
    names turned back into numbers, local times read in TZ, kill for either kill."""
    if not shutil.which("ausearch"):
        cannot_run("ausearch is not installed")
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        t32 = trigger32(tmp)
        with Auditd(tmp, log_format="RAW") as auditd:
            pids = [trigger(a, "i-" + a) for a in ACTIONS] + [trigger("kill_process", "i-32", t32)]
            check(wait_in(auditd.log, "pid=%d " % pids[-1]), "the records reached the log")
            log = auditd.log
            raw = events(run("tail", "--file", log, "-n", "all", "-o", "json", "--numeric"), pids)
            for tz in ("UTC", "Asia/Kolkata"):
                env = dict(os.environ, TZ=tz)
                text = subprocess.run(["ausearch", "-i", "-if", log, "-m", "SECCOMP"], capture_output=True,
                                      text=True, env=env).stdout
                check("msg=audit(" in text and " : " in text, "ausearch -i wrote its text: %r" % text[:300])
                path = os.path.join(tmp, "interpreted-%s.txt" % tz.replace("/", "-"))
                with open(path, "w") as f:
                    f.write(text)
                r = run("tail", "--file", path, "-n", "all", "-o", "json", env=env)
                got = events(r, pids)
                check("ausearch -i text" in r.err and ("TZ=" + tz) in r.err, "the time zone is said: %s" % r.err)
                check(sorted(got) == sorted(pids), "every record read: %s of %s" % (sorted(got), pids), r)
                for pid in pids:
                    a, b = raw[pid], got[pid]
                    for k in ("serial", "time", "syscall", "syscall_nr", "arch", "compat", "sig", "signal",
                              "comm", "exe", "ip"):
                        check(a[k] == b[k], "%s of %d: raw %r, ausearch -i %r" % (k, pid, a[k], b[k]))
                    want = "kill" if a["action"].startswith("kill_") else a["action"]
                    check(b["action"] == want, "action of %d: %s for %s" % (pid, b["action"], a["action"]))
                    check(b["uid"] is None and b["user"] == "root", "uid as ausearch named it: %s" % b)
                check(got[pids[-1]]["arch"] == "i386" and got[pids[-1]]["syscall"] == "getppid",
                      "the 32-bit task in its own table: %s" % got[pids[-1]])
            # ECS calls ausearch's kill a denial, and --action kill takes it
            r = run("tail", "--file", path, "-n", "all", "-o", "ecs", "--action", "kill", env=env)
            docs = [json.loads(l) for l in r.out.splitlines()]
            check(len([d for d in docs if d["process"]["pid"] in pids]) == 3 and
                  all(d["event"]["outcome"] == "failure" for d in docs), "kill denied in ECS", r)


def test_journal_export_and_json_are_the_journal(host):
    """journalctl -o export and -o json of a real journal read as the journal itself is."""
    if not shutil.which("journalctl"):
        cannot_run("journalctl is not installed")
    if audit_status()["pid"]:
        cannot_run("an auditd is registered: journald would get no record")
    host.audit(1)
    write_logged(default_actions())
    start = int(time.time()) - 1
    with Journald():
        pids = [trigger(a, "j-" + a) for a in ACTIONS]
        time.sleep(1.5)
        subprocess.run(["journalctl", "--flush"], capture_output=True)
        want = events(run("tail", "--source=journal", "--since", "@%d" % start, "-n", "all", "-o", "json"), pids)
        check(sorted(want) == sorted(pids), "the journal holds the records: %s" % want)
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in ("export", "json"):
                path = os.path.join(tmp, "journal." + fmt)
                with open(path, "wb") as f:
                    subprocess.run(["journalctl", "-o", fmt, "--since", "@%d" % start], stdout=f, check=True)
                got = events(run("tail", "--file", path, "-n", "all", "-o", "json"), pids)
                check(sorted(got) == sorted(pids), "%s: every record: %s" % (fmt, sorted(got)))
                for pid in pids:
                    a = dict(want[pid], source=None)
                    b = dict(got[pid], source=None)
                    check(a == b, "%s: the same event as the journal's:\n%s\n%s" % (fmt, a, b))
                    check(b["host"] == socket.gethostname(), "_HOSTNAME kept: %s" % b["host"])


class Receiver:
    """An auditd that only receives (local_events = no: it never registers with
    the kernel), listening on a port of its own; stopped by its PID."""

    def __init__(self, tmp, port):
        self.dir = os.path.join(tmp, "receiver")
        os.makedirs(os.path.join(self.dir, "plugins.d"))
        self.log = os.path.join(self.dir, "audit.log")
        conf = [l for l in open("/etc/audit/auditd.conf") if l.split("=", 1)[0].strip() not in (
            "log_file", "log_format", "plugin_dir", "log_group", "local_events", "tcp_listen_port",
            "tcp_client_ports", "name_format", "name")]
        conf += ["log_file = %s\n" % self.log, "log_format = RAW\n", "log_group = root\n",
                 "plugin_dir = %s\n" % os.path.join(self.dir, "plugins.d"), "local_events = no\n",
                 "tcp_listen_port = %d\n" % port, "tcp_client_ports = 1-65535\n", "flush = INCREMENTAL_ASYNC\n",
                 "freq = 1\n"]
        with open(os.path.join(self.dir, "auditd.conf"), "w") as f:
            f.writelines(l for l in conf if l.split("=", 1)[0].strip() not in ("flush", "freq") or
                         l in ("flush = INCREMENTAL_ASYNC\n", "freq = 1\n"))
        os.chmod(os.path.join(self.dir, "auditd.conf"), 0o640)
        self.port = port
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(["auditd", "-n", "-c", self.dir], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        end = time.time() + 10
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("the receiving auditd exited: %s" % self.proc.stderr.read())
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        stop_pid(self.proc)
        raise RuntimeError("the receiving auditd does not listen on %d" % self.port)

    def __exit__(self, *exc):
        stop_pid(self.proc)
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    try:
        return [int(c) for c in open("/proc/%d/task/%d/children" % (pid, pid)).read().split()]
    except OSError:
        return []


def test_aggregated_log_from_audisp_remote(host):
    """A real auditd sends through audisp-remote (name_format = user) to a real
    auditd that collects: its log names the host of every record, tail shows
    and filters it, verify gives that host its own trail."""
    if not os.path.exists("/sbin/audisp-remote"):
        cannot_run("audisp-remote is not installed (Debian's audispd-plugins)")
    if audit_status()["pid"]:
        cannot_run("an auditd is registered: the sending auditd could not be")
    host.audit(1)
    write_logged(default_actions())
    node = "web-%d" % os.getpid()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        # audisp-remote reads only /etc/audit/audisp-remote.conf: the test's own,
        # bound over it in a mount namespace of the plugin's alone
        conf = os.path.join(tmp, "remote.conf")
        with open(conf, "w") as f:
            f.write("remote_server = 127.0.0.1\nport = %d\ntransport = tcp\nmode = immediate\n"
                    "queue_file = %s\nformat = managed\nnetwork_retry_time = 1\n"
                    "network_failure_action = syslog\nstartup_failure_action = warn_once_continue\n"
                    % (port, os.path.join(tmp, "remote.queue")))
        wrapper = os.path.join(tmp, "remote.sh")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec unshare -m --propagation private sh -c "
                    "'mount --bind \"$0\" /etc/audit/audisp-remote.conf && exec /sbin/audisp-remote' %s\n" % conf)
        os.chmod(wrapper, 0o755)
        with Receiver(tmp, port) as recv:
            sender = Auditd(tmp, log_format="RAW", extra=["name_format = user\n", "name = %s\n" % node],
                            plugins={"au-remote.conf": "active = yes\ndirection = out\npath = %s\n"
                                                       "type = always\nformat = string\n" % wrapper})
            with sender:
                plugins = children(sender.proc.pid)
                try:
                    pid = trigger("log", "agg")
                    r = run("set", "kill_process,kill_thread,log")
                    check(r.rc == 0, "set", r)
                    r = run("set", "--force", default_actions().replace(" ", ","))
                    check(r.rc == 0, "set back", r)
                    check(wait_in(recv.log, "node=%s type=CONFIG_CHANGE" % node, 15) and
                          wait_in(recv.log, "pid=%d " % pid), "the collector got them: %s" %
                          open(recv.log, errors="replace").read()[-2000:])
                    time.sleep(1)
                finally:
                    sender.stop()
                    for c in plugins:      # the plugin the sender started, if it outlived it
                        if os.path.exists("/proc/%d" % c):
                            os.kill(c, 15)
            log = recv.log
            r = run("tail", "--file", log, "-n", "all", "-o", "json")
            got = events(r, [pid])
            check(got and got[pid]["host"] == node, "the host of the record: %s" % got, r)
            r = run("tail", "--file", log, "-n", "all", "-o", "ecs", "--host", "web-*")
            docs = [json.loads(l) for l in r.out.splitlines()]
            check(any(d["process"]["pid"] == pid and d["host"]["name"] == node for d in docs), "host.name", r)
            r = run("tail", "--file", log, "-n", "all", "-o", "json", "--host", "db-*")
            check(r.rc == 0 and r.out == "", "--host keeps other hosts out", r)
            # the same records as another host's: each its own trail
            other = os.path.join(tmp, "two.log")
            text = open(log, errors="surrogateescape").read()
            with open(other, "w", errors="surrogateescape") as f:
                f.write(text + text.replace("node=%s " % node, "node=db-2 "))
            r = run("--json", "verify", "--file", other)
            docs = [json.loads(l) for l in r.out.splitlines()]
            check([d["host"] for d in docs] == [node, "db-2"], "a trail a host: %s" % [d["host"] for d in docs], r)
            for d in docs:
                ch = [c["actions"] for c in d["changes"]]
                check(ch[-2:] == [["kill_process", "kill_thread", "log"], default_actions().split()],
                      "%s: its changes: %s" % (d["host"], ch))
                check(all(c["comm"] == "seccompctl" for c in d["changes"][-2:]), "writers named", r)
            r = run("verify", "--file", other, "--host", "db-2")
            check("== host db-2" in r.out and node not in r.out, "--host: that trail alone", r)
            r = run("verify", "--file", other, "--host", "nowhere")
            check(r.rc == 4 and "no record names a host" in r.err, "no such host", r)


def test_own_json_and_ecs_read_back(host):
    """Events shipped as seccompctl's JSON or ECS are read back: the same events,
    the same profile, the same summary."""
    host.audit(1)
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        with Auditd(tmp, log_format="RAW") as auditd:
            pids = [trigger(a, "o-" + a) for a in ACTIONS]
            check(wait_in(auditd.log, "pid=%d " % pids[-1]), "logged")
            log = auditd.log
            base = run("tail", "--file", log, "-n", "all", "-o", "json", "--numeric")
            for fmt in ("json", "ecs"):
                shipped = os.path.join(tmp, "events." + fmt)
                with open(shipped, "w") as f:
                    f.write(run("tail", "--file", log, "-n", "all", "-o", fmt, "--numeric").out)
                again = run("tail", "--file", shipped, "-n", "all", "-o", "json", "--numeric")
                check(again.out == base.out, "%s read back: the same events\n%s\n%s" % (fmt, base.out, again.out))
                a = run("profile", "--file", log, "--runtime=none", "-o", "json")
                b = run("profile", "--file", shipped, "--runtime=none", "-o", "json")
                pa, pb = json.loads(a.out), json.loads(b.out)
                check(pa["syscalls"] == pb["syscalls"], "%s: the same profile: %s %s" % (fmt, pa, pb))
            # a loss shipped is a loss read back
            lost = os.path.join(tmp, "lost.json")
            with open(lost, "w") as f:
                f.write('{"event":"lost","time":"2026-01-01T00:00:00.000Z","count":7,"cause":"overrun",'
                        '"message":"x","source":"netlink"}\n')
            r = run("tail", "--file", lost, "-n", "all", "-o", "json")
            docs = [json.loads(l) for l in r.out.splitlines()]
            check(any(d.get("event") == "lost" and d["count"] == 7 and d["cause"] == "overrun" for d in docs),
                  "the loss told again", r)


if __name__ == "__main__":
    main(collect_tests(globals()))
