/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Optional shared libraries, opened the first time a command needs them. */
#pragma once

#include <stddef.h>

/*
 * A library that only some commands need (libsystemd for the journal,
 * libbpf for the decision observer) is opened when first asked, as
 * systemd's own tools take their optional libraries, rather than linked:
 * every start would pay for loading it and what it links.
 */
struct dynlib {
	const char *soname;	/* "libbpf.so.1" */
	const char *too_old;	/* why a function can be missing: "too old a libbpf" */
	void *handle;
};

/* The function name of the library into *fn: 0, or -errno with why (the
 * library or the function is not there). */
int dynlib_function(struct dynlib *lib, const char *name, void **fn, char *why, size_t size);
