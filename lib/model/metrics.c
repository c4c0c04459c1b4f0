// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail's and verify's metrics in the Prometheus text format (see metrics.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/lost.h"
#include "model/metrics.h"
#include "model/names.h"

void metrics_init(struct metrics *m, const struct action_vocab *v)
{
	memset(m, 0, sizeof(*m));
	m->vocab = v;
	m->change_ms = -1;
	m->paper_trail = -1;
}

void metrics_free(struct metrics *m)
{
	size_t i;

	for (i = 0; i < m->nseries; i++)
		free(m->series[i].exe);
	m->nseries = 0;
	for (i = 0; i < m->nworkloads; i++)
		free(m->workloads[i].workload);
	m->nworkloads = 0;
}

static void workload_event(struct metrics *m, const struct event *e, uint64_t n)
{
	uint32_t action = e->code & SECCOMP_RET_ACTION_FULL;
	char wl[EVENT_NAME_MAX + 32];
	size_t i;

	event_workload_label(e, wl, sizeof(wl));
	for (i = 0; i < m->nworkloads; i++)
		if ((m->workloads[i].code & SECCOMP_RET_ACTION_FULL) == action && !strcmp(m->workloads[i].workload, wl)) {
			m->workloads[i].count += n;
			return;
		}
	if (m->nworkloads == METRICS_WORKLOADS_MAX || !(m->workloads[i].workload = strdup(wl))) {
		m->other_workloads += n;
		return;
	}
	m->workloads[i].code = e->code;
	m->workloads[i].count = n;
	m->nworkloads++;
}

void metrics_event(struct metrics *m, const struct event *e)
{
	metrics_event_n(m, e, 1);
}

void metrics_event_n(struct metrics *m, const struct event *e, uint64_t n)
{
	const char *exe = span_has(e->exe) ? event_str(e, e->exe) : "";
	size_t len = span_has(e->exe) ? e->exe.len : 0, i;
	uint32_t arch = e->has_arch ? e->arch : 0, action = e->code & SECCOMP_RET_ACTION_FULL;
	struct metrics_series *s;

	/* a line a process could have written fires no alert */
	if (e->untrusted) {
		m->untrusted += n;
		return;
	}
	m->by_action[e->action ? (size_t)(e->action - action_table) : ACTIONS_MAX] += n;
	workload_event(m, e, n);
	for (i = 0; i < m->nseries; i++) {
		s = &m->series[i];
		if (s->nr == e->syscall && (s->code & SECCOMP_RET_ACTION_FULL) == action && s->arch == arch &&
		    s->exe_len == len &&
		    !memcmp(s->exe, exe, len)) {
			s->count += n;
			return;
		}
	}
	if (m->nseries == METRICS_SERIES_MAX || !(exe = strndup(exe, len))) {
		m->other += n;
		return;
	}
	s = &m->series[m->nseries++];
	s->exe = (char *)exe;
	s->exe_len = len;
	s->arch = arch;
	s->code = e->code;
	s->nr = e->syscall;
	s->arch_name = e->arch_name;
	s->syscall_name = e->syscall_name;
	s->count = n;
}

/* The cause's entry, made when it is new; NULL when there are too many. */
static struct metrics_lost *lost_slot(struct metrics *m, const char *cause)
{
	size_t i;

	for (i = 0; i < m->nlost && strcmp(m->lost[i].cause, cause); i++)
		;
	if (i == m->nlost) {
		if (m->nlost == METRICS_CAUSES_MAX)
			return NULL;
		m->nlost++;
		m->lost[i].cause = cause;
	}
	return &m->lost[i];
}

void metrics_lost(struct metrics *m, const char *cause, uint64_t records)
{
	struct metrics_lost *l = lost_slot(m, cause);

	if (l) {
		l->records += records;
		l->reports++;
	}
}

void metrics_label(struct out *o, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (n == 0 || (n == 1 && (p[i] < 0x20 || p[i] == 0x7f) && p[i] != '\n')) {
			out_puts(o, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			continue;
		}
		if (p[i] == '\\' || p[i] == '"')
			out_putc(o, '\\');
		if (p[i] == '\n')
			out_puts(o, "\\n");
		else
			out_put(o, p + i, n);
		i += n;
	}
}

