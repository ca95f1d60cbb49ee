/*
 * The public Olm session API: argument checks, base64, random bytes,
 * allocation. The protocol lives in lib/olm/session.c and ratchet.c.
 *
 * Calls that change a session or an account on success (inbound session,
 * decrypt) run the core on a copy and commit it only when the whole call
 * has succeeded, including the check that the plaintext fits the caller's
 * buffer.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/olm_objects.h"
#include "crypto/crypto.h"

/* Base64 messages up to this length: the largest plaintext's message. */
#define MAX_MESSAGE_BASE64 (2 * CQ_OLM_MAX_PLAINTEXT_BYTES)

static cliquet_status decode_key(uint8_t out[32], const char *in, size_t n)
{
    return cq_api_decode_exact(out, 32, in, n, CLIQUET_ERR_BAD_KEY_LENGTH);
}

/* olm_objects.h */
cliquet_status cq_api_olm_message_decode(uint8_t **raw, size_t *raw_len,
                                         const char *in, size_t n)
{
    size_t cap = cq_base64_decoded_len(n);
    cliquet_status st;

    *raw = NULL;
    if (n > MAX_MESSAGE_BASE64) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    *raw = calloc(1, cap + 1);
    if (*raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_base64_decode(*raw, cap, raw_len, in, n);
    if (st != CLIQUET_OK) {
        free(*raw);
        *raw = NULL;
        return CLIQUET_ERR_BAD_BASE64;
    }
    return CLIQUET_OK;
}

/* What authenticated a decrypted message: the session's own peer key and
 * id (a decryption never changes either), and what it evicted. */
static void fill_info(cliquet_olm_decrypt_info *info, const cq_olm_session *s,
                      const cq_olm_evictions *ev)
{
    uint8_t id[32];

    if (info == NULL) {
        return;
    }
    cq_api_base64_text(info->sender_key, s->their_identity_key, 32);
    cq_olm_session_id(s, id);
    cq_api_base64_text(info->session_id, id, sizeof id);
    info->evicted_message_keys = ev->message_keys;
    info->evicted_chains = ev->chains;
}

/* cliquet.h */
cliquet_status cliquet_session_new_outbound(cliquet_session **out,
                                            const cliquet_account *account,
                                            const char *their_identity_key,
                                            size_t their_identity_key_len,
                                            const char *their_one_time_key,
                                            size_t their_one_time_key_len)
{
    uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_session_new_outbound_with_random(
        out, account, their_identity_key, their_identity_key_len,
        their_one_time_key, their_one_time_key_len, random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet_random.h */
cliquet_status cliquet_session_new_outbound_with_random(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *their_one_time_key, size_t their_one_time_key_len,
    const uint8_t *random, size_t random_len)
{
    uint8_t identity[32];
    uint8_t one_time[32];
    cliquet_session *session;
    cliquet_status st;

    if (out == NULL || account == NULL || their_identity_key == NULL ||
        their_one_time_key == NULL || random == NULL ||
        random_len != CQ_OLM_OUTBOUND_RANDOM_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = decode_key(identity, their_identity_key, their_identity_key_len);
    if (st == CLIQUET_OK) {
        st = decode_key(one_time, their_one_time_key, their_one_time_key_len);
    }
    if (st != CLIQUET_OK) {
        return st;
    }
    session = calloc(1, sizeof *session);
    if (session == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_olm_session_outbound(&session->s, &account->a, identity, one_time,
                                 random);
    if (st != CLIQUET_OK) {
        cliquet_session_free(session);
        return st;
    }
    *out = session;
    return CLIQUET_OK;
}

/*
 * The body of cliquet_session_new_inbound and _keep_key: on success the
 * account with the one-time key removed is copied into *commit, unless
 * commit is NULL.
 */
static cliquet_status new_inbound(cliquet_session **out,
                                  const cliquet_account *account,
                                  cq_olm_account *commit,
                                  const char *their_identity_key,
                                  size_t their_identity_key_len,
                                  const char *pre_key_message, size_t message_len,
                                  uint8_t *plaintext, size_t plaintext_cap,
                                  size_t *plaintext_len,
                                  cliquet_olm_decrypt_info *info, int full_mac)
{
    cq_olm_evictions ev = { 0, 0 };
    uint8_t identity[32];
    uint8_t *raw = NULL;
    uint8_t *scratch = NULL;
    size_t raw_len = 0, len = 0;
    cq_olm_account *work = NULL;
    cliquet_session *session = NULL;
    cliquet_status st;

    if (out == NULL || account == NULL ||
        !cq_api_input_ok(their_identity_key, their_identity_key_len) ||
        !cq_api_input_ok(pre_key_message, message_len) ||
        !cq_api_input_ok(plaintext, plaintext_cap) || plaintext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = their_identity_key != NULL
             ? decode_key(identity, their_identity_key, their_identity_key_len)
             : CLIQUET_OK;
    if (st == CLIQUET_OK) {
        st = cq_api_olm_message_decode(&raw, &raw_len, pre_key_message, message_len);
    }
    if (st == CLIQUET_OK) {
        scratch = calloc(1, raw_len + 1);
        work = calloc(1, sizeof *work);
        session = calloc(1, sizeof *session);
        st = scratch && work && session ? CLIQUET_OK : CLIQUET_ERR_NO_MEMORY;
    }
    if (st == CLIQUET_OK) {
        /* On a copy of the account: the one-time key goes only if the
         * plaintext also fits the caller's buffer. */
        *work = account->a;
        st = cq_olm_session_inbound_v(&session->s, work,
                                      their_identity_key != NULL ? identity : NULL,
                                      raw, raw_len, scratch, raw_len, &len, &ev,
                                      full_mac);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_check_output(plaintext, plaintext_cap, plaintext_len, len);
    }
    if (st == CLIQUET_OK) {
        memcpy(plaintext, scratch, len);
        *plaintext_len = len;
        if (commit != NULL) {
            *commit = *work;
        }
        fill_info(info, &session->s, &ev);
        *out = session;
        session = NULL;
    }
    cliquet_session_free(session);
    cq_api_free((uint8_t *)work, work != NULL ? sizeof *work : 0);
    cq_api_free(scratch, raw_len + 1);
    cq_api_free(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_new_inbound(cliquet_session **out,
                                           cliquet_account *account,
                                           const char *their_identity_key,
                                           size_t their_identity_key_len,
                                           const char *pre_key_message,
                                           size_t message_len, uint8_t *plaintext,
                                           size_t plaintext_cap,
                                           size_t *plaintext_len,
                                           cliquet_olm_decrypt_info *info)
{
    return new_inbound(out, account, account != NULL ? &account->a : NULL,
                       their_identity_key, their_identity_key_len,
                       pre_key_message, message_len, plaintext, plaintext_cap,
                       plaintext_len, info, 0);
}

/* cliquet.h */
cliquet_status cliquet_session_new_inbound_with_config(
    cliquet_session **out, cliquet_account *account, cliquet_session_config config,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len, cliquet_olm_decrypt_info *info)
{
    int full_mac = 0;

    if (cq_api_config_full_mac(config, &full_mac) != CLIQUET_OK) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return new_inbound(out, account, account != NULL ? &account->a : NULL,
                       their_identity_key, their_identity_key_len,
                       pre_key_message, message_len, plaintext, plaintext_cap,
                       plaintext_len, info, full_mac);
}

/* cliquet_libolm.h */
cliquet_status cliquet_session_new_inbound_keep_key(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len)
{
    return new_inbound(out, account, NULL, their_identity_key,
                       their_identity_key_len, pre_key_message, message_len,
                       plaintext, plaintext_cap, plaintext_len, NULL, 0);
}

/* cliquet.h */
void cliquet_session_free(cliquet_session *session)
{
    if (session != NULL) {
        cq_wipe(session, sizeof *session);
        free(session);
    }
}

/* cliquet.h */
cliquet_status cliquet_session_matches_inbound(const cliquet_session *session,
                                               const char *their_identity_key,
                                               size_t their_identity_key_len,
                                               const char *pre_key_message,
                                               size_t message_len, int *matches)
{
    uint8_t identity[32];
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    cliquet_status st;

    if (session == NULL || matches == NULL ||
        !cq_api_input_ok(their_identity_key, their_identity_key_len) ||
        !cq_api_input_ok(pre_key_message, message_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    st = their_identity_key != NULL
             ? decode_key(identity, their_identity_key, their_identity_key_len)
             : CLIQUET_OK;
    if (st == CLIQUET_OK) {
        st = cq_api_olm_message_decode(&raw, &raw_len, pre_key_message, message_len);
    }
    if (st == CLIQUET_OK) {
        st = cq_olm_session_matches(&session->s,
                                    their_identity_key != NULL ? identity : NULL,
                                    raw, raw_len, matches);
    }
    cq_api_free(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_id(const cliquet_session *session,
                                  char id[CLIQUET_KEY_BASE64_SIZE])
{
    uint8_t raw[32];

    if (session == NULL || id == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_olm_session_id(&session->s, raw);
    cq_api_base64_text(id, raw, sizeof raw);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_session_has_received_message(const cliquet_session *session,
                                                    int *yes)
{
    if (session == NULL || yes == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *yes = session->s.received_message != 0;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_session_message_type(const cliquet_session *session,
                                            int *type)
{
    if (session == NULL || type == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *type = cq_olm_session_message_type(&session->s);
    return CLIQUET_OK;
}

/* cliquet_libolm.h */
cliquet_status cliquet_session_encrypt_size(const cliquet_session *session,
                                            size_t plaintext_len,
                                            size_t *message_len)
{
    if (session == NULL || message_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (plaintext_len > CQ_OLM_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    *message_len = cq_base64_encoded_len(
        cq_olm_session_encrypt_size(&session->s, plaintext_len));
    return CLIQUET_OK;
}

/* cliquet_random.h */
cliquet_status cliquet_session_encrypt_needs_random(const cliquet_session *session,
                                                    int *needed)
{
    if (session == NULL || needed == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *needed = cq_olm_ratchet_needs_random(&session->s.ratchet) ? 1 : 0;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_session_encrypt(cliquet_session *session, int *type,
                                       char *message, size_t message_cap,
                                       size_t *message_len,
                                       const uint8_t *plaintext,
                                       size_t plaintext_len)
{
    uint8_t random[CQ_OLM_ENCRYPT_RANDOM_BYTES] = { 0 };
    size_t random_len = 0;
    cliquet_status st;

    /* libolm's rule: random bytes only when a new ratchet key is needed. */
    if (session != NULL && cq_api_ready() &&
        cq_olm_ratchet_needs_random(&session->s.ratchet)) {
        cq_random(random, sizeof random);
        random_len = sizeof random;
    }
    st = cliquet_session_encrypt_with_random(session, type, message, message_cap,
                                             message_len, plaintext, plaintext_len,
                                             random, random_len);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet_random.h */
cliquet_status cliquet_session_encrypt_with_random(
    cliquet_session *session, int *type, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len,
    const uint8_t *random, size_t random_len)
{
    uint8_t *raw;
    size_t raw_need, raw_len = 0;
    int needed;
    cliquet_status st;

    if (session == NULL || type == NULL || !cq_api_input_ok(message, message_cap) ||
        message_len == NULL || !cq_api_input_ok(plaintext, plaintext_len) ||
        !cq_api_input_ok(random, random_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    needed = cq_olm_ratchet_needs_random(&session->s.ratchet);
    /* 32 bytes, or none when no new ratchet key is due. */
    if (random_len != CQ_OLM_ENCRYPT_RANDOM_BYTES && (random_len != 0 || needed)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (plaintext_len > CQ_OLM_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    raw_need = cq_olm_session_encrypt_size(&session->s, plaintext_len);
    st = cq_api_check_text_output(message, message_cap, message_len,
                                  cq_base64_encoded_len(raw_need));
    if (st != CLIQUET_OK) {
        return st;
    }
    raw = calloc(1, raw_need);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_olm_session_encrypt(&session->s, type, raw, raw_need, &raw_len,
                                plaintext, plaintext_len, needed ? random : NULL);
    if (st == CLIQUET_OK) {
        cq_api_base64_text(message, raw, raw_len);
        *message_len = cq_base64_encoded_len(raw_len);
    }
    cq_api_free(raw, raw_need);
    return st;
}

/* olm_objects.h */
cliquet_status cq_api_session_decrypt_raw(cliquet_session *session, int type,
                                          const uint8_t *raw, size_t raw_len,
                                          uint8_t *plaintext, size_t plaintext_cap,
                                          size_t *plaintext_len,
                                          cliquet_olm_decrypt_info *info)
{
    cq_olm_evictions ev = { 0, 0 };
    cq_olm_session *work;
    uint8_t *scratch;
    size_t len = 0;
    cliquet_status st;

    scratch = calloc(1, raw_len + 1);
    work = calloc(1, sizeof *work);
    st = scratch && work ? CLIQUET_OK : CLIQUET_ERR_NO_MEMORY;
    if (st == CLIQUET_OK) {
        *work = session->s;
        st = cq_olm_session_decrypt(work, type, raw, raw_len, scratch, raw_len,
                                    &len, &ev);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_check_output(plaintext, plaintext_cap, plaintext_len, len);
    }
    if (st == CLIQUET_OK) {
        memcpy(plaintext, scratch, len);
        *plaintext_len = len;
        session->s = *work;
        fill_info(info, &session->s, &ev);
    }
    cq_api_free((uint8_t *)work, work != NULL ? sizeof *work : 0);
    cq_api_free(scratch, raw_len + 1);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_decrypt(cliquet_session *session, int type,
                                       const char *message, size_t message_len,
                                       uint8_t *plaintext, size_t plaintext_cap,
                                       size_t *plaintext_len,
                                       cliquet_olm_decrypt_info *info)
{
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    cliquet_status st;

    if (session == NULL || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(plaintext, plaintext_cap) || plaintext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (type != CLIQUET_OLM_MESSAGE_PRE_KEY && type != CLIQUET_OLM_MESSAGE_NORMAL) {
        return CLIQUET_ERR_BAD_MESSAGE_TYPE;
    }
    st = cq_api_olm_message_decode(&raw, &raw_len, message, message_len);
    if (st == CLIQUET_OK) {
        st = cq_api_session_decrypt_raw(session, type, raw, raw_len, plaintext,
                                        plaintext_cap, plaintext_len, info);
    }
    cq_api_free(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_their_identity_key(const cliquet_session *session,
                                                  char key[CLIQUET_KEY_BASE64_SIZE])
{
    if (session == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(key, session->s.their_identity_key, 32);
    return CLIQUET_OK;
}

/* cliquet_random.h */
size_t cliquet_outbound_session_random_bytes(void)
{
    return CLIQUET_OUTBOUND_SESSION_RANDOM_BYTES;
}
/* cliquet_random.h */
size_t cliquet_session_encrypt_random_bytes(void)
{
    return CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES;
}


/* api.h */
const struct cq_olm_session *cq_api_session_state(const cliquet_session *s)
{
    return &s->s;
}

/* api.h */
cliquet_status cq_api_session_from_state(cliquet_session **out,
                                         const struct cq_olm_session *state)
{
    cliquet_session *session = calloc(1, sizeof *session);

    if (session == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    session->s = *state;
    *out = session;
    return CLIQUET_OK;
}
