// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: bytes as a cursor file (tail --cursor-file), parsed, and
 * when they parse, written again and parsed back. Run by scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/cursor.h"
#include "os/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c, again;
	char err[256];
	struct out *o;
	const char *text;
	size_t len;

	memset(&c, 0, sizeof(c));
	if (cursor_parse((const char *)data, size, &c, err, sizeof(err)) < 0) {
		cursor_free(&c);
		return 0;
	}
	o = out_new(-1, 4096, true, false);
	cursor_format(&c, o);
	text = out_data(o, &len);
	memset(&again, 0, sizeof(again));
	/* what it writes it reads */
	if (cursor_parse(text, len, &again, err, sizeof(err)) < 0)
		abort();
	cursor_free(&again);
	out_free(o);
	cursor_free(&c);
	return 0;
}
