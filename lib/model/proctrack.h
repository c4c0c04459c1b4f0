/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every process seen, by pid and lifetime: whose a record was, also after it ended. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/audit-record.h"
#include "model/hashtab.h"
#include "model/workload.h"

/*
 * What a live reader knows of each process: when it started and ended, and
 * its cgroup, from the kernel's process events (fork, exec, exit) and from
 * /proc where it read it. A record names a pid and a time; the tracker says
 * which process held the pid then, or why it cannot: the record's time is
 * the kernel's coarse clock (up to RECORD_CLOCK_SLACK_MS early), so a pid
 * that passed from one process to another within that window is ambiguous,
 * and a holder the tracker never saw (before it started, after its events
 * overran, after it forgot an ended one) is never ruled out by guessing.
 * Pure: the os layer (os/workloads.c) feeds it. Times are CLOCK_REALTIME
 * milliseconds.
 */

#define PT_EXPIRE_MS 60000	/* an ended process is forgotten this long after */
#define PT_ROUND_MS 2		/* an event's time, to the ms, against a record's: what rounding leaves */

/* One holder of a pid. Times are ms after the tracker's base. */
struct pt_inst {
	uint32_t start;			/* its start: in [start, start + width] */
	uint32_t end;			/* when it ended, UINT32_MAX while it lives */
	uint32_t read;			/* when its cgroup was read, 0: inherited at fork */
	uint32_t cgroup;		/* 1 + the pool's index, 0: unknown */
	uint8_t width;
	uint8_t stale;			/* it exec'd and its cgroup was not read again */
	uint8_t valid;
};

/* A pid's current holder; the one before it, where there was one, is kept
 * apart (few pids have one), so that 10,000 processes take under a MiB. */
struct pt_entry {
	int32_t pid;
	uint32_t dropped_end;		/* the latest end of an earlier holder no longer kept */
	struct pt_inst cur;
};

struct pt_prev {
	int32_t pid;
	struct pt_inst inst;
};

struct proctrack {
	struct htab procs;		/* struct pt_entry by pid */
	struct htab prevs;		/* struct pt_prev by pid */
	struct htab pool_index;		/* struct pool_slot by the string's hash */
	char **pool;
	size_t npool, pool_cap;
	uint64_t base_ms;		/* times are kept after it */
	uint32_t since;			/* tracking began */
	uint32_t horizon;		/* holders forgotten ended by then */
	uint32_t overrun;		/* events were lost up to then */
	uint32_t last_sweep;
	uint64_t generation;		/* bumped by every change: a caller's cache of a lookup holds while it stays */
};

int proctrack_init(struct proctrack *t, uint64_t now_ms);
void proctrack_free(struct proctrack *t);

/* The string of a cgroup id, NULL for 0. */
const char *proctrack_cgroup(const struct proctrack *t, uint32_t id);
/* A cgroup path's id, added when new: 0 when out of memory. */
uint32_t proctrack_intern(struct proctrack *t, const char *path, size_t len);

/* The kernel's events. fork: the child starts in its parent's cgroup. */
void proctrack_fork(struct proctrack *t, int32_t parent, int32_t child, uint64_t ms);
void proctrack_exec(struct proctrack *t, int32_t pid, uint64_t ms);
void proctrack_exit(struct proctrack *t, int32_t pid, uint64_t ms);
/* Events were lost until now: holders may have come and gone unseen. */
void proctrack_overrun(struct proctrack *t, uint64_t now_ms);
/* /proc read at now_ms: pid is a process that started in [start_lo, start_hi]
 * with this cgroup (0: not read). */
void proctrack_observe(struct proctrack *t, int32_t pid, uint64_t start_lo, uint64_t start_hi, uint32_t cgroup,
		       uint64_t now_ms);
/* pid's living process, when the tracker knows one: its instance (to see
 * whether its cgroup was read lately). NULL otherwise. */
const struct pt_inst *proctrack_living(const struct proctrack *t, int32_t pid);

/* Whose was a record of pid at rec_ms: the cgroup id (> 0) and WHY_KNOWN,
 * or 0 and why not. */
uint32_t proctrack_lookup(const struct proctrack *t, int32_t pid, uint64_t rec_ms, enum workload_why *why);

/* Forget processes that ended PT_EXPIRE_MS ago; at most once a second. */
void proctrack_sweep(struct proctrack *t, uint64_t now_ms);

/* Bytes held, for the benchmark. */
size_t proctrack_bytes(const struct proctrack *t);
