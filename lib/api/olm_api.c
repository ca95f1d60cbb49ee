/*
 * The public Olm API: argument checks, base64, random bytes, allocation.
 * The protocol lives in lib/olm.
 *
 * Calls that change an object on success (inbound session, decrypt) run the
 * core on a copy and commit it only when the whole call has succeeded,
 * including the check that the plaintext fits the caller's buffer.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "crypto/crypto.h"
#include "olm/olm.h"

struct cliquet_account {
    cq_olm_account a;
};

struct cliquet_session {
    cq_olm_session s;
};

/* Lengths of the pieces of the one-time key JSON. */
static const char json_head[] = "{\"curve25519\":{";
#define JSON_HEAD_LEN (sizeof json_head - 1)
/* "id":"key" */
#define JSON_ENTRY_LEN (1 + CLIQUET_KEY_ID_BASE64_BYTES + 3 + CLIQUET_KEY_BASE64_BYTES + 1)
#define JSON_TAIL_LEN 2 /* }} */

/* Base64 messages up to this length: the largest plaintext's message. */
#define MAX_MESSAGE_BASE64 (2 * CQ_OLM_MAX_PLAINTEXT_BYTES)

/* cliquet.h */
size_t cliquet_key_id_base64_bytes(void)
{
    return CLIQUET_KEY_ID_BASE64_BYTES;
}

/* cliquet.h */
size_t cliquet_olm_message_pre_key(void)
{
    return CLIQUET_OLM_MESSAGE_PRE_KEY;
}

/* cliquet.h */
size_t cliquet_olm_message_normal(void)
{
    return CLIQUET_OLM_MESSAGE_NORMAL;
}

/* ---- helpers ----------------------------------------------------------------- */

static cliquet_status decode_key(uint8_t out[32], const char *in, size_t n)
{
    return cq_api_decode_exact(out, 32, in, n, CLIQUET_ERR_BAD_KEY_LENGTH);
}

/*
 * Decodes a base64 message into a new buffer (*raw, freed with
 * free_buffer). Strict base64: CLIQUET_ERR_BAD_BASE64.
 */
