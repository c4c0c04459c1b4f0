// SPDX-License-Identifier: LGPL-2.1-or-later
/* The host's filters read, and shown as filters shows them: per stack, per arch, one call's fate. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>

#include "exitcode.h"
#include "cmdutil.h"
#include "filterview.h"
#include "model/names.h"
#include "os/filterscan.h"
#include "os/log.h"
#include "os/procfs.h"
#include "os/sandbox.h"
#include "os/table.h"

/* --- reading ------------------------------------------------------------------------ */

static bool has_cap_sys_admin(void)
{
	return proc_has_cap("/proc", "self", CAP_SYS_ADMIN) == 1;
}

static int self_seccomp(void)
{
	return proc_task_seccomp("/proc", getpid(), getpid());
}

static const char *miss_reason(int err)
{
	switch (err) {
	case -ESRCH: return "it exited while being read";
	case -EPERM: return "another tracer holds it, or it cannot be traced (EPERM)";
	case -EBUSY: return "another tracer holds it (EBUSY)";
	case -EACCES: return "the kernel refused its filters (EACCES: CAP_SYS_ADMIN in the initial user namespace)";
	case -ETIMEDOUT: return "it did not stop in time (200 ms, 20 ms in uninterruptible sleep)";
	case -ETIME: return "not tried: seccompctl waits 0.5 s at most a process, 2 s a scan, for threads that do "
			    "not stop (uninterruptible sleep, vfork), and had waited that long";
	case -ENOMEM: return "out of memory listing its threads";
	case -EINVAL: return "the kernel gives no filters (EINVAL: no CONFIG_CHECKPOINT_RESTORE?)";
	case -E2BIG: return "more filters than seccompctl reads (64)";
	default: return strerror(-err);
	}
}

static int parse_pids(int n, const char *const *args, pid_t *pids)
{
	int i;

	for (i = 0; i < n; i++) {
		char *end;
		long v = strtol(args[i], &end, 10);

		if (*end || end == args[i] || v <= 0 || v > 0x3fffffff) {
			p_err("'%s' is not a process id", args[i]);
			return EXIT_USAGE;
		}
		pids[i] = (pid_t)v;
	}
	return 0;
}

static int prepare(struct filterview *fv, const char *logged_list)
{
	memset(fv, 0, sizeof(*fv));
	stackset_init(&fv->set);
	if (!(fv->rt = malloc(sizeof(*fv->rt))) || runtimes_init(fv->rt, NULL) < 0) {
		free(fv->rt);
		fv->rt = NULL;
		p_err("out of memory");
		return EXIT_ERROR;
	}
	if (load_vocab(&fv->v) || load_logged(&fv->v, &fv->logged))
		return EXIT_ERROR;
	if (logged_list) {
		struct name_error e;
		const char *argv[1] = { logged_list };

		if (actions_parse_user(&fv->v, 1, argv, &fv->logged, &e) < 0)
			return report_name_error(&fv->v, &e);
		fv->what_if = true;
	}
	return 0;
}

static int privileged(void)
{
	if (self_seccomp() > 0) {
		p_err("seccompctl runs under seccomp itself (a container's filter?): the kernel gives filters only "
		      "to a tracer that has none; run it on the host");
		return EXIT_ERROR;
	}
	if (!has_cap_sys_admin()) {
		p_err("reading filters needs CAP_SYS_ADMIN in the initial user namespace (and CAP_SYS_PTRACE for "
		      "other users' processes): run it as root");
		return EXIT_ERROR;
	}
	return 0;
}

