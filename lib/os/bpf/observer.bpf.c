// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seeing seccomp's decisions, logged or not, on the kernel's stable
 * tracepoints (raw tracepoints: no tracefs, no fentry, no kprobes).
 *
 * The generic entry code runs seccomp before the sys_enter tracepoint and
 * returns early when seccomp skips the call, while sys_exit still reports
 * the value seccomp set. So, for a task under a filter: sys_enter marks the
 * task (task storage), sys_exit clears the mark, and an exit that finds no
 * mark is a call that never ran: seccomp's (or a ptrace tracer's
 * PTRACE_SYSEMU, told apart by the task's syscall work). trap and kill
 * force SIGSYS with SYS_SECCOMP before the exit (signal_generate); a
 * kill_thread of a thread that is not the last exits at once with its mode
 * dead and no exit of the call (sched_process_exit).
 *
 * Each decision is counted by key in `counts` (exact, whatever the rate)
 * and passed up in `ring` within a rate a CPU; `stats` counts the rest.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "os/bpf/observer.h"

#if !defined(__TARGET_ARCH_x86)
#error "observer.bpf.c reads x86 registers: add this architecture's"
#endif

/* The kernel's types, as much as is read: CO-RE relocates each field. */
struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, r8, r9, r10, orig_ax, ip;
} __attribute__((preserve_access_index));

struct seccomp_filter {
	bool log;
	struct seccomp_filter *prev;
	void *notif;
} __attribute__((preserve_access_index));

struct seccomp {
	int mode;
	struct seccomp_filter *filter;
} __attribute__((preserve_access_index));

struct thread_info {
	unsigned long syscall_work;
	__u32 status;
} __attribute__((preserve_access_index));

typedef struct { int counter; } atomic_t;
struct signal_struct {
	atomic_t live;
} __attribute__((preserve_access_index));

struct qstr {
	__u32 len;
	const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
	struct qstr d_name;
	struct dentry *d_parent;
} __attribute__((preserve_access_index));

struct vfsmount {
	struct dentry *mnt_root;
} __attribute__((preserve_access_index));

struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
} __attribute__((preserve_access_index));

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} __attribute__((preserve_access_index));

struct file {
	struct path f_path;
} __attribute__((preserve_access_index));

struct mm_struct {
	struct file *exe_file;
} __attribute__((preserve_access_index));

typedef struct { unsigned int val; } kuid_t;
struct task_struct {
	struct thread_info thread_info;
	struct seccomp seccomp;
	struct signal_struct *signal;
	unsigned int ptrace;
	__u64 start_time;
	kuid_t loginuid;
	unsigned int sessionid;
	struct mm_struct *mm;
} __attribute__((preserve_access_index));

enum syscall_work_bit { SYSCALL_WORK_BIT_SYSCALL_EMU = 3 };

#define SECCOMP_MODE_FILTER 2
#define SECCOMP_MODE_DEAD 3
#define SIGSYS 31
#define SYS_SECCOMP 1
#define TS_COMPAT 0x0002
#define AUDIT_ARCH_X86_64 0xc000003eU
#define AUDIT_ARCH_I386 0x40000003U
#define MAX_ERRNO 4095

/* set by user space: the rate a CPU, and when watching began (CLOCK_MONOTONIC ns) */
const volatile __u32 rate_per_cpu = 1000;
__u64 watch_start_ns;

struct mark {
	__u8 entered;		/* between sys_enter and sys_exit */
	__u8 signalled;		/* a decision already told by its SIGSYS */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct mark);
} marks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct obs_key);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, OBS_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct window {
	__u64 start_ns;
	__u32 sent;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct window);
} windows SEC(".maps");

static __always_inline void stat_add(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &which);

	if (v)
		*v += 1;	/* per CPU: no other writer */
}

/* t is the verifier's trusted pointer to current (bpf_get_current_task_btf):
 * its fields are read with plain loads, not a helper call each, on the
 * paths every system call of the host takes */
static __always_inline bool watched(struct task_struct *t)
{
	int mode = t->seccomp.mode;

	return mode == SECCOMP_MODE_FILTER || mode == SECCOMP_MODE_DEAD;
}

