/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Column tables for people, laid out by libsmartcols. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "os/output.h"

/*
 * Column tables for people (show, verify, status --processes, tail
 * --summary), laid out by util-linux's libsmartcols: the only file that
 * includes it. Cells are escaped here, so record bytes never reach a terminal
 * raw; nothing is truncated to the terminal's width. JSON never comes from
 * here: commands write their JSON fields with pr_* beside the cells.
 */

struct table;

/* headers: column titles, ended by NULL; a title starting with '>' is right-aligned. */
struct table *table_new(const char *const *headers);
void table_row(struct table *t);
/* Cells of the row last begun. text is this program's own. */
void table_cell(struct table *t, size_t col, const char *text);
void table_cellf(struct table *t, size_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Bytes from a record, escaped for a terminal. */
void table_cell_bytes(struct table *t, size_t col, const char *s, size_t len);
/* Lay out into o and free t. 0, or -errno after saying what failed. */
int table_print(struct table *t, struct out *o);
void table_free(struct table *t);
