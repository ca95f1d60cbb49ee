/*
 * The stack scan of test_stack_wipe.c and test_stack_wipe_more.c: after a
 * secret operation returns, its dead stack frames must hold no copy of the
 * secrets it derived. cqt_paint() zeroes an area of stack below the
 * caller's frame; cqt_descend() runs the operation inside that area;
 * cqt_scan() then looks there for every 16-byte piece of each secret
 * registered with cqt_secret_add(). cqt_paint, cqt_descend and cqt_scan
 * must be called from the same (the test's) frame.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_STACK_SCAN_H
#define CQT_STACK_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"

#define CQT_MAX_SECRETS 16

typedef cliquet_status (*cqt_operation)(void);

typedef struct cqt_secrets {
    const uint8_t *p[CQT_MAX_SECRETS];
    size_t n[CQT_MAX_SECRETS];
    const char *name[CQT_MAX_SECRETS];
    size_t count;
} cqt_secrets;

void cqt_paint(void);
cliquet_status cqt_descend(cqt_operation op);
/* Registers p[0..n) (n >= 16) as a secret to look for under name. */
void cqt_secret_add(cqt_secrets *s, const char *name, const uint8_t *p, size_t n);
/* The number of places in the area where a piece of a secret lies (each
 * printed, prefixed with what). */
size_t cqt_scan(const cqt_secrets *s, const char *what);

#endif /* CQT_STACK_SCAN_H */
