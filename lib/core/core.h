/*
 * lib/core: the bottom layer. Bounds-checked byte reader and writer,
 * protobuf-style varints, strict unpadded base64, constant-time helpers and
 * wiping. It depends on libsodium and nothing else of cliquet's.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_CORE_H
#define CLIQUET_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"

/* ---- wiping ------------------------------------------------------------ */

/* Overwrites n bytes with zeros in a way the compiler cannot remove. */
void cq_wipe(void *p, size_t n);

/*
 * Wipes CQ_WIPE_STACK_BYTES of stack below the caller's frame: where the
 * frames of the functions it called last were. For helpers whose frames
 * the compiler fills with secrets it never names (the AES key schedule's
 * words passed as arguments and spilled at -O0); test/test_stack_wipe.c
 * finds them.
 */
#define CQ_WIPE_STACK_BYTES 4096
void cq_wipe_stack(void);

/* ---- constant-time helpers -------------------------------------------- */

/*
 * These run in time independent of their arguments' values: no branch, no
 * memory index depends on them. They are the only place where masks are
 * built; code elsewhere composes them rather than writing its own tricks.
 */

/* 0xff..ff if a == b, else 0. */
static inline uint32_t cq_ct_eq_u32(uint32_t a, uint32_t b)
{
    uint32_t x = a ^ b;
    /* (x | -x) has its top bit set exactly when x != 0. */
    return ((x | (0u - x)) >> 31) - 1u;
}

/* 0xff..ff if a < b, else 0 (unsigned). */
static inline uint32_t cq_ct_lt_u32(uint32_t a, uint32_t b)
{
    /* The borrow of a - b, computed over 64 bits. */
    return (uint32_t)(0u - (uint32_t)(((uint64_t)a - (uint64_t)b) >> 63));
}

/* mask ? a : b, for a mask that is all ones or all zeros. */
static inline uint32_t cq_ct_select_u32(uint32_t mask, uint32_t a, uint32_t b)
{
    return (a & mask) | (b & ~mask);
}

/* 0 if the n bytes at a and b are equal, -1 otherwise; constant time. */
int cq_ct_memcmp(const uint8_t *a, const uint8_t *b, size_t n);

/* 1 if the n bytes at p are all zero, 0 otherwise; constant time. */
int cq_ct_is_zero(const uint8_t *p, size_t n);

/* ---- byte reader -------------------------------------------------------- */

/*
 * A reader never reads past its end: each call checks the bytes remaining
 * first and, on failure, leaves the position where it was and returns -1.
 */
typedef struct cq_reader {
    const uint8_t *data;
    size_t len;
    size_t pos;
} cq_reader;

void cq_reader_init(cq_reader *r, const uint8_t *data, size_t len);
size_t cq_reader_remaining(const cq_reader *r);
int cq_read_u8(cq_reader *r, uint8_t *out);
int cq_read_u32_be(cq_reader *r, uint32_t *out);
int cq_read_bytes(cq_reader *r, uint8_t *out, size_t n);
/* Points *out at the next n bytes without copying them. */
int cq_read_view(cq_reader *r, const uint8_t **out, size_t n);
/* A canonical varint of at most 64 bits (see cq_varint_decode). */
int cq_read_varint(cq_reader *r, uint64_t *out);

/* ---- byte writer -------------------------------------------------------- */

/*
 * A writer with a fixed capacity. Writes past the capacity are refused and
 * set the overflow flag, so a caller can write a whole record and check once.
 */
typedef struct cq_writer {
    uint8_t *data;
    size_t cap;
    size_t len;
    int overflow;
} cq_writer;

void cq_writer_init(cq_writer *w, uint8_t *data, size_t cap);
void cq_write_u8(cq_writer *w, uint8_t v);
void cq_write_u32_be(cq_writer *w, uint32_t v);
void cq_write_bytes(cq_writer *w, const uint8_t *p, size_t n);
void cq_write_varint(cq_writer *w, uint64_t v);
/* Reserves n bytes and returns where they start, or NULL on overflow. */
uint8_t *cq_write_reserve(cq_writer *w, size_t n);

/*
 * Protobuf-style fields, as the Olm and Megolm message formats use them: a
 * one-byte key (field number << 3 | wire type) followed by a varint (wire
 * type 0) or by a varint length and that many bytes (wire type 2).
 * Parsing stays with each protocol, which knows its own field order.
 */
#define CQ_WIRE_VARINT 0
#define CQ_WIRE_BYTES 2

void cq_write_field_varint(cq_writer *w, uint8_t key, uint64_t v);
void cq_write_field_bytes(cq_writer *w, uint8_t key, const uint8_t *p, size_t n);
size_t cq_field_varint_size(uint64_t v);
size_t cq_field_bytes_size(size_t n);

/* ---- varints ------------------------------------------------------------ */

/* Longest varint of a 64-bit value: ceil(64 / 7). */
#define CQ_VARINT_MAX_BYTES 10

/* Number of bytes the varint encoding of v takes (1..10). */
size_t cq_varint_size(uint64_t v);

/* Writes v as a varint into out (at least cq_varint_size(v) bytes). */
size_t cq_varint_encode(uint8_t *out, uint64_t v);

/*
 * Decodes one varint from the start of in[0..len): little-endian groups of
 * 7 bits, high bit set on every byte but the last. Strict: refuses a
 * truncated varint, one longer than 10 bytes, one whose value overflows 64
 * bits, and any non-canonical form (a last byte of 0x00 after another byte:
 * "0x80 0x00" for 0). Returns the bytes consumed, or 0 on refusal.
 */
size_t cq_varint_decode(const uint8_t *in, size_t len, uint64_t *out);

/* ---- base64 (unpadded standard alphabet, as Matrix uses) --------------- */

/* Length of the encoding of n bytes: ceil(4n / 3). */
size_t cq_base64_encoded_len(size_t n);

/*
 * Largest decoded length for an encoding of n characters; the exact length
 * for every n that is a valid encoding length (n mod 4 != 1).
 */
size_t cq_base64_decoded_len(size_t n);

/*
 * Encodes in[0..n) into out (cq_base64_encoded_len(n) bytes, no NUL).
 * Constant time in the data (libsodium's codec), so it may carry secrets.
 */
void cq_base64_encode(char *out, const uint8_t *in, size_t n);

/*
 * Decodes exactly the n characters at in into out (out_cap bytes) and sets
 * *out_len. Strict: refuses '=' padding, characters outside the standard
 * alphabet (including white space and the URL-safe alphabet), a length of
 * 1 mod 4 and non-zero trailing bits. Constant time in the data. On failure
 * returns CLIQUET_ERR_BAD_BASE64 (or CLIQUET_ERR_OUTPUT_TOO_SMALL with the
 * size needed in *out_len) and out holds nothing useful (it is wiped).
 */
cliquet_status cq_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                const char *in, size_t n);

#endif /* CLIQUET_CORE_H */
