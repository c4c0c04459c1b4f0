// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/interpret.h"
#include "os/log.h"
#include "os/table.h"
#include "tail-print.h"
#include "model/unique.h"
#include "model/timeparse.h"

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

/* The arch as a name, or its number in hex for an arch libaudit does not know. */
static const char *arch_text(const struct event *e, char *buf, size_t size)
{
	if (e->arch_name)
		return e->arch_name;
	if (!e->has_arch)
		return NULL;
	snprintf(buf, size, "%x", e->arch);
	return buf;
}

/* The JSON of an event, written straight into the output buffer: keys are
 * constants, numbers and names are this program's, strings from the record
 * are escaped. A million events a second go through here. */

static inline char *lit(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}
#define LIT(p, s) lit(p, s, sizeof(s) - 1)

static char *put_u64(char *p, uint64_t v)
{
	char buf[24], *q = buf + sizeof(buf);

	do
		*--q = (char)('0' + v % 10);
	while (v /= 10);
	return lit(p, q, (size_t)(buf + sizeof(buf) - q));
}

static char *put_s64(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return put_u64(p, 0 - (uint64_t)v);
	}
	return put_u64(p, (uint64_t)v);
}

/* "unset" ids (-1, 4294967295) are null */
static char *put_id(char *p, int64_t id)
{
	if (id < 0 || id == AUDIT_ID_UNSET)
		return LIT(p, "null");
	return put_u64(p, (uint64_t)id);
}

static char *put_id_str(char *p, int64_t id)
{
	*p++ = '"';
	p = put_u64(p, (uint64_t)id);
	*p++ = '"';
	return p;
}

/* a string of this program's own (a name from libaudit or its tables) */
static char *put_own(char *p, const char *s)
{
	size_t n;

	if (!s)
		return LIT(p, "null");
	n = strlen(s);
	*p++ = '"';
	p = lit(p, s, n);
	*p++ = '"';
	return p;
}

static char *put_span(char *p, const struct event *e, struct span s)
{
	if (!span_has(s))
		return LIT(p, "null");
	return json_escape_mem(p, event_str(e, s), s.len);
}

/* "0x" and lower-case hex digits, quoted */
static char *put_hex(char *p, uint64_t v)
{
	char buf[24], *q = buf + sizeof(buf);

	*--q = '"';
	do
		*--q = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	*--q = 'x';
	*--q = '0';
	*--q = '"';
	return lit(p, q, (size_t)(buf + sizeof(buf) - q));
}

static size_t span_len(struct span s)
{
	return span_has(s) ? s.len : 0;
}

/* the most an event's JSON can take: fixed text and names, and every
 * string escaped at its worst */
static size_t json_max(const struct event *e)
{
	return 1536 + JSON_ESCAPED_MAX(span_len(e->comm) + span_len(e->exe) + span_len(e->subj) +
				       span_len(e->proctitle) + span_len(e->user) + span_len(e->group) +
				       span_len(e->audit_user));
}