int filterview_open(struct filterview *fv, int npids, const char *const *args, const char *logged_list, bool confine)
{
	pid_t *pids = NULL;
	size_t i, same;
	int r;

	if ((r = prepare(fv, logged_list)))
		return r;
	if (npids && !(pids = calloc((size_t)npids, sizeof(*pids)))) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	if (npids && (r = parse_pids(npids, args, pids))) {
		free(pids);
		return r;
	}
	if ((r = privileged())) {
		free(pids);
		return r;
	}
	/* the kernel refuses filters to a tracer under seccomp: read first, then confine */
	r = filterscan(&fv->set, pids, (size_t)npids);
	free(pids);
	if (confine)
		sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	if (fv->set.err) {
		p_err("out of memory reading the filters");
		return EXIT_ERROR;
	}
	for (i = 0; i < fv->set.nmisses; i += same) {
		const struct stack_miss *m = &fv->set.misses[i];
		char comm[128];

		/* the threads of one process missed for one reason: one line */
		for (same = 1; i + same < fv->set.nmisses && fv->set.misses[i + same].pid == m->pid &&
			       fv->set.misses[i + same].err == m->err; same++)
			;
		text_escape(comm, sizeof(comm), m->comm, strlen(m->comm));
		if (m->err == -ESRCH && npids && m->pid == m->tid && !m->comm[0]) {
			p_err("no process %d", (int)m->pid);
			fv->exit = EXIT_ERROR;
			continue;
		}
		if (m->err == -ESRCH) {
			p_note("thread %d of %d (%s): %s", (int)m->tid, (int)m->pid, comm, miss_reason(m->err));
			continue;
		}
		if (same > 1)
			p_warn("%zu threads of %d (%s), %d ... %d, not read: %s", same, (int)m->pid, comm, (int)m->tid,
			       (int)fv->set.misses[i + same - 1].tid, miss_reason(m->err));
		else
			p_warn("thread %d of %d (%s) not read: %s", (int)m->tid, (int)m->pid, comm, miss_reason(m->err));
		if (!fv->exit)
			fv->exit = EXIT_UNPROVEN;
	}
	(void)r;
	return 0;
}

int filterview_scan_quiet(struct filterview *fv)
{
	int r;

	if ((r = prepare(fv, NULL)))
		return r;
	if (self_seccomp() > 0 || !has_cap_sys_admin())
		return EXIT_ERROR;
	filterscan(&fv->set, NULL, 0);
	return fv->set.err ? EXIT_ERROR : 0;
}

void filterview_close(struct filterview *fv)
{
	stackset_free(&fv->set);
	if (fv->rt)
		runtimes_free(fv->rt);
	free(fv->rt);
	fv->rt = NULL;
}

/* --- one stack ------------------------------------------------------------------------ */

static const char *nr_name(const struct arch_info *a, int64_t nr, char *buf, size_t size)
{
	const char *n = syscall_name(a, nr);

	if (n)
		return n;
	snprintf(buf, size, "%lld", (long long)nr);
	return buf;
}

static void pr_decision(struct out *o, const struct filterview *fv, const struct filter_stack *s, uint32_t ret,
			int match, const char *key)
{
	const struct action_info *a = action_by_code(ret & SECCOMP_RET_ACTION_FULL);
	char text[64], code[16];
	bool flag = match >= 0 && s->f[match]->log;
	const char *why = decision_log_reason(&fv->v, fv->logged, ret, flag);
	/* the data a filter's value carries: errno's, trace's, trap's */
	int data = a == ACTION(ERRNO) || a == ACTION(TRACE) || a == ACTION(TRAP) ? (int)(ret & SECCOMP_RET_DATA) : -1;

	snprintf(code, sizeof(code), "0x%x", ret);
	if (key)
		jw_open_obj(o, key);
	jw_own_str(o, "action", a ? a->name : NULL);
	jw_own_str(o, "code", code);
	jw_own_str(o, "decision", action_ret_text(ret, text, sizeof(text)));
	if (data >= 0)
		jw_int(o, "data", data);
	else
		jw_null(o, "data");
	jw_own_str(o, "errno", a == ACTION(ERRNO) && data > 0 ? strerrorname_np(data) : NULL);
	if (match >= 0)
		jw_int(o, "filter", match);
	else
		jw_null(o, "filter");
	jw_bool(o, "logged", !why);
	jw_own_str(o, "not_logged_because", why);
	if (key)
		jw_close_obj(o);
}

struct alt_ctx {
	struct out *o;
	const struct filterview *fv;
	const struct filter_stack *s;
	char *text;
	size_t size, len;
};

