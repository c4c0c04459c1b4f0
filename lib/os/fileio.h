/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Files read whole, and replaced whole. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/*
 * Files read whole. Files under /proc and /sys report a size of 0 or 4096
 * whatever they hold, so the buffer grows until read() says the end: a fixed
 * buffer silently cuts /proc/stat on a host with many CPUs.
 */

#define READ_FULL_MAX (64 << 20)

/* dir/name, or name alone when dir is NULL, into a NUL-terminated buffer that
 * the caller frees. 0 or -errno (-EFBIG past READ_FULL_MAX). */
int read_full_file(const char *dir, const char *name, char **buf, size_t *len);

/* A small file whole into buf, NUL-terminated: its length, or -EFBIG when it
 * does not fit (a value is never cut), or -errno. */
ssize_t read_small_file(const char *dir, const char *name, char *buf, size_t size);
/* Replace path with data: a temporary file in the same directory, fsync,
 * rename, fsync of the directory, so a crash leaves the old file or the new
 * one. 0 or -errno. */
int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode);
