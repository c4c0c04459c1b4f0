// SPDX-License-Identifier: LGPL-2.1-or-later
/* The host's filters read and judged, for filters, status, set --dry-run and profile --check --pid. */
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
#include "model/oci.h"
#include "os/filterscan.h"
#include "os/log.h"
#include "os/ocijson.h"
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

/* Every arch's view of a stack; NULL when out of memory. */
static struct arch_view *views_of(const struct filter_stack *s)
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

static void free_views(struct arch_view *views)
{
	size_t i;

	for (i = 0; views && i < arch_count(); i++)
		arch_view_free(&views[i]);
	free(views);
}

static void text_tasks(struct out *o, const struct filterview *fv, const struct stack_entry *e)
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

static void json_tasks(struct out *o, const struct filterview *fv, const struct stack_entry *e)
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
	struct arch_view *views = views_of(&e->stack);
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
		json_tasks(o, fv, e);
		jw_bool(o, "reads_arch", reads_arch);
		jw_open_arr(o, "arches");
		for (i = 0; i < arch_count(); i++)
			json_arch(o, fv, &e->stack, &views[i]);
		jw_close_arr(o);
		jw_close_obj(o);
		free_views(views);
		return 0;
	}
	out_printf(o, "%sstack %zu (%s): %zu filter%s, %zu process%s, %zu thread%s\n", idx ? "\n" : "", idx + 1, e->id,
		   e->stack.n, e->stack.n == 1 ? "" : "s", e->nprocs, e->nprocs == 1 ? "" : "es", e->ntasks,
		   e->ntasks == 1 ? "" : "s");
	filters_of(o, &e->stack, disasm);
	text_tasks(o, fv, e);
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
	free_views(views);
	return 0;
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
		jw_open_obj(o, NULL);
		jw_int(o, "pid", fv->set.strict[i].pid);
		jw_int(o, "tid", fv->set.strict[i].tid);
		jw_strn(o, "comm", fv->set.strict[i].comm, strlen(fv->set.strict[i].comm));
		jw_close_obj(o);
	}
	jw_close_arr(o);
	jw_open_arr(o, "unreadable");
	for (i = 0; i < fv->set.nmisses; i++) {
		jw_open_obj(o, NULL);
		jw_int(o, "pid", fv->set.misses[i].pid);
		jw_int(o, "tid", fv->set.misses[i].tid);
		jw_strn(o, "comm", fv->set.misses[i].comm, strlen(fv->set.misses[i].comm));
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

int filterview_syscall(struct filterview *fv, struct out *o, const char *name)
{
	size_t i, k, found = 0;

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
			json_tasks(o, fv, e);
			jw_open_arr(o, "arches");
		} else {
			out_printf(o, "stack %zu (%s):", i + 1, e->id);
			text_tasks(o, fv, e);
		}
		for (k = 0; k < arch_count(); k++) {
			const struct arch_info *a = arch_at(k);
			int64_t nr = syscall_number(a, name, NULL);
			struct decision d;
			char ret[64], alts[2048] = "";

			if (nr < 0)
				continue;
			found++;
			stack_decide(&e->stack, a->audit, (uint32_t)nr, &d);
			if (o->json) {
				struct alt_ctx ac = { .o = o, .fv = fv, .s = &e->stack };

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
				continue;
			}
			if (d.kind == DEC_UNKNOWN) {
				out_printf(o, "  %-12s not evaluated: %s\n", a->name, d.why);
				continue;
			}
			if (d.kind == DEC_ARGS) {
				struct alt_ctx ac = { .o = o, .fv = fv, .s = &e->stack, .text = alts, .size = sizeof(alts) };

				stack_alternatives(&e->stack, a->audit, (uint32_t)nr, alt_text, &ac);
				out_printf(o, "  %-12s depends on arguments: %s; otherwise %s\n", a->name, alts,
					   action_ret_text(d.ret, ret, sizeof(ret)));
				continue;
			}
			{
				const char *why = decision_log_reason(&fv->v, fv->logged, d.ret,
								    d.match >= 0 && e->stack.f[d.match]->log);

				out_printf(o, "  %-12s %s (logged: %s%s)\n", a->name, action_ret_text(d.ret, ret, sizeof(ret)),
					   why ? "no, " : "yes", why ? why : "");
			}
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

/* --- a live filter against a profile ----------------------------------------------- */

/* An OCI action as the value libseccomp's filter returns for it. */
static bool oci_ret(const char *action, bool has_errno, uint32_t err, uint32_t *ret)
{
	const struct action_info *a = action_by_oci(action);

	if (a)
		*ret = action_oci_ret(a, has_errno, err);
	return a != NULL;
}

struct expect {
	uint32_t ret;
	bool args;	/* the profile's rule has argument conditions */
	bool listed;
};

/* What the profile wants for name: its rule's action, or the default. */
static void profile_expect(const struct oci_profile *p, const char *name, uint32_t def, struct expect *e)
{
	size_t i, k;

	e->ret = def;
	e->args = false;
	e->listed = false;
	for (i = 0; i < p->nrules; i++)
		for (k = 0; k < p->rules[i].nnames; k++)
			if (strcmp(p->rules[i].names[k], name) == 0 &&
			    oci_ret(p->rules[i].action, p->rules[i].has_errno, p->rules[i].errno_ret, &e->ret)) {
				e->listed = true;
				e->args = p->rules[i].args_json != NULL;
				return;
			}
}

/* systemd's SystemCallFilter= as an OCI profile of explicit names (groups
 * need systemd's tables, which only systemd has). */
static int systemd_dropin(const char *file, struct oci_profile *p, char *err, size_t errsize)
{
	FILE *f = fopen(file, "r");
	char line[8192], *tok, *save;
	bool deny = false, any = false;
	uint32_t errnum = 0;
	char **names = NULL;
	size_t n = 0;

	if (!f) {
		snprintf(err, errsize, "cannot read %s: %s", file, strerror(errno));
		return -errno;
	}
	memset(p, 0, sizeof(*p));
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "SystemCallErrorNumber=", 22) == 0) {
			errnum = (uint32_t)atoi(line + 22);
			if (!errnum && strcmp(line + 22, "EPERM") == 0)
				errnum = EPERM;
			continue;
		}
		if (strncmp(line, "SystemCallFilter=", 17))
			continue;
		any = true;
		tok = line + 17;
		if (*tok == '~') {
			deny = true;
			tok++;
		}
		for (tok = strtok_r(tok, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			char **more;

			if (tok[0] == '@') {
				snprintf(err, errsize, "%s uses the group %s: groups are systemd's tables, not known here; "
					 "give the names (seccompctl profile --format=systemd writes them)", file, tok);
				fclose(f);
				for (size_t i = 0; i < n; i++)
					free(names[i]);
				free(names);
				return -EINVAL;
			}
			if (!(more = realloc(names, (n + 1) * sizeof(*names))) || !(more[n] = strdup(tok))) {
				fclose(f);
				free(more ? more : names);
				return -ENOMEM;
			}
			names = more;
			n++;
		}
	}
	fclose(f);
	if (!any) {
		snprintf(err, errsize, "%s holds no SystemCallFilter= line", file);
		free(names);
		return -EINVAL;
	}
	/* allow-list: listed calls allowed, the rest refused; deny-list: the other way */
	p->rules = calloc(1, sizeof(*p->rules));
	p->default_action = strdup(deny ? "SCMP_ACT_ALLOW" : errnum ? "SCMP_ACT_ERRNO" : "SCMP_ACT_KILL_PROCESS");
	if (!p->rules || !p->default_action) {
		free(names);
		return -ENOMEM;
	}
	p->has_default_errno = errnum != 0;
	p->default_errno = errnum;
	p->nrules = 1;
	p->rules[0].names = names;
	p->rules[0].nnames = n;
	p->rules[0].action = strdup(deny ? (errnum ? "SCMP_ACT_ERRNO" : "SCMP_ACT_KILL_PROCESS") : "SCMP_ACT_ALLOW");
	p->rules[0].has_errno = deny && errnum;
	p->rules[0].errno_ret = errnum;
	return p->rules[0].action ? 0 : -ENOMEM;
}

