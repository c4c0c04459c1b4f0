// SPDX-License-Identifier: LGPL-2.1-or-later
/* Source bpf: every seccomp decision as the kernel makes it, logged or not (os/observer.c). */
#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "model/actions.h"
#include "model/array.h"
#include "model/hashtab.h"
#include "model/verdict.h"
#include "os/cgroupid.h"
#include "os/clock.h"
#include "os/log.h"
#include "os/observer.h"
#include "os/procfs.h"
#include "os/sysctl.h"
#include "source/source.h"

/* actions_logged is read again this often: `logged` is judged by it */
#define LOGGED_REREAD_MS 1000

struct bpf_source {
	struct source s;
	struct observer *obs;
	struct obs_event *q;	/* read from the ring, not yet handed out */
	size_t qn, qhead, qcap;
	int qerr;
	struct decision_seen cur;
	char comm[OBS_COMM_LEN + 1];
	char exe[PATH_MAX];
	struct action_vocab vocab;
	bool vocab_known, logged_known;
	action_set logged;
	int64_t logged_read_ms;
	bool audit_off;		/* booted with audit=0: nothing is ever logged */
	struct cgroup_ids *cgroups;
	struct htab exes;	/* of struct known_exe: what the events told, for the counts */
	uint64_t stats[OBS_STAT_MAX];
	bool final_done;
	char why[512];
};

/* A process's executable as an event found it, by the count map's key. */
struct known_exe {
	uint64_t cgroup;
	char comm[OBS_COMM_LEN];
	char *exe;
};

struct exe_key {
	uint64_t cgroup;
	const char *comm;
};

static uint64_t exe_hash_of(uint64_t cgroup, const char *comm)
{
	return hash_bytes(hash_u64(HASH_INIT, cgroup), comm, OBS_COMM_LEN);
}

static uint64_t exe_hash(const void *entry)
{
	const struct known_exe *k = entry;

	return exe_hash_of(k->cgroup, k->comm);
}

static bool exe_eq(const void *entry, const void *key)
{
	const struct known_exe *k = entry;
	const struct exe_key *q = key;

	return k->cgroup == q->cgroup && memcmp(k->comm, q->comm, OBS_COMM_LEN) == 0;
}

static void exe_remember(struct bpf_source *b, uint64_t cgroup, const char comm[OBS_COMM_LEN], const char *exe)
{
	struct exe_key q = { cgroup, comm };
	struct known_exe *k;
	bool found;
	char *copy;

	if (b->exes.n >= 65536 || !(k = htab_insert(&b->exes, exe_hash_of(cgroup, comm), exe_eq, &q, &found)))
		return;
	if (found) {
		if (strcmp(k->exe, exe) == 0 || !(copy = strdup(exe)))
			return;
		free(k->exe);
		k->exe = copy;
		return;
	}
	k->cgroup = cgroup;
	memcpy(k->comm, comm, OBS_COMM_LEN);
	if (!(k->exe = strdup(exe)))
		k->exe = strdup("");
}

static const char *exe_known(struct bpf_source *b, uint64_t cgroup, const char comm[OBS_COMM_LEN])
{
	struct exe_key q = { cgroup, comm };
	struct known_exe *k = htab_find(&b->exes, exe_hash_of(cgroup, comm), exe_eq, &q);

	return k && k->exe && k->exe[0] ? k->exe : NULL;
}

static void enqueue(const struct obs_event *e, void *data)
{
	struct bpf_source *b = data;

	if (ARRAY_GROW(b->q, b->qcap, b->qn) < 0) {
		b->qerr = -ENOMEM;
		return;
	}
	b->q[b->qn++] = *e;
}

static void read_logged(struct bpf_source *b)
{
	int64_t now = monotonic_ms();

	if (b->logged_read_ms && now - b->logged_read_ms < LOGGED_REREAD_MS)
		return;
	b->logged_read_ms = now;
	if (!b->vocab_known)
		b->vocab_known = seccomp_read_avail(SYSCTL_ROOT, &b->vocab) == 0;
	b->logged_known = b->vocab_known && seccomp_read_logged(SYSCTL_ROOT, &b->vocab, &b->logged) == 0;
}

