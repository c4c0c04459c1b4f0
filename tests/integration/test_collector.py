#!/usr/bin/env python3
"""tail as a collector on the real kernel: --output-file and --cursor-file.
kill -9 at random moments while records arrive, then started again, several
times over: every record written exactly once; the output renamed and SIGHUP
while records arrive: nothing lost or doubled across the two files; audit.log
rotated away while stopped, a reboot seen in the journal, netlink's gap from
the kernel's serials: reported, not silent; /dev/kmsg resumed by its
sequence numbers."""
import json
import os
import random
import re
import signal
import subprocess
import tempfile
import threading
import time

from lib import (popen_ready, past_start_tick, audit_status, built_unit, cannot_run, check, collect_tests, json_keys, main, man_page_words, run,
                 write_logged, default_actions, SECCOMPCTL)
from test_tail import ecs_fields, ecs_problems

TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
LINE = ('type=SECCOMP msg=audit(%d.%03d:%d): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=%d '
        'comm="collect" exe="/usr/bin/collect" sig=0 arch=c000003e syscall=110 compat=0 '
        'ip=0x7fe2891d9829 code=0x7ffc0000\n')


def lines(first, n):
    return "".join(LINE % (1795467220 + s // 1000, s % 1000, s, 3000 + s % 1000) for s in range(first, first + n))


def events(path):
    out = []
    if os.path.exists(path):
        for l in open(path):
            out.append(json.loads(l))
    return out


def serials(path):
    return [e["serial"] for e in events(path) if "serial" in e]


def collector(*args):
    return subprocess.Popen([SECCOMPCTL, "tail", "-o", "json"] + list(args), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


class Writer(threading.Thread):
    """Appends records to a log at a steady pace, as auditd would."""

    def __init__(self, path, total, batch=40, pause=0.01):
        super().__init__(daemon=True)
        self.path, self.total, self.batch, self.pause = path, total, batch, pause
        self.written = 0

    def run(self):
        while self.written < self.total:
            n = min(self.batch, self.total - self.written)
            with open(self.path, "a") as f:
                f.write(lines(1 + self.written, n))
            self.written += n
            time.sleep(self.pause)


def test_file_kill9_exactly_once(host):
    with tempfile.TemporaryDirectory() as tmp:
        log, out, cur = (os.path.join(tmp, n) for n in ("audit.log", "out.json", "cursor"))
        open(log, "w").close()
        w = Writer(log, 8000)
        w.start()
        rng = random.Random(1)
        kills = 0
        while w.is_alive() or kills < 4:
            p = collector("-f", "--file", log, "--output-file", out, "--cursor-file", cur)
            time.sleep(rng.uniform(0.15, 0.7))
            p.kill()
            p.wait()
            kills += 1
        w.join()
        # one last run to catch up, and stop
        r = run("tail", "-o", "json", "--file", log, "--output-file", out, "--cursor-file", cur)
        check(r.rc == 0, "the last run catches up", r)
        got = serials(out)
        check(kills >= 4, "killed %d times" % kills)
        check(len(got) == 8000 and got == list(range(1, 8001)),
              "every record once, in order, after %d kill -9: %d written, %d distinct, first doubles %s" % (
                  kills, len(got), len(set(got)), sorted(s for s in set(got) if got.count(s) > 1)[:5]))


def test_sighup_reopens_for_logrotate(host):
    with tempfile.TemporaryDirectory() as tmp:
        log, out, cur = (os.path.join(tmp, n) for n in ("audit.log", "out.json", "cursor"))
        open(log, "w").close()
        p = collector("-f", "--file", log, "--output-file", out, "--cursor-file", cur)
        w = Writer(log, 4000, batch=20)
        w.start()
        time.sleep(0.6)
        os.rename(out, out + ".1")          # logrotate without copytruncate
        p.send_signal(signal.SIGHUP)
        w.join()
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        check(p.returncode == 0, "ends cleanly: %s" % err)
        old, new = serials(out + ".1"), serials(out)
        check(old and new, "both files hold events: %d and %d" % (len(old), len(new)))
        check(old + new == list(range(1, 4001)), "nothing lost or doubled across the rotation: %d + %d, "
              "old ends %s, new starts %s" % (len(old), len(new), old[-2:], new[:2]))


def test_rotated_away_while_stopped_is_reported(host):
    with tempfile.TemporaryDirectory() as tmp:
        log, out, cur = (os.path.join(tmp, n) for n in ("audit.log", "out.json", "cursor"))
        with open(log, "w") as f:
            f.write(lines(1, 10))
        args = ("--file", log, "--output-file", out, "--cursor-file", cur)
        check(run("tail", "-o", "json", *args).rc == 0, "first run")
        # while stopped: more records, then the log rotated, the old one deleted
        with open(log, "a") as f:
            f.write(lines(11, 10))
        os.rename(log, log + ".1")
        with open(log, "w") as f:
            f.write(lines(21, 10))
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0 and serials(out) == list(range(1, 31)), "a rotation it can follow: nothing lost", r)
        with open(log, "a") as f:
            f.write(lines(31, 10))
        os.rename(log, log + ".1")
        with open(log, "w") as f:
            f.write(lines(41, 10))
        os.unlink(log + ".1")               # rotated away (compressed, or deleted)
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0, "third run", r)
        evs = events(out)
        lost = [e for e in evs if e.get("event") == "lost"]
        check([e["cause"] for e in lost] == ["rotated_away"] and "rotated away" in r.err,
              "the file of the cursor gone: a lost event and a warning", r)
        check(serials(out) == list(range(1, 31)) + list(range(41, 51)),
              "what the rotations still hold is written once: %s" % serials(out)[18:24])


def journal_export(path, boot, first, n, later=0):
    with open(path, "w") as f:
        for s in range(first, first + n):
            usec = (1795467220 + later + s) * 1000000
            f.write("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=%s\n"
                    "_MACHINE_ID=3d1219c7c4c5404aaa1f6d2a48adfda4\n_HOSTNAME=vm\n_TRANSPORT=audit\n"
                    "_SOURCE_REALTIME_TIMESTAMP=%d\n_AUDIT_TYPE=1326\n_AUDIT_ID=%d\n_AUDIT_TYPE_NAME=SECCOMP\n"
                    "MESSAGE=SECCOMP auid=4294967295 uid=0 gid=0 ses=4294967295 pid=77 comm=\"jc\" exe=\"/jc\" "
                    "sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000\n_PID=77\n\n"
                    % (usec, 1000000 + s, boot, usec, s))


def test_journal_resumes_across_a_reboot(host):
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        cannot_run("systemd-journal-remote is not installed")
    boot_a, boot_b = "a" * 32, "b" * 32
    with tempfile.TemporaryDirectory() as tmp:
        jdir, out, cur = (os.path.join(tmp, n) for n in ("journal", "out.json", "cursor"))
        os.makedirs(jdir)
        exp = os.path.join(tmp, "a.export")
        journal_export(exp, boot_a, 1, 100)
        subprocess.run([remote, "-o", os.path.join(jdir, "a.journal"), exp], check=True, capture_output=True)
        args = ("--source=journal", "-D", jdir, "--boot=all", "--output-file", out, "--cursor-file", cur)
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0 and serials(out) == list(range(1, 101)), "the first boot", r)
        journal_export(exp, boot_b, 1, 50, later=3600)   # a new boot, an hour on: serials start again
        subprocess.run([remote, "-o", os.path.join(jdir, "b.journal"), exp], check=True, capture_output=True)
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0, "resumed", r)
        check("another boot" in r.err and boot_b in r.err, "the reboot is said", r)
        check(serials(out) == list(range(1, 101)) + list(range(1, 51)), "each entry once: %d" % len(serials(out)))
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0 and len(serials(out)) == 150, "nothing new, nothing again", r)


