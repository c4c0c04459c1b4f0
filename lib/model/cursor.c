// SPDX-License-Identifier: LGPL-2.1-or-later
/* The collector's cursor as text: "key value" lines, any byte of a path as hex. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/array.h"
#include "model/cursor.h"

#define CURSOR_MAGIC "# seccompctl tail cursor 1"

/* A path or journal cursor back from hex: no NUL inside, room in out. */
static int get_hex(const char *in, size_t len, char *out, size_t size)
{
	long n;

	if (len / 2 + 1 > size || (n = hex_bytes(in, len, out)) <= 0 || strlen(out) != (size_t)n)
		return -EINVAL;
	return 0;
}

void cursor_format(const struct cursor *c, struct out *o)
{
	const struct source_pos *p = &c->pos;
	const struct unique_key *k;
	size_t i = 0;

	out_printf(o, CURSOR_MAGIC "\nkind %s\nboot %s\n", source_kind_names[p->kind], p->boot[0] ? p->boot : "-");
	if (p->has_last)
		out_printf(o, "last %" PRIu64 " %" PRIu32 " %" PRIu64 "\n", p->sec, p->msec, p->serial);
	if (p->path[0]) {
		out_puts(o, "file ");
		out_hex_bytes(o, p->path, strlen(p->path));
		out_printf(o, " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", p->dev, p->ino, p->off);
	}
	if (p->cursor[0]) {
		out_puts(o, p->cursor_from ? "journal-from " : "journal ");
		out_hex_bytes(o, p->cursor, strlen(p->cursor));
		out_putc(o, '\n');
	}
	if (p->has_seq)
		out_printf(o, "kmsg-next %" PRIu64 "\n", p->seq);
	out_printf(o, "output %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", c->out_dev, c->out_ino, c->out_len);
	for (i = 0; c->unique && (k = htab_next(&c->unique->keys, &i));) {
		out_printf(o, "unique %" PRId64 " %" PRId64 " %" PRIu64 " %" PRIx32 " %" PRId64 " %" PRIx32 " ",
			   k->first_ms, k->last_ms, k->repeats, k->arch, k->nr, k->code);
		out_hex_bytes(o, k->exe, k->exe_len);
		/* and the workload's label (an older cursor has none) */
		out_putc(o, ' ');
		out_hex_bytes(o, k->workload, k->wl_len);
		out_putc(o, '\n');
	}
	if (c->metrics)
		metrics_save(c->metrics, o);
}

void cursor_free(struct cursor *c)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		free(c->keys[i].exe);
	free(c->keys);
	c->keys = NULL;
	c->nkeys = c->capkeys = 0;
	if (c->metrics_read) {
		metrics_free(c->metrics_read);
		free(c->metrics_read);
		c->metrics_read = NULL;
	}
}

static int parse_unique(struct cursor *c, const char *val)
{
	struct unique_key k = { 0 };
	char hex[2 * 4097 + 1], wlhex[2 * 512 + 1] = "-";
	size_t len, wlen;
	int n;

	n = sscanf(val, "%" SCNd64 " %" SCNd64 " %" SCNu64 " %" SCNx32 " %" SCNd64 " %" SCNx32 " %8194s %1024s",
		   &k.first_ms, &k.last_ms, &k.repeats, &k.arch, &k.nr, &k.code, hex, wlhex);
	if (n != 7 && n != 8)
		return -EINVAL;
	len = strcmp(hex, "-") ? strlen(hex) / 2 : 0;
	wlen = strcmp(wlhex, "-") ? strlen(wlhex) / 2 : 0;
	if (!(k.exe = malloc(len + 1 + wlen + 1)))
		return -ENOMEM;
	if ((len && get_hex(hex, strlen(hex), k.exe, len + 1) < 0) ||
	    (wlen && get_hex(wlhex, strlen(wlhex), k.exe + len + 1, wlen + 1) < 0)) {
		free(k.exe);
		return -EINVAL;
	}
	k.exe[len] = '\0';
	k.exe[len + 1 + wlen] = '\0';
	k.exe_len = len;
	k.workload = k.exe + len + 1;
	k.wl_len = wlen;
	if (ARRAY_GROW(c->keys, c->capkeys, c->nkeys) < 0) {
		free(k.exe);
		return -ENOMEM;
	}
	c->keys[c->nkeys++] = k;
	return 0;
}