/* The flags of the task's filters: FLAG_LOG on all, on some; a listener. */
static __always_inline __u16 stack_flags(struct task_struct *t, __u32 *depth)
{
	struct seccomp_filter *f = BPF_CORE_READ(t, seccomp.filter);
	__u16 flags = OBSF_LOG_ALL;
	__u32 n = 0;

	for (int i = 0; i < OBS_FILTERS_WALKED && f; i++) {
		if (BPF_CORE_READ(f, log))
			flags |= OBSF_LOG_ANY;
		else
			flags &= ~OBSF_LOG_ALL;
		if (BPF_CORE_READ(f, notif))
			flags |= OBSF_NOTIF;
		f = BPF_CORE_READ(f, prev);
		n++;
	}
	if (f) {
		flags |= OBSF_DEEP;
		n++;
	}
	if (!n)
		flags &= ~OBSF_LOG_ALL;
	if (BPF_CORE_READ(t, ptrace))
		flags |= OBSF_TRACED;
	*depth = n;
	return flags;
}

static __always_inline bool within_rate(void)
{
	__u32 zero = 0;
	struct window *w = bpf_map_lookup_elem(&windows, &zero);
	__u64 now = bpf_ktime_get_ns();

	if (!w)
		return false;
	if (now - w->start_ns >= 1000000000ULL) {
		w->start_ns = now;
		w->sent = 0;
	}
	if (w->sent >= rate_per_cpu)
		return false;
	w->sent++;
	return true;
}

/* Counted under its key: true when the key is new (its first decision). */
static __always_inline bool count(const struct obs_key *k)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(&counts, k);

	if (v) {
		__sync_fetch_and_add(v, 1);
		return false;
	}
	if (bpf_map_update_elem(&counts, k, &one, BPF_NOEXIST) == 0)
		return true;
	/* another CPU made it meanwhile, or the map is full */
	v = bpf_map_lookup_elem(&counts, k);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		stat_add(OBS_STAT_COUNTS_FULL);
	return false;
}

static __always_inline __u32 arch_of(struct task_struct *t)
{
	return BPF_CORE_READ(t, thread_info.status) & TS_COMPAT ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64;
}

/* The task's executable as d_path would write it from the global root:
 * names written backwards from the end of a scratch buffer, up through
 * mounts, a step at a time in bpf_loop (a loop the verifier would have to
 * walk through every branch of every step is too much for it). A process
 * that has gone by the time user space reads /proc still has it here. */
struct exe_walk {
	struct dentry *d;
	struct vfsmount *vm;
	struct mount *m;
	__u32 off;
	__u32 whole;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[OBS_EXE_BUF]);
} scratch SEC(".maps");

static long exe_step(__u32 i, void *data)
{
	struct exe_walk *w = data;
	struct dentry *d = w->d, *root, *parent;
	struct vfsmount *vm = w->vm;
	struct mount *m = w->m, *mp;
	const unsigned char *name;
	__u32 zero = 0, len, off = w->off;
	char *buf = bpf_map_lookup_elem(&scratch, &zero);

	if (!buf)
		return 1;
	root = BPF_CORE_READ(vm, mnt_root);
	parent = BPF_CORE_READ(d, d_parent);
	if (d == root || d == parent) {
		mp = BPF_CORE_READ(m, mnt_parent);
		if (m == mp || !mp) {
			w->whole = 1;
			return 1;
		}
		w->d = BPF_CORE_READ(m, mnt_mountpoint);
		w->m = mp;
		w->vm = (struct vfsmount *)((void *)mp + bpf_core_field_offset(struct mount, mnt));
		return 0;
	}
	len = BPF_CORE_READ(d, d_name.len);
	name = BPF_CORE_READ(d, d_name.name);
	if (len > 255 || len + 1 > off)
		return 1;
	off -= len;
	bpf_probe_read_kernel(buf + (off & (OBS_EXE_ROOM - 1)), len & 255, name);
	off -= 1;
	buf[off & (OBS_EXE_ROOM - 1)] = '/';
	w->off = off;
	w->d = parent;
	return 0;
}

