/*
 * Small helpers more than one test program had its own copy of. Each
 * fails the running cmocka test rather than return an error.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_UTIL_H
#define CQT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* n zeroed bytes and one spare zero byte (so n may be 0); never NULL. */
void *cqt_xmalloc(size_t n);

/* in[0..n) as base64 (cq_base64_encode) into out, NUL-terminated. */
void cqt_b64(char *out, const uint8_t *in, size_t n);

/* Asserts that text[0..n) equals the NUL-terminated want. */
void cqt_assert_text(const char *text, size_t n, const char *want);

/* 1 if every one of p[0..n) is b, else 0. */
int cqt_all_bytes(const uint8_t *p, size_t n, uint8_t b);

#endif /* CQT_UTIL_H */
