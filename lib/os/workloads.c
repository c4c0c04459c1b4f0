// SPDX-License-Identifier: LGPL-2.1-or-later
/* Who made a live record: each process's cgroup, from /proc and the kernel's process events. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/clock.h"
#include "os/procfs.h"
#include "os/sandbox.h"
#include "os/workloads.h"

#define REREAD_MS 1000		/* a living process's cgroup is read again after this */
#define DRAIN_MS 5		/* a storm's process is answered this long without reading the events */
#define CGROUP_TEXT_MAX 16384	/* /proc/PID/cgroup: a line a hierarchy */
#define EVENTS_RCVBUF (8 << 20)

static int64_t ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* CLOCK_REALTIME less clk, in ns: the realtime read between two reads of
 * clk, the closest pair of three. Two reads one after the other are off by
 * whatever came between them (a preemption: ms), and every time converted
 * with it would be too: a record would seem to come after its process
 * ended. */
static int64_t real_less(clockid_t clk)
{
	int64_t best = 0, best_gap = INT64_MAX;

	for (int k = 0; k < 3; k++) {
		struct timespec a, r, b;
		int64_t gap;

		clock_gettime(clk, &a);
		clock_gettime(CLOCK_REALTIME, &r);
		clock_gettime(clk, &b);
		gap = ns_of(&b) - ns_of(&a);
		if (gap < best_gap) {
			best_gap = gap;
			best = ns_of(&r) - (ns_of(&a) + gap / 2);
		}
	}
	return best;
}

/* pid's cgroup path into buf, and when it started (usec after boot): its
 * length, or -errno (-ESRCH: gone, or ending where its path is not kept). */
