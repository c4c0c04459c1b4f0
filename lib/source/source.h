/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The source interface: records one at a time, and what was lost on the way. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/cursor.h"
#include "model/lost.h"
#include "model/event.h"
#include "model/audit-record.h"

/*
 * Where records come from: audit netlink (live), the journal, log files. A
 * source hands out audit records one at a time, and says when records were
 * lost on its way (a socket overrun, a rate limit, a ring that wrapped); it
 * can follow, and tell its position so that a reader can resume. tail,
 * verify and status read through these, and a new source is a new module.
 */

/* Which records a reader wants: the journal filters by them. */
enum source_want {
	WANT_SECCOMP,		/* SECCOMP, and the SYSCALL and PROCTITLE records beside it */
	WANT_CHANGES,		/* CONFIG_CHANGE op=seccomp-logging (their writers are looked up) */
	WANT_ALL,
};

struct source_opts {
	enum source_want want;
	const char *const *files;	/* --file (log files, or .journal files) */
	size_t nfiles;
	bool all;			/* with the rotated logs */
	const char *directory;		/* -D: journal files */
	const char *boot;		/* -b: NULL, "current", "all" or an id */
	bool kernel;			/* the journal: its kernel messages only */
	bool follow;
	int64_t since_ms;		/* -1: from the start */
	int rcvbuf;			/* netlink */
	bool trust_text;		/* --trust-file: a file's syslog tags are believed */
	const struct source_pos *resume;	/* go on after this position (NULL: as the options say) */
	unsigned int rate;		/* bpf: decisions shown one by one a second a CPU (0: the default) */
	bool counts_only;		/* bpf: only the counts (top): no decision passed up but a key's first */
};
#define OBSERVER_RATE_DEFAULT 1000

enum item_kind {
	ITEM_RECORD,	/* an audit record */
	ITEM_LOST,	/* records that never reached this source */
	ITEM_NOTE,	/* something happened to the source (rotation, a daemon restart) */
	ITEM_DECISION,	/* a decision seen as it was made (source bpf) */
};

struct source_item {
	enum item_kind kind;
	struct audit_record rec;	/* ITEM_RECORD; valid until the next call */
	const struct decision_seen *seen;	/* ITEM_DECISION; valid until the next call */
	const char *text;		/* the record as the source had it (a log line), or NULL */
	size_t text_len;
	char boot[33];			/* the boot it belongs to, "" when the source cannot say */
	uint64_t lost;			/* ITEM_LOST: how many, 0 when unknown */
	uint64_t overruns;		/* ITEM_LOST of netlink: socket overruns so far */
	int64_t lost_ms;		/* ITEM_LOST: when, ms since the epoch, -1 unknown */
	const char *cause;		/* ITEM_LOST: a stable code ("overrun", "kernel_lost" ...) */
	const char *why;		/* ITEM_LOST, ITEM_NOTE: a sentence for people */
};

struct source;

struct source_ops {
	/* 1: an item; 0: nothing more now (the end, or when following, so far); -errno */
	int (*next)(struct source *s, struct source_item *it);
	/* Following: wait up to timeout_ms for more. 1 more may be there, 0 none, -errno.
	 * May be NULL when fd says it: then the descriptor is polled. */
	int (*wait)(struct source *s, int timeout_ms);
	/* At the end: one last item (a loss seen only now), 1, or 0. May be NULL. */
	int (*final)(struct source *s, struct source_item *it);
	/* Where it stands, past every item it gave: its part of pos. May be NULL. */
	void (*position)(struct source *s, struct source_pos *pos);
	void (*close)(struct source *s);
	/* The descriptor that becomes readable when more may be there, for a
	 * wait on it and on the reader's others together; NULL (or -1): the
	 * source cannot say, and is waited on in short slices. */
	int (*fd)(struct source *s);
	/* Does it hold this boot (32 hex digits) from the boot's first minute?
	 * 1, 0, -errno. May be NULL: it cannot say (-ENOENT). */
	int (*covers_boot_start)(struct source *s, const char *boot);
	/* Is all it will read already there, in regular files, read to their
	 * end and not followed? Then no read waits on another process (a
	 * thread of its own may read it ahead). May be NULL: no. */
	bool (*settled)(struct source *s);
	/* Every decision counted by key since the source opened, whether it
	 * was handed out one by one or not (bpf): fn gets each key as a
	 * decision (no pid, the time of asking) and its count. How many keys,
	 * or -errno. May be NULL: the source hands out every one. */
	int (*tally)(struct source *s, void (*fn)(const struct decision_seen *d, uint64_t n, void *data), void *data);
};

