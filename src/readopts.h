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
	const char *pid, *uid, *comm, *exe, *syscall, *action, *arch, *host, *unit, *container, *pod;
	bool no_workload;
	struct cli_list files;
	bool all, trust_file;
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
	{ "trust-file", 0, OPT_FLAG, &(r).trust_file, NULL, \
	  "take --file's syslog tags at their word (only for a file no process but the kernel's logger can write)" }, \
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
	  "only records that name a host matching (glob; node=, syslog, _HOSTNAME)" }, \
	{ "unit", 0, OPT_STRING, &(r).unit, "PATTERN", "only processes of a systemd unit or slice matching (glob)" }, \
	{ "container", 0, OPT_STRING, &(r).container, "ID|NAME", \
	  "only this container: an id's first digits, or a name matching (glob)" }, \
	{ "pod", 0, OPT_STRING, &(r).pod, "NAME|UID", \
	  "only this Kubernetes pod: NAME or NAMESPACE/NAME (glob), or its UID" }, \
	{ "no-workload", 0, OPT_FLAG, &(r).no_workload, NULL, \
	  "live sources: do not read each record's process in /proc for its unit and container" }

#define READ_OPTS_RCVBUF(r) \
	{ "rcvbuf", 0, OPT_STRING, &(r).rcvbuf, "BYTES", "netlink receive buffer (default 32 MiB)" }

struct assembler;
struct workloads;
/* Sources of this host now (source_reads_this_host: netlink, the kernel
 * log of this boot): each record's workload from /proc and the kernel's
 * process events, unless --no-workload (*opened says whether w must be
 * closed). Called before the source is opened, so that a process starting
 * once records can be read is seen starting. 0, or an exit code after
 * saying why. */
int read_opts_workloads(const struct read_opts *r, bool this_host, struct workloads *w, bool *opened);
/* Then, once the assembler is made: this host's name on every event of such
 * a source, and the workloads opened asked for each. */
void read_opts_use_workloads(bool this_host, struct assembler *a, struct workloads *w, bool opened);
/* The process events read while src waits, as they come (a process that
 * execs and ends at once is read before it ends). */
void read_opts_serve_workloads(struct source *src, struct workloads *w);
/* Records whose workload could not be said, and why, once at the end. */
void read_report_workloads(const struct workloads *w);
/* What reading met that the events do not show, said once at the end: input
 * that was not a record, records without what an event needs, ausearch -i
 * text (local times), records without arch, lines that could not be
 * trusted (used: whether the command used those records, or only showed them). */
void read_report(const struct source *src, const struct assembler *a, bool used);
/* Its part on lines that could not be trusted, or that the kernel did not write. */
void read_report_trust(const struct source *src, bool used);

/* The filter the options ask for. 0, or -EINVAL after saying why. */
int read_opts_filter(const struct read_opts *r, struct event_filter *f);
/* --rcvbuf in bytes (0: not given). 0, or an exit code after saying why. */
int read_opts_rcvbuf(const struct read_opts *r, int *rcvbuf);
/* Which source, and how to open it. 0, or an exit code after saying why. */
int read_opts_source(const struct read_opts *r, const struct time_window *w, bool follow, bool netlink_ok,
		     struct source_choice *c, struct source_opts *so);
