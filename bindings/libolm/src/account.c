/*
 * bindings/libolm: accounts (olm/olm.h) over cliquet_account.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "shim.h"

/* libolm's bounds and sizes. */
#define MAX_ONE_TIME_KEYS 100 /* libolm keeps 100 (cliquet advises 50) */
#define ACCOUNT_RANDOM 64
#define KEY_RANDOM 32
#define IDENTITY_JSON_LEN 116 /* {"curve25519":"<43>","ed25519":"<43>"} */
#define EMPTY_KEYS_JSON "{\"curve25519\":{}}"
#define EMPTY_KEYS_JSON_LEN (sizeof EMPTY_KEYS_JSON - 1)
#define ONE_KEY_JSON_LEN 71   /* {"curve25519":{"<id>":"<key>"}} */

/* olm/olm.h */
size_t olm_account_size(void)
{
    /* libolm's account object is its largest (it holds 100 one-time keys),
     * and code written against libolm sizes other objects with it: libolm's
     * own test_olm_using_malloc builds a session in olm_account_size()
     * bytes. The shim's objects are two words each; keep the account at
     * least as large as the largest of them so such code stays in bounds. */
    size_t n = sizeof(struct OlmAccount);

    n = n < sizeof(struct OlmSession) ? sizeof(struct OlmSession) : n;
    n = n < sizeof(struct OlmInboundGroupSession) ? sizeof(struct OlmInboundGroupSession) : n;
    n = n < sizeof(struct OlmOutboundGroupSession) ? sizeof(struct OlmOutboundGroupSession) : n;
    return n;
}

/* olm/olm.h */
OlmAccount *olm_account(void *memory)
{
    OlmAccount *account = memory;

    shim_init();
    memset(account, 0, sizeof *account);
    account->last_error = OLM_SUCCESS;
    return account;
}

/* olm/olm.h */
const char *olm_account_last_error(OlmAccount const *account)
{
    return _olm_error_to_string(account->last_error);
}

/* olm/olm.h */
enum OlmErrorCode olm_account_last_error_code(OlmAccount const *account)
{
    return account->last_error;
}

/* olm/olm.h */
size_t olm_clear_account(OlmAccount *account)
{
    cliquet_account_free(account->account);
    shim_wipe(account, sizeof *account);
    olm_account(account);
    return olm_account_size(); /* the size the caller gave, as libolm */
}

/* Replaces the account's cliquet object (after a create or an unpickle). */
static void set_account(OlmAccount *account, cliquet_account *a)
{
    cliquet_account_free(account->account);
    account->account = a;
}

/* ---- pickles ------------------------------------------------------------ */

/* olm/olm.h */
size_t olm_pickle_account_length(OlmAccount const *account)
{
    size_t need = 0;

    if (account->account == NULL ||
        cliquet_account_pickle_libolm(account->account, NULL, 0, &need,
                                      (const uint8_t *)"", 0) !=
            CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        return SHIM_ERROR;
    }
    return shim_text_len(need);
}

/* olm/olm.h */
size_t olm_pickle_account(OlmAccount *account, void const *key, size_t key_length,
                          void *pickled, size_t pickled_length)
{
    size_t len = 0;
    char *text;
    cliquet_status st;

    if (account->account == NULL) {
        return shim_fail(&account->last_error, SHIM_NOT_CREATED);
    }
    text = shim_text_scratch(pickled_length);
    if (text == NULL) {
        return shim_fail(&account->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_account_pickle_libolm(account->account, text, pickled_length + 1,
                                       &len, key, key_length);
    shim_text_deliver(pickled, text, pickled_length, len, st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_code(st));
    }
    return len;
}

/* olm/olm.h */
size_t olm_unpickle_account(OlmAccount *account, void const *key, size_t key_length,
                            void *pickled, size_t pickled_length)
{
    cliquet_account *a = NULL;
    cliquet_status st;

    if (shim_base64_decoded_len(pickled_length) == SHIM_ERROR) {
        return shim_fail(&account->last_error, OLM_INVALID_BASE64);
    }
    st = cliquet_account_unpickle_libolm(&a, key, key_length, pickled, pickled_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_unpickle_code(st, pickled_length));
    }
    set_account(account, a);
    return pickled_length;
}

/* ---- creation and identity ---------------------------------------------- */

/* olm/olm.h */
size_t olm_create_account_random_length(OlmAccount const *account)
{
    (void)account;
    return ACCOUNT_RANDOM;
}

