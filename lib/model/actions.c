// SPDX-License-Identifier: LGPL-2.1-or-later
/* The seccomp actions: their table, the kernel's vocabulary, sets of them. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "model/actions.h"

/* Kernel order, as in actions_avail (kernel/seccomp.c seccomp_actions_avail). */
const struct action_info action_table[] = {
	[ACT_KILL_PROCESS] = { "kill_process", SECCOMP_RET_KILL_PROCESS, WHEN_LISTED, EFFECT_DENIES,
			       "SCMP_ACT_KILL_PROCESS", "KILL_PROCESS" },
	[ACT_KILL_THREAD] = { "kill_thread", SECCOMP_RET_KILL_THREAD, WHEN_LISTED, EFFECT_DENIES,
			      "SCMP_ACT_KILL_THREAD", "KILL" },
	[ACT_TRAP] = { "trap", SECCOMP_RET_TRAP, WHEN_FLAG_LOG, EFFECT_DENIES, "SCMP_ACT_TRAP", "TRAP" },
	[ACT_ERRNO] = { "errno", SECCOMP_RET_ERRNO, WHEN_FLAG_LOG, EFFECT_DENIES, "SCMP_ACT_ERRNO", "ERRNO" },
	[ACT_USER_NOTIF] = { "user_notif", SECCOMP_RET_USER_NOTIF, WHEN_FLAG_LOG, EFFECT_DEFERS, "SCMP_ACT_NOTIFY",
			     "NOTIFY" },
	[ACT_TRACE] = { "trace", SECCOMP_RET_TRACE, WHEN_FLAG_LOG, EFFECT_DEFERS, "SCMP_ACT_TRACE", "TRACE" },
	[ACT_LOG] = { "log", SECCOMP_RET_LOG, WHEN_LISTED, EFFECT_RUNS, "SCMP_ACT_LOG", "LOG" },
	[ACT_ALLOW] = { "allow", SECCOMP_RET_ALLOW, WHEN_NEVER, EFFECT_RUNS, "SCMP_ACT_ALLOW", "ALLOW" },
	/* not the kernel's: ausearch -i says kill for both kill actions
	 * (audit-userspace#531), and which one it was is not known */
	[ACT_KILL_EITHER] = { "kill", ACTION_CODE_KILL_EITHER, WHEN_LISTED, EFFECT_DENIES, "SCMP_ACT_KILL", "KILL" },
};
const size_t action_table_len = sizeof(action_table) / sizeof(action_table[0]);
const size_t action_kernel_len = action_table_len - 1;

static bool name_eq(const char *a, const char *b, size_t blen)
{
	return strlen(a) == blen && memcmp(a, b, blen) == 0;
}

const struct action_info *action_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < action_table_len; i++)
		if (name_eq(action_table[i].name, name, len))
			return &action_table[i];
	return NULL;
}

const struct action_info *action_by_code(uint32_t code)
{
	/* the table's order, by the codes' own values: a compare tree, not a walk */
	switch (code) {
	case SECCOMP_RET_KILL_PROCESS: return ACTION(KILL_PROCESS);
	case SECCOMP_RET_KILL_THREAD: return ACTION(KILL_THREAD);
	case SECCOMP_RET_TRAP: return ACTION(TRAP);
	case SECCOMP_RET_ERRNO: return ACTION(ERRNO);
	case SECCOMP_RET_USER_NOTIF: return ACTION(USER_NOTIF);
	case SECCOMP_RET_TRACE: return ACTION(TRACE);
	case SECCOMP_RET_LOG: return ACTION(LOG);
	case SECCOMP_RET_ALLOW: return ACTION(ALLOW);
	case ACTION_CODE_KILL_EITHER: return ACTION(KILL_EITHER);
	}
	return NULL;
}

const struct action_info *action_of(uint32_t code)
{
	return action_by_code(code == ACTION_CODE_KILL_EITHER ? code : code & SECCOMP_RET_ACTION_FULL);
}