def test_journal_cursor_vacuumed(host):
    """journalctl --vacuum takes the file that holds the cursor's entry: the
    collector says it cannot prove nothing went with it, and writes the first
    entry that remains (the one it used to step past)."""
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        cannot_run("systemd-journal-remote is not installed")
    boot = "c" * 32
    with tempfile.TemporaryDirectory() as tmp:
        jdir, out, cur = (os.path.join(tmp, n) for n in ("journal", "out.json", "cursor"))
        os.makedirs(jdir)
        exp = os.path.join(tmp, "x.export")
        # an archived file, named as journald names them, so that vacuum may take it
        journal_export(exp, boot, 1, 100)
        archived = os.path.join(jdir, "system@%s-%016x-%016x.journal" % ("1" * 32, 1, 1795467221000000))
        subprocess.run([remote, "-o", archived, exp], check=True, capture_output=True)
        args = ("--source=journal", "-D", jdir, "--boot=all", "--output-file", out, "--cursor-file", cur)
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0 and serials(out) == list(range(1, 101)), "the archived file", r)
        journal_export(exp, boot, 101, 50)
        subprocess.run([remote, "-o", os.path.join(jdir, "system.journal"), exp], check=True, capture_output=True)
        v = subprocess.run(["journalctl", "-D", jdir, "--vacuum-files=1"], capture_output=True, text=True)
        check(v.returncode == 0 and not os.path.exists(archived), "journalctl vacuumed the archived file: %s" % v.stderr)
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0, "resumed", r)
        lost = [e for e in events(out) if e.get("event") == "lost"]
        check([e["cause"] for e in lost] == ["cursor_gone"] and lost[0]["count"] is None,
              "the gone cursor is a lost event of unknown count: %s" % lost, r)
        check("no longer holds the entry of the cursor" in r.err, "and a warning", r)
        check(serials(out) == list(range(1, 151)), "every remaining entry once, the first one too: %s"
              % serials(out)[98:103])
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0 and len(serials(out)) == 150 and "cursor" not in r.err, "then an ordinary resume", r)


