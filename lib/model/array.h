/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Arrays that grow: the one way an array of this program gets room for more. */
#pragma once

#include <stddef.h>

/* Room for element n of *v, whose room is *cap elements of size bytes: the
 * room doubled (from 16) when full. 0, or -ENOMEM with *v and *cap as they
 * were. */
int array_grow(void **v, size_t *cap, size_t n, size_t size);
#define ARRAY_GROW(v, cap, n) array_grow((void **)&(v), &(cap), (n), sizeof(*(v)))