static int load_profile(const char *file, struct oci_profile *p)
{
	char err[512];
	int r;

	if (strstr(file, ".conf") || strstr(file, ".service") || strstr(file, ".d/"))
		r = systemd_dropin(file, p, err, sizeof(err));
	else
		r = oci_profile_load(file, p, err, sizeof(err));
	if (r < 0) {
		p_err("%s", r == -ENOMEM ? "out of memory" : err);
		return r == -ENOENT || r == -EACCES ? EXIT_ERROR : EXIT_USAGE;
	}
	return 0;
}

int filterview_compare(struct filterview *fv, struct out *o, const char *file)
{
	struct oci_profile p;
	uint32_t def;
	size_t i, k, a, diffs = 0, stub = 0;
	int r;

	if ((r = load_profile(file, &p)))
		return r;
	if (!oci_ret(p.default_action, p.has_default_errno, p.default_errno, &def)) {
		p_err("%s: default action %s is not one seccompctl knows", file, p.default_action);
		oci_profile_free(&p);
		return EXIT_USAGE;
	}
	if (o->json) {
		jw_open_obj(o, NULL);
		jw_str(o, "profile", file);
		jw_open_arr(o, "stacks");
	}
	for (i = 0; i < fv->set.nstacks; i++) {
		const struct stack_entry *e = &fv->set.stacks[i];
		size_t before = diffs;

		if (o->json) {
			jw_open_obj(o, NULL);
			jw_own_str(o, "id", e->id);
			json_tasks(o, fv, e);
			jw_open_arr(o, "differences");
		} else {
			out_printf(o, "stack %zu (%s) against %s:", i + 1, e->id, file);
			text_tasks(o, fv, e);
		}
		for (a = 0; a < arch_count(); a++) {
			const struct arch_info *ai = arch_at(a);
			const struct syscall_table *t = ai->table;
			bool in_profile = p.narches == 0 ? ai == arch_native() : false;
			int64_t top_listed = -1;

			for (k = 0; k < p.narches; k++)
				in_profile |= ai->oci && strcmp(p.arches[k], ai->oci) == 0;
			if (!in_profile || !t)
				continue;
			/* runc answers calls newer than any the profile names with ENOSYS */
			for (k = 0; k < t->n; k++) {
				struct expect ex;

				if (!t->names[k])
					continue;
				profile_expect(&p, t->names[k], def, &ex);
				if (ex.listed)
					top_listed = t->base + (int64_t)k;
			}
			for (k = 0; k < t->n; k++) {
				int64_t nr = (t->base + (int64_t)k) | (ai->x32 ? X32_SYSCALL_BIT : 0);
				struct decision d;
				struct expect ex;
				char want[64], got[64];
				bool differs;

				if (!t->names[k])
					continue;
				profile_expect(&p, t->names[k], def, &ex);
				stack_decide(&e->stack, ai->audit, (uint32_t)nr, &d);
				if (ex.args)
					differs = d.kind == DEC_FIXED && d.ret != ex.ret && d.ret != def;
				else
					differs = d.kind != DEC_FIXED || d.ret != ex.ret;
				if (differs && !ex.listed && d.kind == DEC_FIXED && d.ret == (SECCOMP_RET_ERRNO | ENOSYS) &&
				    t->base + (int64_t)k > top_listed) {
					stub++;
					continue;
				}
				if (!differs)
					continue;
				diffs++;
				action_ret_text(ex.ret, want, sizeof(want));
				if (d.kind == DEC_FIXED)
					action_ret_text(d.ret, got, sizeof(got));
				else
					snprintf(got, sizeof(got), "%s", d.kind == DEC_ARGS ? "depends on arguments" : "not evaluated");
				if (o->json) {
					jw_open_obj(o, NULL);
					jw_own_str(o, "arch", ai->name);
					jw_str(o, "syscall", t->names[k]);
					jw_int(o, "nr", nr);
					jw_own_str(o, "profile", want);
					jw_own_str(o, "filter", got);
					jw_close_obj(o);
				} else {
					out_printf(o, "  %-10s %-24s profile %s%s, filter %s\n", ai->name, t->names[k], want,
						   ex.args ? " (with argument conditions)" : "", got);
				}
			}
		}
		if (o->json) {
			jw_close_arr(o);
			jw_close_obj(o);
		} else if (diffs == before) {
			out_printf(o, "  no difference\n");
		}
	}
	if (o->json) {
		jw_close_arr(o);
		jw_uint(o, "differences", diffs);
		jw_uint(o, "runc_enosys", stub);
		jw_close_obj(o);
		jw_end(o);
	} else if (stub) {
		out_printf(o, "(%zu calls newer than any the profile names answer ENOSYS: runc's stub, not a difference)\n",
			   stub);
	}
	oci_profile_free(&p);
	if (!fv->set.nstacks) {
		p_err("no filter was read to compare");
		return fv->exit ? fv->exit : EXIT_ERROR;
	}
	return diffs ? EXIT_UNVERIFIED : fv->exit;
}

