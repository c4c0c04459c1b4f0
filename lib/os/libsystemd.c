// SPDX-License-Identifier: LGPL-2.1-or-later
/* libsystemd, opened the first time a command needs it, not at every start. */
#include "os/dynlib.h"
#include "os/libsystemd.h"

int libsystemd_function(const char *name, void **fn, char *why, size_t size)
{
	static struct dynlib lib = { "libsystemd.so.0", "too old a systemd", NULL };

	return dynlib_function(&lib, name, fn, why, size);
}
