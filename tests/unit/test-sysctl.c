// SPDX-License-Identifier: LGPL-2.1-or-later
/* The sysctl module against a fake /proc/sys folder. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "os/safefile.h"
#include "os/sysctl.h"

static char root[256];

static void put(const char *name, const char *content)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static const char *get(const char *name)
{
	static char buf[512];

	assert_true(sysctl_read(root, name, buf, sizeof(buf)) >= 0);
	return buf;
}

static int setup(void **state)
{
	char path[512];

	snprintf(root, sizeof(root), "/tmp/seccompctl-sysctl-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(path, sizeof(path), "%s/kernel", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/kernel/seccomp", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/kernel/random", root);
	mkdir(path, 0755);
	put(ACTIONS_AVAIL, KERNEL_AVAIL);
	put(ACTIONS_LOGGED, KERNEL_DEFAULT "\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_read(void **state)
{
	struct action_vocab v;
	action_set s;

	assert_int_equal(seccomp_read_avail(root, &v), 0);
	assert_int_equal(v.n, 8);
	assert_int_equal(seccomp_read_logged(root, &v, &s), 0);
	assert_int_equal(s, vocab_default(&v));
	put(ACTIONS_LOGGED, "\n");
	assert_int_equal(seccomp_read_logged(root, &v, &s), 0);
	assert_int_equal(s, 0);
	put(ACTIONS_LOGGED, "kill_process bogus\n");
	assert_int_equal(seccomp_read_logged(root, &v, &s), -EINVAL);
}

static void test_missing(void **state)
{
	struct action_vocab v;

	assert_int_equal(seccomp_read_avail("/nonexistent-root", &v), -ENOENT);
	assert_int_equal(seccomp_write_logged("/nonexistent-root", "log"), -ENOENT);
}

static void test_write_exact(void **state)
{
	/* exactly the value: no newline, no padding (the fake file starts empty,
	 * as the kernel replaces the whole value) */
	put(ACTIONS_LOGGED, "");
	assert_int_equal(seccomp_write_logged(root, "kill_process log"), 0);
	assert_string_equal(get(ACTIONS_LOGGED), "kill_process log");
	put(ACTIONS_LOGGED, "");
	assert_int_equal(seccomp_write_logged(root, ""), 0);
	assert_string_equal(get(ACTIONS_LOGGED), "");
}

static void test_write_too_long(void **state)
{
	char v[70];

	put(ACTIONS_LOGGED, "log");
	memset(v, 'a', 64);
	v[64] = '\0';
	assert_int_equal(seccomp_write_logged(root, v), -E2BIG);
	assert_string_equal(get(ACTIONS_LOGGED), "log");
	v[63] = '\0';
	put(ACTIONS_LOGGED, "");
	assert_int_equal(seccomp_write_logged(root, v), 0);
	assert_string_equal(get(ACTIONS_LOGGED), v);
}

static int count_entries(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	assert_non_null(dp);
	while ((d = readdir(dp)))
		if (d->d_name[0] != '.' || (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")))
			n++;
	closedir(dp);
	return n;
}

static void test_persist(void **state)
{
	char dir[512], path[1024], buf[512], why[FILE_WHY_MAX];
	struct stat st1, st2;
	FILE *f;
	size_t n;

	snprintf(dir, sizeof(dir), "%s/sysctl.d", root);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/50-seccompctl.conf", dir);
	assert_int_equal(persist_write(path, "kill_process log", why, sizeof(why)), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "\nkernel.seccomp.actions_logged = kill_process log\n"));
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(st1.st_mode & 0777, 0644);
	/* replaced by rename: a new inode, and no temporary file left behind */
	assert_int_equal(persist_write(path, "", why, sizeof(why)), 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_not_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(count_entries(dir), 1);

	snprintf(path, sizeof(path), "%s/no-such-dir/x.conf", root);
	assert_int_equal(persist_write(path, "log", why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "No such file or directory"));
}

/* The boot id as the journal writes it, from the kernel's dashed form. */
static void test_boot_id(void **state)
{
	char id[33];

	put("kernel/random/boot_id", "6f0b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b\n");
	assert_int_equal(sysctl_boot_id(root, id), 0);
	assert_string_equal(id, "6f0b1a2c3d4e4f508a6b7c8d9e0f1a2b");
	put("kernel/random/boot_id", "6f0b1a2c\n");
	assert_int_equal(sysctl_boot_id(root, id), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_write_exact),
		cmocka_unit_test(test_write_too_long),
		cmocka_unit_test(test_persist),
		cmocka_unit_test(test_boot_id),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