/* The action the kernel side's kind stands for, and whether it is the only one it can be. */
static uint32_t code_of(uint16_t kind, uint16_t flags, uint32_t data, bool *certain, uint32_t *other)
{
	*certain = true;
	*other = 0;
	switch (kind) {
	case OBS_ERRNO:
		/* a listener's answer, and trace without a tracer (ENOSYS), look
		 * like errno; a stack with a listener most likely used it */
		if (flags & OBSF_NOTIF) {
			*certain = false;
			*other = SECCOMP_RET_ERRNO;
			return SECCOMP_RET_USER_NOTIF;
		}
		if (flags & OBSF_TRACED || data == ENOSYS) {
			*certain = false;
			*other = SECCOMP_RET_TRACE;
		}
		return SECCOMP_RET_ERRNO | (data & SECCOMP_RET_DATA);
	case OBS_SKIPPED:
		*certain = false;
		if (flags & OBSF_NOTIF && flags & OBSF_TRACED)
			*other = SECCOMP_RET_TRACE;
		return flags & OBSF_NOTIF ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_TRACE;
	case OBS_TRAP:
		return SECCOMP_RET_TRAP | (data & SECCOMP_RET_DATA);
	case OBS_KILL_THREAD:
		return SECCOMP_RET_KILL_THREAD;
	case OBS_KILL_PROCESS:
		return SECCOMP_RET_KILL_PROCESS;
	default:
		return ACTION_CODE_KILL_EITHER;
	}
}

static int flag_log_of(uint16_t flags)
{
	return flags & OBSF_LOG_ALL ? 1 : flags & OBSF_LOG_ANY ? -1 : 0;
}

static void judge_logged(struct bpf_source *b, uint16_t flags, uint32_t code, uint32_t other)
{
	read_logged(b);
	if (b->audit_off) {
		b->cur.logged = 0;
		b->cur.not_logged = "the kernel was booted with audit=0: it logs nothing";
	} else if (!b->logged_known) {
		b->cur.logged = -1;
		b->cur.not_logged = "actions_logged could not be read";
	} else {
		b->cur.logged = seen_logged(&b->vocab, b->logged, code, other, flag_log_of(flags), &b->cur.not_logged);
	}
}

/* What an event and a count key share: the call, the action, the process's
 * name, the cgroup, and whether the kernel logged it. */
static void seen_common(struct bpf_source *b, struct decision_seen *s, uint32_t arch, int32_t nr, uint16_t kind,
			uint16_t flags, uint32_t data, const char comm[OBS_COMM_LEN], uint64_t cgroup)
{
	uint32_t other;

	s->arch = arch;
	s->syscall = nr;
	s->compat = arch == AUDIT_ARCH_I386 || (nr >= 0 && (nr & 0x40000000));
	s->code = code_of(kind, flags, data, &s->certain, &other);
	s->other = other;
	s->flag_log = flag_log_of(flags);
	s->sig = kind >= OBS_TRAP ? 31 : 0;
	memcpy(b->comm, comm, OBS_COMM_LEN);
	b->comm[OBS_COMM_LEN] = '\0';
	s->comm = b->comm;
	s->comm_len = strnlen(b->comm, OBS_COMM_LEN);
	s->cgroup_id = cgroup;
	s->cgroup = cgroup_ids_path(b->cgroups, cgroup);
	judge_logged(b, flags, s->code, other);
}

static void to_seen(struct bpf_source *b, const struct obs_event *e)
{
	struct decision_seen *s = &b->cur;
	int64_t ms;
	int n;

	memset(s, 0, sizeof(*s));
	ms = boottime_to_realtime_ms((int64_t)(e->boot_ns / 1000000));
	s->sec = (uint64_t)(ms / 1000);
	s->msec = (uint32_t)(ms % 1000);
	s->pid = e->pid;
	s->tid = e->tid;
	s->uid = e->uid;
	s->gid = e->gid;
	s->auid = e->auid;
	s->ses = e->ses;
	seen_common(b, s, e->arch, e->nr, e->kind, e->flags, e->data, e->comm, e->cgroup);
	s->ret = e->ret;
	s->ip = e->ip;
	memcpy(s->args, e->args, sizeof(s->args));
	s->filters = e->filters;
	/* the kernel's walk, as it was at the decision; else /proc, if the
	 * process is still there */
	if (e->exe_whole && e->exe_off < OBS_EXE_ROOM) {
		n = OBS_EXE_ROOM - e->exe_off;
		memcpy(b->exe, e->exe + e->exe_off, (size_t)n);
		b->exe[n] = '\0';
	} else {
		n = proc_exe("/proc", (pid_t)e->pid, b->exe, sizeof(b->exe));
	}
	if (n >= 0)
		exe_remember(b, e->cgroup, e->comm, b->exe);
	s->exe = n >= 0 ? b->exe : exe_known(b, e->cgroup, e->comm);
	s->exe_len = s->exe ? strlen(s->exe) : 0;
}