static void print_json(struct out *o, const struct event *e)
{
	char arch[16], action[32], signal[16], *p;

	if (!(p = out_reserve(o, json_max(e))))
		return;
	p = LIT(p, "{\"serial\":");
	p = e->serial_unknown ? LIT(p, "null") : put_u64(p, e->serial);
	if (e->time_unknown) {
		p = LIT(p, ",\"time\":null");
	} else {
		p = LIT(p, ",\"time\":\"");
		fmt_time_iso(p, 32, e->sec, e->msec);
		p += strlen(p);
		*p++ = '"';
	}
	p = LIT(p, ",\"pid\":");
	p = put_s64(p, e->pid);
	p = LIT(p, ",\"uid\":");
	p = put_id(p, e->uid);
	p = LIT(p, ",\"user\":");
	p = put_span(p, e, e->user);
	p = LIT(p, ",\"gid\":");
	p = put_id(p, e->gid);
	p = LIT(p, ",\"group\":");
	p = put_span(p, e, e->group);
	p = LIT(p, ",\"auid\":");
	p = put_id(p, e->auid);
	p = LIT(p, ",\"audit_user\":");
	p = put_span(p, e, e->audit_user);
	p = LIT(p, ",\"ses\":");
	p = put_id(p, e->ses);
	p = LIT(p, ",\"comm\":");
	p = put_span(p, e, e->comm);
	p = LIT(p, ",\"exe\":");
	p = put_span(p, e, e->exe);
	if (span_has(e->subj)) {
		p = LIT(p, ",\"subj\":");
		p = put_span(p, e, e->subj);
	}
	p = LIT(p, ",\"arch\":");
	p = put_own(p, arch_text(e, arch, sizeof(arch)));
	p = LIT(p, ",\"syscall\":");
	p = put_own(p, e->syscall_name);
	p = LIT(p, ",\"syscall_nr\":");
	p = put_s64(p, e->syscall);
	p = LIT(p, ",\"compat\":");
	p = e->compat >= 0 ? put_s64(p, e->compat) : LIT(p, "null");
	p = LIT(p, ",\"sig\":");
	p = put_s64(p, e->sig);
	p = LIT(p, ",\"signal\":");
	p = put_own(p, signal_name(e->sig, signal, sizeof(signal)));
	p = LIT(p, ",\"code\":");
	p = put_hex(p, e->code);
	p = LIT(p, ",\"action\":");
	p = put_own(p, event_action_name(e, action, sizeof(action)));
	p = LIT(p, ",\"ip\":");
	p = put_hex(p, e->ip);
	p = LIT(p, ",\"source\":");
	p = put_own(p, source_kind_names[e->source]);
	if (span_has(e->proctitle)) {
		p = LIT(p, ",\"proctitle\":");
		p = put_span(p, e, e->proctitle);
	}
	p = LIT(p, "}\n");
	out_commit(o, p);
}

/* Elastic Common Schema, named as Auditbeat names a seccomp event. */
enum ecs_verdict { ECS_DENIED, ECS_ALLOWED, ECS_UNKNOWN };

/* What the filter did, in ECS's terms: denied (failure), only logged
 * (success), or decided by a supervisor or a tracer (unknown). */
static enum ecs_verdict ecs_verdict_of(const char *n)
{
	if (!n)
		return ECS_UNKNOWN;
	if (!strcmp(n, "kill_process") || !strcmp(n, "kill_thread") || !strcmp(n, "trap") || !strcmp(n, "errno"))
		return ECS_DENIED;
	return strcmp(n, "log") == 0 ? ECS_ALLOWED : ECS_UNKNOWN;
}

static const char *const ecs_verdicts[] = {
	[ECS_DENIED] = "\"type\":[\"denied\"],\"outcome\":\"failure\"",
	[ECS_ALLOWED] = "\"type\":[\"allowed\"],\"outcome\":\"success\"",
	[ECS_UNKNOWN] = "\"type\":[\"info\"],\"outcome\":\"unknown\"",
};

static enum ecs_verdict ecs_verdict(const struct event *e)
{
	const char *n = e->action ? e->action->name : "";

	if (!strcmp(n, "kill_process") || !strcmp(n, "kill_thread") || !strcmp(n, "trap") || !strcmp(n, "errno"))
		return ECS_DENIED;
	return strcmp(n, "log") == 0 ? ECS_ALLOWED : ECS_UNKNOWN;
}

/* ,"user":{"id":"0","name":"root"}: nothing when neither is known */
static char *ecs_ids(char *p, const struct event *e, const char *obj, int64_t id, struct span name)
{
	bool has_id = id >= 0 && id != AUDIT_ID_UNSET;

	if (!has_id && !span_has(name))
		return p;
	*p++ = ',';
	*p++ = '"';
	p = stpcpy(p, obj);
	p = LIT(p, "\":{");
	if (has_id) {
		p = LIT(p, "\"id\":");
		p = put_id_str(p, id);
	}
	if (span_has(name)) {
		if (has_id)
			*p++ = ',';
		p = LIT(p, "\"name\":");
		p = put_span(p, e, name);
	}
	*p++ = '}';
	return p;
}

