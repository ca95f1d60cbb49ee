/*
 * bindings/libolm: libolm 3.2's inbound Megolm session ABI over cliquet.
 * Conventions as in olm/olm.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_INBOUND_GROUP_SESSION_H_
#define OLM_INBOUND_GROUP_SESSION_H_

#include <stddef.h>
#include <stdint.h>

#include "olm/error.h"
#include "olm/olm_export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct OlmInboundGroupSession OlmInboundGroupSession;

OLM_EXPORT size_t olm_inbound_group_session_size(void);
OLM_EXPORT OlmInboundGroupSession *olm_inbound_group_session(void *memory);

OLM_EXPORT const char *olm_inbound_group_session_last_error(
    const OlmInboundGroupSession *session);
OLM_EXPORT enum OlmErrorCode olm_inbound_group_session_last_error_code(
    const OlmInboundGroupSession *session);

OLM_EXPORT size_t olm_clear_inbound_group_session(OlmInboundGroupSession *session);

OLM_EXPORT size_t olm_pickle_inbound_group_session_length(
    const OlmInboundGroupSession *session);
OLM_EXPORT size_t olm_pickle_inbound_group_session(OlmInboundGroupSession *session,
                                                   void const *key,
                                                   size_t key_length,
                                                   void *pickled,
                                                   size_t pickled_length);
OLM_EXPORT size_t olm_unpickle_inbound_group_session(
    OlmInboundGroupSession *session, void const *key, size_t key_length,
    void *pickled, size_t pickled_length);

/* From a signed session key (base64, as the sender shares it). */
OLM_EXPORT size_t olm_init_inbound_group_session(OlmInboundGroupSession *session,
                                                 uint8_t const *session_key,
                                                 size_t session_key_length);

/* From an unsigned export (base64); the input is only read. */
OLM_EXPORT size_t olm_import_inbound_group_session(OlmInboundGroupSession *session,
                                                   uint8_t const *session_key,
                                                   size_t session_key_length);

/* The message is overwritten with its decoded bytes by both calls. */
OLM_EXPORT size_t olm_group_decrypt_max_plaintext_length(
    OlmInboundGroupSession *session, uint8_t *message, size_t message_length);
OLM_EXPORT size_t olm_group_decrypt(OlmInboundGroupSession *session,
                                    uint8_t *message, size_t message_length,
                                    uint8_t *plaintext,
                                    size_t max_plaintext_length,
                                    uint32_t *message_index);

OLM_EXPORT size_t olm_inbound_group_session_id_length(
    const OlmInboundGroupSession *session);
OLM_EXPORT size_t olm_inbound_group_session_id(OlmInboundGroupSession *session,
                                               uint8_t *id, size_t id_length);

OLM_EXPORT uint32_t olm_inbound_group_session_first_known_index(
    const OlmInboundGroupSession *session);

/* 1 if the session came from a signed key or has decrypted a message. */
OLM_EXPORT int olm_inbound_group_session_is_verified(
    const OlmInboundGroupSession *session);

/* An unsigned export from message_index on, base64. */
OLM_EXPORT size_t olm_export_inbound_group_session_length(
    const OlmInboundGroupSession *session);
OLM_EXPORT size_t olm_export_inbound_group_session(OlmInboundGroupSession *session,
                                                   uint8_t *key, size_t key_length,
                                                   uint32_t message_index);

#ifdef __cplusplus
}
#endif

#endif /* OLM_INBOUND_GROUP_SESSION_H_ */
