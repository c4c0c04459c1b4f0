// SPDX-License-Identifier: LGPL-2.1-or-later
/* JSON lines as records: journalctl -o json, and seccompctl's own -o json and -o ecs read back. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/journal-entry.h"
#include "model/jsonform.h"
#include "model/lost.h"
#include "model/names.h"

const char *json_flat_get(const struct json_flat *j, const char *key, size_t *vlen)
{
	size_t i, n = strlen(key);

	for (i = 0; i < j->n; i++)
		if (j->f[i].klen == n && memcmp(j->f[i].kv, key, n) == 0) {
			*vlen = j->f[i].len - n - 1;
			return j->f[i].kv + n + 1;
		}
	return NULL;
}

/* --- writing the record again ---------------------------------------------------------- */

struct text {
	char *buf;
	size_t size, len;
	bool full;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->len + n >= t->size) {
		t->full = true;
		return;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void putf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->size - t->len) {
		t->full = true;
		t->buf[t->len] = '\0';
		return;
	}
	t->len += (size_t)n;
}

/* As the kernel writes an untrusted string (audit_log_untrustedstring):
 * quoted when it is plain, else upper-case hex. */
static void put_untrusted(struct text *t, const char *key, const char *v, size_t n, bool always_hex)
{
	static const char hex[] = "0123456789ABCDEF";
	bool plain = !always_hex;
	size_t i;

	for (i = 0; i < n && plain; i++)
		plain = v[i] != '"' && (unsigned char)v[i] > 0x20 && (unsigned char)v[i] < 0x7f;
	putf(t, " %s=", key);
	if (plain) {
		put(t, "\"", 1);
		put(t, v, n);
		put(t, "\"", 1);
		return;
	}
	for (i = 0; i < n; i++) {
		char two[2] = { hex[(unsigned char)v[i] >> 4], hex[v[i] & 15] };

		put(t, two, 2);
	}
}

static bool number(const char *v, size_t n, long long *out)
{
	char w[32], *end;

	if (!v || !n || n >= sizeof(w))
		return false;
	memcpy(w, v, n);
	w[n] = '\0';
	errno = 0;
	*out = strtoll(w, &end, 0);
	return !errno && *end == '\0';
}

static bool get_number(const struct json_flat *j, const char *key, long long *out)
{
	size_t n;
	const char *v = json_flat_get(j, key, &n);

	return number(v, n, out);
}

/* 2026-11-23T20:53:40.629Z, as this tool writes times */
static bool iso_time(const char *v, size_t n, uint64_t *sec, uint32_t *msec)
{
	struct tm tm;
	char w[40];
	int ms = 0, used = 0;

	if (!v || n >= sizeof(w))
		return false;
	memcpy(w, v, n);
	w[n] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (sscanf(w, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &used) != 6)
		return false;
	if (w[used] == '.') {
		int digits = 0;

		for (used++; w[used] >= '0' && w[used] <= '9'; used++, digits++)
			if (digits < 3)
				ms = ms * 10 + (w[used] - '0');
		for (; digits < 3; digits++)
			ms *= 10;
	}
	if (strcmp(w + used, "Z") != 0)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*sec = (uint64_t)timegm(&tm);
	*msec = (uint32_t)ms;
	return true;
}

/* An arch as this tool names it: a name, or unknown(0x...) */
static bool arch_value(const char *v, size_t n, uint32_t *audit, const struct arch_info **info)
{
	char w[40];
	unsigned long x;

	*info = NULL;
	if (!v || n >= sizeof(w))
		return false;
	memcpy(w, v, n);
	w[n] = '\0';
	if (sscanf(w, "unknown(0x%lx)", &x) == 1 && x <= UINT32_MAX) {
		*audit = (uint32_t)x;
		return true;
	}
	if (!(*info = arch_by_name(w)))
		return false;
	*audit = (*info)->audit;
	return true;
}

