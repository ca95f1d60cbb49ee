/*
 * The public API of the inbound Megolm session (a receiver's copy of a
 * sender's ratchet): argument checks, base64, allocation. The protocol lives
 * in lib/megolm/inbound.c; merge, the replay record and the bytes calls have
 * their own files beside this one (megolm_merge_api.c, megolm_replay_api.c,
 * megolm_bytes_api.c).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/megolm_objects.h"
#include "crypto/crypto.h"
#include "megolm/megolm.h"

/* cliquet.h */
size_t cliquet_megolm_export_base64_size(void)
{
    return CLIQUET_MEGOLM_EXPORT_BASE64_SIZE;
}

/*
 * Decodes base64 text of exactly raw_len bytes into raw (raw_len bytes).
 * A well-formed base64 text of another length is a malformed key.
 */
static cliquet_status decode_fixed(uint8_t *raw, size_t raw_len,
                                   const char *text, size_t text_len)
{
    size_t got = 0;
    cliquet_status st;

    if (text_len != cq_base64_encoded_len(raw_len)) {
        /* Still report bad base64 first when the text is not base64 at all:
         * the caller learns what is wrong with it. */
        return text_len % 4 == 1 ? CLIQUET_ERR_BAD_BASE64 : CLIQUET_ERR_BAD_SESSION_KEY;
    }
    st = cq_base64_decode(raw, raw_len, &got, text, text_len);
    return st == CLIQUET_OK && got != raw_len ? CLIQUET_ERR_BAD_SESSION_KEY : st;
}

typedef cliquet_status (*inbound_reader)(cq_megolm_inbound *s,
                                         const uint8_t *in, size_t n);