int action_data(uint32_t code)
{
	/* the kernel logs the action alone: data bits are there only when
	 * whatever wrote the record had them */
	if (code == ACTION_CODE_KILL_EITHER || !(code & SECCOMP_RET_DATA))
		return -1;
	return (int)(code & SECCOMP_RET_DATA);
}

const char *action_errno_name(uint32_t code)
{
	int data = action_data(code);

	if (data < 0 || (code & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ERRNO)
		return NULL;
	return strerrorname_np(data);
}

const char *action_text(uint32_t code, char *buf, size_t size)
{
	const struct action_info *a = action_of(code);
	const char *err;
	int data;

	if (!a) {
		snprintf(buf, size, "unknown(0x%x)", code);
		return buf;
	}
	if ((data = action_data(code)) < 0)
		return a->name;
	if ((err = action_errno_name(code)))
		snprintf(buf, size, "%s(%s)", a->name, err);
	else
		snprintf(buf, size, "%s(%d)", a->name, data);
	return buf;
}

const struct action_info *action_of_ret(uint32_t ret)
{
	const struct action_info *a = action_by_code(ret & SECCOMP_RET_ACTION_FULL);

	return a ? a : ACTION(KILL_PROCESS);
}

const char *action_ret_text(uint32_t ret, char *buf, size_t size)
{
	const struct action_info *a = action_by_code(ret & SECCOMP_RET_ACTION_FULL);
	uint32_t data = ret & SECCOMP_RET_DATA;
	const char *err;

	if (!a) {
		snprintf(buf, size, "unknown(0x%x)", ret);
		return buf;
	}
	/* what the call gets: errno(0) fakes success, trace's data is the tracer's */
	if (a == ACTION(ERRNO) && data && (err = strerrorname_np((int)data)))
		snprintf(buf, size, "errno(%s)", err);
	else if (a == ACTION(ERRNO) || a == ACTION(TRACE) || (a == ACTION(TRAP) && data))
		snprintf(buf, size, "%s(%u)", a->name, data);
	else
		snprintf(buf, size, "%s", a->name);
	return buf;
}

const struct action_info *action_by_oci(const char *name)
{
	size_t i;

	for (i = 0; i < action_table_len; i++)
		if (strcmp(action_table[i].oci, name) == 0)
			return i == ACT_KILL_EITHER ? ACTION(KILL_THREAD) : &action_table[i];
	return NULL;
}

uint32_t action_oci_ret(const struct action_info *a, bool has_errno, uint32_t err)
{
	if (a == ACTION(ERRNO))
		return a->code | (has_errno ? err & SECCOMP_RET_DATA : EPERM);
	if (a == ACTION(TRACE) && has_errno)
		return a->code | (err & SECCOMP_RET_DATA);
	return a->code;
}

const char *action_when_phrase(enum action_when when)
{
	switch (when) {
	case WHEN_LISTED:
		return "always, when listed";
	case WHEN_FLAG_LOG:
		return "when listed, only for filters loaded with SECCOMP_FILTER_FLAG_LOG";
	case WHEN_NEVER:
		return "never: the kernel does not log allow";
	default:
		return "unknown to seccompctl";
	}
}

int vocab_from_avail(struct action_vocab *v, const char *avail)
{
	const char *p = avail, *end;
	size_t len;

	v->n = 0;
	while (*p && *p != '\n') {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		end = p;
		while (*end && *end != ' ' && *end != '\n')
			end++;
		len = end - p;
		if (v->n >= ACTIONS_MAX || len >= ACTION_NAME_MAX)
			return -EINVAL;
		memcpy(v->names[v->n], p, len);
		v->names[v->n][len] = '\0';
		v->n++;
		p = end;
	}
	return v->n ? 0 : -EINVAL;
}

int vocab_index(const struct action_vocab *v, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (name_eq(v->names[i], name, len))
			return (int)i;
	return -1;
}

bool vocab_has(const struct action_vocab *v, const char *name)
{
	return vocab_index(v, name, strlen(name)) >= 0;
}

action_set vocab_default(const struct action_vocab *v)
{
	action_set s = 0;
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->names[i], "allow") != 0)
			s |= 1U << i;
	return s;
}