def test_journal_killed_at_start_then_vacuumed(host):
    """A collector killed before it read anything still saved where it
    started (the first entry): when that entry is vacuumed away before the
    restart, the loss is said, not taken for an empty start."""
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        cannot_run("systemd-journal-remote is not installed")
    boot = "d" * 32
    with tempfile.TemporaryDirectory() as tmp:
        jdir, out, cur = (os.path.join(tmp, n) for n in ("journal", "out.json", "cursor"))
        os.makedirs(jdir)
        exp = os.path.join(tmp, "x.export")
        journal_export(exp, boot, 1, 100)
        archived = os.path.join(jdir, "system@%s-%016x-%016x.journal" % ("2" * 32, 1, 1795467221000000))
        subprocess.run([remote, "-o", archived, exp], check=True, capture_output=True)
        args = ("--source=journal", "-D", jdir, "--boot=all", "--output-file", out, "--cursor-file", cur)
        # held before its second checkpoint (strace delays that fdatasync),
        # then killed: the cursor on disk is the one made at its start
        p = subprocess.Popen(["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=fdatasync",
                              "-e", "inject=fdatasync:delay_enter=30000000:when=2+",
                              SECCOMPCTL, "tail", "-o", "json", "-f"] + list(args),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.time() + 30
            while not os.path.exists(cur) and time.time() < deadline:
                time.sleep(0.01)
            time.sleep(0.5)
        finally:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
        check(os.path.exists(cur) and "journal-from " in open(cur).read(), "the cursor names where it started: %s"
              % (open(cur).read() if os.path.exists(cur) else None))
        open(out, "w").close()      # whatever it wrote is not the point: the cursor is
        journal_export(exp, boot, 101, 50)
        subprocess.run([remote, "-o", os.path.join(jdir, "system.journal"), exp], check=True, capture_output=True)
        v = subprocess.run(["journalctl", "-D", jdir, "--vacuum-files=1"], capture_output=True, text=True)
        check(v.returncode == 0 and not os.path.exists(archived), "journalctl vacuumed the archived file: %s" % v.stderr)
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0, "resumed", r)
        lost = [e for e in events(out) if e.get("event") == "lost"]
        check([e["cause"] for e in lost] == ["cursor_gone"], "the start's entry gone is a lost event: %s" % lost, r)
        check(serials(out) == list(range(101, 151)), "every remaining entry once: %s" % serials(out)[:3])


def no_auditd():
    st = audit_status()
    if st["pid"] and os.path.exists("/proc/%d" % st["pid"]):
        cannot_run("an auditd is registered: records do not go through printk")


def ring_comms(prefix):
    """The comm= of every record in the kernel's ring now, that starts with prefix."""
    fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    found = []
    try:
        while True:
            try:
                msg = os.read(fd, 16384).decode("utf-8", "replace")
            except BlockingIOError:
                break
            except BrokenPipeError:
                continue
            at = msg.find(' comm="' + prefix)
            if at >= 0:
                found.append(msg[at + 7:msg.index('"', at + 7)])
    finally:
        os.close(fd)
    return found


