/*
 * Bounds-checked byte reader and writer.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "core.h"

/* core.h */
void cq_reader_init(cq_reader *r, const uint8_t *data, size_t len)
{
    r->data = data;
    r->len = data != NULL ? len : 0;
    r->pos = 0;
}

/* core.h */
size_t cq_reader_remaining(const cq_reader *r)
{
    return r->len - r->pos;
}

/* core.h */
int cq_read_view(cq_reader *r, const uint8_t **out, size_t n)
{
    if (n > cq_reader_remaining(r)) {
        return -1;
    }
    *out = r->data + r->pos;
    r->pos += n;
    return 0;
}

/* core.h */
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
int cq_read_u8(cq_reader *r, uint8_t *out)
{
    return cq_read_bytes(r, out, 1);
}

/* core.h */
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
int cq_read_varint(cq_reader *r, uint64_t *out)
{
    size_t used = cq_varint_decode(r->data + r->pos, cq_reader_remaining(r), out);

    if (used == 0) {
        return -1;
    }
    r->pos += used;
    return 0;
}

/* core.h */
void cq_writer_init(cq_writer *w, uint8_t *data, size_t cap)
{
    w->data = data;
    w->cap = data != NULL ? cap : 0;
    w->len = 0;
    w->overflow = 0;
}

/* core.h */
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
void cq_write_bytes(cq_writer *w, const uint8_t *p, size_t n)
{
    uint8_t *dst = cq_write_reserve(w, n);

    if (dst != NULL && n > 0) {
        memcpy(dst, p, n);
    }
}

/* core.h */
void cq_write_u8(cq_writer *w, uint8_t v)
{
    cq_write_bytes(w, &v, 1);
}

/* core.h */
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
void cq_write_varint(cq_writer *w, uint64_t v)
{
    uint8_t b[CQ_VARINT_MAX_BYTES];

    cq_write_bytes(w, b, cq_varint_encode(b, v));
}

/* spec: olm.md §Normal Messages */
/* core.h */
void cq_write_field_varint(cq_writer *w, uint8_t key, uint64_t v)
{
    cq_write_u8(w, key);
    cq_write_varint(w, v);
}

/* spec: olm.md §Normal Messages */
/* core.h */
void cq_write_field_bytes(cq_writer *w, uint8_t key, const uint8_t *p, size_t n)
{
    cq_write_u8(w, key);
    cq_write_varint(w, n);
    cq_write_bytes(w, p, n);
}

/* core.h */
size_t cq_field_varint_size(uint64_t v)
{
    return 1 + cq_varint_size(v);
}

/* core.h */
size_t cq_field_bytes_size(size_t n)
{
    return 1 + cq_varint_size(n) + n;
}
