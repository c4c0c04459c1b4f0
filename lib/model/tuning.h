/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tuning with data: what a new actions_logged would add to or take from the records, by workload, from decisions counted. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/actions.h"
#include "model/hashtab.h"

/*
 * Decisions counted over a window (the observer's, and the log records
 * netlink carried), each with its action and whether the filter that made
 * it carries SECCOMP_FILTER_FLAG_LOG, are judged under the old and the new
 * actions_logged (decision_logged): a decision logged under the new value
 * but not the old is a record added, the other way one taken away. Rows by
 * workload; per action, how many decisions there were and how many the
 * change moves, so that "enabling errno adds nothing" can say why.
 */

struct tuning_row {
	char *workload;
	uint64_t added, removed, unknown;
};

struct tuning_action {
	uint64_t seen;		/* decisions of this action */
	uint64_t added, removed;
	uint64_t no_flag;	/* of them, by filters without FLAG_LOG (for the FLAG_LOG actions) */
};

struct tuning {
	const struct action_vocab *v;
	action_set old, new;
	struct htab rows;	/* of struct tuning_row */
	struct tuning_action by_action[ACT_KILL_EITHER + 1];	/* by enum action_row */
	uint64_t added, removed, unknown;
	double seconds;
};

int tuning_init(struct tuning *t, const struct action_vocab *v, action_set old, action_set new, double seconds);
void tuning_free(struct tuning *t);
/* count decisions of workload (a label, "" when not known) with this code
 * (SECCOMP_RET_*, ACTION_CODE_KILL_EITHER), other: a second action the
 * kernel's state allows (0: none), flag_log 1, 0, or -1 (some filters of
 * the stack carry it, some not). 0 or -ENOMEM. */
int tuning_add(struct tuning *t, const char *workload, uint32_t code, uint32_t other, int flag_log, uint64_t count);
/* The rows, most moved first; an array the caller frees. */
struct tuning_row **tuning_sorted(const struct tuning *t, size_t *n);
