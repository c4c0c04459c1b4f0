/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Files written as root, never through what another user planted. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * seccompctl runs as root among users who may be hostile, and writes files
 * where an admin points it: the collector's output, cursor and metrics,
 * profiles, the sysctl.d file. A path is walked one component at a time
 * from a directory descriptor (systemd's chase(), logrotate's
 * createOutputFile()), and:
 *
 *  - a symbolic link is followed only when root (or seccompctl's own user)
 *    owns it, and never as the file's own name;
 *  - the directory that holds the file belongs to root (or to seccompctl's
 *    user) and no one else can write it, unless its sticky bit keeps them
 *    from replacing entries that are not theirs (/tmp);
 *  - the file is opened with O_NOFOLLOW and O_NONBLOCK (a FIFO cannot
 *    block the open), then fstat proves it is a regular file of seccompctl's
 *    user, writable by no one else, with one link (not a second name of
 *    another file);
 *  - a file replaced whole is written to a temporary of an unguessable name
 *    made with O_EXCL in that same directory, then renamed over the old one.
 *
 * Every function says why it failed in words (why, FILE_WHY_MAX bytes: the
 * error, or the refusal) and returns -errno (-EPERM for a refusal); nothing
 * is written elsewhere.
 */

#define FILE_WHY_MAX 512

struct stat;
/* Could someone other than root (or seccompctl's user) have written this
 * file: its owner, its group (not root's), anyone? */
bool safe_stat_foreign(const struct stat *st);

/* The directory that holds path, checked as above: an O_PATH descriptor,
 * and *name, the last component (pointing into path); or -errno. */
int safe_parent_open(const char *path, const char **name, char *why, size_t size);

/* path walked as a directory, made (mode) when missing and create is set,
 * and checked as above: an O_PATH descriptor, or -errno. */
int safe_dir_open(const char *path, bool create, mode_t mode, char *why, size_t size);

/* An existing file of ours, for reading: a descriptor, or -errno (-ENOENT
 * when there is none). */
int safe_open_read(const char *path, char *why, size_t size);

/* An existing file of ours, for reading and writing (to cut it back). */
int safe_open_rdwr(const char *path, char *why, size_t size);

/* For appending, made with mode when missing: a descriptor with O_APPEND. */
int safe_open_append(const char *path, mode_t mode, char *why, size_t size);

/* Replace name in the directory dfd (dir: its path, for messages) with data,
 * whole or not at all: a temporary file, fsync, rename, fsync of the
 * directory. An entry there that is not a regular file of ours is refused,
 * not replaced. 0 or -errno. */
int safe_replace_at(int dfd, const char *dir, const char *name, const void *data, size_t len, mode_t mode,
		    char *why, size_t size);

/* The same, from a path. */
int safe_replace(const char *path, const void *data, size_t len, mode_t mode, char *why, size_t size);
