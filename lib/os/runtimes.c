// SPDX-License-Identifier: LGPL-2.1-or-later
/* What the container runtimes keep on disk: a container's name, image and pod. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "os/fileio.h"
#include "model/array.h"
#include "os/runtimes.h"

#define RT_RETRY_MS 1000
#define RT_CACHE_MAX 4096

/* runc's state roots, and the runtime each stands for (CRT_NONE: as the
 * annotations say). containerd's hold a directory per namespace. */
static const struct {
	const char *dir;
	enum container_runtime rt;
	bool namespaces;
} state_roots[] = {
	{ "/run/runc", CRT_NONE, false },
	{ "/run/docker/runtime-runc/moby", CRT_DOCKER, false },
	{ "/run/containerd/runc", CRT_CONTAINERD, true },
};

struct rt_entry {
	char *cgroup;
	uint64_t checked_ms;
	bool found;
	enum container_runtime runtime;
	char *id, *name, *image, *pod_name, *pod_namespace, *pod_uid;
};

struct rt_slot {
	uint64_t hash;
	uint32_t index;		/* into entries */
};

struct rt_key {
	const char *s;
	size_t len;
	struct rt_entry *const *entries;
};

static uint64_t slot_hash(const void *entry)
{
	return ((const struct rt_slot *)entry)->hash;
}

static bool slot_eq(const void *entry, const void *key)
{
	const struct rt_key *k = key;
	const char *s = k->entries[((const struct rt_slot *)entry)->index]->cgroup;

	return strncmp(s, k->s, k->len) == 0 && s[k->len] == '\0';
}

static void entry_clear(struct rt_entry *e)
{
	free(e->id);
	free(e->name);
	free(e->image);
	free(e->pod_name);
	free(e->pod_namespace);
	free(e->pod_uid);
	e->id = e->name = e->image = e->pod_name = e->pod_namespace = e->pod_uid = NULL;
	e->found = false;
	e->runtime = CRT_NONE;
}

int runtimes_init(struct runtimes *r, const char *root)
{
	memset(r, 0, sizeof(*r));
	r->root = root ? root : "";
	return htab_init(&r->cache, sizeof(struct rt_slot), 64, slot_hash);
}

static void forget_all(struct runtimes *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		entry_clear(r->entries[i]);
		free(r->entries[i]->cgroup);
		free(r->entries[i]);
	}
	r->n = 0;
	htab_clear(&r->cache);
}

void runtimes_free(struct runtimes *r)
{
	forget_all(r);
	free(r->entries);
	htab_free(&r->cache);
	memset(r, 0, sizeof(*r));
}

static json_object *read_json(const struct runtimes *r, const char *path)
{
	char full[PATH_MAX], *buf;
	json_object *j;
	size_t len;

	if (snprintf(full, sizeof(full), "%s%s", r->root, path) >= (int)sizeof(full))
		return NULL;
	if (read_full_file(NULL, full, &buf, &len) < 0)
		return NULL;
	j = json_tokener_parse(buf);
	free(buf);
	return j;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

static void set(char **dst, const char *v, size_t len)
{
	if (*dst || !v || !len)
		return;
	*dst = strndup(v, len);
}

static void set_str(char **dst, const char *v)
{
	if (v)
		set(dst, v, strlen(v));
}

/* An annotation runc kept as a label "key=value". */
static void label(struct rt_entry *e, const char *kv)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		/* containerd's CRI plugin */
		{ "io.kubernetes.cri.container-name", offsetof(struct rt_entry, name) },
		{ "io.kubernetes.cri.sandbox-name", offsetof(struct rt_entry, pod_name) },
		{ "io.kubernetes.cri.sandbox-namespace", offsetof(struct rt_entry, pod_namespace) },
		{ "io.kubernetes.cri.sandbox-uid", offsetof(struct rt_entry, pod_uid) },
		{ "io.kubernetes.cri.image-name", offsetof(struct rt_entry, image) },
		/* CRI-O */
		{ "io.kubernetes.container.name", offsetof(struct rt_entry, name) },
		{ "io.kubernetes.pod.name", offsetof(struct rt_entry, pod_name) },
		{ "io.kubernetes.pod.namespace", offsetof(struct rt_entry, pod_namespace) },
		{ "io.kubernetes.pod.uid", offsetof(struct rt_entry, pod_uid) },
		{ "io.kubernetes.cri-o.ImageName", offsetof(struct rt_entry, image) },
		/* nerdctl */
		{ "nerdctl/name", offsetof(struct rt_entry, name) },
	};
	const char *eq = strchr(kv, '=');
	size_t i, klen;

	if (!eq)
		return;
	klen = (size_t)(eq - kv);
	if (klen == 20 && memcmp(kv, "io.container.manager", 20) == 0 && strcmp(eq + 1, "libpod") == 0)
		e->runtime = CRT_PODMAN;
	if (klen > 20 && memcmp(kv, "io.kubernetes.cri-o.", 20) == 0 && e->runtime == CRT_NONE)
		e->runtime = CRT_CRIO;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == klen && memcmp(kv, keys[i].key, klen) == 0)
			set_str((char **)((char *)e + keys[i].off), eq + 1);
}

