/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What profile and record share: how the profile is written, and where. */
#pragma once

#include <stdbool.h>

#include "cli.h"
#include "os/ocijson.h"
#include "os/output.h"
#include "model/profile.h"

struct profile_cli {
	const char *format, *output, *base, *default_action, *runtime;
	bool log_denied;
};

#define PROFILE_CLI_OPTS(c) \
	{ "format", 'o', OPT_STRING, &(c).format, "FORMAT", \
	  "oci (the runtime spec's linux.seccomp, the default), systemd (SystemCallFilter=) or json" }, \
	{ "output-file", 0, OPT_STRING, &(c).output, "PATH", \
	  "write the profile to PATH, whole or not at all (default: standard output)" }, \
	{ "base", 0, OPT_STRING, &(c).base, "FILE", \
	  "start from this OCI profile (or config.json) and add only what the records need" }, \
	{ "default-action", 0, OPT_STRING, &(c).default_action, "ACTION", \
	  "for every other call: errno (EPERM, the default), kill_process, kill_thread, trap or log" }, \
	{ "log-denied", 0, OPT_FLAG, &(c).log_denied, NULL, \
	  "OCI: the SECCOMP_FILTER_FLAG_LOG flag, so that what the profile denies is logged" }, \
	{ "runtime", 0, OPT_STRING, &(c).runtime, "NAME", \
	  "runc or crun: also allow what that runtime calls after it loads the filter (default none)" }

/* Options into opts, the base loaded. 0, or an exit code after saying why. */
int profile_cli_setup(const struct profile_cli *c, struct profile_opts *opts, struct oci_profile *base);
/* The profile in its format into out; says what was added to the base and
 * what could not be put in. Returns an exit code. */
int profile_cli_write(const struct profile_cli *c, const struct profile_opts *opts, const struct profile *p,
		      struct out *out);
