/*
 * An independent oracle for the v2 vector tests (test_olm_v2.c,
 * test_megolm_v2.c): HMAC-SHA-256, HKDF-SHA-256 and AES-256-CBC from
 * OpenSSL, and a protobuf varint writer, so that the expected bytes of a v2
 * message are built without any of lib/ (docs/session-config.md).
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_ORACLE_H
#define CQT_ORACLE_H

#include <stddef.h>
#include <stdint.h>

/* HMAC-SHA-256(key, in). */
void cqt_oracle_hmac(uint8_t out[32], const uint8_t *key, size_t key_len,
                     const uint8_t *in, size_t n);

/* RFC 5869 HKDF-SHA-256; an empty salt is HashLen zero bytes. out_len <= 255 * 32. */
void cqt_oracle_hkdf(uint8_t *out, size_t out_len, const uint8_t *salt,
                     size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                     const char *info);

/* AES-256-CBC with PKCS#7 padding; out needs n + 16 bytes. Returns the length. */
size_t cqt_oracle_aes_cbc(uint8_t *out, const uint8_t key[32], const uint8_t iv[16],
                          const uint8_t *in, size_t n);

/* v as a protobuf varint at out (up to 10 bytes). Returns the length. */
size_t cqt_oracle_varint(uint8_t *out, uint64_t v);

#endif /* CQT_ORACLE_H */
