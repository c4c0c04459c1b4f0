#!/usr/bin/env python3
"""show, get and the command line itself on the real kernel."""
import os
import pty
import subprocess

from lib import (AVAIL, check, collect_tests, json_keys, main, man_page_words, read_logged, run,
                 write_logged, SECCOMPCTL)


def test_show_matches_kernel(host):
    write_logged("kill_process trap log")
    avail = open(AVAIL).read().split()
    r = run("--json", "show")
    check(r.rc == 0, "show", r)
    doc = r.json
    check(doc["actions_avail"] == avail, "actions_avail", r)
    check(doc["actions_logged"] == ["kill_process", "trap", "log"], "actions_logged", r)
    logged = {a["name"]: a["logged"] for a in doc["actions"]}
    check(logged == {a: a in ("kill_process", "trap", "log") for a in avail}, "flags", r)
    when = {a["name"]: a["when"] for a in doc["actions"]}
    check("SECCOMP_FILTER_FLAG_LOG" in when["trap"] and "always" in when["log"], "when", r)
    check(when["allow"].startswith("never"), "allow never", r)
    undocumented = json_keys(doc) - man_page_words()
    check(not undocumented, "JSON keys missing from the man page: %s" % undocumented)
    r = run("show")
    rows = [l.split()[:2] for l in r.out.splitlines()[1:]]
    check(rows == [[a, "yes" if a in ("kill_process", "trap", "log") else "no"] for a in avail],
          "text table", r)


def test_show_warns_on_empty(host):
    write_logged("")
    r = run("show")
    check(r.rc == 0 and "logs no seccomp action" in r.err and "reset" in r.err, "warning", r)


def test_get(host):
    write_logged("kill_thread log")
    r = run("get")
    check(r.rc == 0 and r.out == "kill_thread log\n", "get", r)
    r = run("--json", "get")
    check(r.json == {"actions_logged": ["kill_thread", "log"]}, "get --json", r)
    check(run("get", "--json").json == r.json, "global option after the command")


def test_pretty_json_on_terminal(host):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(SECCOMPCTL, [SECCOMPCTL, "--json", "get"])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    check(b'{\r\n  "actions_logged": [' in out, "indented on a terminal: %r" % out)


def test_usage_errors(host):
    for args, needle in [(["frob"], "unknown command 'frob'"), (["--frob"], "--frob"),
                         (["set", "--frob", "log"], "--frob"), ([], "no command"),
                         (["get", "extra"], "takes no arguments"), (["set"], "ACTION"),
                         (["set", "--timeout", "soon", "log"], "seconds"),
                         (["enable", ""], "at least one action")]:
        r = run(*args)
        check(r.rc == 2, "exit 2 for %s" % args, r)
        check(needle in r.err and "--help" in r.err, "hint for %s" % args, r)
        check(len(r.err.strip().splitlines()) == 1, "one line for %s" % args, r)


def test_help_and_version(host):
    r = run("--help")
    check(r.rc == 0 and "Commands:" in r.out and "Exit status:" in r.out, "help", r)
    r = run("set", "--help")
    check(r.rc == 0 and "--persist" in r.out and "kill_process" in r.out, "command help", r)
    r = run("--version")
    check(r.rc == 0 and r.out.startswith("seccompctl "), "version", r)


if __name__ == "__main__":
    main(collect_tests(globals()))
