// SPDX-License-Identifier: LGPL-2.1-or-later
/* Which workload a cgroup path names: the systemd unit, the container, the pod. */
#include <stdio.h>
#include <string.h>

#include "model/workload.h"
#include "model/writer.h"

const char *const container_runtime_names[CRT_COUNT] = {
	[CRT_NONE] = "none", [CRT_DOCKER] = "docker", [CRT_CONTAINERD] = "containerd",
	[CRT_CRIO] = "cri-o", [CRT_PODMAN] = "podman", [CRT_LXC] = "lxc",
	[CRT_RUNC] = "runc", [CRT_CRI] = "cri",
};

const char *const qos_names[QOS_COUNT] = {
	[QOS_NONE] = "none", [QOS_GUARANTEED] = "guaranteed", [QOS_BURSTABLE] = "burstable",
	[QOS_BESTEFFORT] = "besteffort",
};

const char *const workload_why_codes[WHY_COUNT] = {
	[WHY_KNOWN] = "known", [WHY_GONE] = "gone", [WHY_REUSED] = "pid_reused",
	[WHY_NO_CGROUP] = "no_cgroup", [WHY_MOVED] = "gone_after_exec",
	[WHY_EVENTS_LOST] = "process_events_lost", [WHY_OTHER_HOST] = "other_host",
};

const char *const workload_why_text[WHY_COUNT] = {
	[WHY_KNOWN] = "known",
	[WHY_GONE] = "the process ended before seccompctl saw it",
	[WHY_REUSED] = "its pid was reused by another process around the record's time",
	[WHY_NO_CGROUP] = "the source holds no cgroup",
	[WHY_MOVED] = "the process ended after an exec, before its cgroup was read again",
	[WHY_EVENTS_LOST] = "the kernel's process events overran, so a reused pid cannot be ruled out",
	[WHY_OTHER_HOST] = "the record is another host's, whose processes this host cannot see",
};

struct comp {
	const char *s;
	size_t n;
};

static bool has_prefix(struct comp c, const char *p, size_t pn)
{
	return c.n >= pn && memcmp(c.s, p, pn) == 0;
}

static bool has_suffix(struct comp c, const char *p, size_t pn)
{
	return c.n >= pn && memcmp(c.s + c.n - pn, p, pn) == 0;
}

#define PREFIX(c, lit) has_prefix(c, lit, sizeof(lit) - 1)
#define SUFFIX(c, lit) has_suffix(c, lit, sizeof(lit) - 1)
#define IS(c, lit) ((c).n == sizeof(lit) - 1 && memcmp((c).s, lit, sizeof(lit) - 1) == 0)

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return n > 0;
}

/* A runtime's full container id: 64 hex digits. */
static bool is_id(const char *s, size_t n)
{
	return n == 64 && all_hex(s, n);
}

static const char *const unit_suffixes[] = { ".service", ".scope", ".socket", ".mount", ".swap" };

static bool is_unit(struct comp c)
{
	size_t i;

	for (i = 0; i < sizeof(unit_suffixes) / sizeof(unit_suffixes[0]); i++)
		if (has_suffix(c, unit_suffixes[i], strlen(unit_suffixes[i])) && c.n > strlen(unit_suffixes[i]))
			return true;
	return false;
}

/* <prefix><64 hex>.scope, or with scope false <prefix><64 hex> */
static bool scoped_id(struct comp c, const char *prefix, bool scope, struct comp *id)
{
	size_t pn = strlen(prefix), tail = scope ? 6 : 0;

	if (!has_prefix(c, prefix, pn) || c.n != pn + 64 + tail || (scope && !SUFFIX(c, ".scope")))
		return false;
	if (!is_id(c.s + pn, 64))
		return false;
	id->s = c.s + pn;
	id->n = 64;
	return true;
}

/* A container named by one component, in the layouts of ../shared/KERNEL.md. */
static enum container_runtime container_of(struct comp c, struct comp prev, struct comp *id)
{
	if (scoped_id(c, "docker-", true, id))
		return CRT_DOCKER;
	if (scoped_id(c, "cri-containerd-", true, id))
		return CRT_CONTAINERD;
	if (scoped_id(c, "crio-", true, id))
		return CRT_CRIO;
	if (scoped_id(c, "libpod-", true, id) || scoped_id(c, "libpod-", false, id))
		return CRT_PODMAN;
	if (PREFIX(c, "lxc.payload.") && c.n > 12) {
		id->s = c.s + 12;
		id->n = c.n - 12;
		return CRT_LXC;
	}
	if (IS(prev, "docker") && is_id(c.s, c.n)) {
		*id = c;
		return CRT_DOCKER;
	}
	return CRT_NONE;
}

