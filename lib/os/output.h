/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Output to file descriptors: struct out drained by write(2), and standard output. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/writer.h"
#include "os/safefile.h"

/*
 * The writer (model/writer.h) gathers; this drains it into a file descriptor
 * with checked write(2)s: the first error is kept and later output dropped,
 * and the owner asks out_flush() at the end (util-linux close_stdout()).
 */

/* fd -1 keeps everything in memory (out_data). bufsize: what is gathered
 * before one write(2). NULL when out of memory. */
struct out *out_new(int fd, size_t bufsize, bool json, bool pretty);
/* Write to another descriptor from now on (the old one is the caller's). */
void out_set_fd(struct out *o, int fd);
/* Write what is buffered. 0, or the first write error as -errno. */
int out_flush(struct out *o);
/* Has the reader of a pipe gone away? Followers end quietly then. */
bool out_peer_gone(struct out *o);
/* Memory mode: replace path with everything written, whole or not at all,
 * never through what another user planted (os/safefile.h). 0, or the first
 * error (of building it, or of the file) with why in words (FILE_WHY_MAX). */
int out_save(const struct out *o, const char *path, mode_t mode, char *why, size_t size);
/* The same for name in the directory dfd (dir: its path, for messages). */
int out_save_at(const struct out *o, int dfd, const char *dir, const char *name, mode_t mode, char *why,
		size_t size);

/* Standard output, owned by the command line: made before a command runs,
 * flushed and checked after it. */
struct out *out_stdout(void);
void out_stdout_set(struct out *o);