static void print_ecs(struct out *o, const struct event *e)
{
	char arch[16], action[32], *p;

	if (!(p = out_reserve(o, json_max(e))))
		return;
	/* ECS wants a time: one the source does not have is the time of reading */
	p = LIT(p, "{\"@timestamp\":\"");
	if (e->time_unknown) {
		int64_t now = realtime_ms();

		fmt_time_iso(p, 32, (uint64_t)now / 1000, (uint32_t)(now % 1000));
	} else {
		fmt_time_iso(p, 32, e->sec, e->msec);
	}
	p += strlen(p);
	p = LIT(p, "\",\"event\":{\"kind\":\"event\",\"module\":\"auditd\",\"action\":\"violated-seccomp-policy\","
		"\"category\":[\"intrusion_detection\",\"process\"],");
	p = stpcpy(p, ecs_verdicts[ecs_verdict(e)]);
	*p++ = '}';
	p = LIT(p, ",\"process\":{\"pid\":");
	p = put_s64(p, e->pid);
	p = LIT(p, ",\"name\":");
	p = put_span(p, e, e->comm);
	p = LIT(p, ",\"executable\":");
	p = put_span(p, e, e->exe);
	if (span_has(e->proctitle)) {
		p = LIT(p, ",\"title\":");
		p = put_span(p, e, e->proctitle);
	}
	*p++ = '}';
	p = ecs_ids(p, e, "user", e->uid, e->user);
	p = ecs_ids(p, e, "group", e->gid, e->group);
	p = LIT(p, ",\"auditd\":{\"sequence\":");
	p = e->serial_unknown ? LIT(p, "null") : put_u64(p, e->serial);
	if (e->ses >= 0 && e->ses != AUDIT_ID_UNSET) {
		p = LIT(p, ",\"session\":");
		p = put_id_str(p, e->ses);
	}
	/* ECS has no field for the login user: Auditbeat's, under auditd */
	if (span_has(e->audit_user) || (e->auid >= 0 && e->auid != AUDIT_ID_UNSET)) {
		p = LIT(p, ",\"summary\":{\"actor\":{\"primary\":");
		p = span_has(e->audit_user) ? put_span(p, e, e->audit_user) : put_id_str(p, e->auid);
		p = LIT(p, "}}");
	}
	p = LIT(p, ",\"data\":{\"syscall\":");
	if (e->syscall_name) {
		p = put_own(p, e->syscall_name);
	} else {
		*p++ = '"';
		p = put_s64(p, e->syscall);
		*p++ = '"';
	}
	p = LIT(p, ",\"arch\":");
	p = put_own(p, arch_text(e, arch, sizeof(arch)));
	p = LIT(p, ",\"code\":");
	p = put_hex(p, e->code);
	p = LIT(p, ",\"action\":");
	p = put_own(p, event_action_name(e, action, sizeof(action)));
	p = LIT(p, ",\"sig\":\"");
	p = put_s64(p, e->sig);
	p = LIT(p, "\",\"compat\":\"");
	p = put_s64(p, e->compat);
	p = LIT(p, "\",\"ip\":");
	p = put_hex(p, e->ip);
	if (e->auid >= 0 && e->auid != AUDIT_ID_UNSET) {
		p = LIT(p, ",\"auid\":");
		p = put_id_str(p, e->auid);
	}
	p = LIT(p, "}}}\n");
	out_commit(o, p);
}

static void print_short(struct out *o, const struct event *e)
{
	char t[48], arch[16], action[32];

	if (e->time_unknown)
		snprintf(t, sizeof(t), "%-23s", "(no time)");
	else
		fmt_time_local(t, sizeof(t), e->sec, e->msec);
	out_puts(o, t);
	out_putc(o, ' ');
	if (span_has(e->comm))
		out_escaped(o, event_str(e, e->comm), e->comm.len);
	out_printf(o, "[%lld] %s ", (long long)e->pid, event_action_name(e, action, sizeof(action)));
	if (e->compat == 1 && arch_text(e, arch, sizeof(arch)))
		out_printf(o, "%s:", arch);
	if (e->syscall_name)
		out_puts(o, e->syscall_name);
	else
		out_printf(o, "syscall#%lld", (long long)e->syscall);
	out_putc(o, ' ');
	if (span_has(e->exe))
		out_escaped(o, event_str(e, e->exe), e->exe.len);
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

/* --summary: counts per (exe, syscall, action), most frequent first. */
#define SUMMARY_MAX 65536

struct summary_row {
	char *key;	/* exe \0 syscall \0 action */
	size_t exe_len, key_len;
	uint64_t count;
};

struct summary {
	struct summary_row *rows;	/* open addressing */
	size_t used, size;
	uint64_t other;			/* events past SUMMARY_MAX distinct keys */
};

struct summary *summary_new(void)
{
	struct summary *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->size = 1024;
	s->rows = calloc(s->size, sizeof(*s->rows));
	if (!s->rows) {
		free(s);
		return NULL;
	}
	return s;
}

static uint64_t hash(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n--)
		h = (h ^ (unsigned char)*k++) * 1099511628211ULL;
	return h;
}

