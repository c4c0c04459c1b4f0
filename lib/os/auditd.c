// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a running auditd is configured to do: its auditd.conf, where it reads one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "os/auditd.h"
#include "os/fileio.h"

/* auditd -c DIR reads DIR/auditd.conf instead of /etc/audit's */
static void auditd_conf_dir(pid_t pid, char *dir, size_t size)
{
	char name[32], *args;
	size_t n, i;

	snprintf(dir, size, "/etc/audit");
	snprintf(name, sizeof(name), "%d/cmdline", (int)pid);
	if (read_full_file("/proc", name, &args, &n) < 0)
		return;
	for (i = 0; i < n; i += strlen(args + i) + 1)
		if (strcmp(args + i, "-c") == 0 && i + 3 < n) {
			snprintf(dir, size, "%s", args + i + 3);
			break;
		}
	free(args);
}

int auditd_config(pid_t pid, struct auditd_config *c)
{
	char *buf, dir[1024], *line, *save, *eq, *k, *val;
	int r;

	auditd_conf_dir(pid, dir, sizeof(dir));
	if ((r = read_full_file(dir, "auditd.conf", &buf, NULL)) < 0)
		return r;
	/* auditd's own defaults, for what the file leaves out */
	snprintf(c->log_file, sizeof(c->log_file), "/var/log/audit/audit.log");
	snprintf(c->log_format, sizeof(c->log_format), "RAW");
	c->write_logs = 1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		k = line + strspn(line, " \t");
		k[strcspn(k, " \t")] = '\0';
		val = eq + 1 + strspn(eq + 1, " \t");
		val[strcspn(val, " \t\r")] = '\0';
		if (strcmp(k, "log_file") == 0)
			snprintf(c->log_file, sizeof(c->log_file), "%s", val);
		else if (strcmp(k, "log_format") == 0)
			snprintf(c->log_format, sizeof(c->log_format), "%s", val);
		else if (strcmp(k, "write_logs") == 0)
			c->write_logs = strcasecmp(val, "no") != 0;
	}
	free(buf);
	return 0;
}

