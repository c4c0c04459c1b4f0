// SPDX-License-Identifier: LGPL-2.1-or-later
/* Optional shared libraries, opened the first time a command needs them. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>

#include "os/dynlib.h"

int dynlib_function(struct dynlib *lib, const char *name, void **fn, char *why, size_t size)
{
	const char *err;

	if (!lib->handle && !(lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL))) {
		err = dlerror();
		snprintf(why, size, "cannot load %s: %s", lib->soname, err ? err : "unknown error");
		return -ENOENT;
	}
	if (!(*fn = dlsym(lib->handle, name))) {
		snprintf(why, size, "%s has no %s: %s", lib->soname, name, lib->too_old);
		return -ENOSYS;
	}
	return 0;
}
