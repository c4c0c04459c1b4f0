/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the commands share: the vocabulary read once, the window, change emitters. */
#pragma once

#include <stdbool.h>

#include "model/actions.h"
#include "model/audit-record.h"
#include "model/timeparse.h"
#include "os/output.h"
#include "source/choose.h"

/* What the commands share: the kernel's vocabulary and current value, read
 * once, with errors said the same way everywhere. Return 0 or an exit code. */
int load_vocab(struct action_vocab *v);
int load_logged(const struct action_vocab *v, action_set *logged);
/* A refused action name (actions_parse_user), said with the valid ones: EXIT_USAGE. */
int report_name_error(const struct action_vocab *v, const struct name_error *e);

/* --since and --until into w, said the same way by every command. 0 or an exit code. */
int parse_window(const char *since, const char *until, int64_t now_ms, struct time_window *w);

/* A library call failed and said why: the exit code for it (-EINVAL: the
 * options asked for what cannot be, else an error). */
int exit_for(int err);

/* source_open, with its error as an exit code. */
int open_chosen(const struct source_choice *c, struct source_opts *o, struct source **src);

/* A set: a JSON array of names, or text with sep between names ("(none)"). */
void pr_action_set(struct out *o, enum pr_mode m, const char *key, const char *fmt,
		   const struct action_vocab *v, action_set set, char sep);

/* The fields of an op=seccomp-logging record, with its writer (NULL: unknown,
 * written as nulls), inside an open JSON object: set's record and verify's
 * changes are the same thing. */
void pr_change_fields(struct out *o, const struct action_vocab *v, const struct logging_change *c,
		      const struct syscall_who *who);

struct runtimes;
/* A listed process's workload, from its cgroup path ("" or NULL: not
 * known), names from rt: JSON keys cgroup, unit, slice, container and pod,
 * in the shapes tail writes them. */
void jw_workload(struct out *o, struct runtimes *rt, const char *cgroup);
/* The same in a few words for a table: RUNTIME:NAME (or the id's first
 * 12), else the unit, else the slice, else "-"; raw bytes: escape them. */
void process_workload_label(struct runtimes *rt, const char *cgroup, char *buf, size_t size);
