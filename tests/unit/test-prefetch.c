// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail's read-ahead thread: the same items in the same order as reading in one thread, stops, errors, its capabilities. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "os/clock.h"
#include "model/event.h"
#include "source/source.h"
#include "tail-prefetch.h"

/* A source of n SECCOMP records (with a PROCTITLE every 7th), a loss
 * every 1000th and a note every 1500th, then its last word; or, with a
 * pipe, one that waits on it before its first item. */
struct fake {
	struct source s;
	int n, i, end;
	int fd;			/* >= 0: read a byte from it first (blocks) */
	volatile bool waiting;	/* the thread is at that read */
	bool proctitle_next;
	int stage;		/* before the kth record: 0 a loss may come, 1 a note, 2 the record */
	char line[512], why[64];
	char thread_caps[64];	/* CapEff of the thread that read, as /proc said */
};

static void note_caps(struct fake *f)
{
	char line[64];
	FILE *st = fopen("/proc/thread-self/status", "r");

	assert_non_null(st);
	while (fgets(line, sizeof(line), st))
		if (strncmp(line, "CapEff:", 7) == 0)
			snprintf(f->thread_caps, sizeof(f->thread_caps), "%s", line + 7);
	fclose(st);
}

static int fake_next(struct source *s, struct source_item *it)
{
	struct fake *f = (struct fake *)s;
	int k, len;
	char c;

	if (f->i == 0 && !f->thread_caps[0])
		note_caps(f);
	f->waiting = true;
	if (f->fd >= 0 && read(f->fd, &c, 1) != 1)
		return -EIO;
	if (f->i >= f->n && !f->proctitle_next)
		return f->end;
	memset(it, 0, sizeof(*it));
	k = f->i;
	if (f->proctitle_next) {
		f->proctitle_next = false;
		len = snprintf(f->line, sizeof(f->line), "type=PROCTITLE msg=audit(1700000000.%03d:%d): proctitle=7800%02X",
			       (k - 1) % 1000, 1000 + k - 1, k % 256);
	} else if (f->stage == 0 && (f->stage = 1) && k % 1000 == 999) {
		snprintf(f->why, sizeof(f->why), "L%d records were lost", k);
		it->kind = ITEM_LOST;
		it->cause = "kernel_lost";
		it->lost = (uint64_t)k;
		it->lost_ms = -1;
		it->why = f->why;
		return 1;
	} else if (f->stage == 1 && (f->stage = 2) && k % 1500 == 1499) {
		snprintf(f->why, sizeof(f->why), "N%d rotated", k);
		it->kind = ITEM_NOTE;
		it->why = f->why;
		return 1;
	} else {
		f->stage = 0;
		len = snprintf(f->line, sizeof(f->line),
			       "type=SECCOMP msg=audit(1700000000.%03d:%d): auid=1000 uid=0 gid=0 ses=1 pid=%d "
			       "comm=\"t%d\" exe=\"/usr/bin/t\" sig=0 arch=c000003e syscall=%d compat=0 ip=0x1 "
			       "code=0x7ffc0000", k % 1000, 1000 + k, 100 + k, k, k % 300);
		f->i++;
		f->proctitle_next = k % 7 == 0;
	}
	assert_int_equal(record_parse_line(f->line, (size_t)len, &it->rec), 0);
	it->kind = ITEM_RECORD;
	it->text = f->line;
	it->text_len = (size_t)len;
	return 1;
}

static void fake_close(struct source *s)
{
}

static const struct source_ops fake_ops = { .next = fake_next, .close = fake_close };

static void fake_init(struct fake *f, int n, int end, int fd)
{
	memset(f, 0, sizeof(*f));
	f->s.ops = &fake_ops;
	f->s.kind = SOURCE_FILE;
	f->s.where = "fake";
	f->n = n;
	f->end = end;
	f->fd = fd;
}

/* What a reader saw, one line per item. */
struct seen {
	char *text;
	size_t len, cap;
};

static void say(struct seen *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (w->len + (size_t)n + 1 > w->cap) {
		w->cap = (w->len + (size_t)n + 1) * 2;
		assert_non_null(w->text = realloc(w->text, w->cap));
	}
	memcpy(w->text + w->len, buf, (size_t)n + 1);
	w->len += (size_t)n;
}

static void saw_event(struct event *e, void *data)
{
	say(data, "E %llu %lld %lld %s %.*s %.*s|%u\n", (unsigned long long)e->serial, (long long)e->pid,
	    (long long)e->syscall, e->syscall_name ? e->syscall_name : "-", (int)e->comm.len, event_str(e, e->comm),
	    span_has(e->proctitle) ? (int)e->proctitle.len : 0, span_has(e->proctitle) ? event_str(e, e->proctitle) : "",
	    e->used);
}

static void saw_item(struct seen *w, const struct source_item *it)
{
	say(w, "%c %s %s %llu\n", it->kind == ITEM_LOST ? 'L' : 'N', it->why, it->cause ? it->cause : "-",
	    (unsigned long long)it->lost);
}

