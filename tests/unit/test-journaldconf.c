// SPDX-License-Identifier: LGPL-2.1-or-later
/* journald's Audit=, read from a tree laid out as systemd lays it out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "os/journaldconf.h"

static char root[64];

static void put(const char *path, const char *text)
{
	unit_put(root, path, text);
}

static void test_audit_setting(void **state)
{
	char file[256], want[256];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/seccompctl-jc-XXXXXX");
	assert_non_null(mkdtemp(root));
	/* nothing: unset */
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), -1);
	assert_string_equal(file, "");
	/* the vendor's file; then /etc's, which hides it wholly (one main file) */
	put("/usr/lib/systemd/journald.conf", "[Journal]\nAudit=no\n");
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), 0);
	put("/etc/systemd/journald.conf", "# Audit=no\n[Journal]\n#Audit=no\nStorage=volatile\n");
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), -1);
	/* a key of another section, and a value journald cannot parse: not it */
	put("/etc/systemd/journald.conf", "[Other]\nAudit=no\n[Journal]\n  Audit = maybe\n");
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), -1);
	/* drop-ins in the order of their names across the directories; /etc's
	 * 10-a.conf hides /usr/lib's */
	put("/usr/lib/systemd/journald.conf.d/10-a.conf", "[Journal]\nAudit=no\n");
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), 0);
	put("/etc/systemd/journald.conf.d/10-a.conf", "[Journal]\nAudit=yes\n");
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), 1);
	snprintf(want, sizeof(want), "%s/etc/systemd/journald.conf.d/10-a.conf", root);
	assert_string_equal(file, want);
	put("/run/systemd/journald.conf.d/20-b.conf", "[Journal]\r\n\tAudit=off\r\n");
	put("/run/systemd/journald.conf.d/15-c.txt", "[Journal]\nAudit=yes\n");	/* not a .conf */
	assert_int_equal(journald_audit_setting(root, file, sizeof(file)), 0);
	snprintf(want, sizeof(want), "%s/run/systemd/journald.conf.d/20-b.conf", root);
	assert_string_equal(file, want);
	snprintf(want, sizeof(want), "rm -rf '%s'", root);
	assert_int_equal(system(want), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_setting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
