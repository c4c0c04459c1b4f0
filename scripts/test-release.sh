#!/usr/bin/env bash
# The whole suite on another Debian release: a minimal root of it made with
# debootstrap (kept under build/ between runs: made again only when missing
# or half made), entered as a real root (its own mount namespace, pivot_root,
# /proc, /sys with the cgroups, /dev), where scripts/test.sh installs and
# runs that release's auditd, journald, rsyslogd, nscd, runc and Prometheus
# on this kernel; then the package built there, and installed into a fresh
# root of the release (scripts/test-package.sh).
#   scripts/test-release.sh trixie
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh
. scripts/lib-release.sh

release=${1:?usage: scripts/test-release.sh RELEASE}
root=$PWD/build/release-$release
release_root "$release" "$root"
# the tree as a clean clone has it, built afresh there
rm -rf "$root/src"
mkdir -p "$root/src/seccompctl"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$root/src/seccompctl"
echo "the suite on $release" >&2
# the sanitizer and fuzz passes run once, on the host's release
release_run "$root" /bin/sh -c 'cd /src/seccompctl &&
	SANITIZE=false FUZZ=false PACKAGE=false RELEASES= bash scripts/test.sh && bash scripts/package.sh'
mkdir -p "build/deb-$release"
rm -f "build/deb-$release"/*.deb
cp "$root/src/seccompctl/build/deb/"seccompctl_*.deb "build/deb-$release/"
cp "$root/src/seccompctl/build/deb/lintian.log" "build/deb-$release/"
deb=$(ls "build/deb-$release"/seccompctl_*_*.deb | grep -v dbgsym)
scripts/test-package.sh "$release" "$deb"
