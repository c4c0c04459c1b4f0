/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/* Recorded netlink records, "TYPE PAYLOAD" a line (tests/data/record-netlink.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture_line {
	unsigned type;
	char payload[9000];
	size_t len;
};

static inline size_t fixture_load(const char *name, struct fixture_line *lines, size_t max)
{
	char path[512], buf[9100];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", DATADIR, name);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		abort();
	}
	while (n < max && fgets(buf, sizeof(buf), f)) {
		char *sp = strchr(buf, ' ');

		if (!sp)
			continue;
		lines[n].type = (unsigned)strtoul(buf, NULL, 10);
		lines[n].len = strcspn(sp + 1, "\n");
		memcpy(lines[n].payload, sp + 1, lines[n].len);
		lines[n].payload[lines[n].len] = '\0';
		n++;
	}
	fclose(f);
	return n;
}