/* olm/olm.h */
size_t olm_create_account(OlmAccount *account, void *random, size_t random_length)
{
    cliquet_account *a = NULL;

    if (random_length < ACCOUNT_RANDOM) {
        account->last_error = OLM_NOT_ENOUGH_RANDOM;
    } else {
        account->last_error =
            shim_code(cliquet_account_new_with_random(&a, random, ACCOUNT_RANDOM));
    }
    shim_wipe(random, random_length); /* libolm wipes them, used or not */
    if (account->last_error != OLM_SUCCESS) {
        return SHIM_ERROR;
    }
    set_account(account, a);
    return 0;
}

/* olm/olm.h */
size_t olm_account_identity_keys_length(OlmAccount const *account)
{
    (void)account;
    return IDENTITY_JSON_LEN;
}

/* olm/olm.h */
size_t olm_account_identity_keys(OlmAccount *account, void *identity_keys,
                                 size_t identity_key_length)
{
    char curve[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
    char *out = identity_keys;
    cliquet_status st;

    if (identity_key_length < IDENTITY_JSON_LEN) {
        return shim_fail(&account->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (account->account == NULL) {
        return shim_fail(&account->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_account_identity_keys(account->account, curve, ed);
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_code(st));
    }
    /* NOLINTBEGIN(bugprone-not-null-terminated-result): libolm's outputs
     * carry no NUL; the caller's buffer holds exactly the JSON. */
    memcpy(out, "{\"curve25519\":\"", 15);
    memcpy(out + 15, curve, sizeof curve - 1);
    memcpy(out + 58, "\",\"ed25519\":\"", 13);
    memcpy(out + 71, ed, sizeof ed - 1);
    memcpy(out + 114, "\"}", 2);
    /* NOLINTEND(bugprone-not-null-terminated-result) */
    return IDENTITY_JSON_LEN;
}

/* olm/olm.h */
size_t olm_account_signature_length(OlmAccount const *account)
{
    (void)account;
    return (CLIQUET_SIGNATURE_BASE64_SIZE - 1);
}

/* olm/olm.h */
size_t olm_account_sign(OlmAccount *account, void const *message,
                        size_t message_length, void *signature,
                        size_t signature_length)
{
    char text[CLIQUET_SIGNATURE_BASE64_SIZE];
    cliquet_status st;

    if (signature_length < sizeof text - 1) {
        return shim_fail(&account->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (account->account == NULL) {
        return shim_fail(&account->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_account_sign(account->account, text, message, message_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_code(st));
    }
    memcpy(signature, text, sizeof text - 1);
    return sizeof text - 1;
}

/* ---- one-time keys ------------------------------------------------------- */

/* olm/olm.h */
size_t olm_account_one_time_keys_length(OlmAccount const *account)
{
    size_t need = 0;

    if (account->account == NULL) {
        return EMPTY_KEYS_JSON_LEN;
    }
    /* Asked with no room, cliquet answers the capacity needed. */
    if (cliquet_account_one_time_keys_json(account->account, NULL, 0, &need) !=
        CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        return SHIM_ERROR;
    }
    return shim_text_len(need);
}

/* olm/olm.h */
size_t olm_account_one_time_keys(OlmAccount *account, void *one_time_keys,
                                 size_t one_time_keys_length)
{
    size_t len = 0;
    char *text;
    cliquet_status st;

    if (one_time_keys_length < olm_account_one_time_keys_length(account)) {
        return shim_fail(&account->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (account->account == NULL) {
        memcpy(one_time_keys, EMPTY_KEYS_JSON, EMPTY_KEYS_JSON_LEN);
        return EMPTY_KEYS_JSON_LEN;
    }
    text = shim_text_scratch(one_time_keys_length);
    if (text == NULL) {
        return shim_fail(&account->last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_account_one_time_keys_json(account->account, text,
                                            one_time_keys_length + 1, &len);
    shim_text_deliver(one_time_keys, text, one_time_keys_length, len,
                      st == CLIQUET_OK);
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_code(st));
    }
    return len;
}

/* olm/olm.h */
size_t olm_account_mark_keys_as_published(OlmAccount *account)
{
    size_t count = 0;
    cliquet_status st;

    if (account->account == NULL) {
        return 0;
    }
    /* libolm answers how many one-time keys it newly marked. */
    st = cliquet_account_one_time_key_count(account->account, &count);
    if (st == CLIQUET_OK) {
        st = cliquet_account_mark_keys_as_published(account->account);
    }
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_code(st));
    }
    return count;
}

/* olm/olm.h */
size_t olm_account_max_number_of_one_time_keys(OlmAccount const *account)
{
    (void)account;
    return MAX_ONE_TIME_KEYS;
}

/* olm/olm.h */
size_t olm_account_generate_one_time_keys_random_length(OlmAccount const *account,
                                                        size_t number_of_keys)
{
    (void)account;
    return KEY_RANDOM * number_of_keys;
}

/*
 * libolm makes any number of keys, keeping the newest 100; cliquet makes
 * at most 100 at a time, with the same rule for what it keeps. Batches of
 * 100 in order give the same keys, ids and order.
 */
static cliquet_status generate_keys(cliquet_account *a, size_t count,
                                    const uint8_t *random)
{
    cliquet_status st = CLIQUET_OK;
    size_t batch;

    while (st == CLIQUET_OK && count > 0) {
        batch = count < MAX_ONE_TIME_KEYS ? count : MAX_ONE_TIME_KEYS;
        st = cliquet_account_generate_one_time_keys_with_random(a, batch, NULL, random,
                                                                batch * KEY_RANDOM);
        random += batch * KEY_RANDOM;
        count -= batch;
    }
    return st;
}

/* olm/olm.h */
size_t olm_account_generate_one_time_keys(OlmAccount *account, size_t number_of_keys,
                                          void *random, size_t random_length)
{
    enum OlmErrorCode code = OLM_SUCCESS;

    if (number_of_keys > SIZE_MAX / KEY_RANDOM ||
        random_length < KEY_RANDOM * number_of_keys) { /* NOLINT(bugprone-branch-clone): SHIM_NOT_CREATED is libolm's NOT_ENOUGH_RANDOM; each check names its reason */
        code = OLM_NOT_ENOUGH_RANDOM;
    } else if (account->account == NULL) {
        code = SHIM_NOT_CREATED;
    } else {
        code = shim_code(generate_keys(account->account, number_of_keys, random));
    }
    shim_wipe(random, random_length);
    if (code != OLM_SUCCESS) {
        return shim_fail(&account->last_error, code);
    }
    return number_of_keys;
}

/* ---- fallback keys ------------------------------------------------------- */

/* olm/olm.h */
size_t olm_account_generate_fallback_key_random_length(OlmAccount const *account)
{
    (void)account;
    return KEY_RANDOM;
}

/* olm/olm.h */
size_t olm_account_generate_fallback_key(OlmAccount *account, void *random,
                                         size_t random_length)
{
    enum OlmErrorCode code;

    if (random_length < KEY_RANDOM) { /* NOLINT(bugprone-branch-clone): SHIM_NOT_CREATED is libolm's NOT_ENOUGH_RANDOM; each check names its reason */
        code = OLM_NOT_ENOUGH_RANDOM;
    } else if (account->account == NULL) {
        code = SHIM_NOT_CREATED;
    } else {
        code = shim_code(cliquet_account_generate_fallback_key_with_random(
            account->account, random, KEY_RANDOM));
    }
    shim_wipe(random, random_length);
    if (code != OLM_SUCCESS) {
        return shim_fail(&account->last_error, code);
    }
    return 1;
}

/* Which fallback key a listing shows. */
typedef enum fallback_kind { FALLBACK_CURRENT, FALLBACK_UNPUBLISHED } fallback_kind;

static int fallback_key(const OlmAccount *account, fallback_kind kind,
                        char id[CLIQUET_KEY_ID_BASE64_SIZE],
                        char key[CLIQUET_KEY_BASE64_SIZE])
{
    int has = 0;
    cliquet_status st;

    if (account->account == NULL) {
        return 0;
    }
    if (kind == FALLBACK_CURRENT) {
        st = cliquet_account_current_fallback_key(account->account, &has, id, key);
    } else {
        st = cliquet_account_fallback_key(account->account, &has, id, key);
    }
    return st == CLIQUET_OK && has;
}

static size_t fallback_length(const OlmAccount *account, fallback_kind kind)
{
    char id[CLIQUET_KEY_ID_BASE64_SIZE], key[CLIQUET_KEY_BASE64_SIZE];

    return fallback_key(account, kind, id, key) ? ONE_KEY_JSON_LEN : EMPTY_KEYS_JSON_LEN;
}

/* {"curve25519":{"<id>":"<key>"}} or {"curve25519":{}} */
static size_t fallback_json(OlmAccount *account, fallback_kind kind, void *out,
                            size_t out_length)
{
    char id[CLIQUET_KEY_ID_BASE64_SIZE], key[CLIQUET_KEY_BASE64_SIZE];
    char *p = out;
    int has = fallback_key(account, kind, id, key);
    size_t need = has ? ONE_KEY_JSON_LEN : EMPTY_KEYS_JSON_LEN;

    if (out_length < need) {
        return shim_fail(&account->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (!has) {
        memcpy(p, EMPTY_KEYS_JSON, EMPTY_KEYS_JSON_LEN);
        return EMPTY_KEYS_JSON_LEN;
    }
    /* NOLINTBEGIN(bugprone-not-null-terminated-result): as above, no NUL */
    memcpy(p, "{\"curve25519\":{\"", 16);
    memcpy(p + 16, id, sizeof id - 1);
    memcpy(p + 22, "\":\"", 3);
    memcpy(p + 25, key, sizeof key - 1);
    memcpy(p + 68, "\"}}", 3);
    /* NOLINTEND(bugprone-not-null-terminated-result) */
    return ONE_KEY_JSON_LEN;
}

/* olm/olm.h */
size_t olm_account_fallback_key_length(OlmAccount const *account)
{
    return fallback_length(account, FALLBACK_CURRENT);
}

/* olm/olm.h */
size_t olm_account_fallback_key(OlmAccount *account, void *fallback_key_out,
                                size_t fallback_key_size)
{
    return fallback_json(account, FALLBACK_CURRENT, fallback_key_out,
                         fallback_key_size);
}

/* olm/olm.h */
size_t olm_account_unpublished_fallback_key_length(OlmAccount const *account)
{
    return fallback_length(account, FALLBACK_UNPUBLISHED);
}

/* olm/olm.h */
size_t olm_account_unpublished_fallback_key(OlmAccount *account,
                                            void *fallback_key_out,
                                            size_t fallback_key_size)
{
    return fallback_json(account, FALLBACK_UNPUBLISHED, fallback_key_out,
                         fallback_key_size);
}

/* olm/olm.h */
void olm_account_forget_old_fallback_key(OlmAccount *account)
{
    if (account->account != NULL) {
        shim_ignore_status(cliquet_account_forget_old_fallback_key(account->account));
    }
}

/* ---- utilities ------------------------------------------------------------ */

/* olm/olm.h */
size_t olm_utility_size(void)
{
    return sizeof(struct OlmUtility);
}

/* olm/olm.h */
OlmUtility *olm_utility(void *memory)
{
    OlmUtility *utility = memory;

    shim_init();
    memset(utility, 0, sizeof *utility);
    utility->last_error = OLM_SUCCESS;
    return utility;
}

/* olm/olm.h */
const char *olm_utility_last_error(OlmUtility const *utility)
{
    return _olm_error_to_string(utility->last_error);
}

/* olm/olm.h */
enum OlmErrorCode olm_utility_last_error_code(OlmUtility const *utility)
{
    return utility->last_error;
}

/* olm/olm.h */
size_t olm_clear_utility(OlmUtility *utility)
{
    shim_wipe(utility, sizeof *utility);
    olm_utility(utility);
    return sizeof *utility;
}

/* olm/olm.h */
size_t olm_sha256_length(OlmUtility const *utility)
{
    (void)utility;
    return (CLIQUET_SHA256_BASE64_SIZE - 1);
}

/* olm/olm.h */
size_t olm_sha256(OlmUtility *utility, void const *input, size_t input_length,
                  void *output, size_t output_length)
{
    char text[CLIQUET_SHA256_BASE64_SIZE];
    cliquet_status st;

    if (output_length < (CLIQUET_SHA256_BASE64_SIZE - 1)) {
        return shim_fail(&utility->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    st = cliquet_sha256_base64(text, input, input_length);
    if (st != CLIQUET_OK) {
        return shim_fail(&utility->last_error, shim_code(st));
    }
    shim_put_text(output, text);
    return (CLIQUET_SHA256_BASE64_SIZE - 1);
}

/* olm/olm.h */
size_t olm_ed25519_verify(OlmUtility *utility, void const *key, size_t key_length,
                          void const *message, size_t message_length,
                          void *signature, size_t signature_length)
{
    cliquet_status st;

    if (key_length != (CLIQUET_KEY_BASE64_SIZE - 1) ||
        shim_base64_decoded_len(signature_length) == SHIM_ERROR) {
        return shim_fail(&utility->last_error, OLM_INVALID_BASE64);
    }
    st = cliquet_ed25519_verify(key, key_length, message, message_length, signature,
                                signature_length);
    shim_decode_in_place(signature, signature_length);
    if (st == CLIQUET_ERR_BAD_SIGNATURE) {
        return shim_fail(&utility->last_error, OLM_BAD_MESSAGE_MAC); /* libolm's code */
    }
    if (st != CLIQUET_OK) {
        return shim_fail(&utility->last_error, shim_code(st));
    }
    return 0;
}
