/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The decision observer: BPF programs on the kernel's tracepoints that see every seccomp decision. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#include "os/bpf/observer.h"

/*
 * Loads and attaches bpf/observer.bpf.c (libbpf, CO-RE, raw tracepoints:
 * sys_enter, sys_exit, signal_generate, sched_process_exit), and reads what
 * it tells: single decisions from its ring buffer, exact counts by key, and
 * what it could not do. The programs are attached through descriptors of
 * this process only (no pin), so they are gone when it exits, however.
 */

struct observer;

/* Could it load here: the privileges, BTF, libbpf? 0, or -errno with why. */
int observer_check(char *why, size_t size);
/* Load and attach. rate: decisions passed up one by one a second, a CPU.
 * 0, or -errno with one line in why saying what is missing (a capability,
 * BTF, a tracepoint, libbpf). */
int observer_open(struct observer **o, unsigned int rate, char *why, size_t size);
/* Readable when events wait. */
int observer_fd(struct observer *o);
/* Each waiting event to fn, in the order the kernel put them: how many, or -errno. */
int observer_read(struct observer *o, void (*fn)(const struct obs_event *e, void *data), void *data);
/* The counters, summed over the CPUs. 0 or -errno. */
int observer_stats(struct observer *o, uint64_t st[OBS_STAT_MAX]);
/* Every key counted so far, with its count: how many keys, or -errno. */
int observer_each_count(struct observer *o, void (*fn)(const struct obs_key *k, uint64_t n, void *data),
			void *data);
void observer_close(struct observer *o);