static int read_cgroup(const char *proc, pid_t pid, char *buf, size_t size, uint64_t *usec)
{
	char text[CGROUP_TEXT_MAX];
	size_t off, len;
	bool ending;
	ssize_t n;
	int r;

	/* the cgroup first, then the state: a process not ending after the
	 * read was not ending during it */
	if ((n = proc_cgroup(proc, pid, text, sizeof(text))) < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	if ((r = proc_start_usec(proc, pid, usec, &ending)) < 0)
		return r == -ENOENT ? -ESRCH : r;
	if (!cgroup_pick(text, (size_t)n, ending, &off, &len))
		return ending ? -ESRCH : -EINVAL;
	if (len >= size)
		return -EINVAL;
	memcpy(buf, text + off, len);
	buf[len] = '\0';
	return (int)len;
}

int workload_of_pid(const char *proc, pid_t pid, char *buf, size_t size, struct workload *wl)
{
	uint64_t usec;
	int len = read_cgroup(proc, pid, buf, size, &usec);

	if (len >= 0 && wl)
		workload_parse(buf, (size_t)len, wl);
	return len;
}

/* Read pid in /proc and tell the tracker: its cgroup id, 0 when it could not be read. */
static uint32_t observe(struct workloads *w, pid_t pid)
{
	char path[WORKLOAD_CGROUP_MAX + 1];
	uint64_t usec, start;
	/* the time before the read: a move and exec between the read and a
	 * clock taken after it would be counted as seen */
	int64_t read_ms = realtime_ms();
	uint32_t cg;
	int len;
	size_t known = w->track.npool;

	if ((len = read_cgroup(w->proc, pid, path, sizeof(path), &usec)) < 0 ||
	    !(cg = proctrack_intern(&w->track, path, (size_t)len)))
		return 0;
	/* a cgroup first seen: the runtimes' files read now, while the
	 * container is there (a short one's state goes with it, maybe before
	 * its record is read); kept in their cache. Maybe too early: runc's
	 * init joins the cgroup before runc writes the state, and that miss
	 * must not keep the record's own lookup from reading it */
	if (w->track.npool > known) {
		struct container_names n;
		struct workload wl;

		workload_parse(path, (size_t)len, &wl);
		runtimes_probe(&w->rt, path, (size_t)len, &wl, &n);
	}
	/* its start, to a clock tick, and the clocks' own ms of rounding:
	 * the window it falls in */
	start = (uint64_t)((real_less(CLOCK_BOOTTIME) + (int64_t)usec * 1000) / 1000000);
	proctrack_observe(&w->track, pid, start - PT_ROUND_MS,
			  start + 1000 / (uint64_t)sysconf(_SC_CLK_TCK) + PT_ROUND_MS, cg, (uint64_t)read_ms);
	return cg;
}

/* An event's time: the offset read again once a drain (the wall clock
 * may have been set since), when it has an event to convert. */
static uint64_t ev_ms(struct workloads *w, uint64_t ns)
{
	if (!w->mono_to_real_fresh) {
		w->mono_to_real_ns = real_less(CLOCK_MONOTONIC);
		w->mono_to_real_fresh = true;
	}
	return (uint64_t)(((int64_t)ns + w->mono_to_real_ns) / 1000000);
}

static void on_fork(pid_t parent, pid_t child, uint64_t ns, void *data)
{
	struct workloads *w = data;

	/* the child starts in its parent's cgroup: a parent not known yet is read */
	if (!proctrack_living(&w->track, parent))
		observe(w, parent);
	proctrack_fork(&w->track, parent, child, ev_ms(w, ns));
}

static void on_exec(pid_t pid, uint64_t ns, void *data)
{
	struct workloads *w = data;

	/* a runtime moves its child between fork and exec: read it again now */
	proctrack_exec(&w->track, pid, ev_ms(w, ns));
	observe(w, pid);
}

static void on_exit_ev(pid_t pid, uint64_t ns, void *data)
{
	struct workloads *w = data;

	proctrack_exit(&w->track, pid, ev_ms(w, ns));
}

static const struct proc_ev_fns events = { .fork = on_fork, .exit = on_exit_ev, .exec = on_exec };

static void drain_now(struct workloads *w);

void workloads_drain(struct workloads *w)
{
	if (w->events && !w->threaded)
		drain_now(w);
}

/* The events thread: no capability of its own, no signal (the main thread
 * takes those), a wait on the connector and on the stop pipe. */
static void *events_thread(void *data)
{
	struct workloads *w = data;
	struct pollfd pfd[2] = { { .fd = procconn_fd(&w->pc), .events = POLLIN }, { .fd = w->stop[0], .events = POLLIN } };
	char ok;

	/* ahead of the processes it reads, which may live for microseconds
	 * after an exec (CAP_SYS_NICE, before it drops every capability;
	 * without it, at the reader's own priority) */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), -10);
	ok = sandbox_drop_caps(SANDBOX_KEEP_NONE) == 0 ? 1 : 0;

	if (write(w->ready, &ok, 1) != 1 || !ok)
		return NULL;
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return NULL;
		if (pfd[1].revents)
			return NULL;
		if (pfd[0].revents) {
			pthread_mutex_lock(&w->lock);
			drain_now(w);
			pthread_mutex_unlock(&w->lock);
		}
	}
}

/* The thread, once it said it dropped its capabilities; false: none (the
 * reader serves the events itself then). */
