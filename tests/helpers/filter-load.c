// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Load seccomp filters made with libseccomp, as runtimes and systemd make
 * them, then hold (for seccompctl filters to read) or probe (make system
 * calls and say what the kernel did with each).
 *
 *   filter-load FILTER... hold
 *   filter-load FILTER... probe CALL...
 *   filter-load FILTER... hold-vfork N
 *   filter-load FILTER... hold-threads N EXTRA
 *
 * FILTER: default=ACTION[;log][;arch=NAME,...][;rule=ACTION:SYSCALL[:COND...]]...
 *      or bpf=CODE,JT,JF,K[*N]/CODE,JT,JF,K... : a program as it is (*N: the
 *      instruction N times), loaded as the
 *         kernel takes it (shapes libseccomp never makes: no arch check ...)
 *   ACTION  allow log kill_process kill_thread trap trace(N) errno(N) notify
 *   COND    aI==V, aI!=V, aI>V, aI>=V, aI<V, aI<=V, aI&M==V (64-bit values, hex or decimal)
 *   log     SECCOMP_FILTER_FLAG_LOG; arch= adds arches (the native one is always there)
 * Filters load in the order given: the first is the oldest.
 * CALL: SYSCALL[:A0[,A1...]] made in a child of its own, in a second thread
 * (so that kill_thread and kill_process differ) started before the filters
 * (which cover both threads, TSYNC), with a SIGSYS handler (so that trap is
 * seen); prints "CALL pid=PID outcome" with outcome one of ret=N, errno=N,
 * trap, kill_thread, kill_process. After loading, the child needs futex,
 * write, exit, exit_group and rt_sigreturn: an allow-list must hold them.
 * hold prints "ready" once every filter is loaded, then waits to be killed.
 * hold-vfork: then N threads, each held in vfork (uninterruptible sleep, no
 * ptrace stop) by a child that pauses and dies with it; "ready" once all are.
 * hold-threads: then N threads, the last of which adds the filter EXTRA for
 * itself alone (no TSYNC); "ready" once it has.
 */
#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static uint32_t action(const char *s)
{
	unsigned n = 0;

	if (sscanf(s, "errno(%u)", &n) == 1)
		return SCMP_ACT_ERRNO(n);
	if (sscanf(s, "trace(%u)", &n) == 1)
		return SCMP_ACT_TRACE(n);
	if (!strcmp(s, "allow")) return SCMP_ACT_ALLOW;
	if (!strcmp(s, "log")) return SCMP_ACT_LOG;
	if (!strcmp(s, "kill_process")) return SCMP_ACT_KILL_PROCESS;
	if (!strcmp(s, "kill_thread")) return SCMP_ACT_KILL_THREAD;
	if (!strcmp(s, "trap")) return SCMP_ACT_TRAP;
	if (!strcmp(s, "notify")) return SCMP_ACT_NOTIFY;
	fprintf(stderr, "filter-load: unknown action %s\n", s);
	exit(2);
}

static int cond(const char *s, struct scmp_arg_cmp *c)
{
	unsigned idx;
	unsigned long long v, m;
	char op[3];

	if (sscanf(s, "a%u&%lli==%lli", &idx, &m, &v) == 3) {
		*c = SCMP_CMP(idx, SCMP_CMP_MASKED_EQ, m, v);
		return 0;
	}
	if (sscanf(s, "a%u%2[=!<>]%lli", &idx, op, &v) != 3)
		return -1;
	if (!strcmp(op, "=="))
		*c = SCMP_CMP(idx, SCMP_CMP_EQ, v);
	else if (!strcmp(op, "!="))
		*c = SCMP_CMP(idx, SCMP_CMP_NE, v);
	else if (!strcmp(op, ">"))
		*c = SCMP_CMP(idx, SCMP_CMP_GT, v);
	else if (!strcmp(op, ">="))
		*c = SCMP_CMP(idx, SCMP_CMP_GE, v);
	else if (!strcmp(op, "<"))
		*c = SCMP_CMP(idx, SCMP_CMP_LT, v);
	else if (!strcmp(op, "<="))
		*c = SCMP_CMP(idx, SCMP_CMP_LE, v);
	else
		return -1;
	return 0;
}

/* bpf=: instructions given one by one (CODE,JT,JF,K*N: N times), loaded
 * with the seccomp(2) call */