/* A cause's records (or reports), 0 when not seen. */
static uint64_t lost_of(const struct metrics *m, const char *cause, bool reports)
{
	size_t i;

	for (i = 0; i < m->nlost; i++)
		if (!strcmp(m->lost[i].cause, cause))
			return reports ? m->lost[i].reports : m->lost[i].records;
	return 0;
}

static void help(struct out *o, const char *name, const char *type, const char *text)
{
	out_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, text, name, type);
}

/* The detailed series, and the series by workload. */
static void format_series(const struct metrics *m, struct out *o)
{
	char buf[32];
	size_t i;

	help(o, "seccompctl_records_detail_total", "counter",
	     "SECCOMP records by action, arch, syscall and executable: the first 200 label sets seen, the rest "
	     "counted with every label \"other\".");
	for (i = 0; i < m->nseries; i++) {
		const struct metrics_series *s = &m->series[i];

		out_puts(o, "seccompctl_records_detail_total{action=\"");
		out_puts(o, action_text(s->code, buf, sizeof(buf)));
		out_puts(o, "\",arch=\"");
		if (s->arch_name)
			out_puts(o, s->arch_name);
		else
			out_printf(o, "%x", s->arch);
		out_puts(o, "\",syscall=\"");
		if (s->syscall_name)
			out_puts(o, s->syscall_name);
		else
			out_printf(o, "%lld", (long long)s->nr);
		out_puts(o, "\",exe=\"");
		metrics_label(o, s->exe, s->exe_len);
		out_printf(o, "\"} %llu\n", (unsigned long long)s->count);
	}
	out_printf(o, "seccompctl_records_detail_total{action=\"other\",arch=\"other\",syscall=\"other\",exe=\"other\"} "
		   "%llu\n", (unsigned long long)m->other);
	help(o, "seccompctl_records_workload_total", "counter",
	     "SECCOMP records by action and workload (the container as runtime:name or its short id, else the "
	     "systemd unit; \"\" when not known): the first 100 label sets seen, the rest counted as \"other\".");
	for (i = 0; i < m->nworkloads; i++) {
		out_puts(o, "seccompctl_records_workload_total{action=\"");
		out_puts(o, action_text(m->workloads[i].code, buf, sizeof(buf)));
		out_puts(o, "\",workload=\"");
		metrics_label(o, m->workloads[i].workload, strlen(m->workloads[i].workload));
		out_printf(o, "\"} %llu\n", (unsigned long long)m->workloads[i].count);
	}
	out_printf(o, "seccompctl_records_workload_total{action=\"other\",workload=\"other\"} %llu\n",
		   (unsigned long long)m->other_workloads);
}

