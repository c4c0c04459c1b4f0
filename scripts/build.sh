#!/usr/bin/env bash
# Install what the build needs (only what is missing), configure build/ and build.
# Idempotent: a second run with nothing changed only asks ninja, which has nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh

need_packages meson ninja-build pkg-config gcc libc6-dev \
	libaudit-dev libmnl-dev libpopt-dev libcmocka-dev libsystemd-dev libseccomp-dev libcap-ng-dev libsmartcols-dev libjson-c-dev \
	libbpf-dev bpftool clang libncurses-dev

BUILD_DIR=${BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
	meson setup "$BUILD_DIR" ${MESON_ARGS:-} >/dev/null
fi
ninja -C "$BUILD_DIR" >/dev/null
