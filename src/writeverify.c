// SPDX-License-Identifier: LGPL-2.1-or-later
/* Write actions_logged and wait for the kernel's record of it: set's and record's one way. */
#include <errno.h>

#include "model/timeparse.h"
#include "writeverify.h"

struct wait_ctx {
	struct change_watch *watch;
	bool done;
	bool found;	/* our record is in, its SYSCALL record may follow */
};

static int wait_cb(uint32_t type, const char *payload, size_t len, void *data)
{
	struct wait_ctx *ctx = data;

	if (watch_feed(ctx->watch, type, payload, len)) {
		ctx->done = true;
		return 1;
	}
	if (!ctx->found && watch_ours(ctx->watch)) {
		ctx->found = true;
		return 1;
	}
	return 0;
}

int watch_wait(struct audit_reader *rd, struct change_watch *w, double timeout)
{
	struct wait_ctx ctx = { .watch = w };
	int64_t deadline = monotonic_ms() + (int64_t)(timeout * 1000), grace;
	int r;

	for (;;) {
		r = audit_reader_run(rd, deadline, wait_cb, &ctx);
		if (r <= 0 || ctx.done)
			return r < 0 ? r : 0;
		grace = monotonic_ms() + 300;
		if (grace < deadline)
			deadline = grace;
	}
}
