// SPDX-License-Identifier: LGPL-2.1-or-later
/* profile's and record's shared options: the format, the base, where the profile goes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "os/log.h"
#include "profile-cli.h"

int profile_cli_setup(const struct profile_cli *c, struct profile_opts *opts, struct oci_profile *base)
{
	char err[256];

	memset(opts, 0, sizeof(*opts));
	opts->log_denied = c->log_denied;
	if (!c->format || strcmp(c->format, "oci") == 0)
		opts->format = FORMAT_OCI;
	else if (strcmp(c->format, "systemd") == 0)
		opts->format = FORMAT_SYSTEMD;
	else if (strcmp(c->format, "json") == 0)
		opts->format = FORMAT_JSON;
	else if (strchr(c->format, '/') || strchr(c->format, '.')) {
		/* -o was the output file before: it is the format now, as in tail */
		p_err("-o is the profile's format (oci, systemd or json), not its file: write it to '%s' with "
		      "--output-file %s", c->format, c->format);
		return EXIT_USAGE;
	} else {
		p_err("-o/--format wants oci, systemd or json, not '%s'", c->format);
		return EXIT_USAGE;
	}
	if (c->default_action && !(opts->default_action = profile_action_from_name(c->default_action))) {
		p_err("--default-action wants errno, kill_process, kill_thread, trap or log, not '%s'", c->default_action);
		return EXIT_USAGE;
	}
	if (c->runtime && profile_runtime_from_name(c->runtime, &opts->runtime) < 0) {
		p_err("--runtime wants runc, crun or none, not '%s'", c->runtime);
		return EXIT_USAGE;
	}
	if (c->base) {
		if (oci_profile_load(c->base, base, err, sizeof(err)) < 0) {
			p_err("--base %s: %s", c->base, err);
			return EXIT_USAGE;
		}
		opts->base = base;
	}
	if (opts->log_denied && opts->format == FORMAT_OCI && opts->runtime == RUNTIME_RUNC)
		p_warn("runc before 1.2.0 refuses any seccomp flag ('seccomp flags are not yet supported by "
		       "runc'): with an older runc, learn with --default-action=log instead of --log-denied");
	if (opts->log_denied && opts->format == FORMAT_SYSTEMD)
		p_warn("systemd has no setting that logs what SystemCallFilter= denies: for a round of learning "
		       "use --default-action=log (SystemCallLog=~...), which denies nothing");
	return 0;
}

int profile_cli_write(const struct profile_cli *c, const struct profile_opts *opts, const struct profile *p,
		      struct out *out)
{
	size_t unnamed = profile_unnamed(p), n, i;
	const char **added;

	if (opts->format == FORMAT_SYSTEMD)
		profile_write_systemd(out, p, opts);
	else if (opts->format == FORMAT_JSON)
		profile_write_json(out, p, opts);
	else
		profile_write_oci(out, p, opts);
	if (out->err == -ENOMEM) {
		p_err("out of memory writing the profile");
		return EXIT_ERROR;
	}
	if (opts->base && opts->format == FORMAT_OCI && (added = profile_names(p, opts, &n))) {
		char list[2048] = "", *at = list;

		for (i = 0; i < n && at < list + sizeof(list) - 64; i++)
			at += snprintf(at, (size_t)(list + sizeof(list) - at), "%s%s", i ? ", " : "", added[i]);
		if (i < n)
			snprintf(at, (size_t)(list + sizeof(list) - at), ", ...");
		p_info("%zu system calls added to %s%s%s", n, c->base, n ? ": " : "", list);
		free(added);
	}
	if (unnamed) {
		/* a name is the only way a profile says which call */
		for (i = 0; i < p->n; i++) {
			const struct prof_call *pc = &p->calls[i];
			char arch[32];

			if (pc->name)
				continue;
			if (pc->audit_arch && pc->nr >= 0)
				p_warn("system call %lld of arch %s has no name in its table: the profile cannot allow it",
				       (long long)pc->nr, arch_text(pc->audit_arch, pc->nr, arch, sizeof(arch)));
			else
				p_warn("a system call %s has no name: the profile cannot allow it",
				       pc->nr >= 0 ? "of a record without arch" : "that ausearch -i named in a table not known");
		}
		p_warn("the profile lacks %zu recorded system calls it cannot name", unnamed);
		return EXIT_UNVERIFIED;
	}
	return EXIT_DONE;
}
