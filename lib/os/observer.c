// SPDX-License-Identifier: LGPL-2.1-or-later
/* The decision observer: BPF programs on the kernel's tracepoints that see every seccomp decision. */
#include <cap-ng.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/bpflib.h"
#include "os/observer.h"
#include "observer.skel.h"

struct observer {
	struct observer_bpf *skel;
	struct ring_buffer *ring;
	void (*fn)(const struct obs_event *e, void *data);
	void *data;
	int ncpus;
	uint64_t *percpu;	/* one stat's values */
};

/* libbpf's words, kept to say why a load failed (its last line that says
 * something), never printed as they come */
static char libbpf_last[256];

static int keep_last(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[sizeof(libbpf_last)];
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strcspn(line, "\n");
	line[n] = '\0';
	if (n)
		memcpy(libbpf_last, line, n + 1);
	return 0;
}

static bool may_trace(void)
{
	return capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN) ||
	       (capng_have_capability(CAPNG_EFFECTIVE, CAP_BPF) && capng_have_capability(CAPNG_EFFECTIVE, CAP_PERFMON));
}

int observer_check(char *why, size_t size)
{
	capng_get_caps_process();
	if (!may_trace()) {
		snprintf(why, size, "seeing decisions needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN): run it as root");
		return -EPERM;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		snprintf(why, size, "this kernel has no BTF (/sys/kernel/btf/vmlinux: %s): seeing decisions needs a "
			 "kernel built with CONFIG_DEBUG_INFO_BTF", strerror(errno));
		return -ENOTSUP;
	}
	return bpflib_open(why, size);
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct observer *o = ctx;

	/* the kernel side writes whole events, 8-byte aligned in the ring; a
	 * short one would be a bug there */
	if (size >= sizeof(struct obs_event))
		o->fn(data, o->data);
	return 0;
}

int observer_open(struct observer **out, unsigned int rate, char *why, size_t size)
{
	struct observer *o;
	struct timespec ts;
	int r;

	*out = NULL;
	if ((r = observer_check(why, size)) < 0)
		return r;
	libbpf_set_print(keep_last);
	if (!(o = calloc(1, sizeof(*o))))
		return -ENOMEM;
	o->ncpus = libbpf_num_possible_cpus();
	if (o->ncpus <= 0 || !(o->percpu = calloc((size_t)o->ncpus, sizeof(uint64_t)))) {
		r = o->ncpus < 0 ? o->ncpus : -ENOMEM;
		snprintf(why, size, "cannot count the CPUs: %s", strerror(-r));
		goto fail;
	}
	if (!(o->skel = observer_bpf__open())) {
		r = -errno;
		snprintf(why, size, "cannot open the observer's BPF object: %s", libbpf_last[0] ? libbpf_last : strerror(-r));
		goto fail;
	}
	o->skel->rodata->rate_per_cpu = rate;
	libbpf_last[0] = '\0';
	if ((r = observer_bpf__load(o->skel)) < 0) {
		snprintf(why, size, "the kernel refused the observer's BPF programs (%s)%s%s", strerror(-r),
			 libbpf_last[0] ? ": " : "", libbpf_last);
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	o->skel->bss->watch_start_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	libbpf_last[0] = '\0';
	if ((r = observer_bpf__attach(o->skel)) < 0) {
		snprintf(why, size, "cannot attach to the kernel's raw_syscalls and signal tracepoints (%s)%s%s",
			 strerror(-r), libbpf_last[0] ? ": " : "", libbpf_last);
		goto fail;
	}
	if (!(o->ring = ring_buffer__new(bpf_map__fd(o->skel->maps.ring), on_sample, o, NULL))) {
		r = -errno;
		snprintf(why, size, "cannot map the observer's ring buffer: %s", strerror(-r));
		goto fail;
	}
	*out = o;
	return 0;
fail:
	observer_close(o);
	return r;
}

int observer_fd(struct observer *o)
{
	return ring_buffer__epoll_fd(o->ring);
}

int observer_read(struct observer *o, void (*fn)(const struct obs_event *e, void *data), void *data)
{
	o->fn = fn;
	o->data = data;
	return ring_buffer__consume(o->ring);
}

int observer_stats(struct observer *o, uint64_t st[OBS_STAT_MAX])
{
	int fd = bpf_map__fd(o->skel->maps.stats);
	__u32 k;
	int c;

	for (k = 0; k < OBS_STAT_MAX; k++) {
		if (bpf_map_lookup_elem(fd, &k, o->percpu) < 0)
			return -errno;
		st[k] = 0;
		for (c = 0; c < o->ncpus; c++)
			st[k] += o->percpu[c];
	}
	return 0;
}

int observer_each_count(struct observer *o, void (*fn)(const struct obs_key *k, uint64_t n, void *data), void *data)
{
	int fd = bpf_map__fd(o->skel->maps.counts), n = 0;
	struct obs_key key, next;
	const void *prev = NULL;
	__u64 v;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		/* a key deleted meanwhile: none is, the programs only add */
		if (bpf_map_lookup_elem(fd, &next, &v) == 0) {
			fn(&next, v, data);
			n++;
		}
		key = next;
		prev = &key;
	}
	return errno == ENOENT ? n : -errno;
}

void observer_close(struct observer *o)
{
	if (!o)
		return;
	if (o->ring)
		ring_buffer__free(o->ring);
	if (o->skel)
		observer_bpf__destroy(o->skel);
	free(o->percpu);
	free(o);
}
