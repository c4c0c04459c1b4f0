// SPDX-License-Identifier: LGPL-2.1-or-later
/* The command line: options (the only popt user), help, and the checks of stdout and stderr. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <popt.h>

#include "model/actions.h"
#include "cli.h"
#include "config.h"
#include "os/log.h"
#include "os/output.h"
#include "os/sandbox.h"

struct global_opts g_opts;
static bool opt_help, opt_version;

static const struct cli_opt global_opts[] = {
	{ "json", 0, OPT_FLAG, &g_opts.json, NULL, "print one JSON document (pretty on a terminal)" },
	{ "quiet", 'q', OPT_FLAG, &g_opts.quiet, NULL, "print only errors and warnings" },
	{ "no-sandbox", 0, OPT_FLAG, &g_opts.no_sandbox, NULL,
	  "do not confine seccompctl (seccomp allow-list, capability drop)" },
	{ "version", 0, OPT_FLAG, &opt_version, NULL, "print the version and exit" },
	{ "help", 'h', OPT_FLAG, &opt_help, NULL, "show this help and exit" },
	{ NULL }
};

static const struct {
	int code;
	const char *meaning;
} exit_docs[] = {
	{ EXIT_DONE, "done, and verified by the kernel's record where verification was possible" },
	{ EXIT_ERROR, "error, or the kernel refused the write" },
	{ EXIT_USAGE, "usage: bad option or command, unknown or refused action name" },
	{ EXIT_UNVERIFIED, "verification failed: record missing, mismatched, or a concurrent change; "
			   "verify: a change was made without a record; status --check: no paper trail" },
	{ EXIT_UNPROVEN, "verify: the trail is consistent, but records may be missing (lost, or audit "
			 "off): it cannot be proven complete" },
};

#define VAL_GLOBAL 1000

static void print_opts(const struct cli_opt *o)
{
	char left[64];

	for (; o && o->name; o++) {
		if (o->kind == OPT_OPTIONAL_PATH && o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s[=%s]", o->short_name, o->name, o->arg);
		else if (o->kind == OPT_OPTIONAL_PATH)
			snprintf(left, sizeof(left), "--%s[=%s]", o->name, o->arg);
		else if (o->kind != OPT_FLAG)
			snprintf(left, sizeof(left), "%s%c%s--%s=%s", o->short_name ? "-" : "",
				 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "", o->name, o->arg);
		else if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s", o->short_name, o->name);
		else
			snprintf(left, sizeof(left), "--%s", o->name);
		out_printf(out_stdout(), "  %-26s %s\n", left[0] == ' ' ? left + 1 : left, o->help);
	}
}

static void print_actions(void)
{
	size_t i;

	out_printf(out_stdout(), "\nActions (in kernel order):\n");
	for (i = 0; i < action_kernel_len; i++)
		out_printf(out_stdout(), "  %-14s %s\n", action_table[i].name, action_when_phrase(action_table[i].when));
}

static void print_exit_status(void)
{
	size_t i;

	out_printf(out_stdout(), "\nExit status:\n");
	for (i = 0; i < sizeof(exit_docs) / sizeof(exit_docs[0]); i++)
		out_printf(out_stdout(), "  %d  %s\n", exit_docs[i].code, exit_docs[i].meaning);
}

static void main_help(const struct cmd *const *cmds)
{
	size_t i;

	out_printf(out_stdout(), "Usage: seccompctl [OPTIONS] COMMAND [ARGS...]\n\n"
	       "Read and change which seccomp actions the kernel logs\n"
	       "(kernel.seccomp.actions_logged), and prove each change with the kernel's own\n"
	       "audit record.\n\nCommands:\n");
	for (i = 0; cmds[i]; i++)
		out_printf(out_stdout(), "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	out_printf(out_stdout(), "\nGlobal options:\n");
	print_opts(global_opts);
	print_actions();
	print_exit_status();
	out_printf(out_stdout(), "\nRun 'seccompctl COMMAND --help' for a command's options, 'man seccompctl' for more.\n");
}

static void cmd_help(const struct cmd *c)
{
	out_printf(out_stdout(), "Usage: seccompctl %s [OPTIONS]%s%s\n\n%s\n", c->name, c->args ? " " : "",
	       c->args ? c->args : "", c->summary);
	if (c->opts && c->opts->name) {
		out_printf(out_stdout(), "\nOptions:\n");
		print_opts(c->opts);
	}
	out_printf(out_stdout(), "\nGlobal options:\n");
	print_opts(global_opts);
	if (c->args && strstr(c->args, "ACTION"))
		print_actions();
	print_exit_status();
	if (c->exit_note)
		out_printf(out_stdout(), "  %s\n", c->exit_note);
}

static size_t count_opts(const struct cli_opt *o)
{
	size_t n = 0;

	while (o && o[n].name)
		n++;
	return n;
}

static void to_popt(struct poptOption *p, const struct cli_opt *o, int val)
{
	memset(p, 0, sizeof(*p));
	p->longName = o->name;
	p->shortName = o->short_name;
	p->argInfo = o->kind == OPT_FLAG ? POPT_ARG_NONE : POPT_ARG_STRING;
	p->val = val;
}

static int set_value(const char *prog, const struct cli_opt *o, poptContext ctx)
{
	char *arg, *end;
	double d;

	if (o->kind == OPT_FLAG) {
		*(bool *)o->value = true;
		return 0;
	}
	arg = poptGetOptArg(ctx);
	if (!arg || (o->kind == OPT_OPTIONAL_PATH && !*arg)) {
		p_err("--%s needs a value; try '%s --help'", o->name, prog);
		free(arg);
		return -EINVAL;
	}
	if (o->kind == OPT_SECONDS) {
		errno = 0;
		d = strtod(arg, &end);
		if (errno || *end || end == arg || !isfinite(d) || d < 0 || d > 86400) {
			p_err("--%s wants seconds from 0 to 86400, not '%s'; try '%s --help'", o->name, arg, prog);
			free(arg);
			return -EINVAL;
		}
		*(double *)o->value = d;
		free(arg);
		return 0;
	}
	if (o->kind == OPT_STRING_LIST) {
		struct cli_list *l = o->value;
		const char **items = realloc(l->items, (l->n + 1) * sizeof(*items));

		if (!items) {
			free(arg);
			return -ENOMEM;
		}
		items[l->n++] = arg;
		l->items = items;
		return 0;
	}
	*(const char **)o->value = arg;	/* lives until exit */
	return 0;
}

