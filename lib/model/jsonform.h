/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* JSON lines as records: journalctl -o json, and seccompctl's own -o json and -o ecs read back. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/lineform.h"

/*
 * A JSON object of one line, flattened by its reader (os/jsonlines.c): each
 * value as text under its key, nested keys joined with '.' ("process.pid"),
 * strings as their bytes, numbers as written, arrays of byte values (the
 * journal's binary fields) as those bytes; null left out. Each field is
 * stored as "key=value", so that a journal's field is one run of bytes as
 * the journal gives it.
 */
#define JSON_FLAT_MAX 96

struct json_field {
	const char *kv;		/* "key=value" */
	size_t klen, len;	/* the key's length, the whole run's */
};

struct json_flat {
	size_t n;
	struct json_field f[JSON_FLAT_MAX];
	unsigned out_of_range;	/* integers that did not fit 64 bits: left out */
};

/* The value of key, and its length; NULL when absent. */
const char *json_flat_get(const struct json_flat *j, const char *key, size_t *vlen);

/*
 * What the object is, as a line of the log would be (line_info):
 *  - a journal entry of journalctl -o json (it has MESSAGE): read as the
 *    journal's own entries are (model/journal-entry.h), _HOSTNAME the host;
 *  - an event of seccompctl's -o json, or a document of its -o ecs: made
 *    again into the SECCOMP record it came from, its text written into buf,
 *    and the PROCTITLE record of its command line into *proctitle when it had
 *    one (*has_proctitle);
 *  - a lost event of -o json: the loss again (LINE_LOST);
 *  - anything else (repeats, summaries, other JSON): LINE_OTHER, audit_like
 *    when it is seccompctl's output that holds no record.
 * Values are checked as a record's are: a value that cannot be read leaves
 * the field out, as a malformed field of a record does.
 */
enum line_kind jsonform_line(const struct json_flat *j, int64_t now_ms, char *buf, size_t size,
			     struct line_info *li, struct audit_record *proctitle, bool *has_proctitle);
