/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Who made a live record: each process's cgroup, from /proc and the kernel's process events. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/event.h"
#include "model/proctrack.h"
#include "os/procconn.h"
#include "os/runtimes.h"

/*
 * The live sources' workload lookup (struct workload_lookup): a record's
 * process is read in /proc (its cgroup, then its start time and state, so a
 * zombie's reset cgroup or a newer holder of the pid is never taken), and
 * what the kernel's process events told of it (fork, exec, exit) is kept in
 * a tracker (model/proctrack.h), so a process gone before its record was
 * read is still attributed. The events are read by a thread of the
 * module's own, which holds no capability, so that a process that execs
 * and ends at once is read while it lives, whatever the reader is doing. A living process's cgroup is read again when
 * a record comes a second after the last read. Names come from the
 * runtimes' files (os/runtimes.h).
 */

struct cg_info {
	const char *path;		/* the tracker's string, which it never frees before it ends */
	struct workload w;
	size_t len;
	bool parsed, named;
	int64_t named_ms;		/* the names were last asked for then */
	struct container_names names;	/* owned copies */
};

struct workloads {
	const char *proc;		/* "/proc" */
	struct procconn pc;
	bool events;			/* the proc connector is open */
	/* a thread of its own reads the events as they come (an exec'd
	 * process is read before it can end, whatever the reader is busy
	 * with); the lock is the tracker's */
	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	int stop[2];
	int ready;			/* the thread's word that it runs, at its start */
	uint64_t overruns;		/* the connector's, as last seen */
	struct proctrack track;
	struct runtimes rt;
	int64_t mono_to_real_ns;	/* to add to CLOCK_MONOTONIC for CLOCK_REALTIME */
	bool mono_to_real_fresh;	/* read in this drain */
	int64_t last_drain_rt;		/* CLOCK_REALTIME ms when the last read of the events began */
	struct cg_info *infos;		/* by cgroup id - 1: what it names, parsed once */
	size_t ninfos;
	/* the record before's answer, while nothing changed (a storm is one process's) */
	int32_t last_pid;
	uint32_t last_id;
	uint64_t last_gen, last_rec;
	int64_t last_read;
	struct workload_lookup lookup;
	uint64_t unknown[WHY_COUNT];	/* records not attributed, by why */
};

/* events: follow the kernel's process events (needs CAP_NET_ADMIN); when
 * they cannot be had the lookup reads /proc only, and *why says so. 0 or
 * -ENOMEM. */
int workloads_open(struct workloads *w, bool events, const char **why);
void workloads_close(struct workloads *w);
/* The connector's socket, to wait on beside a source's; -1 when closed
 * or read by the module's own thread. */
int workloads_fd(const struct workloads *w);
/* Every process event queued now (nothing when the thread reads them). */
void workloads_drain(struct workloads *w);

/* One process's workload now, without the tracker (status, filters): its
 * cgroup path into buf, and what it names into *wl. -errno when it cannot
 * be read, -ESRCH when it is gone or exiting. */
int workload_of_pid(const char *proc, pid_t pid, char *buf, size_t size, struct workload *wl);