/* Reading in one thread, as tail's run_loop does. */
static int read_direct(struct fake *f, struct seen *w)
{
	struct assembler a;
	struct source_item it;
	int r;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, saw_event, w), 0);
	while ((r = source_next(&f->s, &it)) > 0) {
		if (it.kind == ITEM_RECORD)
			assembler_feed(&a, &it.rec, it.text, it.text_len);
		else
			saw_item(w, &it);
	}
	assembler_flush(&a);
	assembler_free(&a);
	return r;
}

static volatile sig_atomic_t interrupted;

static int read_ahead(struct fake *f, struct seen *w, int *end)
{
	struct prefetch p;
	struct assembler a;
	struct pf_item item;
	int r;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, saw_event, w), 0);
	assert_int_equal(prefetch_start(&p, &f->s, &a, &interrupted), 0);
	prefetch_go(&p);
	while ((r = prefetch_next(&p, &item, end)) > 0) {
		if (item.kind == PF_EVENT)
			saw_event(item.e, w);
		else
			saw_item(w, &item.it);
	}
	assert_int_equal(prefetch_stop(&p), 0);
	/* the assembler's own emit is back */
	assert_ptr_equal(a.emit, saw_event);
	assert_ptr_equal(a.data, w);
	assembler_free(&a);
	return r;
}

/* 30,000 events (many batches, more than are ever made: the thread waits
 * for the printer), losses and notes between them: the same, in order. */
static void test_same_as_direct(void **state)
{
	struct seen one = { 0 }, two = { 0 };
	struct fake f;
	int end = 1;

	fake_init(&f, 30000, 0, -1);
	assert_int_equal(read_direct(&f, &one), 0);
	fake_init(&f, 30000, 0, -1);
	assert_int_equal(read_ahead(&f, &two, &end), 0);
	assert_int_equal(end, 0);
	assert_true(one.len > 30000 * 20);
	assert_non_null(strstr(one.text, "L999 records were lost kernel_lost 999\n"));
	assert_non_null(strstr(one.text, "N1499 rotated -"));
	assert_int_equal(one.len, two.len);
	assert_memory_equal(one.text, two.text, one.len);
	free(one.text);
	free(two.text);
}

/* The source's error comes after every event read before it. */
static void test_error_after_events(void **state)
{
	struct seen one = { 0 }, two = { 0 };
	struct fake f;
	int end = 0;

	fake_init(&f, 2500, -EIO, -1);
	assert_int_equal(read_direct(&f, &one), -EIO);
	fake_init(&f, 2500, -EIO, -1);
	assert_int_equal(read_ahead(&f, &two, &end), 0);
	assert_int_equal(end, -EIO);
	assert_int_equal(one.len, two.len);
	assert_memory_equal(one.text, two.text, one.len);
	free(one.text);
	free(two.text);
}

/* Stopped half-way: the thread ends, nothing leaks (ASan), the emit is back. */
static void test_stop_early(void **state)
{
	struct seen w = { 0 };
	struct prefetch p;
	struct assembler a;
	struct pf_item item;
	struct fake f;
	int i, end;

	fake_init(&f, 50000, 0, -1);
	assert_int_equal(assembler_init(&a, SOURCE_FILE, saw_event, &w), 0);
	assert_int_equal(prefetch_start(&p, &f.s, &a, &interrupted), 0);
	prefetch_go(&p);
	for (i = 0; i < 100; i++)
		assert_int_equal(prefetch_next(&p, &item, &end), 1);
	assert_int_equal(prefetch_stop(&p), 0);
	assert_true(f.i < 50000);
	assert_ptr_equal(a.emit, saw_event);
	assembler_free(&a);
	free(w.text);
}

/* A read that waits on another process: the caller's flag ends the wait
 * for items, the stop says the thread would not end (-EBUSY, after about a
 * second), and once the read returns a stop ends it. The thread holds no
 * capability while it reads. */
static void test_interrupt_and_busy(void **state)
{
	struct seen w = { 0 };
	struct prefetch p;
	struct assembler a;
	struct pf_item item;
	struct fake f;
	int fds[2], end;
	int64_t t;

	assert_int_equal(pipe(fds), 0);
	fake_init(&f, 10, 0, fds[0]);
	assert_int_equal(assembler_init(&a, SOURCE_FILE, saw_event, &w), 0);
	interrupted = 0;
	assert_int_equal(prefetch_start(&p, &f.s, &a, &interrupted), 0);
	prefetch_go(&p);
	while (!f.waiting)
		usleep(1000);
	usleep(20000);
	interrupted = 1;
	assert_int_equal(prefetch_next(&p, &item, &end), -EINTR);
	t = monotonic_ms();
	assert_int_equal(prefetch_stop(&p), -EBUSY);
	assert_true(monotonic_ms() - t >= 900);
	/* the thread's first read: it dropped what this process holds (a test
	 * run as root holds CAP_SYS_ADMIN and the rest) */
	assert_int_equal(write(fds[1], "x", 1), 1);
	assert_int_equal(prefetch_stop(&p), 0);
	assert_string_equal(f.thread_caps, "\t0000000000000000\n");
	interrupted = 0;
	close(fds[0]);
	close(fds[1]);
	assembler_free(&a);
	free(w.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_direct),
		cmocka_unit_test(test_error_after_events),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_interrupt_and_busy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
