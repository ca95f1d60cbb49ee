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

/* ACSL contracts: proved by WP (make prove, docs/proofs.md). */

/* core.h */
/*@ requires p == \null || \valid((char *)p + (0 .. n - 1));
    assigns ((char *)p)[0 .. n - 1]; */
void cq_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0) {
        sodium_memzero(p, n);
    }
}

/* core.h */
/*@ requires \valid_read(a + (0 .. n - 1)) && \valid_read(b + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == -1;
    ensures n == 0 ==> \result == 0; */
int cq_ct_memcmp(const uint8_t *a, const uint8_t *b, size_t n)
{
    /* sodium_memcmp reads all n bytes whatever they hold. */
    if (n == 0) {
        return 0;
    }
    return sodium_memcmp(a, b, n);
}

/* core.h */
/*@ requires \valid_read(p + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1; */
int cq_ct_is_zero(const uint8_t *p, size_t n)
{
    return sodium_is_zero(p, n);
}