static void path_conditions(const struct bpf_path *p, char *buf, size_t size)
{
	size_t k, len = 0;
	char c[160];

	buf[0] = '\0';
	for (k = 0; k < p->ncond && len + 1 < size; k++) {
		bpf_cond_text(&p->cond[k], c, sizeof(c));
		len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? " and " : "", c);
	}
}

static void alt_json(size_t filter, const struct bpf_path *p, void *data)
{
	struct alt_ctx *a = data;
	char cond[160];
	size_t k;

	jw_open_obj(a->o, NULL);
	pr_decision(a->o, a->fv, a->s, p->ret, (int)filter, NULL);
	jw_open_arr(a->o, "when");
	for (k = 0; k < p->ncond; k++) {
		bpf_cond_text(&p->cond[k], cond, sizeof(cond));
		jw_own_str(a->o, NULL, cond);
	}
	jw_close_arr(a->o);
	jw_close_obj(a->o);
}

static void alt_text(size_t filter, const struct bpf_path *p, void *data)
{
	struct alt_ctx *a = data;
	char ret[64], cond[1024];

	if (a->len + 1 >= a->size)
		return;
	path_conditions(p, cond, sizeof(cond));
	a->len += (size_t)snprintf(a->text + a->len, a->size - a->len, "%s%s when %s", a->len ? "; " : "",
				   action_ret_text(p->ret, ret, sizeof(ret)), cond);
	(void)filter;
}

static void json_arch(struct out *o, const struct filterview *fv, const struct filter_stack *s,
		      const struct arch_view *v)
{
	char nb[24];
	size_t i, k;

	jw_open_obj(o, NULL);
	jw_own_str(o, "arch", v->arch->name);
	jw_bool(o, "uniform", v->uniform);
	jw_open_arr(o, "decisions");
	if (v->uniform) {
		jw_open_obj(o, NULL);
		pr_decision(o, fv, s, v->all.ret, v->all.match, NULL);
		jw_str(o, "syscalls", "all");
		jw_close_obj(o);
	}
	for (i = 0; i < v->ngroups; i++) {
		const struct decision_group *g = &v->groups[i];

		jw_open_obj(o, NULL);
		pr_decision(o, fv, s, g->ret, g->match, NULL);
		jw_uint(o, "count", g->n);
		jw_open_arr(o, "syscalls");
		for (k = 0; k < g->n; k++)
			jw_str(o, NULL, nr_name(v->arch, g->nrs[k], nb, sizeof(nb)));
		jw_close_arr(o);
		jw_close_obj(o);
	}
	jw_close_arr(o);
	jw_open_arr(o, "conditional");
	for (i = 0; i < v->nargs; i++) {
		struct alt_ctx a = { .o = o, .fv = fv, .s = s };
		struct decision d;

		stack_decide(s, v->arch->audit, (uint32_t)v->args[i], &d);
		jw_open_obj(o, NULL);
		jw_str(o, "syscall", nr_name(v->arch, v->args[i], nb, sizeof(nb)));
		jw_int(o, "nr", v->args[i]);
		pr_decision(o, fv, s, d.ret, d.match, "otherwise");
		jw_open_arr(o, "when");
		stack_alternatives(s, v->arch->audit, (uint32_t)v->args[i], alt_json, &a);
		jw_close_arr(o);
		jw_close_obj(o);
	}
	jw_close_arr(o);
	jw_open_arr(o, "unknown");
	for (i = 0; i < v->nunknown; i++)
		jw_str(o, NULL, nr_name(v->arch, v->unknown[i], nb, sizeof(nb)));
	jw_close_arr(o);
	jw_own_str(o, "unknown_why", v->why);
	if (v->other.kind == DEC_FIXED)
		pr_decision(o, fv, s, v->other.ret, v->other.match, "other_numbers");
	else
		jw_null(o, "other_numbers");
	jw_close_obj(o);
}

#define LISTED_MAX 16

