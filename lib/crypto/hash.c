/*
 * SHA-256, HMAC-SHA-256 (libsodium) and HKDF-SHA-256 (RFC 5869) built on
 * it: Debian 12's libsodium 1.0.18 has no HKDF of its own.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <sodium.h>

#include "crypto.h"

/* crypto.h */
void cq_sha256(uint8_t out[32], const uint8_t *msg, size_t n)
{
    crypto_hash_sha256(out, msg, n);
}

/* spec: RFC 5869 §2 */
/* crypto.h */
void cq_hmac_sha256(uint8_t out[32], const uint8_t *key, size_t key_len,
                    const uint8_t *msg, size_t n)
{
    crypto_auth_hmacsha256_state st;

    crypto_auth_hmacsha256_init(&st, key, key_len);
    crypto_auth_hmacsha256_update(&st, msg, n);
    crypto_auth_hmacsha256_final(&st, out);
    cq_wipe(&st, sizeof st);
}

/* spec: olm.md §Notation */
/* spec: RFC 5869 §2 */
/* crypto.h */
int cq_hkdf_sha256(uint8_t *out, size_t out_len, const uint8_t *salt,
                   size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                   const uint8_t *info, size_t info_len)
{
    static const uint8_t zero_salt[32] = { 0 };
    uint8_t prk[32];
    uint8_t block[32];
    crypto_auth_hmacsha256_state st;
    size_t done = 0;
    uint8_t counter = 0;

    if (out_len > CQ_HKDF_MAX_BYTES) {
        return -1;
    }
    /* RFC 5869 §2.2: "if not provided, [salt] is set to a string of
     * HashLen zeros"; an empty salt gives the same HMAC key. */
    if (salt_len == 0) {
        salt = zero_salt;
        salt_len = sizeof zero_salt;
    }
    cq_hmac_sha256(prk, salt, salt_len, ikm, ikm_len);

    /* RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty. */
    while (done < out_len) {
        size_t take = out_len - done < 32 ? out_len - done : 32;

        counter++;
        crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
        if (counter > 1) {
            crypto_auth_hmacsha256_update(&st, block, sizeof block);
        }
        crypto_auth_hmacsha256_update(&st, info, info_len);
        crypto_auth_hmacsha256_update(&st, &counter, 1);
        crypto_auth_hmacsha256_final(&st, block);
        memcpy(out + done, block, take);
        done += take;
    }
    cq_wipe(&st, sizeof st);
    cq_wipe(prk, sizeof prk);
    cq_wipe(block, sizeof block);
    return 0;
}
