// SPDX-License-Identifier: LGPL-2.1-or-later
/* A seccomp event in its one shape, and the assembler that makes it from records. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/event.h"
#include "model/names.h"

const char *const source_kind_names[] = { "netlink", "journal", "file", "kernel", "bpf" };

int source_kind_from_name(const char *name, enum source_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof(source_kind_names) / sizeof(source_kind_names[0]); i++)
		if (strcmp(source_kind_names[i], name) == 0) {
			*kind = (enum source_kind)i;
			return 0;
		}
	return -EINVAL;
}

size_t event_size(const struct event *e)
{
	return offsetof(struct event, buf) + e->used + EVENT_SLACK;
}

void event_copy(struct event *dst, const struct event *e)
{
	size_t size = offsetof(struct event, buf) + e->used;

	memcpy(dst, e, size);
	memset((char *)dst + size, 0, EVENT_SLACK);
}

struct event *event_dup(const struct event *e)
{
	struct event *copy = malloc(event_size(e));

	if (copy)
		event_copy(copy, e);
	return copy;
}

int assembler_init(struct assembler *a, enum source_kind source, event_fn emit, void *data)
{
	memset(a, 0, sizeof(*a));
	a->ev = calloc(1, sizeof(*a->ev) + EVENT_BUF_MAX + EVENT_SLACK);
	if (!a->ev)
		return -ENOMEM;
	a->source = source;
	a->emit = emit;
	a->data = data;
	return 0;
}

void assembler_free(struct assembler *a)
{
	free(a->ev);
	a->ev = NULL;
}

/* Room left in the event's buffer for n bytes and a NUL. */
static size_t room(const struct event *e)
{
	return EVENT_BUF_MAX - e->used;
}

static struct span put_bytes(struct event *e, const char *s, size_t n)
{
	struct span sp = { e->used, 0 };

	if (n + 1 > room(e))
		n = room(e) > 0 ? room(e) - 1 : 0;
	memcpy(e->buf + e->used, s, n);
	e->buf[e->used + n] = '\0';
	sp.len = (uint32_t)n;
	e->used += (uint32_t)n + 1;
	return sp;
}

/* A field's value, decoded (quotes removed, hex turned into bytes), with at
 * most max bytes of it. */
static struct span put_field(struct event *e, const struct field *f, size_t max)
{
	struct span sp = { e->used, 0 };
	size_t size = room(e) < max + 1 ? room(e) : max + 1;

	if (!f->klen)
		return (struct span){ SPAN_NONE, 0 };
	sp.len = (uint32_t)field_decode(f, e->buf + e->used, size);
	e->used += sp.len + 1;
	return sp;
}

static void put_name(struct event *e, struct span *sp, const char *name)
{
	if (!span_has(*sp))
		*sp = name ? put_bytes(e, name, strlen(name)) : (struct span){ SPAN_NONE, 0 };
}

/* A name ausearch -i wrote for an id, as it is. */
static struct span put_word(struct event *e, const struct field *f)
{
	struct field lit = *f;

	lit.quoted = true;
	return put_field(e, &lit, 256);
}

/* The records' text, one a line, for -o raw: gathered beside the event and
 * copied into it when it is whole. */
static void add_raw(struct assembler *a, const struct audit_record *r, const char *text, size_t len)
{
	size_t left = sizeof(a->raw) - a->raw_len;
	const char *name;
	int h;

	if (a->raw_len && left > 1) {
		a->raw[a->raw_len++] = '\n';
		left--;
	}
	if (text) {
		/* auditd's interpretation after 0x1d is not the record */
		const char *sep = memchr(text, 0x1d, len);

		if (sep)
			len = (size_t)(sep - text);
	} else {
		name = record_type_name(r->type);
		if (name)
			h = snprintf(a->raw + a->raw_len, left, "type=%s msg=audit(%llu.%03u:%llu): ", name,
				     (unsigned long long)r->sec, r->msec, (unsigned long long)r->serial);
		else
			h = snprintf(a->raw + a->raw_len, left, "type=UNKNOWN[%u] msg=audit(%llu.%03u:%llu): ",
				     r->type, (unsigned long long)r->sec, r->msec, (unsigned long long)r->serial);
		if (h < 0 || (size_t)h >= left)
			return;
		a->raw_len += (size_t)h;
		left -= (size_t)h;
		text = r->fields;
		len = r->fields_len;
	}
	if (len > left)
		len = left;
	memcpy(a->raw + a->raw_len, text, len);
	a->raw_len += len;
}

