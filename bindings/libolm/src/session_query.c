/*
 * bindings/libolm: what libolm lets a client ask of an Olm session
 * (olm/olm.h): its id, whether it has received a message, libolm's
 * debugging description, whether a pre-key message belongs to it, and
 * olm_remove_one_time_keys, which reads the session to find the key its
 * account should drop. Making, pickling, encrypting and decrypting are in
 * session.c.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "shim.h"

/* olm/olm.h */
size_t olm_session_id_length(OlmSession const *session)
{
    (void)session;
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/olm.h */
size_t olm_session_id(OlmSession *session, void *id, size_t id_length)
{
    char text[CLIQUET_KEY_BASE64_SIZE];
    cliquet_status st;

    if (id_length < (CLIQUET_KEY_BASE64_SIZE - 1)) {
        return shim_fail(&session->last_error, OLM_OUTPUT_BUFFER_TOO_SMALL);
    }
    if (session->session == NULL) {
        return shim_fail(&session->last_error, SHIM_NOT_CREATED);
    }
    st = cliquet_session_id(session->session, text);
    if (st != CLIQUET_OK) {
        return shim_fail(&session->last_error, shim_code(st));
    }
    shim_put_text(id, text);
    return (CLIQUET_KEY_BASE64_SIZE - 1);
}

/* olm/olm.h */
int olm_session_has_received_message(OlmSession const *session)
{
    int yes = 0;

    if (session->session != NULL) {
        shim_ignore_status(cliquet_session_has_received_message(session->session, &yes));
    }
    return yes;
}

/*
 * The length of the piece of the describe text at pos. libolm writes its
 * text in pieces: "sender chain index: N " (first_len long, with its
 * space), "receiver chain indices:", " N" for each receiver chain,
 * " skipped message keys:", " N" for each skipped key.
 */
static size_t describe_piece(const char *text, size_t pos, size_t first_len)
{
    static const char receivers[] = "receiver chain indices:";
    static const char skipped[] = " skipped message keys:";
    size_t n = 1;

    if (pos == 0) {
        return first_len;
    }
    if (pos == first_len) {
        return sizeof receivers - 1;
    }
    if (strncmp(text + pos, skipped, sizeof skipped - 1) == 0) {
        return sizeof skipped - 1;
    }
    while (text[pos + n] >= '0' && text[pos + n] <= '9') {
        n++;
    }
    return n;
}

/*
 * olm/olm.h. As libolm: the text is NUL-terminated; a piece that does not
 * fit with the NUL is cut so that "..." and the NUL end the buffer; a
 * buffer of fewer than 23 bytes gets an empty string.
 */
void olm_session_describe(OlmSession *session, char *buf, size_t buflen)
{
    char text[1024];
    const char *receivers;
    size_t len = 0, pos = 0, piece, first_len, remaining = buflen;
    char *out = buf;

    if (buflen == 0) {
        return;
    }
    buf[0] = '\0';
    if (buflen < 23 || session->session == NULL ||
        cliquet_session_describe(session->session, text, sizeof text, &len) !=
            CLIQUET_OK) {
        return;
    }
    receivers = strstr(text, " receiver chain indices:");
    if (receivers == NULL) {
        return;
    }
    first_len = (size_t)(receivers - text) + 1;
    while (pos < len) {
        piece = describe_piece(text, pos, first_len);
        if (piece >= remaining) {
            /* With fewer than 4 bytes left, "..." overwrites the end of
             * the pieces before, as in libolm. */
            if (remaining >= 4) {
                memcpy(out, text + pos, remaining - 4);
                memcpy(out + remaining - 4, "...", 4);
            } else {
                memcpy(out - (4 - remaining), "...", 4);
            }
            return;
        }
        memcpy(out, text + pos, piece);
        out += piece;
        remaining -= piece;
        *out = '\0';
        pos += piece;
    }
}

/* olm/olm.h */
size_t olm_matches_inbound_session(OlmSession *session, void *one_time_key_message,
                                   size_t message_length)
{
    return olm_matches_inbound_session_from(session, NULL, (CLIQUET_KEY_BASE64_SIZE - 1),
                                            one_time_key_message, message_length);
}

/* olm/olm.h */
size_t olm_matches_inbound_session_from(OlmSession *session,
                                        void const *their_identity_key,
                                        size_t their_identity_key_length,
                                        void *one_time_key_message,
                                        size_t message_length)
{
    int matches = 0;
    char *text;
    uint8_t *raw;
    size_t raw_len = 0;
    cliquet_status st;

    if (message_length > SHIM_MAX_MESSAGE) {
        return shim_fail(&session->last_error, shim_code(CLIQUET_ERR_INPUT_TOO_LARGE));
    }

    if (their_identity_key_length != (CLIQUET_KEY_BASE64_SIZE - 1) ||
        shim_base64_decoded_len(message_length) == SHIM_ERROR) {
        return shim_fail(&session->last_error, OLM_INVALID_BASE64);
    }
    if (session->session == NULL) {
        return 0; /* libolm's empty session matches nothing */
    }
    raw = shim_message_bytes(one_time_key_message, message_length, &raw_len);
    text = raw != NULL ? shim_bytes_text(raw, raw_len, message_length) : NULL;
    st = text == NULL ? CLIQUET_ERR_NO_MEMORY
                      : cliquet_session_matches_inbound(
                            session->session, their_identity_key,
                            their_identity_key != NULL ? their_identity_key_length : 0,
                            text, message_length, &matches);
    shim_free(text, message_length + 1);
    shim_message_put_bytes(one_time_key_message, raw, raw_len);
    shim_free(raw, raw_len + 1);
    /* libolm answers 0, not an error, for a message it cannot read. */
    return st == CLIQUET_OK && matches ? 1 : 0;
}

/* olm/olm.h */
size_t olm_remove_one_time_keys(OlmAccount *account, OlmSession *session)
{
    uint32_t id = 0;
    cliquet_status st;

    if (account->account == NULL || session->session == NULL) {
        return shim_fail(&account->last_error, OLM_BAD_MESSAGE_KEY_ID);
    }
    st = cliquet_account_remove_one_time_key(account->account, session->session, &id);
    if (st != CLIQUET_OK) {
        return shim_fail(&account->last_error, shim_code(st));
    }
    return id;
}