static void load_raw(char *text, int tsync)
{
	static struct sock_filter prog[BPF_MAXINSNS];
	struct sock_fprog fp = { 0, prog };
	char *insn, *save;

	for (insn = strtok_r(text, "/", &save); insn; insn = strtok_r(NULL, "/", &save)) {
		unsigned long v[4], times = 1;

		if (sscanf(insn, "%li,%li,%li,%li*%lu", (long *)&v[0], (long *)&v[1], (long *)&v[2], (long *)&v[3],
			   &times) < 4 || times > BPF_MAXINSNS - fp.len) {
			fprintf(stderr, "filter-load: instruction %s\n", insn);
			exit(2);
		}
		while (times--)
			prog[fp.len++] = (struct sock_filter){ (unsigned short)v[0], (unsigned char)v[1],
							       (unsigned char)v[2], (unsigned int)v[3] };
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, tsync ? SECCOMP_FILTER_FLAG_TSYNC : 0, &fp) != 0) {
		fprintf(stderr, "filter-load: load: %s\n", strerror(errno));
		exit(3);
	}
}

static void load_tsync(char *spec, int tsync)
{
	scmp_filter_ctx ctx = NULL;
	char *part, *save;
	int r;

	if (!strncmp(spec, "bpf=", 4)) {
		load_raw(spec + 4, tsync);
		return;
	}
	for (part = strtok_r(spec, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		if (!strncmp(part, "default=", 8)) {
			if (!(ctx = seccomp_init(action(part + 8))))
				exit(3);
			seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
			seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, tsync);
		} else if (!ctx) {
			fprintf(stderr, "filter-load: default= comes first\n");
			exit(2);
		} else if (!strcmp(part, "log")) {
			seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
		} else if (!strncmp(part, "arch=", 5)) {
			char *a, *s2;

			for (a = strtok_r(part + 5, ",", &s2); a; a = strtok_r(NULL, ",", &s2))
				if ((r = seccomp_arch_add(ctx, seccomp_arch_resolve_name(a))) < 0 && r != -EEXIST) {
					fprintf(stderr, "filter-load: arch %s: %s\n", a, strerror(-r));
					exit(3);
				}
		} else if (!strncmp(part, "rule=", 5)) {
			struct scmp_arg_cmp conds[6];
			char *f[10], *s3;
			unsigned n = 0, i;

			for (f[n] = strtok_r(part + 5, ":", &s3); f[n] && n < 9; f[++n] = strtok_r(NULL, ":", &s3))
				;
			if (n < 2)
				exit(2);
			for (i = 2; i < n; i++)
				if (cond(f[i], &conds[i - 2]) < 0) {
					fprintf(stderr, "filter-load: condition %s\n", f[i]);
					exit(2);
				}
			r = seccomp_rule_add_array(ctx, action(f[0]), seccomp_syscall_resolve_name(f[1]), n - 2, conds);
			if (r < 0) {
				fprintf(stderr, "filter-load: rule %s %s: %s\n", f[0], f[1], strerror(-r));
				exit(3);
			}
		}
	}
	if ((r = seccomp_load(ctx)) < 0) {
		fprintf(stderr, "filter-load: load: %s\n", strerror(-r));
		exit(3);
	}
	/* a notify filter's listener: closed, so that its calls answer ENOSYS */
	if ((r = seccomp_notify_fd(ctx)) >= 0)
		close(r);
	seccomp_release(ctx);
}

static void load(char *spec)
{
	load_tsync(spec, 1);
}

static pthread_barrier_t ready;
static char *extra;

/* Held in vfork until the process dies: the child shares our memory and
 * stack, so it makes raw system calls only, and dies with its parent thread. */
static void *vforked(void *p)
{
	pid_t c;

	(void)p;
	pthread_barrier_wait(&ready);
	c = vfork();
	if (c == 0) {
		syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			syscall(SYS_pause);
	}
	return NULL;
}

static void *idle(void *p)
{
	if (p)
		load_tsync(extra, 0);
	pthread_barrier_wait(&ready);
	for (;;)
		pause();
	return NULL;
}