def comm_counts(evs):
    counts = {}
    for e in evs:
        if "comm" in e:
            counts[e["comm"]] = counts.get(e["comm"], 0) + 1
    return counts


def test_kmsg_resumes_by_sequence(host):
    """kill -9 at any moment, from the first instant of a start on: every
    record once. Few enough records that the ring holds them all, however
    slow the collector, so none of them may be lost; when any is, the test
    says which, with the losses the collectors told (the ring's history may
    tell of others' records lost long before: those are not judged)."""
    no_auditd()
    write_logged(default_actions())
    host.sysctl("kernel.printk_ratelimit", 1)
    host.sysctl("kernel.printk_ratelimit_burst", 10000)
    time.sleep(1.1)
    tag = "kc%04x" % random.randrange(0x10000)
    rng = random.Random(tag)
    per = 8
    with tempfile.TemporaryDirectory() as tmp:
        out, cur = os.path.join(tmp, "out.json"), os.path.join(tmp, "cursor")
        args = ("--source=kernel", "--comm", tag + "-*", "--output-file", out, "--cursor-file", cur)
        made, said = 0, []
        for round_ in range(6):
            p = collector("-f", *args)
            for _ in range(4):
                subprocess.run([TRIGGER, "log", str(per), "%s-%d" % (tag, made)], capture_output=True)
                made += 1
                time.sleep(rng.choice([0, 0.01, 0.05]))
            # killed at once, while it starts, or after it has caught up
            time.sleep(rng.choice([0, 0.02, 0.2, 0.6]))
            p.kill()
            said.append(p.communicate()[1].decode(errors="replace"))
            # some made while it is down
            subprocess.run([TRIGGER, "log", str(per), "%s-%d" % (tag, made)], capture_output=True)
            made += 1
        in_ring = set(ring_comms(tag + "-"))
        want = ["%s-%d" % (tag, i) for i in range(made)]
        check(set(want) <= in_ring, "the ring still holds every record made (%d of %d): the test made too many"
              % (len(in_ring & set(want)), made))
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0, "catch up", r)
        evs = events(out)
        got, counts = serials(out), comm_counts(evs)
        lost = [e for e in evs if e.get("event") == "lost"]
        wrong = {c: counts.get(c, 0) for c in want if counts.get(c, 0) != per}
        check(not wrong and len(set(got)) == len(got) == made * per,
              "every record once: %d written, %d distinct, %d made; wrong counts %s; lost events %s; "
              "the collectors said: %s %s" % (len(got), len(set(got)), made * per, wrong, lost,
                                               [x for x in said if x.strip()], r.err))


def overwritten_while_stopped(tag, first_run):
    with tempfile.TemporaryDirectory() as tmp:
        out, cur = os.path.join(tmp, "out.json"), os.path.join(tmp, "cursor")
        args = ("--source=kernel", "--comm", tag + "-*", "--output-file", out, "--cursor-file", cur)
        first_run(collector("-f", *args), cur)
        before = len(events(out))
        # while stopped: until the first of these has left the ring
        made = 0
        while (tag + "-b0") in ring_comms(tag + "-b0") or made == 0:
            subprocess.run([TRIGGER, "log", "200", "%s-b%d" % (tag, made)], capture_output=True)
            made += 1
            check(made < 60, "the ring never wrapped")
        left = ring_comms(tag + "-b")
        r = run("tail", "-o", "json", *args)
        check(r.rc == 0, "catch up", r)
        evs = events(out)
        # the catch-up's own: the ring's history before the first run may tell of other losses
        lost = [e for e in evs[before:] if e.get("event") == "lost" and e["cause"] == "kmsg_overwritten"]
        check(len(lost) == 1 and lost[0]["count"] >= made * 200 - len(left),
              "one lost event counts what went round: %s (%d made, %d left in the ring)" % (lost, made * 200, len(left)))
        check("overwritten before they were read" in r.err, "and a warning", r)
        counts = comm_counts(evs)
        written = sum(v for k, v in counts.items() if k.startswith(tag + "-b"))
        check(written == len(left), "what the ring still held is written once: %d of %d" % (written, len(left)))
        return counts


