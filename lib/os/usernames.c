// SPDX-License-Identifier: LGPL-2.1-or-later
/* User and group names of ids, through a resolver forked before the sandbox. */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "os/log.h"
#include "os/usernames.h"
#include "model/audit-record.h"
#include "os/sandbox.h"

#define NAME_MAX_LEN 256
#define NAME_CACHE 256
/* a name service that does not answer in this time is given up */
#define RESOLVER_TIMEOUT_MS 5000

struct request {
	char kind;		/* 'u' or 'g' */
	int64_t id;
};

struct reply {
	bool found;
	char name[NAME_MAX_LEN];
};

static int resolver_fd = -1;

static bool lookup(char kind, int64_t id, char *name, size_t size)
{
	char buf[16384];
	struct passwd pw, *pres = NULL;
	struct group gr, *gres = NULL;

	if (kind == 'u' && getpwuid_r((uid_t)id, &pw, buf, sizeof(buf), &pres) == 0 && pres) {
		snprintf(name, size, "%s", pres->pw_name);
		return true;
	}
	if (kind == 'g' && getgrgid_r((gid_t)id, &gr, buf, sizeof(buf), &gres) == 0 && gres) {
		snprintf(name, size, "%s", gres->gr_name);
		return true;
	}
	return false;
}

static void resolver_main(int fd)
{
	struct request q;
	struct reply a;
	ssize_t n;

	for (;;) {
		n = recv(fd, &q, sizeof(q), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(q) || (q.kind != 'u' && q.kind != 'g'))
			_exit(0);	/* the parent has gone, or speaks nonsense */
		memset(&a, 0, sizeof(a));
		a.found = lookup(q.kind, q.id, a.name, sizeof(a.name));
		if (send(fd, &a, sizeof(a), MSG_NOSIGNAL) != (ssize_t)sizeof(a))
			_exit(0);
	}
}

int names_start(void)
{
	int sv[2];
	pid_t pid;

	if (resolver_fd >= 0 || !sandbox_active())
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -errno;
	}
	if (pid == 0) {
		close(sv[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		/* it reads ids and writes names: no privilege, and no exec, fork or
		 * writing file; a Unix socket to the name service is all it may open */
		sandbox_drop_caps(SANDBOX_KEEP_NONE);
		sandbox_install(SANDBOX_NAMES);
		resolver_main(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	resolver_fd = sv[0];
	return 0;
}

static bool ask(char kind, int64_t id, char *name, size_t size)
{
	struct request q = { .kind = kind, .id = id };
	struct pollfd pfd = { .fd = resolver_fd, .events = POLLIN };
	struct reply a;
	int r;

	if (send(resolver_fd, &q, sizeof(q), MSG_NOSIGNAL) != (ssize_t)sizeof(q))
		goto gone;
	do
		r = poll(&pfd, 1, RESOLVER_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r <= 0 || recv(resolver_fd, &a, sizeof(a), 0) != (ssize_t)sizeof(a))
		goto gone;
	a.name[sizeof(a.name) - 1] = '\0';
	snprintf(name, size, "%s", a.name);
	return a.found;
gone:
	p_warn("the name resolver did not answer: user and group ids are shown without names from now on");
	close(resolver_fd);
	resolver_fd = -2;	/* given up: no in-process look-up under the sandbox either */
	return false;
}

struct name_slot {
	int64_t id;
	bool used, found;
	char name[NAME_MAX_LEN];
};

/* an event stream names few users */
static struct name_slot user_cache[NAME_CACHE], group_cache[NAME_CACHE];

static const char *cached(struct name_slot *cache, char kind, int64_t id)
{
	struct name_slot *s;

	if (id < 0 || id >= AUDIT_ID_UNSET)
		return NULL;
	s = &cache[(uint64_t)id % NAME_CACHE];
	if (s->used && s->id == id)
		return s->found ? s->name : NULL;
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->used = true;
	if (resolver_fd >= 0)
		s->found = ask(kind, id, s->name, sizeof(s->name));
	else if (resolver_fd == -1)
		s->found = lookup(kind, id, s->name, sizeof(s->name));
	return s->found ? s->name : NULL;
}

const char *user_name(int64_t uid)
{
	return cached(user_cache, 'u', uid);
}

const char *group_name(int64_t gid)
{
	return cached(group_cache, 'g', gid);
}

const struct id_names usernames = { user_name, group_name };

int user_cred_lookup(const char *name, struct user_cred *c)
{
	struct passwd pw, *res = NULL;
	char buf[16384], *end;
	unsigned long id;
	int r, n = CRED_GROUPS_MAX;

	memset(c, 0, sizeof(*c));
	r = getpwnam_r(name, &pw, buf, sizeof(buf), &res);
	if (!res && !r && *name) {
		errno = 0;
		id = strtoul(name, &end, 10);
		if (!errno && !*end && id < UINT32_MAX)
			r = getpwuid_r((uid_t)id, &pw, buf, sizeof(buf), &res);
	}
	if (r)
		return -r;
	if (!res)
		return -ENOENT;
	c->uid = pw.pw_uid;
	c->gid = pw.pw_gid;
	snprintf(c->name, sizeof(c->name), "%s", pw.pw_name);
	snprintf(c->home, sizeof(c->home), "%s", pw.pw_dir ? pw.pw_dir : "/");
	snprintf(c->shell, sizeof(c->shell), "%s", pw.pw_shell ? pw.pw_shell : "/bin/sh");
	if (getgrouplist(pw.pw_name, pw.pw_gid, c->groups, &n) < 0)
		return -E2BIG;
	c->ngroups = n;
	return 0;
}

int user_cred_become(const struct user_cred *c)
{
	if (setgroups((size_t)c->ngroups, c->groups) < 0 || setresgid(c->gid, c->gid, c->gid) < 0 ||
	    setresuid(c->uid, c->uid, c->uid) < 0)
		return -errno;
	if (setenv("HOME", c->home, 1) < 0 || setenv("USER", c->name, 1) < 0 || setenv("LOGNAME", c->name, 1) < 0 ||
	    setenv("SHELL", c->shell, 1) < 0)
		return -errno;
	return 0;
}
