/* SPDX-License-Identifier: LGPL-2.1-or-later OR GPL-2.0-only */
/* What observer.bpf.c tells user space: shared by both sides, so plain types only. */
#pragma once

/*
 * The kernel side (observer.bpf.c) sees a seccomp decision as a system
 * call whose exit came without its enter (seccomp skipped it), a SIGSYS the
 * kernel forced with SYS_SECCOMP, or a thread that exited with its seccomp
 * mode dead. It counts each in OBS_MAP_COUNTS by key, exactly, and passes
 * single ones up through the ring buffer at a bounded rate; OBS_STAT_*
 * count what it did and what it could not.
 */

#define OBS_COMM_LEN 16
#define OBS_FILTERS_WALKED 32	/* filters of a stack looked at for their flags */
#define OBS_EXE_ROOM 512	/* the executable's path, written backwards from the end */
#define OBS_EXE_BUF (OBS_EXE_ROOM + 256)	/* and room for a name's bound past it */
#define OBS_EXE_DEPTH 24	/* directories and mounts walked up */

/* What the kernel side can tell. */
enum obs_kind {
	OBS_ERRNO = 1,		/* an error without the call: errno (or user_notif, trace: flags) */
	OBS_SKIPPED,		/* skipped with a value that is no error: user_notif or trace */
	OBS_TRAP,
	OBS_KILL_THREAD,
	OBS_KILL_PROCESS,
	OBS_KILL_EITHER,	/* the last thread killed: kill_thread and kill_process alike */
};

enum obs_flag {
	OBSF_LOG_ALL = 1,	/* every filter of the stack has SECCOMP_FILTER_FLAG_LOG */
	OBSF_LOG_ANY = 2,	/* some filter has */
	OBSF_NOTIF = 4,		/* some filter has a listener (user_notif can be) */
	OBSF_TRACED = 8,	/* a tracer is attached (trace can have decided) */
	OBSF_DEEP = 16,		/* more filters than OBS_FILTERS_WALKED: the flags are of the first */
};

struct obs_key {
	__u64 cgroup;		/* cgroup v2 id */
	__u32 arch;		/* AUDIT_ARCH_* */
	__s32 nr;
	__u16 kind;		/* enum obs_kind */
	__u16 flags;		/* enum obs_flag */
	__u32 data;		/* the errno, or the filter's data for trap and kill */
	char comm[OBS_COMM_LEN];
};

struct obs_event {
	__u64 boot_ns;		/* CLOCK_BOOTTIME */
	__u64 cgroup;
	__u64 ip;
	__u64 args[6];
	__s64 ret;		/* what the call returned (for trap and kill: the number) */
	__u32 pid, tid, uid, gid, auid, ses;
	__u32 arch;
	__s32 nr;
	__u16 kind, flags;
	__u32 data;
	__u32 filters;		/* the stack's depth, up to OBS_FILTERS_WALKED + 1 */
	__u16 exe_off;		/* the path is exe[exe_off .. OBS_EXE_ROOM) */
	__u16 exe_whole;	/* 1: up to the root; 0: cut short (too long, too deep) or none */
	char comm[OBS_COMM_LEN];
	char exe[OBS_EXE_BUF];
};

enum obs_stat {
	OBS_STAT_DECISIONS,	/* every decision seen */
	OBS_STAT_SENT,		/* passed up one by one */
	OBS_STAT_HELD_BACK,	/* over the rate: counted, not passed up */
	OBS_STAT_RING_FULL,	/* the ring buffer had no room: counted, not passed up */
	OBS_STAT_COUNTS_FULL,	/* the count map had no room for a new key: in DECISIONS only */
	OBS_STAT_FIRST_EXIT,	/* a task's exit seen before any enter: a call under way when watched */
	OBS_STAT_EMULATED,	/* a call a ptrace tracer emulated (PTRACE_SYSEMU): not seccomp's */
	OBS_STAT_NO_STORAGE,	/* the task's mark could not be made: its calls not judged */
	OBS_STAT_MAX,
};
