/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Seccomp's classic BPF: the kernel's checks, and an evaluator that says what a filter returns. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A seccomp filter as the kernel holds it: struct sock_filter[] over struct
 * seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }.
 *
 * bpf_check() accepts what the kernel accepts (bpf_check_classic and
 * seccomp_check_filter): the instructions seccomp allows, jumps forward and
 * in range, no constant division by zero or shift past 31, scratch memory
 * written before it is read on every path, a RET last.
 *
 * bpf_eval() runs a checked filter for one system call number on one arch,
 * the way the kernel would, with the arguments and the instruction pointer
 * unknown: where the program compares them, both ways are followed, and the
 * result is every return value with the conditions that lead to it. Where
 * it cannot follow (a return value computed from an argument, more paths
 * than BPF_PATHS_MAX), it says so rather than guess.
 */

struct bpf_insn {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

#define BPF_INSNS_MAX 4096
#define BPF_MEMWORDS 16
#define SECCOMP_DATA_SIZE 64

/* 0, or -EINVAL with the reason (and the instruction) in why. */
int bpf_check(const struct bpf_insn *p, size_t n, char *why, size_t size);

/* A word a condition reads: args[i]'s low or high 32 bits, or the
 * instruction pointer's. */
enum bpf_word {
	BPF_WORD_ARG_LO = 0,	/* + 2 * i */
	BPF_WORD_ARG_HI = 1,	/* + 2 * i */
	BPF_WORD_IP_LO = 12,
	BPF_WORD_IP_HI = 13,
	BPF_WORD_NR = 14,	/* with BPF_ANY_NR: the system call number */
	BPF_WORD_ARCH = 15,	/* with BPF_ANY_ARCH: the arch */
};

/* bpf_eval's flags: the number or the arch unknown too, so that one run says
 * whether the verdict depends on them at all. */
#define BPF_ANY_NR 1
#define BPF_ANY_ARCH 2

enum bpf_cmp { BPF_CMP_EQ, BPF_CMP_GT, BPF_CMP_GE, BPF_CMP_SET };

struct bpf_cond {
	uint8_t word;		/* enum bpf_word */
	uint8_t cmp;		/* enum bpf_cmp */
	bool holds;		/* the path took the true branch */
	bool computed;		/* the word was changed by more than a mask first */
	bool against_x;		/* compared with X, not a constant (k unknown) */
	uint32_t mask;		/* the AND applied first; 0xffffffff when none */
	uint32_t k;
};

#define BPF_PATH_CONDS 12
#define BPF_PATHS_MAX 256

struct bpf_path {
	uint32_t ret;
	uint8_t ncond;
	struct bpf_cond cond[BPF_PATH_CONDS];
};

struct bpf_result {
	bool known;		/* false: could not be evaluated whole (why says) */
	bool conditional;	/* the return value depends on the arguments */
	uint32_t ret;		/* when not conditional */
	size_t npaths;		/* when conditional: every way through */
	struct bpf_path paths[BPF_PATHS_MAX];
	const char *why;
};

/* The filter's verdict for nr on arch (flags: BPF_ANY_NR, BPF_ANY_ARCH). p
 * must have passed bpf_check. */
void bpf_eval(const struct bpf_insn *p, size_t n, uint32_t nr, uint32_t arch, unsigned flags, struct bpf_result *r);
/* Does any path's condition read this word? */
bool bpf_result_reads(const struct bpf_result *r, uint8_t word);

/* Does the program read more than nr and arch (arguments, the instruction
 * pointer)? Such a filter's verdicts may be conditional. */
bool bpf_reads_args(const struct bpf_insn *p, size_t n);

/* One instruction in the notation of libseccomp's scmp_bpf_disasm. */
void bpf_disasm(const struct bpf_insn *in, unsigned line, char *buf, size_t size);

/* A condition for people: "arg1 == 0x5", "arg0 (low 32 bits) & 0xff > 0x3". */
void bpf_cond_text(const struct bpf_cond *c, char *buf, size_t size);
