/*
 * See stack_scan.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>
#include <valgrind/memcheck.h>

#include "stack_scan.h"

/* Deeper than any operation below goes (the largest, an Olm decryption,
 * keeps two copies of a ratchet and a bitsliced AES context). */
#define AREA_BYTES (96 * 1024)
/* The operations run this far below the test's frame: scan()'s own frame,
 * which lands at the top of the area, stays within this gap. */
#define GAP_BYTES 4096
#define PIECE 16

/* Where the painted area starts (an address kept as a number: the array it
 * points into is dead by the time it is read, on purpose). */
static uintptr_t area_addr;

/* Zeroes AREA_BYTES of stack below the caller's frame and remembers where. */
__attribute__((noinline)) void cqt_paint(void)
{
    volatile uint8_t buf[AREA_BYTES];
    size_t i;

    for (i = 0; i < sizeof buf; i++) {
        buf[i] = 0;
    }
    area_addr = (uintptr_t)buf;
}

/* Runs op GAP_BYTES below the caller's frame, inside the painted area. */
__attribute__((noinline)) cliquet_status cqt_descend(cqt_operation op)
{
    volatile uint8_t gap[GAP_BYTES];
    cliquet_status st;

    gap[0] = 0;
    st = op();
    /* Read after the call, so the gap is live across it. */
    return gap[0] == 0 ? st : CLIQUET_ERR_INVALID_ARGUMENT;
}

void cqt_secret_add(cqt_secrets *s, const char *name, const uint8_t *p, size_t n)
{
    assert_true(s->count < CQT_MAX_SECRETS && n >= PIECE);
    s->name[s->count] = name;
    s->p[s->count] = p;
    s->n[s->count] = n;
    s->count++;
}

/*
 * Counts the places in the painted area where a 16-byte piece of a secret
 * (taken every 16 bytes, and the last 16) lies, printing each. Its own
 * frame lands at the top of the area, in the gap descend() left.
 */
size_t cqt_scan(const cqt_secrets *s, const char *what)
{
    volatile const uint8_t *area = (volatile const uint8_t *)area_addr;
    size_t found = 0, k, off, at, j;

    /* Dead stack is undefined to valgrind; its bytes are what is looked at. */
    (void)VALGRIND_MAKE_MEM_DEFINED(area_addr, AREA_BYTES);
    for (k = 0; k < s->count; k++) {
        for (off = 0; off + PIECE <= s->n[k]; off += (s->n[k] - off >= 2 * PIECE ||
                                                      s->n[k] - off == PIECE)
                                                         ? PIECE
                                                         : s->n[k] - off - PIECE) {
            const uint8_t *piece = s->p[k] + off;

            for (at = 0; at + PIECE <= AREA_BYTES; at++) {
                for (j = 0; j < PIECE && area[at + j] == piece[j]; j++) {
                }
                if (j == PIECE) {
                    print_message("%s: %s bytes %zu..%zu left on the stack\n", what,
                                s->name[k], off, off + PIECE - 1);
                    found++;
                }
            }
            if (off + PIECE == s->n[k]) {
                break;
            }
        }
    }
    return found;
}
