// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: bytes as an audit.log (lines) and as netlink payloads,
 * through the parser, the event assembler, the change watch, the filters and
 * both output escapers. Run by scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/event.h"
#include "model/filter.h"
#include "model/lineform.h"
#include "os/output.h"
#include "model/audit-record.h"
#include "tail-print.h"
#include "model/watch.h"

static struct out *sink;
static struct action_vocab vocab;

static void on_event(struct event *e, void *data)
{
	struct event_filter f = { .comm = "a*", .exe = "/*", .syscall_set = true, .syscall_name = "getppid" };
	struct event *copy = event_dup(e);

	filter_match(&f, copy);
	tail_print(sink, copy, TAIL_JSON);
	tail_print(sink, copy, TAIL_ECS);
	tail_print(sink, copy, TAIL_RAW);
	tail_print(sink, copy, TAIL_SHORT);
	out_reset(sink);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct change_watch w;
	struct assembler a;
	struct audit_record r;

	(void)r;
	if (!sink) {
		sink = out_new(-1, 1 << 16, true, false);
		vocab_from_avail(&vocab, "kill_process kill_thread trap errno user_notif trace log allow");
	}
	assembler_init(&a, SOURCE_FILE, on_event, NULL);
	a.keep_raw = size & 1;
	watch_init(&w, &vocab, 1, 0x7f, 0x41, true);
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		struct line_info li;

		/* every text form, as the file and kernel-log sources read them */
		if (line_parse(p, (size_t)(nl - p), 1779969600000LL, &li) == LINE_RECORD) {
			assembler_feed(&a, &li.rec, li.text, li.text_len);
		} else if (nl - p > 4) {
			/* the same bytes as a netlink record of the type in its first byte */
			uint32_t type = 1300 + (unsigned char)p[0] % 30;

			watch_feed(&w, type, p + 1, (size_t)(nl - p - 1));
			if (record_parse_payload(type, p + 1, (size_t)(nl - p - 1), &r) == 0)
				assembler_feed(&a, &r, NULL, 0);
		}
		if (nl == end)
			break;
	}
	assembler_flush(&a);
	assembler_free(&a);
	watch_verdict(&w);
	return 0;
}
