/*
 * Utilities: SHA-256 as base64, Ed25519 verification of base64 inputs, the
 * public base64 codec, and the exact-length base64 decoding the API files
 * share.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "crypto/crypto.h"

/* Room for any fixed-size value the API decodes (64-byte signatures) and
 * for texts a little longer than that. */
#define CQ_API_DECODE_SCRATCH_BYTES 96

/* api.h */
cliquet_status cq_api_decode_exact(uint8_t *out, size_t want, const char *in,
                                   size_t n, cliquet_status wrong_length)
{
    /*
     * Short texts are decoded whole into a scratch buffer, so that text
     * that is not base64 at all (a padded key, a URL-safe one) is reported
     * as such rather than as a wrong length. Texts too long for it are of
     * the wrong length whatever they hold.
     */
    uint8_t scratch[CQ_API_DECODE_SCRATCH_BYTES];
    size_t got = 0;
    cliquet_status st;

    if (want > sizeof scratch) {
        return CLIQUET_ERR_INVALID_ARGUMENT; /* a caller's bug, not input */
    }
    if (n % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    if (cq_base64_decoded_len(n) > sizeof scratch) {
        return wrong_length;
    }
    st = cq_base64_decode(scratch, sizeof scratch, &got, in, n);
    if (st != CLIQUET_OK) {
        st = CLIQUET_ERR_BAD_BASE64;
    } else if (got != want) {
        st = wrong_length;
    } else {
        memcpy(out, scratch, want);
    }
    cq_wipe(scratch, sizeof scratch);
    return st;
}

/* cliquet.h */
size_t cliquet_sha256_base64_size(void) { return CLIQUET_SHA256_BASE64_SIZE; }

/* cliquet.h */
cliquet_status cliquet_sha256_base64(char digest[CLIQUET_SHA256_BASE64_SIZE],
                                     const uint8_t *message, size_t message_len)
{
    uint8_t hash[CQ_SHA256_BYTES];

    if (digest == NULL || !cq_api_input_ok(message, message_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_sha256(hash, message, message_len);
    cq_api_base64_text(digest, hash, sizeof hash);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_ed25519_verify(const char *key, size_t key_len,
                                      const uint8_t *message, size_t message_len,
                                      const char *signature, size_t signature_len)
{
    uint8_t public_key[CQ_ED25519_PUBLIC_BYTES];
    uint8_t sig[CQ_ED25519_SIGNATURE_BYTES];
    cliquet_status st;

    if (!cq_api_input_ok(key, key_len) || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(signature, signature_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = cq_api_decode_exact(public_key, sizeof public_key, key, key_len,
                             CLIQUET_ERR_BAD_KEY_LENGTH);
    if (st != CLIQUET_OK) {
        return st;
    }
    /* A signature that is not 64 bytes can never be valid. */
    st = cq_api_decode_exact(sig, sizeof sig, signature, signature_len,
                             CLIQUET_ERR_BAD_SIGNATURE);
    if (st != CLIQUET_OK) {
        return st;
    }
    return cq_ed25519_verify(sig, public_key, message, message_len);
}

/* cliquet.h */
void cliquet_wipe(void *p, size_t n)
{
    if (p != NULL) {
        cq_wipe(p, n);
    }
}

/* cliquet.h */
cliquet_status cliquet_base64_encode(char *out, size_t out_cap, size_t *out_len,
                                     const uint8_t *in, size_t in_len)
{
    cliquet_status st;

    if (!cq_api_input_ok(in, in_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* Past this bound 4 * ceil(n / 3) + 1 would overflow a size_t. */
    if (in_len > SIZE_MAX / 2) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    st = cq_api_check_text_output(out, out_cap, out_len,
                                  cq_base64_encoded_len(in_len));
    if (st == CLIQUET_OK) {
        cq_api_base64_text(out, in, in_len);
        *out_len = cq_base64_encoded_len(in_len);
    }
    return st;
}

/* cliquet.h */
cliquet_status cliquet_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                     const char *in, size_t in_len)
{
    uint8_t *scratch;
    size_t need, got = 0;
    cliquet_status st;

    if (!cq_api_input_ok(in, in_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (in_len > SIZE_MAX / 2) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    /* A length of 1 mod 4 is never base64: refused before the size. */
    if (in_len % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    need = cq_base64_decoded_len(in_len);
    st = cq_api_check_output(out, out_cap, out_len, need);
    if (st != CLIQUET_OK) {
        return st;
    }
    /* Decoded apart and copied only when the whole text is valid, so that a
     * refused text leaves the caller's buffer as it was (rule 4). The
     * scratch may hold a secret: it is wiped. */
    scratch = malloc(need > 0 ? need : 1);
    if (scratch == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    if (cq_base64_decode(scratch, need, &got, in, in_len) != CLIQUET_OK) {
        st = CLIQUET_ERR_BAD_BASE64;
    } else {
        if (got > 0) { /* out may be NULL for an empty text */
            memcpy(out, scratch, got);
        }
        *out_len = got;
    }
    cq_api_free(scratch, need > 0 ? need : 1);
    return st;
}
