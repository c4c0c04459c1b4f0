// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a stack of seccomp filters decides, per arch and system call, and which of it the kernel logs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/array.h"
#include "model/hashtab.h"
#include "model/verdict.h"

uint64_t filter_digest(const struct bpf_insn *p, size_t n)
{
	uint64_t h = hash_u64(HASH_INIT, n);
	size_t i;

	for (i = 0; i < n; i++)
		h = hash_u64(h, (uint64_t)p[i].code | (uint64_t)p[i].jt << 16 | (uint64_t)p[i].jf << 24 |
				(uint64_t)p[i].k << 32);
	return h;
}

/* The kernel's order: ACTION_ONLY() as a signed value, lowest wins. */
static int32_t rank(uint32_t ret)
{
	return (int32_t)(ret & SECCOMP_RET_ACTION_FULL);
}

/* What the stack decides for nr on arch (flags BPF_ANY_NR: for every number
 * alike), as the kernel runs it: every filter, newest first, a strictly
 * lower action taking over. *beaten: a filter whose value depends on what
 * is not known (arguments; the number) has a way that beats the rest.
 * false when a filter cannot be evaluated (d->why says why). */
static bool run_stack(const struct filter_stack *s, uint32_t arch, uint32_t nr, unsigned flags, struct decision *d,
		      bool *beaten)
{
	struct bpf_result result;	/* 50 KB, on the stack: no state outlives a call */
	bool conditional = false;
	size_t i, k;

	d->kind = DEC_FIXED;
	d->ret = SECCOMP_RET_ALLOW;	/* the kernel starts from allow */
	d->match = -1;
	d->why = NULL;
	*beaten = false;
	for (i = s->n; i-- > 0;) {
		const struct filter_prog *f = s->f[i];

		if (!f->checked) {
			d->why = "a filter the kernel's checks would refuse";
			return false;
		}
		bpf_eval(f->insns, f->n, nr, arch, flags, &result);
		if (!result.known) {
			d->why = result.why;
			return false;
		}
		if (result.conditional) {
			conditional = true;
			continue;
		}
		if (rank(result.ret) < rank(d->ret)) {
			d->ret = result.ret;
			d->match = (int)i;
		}
	}
	/* a conditional filter matters only where one of its ways beats the rest */
	for (i = s->n; conditional && !*beaten && i-- > 0;) {
		bpf_eval(s->f[i]->insns, s->f[i]->n, nr, arch, flags, &result);
		for (k = 0; result.conditional && k < result.npaths; k++)
			if (rank(result.paths[k].ret) < rank(d->ret))
				*beaten = true;
	}
	return true;
}

void stack_decide(const struct filter_stack *s, uint32_t arch, uint32_t nr, struct decision *d)
{
	bool beaten;

	if (!run_stack(s, arch, nr, 0, d, &beaten))
		d->kind = DEC_UNKNOWN;
	else if (beaten)
		d->kind = DEC_ARGS;
}

bool stack_uniform(const struct filter_stack *s, uint32_t arch, struct decision *d)
{
	bool beaten;

	return run_stack(s, arch, 0, BPF_ANY_NR, d, &beaten) && !beaten;
}

bool stack_reads_arch(const struct filter_stack *s)
{
	struct bpf_result result;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct filter_prog *f = s->f[i];

		if (!f->checked)
			return true;
		bpf_eval(f->insns, f->n, 0, 0, BPF_ANY_NR | BPF_ANY_ARCH, &result);
		/* a filter too large to follow with both unknown: taken to read it */
		if (!result.known || bpf_result_reads(&result, BPF_WORD_ARCH))
			return true;
	}
	return false;
}

size_t stack_alternatives(const struct filter_stack *s, uint32_t arch, uint32_t nr,
			  void (*fn)(size_t filter, const struct bpf_path *p, void *data), void *data)
{
	struct bpf_result result;
	struct decision d;
	size_t i, k, n = 0;

	stack_decide(s, arch, nr, &d);
	if (d.kind != DEC_ARGS)
		return 0;
	for (i = s->n; i-- > 0;) {
		bpf_eval(s->f[i]->insns, s->f[i]->n, nr, arch, 0, &result);
		if (!result.conditional)
			continue;
		for (k = 0; k < result.npaths; k++)
			if (rank(result.paths[k].ret) < rank(d.ret)) {
				fn(i, &result.paths[k], data);
				n++;
			}
	}
	return n;
}

bool decision_logged(const struct action_vocab *v, action_set logged, uint32_t ret, bool flag_log)
{
	const struct action_info *a = action_of_ret(ret);
	int idx = vocab_index(v, a->name, strlen(a->name));

	if (idx < 0 || !(logged & (1u << idx)))
		return false;
	switch (a->when) {
	case WHEN_LISTED:
		return true;
	case WHEN_FLAG_LOG:
		return flag_log;
	default:
		return false;
	}
}

const char *decision_log_reason(const struct action_vocab *v, action_set logged, uint32_t ret, bool flag_log)
{
	const struct action_info *a = action_of_ret(ret);
	int idx;

	if (decision_logged(v, logged, ret, flag_log))
		return NULL;
	if (a->when == WHEN_NEVER)
		return "the kernel never logs allow";
	idx = vocab_index(v, a->name, strlen(a->name));
	if (idx < 0 || !(logged & (1u << idx)))
		return "not in actions_logged";
	return "listed, but the deciding filter has no SECCOMP_FILTER_FLAG_LOG";
}

