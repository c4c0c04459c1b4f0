// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail's printers: an event in each format, lost records, repeats and the summary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/clock.h"
#include "model/actions.h"
#include "model/names.h"
#include "os/log.h"
#include "os/table.h"
#include "tail-print.h"

int tail_format_from_name(const char *name, enum tail_format *fmt)
{
	static const char *const names[] = { "short", "json", "ecs", "raw" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0) {
			*fmt = (enum tail_format)i;
			return 0;
		}
	return -EINVAL;
}

/* The event's arch by name, "unknown(0x...)" for one without, NULL when the
 * record has none (older kernels wrote no arch=). */
static const char *event_arch(const struct event *e, char *buf, size_t size)
{
	if (e->arch_name)
		return e->arch_name;
	return e->has_arch ? arch_text(e->arch, e->syscall, buf, size) : NULL;
}

/* --- JSON pieces of an event ------------------------------------------------------------ */

/* "unset" ids (-1, 4294967295) are null */
static char *put_id(char *p, int64_t id)
{
	if (id < 0 || id == AUDIT_ID_UNSET)
		return JP_LIT(p, "null");
	return jp_u64(p, (uint64_t)id);
}

/* a number as a string, as ECS wants ids */
static char *put_num_str(char *p, int64_t v)
{
	*p++ = '"';
	p = jp_s64(p, v);
	*p++ = '"';
	return p;
}

static char *put_span(char *p, const struct event *e, struct span s)
{
	if (!span_has(s))
		return JP_LIT(p, "null");
	return jp_str_padded(p, event_str(e, s), s.len);
}

static size_t span_len(struct span s)
{
	return span_has(s) ? s.len : 0;
}

/* the most an event's JSON can take: fixed text and names, and every
 * string escaped at its worst */
static size_t json_max(const struct event *e)
{
	return (e->seen ? 1024 : 0) + 2048 + JSON_ESCAPED_MAX(span_len(e->comm) + span_len(e->exe) + span_len(e->subj) +
				       span_len(e->proctitle) + span_len(e->user) + span_len(e->group) +
				       span_len(e->audit_user) + span_len(e->host) + span_len(e->machine_id) + span_len(e->cgroup) +
				       span_len(e->unit) + span_len(e->slice) + span_len(e->container_id) +
				       span_len(e->container_name) + span_len(e->image) + span_len(e->pod_uid) +
				       span_len(e->pod_name) + span_len(e->pod_namespace));
}

/* a decision seen as it was made: its thread, what the call returned, its
 * arguments, whether the kernel logged it too, and whether the action is
 * certain */
static char *put_seen(char *p, const struct event *e)
{
	size_t i;

	p = JP_LIT(p, ",\"tid\":");
	p = jp_s64(p, e->tid);
	p = JP_LIT(p, ",\"ret\":");
	p = jp_s64(p, e->ret);
	p = JP_LIT(p, ",\"args\":[");
	for (i = 0; i < 6; i++) {
		if (i)
			*p++ = ',';
		p = jp_hex(p, e->args[i]);
	}
	p = JP_LIT(p, "],\"certain\":");
	p = e->certain ? JP_LIT(p, "true") : JP_LIT(p, "false");
	p = JP_LIT(p, ",\"filters\":");
	p = jp_u64(p, e->filters);
	p = JP_LIT(p, ",\"logged\":");
	p = e->logged == 1 ? JP_LIT(p, "true") : e->logged == 0 ? JP_LIT(p, "false") : JP_LIT(p, "null");
	p = JP_LIT(p, ",\"not_logged\":");
	return jp_own(p, e->not_logged);
}

/* ,"cgroup":...,"no_workload_because":...: the one key list (model/workload.h) */
static char *put_workload(char *p, const struct event *e)
{
	struct workload_words w;

	event_workload_words(e, &w);
	*p++ = ',';
	return workload_json(p, &w);
}

