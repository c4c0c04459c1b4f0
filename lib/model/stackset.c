// SPDX-License-Identifier: LGPL-2.1-or-later
/* The host's seccomp filters, each distinct one once, with the threads that run each stack. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/array.h"
#include "model/hashtab.h"
#include "model/stackset.h"

void stackset_init(struct stackset *s)
{
	memset(s, 0, sizeof(*s));
}

void stackset_free(struct stackset *s)
{
	size_t i, k;

	for (i = 0; i < s->nprogs; i++) {
		free(s->progs[i]->insns);
		free(s->progs[i]);
	}
	for (i = 0; i < s->nstacks; i++) {
		for (k = 0; k < s->stacks[i].ntasks; k++)
			free(s->stacks[i].tasks[k].exe), free(s->stacks[i].tasks[k].cgroup);
		free(s->stacks[i].tasks);
	}
	free(s->progs);
	free(s->stacks);
	free(s->misses);
	free(s->strict);
	memset(s, 0, sizeof(*s));
}

static bool same_prog(const struct filter_prog *a, const struct filter_prog *b)
{
	return a->digest == b->digest && a->n == b->n && a->log == b->log &&
	       memcmp(a->insns, b->insns, a->n * sizeof(*a->insns)) == 0;
}

/* The set's copy of f: an existing one (f's instructions freed), or f's. */
static const struct filter_prog *intern(struct stackset *s, struct filter_prog *f)
{
	struct filter_prog *copy;
	size_t i;

	for (i = 0; i < s->nprogs; i++)
		if (same_prog(s->progs[i], f)) {
			free(f->insns);
			f->insns = NULL;
			return s->progs[i];
		}
	if (array_grow((void **)&s->progs, &s->capp, s->nprogs, sizeof(*s->progs)) < 0 || !(copy = malloc(sizeof(*copy)))) {
		s->err = -ENOMEM;
		free(f->insns);
		f->insns = NULL;
		return NULL;
	}
	*copy = *f;
	f->insns = NULL;
	s->progs[s->nprogs++] = copy;
	return copy;
}

void stackset_add(struct stackset *s, const struct stack_task *t, struct filter_prog *f, size_t n)
{
	struct filter_stack st = { 0 };
	struct stack_entry *e = NULL;
	uint64_t h = HASH_INIT;
	size_t i, k;

	for (i = 0; i < n && i < STACK_FILTERS_MAX; i++) {
		if (!(st.f[i] = intern(s, &f[i])))
			return;
		h = hash_u64(h, st.f[i]->digest ^ st.f[i]->log);
	}
	st.n = i;
	for (i = 0; i < s->nstacks; i++) {
		if (s->stacks[i].stack.n != st.n)
			continue;
		for (k = 0; k < st.n && s->stacks[i].stack.f[k] == st.f[k]; k++)
			;
		if (k == st.n) {
			e = &s->stacks[i];
			break;
		}
	}
	if (!e) {
		if (array_grow((void **)&s->stacks, &s->caps, s->nstacks, sizeof(*s->stacks)) < 0) {
			s->err = -ENOMEM;
			return;
		}
		e = &s->stacks[s->nstacks++];
		memset(e, 0, sizeof(*e));
		e->stack = st;
		snprintf(e->id, sizeof(e->id), "%016llx", (unsigned long long)h);
	}
	if (array_grow((void **)&e->tasks, &e->cap, e->ntasks, sizeof(*e->tasks)) < 0) {
		s->err = -ENOMEM;
		return;
	}
	e->tasks[e->ntasks] = *t;
	e->tasks[e->ntasks].cgroup = NULL;
	if (!(e->tasks[e->ntasks].exe = strdup(t->exe ? t->exe : "")) ||
	    !(e->tasks[e->ntasks].cgroup = strdup(t->cgroup ? t->cgroup : ""))) {
		free(e->tasks[e->ntasks].exe);
		s->err = -ENOMEM;
		return;
	}
	for (k = 0; k < e->ntasks && e->tasks[k].pid != t->pid; k++)
		;
	e->nprocs += k == e->ntasks;
	e->ntasks++;
	if (t->stop_ns > s->max_stop_ns) {
		s->max_stop_ns = t->stop_ns;
		s->max_stop_pid = t->pid;
	}
}