/* Shared body of _new and _import: decode, read, allocate on success. */
static cliquet_status inbound_create(cliquet_inbound_group_session **out,
                                     const char *text, size_t text_len,
                                     size_t raw_len, inbound_reader read,
                                     int full_mac)
{
    uint8_t raw[CQ_MEGOLM_SESSION_KEY_BYTES];
    cq_megolm_inbound s;
    cliquet_inbound_group_session *session = NULL;
    cliquet_status st;

    if (out == NULL || !cq_api_input_ok(text, text_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = decode_fixed(raw, raw_len, text, text_len);
    if (st == CLIQUET_OK) {
        st = read(&s, raw, raw_len);
    }
    if (st == CLIQUET_OK) {
        /* The caller's choice: neither format carries a config. */
        s.full_mac = (uint8_t)full_mac;
        session = malloc(sizeof *session);
        if (session == NULL) {
            st = CLIQUET_ERR_NO_MEMORY;
        }
    }
    if (st == CLIQUET_OK) {
        memcpy(&session->s, &s, sizeof s);
        session->replay = NULL; /* off until the client turns it on */
        *out = session;
    }
    cq_wipe(raw, sizeof raw);
    cq_wipe(&s, sizeof s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_new(cliquet_inbound_group_session **out,
                                                 const char *session_key,
                                                 size_t session_key_len)
{
    return inbound_create(out, session_key, session_key_len,
                          CQ_MEGOLM_SESSION_KEY_BYTES,
                          cq_megolm_inbound_from_session_key, 0);
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_import(cliquet_inbound_group_session **out,
                                                    const char *exported,
                                                    size_t exported_len)
{
    return inbound_create(out, exported, exported_len, CQ_MEGOLM_EXPORT_BYTES,
                          cq_megolm_inbound_import, 0);
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_new_with_config(
    cliquet_inbound_group_session **out, cliquet_session_config config,
    const char *session_key, size_t session_key_len)
{
    int full_mac = 0;

    if (cq_api_config_full_mac(config, &full_mac) != CLIQUET_OK) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return inbound_create(out, session_key, session_key_len,
                          CQ_MEGOLM_SESSION_KEY_BYTES,
                          cq_megolm_inbound_from_session_key, full_mac);
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_import_with_config(
    cliquet_inbound_group_session **out, cliquet_session_config config,
    const char *exported, size_t exported_len)
{
    int full_mac = 0;

    if (cq_api_config_full_mac(config, &full_mac) != CLIQUET_OK) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return inbound_create(out, exported, exported_len, CQ_MEGOLM_EXPORT_BYTES,
                          cq_megolm_inbound_import, full_mac);
}

/* cliquet.h */
void cliquet_inbound_group_session_free(cliquet_inbound_group_session *session)
{
    if (session != NULL) {
        cq_api_replay_free(session->replay);
        cq_wipe(session, sizeof *session);
        free(session);
    }
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_id(
    const cliquet_inbound_group_session *session, char id[CLIQUET_KEY_BASE64_SIZE])
{
    if (session == NULL || id == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(id, session->s.signing_key, CQ_ED25519_PUBLIC_BYTES);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_first_known_index(
    const cliquet_inbound_group_session *session, uint32_t *index)
{
    if (session == NULL || index == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *index = session->s.initial.counter;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_is_verified(
    const cliquet_inbound_group_session *session, int *verified)
{
    if (session == NULL || verified == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *verified = session->s.verified;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_is_imported(
    const cliquet_inbound_group_session *session, int *imported)
{
    if (session == NULL || imported == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *imported = session->s.imported;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_export(
    const cliquet_inbound_group_session *session, uint32_t index,
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE])
{
    uint8_t raw[CQ_MEGOLM_EXPORT_BYTES];
    cliquet_status st;

    if (session == NULL || out == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = cq_megolm_inbound_export(raw, &session->s, index);
    if (st == CLIQUET_OK) {
        cq_api_base64_text(out, raw, sizeof raw);
    }
    cq_wipe(raw, sizeof raw);
    return st;
}

/*
 * The checks and the decoding of a base64 message, in their order: the
 * bound (CLIQUET_ERR_INPUT_TOO_LARGE, before anything is allocated), a
 * length no base64 has, then strict base64 into *raw (allocated, *raw_len
 * bytes; cq_api_free(*raw, *raw_cap) after use). Nothing allocated on a
 * refusal.
 */
static cliquet_status megolm_message_decode(const char *message, size_t message_len,
                                            uint8_t **raw, size_t *raw_cap, size_t *raw_len)
{
    cliquet_status st;

    /* Bounded before anything is allocated (docs/limits.md). */
    if (message_len > CQ_MEGOLM_MAX_MESSAGE_BASE64) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    if (message_len % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    /* One spare byte so an empty message still gets a real buffer. */
    *raw_cap = cq_base64_decoded_len(message_len) + 1;
    *raw = malloc(*raw_cap);
    if (*raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_base64_decode(*raw, *raw_cap, raw_len, message, message_len);
    if (st != CLIQUET_OK) {
        cq_api_free(*raw, *raw_cap);
        *raw = NULL;
    }
    return st;
}

/* megolm_objects.h */
cliquet_status cq_api_inbound_group_decrypt_raw(
    cliquet_inbound_group_session *session, const uint8_t *raw, size_t raw_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_megolm_decrypt_info *info, cq_megolm_replay_verdict *verdict)
{
    uint32_t index = 0;
    uint8_t *scratch = malloc(raw_len + 1);
    cliquet_status st;

    if (scratch == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    /* The ciphertext is shorter than the message: capping the capacity at
     * the message's length changes no answer, CLIQUET_ERR_OUTPUT_TOO_SMALL's
     * size included. */
    st = cq_megolm_inbound_decrypt_recorded(
        &session->s, session->replay, scratch,
        plaintext_cap < raw_len ? plaintext_cap : raw_len, plaintext_len, &index, verdict,
        raw, raw_len);
    if (st == CLIQUET_OK && *plaintext_len > 0) {
        memcpy(plaintext, scratch, *plaintext_len);
    }
    if (st == CLIQUET_OK && info != NULL) {
        info->message_index = index;
        info->verified = session->s.verified;
        info->imported = session->s.imported;
        cq_api_base64_text(info->session_id, session->s.signing_key,
                           CQ_ED25519_PUBLIC_BYTES);
    }
    cq_api_free(scratch, raw_len + 1);
    return st;
}

/* megolm_objects.h */
cliquet_status cq_api_inbound_group_decrypt_text(
    cliquet_inbound_group_session *session, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_megolm_decrypt_info *info, cq_megolm_replay_verdict *verdict)
{
    uint8_t *raw = NULL;
    size_t raw_cap = 0, raw_len = 0;
    cliquet_status st;

    if (session == NULL || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(plaintext, plaintext_cap) || plaintext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = megolm_message_decode(message, message_len, &raw, &raw_cap, &raw_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    st = cq_api_inbound_group_decrypt_raw(session, raw, raw_len, plaintext, plaintext_cap,
                                          plaintext_len, info, verdict);
    cq_api_free(raw, raw_cap);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_decrypt(
    cliquet_inbound_group_session *session, const char *message,
    size_t message_len, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, cliquet_megolm_decrypt_info *info)
{
    cq_megolm_replay_verdict verdict;

    return cq_api_inbound_group_decrypt_text(session, message, message_len, plaintext,
                                             plaintext_cap, plaintext_len, info, &verdict);
}

/* cliquet_libolm.h */
cliquet_status cliquet_inbound_group_session_export_libolm(
    cliquet_inbound_group_session *session, uint32_t index,
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE])
{
    uint8_t raw[CQ_MEGOLM_EXPORT_BYTES];
    cliquet_status st;

    if (session == NULL || out == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = cq_megolm_inbound_export_advancing(raw, &session->s, index);
    if (st == CLIQUET_OK) {
        cq_api_base64_text(out, raw, sizeof raw);
    }
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet_libolm.h */
cliquet_status cliquet_megolm_message_ciphertext_len(const char *message,
                                                     size_t message_len,
                                                     size_t *ciphertext_len)
{
    cq_megolm_message m;
    uint8_t *raw;
    size_t raw_cap, raw_len = 0;
    cliquet_status st;

    if (!cq_api_input_ok(message, message_len) || ciphertext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (message_len > CQ_MEGOLM_MAX_MESSAGE_BASE64) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    if (message_len % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    raw_cap = cq_base64_decoded_len(message_len);
    raw = malloc(raw_cap + 1);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_base64_decode(raw, raw_cap, &raw_len, message, message_len);
    if (st != CLIQUET_OK) {
        st = CLIQUET_ERR_BAD_BASE64;
    } else {
        st = cq_megolm_message_parse(&m, raw, raw_len);
    }
    if (st == CLIQUET_OK) {
        *ciphertext_len = m.ciphertext_len;
    }
    free(raw); /* a message: public */
    return st;
}

/* ---- state access for the pickle API (api.h) ---------------------------------- */

/* api.h */
const struct cq_megolm_inbound *
cq_api_inbound_group_state(const cliquet_inbound_group_session *s)
{
    return &s->s;
}

/* api.h */
cliquet_status
cq_api_inbound_group_from_state(cliquet_inbound_group_session **out,
                                const struct cq_megolm_inbound *state)
{
    return cq_api_inbound_group_from_parts(out, state, NULL);
}

/* megolm_objects.h */
cliquet_status cq_api_inbound_group_from_parts(cliquet_inbound_group_session **out,
                                               const cq_megolm_inbound *state,
                                               const cq_megolm_replay *replay)
{
    cliquet_inbound_group_session *session = calloc(1, sizeof *session);

    if (session == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    if (replay != NULL) {
        session->replay = malloc(sizeof *session->replay);
        if (session->replay == NULL) {
            free(session); /* nothing in it yet */
            return CLIQUET_ERR_NO_MEMORY;
        }
        *session->replay = *replay;
    }
    session->s = *state;
    *out = session;
    return CLIQUET_OK;
}

/* megolm_objects.h */
void cq_api_replay_free(cq_megolm_replay *r)
{
    cq_api_free(r, sizeof *r);
}
