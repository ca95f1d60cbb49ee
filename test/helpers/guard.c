/*
 * Guard-page buffers (guard.h). Layout of one mapping, for a page size P:
 *
 *   [ n / P + 1 readable pages: canary ... the n bytes ][ one PROT_NONE page ]
 *
 * The buffer's end is the guard page's start. There is always at least one
 * readable page, so the canary has room and n = 0 works.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers/guard.h"

#define CQT_GUARD_FILL 0xA5
#define CQT_GUARD_CANARY 0x5A

static size_t page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);

    return p > 0 ? (size_t)p : 4096;
}

static size_t data_bytes(size_t n)
{
    return (n / page_size() + 1) * page_size();
}

/* guard.h */
void *cqt_guard_alloc(size_t n)
{
    size_t data = data_bytes(n);
    uint8_t *base;

    base = mmap(NULL, data + page_size(), PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(base != MAP_FAILED);
    assert_int_equal(mprotect(base + data, page_size(), PROT_NONE), 0);
    memset(base, CQT_GUARD_CANARY, data - n);
    memset(base + data - n, CQT_GUARD_FILL, n);
    return base + data - n;
}

/* guard.h */
void *cqt_guard_copy(const void *src, size_t n)
{
    void *p = cqt_guard_alloc(n);

    if (n > 0) {
        memcpy(p, src, n);
    }
    return p;
}

/* guard.h */
int cqt_guard_free(void *p, size_t n)
{
    size_t data = data_bytes(n);
    uint8_t *base;
    int rc = 0;

    if (p == NULL) {
        return 0;
    }
    base = (uint8_t *)p + n - data;
    for (size_t i = 0; i < data - n; i++) {
        rc |= base[i] != CQT_GUARD_CANARY ? -1 : 0;
    }
    munmap(base, data + page_size());
    return rc;
}
