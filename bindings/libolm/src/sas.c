/*
 * bindings/libolm: short authentication strings (olm/sas.h) over
 * cliquet_sas.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "shim.h"

#define SAS_RANDOM 32

/* olm/sas.h */
size_t olm_sas_size(void)
{
    return sizeof(struct OlmSAS);
}

/* olm/sas.h */
OlmSAS *olm_sas(void *memory)
{
    OlmSAS *sas = memory;

    shim_init();
    memset(sas, 0, sizeof *sas);
    sas->last_error = OLM_SUCCESS;
    return sas;
}

/* olm/sas.h */
const char *olm_sas_last_error(const OlmSAS *sas)
{
    return _olm_error_to_string(sas->last_error);
}

/* olm/sas.h */
enum OlmErrorCode olm_sas_last_error_code(const OlmSAS *sas)
{
    return sas->last_error;
}

/* olm/sas.h */
size_t olm_clear_sas(OlmSAS *sas)
{
    cliquet_sas_free(sas->sas);
    shim_wipe(sas, sizeof *sas);
    olm_sas(sas);
    return sizeof *sas;
}

/* olm/sas.h */
size_t olm_create_sas_random_length(const OlmSAS *sas)
{
    (void)sas;
    return SAS_RANDOM;
}

/* olm/sas.h: libolm leaves the random bytes as they are. */
size_t olm_create_sas(OlmSAS *sas, void *random, size_t random_length)
{
    cliquet_sas *s = NULL;
    cliquet_status st;

    if (random_length < SAS_RANDOM) {
        return shim_fail(&sas->last_error, OLM_NOT_ENOUGH_RANDOM);
    }
    st = cliquet_sas_new_with_random(&s, random, SAS_RANDOM);
    if (st != CLIQUET_OK) {
        return shim_fail(&sas->last_error, shim_code(st));
    }
    cliquet_sas_free(sas->sas);
    sas->sas = s;
    return 0;
}

/* olm/sas.h */
size_t olm_sas_pubkey_length(const OlmSAS *sas)
{
    (void)sas;
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/sas.h */
size_t olm_sas_get_pubkey(OlmSAS *sas, void *pubkey, size_t pubkey_length)
{
    char text[CLIQUET_KEY_BASE64_SIZE];
    cliquet_status st;

    if (pubkey_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&sas->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (sas->sas == NULL) {
        return shim_fail(&sas->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_sas_public_key(sas->sas, text);
    if (st != CLIQUET_OK) {
        return shim_fail(&sas->last_error, shim_code(st));
    }
    shim_put_text(pubkey, text);
    return 0;
}

/* olm/sas.h: the first 43 characters are the key. */
size_t olm_sas_set_their_key(OlmSAS *sas, void *their_key, size_t their_key_length)
{
    cliquet_status st;

    if (their_key_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&sas->last_error, OLM_INPUT_BUFFER_TOO_SMALL);
    }
    if (sas->sas == NULL) {
        return shim_fail(&sas->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_sas_set_their_key(sas->sas, their_key, (CLIQUET_KEY_BASE64_SIZE - 1));
    shim_decode_in_place(their_key, their_key_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&sas->last_error, shim_code(st));
    }
    return 0;
}

/* olm/sas.h */
int olm_sas_is_their_key_set(const OlmSAS *sas)
{
    int set = 0;

    if (sas->sas != NULL) {
        shim_ignore_status(cliquet_sas_is_their_key_set(sas->sas, &set));
    }
    return set;
}

/* olm/sas.h */
size_t olm_sas_generate_bytes(OlmSAS *sas, const void *info, size_t info_length,
                              void *output, size_t output_length)
{
    cliquet_status st;

    if (sas->sas == NULL) {
        return shim_fail(&sas->last_error, OLM_SAS_THEIR_KEY_NOT_SET);
    }
    st = cliquet_sas_generate_bytes(sas->sas, output, output_length, info, info_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&sas->last_error, shim_code(st));
    }
    return 0;
}

/* olm/sas.h */
size_t olm_sas_mac_length(const OlmSAS *sas)
{
    (void)sas;
    return (CLIQUET_SAS_MAC_BASE64_SIZE - 1);
}

typedef cliquet_status (*mac_function)(const cliquet_sas *s,
                                       char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
                                       const uint8_t *message, size_t message_len,
                                       const uint8_t *info, size_t info_len);

/* The three MAC calls differ only in the cliquet function. */
static size_t calculate_mac(OlmSAS *sas, mac_function f, const void *input,
                            size_t input_length, const void *info,
                            size_t info_length, void *mac, size_t mac_length)
{
    char text[CLIQUET_SAS_MAC_BASE64_SIZE];
    cliquet_status st;

    if (sas->sas == NULL) {
        return shim_fail(&sas->last_error, OLM_SAS_THEIR_KEY_NOT_SET);
    }
    if (mac_length < (CLIQUET_SAS_MAC_BASE64_SIZE - 1)) {
        return shim_fail(&sas->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    st = f(sas->sas, text, input, input_length, info, info_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&sas->last_error, shim_code(st));
    }
    shim_put_text(mac, text);
    return 0;
}

/* olm/sas.h */
size_t olm_sas_calculate_mac(OlmSAS *sas, const void *input, size_t input_length,
                             const void *info, size_t info_length, void *mac,
                             size_t mac_length)
{
    return calculate_mac(sas, cliquet_sas_calculate_mac_legacy_base64, input,
                         input_length, info, info_length, mac, mac_length);
}

/* olm/sas.h */
size_t olm_sas_calculate_mac_fixed_base64(OlmSAS *sas, const void *input,
                                          size_t input_length, const void *info,
                                          size_t info_length, void *mac,
                                          size_t mac_length)
{
    return calculate_mac(sas, cliquet_sas_calculate_mac, input, input_length, info,
                         info_length, mac, mac_length);
}

/* olm/sas.h */
size_t olm_sas_calculate_mac_long_kdf(OlmSAS *sas, const void *input,
                                      size_t input_length, const void *info,
                                      size_t info_length, void *mac,
                                      size_t mac_length)
{
    return calculate_mac(sas, cliquet_sas_calculate_mac_long_kdf, input,
                         input_length, info, info_length, mac, mac_length);
}
