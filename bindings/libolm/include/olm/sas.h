/*
 * bindings/libolm: libolm 3.2's SAS ABI (m.sas.v1 verification) over
 * cliquet. Conventions as in olm/olm.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_SAS_H_
#define OLM_SAS_H_

#include <stddef.h>

#include "olm/error.h"
#include "olm/olm_export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct OlmSAS OlmSAS;

OLM_EXPORT const char *olm_sas_last_error(const OlmSAS *sas);
OLM_EXPORT enum OlmErrorCode olm_sas_last_error_code(const OlmSAS *sas);

OLM_EXPORT size_t olm_sas_size(void);
OLM_EXPORT OlmSAS *olm_sas(void *memory);
OLM_EXPORT size_t olm_clear_sas(OlmSAS *sas);

OLM_EXPORT size_t olm_create_sas_random_length(const OlmSAS *sas);
OLM_EXPORT size_t olm_create_sas(OlmSAS *sas, void *random, size_t random_length);

OLM_EXPORT size_t olm_sas_pubkey_length(const OlmSAS *sas);
OLM_EXPORT size_t olm_sas_get_pubkey(OlmSAS *sas, void *pubkey, size_t pubkey_length);

/* The other side's public key, base64; overwritten with its decoded bytes. */
OLM_EXPORT size_t olm_sas_set_their_key(OlmSAS *sas, void *their_key,
                                        size_t their_key_length);
OLM_EXPORT int olm_sas_is_their_key_set(const OlmSAS *sas);

OLM_EXPORT size_t olm_sas_generate_bytes(OlmSAS *sas, const void *info,
                                         size_t info_length, void *output,
                                         size_t output_length);

OLM_EXPORT size_t olm_sas_mac_length(const OlmSAS *sas);

/* MAC method "hkdf-hmac-sha256": libolm's own base64, not decodable. */
OLM_EXPORT size_t olm_sas_calculate_mac(OlmSAS *sas, const void *input,
                                        size_t input_length, const void *info,
                                        size_t info_length, void *mac,
                                        size_t mac_length);
/* MAC method "hkdf-hmac-sha256.v2": standard base64. */
OLM_EXPORT size_t olm_sas_calculate_mac_fixed_base64(OlmSAS *sas, const void *input,
                                                     size_t input_length,
                                                     const void *info,
                                                     size_t info_length, void *mac,
                                                     size_t mac_length);
/* An old Riot's MAC. */
OLM_EXPORT size_t olm_sas_calculate_mac_long_kdf(OlmSAS *sas, const void *input,
                                                 size_t input_length,
                                                 const void *info,
                                                 size_t info_length, void *mac,
                                                 size_t mac_length);

#ifdef __cplusplus
}
#endif

#endif /* OLM_SAS_H_ */