/* The syscall's number: as written, else its name in the arch's table */
static long long syscall_value(const char *nr, size_t nrlen, const char *name, size_t nlen,
			       const struct arch_info *a)
{
	char w[64];
	long long v;

	if (number(nr, nrlen, &v))
		return v;
	if (number(name, nlen, &v))
		return v;
	if (!a || !name || nlen >= sizeof(w))
		return -1;
	memcpy(w, name, nlen);
	w[nlen] = '\0';
	return syscall_number(a, w, NULL);
}

/* The keys of one shape: seccompctl's JSON, or ECS */
struct shape {
	const char *serial, *time, *pid, *uid, *gid, *auid, *ses, *comm, *exe, *subj, *arch, *syscall_nr,
		*syscall, *compat, *sig, *code, *ip, *host, *proctitle, *trusted;
};

static const struct shape json_shape = {
	"serial", "time", "pid", "uid", "gid", "auid", "ses", "comm", "exe", "subj", "arch", "syscall_nr",
	"syscall", "compat", "sig", "code", "ip", "host", "proctitle", "trusted",
};
static const struct shape ecs_shape = {
	"auditd.sequence", "@timestamp", "process.pid", "user.id", "group.id", "auditd.data.auid",
	"auditd.session", "process.name", "process.executable", NULL, "auditd.data.arch", NULL,
	"auditd.data.syscall", "auditd.data.compat", "auditd.data.sig", "auditd.data.code", "auditd.data.ip",
	"host.name", "process.title", "labels.trusted",
};

static void put_id(struct text *t, const struct json_flat *j, const char *key, const char *name)
{
	long long v;

	putf(t, " %s=%lld", name, key && get_number(j, key, &v) ? v : 4294967295LL);
}

static void put_hex(struct text *t, const struct json_flat *j, const char *key, const char *name)
{
	size_t n;
	const char *v = key ? json_flat_get(j, key, &n) : NULL;
	long long x;

	if (v && number(v, n, &x))
		putf(t, " %s=0x%llx", name, (unsigned long long)x);
}

static enum line_kind event_line(const struct json_flat *j, const struct shape *sh, struct text *t,
				 struct line_info *li, struct audit_record *proctitle, bool *has_proctitle)
{
	const struct arch_info *ai = NULL;
	const char *v, *name;
	size_t n, nlen;
	uint64_t sec = 0;
	uint32_t msec = 0, audit = 0;
	long long serial = 0, x;
	bool has_time, has_serial;

	v = json_flat_get(j, sh->time, &n);
	has_time = iso_time(v, n, &sec, &msec);
	has_serial = get_number(j, sh->serial, &serial) && serial >= 0;
	putf(t, "type=SECCOMP msg=audit(%llu.%03u:%llu):", (unsigned long long)sec, msec,
	     (unsigned long long)serial);
	put_id(t, j, sh->auid, "auid");
	put_id(t, j, sh->uid, "uid");
	put_id(t, j, sh->gid, "gid");
	put_id(t, j, sh->ses, "ses");
	if (sh->subj && (v = json_flat_get(j, sh->subj, &n)))
		putf(t, " subj=%.*s", (int)n, v);
	if (get_number(j, sh->pid, &x))
		putf(t, " pid=%lld", x);
	if ((v = json_flat_get(j, sh->comm, &n)))
		put_untrusted(t, "comm", v, n, false);
	if ((v = json_flat_get(j, sh->exe, &n)))
		put_untrusted(t, "exe", v, n, false);
	if (get_number(j, sh->sig, &x))
		putf(t, " sig=%lld", x);
	v = json_flat_get(j, sh->arch, &n);
	if (arch_value(v, n, &audit, &ai))
		putf(t, " arch=%x", audit);
	v = sh->syscall_nr ? json_flat_get(j, sh->syscall_nr, &n) : NULL;
	name = json_flat_get(j, sh->syscall, &nlen);
	if (v || name)
		putf(t, " syscall=%lld", syscall_value(v, v ? n : 0, name, name ? nlen : 0, ai));
	if (get_number(j, sh->compat, &x))
		putf(t, " compat=%lld", x);
	put_hex(t, j, sh->ip, "ip");
	put_hex(t, j, sh->code, "code");
	if (t->full || record_parse_line(t->buf, t->len, &li->rec) < 0)
		return li->kind = LINE_OTHER;
	li->kind = LINE_RECORD;
	/* what the writer could not vouch for stays a claim when read back */
	li->claimed = (v = json_flat_get(j, sh->trusted, &n)) && n == 5 && !memcmp(v, "false", 5);
	li->rec.serial_unknown = !has_serial;
	li->rec.time_unknown = !has_time;
	li->has_serial = has_serial;
	li->has_time = has_time;
	li->text = t->buf;
	li->text_len = t->len;
	if ((v = json_flat_get(j, sh->host, &n))) {
		li->rec.host = v;
		li->rec.host_len = n;
	}
	/* the command line, as the PROCTITLE record of the same serial */
	if ((v = json_flat_get(j, sh->proctitle, &n)) && n) {
		size_t at = t->len + 1;

		t->len = at;	/* past the NUL of the SECCOMP record's text */
		putf(t, "type=PROCTITLE msg=audit(%llu.%03u:%llu):", (unsigned long long)sec, msec,
		     (unsigned long long)serial);
		put_untrusted(t, "proctitle", v, n, true);
		if (!t->full && record_parse_line(t->buf + at, t->len - at, proctitle) == 0) {
			proctitle->serial_unknown = !has_serial;
			proctitle->time_unknown = !has_time;
			proctitle->host = li->rec.host;
			proctitle->host_len = li->rec.host_len;
			*has_proctitle = true;
		}
	}
	return LINE_RECORD;
}

