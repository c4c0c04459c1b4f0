/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which workload a cgroup path names: the systemd unit, the container, the pod. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A process's cgroup says which workload it belongs to, in the layouts the
 * runtimes and systemd give it (../shared/KERNEL.md, "Cgroups and
 * workloads"): the unit and its slice, a container's runtime and id, a
 * Kubernetes pod's UID and QoS class. Pure: a path in, offsets into it out.
 * The names the runtimes keep on disk (a container's name and image, the
 * pod's name) are the os layer's (os/runtimes.c).
 */

enum container_runtime {
	CRT_NONE,		/* not a container */
	CRT_DOCKER,
	CRT_CONTAINERD,
	CRT_CRIO,
	CRT_PODMAN,
	CRT_LXC,		/* LXC and Incus */
	CRT_RUNC,		/* runc's state names it, no runtime above it does */
	CRT_CRI,		/* a Kubernetes container whose runtime the path does not say */
	CRT_COUNT
};
extern const char *const container_runtime_names[CRT_COUNT];

enum qos { QOS_NONE, QOS_GUARANTEED, QOS_BURSTABLE, QOS_BESTEFFORT, QOS_COUNT };
extern const char *const qos_names[QOS_COUNT];

/* Why a record has no workload. */
enum workload_why {
	WHY_KNOWN,
	WHY_GONE,		/* the process ended before its cgroup was read */
	WHY_REUSED,		/* its pid belongs to another process now, or did then */
	WHY_NO_CGROUP,		/* a history source that holds no cgroup */
	WHY_MOVED,		/* it ended after an exec, before its cgroup was read again */
	WHY_EVENTS_LOST,	/* the kernel's process events overran */
	WHY_OTHER_HOST,		/* the record is another host's */
	WHY_COUNT
};
extern const char *const workload_why_codes[WHY_COUNT];	/* stable, for JSON */
extern const char *const workload_why_text[WHY_COUNT];	/* for people */

struct wspan {
	uint16_t off, len;	/* len 0: absent */
};

#define WORKLOAD_CGROUP_MAX 4096
#define POD_UID_LEN 36

struct workload {
	struct wspan unit, slice;	/* innermost unit, the slice it is in */
	enum container_runtime runtime;
	struct wspan id;		/* the container's id (LXC: its name) */
	char pod_uid[POD_UID_LEN + 1];	/* with '-', "" when not a pod's */
	enum qos qos;
};

/* The cgroup a process's /proc/PID/cgroup names for its workload: the v2
 * line (0::) unless it is the root, else v1's name=systemd (hybrid hosts),
 * else "/". Of a process that is ending (ending: exiting or a zombie, whose
 * v1 paths the kernel has reset to the root) only a v2 line is taken, and
 * its root only where there is no v1 line to doubt it. Offsets into text;
 * false when text names none that can be trusted. */
bool cgroup_pick(const char *text, size_t len, bool ending, size_t *off, size_t *plen);

/* Parse a cgroup path. Always succeeds: a path that names nothing is the
 * host's (everything absent). */
void workload_parse(const char *path, size_t len, struct workload *w);

/* A workload in a few words, the one way every output says it: the
 * container as RUNTIME:NAME, or RUNTIME: and its id's first 12; else the
 * unit; else the slice; else "" (cgroup unknown) or "host" (the root).
 * Raw bytes into buf (NUL-ended): a printer escapes them. Its length. */
struct workload_words {
	enum container_runtime runtime;
	const char *name, *id, *unit, *slice, *cgroup;	/* NULL or len 0: absent */
	size_t name_len, id_len, unit_len, slice_len, cgroup_len;
	const char *image, *pod_uid, *pod_name, *pod_namespace;
	size_t image_len, pod_uid_len, pod_name_len, pod_namespace_len;
	enum qos qos;
	enum workload_why why;	/* WHY_KNOWN when the cgroup is */
};
size_t workload_label(const struct workload_words *w, char *buf, size_t size);

/* The workload's members of a JSON object, the one key list of every
 * command that names workloads (tail's events, status --processes,
 * filters): "cgroup", "unit", "slice", "container" (runtime, id, name,
 * image) or null, "pod" (uid, name, namespace, qos) or null, and
 * "no_workload_because". Written at p, no comma before; room
 * workload_json_max(w). */
size_t workload_json_max(const struct workload_words *w);
char *workload_json(char *p, const struct workload_words *w);

/* True when id (of len bytes) matches a container: the id's prefix, at
 * least one character. */
bool container_id_prefix(const char *id, size_t len, const char *prefix);
