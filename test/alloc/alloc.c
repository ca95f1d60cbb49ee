/*
 * See alloc.h. Single-threaded: the programs that use it make no threads.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>

#include "alloc.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t count, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t count, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static int counting;
static size_t fail_at_call;
static size_t refuse_bytes;
static cqt_alloc_stats stats;

void cqt_alloc_begin(size_t fail_at, size_t refuse_above)
{
    stats = (cqt_alloc_stats){0, 0, 0, 0};
    fail_at_call = fail_at;
    refuse_bytes = refuse_above;
    counting = 1;
}

cqt_alloc_stats cqt_alloc_end(void)
{
    counting = 0;
    return stats;
}

/* 1 if this allocation of n bytes is to be refused (and counts it). */
static int refuse(size_t n)
{
    if (!counting) {
        return 0;
    }
    stats.calls++;
    if (n > stats.largest) {
        stats.largest = n;
    }
    if ((fail_at_call != 0 && stats.calls == fail_at_call) || n > refuse_bytes) {
        stats.failed++;
        return 1;
    }
    return 0;
}

static void *made(void *p)
{
    if (counting && p != NULL) {
        stats.live++;
    }
    return p;
}

void *__wrap_malloc(size_t n)
{
    return refuse(n) ? NULL : made(__real_malloc(n));
}

void *__wrap_calloc(size_t count, size_t n)
{
    /* The size asked for; an overflowing product counts as SIZE_MAX. */
    size_t total = (n != 0 && count > (size_t)-1 / n) ? (size_t)-1 : count * n;

    return refuse(total) ? NULL : made(__real_calloc(count, n));
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;

    if (refuse(n)) {
        return NULL;
    }
    q = __real_realloc(p, n);
    if (counting && p == NULL && q != NULL) {
        stats.live++;
    }
    return q;
}

void __wrap_free(void *p)
{
    if (counting && p != NULL) {
        stats.live--;
    }
    __real_free(p);
}
