#!/usr/bin/env bash
# Install a seccompctl .deb into a fresh minimal root of a Debian release
# (debootstrap; apt downloads with the host's resolver and CA files) and check
# it as an admin would meet it: --version, status, the man page, the bash,
# zsh and fish completions, systemd-analyze verify of the unit, logrotate's
# reading of its snippet, the collector's command from the unit run for a
# moment; then apt-get purge (and autoremove of its libraries), and nothing of the package, or of what its
# collector made, is left.
#   scripts/test-package.sh RELEASE DEB     (bookworm, trixie)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh
. scripts/lib-release.sh

release=${1:?usage: scripts/test-package.sh RELEASE DEB}
deb=$(realpath "${2:?usage: scripts/test-package.sh RELEASE DEB}")
root=$PWD/build/package-root-$release
rm -rf "$root"
release_root "$release" "$root"
cp "$deb" "$root/root/seccompctl.deb"
cat >"$root/root/check.sh" <<'CHECK'
#!/bin/sh
set -eu
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
say() { echo "test-package: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# what an admin has around it: man, the three shells' completion, systemd's
# verifier, logrotate (installed first, so that only seccompctl changes the tree)
apt-get install -y -q man-db bash-completion zsh fish systemd logrotate >/root/apt-tools.log 2>&1 ||
	{ tail -n 20 /root/apt-tools.log; fail "could not install the tools the checks use"; }
snapshot() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp -o -path /root \
		-o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache -o -path /var/log/apt \) -prune \
		-o -print | grep -v -e '^/var/log/dpkg.log$' -e '^/var/log/alternatives.log$' | sort
}
snapshot >/root/before
apt-get install -y -q /root/seccompctl.deb >/root/apt-install.log 2>&1 ||
	{ tail -n 20 /root/apt-install.log; fail "apt-get install of the .deb"; }
dpkg -L seccompctl >/root/files

v=$(seccompctl --version) || fail "seccompctl --version"
say "version: $v"
want=$(dpkg-query -W -f='${Version}' seccompctl)
case "$v" in *"$want"*) ;; *) fail "--version says '$v', the package is $want" ;; esac

# status runs and judges (0, or 3/4: a host with no paper trail), never a usage or crash
set +e
seccompctl status >/root/status.out 2>/root/status.err
rc=$?
set -e
[ $rc -eq 0 ] || [ $rc -eq 3 ] || [ $rc -eq 4 ] || { cat /root/status.err; fail "seccompctl status exited $rc"; }
grep -q "actions_logged" /root/status.out || { cat /root/status.out; fail "status says nothing of actions_logged"; }
seccompctl --json status >/root/status.json 2>/dev/null || true
head -c1 /root/status.json | grep -q '{' && grep -q '"actions_logged"' /root/status.json ||
	fail "status --json: $(head -c 200 /root/status.json)"

MANWIDTH=80 man seccompctl 2>/root/man.err | grep -q "actions_logged" || { cat /root/man.err; fail "man seccompctl"; }

# completion as each shell loads it from where the package put it
out=$(bash -c '. /usr/share/bash-completion/bash_completion; _completion_loader seccompctl; COMP_WORDS=(seccompctl st); COMP_CWORD=1; COMP_LINE="seccompctl st"; COMP_POINT=${#COMP_LINE}; f=$(complete -p seccompctl | sed "s/.*-F \([^ ]*\) .*/\1/"); $f seccompctl st seccompctl; printf "%s\n" "${COMPREPLY[@]}"')
echo "$out" | grep -qx status || fail "bash completes 'seccompctl st' to: $out"
out=$(fish -c 'complete -C "seccompctl st"' 2>&1)
echo "$out" | grep -q '^status' || fail "fish completes 'seccompctl st' to: $out"
zsh -c 'fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -Uz compinit; compinit -u; (( $+_comps[seccompctl] ))' ||
	fail "zsh has no completion for seccompctl"

unit=$(grep '/seccompctl-collector.service$' /root/files)
systemd-analyze verify --man=no "$unit" >/root/verify.out 2>&1 || { cat /root/verify.out; fail "systemd-analyze verify $unit"; }
[ ! -s /root/verify.out ] || { cat /root/verify.out; fail "systemd-analyze verify has something to say"; }
[ ! -e /etc/systemd/system/multi-user.target.wants/seccompctl-collector.service ] || fail "the unit was enabled"
logrotate -d /etc/logrotate.d/seccompctl >/root/logrotate.out 2>&1 || { cat /root/logrotate.out; fail "logrotate -d"; }
grep -qE '^[[:space:]]*copytruncate' /etc/logrotate.d/seccompctl && fail "the snippet copytruncates"
grep -q "systemctl reload seccompctl-collector" /etc/logrotate.d/seccompctl || fail "postrotate reload"
[ -d /var/lib/prometheus/node-exporter ] || fail "the metrics directory"

# the collector's command, as the unit runs it, for a moment: it makes its
# cursor, output and metrics (purge must take them)
mkdir -p /var/lib/seccompctl /var/log/seccompctl
cmd=$(sed -n 's/^ExecStart=//p' "$unit")
set +e
timeout -s TERM 3 $cmd 2>/root/collector.err
rc=$?
set -e
[ $rc -eq 0 ] || [ $rc -eq 124 ] || { cat /root/collector.err; fail "the collector's command exited $rc"; }
for f in /var/lib/seccompctl/cursor /var/log/seccompctl/seccomp.ecs.json /var/lib/prometheus/node-exporter/seccompctl.prom; do
	[ -e "$f" ] || { cat /root/collector.err; fail "the collector did not make $f"; }
done

apt-get purge --autoremove -y -q seccompctl >/root/apt-purge.log 2>&1 || { tail /root/apt-purge.log; fail "apt-get purge"; }
snapshot >/root/after
left=$(comm -13 /root/before /root/after)
[ -z "$left" ] || fail "purge left behind: $left"
while read -r f; do
	[ -d "$f" ] && continue	# directories others share (/lib, /usr/share/man ...)
	[ ! -e "$f" ] || fail "purge left the package's $f"
done </root/files
say "ok: installed, checked and purged on $(. /etc/os-release; echo "$PRETTY_NAME")"
CHECK
chmod 755 "$root/root/check.sh"
release_run "$root" /root/check.sh
rm -rf "$root"