def test_kmsg_overwritten_while_stopped_is_reported(host):
    """Records that went round the ring while no collector ran are a lost
    event with their count, never silently missing; what is still there
    after the cursor is written once. Also when the collector was killed
    before it read anything: where it started is a position too."""
    no_auditd()
    write_logged(default_actions())
    host.sysctl("kernel.printk_ratelimit", 1)
    host.sysctl("kernel.printk_ratelimit_burst", 10000)
    time.sleep(1.1)
    tag = "ko%04x" % random.randrange(0x10000)

    def stopped_after_five(p, cur):
        subprocess.run([TRIGGER, "log", "5", tag + "-a"], capture_output=True)
        time.sleep(1.5)
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=30)
        check(p.returncode == 0, "the first run ends cleanly")

    counts = overwritten_while_stopped(tag, stopped_after_five)
    check(counts.get(tag + "-a") == 5, "the first run wrote 5: %s" % counts.get(tag + "-a"))

    def killed_at_start(p, cur):
        deadline = time.time() + 30
        while not os.path.exists(cur) and time.time() < deadline:
            time.sleep(0.001)
        p.kill()
        p.communicate()
        check(os.path.exists(cur), "the collector saved where it starts")

    tag = "kp%04x" % random.randrange(0x10000)
    overwritten_while_stopped(tag, killed_at_start)


def netlink_run(args, n, comm, settle):
    """One netlink collector run: started, n records made by comm, settle
    seconds, SIGTERM; its exit code and stderr."""
    p = popen_ready([SECCOMPCTL, "tail", "-o", "json"] + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    subprocess.run([TRIGGER, "log", str(n), comm], capture_output=True)
    time.sleep(settle)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=30)
    return p.returncode, err


def test_netlink_gap_is_reported(host):
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        out, cur = os.path.join(tmp, "out.json"), os.path.join(tmp, "cursor")
        args = ("--source=netlink", "--comm", "nlgap*", "--output-file", out, "--cursor-file", cur)
        rc, _ = netlink_run(args, 3, "nlgap-before", 1.5)     # and a checkpoint
        check(rc == 0 and len(serials(out)) == 3, "first run wrote 3")
        subprocess.run([TRIGGER, "log", "7", "nlgap-missed"], capture_output=True)
        rc, err = netlink_run(args, 2, "nlgap-after", 0.5)
        evs = events(out)
        lost = [e for e in evs if e.get("event") == "lost"]
        check(len(lost) == 1 and lost[0]["cause"] == "not_running" and lost[0]["count"] >= 7,
              "the gap while stopped, from the serials: %s %s" % (lost, err))
        check([e["comm"] for e in evs if "comm" in e] == ["nlgap-before"] * 3 + ["nlgap-after"] * 2,
              "the events around it, once: %s" % [e.get("comm") for e in evs])


def prom_values(path):
    """The samples of a metrics file: {series: value}."""
    if not os.path.exists(path):
        return {}
    return {k: float(v) for k, v in (l.rsplit(" ", 1) for l in open(path) if l.startswith("seccompctl_"))}


def test_metrics_go_on_across_kill9(host):
    """With --cursor-file the counters go on from the checkpoint: killed -9
    at random moments while records arrive, the metrics file's counter never
    goes back (Prometheus would take it for a reset) and ends at exactly the
    records there were."""
    with tempfile.TemporaryDirectory() as tmp:
        log, out, cur, prom = (os.path.join(tmp, n) for n in ("audit.log", "out.json", "cursor", "m.prom"))
        open(log, "w").close()
        w = Writer(log, 6000)
        w.start()
        rng = random.Random(2)
        kills, seen = 0, []
        key = 'seccompctl_records_total{action="log"}'
        while w.is_alive() or kills < 4:
            p = collector("-f", "--file", log, "--output-file", out, "--cursor-file", cur, "--metrics-file", prom)
            time.sleep(rng.uniform(0.3, 1.2))
            seen.append(prom_values(prom).get(key, 0))
            p.kill()
            p.wait()
            kills += 1
            seen.append(prom_values(prom).get(key, 0))
        w.join()
        r = run("tail", "-o", "json", "--file", log, "--output-file", out, "--cursor-file", cur, "--metrics-file", prom)
        check(r.rc == 0, "the last run catches up", r)
        final = prom_values(prom)
        seen.append(final.get(key, 0))
        check(all(b >= a for a, b in zip(seen, seen[1:])), "the counter never went back over %d kill -9: %s" %
              (kills, seen))
        check(len(set(seen)) > 2, "the counter was seen part way, several times: %s" % seen)
        detail = [v for k, v in final.items() if k.startswith("seccompctl_records_detail_total") and
                  'exe="/usr/bin/collect"' in k]
        check(final.get(key) == 6000 and detail == [6000] and len(serials(out)) == 6000,
              "every record counted once across the restarts: %s %s, %d written" % (final.get(key), detail,
                                                                                   len(serials(out))))
        # and the cursor is what carried them
        held = [l for l in open(cur) if l.startswith("metric action log ")]
        check(held == ["metric action log 6000\n"], "the cursor holds the counters: %s" % held)


