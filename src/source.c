// SPDX-License-Identifier: LGPL-2.1-or-later
#include "source.h"

void source_close(struct source *s)
{
	if (s)
		s->ops->close(s);
}
