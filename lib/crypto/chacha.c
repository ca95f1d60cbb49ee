/*
 * ChaCha20-Poly1305 with a 96-bit nonce (RFC 8439, libsodium's "ietf"
 * construction), the AEAD of the ECIES channel. A thin layer over libsodium
 * so that lib/ecies reaches primitives through lib/crypto only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <sodium.h>

#include "crypto.h"

/* crypto.h */
void cq_chacha20poly1305_seal(uint8_t *c, const uint8_t *m, size_t n,
                              const uint8_t nonce[CQ_CHACHA_NONCE_BYTES],
                              const uint8_t key[CQ_CHACHA_KEY_BYTES])
{
    unsigned long long c_len;

    /* Cannot fail for the lengths cliquet passes (far below 2^38 bytes). */
    crypto_aead_chacha20poly1305_ietf_encrypt(c, &c_len, m, n, NULL, 0, NULL,
                                              nonce, key);
}

/* crypto.h */
int cq_chacha20poly1305_open(uint8_t *m, const uint8_t *c, size_t n,
                             const uint8_t nonce[CQ_CHACHA_NONCE_BYTES],
                             const uint8_t key[CQ_CHACHA_KEY_BYTES])
{
    if (n < CQ_CHACHA_TAG_BYTES) {
        return -1;
    }
    /* libsodium checks the tag in constant time before decrypting; with m
     * NULL it only checks (aead_chacha20poly1305.c, 1.0.18), which is how
     * lib/ecies tells a replay from a forgery. c is never NULL here: the
     * tag is at least 16 bytes long. */
    if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(
            m, NULL, c, n - CQ_CHACHA_TAG_BYTES, c + n - CQ_CHACHA_TAG_BYTES,
            NULL, 0, nonce, key) != 0) {
        return -1;
    }
    return 0;
}
