/*
 * Protobuf-style varints, as the Olm and Megolm message formats use them
 * (olm.md §Normal Messages: integers "encoded as a sequence of bytes with the
 * high bit set followed by a byte with the high bit clear").
 * SPDX-License-Identifier: Apache-2.0
 */
#include "core.h"

/*
 * The ACSL contracts below are proved by Frama-C's WP (make prove,
 * docs/proofs.md); to the compiler they are comments.
 */

/* core.h */
/*@ assigns \nothing;
    ensures 1 <= \result <= CQ_VARINT_MAX_BYTES; */
size_t cq_varint_size(uint64_t v)
{
    size_t n = 1;

    /*
     * The bound on n never stops the loop (nine shifts of 7 bits leave at
     * most bit 63, below 0x80: test_core's UINT64_MAX case), but it puts
     * the size limit in the loop itself, where a prover sees it.
     */
    /*@ loop invariant 1 <= n <= CQ_VARINT_MAX_BYTES;
        loop assigns v, n;
        loop variant CQ_VARINT_MAX_BYTES - n; */
    while (v >= 0x80 && n < CQ_VARINT_MAX_BYTES) {
        v >>= 7;
        n++;
    }
    return n;
}

/* spec: olm.md §Normal Messages */
/* core.h */
/*@ requires \valid(out + (0 .. CQ_VARINT_MAX_BYTES - 1));
    assigns out[0 .. CQ_VARINT_MAX_BYTES - 1];
    ensures 1 <= \result <= CQ_VARINT_MAX_BYTES;
    ensures \initialized(out + (0 .. \result - 1)); */
size_t cq_varint_encode(uint8_t *out, uint64_t v)
{
    size_t n = 0;

    /* Bounded like cq_varint_size: at most nine bytes with the high bit. */
    /*@ loop invariant 0 <= n <= CQ_VARINT_MAX_BYTES - 1;
        loop invariant \initialized(out + (0 .. n - 1));
        loop assigns v, n, out[0 .. CQ_VARINT_MAX_BYTES - 2];
        loop variant CQ_VARINT_MAX_BYTES - 1 - n; */
    while (v >= 0x80 && n < CQ_VARINT_MAX_BYTES - 1) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

/* spec: olm.md §Normal Messages */
/* core.h */
/*@ requires \valid_read(in + (0 .. len - 1));
    requires \valid(out);
    assigns *out;
    ensures \result <= len && \result <= CQ_VARINT_MAX_BYTES;
    ensures \result == 0 ==> *out == \old(*out); */
size_t cq_varint_decode(const uint8_t *in, size_t len, uint64_t *out)
{
    uint64_t value = 0;
    size_t i;

    /*@ loop invariant 0 <= i <= CQ_VARINT_MAX_BYTES && i <= len;
        loop assigns i, value;
        loop variant CQ_VARINT_MAX_BYTES - i; */
    for (i = 0; i < len && i < CQ_VARINT_MAX_BYTES; i++) {
        uint64_t group = in[i] & 0x7f;
        unsigned shift = (unsigned)(7 * i);

        /* The tenth byte holds bit 63 only: anything more overflows. */
        if (i == CQ_VARINT_MAX_BYTES - 1 && group > 1) {
            return 0;
        }
        value |= group << shift;
        if ((in[i] & 0x80) == 0) {
            /* Canonical: a final zero group is only allowed on its own. */
            if (in[i] == 0 && i > 0) {
                return 0;
            }
            *out = value;
            return i + 1;
        }
    }
    return 0; /* truncated, or more than 10 bytes */
}
