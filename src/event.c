// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <string.h>

#include "event.h"

void assembler_init(struct assembler *a, event_fn emit, void *data)
{
	memset(a, 0, sizeof(*a));
	a->emit = emit;
	a->data = data;
	a->keep_raw = true;
}

void assembler_flush(struct assembler *a)
{
	if (!a->have)
		return;
	a->have = false;
	a->emit(&a->ev, a->data);
}

static void add_raw(struct event *e, const struct audit_record *r, const char *line, size_t len)
{
	size_t room = sizeof(e->raw) - e->raw_len;
	const char *name;
	int n;

	if (room < 2)
		return;
	if (e->raw_len)
		e->raw[e->raw_len++] = '\n', room--;
	if (line) {
		/* auditd's interpretation after 0x1d is not the record */
		const char *sep = memchr(line, 0x1d, len);

		if (sep)
			len = (size_t)(sep - line);
		if (len > room - 1)
			len = room - 1;
		memcpy(e->raw + e->raw_len, line, len);
		e->raw_len += len;
	} else {
		name = record_type_name(r->type);
		if (name)
			n = snprintf(e->raw + e->raw_len, room, "type=%s", name);
		else
			n = snprintf(e->raw + e->raw_len, room, "type=UNKNOWN[%u]", r->type);
		if (n < 0 || (size_t)n >= room)
			return;
		e->raw_len += (size_t)n;
		room -= (size_t)n;
		n = snprintf(e->raw + e->raw_len, room, " msg=audit(%llu.%03u:%llu): %.*s",
			     (unsigned long long)r->sec, r->msec, (unsigned long long)r->serial,
			     (int)r->fields_len, r->fields);
		e->raw_len += n < 0 ? 0 : (size_t)n < room ? (size_t)n : room - 1;
	}
	e->raw[e->raw_len] = '\0';
}

static void attach_proctitle(struct event *e, const struct audit_record *r)
{
	struct field f;

	if (!record_field(r, "proctitle", &f))
		return;
	e->proctitle_len = field_decode(&f, e->proctitle, sizeof(e->proctitle));
	/* the kernel's buffer ends with the last argument's NUL */
	while (e->proctitle_len && e->proctitle[e->proctitle_len - 1] == '\0')
		e->proctitle_len--;
	e->has_proctitle = true;
}

void assembler_feed(struct assembler *a, enum event_source src, const struct audit_record *r,
		    const char *line, size_t line_len)
{
	if (a->have && r->serial != a->ev.sc.serial)
		assembler_flush(a);
	switch (r->type) {
	case AUDIT_TYPE_SECCOMP:
		assembler_flush(a);
		if (record_seccomp(r, &a->ev.sc) < 0) {
			a->malformed++;
			return;
		}
		a->ev.source = src;
		a->ev.has_proctitle = false;
		a->ev.proctitle_len = 0;
		a->ev.raw_len = 0;
		a->ev.raw[0] = '\0';
		if (a->keep_raw)
			add_raw(&a->ev, r, line, line_len);
		a->have = true;
		break;
	case AUDIT_TYPE_PROCTITLE:
		if (a->have) {
			attach_proctitle(&a->ev, r);
			if (a->keep_raw)
				add_raw(&a->ev, r, line, line_len);
		}
		break;
	case AUDIT_TYPE_SYSCALL:
		if (a->have && a->keep_raw)
			add_raw(&a->ev, r, line, line_len);
		break;
	case AUDIT_TYPE_EOE:
		assembler_flush(a);
		break;
	}
}