/* ECS: container.*, orchestrator.* (Kubernetes' pod), service.name (the unit) */
static char *put_workload_ecs(char *p, const struct event *e)
{
	if (e->runtime != CRT_NONE || span_has(e->container_id)) {
		p = JP_LIT(p, ",\"container\":{\"runtime\":");
		p = jp_own(p, container_runtime_names[e->runtime]);
		if (span_has(e->container_id)) {
			p = JP_LIT(p, ",\"id\":");
			p = put_span(p, e, e->container_id);
		}
		if (span_has(e->container_name)) {
			p = JP_LIT(p, ",\"name\":");
			p = put_span(p, e, e->container_name);
		}
		if (span_has(e->image)) {
			p = JP_LIT(p, ",\"image\":{\"name\":");
			p = put_span(p, e, e->image);
			*p++ = '}';
		}
		*p++ = '}';
	}
	if (span_has(e->pod_uid) || span_has(e->pod_name)) {
		p = JP_LIT(p, ",\"orchestrator\":{\"type\":\"kubernetes\"");
		if (span_has(e->pod_namespace)) {
			p = JP_LIT(p, ",\"namespace\":");
			p = put_span(p, e, e->pod_namespace);
		}
		p = JP_LIT(p, ",\"resource\":{\"type\":\"pod\"");
		if (span_has(e->pod_uid)) {
			p = JP_LIT(p, ",\"id\":");
			p = put_span(p, e, e->pod_uid);
		}
		if (span_has(e->pod_name)) {
			p = JP_LIT(p, ",\"name\":");
			p = put_span(p, e, e->pod_name);
		}
		p = JP_LIT(p, "}}");
	}
	if (span_has(e->unit)) {
		p = JP_LIT(p, ",\"service\":{\"name\":");
		p = put_span(p, e, e->unit);
		p = JP_LIT(p, ",\"type\":\"systemd\"}");
	}
	return p;
}

static void print_json(struct out *o, const struct event *e)
{
	char arch[24], action[ACTION_TEXT_MAX], signal[16], *p;

	if (!(p = jw_reserve(o, json_max(e))))
		return;
	p = JP_LIT(p, "{\"serial\":");
	p = e->serial_unknown ? JP_LIT(p, "null") : jp_u64(p, e->serial);
	p = JP_LIT(p, ",\"time\":");
	p = e->time_unknown ? JP_LIT(p, "null") : jp_time(p, e->sec, e->msec);
	p = JP_LIT(p, ",\"pid\":");
	p = jp_s64(p, e->pid);
	p = JP_LIT(p, ",\"uid\":");
	p = put_id(p, e->uid);
	p = JP_LIT(p, ",\"user\":");
	p = put_span(p, e, e->user);
	p = JP_LIT(p, ",\"gid\":");
	p = put_id(p, e->gid);
	p = JP_LIT(p, ",\"group\":");
	p = put_span(p, e, e->group);
	p = JP_LIT(p, ",\"auid\":");
	p = put_id(p, e->auid);
	p = JP_LIT(p, ",\"audit_user\":");
	p = put_span(p, e, e->audit_user);
	p = JP_LIT(p, ",\"ses\":");
	p = put_id(p, e->ses);
	p = JP_LIT(p, ",\"comm\":");
	p = put_span(p, e, e->comm);
	p = JP_LIT(p, ",\"exe\":");
	p = put_span(p, e, e->exe);
	if (span_has(e->subj)) {
		p = JP_LIT(p, ",\"subj\":");
		p = put_span(p, e, e->subj);
	}
	p = JP_LIT(p, ",\"arch\":");
	p = jp_own(p, event_arch(e, arch, sizeof(arch)));
	p = JP_LIT(p, ",\"syscall\":");
	p = jp_own(p, e->syscall_name);
	p = JP_LIT(p, ",\"syscall_nr\":");
	p = e->syscall >= 0 ? jp_s64(p, e->syscall) : JP_LIT(p, "null");
	p = JP_LIT(p, ",\"compat\":");
	p = e->compat >= 0 ? jp_s64(p, e->compat) : JP_LIT(p, "null");
	p = JP_LIT(p, ",\"sig\":");
	p = jp_s64(p, e->sig);
	p = JP_LIT(p, ",\"signal\":");
	p = jp_own(p, signal_name(e->sig, signal, sizeof(signal)));
	p = JP_LIT(p, ",\"code\":");
	p = jp_hex(p, e->code);
	p = JP_LIT(p, ",\"action\":");
	p = jp_own(p, e->action ? e->action->name : action_text(e->code, action, sizeof(action)));
	p = JP_LIT(p, ",\"data\":");
	p = action_data(e->code) >= 0 ? jp_s64(p, action_data(e->code)) : JP_LIT(p, "null");
	p = JP_LIT(p, ",\"errno\":");
	p = jp_own(p, action_errno_name(e->code));
	p = JP_LIT(p, ",\"ip\":");
	p = jp_hex(p, e->ip);
	if (e->seen)
		p = put_seen(p, e);
	p = JP_LIT(p, ",\"source\":");
	p = jp_own(p, source_kind_names[e->source]);
	p = e->untrusted ? JP_LIT(p, ",\"trusted\":false") : JP_LIT(p, ",\"trusted\":true");
	p = JP_LIT(p, ",\"host\":");
	p = put_span(p, e, e->host);
	if (span_has(e->machine_id)) {
		p = JP_LIT(p, ",\"machine_id\":");
		p = put_span(p, e, e->machine_id);
	}
	p = put_workload(p, e);
	if (span_has(e->proctitle)) {
		p = JP_LIT(p, ",\"proctitle\":");
		p = put_span(p, e, e->proctitle);
	}
	p = JP_LIT(p, "}\n");
	jw_commit(o, p);
}

