// SPDX-License-Identifier: LGPL-2.1-or-later
/* What /proc says about processes, sockets and the boot. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/fileio.h"
#include "model/array.h"
#include "os/procfs.h"
#include "os/sysctl.h"

bool proc_is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int proc_comm(const char *root, pid_t pid, char *buf, size_t size)
{
	char name[64];
	ssize_t n;

	snprintf(name, sizeof(name), "%d/comm", (int)pid);
	n = read_small_file(root, name, buf, size);
	if (n < 0)
		return (int)n;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* The value of "Key:" in /proc/PID/status, without leading blanks. */
static int status_field(const char *root, const char *pid, const char *key, char *val, size_t size)
{
	char name[64], *buf, *p, *end;
	size_t klen = strlen(key);
	int r = -ENOENT;

	snprintf(name, sizeof(name), "%s/status", pid);
	r = read_full_file(root, name, &buf, NULL);
	if (r < 0)
		return r;
	r = -ENOENT;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, klen) || p[klen] != ':')
			continue;
		p += klen + 1;
		p += strspn(p, " \t");
		end = p + strcspn(p, "\n");
		snprintf(val, size, "%.*s", (int)(end - p), p);
		r = 0;
		break;
	}
	free(buf);
	return r;
}

int proc_cap_eff(const char *root, const char *pid, uint64_t *caps)
{
	char val[64], *end;
	int r = status_field(root, pid, "CapEff", val, sizeof(val));

	if (r < 0)
		return r;
	errno = 0;
	*caps = strtoull(val, &end, 16);
	return errno || *end ? -EINVAL : 0;
}

int proc_has_cap(const char *root, const char *pid, int cap)
{
	uint64_t caps;
	int r = proc_cap_eff(root, pid, &caps);

	return r < 0 ? r : (int)(caps >> cap & 1);
}

bool proc_alive(const char *root, pid_t pid)
{
	char p[32], state[32];

	snprintf(p, sizeof(p), "%d", (int)pid);
	return status_field(root, p, "State", state, sizeof(state)) == 0 && state[0] != 'Z';
}

int proc_cmdline_has(const char *root, const char *word)
{
	char *buf, *tok, *save;
	int r = read_full_file(root, "cmdline", &buf, NULL);

	if (r < 0)
		return r;
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		if (strcmp(tok, word) == 0) {
			r = 1;
			break;
		}
	free(buf);
	return r;
}

int64_t proc_boot_time(const char *root)
{
	char *buf, *p;
	int64_t t = -ENOENT;
	int r = read_full_file(root, "stat", &buf, NULL);

	if (r < 0)
		return r;
	p = strstr(buf, "\nbtime ");
	if (p)
		t = strtoll(p + 7, NULL, 10);
	free(buf);
	return t > 0 ? t : -EINVAL;
}

/* Which processes hold the sockets of these listeners? One walk over every
 * /proc/PID/fd (others' need privilege), ending when each has its owner. */
