/*
 * The public Olm account API: argument checks, base64, random bytes,
 * allocation. The protocol lives in lib/olm/account.c.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/olm_objects.h"
#include "crypto/crypto.h"

/* Lengths of the pieces of the one-time key JSON (cliquet_libolm.h). */
static const char json_head[] = "{\"curve25519\":{";
#define JSON_HEAD_LEN (sizeof json_head - 1)
#define KEY_ID_LEN (CLIQUET_KEY_ID_BASE64_SIZE - 1)
#define KEY_LEN (CLIQUET_KEY_BASE64_SIZE - 1)
/* "id":"key" */
#define JSON_ENTRY_LEN (1 + KEY_ID_LEN + 3 + KEY_LEN + 1)
#define JSON_TAIL_LEN 2 /* }} */

/* The key id's text, "AAAAAQ", without its NUL (for the JSON). */
static void key_id_base64(char out[KEY_ID_LEN], uint32_t id)
{
    uint8_t bytes[4];

    cq_olm_key_id_bytes(bytes, id);
    cq_base64_encode(out, bytes, sizeof bytes);
}

/* A one-time or fallback key's id and public key as C strings. */
static void key_text(char key_id[CLIQUET_KEY_ID_BASE64_SIZE],
                     char key[CLIQUET_KEY_BASE64_SIZE],
                     const cq_olm_one_time_key *k)
{
    key_id_base64(key_id, k->id);
    key_id[KEY_ID_LEN] = '\0';
    cq_api_base64_text(key, k->public_key, 32);
}

/* cliquet_random.h */
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
                                             char curve25519[CLIQUET_KEY_BASE64_SIZE],
                                             char ed25519[CLIQUET_KEY_BASE64_SIZE])
{
    if (account == NULL || curve25519 == NULL || ed25519 == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(curve25519, account->a.curve25519_public, 32);
    cq_api_base64_text(ed25519, account->a.ed25519.public_key, 32);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_account_sign(const cliquet_account *account,
                                    char signature[CLIQUET_SIGNATURE_BASE64_SIZE],
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
    cq_api_base64_text(signature, sig, sizeof sig);
    return CLIQUET_OK;
}

/* cliquet_random.h */
cliquet_status cliquet_account_generate_one_time_keys_with_random(
    cliquet_account *account, size_t count, size_t *evicted,
    const uint8_t *random, size_t random_len)
{
    size_t held;
    cliquet_status st;

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
    held = account->a.num_one_time_keys;
    st = cq_olm_account_generate_one_time_keys(&account->a, count, random);
    /* The store keeps the newest CQ_OLM_MAX_ONE_TIME_KEYS: whatever the
     * new keys push past that bound was evicted, oldest first. */
    if (st == CLIQUET_OK && evicted != NULL) {
        *evicted = held + count > CQ_OLM_MAX_ONE_TIME_KEYS
                       ? held + count - CQ_OLM_MAX_ONE_TIME_KEYS
                       : 0;
    }
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_generate_one_time_keys(cliquet_account *account,
                                                      size_t count,
                                                      size_t *evicted)
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
    st = cliquet_account_generate_one_time_keys_with_random(account, count, evicted,
                                                            random, n);
    cq_api_free(random, n);
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
                                            char key_id[CLIQUET_KEY_ID_BASE64_SIZE],
                                            char key[CLIQUET_KEY_BASE64_SIZE])
{
    const cq_olm_one_time_key *k;
    size_t count;

    if (account == NULL || key_id == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* The core lists the unpublished keys newest first (libolm's order);
     * the ABI gives them in key-id order, the order they were made. */
    count = cq_olm_account_unpublished_count(&account->a);
    if (i >= count) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    k = cq_olm_account_unpublished(&account->a, count - 1 - i);
    key_text(key_id, key, k);
    return CLIQUET_OK;
}

/* cliquet_libolm.h */
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
    st = cq_api_check_text_output(out, out_cap, out_len, need);
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
        pos += KEY_ID_LEN;
        memcpy(out + pos, "\":\"", 3);
        pos += 3;
        cq_base64_encode(out + pos, k->public_key, 32);
        pos += KEY_LEN;
        out[pos++] = '"';
    }
    out[pos++] = '}';
    out[pos++] = '}';
    out[pos] = '\0';
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

/* cliquet_random.h */
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
    return cq_olm_account_generate_fallback_key(&account->a, random);
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
                                            char key_id[CLIQUET_KEY_ID_BASE64_SIZE],
                                            char key[CLIQUET_KEY_BASE64_SIZE])
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
        key_text(key_id, key, k);
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

/* cliquet_random.h */
size_t cliquet_account_random_bytes(void) { return CLIQUET_ACCOUNT_RANDOM_BYTES; }
/* cliquet_random.h */
size_t cliquet_one_time_key_random_bytes(void) { return CLIQUET_ONE_TIME_KEY_RANDOM_BYTES; }
/* cliquet_random.h */
size_t cliquet_fallback_key_random_bytes(void) { return CLIQUET_FALLBACK_KEY_RANDOM_BYTES; }
/* cliquet_libolm.h */
cliquet_status cliquet_account_current_fallback_key(
    const cliquet_account *account, int *has_key,
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE], char key[CLIQUET_KEY_BASE64_SIZE])
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
        key_text(key_id, key, k);
    }
    return CLIQUET_OK;
}

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

/* cliquet_libolm.h */
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