static void add_miss(struct stack_miss **arr, size_t *n, size_t *cap, int *err, pid_t pid, pid_t tid,
		     const char *comm, int e)
{
	if (array_grow((void **)arr, cap, *n, sizeof(**arr)) < 0) {
		*err = -ENOMEM;
		return;
	}
	(*arr)[*n] = (struct stack_miss){ .pid = pid, .tid = tid, .err = e };
	snprintf((*arr)[*n].comm, sizeof((*arr)[*n].comm), "%s", comm ? comm : "");
	(*n)++;
}

void stackset_miss(struct stackset *s, pid_t pid, pid_t tid, const char *comm, int err)
{
	add_miss(&s->misses, &s->nmisses, &s->capm, &s->err, pid, tid, comm, err);
}

void stackset_strict(struct stackset *s, pid_t pid, pid_t tid, const char *comm)
{
	add_miss(&s->strict, &s->nstrict, &s->capst, &s->err, pid, tid, comm, 0);
}

const struct stack_entry *stackset_of_pid(const struct stackset *s, pid_t pid)
{
	size_t i, k;

	for (i = 0; i < s->nstacks; i++)
		for (k = 0; k < s->stacks[i].ntasks; k++)
			if (s->stacks[i].tasks[k].pid == pid)
				return &s->stacks[i];
	return NULL;
}

int stackset_each_fixed(const struct stackset *s, void (*fn)(const struct stack_fixed *d, void *data),
			void (*done)(const struct stack_entry *e, void *data), void *data)
{
	size_t i, a, g;

	for (i = 0; i < s->nstacks; i++) {
		const struct stack_entry *e = &s->stacks[i];
		struct arch_view *views = stack_views(&e->stack);

		if (!views)
			return -ENOMEM;
		for (a = 0; a < arch_count(); a++) {
			const struct arch_view *v = &views[a];
			size_t n = v->uniform ? 1 : v->ngroups;

			for (g = 0; g < n; g++) {
				int match = v->uniform ? v->all.match : v->groups[g].match;
				struct stack_fixed d = {
					.e = e, .v = v, .ret = v->uniform ? v->all.ret : v->groups[g].ret,
					.flag = match >= 0 && e->stack.f[match]->log, .count = v->uniform ? 0 : v->groups[g].n,
					.first = v->uniform ? -1 : v->groups[g].nrs[0],
				};

				fn(&d, data);
			}
		}
		stack_views_free(views);
		if (done)
			done(e, data);
	}
	return 0;
}

struct tally_ctx {
	const struct action_vocab *v;
	action_set logged;
	struct action_tally *tally;
	bool seen[ACTIONS_MAX], seen_logged[ACTIONS_MAX], seen_flagless[ACTIONS_MAX];
};

static void tally_one(const struct stack_fixed *d, void *data)
{
	struct tally_ctx *c = data;
	size_t idx = (size_t)(action_of_ret(d->ret) - action_table);

	c->seen[idx] = true;
	c->seen_logged[idx] |= decision_logged(c->v, c->logged, d->ret, d->flag);
	c->seen_flagless[idx] |= !d->flag;
}

static void tally_stack(const struct stack_entry *e, void *data)
{
	struct tally_ctx *c = data;
	size_t a;

	for (a = 0; a < ACTIONS_MAX; a++) {
		if (c->seen[a]) {
			c->tally[a].stacks++;
			c->tally[a].processes += e->nprocs;
			c->tally[a].logged_stacks += c->seen_logged[a];
			c->tally[a].logged_processes += c->seen_logged[a] ? e->nprocs : 0;
			c->tally[a].flagless_stacks += c->seen_flagless[a];
		}
		c->seen[a] = c->seen_logged[a] = c->seen_flagless[a] = false;
	}
}

int stackset_tally(const struct stackset *s, const struct action_vocab *v, action_set logged,
		   struct action_tally tally[ACTIONS_MAX])
{
	struct tally_ctx c = { .v = v, .logged = logged, .tally = tally };

	memset(tally, 0, ACTIONS_MAX * sizeof(*tally));
	return stackset_each_fixed(s, tally_one, tally_stack, &c);
}