static void text_group(struct out *o, const struct filterview *fv, const struct filter_stack *s,
		       const struct arch_view *v, const struct decision_group *g, bool rest)
{
	char ret[64], nb[24];
	const char *why = decision_log_reason(&fv->v, fv->logged, g->ret, g->match >= 0 && s->f[g->match]->log);
	size_t k;

	out_printf(o, "    %-22s ", action_ret_text(g->ret, ret, sizeof(ret)));
	if (rest) {
		out_printf(o, "everything else (%zu in the table, and numbers it lacks)", g->n);
	} else {
		out_printf(o, "%zu listed:", g->n);
		for (k = 0; k < g->n && k < LISTED_MAX; k++)
			out_printf(o, " %s", nr_name(v->arch, g->nrs[k], nb, sizeof(nb)));
		if (g->n > LISTED_MAX)
			out_printf(o, " ... (%zu more)", g->n - LISTED_MAX);
	}
	out_printf(o, "\n      logged: %s%s\n", why ? "no, " : "yes", why ? why : "");
}

static void text_arch(struct out *o, const struct filterview *fv, const struct filter_stack *s,
		      const struct arch_view *v)
{
	char nb[24], alts[2048];
	size_t i;
	bool rest_is_first = v->other.kind == DEC_FIXED && v->ngroups && v->groups[0].ret == v->other.ret &&
			     v->groups[0].match == v->other.match;

	out_printf(o, "  %s:\n", v->arch->name);
	for (i = 0; i < v->ngroups; i++)
		if (!(i == 0 && rest_is_first))
			text_group(o, fv, s, v, &v->groups[i], false);
	if (rest_is_first)
		text_group(o, fv, s, v, &v->groups[0], true);
	else if (v->other.kind == DEC_FIXED) {
		struct decision_group other = { .ret = v->other.ret, .match = v->other.match };

		out_printf(o, "    (numbers the table lacks: ");
		(void)other;
		out_printf(o, "%s)\n", action_ret_text(v->other.ret, alts, sizeof(alts)));
	}
	for (i = 0; i < v->nargs; i++) {
		struct alt_ctx a = { .o = o, .fv = fv, .s = s, .text = alts, .size = sizeof(alts) };
		struct decision d;
		char ret[64];

		alts[0] = '\0';
		stack_decide(s, v->arch->audit, (uint32_t)v->args[i], &d);
		stack_alternatives(s, v->arch->audit, (uint32_t)v->args[i], alt_text, &a);
		out_printf(o, "    %-22s depends on arguments: %s; otherwise %s\n",
			   nr_name(v->arch, v->args[i], nb, sizeof(nb)), alts, action_ret_text(d.ret, ret, sizeof(ret)));
	}
	if (v->nunknown)
		out_printf(o, "    %zu system calls not evaluated: %s\n", v->nunknown, v->why);
}

void filterview_text_tasks(struct out *o, const struct filterview *fv, const struct stack_entry *e)
{
	char comm[128], exe[1024], label[300], wl[1024];
	size_t i, shown = 0;
	pid_t last = 0;

	out_printf(o, "  processes:");
	for (i = 0; i < e->ntasks && shown < 6; i++) {
		if (e->tasks[i].pid == last)
			continue;
		last = e->tasks[i].pid;
		text_escape(comm, sizeof(comm), e->tasks[i].comm, strlen(e->tasks[i].comm));
		text_escape(exe, sizeof(exe), e->tasks[i].exe, strlen(e->tasks[i].exe));
		process_workload_label(fv->rt, e->tasks[i].cgroup, label, sizeof(label));
		text_escape(wl, sizeof(wl), label, strlen(label));
		out_printf(o, "%s %d %s %s (%s)", shown ? "," : "", (int)e->tasks[i].pid, comm, exe, wl);
		shown++;
	}
	if (e->nprocs > shown)
		out_printf(o, " ... (%zu more)", e->nprocs - shown);
	out_printf(o, "\n");
}

