// SPDX-License-Identifier: LGPL-2.1-or-later
/* What every source shares: closing, and lost items in the one wording of model/lost.c. */
#include <stdio.h>
#include <string.h>

#include "model/lineform.h"
#include "model/lost.h"
#include "source/source.h"

void source_close(struct source *s)
{
	if (s)
		s->ops->close(s);
}

void lost_set(struct source_item *it, const char *cause, uint64_t n, int64_t ms, char *why, size_t size)
{
	memset(it, 0, sizeof(*it));
	it->kind = ITEM_LOST;
	it->cause = cause;
	it->lost = n;
	it->lost_ms = ms;
	it->why = lost_sentence(cause, n, 1, why, size);
}

int lost_item(struct source_item *it, const struct line_info *li, uint64_t *lost_total, char *why, size_t size)
{
	uint64_t n = li->lost;

	if (li->lost_total) {
		/* the kernel's counter of the boot: what it rose by since the last
		 * line (it starts again at boot) */
		if (li->lost_total == *lost_total)
			return 0;
		n = li->lost_total > *lost_total ? li->lost_total - *lost_total : li->lost_total;
		*lost_total = li->lost_total;
	}
	lost_set(it, li->cause, n, li->wall_ms, why, size);
	return 1;
}