/* One action's answer, for a task's filters' flag_log (1 all, 0 none, -1 some). */
static int seen_one(const struct action_vocab *v, action_set logged, uint32_t code, int flag_log, const char **why)
{
	int yes, no;

	if (code == ACTION_CODE_KILL_EITHER) {
		/* either kill: known where the list treats both alike */
		yes = decision_logged(v, logged, SECCOMP_RET_KILL_PROCESS, true);
		no = decision_logged(v, logged, SECCOMP_RET_KILL_THREAD, true);
		*why = yes != no ? "kill_thread or kill_process (a last thread killed), which actions_logged treats apart"
				 : decision_log_reason(v, logged, SECCOMP_RET_KILL_PROCESS, true);
		return yes == no ? yes : -1;
	}
	yes = decision_logged(v, logged, code, true);
	no = decision_logged(v, logged, code, false);
	if (yes != no && flag_log < 0) {
		*why = "some of the process's filters carry SECCOMP_FILTER_FLAG_LOG and some do not, and which one "
		       "decided is not known";
		return -1;
	}
	*why = decision_log_reason(v, logged, code, yes == no || flag_log == 1);
	return flag_log == 1 ? yes : no;	/* alike when yes == no */
}

int seen_logged(const struct action_vocab *v, action_set logged, uint32_t code, uint32_t other, int flag_log,
		const char **why)
{
	const char *w1, *w2;
	int a = seen_one(v, logged, code, flag_log, &w1);

	if (other && seen_one(v, logged, other, flag_log, &w2) != a) {
		a = -1;
		w1 = "the action is one of two that actions_logged treats apart";
	}
	if (why)
		*why = a == 1 ? NULL : w1;
	return a;
}

/* --- per arch ------------------------------------------------------------------------ */

static int push_nr(int64_t **arr, size_t *n, size_t *cap, int64_t nr)
{
	if (array_grow((void **)arr, cap, *n, sizeof(**arr)) < 0)
		return -ENOMEM;
	(*arr)[(*n)++] = nr;
	return 0;
}

static int add_decision(struct arch_view *v, int64_t nr, const struct decision *d, size_t *capg, size_t *capa,
			size_t *capu)
{
	struct decision_group *g;
	size_t i;

	if (d->kind == DEC_ARGS)
		return push_nr(&v->args, &v->nargs, capa, nr);
	if (d->kind == DEC_UNKNOWN) {
		if (!v->why)
			v->why = d->why;
		return push_nr(&v->unknown, &v->nunknown, capu, nr);
	}
	for (i = 0; i < v->ngroups; i++)
		if (v->groups[i].ret == d->ret && v->groups[i].match == d->match)
			break;
	if (i == v->ngroups) {
		if (array_grow((void **)&v->groups, capg, v->ngroups, sizeof(*v->groups)) < 0)
			return -ENOMEM;
		g = &v->groups[v->ngroups++];
		memset(g, 0, sizeof(*g));
		g->ret = d->ret;
		g->match = d->match;
	}
	g = &v->groups[i];
	return push_nr(&g->nrs, &g->n, &g->cap, nr);
}

static int by_size(const void *a, const void *b)
{
	const struct decision_group *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

int arch_view_make(const struct filter_stack *s, const struct arch_info *a, struct arch_view *v)
{
	const struct syscall_table *t = a->table;
	int64_t bit = a->x32 ? X32_SYSCALL_BIT : 0, top = 0;
	size_t capg = 0, capa = 0, capu = 0, i;
	const struct syscall_extra *x;
	struct decision d;

	memset(v, 0, sizeof(*v));
	v->arch = a;
	if (stack_uniform(s, a->audit, &v->all) && !a->x32) {
		/* x32 shares x86_64's arch: a filter tells them apart by number only */
		v->uniform = true;
		v->other = v->all;
		return 0;
	}
	for (i = 0; t && i < t->n; i++) {
		if (!t->names[i])
			continue;
		top = (t->base + (int64_t)i) | bit;
		stack_decide(s, a->audit, (uint32_t)top, &d);
		if (add_decision(v, top, &d, &capg, &capa, &capu) < 0)
			return -ENOMEM;
	}
	for (x = t ? t->extra : NULL; x && x->name; x++) {
		stack_decide(s, a->audit, (uint32_t)x->nr, &d);
		if (add_decision(v, x->nr, &d, &capg, &capa, &capu) < 0)
			return -ENOMEM;
	}
	/* a number past the table's end stands for every number it lacks */
	v->other_nr = ((t ? t->base + (int64_t)t->n : 0) + 1000) | bit;
	stack_decide(s, a->audit, (uint32_t)v->other_nr, &v->other);
	/* no group at all (an arch whose table is empty here): qsort wants an array */
	if (v->ngroups > 1)
		qsort(v->groups, v->ngroups, sizeof(*v->groups), by_size);
	return 0;
}

void arch_view_free(struct arch_view *v)
{
	size_t i;

	for (i = 0; i < v->ngroups; i++)
		free(v->groups[i].nrs);
	free(v->groups);
	free(v->args);
	free(v->unknown);
	memset(v, 0, sizeof(*v));
}

bool arch_view_same(const struct arch_view *a, const struct arch_view *b)
{
	return a->uniform && b->uniform && a->all.kind == b->all.kind && a->all.ret == b->all.ret &&
	       a->all.match == b->all.match;
}

struct arch_view *stack_views(const struct filter_stack *s)
{
	struct arch_view *views = calloc(arch_count(), sizeof(*views));
	size_t i;

	if (!views)
		return NULL;
	for (i = 0; i < arch_count(); i++)
		if (arch_view_make(s, arch_at(i), &views[i]) < 0) {
			while (i-- > 0)
				arch_view_free(&views[i]);
			free(views);
			return NULL;
		}
	return views;
}

void stack_views_free(struct arch_view *views)
{
	size_t i;

	for (i = 0; views && i < arch_count(); i++)
		arch_view_free(&views[i]);
	free(views);
}