static enum line_kind lost_line(const struct json_flat *j, struct line_info *li)
{
	const char *v;
	size_t n;
	long long count = 0;
	uint64_t sec;
	uint32_t msec;

	li->kind = LINE_LOST;
	if (get_number(j, "count", &count) && count > 0)
		li->lost = (uint64_t)count;
	v = json_flat_get(j, "cause", &n);
	li->cause = v ? lost_cause(v, n) : "reported";
	v = json_flat_get(j, "time", &n);
	if (iso_time(v, n, &sec, &msec))
		li->wall_ms = (int64_t)(sec * 1000 + msec);
	return LINE_LOST;
}

enum line_kind jsonform_line(const struct json_flat *j, int64_t now_ms, char *buf, size_t size,
			     struct line_info *li, struct audit_record *proctitle, bool *has_proctitle)
{
	struct text t = { buf, size, 0, false };
	const char *v;
	size_t n, i;

	*has_proctitle = false;
	if (json_flat_get(j, "MESSAGE", &n)) {
		struct journal_entry e;

		journal_entry_init(&e);
		for (i = 0; i < j->n; i++)
			journal_entry_field(&e, j->f[i].kv, j->f[i].len);
		return journal_entry_line(&e, now_ms, li);
	}
	memset(li, 0, sizeof(*li));
	li->wall_ms = li->boot_usec = -1;
	if (size)
		buf[0] = '\0';
	if ((v = json_flat_get(j, "event", &n)) && !json_flat_get(j, "@timestamp", &i)) {
		/* seccompctl's own lines that are not an event */
		li->audit_like = true;
		if (n == 4 && memcmp(v, "lost", 4) == 0)
			return lost_line(j, li);
		return li->kind = LINE_OTHER;
	}
	if (json_flat_get(j, "syscall_nr", &n) && json_flat_get(j, "code", &n))
		return event_line(j, &json_shape, &t, li, proctitle, has_proctitle);
	/* one of seccompctl's events that lost a value it needs (out of range): counted */
	li->audit_like = json_flat_get(j, "code", &n) && (json_flat_get(j, "serial", &n) || json_flat_get(j, "pid", &n));
	if (json_flat_get(j, "@timestamp", &n) && json_flat_get(j, "auditd.data.syscall", &n)) {
		li->audit_like = true;
		if (json_flat_get(j, "auditd.repeats", &n))
			return li->kind = LINE_OTHER;	/* --unique's count, not a record */
		return event_line(j, &ecs_shape, &t, li, proctitle, has_proctitle);
	}
	return li->kind = LINE_OTHER;
}