static void socket_owners(const char *root, struct audit_listener *l, size_t n)
{
	char path[1024], link[64];
	struct dirent *pd, *fd;
	DIR *procs, *fds;
	size_t left = n, i;
	unsigned long inode;
	ssize_t len;

	procs = opendir(root);
	if (!procs)
		return;
	while (left && (pd = readdir(procs))) {
		if (!proc_is_pid(pd->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/fd", root, pd->d_name);
		fds = opendir(path);
		if (!fds)
			continue;
		while (left && (fd = readdir(fds))) {
			snprintf(path, sizeof(path), "%s/%s/fd/%s", root, pd->d_name, fd->d_name);
			len = readlink(path, link, sizeof(link) - 1);
			if (len <= 8 || memcmp(link, "socket:[", 8) != 0)
				continue;
			link[len] = '\0';
			inode = strtoul(link + 8, NULL, 10);
			for (i = 0; i < n; i++)
				if (!l[i].pid && l[i].inode == inode) {
					l[i].pid = (pid_t)atoi(pd->d_name);
					left--;
				}
		}
		closedir(fds);
	}
	closedir(procs);
}

int proc_audit_listeners(const char *root, struct audit_listener *out, size_t max, size_t *n)
{
	char *buf, *line, *save;
	int r = read_full_file(root, "net/netlink", &buf, NULL);
	size_t i;

	*n = 0;
	if (r < 0)
		return r;
	line = strtok_r(buf, "\n", &save);	/* header */
	while ((line = strtok_r(NULL, "\n", &save)) && *n < max) {
		unsigned long long sk;
		unsigned int eth, portid, groups, rmem, wmem, dump, locks, drops;
		unsigned long inode;
		struct audit_listener *l;

		if (sscanf(line, "%llx %u %u %x %u %u %u %u %u %lu", &sk, &eth, &portid, &groups, &rmem,
			   &wmem, &dump, &locks, &drops, &inode) != 10 || eth != 9)
			continue;
		if (portid == 0)
			continue;	/* the kernel's own end */
		l = &out[(*n)++];
		memset(l, 0, sizeof(*l));
		l->portid = portid;
		l->groups = groups;
		l->inode = inode;
	}
	free(buf);
	socket_owners(root, out, *n);
	for (i = 0; i < *n; i++)
		if (out[i].pid)
			proc_comm(root, out[i].pid, out[i].comm, sizeof(out[i].comm));
	return 0;
}

int proc_find_comm(const char *root, const char *name, pid_t *pids, size_t max, size_t *n)
{
	struct dirent *d;
	char comm[64];
	DIR *dir = opendir(root);

	*n = 0;
	if (!dir)
		return -errno;
	while ((d = readdir(dir)) && *n < max) {
		if (!proc_is_pid(d->d_name))
			continue;
		if (proc_comm(root, (pid_t)atoi(d->d_name), comm, sizeof(comm)) == 0 && strcmp(comm, name) == 0 &&
		    proc_alive(root, (pid_t)atoi(d->d_name)))
			pids[(*n)++] = (pid_t)atoi(d->d_name);
	}
	closedir(dir);
	return 0;
}

int proc_seccomp_each(const char *root, int (*fn)(const struct proc_seccomp *p, void *data), void *data)
{
	struct proc_seccomp p;
	struct dirent *d;
	char val[32], path[512];
	DIR *dir = opendir(root);
	ssize_t n;
	int r = 0;

	if (!dir)
		return -errno;
	while (r >= 0 && (d = readdir(dir))) {
		if (!proc_is_pid(d->d_name) || status_field(root, d->d_name, "Seccomp", val, sizeof(val)) < 0)
			continue;
		if (strcmp(val, "0") == 0)
			continue;
		memset(&p, 0, sizeof(p));
		p.pid = (pid_t)atoi(d->d_name);
		p.mode = strcmp(val, "1") == 0 ? SECCOMP_MODE_STRICT : SECCOMP_MODE_FILTER;
		p.filters = status_field(root, d->d_name, "Seccomp_filters", val, sizeof(val)) == 0 ? atoi(val) : -1;
		proc_comm(root, p.pid, p.comm, sizeof(p.comm));
		snprintf(path, sizeof(path), "%s/%s/exe", root, d->d_name);
		n = readlink(path, p.exe, sizeof(p.exe) - 1);
		p.exe[n > 0 ? n : 0] = '\0';
		r = fn(&p, data);
	}
	closedir(dir);
	return r < 0 ? r : 0;
}

int proc_has_fd_to(const char *root, pid_t pid, const char *target)
{
	char path[1024], link[256];
	struct dirent *fd;
	DIR *fds;
	ssize_t n;
	int r = 0;

	snprintf(path, sizeof(path), "%s/%d/fd", root, (int)pid);
	fds = opendir(path);
	if (!fds)
		return -errno;
	while ((fd = readdir(fds))) {
		snprintf(path, sizeof(path), "%s/%d/fd/%s", root, (int)pid, fd->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strcmp(link, target) == 0) {
			r = 1;
			break;
		}
	}
	closedir(fds);
	return r;
}

/* From /proc/PID/stat's text: its flags and its start, in clock ticks after
 * boot. "pid (comm) state ppid ...": comm may hold anything, the last ')'
 * ends it. The ')' or NULL. */
static const char *stat_start(const char *buf, unsigned long long *flags, unsigned long long *start)
{
	const char *p = strrchr(buf, ')');

	if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %llu %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
			flags, start) == 2)
		return p;
	return NULL;
}

int proc_start_usec(const char *root, pid_t pid, uint64_t *usec, bool *ending)
{
	long tick = sysconf(_SC_CLK_TCK);
	unsigned long long flags, start;
	char name[64], buf[1024];
	const char *p;
	ssize_t n;

	snprintf(name, sizeof(name), "%d/stat", (int)pid);
	if ((n = read_small_file(root, name, buf, sizeof(buf))) < 0)
		return (int)n;
	if (tick <= 0 || !(p = stat_start(buf, &flags, &start)))
		return -EINVAL;
	*usec = start * 1000000ULL / (unsigned long long)tick;
	*ending = p[2] == 'Z' || p[2] == 'X' || p[2] == 'x' || (flags & 0x00000004) /* PF_EXITING */;
	return 0;
}

