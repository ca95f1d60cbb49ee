/*
 * libolm's pickle envelope (docs/pickle-format.md §libolm), byte for byte:
 *
 *   keys  = HKDF-SHA-256(salt empty, ikm = pickle key, info "Pickle", 80)
 *           = AES-256 key (32) || HMAC-SHA-256 key (32) || IV (16)
 *   c     = AES-256-CBC(raw) with PKCS#7 padding
 *   text  = base64(c || first 8 bytes of HMAC-SHA-256(HMAC key, c))
 *
 * The IV depends on the key only, so equal state under an equal key gives
 * an equal pickle; libolm's format has no nonce, and cliquet copies it
 * exactly so that a store can move back to libolm.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "pickle.h"

#define KDF_BYTES (32 + 32 + 16)
#define AES_KEY(k) (k)
#define MAC_KEY(k) ((k) + 32)
#define IV(k) ((k) + 64)

/* spec: libolm §src/pickle_encoding.c */
static void derive(uint8_t keys[KDF_BYTES], const uint8_t *key, size_t key_len)
{
    static const uint8_t empty[1] = { 0 };

    /* An empty key is allowed (libolm's own tests use one); libsodium's
     * HMAC is not given a NULL pointer even with a zero length. */
    if (key == NULL) {
        key = empty;
    }
    /* 80 bytes is far below HKDF's limit: this cannot fail. */
    (void)cq_hkdf_sha256(keys, KDF_BYTES, NULL, 0, key, key_len,
                         (const uint8_t *)CQ_PICKLE_LIBOLM_KDF_INFO,
                         CQ_PICKLE_LIBOLM_KDF_INFO_LEN);
}

/* pickle.h */
size_t cq_pickle_libolm_raw_len(size_t n)
{
    return cq_cbc_ciphertext_len(n) + CQ_PICKLE_LIBOLM_MAC_BYTES;
}

/* pickle.h */
size_t cq_pickle_libolm_text_len(size_t n)
{
    return cq_base64_encoded_len(cq_pickle_libolm_raw_len(n));
}

/* spec: libolm §src/pickle_encoding.c */
/* pickle.h */
void cq_pickle_libolm_write(char *text, uint8_t *work, const uint8_t *key,
                            size_t key_len, const uint8_t *raw, size_t n)
{
    uint8_t keys[KDF_BYTES];
    uint8_t mac[32];
    size_t c_len = cq_cbc_ciphertext_len(n);

    derive(keys, key, key_len);
    cq_aes256_cbc_encrypt(work, AES_KEY(keys), IV(keys), raw, n);
    cq_hmac_sha256(mac, MAC_KEY(keys), 32, work, c_len);
    memcpy(work + c_len, mac, CQ_PICKLE_LIBOLM_MAC_BYTES);
    cq_base64_encode(text, work, c_len + CQ_PICKLE_LIBOLM_MAC_BYTES);
    cq_wipe(keys, sizeof keys);
    cq_wipe(mac, sizeof mac);
    cq_wipe(work, c_len + CQ_PICKLE_LIBOLM_MAC_BYTES);
}

/* spec: libolm §src/pickle_encoding.c */
/* Checks the MAC and decrypts work[0..len) in place. */
static cliquet_status open_raw(size_t *raw_len, uint8_t *work, size_t len,
                               const uint8_t *key, size_t key_len)
{
    uint8_t keys[KDF_BYTES];
    uint8_t mac[32];
    size_t c_len;
    cliquet_status st = CLIQUET_OK;

    /* The ciphertext length is public: checked before any key work. */
    if (len < CQ_PICKLE_LIBOLM_MAC_BYTES + CQ_AES_BLOCK_BYTES ||
        (len - CQ_PICKLE_LIBOLM_MAC_BYTES) % CQ_AES_BLOCK_BYTES != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    c_len = len - CQ_PICKLE_LIBOLM_MAC_BYTES;
    derive(keys, key, key_len);
    cq_hmac_sha256(mac, MAC_KEY(keys), 32, work, c_len);
    if (cq_ct_memcmp(mac, work + c_len, CQ_PICKLE_LIBOLM_MAC_BYTES) != 0) {
        st = CLIQUET_ERR_PICKLE_BAD_KEY;
    } else if (cq_aes256_cbc_decrypt(work, raw_len, AES_KEY(keys), IV(keys),
                                     work, c_len) != CLIQUET_OK) {
        /* Authenticated, yet badly padded: libolm wrote no such thing. */
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    cq_wipe(keys, sizeof keys);
    cq_wipe(mac, sizeof mac);
    return st;
}

/* pickle.h */
cliquet_status cq_pickle_libolm_read(size_t *raw_len, uint8_t *work,
                                     size_t work_cap, const uint8_t *key,
                                     size_t key_len, const char *text,
                                     size_t n)
{
    size_t len = 0;
    cliquet_status st;

    st = cq_base64_decode(work, work_cap, &len, text, n);
    if (st != CLIQUET_OK) {
        return st == CLIQUET_ERR_BAD_BASE64 ? st : CLIQUET_ERR_INVALID_ARGUMENT;
    }
    st = open_raw(raw_len, work, len, key, key_len);
    if (st != CLIQUET_OK) {
        cq_wipe(work, work_cap);
    }
    return st;
}
