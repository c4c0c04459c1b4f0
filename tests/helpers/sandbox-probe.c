// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Enter seccompctl's sandbox (src/sandbox.c) with a profile, then try what it
 * must allow and what it must refuse, one line each: "NAME ok" or
 * "NAME errno=N". Used by tests/integration/test_sandbox.py.
 *
 *   sandbox-probe read|persist DIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/sandbox.h"

static void report(const char *name, long r)
{
	printf("%s %s", name, r < 0 ? "" : "ok");
	if (r < 0)
		printf("errno=%d", errno);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sysinfo si;
	struct winsize ws;
	char path[4096];
	int n, fd;
	pid_t pid;

	if (argc < 3)
		return 2;
	sandbox_enter(strcmp(argv[1], "persist") == 0 ? SANDBOX_PERSIST : SANDBOX_READ, SANDBOX_KEEP_NONE);

	fd = open("/proc/self/status", O_RDONLY);
	report("open_read", fd);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/created", argv[2]);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	report("open_create", fd);
	if (fd >= 0)
		close(fd);
	report("socket_netlink", fd = socket(AF_NETLINK, SOCK_RAW, 9));
	if (fd >= 0)
		close(fd);
	report("socket_inet", socket(AF_INET, SOCK_STREAM, 0));
	report("sysinfo", sysinfo(&si));
	report("ioctl_winsz", ioctl(1, TIOCGWINSZ, &ws) < 0 && errno == EPERM ? -1 : 0);
	report("ioctl_fionread", ioctl(0, FIONREAD, &n));
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	report("fork", pid);
	report("execve", execl("/bin/true", "true", (char *)NULL));
	return 0;
}
