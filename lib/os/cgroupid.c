// SPDX-License-Identifier: LGPL-2.1-or-later
/* cgroup v2 ids (what BPF's bpf_get_current_cgroup_id gives) back to paths. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "model/hashtab.h"
#include "os/clock.h"
#include "os/cgroupid.h"

#define WALK_DEPTH 32
#define WALK_EVERY_MS 1000

struct id_path {
	uint64_t id;
	char *path;
};

struct cgroup_ids {
	struct htab ids;	/* of struct id_path */
	int64_t walked_ms;
	char root[64];
};

static uint64_t id_hash(const void *entry)
{
	return hash_u64(HASH_INIT, ((const struct id_path *)entry)->id);
}

static bool id_eq(const void *entry, const void *key)
{
	return ((const struct id_path *)entry)->id == *(const uint64_t *)key;
}

static const char *v2_root(void)
{
	struct statfs f;

	if (statfs("/sys/fs/cgroup", &f) == 0 && f.f_type == CGROUP2_SUPER_MAGIC)
		return "/sys/fs/cgroup";
	if (statfs("/sys/fs/cgroup/unified", &f) == 0 && f.f_type == CGROUP2_SUPER_MAGIC)
		return "/sys/fs/cgroup/unified";
	return NULL;
}

static void remember(struct cgroup_ids *c, uint64_t id, const char *path, size_t len)
{
	struct id_path *e;
	bool found;
	char *copy;

	if (htab_find(&c->ids, hash_u64(HASH_INIT, id), id_eq, &id) || !(copy = strndup(path, len)))
		return;
	if (!(e = htab_insert(&c->ids, hash_u64(HASH_INIT, id), id_eq, &id, &found))) {
		free(copy);
		return;
	}
	e->id = id;
	e->path = copy;
}

/* Every directory under dirfd (whose path is path[0..len]), depth first. */
static void walk(struct cgroup_ids *c, int dirfd, char *path, size_t len, int depth)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int fd;

	if (fstat(dirfd, &st) == 0)
		remember(c, (uint64_t)st.st_ino, len ? path : "/", len ? len : 1);
	if (depth == WALK_DEPTH || !(dir = fdopendir(dirfd))) {
		close(dirfd);
		return;
	}
	while ((d = readdir(dir))) {
		size_t n = strlen(d->d_name);

		if (d->d_type != DT_DIR || d->d_name[0] == '.' || len + 1 + n >= 4096)
			continue;
		if ((fd = openat(dirfd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, d->d_name, n + 1);
		walk(c, fd, path, len + 1 + n, depth + 1);
		path[len] = '\0';
	}
	closedir(dir);
}

struct cgroup_ids *cgroup_ids_new(void)
{
	struct cgroup_ids *c = calloc(1, sizeof(*c));
	const char *root = v2_root();

	if (!c || htab_init(&c->ids, sizeof(struct id_path), 256, id_hash) < 0) {
		free(c);
		return NULL;
	}
	if (root)
		strcpy(c->root, root);
	return c;
}

void cgroup_ids_free(struct cgroup_ids *c)
{
	struct id_path *e;
	size_t i = 0;

	if (!c)
		return;
	while ((e = htab_next(&c->ids, &i)))
		free(e->path);
	htab_free(&c->ids);
	free(c);
}

const char *cgroup_ids_path(struct cgroup_ids *c, uint64_t id)
{
	struct id_path *e = htab_find(&c->ids, hash_u64(HASH_INIT, id), id_eq, &id);
	char path[4096];
	int64_t now;
	int fd;

	if (e)
		return e->path;
	now = monotonic_ms();
	if (!c->root[0] || (c->walked_ms && now - c->walked_ms < WALK_EVERY_MS))
		return NULL;
	c->walked_ms = now;
	if ((fd = open(c->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return NULL;
	path[0] = '\0';
	walk(c, fd, path, 0, 0);
	e = htab_find(&c->ids, hash_u64(HASH_INIT, id), id_eq, &id);
	return e ? e->path : NULL;
}
