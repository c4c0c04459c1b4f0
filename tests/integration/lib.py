"""Integration tests on the real kernel: shared helpers.

Every test runs inside HostState, which saves kernel.seccomp.actions_logged and
the audit enabled flag and restores both afterwards, also on failure and on
SIGINT/SIGTERM. A test that cannot run skips (exit 77), except under CI=true,
where it fails: a green CI must mean the real kernel was exercised.
"""
import contextlib
import errno
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback

SECCOMPCTL = os.environ.get("SECCOMPCTL", "build/seccompctl")
SRCDIR = os.environ.get("SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
LOGGED = "/proc/sys/kernel/seccomp/actions_logged"
AVAIL = "/proc/sys/kernel/seccomp/actions_avail"
CI = os.environ.get("CI") == "true"

NETLINK_AUDIT = 9
AUDIT_GET, AUDIT_SET = 1000, 1001
AUDIT_STATUS_ENABLED = 1
AUDIT_CONFIG_CHANGE, AUDIT_SYSCALL = 1305, 1300
NLMSG_ERROR = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4


def cannot_run(why):
    if CI:
        print("FAIL: this integration test cannot run under CI: %s" % why)
        sys.exit(1)
    print("SKIP: %s" % why)
    sys.exit(77)


# --- audit netlink, independent of the code under test -----------------------

def _audit_request(msg_type, payload=b""):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
    try:
        s.bind((0, 0))
        seq = int(time.time()) & 0xFFFF
        hdr = struct.pack("=IHHII", 16 + len(payload), msg_type, NLM_F_REQUEST | NLM_F_ACK, seq, 0)
        s.send(hdr + payload)
        s.settimeout(2)
        status, acked = None, False
        while status is None or not acked:
            data = s.recv(65536)
            while len(data) >= 16:
                ln, typ = struct.unpack("=IH", data[:6])
                body = data[16:ln]
                if typ == NLMSG_ERROR:
                    err = struct.unpack("=i", body[:4])[0]
                    if err:
                        raise OSError(-err, os.strerror(-err))
                    acked = True
                    if msg_type != AUDIT_GET:
                        return None
                elif typ == AUDIT_GET:
                    status = body
                data = data[(ln + 3) & ~3:]
        return status
    finally:
        s.close()


def audit_status():
    body = _audit_request(AUDIT_GET)
    keys = ("mask", "enabled", "failure", "pid", "rate_limit", "backlog_limit", "lost", "backlog")
    return dict(zip(keys, struct.unpack("=8I", body[:32])))


def audit_set_enabled(value):
    payload = struct.pack("=8I", AUDIT_STATUS_ENABLED, value, 0, 0, 0, 0, 0, 0) + b"\0" * 32
    _audit_request(AUDIT_SET, payload)


class Listener:
    """Subscribes to the audit multicast group, to see what the kernel really sent."""

    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.s.bind((0, 1))
        self.records = []
        self.overruns = 0

    def drain(self, seconds=0.3):
        """Forget records of what happened before: the kernel sends them late."""
        self.collect(seconds)
        self.records = []
        return self

    def collect(self, seconds=0.5):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                break
            self.s.settimeout(left)
            try:
                data = self.s.recv(65536)
            except socket.timeout:
                break
            except OSError as e:
                if e.errno != errno.ENOBUFS:
                    raise
                # a flood from elsewhere on the host overran us: what was
                # dropped is not seen; a test that needs it fails on its own
                self.overruns += 1
                continue
            while len(data) >= 16:
                ln, typ = struct.unpack("=IH", data[:6])
                text = data[16:ln].rstrip(b"\0").decode("ascii", "replace")
                m = re.match(r"audit\((\d+)\.(\d+):(\d+)\): (.*)", text)
                if m:
                    self.records.append((typ, int(m.group(3)), m.group(4)))
                data = data[(ln + 3) & ~3:]
        return self.records

    def changes(self, seconds=0.5):
        """op=seccomp-logging records: list of (serial, dict of fields)."""
        out = []
        for typ, serial, fields in self.collect(seconds):
            if typ == AUDIT_CONFIG_CHANGE and fields.startswith("op=seccomp-logging"):
                out.append((serial, dict(kv.split("=", 1) for kv in fields.split())))
        return out

    def close(self):
        self.s.close()


# --- host state ------------------------------------------------------------------

def read_logged():
    with open(LOGGED) as f:
        return f.read().strip()


def write_logged(value):
    fd = os.open(LOGGED, os.O_WRONLY)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def write_logged_by_child(value):
    """Write actions_logged from a process forked now. A process forked before
    audit was first enabled in this boot has no audit context, so the kernel
    never names it as a writer: a test that expects a named writer must not
    rely on how old its own process is. Returns the writer's pid."""
    p = subprocess.Popen(["/bin/sh", "-c", 'printf %s "$1" > ' + LOGGED, "sh", value])
    check(p.wait() == 0, "the child wrote %r" % value)
    return p.pid


def default_actions():
    with open(AVAIL) as f:
        return " ".join(a for a in f.read().split() if a != "allow")


class HostState:
    """Save actions_logged and the audit enabled flag; put both back on exit."""

    def __enter__(self):
        self.logged = read_logged()
        self.enabled = audit_status()["enabled"]
        self.cleanups = []
        self._old = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        return self

    def _on_signal(self, signum, frame):
        self.restore()
        os._exit(128 + signum)

    def restore(self):
        for fn in reversed(self.cleanups):
            try:
                fn()
            except Exception as e:  # keep restoring the rest
                print("cleanup failed: %s" % e)
        self.cleanups = []
        if read_logged() != self.logged:
            write_logged(self.logged)
        if audit_status()["enabled"] != self.enabled:
            audit_set_enabled(self.enabled)

    def __exit__(self, *exc):
        self.restore()
        for s, h in self._old.items():
            signal.signal(s, h)
        assert read_logged() == self.logged, "actions_logged not restored"
        return False

    def sysctl(self, name, value):
        """Set /proc/sys/NAME for the test; put back after, also on failure."""
        path = "/proc/sys/" + name.replace(".", "/")
        old = open(path).read().strip()

        def put_back():
            with open(path, "w") as f:
                f.write(old)
        self.cleanups.append(put_back)
        with open(path, "w") as f:
            f.write(str(value))

    def audit_setting(self, flag, value, current_key):
        """auditctl -r/-b/--backlog_wait_time for the test; put back after."""
        old = audit_status().get(current_key) if current_key in ("rate_limit", "backlog_limit") else None
        if current_key == "backlog_wait_time":
            old = int([l.split()[1] for l in subprocess.run(["auditctl", "-s"], capture_output=True, text=True)
                       .stdout.splitlines() if l.startswith("backlog_wait_time ")][0])
        self.cleanups.append(lambda: subprocess.run(["auditctl", flag, str(old)], check=True, capture_output=True))
        subprocess.run(["auditctl", flag, str(value)], check=True, capture_output=True)

    def audit(self, value):
        if self.enabled == 2:
            cannot_run("audit is locked (enabled=2): cannot switch it for the test")
        audit_set_enabled(value)


# --- running the tool ------------------------------------------------------------

class Result:
    def __init__(self, cp, elapsed):
        self.rc = cp.returncode
        self.out = cp.stdout
        self.err = cp.stderr
        self.elapsed = elapsed

    @property
    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "rc=%d\nstdout:\n%s\nstderr:\n%s" % (self.rc, self.out, self.err)


def run(*args, prefix=(), timeout=30, env=None, stdin=None):
    start = time.monotonic()
    if stdin is not None:
        stdin = stdin.decode("utf-8", "surrogateescape") if isinstance(stdin, bytes) else stdin
    cp = subprocess.run(list(prefix) + [SECCOMPCTL] + list(args), capture_output=True, text=True,
                        timeout=timeout, env=env, errors="surrogateescape", input=stdin)
    return Result(cp, time.monotonic() - start)


def check(cond, what, result=None):
    if not cond:
        raise AssertionError(what + ("\n%r" % result if result is not None else ""))


def require_root_and_audit():
    if os.geteuid() != 0:
        cannot_run("needs root")
    if not os.path.exists(LOGGED):
        cannot_run("kernel has no %s" % LOGGED)
    try:
        audit_status()
    except OSError as e:
        cannot_run("audit netlink unusable: %s" % e)


def man_page_words():
    with open(os.path.join(SRCDIR, "man", "seccompctl.8")) as f:
        text = f.read()
    return set(re.findall(r"@?[A-Za-z_][A-Za-z0-9_-]*", text.replace("\\-", "-").replace("\\fB", " ").replace("\\fR", " ").replace("\\fI", " ")))


def json_keys(doc, into=None):
    into = set() if into is None else into
    if isinstance(doc, dict):
        for k, v in doc.items():
            into.add(k)
            json_keys(v, into)
    elif isinstance(doc, list):
        for v in doc:
            json_keys(v, into)
    return into


# Filters of shapes libseccomp never makes, and those it makes rarely: every
# command that reads every process's filters must judge them all, whichever
# other processes happen to hold filters meanwhile. (The first alone made
# set --dry-run's UBSan run stop: an arch with no fixed decision.)
CROWD = [
    # no arch check, no number check: every call depends on its first argument
    "bpf=0x20,0,0,16/0x15,0,1,7/0x06,0,0,0x50001/0x06,0,0,0x7fff0000",
    # no arch check: a number alone decides, in every arch's table
    "bpf=0x20,0,0,0/0x15,0,1,110/0x06,0,0,0x50001/0x06,0,0,0x7fff0000",
    # x86_64 filtered, i386 allowed with no rule of its own, every other arch killed
    "bpf=0x20,0,0,4/0x15,0,4,0xc000003e/0x20,0,0,0/0x15,0,1,110/0x06,0,0,0x50001/0x06,0,0,0x7fff0000/"
    "0x15,0,1,0x40000003/0x06,0,0,0x7fff0000/0x06,0,0,0x80000000",
    # user_notif and trace with no listener and no tracer, logged
    "default=allow;log;rule=notify:getppid;rule=trace(7):getpgid",
    # the compat arches, x32 by its bit
    "default=allow;arch=x86,x32;rule=errno(1):getpgrp",
]


class Crowd:
    """The CROWD's filters held by processes started here, one each, and a
    stack of two; killed by their PIDs at the end."""

    def __init__(self):
        self.procs = []

    def __enter__(self):
        helper = os.environ.get("FILTER_LOAD", "build/tests/helpers/filter-load")
        for args in [[spec] for spec in CROWD] + [[CROWD[0], CROWD[3]]]:
            p = subprocess.Popen([helper] + args + ["hold"], stdout=subprocess.PIPE, text=True)
            self.procs.append(p)
            if p.stdout.readline().strip() != "ready":
                self.__exit__()
                raise RuntimeError("filter-load %s did not hold its filters" % args)
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.kill()
            p.wait()
        self.procs = []
        return False


def main(tests, crowd=False):
    """Run every test inside HostState; print 'N passed, N failed'. crowd:
    with the CROWD's unusual filters held all along."""
    require_root_and_audit()
    if crowd:
        with Crowd():
            run_tests(tests)
    else:
        run_tests(tests)


def run_tests(tests):
    passed = failed = 0
    only = sys.argv[1:]
    for name, fn in tests:
        if only and name not in only:
            continue
        try:
            with HostState() as host:
                fn(host)
            print("ok %s" % name)
            passed += 1
        except SystemExit:
            raise
        except Exception:
            print("FAIL %s" % name)
            traceback.print_exc(file=sys.stdout)
            failed += 1
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def collect_tests(ns):
    return [(k, v) for k, v in ns.items() if k.startswith("test_") and callable(v)]


# --- audit rules a test adds, and removes ----------------------------------------------

def drop_config_change_records(host):
    """An exclude rule: the kernel drops every CONFIG_CHANGE record (removed after)."""
    rule = ["-a", "always,exclude", "-F", "msgtype=CONFIG_CHANGE"]
    subprocess.run(["auditctl"] + rule, check=True, capture_output=True)
    host.cleanups.append(lambda: subprocess.run(["auditctl", "-d"] + rule[1:], check=True,
                                                capture_output=True))



# --- runc and a busybox rootfs ------------------------------------------------------

class Runc:
    """A bundle whose rootfs holds a static busybox and learn-subject; runc's
    state in a directory of the test's own (or in root, runc's own default
    /run/runc, where seccompctl looks for names), every container removed after."""

    def __init__(self, tmp, root=None):
        if not shutil.which("runc"):
            cannot_run("runc is not installed")
        busybox = "/bin/busybox"
        ldd = subprocess.run(["ldd", busybox], capture_output=True, text=True) if os.path.exists(busybox) else None
        if not ldd or "not a dynamic executable" not in ldd.stdout + ldd.stderr:
            cannot_run("busybox-static is not installed (%s missing or not static)" % busybox)
        self.tmp = tmp
        self.bundle = os.path.join(tmp, "bundle")
        self.root = root or os.path.join(tmp, "runc-state")
        rootfs = os.path.join(self.bundle, "rootfs")
        for d in ("bin", "proc", "dev", "sys", "tmp"):
            os.makedirs(os.path.join(rootfs, d), exist_ok=True)
        shutil.copy(busybox, os.path.join(rootfs, "bin", "busybox"))
        for tool in ("ls", "true", "sh", "sleep"):
            os.symlink("busybox", os.path.join(rootfs, "bin", tool))
        shutil.copy(os.environ.get("LEARN_SUBJECT", "build/tests/helpers/learn-subject"),
                    os.path.join(rootfs, "learn-subject"))
        self.rootfs = rootfs
        subprocess.run(["runc", "spec"], cwd=self.bundle, check=True)
        self.n = 0

    def configure(self, args, seccomp, cgroups_path=None, annotations=None, cid=None):
        config = json.load(open(os.path.join(self.bundle, "config.json")))
        # each container's own: nothing left from the one before
        config["linux"].pop("cgroupsPath", None)
        config.pop("annotations", None)
        if cgroups_path:
            config["linux"]["cgroupsPath"] = cgroups_path
        if annotations:
            config["annotations"] = annotations
        config["process"]["terminal"] = False
        config["process"]["args"] = args
        config["root"]["readonly"] = True
        if seccomp is None:
            config["linux"].pop("seccomp", None)
        else:
            config["linux"]["seccomp"] = seccomp
        json.dump(config, open(os.path.join(self.bundle, "config.json"), "w"))
        self.n += 1
        return cid or "seccompctl-test-%d-%d" % (os.getpid(), self.n)

    def run(self, args, seccomp, cgroups_path=None, annotations=None, cid=None):
        cid = self.configure(args, seccomp, cgroups_path, annotations, cid)
        try:
            return subprocess.run(["runc", "--root", self.root, "run", "-b", self.bundle, cid],
                                  capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        finally:
            subprocess.run(["runc", "--root", self.root, "delete", "-f", cid], capture_output=True)

    @contextlib.contextmanager
    def detached(self, args, seccomp, cgroups_path=None, annotations=None, cid=None):
        """A container left running (runc run -d): its process's pid; deleted after."""
        cid = self.configure(args, seccomp, cgroups_path, annotations, cid)
        pidfile = os.path.join(self.tmp, cid + ".pid")
        try:
            # the container keeps runc's stdio: a file, not a pipe that would never end
            with open(os.path.join(self.tmp, cid + ".err"), "w+") as err:
                r = subprocess.run(["runc", "--root", self.root, "run", "-d", "--pid-file", pidfile, "-b",
                                    self.bundle, cid], stdout=subprocess.DEVNULL, stderr=err, timeout=60,
                                   stdin=subprocess.DEVNULL)
                if r.returncode != 0:
                    err.seek(0)
                    raise AssertionError("runc run -d failed: %s" % err.read())
            yield int(open(pidfile).read())
        finally:
            subprocess.run(["runc", "--root", self.root, "delete", "-f", cid], capture_output=True)


def popen_ready(argv, timeout=60, **kw):
    """Start seccompctl as a Type=notify service manager would: with a
    NOTIFY_SOCKET of the test's own, returning once it said READY=1 (its
    sources and the process events open), or once it ended before that."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(0.1)
        env = dict(kw.pop("env", os.environ), NOTIFY_SOCKET=path)
        p = subprocess.Popen(argv, env=env, **kw)
        end = time.time() + timeout
        try:
            while p.poll() is None:
                try:
                    if b"READY=1" in sock.recv(4096).split(b"\n"):
                        return p
                except socket.timeout:
                    pass
                if time.time() > end:
                    p.kill()
                    p.wait()
                    raise AssertionError("%s never said READY=1 in %d s" % (argv, timeout))
        finally:
            sock.close()
        return p


def built_unit(name, tmp):
    """The unit meson made, as systemd's own parser sees it with this
    build's binary where the unit names its own (into tmp): its text, and
    its ExecStart's words."""
    import shutil
    unit = os.path.join(os.path.dirname(SECCOMPCTL), "systemd", name)
    if not shutil.which("systemd-analyze"):
        cannot_run("systemd-analyze is not installed")
    check(os.path.exists(unit), "the build made %s" % unit)
    text = open(unit).read()
    exec_start = [l.split("=", 1)[1] for l in text.splitlines() if l.startswith("ExecStart=")][0].split()
    local = os.path.join(tmp, name)
    with open(local, "w") as f:
        f.write(text.replace(exec_start[0], os.path.abspath(SECCOMPCTL)))
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", local], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stderr.strip(), "systemd-analyze verify %s: %s" % (name, r.stderr))
    return text, exec_start


def past_start_tick():
    """A record's time is the kernel's coarse clock, up to 11 ms early: one
    stamped before a live tail began may be of a process it never saw, and
    its workload is doubted (pid_reused). Tests that judge every record's
    workload make theirs after that."""
    time.sleep(0.03)


class Tail:
    """seccompctl tail running in the background, returned once it is
    reading (READY=1); stopped by its PID (SIGINT)."""

    def __init__(self, *args):
        self.p = popen_ready([SECCOMPCTL, "tail"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        past_start_tick()

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
        out, err = self.p.communicate(timeout=30)
        return self.p.returncode, out, err



# --- daemons a test starts, and stops by PID ----------------------------------------

def stop_pid(proc):
    """SIGTERM to a process this test started, SIGKILL if it lingers: never by name."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

class Auditd:
    """A real auditd writing to a log of the test's own, started when no auditd
    runs; stopped by its PID. With an auditd already running, its log is used."""

    def __init__(self, tmpdir, log_format="ENRICHED", own_flush=True, extra=(), plugins=None):
        self.tmpdir = tmpdir
        self.log_format = log_format
        self.own_flush = own_flush      # False: the package's flush and freq, as a host runs it
        self.extra = list(extra)        # more auditd.conf lines ("name_format = user\n")
        self.plugins = plugins or {}    # plugins.d file name -> its text
        self.proc = None
        self.log = None

    def __enter__(self):
        st = audit_status()
        if st["pid"] and os.path.exists("/proc/%d" % st["pid"]):
            self.log = "/var/log/audit/audit.log"
            if not os.access(self.log, os.R_OK):
                cannot_run("an auditd runs, but its log %s is not readable" % self.log)
            return self
        if not os.path.exists("/etc/audit/auditd.conf") or not shutil.which("auditd"):
            cannot_run("auditd is not installed")
        conf_dir = os.path.join(self.tmpdir, "auditd")
        os.makedirs(os.path.join(conf_dir, "plugins.d"), exist_ok=True)
        for name, text in self.plugins.items():
            with open(os.path.join(conf_dir, "plugins.d", name), "w") as f:
                f.write(text)
        extra_keys = [l.split("=", 1)[0].strip() for l in self.extra]
        self.log = os.path.join(conf_dir, "audit.log")
        lines = []
        for line in open("/etc/audit/auditd.conf"):
            key = line.split("=", 1)[0].strip()
            if key in ("log_file", "log_format", "plugin_dir", "log_group") or key in extra_keys or (
                    self.own_flush and key in ("flush", "freq")):
                continue
            lines.append(line)
        lines += ["log_file = %s\n" % self.log, "log_format = %s\n" % self.log_format,
                  "plugin_dir = %s\n" % os.path.join(conf_dir, "plugins.d"), "log_group = root\n"]
        if self.own_flush:
            lines += ["flush = INCREMENTAL_ASYNC\n", "freq = 1\n"]
        lines += self.extra
        with open(os.path.join(conf_dir, "auditd.conf"), "w") as f:
            f.writelines(lines)
        os.chmod(os.path.join(conf_dir, "auditd.conf"), 0o640)
        self.proc = subprocess.Popen(["auditd", "-n", "-s", "nochange", "-c", conf_dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        end = time.time() + 10
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("auditd exited: %s" % self.proc.stderr.read())
            if audit_status()["pid"] == self.proc.pid:
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("auditd did not register within 10 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)      # a stopped auditd would hold SIGTERM
        stop_pid(self.proc)

    def __exit__(self, *exc):
        self.stop()
        return False

    @contextlib.contextmanager
    def stalled(self):
        """auditd stopped (SIGSTOP, our own only): its socket fills, kauditd
        blocks sending, and the kernel's queue grows past any small backlog
        limit whatever the machine's speed. Continued after, also on failure."""
        if not self.proc:
            cannot_run("stalling auditd needs one this test started")
        self.proc.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.proc.send_signal(signal.SIGCONT)

    def wait_for(self, needle, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            if os.path.exists(self.log) and needle in open(self.log, errors="replace").read():
                return True
            time.sleep(0.1)
        return False


class Journald:
    """A real systemd-journald: the running one, or one started here (it needs
    no systemd as PID 1), stopped by its PID, its runtime files removed if
    they were not there before. no_audit: started without CAP_AUDIT_READ, so
    it keeps the kernel's messages but cannot read audit (as on Ubuntu 24.04,
    where its audit socket is not enabled)."""

    SOCKET = "/run/systemd/journal/socket"

    def __init__(self, no_audit=False):
        self.proc = None
        self.created = []
        self.no_audit = no_audit

    @staticmethod
    def running():
        """PIDs of live journalds (a zombie receives nothing)."""
        pids = []
        for pid in subprocess.run(["pgrep", "-x", "systemd-journal"], capture_output=True).stdout.split():
            try:
                state = open("/proc/%s/stat" % pid.decode()).read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                pids.append(int(pid))
        return pids

    def __enter__(self):
        if self.running():
            if self.no_audit:
                cannot_run("a journald this test did not start runs: it cannot start one without audit")
            return self
        binary = "/lib/systemd/systemd-journald"
        if not os.path.exists(binary):
            cannot_run("systemd-journald is not installed")
        self.created = [d for d in ("/run/log/journal", "/run/systemd/journal") if not os.path.exists(d)]
        prefix = ["setpriv", "--bounding-set=-audit_read", "--inh-caps=-audit_read"] if self.no_audit else []
        self.proc = subprocess.Popen(prefix + [binary], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.time() + 10
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("systemd-journald exited with %s" % self.proc.returncode)
            if os.path.exists(self.SOCKET):
                time.sleep(0.3)
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("systemd-journald did not start within 10 s")

    def stop(self):
        stop_pid(self.proc)
        for d in self.created:
            shutil.rmtree(d, ignore_errors=True)
        self.created = []

    def __exit__(self, *exc):
        self.stop()
        return False