static void attach_proctitle(struct event *e, const struct audit_record *r)
{
	struct field f;

	if (span_has(e->proctitle) || !record_field(r, "proctitle", &f))
		return;
	f.quoted |= r->interpreted;	/* ausearch -i decoded it */
	e->proctitle = put_field(e, &f, 4096);
	/* the kernel's buffer ends with the last argument's NUL */
	while (e->proctitle.len && e->buf[e->proctitle.off + e->proctitle.len - 1] == '\0')
		e->proctitle.len--;
}

static void start(struct assembler *a, const struct seccomp_rec *s, const struct audit_record *r)
{
	struct event *e = a->ev;

	e->serial_unknown = r->serial_unknown;
	e->time_unknown = r->time_unknown;
	e->untrusted = r->untrusted;
	e->serial = s->serial;
	e->sec = s->sec;
	e->msec = s->msec;
	e->auid = s->auid;
	e->uid = s->uid;
	e->gid = s->gid;
	e->ses = s->ses;
	e->pid = s->pid;
	e->sig = s->sig;
	e->syscall = s->syscall;
	e->has_arch = s->has_arch;
	e->arch = s->arch;
	e->code = s->code;
	e->compat = s->compat;
	e->ip = s->ip;
	e->source = a->source;
	e->seen = false;
	e->certain = true;
	e->logged = -1;
	e->not_logged = NULL;
	e->used = 0;
	e->comm = put_field(e, &s->comm, 64);
	e->exe = put_field(e, &s->exe, 4096);
	e->subj = s->subj.klen ? put_bytes(e, s->subj.val, s->subj.vlen < 4096 ? s->subj.vlen : 4096)
			       : (struct span){ SPAN_NONE, 0 };
	e->proctitle = e->user = e->group = e->audit_user = e->raw = (struct span){ SPAN_NONE, 0 };
	/* ausearch -i's names where the numbers were */
	e->user = put_word(e, &s->uid_name);
	e->group = put_word(e, &s->gid_name);
	e->audit_user = put_word(e, &s->auid_name);
	if (r->host)
		e->host = put_bytes(e, r->host, r->host_len < EVENT_HOST_MAX ? r->host_len : EVENT_HOST_MAX);
	else if (a->local_host)
		e->host = put_bytes(e, a->local_host, strnlen(a->local_host, EVENT_HOST_MAX));
	else
		e->host = (struct span){ SPAN_NONE, 0 };
	e->machine_id = r->machine_id ? put_bytes(e, r->machine_id, r->machine_id_len < EVENT_HOST_MAX ? r->machine_id_len
											      : EVENT_HOST_MAX)
				       : (struct span){ SPAN_NONE, 0 };
	e->cgroup = e->unit = e->slice = e->container_id = e->container_name = e->image = e->pod_uid =
		e->pod_name = e->pod_namespace = (struct span){ SPAN_NONE, 0 };
	e->runtime = CRT_NONE;
	e->qos = QOS_NONE;
	e->workload_why = WHY_NO_CGROUP;
	if (r->cgroup)
		e->cgroup = put_bytes(e, r->cgroup, r->cgroup_len < WORKLOAD_CGROUP_MAX ? r->cgroup_len : WORKLOAD_CGROUP_MAX);
	else if (r->unit) {
		/* the journal's unit without its cgroup: that much is known */
		e->unit = put_bytes(e, r->unit, r->unit_len < EVENT_NAME_MAX ? r->unit_len : EVENT_NAME_MAX);
		e->workload_why = WHY_KNOWN;
	}
	a->interpreted += r->interpreted;
	a->no_arch += !s->has_arch;
}

