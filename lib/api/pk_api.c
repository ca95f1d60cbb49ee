/*
 * The public ABI of lib/pk: legacy key-backup encryption and decryption,
 * and signing keys (docs/pk.md). Argument checks, base64 at the boundary,
 * random bytes; the protocol is in lib/pk.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "crypto/crypto.h"
#include "pk/pk.h"

struct cliquet_pk_encryption {
    uint8_t recipient_key[CQ_PK_KEY_BYTES];
};

struct cliquet_pk_decryption {
    cq_pk_decryption key;
};

struct cliquet_pk_signing {
    cq_ed25519_key key;
};

/* cliquet.h */
size_t cliquet_pk_private_key_bytes(void) { return CLIQUET_PK_PRIVATE_KEY_BYTES; }
/* cliquet.h */
size_t cliquet_pk_legacy_mac_base64_size(void) { return CLIQUET_PK_LEGACY_MAC_BASE64_SIZE; }
/* cliquet.h */
size_t cliquet_pk_signing_seed_bytes(void) { return CLIQUET_PK_SIGNING_SEED_BYTES; }

/* ---- encryption ------------------------------------------------------------ */

/* cliquet.h */
cliquet_status cliquet_pk_encryption_new(cliquet_pk_encryption **out,
                                         const char *recipient_key,
                                         size_t recipient_key_len)
{
    uint8_t key[CQ_PK_KEY_BYTES];
    cliquet_pk_encryption *e;
    cliquet_status st;

    if (out == NULL || !cq_api_input_ok(recipient_key, recipient_key_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = cq_api_decode_exact(key, sizeof key, recipient_key, recipient_key_len,
                             CLIQUET_ERR_BAD_KEY_LENGTH);
    if (st != CLIQUET_OK) {
        return st;
    }
    e = calloc(1, sizeof *e);
    if (e == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    memcpy(e->recipient_key, key, sizeof key);
    *out = e;
    return CLIQUET_OK;
}

/* cliquet.h */
void cliquet_pk_encryption_free(cliquet_pk_encryption *e)
{
    if (e != NULL) {
        cq_wipe(e, sizeof *e);
        free(e);
    }
}

/* cliquet_libolm.h */
cliquet_status cliquet_pk_encrypt_legacy_backup_size(size_t plaintext_len,
                                                     size_t *ciphertext_len)
{
    if (ciphertext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (plaintext_len > CQ_PK_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    *ciphertext_len = cq_base64_encoded_len(cq_pk_ciphertext_len(plaintext_len));
    return CLIQUET_OK;
}

/* cliquet_random.h */
size_t cliquet_pk_encrypt_random_bytes(void) { return CLIQUET_PK_ENCRYPT_RANDOM_BYTES; }

/* cliquet.h */
cliquet_status cliquet_pk_encrypt_legacy_backup(
    const cliquet_pk_encryption *e, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE],
    char ephemeral_key[CLIQUET_KEY_BASE64_SIZE], const uint8_t *plaintext,
    size_t plaintext_len)
{
    uint8_t random[CQ_PK_KEY_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_pk_encrypt_legacy_backup_with_random(
        e, ciphertext, ciphertext_cap, ciphertext_len, mac, ephemeral_key,
        plaintext, plaintext_len, random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet_random.h */
cliquet_status cliquet_pk_encrypt_legacy_backup_with_random(
    const cliquet_pk_encryption *e, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE],
    char ephemeral_key[CLIQUET_KEY_BASE64_SIZE], const uint8_t *plaintext,
    size_t plaintext_len, const uint8_t *random, size_t random_len)
{
    uint8_t raw_mac[CQ_PK_MAC_BYTES];
    uint8_t raw_ephemeral[CQ_PK_KEY_BYTES];
    uint8_t *raw;
    size_t raw_len;
    size_t text_len;
    cliquet_status st;

    if (e == NULL || mac == NULL || ephemeral_key == NULL ||
        !cq_api_input_ok(plaintext, plaintext_len) || random == NULL ||
        random_len != CQ_PK_KEY_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = cliquet_pk_encrypt_legacy_backup_size(plaintext_len, &text_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    st = cq_api_check_text_output(ciphertext, ciphertext_cap, ciphertext_len,
                                  text_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    raw_len = cq_pk_ciphertext_len(plaintext_len);
    raw = malloc(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_pk_encrypt_legacy(raw, raw_mac, raw_ephemeral, e->recipient_key,
                              plaintext, plaintext_len, random);
    if (st == CLIQUET_OK) {
        cq_api_base64_text(ciphertext, raw, raw_len);
        cq_api_base64_text(mac, raw_mac, sizeof raw_mac);
        cq_api_base64_text(ephemeral_key, raw_ephemeral, sizeof raw_ephemeral);
        *ciphertext_len = text_len;
    }
    cq_wipe(raw, raw_len);
    free(raw);
    return st;
}

/* ---- decryption ------------------------------------------------------------ */

static cliquet_status decryption_alloc(cliquet_pk_decryption **out,
                                       const uint8_t private_key[CQ_PK_KEY_BYTES])
{
    cliquet_pk_decryption *d = calloc(1, sizeof *d);

    if (d == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_pk_decryption_from_private(&d->key, private_key);
    *out = d;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_new(cliquet_pk_decryption **out)
{
    uint8_t random[CQ_PK_KEY_BYTES];
    cliquet_status st;

    if (out == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_random(random, sizeof random);
    st = decryption_alloc(out, random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_new_from_private_key(
    cliquet_pk_decryption **out,
    const uint8_t private_key[CLIQUET_PK_PRIVATE_KEY_BYTES])
{
    if (out == NULL || private_key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    return decryption_alloc(out, private_key);
}

/* cliquet.h */
void cliquet_pk_decryption_free(cliquet_pk_decryption *d)
{
    if (d != NULL) {
        cq_pk_decryption_clear(&d->key);
        free(d);
    }
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_public_key(const cliquet_pk_decryption *d,
                                                char key[CLIQUET_KEY_BASE64_SIZE])
{
    if (d == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(key, d->key.public_key, CQ_PK_KEY_BYTES);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_private_key(
    const cliquet_pk_decryption *d,
    uint8_t private_key[CLIQUET_PK_PRIVATE_KEY_BYTES])
{
    if (d == NULL || private_key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    memcpy(private_key, d->key.private_key, CQ_PK_KEY_BYTES);
    return CLIQUET_OK;
}

/*
 * The two short fields of a backup: the ephemeral key must be 32 bytes
 * (CVE-2021-34813: libolm once decoded any length into a 32-byte buffer)
 * and the MAC 8 bytes.
 */
static cliquet_status decode_header(uint8_t ephemeral[CQ_PK_KEY_BYTES],
                                    uint8_t mac[CQ_PK_MAC_BYTES],
                                    const char *ephemeral_key, size_t ephemeral_key_len,
                                    const char *mac_text, size_t mac_len)
{
    cliquet_status st;

    st = cq_api_decode_exact(ephemeral, CQ_PK_KEY_BYTES, ephemeral_key,
                             ephemeral_key_len, CLIQUET_ERR_BAD_KEY_LENGTH);
    if (st != CLIQUET_OK) {
        return st;
    }
    return cq_api_decode_exact(mac, CQ_PK_MAC_BYTES, mac_text, mac_len,
                               CLIQUET_ERR_BAD_MESSAGE_MAC);
}

/* cliquet.h */
cliquet_status cliquet_pk_decrypt_legacy_backup(
    const cliquet_pk_decryption *d, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, const char *ephemeral_key, size_t ephemeral_key_len,
    const char *mac, size_t mac_len, const char *ciphertext,
    size_t ciphertext_len)
{
    uint8_t ephemeral[CQ_PK_KEY_BYTES];
    uint8_t raw_mac[CQ_PK_MAC_BYTES];
    uint8_t *raw;
    size_t raw_len;
    size_t got = 0;
    cliquet_status st;

    if (d == NULL || !cq_api_input_ok(ephemeral_key, ephemeral_key_len) ||
        !cq_api_input_ok(mac, mac_len) ||
        !cq_api_input_ok(ciphertext, ciphertext_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = decode_header(ephemeral, raw_mac, ephemeral_key, ephemeral_key_len,
                       mac, mac_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    /* The ciphertext's length is judged from the text's length alone,
     * before anything is decoded, allocated or decrypted: first the bound
     * (docs/limits.md), then the shape. */
    if (ciphertext_len > CQ_PK_MAX_CIPHERTEXT_BASE64) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    if (ciphertext_len % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    raw_len = cq_base64_decoded_len(ciphertext_len);
    if (raw_len == 0 || raw_len % CQ_AES_BLOCK_BYTES != 0) {
        return CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH;
    }
    st = cq_api_check_output(plaintext, plaintext_cap, plaintext_len, raw_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    raw = malloc(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_base64_decode(raw, raw_len, &got, ciphertext, ciphertext_len);
    if (st == CLIQUET_OK) {
        st = cq_pk_decrypt_legacy(plaintext, plaintext_len, &d->key, ephemeral,
                                  raw_mac, raw, raw_len);
    } else {
        st = CLIQUET_ERR_BAD_BASE64;
    }
    free(raw); /* ciphertext only: public */
    return st;
}

/* ---- signing ------------------------------------------------------------------ */

static cliquet_status signing_alloc(cliquet_pk_signing **out,
                                    const uint8_t seed[CQ_PK_SIGNING_SEED_BYTES])
{
    cliquet_pk_signing *s = calloc(1, sizeof *s);

    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_ed25519_from_seed(&s->key, seed);
    *out = s;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_pk_signing_new(cliquet_pk_signing **out)
{
    uint8_t seed[CQ_PK_SIGNING_SEED_BYTES];
    cliquet_status st;

    if (out == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_random(seed, sizeof seed);
    st = signing_alloc(out, seed);
    cq_wipe(seed, sizeof seed);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_pk_signing_new_from_seed(
    cliquet_pk_signing **out, const uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES])
{
    if (out == NULL || seed == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    return signing_alloc(out, seed);
}

/* cliquet.h */
void cliquet_pk_signing_free(cliquet_pk_signing *s)
{
    if (s != NULL) {
        cq_ed25519_clear(&s->key);
        free(s);
    }
}

/* cliquet.h */
cliquet_status cliquet_pk_signing_seed(const cliquet_pk_signing *s,
                                       uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES])
{
    if (s == NULL || seed == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    memcpy(seed, s->key.seed, CQ_PK_SIGNING_SEED_BYTES);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_pk_signing_public_key(const cliquet_pk_signing *s,
                                             char key[CLIQUET_KEY_BASE64_SIZE])
{
    if (s == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(key, s->key.public_key, CQ_ED25519_PUBLIC_BYTES);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_pk_sign(const cliquet_pk_signing *s,
                               char signature[CLIQUET_SIGNATURE_BASE64_SIZE],
                               const uint8_t *message, size_t message_len)
{
    uint8_t sig[CQ_ED25519_SIGNATURE_BYTES];

    if (s == NULL || signature == NULL || !cq_api_input_ok(message, message_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_ed25519_sign(sig, &s->key, message, message_len);
    cq_api_base64_text(signature, sig, sizeof sig);
    return CLIQUET_OK;
}

/* ---- state access for the pickle API (api.h) ---------------------------------- */

/* api.h */
const struct cq_pk_decryption *
cq_api_pk_decryption_state(const cliquet_pk_decryption *d)
{
    return &d->key;
}

/* api.h */
cliquet_status cq_api_pk_decryption_from_state(cliquet_pk_decryption **out,
                                               const struct cq_pk_decryption *state)
{
    cliquet_pk_decryption *d = calloc(1, sizeof *d);

    if (d == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    d->key = *state;
    *out = d;
    return CLIQUET_OK;
}