/* "--persist" alone would make popt take the next word as its path: spell
 * the default out instead, so that "set --persist log" keeps "log" an action. */
static const char **expand_optional(const struct cli_opt *opts, int argc, const char **argv)
{
	const char **out = calloc((size_t)argc + 1, sizeof(*out));
	const struct cli_opt *o;
	char *s;
	int i;

	if (!out)
		return NULL;
	for (i = 0; i < argc; i++) {
		out[i] = argv[i];
		if (strcmp(argv[i], "--") == 0) {
			for (; i < argc; i++)
				out[i] = argv[i];
			break;
		}
		for (o = opts; o && o->name; o++) {
			bool bare_long = !strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, o->name);
			bool bare_short = o->short_name && argv[i][0] == '-' && argv[i][1] == o->short_name &&
					  !argv[i][2];

			if (o->kind != OPT_OPTIONAL_PATH || !(bare_long || bare_short))
				continue;
			if (asprintf(&s, "--%s=%s", o->name, o->def) < 0)
				return NULL;
			out[i] = s;
		}
	}
	return out;
}

/* Returns -1 to go on, else an exit code. */
static int parse(const struct cmd *c, const char *prog, int argc, const char **argv,
		 const char ***args, int *nargs)
{
	size_t nc = count_opts(c ? c->opts : NULL), ng = count_opts(global_opts), i;
	struct poptOption *table = calloc(nc + ng + 1, sizeof(*table));
	const char **xargv = expand_optional(c ? c->opts : NULL, argc, argv);
	const struct cli_opt *o;
	poptContext ctx;
	int val, ret = -1;

	if (!table || !xargv) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	for (i = 0; i < nc; i++)
		to_popt(&table[i], &c->opts[i], (int)i + 1);
	for (i = 0; i < ng; i++)
		to_popt(&table[nc + i], &global_opts[i], VAL_GLOBAL + (int)i);
	ctx = poptGetContext(prog, argc, xargv, table, c && c->posix_args ? POPT_CONTEXT_POSIXMEHARDER : 0);
	while ((val = poptGetNextOpt(ctx)) > 0) {
		o = val >= VAL_GLOBAL ? &global_opts[val - VAL_GLOBAL] : &c->opts[val - 1];
		if (set_value(prog, o, ctx) < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
	}
	if (val < -1) {
		p_err("%s: %s; try '%s --help'", poptBadOption(ctx, POPT_BADOPTION_NOALIAS),
		      poptStrerror(val), prog);
		ret = EXIT_USAGE;
		goto out;
	}
	*args = poptGetArgs(ctx);
	for (*nargs = 0; *args && (*args)[*nargs]; (*nargs)++)
		;
	/* the arguments live in argv, which outlives the context */
	if (*args) {
		const char **copy = calloc((size_t)*nargs + 1, sizeof(*copy));

		for (i = 0; copy && i < (size_t)*nargs; i++)
			copy[i] = strdup((*args)[i]);
		*args = copy;
	}
out:
	poptFreeContext(ctx);
	free(table);
	/* popt copied what it handed out: the expanded words are ours to free */
	for (i = 0; i < (size_t)argc; i++)
		if (xargv[i] != argv[i])
			free((char *)xargv[i]);
	free(xargv);
	return ret;
}

static void free_args(const char **args)
{
	size_t i;

	for (i = 0; args && args[i]; i++)
		free((char *)args[i]);
	free(args);
}

static const struct cmd *find_cmd(const struct cmd *const *cmds, const char *name)
{
	size_t i;

	for (i = 0; cmds[i]; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

/* --help and --version win over everything else on the line. */
static bool help_or_version(const struct cmd *const *cmds, const struct cmd *c)
{
	if (opt_help && c)
		cmd_help(c);
	else if (opt_help)
		main_help(cmds);
	else if (opt_version)
		out_printf(out_stdout(), "seccompctl %s\n", SECCOMPCTL_VERSION);
	return opt_help || opt_version;
}

static int dispatch(const struct cmd *const *cmds, int argc, const char **argv)
{
	const struct cmd *c = NULL;
	const char **args = NULL, **sub;
	char prog[64];
	int i, cmd_at = -1, nargs = 0, ret;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			cmd_at = i + 1 < argc ? i + 1 : -1;
			break;
		}
		if (argv[i][0] != '-') {
			cmd_at = i;
			break;
		}
	}
	if (cmd_at < 0) {
		ret = parse(NULL, "seccompctl", argc, argv, &args, &nargs);
		free_args(args);
		if (ret >= 0)
			return ret;
		if (help_or_version(cmds, NULL))
			return EXIT_DONE;
		p_err("no command given; try 'seccompctl --help'");
		return EXIT_USAGE;
	}
	c = find_cmd(cmds, argv[cmd_at]);
	if (!c) {
		p_err("unknown command '%s'; try 'seccompctl --help'", argv[cmd_at]);
		return EXIT_USAGE;
	}
	snprintf(prog, sizeof(prog), "seccompctl %s", c->name);
	/* popt wants a program name first: give it the command, drop the "--" before it */
	sub = calloc((size_t)argc + 1, sizeof(*sub));
	if (!sub)
		return EXIT_ERROR;
	sub[0] = prog;
	nargs = 1;
	for (i = 1; i < argc; i++)
		if (i != cmd_at && !(i == cmd_at - 1 && strcmp(argv[i], "--") == 0))
			sub[nargs++] = argv[i];
	ret = parse(c, prog, nargs, sub, &args, &nargs);
	free(sub);
	if (ret >= 0 || help_or_version(cmds, c)) {
		free_args(args);
		return ret >= 0 ? ret : EXIT_DONE;
	}
	if (nargs < c->min_args || (c->max_args >= 0 && nargs > c->max_args)) {
		if (c->max_args == 0)
			p_err("%s takes no arguments; try '%s --help'", prog, prog);
		else
			p_err("%s needs %s; try '%s --help'", prog, c->args, prog);
		free_args(args);
		return EXIT_USAGE;
	}
	log_setup(g_opts.quiet, g_opts.json);
	out_stdout()->json = g_opts.json;
	if (g_opts.no_sandbox)
		sandbox_disable();
	ret = c->run(nargs, args);
	free_args(args);
	return ret;
}

/* What close_stdout() does for util-linux: output is checked like any write.
 * A reader that went away (EPIPE) ends us quietly; anything else is an error. */
static int finish_stdout(struct out *o, int ret)
{
	int err;

	/* scripts asked for JSON: a failure before any document still gets one */
	if (g_opts.json && !o->started && ret != EXIT_DONE) {
		jw_open_obj(o, NULL);
		jw_str(o, "error", log_first_error() ? log_first_error() :
		       "failed without saying why (a bug: please report it)");
		jw_int(o, "exit_code", ret);
		jw_close_obj(o);
		jw_end(o);
	}
	err = out_flush(o);
	if (err && err != -EPIPE) {
		p_err("error writing to standard output: %s", strerror(-err));
		ret = EXIT_ERROR;
	}
	return ret;
}

/* stderr is checked as stdout is (util-linux close_stdout checks both): a
 * message that could not be written fails a command that had succeeded. */
static int finish_stderr(int ret)
{
	if ((fflush(stderr) != 0 || ferror(stderr)) && ret == EXIT_DONE)
		return EXIT_ERROR;
	return ret;
}

int cli_main(const struct cmd *const *cmds, int argc, const char **argv)
{
	struct out *o;
	int ret;

	/* the JSON setting is known only after parsing: out_stdout() is set up
	 * for text, and dispatch() switches it once the options are read */
	o = out_new(STDOUT_FILENO, 1 << 16, false, isatty(STDOUT_FILENO));
	if (!o) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	out_stdout_set(o);
	ret = dispatch(cmds, argc, argv);
	ret = finish_stderr(finish_stdout(o, ret));
	out_stdout_set(NULL);
	out_free(o);
	return ret;
}
