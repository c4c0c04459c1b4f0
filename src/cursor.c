// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "fileio.h"

#define CURSOR_MAGIC "# seccompctl tail cursor 1"

static const char *const kinds[] = { "netlink", "journal", "file", "kernel" };

/* Paths and journal cursors as hex: any byte, one line. */
static int put_hex(char *out, size_t size, const char *s)
{
	size_t i, n = strlen(s);

	if (2 * n + 1 > size)
		return -ENOSPC;
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)s[i]);
	out[2 * n] = '\0';
	return 0;
}

static int get_hex(const char *in, size_t len, char *out, size_t size)
{
	size_t i;
	unsigned int b;

	if (len % 2 || len / 2 + 1 > size)
		return -EINVAL;
	for (i = 0; i < len / 2; i++) {
		if (sscanf(in + 2 * i, "%2x", &b) != 1 || !b)
			return -EINVAL;
		out[i] = (char)b;
	}
	out[len / 2] = '\0';
	return 0;
}

int cursor_format(const struct cursor *c, char *buf, size_t size)
{
	const struct source_pos *p = &c->pos;
	char path[2 * sizeof(p->path) + 1], cur[2 * sizeof(p->cursor) + 1];
	int n;

	if (put_hex(path, sizeof(path), p->path) < 0 || put_hex(cur, sizeof(cur), p->cursor) < 0)
		return -ENOSPC;
	n = snprintf(buf, size, CURSOR_MAGIC "\nkind %s\nboot %s\n", kinds[p->kind], p->boot[0] ? p->boot : "-");
	if (p->has_last)
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "last %" PRIu64 " %" PRIu32 " %" PRIu64 "\n",
			      p->sec, p->msec, p->serial);
	if (p->path[0])
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "file %s %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
			      path, p->dev, p->ino, p->off);
	if (p->cursor[0])
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "journal %s\n", cur);
	if (p->has_seq)
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "kmsg %" PRIu64 "\n", p->seq);
	n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "output %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
		      c->out_dev, c->out_ino, c->out_len);
	return (size_t)n < size ? n : -ENOSPC;
}

int cursor_parse(const char *text, size_t len, struct cursor *c, char *err, size_t errsize)
{
	const char *line = text, *end = text + len, *nl;
	struct source_pos *p = &c->pos;
	char key[16], val[2048];
	bool magic = false, kind = false, output = false;
	size_t i, ln = 0;

	memset(c, 0, sizeof(*c));
	for (; line < end; line = nl + 1) {
		char one[2200];
		size_t l;

		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
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
		if (!l)
			continue;
		if (sscanf(one, "%15s %2047[^\n]", key, val) != 2)
			goto bad;
		if (!strcmp(key, "kind")) {
			for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && strcmp(kinds[i], val); i++)
				;
			if (i == sizeof(kinds) / sizeof(kinds[0]))
				goto bad;
			p->kind = (enum source_kind)i;
			kind = true;
		} else if (!strcmp(key, "boot")) {
			if (strcmp(val, "-") && (strlen(val) != 32 || strspn(val, "0123456789abcdef") != 32))
				goto bad;
			snprintf(p->boot, sizeof(p->boot), "%s", strcmp(val, "-") ? val : "");
		} else if (!strcmp(key, "last")) {
			if (sscanf(val, "%" SCNu64 " %" SCNu32 " %" SCNu64, &p->sec, &p->msec, &p->serial) != 3)
				goto bad;
			p->has_last = true;
		} else if (!strcmp(key, "file")) {
			char hex[2048];

			if (sscanf(val, "%2047s %" SCNu64 " %" SCNu64 " %" SCNu64, hex, &p->dev, &p->ino, &p->off) != 4 ||
			    get_hex(hex, strlen(hex), p->path, sizeof(p->path)) < 0)
				goto bad;
		} else if (!strcmp(key, "journal")) {
			if (get_hex(val, strlen(val), p->cursor, sizeof(p->cursor)) < 0)
				goto bad;
		} else if (!strcmp(key, "kmsg")) {
			if (sscanf(val, "%" SCNu64, &p->seq) != 1)
				goto bad;
			p->has_seq = true;
		} else if (!strcmp(key, "output")) {
			if (sscanf(val, "%" SCNu64 " %" SCNu64 " %" SCNu64, &c->out_dev, &c->out_ino, &c->out_len) != 3)
				goto bad;
			output = true;
		} else {
			goto bad;
		}
	}
	if (magic && kind && output)
		return 0;
	snprintf(err, errsize, "it lacks its %s", !magic ? "first line" : !kind ? "kind" : "output line");
	return -EINVAL;
bad:
	snprintf(err, errsize, "line %zu is not what a cursor holds", ln);
	return -EINVAL;
}

int cursor_load(const char *path, struct cursor *c, char *err, size_t errsize)
{
	char *text;
	size_t len;
	int r = read_full_file(NULL, path, &text, &len);

	if (r < 0) {
		snprintf(err, errsize, "%s", strerror(-r));
		return r;
	}
	r = cursor_parse(text, len, c, err, errsize);
	free(text);
	return r;
}

int cursor_save(const char *path, const struct cursor *c)
{
	char buf[8192];
	int n = cursor_format(c, buf, sizeof(buf));

	return n < 0 ? n : write_file_atomic(path, buf, (size_t)n, 0600);
}
