// SPDX-License-Identifier: LGPL-2.1-or-later
/* The names runtimes keep on disk, read from a tree made as they make it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "os/runtimes.h"

#define DID "4c01db0b339c36ba91e1c2ea1f2ff1d1de4a3a3b7c2f2a5f7d6a3c0d1e2f3a4b"
#define PID "9a8f0e1d2c3b4a594c01db0b339c36ba91e1c2ea1f2ff1d1de4a3a3b7c2f2a5f"
#define CID "1e2d4c3b9a8f0e1d2c3b4a594c01db0b339c36ba91e1c2ea1f2ff1d1de4a3a3b"

static char root[64];

static void put(const char *path, const char *text)
{
	unit_put(root, path, text);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/seccompctl-rt-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	/* Docker: runc's state under the moby root, and Docker's own record */
	put("/run/docker/runtime-runc/moby/" DID "/state.json", "{\"id\":\"" DID "\",\"config\":{\"labels\":[\"bundle=/x\"]}}");
	put("/var/lib/docker/containers/" DID "/config.v2.json",
	    "{\"Name\":\"/web\",\"Config\":{\"Image\":\"nginx:1.25\"}}");
	/* Podman: its containers.json, names and the image in the metadata */
	put("/var/lib/containers/storage/overlay-containers/containers.json",
	    "[{\"id\":\"other\",\"names\":[\"x\"]},{\"id\":\"" PID "\",\"names\":[\"db\"],\"metadata\":"
	    "\"{\\\"image-name\\\":\\\"docker.io/library/postgres:16\\\",\\\"name\\\":\\\"db\\\"}\"}]");
	/* CRI-O's annotations in runc's own root, and a plain runc container
	 * found by the cgroup its state names */
	put("/run/runc/" CID "/state.json",
	    "{\"id\":\"" CID "\",\"config\":{\"labels\":[\"io.kubernetes.container.name=api\","
	    "\"io.kubernetes.pod.name=shop-0\",\"io.kubernetes.pod.namespace=prod\",\"io.kubernetes.cri-o.ImageName=api:2\","
	    "\"io.kubernetes.pod.uid=7c6b5a4f-1e2d-4c3b-9a8f-0e1d2c3b4a59\"]}}");
	put("/run/runc/mybox/state.json", "{\"id\":\"mybox\",\"config\":{\"labels\":[]},\"cgroup_paths\":"
	    "{\"\":\"/sys/fs/cgroup/unified/boxes/mybox\",\"memory\":\"/sys/fs/cgroup/memory/boxes/mybox\"}}");
	/* containerd's namespaces */
	put("/run/containerd/runc/k8s.io/" DID "0/state.json", "{}");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static bool names(struct runtimes *r, const char *cg, struct container_names *n)
{
	struct workload w;

	memset(n, 0, sizeof(*n));
	workload_parse(cg, strlen(cg), &w);
	return runtimes_names(r, cg, strlen(cg), &w, n, 1000);
}

static void test_every_runtime(void **state)
{
	struct container_names n;
	struct runtimes r;

	(void)state;
	assert_int_equal(runtimes_init(&r, root), 0);
	assert_true(names(&r, "/system.slice/docker-" DID ".scope", &n));
	assert_string_equal(n.name, "web");
	assert_string_equal(n.image, "nginx:1.25");
	assert_int_equal(n.runtime, CRT_DOCKER);
	assert_true(names(&r, "/machine.slice/libpod-" PID ".scope", &n));
	assert_string_equal(n.name, "db");
	assert_string_equal(n.image, "docker.io/library/postgres:16");
	assert_true(names(&r, "/kubepods.slice/kubepods-pod7c6b5a4f_1e2d_4c3b_9a8f_0e1d2c3b4a59.slice/crio-" CID ".scope", &n));
	assert_string_equal(n.name, "api");
	assert_string_equal(n.pod_name, "shop-0");
	assert_string_equal(n.pod_namespace, "prod");
	assert_string_equal(n.image, "api:2");
	assert_string_equal(n.pod_uid, "7c6b5a4f-1e2d-4c3b-9a8f-0e1d2c3b4a59");
	assert_int_equal(n.runtime, CRT_CRIO);
	/* plain runc, any cgroupsPath: found by the cgroup its state names */
	assert_true(names(&r, "/boxes/mybox", &n));
	assert_string_equal(n.id, "mybox");
	assert_int_equal(n.runtime, CRT_RUNC);
	/* the host, and a cgroup no state names */
	assert_false(names(&r, "/", &n));
	assert_false(names(&r, "/system.slice/cron.service", &n));
	/* a miss is not asked again within a second, and is a second later */
	assert_false(names(&r, "/late/one", &n));
	put("/run/runc/late/state.json", "{\"id\":\"late\",\"cgroup_paths\":{\"\":\"/sys/fs/cgroup/unified/late/one\"}}");
	{
		struct workload w;
		uint64_t reads = r.reads;

		workload_parse("/late/one", 9, &w);
		assert_false(runtimes_names(&r, "/late/one", 9, &w, &n, 1500));
		assert_int_equal(r.reads, reads);
		assert_true(runtimes_names(&r, "/late/one", 9, &w, &n, 2100));
		assert_string_equal(n.id, "late");
	}
	/* an early probe's miss (runc's init is in its cgroup before runc
	 * writes the state) holds back no record's lookup right after */
	{
		struct workload w;

		workload_parse("/early/one", 10, &w);
		assert_false(runtimes_probe(&r, "/early/one", 10, &w, &n));
		put("/run/runc/early/state.json",
		    "{\"id\":\"early\",\"cgroup_paths\":{\"\":\"/sys/fs/cgroup/unified/early/one\"}}");
		assert_true(runtimes_names(&r, "/early/one", 10, &w, &n, 2200));
		assert_string_equal(n.id, "early");
	}
	runtimes_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_runtime),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
