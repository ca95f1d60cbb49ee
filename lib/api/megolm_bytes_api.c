/*
 * Megolm messages as bytes, for the libolm drop-in (cliquet_libolm.h, since
 * 1.2): the drop-in decodes a message's base64 once, libolm's way, and
 * hands the bytes here, where the base64 forms (megolm_inbound_api.c,
 * megolm_replay_api.c) would decode a re-encoded text again. Each call
 * answers what its base64 twin answers for the strict text of the bytes.
 * SPDX-License-Identifier: Apache-2.0
 */

#include "api/api.h"
#include "api/megolm_objects.h"
#include "megolm/megolm.h"

/*
 * The bytes of CQ_MEGOLM_MAX_MESSAGE_BASE64 characters (a multiple of 4):
 * a text is at most that long exactly when its bytes are at most this many,
 * since the decoded length grows strictly with the lengths base64 has.
 */
#define MAX_MESSAGE_BYTES (CQ_MEGOLM_MAX_MESSAGE_BASE64 / 4 * 3)

/* cliquet_libolm.h */
cliquet_status cliquet_megolm_message_ciphertext_len_bytes(const uint8_t *message,
                                                           size_t message_len,
                                                           size_t *ciphertext_len)
{
    cq_megolm_message m;
    cliquet_status st;

    if (!cq_api_input_ok(message, message_len) || ciphertext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (message_len > MAX_MESSAGE_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    /* The parser reads (message, 0) without dereferencing it. */
    st = cq_megolm_message_parse(&m, message, message_len);
    if (st == CLIQUET_OK) {
        *ciphertext_len = m.ciphertext_len;
    }
    return st;
}

/* cliquet_libolm.h */
cliquet_status cliquet_inbound_group_session_decrypt_bytes(
    cliquet_inbound_group_session *session, const uint8_t *message,
    size_t message_len, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, cliquet_megolm_decrypt_info *info)
{
    cq_megolm_replay_verdict verdict;

    if (session == NULL || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(plaintext, plaintext_cap) || plaintext_len == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* Bounded before anything is allocated (docs/limits.md). */
    if (message_len > MAX_MESSAGE_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    return cq_api_inbound_group_decrypt_raw(session, message, message_len, plaintext,
                                            plaintext_cap, plaintext_len, info, &verdict);
}
