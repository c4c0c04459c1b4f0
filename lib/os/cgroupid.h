/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup v2 ids (what BPF's bpf_get_current_cgroup_id gives) back to paths. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * A cgroup v2 id is its directory's inode number in the cgroup2 file
 * system (kernfs, 64-bit ids since 5.5). Paths are found by walking the
 * hierarchy (at /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid
 * host) and kept; an id not known is looked for again at most once a
 * second, so a storm from a cgroup that is gone costs one walk a second.
 */
struct cgroup_ids;

struct cgroup_ids *cgroup_ids_new(void);
void cgroup_ids_free(struct cgroup_ids *c);
/* The path of id ("/system.slice/x.service"), NUL-ended, owned by c until
 * it is freed; NULL when no cgroup of that id is found. */
const char *cgroup_ids_path(struct cgroup_ids *c, uint64_t id);