/* --- ECS ------------------------------------------------------------------------------ */

/* Elastic Common Schema, named as Auditbeat names a seccomp event. What the
 * filter did, in ECS's terms: denied (failure), only logged (success), or
 * decided by a supervisor or a tracer (unknown). */
struct ecs_verdict {
	const char *text;
	size_t len;
};
#define VERDICT(s) { s, sizeof(s) - 1 }

static struct ecs_verdict ecs_verdict(uint32_t code)
{
	static const struct ecs_verdict denied = VERDICT("\"type\":[\"denied\"],\"outcome\":\"failure\"");
	static const struct ecs_verdict allowed = VERDICT("\"type\":[\"allowed\"],\"outcome\":\"success\"");
	static const struct ecs_verdict other = VERDICT("\"type\":[\"info\"],\"outcome\":\"unknown\"");

	const struct action_info *a = action_of(code);

	/* ausearch's kill is either one: denied too */
	if (!a || a->effect == EFFECT_DEFERS)
		return other;
	return a->effect == EFFECT_DENIES ? denied : allowed;
}

/* What an ECS document says: an event, or the repeats of a key (--unique),
 * which have no process of their own but the window they were counted in. */
struct ecs_doc {
	const struct event *e;		/* NULL: repeats */
	uint64_t sec;
	uint32_t msec;
	const char *action;
	const char *exe;
	size_t exe_len;
	const char *syscall;		/* NULL: the number */
	int64_t nr;
	const char *arch;
	const char *start, *end;	/* repeats: the window, ISO times */
	uint32_t code;			/* the action's code (the verdict) */
	uint64_t repeats;
};

/* ,"user":{"id":"0","name":"root"}: nothing when neither is known */
#define ecs_ids(p, e, obj, id, name) ecs_ids_k(p, e, obj, sizeof(obj) - 1, id, name)
static char *ecs_ids_k(char *p, const struct event *e, const char *obj, size_t olen, int64_t id, struct span name)
{
	bool has_id = id >= 0 && id != AUDIT_ID_UNSET;

	if (!has_id && !span_has(name))
		return p;
	*p++ = ',';
	*p++ = '"';
	p = jp_mem(p, obj, olen);
	p = JP_LIT(p, "\":{");
	if (has_id) {
		p = JP_LIT(p, "\"id\":");
		p = put_num_str(p, id);
	}
	if (span_has(name)) {
		if (has_id)
			*p++ = ',';
		p = JP_LIT(p, "\"name\":");
		p = put_span(p, e, name);
	}
	*p++ = '}';
	return p;
}

/* "process", "host", the workload, "user", "group": who made it */
static char *ecs_who(char *p, const struct ecs_doc *d)
{
	const struct event *e = d->e;

	p = JP_LIT(p, ",\"process\":{");
	if (e) {
		p = JP_LIT(p, "\"pid\":");
		p = jp_s64(p, e->pid);
		p = JP_LIT(p, ",\"name\":");
		p = put_span(p, e, e->comm);
		*p++ = ',';
	}
	p = JP_LIT(p, "\"executable\":");
	p = d->exe ? jp_str(p, d->exe, d->exe_len) : JP_LIT(p, "null");
	if (e && span_has(e->proctitle)) {
		p = JP_LIT(p, ",\"title\":");
		p = put_span(p, e, e->proctitle);
	}
	*p++ = '}';
	if (!e)
		return p;
	if (span_has(e->host) || span_has(e->machine_id)) {
		p = JP_LIT(p, ",\"host\":{");
		if (span_has(e->host)) {
			p = JP_LIT(p, "\"name\":");
			p = put_span(p, e, e->host);
		}
		if (span_has(e->machine_id)) {
			p = span_has(e->host) ? JP_LIT(p, ",\"id\":") : JP_LIT(p, "\"id\":");
			p = put_span(p, e, e->machine_id);
		}
		*p++ = '}';
	}
	p = put_workload_ecs(p, e);
	/* ECS's own place for what no field of it names */
	p = e->untrusted ? JP_LIT(p, ",\"labels\":{\"trusted\":\"false\"") : JP_LIT(p, ",\"labels\":{\"trusted\":\"true\"");
	/* a decision seen (source bpf): whether the kernel logged it too */
	if (e->seen)
		p = e->logged == 1 ? JP_LIT(p, ",\"logged\":\"true\"") : e->logged == 0 ? JP_LIT(p, ",\"logged\":\"false\"")
				   : JP_LIT(p, ",\"logged\":\"unknown\"");
	*p++ = '}';
	p = ecs_ids(p, e, "user", e->uid, e->user);
	return ecs_ids(p, e, "group", e->gid, e->group);
}