enum container_runtime container_runtime_of(const struct workload *w, const struct container_names *n)
{
	if (n->runtime != CRT_NONE && (w->runtime == CRT_NONE || w->runtime == CRT_CRI))
		return n->runtime;
	return w->runtime;
}

static struct span put_name_max(struct event *e, const char *s)
{
	return s ? put_bytes(e, s, strnlen(s, EVENT_NAME_MAX)) : (struct span){ SPAN_NONE, 0 };
}

/* Which workload: the cgroup the source stored, or the live lookup's, and
 * what it names. */
static void attribute(struct assembler *a, struct event *e)
{
	enum workload_why why = WHY_NO_CGROUP;
	struct container_names cn;
	struct workload w;
	int n;

	memset(&cn, 0, sizeof(cn));
	if (span_has(e->cgroup)) {
		/* the source stored it: what it names, without the host's names */
		workload_parse(event_str(e, e->cgroup), e->cgroup.len, &w);
	} else if (a->workload && room(e) > WORKLOAD_CGROUP_MAX + 1 &&
		   (n = a->workload->resolve(a->workload->ctx, e->pid, e->sec, e->msec, e->buf + e->used,
					     WORKLOAD_CGROUP_MAX + 1, &why, &w, &cn)) >= 0) {
		e->cgroup = (struct span){ e->used, (uint32_t)n };
		e->used += (uint32_t)n + 1;
	} else if (a->seen_cgroup && room(e) > WORKLOAD_CGROUP_MAX + 1) {
		/* a decision of a process gone: the cgroup the kernel named */
		e->cgroup = put_bytes(e, a->seen_cgroup, strnlen(a->seen_cgroup, WORKLOAD_CGROUP_MAX));
		workload_parse(event_str(e, e->cgroup), e->cgroup.len, &w);
	} else {
		if (!span_has(e->unit))
			e->workload_why = (uint8_t)why;
		return;
	}
	e->workload_why = WHY_KNOWN;
	if (w.unit.len)
		e->unit = (struct span){ e->cgroup.off + w.unit.off, w.unit.len };
	if (w.slice.len)
		e->slice = (struct span){ e->cgroup.off + w.slice.off, w.slice.len };
	if (w.id.len)
		e->container_id = (struct span){ e->cgroup.off + w.id.off, w.id.len };
	e->runtime = (uint8_t)container_runtime_of(&w, &cn);
	e->qos = (uint8_t)w.qos;
	if (w.pod_uid[0])
		e->pod_uid = put_bytes(e, w.pod_uid, POD_UID_LEN);
	if (cn.id && !span_has(e->container_id))
		e->container_id = put_name_max(e, cn.id);
	e->container_name = put_name_max(e, cn.name);
	e->image = put_name_max(e, cn.image);
	e->pod_name = put_name_max(e, cn.pod_name);
	e->pod_namespace = put_name_max(e, cn.pod_namespace);
	if (cn.pod_uid && !span_has(e->pod_uid))
		e->pod_uid = put_name_max(e, cn.pod_uid);
}

/* Names once, when the event is whole. */
static void interpret(struct assembler *a, struct event *e)
{
	const struct arch_info *ai = e->has_arch ? arch_of(e->arch, e->syscall) : NULL;

	e->arch_name = ai ? ai->name : NULL;
	e->syscall_name = syscall_name(ai, e->syscall);
	e->action = action_of(e->code);
	if (a->names) {
		put_name(e, &e->user, a->names->user(e->uid));
		put_name(e, &e->group, a->names->group(e->gid));
		put_name(e, &e->audit_user, a->names->user(e->auid));
	}
	attribute(a, e);
	if (a->keep_raw)
		e->raw = put_bytes(e, a->raw, a->raw_len);
}

