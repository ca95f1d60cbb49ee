/*
 * See alloc.h. Single-threaded: the programs that use it make no threads.
 * Scanning (the zeroisation check) keeps its table here, in the test
 * program: the library has no hook and no state for it.
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

static void remember(const void *p, size_t n);
static void inspect(const void *p);

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
    void *p = refuse(n) ? NULL : made(__real_malloc(n));

    remember(p, n);
    return p;
}

void *__wrap_calloc(size_t count, size_t n)
{
    /* The size asked for; an overflowing product counts as SIZE_MAX. */
    size_t total = (n != 0 && count > (size_t)-1 / n) ? (size_t)-1 : count * n;

    void *p = refuse(total) ? NULL : made(__real_calloc(count, n));

    remember(p, total);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;

    if (refuse(n)) {
        return NULL;
    }
    /* realloc may move the block and free the old one unread: judged
     * here as if freed. */
    inspect(p);
    q = __real_realloc(p, n);
    if (counting && p == NULL && q != NULL) {
        stats.live++;
    }
    remember(q, n);
    return q;
}

void __wrap_free(void *p)
{
    if (counting && p != NULL) {
        stats.live--;
    }
    inspect(p);
    __real_free(p);
}

/* ---- the zeroisation check (alloc.h) ---------------------------------- */

#define SCAN_SLOTS 4096

typedef struct scan_slot {
    const unsigned char *p;
    size_t n;
} scan_slot;

static int scanning;
static scan_slot slots[SCAN_SLOTS];
static cqt_scan_stats scan;

void cqt_scan_begin(void)
{
    for (size_t i = 0; i < SCAN_SLOTS; i++) {
        slots[i].p = NULL;
    }
    scan = (cqt_scan_stats){0, 0, 0, 0, 0, 0};
    scanning = 1;
}

cqt_scan_stats cqt_scan_now(void)
{
    return scan;
}

cqt_scan_stats cqt_scan_end(size_t *live)
{
    size_t n = 0;

    scanning = 0;
    for (size_t i = 0; i < SCAN_SLOTS; i++) {
        n += slots[i].p != NULL;
        slots[i].p = NULL;
    }
    if (live != NULL) {
        *live = n;
    }
    return scan;
}

static void remember(const void *p, size_t n)
{
    if (!scanning || p == NULL) {
        return;
    }
    for (size_t i = 0; i < SCAN_SLOTS; i++) {
        if (slots[i].p == NULL) {
            slots[i].p = p;
            slots[i].n = n;
            return;
        }
    }
    scan.overflow++;
}

/* Reads every byte of a block about to go back to libc, if it is known. */
static void inspect(const void *p)
{
    if (!scanning || p == NULL) {
        return;
    }
    for (size_t i = 0; i < SCAN_SLOTS; i++) {
        if (slots[i].p == p) {
            scan.freed++;
            for (size_t k = 0; k < slots[i].n; k++) {
                if (slots[i].p[k] != 0) {
                    scan.dirty++;
                    scan.last_size = slots[i].n;
                    scan.last_offset = k;
                    break;
                }
            }
            slots[i].p = NULL;
            return;
        }
    }
    scan.untracked++;
}
