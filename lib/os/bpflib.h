/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbpf, opened the first time the decision observer needs it. */
#pragma once

#include <stddef.h>

/*
 * Only `tail --source=bpf` loads BPF programs, so libbpf (and the libelf
 * and zlib it links) is opened then (os/dynlib.c), not at every start.
 * Including this header instead of libbpf's renames the functions this
 * project calls to wrappers of the same prototype that call through the
 * loaded library; a generated skeleton included after it calls them too.
 */
#define bpf_object__open_skeleton bpflib_bpf_object__open_skeleton
#define bpf_object__load_skeleton bpflib_bpf_object__load_skeleton
#define bpf_object__attach_skeleton bpflib_bpf_object__attach_skeleton
#define bpf_object__detach_skeleton bpflib_bpf_object__detach_skeleton
#define bpf_object__destroy_skeleton bpflib_bpf_object__destroy_skeleton
#define ring_buffer__new bpflib_ring_buffer__new
#define ring_buffer__consume bpflib_ring_buffer__consume
#define ring_buffer__epoll_fd bpflib_ring_buffer__epoll_fd
#define ring_buffer__free bpflib_ring_buffer__free
#define bpf_map__fd bpflib_bpf_map__fd
#define bpf_map_lookup_elem bpflib_bpf_map_lookup_elem
#define bpf_map_get_next_key bpflib_bpf_map_get_next_key
#define libbpf_num_possible_cpus bpflib_libbpf_num_possible_cpus
#define libbpf_set_print bpflib_libbpf_set_print

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* Every function above resolved: 0, or -errno with why (no libbpf.so.1,
 * or one without a function). Before any of them is called. */
int bpflib_open(char *why, size_t size);
