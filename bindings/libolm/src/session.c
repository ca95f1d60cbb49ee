/*
 * bindings/libolm: Olm sessions (olm/olm.h) over cliquet_session: making,
 * pickling, encrypting and decrypting them. What a client may ask of one is
 * in session_query.c.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "shim.h"

#define OUTBOUND_RANDOM 64
#define ENCRYPT_RANDOM 32
#define AES_BLOCK 16
#define OLM_MAC_BYTES 8

/* olm/olm.h */
size_t olm_session_size(void)
{
    return sizeof(struct OlmSession);
}

/* olm/olm.h */
OlmSession *olm_session(void *memory)
{
    OlmSession *session = memory;

    shim_init();
    memset(session, 0, sizeof *session);
    session->last_error = OLM_SUCCESS;
    return session;
}

/* olm/olm.h */
const char *olm_session_last_error(OlmSession const *session)
{
    return _olm_error_to_string(session->last_error);
}

/* olm/olm.h */
enum OlmErrorCode olm_session_last_error_code(OlmSession const *session)
{
    return session->last_error;
}

/* Drops the waiting first plaintext, if any. */
static void drop_first_message(OlmSession *session)
{
    shim_free(session->first_message, session->first_message_len + 1);
    shim_free(session->first_plaintext, session->first_plaintext_len + 1);
    session->first_message = NULL;
    session->first_message_len = 0;
    session->first_plaintext = NULL;
    session->first_plaintext_len = 0;
}

/* Replaces the session's cliquet object. */
static void set_session(OlmSession *session, cliquet_session *s)
{
    drop_first_message(session);
    cliquet_session_free(session->session);
    session->session = s;
}

/* olm/olm.h */
size_t olm_clear_session(OlmSession *session)
{
    set_session(session, NULL);
    shim_wipe(session, sizeof *session);
    olm_session(session);
    return sizeof *session;
}

/* ---- pickles ------------------------------------------------------------ */

/* olm/olm.h */
size_t olm_pickle_session_length(OlmSession const *session)
{
    size_t need = 0;

    if (session->session == NULL ||
        cliquet_session_pickle_libolm(session->session, NULL, 0, &need,
                                      (const uint8_t *)"", 0) !=
            CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        return SHIM_ERROR;
    }
    return shim_text_len(need);
}

/* olm/olm.h */
size_t olm_pickle_session(OlmSession *session, void const *key, size_t key_length,
                          void *pickled, size_t pickled_length)
{
    char *text;
    size_t len = 0;
    cliquet_status st;

    if (key_length > SHIM_MAX_PICKLE_KEY) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }

    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    text = shim_text_scratch(pickled_length);
    if (text == NULL) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_session_pickle_libolm(session->session, text, pickled_length + 1,
                                       &len, key, key_length);
    shim_text_deliver(pickled, text, pickled_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    return len;
}

