#!/usr/bin/env python3
"""Which workload made each record, on the real kernel: runc containers in
every runtime's cgroup layout with CRI annotations, processes moved into
hand-made unit cgroups on cgroup v2 and on v1's name=systemd, a thousand
processes killed by their filters within microseconds of starting, a pid
forced to be reused, and a journal holding two hosts' records."""
import contextlib
import json
import os
import subprocess
import tempfile
import time
import uuid

from lib import (Runc, Tail, cannot_run, check, collect_tests, default_actions, json_keys, main, man_page_words, run,
                 write_logged, SRCDIR)
from test_tail import ecs_fields, ecs_problems

TRIGGER = os.environ.get("SECCOMP_TRIGGER", "build/tests/helpers/seccomp-trigger")
V2 = "/sys/fs/cgroup/unified" if os.path.isdir("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"
V1_SYSTEMD = "/sys/fs/cgroup/systemd"


def all_cgroup_dirs():
    dirs = set()
    for top, subdirs, _ in os.walk("/sys/fs/cgroup"):
        dirs.update(os.path.join(top, d) for d in subdirs)
    return dirs


@contextlib.contextmanager
def cgroups_cleaned():
    """Every cgroup directory made while inside (by the test, or by runc for
    the parents of a cgroupsPath) is removed after, deepest first."""
    before = all_cgroup_dirs()
    try:
        yield
    finally:
        for d in sorted(all_cgroup_dirs() - before, key=lambda p: -p.count("/")):
            try:
                os.rmdir(d)
            except OSError as e:
                print("cannot remove %s: %s" % (d, e))


def in_cgroup(dirs, argv, output=False):
    """argv run in a process that moved itself into every cgroup dir first:
    its pid (and with output, what it printed)."""
    moves = "".join('echo $$ > "%s/cgroup.procs"; ' % d for d in dirs)
    p = subprocess.Popen(["/bin/sh", "-c", moves + 'exec "$@"', "sh"] + argv, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    out = p.communicate()[0].decode()
    return (p.pid, out) if output else p.pid


def killed_child(dirs, comm):
    """A worker forked by a process of the cgroup, killed by its filter at its
    first call (seccomp-trigger burst 1): the worker's pid."""
    _, out = in_cgroup(dirs, [TRIGGER, "burst", "1", comm], output=True)
    return int(out.split()[0])


def events_of(out):
    return [e for e in (json.loads(l) for l in out.decode().splitlines()) if "pid" in e]


def profile(action):
    return {"defaultAction": "SCMP_ACT_ALLOW",
            "syscalls": [{"names": ["getppid"], "action": action}]}


def new_id():
    return uuid.uuid4().hex + uuid.uuid4().hex


def test_runc_layouts_name_their_container_and_pod(host):
    write_logged(default_actions())
    pod = str(uuid.uuid4())
    layouts = []
    for kind in ("docker", "kube", "podman", "containerd", "plain"):
        cid = new_id()
        path = {"docker": "/docker/" + cid,
                "kube": "/kubepods/besteffort/pod%s/%s" % (pod, cid),
                "podman": "/machine.slice/libpod-%s.scope" % cid,
                "containerd": "/system.slice/cri-containerd-%s.scope" % cid,
                "plain": "/seccompctl-test/ctr-%d" % os.getpid()}[kind]
        runtime = {"docker": "docker", "kube": "cri", "podman": "podman", "containerd": "containerd",
                   "plain": "runc"}[kind]
        ann = {}
        if kind in ("kube", "containerd"):
            ann = {"io.kubernetes.cri.container-name": "app-" + kind, "io.kubernetes.cri.sandbox-name": "web-0",
                   "io.kubernetes.cri.sandbox-namespace": "shop", "io.kubernetes.cri.sandbox-uid": pod,
                   "io.kubernetes.cri.image-name": "registry.example/app:1.0"}
        layouts.append((kind, path, runtime, cid, ann))
    with tempfile.TemporaryDirectory() as tmp, cgroups_cleaned():
        rc = Runc(tmp, root="/run/runc")
        t = Tail("--source=netlink", "-o", "json")
        te = Tail("--source=netlink", "-o", "ecs")
        tp = Tail("--source=netlink", "-o", "json", "--pod", "shop/web-*")
        ran = []
        for kind, path, runtime, cid, ann in layouts:
            for action, args in (("SCMP_ACT_LOG", ["/learn-subject", "loop", "3"]),
                                 ("SCMP_ACT_KILL_PROCESS", ["/learn-subject", "loop", "1"])):
                # the runtimes name the runc container as its cgroup does;
                # the Kubernetes one is found by the cgroup its state names
                r = rc.run(args, profile(action), cgroups_path=path, annotations=ann,
                           cid=cid if kind in ("docker", "podman", "containerd") else None)
                check(r.returncode == (0 if action == "SCMP_ACT_LOG" else 128 + 31),
                      "runc %s %s: %d %s" % (kind, action, r.returncode, r.stderr))
                ran.append((kind, path, runtime, cid if kind != "plain" else None, ann, action))
        time.sleep(1)
        code, out, err = t.stop()
        _, ecs_out, _ = te.stop()
        _, pod_out, _ = tp.stop()
    check(code == 0, "tail: %s" % err)
    events = [e for e in events_of(out) if e["exe"] == "/learn-subject"]
    for kind, path, runtime, cid, ann, action in ran:
        want = "log" if action == "SCMP_ACT_LOG" else "kill_process"
        got = [e for e in events if e["cgroup"] == path and e["action"] == want]
        others = [e for e in events if e["action"] == want and e["cgroup"] != path and e["exe"] == "/learn-subject"
                  and e["container"] and cid and e["container"]["id"] == cid]
        check(not others, "%s: a record of its container named another cgroup: %s" % (kind, others))
        check(len(got) == (3 if want == "log" else 1),
              "%s %s: every record names %s: %s\nall: %s" % (kind, want, path, got, [
                  (e["pid"], e["action"], e["cgroup"], e["no_workload_because"]) for e in events]))
        for e in got:
            c = e["container"]
            check(c and c["runtime"] == runtime, "%s: runtime %s: %s" % (kind, runtime, e))
            if cid:
                check(c["id"] == cid, "%s: the id from the path: %s" % (kind, e))
            else:
                check(c["id"] and c["id"].startswith("seccompctl-test-"), "plain runc: the id from its state: %s" % e)
            if ann:
                check(c["name"] == ann["io.kubernetes.cri.container-name"] and c["image"] == "registry.example/app:1.0",
                      "%s: names from the CRI annotations: %s" % (kind, e))
                check(e["pod"]["name"] == "web-0" and e["pod"]["namespace"] == "shop" and e["pod"]["uid"] == pod,
                      "%s: the pod: %s" % (kind, e))
            if kind == "kube":
                check(e["pod"]["qos"] == "besteffort", "qos from the path: %s" % e)
            if kind in ("podman", "containerd"):
                check(e["unit"] == path.rsplit("/", 1)[1] and e["slice"] == path.split("/")[1],
                      "the scope is the unit: %s" % e)
            check(e["host"] == os.uname().nodename, "this host's name: %s" % e)
    # --pod selects the pod's containers only
    pod_events = [e for e in events_of(pod_out) if e["exe"] == "/learn-subject"]
    check(pod_events and all(e["pod"] and e["pod"]["name"] == "web-0" for e in pod_events) and
          len(pod_events) == 2 * 4, "--pod shop/web-*: %s" % [(e["cgroup"], e["action"]) for e in pod_events])
    # ECS: every field is ECS's, and the container and pod are where ECS puts them
    fields = ecs_fields()
    docs = [json.loads(l) for l in ecs_out.decode().splitlines()]
    docs = [d for d in docs if d.get("process", {}).get("executable") == "/learn-subject"]
    check(docs, "ECS documents of the containers")
    for d in docs:
        problems = ecs_problems(d, fields)
        check(not problems, "ECS: %s in %s" % (problems, d))
    kube = [d for d in docs if d.get("orchestrator")]
    wrong = [d for d in kube if d["orchestrator"].get("resource", {}).get("name") != "web-0" or
             d["orchestrator"].get("namespace") != "shop" or
             d["container"].get("image", {}).get("name") != "registry.example/app:1.0"]
    check(kube and not wrong, "ECS orchestrator and container: %s" % wrong)
    undocumented = json_keys(events) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


def test_status_and_filters_name_each_process_workload(host):
    pod = str(uuid.uuid4())
    cid = new_id()
    path = "/kubepods/burstable/pod%s/%s" % (pod, cid)
    ann = {"io.kubernetes.cri.container-name": "db", "io.kubernetes.cri.sandbox-name": "shop-db-0",
           "io.kubernetes.cri.sandbox-namespace": "shop", "io.kubernetes.cri.image-name": "postgres:16"}
    with tempfile.TemporaryDirectory() as tmp, cgroups_cleaned():
        rc = Runc(tmp, root="/run/runc")
        with rc.detached(["/bin/sleep", "60"], profile("SCMP_ACT_LOG"), cgroups_path=path, annotations=ann,
                         cid=cid) as pid:
            r = run("--json", "filters", str(pid))
            check(r.rc == 0, "filters PID", r)
            t = r.json["stacks"][0]["threads"][0]
            check(t["pid"] == pid and t["cgroup"] == path and t["container"]["runtime"] == "cri" and
                  t["container"]["id"] == cid and t["container"]["name"] == "db" and
                  t["container"]["image"] == "postgres:16" and t["pod"] == {
                      "uid": pod, "name": "shop-db-0", "namespace": "shop", "qos": "burstable"},
                  "filters names the container and pod: %s" % t)
            r = run("filters", str(pid))
            check("(cri:db)" in r.out, "filters' text names it", r)
            r = run("--json", "status", "--processes")
            mine = [p for p in r.json["processes"] if p["pid"] == pid]
            check(len(mine) == 1 and mine[0]["container"]["name"] == "db" and mine[0]["pod"]["name"] == "shop-db-0"
                  and mine[0]["cgroup"] == path, "status --processes names it: %s" % mine)
            r = run("status", "--processes")
            line = [l for l in r.out.splitlines() if l.strip().startswith(str(pid) + " ")]
            check(line and "cri:db" in line[0], "status's table names it: %s" % line)
            undocumented = json_keys(run("--json", "filters", str(pid)).json) - man_page_words()
            check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)


def test_unit_cgroups_v2_and_v1(host):
    write_logged(default_actions())
    v2 = os.path.join(V2, "system.slice", "seccompctl-demo.service")
    cases = [("v2", [v2], "/system.slice/seccompctl-demo.service", "seccompctl-demo.service")]
    if os.path.isdir(V1_SYSTEMD) and V2 != "/sys/fs/cgroup":
        v1 = os.path.join(V1_SYSTEMD, "system.slice", "seccompctl-demo-v1.service")
        cases.append(("v1", [v1], "/system.slice/seccompctl-demo-v1.service", "seccompctl-demo-v1.service"))
    with cgroups_cleaned():
        for _, dirs, _, _ in cases:
            for d in dirs:
                os.makedirs(d, exist_ok=True)
        t = Tail("--source=netlink", "-o", "json")
        tu = Tail("--source=netlink", "-o", "json", "--unit", "seccompctl-demo-v1.service")
        ts = Tail("--source=netlink")
        tsum = Tail("--source=netlink", "-o", "json", "--summary", "--comm=demo-*")
        tuniq = Tail("--source=netlink", "-o", "json", "--unique=3600", "--comm=demo-*", "--action=log")
        pids = {}
        for name, dirs, _, _ in cases:
            pids[name] = (in_cgroup(dirs, [TRIGGER, "log", "2", "demo-" + name, "20"]), killed_child(dirs, "demo-" + name))
        time.sleep(1)
        code, out, err = t.stop()
        _, uout, _ = tu.stop()
        _, sout, _ = ts.stop()
        _, sumout, _ = tsum.stop()
        _, uniqout, _ = tuniq.stop()
    check(code == 0, "tail: %s" % err)
    events = events_of(out)
    for name, _, path, unit in cases:
        for pid, n in zip(pids[name], (2, 1)):
            got = [e for e in events if e["pid"] == pid]
            check(len(got) == n and all(e["cgroup"] == path and e["unit"] == unit and e["slice"] == "system.slice"
                                        and e["container"] is None and e["no_workload_because"] is None for e in got),
                  "%s: pid %d's records name %s: %s" % (name, pid, unit, got))
    if len(cases) > 1:
        chosen = events_of(uout)
        check(chosen and all(e["unit"] == "seccompctl-demo-v1.service" for e in chosen) and
              {e["pid"] for e in chosen} == set(pids["v1"]), "--unit selects: %s" % chosen)
    summary = [json.loads(l) for l in sumout.decode().splitlines() if '"summary"' in l]
    rows = {(c["workload"], c["action"]): c["count"] for c in summary[0]["counts"]} if summary else {}
    for name, _, _, unit in cases:
        check(rows.get((unit, "log")) == 2 and rows.get((unit, "kill_process")) == 1,
              "--summary counts per workload: %s" % rows)
    # --unique: a key per workload, so each unit's first log is written and its repeat counted
    uniq = [json.loads(l) for l in uniqout.decode().splitlines()]
    firsts = sorted(e["unit"] for e in uniq if "pid" in e)
    repeats = sorted((e["workload"], e["count"]) for e in uniq if e.get("event") == "repeats")
    check(firsts == sorted(c[3] for c in cases) and repeats == sorted((c[3], 1) for c in cases),
          "--unique keys by workload: %s %s" % (firsts, repeats))
    text = sout.decode()
    check("[%d](seccompctl-demo.service) log" % pids["v2"][0] in text, "short text names the unit: %s" % text)


def test_a_thousand_killed_at_once_are_each_attributed(host):
    write_logged(default_actions())
    d = os.path.join(V2, "system.slice", "seccompctl-burst.service")
    with cgroups_cleaned(), tempfile.TemporaryDirectory() as tmp:
        os.makedirs(d, exist_ok=True)
        outf = os.path.join(tmp, "events.json")
        t = Tail("--source=netlink", "-o", "json", "--output-file", outf)
        p = subprocess.run(["/bin/sh", "-c", 'echo $$ > "%s/cgroup.procs"; exec "$@"' % d, "sh", TRIGGER, "burst",
                            "1000"], capture_output=True, text=True, timeout=120)
        check(p.returncode == 0, "burst: %s" % p.stderr)
        children = {int(l.split()[0]) for l in p.stdout.splitlines() if l.endswith("sig=31")}
        check(len(children) == 1000, "1000 killed by their filter: %d" % len(children))
        # the kernel hands the records out at its pace (printk'ing each one
        # when no auditd runs): wait until all are in, or a minute
        deadline = time.time() + 60
        while time.time() < deadline:
            time.sleep(0.5)
            with open(outf, "rb") as f:
                if len([e for e in events_of(f.read()) if e["pid"] in children]) >= 1000:
                    break
        code, _, err = t.stop()
        with open(outf, "rb") as f:
            out = f.read()
    check(code == 0, "tail: %s" % err)
    events = {e["pid"]: e for e in events_of(out) if e["pid"] in children}
    check(len(events) == 1000, "a record of each: %d (lost? %s)" % (len(events), err))
    wrong = [e for e in events.values() if e["cgroup"] != "/system.slice/seccompctl-burst.service"]
    check(not wrong, "%d of 1000 not attributed: %s" % (len(wrong), wrong[:3]))


def test_moved_then_exec_is_never_named_by_the_old_cgroup(host):
    """300 processes, one after the other, each moving itself into a unit's
    cgroup (v2, v1) or staying on the host, then exec'ing and making one
    record: five readers at once, each must name every record right or say
    why not. A reader that answered from what it knew before the exec (its
    events not read yet) named the host: this failed 2 of 8 runs on that code."""
    write_logged(default_actions())
    units = [(os.path.join(V2, "system.slice", "seccompctl-race.service"), "seccompctl-race.service")]
    if os.path.isdir(V1_SYSTEMD) and V2 != "/sys/fs/cgroup":
        units.append((os.path.join(V1_SYSTEMD, "system.slice", "seccompctl-race-v1.service"),
                      "seccompctl-race-v1.service"))
    kinds = units + [(None, None)]
    with cgroups_cleaned():
        for d, _ in units:
            os.makedirs(d, exist_ok=True)
        tails = [Tail("--source=netlink", "-o", "json", "--comm=race-*") for _ in range(5)]
        want = {}
        for i in range(300):
            d, unit = kinds[i % len(kinds)]
            want[in_cgroup([d] if d else [], [TRIGGER, "log", "1", "race-%d" % i])] = unit
        outs = [t.stop() for t in tails]
    for code, out, err in outs:
        events = [e for e in events_of(out) if e["pid"] in want]
        wrong = [e for e in events if e["no_workload_because"] is None and e["unit"] != want[e["pid"]]]
        check(code == 0 and len(events) == 300 and not wrong,
              "%d of 300, named wrong: %s" % (len(events), [(e["pid"], e["cgroup"], want[e["pid"]]) for e in wrong]))


def test_a_reused_pid_is_never_given_the_old_workload(host):
    write_logged(default_actions())
    a = os.path.join(V2, "system.slice", "seccompctl-old.service")
    b = os.path.join(V2, "system.slice", "seccompctl-new.service")
    # a small pid space, so that a pid comes round again within a few thousand forks
    last = int(open("/proc/sys/kernel/ns_last_pid").read())
    top = max(int(p) for p in os.listdir("/proc") if p.isdigit())
    host.sysctl("kernel.pid_max", max(top, last) + 2000)
    with cgroups_cleaned():
        os.makedirs(a, exist_ok=True)
        os.makedirs(b, exist_ok=True)
        t = Tail("--source=netlink", "-o", "json")
        old = in_cgroup([a], [TRIGGER, "log", "1", "reuse-old"])
        forks = 0
        while True:
            forks += 1
            check(forks < 100000, "pid %d came round again" % old)
            pid = os.fork()
            if pid == 0:
                if os.getpid() != old:
                    os._exit(0)
                with open(os.path.join(b, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))
                os.execv(TRIGGER, [TRIGGER, "log", "1", "reuse-new"])
            os.waitpid(pid, 0)
            if pid == old:
                break
        time.sleep(1)
        code, out, err = t.stop()
    got = [e for e in events_of(out) if e["pid"] == old]
    check(len(got) == 2, "both holders' records: %s" % got)
    by_comm = {e["comm"]: e for e in got}
    check(by_comm["reuse-new"]["cgroup"] == "/system.slice/seccompctl-new.service",
          "the new holder's record names its own: %s" % by_comm)
    o = by_comm["reuse-old"]
    check(o["cgroup"] != "/system.slice/seccompctl-new.service", "the old holder's never the new one's: %s" % o)
    # unknown only with a reason: it was gone (after its exec, or before it was
    # read) or its pid was reused
    check(o["cgroup"] == "/system.slice/seccompctl-old.service" or
          (o["cgroup"] is None and o["no_workload_because"] in ("gone", "gone_after_exec", "pid_reused")),
          "the old holder's is its own, or unknown with why: %s (after %d forks)" % (o, forks))


def test_journal_of_two_hosts(host):
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        cannot_run("systemd-journal-remote is not installed")
    export = open(os.path.join(SRCDIR, "tests", "data", "journal-seccomp.export"), "rb").read()
    entries = [e for e in export.split(b"\n\n") if e.strip()]
    out = b""
    for name, extra in ((b"alpha", b"_SYSTEMD_CGROUP=/system.slice/nginx.service\n_SYSTEMD_UNIT=nginx.service\n"),
                        (b"beta", b""), (b"gamma", b"_SYSTEMD_UNIT=cron.service\n")):
        for e in entries:
            lines = [l for l in e.split(b"\n") if not l.startswith(b"_HOSTNAME=") and not l.startswith(b"_MACHINE_ID=")]
            out += (b"\n".join(lines) + b"\n_HOSTNAME=" + name + b"\n_MACHINE_ID=" + (name * 8)[:32] + b"\n" + extra +
                    b"\n")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "two.export")
        open(src, "wb").write(out)
        jf = os.path.join(tmp, "remote.journal")
        subprocess.run([remote, "--split-mode=none", "-o", jf, src], check=True, capture_output=True)
        r = run("tail", "--file", jf, "-n", "all", "-o", "json")
        check(r.rc == 0, "tail the remote journal", r)
        events = [json.loads(l) for l in r.out.splitlines()]
        hosts = sorted({e["host"] for e in events})
        alpha = [e for e in events if e["host"] == "alpha"]
        beta = [e for e in events if e["host"] == "beta"]
        gamma = [e for e in events if e["host"] == "gamma"]
        check(hosts == ["alpha", "beta", "gamma"] and len(alpha) == len(beta) == len(gamma) == 3,
              "each host's three: %s" % events)
        check(all(e["unit"] == "cron.service" and e["cgroup"] is None and e["no_workload_because"] is None
                  for e in gamma), "_SYSTEMD_UNIT alone: the unit: %s" % gamma)
        check(all(e["machine_id"] == (e["host"] * 8)[:32] for e in events), "each entry's _MACHINE_ID")
        r = run("tail", "--file", jf, "-n", "all", "-o", "ecs", "--host", "beta")
        docs = [json.loads(l) for l in r.out.splitlines()]
        check(docs and all(d["host"] == {"name": "beta", "id": ("beta" * 8)[:32]} for d in docs),
              "ECS host.name and host.id: %s" % docs[:1])
        undocumented = json_keys(events) - man_page_words()
        check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)
        check(alpha and all(e["unit"] == "nginx.service" and e["cgroup"] == "/system.slice/nginx.service"
                            and e["no_workload_because"] is None for e in alpha), "the journal's cgroup: %s" % alpha)
        check(beta and all(e["unit"] is None and e["no_workload_because"] == "no_cgroup" for e in beta),
              "no cgroup stored: unknown, with why: %s" % beta)
        r = run("tail", "--file", jf, "-n", "all", "-o", "json", "--host", "beta")
        check(r.rc == 0 and [json.loads(l)["host"] for l in r.out.splitlines()] == ["beta"] * len(beta),
              "--host selects", r)
        r = run("tail", "--file", jf, "-n", "all", "-o", "json", "--unit", "nginx.*")
        check(r.rc == 0 and len(r.out.splitlines()) == len(alpha), "--unit on the journal's units", r)


