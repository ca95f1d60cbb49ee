/*
 * HKDF-SHA-512 (RFC 5869) over libsodium's HMAC-SHA-512, for the ECIES
 * channel (lib/ecies), whose key schedule vodozemac defines with SHA-512.
 * libsodium 1.0.18 has HMAC-SHA-512 with a key of any length but no HKDF.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Constant time: libsodium's HMAC depends on the lengths only, which are
 * public here.
 */
#include <string.h>

#include <sodium.h>

#include "crypto.h"

/* crypto.h */
int cq_hkdf_sha512(uint8_t *out, size_t out_len, const uint8_t *salt,
                   size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                   const uint8_t *info, size_t info_len)
{
    static const uint8_t zero_salt[CQ_SHA512_BYTES] = { 0 };
    uint8_t prk[CQ_SHA512_BYTES];
    uint8_t block[CQ_SHA512_BYTES];
    crypto_auth_hmacsha512_state keyed;
    crypto_auth_hmacsha512_state st;
    size_t done = 0;
    uint8_t counter = 0;

    if (out_len > CQ_HKDF_SHA512_MAX_BYTES) {
        return -1;
    }
    /* RFC 5869 §2.2: "if not provided, [salt] is set to a string of
     * HashLen zeros"; vodozemac passes no salt. */
    if (salt_len == 0) {
        salt = zero_salt;
        salt_len = sizeof zero_salt;
    }
    crypto_auth_hmacsha512_init(&st, salt, salt_len);
    crypto_auth_hmacsha512_update(&st, ikm, ikm_len);
    crypto_auth_hmacsha512_final(&st, prk);

    /* RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty;
     * each block starts from a copy of the PRK-keyed state. */
    crypto_auth_hmacsha512_init(&keyed, prk, sizeof prk);
    while (done < out_len) {
        size_t take = out_len - done < sizeof block ? out_len - done : sizeof block;

        counter++;
        st = keyed;
        if (counter > 1) {
            crypto_auth_hmacsha512_update(&st, block, sizeof block);
        }
        crypto_auth_hmacsha512_update(&st, info, info_len);
        crypto_auth_hmacsha512_update(&st, &counter, 1);
        crypto_auth_hmacsha512_final(&st, block);
        memcpy(out + done, block, take);
        done += take;
    }
    cq_wipe(&keyed, sizeof keyed);
    cq_wipe(&st, sizeof st);
    cq_wipe(prk, sizeof prk);
    cq_wipe(block, sizeof block);
    return 0;
}