static cliquet_status decode_message(uint8_t **raw, size_t *raw_len,
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

static void free_buffer(uint8_t *p, size_t n)
{
    if (p != NULL) {
        cq_wipe(p, n);
        free(p);
    }
}

static void key_id_base64(char out[CLIQUET_KEY_ID_BASE64_BYTES], uint32_t id)
{
    uint8_t bytes[4];

    cq_olm_key_id_bytes(bytes, id);
    cq_base64_encode(out, bytes, sizeof bytes);
}

/* ---- accounts --------------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_account_new_with_random(cliquet_account **out,
                                               const uint8_t *random,
                                               size_t random_len)
{
    cliquet_account *account;

    if (out == NULL || random == NULL || random_len != CQ_OLM_ACCOUNT_RANDOM_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    account = calloc(1, sizeof *account);
    if (account == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_olm_account_init(&account->a, random);
    *out = account;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_new(cliquet_account **out)
{
    uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_account_new_with_random(out, random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet.h */
void cliquet_account_free(cliquet_account *account)
{
    if (account != NULL) {
        cq_wipe(account, sizeof *account);
        free(account);
    }
}

/* cliquet.h */
cliquet_status cliquet_account_identity_keys(const cliquet_account *account,
                                             char curve25519[CLIQUET_KEY_BASE64_BYTES],
                                             char ed25519[CLIQUET_KEY_BASE64_BYTES])
{
    if (account == NULL || curve25519 == NULL || ed25519 == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_base64_encode(curve25519, account->a.curve25519_public, 32);
    cq_base64_encode(ed25519, account->a.ed25519.public_key, 32);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_sign(const cliquet_account *account,
                                    char signature[CLIQUET_SIGNATURE_BASE64_BYTES],
                                    const uint8_t *msg, size_t msg_len)
{
    uint8_t sig[CQ_ED25519_SIGNATURE_BYTES];

    if (account == NULL || signature == NULL || !cq_api_input_ok(msg, msg_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_ed25519_sign(sig, &account->a.ed25519, msg, msg_len);
    cq_base64_encode(signature, sig, sizeof sig);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_generate_one_time_keys_with_random(
    cliquet_account *account, size_t count, const uint8_t *random,
    size_t random_len)
{
    if (account == NULL || !cq_api_input_ok(random, random_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (count > CQ_OLM_MAX_ONE_TIME_KEYS) {
        return CLIQUET_ERR_TOO_MANY_KEYS;
    }
    if (random_len != count * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return cq_olm_account_generate_one_time_keys(&account->a, count, random);
}

/* cliquet.h */
cliquet_status cliquet_account_generate_one_time_keys(cliquet_account *account,
                                                      size_t count)
{
    uint8_t *random;
    size_t n;
    cliquet_status st;

    if (account == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (count > CQ_OLM_MAX_ONE_TIME_KEYS) {
        return CLIQUET_ERR_TOO_MANY_KEYS;
    }
    n = count * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES;
    random = calloc(1, n + 1);
    if (random == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_random(random, n);
    st = cliquet_account_generate_one_time_keys_with_random(account, count, random, n);
    free_buffer(random, n);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_max_one_time_keys(const cliquet_account *account,
                                                 size_t *count)
{
    if (account == NULL || count == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *count = CQ_OLM_MAX_PUBLISHED_ONE_TIME_KEYS;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_one_time_key_count(const cliquet_account *account,
                                                  size_t *count)
{
    if (account == NULL || count == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *count = cq_olm_account_unpublished_count(&account->a);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_one_time_key(const cliquet_account *account,
                                            size_t i,
                                            char key_id[CLIQUET_KEY_ID_BASE64_BYTES],
                                            char key[CLIQUET_KEY_BASE64_BYTES])
{
    const cq_olm_one_time_key *k;

    if (account == NULL || key_id == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    k = cq_olm_account_unpublished(&account->a, i);
    if (k == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    key_id_base64(key_id, k->id);
    cq_base64_encode(key, k->public_key, 32);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_one_time_keys_json(const cliquet_account *account,
                                                  char *out, size_t out_cap,
                                                  size_t *out_len)
{
    size_t count, need, i, pos;
    const cq_olm_one_time_key *k;
    cliquet_status st;

    if (account == NULL || !cq_api_input_ok(out, out_cap) || out_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    count = cq_olm_account_unpublished_count(&account->a);
    need = JSON_HEAD_LEN + count * JSON_ENTRY_LEN + (count ? count - 1 : 0) +
           JSON_TAIL_LEN;
    st = cq_api_check_output(out, out_cap, out_len, need);
    if (st != CLIQUET_OK) {
        return st;
    }
    memcpy(out, json_head, JSON_HEAD_LEN);
    pos = JSON_HEAD_LEN;
    for (i = 0; i < count; i++) {
        k = cq_olm_account_unpublished(&account->a, i);
        if (i > 0) {
            out[pos++] = ',';
        }
        out[pos++] = '"';
        key_id_base64(out + pos, k->id);
        pos += CLIQUET_KEY_ID_BASE64_BYTES;
        memcpy(out + pos, "\":\"", 3);
        pos += 3;
        cq_base64_encode(out + pos, k->public_key, 32);
        pos += CLIQUET_KEY_BASE64_BYTES;
        out[pos++] = '"';
    }
    out[pos++] = '}';
    out[pos++] = '}';
    *out_len = pos;
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_mark_keys_as_published(cliquet_account *account)
{
    if (account == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_olm_account_mark_published(&account->a);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_generate_fallback_key_with_random(
    cliquet_account *account, const uint8_t *random, size_t random_len)
{
    if (account == NULL || random == NULL ||
        random_len != CQ_OLM_FALLBACK_KEY_RANDOM_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_olm_account_generate_fallback_key(&account->a, random);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_generate_fallback_key(cliquet_account *account)
{
    uint8_t random[CQ_OLM_FALLBACK_KEY_RANDOM_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_account_generate_fallback_key_with_random(account, random,
                                                           sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_fallback_key(const cliquet_account *account,
                                            int *has_key,
                                            char key_id[CLIQUET_KEY_ID_BASE64_BYTES],
                                            char key[CLIQUET_KEY_BASE64_BYTES])
{
    const cq_olm_one_time_key *k;

    if (account == NULL || has_key == NULL || key_id == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    k = cq_olm_account_unpublished_fallback_key(&account->a);
    *has_key = k != NULL;
    if (k != NULL) {
        key_id_base64(key_id, k->id);
        cq_base64_encode(key, k->public_key, 32);
    }
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_forget_old_fallback_key(cliquet_account *account)
{
    if (account == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_olm_account_forget_old_fallback_key(&account->a);
    return CLIQUET_OK;
}

/* ---- sessions ---------------------------------------------------------------- */

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

/* cliquet.h */
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
                                  size_t *plaintext_len)
{
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
        st = decode_message(&raw, &raw_len, pre_key_message, message_len);
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
        st = cq_olm_session_inbound(&session->s, work,
                                    their_identity_key != NULL ? identity : NULL,
                                    raw, raw_len, scratch, raw_len, &len);
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
        *out = session;
        session = NULL;
    }
    cliquet_session_free(session);
    free_buffer((uint8_t *)work, work != NULL ? sizeof *work : 0);
    free_buffer(scratch, raw_len + 1);
    free_buffer(raw, raw_len);
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
                                           size_t *plaintext_len)
{
    return new_inbound(out, account, account != NULL ? &account->a : NULL,
                       their_identity_key, their_identity_key_len,
                       pre_key_message, message_len, plaintext, plaintext_cap,
                       plaintext_len);
}

/* cliquet.h */
cliquet_status cliquet_session_new_inbound_keep_key(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len)
{
    return new_inbound(out, account, NULL, their_identity_key,
                       their_identity_key_len, pre_key_message, message_len,
                       plaintext, plaintext_cap, plaintext_len);
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
        st = decode_message(&raw, &raw_len, pre_key_message, message_len);
    }
    if (st == CLIQUET_OK) {
        st = cq_olm_session_matches(&session->s,
                                    their_identity_key != NULL ? identity : NULL,
                                    raw, raw_len, matches);
    }
    free_buffer(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_id(const cliquet_session *session,
                                  char id[CLIQUET_KEY_BASE64_BYTES])
{
    uint8_t raw[32];

    if (session == NULL || id == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_olm_session_id(&session->s, raw);
    cq_base64_encode(id, raw, sizeof raw);
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

/* cliquet.h */
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

/* cliquet.h */
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

/* cliquet.h */
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
    st = cq_api_check_output(message, message_cap, message_len,
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
        cq_base64_encode(message, raw, raw_len);
        *message_len = cq_base64_encoded_len(raw_len);
    }
    free_buffer(raw, raw_need);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_decrypt_max_size(size_t message_len,
                                                size_t *plaintext_len)
{
    if (plaintext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* The plaintext is shorter than the ciphertext inside the message. */
    *plaintext_len = cq_base64_decoded_len(message_len);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_session_decrypt(cliquet_session *session, int type,
                                       const char *message, size_t message_len,
                                       uint8_t *plaintext, size_t plaintext_cap,
                                       size_t *plaintext_len,
                                       char sender_identity_key[CLIQUET_KEY_BASE64_BYTES])
{
    cq_olm_session *work = NULL;
    uint8_t *raw = NULL;
    uint8_t *scratch = NULL;
    size_t raw_len = 0, len = 0;
    cliquet_status st;

    if (session == NULL || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(plaintext, plaintext_cap) || plaintext_len == NULL ||
        sender_identity_key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (type != CLIQUET_OLM_MESSAGE_PRE_KEY && type != CLIQUET_OLM_MESSAGE_NORMAL) {
        return CLIQUET_ERR_BAD_MESSAGE_TYPE;
    }
    st = decode_message(&raw, &raw_len, message, message_len);
    if (st == CLIQUET_OK) {
        scratch = calloc(1, raw_len + 1);
        work = calloc(1, sizeof *work);
        st = scratch && work ? CLIQUET_OK : CLIQUET_ERR_NO_MEMORY;
    }
    if (st == CLIQUET_OK) {
        *work = session->s;
        st = cq_olm_session_decrypt(work, type, raw, raw_len, scratch, raw_len,
                                    &len);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_check_output(plaintext, plaintext_cap, plaintext_len, len);
    }
    if (st == CLIQUET_OK) {
        memcpy(plaintext, scratch, len);
        *plaintext_len = len;
        session->s = *work;
        cq_base64_encode(sender_identity_key, session->s.their_identity_key, 32);
    }
    free_buffer((uint8_t *)work, work != NULL ? sizeof *work : 0);
    free_buffer(scratch, raw_len + 1);
    free_buffer(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_their_identity_key(const cliquet_session *session,
                                                  char key[CLIQUET_KEY_BASE64_BYTES])
{
    if (session == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_base64_encode(key, session->s.their_identity_key, 32);
    return CLIQUET_OK;
}

/* ---- explicit randomness and libolm compatibility ----------------------------- */

/* cliquet.h */
size_t cliquet_account_random_bytes(void) { return CLIQUET_ACCOUNT_RANDOM_BYTES; }
/* cliquet.h */
size_t cliquet_one_time_key_random_bytes(void) { return CLIQUET_ONE_TIME_KEY_RANDOM_BYTES; }
/* cliquet.h */
size_t cliquet_fallback_key_random_bytes(void) { return CLIQUET_FALLBACK_KEY_RANDOM_BYTES; }
/* cliquet.h */
size_t cliquet_outbound_session_random_bytes(void)
{
    return CLIQUET_OUTBOUND_SESSION_RANDOM_BYTES;
}
/* cliquet.h */
size_t cliquet_session_encrypt_random_bytes(void)
{
    return CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES;
}

/* cliquet.h */
cliquet_status cliquet_account_remove_one_time_key(cliquet_account *account,
                                                   const cliquet_session *session,
                                                   uint32_t *key_id)
{
    const cq_olm_one_time_key *k;

    if (account == NULL || session == NULL || key_id == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* An inbound session's bob_one_time_key is ours; an outbound one's is
     * the peer's, which this account does not hold. */
    k = cq_olm_account_find_key(&account->a, session->s.bob_one_time_key);
    if (k == NULL) {
        return CLIQUET_ERR_BAD_MESSAGE_KEY_ID;
    }
    *key_id = k->id;
    cq_olm_account_remove_one_time_key(&account->a, session->s.bob_one_time_key);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_current_fallback_key(
    const cliquet_account *account, int *has_key,
    char key_id[CLIQUET_KEY_ID_BASE64_BYTES], char key[CLIQUET_KEY_BASE64_BYTES])
{
    const cq_olm_one_time_key *k;

    if (account == NULL || has_key == NULL || key_id == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *has_key = account->a.num_fallback_keys >= 1;
    if (*has_key) {
        k = &account->a.fallback_keys[0]; /* the current one comes first */
        key_id_base64(key_id, k->id);
        cq_base64_encode(key, k->public_key, 32);
    }
    return CLIQUET_OK;
}

/* Appends " <n>" or the text to out (out_cap known to suffice). */
static size_t describe_put(char *out, size_t pos, const char *text, uint32_t n,
                           int with_number)
{
    char digits[10];
    size_t len = 0;

    memcpy(out + pos, text, strlen(text));
    pos += strlen(text);
    if (with_number) {
        do {
            digits[len++] = (char)('0' + n % 10);
            n /= 10;
        } while (n != 0);
        while (len > 0) {
            out[pos++] = digits[--len];
        }
    }
    return pos;
}

/* The longest description: every counter 10 digits long. */
#define DESCRIBE_MAX_BYTES                                                     \
    (sizeof "sender chain index:  receiver chain indices: skipped message keys:" + \
     11 * (1 + CQ_OLM_MAX_RECEIVER_CHAINS + CQ_OLM_MAX_SKIPPED_KEYS))

/* cliquet.h */
cliquet_status cliquet_session_describe(const cliquet_session *session, char *out,
                                        size_t out_cap, size_t *out_len)
{
    const cq_olm_ratchet *r;
    char text[DESCRIBE_MAX_BYTES];
    size_t pos;
    uint32_t i;
    cliquet_status st;

    if (session == NULL || !cq_api_input_ok(out, out_cap) || out_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* libolm's layout: lists newest first, as both libraries keep them. */
    r = &session->s.ratchet;
    pos = describe_put(text, 0, "sender chain index: ",
                       r->has_sender_chain ? r->sender_chain.chain_key.index : 0, 1);
    pos = describe_put(text, pos, " receiver chain indices:", 0, 0);
    for (i = 0; i < r->num_receiver_chains; i++) {
        pos = describe_put(text, pos, " ", r->receiver_chains[i].chain_key.index, 1);
    }
    pos = describe_put(text, pos, " skipped message keys:", 0, 0);
    for (i = 0; i < r->num_skipped_keys; i++) {
        pos = describe_put(text, pos, " ", r->skipped_keys[i].index, 1);
    }
    st = cq_api_check_output(out, out_cap, out_len, pos);
    if (st == CLIQUET_OK) {
        memcpy(out, text, pos);
        *out_len = pos;
    }
    return st;
}

/* cliquet.h */
cliquet_status cliquet_olm_message_ciphertext_len(int type, const char *message,
                                                  size_t message_len,
                                                  size_t *ciphertext_len)
{
    cq_olm_pre_key_message p;
    cq_olm_message m;
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    cliquet_status st;

    if (!cq_api_input_ok(message, message_len) || ciphertext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (type != CLIQUET_OLM_MESSAGE_PRE_KEY && type != CLIQUET_OLM_MESSAGE_NORMAL) {
        return CLIQUET_ERR_BAD_MESSAGE_TYPE;
    }
    st = decode_message(&raw, &raw_len, message, message_len);
    if (st == CLIQUET_OK && type == CLIQUET_OLM_MESSAGE_PRE_KEY) {
        st = cq_olm_pre_key_message_decode(&p, raw, raw_len);
        if (st == CLIQUET_OK) {
            st = cq_olm_message_decode(&m, p.message, p.message_len);
        }
    } else if (st == CLIQUET_OK) {
        st = cq_olm_message_decode(&m, raw, raw_len);
    }
    if (st == CLIQUET_OK) {
        *ciphertext_len = m.ciphertext_len;
    }
    free_buffer(raw, raw_len);
    return st;
}

/* ---- state access for the pickle API (api.h) ---------------------------------- */

/* api.h */
const struct cq_olm_account *cq_api_account_state(const cliquet_account *a)
{
    return &a->a;
}

/* api.h */
cliquet_status cq_api_account_from_state(cliquet_account **out,
                                         const struct cq_olm_account *state)
{
    cliquet_account *account = calloc(1, sizeof *account);

    if (account == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    account->a = *state;
    *out = account;
    return CLIQUET_OK;
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
