/*
 * XChaCha20-Poly1305 (libsodium's IETF construction), the AEAD of cliquet's
 * native pickles. A thin layer over libsodium so that lib/pickle, like every
 * protocol layer, reaches primitives through lib/crypto only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <sodium.h>

#include "core/core.h"
#include "crypto.h"

/* Both calls wipe the stack below them afterwards, as chacha.c's do and
 * for the same reason: libsodium's portable ChaCha20 (arm64) leaves key
 * words in its frame. */

/* crypto.h */
void cq_xchacha20poly1305_seal(uint8_t *c, const uint8_t *m, size_t n,
                               const uint8_t *ad, size_t ad_len,
                               const uint8_t nonce[CQ_XCHACHA_NONCE_BYTES],
                               const uint8_t key[CQ_XCHACHA_KEY_BYTES])
{
    unsigned long long c_len;

    /* Cannot fail for the lengths cliquet passes (far below 2^38 bytes). */
    crypto_aead_xchacha20poly1305_ietf_encrypt(c, &c_len, m, n, ad, ad_len,
                                               NULL, nonce, key);
    cq_wipe_stack();
}

/* crypto.h */
int cq_xchacha20poly1305_open(uint8_t *m, const uint8_t *c, size_t n,
                              const uint8_t *ad, size_t ad_len,
                              const uint8_t nonce[CQ_XCHACHA_NONCE_BYTES],
                              const uint8_t key[CQ_XCHACHA_KEY_BYTES])
{
    unsigned long long m_len;

    if (n < CQ_XCHACHA_TAG_BYTES) {
        return -1;
    }
    /* libsodium checks the tag (in constant time) before it decrypts; when
     * the tag is wrong it decrypts nothing and zeroes m (crypto.h). */
    int st = crypto_aead_xchacha20poly1305_ietf_decrypt(m, &m_len, NULL, c, n, ad, ad_len,
                                                        nonce, key);

    cq_wipe_stack();
    return st != 0 ? -1 : 0;
}
