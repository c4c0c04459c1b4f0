/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* JSON lines flattened with json-c, for the readers of journalctl -o json and of seccompctl's own output. */
#pragma once

#include <stddef.h>

#include "model/jsonform.h"

/* One line's object into j, its text in arena. 0; -EINVAL when the line is
 * not a JSON object; -E2BIG when it holds more than JSON_FLAT_MAX values or
 * more text than arena. */
int jsonline_flatten(const char *line, size_t len, struct json_flat *j, char *arena, size_t size);
