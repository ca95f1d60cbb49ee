/*
 * bindings/libolm: PK encryption, decryption and signing (olm/pk.h) over
 * cliquet's legacy key-backup functions and signing keys.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "shim.h"

#define PK_RANDOM 32
#define PK_RAW_MAC 8 /* libolm's success value for olm_pk_encrypt */

/* ---- encryption -------------------------------------------------------------- */

/* olm/pk.h */
size_t olm_pk_encryption_size(void)
{
    return sizeof(struct OlmPkEncryption);
}

/* olm/pk.h */
OlmPkEncryption *olm_pk_encryption(void *memory)
{
    OlmPkEncryption *e = memory;

    shim_init();
    memset(e, 0, sizeof *e);
    e->last_error = OLM_SUCCESS;
    return e;
}

/* olm/pk.h */
const char *olm_pk_encryption_last_error(const OlmPkEncryption *encryption)
{
    return _olm_error_to_string(encryption->last_error);
}

/* olm/pk.h */
enum OlmErrorCode olm_pk_encryption_last_error_code(const OlmPkEncryption *encryption)
{
    return encryption->last_error;
}

/* olm/pk.h */
size_t olm_clear_pk_encryption(OlmPkEncryption *encryption)
{
    cliquet_pk_encryption_free(encryption->encryption);
    shim_wipe(encryption, sizeof *encryption);
    olm_pk_encryption(encryption);
    return sizeof *encryption;
}

/* olm/pk.h: libolm reads the first 43 characters. */
size_t olm_pk_encryption_set_recipient_key(OlmPkEncryption *encryption,
                                           void const *public_key,
                                           size_t public_key_length)
{
    cliquet_pk_encryption *e = NULL;
    cliquet_status st;

    if (public_key_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&encryption->last_error, OLM_INPUT_BUFFER_TOO_SMALL);
    }
    st = cliquet_pk_encryption_new(&e, public_key, (CLIQUET_KEY_BASE64_SIZE - 1));
    if (st != CLIQUET_OK) {
        return shim_fail(&encryption->last_error, shim_code(st));
    }
    cliquet_pk_encryption_free(encryption->encryption);
    encryption->encryption = e;
    return 0;
}

/* olm/pk.h */
size_t olm_pk_ciphertext_length(const OlmPkEncryption *encryption,
                                size_t plaintext_length)
{
    size_t len = 0;

    (void)encryption;
    if (cliquet_pk_encrypt_legacy_backup_size(plaintext_length, &len) != CLIQUET_OK) {
        return SHIM_ERROR;
    }
    return len;
}

/* olm/pk.h */
size_t olm_pk_mac_length(const OlmPkEncryption *encryption)
{
    (void)encryption;
    return (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1);
}

