// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interpret.h"
#include "output.h"
#include "tail-output.h"

static const char *const source_names[] = { "netlink", "journal", "file" };

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

/* Everything a format needs, looked up once. */
struct view {
	const char *arch, *syscall, *action, *signal, *user, *group, *auid_user;
	char arch_buf[16], action_buf[32], signal_buf[16], code[16], ip[24], time_iso[40];
};

static void interpret(const struct event *e, bool numeric, struct view *v)
{
	const struct seccomp_rec *s = &e->sc;

	v->arch = arch_name(s->arch);
	if (!v->arch) {
		snprintf(v->arch_buf, sizeof(v->arch_buf), "%x", s->arch);
		v->arch = v->arch_buf;
	}
	v->syscall = syscall_name(s->arch, s->syscall);
	v->action = code_action(s->code, v->action_buf, sizeof(v->action_buf));
	v->signal = signal_name(s->sig, v->signal_buf, sizeof(v->signal_buf));
	v->user = numeric ? NULL : user_name(s->uid);
	v->group = numeric ? NULL : group_name(s->gid);
	v->auid_user = numeric ? NULL : user_name(s->auid);
	fmt_hex(v->code, sizeof(v->code), s->code);
	fmt_hex(v->ip, sizeof(v->ip), s->ip);
	fmt_time_iso(v->time_iso, sizeof(v->time_iso), s->sec, s->msec);
}

static void jw_id(const char *key, int64_t id)
{
	if (id < 0 || id == AUDIT_ID_UNSET)
		jw_null(key);
	else
		jw_int(key, id);
}

static void print_json(const struct event *e, const struct view *v)
{
	const struct seccomp_rec *s = &e->sc;

	jw_open_obj(NULL);
	jw_uint("serial", s->serial);
	jw_own_str("time", v->time_iso);
	jw_int("pid", s->pid);
	jw_id("uid", s->uid);
	jw_str("user", v->user);
	jw_id("gid", s->gid);
	jw_str("group", v->group);
	jw_id("auid", s->auid);
	jw_str("audit_user", v->auid_user);
	jw_id("ses", s->ses);
	jw_strn("comm", s->comm, s->comm_len);
	jw_strn("exe", s->exe, s->exe_len);
	if (s->subj)
		jw_strn("subj", s->subj, s->subj_len);
	jw_own_str("arch", v->arch);
	jw_own_str("syscall", v->syscall);
	jw_int("syscall_nr", s->syscall);
	jw_int("compat", s->compat);
	jw_int("sig", s->sig);
	jw_own_str("signal", v->signal);
	jw_own_str("code", v->code);
	jw_own_str("action", v->action);
	jw_own_str("ip", v->ip);
	jw_own_str("source", source_names[e->source]);
	if (e->has_proctitle)
		jw_strn("proctitle", e->proctitle, e->proctitle_len);
	jw_close_obj();
	jw_finish_line();
}

static void jw_num_str(const char *key, long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	jw_str(key, buf);
}

/* Elastic Common Schema, named as Auditbeat names a seccomp event. */
static void print_ecs(const struct event *e, const struct view *v)
{
	const struct seccomp_rec *s = &e->sc;

	jw_open_obj(NULL);
	jw_str("@timestamp", v->time_iso);
	jw_open_obj("event");
	jw_str("kind", "event");
	jw_str("module", "auditd");
	jw_str("action", "violated-seccomp-policy");
	jw_open_arr("category");
	jw_str(NULL, "process");
	jw_close_arr();
	jw_close_obj();
	jw_open_obj("process");
	jw_int("pid", s->pid);
	jw_strn("name", s->comm, s->comm_len);
	jw_strn("executable", s->exe, s->exe_len);
	if (e->has_proctitle)
		jw_strn("title", e->proctitle, e->proctitle_len);
	jw_close_obj();
	jw_open_obj("user");
	if (s->uid >= 0 && s->uid != AUDIT_ID_UNSET)
		jw_num_str("id", s->uid);
	if (v->user)
		jw_str("name", v->user);
	jw_open_obj("audit");
	if (s->auid >= 0 && s->auid != AUDIT_ID_UNSET)
		jw_num_str("id", s->auid);
	if (v->auid_user)
		jw_str("name", v->auid_user);
	jw_close_obj();
	jw_close_obj();
	jw_open_obj("auditd");
	jw_uint("sequence", s->serial);
	if (s->ses >= 0 && s->ses != AUDIT_ID_UNSET)
		jw_num_str("session", s->ses);
	jw_open_obj("data");
	if (v->syscall)
		jw_str("syscall", v->syscall);
	else
		jw_num_str("syscall", s->syscall);
	jw_str("arch", v->arch);
	jw_str("code", v->code);
	jw_str("action", v->action);
	jw_num_str("sig", s->sig);
	jw_num_str("compat", s->compat);
	jw_str("ip", v->ip);
	jw_close_obj();
	jw_close_obj();
	jw_close_obj();
	jw_finish_line();
}

