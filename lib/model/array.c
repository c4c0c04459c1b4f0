// SPDX-License-Identifier: LGPL-2.1-or-later
/* Arrays that grow: the one way an array of this program gets room for more. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/array.h"

int array_grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *more;

	if (n < *cap)
		return 0;
	while (c <= n)
		c *= 2;
	if (c > SIZE_MAX / size || !(more = realloc(*v, c * size)))
		return -ENOMEM;
	*v = more;
	*cap = c;
	return 0;
}
