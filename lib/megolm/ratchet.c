/*
 * The Megolm ratchet: four 32-byte parts R(i,0..3) and a 32-bit counter i.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "megolm.h"

/*
 * spec: megolm.md §Advancing the ratchet: "H_j(A) = HMAC(A, "\x0j")" for
 * j = 0..3: the HMAC key is the part, the message the one-byte seed.
 */
static const uint8_t part_seed[CQ_MEGOLM_PARTS] = { 0x00, 0x01, 0x02, 0x03 };

/* R(to) = H_to(R(from)). from <= to, so reading and writing may alias. */
static void rehash(cq_megolm_ratchet *r, unsigned from, unsigned to)
{
    uint8_t out[CQ_MEGOLM_PART_BYTES];

    cq_hmac_sha256(out, r->data + from * CQ_MEGOLM_PART_BYTES, CQ_MEGOLM_PART_BYTES,
                   &part_seed[to], 1);
    memcpy(r->data + to * CQ_MEGOLM_PART_BYTES, out, sizeof out);
    cq_wipe(out, sizeof out);
}

/* megolm.h */
int cq_megolm_index_at_or_after(uint32_t a, uint32_t b)
{
    /* libolm's rule: (a - b) mod 2^32 < 2^31. Indices are public. */
    return (uint32_t)(a - b) < 0x80000000u;
}

/* spec: megolm.md §The Megolm ratchet algorithm */
/* megolm.h */
void cq_megolm_ratchet_init(cq_megolm_ratchet *r,
                            const uint8_t data[CQ_MEGOLM_RATCHET_BYTES],
                            uint32_t counter)
{
    memmove(r->data, data, CQ_MEGOLM_RATCHET_BYTES);
    r->counter = counter;
}

/* megolm.h */
void cq_megolm_ratchet_advance(cq_megolm_ratchet *r)
{
    unsigned h = 0;
    unsigned k;
    uint32_t mask = 0x00ffffffu;

    r->counter++;
    /*
     * spec: megolm.md §The Megolm ratchet algorithm: "every 2^8 iterations,
     * R_{i,3} is reseeded from R_{i,2}. Every 2^16 iterations, R_{i,2} and
     * R_{i,3} are reseeded from R_{i,1}. Every 2^24 iterations, R_{i,1},
     * R_{i,2} and R_{i,3} are reseeded from R_{i,0}."
     * h is the highest part whose low-order counter bits all rolled over.
     */
    while (h < CQ_MEGOLM_PARTS && (r->counter & mask) != 0) {
        h++;
        mask >>= 8;
    }
    /* R(3) first, R(h) last: every lower part is derived from the old R(h)
     * (when h == 3 this is the plain step R(i,3) = H_3(R(i-1,3))). */
    for (k = CQ_MEGOLM_PARTS; k-- > h;) {
        rehash(r, h, k);
    }
}

/* spec: megolm.md §The Megolm ratchet algorithm */
/* megolm.h */
void cq_megolm_ratchet_advance_to(cq_megolm_ratchet *r, uint32_t index)
{
    unsigned j;

    /*
     * Part j changes once each time counter bits [8(3-j), 32) change. For each
     * part from R(0) down: step R(j) alone until one step remains, then derive
     * R(3)..R(j) from it (which reseeds the lower parts). At most 255 steps a
     * part, so 4 * 254 + (4 + 3 + 2 + 1) = 1026 HMACs in the worst case.
     */
    for (j = 0; j < CQ_MEGOLM_PARTS; j++) {
        unsigned shift = (CQ_MEGOLM_PARTS - 1 - j) * 8;
        uint32_t mask = 0xffffffffu << shift;
        /* The distance in this part's byte, modulo 256: how libolm handles a
         * counter that wraps past 2^32. */
        unsigned steps = ((index >> shift) - (r->counter >> shift)) & 0xffu;
        unsigned k;

        if (steps == 0) {
            continue;
        }
        while (steps > 1) {
            rehash(r, j, j);
            steps--;
        }
        for (k = CQ_MEGOLM_PARTS; k-- > j;) {
            rehash(r, j, k);
        }
        r->counter = index & mask;
    }
}