void assembler_flush(struct assembler *a)
{
	if (!a->have)
		return;
	a->have = false;
	interpret(a, a->ev);
	a->emit(a->ev, a->data);
}

void assembler_seen(struct assembler *a, const struct decision_seen *s)
{
	struct seccomp_rec sr;
	struct audit_record r;
	struct event *e = a->ev;

	assembler_flush(a);
	memset(&sr, 0, sizeof(sr));
	memset(&r, 0, sizeof(r));
	r.serial_unknown = true;
	sr.sec = s->sec;
	sr.msec = s->msec;
	sr.auid = s->auid;
	sr.uid = s->uid;
	sr.gid = s->gid;
	sr.ses = s->ses;
	sr.pid = s->pid;
	sr.sig = s->sig;
	sr.syscall = s->syscall;
	sr.has_arch = true;
	sr.arch = s->arch;
	sr.code = s->code;
	sr.compat = s->compat;
	sr.ip = s->ip;
	start(a, &sr, &r);
	e->comm = put_bytes(e, s->comm, s->comm_len);
	e->exe = s->exe ? put_bytes(e, s->exe, s->exe_len < 4096 ? s->exe_len : 4096) : (struct span){ SPAN_NONE, 0 };
	e->seen = true;
	e->certain = s->certain;
	e->logged = (int8_t)s->logged;
	e->not_logged = s->not_logged;
	e->tid = s->tid;
	e->ret = s->ret;
	memcpy(e->args, s->args, sizeof(e->args));
	e->filters = s->filters;
	e->other = s->other;
	e->flag_log = (int8_t)s->flag_log;
	e->cgroup_id = s->cgroup_id;
	a->raw_len = 0;
	a->have = true;
	a->seen_cgroup = a->workload ? s->cgroup : NULL;	/* --no-workload: none */
	assembler_flush(a);
	a->seen_cgroup = NULL;
}

void assembler_feed(struct assembler *a, const struct audit_record *r, const char *text, size_t text_len)
{
	struct seccomp_rec s;

	/* records of another serial, or of none known, are not this event's */
	if (a->have && (r->serial != a->ev->serial || r->serial_unknown))
		assembler_flush(a);
	switch (r->type) {
	case AUDIT_TYPE_SECCOMP:
		assembler_flush(a);
		if (record_seccomp(r, &s) < 0) {
			a->malformed++;
			return;
		}
		start(a, &s, r);
		a->raw_len = 0;
		if (a->keep_raw)
			add_raw(a, r, text, text_len);
		a->have = true;
		break;
	case AUDIT_TYPE_PROCTITLE:
		/* a line that cannot be trusted does not add to one that can */
		if (a->have && (!r->untrusted || a->ev->untrusted)) {
			attach_proctitle(a->ev, r);
			if (a->keep_raw)
				add_raw(a, r, text, text_len);
		}
		break;
	case AUDIT_TYPE_SYSCALL:
		if (a->have && a->keep_raw)
			add_raw(a, r, text, text_len);
		break;
	case AUDIT_TYPE_EOE:
		assembler_flush(a);
		break;
	}
}

void event_workload_words(const struct event *e, struct workload_words *w)
{
	memset(w, 0, sizeof(*w));
	w->runtime = (enum container_runtime)e->runtime;
	w->qos = (enum qos)e->qos;
	w->why = (enum workload_why)e->workload_why;
#define WORD(field, span) \
	if (span_has(e->span)) { \
		w->field = event_str(e, e->span); \
		w->field##_len = e->span.len; \
	}
	WORD(name, container_name)
	WORD(id, container_id)
	WORD(unit, unit)
	WORD(slice, slice)
	WORD(cgroup, cgroup)
	WORD(image, image)
	WORD(pod_uid, pod_uid)
	WORD(pod_name, pod_name)
	WORD(pod_namespace, pod_namespace)
#undef WORD
}

size_t event_workload_label(const struct event *e, char *buf, size_t size)
{
	struct workload_words w;

	event_workload_words(e, &w);
	return workload_label(&w, buf, size);
}
