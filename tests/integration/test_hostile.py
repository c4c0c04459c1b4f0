#!/usr/bin/env python3
"""A catalogue of hostile input: every good record around the bad ones is read,
the bad ones are counted and summarised once, JSON stays valid, text never
carries a raw control byte. Also what a netlink listener would get is covered
by tests/unit/test-netlink.c and the fuzz targets."""
import json
import os
import re
import tempfile

from lib import check, collect_tests, main, run

BASE = ("type=SECCOMP msg=audit(1795467220.%03d:%d): auid=4294967295 uid=0 gid=0 ses=4294967295 "
        "pid=%d %s sig=0 arch=c000003e syscall=110 compat=0 ip=0x7f code=0x7ffc0000")


def hexs(b):
    return b.hex().upper()


def good(i, fields=b'comm="ok" exe="/bin/ok"', extra=b""):
    return (BASE % (i % 1000, 1000 + i, 10000 + i, "%s")).encode() % fields + extra


def catalogue():
    """(bytes of the log, number of good SECCOMP records in it)"""
    recs, n = [], 0

    def ok(line):
        nonlocal n
        recs.append(line)
        n += 1

    ok(good(1))
    # control and escape bytes in hex-encoded comm/exe, and C1 CSI in UTF-8
    ok(good(2, b"comm=" + hexs(b"\x1b]0;pwn\x07").encode() + b" exe=" + hexs(b"/tmp/\xc2\x9b31m").encode()))
    # raw control bytes inside quotes (a crafted file, not the kernel)
    ok(good(3, b'comm="a\x1b[2Jb" exe="/x\x07\x7f"'))
    # invalid hex, odd-length hex, invalid UTF-8, NUL bytes inside hex
    ok(good(4, b"comm=ZZ11 exe=ABC"))
    ok(good(5, b"comm=" + hexs(b"\xff\xfe\x80").encode() + b" exe=" + hexs(b"a\x00b").encode()))
    # raw NUL bytes and CRLF
    ok(good(6, b'comm="n\x00l" exe="/x"', extra=b"\r"))
    # a field name of 70,000 characters, negative ids, unknown arch and code, duplicated fields
    ok(good(7, b"comm=\"long\" exe=\"/x\" " + b"k" * 70000 + b"=1"))
    ok(good(8, b'comm="neg" exe="/x" uid=-5'))
    ok(good(9, b'comm="dup" exe="/x" comm="dup2"').replace(b"arch=c000003e", b"arch=deadbeef")
       .replace(b"code=0x7ffc0000", b"code=0x12340000"))
    bad = [
        b"garbage \x00\x01\x02\xff between records",
        b"type=SECCOMP pid=1 arch=c000003e syscall=1 code=0x0",                 # no msg=audit(...)
        b"type=SECCOMP msg=audit(1.2:3): pid=99999999999999999999999 arch=c000003e syscall=1 code=0x0",
        b"type=SECCOMP msg=audit(1.2:3): pid=1 arch=c000003e syscall=1",       # no code
        b"type=SECCOMP msg=audit(1.2:3): " + b"exe=" + b"41" * (600 * 1024),  # over 1 MiB
        b"\xff" * 2000,
    ]
    out = []
    for i, r in enumerate(recs):
        out.append(r)
        if i < len(bad):
            out.append(bad[i])
    return b"\n".join(out) + b"\n", n


RAW_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def test_catalogue(host):
    data, n = catalogue()
    with tempfile.NamedTemporaryFile(suffix=".log") as f:
        f.write(data)
        f.flush()
        r = run("tail", "--file", f.name, "-n", "all", "-o", "json")
        lines = r.out.splitlines()
        check(r.rc == 0 and len(lines) == n, "all %d good records read: %d" % (n, len(lines)), r)
        events = [json.loads(l) for l in lines]        # every line valid JSON
        check([e["pid"] for e in events] == [10000 + i for i in range(1, n + 1)], "in order")
        check(events[1]["comm"] == "\x1b]0;pwn\x07" and events[2]["comm"] == "a\x1b[2Jb", "bytes kept in JSON")
        check(events[4]["comm"] == "\ufffd\ufffd\ufffd" and events[4]["exe"] == "a\x00b", "invalid UTF-8, NUL")
        check(events[8]["arch"] == "unknown(0xdeadbeef)" and events[8]["action"] == "unknown(0x12340000)", "unknowns")
        check(events[7]["uid"] is None, "a negative id is no id")
        summary = [l for l in r.err.splitlines() if "skipped" in l]
        check(len(summary) == 1, "summarised once: %s" % r.err)
        check("longer than" in summary[0] and "without pid, syscall or code" in summary[0], "what", r)
        for fmt in ("short", "raw", "ecs", "json"):
            t = run("tail", "--file", f.name, "-n", "all", "-o", fmt)
            raw = t.out.encode("utf-8", "surrogateescape")
            check(t.rc == 0 and not RAW_CONTROL.search(raw), "-o %s: no raw control byte: %r" %
                  (fmt, RAW_CONTROL.search(raw)))
            if fmt in ("ecs", "json"):
                check(len([json.loads(l) for l in t.out.splitlines()]) == n, "%s valid" % fmt)
        check("\\x1b]0;pwn\\x07" in run("tail", "--file", f.name, "-n", "all").out, "shown escaped")
        v = run("--json", "verify", "--file", f.name)
        check(v.rc in (0, 3, 4) and json.loads(v.out)["changes"] == [], "verify survives it", v)
        # standard input too
        s = run("tail", "--file", "-", "-n", "all", "-o", "json", stdin=data)
        check(s.out == r.out, "the same from standard input", s)


def test_hostile_messages_and_errors_escaped(host):
    """Names from the command line reach error messages: escaped there too."""
    r = run("set", "kil\x1b[31m_process")
    check(r.rc == 2 and "\x1b" not in r.err and "\\x1b" in r.err, "escaped in the error", r)
    r = run("--json", "set", "\x07bell")
    check(r.rc == 2 and json.loads(r.out)["error"], "JSON error valid", r)


if __name__ == "__main__":
    main(collect_tests(globals()))
