/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "actions.h"
#include "record.h"

/* What the commands share: the kernel's vocabulary and current value, read
 * once, with errors said the same way everywhere. Return 0 or an exit code. */
int load_vocab(struct action_vocab *v);
int load_logged(const struct action_vocab *v, action_set *logged);

/* Write a set as a JSON array of names / as text with sep between names. */
void jw_action_set(const char *key, const struct action_vocab *v, action_set set);
const char *set_text(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size);

/* The fields of an op=seccomp-logging record, with its writer (NULL: unknown,
 * written as nulls), inside an open JSON object: set's record and verify's
 * changes are the same thing. */
void jw_change_fields(const struct action_vocab *v, const struct logging_change *c,
		      const struct syscall_who *who);