static void hold_threads(unsigned n, int vfork_them)
{
	pthread_attr_t a;
	pthread_t t;
	unsigned i;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	pthread_barrier_init(&ready, NULL, n + 1);
	for (i = 0; i < n; i++)
		if (pthread_create(&t, &a, vfork_them ? vforked : idle, !vfork_them && i == n - 1 ? (void *)1 : NULL)) {
			fprintf(stderr, "filter-load: thread %u: cannot start\n", i);
			exit(3);
		}
	pthread_barrier_wait(&ready);
	if (vfork_them)
		usleep(200 * 1000);	/* each in its vfork by now */
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

struct call {
	long nr;
	unsigned long args[6];
	long ret;
	int err;
};

static volatile sig_atomic_t trapped;

static void on_sigsys(int sig)
{
	(void)sig;
	trapped = 1;
}

static pthread_barrier_t go;

static void *make_call(void *p)
{
	struct call *c = p;

	pthread_barrier_wait(&go);	/* running (its start-up calls made) */
	pthread_barrier_wait(&go);	/* the filters are in */
	errno = 0;
	c->ret = syscall(c->nr, c->args[0], c->args[1], c->args[2], c->args[3], c->args[4], c->args[5]);
	c->err = c->ret < 0 ? errno : 0;
	return (void *)1;
}

/* In a child: the filters, then the call in a thread; the outcome on a pipe. */
static void probe(int nfilters, char **filters, const char *what)
{
	char name[64], out[128] = "";
	struct call c = { 0 };
	const char *colon = strchr(what, ':');
	int fds[2], status;
	pid_t child;
	ssize_t n;

	snprintf(name, sizeof(name), "%.*s", (int)(colon ? colon - what : (long)strlen(what)), what);
	c.nr = seccomp_syscall_resolve_name(name);
	if (colon) {
		char *copy = strdup(colon + 1), *a, *s;
		int i = 0;

		for (a = strtok_r(copy, ",", &s); a && i < 6; a = strtok_r(NULL, ",", &s))
			c.args[i++] = strtoull(a, NULL, 0);
		free(copy);
	}
	if (pipe(fds) < 0)
		exit(3);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		struct sigaction sa = { .sa_handler = on_sigsys };
		pthread_t t;
		void *res = NULL;
		int i;

		close(fds[0]);
		sigaction(SIGSYS, &sa, NULL);
		pthread_barrier_init(&go, NULL, 2);
		pthread_create(&t, NULL, make_call, &c);
		pthread_barrier_wait(&go);
		for (i = 0; i < nfilters; i++)
			load(strdup(filters[i]));
		pthread_barrier_wait(&go);
		pthread_join(t, &res);
		if (trapped)
			snprintf(out, sizeof(out), "trap");
		else if (res != (void *)1)
			snprintf(out, sizeof(out), "kill_thread");
		else if (c.ret < 0)
			snprintf(out, sizeof(out), "errno=%d", c.err);
		else
			snprintf(out, sizeof(out), "ret=%ld", c.ret);
		if (write(fds[1], out, strlen(out)) < 0)
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	waitpid(child, &status, 0);
	out[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		snprintf(out, sizeof(out), WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS ? "kill_process"
				: "lost(status=%d)", status);
	printf("%s pid=%d %s\n", what, (int)child, out);
}

int main(int argc, char **argv)
{
	int i, first = 1, nf;

	for (i = 1; i < argc && strcmp(argv[i], "hold") && strcmp(argv[i], "probe") && strcmp(argv[i], "hold-vfork") &&
		    strcmp(argv[i], "hold-threads"); i++)
		;
	if (i == argc) {
		fprintf(stderr, "usage: filter-load FILTER... hold | probe CALL...\n");
		return 2;
	}
	nf = i - first;
	if (!strcmp(argv[i], "hold-vfork") || !strcmp(argv[i], "hold-threads")) {
		int k, v = !strcmp(argv[i], "hold-vfork");

		if (i + 1 + !v >= argc)
			return 2;
		for (k = 0; k < nf; k++)
			load(argv[first + k]);
		extra = v ? NULL : argv[i + 2];
		hold_threads((unsigned)atoi(argv[i + 1]), v);
	}
	if (!strcmp(argv[i], "hold")) {
		int k;

		for (k = 0; k < nf; k++)
			load(argv[first + k]);
		printf("ready\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	for (i++; i < argc; i++)
		probe(nf, argv + first, argv[i]);
	return 0;
}
