// SPDX-License-Identifier: LGPL-2.1-or-later
/* Files written as root: what another user could plant is refused, in a tree the test lays out. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "os/fileio.h"
#include "os/safefile.h"

static char root[256];
static char why[FILE_WHY_MAX];

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/test-safefile.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return chmod(root, 0755);
}

static int teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *name)
{
	static char path[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", root, name);
	return path[k];
}

static void text_is(const char *path, const char *want)
{
	char *got;
	size_t len;

	assert_int_equal(read_full_file(NULL, path, &got, &len), 0);
	assert_string_equal(got, want);
	free(got);
}

static void put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write_full(fd, text, strlen(text)), 0);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* Appending makes the file 0640, and goes on in one that is ours. */
static void test_append(void **state)
{
	const char *p = at("out.json");
	struct stat st;
	int fd;

	assert_true((fd = safe_open_append(p, 0640, why, sizeof(why))) >= 0);
	assert_int_equal(write_full(fd, "a\n", 2), 0);
	assert_int_equal(fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK), O_APPEND);
	close(fd);
	assert_true((fd = safe_open_append(p, 0640, why, sizeof(why))) >= 0);
	assert_int_equal(write_full(fd, "b\n", 2), 0);
	close(fd);
	text_is(p, "a\nb\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777 & ~(mode_t)0640, 0);
}

/* A symbolic link at the file's own name is never written through, and
 * the file it names is left as it was. */
static void test_symlink_at_the_name(void **state)
{
	const char *victim = at("victim"), *p = at("link.json");

	put(victim, "secret\n", 0600);
	assert_int_equal(symlink(victim, p), 0);
	assert_int_equal(safe_open_append(p, 0640, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "is a symbolic link"));
	assert_int_equal(safe_open_rdwr(p, why, sizeof(why)), -EPERM);
	assert_int_equal(safe_open_read(p, why, sizeof(why)), -EPERM);
	assert_int_equal(safe_replace(p, "x", 1, 0644, why, sizeof(why)), -EPERM);
	text_is(victim, "secret\n");
	/* a dangling one is not made into a file either */
	assert_int_equal(symlink(at("nowhere"), at("dangling")), 0);
	assert_int_equal(safe_open_append(at("dangling"), 0640, why, sizeof(why)), -EPERM);
	assert_int_equal(access(at("nowhere"), F_OK), -1);
}

/* A FIFO neither blocks the open nor is written. */
static void test_fifo(void **state)
{
	const char *p = at("fifo");

	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(safe_open_append(p, 0640, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "a FIFO"));
	assert_int_equal(safe_open_read(p, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "a FIFO"));
	assert_int_equal(safe_replace(p, "x", 1, 0644, why, sizeof(why)), -EPERM);
}

/* A file anyone can write, or one with a second name, is refused. */
static void test_mode_and_links(void **state)
{
	const char *p = at("wide.json"), *q = at("linked.json");

	put(p, "", 0666);
	assert_int_equal(safe_open_append(p, 0640, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "can be written by others"));
	put(q, "kept\n", 0600);
	assert_int_equal(link(q, at("second-name")), 0);
	assert_int_equal(safe_open_rdwr(q, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "hard links"));
	text_is(q, "kept\n");
}

/* A directory others can write is refused, unless its sticky bit holds. */
static void test_directories(void **state)
{
	int fd;

	assert_int_equal(mkdir(at("open"), 0777), 0);
	assert_int_equal(chmod(at("open"), 0777), 0);
	assert_int_equal(safe_open_append(at("open/out"), 0640, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "no sticky bit"));
	assert_int_equal(safe_replace(at("open/m.prom"), "x", 1, 0644, why, sizeof(why)), -EPERM);
	assert_int_equal(access(at("open/m.prom"), F_OK), -1);
	assert_int_equal(chmod(at("open"), 01777), 0);
	assert_true((fd = safe_open_append(at("open/out"), 0640, why, sizeof(why))) >= 0);
	close(fd);
	/* a path through a file, and a missing one, say so */
	assert_int_equal(safe_open_append(at("open/out/x"), 0640, why, sizeof(why)), -ENOTDIR);
	assert_int_equal(safe_open_read(at("none/x"), why, sizeof(why)), -ENOENT);
	assert_int_equal(safe_open_read(at("open/none"), why, sizeof(why)), -ENOENT);
}

