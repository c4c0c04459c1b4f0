#!/usr/bin/env bash
# Install what the build needs (only what is missing), configure build/ and build.
# Idempotent: a second run with nothing changed only asks ninja, which has nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh

need_packages meson ninja-build pkg-config gcc libc6-dev \
	libaudit-dev libmnl-dev libpopt-dev libcmocka-dev libsystemd-dev libseccomp-dev libcap-ng-dev libsmartcols-dev libjson-c-dev \
	libbpf-dev bpftool clang libncurses-dev
# the decision observer's tests make 32-bit decisions too (gcc -m32)
[ "$(dpkg --print-architecture)" != amd64 ] || need_packages gcc-multilib

BUILD_DIR=${BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
	meson setup "$BUILD_DIR" ${MESON_ARGS:-} >/dev/null
fi
# quiet when it builds; the compiler's words when it does not (ninja says them on stdout)
if ! log=$(ninja -C "$BUILD_DIR" 2>&1); then
	printf '%s\n' "$log" >&2
	echo "scripts/build.sh: the build failed (above)" >&2
	exit 1
fi
