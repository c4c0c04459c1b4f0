#!/usr/bin/env python3
"""The layers of the tree hold: lib/model includes only lib/model, lib/os
the model and itself, lib/source those and itself, and nothing under lib/
includes the tool (src/) or names an exit code. Each file opens with a
line that says its job."""
import os
import re
import sys

ROOT = os.environ.get("SRCDIR", os.path.join(os.path.dirname(__file__), ".."))
ALLOWED = {"model": {"model"}, "os": {"model", "os"}, "source": {"model", "os", "source"}}
GENERATED = {"scmp-names.h", "sandbox-bpf.h", "config.h"}

problems = []
for layer, allowed in ALLOWED.items():
    folder = os.path.join(ROOT, "lib", layer)
    for name in sorted(os.listdir(folder)):
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
for folder in ("lib/model", "lib/os", "lib/source", "src"):
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        if not name.endswith((".c", ".h")):
            continue
        lines = open(os.path.join(ROOT, folder, name)).read().split("\n")
        # after the SPDX line (and #pragma once), a comment that says what the file is for
        rest = [l for l in lines[1:6] if l.strip() and not l.startswith("#pragma")]
        if not rest or not rest[0].lstrip().startswith(("/*", "//")):
            problems.append("%s/%s does not open with a line saying its job" % (folder, name))
for p in problems:
    print(p)
print("%d problems" % len(problems))
sys.exit(1 if problems else 0)
