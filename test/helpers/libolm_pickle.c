/*
 * libolm's pickle envelope (libolm_pickle.h), with cliquet's primitives.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "crypto/crypto.h"
#include "helpers/libolm_pickle.h"

/* HKDF-SHA-256(key, no salt, "Pickle"): AES key, HMAC key, IV. */
static void envelope_keys(uint8_t keys[80], const uint8_t *key, size_t key_len)
{
    static const uint8_t info[] = "Pickle";

    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, key, key_len, info, sizeof info - 1), 0);
}

/* libolm_pickle.h */
size_t cqt_libolm_pickle_open(uint8_t *raw, size_t cap, const uint8_t *key, size_t key_len,
                              const char *pickle, size_t pickle_len)
{
    uint8_t keys[80], mac[32];
    uint8_t *body = malloc(pickle_len + 1);
    size_t body_len = 0, raw_len = 0;

    assert_non_null(body);
    assert_int_equal(cq_base64_decode(body, pickle_len, &body_len, pickle, pickle_len),
                     CLIQUET_OK);
    assert_true(body_len > 8 && body_len - 8 <= cap);
    envelope_keys(keys, key, key_len);
    cq_hmac_sha256(mac, keys + 32, 32, body, body_len - 8);
    assert_memory_equal(mac, body + body_len - 8, 8);
    assert_int_equal(cq_aes256_cbc_decrypt(raw, &raw_len, keys, keys + 64, body, body_len - 8),
                     CLIQUET_OK);
    free(body);
    return raw_len;
}

/* libolm_pickle.h */
size_t cqt_libolm_pickle_seal(char *pickle, const uint8_t *raw, size_t raw_len,
                              const uint8_t *key, size_t key_len)
{
    uint8_t keys[80], mac[32];
    size_t ct_len = cq_cbc_ciphertext_len(raw_len);
    uint8_t *body = malloc(ct_len + 8);

    assert_non_null(body);
    envelope_keys(keys, key, key_len);
    cq_aes256_cbc_encrypt(body, keys, keys + 64, raw, raw_len);
    cq_hmac_sha256(mac, keys + 32, 32, body, ct_len);
    memcpy(body + ct_len, mac, 8);
    cq_base64_encode(pickle, body, ct_len + 8);
    free(body);
    return cq_base64_encoded_len(ct_len + 8);
}