/* "auditd": Auditbeat's namespace, the record's own words */
static char *ecs_auditd(char *p, const struct ecs_doc *d)
{
	const struct event *e = d->e;

	if (e) {
		p = JP_LIT(p, ",\"auditd\":{\"sequence\":");
		p = e->serial_unknown ? JP_LIT(p, "null") : jp_u64(p, e->serial);
		if (e->ses >= 0 && e->ses != AUDIT_ID_UNSET) {
			p = JP_LIT(p, ",\"session\":");
			p = put_num_str(p, e->ses);
		}
		/* ECS has no field for the login user: Auditbeat's, under auditd */
		if (span_has(e->audit_user) || (e->auid >= 0 && e->auid != AUDIT_ID_UNSET)) {
			p = JP_LIT(p, ",\"summary\":{\"actor\":{\"primary\":");
			p = span_has(e->audit_user) ? put_span(p, e, e->audit_user) : put_num_str(p, e->auid);
			p = JP_LIT(p, "}}");
		}
	} else {
		p = JP_LIT(p, ",\"auditd\":{\"repeats\":");
		p = jp_u64(p, d->repeats);
	}
	p = JP_LIT(p, ",\"data\":{\"syscall\":");
	p = d->syscall ? jp_own(p, d->syscall) : d->nr >= 0 ? put_num_str(p, d->nr) : JP_LIT(p, "null");
	p = JP_LIT(p, ",\"arch\":");
	p = jp_own(p, d->arch);
	if (e) {
		p = JP_LIT(p, ",\"code\":");
		p = jp_hex(p, e->code);
	}
	p = JP_LIT(p, ",\"action\":");
	p = jp_own(p, d->action);
	if (e) {
		p = JP_LIT(p, ",\"sig\":");
		p = put_num_str(p, e->sig);
		p = JP_LIT(p, ",\"compat\":");
		p = put_num_str(p, e->compat);
		p = JP_LIT(p, ",\"ip\":");
		p = jp_hex(p, e->ip);
		if (e->auid >= 0 && e->auid != AUDIT_ID_UNSET) {
			p = JP_LIT(p, ",\"auid\":");
			p = put_num_str(p, e->auid);
		}
	}
	return JP_LIT(p, "}}");
}

static void print_ecs_doc(struct out *o, const struct ecs_doc *d, size_t max)
{
	struct ecs_verdict v = ecs_verdict(d->code);
	char *p;

	if (!(p = jw_reserve(o, max)))
		return;
	p = JP_LIT(p, "{\"@timestamp\":");
	p = jp_time(p, d->sec, d->msec);
	p = JP_LIT(p, ",\"event\":{\"kind\":\"event\",\"module\":\"auditd\",\"action\":\"violated-seccomp-policy\","
		   "\"category\":[\"intrusion_detection\",\"process\"],");
	p = jp_mem(p, v.text, v.len);
	if (d->start) {
		p = JP_LIT(p, ",\"start\":");
		p = jp_own(p, d->start);
		p = JP_LIT(p, ",\"end\":");
		p = jp_own(p, d->end);
	}
	*p++ = '}';
	p = ecs_who(p, d);
	p = ecs_auditd(p, d);
	p = JP_LIT(p, "}\n");
	jw_commit(o, p);
}