/* olm/pk.h */
size_t olm_pk_key_length(void)
{
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/pk.h */
size_t olm_pk_encrypt_random_length(const OlmPkEncryption *encryption)
{
    (void)encryption;
    return PK_RANDOM;
}

/*
 * olm/pk.h. libolm neither wipes nor changes the random bytes here. It
 * accepts a MAC buffer of 8 bytes and writes 11 into it; the shim asks for
 * the 11 (docs/libolm-compat.md).
 */
size_t olm_pk_encrypt(OlmPkEncryption *encryption, void const *plaintext,
                      size_t plaintext_length, void *ciphertext,
                      size_t ciphertext_length, void *mac, size_t mac_length,
                      void *ephemeral_key, size_t ephemeral_key_size,
                      const void *random, size_t random_length)
{
    char raw_mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE];
    char ephemeral[CLIQUET_KEY_BASE64_SIZE];
    size_t need = olm_pk_ciphertext_length(encryption, plaintext_length);
    size_t len = 0;
    char *text;
    cliquet_status st;

    if (need == SHIM_ERROR || ciphertext_length < need ||
        mac_length < (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1) ||
        ephemeral_key_size < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&encryption->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (random_length < PK_RANDOM) {
        return shim_fail(&encryption->last_error, OLM_NOT_ENOUGH_RANDOM);
    }
    if (encryption->encryption == NULL) {
        return shim_fail(&encryption->last_error, SHIM_NOT_CREATED);
    }
    text = shim_text_scratch(ciphertext_length);
    if (text == NULL) {
        return shim_fail(&encryption->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_pk_encrypt_legacy_backup_with_random(
        encryption->encryption, text, ciphertext_length + 1, &len, raw_mac,
        ephemeral, plaintext, plaintext_length, random, PK_RANDOM);
    shim_text_deliver(ciphertext, text, ciphertext_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&encryption->last_error, shim_code(st));
    }
    shim_put_text(mac, raw_mac);
    shim_put_text(ephemeral_key, ephemeral);
    return PK_RAW_MAC;
}

/* ---- decryption -------------------------------------------------------------- */

/* olm/pk.h */
size_t olm_pk_decryption_size(void)
{
    return sizeof(struct OlmPkDecryption);
}

/* olm/pk.h */
OlmPkDecryption *olm_pk_decryption(void *memory)
{
    OlmPkDecryption *d = memory;

    shim_init();
    memset(d, 0, sizeof *d);
    d->last_error = OLM_SUCCESS;
    return d;
}

/* olm/pk.h */
const char *olm_pk_decryption_last_error(const OlmPkDecryption *decryption)
{
    return _olm_error_to_string(decryption->last_error);
}

/* olm/pk.h */
enum OlmErrorCode olm_pk_decryption_last_error_code(const OlmPkDecryption *decryption)
{
    return decryption->last_error;
}

static void set_decryption(OlmPkDecryption *decryption, cliquet_pk_decryption *d)
{
    cliquet_pk_decryption_free(decryption->decryption);
    decryption->decryption = d;
}

/* olm/pk.h */
size_t olm_clear_pk_decryption(OlmPkDecryption *decryption)
{
    set_decryption(decryption, NULL);
    shim_wipe(decryption, sizeof *decryption);
    olm_pk_decryption(decryption);
    return sizeof *decryption;
}

/* olm/pk.h */
size_t olm_pk_private_key_length(void)
{
    return CLIQUET_PK_PRIVATE_KEY_BYTES;
}

/* olm/pk.h */
size_t olm_pk_generate_key_random_length(void)
{
    return CLIQUET_PK_PRIVATE_KEY_BYTES;
}

/* olm/pk.h */
size_t olm_pk_key_from_private(OlmPkDecryption *decryption, void *pubkey,
                               size_t pubkey_length, const void *privkey,
                               size_t privkey_length)
{
    char text[CLIQUET_KEY_BASE64_SIZE];
    cliquet_pk_decryption *d = NULL;
    cliquet_status st;

    if (pubkey_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&decryption->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (privkey_length < CLIQUET_PK_PRIVATE_KEY_BYTES) {
        return shim_fail(&decryption->last_error, OLM_INPUT_BUFFER_TOO_SMALL);
    }
    st = cliquet_pk_decryption_new_from_private_key(&d, privkey);
    if (st == CLIQUET_OK) {
        st = cliquet_pk_decryption_public_key(d, text);
    }
    if (st != CLIQUET_OK) {
        cliquet_pk_decryption_free(d);
        return shim_fail(&decryption->last_error, shim_code(st));
    }
    shim_put_text(pubkey, text);
    set_decryption(decryption, d);
    return 0;
}

/* olm/pk.h */
size_t olm_pk_generate_key(OlmPkDecryption *decryption, void *pubkey,
                           size_t pubkey_length, const void *privkey,
                           size_t privkey_length)
{
    return olm_pk_key_from_private(decryption, pubkey, pubkey_length, privkey,
                                   privkey_length);
}

/* olm/pk.h */
size_t olm_pickle_pk_decryption_length(const OlmPkDecryption *decryption)
{
    size_t need = 0;

    if (decryption->decryption == NULL ||
        cliquet_pk_decryption_pickle_libolm(decryption->decryption, NULL, 0, &need,
                                            (const uint8_t *)"", 0) !=
            CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        return SHIM_ERROR;
    }
    return shim_text_len(need);
}

/* olm/pk.h */
size_t olm_pickle_pk_decryption(OlmPkDecryption *decryption, void const *key,
                                size_t key_length, void *pickled,
                                size_t pickled_length)
{
    char *text;
    size_t len = 0;
    cliquet_status st;

    if (decryption->decryption == NULL) {
        return shim_fail(&decryption->last_error, SHIM_NOT_CREATED);
    }
    text = shim_text_scratch(pickled_length);
    if (text == NULL) {
        return shim_fail(&decryption->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_pk_decryption_pickle_libolm(decryption->decryption, text,
                                             pickled_length + 1, &len, key, key_length);
    shim_text_deliver(pickled, text, pickled_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&decryption->last_error, shim_code(st));
    }
    return len;
}

/* olm/pk.h */
size_t olm_unpickle_pk_decryption(OlmPkDecryption *decryption, void const *key,
                                  size_t key_length, void *pickled,
                                  size_t pickled_length, void *pubkey,
                                  size_t pubkey_length)
{
    char text[CLIQUET_KEY_BASE64_SIZE];
    cliquet_pk_decryption *d = NULL;
    cliquet_status st;

    if (pubkey_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&decryption->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (shim_base64_decoded_len(pickled_length) == SHIM_ERROR) {
        return shim_fail(&decryption->last_error, OLM_INVALID_BASE64);
    }
    st = cliquet_pk_decryption_unpickle_libolm(&d, key, key_length, pickled,
                                               pickled_length);
    if (st == CLIQUET_OK) {
        st = cliquet_pk_decryption_public_key(d, text);
    }
    if (st != CLIQUET_OK) {
        cliquet_pk_decryption_free(d);
        return shim_fail(&decryption->last_error, shim_unpickle_code(st, pickled_length));
    }
    shim_put_text(pubkey, text);
    set_decryption(decryption, d);
    return pickled_length;
}

/* olm/pk.h: the decoded ciphertext's length (olm_error() for a length no
 * base64 text has, with no error recorded, as libolm). */
size_t olm_pk_max_plaintext_length(const OlmPkDecryption *decryption,
                                   size_t ciphertext_length)
{
    (void)decryption;
    return shim_base64_decoded_len(ciphertext_length);
}

/*
 * olm/pk.h. libolm's checks come first, in its order; libolm reads 11 MAC
 * characters whatever mac_length says, the shim reads 11 when there are at
 * least that many.
 */
size_t olm_pk_decrypt(OlmPkDecryption *decryption, void const *ephemeral_key,
                      size_t ephemeral_key_length, void const *mac,
                      size_t mac_length, void *ciphertext, size_t ciphertext_length,
                      void *plaintext, size_t max_plaintext_length)
{
    size_t raw = shim_base64_decoded_len(ciphertext_length);
    size_t len = 0;
    cliquet_status st;

    if (ephemeral_key_length != (CLIQUET_KEY_BASE64_SIZE - 1) || raw == SHIM_ERROR) {
        return shim_fail(&decryption->last_error, OLM_INVALID_BASE64);
    }
    if (max_plaintext_length < raw) {
        return shim_fail(&decryption->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (decryption->decryption == NULL) {
        return shim_fail(&decryption->last_error, SHIM_NOT_CREATED);
    }
    if (mac_length > (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1)) {
        mac_length = (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1);
    }
    st = cliquet_pk_decrypt_legacy_backup(decryption->decryption, plaintext,
                                          max_plaintext_length, &len, ephemeral_key,
                                          ephemeral_key_length, mac, mac_length,
                                          ciphertext, ciphertext_length);
    shim_decode_in_place(ciphertext, ciphertext_length);
    if (st != CLIQUET_OK) {
        /* libolm's only verdict after its length checks. */
        return shim_fail(&decryption->last_error,
                         st == CLIQUET_ERR_BAD_BASE64 ? OLM_INVALID_BASE64
                                                      : OLM_BAD_MESSAGE_MAC);
    }
    return len;
}

/* olm/pk.h */
size_t olm_pk_get_private_key(OlmPkDecryption *decryption, void *private_key,
                              size_t private_key_length)
{
    cliquet_status st;

    if (private_key_length < CLIQUET_PK_PRIVATE_KEY_BYTES) {
        return shim_fail(&decryption->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (decryption->decryption == NULL) {
        return shim_fail(&decryption->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_pk_decryption_private_key(decryption->decryption, private_key);
    if (st != CLIQUET_OK) {
        return shim_fail(&decryption->last_error, shim_code(st));
    }
    return CLIQUET_PK_PRIVATE_KEY_BYTES;
}

/* ---- signing ----------------------------------------------------------------- */

/* olm/pk.h */
size_t olm_pk_signing_size(void)
{
    return sizeof(struct OlmPkSigning);
}

/* olm/pk.h */
OlmPkSigning *olm_pk_signing(void *memory)
{
    OlmPkSigning *s = memory;

    shim_init();
    memset(s, 0, sizeof *s);
    s->last_error = OLM_SUCCESS;
    return s;
}

/* olm/pk.h */
const char *olm_pk_signing_last_error(const OlmPkSigning *sign)
{
    return _olm_error_to_string(sign->last_error);
}

/* olm/pk.h */
enum OlmErrorCode olm_pk_signing_last_error_code(const OlmPkSigning *sign)
{
    return sign->last_error;
}

/* olm/pk.h */
size_t olm_clear_pk_signing(OlmPkSigning *sign)
{
    cliquet_pk_signing_free(sign->signing);
    shim_wipe(sign, sizeof *sign);
    olm_pk_signing(sign);
    return sizeof *sign;
}

/* olm/pk.h */
size_t olm_pk_signing_key_from_seed(OlmPkSigning *sign, void *pubkey,
                                    size_t pubkey_length, const void *seed,
                                    size_t seed_length)
{
    char text[CLIQUET_KEY_BASE64_SIZE];
    cliquet_pk_signing *s = NULL;
    cliquet_status st;

    if (pubkey_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&sign->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (seed_length < CLIQUET_PK_SIGNING_SEED_BYTES) {
        return shim_fail(&sign->last_error, OLM_INPUT_BUFFER_TOO_SMALL);
    }
    st = cliquet_pk_signing_new_from_seed(&s, seed);
    if (st == CLIQUET_OK) {
        st = cliquet_pk_signing_public_key(s, text);
    }
    if (st != CLIQUET_OK) {
        cliquet_pk_signing_free(s);
        return shim_fail(&sign->last_error, shim_code(st));
    }
    shim_put_text(pubkey, text);
    cliquet_pk_signing_free(sign->signing);
    sign->signing = s;
    return 0;
}

/* olm/pk.h */
size_t olm_pk_signing_seed_length(void)
{
    return CLIQUET_PK_SIGNING_SEED_BYTES;
}

/* olm/pk.h */
size_t olm_pk_signing_public_key_length(void)
{
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/pk.h */
size_t olm_pk_signature_length(void)
{
    return (CLIQUET_SIGNATURE_BASE64_SIZE - 1);
}

/* olm/pk.h */
size_t olm_pk_sign(OlmPkSigning *sign, uint8_t const *message, size_t message_length,
                   uint8_t *signature, size_t signature_length)
{
    char text[CLIQUET_SIGNATURE_BASE64_SIZE];
    cliquet_status st;

    if (signature_length < (CLIQUET_SIGNATURE_BASE64_SIZE - 1)) {
        return shim_fail(&sign->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (sign->signing == NULL) {
        return shim_fail(&sign->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_pk_sign(sign->signing, text, message, message_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&sign->last_error, shim_code(st));
    }
    shim_put_text(signature, text);
    return (CLIQUET_SIGNATURE_BASE64_SIZE - 1);
}
