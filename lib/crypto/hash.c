/*
 * HMAC-SHA-256 (RFC 2104) and HKDF-SHA-256 (RFC 5869), over cliquet's
 * SHA-256 (sha256.c), so that both run on the CPU's SHA-256 instructions
 * when it has them. Debian 12's libsodium 1.0.18 has no HKDF of its own,
 * and its HMAC would always take its portable SHA-256.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Constant time: the key is hashed first when longer than a block, which
 * depends on its length only; lengths are public throughout.
 */
#include <string.h>

#include "crypto.h"

#define IPAD 0x36
#define OPAD 0x5c

/* crypto.h */
void cq_hmac_sha256_init(cq_hmac_sha256_ctx *ctx, const uint8_t *key,
                         size_t key_len)
{
    uint8_t k[CQ_SHA256_BLOCK_BYTES] = { 0 };
    uint8_t pad[CQ_SHA256_BLOCK_BYTES];
    size_t i;

    /* RFC 2104 §2: a key longer than B bytes is first hashed; then the
     * key is padded with zeros to B bytes. */
    if (key_len > CQ_SHA256_BLOCK_BYTES) {
        cq_sha256(k, key, key_len);
    } else if (key_len > 0) {
        memcpy(k, key, key_len);
    }
    for (i = 0; i < sizeof pad; i++) {
        pad[i] = (uint8_t)(k[i] ^ IPAD);
    }
    cq_sha256_init(&ctx->inner);
    cq_sha256_update(&ctx->inner, pad, sizeof pad);
    for (i = 0; i < sizeof pad; i++) {
        pad[i] = (uint8_t)(k[i] ^ OPAD);
    }
    cq_sha256_init(&ctx->outer);
    cq_sha256_update(&ctx->outer, pad, sizeof pad);
    cq_wipe(k, sizeof k);
    cq_wipe(pad, sizeof pad);
}

/* crypto.h */
void cq_hmac_sha256_update(cq_hmac_sha256_ctx *ctx, const uint8_t *in,
                           size_t n)
{
    cq_sha256_update(&ctx->inner, in, n);
}

/* crypto.h */
void cq_hmac_sha256_final(cq_hmac_sha256_ctx *ctx, uint8_t out[32])
{
    uint8_t inner[CQ_SHA256_BYTES];

    cq_sha256_final(&ctx->inner, inner);
    cq_sha256_update(&ctx->outer, inner, sizeof inner);
    cq_sha256_final(&ctx->outer, out);
    cq_wipe(inner, sizeof inner);
}

/* spec: RFC 5869 §2 */
/* crypto.h */
void cq_hmac_sha256(uint8_t out[32], const uint8_t *key, size_t key_len,
                    const uint8_t *msg, size_t n)
{
    cq_hmac_sha256_ctx ctx;

    cq_hmac_sha256_init(&ctx, key, key_len);
    cq_hmac_sha256_update(&ctx, msg, n);
    cq_hmac_sha256_final(&ctx, out);
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
    cq_hmac_sha256_ctx keyed;
    cq_hmac_sha256_ctx st;
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

    /* RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty.
     * PRK keys every block: its pad blocks are hashed once, and each
     * block starts from a copy of that state. */
    cq_hmac_sha256_init(&keyed, prk, sizeof prk);
    while (done < out_len) {
        size_t take = out_len - done < 32 ? out_len - done : 32;

        counter++;
        st = keyed;
        if (counter > 1) {
            cq_hmac_sha256_update(&st, block, sizeof block);
        }
        cq_hmac_sha256_update(&st, info, info_len);
        cq_hmac_sha256_update(&st, &counter, 1);
        cq_hmac_sha256_final(&st, block);
        memcpy(out + done, block, take);
        done += take;
    }
    cq_wipe(&keyed, sizeof keyed);
    cq_wipe(prk, sizeof prk);
    cq_wipe(block, sizeof block);
    return 0;
}
