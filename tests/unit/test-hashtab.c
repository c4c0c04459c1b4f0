// SPDX-License-Identifier: LGPL-2.1-or-later
/* The one hash table: against a plain array, through growth, removal and wrap-around. */
#include "unit.h"

#include "model/hashtab.h"

struct ent {
	uint32_t key;
	uint32_t value;
};

/* a poor hash on purpose: runs form, and wrap past the table's end */
static uint64_t poor_hash(uint32_t key)
{
	return key % 7 == 0 ? 63 : key;
}

static uint64_t ent_hash(const void *e)
{
	return poor_hash(((const struct ent *)e)->key);
}

static bool ent_eq(const void *e, const void *key)
{
	return ((const struct ent *)e)->key == *(const uint32_t *)key;
}

static bool odd_value(void *e, void *data)
{
	(*(size_t *)data)++;
	return ((struct ent *)e)->value % 2 == 1;
}

static void test_against_an_array(void **state)
{
	static uint32_t ref[4096];	/* value + 1 per key, 0: absent */
	struct htab h;
	uint32_t key, seed = 12345;
	size_t i, asked, n;
	struct ent *e;
	bool found;

	assert_int_equal(htab_init(&h, sizeof(struct ent), 64, ent_hash), 0);
	for (int round = 0; round < 20; round++) {
		for (i = 0; i < 300; i++) {
			seed = seed * 1103515245 + 12345;
			key = (seed >> 8) % 4096;
			e = htab_insert(&h, poor_hash(key), ent_eq, &key, &found);
			assert_non_null(e);
			assert_int_equal(found, ref[key] != 0);
			if (!found)
				e->key = key;
			e->value = seed >> 20;
			ref[key] = e->value + 1;
			assert_true(h.n * 2 <= h.cap);
		}
		/* take out the odd values: every entry is asked, some twice */
		asked = 0;
		htab_remove_if(&h, odd_value, &asked);
		assert_true(asked >= h.n);
		for (key = 0; key < 4096; key++)
			if (ref[key] && (ref[key] - 1) % 2 == 1)
				ref[key] = 0;
		for (key = 0, n = 0; key < 4096; key++) {
			e = htab_find(&h, poor_hash(key), ent_eq, &key);
			if (!ref[key]) {
				assert_null(e);
				continue;
			}
			n++;
			assert_non_null(e);
			assert_int_equal(e->value + 1, ref[key]);
		}
		assert_int_equal(n, h.n);
		for (i = 0, n = 0; (e = htab_next(&h, &i)); n++)
			assert_int_equal(e->value + 1, ref[e->key]);
		assert_int_equal(n, h.n);
	}
	htab_clear(&h);
	assert_int_equal(h.n, 0);
	key = 7;
	assert_null(htab_find(&h, poor_hash(key), ent_eq, &key));
	htab_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_an_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