static void print_ecs(struct out *o, const struct event *e)
{
	char arch[24], action[ACTION_TEXT_MAX];
	struct ecs_doc d = {
		.e = e, .sec = e->sec, .msec = e->msec, .code = e->code,
		.action = action_text(e->code, action, sizeof(action)),
		.exe = span_has(e->exe) ? event_str(e, e->exe) : NULL, .exe_len = span_len(e->exe),
		.syscall = e->syscall_name, .nr = e->syscall,
		.arch = event_arch(e, arch, sizeof(arch)),
	};

	/* ECS wants a time: one the source does not have is the time of reading */
	if (e->time_unknown) {
		int64_t now = realtime_ms();

		d.sec = (uint64_t)now / 1000;
		d.msec = (uint32_t)(now % 1000);
	}
	print_ecs_doc(o, &d, json_max(e));
}

/* --- people ---------------------------------------------------------------------------- */

static void print_short(struct out *o, const struct event *e)
{
	char t[48], arch[24], action[ACTION_TEXT_MAX];
	const char *an;

	if (e->time_unknown)
		snprintf(t, sizeof(t), "%-23s", "(no time)");
	else
		fmt_time_local(t, sizeof(t), e->sec, e->msec);
	out_puts(o, t);
	out_putc(o, ' ');
	if (span_has(e->host)) {
		out_escaped(o, event_str(e, e->host), e->host.len);
		out_putc(o, ' ');
	}
	if (span_has(e->comm))
		out_escaped(o, event_str(e, e->comm), e->comm.len);
	out_printf(o, "[%lld]", (long long)e->pid);
	/* the container (its name, else its short id), else the unit */
	if (span_has(e->container_name) || span_has(e->container_id) || span_has(e->unit)) {
		char wl[EVENT_NAME_MAX + 32];

		out_putc(o, '(');
		out_escaped(o, wl, event_workload_label(e, wl, sizeof(wl)));
		out_putc(o, ')');
	}
	out_printf(o, " %s ", action_text(e->code, action, sizeof(action)));
	if (e->compat == 1 && (an = event_arch(e, arch, sizeof(arch))))
		out_printf(o, "%s:", an);	/* the name event_arch gives, not always arch */
	if (e->syscall_name)
		out_puts(o, e->syscall_name);
	else if (e->syscall >= 0)
		out_printf(o, "syscall#%lld", (long long)e->syscall);
	else
		out_puts(o, "syscall#?");
	out_putc(o, ' ');
	if (span_has(e->exe))
		out_escaped(o, event_str(e, e->exe), e->exe.len);
	if (e->untrusted)
		out_puts(o, " [untrusted]");
	out_put(o, "\n", 1);
}

static void print_raw(struct out *o, const struct event *e)
{
	const char *p, *nl, *end;

	if (!span_has(e->raw))
		return;
	/* one record a line; anything else a terminal would act on is escaped */
	for (p = event_str(e, e->raw), end = p + e->raw.len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		out_escaped(o, p, (size_t)(nl - p));
		out_put(o, "\n", 1);
	}
}

void tail_print(struct out *o, const struct event *e, enum tail_format fmt)
{
	switch (fmt) {
	case TAIL_JSON:
		print_json(o, e);
		break;
	case TAIL_ECS:
		print_ecs(o, e);
		break;
	case TAIL_RAW:
		print_raw(o, e);
		break;
	default:
		print_short(o, e);
	}
}

void tail_print_lost(struct out *o, enum tail_format fmt, enum source_kind source, const struct source_item *it)
{
	char t[40];

	if (fmt != TAIL_JSON && fmt != TAIL_ECS)
		return;
	jw_open_obj(o, NULL);
	jw_own_str(o, "event", "lost");
	if (it->lost_ms >= 0) {
		fmt_time_iso(t, sizeof(t), (uint64_t)it->lost_ms / 1000, (uint32_t)(it->lost_ms % 1000));
		jw_own_str(o, "time", t);
	} else {
		jw_null(o, "time");
	}
	if (it->lost)
		jw_uint(o, "count", it->lost);
	else
		jw_null(o, "count");
	if (it->overruns)
		jw_uint(o, "overruns", it->overruns);
	jw_own_str(o, "cause", it->cause);
	jw_str(o, "message", it->why);
	jw_own_str(o, "source", source_kind_names[source]);
	jw_close_obj(o);
	jw_end(o);
}

/* --- --summary and --unique's repeats ------------------------------------------------------ */