static __always_inline void exe_path(struct task_struct *t, struct obs_event *e)
{
	struct file *f = BPF_CORE_READ(t, mm, exe_file);
	struct exe_walk w = { .off = OBS_EXE_ROOM };
	__u32 zero = 0;
	char *buf;

	e->exe_off = OBS_EXE_ROOM;
	e->exe_whole = 0;
	if (!f)
		return;
	w.d = BPF_CORE_READ(f, f_path.dentry);
	w.vm = BPF_CORE_READ(f, f_path.mnt);
	w.m = (struct mount *)((void *)w.vm - bpf_core_field_offset(struct mount, mnt));
	bpf_loop(OBS_EXE_DEPTH, exe_step, &w, 0);
	if (!(buf = bpf_map_lookup_elem(&scratch, &zero)))
		return;
	bpf_probe_read_kernel(e->exe, OBS_EXE_ROOM, buf);
	e->exe_off = (__u16)(w.off & (OBS_EXE_ROOM * 2 - 1));
	e->exe_whole = w.whole && w.off < OBS_EXE_ROOM;
}

static __always_inline void decided(struct task_struct *t, struct pt_regs *regs, __u32 arch, __s32 nr,
				    __u16 kind, __u32 data, __s64 ret)
{
	struct obs_key k = {};
	struct obs_event *e;
	__u32 depth = 0;
	__u64 ug;

	k.cgroup = bpf_get_current_cgroup_id();
	k.arch = arch;
	k.nr = nr;
	k.kind = kind;
	k.flags = stack_flags(t, &depth);
	k.data = data;
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	stat_add(OBS_STAT_DECISIONS);
	/* a key's first decision is always passed up (the map bounds them):
	 * each row of the counts has a process to name */
	if (!count(&k) && !within_rate()) {
		stat_add(OBS_STAT_HELD_BACK);
		return;
	}
	e = bpf_ringbuf_reserve(&ring, sizeof(*e), 0);
	if (!e) {
		stat_add(OBS_STAT_RING_FULL);
		return;
	}
	e->boot_ns = bpf_ktime_get_boot_ns();
	e->cgroup = k.cgroup;
	if (arch == AUDIT_ARCH_I386) {
		e->args[0] = (__u32)BPF_CORE_READ(regs, bx);
		e->args[1] = (__u32)BPF_CORE_READ(regs, cx);
		e->args[2] = (__u32)BPF_CORE_READ(regs, dx);
		e->args[3] = (__u32)BPF_CORE_READ(regs, si);
		e->args[4] = (__u32)BPF_CORE_READ(regs, di);
		e->args[5] = (__u32)BPF_CORE_READ(regs, bp);
	} else {
		e->args[0] = BPF_CORE_READ(regs, di);
		e->args[1] = BPF_CORE_READ(regs, si);
		e->args[2] = BPF_CORE_READ(regs, dx);
		e->args[3] = BPF_CORE_READ(regs, r10);
		e->args[4] = BPF_CORE_READ(regs, r8);
		e->args[5] = BPF_CORE_READ(regs, r9);
	}
	e->ip = BPF_CORE_READ(regs, ip);
	e->ret = ret;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->tid = (__u32)bpf_get_current_pid_tgid();
	ug = bpf_get_current_uid_gid();
	e->uid = (__u32)ug;
	e->gid = ug >> 32;
	e->auid = bpf_core_field_exists(t->loginuid) ? BPF_CORE_READ(t, loginuid.val) : (__u32)-1;
	e->ses = bpf_core_field_exists(t->sessionid) ? BPF_CORE_READ(t, sessionid) : (__u32)-1;
	e->arch = arch;
	e->nr = nr;
	e->kind = kind;
	e->flags = k.flags;
	e->data = data;
	e->filters = depth;
	__builtin_memcpy(e->comm, k.comm, sizeof(e->comm));
	exe_path(t, e);
	bpf_ringbuf_submit(e, 0);
	stat_add(OBS_STAT_SENT);
}

SEC("raw_tp/sys_enter")
int obs_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct mark *m;

	if (t->seccomp.mode != SECCOMP_MODE_FILTER)
		return 0;
	m = bpf_task_storage_get(&marks, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!m) {
		stat_add(OBS_STAT_NO_STORAGE);
		return 0;
	}
	m->entered = 1;
	return 0;
}

