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

static size_t live_bytes;

/* bench.h */
size_t heap_counted(void)
{
    return live_bytes;
}

/* --wrap */
void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);

    if (p != NULL) {
        live_bytes += malloc_usable_size(p);
    }
    return p;
}

/* --wrap */
void *__wrap_calloc(size_t count, size_t n)
{
    void *p = __real_calloc(count, n);

    if (p != NULL) {
        live_bytes += malloc_usable_size(p);
    }
    return p;
}

/* --wrap */
void *__wrap_realloc(void *p, size_t n)
{
    size_t old = p != NULL ? malloc_usable_size(p) : 0;
    void *q = __real_realloc(p, n);

    if (q != NULL) {
        live_bytes += malloc_usable_size(q) - old;
    }
    return q;
}

/* --wrap */
void __wrap_free(void *p)
{
    if (p != NULL) {
        live_bytes -= malloc_usable_size(p);
    }
    __real_free(p);
}
