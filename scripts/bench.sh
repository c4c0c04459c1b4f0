#!/usr/bin/env bash
# Measure seccompctl on this machine, as root on the real kernel. Prints every
# figure with the command that made it, and the targets. Restores actions_logged
# and the audit enabled flag afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-deps.sh
scripts/build.sh
# sysctl (procps) to compare with, auditd for ausearch, python3 to drive it
need_packages python3 procps auditd systemd-journal-remote gcc libc6-dev
exec python3 scripts/bench.py "$@"
