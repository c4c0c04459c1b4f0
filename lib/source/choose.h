/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which source to read: the one named, or where this host's records go now. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "source/source.h"

/*
 * Which source to read: --source names it, or auto picks where this host's
 * records go now (auditd's log when auditd is registered; the journal when
 * journald reads audit; else the kernel log: the journal's kernel messages,
 * or /dev/kmsg) and says why on stderr. A .journal file, -D or -b mean the
 * journal.
 */

struct source_choice {
	enum source_kind source;
	bool journal;		/* the kernel source, from the journal's kernel messages */
	char path[1024];	/* auto: the log auditd writes */
	char why[1536];
};

/* 0, or -EINVAL after saying why (an unknown source, -b without the journal). */
int source_choose(const char *name, const char *const *files, size_t nfiles, const char *dir, const char *boot,
		  bool netlink_ok, struct source_choice *c);
/* The kind of source source_open(c, o) opens, known before it is: what must
 * watch the host from before the first record (the process events) starts
 * first. */
enum source_kind source_kind_of(const struct source_choice *c, const struct source_opts *o);
/* Are its records this host's, made this boot, by processes that may still
 * be here to be asked (audit netlink, /dev/kmsg, the journal of this boot)?
 * Not a journal directory, files, another boot or all of them: a pid there
 * is another machine's, or another boot's. */
bool source_reads_this_host(const struct source_choice *c, const struct source_opts *o);
/* Open what was chosen: 0, or -errno after saying why (as the sources do). */
int source_open(const struct source_choice *c, struct source_opts *o, struct source **src);
