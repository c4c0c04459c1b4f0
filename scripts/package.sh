#!/usr/bin/env bash
# Build the Debian package from the committed tree (what a clean clone holds,
# with any uncommitted changes to tracked files) into build/deb/, then lintian
# it: errors fail; warnings are printed (the overrides in debian/ say why
# each one left is there). Installs what the build needs, as build.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh

need_packages build-essential dpkg-dev debhelper lintian fakeroot git meson ninja-build pkg-config python3 gcc libc6-dev \
	libaudit-dev libmnl-dev libpopt-dev libcmocka-dev libsystemd-dev libseccomp-dev libcap-ng-dev \
	libsmartcols-dev libjson-c-dev \
	libbpf-dev bpftool clang libncurses-dev
# systemd.pc: systemd-dev from Debian 13 on, systemd itself before
if apt-cache show systemd-dev >/dev/null 2>&1; then need_packages systemd-dev; else need_packages systemd; fi

out=$PWD/build/deb
work=$(mktemp -d "${TMPDIR:-/tmp}/seccompctl-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
src=$work/seccompctl-$version
mkdir -p "$src"
# the tracked files only: no build directory, nothing left over; a tree
# without git (scripts/test-release.sh copies the tracked files) as it is,
# less its build directories
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$src"
else
	tar --exclude='./build*' -cf - . | tar -xf - -C "$src"
fi
(cd "$src" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
	tail -n 40 "$work/build.log" >&2
	echo "scripts/package.sh: dpkg-buildpackage failed (above)" >&2
	exit 1
}
rm -rf "$out"
mkdir -p "$out"
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
cp "$work/build.log" "$out/build.log"
deb=$(ls "$out"/seccompctl_*.deb)
echo "built $deb" >&2
# lintian on the .deb and the build (the .changes names both)
set +e
lintian --info --display-info --pedantic --fail-on error "$out"/*.changes >"$out/lintian.log" 2>&1
rc=$?
set -e
cat "$out/lintian.log" >&2
if [ $rc -ne 0 ]; then
	echo "scripts/package.sh: lintian found errors (above)" >&2
	exit 1
fi
