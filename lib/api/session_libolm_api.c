/*
 * The Olm session calls only libolm's drop-in needs (cliquet_libolm.h):
 * libolm's debugging description of a session, the ciphertext length of a
 * message (for olm_decrypt_max_plaintext_length), and, since 1.2, the
 * messages as bytes: the drop-in decodes a message's base64 once, libolm's
 * way, and hands the bytes here. Each bytes call makes the checks of its
 * base64 twin (session_api.c and below) in the same order, then the same
 * work on the bytes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "api/olm_objects.h"

/*
 * The bytes of 2^31 base64 characters (session_api.c's bound, a multiple
 * of 4): a text is at most that long exactly when its bytes are at most
 * this many, since the decoded length grows strictly with the lengths
 * base64 has.
 */
#define MAX_MESSAGE_BYTES (2 * CQ_OLM_MAX_PLAINTEXT_BYTES / 4 * 3)

/* cliquet_libolm.h */
cliquet_status cliquet_olm_message_ciphertext_len_bytes(int type, const uint8_t *message,
                                                        size_t message_len,
                                                        size_t *ciphertext_len)
{
    if (!cq_api_input_ok(message, message_len) || ciphertext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (type != CLIQUET_OLM_MESSAGE_PRE_KEY && type != CLIQUET_OLM_MESSAGE_NORMAL) {
        return CLIQUET_ERR_BAD_MESSAGE_TYPE;
    }
    if (message_len > MAX_MESSAGE_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    return cq_api_olm_ciphertext_len_raw(type, message, message_len, ciphertext_len);
}

/* cliquet_libolm.h */
cliquet_status cliquet_session_decrypt_bytes(cliquet_session *session, int type,
                                             const uint8_t *message, size_t message_len,
                                             uint8_t *plaintext, size_t plaintext_cap,
                                             size_t *plaintext_len,
                                             cliquet_olm_decrypt_info *info)
{
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
    if (message_len > MAX_MESSAGE_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    return cq_api_session_decrypt_raw(session, type, message, message_len, plaintext,
                                      plaintext_cap, plaintext_len, info);
}

/* Appends " <n>" or the text to out (out_cap known to suffice). */
static size_t describe_put(char *out, size_t pos, const char *text, uint32_t n,
                           int with_number)
{
    char digits[10];
    size_t len = 0;

    memcpy(out + pos, text, strlen(text)); /* NOLINT(bugprone-not-null-terminated-result): the caller ends the text */
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

/* cliquet_libolm.h */
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
    st = cq_api_check_text_output(out, out_cap, out_len, pos);
    if (st == CLIQUET_OK) {
        memcpy(out, text, pos);
        out[pos] = '\0';
        *out_len = pos;
    }
    return st;
}

/* olm_objects.h */
cliquet_status cq_api_olm_ciphertext_len_raw(int type, const uint8_t *raw, size_t raw_len,
                                             size_t *ciphertext_len)
{
    cq_olm_pre_key_message p;
    cq_olm_message m = { 0 }; /* set on every path that reads it */
    cliquet_status st;

    if (type == CLIQUET_OLM_MESSAGE_PRE_KEY) {
        st = cq_olm_pre_key_message_decode(&p, raw, raw_len);
        if (st == CLIQUET_OK) {
            st = cq_olm_message_decode(&m, p.message, p.message_len);
        }
    } else {
        st = cq_olm_message_decode(&m, raw, raw_len);
    }
    if (st == CLIQUET_OK) {
        *ciphertext_len = m.ciphertext_len;
    }
    return st;
}

/* cliquet_libolm.h */
cliquet_status cliquet_olm_message_ciphertext_len(int type, const char *message,
                                                  size_t message_len,
                                                  size_t *ciphertext_len)
{
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
    st = cq_api_olm_message_decode(&raw, &raw_len, message, message_len);
    if (st == CLIQUET_OK) {
        st = cq_api_olm_ciphertext_len_raw(type, raw, raw_len, ciphertext_len);
    }
    cq_api_free(raw, raw_len);
    return st;
}
