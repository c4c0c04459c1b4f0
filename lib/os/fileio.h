/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Files read whole, and written whole. */
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
/* The same from an open descriptor, from where it stands. */
int read_full_fd(int fd, char **buf, size_t *len);
/* All of data, or -errno (EINTR retried). Files replaced whole:
 * os/safefile.h. */
int write_full(int fd, const void *data, size_t len);
