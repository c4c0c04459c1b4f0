// SPDX-License-Identifier: LGPL-2.1-or-later
/* The audit record parser: bytes in, structs out, no I/O, no allocation. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "model/audit-record.h"
#include "model/names.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const unsigned char hex_digit[256] = {
	[0 ... 255] = 16,
	['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
	['8'] = 8, ['9'] = 9, ['a'] = 10, ['b'] = 11, ['c'] = 12, ['d'] = 13, ['e'] = 14, ['f'] = 15,
	['A'] = 10, ['B'] = 11, ['C'] = 12, ['D'] = 13, ['E'] = 14, ['F'] = 15,
};
/* The kernel writes untrusted strings in upper-case hex only. */
static const unsigned char upper_hex[256] = {
	[0 ... 255] = 16,
	['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
	['8'] = 8, ['9'] = 9, ['A'] = 10, ['B'] = 11, ['C'] = 12, ['D'] = 13, ['E'] = 14, ['F'] = 15,
};
#pragma GCC diagnostic pop

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Eight ASCII digits (the first in the lowest byte, as a little-endian load
 * has them) to their value (Lemire's SWAR). */
static inline uint64_t eight_digits(uint64_t t)
{
	t = t * 10 + (t >> 8);
	return (((t & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
		(((t >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
}

/* Where the digits of an 8-byte word end: the number of leading digits (0-8). */
static inline unsigned digit_run(uint64_t w, uint64_t *t)
{
	uint64_t nondigit;

	*t = w - 0x3030303030303030ULL;
	nondigit = (*t | (*t + 0x7676767676767676ULL)) & 0x8080808080808080ULL;
	return nondigit ? (unsigned)__builtin_ctzll(nondigit) / 8 : 8;
}

static inline const char *parse_uint(const char *p, const char *end, uint64_t *v)
{
	const char *start = p;
	uint64_t x = 0, w, t;
	unsigned d, n;

	/* eight bytes at a time while there are eight to read: most numbers of a
	 * record take one step, a 10-digit one two */
	while (end - p >= 8 && p - start < 16) {
		memcpy(&w, p, 8);
		n = digit_run(w, &t);
		if (!n)
			break;
		if (n < 8) {
			static const uint64_t scale[8] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000 };

			x = x * scale[n] + eight_digits(t << (8 * (8 - n)));
			p += n;
			*v = x;
			return p;
		}
		x = x * 100000000 + eight_digits(t);
		p += 8;
	}
	/* the rest, a digit at a time, checked for overflow */
	for (; p < end && (d = (unsigned char)*p - '0') < 10; p++) {
		if (x > UINT64_MAX / 10 || (x == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return NULL;
		x = x * 10 + d;
	}
	*v = x;
	return p == start ? NULL : p;
}

/* ausearch -i's "MM/DD/YY[YY] HH:MM:SS.mmm:" (local time) into r: the end, or NULL. */
static const char *ausearch_stamp(const char *p, const char *end, struct audit_record *r)
{
	uint64_t mon, day, year, h, m, s, ms;
	struct tm tm = { 0 };
	time_t t;

	if (!(p = parse_uint(p, end, &mon)) || p >= end || *p != '/' || !(p = parse_uint(p + 1, end, &day)) ||
	    p >= end || *p != '/' || !(p = parse_uint(p + 1, end, &year)) || p >= end || *p != ' ' ||
	    !(p = parse_uint(p + 1, end, &h)) || p >= end || *p != ':' || !(p = parse_uint(p + 1, end, &m)) ||
	    p >= end || *p != ':' || !(p = parse_uint(p + 1, end, &s)) || p >= end || *p != '.' ||
	    !(p = parse_uint(p + 1, end, &ms)) || p >= end || *p != ':')
		return NULL;
	if (!mon || mon > 12 || !day || day > 31 || h > 23 || m > 59 || s > 60 || ms > 999 || year > 9999)
		return NULL;
	tm.tm_year = (int)(year < 100 ? year + 100 : year - 1900);	/* 25: 2025 */
	tm.tm_mon = (int)mon - 1;
	tm.tm_mday = (int)day;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)m;
	tm.tm_sec = (int)s;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) < 0)
		return NULL;
	r->sec = (uint64_t)t;
	r->msec = (uint32_t)ms;
	r->interpreted = true;
	return p;
}

int record_parse_payload(uint32_t type, const char *buf, size_t len, struct audit_record *r)
{
	const char *p = buf, *end = buf + len, *q;
	uint64_t ms;

	while (end > p && (end[-1] == '\0' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (end - p < 6 || memcmp(p, "audit(", 6) != 0)
		return -EINVAL;
	p += 6;
	r->interpreted = false;
	q = parse_uint(p, end, &r->sec);
	if (q && q < end && *q == '/') {
		if (!(p = ausearch_stamp(p, end, r)))
			return -EINVAL;
	} else {
		/* times are used as milliseconds in an int64_t: nothing real is later */
		p = q;
		if (!p || p >= end || *p != '.' || r->sec > INT64_MAX / 1000 - 1)
			return -EINVAL;
		p = parse_uint(p + 1, end, &ms);
		if (!p || p >= end || *p != ':' || ms > 999)
			return -EINVAL;
		r->msec = (uint32_t)ms;
	}
	p = parse_uint(p + 1, end, &r->serial);
	if (!p || p >= end || p[0] != ')')
		return -EINVAL;
	/* "): " as the kernel writes it, ") : " as ausearch -i does */
	if (end - p >= 2 && p[1] == ':')
		p += 2;
	else if (r->interpreted && end - p >= 3 && p[1] == ' ' && p[2] == ':')
		p += 3;
	else
		return -EINVAL;
	if (p < end && *p == ' ')
		p++;
	r->type = type;
	r->fields = p;
	r->fields_len = (size_t)(end - p);
	r->serial_unknown = r->time_unknown = r->untrusted = false;
	r->host = r->cgroup = r->unit = r->machine_id = NULL;
	r->host_len = r->cgroup_len = r->unit_len = r->machine_id_len = 0;
	return 0;
}

#define TYPE(t, name) { t, name, sizeof(name) - 1 }
static const struct {
	uint32_t type;
	const char *name;
	size_t len;
} type_names[] = {
	/* the common one first: this runs for every line of a log */
	TYPE(AUDIT_TYPE_SECCOMP, "SECCOMP"),
	TYPE(AUDIT_TYPE_SYSCALL, "SYSCALL"),
	TYPE(AUDIT_TYPE_PROCTITLE, "PROCTITLE"),
	TYPE(AUDIT_TYPE_CONFIG_CHANGE, "CONFIG_CHANGE"),
	TYPE(AUDIT_TYPE_EOE, "EOE"),
	TYPE(AUDIT_TYPE_DAEMON_START, "DAEMON_START"),
	TYPE(AUDIT_TYPE_DAEMON_END, "DAEMON_END"),
	TYPE(AUDIT_TYPE_DAEMON_ABORT, "DAEMON_ABORT"),
	TYPE(AUDIT_TYPE_DAEMON_ROTATE, "DAEMON_ROTATE"),
	TYPE(AUDIT_TYPE_ANOM_ABEND, "ANOM_ABEND"),
};

uint32_t record_type_from_name(const char *name, size_t len)
{
	uint64_t n;
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].len == len && memcmp(type_names[i].name, name, len) == 0)
			return type_names[i].type;
	if (len > 9 && memcmp(name, "UNKNOWN[", 8) == 0 && name[len - 1] == ']' &&
	    parse_uint(name + 8, name + len - 1, &n) == name + len - 1 && n && n <= UINT32_MAX)
		return (uint32_t)n;
	return 0;
}

const char *record_type_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return NULL;
}

int record_parse_line(const char *line, size_t len, struct audit_record *r)
{
	const char *p = line, *end = line + len, *sep = memchr(line, 0x1d, len), *q, *host = NULL;
	size_t host_len = 0;
	uint64_t n;
	uint32_t type;

	if (sep)
		end = sep;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	/* a node= prefix comes first when auditd is told to name the host */
	if (end - p > 5 && memcmp(p, "node=", 5) == 0) {
		q = memchr(p, ' ', (size_t)(end - p));
		if (!q)
			return -EINVAL;
		host = p + 5;
		host_len = (size_t)(q - host);
		p = q + 1;
	}
	if (end - p < 5 || memcmp(p, "type=", 5) != 0)
		return -EINVAL;
	p += 5;
	q = memchr(p, ' ', (size_t)(end - p));
	if (!q)
		return -EINVAL;
	type = record_type_from_name(p, (size_t)(q - p));
	if (!type && parse_uint(p, q, &n) == q && n && n <= UINT32_MAX)
		type = (uint32_t)n;	/* an older kernel's printk: "type=1326 audit(...)" */
	if (!type)
		return -EINVAL;
	p = q + 1;
	if (end - p >= 4 && memcmp(p, "msg=", 4) == 0)
		p += 4;
	else if (!(end - p >= 6 && memcmp(p, "audit(", 6) == 0))
		return -EINVAL;
	if (record_parse_payload(type, p, (size_t)(end - p), r) < 0)
		return -EINVAL;
	r->host = host;
	r->host_len = host_len;
	return 0;
}

void field_iter_init(struct field_iter *it, const char *s, size_t len)
{
	const char *sep = memchr(s, 0x1d, len);

	it->p = s;
	it->end = sep ? sep : s + len;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       c == '_' || c == '-';
}

/* Does a new key=value start at p? */
static bool key_starts(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && key_char(*q))
		q++;
	return q > p && q < end && *q == '=';
}

bool field_next(struct field_iter *it, struct field *f)
{
	const char *p = it->p, *end = it->end, *q;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
			p++;
		if (p >= end) {
			it->p = end;
			return false;
		}
		q = p;
		while (q < end && *q != '=' && *q != ' ')
			q++;
		if (q < end && *q == '=' && q > p)
			break;
		/* a word that is not key=value, or "=" with no key: skip it */
		p = q > p ? q : q + 1;
	}
	f->key = p;
	f->klen = (size_t)(q - p);
	p = q + 1;
	if (p < end && *p == '"') {
		q = memchr(p + 1, '"', (size_t)(end - p - 1));
		f->quoted = true;
		f->val = p + 1;
		f->vlen = (size_t)((q ? q : end) - f->val);
		it->p = q ? q + 1 : end;
		return true;
	}
	f->quoted = false;
	f->val = p;
	/* the value runs to the next space that starts a key (AppArmor labels
	 * hold spaces); memchr, because this runs for every field */
	for (q = p; (q = memchr(q, ' ', (size_t)(end - q))); q++)
		if (key_starts(q + 1, end))
			break;
	if (!q)
		q = end;
	/* a value never ends in the spaces before the next key, nor a line end */
	f->vlen = (size_t)(q - p);
	while (f->vlen && (p[f->vlen - 1] == ' ' || p[f->vlen - 1] == '\r' || p[f->vlen - 1] == '\n'))
		f->vlen--;
	it->p = q;
	return true;
}

bool record_field(const struct audit_record *r, const char *key, struct field *f)
{
	struct field_iter it;

	field_iter_init(&it, r->fields, r->fields_len);
	while (field_next(&it, f))
		if (field_is(f, key))
			return true;
	return false;
}

/* Keys whose unquoted value the kernel hex-encodes (audit_log_n_untrustedstring). */
static bool hex_key(const struct field *f)
{
	switch (f->klen) {
	case 3:
		return field_is(f, "exe") || field_is(f, "cwd");
	case 4:
		return field_is(f, "comm") || field_is(f, "name") || field_is(f, "subj");
	case 9:
		return field_is(f, "proctitle");
	}
	return false;
}

size_t field_decode(const struct field *f, char *out, size_t size)
{
	const unsigned char *v = (const unsigned char *)f->val;
	size_t i = 0, n = 0, len = f->vlen;
	unsigned hi, lo;

	if (!size)
		return 0;
	if (!f->quoted && len && !(len & 1) && hex_key(f)) {
		/* decoded as it is checked: a byte that is not hex makes it text after all */
		for (; i < len; i += 2) {
			hi = upper_hex[v[i]];
			lo = upper_hex[v[i + 1]];
			if ((hi | lo) > 15)
				break;
			if (n + 1 < size)
				out[n++] = (char)(hi << 4 | lo);
		}
		if (i == len) {
			out[n] = '\0';
			return n;
		}
	}
	n = len < size - 1 ? len : size - 1;
	memcpy(out, f->val, n);
	out[n] = '\0';
	return n;
}

int field_u64(const struct field *f, uint64_t *v)
{
	const char *end = f->val + f->vlen;
	const char *p = parse_uint(f->val, end, v);

	return p == end ? 0 : -EINVAL;
}

int field_s64(const struct field *f, int64_t *v)
{
	const char *p = f->val, *end = f->val + f->vlen;
	bool neg = p < end && *p == '-';
	uint64_t u = 0;

	p = parse_uint(p + neg, end, &u);
	if (p != end || u > (uint64_t)INT64_MAX + neg)
		return -EINVAL;
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

int record_logging_change(const struct action_vocab *v, const struct audit_record *r,
			  struct logging_change *c)
{
	bool op = false, have_new = false, have_old = false, have_res = false;
	struct field_iter it;
	struct field f;
	int64_t res;
	int e;

	if (r->type != AUDIT_TYPE_CONFIG_CHANGE)
		return -ENOENT;
	memset(c, 0, sizeof(*c));
	field_iter_init(&it, r->fields, r->fields_len);
	while (field_next(&it, &f)) {
		if (field_is(&f, "op")) {
			if (f.vlen != 15 || memcmp(f.val, "seccomp-logging", 15) != 0)
				return -ENOENT;
			op = true;
		} else if (field_is(&f, "actions") && !have_new) {
			e = set_from_record(v, f.val, f.vlen, &c->actions);
			if (e < 0 && e != -ENODATA)
				return -EINVAL;
			c->actions_known = e == 0;
			have_new = true;
		} else if (field_is(&f, "old-actions") && !have_old) {
			e = set_from_record(v, f.val, f.vlen, &c->old_actions);
			if (e < 0 && e != -ENODATA)
				return -EINVAL;
			c->old_known = e == 0;
			have_old = true;
		} else if (field_is(&f, "res") && !have_res) {
			if (field_s64(&f, &res) < 0 || (res != 0 && res != 1))
				return -EINVAL;
			c->res = (int)res;
			have_res = true;
		}
	}
	if (!op)
		return -ENOENT;
	if (!have_new || !have_old || !have_res)
		return -EINVAL;
	c->serial = r->serial;
	c->sec = r->sec;
	c->msec = r->msec;
	return 0;
}

int record_syscall_who(const struct audit_record *r, struct syscall_who *w)
{
	bool have_pid = false;
	struct field_iter it;
	struct field f;

	if (r->type != AUDIT_TYPE_SYSCALL)
		return -ENOENT;
	memset(w, 0, sizeof(*w));
	w->pid = w->uid = w->auid = -1;
	field_iter_init(&it, r->fields, r->fields_len);
	while (field_next(&it, &f)) {
		if (field_is(&f, "pid"))
			have_pid = field_s64(&f, &w->pid) == 0;
		else if (field_is(&f, "uid"))
			field_s64(&f, &w->uid);
		else if (field_is(&f, "auid"))
			field_s64(&f, &w->auid);
		else if (field_is(&f, "success"))
			w->success = f.vlen == 3 && memcmp(f.val, "yes", 3) == 0;
		else if (field_is(&f, "exit"))
			field_s64(&f, &w->exit);
		else if (field_is(&f, "comm"))
			w->comm_len = field_decode(&f, w->comm, sizeof(w->comm));
		else if (field_is(&f, "exe"))
			w->exe_len = field_decode(&f, w->exe, sizeof(w->exe));
	}
	if (!have_pid)
		return -EINVAL;
	w->serial = r->serial;
	return 0;
}

/* hex digit values, 16 for anything else: one look-up per digit */

int field_hex(const struct field *f, uint64_t *v)
{
	const unsigned char *p = (const unsigned char *)f->val, *end = p + f->vlen;
	uint64_t x = 0;
	unsigned d;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (p == end || end - p > 16)
		return -EINVAL;
	for (; p < end; p++) {
		if ((d = hex_digit[*p]) > 15)
			return -EINVAL;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

/* The kernel writes a SECCOMP record's fields in one order (audit_seccomp()):
 * read them in that order, and fall back to the general walk at the first
 * surprise. Nearly every record takes this path, at a million a second. */
static inline __attribute__((always_inline)) const char *fixed_key(const char *p, const char *end, const char *key, size_t klen)
{
	if ((size_t)(end - p) <= klen || memcmp(p, key, klen) != 0)
		return NULL;
	return p + klen;
}

/* Where c is from p on, or end: eight bytes a step (values are a few words,
 * shorter than a call of memchr costs). */
static inline __attribute__((always_inline)) const char *scan_to(const char *p, const char *end, char c)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t w, hit;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		w ^= ones * (unsigned char)c;
		if ((hit = (w - ones) & ~w & high))
			return p + __builtin_ctzll(hit) / 8;
		p += 8;
	}
	while (p < end && *p != c)
		p++;
	return p;
}

/* A value up to the next space (or the end): numbers, quoted or hex strings. */
static inline __attribute__((always_inline)) const char *word_end(const char *p, const char *end)
{
	return scan_to(p, end, ' ');
}

static inline __attribute__((always_inline)) bool fast_s64(const char **pp, const char *end, const char *key, size_t klen, int64_t *v)
{
	const char *p = fixed_key(*pp, end, key, klen), *q;
	bool neg;
	uint64_t u;

	if (!p)
		return false;
	neg = p < end && *p == '-';
	q = parse_uint(p + neg, end, &u);
	if (!q || (q < end && *q != ' ') || u > (uint64_t)INT64_MAX + neg)
		return false;
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	*pp = q < end ? q + 1 : q;
	return true;
}

/* n (1-8) hex digits at p, 8 bytes readable there, into *v: false when one is
 * not a hex digit. Eight at once: checked by byte ranges, turned into
 * nibbles, the nibbles packed in pairs, fours and eights. */
static inline __attribute__((always_inline)) bool hex8(const char *p, size_t n, uint64_t *v)
{
	const uint64_t H = 0x8080808080808080ULL, L = 0x0101010101010101ULL;
	uint64_t w, x, y, digit, letter, t;

	memcpy(&w, p, 8);
	/* the n digits to the top; '0's below them, as leading zeros */
	x = n == 8 ? w : (w << (8 * (8 - n))) | (0x3030303030303030ULL >> (8 * n));
	if (x & H)
		return false;
	y = x | 0x2020202020202020ULL;
	digit = (x + L * (0x80 - '0')) & ~(x + L * (0x7f - '9'));
	letter = (y + L * (0x80 - 'a')) & ~(y + L * (0x7f - 'f'));
	if (((digit | letter) & H) != H)
		return false;
	t = (x & 0x0F0F0F0F0F0F0F0FULL) + 9 * ((x >> 6) & L);
	t = ((t << 4) | (t >> 8)) & 0x00FF00FF00FF00FFULL;
	t = ((t << 8) | (t >> 16)) & 0x0000FFFF0000FFFFULL;
	*v = ((t << 16) | (t >> 32)) & 0xFFFFFFFFULL;
	return true;
}

static inline __attribute__((always_inline)) bool fast_hex(const char **pp, const char *end, const char *key, size_t klen, uint64_t *v)
{
	const char *p = fixed_key(*pp, end, key, klen), *q;
	uint64_t hi, lo;
	size_t n;

	if (!p)
		return false;
	if (end - p > 2 && p[0] == '0' && p[1] == 'x')
		p += 2;
	q = word_end(p, end);
	n = (size_t)(q - p);
	if (!n || n > 16)
		return false;
	if (n > 8) {
		if (!hex8(p, n - 8, &hi) || !hex8(p + n - 8, 8, &lo))
			return false;
		*v = hi << 32 | lo;
	} else if (end - p >= 8) {
		if (!hex8(p, n, v))
			return false;
	} else {
		/* too near the end to read a word: a digit at a time */
		struct field f = { .val = p, .vlen = n };

		if (field_hex(&f, v) < 0)
			return false;
	}
	*pp = q < end ? q + 1 : q;
	return true;
}

/* comm= and exe=: "quoted" without spaces, or hex, or (null) */
static inline __attribute__((always_inline)) bool fast_str(const char **pp, const char *end, const char *key, size_t klen, struct field *f)
{
	const char *p = fixed_key(*pp, end, key, klen), *q;

	if (!p)
		return false;
	f->key = key;
	f->klen = klen - 1;
	if (p < end && *p == '"') {
		q = scan_to(p + 1, end, '"');
		if (q == end || (q + 1 < end && q[1] != ' '))
			return false;
		f->quoted = true;
		f->val = p + 1;
		f->vlen = (size_t)(q - p - 1);
		q++;
	} else {
		q = word_end(p, end);
		f->quoted = false;
		f->val = p;
		f->vlen = (size_t)(q - p);
	}
	*pp = q < end ? q + 1 : q;
	return true;
}

#define FAST(kind, key, out) fast_##kind(&p, end, key "=", sizeof(key), out)

static bool seccomp_fast(const struct audit_record *r, struct seccomp_rec *s)
{
	/* record_parse_line() has cut auditd's part after 0x1d, and the kernel
	 * never writes that byte: no need to look for it again */
	const char *p = r->fields, *end = r->fields + r->fields_len;
	uint64_t arch, ip, code;
	int64_t compat;
	struct field f;

	if (!FAST(s64, "auid", &s->auid) || !FAST(s64, "uid", &s->uid) || !FAST(s64, "gid", &s->gid) ||
	    !FAST(s64, "ses", &s->ses))
		return false;
	if (fixed_key(p, end, "subj=", 5)) {
		/* an LSM label may hold spaces: the general rule finds its end */
		struct field_iter it = { .p = p, .end = end };

		if (!field_next(&it, &f) || !field_is(&f, "subj"))
			return false;
		s->subj = f;
		p = it.p < end ? it.p + 1 : it.p;
	}
	if (!FAST(s64, "pid", &s->pid) || !FAST(str, "comm", &s->comm) || !FAST(str, "exe", &s->exe) ||
	    !FAST(s64, "sig", &s->sig) || !FAST(hex, "arch", &arch) || !FAST(s64, "syscall", &s->syscall) ||
	    !FAST(s64, "compat", &compat) || !FAST(hex, "ip", &ip) || !FAST(hex, "code", &code))
		return false;
	if (arch > UINT32_MAX || code > UINT32_MAX || compat < 0 || compat > 1)
		return false;
	/* anything after code= (a later kernel's field) is for the general walk */
	if (p < end)
		return false;
	s->has_arch = true;
	s->arch = (uint32_t)arch;
	s->compat = (int)compat;
	s->ip = ip;
	s->code = (uint32_t)code;
	return true;
}

static void seccomp_reset(const struct audit_record *r, struct seccomp_rec *s)
{
	memset(s, 0, sizeof(*s));
	s->serial = r->serial;
	s->sec = r->sec;
	s->msec = r->msec;
	s->auid = s->uid = s->gid = s->ses = s->pid = s->sig = -1;
	s->compat = -1;
}

/* --- ausearch -i's words --------------------------------------------------------------- */

/* "unknown-syscall(983045)" and the like: the number inside, in base. */
static bool word_wrapped(const struct field *f, const char *prefix, int base, uint64_t *v)
{
	size_t n = strlen(prefix);
	struct field in;

	if (f->vlen < n + 2 || memcmp(f->val, prefix, n) || f->val[f->vlen - 1] != ')')
		return false;
	in = *f;
	in.val += n;
	in.vlen -= n + 1;
	return base == 16 ? field_hex(&in, v) == 0 : field_u64(&in, v) == 0;
}

/* A value as a NUL-terminated word, false when it does not fit. */
static bool word(const struct field *f, char *buf, size_t size)
{
	if (f->vlen >= size)
		return false;
	memcpy(buf, f->val, f->vlen);
	buf[f->vlen] = '\0';
	return true;
}

/* An id: a number, "unknown(N)", "unset", or a name (kept as the name). */
static void word_id(const struct field *f, int64_t *id, struct field *name)
{
	uint64_t u;

	if (f->vlen == 5 && memcmp(f->val, "unset", 5) == 0)
		*id = AUDIT_ID_UNSET;
	else if (field_s64(f, id) == 0)
		;
	else if (word_wrapped(f, "unknown(", 10, &u))
		*id = (int64_t)u;
	else
		*name = *f;
}

/* libaudit names AUDIT_ARCH_ARM armeb (it has no name for big-endian ARM):
 * its armeb is the little-endian arm. */
static bool word_arch(const struct field *f, uint32_t *arch)
{
	const struct arch_info *a;
	char w[32];
	uint64_t u;

	if (word_wrapped(f, "unknown-elf-type(", 16, &u) && u <= UINT32_MAX) {
		*arch = (uint32_t)u;
		return true;
	}
	if (!word(f, w, sizeof(w)))
		return false;
	a = strcmp(w, "armeb") == 0 ? arch_by_name("arm") : arch_by_name(w);
	if (!a)
		return false;
	*arch = a->audit;
	return true;
}

static bool word_code(const struct field *f, uint32_t *code)
{
	const struct action_info *a;
	uint64_t u;

	if (word_wrapped(f, "unknown-seccomp-code(", 16, &u) && u <= UINT32_MAX) {
		*code = (uint32_t)u;
		return true;
	}
	/* libaudit's words: user-notify; audit 4.0's kill-thread for either
	 * kill (it masks kill_process's bit off), kill-process for the one */
	if (f->vlen == 11 && memcmp(f->val, "user-notify", 11) == 0)
		a = action_by_name("user_notif", 10);
	else if (f->vlen == 11 && memcmp(f->val, "kill-thread", 11) == 0)
		a = action_by_code(ACTION_CODE_KILL_EITHER);
	else if (f->vlen == 12 && memcmp(f->val, "kill-process", 12) == 0)
		a = action_by_name("kill_process", 12);
	else
		a = action_by_name(f->val, f->vlen);
	if (!a)
		return field_hex(f, &u) == 0 && u <= UINT32_MAX ? (*code = (uint32_t)u, true) : false;
	*code = a->code;
	return true;
}

/* The syscall once the arch is known: a name back to its number in that
 * arch's table, else -1 (ausearch named it in its own host's table when it
 * knew no arch: a guess this tool does not repeat). */
static int64_t word_syscall(const struct field *f, const struct seccomp_rec *s)
{
	const struct arch_info *a;
	char w[64];
	uint64_t u;
	int64_t nr;

	if (field_s64(f, &nr) == 0)
		return nr;
	if (word_wrapped(f, "unknown-syscall(", 10, &u))
		return (int64_t)u;
	if (!s->has_arch || !word(f, w, sizeof(w)))
		return -1;
	if (!(a = arch_of(s->arch, 0)))
		return -1;
	nr = syscall_number(a, w, NULL);
	if (nr < 0 && s->arch == arch_by_name("x86_64")->audit)
		nr = syscall_number(arch_by_name("x32"), w, NULL);
	return nr;
}

static int seccomp_words(const struct audit_record *r, struct seccomp_rec *s)
{
	bool pid = false, code = false;
	struct field_iter it;
	struct field f, sc = { 0 };
	uint64_t u;
	char w[16];

	field_iter_init(&it, r->fields, r->fields_len);
	while (field_next(&it, &f)) {
		if (field_is(&f, "pid"))
			pid = field_s64(&f, &s->pid) == 0;
		else if (field_is(&f, "auid"))
			word_id(&f, &s->auid, &s->auid_name);
		else if (field_is(&f, "uid"))
			word_id(&f, &s->uid, &s->uid_name);
		else if (field_is(&f, "gid"))
			word_id(&f, &s->gid, &s->gid_name);
		else if (field_is(&f, "ses"))
			word_id(&f, &s->ses, &(struct field){ 0 });
		else if (field_is(&f, "sig"))
			s->sig = word(&f, w, sizeof(w)) ? signal_number(w) : -1;
		else if (field_is(&f, "arch"))
			s->has_arch = word_arch(&f, &s->arch);
		else if (field_is(&f, "syscall"))
			sc = f;
		else if (field_is(&f, "code"))
			code = word_code(&f, &s->code);
		else if (field_is(&f, "compat") && field_u64(&f, &u) == 0 && u <= 1)
			s->compat = (int)u;
		else if (field_is(&f, "ip") && field_hex(&f, &u) == 0)
			s->ip = u;
		else if (field_is(&f, "comm") || field_is(&f, "exe") || field_is(&f, "subj")) {
			/* ausearch decoded them: the text is the value */
			f.quoted = true;
			*(field_is(&f, "comm") ? &s->comm : field_is(&f, "exe") ? &s->exe : &s->subj) = f;
		}
	}
	if (!sc.klen || !pid || !code)
		return -EINVAL;
	s->syscall = word_syscall(&sc, s);
	return 0;
}

int record_seccomp(const struct audit_record *r, struct seccomp_rec *s)
{
	bool pid = false, sc = false, code = false;
	struct field_iter it;
	struct field f;
	uint64_t u;

	if (r->type != AUDIT_TYPE_SECCOMP)
		return -ENOENT;
	/* the fast path writes every field: no need to clear them first */
	s->serial = r->serial;
	s->sec = r->sec;
	s->msec = r->msec;
	s->subj.klen = s->auid_name.klen = s->uid_name.klen = s->gid_name.klen = 0;
	if (!r->interpreted && seccomp_fast(r, s))
		return 0;
	seccomp_reset(r, s);
	if (r->interpreted)
		return seccomp_words(r, s);
	field_iter_init(&it, r->fields, r->fields_len);
	while (field_next(&it, &f)) {
		switch (f.klen) {
		case 2:
			if (field_is(&f, "ip") && field_hex(&f, &u) == 0)
				s->ip = u;
			break;
		case 3:
			if (field_is(&f, "pid"))
				pid = field_s64(&f, &s->pid) == 0;
			else if (field_is(&f, "uid"))
				field_s64(&f, &s->uid);
			else if (field_is(&f, "gid"))
				field_s64(&f, &s->gid);
			else if (field_is(&f, "ses"))
				field_s64(&f, &s->ses);
			else if (field_is(&f, "sig"))
				field_s64(&f, &s->sig);
			else if (field_is(&f, "exe"))
				s->exe = f;
			break;
		case 4:
			if (field_is(&f, "auid"))
				field_s64(&f, &s->auid);
			else if (field_is(&f, "comm"))
				s->comm = f;
			else if (field_is(&f, "arch") && field_hex(&f, &u) == 0 && u <= UINT32_MAX)
				s->arch = (uint32_t)u, s->has_arch = true;
			else if (field_is(&f, "code") && field_hex(&f, &u) == 0 && u <= UINT32_MAX)
				s->code = (uint32_t)u, code = true;
			else if (field_is(&f, "subj"))
				s->subj = f;
			break;
		case 6:
			if (field_is(&f, "compat") && field_u64(&f, &u) == 0 && u <= 1)
				s->compat = (int)u;
			break;
		case 7:
			if (field_is(&f, "syscall"))
				sc = field_s64(&f, &s->syscall) == 0;
			break;
		}
	}
	return pid && sc && code ? 0 : -EINVAL;
}
