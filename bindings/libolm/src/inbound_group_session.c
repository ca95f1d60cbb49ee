/*
 * bindings/libolm: Megolm inbound group sessions
 * (olm/inbound_group_session.h) over cliquet_inbound_group_session.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "shim.h"

/* A Megolm message ends with an 8-byte MAC and a 64-byte signature; libolm
 * reads a shorter one as having no version. */
#define MESSAGE_TRAILER_BYTES 72

/* olm/inbound_group_session.h */
size_t olm_inbound_group_session_size(void)
{
    return sizeof(struct OlmInboundGroupSession);
}

/* olm/inbound_group_session.h */
OlmInboundGroupSession *olm_inbound_group_session(void *memory)
{
    OlmInboundGroupSession *session = memory;

    shim_init();
    memset(session, 0, sizeof *session);
    session->last_error = OLM_SUCCESS;
    return session;
}

/* olm/inbound_group_session.h */
const char *olm_inbound_group_session_last_error(const OlmInboundGroupSession *session)
{
    return _olm_error_to_string(session->last_error);
}

/* olm/inbound_group_session.h */
enum OlmErrorCode olm_inbound_group_session_last_error_code(
    const OlmInboundGroupSession *session)
{
    return session->last_error;
}

static void set_inbound(OlmInboundGroupSession *session,
                        cliquet_inbound_group_session *s)
{
    cliquet_inbound_group_session_free(session->session);
    session->session = s;
}

/* olm/inbound_group_session.h */
size_t olm_clear_inbound_group_session(OlmInboundGroupSession *session)
{
    set_inbound(session, NULL);
    shim_wipe(session, sizeof *session);
    olm_inbound_group_session(session);
    return sizeof *session;
}

/* olm/inbound_group_session.h */
size_t olm_pickle_inbound_group_session_length(const OlmInboundGroupSession *session)
{
    size_t need = 0;

    if (session->session == NULL) {
        return shim_empty_pickle_length(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION);
    }
    if (cliquet_inbound_group_session_pickle_libolm_lossy(
            session->session, NULL, 0, &need, (const uint8_t *)"", 0) !=
        CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        return SHIM_ERROR;
    }
    return shim_text_len(need);
}

/*
 * olm/inbound_group_session.h. libolm keeps no "imported" flag: a session
 * imported from an export and verified since is written as libolm would
 * write it (_lossy), so it reads back as one from a signed key, as it
 * would with libolm.
 */
size_t olm_pickle_inbound_group_session(OlmInboundGroupSession *session,
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
        return shim_pickle_empty(&session->last_error, CLIQUET_LIBOLM_INBOUND_GROUP_SESSION,
                                 key, key_length, pickled, pickled_length);
    }
    text = shim_text_scratch(pickled_length);
    if (text == NULL) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_inbound_group_session_pickle_libolm_lossy(
        session->session, text, pickled_length + 1, &len, key, key_length);
    shim_text_deliver(pickled, text, pickled_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    return len;
}

