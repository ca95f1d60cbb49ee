/*
 * bindings/libolm: libolm 3.2's outbound Megolm session ABI over cliquet.
 * Conventions as in olm/olm.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_OUTBOUND_GROUP_SESSION_H_
#define OLM_OUTBOUND_GROUP_SESSION_H_

#include <stddef.h>
#include <stdint.h>

#include "olm/error.h"
#include "olm/olm_export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct OlmOutboundGroupSession OlmOutboundGroupSession;

OLM_EXPORT size_t olm_outbound_group_session_size(void);
OLM_EXPORT OlmOutboundGroupSession *olm_outbound_group_session(void *memory);

OLM_EXPORT const char *olm_outbound_group_session_last_error(
    const OlmOutboundGroupSession *session);
OLM_EXPORT enum OlmErrorCode olm_outbound_group_session_last_error_code(
    const OlmOutboundGroupSession *session);

OLM_EXPORT size_t olm_clear_outbound_group_session(OlmOutboundGroupSession *session);

OLM_EXPORT size_t olm_pickle_outbound_group_session_length(
    const OlmOutboundGroupSession *session);
OLM_EXPORT size_t olm_pickle_outbound_group_session(
    OlmOutboundGroupSession *session, void const *key, size_t key_length,
    void *pickled, size_t pickled_length);
OLM_EXPORT size_t olm_unpickle_outbound_group_session(
    OlmOutboundGroupSession *session, void const *key, size_t key_length,
    void *pickled, size_t pickled_length);

OLM_EXPORT size_t olm_init_outbound_group_session_random_length(
    const OlmOutboundGroupSession *session);
OLM_EXPORT size_t olm_init_outbound_group_session(OlmOutboundGroupSession *session,
                                                  uint8_t *random,
                                                  size_t random_length);

OLM_EXPORT size_t olm_group_encrypt_message_length(OlmOutboundGroupSession *session,
                                                   size_t plaintext_length);
OLM_EXPORT size_t olm_group_encrypt(OlmOutboundGroupSession *session,
                                    uint8_t const *plaintext,
                                    size_t plaintext_length, uint8_t *message,
                                    size_t message_length);

/* The session id: the base64 Ed25519 key that signs the messages. */
OLM_EXPORT size_t olm_outbound_group_session_id_length(
    const OlmOutboundGroupSession *session);
OLM_EXPORT size_t olm_outbound_group_session_id(OlmOutboundGroupSession *session,
                                                uint8_t *id, size_t id_length);

/* The index the next message will carry. */
OLM_EXPORT uint32_t olm_outbound_group_session_message_index(
    OlmOutboundGroupSession *session);

/* The signed session key at the current index, base64. */
OLM_EXPORT size_t olm_outbound_group_session_key_length(
    const OlmOutboundGroupSession *session);
OLM_EXPORT size_t olm_outbound_group_session_key(OlmOutboundGroupSession *session,
                                                 uint8_t *key, size_t key_length);

#ifdef __cplusplus
}
#endif

#endif /* OLM_OUTBOUND_GROUP_SESSION_H_ */
