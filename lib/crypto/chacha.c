/*
 * ChaCha20-Poly1305 with a 96-bit nonce (RFC 8439, libsodium's "ietf"
 * construction), the AEAD of the ECIES channel. A thin layer over libsodium
 * so that lib/ecies reaches primitives through lib/crypto only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <sodium.h>

#include "core/core.h"
#include "crypto.h"

/*
 * Both calls wipe the stack below them afterwards (cq_wipe_stack):
 * libsodium 1.0.18's portable ChaCha20, the one an arm64 build runs, keeps
 * the key's words in locals that spill to its frame and are never wiped
 * (test_stack_wipe_more found key bytes 16..31 there after an ECIES
 * encryption under qemu-aarch64). x86-64 takes libsodium's SIMD path.
 */

/* crypto.h */
void cq_chacha20poly1305_seal(uint8_t *c, const uint8_t *m, size_t n,
                              const uint8_t nonce[CQ_CHACHA_NONCE_BYTES],
                              const uint8_t key[CQ_CHACHA_KEY_BYTES])
{
    unsigned long long c_len;

    /* Cannot fail for the lengths cliquet passes (far below 2^38 bytes). */
    crypto_aead_chacha20poly1305_ietf_encrypt(c, &c_len, m, n, NULL, 0, NULL,
                                              nonce, key);
    cq_wipe_stack();
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
    int st = crypto_aead_chacha20poly1305_ietf_decrypt_detached(
        m, NULL, c, n - CQ_CHACHA_TAG_BYTES, c + n - CQ_CHACHA_TAG_BYTES, NULL, 0, nonce, key);

    cq_wipe_stack();
    return st != 0 ? -1 : 0;
}
