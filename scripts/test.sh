#!/usr/bin/env bash
# Build, install what the tests need, run every test (unit and integration on the
# real kernel). Under CI=true an integration test that cannot run fails.
# Then build once more with ASan+UBSan and run the unit tests under it, and
# fuzz the record parser for a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh

scripts/build.sh
need_packages python3 util-linux strace auditd zsh fish gcc-multilib systemd systemd-journal-remote

meson test -C build --print-errorlogs --num-processes 2

if [ "${SANITIZE:-${CI:-false}}" != false ]; then
	BUILD_DIR=build-asan MESON_ARGS="-Db_sanitize=address,undefined -Db_lundef=false" scripts/build.sh
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C build-asan --suite unit --print-errorlogs --num-processes 2
fi

# The parser and event path under libFuzzer, bounded.
if [ "${FUZZ:-${CI:-false}}" != false ]; then
	scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
fi

# One closing line over every suite that ran.
python3 - build/meson-logs/testlog.json build-asan/meson-logs/testlog.json <<'PY'
import json, os, sys
ok = bad = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    for line in open(path):
        r = json.loads(line)["result"]
        if r == "OK":
            ok += 1
        elif r != "SKIP":
            bad += 1
print("seccompctl: %d passed, %d failed" % (ok, bad))
PY