static bool grow(struct summary *s)
{
	struct summary_row *old = s->rows, *rows;
	size_t i, j, oldsize = s->size;

	rows = calloc(oldsize * 2, sizeof(*rows));
	if (!rows)
		return false;
	s->rows = rows;
	s->size = oldsize * 2;
	for (i = 0; i < oldsize; i++) {
		if (!old[i].key)
			continue;
		j = hash(old[i].key, old[i].key_len) & (s->size - 1);
		while (rows[j].key)
			j = (j + 1) & (s->size - 1);
		rows[j] = old[i];
	}
	free(old);
	return true;
}

void summary_add(struct summary *s, const struct event *e)
{
	char key[4096 + 96], nr[24], abuf[32];
	const char *sc = e->syscall_name, *action = event_action_name(e, abuf, sizeof(abuf));
	size_t klen, i, exe_len = span_has(e->exe) ? e->exe.len : 0;

	if (!sc) {
		snprintf(nr, sizeof(nr), "syscall#%lld", (long long)e->syscall);
		sc = nr;
	}
	if (exe_len > 4096)
		exe_len = 4096;
	memcpy(key, event_str(e, e->exe), exe_len);
	klen = exe_len;
	key[klen++] = '\0';
	klen += (size_t)snprintf(key + klen, sizeof(key) - klen, "%s", sc) + 1;
	klen += (size_t)snprintf(key + klen, sizeof(key) - klen, "%s", action);
	i = hash(key, klen) & (s->size - 1);
	while (s->rows[i].key) {
		struct summary_row *r = &s->rows[i];

		if (r->key_len == klen && memcmp(r->key, key, klen) == 0) {
			r->count++;
			return;
		}
		i = (i + 1) & (s->size - 1);
	}
	if (s->used >= SUMMARY_MAX || !(s->rows[i].key = malloc(klen + 1))) {
		s->other++;
		return;
	}
	memcpy(s->rows[i].key, key, klen);
	s->rows[i].key[klen] = '\0';
	s->rows[i].exe_len = exe_len;
	s->rows[i].key_len = klen;
	s->rows[i].count = 1;
	s->used++;
	if (s->used * 2 > s->size && !grow(s)) {
		/* full table: later new keys are counted in other */
		s->used = SUMMARY_MAX;
	}
}

static int by_count(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

int summary_print(struct summary *s, struct out *o, enum tail_format fmt)
{
	static const char *const headers[] = { ">COUNT", "ACTION", "SYSCALL", "EXE", NULL };
	struct summary_row *rows = calloc(s->used ? s->used : 1, sizeof(*rows));
	bool json = fmt == TAIL_JSON || fmt == TAIL_ECS;
	struct table *t = NULL;
	size_t i, n = 0;

	if (!rows || (!json && !(t = table_new(headers)))) {
		free(rows);
		p_err("out of memory for the summary");
		return -ENOMEM;
	}
	for (i = 0; i < s->size; i++)
		if (s->rows[i].key)
			rows[n++] = s->rows[i];
	qsort(rows, n, sizeof(*rows), by_count);
	if (json) {
		jw_open_obj(o, NULL);
		jw_own_str(o, "event", "summary");
		jw_open_arr(o, "counts");
	}
	for (i = 0; i < n; i++) {
		const char *sc = rows[i].key + rows[i].exe_len + 1;
		const char *action = sc + strlen(sc) + 1;

		if (json) {
			jw_open_obj(o, NULL);
			jw_strn(o, "exe", rows[i].key, rows[i].exe_len);
			jw_own_str(o, "syscall", sc);
			jw_own_str(o, "action", action);
			jw_uint(o, "count", rows[i].count);
			jw_close_obj(o);
			continue;
		}
		table_row(t);
		table_cellf(t, 0, "%llu", (unsigned long long)rows[i].count);
		table_cell(t, 1, action);
		table_cell(t, 2, sc);
		table_cell_bytes(t, 3, rows[i].key, rows[i].exe_len);
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
		table_cell(t, 1, "(more distinct exe/syscall/action than counted)");
	}
	return table_print(t, o);
}

void summary_free(struct summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->size; i++)
		free(s->rows[i].key);
	free(s->rows);
	free(s);
}