int tail_print_summary(const struct summary *s, struct out *o, enum tail_format fmt)
{
	static const char *const headers[] = { ">COUNT", "ACTION", "SYSCALL", "WORKLOAD", "EXE", NULL };
	bool json = fmt == TAIL_JSON || fmt == TAIL_ECS;
	struct summary_row *rows;
	struct table *t = NULL;
	size_t i, n;

	if (!(rows = summary_sorted(s, &n)) || (!json && !(t = table_new(headers)))) {
		free(rows);
		p_err("out of memory for the summary");
		return -ENOMEM;
	}
	if (json) {
		jw_open_obj(o, NULL);
		jw_own_str(o, "event", "summary");
		jw_open_arr(o, "counts");
	}
	for (i = 0; i < n; i++) {
		if (json) {
			jw_open_obj(o, NULL);
			jw_strn(o, "exe", rows[i].key, rows[i].exe_len);
			jw_own_str(o, "syscall", summary_syscall(&rows[i]));
			jw_own_str(o, "action", summary_action(&rows[i]));
			if (*summary_workload(&rows[i]))
				jw_str(o, "workload", summary_workload(&rows[i]));
			else
				jw_null(o, "workload");
			jw_uint(o, "count", rows[i].count);
			jw_close_obj(o);
			continue;
		}
		table_row(t);
		table_cellf(t, 0, "%llu", (unsigned long long)rows[i].count);
		table_cell(t, 1, summary_action(&rows[i]));
		table_cell(t, 2, summary_syscall(&rows[i]));
		table_cell_bytes(t, 3, *summary_workload(&rows[i]) ? summary_workload(&rows[i]) : "-",
				 *summary_workload(&rows[i]) ? strlen(summary_workload(&rows[i])) : 1);
		table_cell_bytes(t, 4, rows[i].key, rows[i].exe_len);
	}
	free(rows);
	if (json) {
		jw_close_arr(o);
		jw_uint(o, "other", s->other);
		jw_close_obj(o);
		jw_end(o);
		return 0;
	}
	if (s->other) {
		table_row(t);
		table_cellf(t, 0, "%llu", (unsigned long long)s->other);
		table_cell(t, 1, "(more distinct exe/syscall/action/workload than counted)");
	}
	return table_print(t, o);
}

void tail_print_repeats(struct out *o, enum tail_format fmt, const struct unique_key *k, int64_t window_ms)
{
	char first[40], last[40], nr[32], arch[24], action[ACTION_TEXT_MAX], text[8192], wl[1024];
	const char *syscall = k->syscall_name, *act = action_text(k->code, action, sizeof(action));
	const char *arch_name = k->arch_name ? k->arch_name : arch_text(k->arch, k->nr, arch, sizeof(arch));

	fmt_time_iso(first, sizeof(first), (uint64_t)k->first_ms / 1000, (uint32_t)(k->first_ms % 1000));
	fmt_time_iso(last, sizeof(last), (uint64_t)k->last_ms / 1000, (uint32_t)(k->last_ms % 1000));
	snprintf(nr, sizeof(nr), "%lld", (long long)k->nr);
	if (fmt == TAIL_SHORT || fmt == TAIL_RAW) {
		out_printf(o, "%s  repeated %llu times since %s: %s %s %s%s%s%s\n", last, (unsigned long long)k->repeats,
			   first, act, syscall ? syscall : nr, text_escape(text, sizeof(text), k->exe, k->exe_len),
			   k->wl_len ? " (" : "", k->wl_len ? text_escape(wl, sizeof(wl), k->workload, k->wl_len) : "",
			   k->wl_len ? ")" : "");
	} else if (fmt == TAIL_JSON) {
		jw_open_obj(o, NULL);
		jw_own_str(o, "event", "repeats");
		jw_strn(o, "exe", k->exe, k->exe_len);
		if (k->wl_len)
			jw_strn(o, "workload", k->workload, k->wl_len);
		else
			jw_null(o, "workload");
		jw_own_str(o, "arch", arch_name);
		jw_own_str(o, "syscall", syscall);
		jw_int(o, "syscall_nr", k->nr);
		jw_own_str(o, "action", act);
		jw_uint(o, "count", k->repeats);
		jw_own_str(o, "first", first);
		jw_own_str(o, "last", last);
		jw_uint(o, "window", (uint64_t)window_ms / 1000);
		jw_close_obj(o);
		jw_end(o);
	} else {
		struct ecs_doc d = {
			.sec = (uint64_t)k->last_ms / 1000, .msec = (uint32_t)(k->last_ms % 1000), .action = act,
			.exe = k->exe, .exe_len = k->exe_len, .syscall = syscall, .nr = k->nr, .arch = arch_name,
			.start = first, .end = last, .repeats = k->repeats, .code = k->code,
		};

		print_ecs_doc(o, &d, 1536 + JSON_ESCAPED_MAX(k->exe_len));
	}
}