/* --- for status and set --dry-run ------------------------------------------------ */

/* One fixed decision of a stack on an arch: a group of calls, or every call (uniform). */
struct fixed {
	const struct stack_entry *e;
	const struct arch_view *v;
	uint32_t ret;
	bool flag;			/* the deciding filter's FLAG_LOG */
	size_t count;			/* calls in the group; 0: every call */
	int64_t first;			/* the group's first number */
};

/* fn over every fixed decision of every stack and arch; per stack, done
 * after its arches. -ENOMEM when a stack's views could not be made. */
static int each_fixed(const struct filterview *fv, void (*fn)(const struct fixed *d, void *data),
		      void (*done)(const struct stack_entry *e, void *data), void *data)
{
	size_t i, a, g;

	for (i = 0; i < fv->set.nstacks; i++) {
		const struct stack_entry *e = &fv->set.stacks[i];
		struct arch_view *views = views_of(&e->stack);

		if (!views)
			return -ENOMEM;
		for (a = 0; a < arch_count(); a++) {
			const struct arch_view *v = &views[a];
			size_t n = v->uniform ? 1 : v->ngroups;

			for (g = 0; g < n; g++) {
				int match = v->uniform ? v->all.match : v->groups[g].match;
				struct fixed d = {
					.e = e, .v = v, .ret = v->uniform ? v->all.ret : v->groups[g].ret,
					.flag = match >= 0 && e->stack.f[match]->log, .count = v->uniform ? 0 : v->groups[g].n,
					.first = v->uniform ? -1 : v->groups[g].nrs[0],
				};

				fn(&d, data);
			}
		}
		free_views(views);
		if (done)
			done(e, data);
	}
	return 0;
}