def test_another_hosts_kernel_journal_is_not_named_from_this_host(host):
    """Kernel messages from a journal directory (another machine's, or any
    boot but this one) name a pid of theirs: it is never looked up among this
    host's processes, nor given this host's name. The record's pid here is
    this test's own, which has lived since before the record's time."""
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        cannot_run("systemd-journal-remote is not installed")
    boot = open("/proc/sys/kernel/random/boot_id").read().strip().replace("-", "")
    now = time.time()
    sec, ms = int(now), int(now * 1000) % 1000
    fields = ('auid=4294967295 uid=0 gid=0 ses=4294967295 pid=%d comm="python3" exe="/usr/bin/python3" sig=0 '
              'arch=c000003e syscall=110 compat=0 ip=0x7f0000001000 code=0x7ffc0000' % os.getpid())
    entry = ("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=1000000\n_BOOT_ID=%s\n_MACHINE_ID=%s\n"
             "_HOSTNAME=faraway\n_TRANSPORT=kernel\nPRIORITY=5\nSYSLOG_FACILITY=0\nSYSLOG_IDENTIFIER=kernel\n"
             "MESSAGE=audit: type=1326 audit(%d.%03d:77): %s\n\n" % (sec * 1000000 + ms * 1000, boot, "f" * 32,
                                                                     sec, ms, fields))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "k.export")
        open(src, "w").write(entry)
        subprocess.run([remote, "--split-mode=none", "-o", os.path.join(tmp, "remote.journal"), src], check=True,
                       capture_output=True)
        r = run("tail", "--source=kernel", "-D", tmp, "-n", "all", "-o", "json")
        events = [json.loads(l) for l in r.out.splitlines()]
        check(r.rc == 0 and len(events) == 1 and events[0]["pid"] == os.getpid(), "the record read", r)
        e = events[0]
        check(e["host"] == "faraway", "the journal's host, not this one: %s" % e["host"])
        check(e["cgroup"] is None and e["unit"] is None and e["no_workload_because"] == "no_cgroup",
              "no workload of this host's: %s" % {k: e[k] for k in ("cgroup", "unit", "no_workload_because")})
        check("process events" not in r.err and "no workload" not in r.err, "nothing looked up: %s" % r.err)


