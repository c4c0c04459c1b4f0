// SPDX-License-Identifier: LGPL-2.1-or-later
/* show and get: every action, whether it is logged, and the value for scripts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "os/log.h"
#include "os/output.h"
#include "os/sandbox.h"
#include "os/table.h"

struct show_row {
	const char *name;
	bool logged;
	const struct action_info *info;	/* NULL for a name this tool does not know */
};

static int render(struct out *o, const struct action_vocab *v, action_set logged, const struct show_row *rows)
{
	static const char *const headers[] = { "ACTION", "LOGGED", "WHEN THE KERNEL LOGS IT", NULL };
	struct table *t = o->json ? NULL : table_new(headers);
	char code[16];
	size_t i;

	if (!o->json && !t) {
		p_err("out of memory");
		return -ENOMEM;
	}
	pr_obj_open(o, NULL);
	pr_action_set(o, PR_JSON, "actions_avail", NULL, v, (1U << v->n) - 1, ' ');
	pr_action_set(o, PR_JSON, "actions_logged", NULL, v, logged, ' ');
	pr_arr_open(o, "actions");
	for (i = 0; i < v->n; i++) {
		const char *when = action_when_phrase(rows[i].info ? rows[i].info->when : WHEN_UNKNOWN);

		pr_obj_open(o, NULL);
		if (t) {
			table_row(t);
			table_cell(t, 0, rows[i].name);
			table_cell(t, 1, rows[i].logged ? "yes" : "no");
			table_cell(t, 2, when);
		}
		pr_str(o, PR_JSON, "name", NULL, rows[i].name);
		pr_bool(o, PR_JSON, "logged", NULL, rows[i].logged);
		pr_str(o, PR_JSON, "when", NULL, when);
		if (rows[i].info)
			snprintf(code, sizeof(code), "0x%x", rows[i].info->code);
		pr_str(o, PR_JSON, "code", NULL, rows[i].info ? code : NULL);
		pr_obj_close(o);
	}
	pr_arr_close(o);
	pr_obj_close(o);
	pr_end(o);
	return t ? table_print(t, o) : 0;
}

static int run_show(int argc, const char *const *argv)
{
	struct show_row rows[ACTIONS_MAX];
	struct action_vocab v;
	action_set logged;
	size_t i;
	int r;

	if ((r = load_vocab(&v)) || (r = load_logged(&v, &logged)))
		return r;
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	for (i = 0; i < v.n; i++) {
		rows[i].name = v.names[i];
		rows[i].logged = logged & (1U << i);
		rows[i].info = action_by_name(v.names[i], strlen(v.names[i]));
	}
	if (render(out_stdout(), &v, logged, rows) < 0)
		return EXIT_ERROR;
	if (!logged)
		p_warn("actions_logged is empty: the kernel logs no seccomp action at all; "
		       "'seccompctl reset' restores the default");
	return EXIT_DONE;
}

const struct cmd cmd_show = {
	.name = "show",
	.summary = "every available action, whether it is logged, and when the kernel logs it",
	.max_args = 0,
	.run = run_show,
};

static int run_get(int argc, const char *const *argv)
{
	struct out *o = out_stdout();
	struct action_vocab v;
	action_set logged;
	char buf[512];
	int r;

	if ((r = load_vocab(&v)) || (r = load_logged(&v, &logged)))
		return r;

	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	pr_obj_open(o, NULL);
	/* the kernel's own form: names, single spaces; "" for the empty set */
	set_format(&v, logged, ' ', buf, sizeof(buf));
	pr_str(o, PR_TEXT, NULL, "%s\n", buf);
	pr_action_set(o, PR_JSON, "actions_logged", NULL, &v, logged, ' ');
	pr_obj_close(o);
	pr_end(o);
	return EXIT_DONE;
}

const struct cmd cmd_get = {
	.name = "get",
	.summary = "print actions_logged as the kernel has it, space separated, for scripts",
	.max_args = 0,
	.run = run_get,
};