def test_metrics_go_on_across_netlink_restart(host):
    """netlink: a restart goes on from the checkpoint's counters, and the
    records missed while stopped are counted as lost (not_running)."""
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        out, cur, prom = os.path.join(tmp, "out.json"), os.path.join(tmp, "cursor"), os.path.join(tmp, "m.prom")
        args = ("--source=netlink", "--comm", "nlmet*", "--output-file", out, "--cursor-file", cur,
                "--metrics-file", prom)
        key = 'seccompctl_records_total{action="log"}'
        rc, _ = netlink_run(args, 4, "nlmet-before", 1.0)
        first = prom_values(prom)
        check(rc == 0 and first.get(key) == 4, "the first run counted 4: %s" % first.get(key))
        subprocess.run([TRIGGER, "log", "6", "nlmet-missed"], capture_output=True)
        rc, err = netlink_run(args, 3, "nlmet-after", 1.0)
        second = prom_values(prom)
        check(rc == 0 and second.get(key) == 7, "the second run went on from 4 to 7: %s %s" %
              (second.get(key), err))
        lost = second.get('seccompctl_records_lost_total{cause="not_running"}', 0)
        check(lost >= 6, "the records missed while stopped are counted lost: %s" %
              {k: v for k, v in second.items() if "lost" in k})


def test_unique_over_a_storm(host):
    """One line per distinct key, and counts that add up to the records read."""
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        p = popen_ready([SECCOMPCTL, "tail", "--source=netlink", "-o", "json", "--unique=3600",
                         "--comm=uq-*", "--output-file", out], stderr=subprocess.PIPE)
        past_start_tick()   # the key holds the workload
        made = {"log": 30000, "errno": 20000, "trap": 5000}
        for action, n in made.items():
            subprocess.run([TRIGGER, action, str(n), "uq-" + action], capture_output=True)
        time.sleep(1.5)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
        check(p.returncode == 0, "ends cleanly: %s" % err)
        evs = events(out)
        firsts = [e for e in evs if "serial" in e]
        repeats = [e for e in evs if e.get("event") == "repeats"]
        check(sorted(e["action"] for e in firsts) == sorted(made) and len(firsts) == 3,
              "one event per key: %s" % [(e["action"], e["comm"]) for e in firsts])
        check({r["action"]: r["count"] + 1 for r in repeats} == made,
              "repeats and first events add up to the records made: %s" % [(r["action"], r["count"]) for r in repeats])
        check(all(r["syscall"] == "getppid" and r["exe"].endswith("seccomp-trigger") for r in repeats),
              "each repeats line names its key")


def test_unique_windows_in_event_time(host):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "audit.log")
        with open(log, "w") as f:
            for s in range(100):     # one key, one record a second for 100 s
                f.write(LINE % (1795467220 + s, 0, s + 1, 3000))
        r = run("tail", "-o", "json", "-n", "all", "--unique=30", "--file", log)
        check(r.rc == 0, "read", r)
        evs = [json.loads(l) for l in r.out.splitlines()]
        shape = [("event", e["serial"]) if "serial" in e else ("repeats", e["count"]) for e in evs]
        check(shape == [("event", 1), ("repeats", 29), ("event", 31), ("repeats", 29), ("event", 61),
                        ("repeats", 29), ("event", 91), ("repeats", 9)], "windows of 30 s: %s" % shape)
        undocumented = json_keys(evs) - man_page_words()
        check(not undocumented, "keys missing from the man page: %s" % undocumented)
        r = run("tail", "-o", "ecs", "-n", "all", "--unique=30", "--file", log)
        docs = [json.loads(l) for l in r.out.splitlines()]
        check(len(docs) == 8 and [d["auditd"].get("repeats") for d in docs[1::2]] == [29, 29, 29, 9],
              "ECS repeats: %s" % docs[1:2])
        fields = ecs_fields()
        for d in docs:
            check(not ecs_problems(d, fields), "ECS: %s in %s" % (ecs_problems(d, fields), d))


