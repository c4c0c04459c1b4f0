/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The host's filters read and shown: filters (filterview.c), --compare (filtercompare.c), status and set --dry-run (filterstatus.c). */
#pragma once

#include <stdbool.h>

#include "model/actions.h"
#include "model/stackset.h"
#include "os/output.h"
#include "os/runtimes.h"

struct filterview {
	struct action_vocab v;
	action_set logged;	/* the live value, or --actions-logged's */
	bool what_if;
	struct stackset set;
	struct runtimes *rt;	/* the names the runtimes keep, for each process's workload */
	int exit;		/* EXIT_UNPROVEN when some threads could not be read */
};

/* Reads the filters of the pids given as text (none: every process), under
 * actions_logged or the what-if list (NULL: the live value); says what
 * could not be read; then enters the sandbox when confine (a caller that
 * confines itself later says false). 0 or an exit code. */
int filterview_open(struct filterview *fv, int npids, const char *const *pids, const char *logged_list, bool confine);
/* The same, quietly, for the commands that only summarise (status, set
 * --dry-run): no sandbox entered, nothing said of what could not be read. */
int filterview_scan_quiet(struct filterview *fv);
void filterview_close(struct filterview *fv);

/* A stack's processes, for people and in JSON (filters, --compare). */
void filterview_text_tasks(struct out *o, const struct filterview *fv, const struct stack_entry *e);
void filterview_json_tasks(struct out *o, const struct filterview *fv, const struct stack_entry *e);

/* filters' outputs: the exit code. */
int filterview_render(struct filterview *fv, struct out *o, bool disasm);
int filterview_syscall(struct filterview *fv, struct out *o, const char *name);
int filterview_compare(struct filterview *fv, struct out *o, const char *file);


/* status's part: per action, how the host's filters are logged, with the
 * remedy (read false: the filters could not be read, and why). */
int filterview_render_status(const struct filterview *fv, struct out *o, bool read);
/* set --dry-run's part: which processes start or stop logging what. */
int filterview_render_impact(const struct filterview *fv, struct out *o, action_set old, action_set new, bool read);
