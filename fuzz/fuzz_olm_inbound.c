/*
 * fuzz/fuzz_olm_inbound.c: inbound session creation from a pre-key message
 * (Bob's account, with three one-time keys and a fallback key), through the
 * core (cq_olm_session_inbound) and the API (cliquet_session_new_inbound).
 *
 * Input: a control byte, then the message. Control bits: 0x01 name the
 * sender (Alice's identity key); 0x02 name another sender (Bob's own key);
 * 0x04 through the API, the bytes base64-encoded by the harness; 0x08
 * through the API, the bytes as the base64 text; 0x10 a plaintext buffer
 * too small by one.
 *
 * Properties: only documented statuses; a refusal leaves the account
 * unchanged and makes no session; a success consumes the one-time key it
 * used (a fallback key stays), so the same message is then refused with
 * CLIQUET_ERR_BAD_MESSAGE_KEY_ID, unless it was made with the fallback key;
 * a wrong named sender is never accepted.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"

static fz_olm_fixture fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_olm_fixture_make(&fx);
    return 0;
}

static int documented(cliquet_status st)
{
    switch (st) {
    case CLIQUET_ERR_BAD_MESSAGE_VERSION:
    case CLIQUET_ERR_BAD_MESSAGE_FORMAT:
    case CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH:
    case CLIQUET_ERR_BAD_MESSAGE_MAC:
    case CLIQUET_ERR_BAD_PADDING:
    case CLIQUET_ERR_BAD_MESSAGE_KEY_ID:
    case CLIQUET_ERR_WRONG_SESSION:
    case CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE:
    case CLIQUET_ERR_BAD_KEY:
    case CLIQUET_ERR_ZERO_SHARED_SECRET:
    case CLIQUET_ERR_OUTPUT_TOO_SMALL:
    case CLIQUET_ERR_BAD_BASE64:
        return 1;
    default:
        return 0;
    }
}

static cliquet_status api_inbound(cq_olm_account *a, const uint8_t *sender,
                                  const char *text, size_t text_len,
                                  uint8_t *pt, size_t cap, size_t *pt_len)
{
    cliquet_account *acc = NULL;
    cliquet_session *s = NULL;
    char key[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_BASE64_SIZE];
    cliquet_olm_decrypt_info info;
    cliquet_status st;

    fz_require(cq_api_account_from_state(&acc, a) == CLIQUET_OK, "account");
    if (sender != NULL) {
        cq_base64_encode(key, sender, 32);
        key[CLIQUET_KEY_BASE64_SIZE - 1] = '\0';
    }
    /* Text inputs are (text, length): the NUL is not part of the key. */
    st = cliquet_session_new_inbound(&s, acc, sender ? key : NULL,
                                     sender ? sizeof key - 1 : 0, text, text_len,
                                     pt, cap, pt_len, &info);
    fz_require((st == CLIQUET_OK) == (s != NULL), "API: session iff success");
    if (st == CLIQUET_OK) {
        fz_require(cliquet_session_their_identity_key(s, id) == CLIQUET_OK,
                   "their identity key");
        fz_require(memcmp(info.sender_key, id, sizeof id) == 0,
                   "API: info sender key is the session's peer");
        fz_require(sender == NULL || memcmp(info.sender_key, key, sizeof key) == 0,
                   "API: info sender key is the one asked for");
        fz_require(cliquet_session_id(s, id) == CLIQUET_OK, "session id");
        fz_require(memcmp(info.session_id, id, sizeof id) == 0, "API: info session id");
    }
    *a = *cq_api_account_state(acc);
    cliquet_session_free(s);
    cliquet_account_free(acc);
    return st;
}

static cliquet_status inbound(cq_olm_account *a, uint8_t control,
                              const uint8_t *msg, size_t n)
{
    const uint8_t *sender = NULL;
    size_t cap = n + 16;
    uint8_t *pt = malloc(cap);
    size_t pt_len = 0;
    cq_olm_session s;
    cliquet_status st;

    fz_require(pt != NULL, "malloc");
    if (control & 0x01) {
        sender = fx.alice_account.curve25519_public;
    }
    if (control & 0x02) {
        sender = fx.bob_account.curve25519_public;
    }
    if ((control & 0x10) && n > 0) {
        cap = n / 2;
    }
    if (control & 0x04) {
        char *text = malloc(cq_base64_encoded_len(n) + 1);

        fz_require(text != NULL, "malloc");
        cq_base64_encode(text, msg, n);
        st = api_inbound(a, sender, text, cq_base64_encoded_len(n), pt, cap,
                         &pt_len);
        free(text);
    } else if (control & 0x08) {
        st = api_inbound(a, sender, (const char *)msg, n, pt, cap, &pt_len);
    } else {
        st = cq_olm_session_inbound(&s, a, sender, msg, n, pt, cap, &pt_len, NULL);
    }
    fz_require(st == CLIQUET_OK || documented(st),
               "olm inbound: undocumented status");
    if (st == CLIQUET_OK) {
        fz_require(!(control & 0x02), "accepted from a wrong named sender");
        fz_require(pt_len < n && pt_len <= cap, "plaintext length");
    }
    free(pt);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_olm_account a = fx.bob_account;
    cq_olm_account before = a;
    cq_olm_pre_key_message m;
    uint8_t control;
    cliquet_status st;
    int fallback;

    if (size < 1 || size > 4096) {
        return 0;
    }
    fz_random_reset();
    control = data[0];
    st = inbound(&a, control, data + 1, size - 1);
    if (st != CLIQUET_OK) {
        fz_require(memcmp(&before, &a, sizeof a) == 0,
                   "a refused pre-key message changed the account");
        return 0;
    }
    fz_require(cq_olm_pre_key_message_decode(&m, data + 1, size - 1) ==
                   CLIQUET_OK || (control & 0x08),
               "accepted message does not parse");
    if (control & 0x08) {
        return 0; /* the bytes were text; the raw form is not at hand */
    }
    fallback = memcmp(m.one_time_key, fx.bob_account.fallback_keys[0].public_key,
                      32) == 0;
    fz_require(fallback ? a.num_one_time_keys == before.num_one_time_keys
                        : a.num_one_time_keys + 1 == before.num_one_time_keys,
               "one-time key not consumed (or fallback key consumed)");
    before = a;
    st = inbound(&a, control & 0x13, data + 1, size - 1);
    if (!fallback) {
        fz_require(st == CLIQUET_ERR_BAD_MESSAGE_KEY_ID,
                   "a one-time key was used twice");
        fz_require(memcmp(&before, &a, sizeof a) == 0,
                   "a refused pre-key message changed the account");
    }
    return 0;
}
