// SPDX-License-Identifier: LGPL-2.1-or-later
/* Who made a live record: each process's cgroup, from /proc and the kernel's process events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/timeparse.h"
#include "os/procfs.h"
#include "os/workloads.h"

#define REREAD_MS 1000		/* a living process's cgroup is read again after this */
#define DRAIN_MS 5		/* events are read at least this often while records come */
#define CGROUP_TEXT_MAX 16384	/* /proc/PID/cgroup: a line a hierarchy */
#define EVENTS_RCVBUF (8 << 20)

static int64_t boot_to_real_ms(void)
{
	struct timespec b, r;

	clock_gettime(CLOCK_BOOTTIME, &b);
	clock_gettime(CLOCK_REALTIME, &r);
	return ((int64_t)r.tv_sec - b.tv_sec) * 1000 + (r.tv_nsec - b.tv_nsec) / 1000000;
}

int workload_of_pid(const char *proc, pid_t pid, char *buf, size_t size, struct workload *wl)
{
	char text[CGROUP_TEXT_MAX];
	size_t off, len;
	uint64_t usec;
	bool ending;
	ssize_t n;
	int r;

	/* the cgroup first, then the state: a process not ending after the
	 * read was not ending during it */
	if ((n = proc_cgroup(proc, pid, text, sizeof(text))) < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	if ((r = proc_start_usec(proc, pid, &usec, &ending)) < 0)
		return r == -ENOENT ? -ESRCH : r;
	if (!cgroup_pick(text, (size_t)n, ending, &off, &len))
		return ending ? -ESRCH : -EINVAL;
	if (len >= size)
		return -EINVAL;
	memcpy(buf, text + off, len);
	buf[len] = '\0';
	if (wl)
		workload_parse(buf, len, wl);
	return (int)len;
}

/* Read pid in /proc and tell the tracker: its cgroup id, 0 when it could not be read. */
static uint32_t observe(struct workloads *w, pid_t pid)
{
	char text[CGROUP_TEXT_MAX];
	uint64_t usec, start;
	size_t off, len;
	bool ending;
	ssize_t n;
	uint32_t cg;

	w->proc_reads++;
	if ((n = proc_cgroup(w->proc, pid, text, sizeof(text))) < 0 || proc_start_usec(w->proc, pid, &usec, &ending) < 0 ||
	    !cgroup_pick(text, (size_t)n, ending, &off, &len))
		return 0;
	if (!(cg = proctrack_intern(&w->track, text + off, len)))
		return 0;
	/* its start, to a clock tick, and the clocks' own ms of rounding:
	 * the window it falls in */
	start = (uint64_t)(boot_to_real_ms() + (int64_t)(usec / 1000));
	proctrack_observe(&w->track, pid, start - 2, start + 1000 / (uint64_t)sysconf(_SC_CLK_TCK) + 2, cg,
			  (uint64_t)realtime_ms());
	return cg;
}

static uint64_t ev_ms(const struct workloads *w, uint64_t ns)
{
	return (uint64_t)((int64_t)(ns / 1000000) + w->mono_to_real);
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

void workloads_drain(struct workloads *w)
{
	if (!w->events)
		return;
	w->last_drain_rt = realtime_ms();
	w->mono_to_real = w->last_drain_rt - monotonic_ms();
	procconn_drain(&w->pc, &events, w);
	if (w->pc.overruns != w->overruns) {
		w->overruns = w->pc.overruns;
		proctrack_overrun(&w->track, (uint64_t)realtime_ms());
	}
	proctrack_sweep(&w->track, (uint64_t)realtime_ms());
}

/* What a cgroup names, parsed once, and the names the host keeps, asked
 * again a second after a miss. */
static struct cg_info *info_of(struct workloads *w, uint32_t id, int64_t now)
{
	const char *cg = proctrack_cgroup(&w->track, id);
	struct container_names n;
	struct cg_info *i;

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
		i->len = strlen(cg);
		workload_parse(cg, i->len, &i->w);
		i->parsed = true;
		i->named_ms = INT64_MIN;
	}
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

static int resolve(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
		   enum workload_why *why, struct workload *wl, struct container_names *names)
{
	struct workloads *w = ctx;
	const struct pt_inst *live;
	uint64_t rec = sec * 1000 + msec;
	int64_t now = realtime_ms();
	struct cg_info *i;
	uint32_t id;

	if (pid <= 0 || pid > INT32_MAX) {
		*why = WHY_GONE;
		return -1;
	}
	/* the same process as the record before, nothing changed since, read
	 * lately: the same answer (a storm is one process's) */
	if (pid == w->last_pid && w->track.generation == w->last_gen && rec >= w->last_rec &&
	    now < w->last_read + REREAD_MS && now < w->last_drain_rt + DRAIN_MS) {
		id = w->last_id;
		*why = WHY_KNOWN;
		goto known;
	}
	live = proctrack_living(&w->track, (int32_t)pid);
	if (w->events && (!live || now >= w->last_drain_rt + DRAIN_MS)) {
		workloads_drain(w);
		live = proctrack_living(&w->track, (int32_t)pid);
	}
	/* read when not known, inherited only, doubtful, or not lately */
	if ((!live || !live->read || live->stale || live->read + REREAD_MS < (uint64_t)now - w->track.base_ms ||
	     live->read < w->track.overrun) &&
	    !observe(w, (pid_t)pid))
		/* gone: its exec and exit were sent before it went, and are
		 * read before what the tracker holds is trusted */
		workloads_drain(w);
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
known:
	if (!(i = info_of(w, id, now)) || i->len >= size) {
		*why = WHY_GONE;
		return -1;
	}
	memcpy(buf, proctrack_cgroup(&w->track, id), i->len + 1);
	*wl = i->w;
	*names = i->names;
	return (int)i->len;
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
		if (r == 0)
			w->events = true;
		else
			*why = r == -EPERM ? "the kernel's process events need CAP_NET_ADMIN"
			       : r == -ENOENT ? "this kernel has no process events (CONFIG_PROC_EVENTS)"
					      : "the kernel's process events cannot be had";
	}
	w->mono_to_real = realtime_ms() - monotonic_ms();
	w->lookup.resolve = resolve;
	w->lookup.ctx = w;
	return 0;
}

void workloads_close(struct workloads *w)
{
	if (w->events)
		procconn_close(&w->pc);
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
	return w->events ? procconn_fd(&w->pc) : -1;
}

size_t workloads_bytes(const struct workloads *w)
{
	return proctrack_bytes(&w->track);
}
