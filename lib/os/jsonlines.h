/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* JSON lines flattened with json-c, for the readers of journalctl -o json and of seccompctl's own output. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "model/jsonform.h"

/* One line's object into j, its text in arena. 0; -EINVAL when the line is
 * not a JSON object; -E2BIG when it holds more than JSON_FLAT_MAX values or
 * more text than arena. An integer that does not fit 64 bits is left out
 * (null), never clamped: j->out_of_range counts them. */
int jsonline_flatten(const char *line, size_t len, struct json_flat *j, char *arena, size_t size);

/* json-c clamps an integer that does not fit 64 bits (2^70 becomes
 * 18446744073709551615) without a word: where the first such integer of a
 * JSON text starts (outside strings), and its length; -1 when none. */
ssize_t json_text_overflow(const char *text, size_t len, size_t *numlen);