/* Does a state's cgroup_paths name this cgroup (a mount point, then it)? */
static bool names_cgroup(json_object *state, const char *cg, size_t len)
{
	json_object *paths;

	if (!json_object_object_get_ex(state, "cgroup_paths", &paths) || !json_object_is_type(paths, json_type_object))
		return false;
	json_object_object_foreach(paths, k, v) {
		const char *p = json_object_get_string(v);
		size_t n = p ? strlen(p) : 0;

		(void)k;
		if (n > len && memcmp(p + n - len, cg, len) == 0 && strncmp(p, "/sys/fs/cgroup", 14) == 0)
			return true;
	}
	return false;
}

static void from_state(struct rt_entry *e, json_object *state, enum container_runtime rt)
{
	json_object *config, *labels;
	size_t i;

	e->found = true;
	e->runtime = rt;
	set_str(&e->id, jstr(state, "id"));
	if (json_object_object_get_ex(state, "config", &config) &&
	    json_object_object_get_ex(config, "labels", &labels) && json_object_is_type(labels, json_type_array))
		for (i = 0; i < json_object_array_length(labels); i++) {
			const char *kv = json_object_get_string(json_object_array_get_idx(labels, i));

			if (kv)
				label(e, kv);
		}
	if (e->runtime == CRT_NONE)
		e->runtime = e->pod_name ? CRT_CRI : CRT_RUNC;
}

/* Every state.json under one root dir; want_id, or the one naming cg. */
static bool scan_root(struct runtimes *r, const char *dir, enum container_runtime rt, const char *want_id,
		      const char *cg, size_t len, struct rt_entry *e)
{
	char path[PATH_MAX], full[PATH_MAX];
	json_object *state;
	struct dirent *d;
	DIR *dh;
	bool hit = false;

	if (want_id) {
		snprintf(path, sizeof(path), "%s/%s/state.json", dir, want_id);
		r->reads++;
		if (!(state = read_json(r, path)))
			return false;
		from_state(e, state, rt);
		json_object_put(state);
		return true;
	}
	snprintf(full, sizeof(full), "%s%s", r->root, dir);
	if (!(dh = opendir(full)))
		return false;
	while (!hit && (d = readdir(dh))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/state.json", dir, d->d_name);
		r->reads++;
		if (!(state = read_json(r, path)))
			continue;
		if (names_cgroup(state, cg, len)) {
			from_state(e, state, rt);
			hit = true;
		}
		json_object_put(state);
	}
	closedir(dh);
	return hit;
}

static bool find_state(struct runtimes *r, const char *id, const char *cg, size_t len, struct rt_entry *e)
{
	char ns[PATH_MAX], full[PATH_MAX];
	struct dirent *d;
	size_t i;
	DIR *dh;

	for (i = 0; i < sizeof(state_roots) / sizeof(state_roots[0]); i++) {
		if (!state_roots[i].namespaces) {
			if (scan_root(r, state_roots[i].dir, state_roots[i].rt, id, cg, len, e))
				return true;
			continue;
		}
		snprintf(full, sizeof(full), "%s%s", r->root, state_roots[i].dir);
		if (!(dh = opendir(full)))
			continue;
		while ((d = readdir(dh))) {
			if (d->d_name[0] == '.')
				continue;
			snprintf(ns, sizeof(ns), "%s/%s", state_roots[i].dir, d->d_name);
			if (scan_root(r, ns, state_roots[i].rt, id, cg, len, e)) {
				closedir(dh);
				return true;
			}
		}
		closedir(dh);
	}
	return false;
}

/* Docker's own record of a container: its name and image. */
static void docker_names(struct runtimes *r, const char *id, struct rt_entry *e)
{
	char path[PATH_MAX];
	json_object *j, *config;
	const char *name;

	snprintf(path, sizeof(path), "/var/lib/docker/containers/%s/config.v2.json", id);
	r->reads++;
	if (!(j = read_json(r, path)))
		return;
	e->found = true;
	if ((name = jstr(j, "Name")))
		set_str(&e->name, name[0] == '/' ? name + 1 : name);
	if (json_object_object_get_ex(j, "Config", &config))
		set_str(&e->image, jstr(config, "Image"));
	json_object_put(j);
}