def test_unique_with_cursor_kill9(host):
    """Each record counted once across kill -9: written, in a repeats line, or
    still open in the cursor's windows."""
    with tempfile.TemporaryDirectory() as tmp:
        log, out, cur = (os.path.join(tmp, n) for n in ("audit.log", "out.json", "cursor"))
        open(log, "w").close()
        w = Writer(log, 6000)
        w.start()
        args = ("--unique=1", "--file", log, "--output-file", out, "--cursor-file", cur)
        kills = 0
        while w.is_alive() or kills < 3:
            p = collector("-f", *args)
            time.sleep(random.uniform(0.2, 1.2))
            p.kill()
            p.wait()
            kills += 1
        w.join()
        check(run("tail", "-o", "json", *args).rc == 0, "catch up")
        evs = events(out)
        written = sum(1 for e in evs if "serial" in e) + sum(e["count"] for e in evs if e.get("event") == "repeats")
        pending = sum(int(l.split()[3]) for l in open(cur) if l.startswith("unique "))
        check(written + pending == 6000, "written %d + pending %d == 6000 after %d kills" % (written, pending, kills))
        firsts = [e["serial"] for e in evs if "serial" in e]
        check(len(firsts) == len(set(firsts)) and len(firsts) >= 6, "first events once each: %s" % firsts[:10])


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def scrape(port, timeout=10):
    import urllib.request
    end = time.time() + timeout
    while True:
        try:
            return urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=2).read().decode()
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.2)