void metrics_format(const struct metrics *m, struct out *o)
{
	char buf[32];
	size_t i;

	help(o, "seccompctl_records_total", "counter", "SECCOMP records read, by action.");
	for (i = 0; i < action_table_len; i++)
		if (strcmp(action_table[i].name, "allow"))	/* never logged */
			out_printf(o, "seccompctl_records_total{action=\"%s\"} %llu\n", action_table[i].name,
				   (unsigned long long)m->by_action[i]);
	if (m->by_action[ACTIONS_MAX])
		out_printf(o, "seccompctl_records_total{action=\"unknown\"} %llu\n",
			   (unsigned long long)m->by_action[ACTIONS_MAX]);
	format_series(m, o);
	/* every cause, 0 until seen: a series that appears shows Prometheus no rise */
	help(o, "seccompctl_records_lost_total", "counter",
	     "Records the host dropped, by cause, where the count is known (see seccompctl_losses_total).");
	for (i = 0; i < lost_cause_count(); i++)
		out_printf(o, "seccompctl_records_lost_total{cause=\"%s\"} %llu\n", lost_cause_at(i),
			   (unsigned long long)lost_of(m, lost_cause_at(i), false));
	help(o, "seccompctl_records_untrusted_total", "counter",
	     "SECCOMP records read from text a process could have written (a syslog tag, a file others can write): "
	     "counted here, in no other series.");
	out_printf(o, "seccompctl_records_untrusted_total %llu\n", (unsigned long long)m->untrusted);
	help(o, "seccompctl_losses_total", "counter", "Times the host said it dropped records, by cause.");
	for (i = 0; i < lost_cause_count(); i++)
		out_printf(o, "seccompctl_losses_total{cause=\"%s\"} %llu\n", lost_cause_at(i),
			   (unsigned long long)lost_of(m, lost_cause_at(i), true));
	if (m->change_ms >= 0) {
		help(o, "seccompctl_actions_logged_change_timestamp_seconds", "gauge",
		     "When actions_logged last changed, from the last op=seccomp-logging record read.");
		out_printf(o, "seccompctl_actions_logged_change_timestamp_seconds %lld.%03lld\n",
			   (long long)(m->change_ms / 1000), (long long)(m->change_ms % 1000));
	}
	if (m->logged_known && m->vocab) {
		help(o, "seccompctl_action_logged", "gauge", "1 when the kernel logs this action (actions_logged), 0 not.");
		for (i = 0; i < m->vocab->n; i++)
			if (strcmp(m->vocab->names[i], "allow"))
				out_printf(o, "seccompctl_action_logged{action=\"%s\"} %d\n", m->vocab->names[i],
					   (m->logged >> i) & 1 ? 1 : 0);
	}
	if (m->paper_trail >= 0) {
		help(o, "seccompctl_paper_trail", "gauge",
		     "1 when changes to actions_logged leave an audit record someone keeps (status's verdict), 0 not.");
		out_printf(o, "seccompctl_paper_trail %d\n", m->paper_trail);
	}
	help(o, "seccompctl_metrics_timestamp_seconds", "gauge", "When seccompctl wrote this file.");
	snprintf(buf, sizeof(buf), "%lld.%03lld", (long long)(m->written_ms / 1000), (long long)(m->written_ms % 1000));
	out_printf(o, "seccompctl_metrics_timestamp_seconds %s\n", buf);
}

void metrics_save(const struct metrics *m, struct out *o)
{
	size_t i;

	for (i = 0; i < action_table_len; i++)
		if (m->by_action[i])
			out_printf(o, "metric action %s %" PRIu64 "\n", action_table[i].name, m->by_action[i]);
	if (m->by_action[ACTIONS_MAX])
		out_printf(o, "metric action - %" PRIu64 "\n", m->by_action[ACTIONS_MAX]);
	for (i = 0; i < m->nseries; i++) {
		const struct metrics_series *s = &m->series[i];

		out_printf(o, "metric series %" PRIx32 " %" PRIx32 " %" PRId64 " %" PRIu64 " ", s->code, s->arch, s->nr,
			   s->count);
		out_hex_bytes(o, s->exe, s->exe_len);
		out_putc(o, '\n');
	}
	if (m->other)
		out_printf(o, "metric other %" PRIu64 "\n", m->other);
	for (i = 0; i < m->nworkloads; i++) {
		out_printf(o, "metric workload %" PRIx32 " %" PRIu64 " ", m->workloads[i].code, m->workloads[i].count);
		out_hex_bytes(o, m->workloads[i].workload, strlen(m->workloads[i].workload));
		out_putc(o, '\n');
	}
	if (m->other_workloads)
		out_printf(o, "metric other-workloads %" PRIu64 "\n", m->other_workloads);
	for (i = 0; i < m->nlost; i++)
		out_printf(o, "metric lost %s %" PRIu64 " %" PRIu64 "\n", m->lost[i].cause, m->lost[i].records,
			   m->lost[i].reports);
	if (m->change_ms >= 0)
		out_printf(o, "metric change-ms %" PRId64 "\n", m->change_ms);
	if (m->untrusted)
		out_printf(o, "metric untrusted %" PRIu64 "\n", m->untrusted);
}

/* "HEX" at the end of a restored line, into a string of its own. */
static char *restore_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	char *s = malloc(n / 2 + 1);
	long r;

	if (!s)
		return NULL;
	if ((r = hex_bytes(hex, n, s)) < 0) {
		free(s);
		errno = EINVAL;
		return NULL;
	}
	*len = (size_t)r;
	return s;
}

