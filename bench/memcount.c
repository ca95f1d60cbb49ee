/*
 * bench: a heap byte counter. The bench is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free, so every
 * allocation made by the bench's own code and by libcliquet.a (linked
 * statically) passes through here. libolm allocates nothing itself: its
 * callers allocate olm_*_size() bytes, and the bench does that with
 * malloc, so both libraries are counted by the same rule (usable bytes of
 * each live block, as malloc_usable_size reports them).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>

#include "bench.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t count, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t count, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* Atomic: the threaded scale scenarios allocate from several threads. */
static atomic_size_t live_bytes;

static void count_bytes(size_t add, size_t sub)
{
    atomic_fetch_add_explicit(&live_bytes, add, memory_order_relaxed);
    atomic_fetch_sub_explicit(&live_bytes, sub, memory_order_relaxed);
}

/* bench.h */
size_t heap_counted(void)
{
    return atomic_load_explicit(&live_bytes, memory_order_relaxed);
}

/* --wrap */
void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);

    if (p != NULL) {
        count_bytes(malloc_usable_size(p), 0);
    }
    return p;
}

/* --wrap */
void *__wrap_calloc(size_t count, size_t n)
{
    void *p = __real_calloc(count, n);

    if (p != NULL) {
        count_bytes(malloc_usable_size(p), 0);
    }
    return p;
}

/* --wrap */
void *__wrap_realloc(void *p, size_t n)
{
    size_t old = p != NULL ? malloc_usable_size(p) : 0;
    void *q = __real_realloc(p, n);

    if (q != NULL) {
        count_bytes(malloc_usable_size(q), old);
    }
    return q;
}

/* --wrap */
void __wrap_free(void *p)
{
    if (p != NULL) {
        count_bytes(0, malloc_usable_size(p));
    }
    __real_free(p);
}
