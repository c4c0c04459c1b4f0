/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The options of the commands that read records: where from, and which events. */
#pragma once

#include <stdbool.h>

#include "cli.h"
#include "cmdutil.h"
#include "model/filter.h"
#include "source/source.h"

/*
 * The options of commands that read records (tail, profile): where from, and
 * which events. One table of options, one setup, so that every reader takes
 * them the same way.
 */

struct read_opts {
	const char *source, *since, *until, *directory, *boot, *rcvbuf;
	const char *pid, *uid, *comm, *exe, *syscall, *action, *arch, *host;
	struct cli_list files;
	bool all;
};

/* sources: the --source help; what: "events" or "changes", for --since and --until */
#define READ_OPTS_SOURCE(r, sources, what) \
	{ "source", 0, OPT_STRING, &(r).source, "SOURCE", sources " (default auto: where this host's records go)" }, \
	{ "file", 0, OPT_STRING_LIST, &(r).files, "PATH", \
	  "read this log (audit.log, dmesg, kern.log, syslog ...) or journal file (*.journal) " \
	  "(repeatable; - is standard input)" }, \
	{ "directory", 'D', OPT_STRING, &(r).directory, "DIR", "read the journal files in DIR" }, \
	{ "boot", 'b', OPT_OPTIONAL_PATH, &(r).boot, "ID", \
	  "journal: only this boot (alone: the current one; 'all': every boot)", "current" }, \
	{ "all", 0, OPT_FLAG, &(r).all, NULL, "also read the rotated logs (PATH.N ... PATH.1), oldest first" }, \
	{ "since", 0, OPT_STRING, &(r).since, "TIME", what " at or after TIME" }, \
	{ "until", 0, OPT_STRING, &(r).until, "TIME", what " before TIME" }

#define READ_OPTS_FILTER(r) \
	{ "pid", 0, OPT_STRING, &(r).pid, "PID", "only this process" }, \
	{ "uid", 0, OPT_STRING, &(r).uid, "UID", "only this user (name or number)" }, \
	{ "comm", 0, OPT_STRING, &(r).comm, "PATTERN", "only process names matching (glob)" }, \
	{ "exe", 0, OPT_STRING, &(r).exe, "PATTERN", "only executables matching (glob)" }, \
	{ "syscall", 0, OPT_STRING, &(r).syscall, "NAME", "only this system call (name or number)" }, \
	{ "action", 0, OPT_STRING, &(r).action, "ACTIONS", "only these actions (comma separated)" }, \
	{ "arch", 0, OPT_STRING, &(r).arch, "ARCH", "only this architecture (x86_64, i386, aarch64, or hex)" }, \
	{ "host", 0, OPT_STRING, &(r).host, "PATTERN", \
	  "only records that name a host matching (glob; node=, syslog, _HOSTNAME)" }

#define READ_OPTS_RCVBUF(r) \
	{ "rcvbuf", 0, OPT_STRING, &(r).rcvbuf, "BYTES", "netlink receive buffer (default 32 MiB)" }

struct assembler;
/* What reading met that the events do not show, said once at the end: input
 * that was not a record, records without what an event needs, ausearch -i
 * text (local times), records without arch. */
void read_report(const struct source *src, const struct assembler *a);

/* The filter the options ask for. 0, or -EINVAL after saying why. */
int read_opts_filter(const struct read_opts *r, struct event_filter *f);
/* --rcvbuf in bytes (0: not given). 0, or an exit code after saying why. */
int read_opts_rcvbuf(const struct read_opts *r, int *rcvbuf);
/* Which source, and how to open it. 0, or an exit code after saying why. */
int read_opts_source(const struct read_opts *r, const struct time_window *w, bool follow, bool netlink_ok,
		     struct source_choice *c, struct source_opts *so);
