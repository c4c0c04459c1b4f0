// SPDX-License-Identifier: LGPL-2.1-or-later
/* libsystemd, opened the first time a command needs it, not at every start. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>

#include "os/libsystemd.h"

int libsystemd_function(const char *name, void **fn, char *why, size_t size)
{
	static void *handle;
	const char *err;

	if (!handle && !(handle = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL))) {
		err = dlerror();
		snprintf(why, size, "cannot load libsystemd.so.0: %s", err ? err : "unknown error");
		return -ENOENT;
	}
	if (!(*fn = dlsym(handle, name))) {
		snprintf(why, size, "libsystemd.so.0 has no %s: too old a systemd", name);
		return -ENOSYS;
	}
	return 0;
}
