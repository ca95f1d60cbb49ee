/*
 * Bounds-checked byte reader and writer.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "core.h"

/*
 * The ACSL contracts are proved by Frama-C's WP (make prove,
 * docs/proofs.md): every access in bounds, no position past its end, and a
 * refused read or write changes nothing. To the compiler they are comments.
 */

/* core.h */
/*@ requires \valid(r);
    requires data == \null || \valid_read(data + (0 .. len - 1));
    assigns *r;
    ensures cq_reader_ok(r);
    ensures r->data == data && r->pos == 0 && r->len <= len; */
void cq_reader_init(cq_reader *r, const uint8_t *data, size_t len)
{
    r->data = data;
    r->len = data != NULL ? len : 0;
    r->pos = 0;
}

/* core.h */
/*@ requires \valid_read(r);
    assigns \nothing;
    ensures r->pos <= r->len ==> \result == r->len - r->pos;
    ensures r->pos > r->len ==> \result == 0; */
size_t cq_reader_remaining(const cq_reader *r)
{
    /* No reader call moves pos past len; a caller that sets pos by hand
     * and overshoots gets an empty reader rather than a wrapped count. */
    return r->pos <= r->len ? r->len - r->pos : 0;
}

/* core.h */
/*@ requires cq_reader_ok(r) && \valid(out);
    requires \separated(r, out);
    assigns r->pos, *out;
    behavior ok:
      assumes r->pos <= r->len && n <= r->len - r->pos;
      ensures \result == 0 && r->pos == \old(r->pos) + n && r->pos <= r->len;
      ensures *out == r->data + \old(r->pos);
      ensures \valid_read(*out + (0 .. n - 1));
    behavior refused:
      assumes !(r->pos <= r->len && n <= r->len - r->pos);
      assigns \nothing;
      ensures \result == -1 && r->pos == \old(r->pos);
    complete behaviors;
    disjoint behaviors; */
int cq_read_view(cq_reader *r, const uint8_t **out, size_t n)
{
    /*
     * Checked on pos itself, not on a count derived from it, so that the
     * bound "pos + n <= len" is visible to a static analyser at every read
     * (docs/proofs.md): this is the one place where input bytes are reached.
     */
    if (r->pos > r->len || n > r->len - r->pos) {
        return -1;
    }
    *out = r->data + r->pos;
    r->pos += n;
    return 0;
}

/* core.h */
/*@ requires cq_reader_ok(r) && \valid(out + (0 .. n - 1));
    requires \separated(r, out + (0 .. n - 1));
    requires \separated(out + (0 .. n - 1), r->data + (0 .. r->len - 1));
    assigns r->pos, out[0 .. n - 1];
    behavior ok:
      assumes r->pos <= r->len && n <= r->len - r->pos;
      ensures \result == 0 && r->pos == \old(r->pos) + n && r->pos <= r->len;
    behavior refused:
      assumes !(r->pos <= r->len && n <= r->len - r->pos);
      ensures \result == -1 && r->pos == \old(r->pos);
    complete behaviors;
    disjoint behaviors; */
int cq_read_bytes(cq_reader *r, uint8_t *out, size_t n)
{
    const uint8_t *p;

    if (cq_read_view(r, &p, n) != 0) {
        return -1;
    }
    if (n > 0) {
        memcpy(out, p, n);
    }
    return 0;
}

/* core.h */
/*@ requires cq_reader_ok(r) && \valid(out) && \separated(r, out);
    requires \separated(out, r->data + (0 .. r->len - 1));
    assigns r->pos, *out;
    behavior ok:
      assumes r->pos < r->len;
      ensures \result == 0 && r->pos == \old(r->pos) + 1;
    behavior refused:
      assumes r->pos >= r->len;
      ensures \result == -1 && r->pos == \old(r->pos);
    complete behaviors;
    disjoint behaviors; */
int cq_read_u8(cq_reader *r, uint8_t *out)
{
    return cq_read_bytes(r, out, 1);
}

/* core.h */
/*@ requires cq_reader_ok(r) && \valid(out) && \separated(r, out);
    assigns r->pos, *out;
    behavior ok:
      assumes r->pos <= r->len && 4 <= r->len - r->pos;
      ensures \result == 0 && r->pos == \old(r->pos) + 4;
    behavior refused:
      assumes !(r->pos <= r->len && 4 <= r->len - r->pos);
      ensures \result == -1 && r->pos == \old(r->pos) && *out == \old(*out);
    complete behaviors;
    disjoint behaviors; */
int cq_read_u32_be(cq_reader *r, uint32_t *out)
{
    const uint8_t *p;

    if (cq_read_view(r, &p, 4) != 0) {
        return -1;
    }
    *out = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
    return 0;
}

/* spec: olm.md §Normal Messages */
/* core.h */
/*@ requires cq_reader_ok(r) && \valid(out) && \separated(r, out);
    assigns r->pos, *out;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> \old(r->pos) < r->pos <= r->len &&
                             r->pos <= \old(r->pos) + CQ_VARINT_MAX_BYTES;
    ensures \result == -1 ==> r->pos == \old(r->pos); */
int cq_read_varint(cq_reader *r, uint64_t *out)
{
    /*
     * The varint's bytes (up to the first one without a continuation bit,
     * at most CQ_VARINT_MAX_BYTES) are taken through the bounds-checked
     * reader, so the decoder only ever sees bytes the reader has vouched
     * for; if the decoder refuses them, the position goes back.
     */
    const size_t start = r->pos;
    uint8_t b[CQ_VARINT_MAX_BYTES];
    size_t n = 0;

    /*@ loop invariant 0 <= n <= CQ_VARINT_MAX_BYTES;
        loop invariant r->pos == start + n;
        loop invariant n > 0 ==> r->pos <= r->len;
        loop assigns n, r->pos, b[0 .. CQ_VARINT_MAX_BYTES - 1];
        loop variant CQ_VARINT_MAX_BYTES - n; */
    while (n < CQ_VARINT_MAX_BYTES && cq_read_u8(r, &b[n]) == 0) {
        n++;
        if ((b[n - 1] & 0x80) == 0) {
            break;
        }
    }
    if (n == 0 || cq_varint_decode(b, n, out) != n) {
        r->pos = start;
        return -1;
    }
    return 0;
}