/* Another descriptor the reader serves while a source waits (the kernel's
 * process events, when no thread of their own reads them). */
struct source_watch {
	int fd;
	void (*ready)(void *data);	/* fd is readable */
	void *data;
};
#define SOURCE_WATCH_MAX 4

struct source {
	const struct source_ops *ops;
	enum source_kind kind;
	const char *where;	/* what is read, for messages: a path, "the journal" ... */
	uint64_t skipped;	/* input that was not an audit record of a shape this tool reads */
	uint64_t overlong;	/* lines past LOGFILE_LINE_MAX */
	uint64_t not_kernel;	/* the kernel's words with another facility or transport: not read */
	uint64_t untrusted;	/* records handed out as untrusted */
	uint64_t untrusted_lost; /* losses told by lines that cannot be trusted: not counted */
	uint64_t out_of_range;	/* numbers of JSON lines that did not fit 64 bits: left out */
	const char *untrusted_why;	/* why, for people; NULL while there is none */
	struct source_watch watch[SOURCE_WATCH_MAX];	/* served while it waits */
	size_t nwatch;
};

/* Each returns 0, or -errno after saying why (a path that cannot be read, a
 * missing privilege); -EINVAL only when the options ask for what cannot be
 * (a bad boot id). */
int source_netlink_open(struct source **s, const struct source_opts *o);
int source_journal_open(struct source **s, const struct source_opts *o);
int source_file_open(struct source **s, const struct source_opts *o);
int source_kmsg_open(struct source **s, const struct source_opts *o);
int source_bpf_open(struct source **s, const struct source_opts *o);

static inline int source_next(struct source *s, struct source_item *it)
{
	return s->ops->next(s, it);
}

/* Following: wait up to timeout_ms for more, serving the watched
 * descriptors meanwhile (the one place they are served). 1 more may be
 * there, 0 none, -errno. */
int source_wait(struct source *s, int timeout_ms);
/* Serve the watched descriptors alone (none: sleep) until the monotonic ms
 * until_ms, letting the source's records gather; a signal ends it early. */
void source_serve(struct source *s, int64_t until_ms);
/* The source's covers_boot_start, or -ENOENT when it cannot say. */
int source_covers_boot_start(struct source *s, const char *boot);
/* Serve fd while s waits: 0, or -ENOSPC past SOURCE_WATCH_MAX. */
int source_watch_add(struct source *s, int fd, void (*ready)(void *data), void *data);

void source_close(struct source *s);

/* A source's counts (its tally op) as events: each key made an event by an
 * assembler like proto (its names, workloads and host), handed to fn with
 * the key and its count. How many keys, -ENOTSUP for a source that keeps no
 * counts, or -errno. */
#define SOURCE_TALLY_KEY_MAX 64	/* the bytes of a count key's identity, at most */
int source_tally_events(struct source *s, const struct assembler *proto,
			void (*fn)(const struct decision_seen *d, struct event *e, uint64_t n, void *data), void *data);

/* IT becomes a lost item of CAUSE: N records (0: not known), lost at MS
 * (-1: not known), told in lost_sentence()'s words kept in WHY. */
void lost_set(struct source_item *it, const char *cause, uint64_t n, int64_t ms, char *why, size_t size);

struct line_info;
/* A loss the kernel log tells of, as an item (kernel-log sources share it):
 * 1, or 0 when it adds nothing ("audit_lost=N" again with the same N). */
int lost_item(struct source_item *it, const struct line_info *li, uint64_t *lost_total, char *why, size_t size);
