// SPDX-License-Identifier: LGPL-2.1-or-later
/* Is this process in the initial namespace of a kind? */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "os/ns.h"
#include "os/procfs.h"

/* include/linux/proc_ns.h: fixed inode numbers of the initial namespaces */
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_NET_INIT_INO 0xEFFFFFF9U	/* since Linux 6.18; before, numbered at boot */

/* kthreadd (PID 2) is a kernel thread, so in every initial namespace; PID 1
 * may not let us look (observed: a VM's init denies the ns links). */
static int reference_ns(const char *kind, struct stat *st)
{
	char path[64], comm[32];
	int r;

	if (proc_comm("/proc", 2, comm, sizeof(comm)) == 0 && strcmp(comm, "kthreadd") == 0) {
		snprintf(path, sizeof(path), "/proc/2/ns/%s", kind);
		if (stat(path, st) == 0)
			return 0;
	}
	snprintf(path, sizeof(path), "/proc/1/ns/%s", kind);
	r = stat(path, st);
	return r < 0 ? -errno : 0;
}

int ns_is_initial(const char *kind)
{
	char path[64];
	struct stat self, ref;
	int r;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	if (stat(path, &self) < 0)
		return -errno;
	if (strcmp(kind, "user") == 0)
		return self.st_ino == PROC_USER_INIT_INO;
	if (strcmp(kind, "net") == 0 && self.st_ino == PROC_NET_INIT_INO)
		return 1;
	r = reference_ns(kind, &ref);
	if (r < 0)
		return r;
	return self.st_ino == ref.st_ino && self.st_dev == ref.st_dev;
}
