// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The floor for the decision observer's benchmark: empty programs on the
 * raw_syscalls tracepoints, attached until standard input ends.
 *
 *   empty-observer      prints "ready" once attached
 */
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "empty-observer.skel.h"

int main(void)
{
	struct empty_observer_bpf *o = empty_observer_bpf__open_and_load();
	char c;

	if (!o || empty_observer_bpf__attach(o) < 0) {
		perror("empty-observer");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	empty_observer_bpf__destroy(o);
	return 0;
}