/* olm/inbound_group_session.h */
size_t olm_unpickle_inbound_group_session(OlmInboundGroupSession *session,
                                          void const *key, size_t key_length,
                                          void *pickled, size_t pickled_length)
{
    cliquet_inbound_group_session *s = NULL;
    cliquet_status st;

    if (shim_base64_decoded_len(pickled_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    st = cliquet_inbound_group_session_unpickle_libolm(&s, key, key_length, pickled,
                                                       pickled_length);
    if (st != CLIQUET_OK) {
        st = shim_empty_pickle_status(st, CLIQUET_LIBOLM_INBOUND_GROUP_SESSION, key,
                                      key_length, pickled, pickled_length);
        if (st == CLIQUET_OK) {
            set_inbound(session, NULL);
            return pickled_length;
        }
    }
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    set_inbound(session, s);
    return pickled_length;
}

/* olm/inbound_group_session.h */
size_t olm_init_inbound_group_session(OlmInboundGroupSession *session,
                                      uint8_t const *session_key,
                                      size_t session_key_length)
{
    cliquet_inbound_group_session *s = NULL;
    cliquet_status st;

    st = cliquet_inbound_group_session_new(&s, (const char *)session_key,
                                           session_key_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    set_inbound(session, s);
    return 0;
}

/* olm/inbound_group_session.h */
size_t olm_import_inbound_group_session(OlmInboundGroupSession *session,
                                        uint8_t const *session_key,
                                        size_t session_key_length)
{
    cliquet_inbound_group_session *s = NULL;
    cliquet_status st;

    st = cliquet_inbound_group_session_import(&s, (const char *)session_key,
                                              session_key_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    set_inbound(session, s);
    return 0;
}

/* libolm's code for a message cliquet finds malformed: one too short for
 * its MAC and signature has, for libolm, no version. */
static enum OlmErrorCode group_message_code(cliquet_status st, size_t message_length)
{
    size_t raw = shim_base64_decoded_len(message_length);

    if (st == CLIQUET_ERR_BAD_MESSAGE_FORMAT && raw < MESSAGE_TRAILER_BYTES) {
        return OLM_BAD_MESSAGE_VERSION;
    }
    return shim_code(st);
}

/*
 * olm/inbound_group_session.h. The ciphertext's length, which is what
 * libolm answers after parsing the message only: neither the signature nor
 * the MAC is checked here (olm_group_decrypt checks both).
 */
size_t olm_group_decrypt_max_plaintext_length(OlmInboundGroupSession *session,
                                              uint8_t *message, size_t message_length)
{
    size_t need = 0, raw_len = 0;
    uint8_t *raw;
    cliquet_status st;

    if (message_length > SHIM_MAX_MESSAGE) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }

    if (shim_base64_decoded_len(message_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    raw = shim_message_bytes(message, message_length, &raw_len);
    st = raw == NULL ? CLIQUET_ERR_NO_MEMORY
                     : cliquet_megolm_message_ciphertext_len_bytes(raw, raw_len, &need);
    shim_message_put_bytes(message, raw, raw_len);
    shim_free(raw, raw_len + 1);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, group_message_code(st, message_length));
    }
    return need;
}

/* olm/inbound_group_session.h */
size_t olm_group_decrypt(OlmInboundGroupSession *session, uint8_t *message,
                         size_t message_length, uint8_t *plaintext,
                         size_t max_plaintext_length, uint32_t *message_index)
{
    cliquet_megolm_decrypt_info info;
    size_t len = 0, raw_len = 0;
    uint8_t *raw;
    cliquet_status st;

    if (message_length > SHIM_MAX_MESSAGE) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }

    if (shim_base64_decoded_len(message_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    /* One decoding, libolm's; its bytes are what cliquet authenticates and
     * what libolm leaves in the caller's buffer. */
    raw = shim_message_bytes(message, message_length, &raw_len);
    st = raw == NULL ? CLIQUET_ERR_NO_MEMORY
                     : cliquet_inbound_group_session_decrypt_bytes(
                           session->session, raw, raw_len, plaintext,
                           max_plaintext_length, &len, &info);
    shim_message_put_bytes(message, raw, raw_len);
    shim_free(raw, raw_len + 1);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, group_message_code(st, message_length));
    }
    if (message_index != NULL) {
        *message_index = info.message_index;
    }
    return len;
}

/* olm/inbound_group_session.h */
size_t olm_inbound_group_session_id_length(const OlmInboundGroupSession *session)
{
    (void)session;
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/inbound_group_session.h */
size_t olm_inbound_group_session_id(OlmInboundGroupSession *session, uint8_t *id,
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
    st = cliquet_inbound_group_session_id(session->session, text);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    shim_put_text(id, text);
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/inbound_group_session.h */
uint32_t olm_inbound_group_session_first_known_index(
    const OlmInboundGroupSession *session)
{
    uint32_t index = 0;

    if (session->session != NULL) {
        shim_ignore_status(cliquet_inbound_group_session_first_known_index(session->session, &index));
    }
    return index;
}

/* olm/inbound_group_session.h */
int olm_inbound_group_session_is_verified(const OlmInboundGroupSession *session)
{
    int verified = 0;

    if (session->session != NULL) {
        shim_ignore_status(cliquet_inbound_group_session_is_verified(session->session, &verified));
    }
    return verified;
}

/* olm/inbound_group_session.h */
size_t olm_export_inbound_group_session_length(const OlmInboundGroupSession *session)
{
    (void)session;
    return (CLIQUET_MEGOLM_EXPORT_BASE64_SIZE - 1);
}

/* olm/inbound_group_session.h */
size_t olm_export_inbound_group_session(OlmInboundGroupSession *session, uint8_t *key,
                                        size_t key_length, uint32_t message_index)
{
    char text[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
    cliquet_status st;

    if (key_length < (CLIQUET_MEGOLM_EXPORT_BASE64_SIZE - 1)) {
        return shim_fail(&session->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_inbound_group_session_export_libolm(session->session, message_index,
                                                     text);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    shim_put_text(key, text);
    return (CLIQUET_MEGOLM_EXPORT_BASE64_SIZE - 1);
}
