// SPDX-License-Identifier: LGPL-2.1-or-later
/* Cgroup paths of every runtime's layout to the workload they name. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "model/workload.h"

#define ID "4c01db0b339c36ba91e1c2ea1f2ff1d1de4a3a3b7c2f2a5f7d6a3c0d1e2f3a4b"
#define UID "7c6b5a4f-1e2d-4c3b-9a8f-0e1d2c3b4a59"
#define UID_ "7c6b5a4f_1e2d_4c3b_9a8f_0e1d2c3b4a59"

struct want {
	const char *path, *unit, *slice;
	enum container_runtime rt;
	const char *id, *pod;
	enum qos qos;
};

static void span_is(const char *path, struct wspan s, const char *want)
{
	char got[256] = "";

	if (s.len)
		snprintf(got, sizeof(got), "%.*s", (int)s.len, path + s.off);
	assert_string_equal(got, want ? want : "");
}

static void test_layouts(void **state)
{
	static const struct want cases[] = {
		{ "/", NULL, NULL, CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/system.slice/nginx.service", "nginx.service", "system.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/system.slice/nginx.service/worker", "nginx.service", "system.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/user.slice/user-1000.slice/session-3.scope", "session-3.scope", "user-1000.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-1234.scope",
		  "app-gnome-firefox-1234.scope", "app.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/system.slice", NULL, "system.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		/* Docker, both drivers */
		{ "/system.slice/docker-" ID ".scope", "docker-" ID ".scope", "system.slice", CRT_DOCKER, ID, NULL, QOS_NONE },
		{ "/docker/" ID, NULL, NULL, CRT_DOCKER, ID, NULL, QOS_NONE },
		/* units inside a container are its own */
		{ "/system.slice/docker-" ID ".scope/system.slice/cron.service", "docker-" ID ".scope", "system.slice",
		  CRT_DOCKER, ID, NULL, QOS_NONE },
		/* containerd under Kubernetes, both drivers */
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_ ".slice/cri-containerd-" ID ".scope",
		  "cri-containerd-" ID ".scope", "kubepods-besteffort-pod" UID_ ".slice", CRT_CONTAINERD, ID, UID,
		  QOS_BESTEFFORT },
		{ "/kubepods/besteffort/pod" UID "/" ID, NULL, NULL, CRT_CRI, ID, UID, QOS_BESTEFFORT },
		{ "/kubepods/burstable/pod" UID "/" ID, NULL, NULL, CRT_CRI, ID, UID, QOS_BURSTABLE },
		{ "/kubepods/pod" UID "/" ID, NULL, NULL, CRT_CRI, ID, UID, QOS_GUARANTEED },
		{ "/kubepods.slice/kubepods-pod" UID_ ".slice/crio-" ID ".scope", "crio-" ID ".scope",
		  "kubepods-pod" UID_ ".slice", CRT_CRIO, ID, UID, QOS_GUARANTEED },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice",
		  NULL, "kubepods-burstable-pod" UID_ ".slice", CRT_NONE, NULL, UID, QOS_BURSTABLE },
		/* conmon is not the container */
		{ "/machine.slice/libpod-conmon-" ID ".scope", "libpod-conmon-" ID ".scope", "machine.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/machine.slice/libpod-" ID ".scope", "libpod-" ID ".scope", "machine.slice", CRT_PODMAN, ID, NULL, QOS_NONE },
		{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID ".scope/container",
		  "libpod-" ID ".scope", "user.slice", CRT_PODMAN, ID, NULL, QOS_NONE },
		{ "/libpod_parent/libpod-" ID, NULL, NULL, CRT_PODMAN, ID, NULL, QOS_NONE },
		{ "/system.slice/crio-conmon-" ID ".scope", "crio-conmon-" ID ".scope", "system.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/lxc.payload.web1", NULL, NULL, CRT_LXC, "web1", NULL, QOS_NONE },
		{ "/lxc.monitor.web1", NULL, NULL, CRT_NONE, NULL, NULL, QOS_NONE },
		/* not ids: too short, upper case, a bare id outside a pod */
		{ "/system.slice/docker-abc.scope", "docker-abc.scope", "system.slice", CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/docker/4C01DB0B339C36BA91E1C2EA1F2FF1D1DE4A3A3B7C2F2A5F7D6A3C0D1E2F3A4B", NULL, NULL, CRT_NONE, NULL, NULL, QOS_NONE },
		{ "/demo/" ID, NULL, NULL, CRT_NONE, NULL, NULL, QOS_NONE },
		/* a pod UID with a bad digit is none */
		{ "/kubepods/besteffort/podz" UID "/" ID, NULL, NULL, CRT_NONE, NULL, NULL, QOS_BESTEFFORT },
		{ "/.service/.slice/x.scope", "x.scope", NULL, CRT_NONE, NULL, NULL, QOS_NONE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *c = &cases[i];
		struct workload w;

		print_message("%s\n", c->path);
		workload_parse(c->path, strlen(c->path), &w);
		span_is(c->path, w.unit, c->unit);
		span_is(c->path, w.slice, c->slice);
		assert_int_equal(w.runtime, c->rt);
		span_is(c->path, w.id, c->id);
		assert_string_equal(w.pod_uid, c->pod ? c->pod : "");
		assert_int_equal(w.qos, c->qos);
	}
}

static void pick_is_k(const char *text, bool ending, const char *want)
{
	size_t off, len;

	if (!want) {
		assert_false(cgroup_pick(text, strlen(text), ending, &off, &len));
		return;
	}
	assert_true(cgroup_pick(text, strlen(text), ending, &off, &len));
	assert_int_equal(len, strlen(want));
	assert_memory_equal(text + off, want, len);
}

static void pick_is(const char *text, const char *want)
{
	pick_is_k(text, false, want);
}

static void test_pick(void **state)
{
	(void)state;
	/* v2 only */
	pick_is("0::/system.slice/nginx.service\n", "/system.slice/nginx.service");
	/* hybrid: the unified line, unless it is the root */
	pick_is("9:name=systemd:/system.slice/a.service\n4:memory:/x\n0::/system.slice/a.service\n",
		"/system.slice/a.service");
	pick_is("9:name=systemd:/docker/" ID "\n4:memory:/docker/" ID "\n0::/\n", "/docker/" ID);
	/* a v1 controller's path is not the workload's (this VM's memory cgroup) */
	pick_is("9:name=systemd:/\n4:memory:/process_api/f04e\n0::/\n", "/");
	pick_is("", NULL);
	pick_is("garbage\n", NULL);
	/* no newline at the end */
	pick_is("0::/a.slice", "/a.slice");
	/* ending: v1 is reset to the root, v2 stays (seen on this VM's kernel) */
	pick_is_k("9:name=systemd:/\n4:memory:/\n0::/zt\n", true, "/zt");
	pick_is_k("9:name=systemd:/\n4:memory:/\n0::/\n", true, NULL);
	pick_is_k("0::/\n", true, "/");
	pick_is_k("9:name=systemd:/docker/x\n", true, NULL);
}

static void test_prefix(void **state)
{
	(void)state;
	assert_true(container_id_prefix(ID, 64, "4c01"));
	assert_true(container_id_prefix(ID, 64, ID));
	assert_false(container_id_prefix(ID, 64, ""));
	assert_false(container_id_prefix(ID, 64, "4c02"));
	assert_false(container_id_prefix("4c", 2, "4c01"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
