/*
 * Constant-time comparisons and wiping.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <sodium.h>

#include "core.h"

/* core.h. Not inlined: its array must lie below its caller's frame. */
__attribute__((noinline)) void cq_wipe_stack(void)
{
    uint8_t below[CQ_WIPE_STACK_BYTES];

    sodium_memzero(below, sizeof below);
}

/* core.h */
void cq_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0) {
        sodium_memzero(p, n);
    }
}

/* core.h */
int cq_ct_memcmp(const uint8_t *a, const uint8_t *b, size_t n)
{
    /* sodium_memcmp reads all n bytes whatever they hold. */
    if (n == 0) {
        return 0;
    }
    return sodium_memcmp(a, b, n);
}

/* core.h */
int cq_ct_is_zero(const uint8_t *p, size_t n)
{
    return sodium_is_zero(p, n);
}