/* olm/olm.h */
size_t olm_unpickle_session(OlmSession *session, void const *key, size_t key_length,
                            void *pickled, size_t pickled_length)
{
    cliquet_session *s = NULL;
    cliquet_status st;

    if (shim_base64_decoded_len(pickled_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    /* libolm's ABI never reports the peer's identity key, so none is given:
     * cliquet then takes the peer to be the pickle's Alice (right for an
     * inbound session; for an outbound one only cliquet's own sender-key
     * report would differ, and the shim does not pass it on). */
    st = cliquet_session_unpickle_libolm_as_inbound(&s, key, key_length, pickled,
                                                    pickled_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_unpickle_code(st, pickled_length));
    }
    set_session(session, s);
    return pickled_length;
}

/* ---- making sessions ------------------------------------------------------ */

/* olm/olm.h */
size_t olm_create_outbound_session_random_length(OlmSession const *session)
{
    (void)session;
    return OUTBOUND_RANDOM;
}

/* olm/olm.h */
size_t olm_create_outbound_session(OlmSession *session, OlmAccount const *account,
                                   void const *their_identity_key,
                                   size_t their_identity_key_length,
                                   void const *their_one_time_key,
                                   size_t their_one_time_key_length, void *random,
                                   size_t random_length)
{
    cliquet_session *s = NULL;
    enum OlmErrorCode code;

    /* libolm checks the key lengths before the random bytes, and keeps
     * those bytes when the keys are refused. */
    if (their_identity_key_length != (CLIQUET_KEY_BASE64_SIZE - 1) ||
        their_one_time_key_length != (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    if (random_length < OUTBOUND_RANDOM) { /* NOLINT(bugprone-branch-clone): as in account.c */
        code = OLM_NOT_ENOUGH_RANDOM;
    } else if (account->account == NULL) {
        code = SHIM_NOT_CREATED;
    } else {
        code = shim_code(cliquet_session_new_outbound_with_random(
            &s, account->account, their_identity_key, their_identity_key_length,
            their_one_time_key, their_one_time_key_length, random, OUTBOUND_RANDOM));
    }
    shim_wipe(random, random_length);
    if (code != OLM_SUCCESS) {
        return shim_fail(&session->last_error, code);
    }
    set_session(session, s);
    return 0;
}

/*
 * The body of olm_create_inbound_session(_from). cliquet decrypts the
 * pre-key message while making the session, keeping the account unchanged;
 * the plaintext waits for the olm_decrypt of this message.
 */
static size_t create_inbound(OlmSession *session, OlmAccount *account,
                             const char *their_identity_key,
                             size_t their_identity_key_length, void *message,
                             size_t message_length)
{
    cliquet_session *s = NULL;
    char *text = NULL;
    uint8_t *raw, *plaintext = NULL;
    size_t cap = 0, len = 0, raw_len = 0;
    cliquet_status st;

    if (shim_base64_decoded_len(message_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    if (message_length > SHIM_MAX_MESSAGE) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }
    if (account->account == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    /* A plaintext capacity of the message's length is always enough
     * (cliquet.h, the size rule). */
    cap = message_length;
    /* cliquet makes a session from text only: the bytes are decoded once
     * and encoded strictly (once per session); they are kept to recognise
     * this message in olm_decrypt. */
    raw = shim_message_bytes(message, message_length, &raw_len);
    text = raw != NULL ? shim_bytes_text(raw, raw_len, message_length) : NULL;
    plaintext = malloc(cap + 1);
    st = text != NULL && plaintext != NULL ? CLIQUET_OK : CLIQUET_ERR_NO_MEMORY;
    if (st == CLIQUET_OK) {
        st = cliquet_session_new_inbound_keep_key(
            &s, account->account, their_identity_key, their_identity_key_length,
            text, message_length, plaintext, cap + 1, &len);
    }
    shim_message_put_bytes(message, raw, raw_len);
    shim_free(text, message_length + 1);
    if (st != CLIQUET_OK) {
        shim_free(raw, raw_len + 1);
        shim_free(plaintext, cap + 1);
        /* libolm's codes: it checks no version here, and a message from
         * another sender is a key it does not know. */
        if (st == CLIQUET_ERR_BAD_MESSAGE_VERSION) {
            return shim_fail(&session->last_error, OLM_BAD_MESSAGE_FORMAT);
        }
        return shim_fail(&session->last_error, shim_code(st));
    }
    set_session(session, s);
    session->first_message = raw;
    session->first_message_len = raw_len;
    session->first_plaintext = plaintext;
    session->first_plaintext_len = len;
    return 0;
}

/* olm/olm.h */
size_t olm_create_inbound_session(OlmSession *session, OlmAccount *account,
                                  void *one_time_key_message, size_t message_length)
{
    return create_inbound(session, account, NULL, 0, one_time_key_message,
                          message_length);
}

/* olm/olm.h */
size_t olm_create_inbound_session_from(OlmSession *session, OlmAccount *account,
                                       void const *their_identity_key,
                                       size_t their_identity_key_length,
                                       void *one_time_key_message,
                                       size_t message_length)
{
    if (their_identity_key_length != (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    return create_inbound(session, account, their_identity_key,
                          their_identity_key_length, one_time_key_message,
                          message_length);
}

/* ---- encrypting --------------------------------------------------------------- */

/* olm/olm.h */
size_t olm_encrypt_message_type(OlmSession const *session)
{
    int type = 0;

    if (session->session == NULL ||
        cliquet_session_message_type(session->session, &type) != CLIQUET_OK) {
        return SHIM_ERROR;
    }
    return (size_t)type;
}

/* olm/olm.h */
size_t olm_encrypt_random_length(OlmSession const *session)
{
    int needed = 0;

    if (session->session != NULL) {
        shim_ignore_status(cliquet_session_encrypt_needs_random(session->session, &needed));
    }
    return needed ? ENCRYPT_RANDOM : 0;
}

/* olm/olm.h */
size_t olm_encrypt_message_length(OlmSession const *session, size_t plaintext_length)
{
    size_t len = 0;

    if (session->session == NULL ||
        cliquet_session_encrypt_size(session->session, plaintext_length, &len) !=
            CLIQUET_OK) {
        return SHIM_ERROR;
    }
    return len;
}

/* olm/olm.h */
size_t olm_encrypt(OlmSession *session, void const *plaintext,
                   size_t plaintext_length, void *random, size_t random_length,
                   void *message, size_t message_length)
{
    size_t need, random_need, len = 0;
    int type = 0;
    char *text = NULL;
    enum OlmErrorCode code;

    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    need = olm_encrypt_message_length(session, plaintext_length);
    random_need = olm_encrypt_random_length(session);
    /* libolm keeps the random bytes when the output buffer is too small. */
    if (need == SHIM_ERROR || message_length < need) {
        return shim_fail(&session->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (random_length < random_need) {
        code = OLM_NOT_ENOUGH_RANDOM;
    } else if ((text = shim_text_scratch(message_length)) == NULL) {
        code = shim_code(CLIQUET_ERR_NO_MEMORY);
    } else {
        code = shim_code(cliquet_session_encrypt_with_random(
            session->session, &type, text, message_length + 1, &len, plaintext,
            plaintext_length, random, random_need));
        shim_text_deliver(message, text, message_length, len, code == OLM_SUCCESS);
    }
    shim_wipe(random, random_length);
    if (code != OLM_SUCCESS) {
        return shim_fail(&session->last_error, code);
    }
    return len;
}

/* ---- decrypting --------------------------------------------------------------- */

/* libolm takes any type but 1 for a pre-key message. */
static int message_type_of(size_t message_type)
{
    return message_type == OLM_MESSAGE_TYPE_MESSAGE ? CLIQUET_OLM_MESSAGE_NORMAL
                                                    : CLIQUET_OLM_MESSAGE_PRE_KEY;
}

/* Whether this message (its bytes) is the pre-key message whose plaintext
 * waits. */
static int is_first_message(const OlmSession *session, int type, const uint8_t *raw,
                            size_t raw_len)
{
    return session->first_message != NULL && type == CLIQUET_OLM_MESSAGE_PRE_KEY &&
           raw_len == session->first_message_len &&
           memcmp(raw, session->first_message, raw_len) == 0;
}

/*
 * libolm's limit for a message: the length of its ciphertext, which is
 * what olm_decrypt_max_plaintext_length answers and olm_decrypt demands.
 * short_code is the error for a normal message no longer than its MAC:
 * libolm's olm_decrypt reads it as having no version (BAD_MESSAGE_VERSION),
 * its olm_decrypt_max_plaintext_length as having no ciphertext
 * (BAD_MESSAGE_FORMAT), whatever its first byte.
 */
static size_t max_plaintext(OlmSession *session, int type, const uint8_t *raw,
                            size_t raw_len, enum OlmErrorCode short_code)
{
    size_t len = 0;
    cliquet_status st;

    if (is_first_message(session, type, raw, raw_len)) {
        /* PKCS#7 pads to the next whole block. */
        return (session->first_plaintext_len / AES_BLOCK + 1) * AES_BLOCK;
    }
    st = cliquet_olm_message_ciphertext_len_bytes(type, raw, raw_len, &len);
    if ((st == CLIQUET_ERR_BAD_MESSAGE_FORMAT || st == CLIQUET_ERR_BAD_MESSAGE_VERSION) &&
        type == CLIQUET_OLM_MESSAGE_NORMAL && raw_len <= OLM_MAC_BYTES) {
        return shim_fail(&session->last_error, short_code);
    }
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    return len;
}

/* olm/olm.h */
size_t olm_decrypt_max_plaintext_length(OlmSession *session, size_t message_type,
                                        void *message, size_t message_length)
{
    size_t len, raw_len = 0;
    uint8_t *raw;

    if (message_length > SHIM_MAX_MESSAGE) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }

    if (shim_base64_decoded_len(message_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    raw = shim_message_bytes(message, message_length, &raw_len);
    len = raw == NULL ? shim_fail(&session->last_error, shim_code(CLIQUET_ERR_NO_MEMORY))
                      : max_plaintext(session, message_type_of(message_type), raw, raw_len,
                                      OLM_BAD_MESSAGE_FORMAT);
    /* libolm's length query reads no version: a message it cannot use is
     * malformed there (its olm_decrypt says which version is wrong). */
    if (len == SHIM_ERROR && session->last_error == OLM_BAD_MESSAGE_VERSION) {
        session->last_error = OLM_BAD_MESSAGE_FORMAT;
    }
    shim_message_put_bytes(message, raw, raw_len);
    shim_free(raw, raw_len + 1);
    return len;
}

/* The plaintext that waits, handed out once. */
static size_t take_first_plaintext(OlmSession *session, void *plaintext)
{
    size_t len = session->first_plaintext_len;

    if (len > 0) {
        memcpy(plaintext, session->first_plaintext, len);
    }
    drop_first_message(session);
    return len;
}

/* olm_decrypt on the bytes of the message (shim_message_bytes). */
static size_t decrypt_bytes(OlmSession *session, int type, const uint8_t *raw,
                            size_t raw_len, void *plaintext,
                            size_t max_plaintext_length)
{
    size_t need, len = 0;
    cliquet_status st;

    need = max_plaintext(session, type, raw, raw_len, OLM_BAD_MESSAGE_VERSION);
    if (need == SHIM_ERROR) {
        return SHIM_ERROR;
    }
    if (max_plaintext_length < need) {
        return shim_fail(&session->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (is_first_message(session, type, raw, raw_len)) {
        return take_first_plaintext(session, plaintext);
    }
    st = cliquet_session_decrypt_bytes(session->session, type, raw, raw_len, plaintext,
                                       max_plaintext_length, &len, NULL);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    return len;
}

/* olm/olm.h */
size_t olm_decrypt(OlmSession *session, size_t message_type, void *message,
                   size_t message_length, void *plaintext,
                   size_t max_plaintext_length)
{
    int type = message_type_of(message_type);
    size_t result, raw_len = 0;
    uint8_t *raw;

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
    result = raw == NULL
                 ? shim_fail(&session->last_error, shim_code(CLIQUET_ERR_NO_MEMORY))
                 : decrypt_bytes(session, type, raw, raw_len, plaintext,
                                 max_plaintext_length);
    shim_message_put_bytes(message, raw, raw_len);
    shim_free(raw, raw_len + 1);
    return result;
}
