// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: bytes as an OCI seccomp profile or config.json (profile
 * --base and --check read them), loaded from a file as the tool loads it.
 * Run by scripts/fuzz.sh.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "os/ocijson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct oci_profile p;
	char path[64], err[512];

	if (fd < 0 && (fd = memfd_create("profile", 0)) < 0)
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	memset(&p, 0, sizeof(p));
	if (oci_profile_load(path, &p, err, sizeof(err)) == 0)
		oci_profile_free(&p);
	return 0;
}
