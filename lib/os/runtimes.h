/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the container runtimes keep on disk: a container's name, image and pod. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/hashtab.h"
#include "model/workload.h"

/*
 * Names a host keeps in files, read without asking a daemon (the sandbox
 * stays closed): runc's state.json under each runtime's root (runc itself,
 * Docker's moby root, containerd's namespaces, CRI-O and Podman use runc's),
 * with the annotations the CRI runtimes put in the config (runc keeps them
 * as labels: pod name and namespace, container name, image); Docker's
 * config.v2.json (name, image); Podman's containers.json (names, image).
 * A container whose path names no id (plain runc given any cgroupsPath) is
 * found by the cgroup its state names. Kept per cgroup; a miss is looked up
 * again a second later.
 */

struct rt_entry;

struct runtimes {
	const char *root;		/* "" for the host; a test's tree otherwise */
	struct htab cache;		/* struct rt_slot by the cgroup's hash */
	struct rt_entry **entries;
	size_t n, cap;
	uint64_t reads;			/* files read: the retry's bound is tested by it */
};

int runtimes_init(struct runtimes *r, const char *root);
void runtimes_free(struct runtimes *r);
/* The names of the container w (parsed from cgroup) into out, pointing into
 * r's cache: true when the host keeps any. */
bool runtimes_names(struct runtimes *r, const char *cgroup, size_t len, const struct workload *w,
		    struct container_names *out, uint64_t now_ms);
/* The same, read early (when a container's cgroup is first seen, maybe
 * before its runtime has written its state): a miss now holds back no later
 * runtimes_names(), which may find the state a moment after. */
bool runtimes_probe(struct runtimes *r, const char *cgroup, size_t len, const struct workload *w,
		    struct container_names *out);