struct tally_ctx {
	const struct filterview *fv;
	action_set logged;
	struct action_tally *tally;
	bool seen[ACTIONS_MAX], seen_logged[ACTIONS_MAX], seen_flagless[ACTIONS_MAX];
};

static void tally_one(const struct fixed *d, void *data)
{
	struct tally_ctx *c = data;
	size_t idx = (size_t)(action_of_ret(d->ret) - action_table);

	c->seen[idx] = true;
	c->seen_logged[idx] |= decision_logged(&c->fv->v, c->logged, d->ret, d->flag);
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

int filterview_tally(const struct filterview *fv, action_set logged, struct action_tally tally[ACTIONS_MAX])
{
	struct tally_ctx c = { .fv = fv, .logged = logged, .tally = tally };

	memset(tally, 0, ACTIONS_MAX * sizeof(*tally));
	return each_fixed(fv, tally_one, tally_stack, &c);
}

static const char *const no_privilege = "reading filters needs root (CAP_SYS_ADMIN), and seccompctl not under seccomp";

struct impact_ctx {
	const struct filterview *fv;
	struct out *o;
	action_set old, new;
	size_t changes;
};

static void impact_one(const struct fixed *d, void *data)
{
	struct impact_ctx *c = data;
	struct out *o = c->o;
	const struct stack_entry *e = d->e;
	bool before = decision_logged(&c->fv->v, c->old, d->ret, d->flag);
	bool after = decision_logged(&c->fv->v, c->new, d->ret, d->flag);
	const char *text, *first = d->count ? syscall_name(d->v->arch, d->first) : NULL;
	char buf[64], comm[128], calls[96];

	/* an arch deciding every call alike by one rule: told only for the native one */
	if (before == after || (!d->count && d->v->arch != arch_native()))
		return;
	c->changes++;
	text = action_ret_text(d->ret, buf, sizeof(buf));
	text_escape(comm, sizeof(comm), e->tasks[0].comm, strlen(e->tasks[0].comm));
	if (d->count)
		snprintf(calls, sizeof(calls), "%zu system calls (%s ...)", d->count, first ? first : "?");
	else
		snprintf(calls, sizeof(calls), "every call");
	pr_obj_open(o, NULL);
	pr_str(o, PR_JSON, "stack", NULL, e->id);
	pr_uint(o, PR_JSON, "processes", NULL, e->nprocs);
	pr_int(o, PR_JSON, "pid", NULL, e->tasks[0].pid);
	pr_str(o, PR_JSON, "arch", NULL, d->v->arch->name);
	pr_str(o, PR_JSON, "decision", NULL, text);
	if (d->count)
		pr_uint(o, PR_JSON, "syscalls", NULL, d->count);
	else
		pr_null(o, PR_JSON, "syscalls", NULL);
	pr_bool(o, PR_JSON, "logged_now", NULL, before);
	pr_bool(o, PR_JSON, "logged_after", NULL, after);
	pr_text(o, "  %s: %zu process%s (%d %s ...), %s: %s on %s\n", after ? "starts logging" : "stops logging",
		e->nprocs, e->nprocs == 1 ? "" : "es", (int)e->tasks[0].pid, comm, d->v->arch->name, text, calls);
	pr_obj_close(o);
}

int filterview_render_impact(const struct filterview *fv, struct out *o, action_set old, action_set new,
			     bool read)
{
	struct impact_ctx c = { .fv = fv, .o = o, .old = old, .new = new };

	pr_arr_open(o, "filters_impact");
	if (!read) {
		pr_arr_close(o);
		pr_str(o, PR_ANY, "filters_impact_unknown", "Filters: not read (%s): what would change is not known\n",
		       no_privilege);
		return 0;
	}
	if (each_fixed(fv, impact_one, NULL, &c) < 0) {
		p_err("out of memory judging the filters");
		return -ENOMEM;
	}
	pr_arr_close(o);
	if (!c.changes)
		pr_text(o, "  no filter on this host changes whether its decisions are logged\n");
	return 0;
}

int filterview_render_status(const struct filterview *fv, struct out *o, bool read)
{
	struct action_tally tally[ACTIONS_MAX];
	size_t i;

	pr_obj_open(o, "filters");
	pr_bool(o, PR_JSON, "read", NULL, read);
	if (!read) {
		pr_str(o, PR_ANY, "why", "\nFilters: not read (%s)\n", no_privilege);
		pr_obj_close(o);
		return 0;
	}
	pr_null(o, PR_JSON, "why", NULL);
	pr_uint(o, PR_ANY, "stacks", "\nFilters on this host: %llu distinct", fv->set.nstacks);
	pr_uint(o, PR_ANY, "unreadable", ", %llu threads not read\n", fv->set.nmisses);
	if (filterview_tally(fv, fv->logged, tally) < 0) {
		p_err("out of memory judging the filters");
		return -ENOMEM;
	}
	pr_arr_open(o, "actions");
	for (i = 0; i < action_kernel_len; i++) {
		const struct action_info *a = &action_table[i];
		const struct action_tally *t = &tally[i];
		int idx = vocab_index(&fv->v, a->name, strlen(a->name));
		bool listed = idx >= 0 && fv->logged & (1u << idx);
		char verdict[512], remedy[256] = "";

		if (!t->stacks || a->when == WHEN_NEVER)
			continue;
		if (t->logged_stacks == t->stacks)
			snprintf(verdict, sizeof(verdict), "%s is listed, and every filter stack that returns it is "
				 "logged (stacks: %zu, processes: %zu)", a->name, t->stacks, t->processes);
		else if (!listed) {
			snprintf(verdict, sizeof(verdict), "%s is not listed: filter stacks return %s (stacks: %zu, "
				 "processes: %zu), and nothing records those decisions", a->name, a->name, t->stacks,
				 t->processes);
			snprintf(remedy, sizeof(remedy), "seccompctl enable %s", a->name);
		} else {
			snprintf(verdict, sizeof(verdict), "%s is listed, but of the filter stacks that return it "
				 "(stacks: %zu, processes: %zu) %zu decide it with a filter that has no "
				 "SECCOMP_FILTER_FLAG_LOG: %s their %s decisions are logged", a->name, t->stacks,
				 t->processes, t->stacks - t->logged_stacks, t->logged_stacks ? "not all of" : "none of",
				 a->name);
			snprintf(remedy, sizeof(remedy), "load those filters with SECCOMP_FILTER_FLAG_LOG (OCI: \"flags\": "
				 "[\"SECCOMP_FILTER_FLAG_LOG\"]; seccompctl profile --log-denied)");
		}
		pr_obj_open(o, NULL);
		pr_str(o, PR_JSON, "action", NULL, a->name);
		pr_bool(o, PR_JSON, "listed", NULL, listed);
		pr_uint(o, PR_JSON, "stacks", NULL, t->stacks);
		pr_uint(o, PR_JSON, "logged_stacks", NULL, t->logged_stacks);
		pr_uint(o, PR_JSON, "processes", NULL, t->processes);
		pr_uint(o, PR_JSON, "logged_processes", NULL, t->logged_processes);
		pr_str(o, PR_ANY, "verdict", "  - %s", verdict);
		if (remedy[0])
			pr_str(o, PR_ANY, "remedy", "; remedy: %s", remedy);
		else
			pr_null(o, PR_JSON, "remedy", NULL);
		pr_text(o, "\n");
		pr_obj_close(o);
	}
	pr_arr_close(o);
	pr_obj_close(o);
	return 0;
}
