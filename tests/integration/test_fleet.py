#!/usr/bin/env python3
"""The fleet's view, end to end with the real programs: three hosts simulated
by three seccompctl collectors, each with a node_exporter on its own textfile
directory, and one Prometheus server (Debian's) scraping them with the rules
seccompctl ships, all on 127.0.0.1. One host loses records, another has
actions_logged changed (the real sysctl, the kernel's own record over
netlink); Prometheus's HTTP API must show exactly those alerts firing, for
exactly those hosts, and the counters going on across the restart."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

from lib import (cannot_run, check, collect_tests, default_actions, main, read_logged, stop_pid,
                 write_logged, write_logged_by_child, SECCOMPCTL)
from test_collector import free_port, prom_values

SRCDIR = os.environ.get("SRCDIR", ".")
RULES = os.path.join(SRCDIR, "contrib", "prometheus", "seccompctl-rules.yml")
SECCOMP = ('type=SECCOMP msg=audit(%.3f:%d): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=%d '
           'comm="fleet" exe="/usr/bin/fleet-%s" sig=0 arch=c000003e syscall=110 compat=0 '
           'ip=0x7fe2891d9829 code=0x7ffc0000\n')
CHANGE = ('type=CONFIG_CHANGE msg=audit(%.3f:%d): op=seccomp-logging actions=kill_process,kill_thread,log '
          'old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1\n')


def api(port, path, **params):
    url = "http://127.0.0.1:%d/api/v1/%s" % (port, path)
    if params:
        url += "?" + urllib.parse.urlencode(params)
    doc = json.loads(urllib.request.urlopen(url, timeout=5).read().decode())
    check(doc.get("status") == "success", "Prometheus answered %s: %s" % (path, doc))
    return doc["data"]


def wait_for(what, fn, timeout=60, every=0.5):
    end = time.time() + timeout
    while True:
        got = fn()
        if got:
            return got
        if time.time() > end:
            check(False, "%s (waited %d s)" % (what, timeout))
        time.sleep(every)


class Host:
    """One simulated host: its collector, its textfile directory, its node_exporter."""

    def __init__(self, tmp, name, exporter, source):
        self.name, self.source = name, source
        self.dir = os.path.join(tmp, name)
        self.text = os.path.join(self.dir, "textfile")
        os.makedirs(self.text)
        self.log = os.path.join(self.dir, "audit.log")
        self.prom = os.path.join(self.text, "seccompctl.prom")
        self.collector = None
        self.port = free_port()
        self.exporter = subprocess.Popen(
            [exporter, "--web.listen-address=127.0.0.1:%d" % self.port, "--collector.disable-defaults",
             "--collector.textfile", "--collector.textfile.directory=" + self.text],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        args = [SECCOMPCTL, "tail", "-f", "-o", "ecs", "--output-file", os.path.join(self.dir, "out.json"),
                "--cursor-file", os.path.join(self.dir, "cursor"), "--metrics-file", self.prom]
        args += ["--source=netlink", "--comm=fleet-*"] if self.source == "netlink" else ["--file", self.log]
        self.collector = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for("%s's collector wrote its metrics" % self.name, lambda: os.path.exists(self.prom), 20)

    def stop(self):
        """SIGTERM, by PID: a clean stop (checkpoint, metrics); its stderr."""
        if not self.collector:
            return b""
        self.collector.send_signal(signal.SIGTERM)
        _, err = self.collector.communicate(timeout=30)
        check(self.collector.returncode == 0, "%s's collector ended cleanly: %s" % (self.name, err))
        self.collector = None
        return err

    def close(self):
        if self.collector:
            stop_pid(self.collector)
        stop_pid(self.exporter)


def firing(port):
    alerts = api(port, "alerts")["alerts"]
    return sorted((a["labels"]["alertname"], a["labels"].get("instance", ""), a["labels"].get("cause", ""))
                  for a in alerts if a["state"] == "firing"), alerts


def test_fleet_alerts_in_prometheus(host):
    prometheus = shutil.which("prometheus")
    exporter = shutil.which("prometheus-node-exporter")
    if not prometheus or not exporter:
        cannot_run("prometheus and prometheus-node-exporter are not both installed")
    write_logged(default_actions())
    host.audit(1)   # the kernel records changes only with audit on (put back after)
    now = time.time()
    hosts, prom = [], None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            # web: a file collector that will lose records; db: the host's own
            # netlink, where actions_logged will change; cache: quiet, with a
            # change two hours old in its log (not an alert)
            web = Host(tmp, "web", exporter, "file")
            db = Host(tmp, "db", exporter, "netlink")
            cache = Host(tmp, "cache", exporter, "file")
            hosts = [web, db, cache]
            with open(web.log, "w") as f:
                f.write("".join(SECCOMP % (now - 60 + i, 100 + i, 4000 + i, "web") for i in range(5)))
            with open(cache.log, "w") as f:
                f.write(CHANGE % (now - 7200, 50))
                f.write("".join(SECCOMP % (now - 60 + i, 200 + i, 5000 + i, "cache") for i in range(3)))
            for h in hosts:
                h.start()
            instance = {"127.0.0.1:%d" % h.port: h.name for h in hosts}
            port = free_port()
            conf = os.path.join(tmp, "prometheus.yml")
            with open(conf, "w") as f:
                json.dump({"global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                           "rule_files": [os.path.abspath(RULES)],
                           "scrape_configs": [{"job_name": "node",
                                               "static_configs": [{"targets": sorted(instance)}]}]}, f)
            prom = subprocess.Popen([prometheus, "--config.file=" + conf,
                                     "--storage.tsdb.path=" + os.path.join(tmp, "tsdb"),
                                     "--web.listen-address=127.0.0.1:%d" % port],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

            def scraped():
                try:
                    r = api(port, "query", query='count by (instance) (seccompctl_losses_total{cause="rotated_away"})'
                            ' and on (instance) (count_over_time(seccompctl_metrics_timestamp_seconds[1m]) >= 3)')
                except OSError:
                    return False
                return len(r["result"]) == 3
            wait_for("Prometheus scraped all three hosts three times", scraped, 60)
            rules = api(port, "rules")["groups"]
            check(sum(len(g["rules"]) for g in rules) == 13 and
                  all(r["health"] == "ok" for g in rules for r in g["rules"]),
                  "the shipped rules are loaded and healthy: %s" %
                  [(r["name"], r["health"], r.get("lastError")) for g in rules for r in g["rules"]])
            got, alerts = firing(port)
            check(got == [], "nothing fires before anything happened: %s" % got)
            before = api(port, "query", query='seccompctl_records_total{action="log"}')["result"]
            before = {instance[s["metric"]["instance"]]: float(s["value"][1]) for s in before}
            check(before == {"web": 5, "db": 0, "cache": 3}, "the records each host read: %s" % before)

            # web: its collector is down while audit.log is rotated past its
            # rotations (a new file, the old gone): the records in between are lost
            # (the new file made before the old goes, as logrotate's create
            # does: a file made after the unlink may get the old inode back,
            # and then reads as the same log truncated, log_truncated)
            web.stop()
            with open(web.log + ".new", "w") as f:
                f.write("".join(SECCOMP % (time.time() + i / 1000, 300 + i, 4100 + i, "web") for i in range(2)))
            os.rename(web.log + ".new", web.log)
            web.start()
            # db: actions_logged changed for real; the kernel's CONFIG_CHANGE
            # reaches db's collector over netlink
            write_logged_by_child("kill_process kill_thread log")
            check(read_logged() == "kill_process kill_thread log", "actions_logged changed")

            want = [("SeccompActionsLoggedChanged", "db", ""), ("SeccompRecordsLost", "web", "rotated_away")]

            last = []

            def as_wanted():
                got, _ = firing(port)
                last[:] = [(a, instance.get(i, i), c) for a, i, c in got]
                return last == want
            try:
                wait_for("exactly %s fire" % want, as_wanted, 60)
            except AssertionError as e:
                raise AssertionError("%s; firing: %s; web's metrics: %s; db's: %s" % (
                    e, last, {k: v for k, v in prom_values(web.prom).items() if "loss" in k},
                    {k: v for k, v in prom_values(db.prom).items() if "change" in k}))
            # and stay exactly those for a while (other rules had time to fire)
            for _ in range(10):
                time.sleep(1)
                got, alerts = firing(port)
                named = [(a, instance.get(i, i), c) for a, i, c in got]
                check(named == want, "only those alerts fire, for only those hosts: %s" % named)
            pending = sorted((a["labels"]["alertname"], instance.get(a["labels"].get("instance"), "")) for a in alerts
                             if a["state"] == "pending")
            # pending only where a rule waits (for:), never for the quiet host's change
            check(all(a in ("SeccompPaperTrailUnproven",) for a, _ in pending), "pending: %s" % pending)
            after = api(port, "query", query='seccompctl_records_total{action="log"}')["result"]
            after = {instance[s["metric"]["instance"]]: float(s["value"][1]) for s in after}
            check(after["web"] == 7 and after["cache"] == 3,
                  "web's counter went on across its restart (5, then 2 more): %s" % after)
            lost = prom_values(web.prom)
            check(lost.get('seccompctl_losses_total{cause="rotated_away"}') == 1, "web said its loss once")
        finally:
            for h in hosts:
                h.close()
            stop_pid(prom)


if __name__ == "__main__":
    main(collect_tests(globals()))