/* A pod's UID from "pod<uid>" (cgroupfs, with '-') or "...-pod<uid>.slice"
 * (systemd, with '_'); the QoS class from the systemd slice's name. */
static bool pod_of(struct comp c, char uid[POD_UID_LEN + 1], enum qos *qos)
{
	const char *u = NULL;
	size_t i;

	if (PREFIX(c, "pod") && c.n == 3 + POD_UID_LEN)
		u = c.s + 3;
	else if (PREFIX(c, "kubepods-") && SUFFIX(c, ".slice") && c.n >= 9 + 3 + POD_UID_LEN + 6) {
		struct comp mid = { c.s + 9, c.n - 9 - 6 };

		if (mid.n == 3 + POD_UID_LEN && PREFIX(mid, "pod"))
			*qos = QOS_GUARANTEED;
		else if (mid.n == 11 + 3 + POD_UID_LEN && PREFIX(mid, "besteffort-pod"))
			*qos = QOS_BESTEFFORT;
		else if (mid.n == 10 + 3 + POD_UID_LEN && PREFIX(mid, "burstable-pod"))
			*qos = QOS_BURSTABLE;
		else
			return false;
		u = mid.s + mid.n - POD_UID_LEN;
	}
	if (!u)
		return false;
	for (i = 0; i < POD_UID_LEN; i++) {
		char ch = u[i] == '_' ? '-' : u[i];
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? ch != '-' : !all_hex(&ch, 1))
			return false;
		uid[i] = ch;
	}
	uid[POD_UID_LEN] = '\0';
	return true;
}

bool cgroup_pick(const char *text, size_t len, bool ending, size_t *off, size_t *plen)
{
	const char *p = text, *end = text + len, *nl, *v1 = NULL, *path, *root = NULL, *v2root = NULL;
	bool v1any = false;
	size_t v1len = 0;

	for (; p < end; p = nl + 1) {
		const char *c1, *c2;

		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		/* ID:CONTROLLERS:PATH */
		if (!(c1 = memchr(p, ':', (size_t)(nl - p))) || !(c2 = memchr(c1 + 1, ':', (size_t)(nl - c1 - 1))))
			continue;
		path = c2 + 1;
		if (path >= nl || *path != '/')
			continue;
		if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1 && nl - path > 1) {
			*off = (size_t)(path - text);
			*plen = (size_t)(nl - path);
			return true;
		}
		if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1)
			v2root = path;
		else
			v1any = true;
		if (!root)
			root = path;
		if ((size_t)(c2 - c1 - 1) == 12 && memcmp(c1 + 1, "name=systemd", 12) == 0 && nl - path > 1) {
			v1 = path;
			v1len = (size_t)(nl - path);
		}
	}
	if (ending) {
		/* v1's paths are reset: a v2 root is the host's only on a v2-only host */
		if (!v2root || v1any)
			return false;
		*off = (size_t)(v2root - text);
		*plen = 1;
		return true;
	}
	if (v1) {
		*off = (size_t)(v1 - text);
		*plen = v1len;
		return true;
	}
	if (!root)
		return false;
	/* the root of every hierarchy: the host's */
	*off = (size_t)(root - text);
	*plen = 1;
	return true;
}

void workload_parse(const char *path, size_t len, struct workload *w)
{
	const char *p = path, *end = path + (len > WORKLOAD_CGROUP_MAX ? WORKLOAD_CGROUP_MAX : len), *slash;
	struct comp c, prev = { "", 0 }, id;
	bool kube = false, in_container = false;
	struct wspan last_slice = { 0, 0 };

	memset(w, 0, sizeof(*w));
	for (; p < end; p = slash + 1) {
		if (!(slash = memchr(p, '/', (size_t)(end - p))))
			slash = end;
		c.s = p;
		c.n = (size_t)(slash - p);
		if (!c.n)
			continue;
		if (IS(c, "kubepods") || IS(c, "kubepods.slice"))
			kube = true;
		if (kube && !w->pod_uid[0]) {
			if (IS(prev, "kubepods") && IS(c, "besteffort"))
				w->qos = QOS_BESTEFFORT;
			else if (IS(prev, "kubepods") && IS(c, "burstable"))
				w->qos = QOS_BURSTABLE;
			if (pod_of(c, w->pod_uid, &w->qos) && w->qos == QOS_NONE)
				w->qos = QOS_GUARANTEED;	/* cgroupfs: no class level */
		}
		if (!in_container) {
			enum container_runtime rt = container_of(c, prev, &id);

			if (rt == CRT_NONE && w->pod_uid[0] && is_id(c.s, c.n)) {
				rt = CRT_CRI;
				id = c;
			}
			if (rt != CRT_NONE) {
				w->runtime = rt;
				w->id.off = (uint16_t)(id.s - path);
				w->id.len = (uint16_t)id.n;
				in_container = true;
			}
			/* units inside a container are the container's own */
			if (is_unit(c)) {
				w->unit.off = (uint16_t)(c.s - path);
				w->unit.len = (uint16_t)c.n;
				w->slice = last_slice;
			} else if (SUFFIX(c, ".slice") && c.n > 6) {
				last_slice.off = (uint16_t)(c.s - path);
				last_slice.len = (uint16_t)c.n;
			}
		}
		prev = c;
	}
	/* a slice with no unit below it (a process in a slice's own cgroup) */
	if (!w->unit.len && last_slice.len)
		w->slice = last_slice;
}

