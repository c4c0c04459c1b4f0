/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Commands and options as descriptors: one table gives the parser, --help and the docs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "exitcode.h"

/*
 * Commands are descriptors; main lists them. Options are described here, not
 * in popt's terms: cli.c is the only file that includes popt, and the same
 * descriptors make --help, so help and parser cannot disagree.
 */

enum cli_opt_kind {
	OPT_FLAG,		/* bool */
	OPT_STRING,		/* const char *, --opt=VALUE or --opt VALUE */
	OPT_OPTIONAL_PATH,	/* const char *, --opt alone means def, or --opt=PATH */
	OPT_SECONDS,		/* double, >= 0 */
	OPT_STRING_LIST,	/* struct cli_list, the option may repeat */
};

struct cli_list {
	const char **items;
	size_t n;
};

struct cli_opt {
	const char *name;	/* long name without dashes; NULL ends a table */
	char short_name;	/* 0 when none */
	enum cli_opt_kind kind;
	void *value;
	const char *arg;	/* argument name in help */
	const char *help;
	const char *def;	/* OPT_OPTIONAL_PATH: what --opt alone means */
};

struct cmd {
	const char *name;
	const char *args;	/* positional arguments, for usage lines */
	const char *summary;	/* one line */
	int min_args, max_args;	/* max -1: no limit */
	bool posix_args;	/* options end at the first argument (record's command line) */
	const char *exit_note;	/* what the codes mean for this command, when more than the list says */
	const struct cli_opt *opts;
	int (*run)(int argc, const char *const *argv);
};

struct global_opts {
	bool json;
	bool quiet;
	bool no_sandbox;
};

extern struct global_opts g_opts;

/* Parse argv for the command named in it and run it; returns the exit code. */
int cli_main(const struct cmd *const *cmds, int argc, const char **argv);
