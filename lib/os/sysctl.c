// SPDX-License-Identifier: LGPL-2.1-or-later
/* The only module that touches /proc/sys: actions_logged, its vocabulary, --persist. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/fileio.h"
#include "os/safefile.h"
#include "os/sysctl.h"

static int sysctl_path(char *buf, size_t size, const char *root, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", root, name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

ssize_t sysctl_read(const char *root, const char *name, char *buf, size_t size)
{
	return read_small_file(root, name, buf, size);
}

int sysctl_boot_id(const char *root, char id[33])
{
	char buf[64];
	ssize_t n = sysctl_read(root, "kernel/random/boot_id", buf, sizeof(buf));
	size_t i, j = 0;

	/* "6f0b...-...-...": the journal's form is the 32 digits alone */
	for (i = 0; n > 0 && i < (size_t)n && j < 32; i++)
		if (buf[i] != '-' && buf[i] != '\n')
			id[j++] = buf[i];
	id[j] = '\0';
	if (n < 0)
		return (int)n;
	return j == 32 ? 0 : -EINVAL;
}

int seccomp_read_avail(const char *root, struct action_vocab *v)
{
	char buf[1024];
	ssize_t n = sysctl_read(root, ACTIONS_AVAIL, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return vocab_from_avail(v, buf);
}

int seccomp_read_logged(const char *root, const struct action_vocab *v, action_set *set)
{
	char buf[1024];
	ssize_t n = sysctl_read(root, ACTIONS_LOGGED, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return set_from_kernel(v, buf, (size_t)n, set);
}

int seccomp_write_logged(const char *root, const char *value)
{
	size_t len = strlen(value);
	char path[PATH_MAX];
	ssize_t n;
	int fd, r;

	if (len > ACTIONS_LOGGED_WRITE_MAX)
		return -E2BIG;
	r = sysctl_path(path, sizeof(path), root, ACTIONS_LOGGED);
	if (r < 0)
		return r;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The kernel only accepts the whole value in a single write at offset 0:
	 * never retry a short or interrupted write on the same file. */
	n = pwrite(fd, value, len, 0);
	r = n < 0 ? -errno : (size_t)n != len ? -EIO : 0;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

int persist_write(const char *path, const char *value, char *why, size_t size)
{
	char content[256];
	int n = snprintf(content, sizeof(content),
			 "# Written by seccompctl: which seccomp actions the kernel logs.\n"
			 "kernel.seccomp.actions_logged = %s\n", value);

	if (n < 0 || (size_t)n >= sizeof(content)) {
		snprintf(why, size, "%s", strerror(E2BIG));
		return -E2BIG;
	}
	return safe_replace(path, content, (size_t)n, 0644, why, size);
}