bool container_id_prefix(const char *id, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return n > 0 && n <= len && memcmp(id, prefix, n) == 0;
}

size_t workload_label(const struct workload_words *w, char *buf, size_t size)
{
	int n;

	if (w->name && w->name_len)
		n = snprintf(buf, size, "%s:%.*s", container_runtime_names[w->runtime], (int)w->name_len, w->name);
	else if (w->id && w->id_len)
		n = snprintf(buf, size, "%s:%.*s", container_runtime_names[w->runtime],
			     (int)(w->id_len < 12 ? w->id_len : 12), w->id);
	else if (w->unit && w->unit_len)
		n = snprintf(buf, size, "%.*s", (int)w->unit_len, w->unit);
	else if (w->slice && w->slice_len)
		n = snprintf(buf, size, "%.*s", (int)w->slice_len, w->slice);
	else if (w->cgroup && w->cgroup_len)
		n = snprintf(buf, size, "%s", w->cgroup_len == 1 && w->cgroup[0] == '/' ? "host" : "");
	else
		n = snprintf(buf, size, "%s", "");
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

size_t workload_json_max(const struct workload_words *w)
{
	return 256 + JSON_ESCAPED_MAX(w->cgroup_len) + JSON_ESCAPED_MAX(w->unit_len) + JSON_ESCAPED_MAX(w->slice_len) +
	       JSON_ESCAPED_MAX(w->id_len) + JSON_ESCAPED_MAX(w->name_len) + JSON_ESCAPED_MAX(w->image_len) +
	       JSON_ESCAPED_MAX(w->pod_uid_len) + JSON_ESCAPED_MAX(w->pod_name_len) +
	       JSON_ESCAPED_MAX(w->pod_namespace_len);
}

static char *word(char *p, const char *s, size_t len)
{
	return s && len ? jp_str(p, s, len) : JP_LIT(p, "null");
}

char *workload_json(char *p, const struct workload_words *w)
{
	p = JP_LIT(p, "\"cgroup\":");
	p = word(p, w->cgroup, w->cgroup_len);
	p = JP_LIT(p, ",\"unit\":");
	p = word(p, w->unit, w->unit_len);
	p = JP_LIT(p, ",\"slice\":");
	p = word(p, w->slice, w->slice_len);
	p = JP_LIT(p, ",\"container\":");
	if (w->runtime != CRT_NONE || w->id_len) {
		p = JP_LIT(p, "{\"runtime\":");
		p = jp_own(p, container_runtime_names[w->runtime]);
		p = JP_LIT(p, ",\"id\":");
		p = word(p, w->id, w->id_len);
		p = JP_LIT(p, ",\"name\":");
		p = word(p, w->name, w->name_len);
		p = JP_LIT(p, ",\"image\":");
		p = word(p, w->image, w->image_len);
		*p++ = '}';
	} else {
		p = JP_LIT(p, "null");
	}
	p = JP_LIT(p, ",\"pod\":");
	if (w->pod_uid_len || w->pod_name_len) {
		p = JP_LIT(p, "{\"uid\":");
		p = word(p, w->pod_uid, w->pod_uid_len);
		p = JP_LIT(p, ",\"name\":");
		p = word(p, w->pod_name, w->pod_name_len);
		p = JP_LIT(p, ",\"namespace\":");
		p = word(p, w->pod_namespace, w->pod_namespace_len);
		p = JP_LIT(p, ",\"qos\":");
		p = w->qos != QOS_NONE ? jp_own(p, qos_names[w->qos]) : JP_LIT(p, "null");
		*p++ = '}';
	} else {
		p = JP_LIT(p, "null");
	}
	p = JP_LIT(p, ",\"no_workload_because\":");
	return w->why == WHY_KNOWN ? JP_LIT(p, "null") : jp_own(p, workload_why_codes[w->why]);
}
