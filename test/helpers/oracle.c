/*
 * The v2 vector tests' oracle (oracle.h), over OpenSSL only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "helpers/oracle.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

/* oracle.h */
void cqt_oracle_hmac(uint8_t out[32], const uint8_t *key, size_t key_len,
                     const uint8_t *in, size_t n)
{
    unsigned int len = 32;
    static const uint8_t none[1] = { 0 };

    HMAC(EVP_sha256(), key_len > 0 ? key : none, (int)key_len,
         n > 0 ? in : none, n, out, &len);
}

/* oracle.h */
void cqt_oracle_hkdf(uint8_t *out, size_t out_len, const uint8_t *salt,
                     size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                     const char *info)
{
    uint8_t prk[32], t[32], block[32 + 64 + 1];
    size_t info_len = strlen(info), done = 0, t_len = 0;
    uint8_t counter = 1;

    cqt_oracle_hmac(prk, salt, salt_len, ikm, ikm_len);
    while (done < out_len) {
        size_t n = 0, take;

        memcpy(block, t, t_len);
        n += t_len;
        memcpy(block + n, info, info_len);
        n += info_len;
        block[n++] = counter++;
        cqt_oracle_hmac(t, prk, sizeof prk, block, n);
        t_len = sizeof t;
        take = out_len - done < sizeof t ? out_len - done : sizeof t;
        memcpy(out + done, t, take);
        done += take;
    }
}

/* oracle.h */
size_t cqt_oracle_aes_cbc(uint8_t *out, const uint8_t key[32], const uint8_t iv[16],
                          const uint8_t *in, size_t n)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0, tail = 0;

    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv);
    EVP_EncryptUpdate(ctx, out, &len, in, (int)n);
    EVP_EncryptFinal_ex(ctx, out + len, &tail);
    EVP_CIPHER_CTX_free(ctx);
    return (size_t)len + (size_t)tail;
}

/* oracle.h */
size_t cqt_oracle_varint(uint8_t *out, uint64_t v)
{
    size_t n = 0;

    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}
