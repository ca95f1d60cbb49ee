/*
 * The public ABI of lib/sas (docs/sas.md). Argument checks, base64 at the
 * boundary, random bytes; the protocol is in lib/sas.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>

#include "api/api.h"
#include "crypto/crypto.h"
#include "sas/sas.h"

struct cliquet_sas {
    cq_sas sas;
};

/* cliquet.h */
size_t cliquet_sas_mac_base64_size(void) { return CLIQUET_SAS_MAC_BASE64_SIZE; }
/* cliquet.h */
size_t cliquet_sas_max_bytes(void) { return CLIQUET_SAS_MAX_BYTES; }

/* cliquet_random.h */
size_t cliquet_sas_random_bytes(void) { return CLIQUET_SAS_RANDOM_BYTES; }

/* cliquet_random.h */
cliquet_status cliquet_sas_new_with_random(cliquet_sas **out, const uint8_t *random,
                                           size_t random_len)
{
    cliquet_sas *s;

    if (out == NULL || random == NULL || random_len != CQ_SAS_KEY_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_sas_init(&s->sas, random);
    *out = s;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_sas_new(cliquet_sas **out)
{
    uint8_t random[CQ_SAS_KEY_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_sas_new_with_random(out, random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet.h */
void cliquet_sas_free(cliquet_sas *s)
{
    if (s != NULL) {
        cq_sas_clear(&s->sas);
        free(s);
    }
}

/* cliquet.h */
cliquet_status cliquet_sas_public_key(const cliquet_sas *s,
                                      char key[CLIQUET_KEY_BASE64_SIZE])
{
    if (s == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(key, s->sas.public_key, CQ_SAS_KEY_BYTES);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_sas_set_their_key(cliquet_sas *s, const char *their_key,
                                         size_t their_key_len)
{
    uint8_t key[CQ_SAS_KEY_BYTES];
    cliquet_status st;

    if (s == NULL || !cq_api_input_ok(their_key, their_key_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = cq_api_decode_exact(key, sizeof key, their_key, their_key_len,
                             CLIQUET_ERR_BAD_KEY_LENGTH);
    if (st != CLIQUET_OK) {
        return st;
    }
    return cq_sas_set_their_key(&s->sas, key);
}

/* cliquet.h */
cliquet_status cliquet_sas_is_their_key_set(const cliquet_sas *s, int *is_set)
{
    if (s == NULL || is_set == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *is_set = s->sas.their_key_set ? 1 : 0;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_sas_generate_bytes(const cliquet_sas *s, uint8_t *out,
                                          size_t n, const uint8_t *info,
                                          size_t info_len)
{
    if (s == NULL || !cq_api_input_ok(out, n) || !cq_api_input_ok(info, info_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    return cq_sas_generate_bytes(&s->sas, out, n, info, info_len);
}

/* The three MAC forms differ in the key length and the base64 used. */
typedef enum sas_mac_form {
    SAS_MAC_V2,           /* hkdf-hmac-sha256.v2 */
    SAS_MAC_LEGACY_BASE64, /* hkdf-hmac-sha256 */
    SAS_MAC_LONG_KDF       /* an old Riot's */
} sas_mac_form;

static cliquet_status calculate_mac(const cliquet_sas *s,
                                    char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
                                    const uint8_t *message, size_t message_len,
                                    const uint8_t *info, size_t info_len,
                                    sas_mac_form form)
{
    uint8_t raw[CQ_SAS_MAC_BYTES];
    cliquet_status st;

    if (s == NULL || mac == NULL || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(info, info_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (form == SAS_MAC_LONG_KDF) {
        st = cq_sas_mac_long_kdf(&s->sas, raw, message, message_len, info, info_len);
    } else {
        st = cq_sas_mac(&s->sas, raw, message, message_len, info, info_len);
    }
    if (st == CLIQUET_OK) {
        if (form == SAS_MAC_V2) {
            cq_api_base64_text(mac, raw, sizeof raw);
        } else {
            cq_sas_legacy_base64(mac, raw);
            mac[CLIQUET_SAS_MAC_BASE64_SIZE - 1] = '\0';
        }
    }
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_sas_calculate_mac(const cliquet_sas *s,
                                         char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
                                         const uint8_t *message, size_t message_len,
                                         const uint8_t *info, size_t info_len)
{
    return calculate_mac(s, mac, message, message_len, info, info_len, SAS_MAC_V2);
}

/* cliquet.h */
cliquet_status cliquet_sas_calculate_mac_legacy_base64(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len)
{
    return calculate_mac(s, mac, message, message_len, info, info_len,
                         SAS_MAC_LEGACY_BASE64);
}

/* cliquet.h */
cliquet_status cliquet_sas_calculate_mac_long_kdf(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len)
{
    return calculate_mac(s, mac, message, message_len, info, info_len,
                         SAS_MAC_LONG_KDF);
}
