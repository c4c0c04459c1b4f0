// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/pidtree.h"

enum { PID_ALIVE = 1, PID_EXITED, PID_STRANGER };

int pidtree_init(struct pidtree *t, pid_t self, pid_t exclude)
{
	memset(t, 0, sizeof(*t));
	t->self = self;
	t->exclude = exclude;
	t->cap = 256;
	t->slots = calloc(t->cap, sizeof(*t->slots));
	return t->slots ? 0 : -ENOMEM;
}

void pidtree_free(struct pidtree *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->n = 0;
}

static size_t hash(pid_t pid, size_t cap)
{
	return ((uint32_t)pid * 2654435761u) & (cap - 1);
}

static struct pidtree_slot *find(const struct pidtree *t, pid_t pid)
{
	size_t i = hash(pid, t->cap);

	while (t->slots[i].pid && t->slots[i].pid != pid)
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static int grow(struct pidtree *t)
{
	struct pidtree_slot *old = t->slots;
	size_t oldcap = t->cap, i;

	t->slots = calloc(oldcap * 2, sizeof(*t->slots));
	if (!t->slots) {
		t->slots = old;
		return -ENOMEM;
	}
	t->cap = oldcap * 2;
	for (i = 0; i < oldcap; i++)
		if (old[i].pid)
			*find(t, old[i].pid) = old[i];
	free(old);
	return 0;
}

static void set(struct pidtree *t, pid_t pid, uint8_t state)
{
	struct pidtree_slot *s;

	if (pid <= 0)
		return;
	if ((t->n + 1) * 4 > t->cap * 3 && grow(t) < 0) {
		t->err = -ENOMEM;
		return;
	}
	s = find(t, pid);
	if (!s->pid) {
		s->pid = pid;
		t->n++;
	}
	s->state = state;
}

int pidtree_add(struct pidtree *t, pid_t pid)
{
	set(t, pid, PID_ALIVE);
	return t->err;
}

bool pidtree_has(const struct pidtree *t, pid_t pid)
{
	const struct pidtree_slot *s = find(t, pid);

	return s->pid && s->state != PID_STRANGER;
}

void pidtree_fork(struct pidtree *t, pid_t parent, pid_t child)
{
	const struct pidtree_slot *c;
	bool ours = (pidtree_has(t, parent) || (parent == t->self && child != t->exclude)) && child != parent;

	if (ours) {
		set(t, child, PID_ALIVE);
		return;
	}
	if (child == parent)
		return;		/* a thread */
	c = find(t, child);
	if (c->pid && c->state == PID_EXITED) {
		/* a stranger got the pid of one of ours that has gone */
		t->reused++;
		set(t, child, PID_STRANGER);
	}
}

void pidtree_exit(struct pidtree *t, pid_t tgid)
{
	struct pidtree_slot *s = find(t, tgid);

	if (s->pid && s->state == PID_ALIVE)
		s->state = PID_EXITED;
}

size_t pidtree_alive(const struct pidtree *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		n += t->slots[i].pid && t->slots[i].state == PID_ALIVE;
	return n;
}