/* --unique: the repeats of a key when its window closes. */
void tail_print_repeats(struct out *o, enum tail_format fmt, const struct unique_key *k, int64_t window_ms)
{
	static const char *const types[] = { [ECS_DENIED] = "denied", [ECS_ALLOWED] = "allowed", [ECS_UNKNOWN] = "info" };
	static const char *const outcomes[] = {
		[ECS_DENIED] = "failure", [ECS_ALLOWED] = "success", [ECS_UNKNOWN] = "unknown",
	};
	enum ecs_verdict v = ecs_verdict_of(k->action_name);
	char first[40], last[40], nr[32], arch[16], action[32];
	const char *syscall = k->syscall_name, *act = k->action_name, *arch_name = k->arch_name;

	fmt_time_iso(first, sizeof(first), (uint64_t)k->first_ms / 1000, (uint32_t)(k->first_ms % 1000));
	fmt_time_iso(last, sizeof(last), (uint64_t)k->last_ms / 1000, (uint32_t)(k->last_ms % 1000));
	snprintf(nr, sizeof(nr), "%lld", (long long)k->nr);
	snprintf(arch, sizeof(arch), "%x", k->arch);
	snprintf(action, sizeof(action), "unknown(0x%08x)", k->action);
	act = act ? act : action;
	arch_name = arch_name ? arch_name : arch;
	if (fmt == TAIL_SHORT || fmt == TAIL_RAW) {
		char text[8192];

		out_printf(o, "%s  repeated %llu times since %s: %s %s %s\n", last, (unsigned long long)k->repeats,
			   first, act, syscall ? syscall : nr, text_escape(text, sizeof(text), k->exe, k->exe_len));
		return;
	}
	jw_open_obj(o, NULL);
	if (fmt == TAIL_JSON) {
		jw_own_str(o, "event", "repeats");
		jw_strn(o, "exe", k->exe, k->exe_len);
		jw_own_str(o, "arch", arch_name);
		jw_own_str(o, "syscall", syscall);
		jw_int(o, "syscall_nr", k->nr);
		jw_own_str(o, "action", act);
		jw_uint(o, "count", k->repeats);
		jw_own_str(o, "first", first);
		jw_own_str(o, "last", last);
		jw_uint(o, "window", (uint64_t)window_ms / 1000);
	} else {
		jw_own_str(o, "@timestamp", last);
		jw_open_obj(o, "event");
		jw_own_str(o, "kind", "event");
		jw_own_str(o, "module", "auditd");
		jw_own_str(o, "action", "violated-seccomp-policy");
		jw_open_arr(o, "category");
		jw_own_str(o, NULL, "intrusion_detection");
		jw_own_str(o, NULL, "process");
		jw_close_arr(o);
		jw_open_arr(o, "type");
		jw_own_str(o, NULL, types[v]);
		jw_close_arr(o);
		jw_own_str(o, "outcome", outcomes[v]);
		jw_own_str(o, "start", first);
		jw_own_str(o, "end", last);
		jw_close_obj(o);
		jw_open_obj(o, "process");
		jw_strn(o, "executable", k->exe, k->exe_len);
		jw_close_obj(o);
		jw_open_obj(o, "auditd");
		jw_uint(o, "repeats", k->repeats);
		jw_open_obj(o, "data");
		jw_own_str(o, "syscall", syscall ? syscall : nr);
		jw_own_str(o, "arch", arch_name);
		jw_own_str(o, "action", act);
		jw_close_obj(o);
		jw_close_obj(o);
	}
	jw_close_obj(o);
	jw_end(o);
}