/* core.h */
/*@ requires \valid(w);
    requires data == \null || \valid(data + (0 .. cap - 1));
    assigns *w;
    ensures cq_writer_ok(w);
    ensures w->data == data && w->len == 0 && w->overflow == 0 && w->cap <= cap; */
void cq_writer_init(cq_writer *w, uint8_t *data, size_t cap)
{
    w->data = data;
    w->cap = data != NULL ? cap : 0;
    w->len = 0;
    w->overflow = 0;
}

/* core.h */
/*@ requires cq_writer_ok(w);
    assigns w->len, w->overflow;
    ensures cq_writer_ok(w);
    behavior ok:
      assumes w->overflow == 0 && n <= w->cap - w->len;
      ensures \result == w->data + \old(w->len) && w->len == \old(w->len) + n;
      ensures \valid(\result + (0 .. n - 1));
    behavior overflow:
      assumes !(w->overflow == 0 && n <= w->cap - w->len);
      ensures \result == \null && w->len == \old(w->len) && w->overflow == 1;
    complete behaviors;
    disjoint behaviors; */
uint8_t *cq_write_reserve(cq_writer *w, size_t n)
{
    uint8_t *p;

    if (w->overflow || n > w->cap - w->len) {
        w->overflow = 1;
        return NULL;
    }
    p = w->data + w->len;
    w->len += n;
    return p;
}

/* core.h */
/*@ requires cq_writer_ok(w);
    requires \valid_read(p + (0 .. n - 1));
    requires \separated(w, w->data + (0 .. w->cap - 1));
    requires \separated(w->data + (0 .. w->cap - 1), p + (0 .. n - 1));
    assigns w->len, w->overflow, w->data[0 .. w->cap - 1];
    ensures cq_writer_ok(w) && w->len >= \old(w->len); */
void cq_write_bytes(cq_writer *w, const uint8_t *p, size_t n)
{
    uint8_t *dst = cq_write_reserve(w, n);

    if (dst != NULL && n > 0) {
        memcpy(dst, p, n);
    }
}

/* core.h */
/*@ requires cq_writer_ok(w);
    requires \separated(w, w->data + (0 .. w->cap - 1));
    assigns w->len, w->overflow, w->data[0 .. w->cap - 1];
    ensures cq_writer_ok(w) && w->len >= \old(w->len); */
void cq_write_u8(cq_writer *w, uint8_t v)
{
    cq_write_bytes(w, &v, 1);
}

/* core.h */
/*@ requires cq_writer_ok(w);
    requires \separated(w, w->data + (0 .. w->cap - 1));
    assigns w->len, w->overflow, w->data[0 .. w->cap - 1];
    ensures cq_writer_ok(w) && w->len >= \old(w->len); */
void cq_write_u32_be(cq_writer *w, uint32_t v)
{
    uint8_t b[4];

    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
    cq_write_bytes(w, b, 4);
}

/* core.h */
/*@ requires cq_writer_ok(w);
    requires \separated(w, w->data + (0 .. w->cap - 1));
    assigns w->len, w->overflow, w->data[0 .. w->cap - 1];
    ensures cq_writer_ok(w) && w->len >= \old(w->len); */
void cq_write_varint(cq_writer *w, uint64_t v)
{
    uint8_t b[CQ_VARINT_MAX_BYTES];

    cq_write_bytes(w, b, cq_varint_encode(b, v));
}

/* spec: olm.md §Normal Messages */
/* core.h */
/*@ requires cq_writer_ok(w);
    requires \separated(w, w->data + (0 .. w->cap - 1));
    assigns w->len, w->overflow, w->data[0 .. w->cap - 1];
    ensures cq_writer_ok(w) && w->len >= \old(w->len); */
void cq_write_field_varint(cq_writer *w, uint8_t key, uint64_t v)
{
    cq_write_u8(w, key);
    cq_write_varint(w, v);
}

/* spec: olm.md §Normal Messages */
/* core.h */
/*@ requires cq_writer_ok(w);
    requires \valid_read(p + (0 .. n - 1));
    requires \separated(w, w->data + (0 .. w->cap - 1));
    requires \separated(w->data + (0 .. w->cap - 1), p + (0 .. n - 1));
    assigns w->len, w->overflow, w->data[0 .. w->cap - 1];
    ensures cq_writer_ok(w) && w->len >= \old(w->len); */
void cq_write_field_bytes(cq_writer *w, uint8_t key, const uint8_t *p, size_t n)
{
    cq_write_u8(w, key);
    cq_write_varint(w, n);
    cq_write_bytes(w, p, n);
}

/* core.h */
/*@ assigns \nothing;
    ensures 2 <= \result <= 1 + CQ_VARINT_MAX_BYTES; */
size_t cq_field_varint_size(uint64_t v)
{
    return 1 + cq_varint_size(v);
}

/* core.h */
/*@ requires n <= SIZE_MAX - 1 - CQ_VARINT_MAX_BYTES;
    assigns \nothing;
    ensures n + 2 <= \result <= n + 1 + CQ_VARINT_MAX_BYTES; */
size_t cq_field_bytes_size(size_t n)
{
    return 1 + cq_varint_size(n) + n;
}