SEC("raw_tp/sys_exit")
int obs_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	__s64 ret = (__s64)ctx->args[1];
	struct mark *m;
	__s32 nr;

	if (!watched(t))
		return 0;
	m = bpf_task_storage_get(&marks, t, 0, 0);
	if (!m) {
		/* its first exit seen: a call begun before it was watched, or
		 * a new task's return from fork */
		if (BPF_CORE_READ(t, start_time) < watch_start_ns)
			stat_add(OBS_STAT_FIRST_EXIT);
		if (!bpf_task_storage_get(&marks, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE))
			stat_add(OBS_STAT_NO_STORAGE);
		return 0;
	}
	if (m->entered) {
		m->entered = 0;
		return 0;
	}
	if (m->signalled) {
		/* a dead task keeps it: its exit is not another decision */
		if (t->seccomp.mode != SECCOMP_MODE_DEAD)
			m->signalled = 0;
		return 0;
	}
	if (BPF_CORE_READ(t, thread_info.syscall_work) &
	    (1UL << bpf_core_enum_value(enum syscall_work_bit, SYSCALL_WORK_BIT_SYSCALL_EMU))) {
		stat_add(OBS_STAT_EMULATED);
		return 0;
	}
	nr = (__s32)BPF_CORE_READ(regs, orig_ax);
	if (ret < 0 && ret >= -MAX_ERRNO)
		decided(t, regs, arch_of(t), nr, OBS_ERRNO, (__u32)-ret, ret);
	else
		decided(t, regs, arch_of(t), nr, OBS_SKIPPED, 0, ret);
	return 0;
}

/* The SIGSYS of trap and kill: forced on the task itself, inside seccomp,
 * so before its call's enter. One the task sends itself comes from a call
 * that entered, and is not a decision. */
SEC("raw_tp/signal_generate")
int obs_signal(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	void *info = (void *)ctx->args[1];
	int code = 0, err = 0, nr = 0;
	__u32 arch = 0;
	struct mark *m;
	__u16 kind;

	if ((int)ctx->args[0] != SIGSYS || ctx->args[2] != (__u64)t || !info || !watched(t))
		return 0;
	/* siginfo's layout is user space's ABI: signo, errno, code, then _sigsys */
	bpf_probe_read_kernel(&code, sizeof(code), info + 8);
	if (code != SYS_SECCOMP)
		return 0;
	m = bpf_task_storage_get(&marks, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!m) {
		stat_add(OBS_STAT_NO_STORAGE);
		return 0;
	}
	if (m->entered)
		return 0;
	bpf_probe_read_kernel(&err, sizeof(err), info + 4);
	bpf_probe_read_kernel(&nr, sizeof(nr), info + 24);
	bpf_probe_read_kernel(&arch, sizeof(arch), info + 28);
	if (BPF_CORE_READ(t, seccomp.mode) != SECCOMP_MODE_DEAD)
		kind = OBS_TRAP;
	else if (BPF_CORE_READ(t, signal, live.counter) > 1)
		kind = OBS_KILL_PROCESS;	/* kill_thread of one of several threads exits without SIGSYS */
	else
		kind = OBS_KILL_EITHER;
	m->signalled = 1;
	decided(t, (struct pt_regs *)bpf_task_pt_regs(t), arch, nr, kind, (__u32)err, nr);
	return 0;
}

/* kill_thread of a thread that is not the last: do_exit(SIGSYS) at once. */
SEC("raw_tp/sched_process_exit")
int obs_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct pt_regs *regs;
	struct mark *m;

	if (BPF_CORE_READ(t, seccomp.mode) != SECCOMP_MODE_DEAD)
		return 0;
	m = bpf_task_storage_get(&marks, t, 0, 0);
	if (m && m->signalled)
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(t);
	decided(t, regs, arch_of(t), (__s32)BPF_CORE_READ(regs, orig_ax), OBS_KILL_THREAD, 0,
		(__s32)BPF_CORE_READ(regs, orig_ax));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