def node_exporter_reads(exporter, textdir):
    """What a real node_exporter, on 127.0.0.1 only, serves of the textfiles
    in textdir; stopped by its PID."""
    port = free_port()
    ne = subprocess.Popen([exporter, "--web.listen-address=127.0.0.1:%d" % port, "--collector.disable-defaults",
                           "--collector.textfile", "--collector.textfile.directory=" + textdir],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return scrape(port)
    finally:
        ne.terminate()
        ne.wait(timeout=10)


def test_metrics_scraped_by_node_exporter(host):
    """A real node_exporter (127.0.0.1 only) reads tail's and verify's files
    with no textfile error, hostile executable names included."""
    import shutil
    exporter = shutil.which("prometheus-node-exporter")
    if not exporter:
        cannot_run("prometheus-node-exporter is not installed")
    write_logged(default_actions())
    with tempfile.TemporaryDirectory() as tmp:
        textdir = os.path.join(tmp, "textfile")
        os.makedirs(textdir)
        # an executable whose path holds a quote, a backslash, a newline and a byte that is not UTF-8
        odd_dir = os.path.join(tmp, 'q"b\\n\nx\xff'.encode("latin-1").decode("utf-8", "surrogateescape"))
        os.makedirs(odd_dir)
        odd = os.path.join(odd_dir, "trig")
        shutil.copy(TRIGGER, odd)
        prom = os.path.join(textdir, "seccompctl.prom")
        p = popen_ready([SECCOMPCTL, "tail", "--source=netlink", "-f", "-o", "json", "--comm=mx-*",
                         "--output-file", os.path.join(tmp, "out.json"), "--metrics-file", prom],
                        stderr=subprocess.PIPE)
        subprocess.run([TRIGGER, "log", "25", "mx-log"], capture_output=True)
        subprocess.run([TRIGGER, "errno", "5", "mx-errno"], capture_output=True)
        subprocess.run([odd, "log", "3", "mx-odd"], capture_output=True)
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        check(p.returncode == 0 and os.path.exists(prom), "tail wrote its metrics: %s" % err)
        r = run("verify", "--file", os.path.join(os.environ.get("SRCDIR", "."), "tests", "data", "auditd-raw.log"),
                "--metrics-file", os.path.join(textdir, "verify.prom"))
        check(r.rc == 0, "verify wrote its metrics", r)
        text = node_exporter_reads(exporter, textdir)
        check("node_textfile_scrape_error 0" in text, "node_exporter read the files without error:\n%s" %
              [l for l in text.splitlines() if "textfile" in l])
        series = dict(l.rsplit(" ", 1) for l in text.splitlines() if l.startswith("seccompctl_"))
        check(float(series['seccompctl_records_total{action="log"}']) == 28 and
              float(series['seccompctl_records_total{action="errno"}']) == 5, "counts by action: %s" %
              {k: v for k, v in series.items() if "records_total" in k})
        odd_series = [k for k in series if "records_detail_total" in k and '/trig",' in k]
        check(len(odd_series) == 1 and float(series[odd_series[0]]) == 3 and "\\n" in odd_series[0] and
              '\\"' in odd_series[0], "the hostile exe, escaped, as node_exporter reads it: %s" % odd_series)
        check(series.get('seccompctl_verify_verdict{verdict="intact"}') == "1", "verify's verdict is there")
        # by workload: these ran in the root cgroup, the host's; a process that
        # exec'd and ended before it was read is "" in both the events and the series
        events = [json.loads(l) for l in open(os.path.join(tmp, "out.json")) if '"pid"' in l]
        want = {}
        for e in events:
            label = "host" if e["cgroup"] == "/" else "" if e["cgroup"] is None else "?"
            want[(e["action"], label)] = want.get((e["action"], label), 0) + 1
        got = {}
        for k, v in series.items():
            m = re.match(r'seccompctl_records_workload_total\{action="([^"]*)",workload="([^"]*)"\}', k)
            if m and m.group(1) != "other":
                got[(m.group(1), m.group(2))] = int(float(v))
        check(got == want and sum(got.values()) == 33 and
              'seccompctl_records_workload_total{action="other",workload="other"}' in series,
              "records by workload agree with the events: %s vs %s" % (got, want))
        # and the check can fail: an unescaped quote is an error to node_exporter
        with open(os.path.join(textdir, "bad.prom"), "w") as f:
            f.write('seccompctl_bad{exe="a"b"} 1\n')
        bad = node_exporter_reads(exporter, textdir)
        check("node_textfile_scrape_error 1" in bad, "a malformed file is reported by node_exporter")
        check("seccompctl_paper_trail" in "".join(series), "status's paper-trail verdict is there")


def test_unit_verifies_and_its_command_runs(host):
    """The unit meson installs: systemd's own parser finds nothing to say,
    and its ExecStart runs (with its two directories moved to the test's)."""
    with tempfile.TemporaryDirectory() as tmp:
        text, exec_start = built_unit("seccompctl-collector.service", tmp)
        local = os.path.join(tmp, "seccompctl-collector.service")
        bad = os.path.join(tmp, "bad.service")
        with open(bad, "w") as f:
            f.write(open(local).read().replace("ProtectClock=", "ProtectClok="))
        r = subprocess.run(["systemd-analyze", "verify", "--man=no", bad], capture_output=True, text=True)
        check("Unknown key" in r.stderr, "and the check can fail: %s" % r.stderr)
        args = [a.replace("/var/log/seccompctl", tmp).replace("/var/lib/seccompctl", tmp)
                .replace("/var/lib/prometheus/node-exporter", tmp) for a in exec_start[1:]]
        write_logged(default_actions())
        # Type=notify: the unit starts once the command said READY=1, which it must
        check("\nType=notify\n" in text, "the unit waits for the collector's READY=1")
        p = popen_ready([SECCOMPCTL] + args, timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        check(p.poll() is None, "the unit's command said READY=1 and runs: %s" % (p.poll(),))
        subprocess.run([TRIGGER, "log", "1", "unitcheck"], capture_output=True)
        time.sleep(1.5)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        check(p.returncode == 0, "the unit's command runs and ends cleanly: %s" % err)
        out = os.path.join(tmp, "seccomp.ecs.json")
        check(os.path.exists(os.path.join(tmp, "cursor")) and os.path.exists(out), "cursor and output written")
        metrics = prom_values(os.path.join(tmp, "seccompctl.prom"))
        check(metrics.get('seccompctl_records_total{action="log"}', 0) >= 1, "and its metrics: %s" %
              {k: v for k, v in metrics.items() if "records_total" in k})
        # the metrics file's directory is writable inside the unit's sandbox
        check("ReadWritePaths=-/var/lib/prometheus/node-exporter" in text, "the unit may write its metrics")


if __name__ == "__main__":
    main(collect_tests(globals()))
