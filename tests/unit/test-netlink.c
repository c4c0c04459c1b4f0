// SPDX-License-Identifier: LGPL-2.1-or-later
/* The netlink datagram walk against messages whose lengths lie. */
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "os/auditnl.h"

static unsigned seen_types[8];
static size_t seen;

static int collect(uint32_t type, const char *payload, size_t len, void *data)
{
	if (seen < 8)
		seen_types[seen] = type;
	seen++;
	return 0;
}

/* Append one message; nlmsg_len may be told to lie. */
static size_t put(char *buf, size_t off, uint16_t type, const char *payload, int lie)
{
	struct nlmsghdr h = { .nlmsg_type = type };
	size_t plen = strlen(payload);

	h.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + plen + lie);
	memcpy(buf + off, &h, sizeof(h));
	memcpy(buf + off + NLMSG_HDRLEN, payload, plen);
	return off + NLMSG_ALIGN(NLMSG_HDRLEN + plen);
}

static uint64_t walk(const char *buf, size_t len)
{
	uint64_t bad = 0;

	seen = 0;
	assert_int_equal(audit_datagram_each(buf, len, collect, NULL, &bad), 0);
	return bad;
}

static void test_good(void **state)
{
	char buf[512];
	size_t n = 0;

	n = put(buf, n, 1326, "audit(1.2:3): pid=1", 0);
	n = put(buf, n, NLMSG_NOOP, "", 0);
	n = put(buf, n, 1305, "audit(1.2:4): op=x", 0);
	assert_int_equal(walk(buf, n), 0);
	assert_int_equal(seen, 2);
	assert_int_equal(seen_types[0], 1326);
	assert_int_equal(seen_types[1], 1305);
}

static void test_lengths_that_lie(void **state)
{
	char buf[512];
	size_t n;

	/* longer than the datagram */
	n = put(buf, 0, 1326, "audit(1.2:3): pid=1", 4000);
	assert_int_equal(walk(buf, n), 1);
	assert_int_equal(seen, 0);
	/* shorter than its own header */
	n = put(buf, 0, 1326, "audit(1.2:3): pid=1", -(int)strlen("audit(1.2:3): pid=1") - 2);
	assert_int_equal(walk(buf, n), 1);
	assert_int_equal(seen, 0);
	/* a good one, then one that lies: the good one is read */
	n = put(buf, 0, 1326, "audit(1.2:3): pid=1", 0);
	n = put(buf, n, 1326, "audit(1.2:4): pid=2", 1 << 30);
	assert_int_equal(walk(buf, n), 1);
	assert_int_equal(seen, 1);
	/* a header cut short, and nothing at all */
	assert_int_equal(walk(buf, 7), 1);
	assert_int_equal(walk(buf, 0), 0);
	/* all ones: a length of 2^32 - 1 (libmnl's signed check lets it through) */
	memset(buf, 0xff, 64);
	assert_int_equal(walk(buf, 64), 1);
	assert_int_equal(seen, 0);
	/* and exactly 2^31 */
	n = put(buf, 0, 1326, "audit(1.2:3): pid=1", 0);
	((struct nlmsghdr *)buf)->nlmsg_len = 0x80000000U;
	assert_int_equal(walk(buf, n), 1);
	assert_int_equal(seen, 0);
}

static int stop_at_first(uint32_t type, const char *payload, size_t len, void *data)
{
	return 1;
}

static void test_callback_stops(void **state)
{
	char buf[512];
	size_t n = 0;
	uint64_t bad = 0;

	n = put(buf, n, 1326, "audit(1.2:3): pid=1", 0);
	n = put(buf, n, 1326, "audit(1.2:4): pid=2", 0);
	assert_int_equal(audit_datagram_each(buf, n, stop_at_first, NULL, &bad), 1);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_lengths_that_lie),
		cmocka_unit_test(test_callback_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
