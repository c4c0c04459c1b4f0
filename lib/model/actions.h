/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The seccomp actions: their table, the kernel's vocabulary, sets of them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* When the kernel logs an action that is listed in actions_logged (seccomp_log()). */
enum action_when {
	WHEN_LISTED,	/* kill_*, log: whenever listed */
	WHEN_FLAG_LOG,	/* trap, errno, trace, user_notif: only for SECCOMP_FILTER_FLAG_LOG filters */
	WHEN_NEVER,	/* allow */
	WHEN_UNKNOWN,	/* a name this seccompctl does not know */
};

/* What the action does to the system call. */
enum action_effect {
	EFFECT_DENIES,		/* kill_process, kill_thread, trap, errno: it does not run */
	EFFECT_RUNS,		/* log, allow */
	EFFECT_DEFERS,		/* trace, user_notif: a tracer or a supervisor decides */
};

/* The kernel's SECCOMP_RET_* codes (SECCOMP_RET_ACTION_FULL, SECCOMP_RET_DATA
 * and each action's), from the kernel's own header. */
#include <linux/seccomp.h>

/* A code no kernel writes (an unknown action with data): either kill action,
 * not known which (ausearch -i's "kill"). */
#define ACTION_CODE_KILL_EITHER 0xffffffffU

/* Every fact of an action, in one row: the kernel's name and code, when the
 * kernel logs it, what it does to the call, the runtime spec's name, and
 * scmp_bpf_disasm's. */
struct action_info {
	const char *name;
	uint32_t code;		/* SECCOMP_RET_* as it appears in code= of a SECCOMP record */
	enum action_when when;
	enum action_effect effect;
	const char *oci;	/* SCMP_ACT_* */
	const char *disasm;	/* libseccomp's scmp_bpf_disasm */
};

/* The table's rows, by name. */
enum action_row {
	ACT_KILL_PROCESS, ACT_KILL_THREAD, ACT_TRAP, ACT_ERRNO, ACT_USER_NOTIF, ACT_TRACE, ACT_LOG, ACT_ALLOW,
	ACT_KILL_EITHER,
};

/* The kernel's actions, then "kill" (ACTION_CODE_KILL_EITHER). */
extern const struct action_info action_table[];
extern const size_t action_table_len, action_kernel_len;
#define ACTION(row) (&action_table[ACT_##row])

const struct action_info *action_by_name(const char *name, size_t len);
/* The action of exactly this SECCOMP_RET_* (no data bits). */
const struct action_info *action_by_code(uint32_t code);
/* The action of a whole code= value (data bits ignored); NULL when unknown. */
const struct action_info *action_of(uint32_t code);
/* The data bits of a code= value (an errno, trace's data), or -1 when it has
 * none: the kernel logs the action alone, so only other writers carry them. */
int action_data(uint32_t code);
/* "EPERM" for an errno action that carries its errno, else NULL. */
const char *action_errno_name(uint32_t code);
/* The action of a code= value by name, with its data when it carries some
 * ("errno(EPERM)", "trace(5)"), or "unknown(0x...)" of the whole code into
 * buf (ACTION_TEXT_MAX): every output names a record's action this way. */
#define ACTION_TEXT_MAX 40
const char *action_text(uint32_t code, char *buf, size_t size);
/* The same for a value a filter returns, whose data bits are always known:
 * errno and trace with theirs ("errno(0)" fakes success), trap with its own
 * when not 0. Always written into buf, which it returns. */
const char *action_ret_text(uint32_t ret, char *buf, size_t size);
/* The action a filter's return value stands for: an unknown one is killed as
 * kill_process, as the kernel does. */
const struct action_info *action_of_ret(uint32_t ret);
/* The runtime spec's SCMP_ACT_* name (SCMP_ACT_KILL is kill_thread); NULL
 * when unknown. */
const struct action_info *action_by_oci(const char *name);
/* The value libseccomp's filter returns for an OCI action: errno's and
 * trace's data from errnoRet, errno EPERM when the profile names none (as
 * runc and crun do). */
uint32_t action_oci_ret(const struct action_info *a, bool has_errno, uint32_t err);
const char *action_when_phrase(enum action_when when);

/*
 * The names this kernel knows, in its order (actions_avail). Sets are bit
 * masks over these indices, so a future kernel's new action still works.
 */
#define ACTIONS_MAX 32
#define ACTION_NAME_MAX 32

typedef uint32_t action_set;

struct action_vocab {
	size_t n;
	char names[ACTIONS_MAX][ACTION_NAME_MAX];
};

/* Parse actions_avail; -EINVAL on an empty, oversized or malformed list. */
int vocab_from_avail(struct action_vocab *v, const char *avail);
int vocab_index(const struct action_vocab *v, const char *name, size_t len);
/* The boot default: every available action but allow. */
action_set vocab_default(const struct action_vocab *v);
bool vocab_has(const struct action_vocab *v, const char *name);

/* Names of set in kernel order joined by sep; returns the length it needs. */
size_t set_format(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size);
/* Names of set joined by sep, or "(none)" for the empty set; returns buf. */
const char *set_text(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size);
/* A value read from actions_logged: names separated by single spaces. */
int set_from_kernel(const struct action_vocab *v, const char *s, size_t len, action_set *out);
/* A list from a CONFIG_CHANGE record: comma-separated, "(none)" is empty,
 * "?" gives -ENODATA (the kernel could not say). */
int set_from_record(const struct action_vocab *v, const char *s, size_t len, action_set *out);

enum name_problem {
	NAME_OK,
	NAME_UNKNOWN,		/* no kernel has it */
	NAME_ALLOW,		/* the kernel refuses to log allow */
	NAME_UNAVAILABLE,	/* known, but not in this kernel's actions_avail */
};

struct name_error {
	enum name_problem problem;
	char name[64];
	const char *suggestion;	/* nearest valid name, or NULL */
};

/*
 * Names from the command line: separate arguments, or space/comma separated
 * inside one, any order, duplicates allowed. On a bad name returns -EINVAL
 * and describes the first one in err.
 */
int actions_parse_user(const struct action_vocab *v, int argc, const char *const *argv,
		       action_set *out, struct name_error *err);
