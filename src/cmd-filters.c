// SPDX-License-Identifier: LGPL-2.1-or-later
/* filters: what every seccomp filter on the host does, and which of its decisions are logged. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "filterview.h"
#include "os/log.h"
#include "os/output.h"
#include "os/sandbox.h"

static const char *opt_syscall, *opt_logged, *opt_compare;
static bool opt_disasm;

static const struct cli_opt filters_opts[] = {
	{ "syscall", 0, OPT_STRING, &opt_syscall, "NAME", "only this system call's fate, per process and arch" },
	{ "disasm", 0, OPT_FLAG, &opt_disasm, NULL, "also each filter's instructions (scmp_bpf_disasm's notation)" },
	{ "actions-logged", 0, OPT_STRING, &opt_logged, "LIST",
	  "what would be logged under this actions_logged instead (writes nothing)" },
	{ "compare", 0, OPT_STRING, &opt_compare, "FILE",
	  "hold each filter against an OCI profile or a systemd SystemCallFilter= drop-in" },
	{ NULL }
};

static int run_filters(int argc, const char *const *argv)
{
	struct filterview fv;
	int r;

	if ((r = filterview_open(&fv, argc, argv, opt_logged, true)))
		return r;
	if (opt_syscall)
		r = filterview_syscall(&fv, out_stdout(), opt_syscall);
	else if (opt_compare)
		r = filterview_compare(&fv, out_stdout(), opt_compare);
	else
		r = filterview_render(&fv, out_stdout(), opt_disasm);
	filterview_close(&fv);
	return r;
}

const struct cmd cmd_filters = {
	.name = "filters",
	.args = "[PID...]",
	.summary = "read every process's seccomp filters: what each does per arch and syscall, and what is logged",
	.max_args = -1,
	.exit_note = "0 every filter read; 3 --compare found a difference; 4 some threads could not be read (said)",
	.opts = filters_opts,
	.run = run_filters,
};
