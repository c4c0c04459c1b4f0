// SPDX-License-Identifier: LGPL-2.1-or-later
/* Column tables for people, laid out by libsmartcols. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "os/log.h"
#include "os/table.h"

struct table {
	struct libscols_table *tb;
	struct libscols_line *line;
	size_t ncols;
	int err;
};

struct table *table_new(const char *const *headers)
{
	struct table *t = calloc(1, sizeof(*t));
	size_t i;

	if (!t || !(t->tb = scols_new_table())) {
		free(t);
		return NULL;
	}
	/* cells arrive escaped: no second encoding, no cut to a terminal's width */
	scols_table_enable_noencoding(t->tb, 1);
	scols_table_set_termforce(t->tb, SCOLS_TERMFORCE_NEVER);
	for (i = 0; headers[i]; i++) {
		bool right = headers[i][0] == '>';

		if (!scols_table_new_column(t->tb, headers[i] + right, 0, right ? SCOLS_FL_RIGHT : 0))
			t->err = -ENOMEM;
	}
	t->ncols = i;
	return t;
}

void table_row(struct table *t)
{
	if (!t->err && !(t->line = scols_table_new_line(t->tb, NULL)))
		t->err = -ENOMEM;
}

void table_cell(struct table *t, size_t col, const char *text)
{
	if (!t->err && t->line && col < t->ncols && scols_line_set_data(t->line, col, text ? text : "") < 0)
		t->err = -ENOMEM;
}

void table_cellf(struct table *t, size_t col, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s) {
		t->err = -ENOMEM;
		return;
	}
	if (!t->err && t->line && col < t->ncols && scols_line_refer_data(t->line, col, s) == 0)
		return;
	free(s);
}

void table_cell_bytes(struct table *t, size_t col, const char *s, size_t len)
{
	size_t size = len * 10 + 1;
	char *buf = malloc(size);

	if (!buf) {
		t->err = -ENOMEM;
		return;
	}
	text_escape(buf, size, s, len);
	if (!t->err && t->line && col < t->ncols && scols_line_refer_data(t->line, col, buf) == 0)
		return;
	free(buf);
}

void table_free(struct table *t)
{
	if (!t)
		return;
	scols_unref_table(t->tb);
	free(t);
}

int table_print(struct table *t, struct out *o)
{
	char *s = NULL;
	int r = t->err;

	if (!r && scols_print_table_to_string(t->tb, &s) < 0)
		r = -ENOMEM;
	if (r)
		p_err("cannot lay out the table: %s", strerror(-r));
	else {
		out_puts(o, s);
		out_putc(o, '\n');
	}
	free(s);
	table_free(t);
	return r;
}
