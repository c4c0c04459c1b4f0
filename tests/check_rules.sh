#!/bin/sh
# The shipped Prometheus rules: promtool's own check, and their unit tests
# (series that fire each alert and series that must not).
set -eu
if ! command -v promtool >/dev/null; then
	echo "promtool is missing (Debian: the prometheus package)" >&2
	[ "${CI:-}" = true ] && exit 1
	exit 77
fi
promtool check rules "$SRCDIR/contrib/prometheus/seccompctl-rules.yml"
cd "$SRCDIR/tests/prometheus"
promtool test rules seccompctl-rules.test.yml