/* Links of our own on the way are followed; made directories are checked. */
static void test_links_on_the_way(void **state)
{
	int fd;

	assert_int_equal(mkdir(at("real"), 0755), 0);
	assert_int_equal(symlink("real", at("via")), 0);
	assert_int_equal(safe_replace(at("via/p.json"), "{}\n", 3, 0644, why, sizeof(why)), 0);
	text_is(at("real/p.json"), "{}\n");
	assert_true((fd = safe_dir_open(at("via/made"), true, 0755, why, sizeof(why))) >= 0);
	close(fd);
	assert_int_equal(access(at("real/made"), F_OK), 0);
	/* ... and "." and ".." walk as the kernel walks them */
	assert_int_equal(safe_replace(at("real/./made/../q.json"), "1", 1, 0644, why, sizeof(why)), 0);
	text_is(at("real/q.json"), "1");
	assert_int_equal(safe_open_append(at("real/"), 0640, why, sizeof(why)), -EISDIR);
}

/* Replaced whole: a new inode, the mode asked, no temporary left. */
static void test_replace(void **state)
{
	const char *p = at("rep/m.prom");
	struct stat a, b;
	int dfd;

	assert_int_equal(mkdir(at("rep"), 0755), 0);
	assert_int_equal(safe_replace(p, "one\n", 4, 0644, why, sizeof(why)), 0);
	assert_int_equal(stat(p, &a), 0);
	assert_true((dfd = safe_dir_open(at("rep"), false, 0, why, sizeof(why))) >= 0);
	assert_int_equal(safe_replace_at(dfd, at("rep"), "m.prom", "two\n", 4, 0600, why, sizeof(why)), 0);
	close(dfd);
	assert_int_equal(stat(p, &b), 0);
	assert_int_not_equal(a.st_ino, b.st_ino);
	assert_int_equal(b.st_mode & 0777, 0600);
	text_is(p, "two\n");
	/* m.prom alone: the directory empties with it */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rmdir(at("rep")), 0);
}

/* Another user's file, directory or link: refused (as root, who can make them). */
static void test_other_users(void **state)
{
	int fd;

	if (geteuid() != 0)
		skip();
	put(at("theirs.json"), "", 0600);
	assert_int_equal(chown(at("theirs.json"), 65534, 65534), 0);
	assert_int_equal(safe_open_append(at("theirs.json"), 0640, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "belongs to uid 65534"));
	assert_int_equal(safe_replace(at("theirs.json"), "x", 1, 0644, why, sizeof(why)), -EPERM);
	assert_int_equal(mkdir(at("their-dir"), 0755), 0);
	assert_int_equal(chown(at("their-dir"), 65534, 65534), 0);
	assert_int_equal(safe_replace(at("their-dir/x"), "x", 1, 0644, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "belongs to uid 65534"));
	assert_int_equal(mkdir(at("target"), 0755), 0);
	assert_int_equal(symlink(at("target"), at("their-link")), 0);
	assert_int_equal(lchown(at("their-link"), 65534, 65534), 0);
	assert_int_equal(safe_dir_open(at("their-link"), true, 0755, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "follows only links of root's"));
	assert_int_equal(safe_open_append(at("their-link/out"), 0640, why, sizeof(why)), -EPERM);
	assert_int_equal(access(at("target/out"), F_OK), -1);
	/* a group that is not root's may not write the directory either */
	assert_int_equal(mkdir(at("group"), 0775), 0);
	assert_int_equal(chmod(at("group"), 0775), 0);
	assert_int_equal(chown(at("group"), 0, 65534), 0);
	assert_int_equal(safe_open_append(at("group/out"), 0640, why, sizeof(why)), -EPERM);
	assert_int_equal(chown(at("group"), 0, 0), 0);
	assert_true((fd = safe_open_append(at("group/out"), 0640, why, sizeof(why))) >= 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_symlink_at_the_name),
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_mode_and_links),
		cmocka_unit_test(test_directories),
		cmocka_unit_test(test_links_on_the_way),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_other_users),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
