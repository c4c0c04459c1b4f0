/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/* cmocka needs these before its header */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define KERNEL_AVAIL "kill_process kill_thread trap errno user_notif trace log allow\n"
#define KERNEL_DEFAULT "kill_process kill_thread trap errno user_notif trace log"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* A file of text at root/path, its directories made: a tree laid out as the
 * thing under test finds it on a host. */
static inline void unit_put(const char *root, const char *path, const char *text)
{
	char full[512], *slash;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (slash = strchr(full + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		assert_true(mkdir(full, 0755) == 0 || errno == EEXIST);
		*slash = '/';
	}
	assert_non_null(f = fopen(full, "w"));
	fputs(text, f);
	fclose(f);
}