static void put_char(char *buf, size_t size, size_t *len, char c)
{
	if (*len + 1 < size)
		buf[*len] = c;
	(*len)++;
}

size_t set_format(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size)
{
	size_t i, len = 0;
	const char *p;

	for (i = 0; i < v->n; i++) {
		if (!(set & (1U << i)))
			continue;
		if (len)
			put_char(buf, size, &len, sep);
		for (p = v->names[i]; *p; p++)
			put_char(buf, size, &len, *p);
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

static int set_from_list(const struct action_vocab *v, const char *s, size_t len, char sep,
			 action_set *out)
{
	size_t i = 0, start;
	int idx;

	*out = 0;
	while (i < len) {
		start = i;
		while (i < len && s[i] != sep)
			i++;
		/* the kernel never writes an empty name: anything else is not its output */
		if (i == start)
			return -EINVAL;
		idx = vocab_index(v, s + start, i - start);
		if (idx < 0)
			return -EINVAL;
		*out |= 1U << idx;
		if (i < len && ++i == len)
			return -EINVAL;	/* trailing separator */
	}
	return 0;
}

int set_from_kernel(const struct action_vocab *v, const char *s, size_t len, action_set *out)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\0'))
		len--;
	return set_from_list(v, s, len, ' ', out);
}

int set_from_record(const struct action_vocab *v, const char *s, size_t len, action_set *out)
{
	*out = 0;
	if (len == 1 && s[0] == '?')
		return -ENODATA;
	if (len == 6 && memcmp(s, "(none)", 6) == 0)
		return 0;
	if (!len)
		return -EINVAL;
	return set_from_list(v, s, len, ',', out);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Levenshtein distance, case folded; names here are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[ACTION_NAME_MAX * 2 + 1], prev, tmp;

	if (la > ACTION_NAME_MAX * 2 || lb > ACTION_NAME_MAX * 2)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (lower(a[i - 1]) != lower(b[j - 1]));
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *suggest(const struct action_vocab *v, const char *name)
{
	size_t i, d, best = (size_t)-1, limit = strlen(name) / 3 + 1;
	const char *pick = NULL;

	if (limit < 2)
		limit = 2;
	for (i = 0; i < v->n; i++) {
		if (strcmp(v->names[i], "allow") == 0)
			continue;
		d = distance(name, v->names[i]);
		if (d < best) {
			best = d;
			pick = v->names[i];
		}
	}
	return best <= limit ? pick : NULL;
}

static int check_name(const struct action_vocab *v, const char *name, size_t len,
		      action_set *out, struct name_error *err)
{
	int idx = vocab_index(v, name, len);

	if (idx >= 0 && strcmp(v->names[idx], "allow") != 0) {
		*out |= 1U << idx;
		return 0;
	}
	if (len >= sizeof(err->name))
		len = sizeof(err->name) - 1;
	memcpy(err->name, name, len);
	err->name[len] = '\0';
	err->suggestion = NULL;
	if (idx >= 0 || name_eq("allow", name, len))
		err->problem = NAME_ALLOW;
	else if (action_by_name(name, len) && action_by_name(name, len) - action_table < (ptrdiff_t)action_kernel_len)
		err->problem = NAME_UNAVAILABLE;
	else {
		err->problem = NAME_UNKNOWN;
		err->suggestion = suggest(v, err->name);
	}
	return -EINVAL;
}

int actions_parse_user(const struct action_vocab *v, int argc, const char *const *argv,
		       action_set *out, struct name_error *err)
{
	const char *p, *start;
	int i;

	*out = 0;
	err->problem = NAME_OK;
	for (i = 0; i < argc; i++) {
		for (p = argv[i]; *p;) {
			while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n')
				p++;
			if (!*p)
				break;
			start = p;
			while (*p && *p != ' ' && *p != ',' && *p != '\t' && *p != '\n')
				p++;
			if (check_name(v, start, p - start, out, err) < 0)
				return -EINVAL;
		}
	}
	return 0;
}

const char *set_text(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size)
{
	if (!set)
		snprintf(buf, size, "(none)");
	else
		set_format(v, set, sep, buf, size);
	return buf;
}
