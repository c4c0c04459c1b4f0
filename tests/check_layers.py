#!/usr/bin/env python3
"""The layers of the tree hold: lib/model includes only lib/model, lib/os
the model and itself, lib/source those and itself, and nothing under lib/
includes the tool (src/) or names an exit code. Each file opens with a
line that says its job, no function is over 80 lines, no file of the
tool over 800, and README.md's map names every source file. The model is pure in fact, not only in its
includes: its objects (BUILDDIR) call no clock, no file, socket or process
function, and hold no mutable static."""
import fnmatch
import os
import re
import subprocess
import sys

ROOT = os.environ.get("SRCDIR", os.path.join(os.path.dirname(__file__), ".."))
ALLOWED = {"model": {"model"}, "os": {"model", "os"}, "source": {"model", "os", "source"}}
GENERATED = {"scmp-names.h", "sandbox-bpf.h", "config.h", "observer.skel.h"}

problems = []
for layer, allowed in ALLOWED.items():
    folder = os.path.join(ROOT, "lib", layer)
    names = sorted(os.path.relpath(os.path.join(d, f), folder)
                   for d, _, files in os.walk(folder) for f in files)
    for name in names:
        path = os.path.join(folder, name)
        text = open(path).read()
        for inc in re.findall(r'#include "([^"]+)"', text):
            if inc in GENERATED:
                continue
            top = inc.split("/")[0] if "/" in inc else None
            if top not in allowed:
                problems.append("lib/%s/%s includes \"%s\": %s may include only %s" % (
                    layer, name, inc, layer, ", ".join(sorted(allowed))))
        if re.search(r"\bEXIT_(DONE|ERROR|USAGE|UNVERIFIED|UNPROVEN)\b", text):
            problems.append("lib/%s/%s names an exit code: library code returns -errno" % (layer, name))
for folder in ("lib/model", "lib/os", "lib/os/bpf", "lib/source", "src"):
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        if not name.endswith((".c", ".h")):
            continue
        lines = open(os.path.join(ROOT, folder, name)).read().split("\n")
        # after the SPDX line (and #pragma once), a comment that says what the file is for
        rest = [l for l in lines[1:6] if l.strip() and not l.startswith("#pragma")]
        if not rest or not rest[0].lstrip().startswith(("/*", "//")):
            problems.append("%s/%s does not open with a line saying its job" % (folder, name))
# files small enough to read in a sitting: no function over 80 lines, no
# file of the tool over 800
FUNCTION_MAX, TOOL_FILE_MAX = 80, 800
for folder in ("lib", "lib/model", "lib/os", "lib/os/bpf", "lib/source", "src"):
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        if not name.endswith(".c"):
            continue
        lines = open(os.path.join(ROOT, folder, name)).read().split("\n")
        if folder == "src" and len(lines) > TOOL_FILE_MAX:
            problems.append("%s/%s has %d lines (the tool's files stay under %d)" % (
                folder, name, len(lines), TOOL_FILE_MAX))
        for i, line in enumerate(lines):
            if line != "{":
                continue
            end = lines.index("}", i)
            head = next((l for l in reversed(lines[:i]) if re.match(r"^[A-Za-z].*\(", l)), "?")
            if end - i + 1 > FUNCTION_MAX:
                problems.append("%s/%s: %s is %d lines (at most %d)" % (
                    folder, name, re.split(r"\s*\(", head)[0].split()[-1], end - i + 1, FUNCTION_MAX))
# the README's map of the tree names every source file
readme = open(os.path.join(ROOT, "README.md")).read()
patterns = set(re.findall(r"[\w-]*\*[\w.-]*\.c", readme))   # "cmd-*.c": one file per command
for folder in ("lib/model", "lib/os", "lib/os/bpf", "lib/source", "src"):
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        if name.endswith(".c") and not re.search(r"\b%s\b" % re.escape(name), readme) and \
                not any(fnmatch.fnmatch(name, pat) for pat in patterns):
            problems.append("README.md's layout does not name %s/%s" % (folder, name))
# what the model's objects call: no clock, no I/O, no process
IMPURE = {
    "clock_gettime", "time", "gettimeofday", "clock", "sleep", "usleep", "nanosleep",
    "open", "open64", "openat", "openat64", "creat", "fopen", "fopen64", "fdopen", "close", "read", "write",
    "pread", "pread64", "pwrite", "pwrite64", "readv", "writev", "fread", "fwrite", "fgets", "fgetc", "getline",
    "fputs", "fprintf", "printf", "puts", "perror", "stat", "stat64", "fstat", "fstat64", "lstat", "fstatat",
    "__xstat", "__fxstat", "statx", "opendir", "readdir", "readdir64", "closedir", "access", "readlink",
    "unlink", "rename", "mkdir", "fsync", "fdatasync", "ftruncate", "lseek", "mmap", "ioctl", "fcntl",
    "socket", "connect", "bind", "recv", "recvfrom", "recvmsg", "recvmmsg", "send", "sendto", "sendmsg",
    "poll", "ppoll", "select", "epoll_wait", "getpid", "gettid", "getuid", "geteuid", "fork", "vfork",
    "execve", "execvp", "kill", "ptrace", "syscall", "getrandom", "rand", "random", "getenv", "setenv",
}
build = os.environ.get("BUILDDIR")
objdir = os.path.join(build, "lib", "libseccompctl_internal.a.p") if build else None
if not objdir or not os.path.isdir(objdir):
    problems.append("BUILDDIR does not hold the model's objects (%s): their symbols cannot be checked" % objdir)
else:
    for name in sorted(os.listdir(objdir)):
        if not (name.startswith("model_") and name.endswith(".o")):
            continue
        path = os.path.join(objdir, name)
        undefined = subprocess.run(["nm", "-u", path], capture_output=True, text=True, check=True).stdout.split()
        for sym in sorted(set(undefined) & IMPURE):
            problems.append("lib/model/%s calls %s: the model reads no clock and does no I/O" % (
                name[len("model_"):-len(".o")], sym))
        # a mutable static: an object of the file's own in a writable section
        # (.data, .bss, thread-local); tables of pointers sit in .data.rel.ro
        for line in subprocess.run(["objdump", "-t", path], capture_output=True, text=True,
                                   check=True).stdout.splitlines():
            m = re.match(r"^[0-9a-f]+ .{7} (\S+)\s+[0-9a-f]+\s+(\S+)$", line)
            if m and " O " in line and m.group(1) in (".data", ".bss", ".tdata", ".tbss"):
                problems.append("lib/model/%s holds mutable %s (%s): the model keeps no state between calls" % (
                    name[len("model_"):-len(".o")], m.group(2), m.group(1)))
for p in problems:
    print(p)
print("%d problems" % len(problems))
sys.exit(1 if problems else 0)
