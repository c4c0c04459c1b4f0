// SPDX-License-Identifier: LGPL-2.1-or-later
/* JSON lines flattened with json-c, for the readers of journalctl -o json and of seccompctl's own output. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "os/jsonlines.h"

struct flat {
	struct json_flat *j;
	char *arena;
	size_t size, used;
	int err;
};

/* key=value into the arena */
static void add(struct flat *f, const char *key, size_t klen, const char *v, size_t vlen)
{
	struct json_field *jf;

	if (f->err)
		return;
	if (f->j->n == JSON_FLAT_MAX || f->used + klen + 1 + vlen + 1 > f->size) {
		f->err = -E2BIG;
		return;
	}
	jf = &f->j->f[f->j->n++];
	jf->kv = f->arena + f->used;
	jf->klen = klen;
	jf->len = klen + 1 + vlen;
	memcpy(f->arena + f->used, key, klen);
	f->arena[f->used + klen] = '=';
	memcpy(f->arena + f->used + klen + 1, v, vlen);
	f->arena[f->used + jf->len] = '\0';
	f->used += jf->len + 1;
}

/* The journal writes a binary field as an array of its bytes, and a field
 * that has several values as an array of them: the bytes, or the first. */
static void add_array(struct flat *f, const char *key, size_t klen, struct json_object *a)
{
	size_t i, n = json_object_array_length(a);
	char bytes[8192];
	struct json_object *x;

	if (n && json_object_is_type(json_object_array_get_idx(a, 0), json_type_string)) {
		x = json_object_array_get_idx(a, 0);
		add(f, key, klen, json_object_get_string(x), (size_t)json_object_get_string_len(x));
		return;
	}
	if (n > sizeof(bytes))
		n = sizeof(bytes);
	for (i = 0; i < n; i++) {
		int64_t b;

		x = json_object_array_get_idx(a, i);
		if (!json_object_is_type(x, json_type_int) || (b = json_object_get_int64(x)) < 0 || b > 255)
			return;	/* not bytes: nothing a record is made of */
		bytes[i] = (char)b;
	}
	add(f, key, klen, bytes, n);
}

static void walk(struct flat *f, struct json_object *o, const char *prefix, size_t plen)
{
	char key[256], num[64];
	size_t klen;
	int n;

	json_object_object_foreach(o, k, v) {
		size_t kl = strlen(k);

		if (plen + 1 + kl >= sizeof(key))
			continue;
		klen = 0;
		if (plen) {
			memcpy(key, prefix, plen);
			key[plen] = '.';
			klen = plen + 1;
		}
		memcpy(key + klen, k, kl);
		klen += kl;
		key[klen] = '\0';
		switch (json_object_get_type(v)) {
		case json_type_string:
			add(f, key, klen, json_object_get_string(v), (size_t)json_object_get_string_len(v));
			break;
		case json_type_int:
			n = snprintf(num, sizeof(num), "%" PRId64, json_object_get_int64(v));
			add(f, key, klen, num, (size_t)n);
			break;
		case json_type_double:
			n = snprintf(num, sizeof(num), "%.17g", json_object_get_double(v));
			add(f, key, klen, num, (size_t)n);
			break;
		case json_type_boolean:
			add(f, key, klen, json_object_get_boolean(v) ? "true" : "false", json_object_get_boolean(v) ? 4 : 5);
			break;
		case json_type_array:
			add_array(f, key, klen, v);
			break;
		case json_type_object:
			walk(f, v, key, klen);
			break;
		default:	/* null: as if absent */
			break;
		}
	}
}

/* Does the integer of n digits at d fit: up to max (its digits)? */
static bool fits(const char *d, size_t n, const char *max)
{
	size_t m = strlen(max);

	while (n > 1 && *d == '0')
		d++, n--;
	return n < m || (n == m && memcmp(d, max, m) <= 0);
}

ssize_t json_text_overflow(const char *text, size_t len, size_t *numlen)
{
	const char *p = text, *end = text + len, *start, *d;
	bool in_string = false;

	for (; p < end; p++) {
		if (in_string) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				in_string = false;
			continue;
		}
		if (*p == '"') {
			in_string = true;
			continue;
		}
		if (*p != '-' && (*p < '0' || *p > '9'))
			continue;
		start = p;
		d = *p == '-' ? p + 1 : p;
		for (p = d; p < end && *p >= '0' && *p <= '9'; p++)
			;
		/* a fraction or an exponent makes it a double, which json-c keeps as such */
		if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) {
			while (p < end && strchr("0123456789.eE+-", *p))
				p++;
		} else if (p > d && !fits(d, (size_t)(p - d), *start == '-' ? "9223372036854775808" :
							  "18446744073709551615")) {
			*numlen = (size_t)(p - start);
			return start - text;
		}
		p--;
	}
	return -1;
}

int jsonline_flatten(const char *line, size_t len, struct json_flat *j, char *arena, size_t size)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	struct flat f = { j, arena, size, 0, 0 };
	char *copy = NULL;
	size_t at = 0, n;
	ssize_t k;

	j->n = 0;
	j->out_of_range = 0;
	if (!tok)
		return -ENOMEM;
	/* each integer json-c would clamp becomes null (padded: the same length) */
	while ((k = json_text_overflow(line + at, len - at, &n)) >= 0) {
		if (!copy && !(copy = malloc(len))) {
			json_tokener_free(tok);
			return -ENOMEM;
		}
		if (line != copy) {
			memcpy(copy, line, len);
			line = copy;
		}
		memcpy(copy + at + (size_t)k, "null", 4);
		memset(copy + at + (size_t)k + 4, ' ', n - 4);
		at += (size_t)k + n;
		j->out_of_range++;
	}
	o = json_tokener_parse_ex(tok, line, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		json_tokener_free(tok);
		free(copy);
		return -EINVAL;
	}
	walk(&f, o, "", 0);
	json_object_put(o);
	json_tokener_free(tok);
	free(copy);
	return f.err;
}