ssize_t proc_cgroup(const char *root, pid_t pid, char *buf, size_t size)
{
	char name[64];

	snprintf(name, sizeof(name), "%d/cgroup", (int)pid);
	return read_small_file(root, name, buf, size);
}

int proc_started_before(const char *root, uint64_t before_usec, struct proc_started *out, size_t max, size_t *n,
			size_t *total)
{
	long tick = sysconf(_SC_CLK_TCK);
	struct dirent *d;
	DIR *dir = opendir(root);
	char name[300], *buf;
	const char *p;
	unsigned long long start, flags;

	*n = *total = 0;
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		if (!proc_is_pid(d->d_name))
			continue;
		snprintf(name, sizeof(name), "%s/stat", d->d_name);
		if (read_full_file(root, name, &buf, NULL) < 0)
			continue;
		p = stat_start(buf, &flags, &start);
		if (p && !(flags & 0x00200000) /* PF_KTHREAD */ &&
		    tick > 0 && start * 1000000ULL / (unsigned long long)tick < before_usec) {
			if (*n < max) {
				struct proc_started *ps = &out[(*n)++];
				char *open = strchr(buf, '(');

				ps->pid = (pid_t)atoi(d->d_name);
				ps->start_usec = start * 1000000ULL / (unsigned long long)tick;
				int len = open ? (int)(p - open - 1) : 0;

				snprintf(ps->comm, sizeof(ps->comm), "%.*s", len < 31 ? len : 31, open ? open + 1 : "");
			}
			(*total)++;
		}
		free(buf);
	}
	closedir(dir);
	return 0;
}

int proc_tasks(const char *root, pid_t pid, pid_t **tids, size_t *cap, size_t *n)
{
	char path[512];
	struct dirent *d;
	DIR *dir;
	int r = 0;

	*n = 0;
	snprintf(path, sizeof(path), "%s/%d/task", root, (int)pid);
	if (!(dir = opendir(path)))
		return -errno;
	while ((d = readdir(dir))) {
		if (!proc_is_pid(d->d_name))
			continue;
		if (array_grow((void **)tids, cap, *n, sizeof(**tids)) < 0) {
			r = -ENOMEM;
			break;
		}
		(*tids)[(*n)++] = (pid_t)atoi(d->d_name);
	}
	closedir(dir);
	return r;
}

int proc_task_seccomp(const char *root, pid_t pid, pid_t tid)
{
	char rel[64], val[16];
	int r;

	snprintf(rel, sizeof(rel), "%d/task/%d", (int)pid, (int)tid);
	if ((r = status_field(root, rel, "Seccomp", val, sizeof(val))) < 0)
		return r;
	return strcmp(val, "0") == 0 ? SECCOMP_MODE_DISABLED : strcmp(val, "1") == 0 ? SECCOMP_MODE_STRICT
										   : SECCOMP_MODE_FILTER;
}

pid_t proc_inner_pid(const char *root, pid_t pid)
{
	char rel[32], val[128], *last;

	snprintf(rel, sizeof(rel), "%d", (int)pid);
	if (status_field(root, rel, "NSpid", val, sizeof(val)) < 0)
		return pid;
	last = strrchr(val, '\t');
	last = last ? last + 1 : strrchr(val, ' ') ? strrchr(val, ' ') + 1 : val;
	return (pid_t)atoi(last);
}

char proc_task_state(const char *root, pid_t pid, pid_t tid)
{
	char rel[64], *buf, *close, st = '?';

	snprintf(rel, sizeof(rel), "%d/task/%d/stat", (int)pid, (int)tid);
	if (read_full_file(root, rel, &buf, NULL) < 0)
		return '?';
	/* after the comm's closing parenthesis, which the comm itself may hold */
	if ((close = strrchr(buf, ')')) && close[1] == ' ')
		st = close[2];
	free(buf);
	return st;
}

int proc_exe(const char *root, pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%d/exe", root, (int)pid);
	if ((n = readlink(path, buf, size - 1)) < 0)
		return -errno;
	if ((size_t)n >= size - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return (int)n;
}
