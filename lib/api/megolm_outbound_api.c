/*
 * The public API of the outbound Megolm session (the sender's side):
 * argument checks, base64, random bytes, allocation. The protocol lives in
 * lib/megolm/outbound.c; the inbound session's API is megolm_inbound_api.c.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/megolm_objects.h"
#include "crypto/crypto.h"
#include "megolm/megolm.h"

struct cliquet_outbound_group_session {
    cq_megolm_outbound s;
};

/* cliquet.h */
size_t cliquet_megolm_session_key_base64_size(void)
{
    return CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE;
}

/* ---- outbound ------------------------------------------------------------- */

/* cliquet_random.h */
size_t cliquet_outbound_group_session_random_bytes(void)
{
    return CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES;
}

/* cliquet_random.h */
cliquet_status cliquet_outbound_group_session_new_with_random(
    cliquet_outbound_group_session **out, const uint8_t *random, size_t random_len)
{
    cliquet_outbound_group_session *session;

    if (out == NULL || random == NULL || random_len != CQ_MEGOLM_OUTBOUND_RANDOM_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    session = malloc(sizeof *session);
    if (session == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_megolm_outbound_init(&session->s, random);
    *out = session;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_new(cliquet_outbound_group_session **out)
{
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_outbound_group_session_new_with_random(out, random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_new_with_config(
    cliquet_outbound_group_session **out, cliquet_session_config config)
{
    int full_mac = 0;
    cliquet_status st = cq_api_config_full_mac(config, &full_mac);

    if (st == CLIQUET_OK) {
        st = cliquet_outbound_group_session_new(out);
    }
    /* The ratchet and keys are the same in both configs (vodozemac:
     * GroupSession::new); only the messages it writes differ. */
    if (st == CLIQUET_OK) {
        (*out)->s.full_mac = (uint8_t)full_mac;
    }
    return st;
}

/* cliquet.h */
void cliquet_outbound_group_session_free(cliquet_outbound_group_session *session)
{
    if (session != NULL) {
        cq_wipe(session, sizeof *session);
        free(session);
    }
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_id(
    const cliquet_outbound_group_session *session, char id[CLIQUET_KEY_BASE64_SIZE])
{
    if (session == NULL || id == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(id, cq_megolm_outbound_id(&session->s), CQ_ED25519_PUBLIC_BYTES);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_message_index(
    const cliquet_outbound_group_session *session, uint32_t *index)
{
    if (session == NULL || index == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *index = session->s.ratchet.counter;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_key(
    const cliquet_outbound_group_session *session,
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE])
{
    uint8_t raw[CQ_MEGOLM_SESSION_KEY_BYTES];

    if (session == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_megolm_outbound_session_key(raw, &session->s);
    cq_api_base64_text(key, raw, sizeof raw);
    cq_wipe(raw, sizeof raw);
    return CLIQUET_OK;
}

/* cliquet_libolm.h */
cliquet_status cliquet_outbound_group_session_encrypt_size(
    const cliquet_outbound_group_session *session, size_t plaintext_len,
    size_t *message_len)
{
    size_t raw_len;

    if (session == NULL || message_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    raw_len = cq_megolm_outbound_message_len(&session->s, plaintext_len);
    if (raw_len == 0) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    *message_len = cq_base64_encoded_len(raw_len);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_encrypt(
    cliquet_outbound_group_session *session, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len)
{
    uint8_t *raw;
    size_t raw_len;
    size_t written = 0;
    cliquet_status st;

    if (session == NULL || !cq_api_input_ok(plaintext, plaintext_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    raw_len = cq_megolm_outbound_message_len(&session->s, plaintext_len);
    if (raw_len == 0) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    st = cq_api_check_text_output(message, message_cap, message_len,
                                  cq_base64_encoded_len(raw_len));
    if (st != CLIQUET_OK) {
        return st;
    }
    /* The raw message is built apart, then encoded into the caller's buffer. */
    raw = malloc(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_megolm_outbound_encrypt(&session->s, raw, raw_len, &written,
                                    plaintext, plaintext_len);
    if (st == CLIQUET_OK) {
        cq_api_base64_text(message, raw, written);
        *message_len = cq_base64_encoded_len(written);
    }
    cq_wipe(raw, raw_len);
    free(raw);
    return st;
}

/* ---- state access for the pickle API (api.h) ---------------------------------- */

/* api.h */
const struct cq_megolm_outbound *
cq_api_outbound_group_state(const cliquet_outbound_group_session *s)
{
    return &s->s;
}

/* api.h */
cliquet_status
cq_api_outbound_group_from_state(cliquet_outbound_group_session **out,
                                 const struct cq_megolm_outbound *state)
{
    cliquet_outbound_group_session *session = calloc(1, sizeof *session);

    if (session == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    session->s = *state;
    *out = session;
    return CLIQUET_OK;
}