void filterview_json_tasks(struct out *o, const struct filterview *fv, const struct stack_entry *e)
{
	size_t i;

	jw_uint(o, "processes", e->nprocs);
	jw_open_arr(o, "threads");
	for (i = 0; i < e->ntasks; i++) {
		const struct stack_task *t = &e->tasks[i];

		jw_open_obj(o, NULL);
		jw_int(o, "pid", t->pid);
		jw_int(o, "tid", t->tid);
		jw_int(o, "ns_pid", t->inner_pid);
		jw_strn(o, "comm", t->comm, strlen(t->comm));
		jw_strn(o, "exe", t->exe, strlen(t->exe));
		jw_workload(o, fv->rt, t->cgroup);
		jw_uint(o, "stop_us", t->stop_ns / 1000);
		jw_close_obj(o);
	}
	jw_close_arr(o);
}

static void filters_of(struct out *o, const struct filter_stack *s, bool disasm)
{
	char line[128];
	size_t i, k;

	if (o->json) {
		jw_open_arr(o, "filters");
		for (i = 0; i < s->n; i++) {
			char dg[20];

			snprintf(dg, sizeof(dg), "%016llx", (unsigned long long)s->f[i]->digest);
			jw_open_obj(o, NULL);
			jw_own_str(o, "digest", dg);
			jw_uint(o, "instructions", s->f[i]->n);
			jw_bool(o, "flag_log", s->f[i]->log);
			jw_str(o, "refused_because", s->f[i]->checked ? NULL : s->f[i]->why);
			if (disasm) {
				jw_open_arr(o, "disasm");
				for (k = 0; k < s->f[i]->n; k++) {
					bpf_disasm(&s->f[i]->insns[k], (unsigned)k, line, sizeof(line));
					jw_str(o, NULL, line);
				}
				jw_close_arr(o);
			}
			jw_close_obj(o);
		}
		jw_close_arr(o);
		return;
	}
	for (i = 0; i < s->n; i++) {
		out_printf(o, "  filter %zu (the %s): %zu instructions, %s, digest %016llx%s%s\n", i,
			   i == 0 ? "oldest" : i + 1 == s->n ? "newest" : "next", s->f[i]->n,
			   s->f[i]->log ? "SECCOMP_FILTER_FLAG_LOG" : "no FLAG_LOG", (unsigned long long)s->f[i]->digest,
			   s->f[i]->checked ? "" : ", refused by the kernel's checks: ", s->f[i]->checked ? "" : s->f[i]->why);
		if (disasm) {
			out_printf(o, "     line  OP   JT   JF   K\n    =================================\n");
			for (k = 0; k < s->f[i]->n; k++) {
				bpf_disasm(&s->f[i]->insns[k], (unsigned)k, line, sizeof(line));
				out_printf(o, "   %s\n", line);
			}
		}
	}
}

