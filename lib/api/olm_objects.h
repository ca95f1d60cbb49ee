/*
 * lib/api: the Olm objects behind cliquet_account and cliquet_session,
 * shared by account_api.c and session_api.c (an inbound session changes
 * its account; libolm's key removal reads a session). Nothing else
 * includes this.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_API_OLM_OBJECTS_H
#define CLIQUET_API_OLM_OBJECTS_H

#include "api/api.h"
#include "olm/olm.h"

struct cliquet_account {
    cq_olm_account a;
};

struct cliquet_session {
    cq_olm_session s;
};

/*
 * Decodes a base64 message into a new buffer (*raw, freed with
 * cq_api_free): CLIQUET_ERR_INPUT_TOO_LARGE past the bound of
 * docs/limits.md, CLIQUET_ERR_BAD_BASE64 for anything but strict base64.
 * (Defined in session_api.c.)
 */
cliquet_status cq_api_olm_message_decode(uint8_t **raw, size_t *raw_len,
                                         const char *in, size_t n);

/*
 * The base64 forms' work once their message is decoded, shared with the
 * bytes forms of cliquet_libolm.h (session_libolm_api.c); the caller has
 * checked every argument, the type and the length. (Defined in
 * session_api.c and session_libolm_api.c.)
 */
cliquet_status cq_api_session_decrypt_raw(cliquet_session *session, int type,
                                          const uint8_t *raw, size_t raw_len,
                                          uint8_t *plaintext, size_t plaintext_cap,
                                          size_t *plaintext_len,
                                          cliquet_olm_decrypt_info *info);
cliquet_status cq_api_olm_ciphertext_len_raw(int type, const uint8_t *raw, size_t raw_len,
                                             size_t *ciphertext_len);

#endif /* CLIQUET_API_OLM_OBJECTS_H */