/* The source's position: one line's key and value into c->pos. 0, -EINVAL,
 * or -ENOENT for a key that is not the position's. */
static int parse_position(struct source_pos *p, const char *key, const char *val)
{
	char hex[2048];

	if (!strcmp(key, "kind"))
		return source_kind_from_name(val, &p->kind);
	if (!strcmp(key, "boot")) {
		if (strcmp(val, "-") && (strlen(val) != 32 || strspn(val, "0123456789abcdef") != 32))
			return -EINVAL;
		snprintf(p->boot, sizeof(p->boot), "%s", strcmp(val, "-") ? val : "");
	} else if (!strcmp(key, "last")) {
		if (sscanf(val, "%" SCNu64 " %" SCNu32 " %" SCNu64, &p->sec, &p->msec, &p->serial) != 3)
			return -EINVAL;
		p->has_last = true;
	} else if (!strcmp(key, "file")) {
		if (sscanf(val, "%2047s %" SCNu64 " %" SCNu64 " %" SCNu64, hex, &p->dev, &p->ino, &p->off) != 4 ||
		    get_hex(hex, strlen(hex), p->path, sizeof(p->path)) < 0)
			return -EINVAL;
	} else if (!strcmp(key, "journal") || !strcmp(key, "journal-from")) {
		if (get_hex(val, strlen(val), p->cursor, sizeof(p->cursor)) < 0)
			return -EINVAL;
		p->cursor_from = !strcmp(key, "journal-from");
	} else if (!strcmp(key, "kmsg") || !strcmp(key, "kmsg-next")) {
		/* "kmsg" named the last message read, "kmsg-next" the next to read */
		if (sscanf(val, "%" SCNu64, &p->seq) != 1)
			return -EINVAL;
		p->seq += !strcmp(key, "kmsg");
		p->has_seq = true;
	} else {
		return -ENOENT;
	}
	return 0;
}

/* One line after the first: 0 or -EINVAL. */
static int parse_line(struct cursor *c, const char *key, const char *val, bool *kind, bool *output)
{
	int r = parse_position(&c->pos, key, val);

	if (r != -ENOENT) {
		*kind |= r == 0 && !strcmp(key, "kind");
		return r;
	}
	if (!strcmp(key, "unique"))
		return parse_unique(c, val) < 0 ? -EINVAL : 0;
	if (!strcmp(key, "metric")) {
		if (!c->metrics_read && (c->metrics_read = malloc(sizeof(*c->metrics_read))))
			metrics_init(c->metrics_read, NULL);
		return !c->metrics_read || metrics_restore(c->metrics_read, val) < 0 ? -EINVAL : 0;
	}
	if (!strcmp(key, "output")) {
		if (sscanf(val, "%" SCNu64 " %" SCNu64 " %" SCNu64, &c->out_dev, &c->out_ino, &c->out_len) != 3)
			return -EINVAL;
		*output = true;
		return 0;
	}
	return -EINVAL;
}

int cursor_parse(const char *text, size_t len, struct cursor *c, char *err, size_t errsize)
{
	const char *line = text, *end = text + len, *nl;
	char key[16], val[9000], one[9100];
	bool magic = false, kind = false, output = false;
	size_t ln = 0, l;

	memset(c, 0, sizeof(*c));
	for (; line < end; line = nl + 1) {
		if (!(nl = memchr(line, '\n', (size_t)(end - line))))
			nl = end;
		l = (size_t)(nl - line);
		ln++;
		if (l >= sizeof(one))
			goto bad;
		memcpy(one, line, l);
		one[l] = '\0';
		if (!magic) {
			if (strcmp(one, CURSOR_MAGIC))
				goto bad;
			magic = true;
			continue;
		}
		if (l && (sscanf(one, "%15s %8999[^\n]", key, val) != 2 || parse_line(c, key, val, &kind, &output) < 0))
			goto bad;
	}
	if (magic && kind && output)
		return 0;
	snprintf(err, errsize, "it lacks its %s", !magic ? "first line" : !kind ? "kind" : "output line");
	cursor_free(c);
	return -EINVAL;
bad:
	snprintf(err, errsize, "line %zu is not what a cursor holds", ln);
	cursor_free(c);
	return -EINVAL;
}