static int render_stack(struct out *o, const struct filterview *fv, const struct stack_entry *e, size_t idx,
			bool disasm)
{
	struct arch_view *views = stack_views(&e->stack);
	const struct arch_view *native = NULL;
	bool reads_arch = stack_reads_arch(&e->stack);
	size_t i, k;

	if (!views)
		return -ENOMEM;
	for (i = 0; i < arch_count(); i++)
		if (arch_at(i) == arch_native())
			native = &views[i];
	if (o->json) {
		jw_open_obj(o, NULL);
		jw_own_str(o, "id", e->id);
		filters_of(o, &e->stack, disasm);
		filterview_json_tasks(o, fv, e);
		jw_bool(o, "reads_arch", reads_arch);
		jw_open_arr(o, "arches");
		for (i = 0; i < arch_count(); i++)
			json_arch(o, fv, &e->stack, &views[i]);
		jw_close_arr(o);
		jw_close_obj(o);
		stack_views_free(views);
		return 0;
	}
	out_printf(o, "%sstack %zu (%s): %zu filter%s, %zu process%s, %zu thread%s\n", idx ? "\n" : "", idx + 1, e->id,
		   e->stack.n, e->stack.n == 1 ? "" : "s", e->nprocs, e->nprocs == 1 ? "" : "es", e->ntasks,
		   e->ntasks == 1 ? "" : "s");
	filters_of(o, &e->stack, disasm);
	filterview_text_tasks(o, fv, e);
	if (!reads_arch)
		out_printf(o, "  the filters do not check the arch: every arch's numbers meet the same rules, "
			      "each in its own table\n");
	/* the native arch, then every arch that decides otherwise than by one rule */
	if (native)
		text_arch(o, fv, &e->stack, native);
	for (i = 0; i < arch_count(); i++) {
		const struct arch_view *v = &views[i];
		bool shown = false;

		if (v == native || (!reads_arch && v->uniform))
			continue;
		if (!v->uniform) {
			text_arch(o, fv, &e->stack, v);
			continue;
		}
		/* uniform arches deciding alike: one line */
		for (k = 0; k < i; k++)
			if (&views[k] != native && arch_view_same(&views[k], v))
				shown = true;
		if (shown)
			continue;
		{
			char ret[64];
			const char *why = decision_log_reason(&fv->v, fv->logged, v->all.ret,
							    v->all.match >= 0 && e->stack.f[v->all.match]->log);

			out_printf(o, "  %s", v->arch->name);
			for (k = i + 1; k < arch_count(); k++)
				if (&views[k] != native && arch_view_same(&views[k], v))
					out_printf(o, " %s", views[k].arch->name);
			out_printf(o, ": every call %s (logged: %s%s)\n", action_ret_text(v->all.ret, ret, sizeof(ret)),
				   why ? "no, " : "yes", why ? why : "");
		}
	}
	stack_views_free(views);
	return 0;
}

/* A thread that is not in a stack: an object opened, its keys that say who. */
static void put_task(struct out *o, pid_t pid, pid_t tid, const char *comm)
{
	jw_open_obj(o, NULL);
	jw_int(o, "pid", pid);
	jw_int(o, "tid", tid);
	jw_strn(o, "comm", comm, strlen(comm));
}

static void render_misses(struct out *o, const struct filterview *fv)
{
	size_t i;

	if (!o->json) {
		for (i = 0; i < fv->set.nstrict; i++) {
			char comm[128];

			text_escape(comm, sizeof(comm), fv->set.strict[i].comm, strlen(fv->set.strict[i].comm));
			out_printf(o, "\nstrict mode: %d %s (only read, write, _exit and sigreturn; any other call is "
				      "killed with SIGKILL and logged as sig=9)\n", (int)fv->set.strict[i].tid, comm);
		}
		return;
	}
	jw_open_arr(o, "strict");
	for (i = 0; i < fv->set.nstrict; i++) {
		put_task(o, fv->set.strict[i].pid, fv->set.strict[i].tid, fv->set.strict[i].comm);
		jw_close_obj(o);
	}
	jw_close_arr(o);
	jw_open_arr(o, "unreadable");
	for (i = 0; i < fv->set.nmisses; i++) {
		put_task(o, fv->set.misses[i].pid, fv->set.misses[i].tid, fv->set.misses[i].comm);
		jw_own_str(o, "reason", miss_reason(fv->set.misses[i].err));
		jw_close_obj(o);
	}
	jw_close_arr(o);
}

int filterview_render(struct filterview *fv, struct out *o, bool disasm)
{
	size_t i;

	if (fv->exit == EXIT_ERROR)
		return EXIT_ERROR;
	if (o->json) {
		jw_open_obj(o, NULL);
		pr_action_set(o, PR_JSON, "actions_logged", NULL, &fv->v, fv->logged, ' ');
		jw_bool(o, "what_if", fv->what_if);
		jw_uint(o, "max_stop_us", fv->set.max_stop_ns / 1000);
		jw_open_arr(o, "stacks");
	} else {
		char list[512];

		set_format(&fv->v, fv->logged, ' ', list, sizeof(list));
		out_printf(o, "%s actions_logged: %s\n\n", fv->what_if ? "what if" : "under", list[0] ? list : "(none)");
	}
	for (i = 0; i < fv->set.nstacks; i++)
		if (render_stack(o, fv, &fv->set.stacks[i], i, disasm) < 0) {
			p_err("out of memory");
			return EXIT_ERROR;
		}
	if (o->json)
		jw_close_arr(o);
	else if (!fv->set.nstacks)
		out_printf(o, "no process runs a seccomp filter%s\n", fv->set.nmisses ? " that could be read" : "");
	render_misses(o, fv);
	if (o->json) {
		jw_close_obj(o);
		jw_end(o);
	}
	return fv->exit;
}

