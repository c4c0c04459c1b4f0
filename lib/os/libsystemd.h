/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libsystemd, opened the first time a command needs it, not at every start. */
#pragma once

#include <stddef.h>

/*
 * Loading libsystemd and what it links (libgcrypt, liblzma, libzstd, liblz4,
 * libcap) cost every command about half a millisecond, a third of what `get`
 * took, though only the journal and the service manager's readiness need
 * it. Those two modules take its functions from here when first asked, as
 * systemd's own tools take their optional libraries (dlopen).
 */

/* The function name of libsystemd.so.0 into *fn: 0, or -errno with why
 * (the library or the function is not there). */
int libsystemd_function(const char *name, void **fn, char *why, size_t size);
