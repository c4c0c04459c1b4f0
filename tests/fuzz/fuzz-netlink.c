// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: bytes as one netlink datagram, walked as the receive loop
 * walks it, each record through the change watch and the event assembler. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "os/auditnl.h"
#include "model/event.h"
#include "os/output.h"
#include "tail-print.h"
#include "model/watch.h"

static struct action_vocab vocab;

struct ctx {
	struct change_watch w;
	struct assembler a;
};

static struct out *sink;

static void on_event(struct event *e, void *data)
{
	tail_print(sink, e, TAIL_JSON);
	out_reset(sink);
}

static int on_record(uint32_t type, const char *payload, size_t len, void *data)
{
	struct ctx *c = data;
	struct audit_record r;

	watch_feed(&c->w, type, payload, len);
	if (record_parse_payload(type, payload, len, &r) == 0)
		assembler_feed(&c->a, &r, NULL, 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctx c;
	struct audit_reader rd = { 0 };
	const char *payload;
	uint32_t type;
	size_t len;
	uint64_t bad = 0;

	if (!sink) {
		sink = out_new(-1, 1 << 16, true, false);
		vocab_from_avail(&vocab, "kill_process kill_thread trap errno user_notif trace log allow");
	}
	watch_init(&c.w, &vocab, 1, 0x7f, 0x41, true);
	assembler_init(&c.a, SOURCE_NETLINK, on_event, NULL);
	/* the walk set's wait uses, and the walk the netlink source uses */
	audit_datagram_each(data, size, on_record, &c, &bad);
	rd.buf = (char *)data;
	rd.len = size;
	while (audit_reader_next(&rd, &type, &payload, &len) > 0)
		on_record(type, payload, len, &c);
	assembler_flush(&c.a);
	assembler_free(&c.a);
	watch_verdict(&c.w);
	return 0;
}
