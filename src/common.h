/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "actions.h"
#include "cli.h"
#include "event.h"
#include "output.h"
#include "record.h"
#include "timeparse.h"

/* What the commands share: the kernel's vocabulary and current value, read
 * once, with errors said the same way everywhere. Return 0 or an exit code. */
int load_vocab(struct action_vocab *v);
int load_logged(const struct action_vocab *v, action_set *logged);

/* --since and --until into w, said the same way by every command. */
int parse_window(const char *since, const char *until, int64_t now_ms, struct time_window *w);

struct source_opts;
struct source;

/* The source to read: --source names it, or auto picks where this host's
 * records go now (auditd's log when auditd is registered; the journal when
 * journald reads audit; else the kernel log: the journal's kernel messages,
 * or /dev/kmsg) and says why on stderr. A .journal --file, -D or -b mean the
 * journal. 0 or an exit code. */
struct source_choice {
	enum source_kind source;
	bool journal;		/* the kernel source, from the journal's kernel messages */
	char path[1024];	/* auto: the log auditd writes */
	char why[1536];
};
int choose_source(const char *name, const struct cli_list *files, const char *dir, const char *boot,
		  bool netlink_ok, struct source_choice *c);
int open_source(const struct source_choice *c, struct source_opts *o, struct source **src);

/* A set: a JSON array of names, or text with sep between names ("(none)"). */
void pr_action_set(struct out *o, enum pr_mode m, const char *key, const char *fmt,
		   const struct action_vocab *v, action_set set, char sep);
const char *set_text(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size);

/* The fields of an op=seccomp-logging record, with its writer (NULL: unknown,
 * written as nulls), inside an open JSON object: set's record and verify's
 * changes are the same thing. */
void jw_change_fields(struct out *o, const struct action_vocab *v, const struct logging_change *c,
		      const struct syscall_who *who);

struct audit_reader;
struct change_watch;
/* Feed records to the watch until our record of a write is in (and its
 * SYSCALL record, given a short grace) or timeout seconds pass. 0 or -errno
 * (-EINTR on a signal). */
int watch_wait(struct audit_reader *rd, struct change_watch *w, double timeout);
