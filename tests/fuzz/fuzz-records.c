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

#include "event.h"
#include "filter.h"
#include "output.h"
#include "record.h"
#include "tail-output.h"
#include "watch.h"

static FILE *sink;
static struct action_vocab vocab;

static void on_event(struct event *e, void *data)
{
	struct event_filter f = { .comm = "a*", .exe = "/*", .syscall_set = true, .syscall_name = "getppid" };
	char buf[256];

	filter_match(&f, e);
	text_escape(buf, sizeof(buf), e->sc.comm, e->sc.comm_len);
	tail_print(e, TAIL_JSON, true);
	tail_print(e, TAIL_ECS, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct change_watch w;
	struct assembler a;
	struct audit_record r;

	if (!sink) {
		sink = fopen("/dev/null", "w");
		out_set_stream(sink);
		out_setup(true, false);
		vocab_from_avail(&vocab, "kill_process kill_thread trap errno user_notif trace log allow");
	}
	assembler_init(&a, on_event, NULL);
	watch_init(&w, &vocab, 1, 0x7f, 0x41, true);
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (record_parse_line(p, (size_t)(nl - p), &r) == 0) {
			assembler_feed(&a, SOURCE_FILE, &r, p, (size_t)(nl - p));
		} else if (nl - p > 4) {
			/* the same bytes as a netlink record of the type in its first byte */
			uint32_t type = 1300 + (unsigned char)p[0] % 30;

			watch_feed(&w, type, p + 1, (size_t)(nl - p - 1));
			if (record_parse_payload(type, p + 1, (size_t)(nl - p - 1), &r) == 0)
				assembler_feed(&a, SOURCE_NETLINK, &r, NULL, 0);
		}
		if (nl == end)
			break;
	}
	assembler_flush(&a);
	watch_verdict(&w);
	return 0;
}
