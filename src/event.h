/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

/*
 * A seccomp event: the SECCOMP record and, when the kernel sent them with the
 * same serial, its SYSCALL and PROCTITLE records. Records of one serial come
 * together, so the assembler holds one event and emits it when a record of
 * another serial, its EOE, or the end arrives. Pure: no I/O.
 */

enum event_source { SOURCE_NETLINK, SOURCE_JOURNAL, SOURCE_FILE };

#define EVENT_RAW_MAX 16384

struct event {
	struct seccomp_rec sc;
	enum event_source source;
	bool has_proctitle;
	char proctitle[4096];	/* decoded: arguments separated by NUL bytes */
	size_t proctitle_len;
	/* the records as text, one a line, "type=T msg=audit(...): fields" */
	char raw[EVENT_RAW_MAX];
	size_t raw_len;
};

typedef void (*event_fn)(struct event *e, void *data);

struct assembler {
	struct event ev;
	bool have;
	bool keep_raw;		/* copy each record's text into the event (-o raw, -n N) */
	uint64_t malformed;	/* SECCOMP records without pid, arch, syscall or code */
	event_fn emit;
	void *data;
};

void assembler_init(struct assembler *a, event_fn emit, void *data);
/* line: the record's text as the source had it ("type=... msg=audit(...): ...")
 * or NULL to make it from type and payload (netlink). */
void assembler_feed(struct assembler *a, enum event_source src, const struct audit_record *r,
		    const char *line, size_t line_len);
void assembler_flush(struct assembler *a);