static int restore_series(struct metrics *m, const char *line)
{
	char hex[2 * 4097 + 1];
	struct metrics_series *s;
	const struct arch_info *ai;
	uint32_t code, arch;
	uint64_t count;
	int64_t nr;
	int end = 0;

	if (sscanf(line, "%" SCNx32 " %" SCNx32 " %" SCNd64 " %" SCNu64 " %8194s %n", &code, &arch, &nr, &count, hex,
		   &end) != 5 || line[end])
		return -EINVAL;
	if (m->nseries == METRICS_SERIES_MAX) {
		m->other += count;
		return 0;
	}
	s = &m->series[m->nseries];
	if (!(s->exe = restore_hex(hex, &s->exe_len)))
		return -errno;
	ai = arch_of(arch, nr);
	s->arch = arch;
	s->code = code;
	s->nr = nr;
	s->count = count;
	s->arch_name = ai ? ai->name : NULL;
	s->syscall_name = syscall_name(ai, nr);
	m->nseries++;
	return 0;
}

static int restore_workload(struct metrics *m, const char *line)
{
	char hex[2 * 4097 + 1], *wl;
	uint64_t count;
	uint32_t code;
	size_t len;
	int end = 0;

	if (sscanf(line, "%" SCNx32 " %" SCNu64 " %8194s %n", &code, &count, hex, &end) != 3 || line[end])
		return -EINVAL;
	if (!(wl = restore_hex(hex, &len)))
		return -errno;
	if (strlen(wl) != len) {
		free(wl);
		return -EINVAL;
	}
	if (m->nworkloads == METRICS_WORKLOADS_MAX) {
		free(wl);
		m->other_workloads += count;
		return 0;
	}
	m->workloads[m->nworkloads].workload = wl;
	m->workloads[m->nworkloads].code = code;
	m->workloads[m->nworkloads++].count = count;
	return 0;
}

/* "KIND N": the counters of one number */
static int restore_number(struct metrics *m, const char *kind, const char *line)
{
	uint64_t a;
	int end = 0;

	if (sscanf(line, "%" SCNu64 " %n", &a, &end) != 1 || line[end])
		return -EINVAL;
	if (!strcmp(kind, "other"))
		m->other = a;
	else if (!strcmp(kind, "other-workloads"))
		m->other_workloads = a;
	else if (!strcmp(kind, "untrusted"))
		m->untrusted = a;
	else if (!strcmp(kind, "change-ms"))
		m->change_ms = (int64_t)a;
	else
		return -EINVAL;
	return 0;
}

int metrics_restore(struct metrics *m, const char *line)
{
	char kind[24], name[64];
	const struct action_info *ai;
	struct metrics_lost *l;
	uint64_t a, b;
	int end = 0;

	if (sscanf(line, "%23s %n", kind, &end) != 1)
		return -EINVAL;
	line += end;
	end = 0;
	if (!strcmp(kind, "series"))
		return restore_series(m, line);
	if (!strcmp(kind, "workload"))
		return restore_workload(m, line);
	if (!strcmp(kind, "action")) {
		if (sscanf(line, "%63s %" SCNu64 " %n", name, &a, &end) != 2 || line[end])
			return -EINVAL;
		ai = strcmp(name, "-") ? action_by_name(name, strlen(name)) : NULL;
		if (!ai && strcmp(name, "-"))
			return -EINVAL;
		m->by_action[ai ? (size_t)(ai - action_table) : ACTIONS_MAX] = a;
		return 0;
	}
	if (!strcmp(kind, "lost")) {
		if (sscanf(line, "%63s %" SCNu64 " %" SCNu64 " %n", name, &a, &b, &end) != 3 || line[end])
			return -EINVAL;
		if ((l = lost_slot(m, lost_cause(name, strlen(name))))) {
			l->records = a;
			l->reports = b;
		}
		return 0;
	}
	return restore_number(m, kind, line);
}

void metrics_take(struct metrics *dst, struct metrics *src)
{
	memcpy(dst->by_action, src->by_action, sizeof(dst->by_action));
	memcpy(dst->series, src->series, src->nseries * sizeof(src->series[0]));
	dst->nseries = src->nseries;
	dst->other = src->other;
	memcpy(dst->workloads, src->workloads, src->nworkloads * sizeof(src->workloads[0]));
	dst->nworkloads = src->nworkloads;
	dst->other_workloads = src->other_workloads;
	memcpy(dst->lost, src->lost, src->nlost * sizeof(src->lost[0]));
	dst->nlost = src->nlost;
	dst->change_ms = src->change_ms;
	dst->untrusted = src->untrusted;
	src->nseries = src->nworkloads = src->nlost = 0;
}