/* Podman's containers.json: names, and the image in its metadata. */
static void podman_names(struct runtimes *r, const char *id, struct rt_entry *e)
{
	json_object *all, *names, *meta;
	size_t i;

	r->reads++;
	if (!(all = read_json(r, "/var/lib/containers/storage/overlay-containers/containers.json")))
		return;
	for (i = 0; json_object_is_type(all, json_type_array) && i < json_object_array_length(all); i++) {
		json_object *c = json_object_array_get_idx(all, i);
		const char *cid = jstr(c, "id"), *m;

		if (!cid || strcmp(cid, id) != 0)
			continue;
		e->found = true;
		if (json_object_object_get_ex(c, "names", &names) && json_object_is_type(names, json_type_array) &&
		    json_object_array_length(names) > 0)
			set_str(&e->name, json_object_get_string(json_object_array_get_idx(names, 0)));
		if ((m = jstr(c, "metadata")) && (meta = json_tokener_parse(m))) {
			set_str(&e->image, jstr(meta, "image-name"));
			set_str(&e->name, jstr(meta, "name"));
			json_object_put(meta);
		}
		break;
	}
	json_object_put(all);
}

static void look_up(struct runtimes *r, struct rt_entry *e, const char *cg, size_t len, const struct workload *w)
{
	char id[256] = "";

	entry_clear(e);
	if (w->id.len && w->id.len < sizeof(id))
		snprintf(id, sizeof(id), "%.*s", (int)w->id.len, cg + w->id.off);
	/* LXC keeps no runc state: its name is in the path */
	if (w->runtime == CRT_LXC)
		return;
	/* the root cgroup is the host's: every container's paths end in "/" */
	if (len <= 1)
		return;
	/* by the id the path names, else by the cgroup a state names (a
	 * runtime that names its containers otherwise) */
	if (((id[0] && find_state(r, id, cg, len, e)) || find_state(r, NULL, cg, len, e)) && e->runtime == CRT_RUNC &&
	    w->runtime != CRT_NONE)
		e->runtime = w->runtime;
	if (w->runtime == CRT_DOCKER && id[0])
		docker_names(r, id, e);
	else if (w->runtime == CRT_PODMAN && id[0])
		podman_names(r, id, e);
}

bool runtimes_names(struct runtimes *r, const char *cgroup, size_t len, const struct workload *w,
		    struct container_names *out, uint64_t now_ms)
{
	struct rt_key k = { cgroup, len, r->entries };
	uint64_t h = hash_bytes(HASH_INIT, cgroup, len);
	struct rt_slot *slot = r->n ? htab_find(&r->cache, h, slot_eq, &k) : NULL;
	struct rt_entry *e;
	bool found;

	if (slot) {
		e = r->entries[slot->index];
		if (!e->found && now_ms >= e->checked_ms + RT_RETRY_MS) {
			look_up(r, e, cgroup, len, w);
			e->checked_ms = now_ms;
		}
	} else {
		if (r->n >= RT_CACHE_MAX)
			forget_all(r);
		if (ARRAY_GROW(r->entries, r->cap, r->n) < 0)
			return false;
		if (!(e = calloc(1, sizeof(*e))) || !(e->cgroup = strndup(cgroup, len))) {
			free(e);
			return false;
		}
		k.entries = r->entries;
		r->entries[r->n] = e;
		if (!(slot = htab_insert(&r->cache, h, slot_eq, &k, &found))) {
			free(e->cgroup);
			free(e);
			return false;
		}
		slot->hash = h;
		slot->index = (uint32_t)r->n++;
		look_up(r, e, cgroup, len, w);
		e->checked_ms = now_ms;
	}
	if (!e->found)
		return false;
	out->runtime = e->runtime;
	out->id = e->id;
	out->name = e->name;
	out->image = e->image;
	out->pod_name = e->pod_name;
	out->pod_namespace = e->pod_namespace;
	out->pod_uid = e->pod_uid;
	return true;
}

bool runtimes_probe(struct runtimes *r, const char *cgroup, size_t len, const struct workload *w,
		    struct container_names *out)
{
	/* checked "at 0": the retry a miss waits for is due at once */
	return runtimes_names(r, cgroup, len, w, out, 0);
}
