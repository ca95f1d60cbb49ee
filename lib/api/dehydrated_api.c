/*
 * The public ABI of dehydrated devices (lib/olm/dehydrated.c, since 1.2;
 * vodozemac's Account::to_dehydrated_device / from_dehydrated_device;
 * docs/dehydrated-devices.md): argument checks, base64 at the boundary,
 * the random nonce, allocation. A failed call makes nothing and changes
 * no account; every buffer that held a key or a plaintext is wiped.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/olm_objects.h"
#include "crypto/crypto.h"
#include "olm/olm.h"

/* The longest ciphertext the format allows: its base64 is refused past
 * this before anything is decoded (docs/limits.md). */
#define MAX_SEALED (CQ_OLM_DEHYDRATED_MAX_BYTES + CQ_CHACHA_TAG_BYTES)

/* cliquet.h */
size_t cliquet_dehydrated_device_key_bytes(void) { return CLIQUET_DEHYDRATED_DEVICE_KEY_BYTES; }
/* cliquet.h */
size_t cliquet_dehydrated_device_nonce_base64_size(void)
{
    return CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE;
}
/* cliquet_random.h */
size_t cliquet_dehydrated_device_random_bytes(void)
{
    return CLIQUET_DEHYDRATED_DEVICE_RANDOM_BYTES;
}

/* The bytes an account seals to: its dehydrated form and the tag. */
static size_t sealed_len(const cliquet_account *account)
{
    return cq_olm_dehydrated_len(&account->a) + CQ_CHACHA_TAG_BYTES;
}

/* cliquet_random.h */
cliquet_status cliquet_account_to_dehydrated_device_with_random(
    const cliquet_account *account, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE],
    const uint8_t *key, size_t key_len, const uint8_t *random, size_t random_len)
{
    uint8_t *sealed;
    size_t n;
    cliquet_status st;

    if (account == NULL || ciphertext_len == NULL || !cq_api_input_ok(ciphertext, ciphertext_cap) ||
        nonce == NULL || !cq_api_input_ok(key, key_len) || random == NULL ||
        random_len != CQ_OLM_DEHYDRATED_NONCE_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (key_len != CQ_OLM_DEHYDRATED_KEY_BYTES) {
        return CLIQUET_ERR_BAD_KEY_LENGTH;
    }
    /* Refused before the size is answered: no buffer would help. */
    if (!account->a.ed25519.has_seed) {
        return CLIQUET_ERR_ACCOUNT_NO_SEED;
    }
    n = sealed_len(account);
    st = cq_api_check_text_output(ciphertext, ciphertext_cap, ciphertext_len,
                                  cq_base64_encoded_len(n));
    if (st != CLIQUET_OK) {
        return st;
    }
    sealed = malloc(n);
    if (sealed == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_olm_account_dehydrate(sealed, &account->a, key, random);
    if (st == CLIQUET_OK) {
        /* Ciphertext and nonce are public once sealed. */
        cq_api_base64_text(ciphertext, sealed, n);
        cq_api_base64_text(nonce, random, CQ_OLM_DEHYDRATED_NONCE_BYTES);
        *ciphertext_len = cq_base64_encoded_len(n);
    }
    cq_api_free(sealed, n);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_to_dehydrated_device(
    const cliquet_account *account, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE],
    const uint8_t *key, size_t key_len)
{
    uint8_t random[CQ_OLM_DEHYDRATED_NONCE_BYTES] = { 0 };
    cliquet_status st;

    /* vodozemac: Nonce::generate(), a random 96-bit nonce per call. Drawn
     * only for a call that can seal: before init, and for a size query (a
     * buffer too small), the call below fails before it reads the nonce,
     * so none is drawn. */
    if (cq_api_ready() && account != NULL &&
        ciphertext_cap > cq_base64_encoded_len(sealed_len(account))) {
        cq_random(random, sizeof random);
    }
    st = cliquet_account_to_dehydrated_device_with_random(account, ciphertext, ciphertext_cap,
                                                          ciphertext_len, nonce, key, key_len,
                                                          random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* The sealed bytes of a ciphertext text, into a new buffer (*raw, *raw_len). */
static cliquet_status decode_sealed(uint8_t **raw, size_t *raw_len, const char *text, size_t n)
{
    size_t cap;
    cliquet_status st;

    if (n % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    cap = cq_base64_decoded_len(n);
    *raw = malloc(cap + 1); /* a real buffer even for an empty text */
    if (*raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_base64_decode(*raw, cap, raw_len, text, n);
    if (st != CLIQUET_OK) {
        free(*raw); /* nothing secret: what was given */
        *raw = NULL;
    }
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_from_dehydrated_device(cliquet_account **out,
                                                      const char *ciphertext,
                                                      size_t ciphertext_len,
                                                      const char *nonce, size_t nonce_len,
                                                      const uint8_t *key, size_t key_len)
{
    uint8_t iv[CQ_OLM_DEHYDRATED_NONCE_BYTES];
    uint8_t *raw = NULL, *scratch = NULL;
    size_t raw_len = 0;
    cq_olm_account *state = NULL;
    cliquet_status st;

    if (out == NULL || !cq_api_input_ok(ciphertext, ciphertext_len) ||
        !cq_api_input_ok(nonce, nonce_len) || !cq_api_input_ok(key, key_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (key_len != CQ_OLM_DEHYDRATED_KEY_BYTES) {
        return CLIQUET_ERR_BAD_KEY_LENGTH;
    }
    if (ciphertext_len > cq_base64_encoded_len(MAX_SEALED)) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    /* vodozemac's order: the ciphertext's base64, the nonce's, its length. */
    st = decode_sealed(&raw, &raw_len, ciphertext, ciphertext_len);
    if (st == CLIQUET_OK) {
        st = cq_api_decode_exact(iv, sizeof iv, nonce, nonce_len, CLIQUET_ERR_BAD_NONCE_LENGTH);
    }
    if (st == CLIQUET_OK) {
        scratch = malloc(raw_len + 1);
        state = malloc(sizeof *state);
        if (scratch == NULL || state == NULL) {
            st = CLIQUET_ERR_NO_MEMORY;
        }
    }
    if (st == CLIQUET_OK) {
        st = cq_olm_account_rehydrate(state, scratch, raw, raw_len, key, iv);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_account_from_state(out, state);
    }
    cq_api_free(state, sizeof *state);
    cq_api_free(scratch, raw_len + 1);
    free(raw); /* the ciphertext: public */
    return st;
}
