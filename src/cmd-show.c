// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "common.h"
#include "log.h"
#include "output.h"
#include "sandbox.h"

struct show_row {
	const char *name;
	bool logged;
	const struct action_info *info;	/* NULL for a name this tool does not know */
};

static void render(const struct action_vocab *v, action_set logged, const struct show_row *rows)
{
	char code[16];
	size_t i;

	if (out_json()) {
		jw_open_obj(NULL);
		jw_action_set("actions_avail", v, (1U << v->n) - 1);
		jw_action_set("actions_logged", v, logged);
		jw_open_arr("actions");
		for (i = 0; i < v->n; i++) {
			jw_open_obj(NULL);
			jw_str("name", rows[i].name);
			jw_bool("logged", rows[i].logged);
			jw_str("when", action_when_phrase(rows[i].info ? rows[i].info->when : WHEN_UNKNOWN));
			if (rows[i].info) {
				snprintf(code, sizeof(code), "0x%x", rows[i].info->code);
				jw_str("code", code);
			} else {
				jw_null("code");
			}
			jw_close_obj();
		}
		jw_close_arr();
		jw_close_obj();
		jw_finish();
		return;
	}
	printf("%-14s %-7s %s\n", "ACTION", "LOGGED", "WHEN THE KERNEL LOGS IT");
	for (i = 0; i < v->n; i++)
		printf("%-14s %-7s %s\n", rows[i].name, rows[i].logged ? "yes" : "no",
		       action_when_phrase(rows[i].info ? rows[i].info->when : WHEN_UNKNOWN));
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
	render(&v, logged, rows);
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
	struct action_vocab v;
	action_set logged;
	char buf[512];
	int r;

	if ((r = load_vocab(&v)) || (r = load_logged(&v, &logged)))
		return r;
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	if (out_json()) {
		jw_open_obj(NULL);
		jw_action_set("actions_logged", &v, logged);
		jw_close_obj();
		jw_finish();
	} else {
		set_format(&v, logged, ' ', buf, sizeof(buf));
		printf("%s\n", buf);
	}
	return EXIT_DONE;
}

const struct cmd cmd_get = {
	.name = "get",
	.summary = "print actions_logged as the kernel has it, space separated, for scripts",
	.max_args = 0,
	.run = run_get,
};
