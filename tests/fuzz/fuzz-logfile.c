// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: bytes as a file given to --file, read by the file
 * source as the tool reads it: journalctl -o export entries (binary fields
 * too), JSON lines (journalctl -o json, seccompctl's own -o json and -o
 * ecs), and every text form of a line; the records go through the
 * assembler to every output. Run by scripts/fuzz.sh.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model/event.h"
#include "os/output.h"
#include "source/source.h"
#include "tail-print.h"

static struct out *sink;

static void on_event(struct event *e, void *data)
{
	tail_print(sink, e, TAIL_JSON);
	tail_print(sink, e, TAIL_ECS);
	tail_print(sink, e, TAIL_SHORT);
	out_reset(sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	char path[64];
	const char *files[1] = { path };
	struct source_opts so = { .want = WANT_SECCOMP, .files = files, .nfiles = 1, .since_ms = -1 };
	struct source_item it;
	struct assembler a;
	struct source *src;

	if (!sink)
		sink = out_new(-1, 1 << 16, true, false);
	if (fd < 0 && (fd = memfd_create("log", 0)) < 0)
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (source_file_open(&src, &so) < 0)
		return 0;
	assembler_init(&a, SOURCE_FILE, on_event, NULL);
	a.keep_raw = size & 1;
	while (source_next(src, &it) > 0)
		if (it.kind == ITEM_RECORD)
			assembler_feed(&a, &it.rec, it.text, it.text_len);
	assembler_flush(&a);
	assembler_free(&a);
	source_close(src);
	return 0;
}