static int bpf_next(struct source *src, struct source_item *it)
{
	struct bpf_source *b = (struct bpf_source *)src;
	int r;

	if (b->qhead == b->qn) {
		b->qhead = b->qn = 0;
		if ((r = observer_read(b->obs, enqueue, b)) < 0)
			return r;
		if (b->qerr)
			return b->qerr;
		if (!b->qn)
			return 0;
	}
	to_seen(b, &b->q[b->qhead++]);
	memset(it, 0, sizeof(*it));
	it->kind = ITEM_DECISION;
	it->seen = &b->cur;
	return 1;
}

static int bpf_fd(struct source *src)
{
	return observer_fd(((struct bpf_source *)src)->obs);
}

/* At the end: how many decisions there were, and how many were shown one by one. */
static int bpf_final(struct source *src, struct source_item *it)
{
	struct bpf_source *b = (struct bpf_source *)src;
	uint64_t *st = b->stats;
	int r;

	if (b->final_done)
		return 0;
	b->final_done = true;
	if ((r = observer_stats(b->obs, st)) < 0)
		return r;
	memset(it, 0, sizeof(*it));
	it->kind = ITEM_NOTE;
	snprintf(b->why, sizeof(b->why),
		 "%llu decisions seen, %llu passed up one by one, %llu held back over the rate and %llu for a full "
		 "ring buffer (counted, not shown one by one)%s",
		 (unsigned long long)st[OBS_STAT_DECISIONS], (unsigned long long)st[OBS_STAT_SENT],
		 (unsigned long long)st[OBS_STAT_HELD_BACK], (unsigned long long)st[OBS_STAT_RING_FULL],
		 st[OBS_STAT_COUNTS_FULL] ? "; the count map was full: some are in the total only" : "");
	it->why = b->why;
	return 1;
}

_Static_assert(sizeof(struct obs_key) <= SOURCE_TALLY_KEY_MAX, "a count key's identity fits SOURCE_TALLY_KEY_MAX");

struct tally_ctx {
	struct bpf_source *b;
	void (*fn)(const struct decision_seen *s, uint64_t n, void *data);
	void *data;
};

static void one_count(const struct obs_key *k, uint64_t n, void *data)
{
	struct tally_ctx *c = data;
	struct decision_seen *s = &c->b->cur;
	int64_t now = realtime_ms();

	memset(s, 0, sizeof(*s));
	s->sec = (uint64_t)now / 1000;
	s->msec = (uint32_t)(now % 1000);
	s->pid = s->tid = s->uid = s->gid = s->auid = s->ses = -1;
	seen_common(c->b, s, k->arch, k->nr, k->kind, k->flags, k->data, k->comm, k->cgroup);
	s->exe = exe_known(c->b, k->cgroup, k->comm);
	s->exe_len = s->exe ? strlen(s->exe) : 0;
	s->key = k;
	s->key_len = sizeof(*k);
	c->fn(s, n, c->data);
}

static int bpf_tally(struct source *src, void (*fn)(const struct decision_seen *s, uint64_t n, void *data), void *data)
{
	struct tally_ctx c = { (struct bpf_source *)src, fn, data };

	return observer_each_count(c.b->obs, one_count, &c);
}

static void bpf_close(struct source *src)
{
	struct bpf_source *b = (struct bpf_source *)src;

	struct known_exe *k;
	size_t i = 0;

	observer_close(b->obs);
	cgroup_ids_free(b->cgroups);
	while ((k = htab_next(&b->exes, &i)))
		free(k->exe);
	htab_free(&b->exes);
	free(b->q);
	free(b);
}

static const struct source_ops bpf_ops = {
	.next = bpf_next, .final = bpf_final, .close = bpf_close, .fd = bpf_fd, .tally = bpf_tally,
};

int source_bpf_open(struct source **out, const struct source_opts *o)
{
	struct bpf_source *b;
	char why[512];
	int r;

	if (!(b = calloc(1, sizeof(*b))))
		return -ENOMEM;
	b->s.ops = &bpf_ops;
	b->s.kind = SOURCE_BPF;
	b->s.where = "the kernel's seccomp decisions (BPF)";
	if ((r = observer_open(&b->obs, o->counts_only ? 0 : o->rate ? o->rate : OBSERVER_RATE_DEFAULT, why,
				 sizeof(why))) < 0) {
		p_err("%s", why);
		free(b);
		return r;
	}
	if (!(b->cgroups = cgroup_ids_new()) ||
	    htab_init(&b->exes, sizeof(struct known_exe), 64, exe_hash) < 0) {
		bpf_close(&b->s);
		return -ENOMEM;
	}
	b->audit_off = proc_cmdline_has("/proc", "audit=0") == 1;
	read_logged(b);
	*out = &b->s;
	return 0;
}
