// SPDX-License-Identifier: LGPL-2.1-or-later
/* libbpf, opened the first time the decision observer needs it. */
#include "os/bpflib.h"
#include "os/dynlib.h"

/* Each function: a pointer of the wrapper's own type, and the wrapper. */
#define LAZY(name) static __typeof__(bpflib_##name) *p_##name
LAZY(bpf_object__open_skeleton);
LAZY(bpf_object__load_skeleton);
LAZY(bpf_object__attach_skeleton);
LAZY(bpf_object__detach_skeleton);
LAZY(bpf_object__destroy_skeleton);
LAZY(ring_buffer__new);
LAZY(ring_buffer__consume);
LAZY(ring_buffer__epoll_fd);
LAZY(ring_buffer__free);
LAZY(bpf_map__fd);
LAZY(bpf_map_lookup_elem);
LAZY(bpf_map_get_next_key);
LAZY(libbpf_num_possible_cpus);
LAZY(libbpf_set_print);

int bpflib_open(char *why, size_t size)
{
	static struct dynlib lib = { "libbpf.so.1", "too old a libbpf (1.0 or later is needed)", NULL };
	static const struct {
		const char *name;
		void **fn;
	} fns[] = {
#define FN(name) { #name, (void **)&p_##name }
		FN(bpf_object__open_skeleton), FN(bpf_object__load_skeleton), FN(bpf_object__attach_skeleton),
		FN(bpf_object__detach_skeleton), FN(bpf_object__destroy_skeleton), FN(ring_buffer__new),
		FN(ring_buffer__consume), FN(ring_buffer__epoll_fd), FN(ring_buffer__free), FN(bpf_map__fd),
		FN(bpf_map_lookup_elem), FN(bpf_map_get_next_key), FN(libbpf_num_possible_cpus),
		FN(libbpf_set_print),
#undef FN
	};
	size_t i;
	int r;

	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if ((r = dynlib_function(&lib, fns[i].name, fns[i].fn, why, size)) < 0)
			return r;
	return 0;
}

int bpflib_bpf_object__open_skeleton(struct bpf_object_skeleton *s, const struct bpf_object_open_opts *opts)
{
	return p_bpf_object__open_skeleton(s, opts);
}

int bpflib_bpf_object__load_skeleton(struct bpf_object_skeleton *s)
{
	return p_bpf_object__load_skeleton(s);
}

int bpflib_bpf_object__attach_skeleton(struct bpf_object_skeleton *s)
{
	return p_bpf_object__attach_skeleton(s);
}

void bpflib_bpf_object__detach_skeleton(struct bpf_object_skeleton *s)
{
	p_bpf_object__detach_skeleton(s);
}

void bpflib_bpf_object__destroy_skeleton(struct bpf_object_skeleton *s)
{
	p_bpf_object__destroy_skeleton(s);
}

struct ring_buffer *bpflib_ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
					    const struct ring_buffer_opts *opts)
{
	return p_ring_buffer__new(map_fd, sample_cb, ctx, opts);
}

int bpflib_ring_buffer__consume(struct ring_buffer *rb)
{
	return p_ring_buffer__consume(rb);
}

int bpflib_ring_buffer__epoll_fd(const struct ring_buffer *rb)
{
	return p_ring_buffer__epoll_fd(rb);
}

void bpflib_ring_buffer__free(struct ring_buffer *rb)
{
	p_ring_buffer__free(rb);
}

int bpflib_bpf_map__fd(const struct bpf_map *map)
{
	return p_bpf_map__fd(map);
}

int bpflib_bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return p_bpf_map_lookup_elem(fd, key, value);
}

int bpflib_bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	return p_bpf_map_get_next_key(fd, key, next_key);
}

int bpflib_libbpf_num_possible_cpus(void)
{
	return p_libbpf_num_possible_cpus();
}

libbpf_print_fn_t bpflib_libbpf_set_print(libbpf_print_fn_t fn)
{
	return p_libbpf_set_print(fn);
}