static bool start_thread(struct workloads *w)
{
	sigset_t all, old;
	int r, ready[2];
	char ok = 0;

	if (pipe2(ready, O_CLOEXEC) < 0)
		return false;
	if (pipe2(w->stop, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		return false;
	}
	w->ready = ready[1];
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&w->thread, NULL, events_thread, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* the thread says once it dropped its capabilities */
	if (r == 0 && (read(ready[0], &ok, 1) != 1 || !ok)) {
		pthread_join(w->thread, NULL);
		r = -1;
	}
	close(ready[0]);
	close(ready[1]);
	if (r != 0) {
		close(w->stop[0]);
		close(w->stop[1]);
		return false;
	}
	return true;
}

static void drain_now(struct workloads *w)
{
	int64_t start = realtime_ms();

	w->mono_to_real_fresh = false;
	procconn_drain(&w->pc, &events, w);
	/* once read: the record path's check without the lock sees a drain
	 * only when its events are in the tracker */
	__atomic_store_n(&w->last_drain_rt, start, __ATOMIC_RELEASE);
	if (w->pc.overruns != w->overruns) {
		w->overruns = w->pc.overruns;
		proctrack_overrun(&w->track, (uint64_t)realtime_ms());
	}
	proctrack_sweep(&w->track, (uint64_t)realtime_ms());
}

/* What a cgroup names, parsed once, and the names the host keeps, asked
 * again a second after a miss. */
/* Called under the lock the first time for an id (the pool is the
 * tracker's); after that, the string is kept here and the pool not read. */
static struct cg_info *info_of(struct workloads *w, uint32_t id, int64_t now)
{
	struct container_names n;
	struct cg_info *i;
	const char *cg;

	if (id > w->ninfos) {
		size_t cap = w->ninfos ? w->ninfos : 64;
		struct cg_info *more;

		while (cap < id)
			cap *= 2;
		if (!(more = realloc(w->infos, cap * sizeof(*more))))
			return NULL;
		memset(more + w->ninfos, 0, (cap - w->ninfos) * sizeof(*more));
		w->infos = more;
		w->ninfos = cap;
	}
	i = &w->infos[id - 1];
	if (!i->parsed) {
		i->path = cg = proctrack_cgroup(&w->track, id);
		i->len = strlen(cg);
		workload_parse(cg, i->len, &i->w);
		i->parsed = true;
		i->named_ms = INT64_MIN;
	}
	cg = i->path;
	if (!i->named && now >= i->named_ms + REREAD_MS) {
		i->named_ms = now;
		memset(&n, 0, sizeof(n));
		if (runtimes_names(&w->rt, cg, i->len, &i->w, &n, (uint64_t)now)) {
			/* copies: the runtimes' cache is theirs to drop */
			i->named = true;
			i->names.runtime = n.runtime;
			i->names.id = n.id ? strdup(n.id) : NULL;
			i->names.name = n.name ? strdup(n.name) : NULL;
			i->names.image = n.image ? strdup(n.image) : NULL;
			i->names.pod_name = n.pod_name ? strdup(n.pod_name) : NULL;
			i->names.pod_namespace = n.pod_namespace ? strdup(n.pod_namespace) : NULL;
			i->names.pod_uid = n.pod_uid ? strdup(n.pod_uid) : NULL;
		}
	}
	return i;
}

static int resolve_locked(struct workloads *w, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
			  enum workload_why *why, struct workload *wl, struct container_names *names, int64_t now);

/* The answer for cgroup id into the caller's. */
static int answer(struct workloads *w, uint32_t id, int64_t now, char *buf, size_t size, enum workload_why *why,
		  struct workload *wl, struct container_names *names)
{
	/* under the lock where the runtimes may be asked (their cache is the
	 * events thread's too) */
	struct cg_info *i = info_of(w, id, now);

	if (!i || i->len >= size) {
		*why = WHY_GONE;
		return -1;
	}
	memcpy(buf, i->path, i->len + 1);
	*wl = i->w;
	*names = i->names;
	*why = WHY_KNOWN;
	return (int)i->len;
}

static int resolve(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
		   enum workload_why *why, struct workload *wl, struct container_names *names)
{
	struct workloads *w = ctx;
	uint64_t rec = sec * 1000 + msec;
	int64_t now = realtime_ms();
	int r;

	/* the same process as the record before, nothing changed since (the
	 * tracker's generation, which the events thread bumps), read lately:
	 * the same answer, without the lock (a storm is one process's) */
	if (pid == w->last_pid && __atomic_load_n(&w->track.generation, __ATOMIC_ACQUIRE) == w->last_gen &&
	    rec >= w->last_rec && now < w->last_read + REREAD_MS &&
	    (!w->events || now < __atomic_load_n(&w->last_drain_rt, __ATOMIC_ACQUIRE) + DRAIN_MS) &&
	    (w->infos[w->last_id - 1].named || now < w->infos[w->last_id - 1].named_ms + REREAD_MS))
		return answer(w, w->last_id, now, buf, size, why, wl, names);
	if (w->threaded)
		pthread_mutex_lock(&w->lock);
	r = resolve_locked(w, pid, sec, msec, buf, size, why, wl, names, now);
	if (w->threaded)
		pthread_mutex_unlock(&w->lock);
	return r;
}

static int resolve_locked(struct workloads *w, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
			  enum workload_why *why, struct workload *wl, struct container_names *names, int64_t now)
{
	const struct pt_inst *live;
	uint64_t rec = sec * 1000 + msec;
	uint32_t id;

	if (pid <= 0 || pid > INT32_MAX) {
		*why = WHY_GONE;
		return -1;
	}
	/* the events first, always: the record's process may have exec'd
	 * (and been moved before it) since the last read of them, and its
	 * exec was sent before its record; only the record before's own
	 * process is answered without (above), for DRAIN_MS */
	if (w->events)
		drain_now(w);
	live = proctrack_living(&w->track, (int32_t)pid);
	/* read when not known, inherited only, doubtful, or not lately */
	if ((!live || !live->read || live->stale || live->read + REREAD_MS < (uint64_t)now - w->track.base_ms ||
	     live->read < w->track.overrun) &&
	    !observe(w, (pid_t)pid))
		/* gone: its exec and exit were sent before it went, and are
		 * read before what the tracker holds is trusted */
		drain_now(w);
	id = proctrack_lookup(&w->track, (int32_t)pid, rec, why);
	if (!id) {
		w->unknown[*why]++;
		w->last_pid = 0;
		return -1;
	}
	live = proctrack_living(&w->track, (int32_t)pid);
	w->last_pid = live && live->cgroup == id ? (int32_t)pid : 0;
	w->last_gen = w->track.generation;
	w->last_rec = rec;
	w->last_id = id;
	w->last_read = live ? (int64_t)(w->track.base_ms + live->read) : 0;
	return answer(w, id, now, buf, size, why, wl, names);
}

int workloads_open(struct workloads *w, bool want_events, const char **why)
{
	int r;

	memset(w, 0, sizeof(*w));
	*why = NULL;
	w->proc = "/proc";
	if (proctrack_init(&w->track, (uint64_t)realtime_ms()) < 0)
		return -ENOMEM;
	if (runtimes_init(&w->rt, NULL) < 0) {
		proctrack_free(&w->track);
		return -ENOMEM;
	}
	if (want_events) {
		r = procconn_open(&w->pc, EVENTS_RCVBUF);
		if (r == 0) {
			w->events = true;
			pthread_mutex_init(&w->lock, NULL);
			w->threaded = start_thread(w);
		}
		else
			*why = r == -EPERM ? "the kernel's process events need CAP_NET_ADMIN"
			       : r == -ENOENT ? "this kernel has no process events (CONFIG_PROC_EVENTS)"
					      : "the kernel's process events cannot be had";
	}
	w->lookup.resolve = resolve;
	w->lookup.ctx = w;
	return 0;
}

void workloads_close(struct workloads *w)
{
	if (w->threaded) {
		char c = 0;

		if (write(w->stop[1], &c, 1) == 1)
			pthread_join(w->thread, NULL);
		close(w->stop[0]);
		close(w->stop[1]);
		w->threaded = false;
	}
	if (w->events) {
		procconn_close(&w->pc);
		pthread_mutex_destroy(&w->lock);
	}
	for (size_t k = 0; k < w->ninfos; k++) {
		struct container_names *n = &w->infos[k].names;

		free((char *)n->id), free((char *)n->name), free((char *)n->image);
		free((char *)n->pod_name), free((char *)n->pod_namespace), free((char *)n->pod_uid);
	}
	free(w->infos);
	w->infos = NULL;
	w->ninfos = 0;
	proctrack_free(&w->track);
	runtimes_free(&w->rt);
	w->events = false;
}

int workloads_fd(const struct workloads *w)
{
	return w->events && !w->threaded ? procconn_fd(&w->pc) : -1;
}