/* --- one system call ---------------------------------------------------------------- */

/* One call's fate in one stack on one arch: JSON, or a line for people. */
static void syscall_fate(struct out *o, const struct filterview *fv, const struct stack_entry *e,
			 const struct arch_info *a, int64_t nr)
{
	struct alt_ctx ac = { .o = o, .fv = fv, .s = &e->stack };
	char ret[64], alts[2048] = "";
	const char *why;
	struct decision d;

	stack_decide(&e->stack, a->audit, (uint32_t)nr, &d);
	if (o->json) {
		jw_open_obj(o, NULL);
		jw_own_str(o, "arch", a->name);
		jw_int(o, "nr", nr);
		jw_bool(o, "conditional", d.kind == DEC_ARGS);
		jw_str(o, "unknown_why", d.kind == DEC_UNKNOWN ? d.why : NULL);
		if (d.kind != DEC_UNKNOWN)
			pr_decision(o, fv, &e->stack, d.ret, d.match, d.kind == DEC_ARGS ? "otherwise" : "decision");
		jw_open_arr(o, "when");
		if (d.kind == DEC_ARGS)
			stack_alternatives(&e->stack, a->audit, (uint32_t)nr, alt_json, &ac);
		jw_close_arr(o);
		jw_close_obj(o);
	} else if (d.kind == DEC_UNKNOWN) {
		out_printf(o, "  %-12s not evaluated: %s\n", a->name, d.why);
	} else if (d.kind == DEC_ARGS) {
		ac.text = alts;
		ac.size = sizeof(alts);
		stack_alternatives(&e->stack, a->audit, (uint32_t)nr, alt_text, &ac);
		out_printf(o, "  %-12s depends on arguments: %s; otherwise %s\n", a->name, alts,
			   action_ret_text(d.ret, ret, sizeof(ret)));
	} else {
		why = decision_log_reason(&fv->v, fv->logged, d.ret, d.match >= 0 && e->stack.f[d.match]->log);
		out_printf(o, "  %-12s %s (logged: %s%s)\n", a->name, action_ret_text(d.ret, ret, sizeof(ret)),
			   why ? "no, " : "yes", why ? why : "");
	}
}

int filterview_syscall(struct filterview *fv, struct out *o, const char *name)
{
	size_t i, k, found = 0;
	int64_t nr;

	if (o->json) {
		jw_open_obj(o, NULL);
		jw_str(o, "syscall", name);
		pr_action_set(o, PR_JSON, "actions_logged", NULL, &fv->v, fv->logged, ' ');
		jw_open_arr(o, "stacks");
	}
	for (i = 0; i < fv->set.nstacks; i++) {
		const struct stack_entry *e = &fv->set.stacks[i];

		if (o->json) {
			jw_open_obj(o, NULL);
			jw_own_str(o, "id", e->id);
			filterview_json_tasks(o, fv, e);
			jw_open_arr(o, "arches");
		} else {
			out_printf(o, "stack %zu (%s):", i + 1, e->id);
			filterview_text_tasks(o, fv, e);
		}
		for (k = 0; k < arch_count(); k++)
			if ((nr = syscall_number(arch_at(k), name, NULL)) >= 0) {
				found++;
				syscall_fate(o, fv, e, arch_at(k), nr);
			}
		if (o->json) {
			jw_close_arr(o);
			jw_close_obj(o);
		}
	}
	if (o->json) {
		jw_close_arr(o);
		render_misses(o, fv);
		jw_close_obj(o);
		jw_end(o);
	}
	if (!found && fv->set.nstacks) {
		p_err("no arch's table has a system call '%s'", name);
		return EXIT_USAGE;
	}
	return fv->exit;
}
