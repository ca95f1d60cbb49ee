/*
 * Olm messages as bytes, for the libolm drop-in (cliquet_libolm.h, since
 * 1.2): the drop-in decodes a message's base64 once, libolm's way, and
 * hands the bytes here. Each call makes the checks of its base64 twin
 * (session_api.c) in the same order, then the same work on the bytes.
 * SPDX-License-Identifier: Apache-2.0
 */
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
