/*
 * Ed25519 (RFC 8032) through libsodium, plus signing with a libolm-style
 * expanded secret key, which libolm pickles hold instead of a seed.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <sodium.h>

#include "crypto.h"

/* SHA-512 of the seed, the first half clamped (RFC 8032 §5.1.5). */
static void expand_seed(uint8_t expanded[64], const uint8_t seed[32])
{
    crypto_hash_sha512(expanded, seed, 32);
    expanded[0] &= 248;
    expanded[31] &= 127;
    expanded[31] |= 64;
}

/*
 * A clamped scalar has its three low bits clear, bit 255 clear and bit 254
 * set. Every key libolm makes is clamped; anything else is corrupt. One
 * verdict on the combined bits (the one branch test/ct expects).
 */
static int is_clamped(const uint8_t expanded[64])
{
    return ((expanded[0] & 7) | ((expanded[31] & 0xc0) ^ 0x40)) == 0;
}

/* spec: signing.md §Signature keys and user identity in libolm */
/* spec: RFC 8032 §5.1 */
/* crypto.h */
void cq_ed25519_from_seed(cq_ed25519_key *key, const uint8_t seed[32])
{
    uint8_t sk[crypto_sign_SECRETKEYBYTES];

    /* RFC 8032 §5.1.5: h = SHA-512(seed); the first half, clamped, is the
     * scalar a; the second half is the nonce prefix. */
    expand_seed(key->expanded, seed);
    crypto_sign_seed_keypair(key->public_key, sk, seed);
    memcpy(key->seed, seed, 32);
    key->has_seed = 1;
    cq_wipe(sk, sizeof sk);
}

/* crypto.h */
cliquet_status cq_ed25519_from_stored(cq_ed25519_key *key,
                                      const uint8_t expanded[64],
                                      const uint8_t public_key[32])
{
    if (!is_clamped(expanded)) {
        return CLIQUET_ERR_BAD_KEY;
    }
    memmove(key->expanded, expanded, 64);
    memmove(key->public_key, public_key, 32);
    cq_wipe(key->seed, sizeof key->seed);
    key->has_seed = 0;
    return CLIQUET_OK;
}

/* crypto.h */
int cq_ed25519_attach_seed(cq_ed25519_key *key, const uint8_t seed[32])
{
    uint8_t expanded[64];
    int ok;

    expand_seed(expanded, seed);
    ok = cq_ct_memcmp(expanded, key->expanded, sizeof expanded) == 0;
    cq_wipe(expanded, sizeof expanded);
    if (!ok) {
        return -1;
    }
    memmove(key->seed, seed, 32);
    key->has_seed = 1;
    return 0;
}

/* spec: signing.md §Signature keys and user identity in libolm */
/* crypto.h */
cliquet_status cq_ed25519_from_expanded(cq_ed25519_key *key,
                                        const uint8_t expanded[64])
{
    uint8_t public_key[32];

    if (!is_clamped(expanded)) {
        return CLIQUET_ERR_BAD_KEY;
    }
    /* A = a * B, without clamping again (a is clamped already). Computed
     * first so that a refusal leaves *key untouched. */
    if (crypto_scalarmult_ed25519_base_noclamp(public_key, expanded) != 0) {
        return CLIQUET_ERR_BAD_KEY;
    }
    memmove(key->expanded, expanded, 64);
    memcpy(key->public_key, public_key, 32);
    cq_wipe(key->seed, sizeof key->seed);
    key->has_seed = 0;
    return CLIQUET_OK;
}

/* spec: signing.md §Signature keys and user identity in libolm */
/* crypto.h */
void cq_ed25519_sign_expanded(uint8_t sig[64], const uint8_t expanded[64],
                              const uint8_t public_key[32], const uint8_t *msg,
                              size_t n)
{
    crypto_hash_sha512_state st;
    uint8_t nonce[64];
    uint8_t hram[64];
    uint8_t r[32];
    uint8_t k[32];
    uint8_t s[32];

    /* RFC 8032 §5.1.6, steps 2-5. r = SHA-512(prefix || M) mod L. */
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, expanded + 32, 32);
    crypto_hash_sha512_update(&st, msg, n);
    crypto_hash_sha512_final(&st, nonce);
    crypto_core_ed25519_scalar_reduce(r, nonce);

    /* R = r * B. r is reduced, never zero in practice; noclamp keeps it. */
    (void)crypto_scalarmult_ed25519_base_noclamp(sig, r);

    /* k = SHA-512(R || A || M) mod L. */
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, sig, 32);
    crypto_hash_sha512_update(&st, public_key, 32);
    crypto_hash_sha512_update(&st, msg, n);
    crypto_hash_sha512_final(&st, hram);
    crypto_core_ed25519_scalar_reduce(k, hram);

    /* S = (r + k * a) mod L; a (the clamped half) is reduced implicitly by
     * the scalar multiplication mod L. */
    crypto_core_ed25519_scalar_mul(s, k, expanded);
    crypto_core_ed25519_scalar_add(sig + 32, s, r);

    cq_wipe(&st, sizeof st);
    cq_wipe(nonce, sizeof nonce);
    cq_wipe(hram, sizeof hram);
    cq_wipe(r, sizeof r);
    cq_wipe(k, sizeof k);
    cq_wipe(s, sizeof s);
}

/* spec: signing.md §Signature keys and user identity in libolm */
/* crypto.h */
void cq_ed25519_sign(uint8_t sig[64], const cq_ed25519_key *key,
                     const uint8_t *msg, size_t n)
{
    uint8_t sk[crypto_sign_SECRETKEYBYTES];

    if (!key->has_seed) {
        cq_ed25519_sign_expanded(sig, key->expanded, key->public_key, msg, n);
        return;
    }
    memcpy(sk, key->seed, 32);
    memcpy(sk + 32, key->public_key, 32);
    (void)crypto_sign_detached(sig, NULL, msg, n, sk);
    cq_wipe(sk, sizeof sk);
}

/* spec: RFC 8032 §5.1 */
/* crypto.h */
cliquet_status cq_ed25519_verify(const uint8_t sig[64],
                                 const uint8_t public_key[32],
                                 const uint8_t *msg, size_t n)
{
    if (crypto_sign_verify_detached(sig, msg, n, public_key) != 0) {
        return CLIQUET_ERR_BAD_SIGNATURE;
    }
    return CLIQUET_OK;
}

/* crypto.h */
void cq_ed25519_clear(cq_ed25519_key *key)
{
    cq_wipe(key, sizeof *key);
}
