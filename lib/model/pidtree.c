// SPDX-License-Identifier: LGPL-2.1-or-later
/* The processes a command started, in a hash table of pids (see pidtree.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/pidtree.h"

enum { PID_ALIVE = 1, PID_EXITED, PID_STRANGER };

struct pidtree_proc {
	pid_t pid;
	uint8_t state;
};

static uint64_t pid_hash(pid_t pid)
{
	return hash_u64(HASH_INIT, (uint64_t)(uint32_t)pid);
}

static uint64_t proc_hash(const void *entry)
{
	return pid_hash(((const struct pidtree_proc *)entry)->pid);
}

static bool pid_eq(const void *entry, const void *key)
{
	return ((const struct pidtree_proc *)entry)->pid == *(const pid_t *)key;
}

int pidtree_init(struct pidtree *t, pid_t self, pid_t exclude)
{
	memset(t, 0, sizeof(*t));
	t->self = self;
	t->exclude = exclude;
	return htab_init(&t->procs, sizeof(struct pidtree_proc), 256, proc_hash);
}

void pidtree_free(struct pidtree *t)
{
	htab_free(&t->procs);
	t->n = 0;
}

static struct pidtree_proc *find(const struct pidtree *t, pid_t pid)
{
	return htab_find(&t->procs, pid_hash(pid), pid_eq, &pid);
}

static void set(struct pidtree *t, pid_t pid, uint8_t state)
{
	struct pidtree_proc *p;
	bool found;

	if (pid <= 0)
		return;
	if (!(p = htab_insert(&t->procs, pid_hash(pid), pid_eq, &pid, &found))) {
		t->err = -ENOMEM;
		return;
	}
	if (!found) {
		p->pid = pid;
		t->n++;
	}
	p->state = state;
}

int pidtree_add(struct pidtree *t, pid_t pid)
{
	set(t, pid, PID_ALIVE);
	return t->err;
}

bool pidtree_has(const struct pidtree *t, pid_t pid)
{
	const struct pidtree_proc *p = find(t, pid);

	return p && p->state != PID_STRANGER;
}

void pidtree_fork(struct pidtree *t, pid_t parent, pid_t child)
{
	const struct pidtree_proc *c;
	bool ours = (pidtree_has(t, parent) || (parent == t->self && child != t->exclude)) && child != parent;

	if (ours) {
		set(t, child, PID_ALIVE);
		return;
	}
	if (child == parent)
		return;		/* a thread */
	c = find(t, child);
	if (c && c->state == PID_EXITED) {
		/* a stranger got the pid of one of ours that has gone */
		t->reused++;
		set(t, child, PID_STRANGER);
	}
}

void pidtree_exit(struct pidtree *t, pid_t tgid)
{
	struct pidtree_proc *p = find(t, tgid);

	if (p && p->state == PID_ALIVE)
		p->state = PID_EXITED;
}

size_t pidtree_alive(const struct pidtree *t)
{
	const struct pidtree_proc *p;
	size_t i = 0, n = 0;

	while ((p = htab_next(&t->procs, &i)))
		n += p->state == PID_ALIVE;
	return n;
}