static void print_short(const struct event *e, const struct view *v)
{
	const struct seccomp_rec *s = &e->sc;
	char t[48];

	fmt_time_local(t, sizeof(t), s->sec, s->msec);
	fputs(t, stdout);
	fputc(' ', stdout);
	text_escape_to(stdout, s->comm, s->comm_len);
	printf("[%lld] %s ", (long long)s->pid, v->action);
	if (s->compat == 1)
		printf("%s:", v->arch);
	if (v->syscall)
		fputs(v->syscall, stdout);
	else
		printf("syscall#%lld", (long long)s->syscall);
	fputc(' ', stdout);
	text_escape_to(stdout, s->exe, s->exe_len);
	fputc('\n', stdout);
}

void tail_print(const struct event *e, enum tail_format fmt, bool numeric)
{
	struct view v;
	const char *p, *nl, *end;

	if (fmt == TAIL_RAW) {
		/* one record a line; anything else a terminal would act on is escaped */
		for (p = e->raw, end = e->raw + e->raw_len; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				nl = end;
			text_escape_to(stdout, p, (size_t)(nl - p));
			fputc('\n', stdout);
		}
		return;
	}
	interpret(e, numeric, &v);
	if (fmt == TAIL_JSON)
		print_json(e, &v);
	else if (fmt == TAIL_ECS)
		print_ecs(e, &v);
	else
		print_short(e, &v);
}

void tail_print_lost(enum tail_format fmt, uint64_t total)
{
	char t[40];
	struct timespec ts;

	if (fmt != TAIL_JSON && fmt != TAIL_ECS)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fmt_time_iso(t, sizeof(t), (uint64_t)ts.tv_sec, (uint32_t)(ts.tv_nsec / 1000000));
	jw_open_obj(NULL);
	jw_str("event", "lost");
	jw_str("time", t);
	jw_uint("overruns", total);
	jw_close_obj();
	jw_finish_line();
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
	char key[sizeof(e->sc.exe) + 96], nr[24], abuf[32];
	const char *sc = syscall_name(e->sc.arch, e->sc.syscall);
	const char *action = code_action(e->sc.code, abuf, sizeof(abuf));
	size_t klen, i;

	if (!sc) {
		snprintf(nr, sizeof(nr), "syscall#%lld", (long long)e->sc.syscall);
		sc = nr;
	}
	memcpy(key, e->sc.exe, e->sc.exe_len);
	klen = e->sc.exe_len;
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
	if (s->used >= SUMMARY_MAX) {
		s->other++;
		return;
	}
	s->rows[i].key = malloc(klen + 1);
	if (!s->rows[i].key) {
		s->other++;
		return;
	}
	memcpy(s->rows[i].key, key, klen);
	s->rows[i].key[klen] = '\0';
	s->rows[i].exe_len = e->sc.exe_len;
	s->rows[i].key_len = klen;
	s->rows[i].count = 1;
	s->used++;
	if (s->used * 2 > s->size)
		grow(s);
}

static int by_count(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

void summary_print(struct summary *s, enum tail_format fmt)
{
	struct summary_row *rows = calloc(s->used ? s->used : 1, sizeof(*rows));
	size_t i, n = 0;
	bool json = fmt == TAIL_JSON || fmt == TAIL_ECS;

	if (!rows)
		return;
	for (i = 0; i < s->size; i++)
		if (s->rows[i].key)
			rows[n++] = s->rows[i];
	qsort(rows, n, sizeof(*rows), by_count);
	if (json) {
		jw_open_obj(NULL);
		jw_str("event", "summary");
		jw_open_arr("counts");
	} else {
		printf("%10s  %-14s %-20s %s\n", "COUNT", "ACTION", "SYSCALL", "EXE");
	}
	for (i = 0; i < n; i++) {
		const char *sc = rows[i].key + rows[i].exe_len + 1;
		const char *action = sc + strlen(sc) + 1;

		if (json) {
			jw_open_obj(NULL);
			jw_strn("exe", rows[i].key, rows[i].exe_len);
			jw_str("syscall", sc);
			jw_str("action", action);
			jw_uint("count", rows[i].count);
			jw_close_obj();
		} else {
			printf("%10llu  %-14s %-20s ", (unsigned long long)rows[i].count, action, sc);
			text_escape_to(stdout, rows[i].key, rows[i].exe_len);
			fputc('\n', stdout);
		}
	}
	if (json) {
		jw_close_arr();
		jw_uint("other", s->other);
		jw_close_obj();
		jw_finish_line();
	} else if (s->other) {
		printf("%10llu  (more distinct exe/syscall/action than counted)\n", (unsigned long long)s->other);
	}
	free(rows);
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
