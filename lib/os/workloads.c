// SPDX-License-Identifier: LGPL-2.1-or-later
/* Who made a live record: each process's cgroup, from /proc and the kernel's process events. */
#include <errno.h>
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
	w->mono_to_real = realtime_ms() - monotonic_ms();
	w->last_drain = monotonic_ms();
	procconn_drain(&w->pc, &events, w);
	if (w->pc.overruns != w->overruns) {
		w->overruns = w->pc.overruns;
		proctrack_overrun(&w->track, (uint64_t)realtime_ms());
	}
	proctrack_sweep(&w->track, (uint64_t)realtime_ms());
}

static int lookup_cgroup(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
			 enum workload_why *why)
{
	struct workloads *w = ctx;
	const struct pt_inst *live;
	uint64_t rec = sec * 1000 + msec;
	const char *cg;
	uint32_t id;
	size_t len;

	if (pid <= 0 || pid > INT32_MAX) {
		*why = WHY_GONE;
		return -1;
	}
	live = proctrack_living(&w->track, (int32_t)pid);
	if (w->events && (!live || monotonic_ms() - w->last_drain >= DRAIN_MS)) {
		workloads_drain(w);
		live = proctrack_living(&w->track, (int32_t)pid);
	}
	/* read when not known, inherited only, doubtful, or not lately */
	if ((!live || !live->read || live->stale || live->read + REREAD_MS < (uint64_t)realtime_ms() - w->track.base_ms ||
	     live->read < w->track.overrun) &&
	    !observe(w, (pid_t)pid))
		/* gone: its exec and exit were sent before it went, and are
		 * read before what the tracker holds is trusted */
		workloads_drain(w);
	id = proctrack_lookup(&w->track, (int32_t)pid, rec, why);
	if (!(cg = proctrack_cgroup(&w->track, id))) {
		w->unknown[*why]++;
		return -1;
	}
	len = strlen(cg);
	if (len >= size)
		len = size - 1;
	memcpy(buf, cg, len);
	buf[len] = '\0';
	return (int)len;
}

static bool lookup_container(void *ctx, const char *cgroup, size_t len, const struct workload *wl,
			     struct container_names *out)
{
	struct workloads *w = ctx;

	return runtimes_names(&w->rt, cgroup, len, wl, out, (uint64_t)monotonic_ms());
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
	w->lookup.cgroup = lookup_cgroup;
	w->lookup.container = lookup_container;
	w->lookup.ctx = w;
	return 0;
}

void workloads_close(struct workloads *w)
{
	if (w->events)
		procconn_close(&w->pc);
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
