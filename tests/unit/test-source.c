// SPDX-License-Identifier: LGPL-2.1-or-later
/* The source interface's waits: the watched descriptors are served while a source waits, whatever it is. */
#include <fcntl.h>
#include <unistd.h>

#include "os/clock.h"
#include "unit.h"
#include "source/source.h"

/* A source over a pipe: readable when something was written to it. */
struct pipe_source {
	struct source s;
	int fds[2];
	int waits;		/* calls of its own wait */
	bool has_fd;
};

static int ps_next(struct source *s, struct source_item *it)
{
	return 0;
}

static int ps_wait(struct source *s, int timeout_ms)
{
	struct pipe_source *p = (struct pipe_source *)s;
	char c;

	p->waits++;
	if (!p->has_fd && timeout_ms)
		usleep((useconds_t)timeout_ms * 1000);
	return read(p->fds[0], &c, 1) == 1;
}

static int ps_fd(struct source *s)
{
	return ((struct pipe_source *)s)->fds[0];
}

static void ps_close(struct source *s)
{
}

static const struct source_ops with_fd = { .next = ps_next, .wait = ps_wait, .close = ps_close, .fd = ps_fd };
static const struct source_ops without_fd = { .next = ps_next, .wait = ps_wait, .close = ps_close };

struct watched {
	int fds[2];
	int served;
};

static void serve(void *data)
{
	struct watched *w = data;
	char c;

	if (read(w->fds[0], &c, 1) == 1)
		w->served++;
}

static void open_both(struct pipe_source *p, struct watched *w, bool has_fd)
{
	memset(p, 0, sizeof(*p));
	memset(w, 0, sizeof(*w));
	p->s.ops = has_fd ? &with_fd : &without_fd;
	p->has_fd = has_fd;
	assert_int_equal(pipe2(p->fds, O_NONBLOCK), 0);
	assert_int_equal(pipe2(w->fds, O_NONBLOCK), 0);
	assert_int_equal(source_watch_add(&p->s, w->fds[0], serve, w), 0);
}

static void close_both(struct pipe_source *p, struct watched *w)
{
	close(p->fds[0]);
	close(p->fds[1]);
	close(w->fds[0]);
	close(w->fds[1]);
}

/* The watched descriptor is served during the wait, which then goes on until
 * the source itself has more (or the time is up). */
static void test_wait_serves_the_watched(void **state)
{
	struct pipe_source p;
	struct watched w;
	int64_t t0;
	int k;

	for (k = 0; k < 2; k++) {
		open_both(&p, &w, k == 1);
		assert_int_equal(write(w.fds[1], "ab", 2), 2);
		t0 = monotonic_ms();
		assert_int_equal(source_wait(&p.s, 150), 0);
		assert_true(monotonic_ms() - t0 >= 140);
		assert_int_equal(w.served, 2);
		assert_int_equal(write(p.fds[1], "x", 1), 1);
		assert_int_equal(source_wait(&p.s, 5000), 1);
		close_both(&p, &w);
	}
}

/* Serving alone lets the source's records gather: its own wait is not asked. */
static void test_serve_leaves_the_source(void **state)
{
	struct pipe_source p;
	struct watched w;
	int64_t t0 = monotonic_ms();

	open_both(&p, &w, true);
	assert_int_equal(write(p.fds[1], "x", 1), 1);
	assert_int_equal(write(w.fds[1], "a", 1), 1);
	source_serve(&p.s, t0 + 100);
	assert_true(monotonic_ms() - t0 >= 95);
	assert_int_equal(w.served, 1);
	assert_int_equal(p.waits, 0);
	close_both(&p, &w);
}

static void test_watch_limit(void **state)
{
	struct pipe_source p;
	struct watched w;
	size_t i;

	open_both(&p, &w, true);
	for (i = 1; i < SOURCE_WATCH_MAX; i++)
		assert_int_equal(source_watch_add(&p.s, w.fds[0], serve, &w), 0);
	assert_int_equal(source_watch_add(&p.s, w.fds[0], serve, &w), -ENOSPC);
	close_both(&p, &w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wait_serves_the_watched),
		cmocka_unit_test(test_serve_leaves_the_source),
		cmocka_unit_test(test_watch_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
