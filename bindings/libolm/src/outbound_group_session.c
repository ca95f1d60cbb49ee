/*
 * bindings/libolm: Megolm outbound group sessions
 * (olm/outbound_group_session.h) over cliquet_outbound_group_session.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "shim.h"

#define OUTBOUND_RANDOM 160

/* olm/outbound_group_session.h */
size_t olm_outbound_group_session_size(void)
{
    return sizeof(struct OlmOutboundGroupSession);
}

/* olm/outbound_group_session.h */
OlmOutboundGroupSession *olm_outbound_group_session(void *memory)
{
    OlmOutboundGroupSession *session = memory;

    shim_init();
    memset(session, 0, sizeof *session);
    session->last_error = OLM_SUCCESS;
    return session;
}

/* olm/outbound_group_session.h */
const char *olm_outbound_group_session_last_error(const OlmOutboundGroupSession *session)
{
    return _olm_error_to_string(session->last_error);
}

/* olm/outbound_group_session.h */
enum OlmErrorCode olm_outbound_group_session_last_error_code(
    const OlmOutboundGroupSession *session)
{
    return session->last_error;
}

static void set_outbound(OlmOutboundGroupSession *session,
                         cliquet_outbound_group_session *s)
{
    cliquet_outbound_group_session_free(session->session);
    session->session = s;
}

/* olm/outbound_group_session.h */
size_t olm_clear_outbound_group_session(OlmOutboundGroupSession *session)
{
    set_outbound(session, NULL);
    shim_wipe(session, sizeof *session);
    olm_outbound_group_session(session);
    return sizeof *session;
}

/* olm/outbound_group_session.h */
size_t olm_pickle_outbound_group_session_length(const OlmOutboundGroupSession *session)
{
    size_t need = 0;

    if (session->session == NULL) {
        return shim_empty_pickle_length(CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION);
    }
    if (cliquet_outbound_group_session_pickle_libolm(session->session, NULL, 0, &need,
                                                     (const uint8_t *)"", 0) !=
        CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        return SHIM_ERROR;
    }
    return shim_text_len(need);
}

/* olm/outbound_group_session.h */
size_t olm_pickle_outbound_group_session(OlmOutboundGroupSession *session,
                                         void const *key, size_t key_length,
                                         void *pickled, size_t pickled_length)
{
    char *text;
    size_t len = 0;
    cliquet_status st;

    if (key_length > SHIM_MAX_PICKLE_KEY) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }

    if (session->session == NULL) {
        return shim_pickle_empty(&session->last_error, CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION,
                                 key, key_length, pickled, pickled_length);
    }
    text = shim_text_scratch(pickled_length);
    if (text == NULL) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_outbound_group_session_pickle_libolm(session->session, text,
                                                      pickled_length + 1, &len, key,
                                                      key_length);
    shim_text_deliver(pickled, text, pickled_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    return len;
}

/* olm/outbound_group_session.h */
size_t olm_unpickle_outbound_group_session(OlmOutboundGroupSession *session,
                                           void const *key, size_t key_length,
                                           void *pickled, size_t pickled_length)
{
    cliquet_outbound_group_session *s = NULL;
    cliquet_status st;

    if (shim_base64_decoded_len(pickled_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    st = cliquet_outbound_group_session_unpickle_libolm(&s, key, key_length, pickled,
                                                        pickled_length);
    if (st != CLIQUET_OK) {
        st = shim_empty_pickle_status(st, CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION, key,
                                      key_length, pickled, pickled_length);
        if (st == CLIQUET_OK) {
            set_outbound(session, NULL);
            return pickled_length;
        }
    }
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_unpickle_code(st, pickled_length));
    }
    set_outbound(session, s);
    return pickled_length;
}

/* olm/outbound_group_session.h */
size_t olm_init_outbound_group_session_random_length(
    const OlmOutboundGroupSession *session)
{
    (void)session;
    return OUTBOUND_RANDOM;
}

/* olm/outbound_group_session.h */
size_t olm_init_outbound_group_session(OlmOutboundGroupSession *session,
                                       uint8_t *random, size_t random_length)
{
    cliquet_outbound_group_session *s = NULL;
    cliquet_status st;

    /* libolm wipes the bytes only once it has used them. */
    if (random_length < OUTBOUND_RANDOM) {
        return shim_fail(&session->last_error, OLM_NOT_ENOUGH_RANDOM);
    }
    st = cliquet_outbound_group_session_new_with_random(&s, random, OUTBOUND_RANDOM);
    shim_wipe(random, random_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    set_outbound(session, s);
    return 0;
}

/* olm/outbound_group_session.h */
size_t olm_group_encrypt_message_length(OlmOutboundGroupSession *session,
                                        size_t plaintext_length)
{
    size_t len = 0;

    if (session->session == NULL ||
        cliquet_outbound_group_session_encrypt_size(session->session, plaintext_length,
                                                    &len) != CLIQUET_OK) {
        return SHIM_ERROR;
    }
    return len;
}

/* olm/outbound_group_session.h */
size_t olm_group_encrypt(OlmOutboundGroupSession *session, uint8_t const *plaintext,
                         size_t plaintext_length, uint8_t *message,
                         size_t message_length)
{
    size_t len = 0;
    char *text;
    cliquet_status st;

    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    if (plaintext_length > SHIM_MAX_PLAINTEXT) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }
    text = shim_text_scratch(message_length);
    if (text == NULL) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_outbound_group_session_encrypt(session->session, text,
                                                message_length + 1, &len, plaintext,
                                                plaintext_length);
    shim_text_deliver(message, text, message_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    return len;
}

/* olm/outbound_group_session.h */
size_t olm_outbound_group_session_id_length(const OlmOutboundGroupSession *session)
{
    (void)session;
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/outbound_group_session.h */
size_t olm_outbound_group_session_id(OlmOutboundGroupSession *session, uint8_t *id,
                                     size_t id_length)
{
    char text[CLIQUET_KEY_BASE64_SIZE];
    cliquet_status st;

    if (id_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&session->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_outbound_group_session_id(session->session, text);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    shim_put_text(id, text);
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/outbound_group_session.h */
uint32_t olm_outbound_group_session_message_index(OlmOutboundGroupSession *session)
{
    uint32_t index = 0;

    if (session->session != NULL) {
        shim_ignore_status(cliquet_outbound_group_session_message_index(session->session, &index));
    }
    return index;
}

/* olm/outbound_group_session.h */
size_t olm_outbound_group_session_key_length(const OlmOutboundGroupSession *session)
{
    (void)session;
    return (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1);
}

/* olm/outbound_group_session.h */
size_t olm_outbound_group_session_key(OlmOutboundGroupSession *session, uint8_t *key,
                                      size_t key_length)
{
    char text[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    cliquet_status st;

    if (key_length < (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&session->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_outbound_group_session_key(session->session, text);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    shim_put_text(key, text);
    return (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1);
}
