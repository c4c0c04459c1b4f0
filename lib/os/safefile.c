// SPDX-License-Identifier: LGPL-2.1-or-later
/* Files written as root, never through what another user planted. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/fileio.h"
#include "os/safefile.h"

#define LINKS_MAX 40	/* the kernel's own bound on links in one lookup */

static int say(int r, char *why, size_t size, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int say(int r, char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return r;
}

static bool ours(uid_t uid)
{
	return uid == geteuid();
}

/* Can someone else than root or us write into or over it? */
static bool others_write(const struct stat *st)
{
	return (st->st_mode & S_IWOTH) || ((st->st_mode & S_IWGRP) && st->st_gid != 0 && st->st_gid != getegid());
}

bool safe_stat_foreign(const struct stat *st)
{
	return (st->st_uid != 0 && !ours(st->st_uid)) || others_write(st);
}

static const char *kind_of(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
	       S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISLNK(m) ? "a symbolic link" : "not a regular file";
}

static int dir_checked(int fd, const char *shown, char *why, size_t size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return say(-errno, why, size, "%s: %s", shown, strerror(errno));
	if (st.st_uid != 0 && !ours(st.st_uid))
		return say(-EPERM, why, size,
			   "the directory %s belongs to uid %u: its owner could replace what seccompctl writes there "
			   "(choose a directory of root's)", shown, (unsigned)st.st_uid);
	if (others_write(&st) && !(st.st_mode & S_ISVTX))
		return say(-EPERM, why, size,
			   "the directory %s can be written by others (mode %04o) and has no sticky bit: another user "
			   "could replace what seccompctl writes there (choose a directory only root can write)",
			   shown, (unsigned)(st.st_mode & 07777));
	return 0;
}

static int file_checked(int fd, const char *shown, char *why, size_t size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return say(-errno, why, size, "%s: %s", shown, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return say(-EPERM, why, size, "%s is %s, not a regular file: refused", shown, kind_of(st.st_mode));
	if (!ours(st.st_uid))
		return say(-EPERM, why, size,
			   "%s belongs to uid %u, not to uid %u that runs seccompctl: another user made it "
			   "(move it away, or choose another path)", shown, (unsigned)st.st_uid, (unsigned)geteuid());
	if (others_write(&st))
		return say(-EPERM, why, size, "%s can be written by others (mode %04o): refused (chmod go-w it)", shown,
			   (unsigned)(st.st_mode & 07777));
	if (st.st_nlink > 1)
		return say(-EPERM, why, size,
			   "%s has %lu hard links: it may be another file under a second name, refused", shown,
			   (unsigned long)st.st_nlink);
	return 0;
}

/* Why openat(dfd, name) failed with -r, in words: what is there. */
static int open_failed(int r, int dfd, const char *name, const char *shown, char *why, size_t size)
{
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISLNK(st.st_mode))
			return say(-EPERM, why, size,
				   "%s is a symbolic link: seccompctl does not write through one (another user may have "
				   "planted it); give the file's own path", shown);
		return say(-EPERM, why, size, "%s is %s, not a regular file: refused", shown, kind_of(st.st_mode));
	}
	return say(r, why, size, "%s: %s", shown, strerror(-r));
}

/* A link on the way (link, of st): followed only when root or we own it, its
 * target put before what is left to walk (*rest, in todo). 0 or -errno. */
static int follow(int link, const struct stat *st, const char *comp, char todo[2 * PATH_MAX], const char **rest,
		  int *links, const char *shown, char *why, size_t size)
{
	char target[PATH_MAX], next[2 * PATH_MAX];
	ssize_t tl;

	if (st->st_uid != 0 && !ours(st->st_uid))
		return say(-EPERM, why, size,
			   "%s: the symbolic link '%s' on the way belongs to uid %u, and seccompctl follows only "
			   "links of root's (another user may have planted it)", shown, comp, (unsigned)st->st_uid);
	tl = ++*links > LINKS_MAX ? -1 : readlinkat(link, "", target, sizeof(target));
	if (tl < 0 || (size_t)tl >= sizeof(target) ||
	    (size_t)snprintf(next, sizeof(next), "%.*s/%s", (int)tl, target, *rest) >= sizeof(next))
		return say(-ELOOP, why, size, "%s: %s", shown, strerror(ELOOP));
	memcpy(todo, next, strlen(next) + 1);
	*rest = todo;
	return 0;
}

