/*
 * Protobuf-style varints, as the Olm and Megolm message formats use them
 * (olm.md §Normal Messages: integers "encoded as a sequence of bytes with the
 * high bit set followed by a byte with the high bit clear").
 * SPDX-License-Identifier: Apache-2.0
 */
#include "core.h"

/* core.h */
size_t cq_varint_size(uint64_t v)
{
    size_t n = 1;

    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

/* spec: olm.md §Normal Messages */
/* core.h */
size_t cq_varint_encode(uint8_t *out, uint64_t v)
{
    size_t n = 0;

    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

/* spec: olm.md §Normal Messages */
/* core.h */
size_t cq_varint_decode(const uint8_t *in, size_t len, uint64_t *out)
{
    uint64_t value = 0;
    size_t i;

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
