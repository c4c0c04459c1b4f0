// SPDX-License-Identifier: LGPL-2.1-or-later
/* systemd-journald's Audit= setting, from its files (see journaldconf.h). */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "os/fileio.h"
#include "os/journaldconf.h"

static const char *const dirs[] = { "/etc", "/run", "/usr/local/lib", "/usr/lib" };
#define NDIRS (sizeof(dirs) / sizeof(dirs[0]))

/* systemd's booleans */
static int boolean(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

/* One file's say: *value changed when it sets Audit= in [Journal]; false
 * when the file cannot be read (not there). */
static bool read_one(const char *path, int *value, char *file, size_t size)
{
	char *buf, *line, *next, *p, *end, *eq;
	bool journal = false;
	size_t len;
	int b;

	if (read_full_file(NULL, path, &buf, &len) < 0)
		return false;
	for (line = buf; line < buf + len; line = next) {
		if ((next = memchr(line, '\n', (size_t)(buf + len - line))))
			*next++ = '\0';
		else
			next = buf + len;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		end = p + strlen(p);
		while (end > p && strchr(" \t\r", end[-1]))
			*--end = '\0';
		if (!*p || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			journal = !strcmp(p, "[Journal]");
			continue;
		}
		if (!journal || !(eq = strchr(p, '=')))
			continue;
		*eq = '\0';
		for (end = eq; end > p && (end[-1] == ' ' || end[-1] == '\t'); end--)
			end[-1] = '\0';
		for (eq++; *eq == ' ' || *eq == '\t'; eq++)
			;
		if (strcmp(p, "Audit") || (b = boolean(eq)) < 0)
			continue;	/* journald ignores a value it cannot parse */
		*value = b;
		snprintf(file, size, "%s", path);
	}
	free(buf);
	return true;
}

/* rel (systemd/journald.conf, or a drop-in's) from the first directory
 * that has it: the one journald reads */
static void read_first(const char *root, const char *rel, int *value, char *file, size_t size)
{
	char path[4096];

	for (size_t d = 0; d < NDIRS; d++) {
		snprintf(path, sizeof(path), "%s%s/%s", root, dirs[d], rel);
		if (read_one(path, value, file, size))
			return;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int journald_audit_setting(const char *root, char *file, size_t size)
{
	char path[4096], *names[256];
	size_t n = 0, i, d;
	int value = -1;

	file[0] = '\0';
	read_first(root, "systemd/journald.conf", &value, file, size);
	/* the drop-ins' names, each once, in order */
	for (d = 0; d < NDIRS; d++) {
		struct dirent *de;
		DIR *dir;

		snprintf(path, sizeof(path), "%s%s/systemd/journald.conf.d", root, dirs[d]);
		if (!(dir = opendir(path)))
			continue;
		while ((de = readdir(dir)) && n < sizeof(names) / sizeof(names[0])) {
			size_t l = strlen(de->d_name);
			bool seen = false;

			if (l < 6 || strcmp(de->d_name + l - 5, ".conf"))
				continue;
			for (i = 0; i < n && !seen; i++)
				seen = !strcmp(names[i], de->d_name);
			if (!seen && (names[n] = strdup(de->d_name)))
				n++;
		}
		closedir(dir);
	}
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "systemd/journald.conf.d/%s", names[i]);
		read_first(root, path, &value, file, size);
		free(names[i]);
	}
	return value;
}