/* An absolute link's target walks from the root again. */
static int reopen_root(int *fd, const char *shown, char *why, size_t size)
{
	int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (root < 0)
		return say(-errno, why, size, "%s: %s", shown, strerror(errno));
	close(*fd);
	*fd = root;
	return 0;
}

/* Walk dirs (components, '/' apart) from the root or the working directory:
 * an O_PATH descriptor of where they lead. Links are followed only when root
 * or we own them; the last component is made when create is set. */
static int walk(const char *dirs, bool create, mode_t mode, const char *shown, char *why, size_t size)
{
	char todo[2 * PATH_MAX], comp[NAME_MAX + 1];
	size_t n = strlen(dirs), cl;
	int fd, child, links = 0, r;
	const char *p, *e;
	struct stat st;

	if (n >= sizeof(todo))
		return say(-ENAMETOOLONG, why, size, "%s: %s", shown, strerror(ENAMETOOLONG));
	memcpy(todo, dirs, n + 1);
	fd = open(todo[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return say(-errno, why, size, "%s: %s", shown, strerror(errno));
	for (p = todo;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return fd;
		e = strchrnul(p, '/');
		cl = (size_t)(e - p);
		if (cl > NAME_MAX) {
			close(fd);
			return say(-ENAMETOOLONG, why, size, "%s: %s", shown, strerror(ENAMETOOLONG));
		}
		memcpy(comp, p, cl);
		comp[cl] = '\0';
		for (p = e; *p == '/'; p++)
			;
		if (strcmp(comp, ".") == 0)
			continue;
		child = openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0 && errno == ENOENT && create && !*p) {
			if (mkdirat(fd, comp, mode) < 0 && errno != EEXIST) {
				r = -errno;
				close(fd);
				return say(r, why, size, "cannot make %s: %s", shown, strerror(-r));
			}
			child = openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		if (child < 0 || fstat(child, &st) < 0) {
			r = -errno;
			if (child >= 0)
				close(child);
			close(fd);
			return say(r, why, size, "%s: %s (at '%s')", shown, strerror(-r), comp);
		}
		if (S_ISLNK(st.st_mode)) {
			r = follow(child, &st, comp, todo, &p, &links, shown, why, size);
			close(child);
			if (r < 0 || (*p == '/' && (r = reopen_root(&fd, shown, why, size)) < 0)) {
				close(fd);
				return r;
			}
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(child);
			close(fd);
			return say(-ENOTDIR, why, size, "%s: '%s' is not a directory", shown, comp);
		}
		close(fd);
		fd = child;
	}
}

int safe_dir_open(const char *path, bool create, mode_t mode, char *why, size_t size)
{
	int fd = walk(path, create, mode, path, why, size), r;

	if (fd >= 0 && (r = dir_checked(fd, path, why, size)) < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* path's directory into dir, and its last component: 0 or -errno. */
static int split(const char *path, char *dir, size_t dsize, const char **name, char *why, size_t size)
{
	const char *slash = strrchr(path, '/');
	int n;

	*name = slash ? slash + 1 : path;
	if (!**name || strcmp(*name, ".") == 0 || strcmp(*name, "..") == 0)
		return say(-EISDIR, why, size, "%s names a directory, not a file", path);
	if (!slash)
		n = snprintf(dir, dsize, ".");
	else if (slash == path)
		n = snprintf(dir, dsize, "/");
	else
		n = snprintf(dir, dsize, "%.*s", (int)(slash - path), path);
	if (n < 0 || (size_t)n >= dsize)
		return say(-ENAMETOOLONG, why, size, "%s: %s", path, strerror(ENAMETOOLONG));
	return 0;
}

int safe_parent_open(const char *path, const char **name, char *why, size_t size)
{
	char dir[PATH_MAX];
	int r = split(path, dir, sizeof(dir), name, why, size);

	return r < 0 ? r : safe_dir_open(dir, false, 0, why, size);
}

/* name in path's directory, opened with flags (O_NOFOLLOW, O_NONBLOCK added)
 * and checked: a descriptor in blocking mode, or -errno. */
static int open_checked(const char *path, int flags, mode_t mode, char *why, size_t size)
{
	const char *name;
	int dfd = safe_parent_open(path, &name, why, size), fd, r;

	if (dfd < 0)
		return dfd;
	fd = openat(dfd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, mode);
	if (fd < 0) {
		r = open_failed(-errno, dfd, name, path, why, size);
		close(dfd);
		return r;
	}
	close(dfd);
	if ((r = file_checked(fd, path, why, size)) < 0 ||
	    (fcntl(fd, F_SETFL, flags & O_APPEND) < 0 && (r = say(-errno, why, size, "%s: %s", path, strerror(errno))))) {
		close(fd);
		return r;
	}
	return fd;
}

int safe_open_read(const char *path, char *why, size_t size)
{
	return open_checked(path, O_RDONLY, 0, why, size);
}

int safe_open_rdwr(const char *path, char *why, size_t size)
{
	return open_checked(path, O_RDWR, 0, why, size);
}

int safe_open_append(const char *path, mode_t mode, char *why, size_t size)
{
	return open_checked(path, O_WRONLY | O_APPEND | O_CREAT, mode, why, size);
}

int safe_replace_at(int dfd, const char *dir, const char *name, const void *data, size_t len, mode_t mode,
		    char *why, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[NAME_MAX + 1], shown[PATH_MAX];
	unsigned char rnd[8];
	struct stat st;
	int fd, sfd, r, n;
	size_t i;

	snprintf(shown, sizeof(shown), "%s/%s", dir, name);
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!S_ISREG(st.st_mode))
			return say(-EPERM, why, size, "%s is %s: refused, not replaced", shown, kind_of(st.st_mode));
		if (!ours(st.st_uid))
			return say(-EPERM, why, size,
				   "%s belongs to uid %u: another user made it; refused, not replaced (move it away)",
				   shown, (unsigned)st.st_uid);
	}
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return say(-EIO, why, size, "%s: no random name for the temporary file", shown);
	n = snprintf(tmp, sizeof(tmp), ".%s.", name);
	if (n < 0 || (size_t)n + 2 * sizeof(rnd) >= sizeof(tmp))
		return say(-ENAMETOOLONG, why, size, "%s: %s", shown, strerror(ENAMETOOLONG));
	for (i = 0; i < sizeof(rnd); i++) {
		tmp[n++] = hex[rnd[i] >> 4];
		tmp[n++] = hex[rnd[i] & 15];
	}
	tmp[n] = '\0';
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return say(-errno, why, size, "%s: %s", shown, strerror(errno));
	r = write_full(fd, data, len);
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dfd, tmp, dfd, name) < 0)
		r = -errno;
	if (r < 0) {
		unlinkat(dfd, tmp, 0);
		return say(r, why, size, "%s: %s", shown, strerror(-r));
	}
	/* the rename itself must survive a crash */
	sfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sfd < 0)
		return say(-errno, why, size, "%s: %s", dir, strerror(errno));
	r = fsync(sfd) < 0 ? -errno : 0;
	close(sfd);
	return r < 0 ? say(r, why, size, "%s: %s", dir, strerror(-r)) : 0;
}

int safe_replace(const char *path, const void *data, size_t len, mode_t mode, char *why, size_t size)
{
	const char *name;
	char dir[PATH_MAX];
	int dfd = split(path, dir, sizeof(dir), &name, why, size), r;

	if (dfd < 0 || (dfd = safe_dir_open(dir, false, 0, why, size)) < 0)
		return dfd;
	r = safe_replace_at(dfd, dir, name, data, len, mode, why, size);
	close(dfd);
	return r;
}
