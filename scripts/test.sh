#!/usr/bin/env bash
# Build, install what the tests need, run every test (unit, docs, integration on
# the real kernel, the binary under valgrind). Under CI=true an integration test
# that cannot run fails. Under CI (or SANITIZE=1) build once more with
# ASan+UBSan and run the unit and integration tests with it, and the unit tests
# under valgrind; under CI (or FUZZ=1) run every fuzz target for a minute each;
# under CI (or PACKAGE=1) build the Debian package and install it into a fresh
# root of this release; under CI (or RELEASES="trixie ...") run it all again
# in a root of each other release (scripts/test-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh

scripts/build.sh
# runc, a static busybox, the OCI runtime spec's schema and jsonschema: profiles
# checked by the programs that consume them
need_packages python3 util-linux procps strace auditd audispd-plugins zsh fish gcc gcc-multilib bpftool tmux systemd systemd-journal-remote valgrind nscd rsyslog \
	runc busybox-static python3-jsonschema golang-github-opencontainers-specs-dev prometheus-node-exporter prometheus

# The Elastic Common Schema's own field list, to check -o ecs against: the
# @elastic/ecs npm package (the npm registry is reachable; pinned)
command -v npm >/dev/null || need_packages nodejs npm
ECS_MODULE=$PWD/build/npm/node_modules/@elastic/ecs
if [ ! -f "$ECS_MODULE/build/commonjs/ecs_flat.js" ]; then
	if ! npm_log=$(npm install --no-audit --no-fund --prefix build/npm @elastic/ecs@9.4.0 2>&1); then
		printf '%s\n' "$npm_log" | tail -n 20 >&2
		echo "scripts/test.sh: 'npm install @elastic/ecs@9.4.0' failed (above): the ECS tests need the" \
			"Elastic Common Schema's field list; check that the npm registry is reachable" >&2
		exit 1
	fi
fi
export ECS_MODULE

meson test -C build --print-errorlogs --num-processes 2

if [ "${SANITIZE:-${CI:-false}}" != false ]; then
	BUILD_DIR=build-asan MESON_ARGS="-Db_sanitize=address,undefined -Db_lundef=false" scripts/build.sh
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	meson test -C build-asan --suite unit --print-errorlogs --num-processes 2 --logbase testlog-unit
	# the real kernel under ASan+UBSan too; LeakSanitizer cannot stop the world
	# inside seccompctl's own seccomp sandbox, so leaks are left to the unit
	# tests above and to valgrind
	ASAN_OPTIONS=detect_leaks=0 meson test -C build-asan --suite integration --print-errorlogs \
		--logbase testlog-integration
	meson test -C build --suite unit --print-errorlogs --num-processes 2 --logbase testlog-valgrind \
		--wrapper 'valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect'
fi

# The parser and event path under libFuzzer, bounded.
if [ "${FUZZ:-${CI:-false}}" != false ]; then
	scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
fi

# The Debian package of this release, built and lintian'd, installed into a
# fresh root of the release and purged (under CI, or PACKAGE=1); then the
# whole suite again on each of RELEASES (under CI: trixie, Debian 13), each
# with its own package.
if [ "${PACKAGE:-${CI:-false}}" != false ]; then
	scripts/package.sh
	scripts/test-package.sh "$(. /etc/os-release && echo "$VERSION_CODENAME")" \
		"$(ls build/deb/seccompctl_*.deb)"
fi
if [ "${CI:-false}" != false ]; then
	default_releases=trixie
fi
for release in ${RELEASES-${default_releases:-}}; do
	scripts/test-release.sh "$release"
done

# One closing line over every suite that ran.
python3 - build/meson-logs/testlog*.json build-asan/meson-logs/testlog*.json <<'PY'
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