def test_profile_per_workload(host):
    """profile --per: one profile a workload, from a journal whose entries
    hold their cgroups (a unit's, a container's, none)."""
    remote = "/lib/systemd/systemd-journal-remote"
    if not os.path.exists(remote):
        cannot_run("systemd-journal-remote is not installed")
    export = open(os.path.join(SRCDIR, "tests", "data", "journal-seccomp.export"), "rb").read()
    entries = [e for e in export.split(b"\n\n") if e.strip()]
    cid = new_id()
    cgroups = [b"/system.slice/nginx.service", b"/system.slice/docker-" + cid.encode() + b".scope", None]
    out = b""
    for e, cg in zip(entries, cgroups):
        out += e + (b"\n_SYSTEMD_CGROUP=" + cg if cg else b"") + b"\n\n"
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "w.export")
        open(src, "wb").write(out)
        jf = os.path.join(tmp, "w.journal")
        subprocess.run([remote, "--split-mode=none", "-o", jf, src], check=True, capture_output=True)
        events = [json.loads(l) for l in run("tail", "--file", jf, "-n", "all", "-o", "json").out.splitlines()]
        check(len(events) == 3, "three events: %s" % events)
        d = os.path.join(tmp, "per-unit")
        r = run("profile", "--file", jf, "--per", "unit", "--output-dir", d)
        check(r.rc == 0 and "1 event named no unit" in r.err, "profile --per unit", r)
        index = json.load(open(os.path.join(d, "index.json")))
        files = {p["workload"]: p["file"] for p in index["profiles"]}
        check(files == {"nginx.service": "nginx.service.json", "docker-%s.scope" % cid: "docker-%s.scope.json" % cid}
              and index["unattributed"] == 1 and index["per"] == "unit", "the index: %s" % index)
        for ev, cg in zip(events, cgroups):
            if not cg:
                continue
            prof = json.load(open(os.path.join(d, files[cg.decode().rsplit("/", 1)[1]])))
            names = {n for s in prof["syscalls"] for n in s["names"]}
            check(ev["syscall"] in names, "%s's profile allows its call %s: %s" % (cg, ev["syscall"], names))
        d = os.path.join(tmp, "per-container")
        r = run("profile", "--file", jf, "--per", "container", "--output-dir", d, "--format", "systemd")
        index = json.load(open(os.path.join(d, "index.json")))
        check(r.rc == 0 and [p["workload"] for p in index["profiles"]] == ["docker:" + cid[:12]] and
              index["profiles"][0]["file"] == "docker_%s.conf" % cid[:12] and index["unattributed"] == 2,
              "profile --per container: %s" % index, r)
        check("SystemCallFilter=" in open(os.path.join(d, index["profiles"][0]["file"])).read(), "a systemd drop-in")
        r = run("profile", "--file", jf, "--per", "pod", "--output-dir", d)
        check(r.rc == 2 and "--per" in r.err, "--per pod is refused", r)
        r = run("profile", "--file", jf, "--container", cid[:8], "-o", "json")
        check(r.rc == 0 and r.json["records"] == 1, "--container selects by an id's first digits", r)


if __name__ == "__main__":
    main(collect_tests(globals()))
