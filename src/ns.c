// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ns.h"

/* include/linux/proc_ns.h: fixed inode numbers of the initial namespaces */
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_NET_INIT_INO 0xEFFFFFF9U	/* since Linux 6.x; before, allocated at boot */

int ns_is_initial(const char *kind)
{
	char path[64];
	struct stat self, init;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	if (stat(path, &self) < 0)
		return -errno;
	if (strcmp(kind, "user") == 0)
		return self.st_ino == PROC_USER_INIT_INO;
	if (strcmp(kind, "net") == 0 && self.st_ino == PROC_NET_INIT_INO)
		return 1;
	/* older kernels: compare with PID 1, the best guess there is */
	snprintf(path, sizeof(path), "/proc/1/ns/%s", kind);
	if (stat(path, &init) < 0)
		return -errno;
	if (strcmp(kind, "net") == 0 && init.st_ino == PROC_NET_INIT_INO)
		return 0;
	return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
}
