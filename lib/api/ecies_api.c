/*
 * The public ABI of lib/ecies (docs/ecies.md): argument checks, base64 at
 * the boundary, random bytes. Every call that changes a channel works on a
 * copy of its state and commits only on success (rule 4).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "crypto/crypto.h"
#include "ecies/ecies.h"

struct cliquet_ecies_channel {
    cq_ecies e;
};

/* The longest message text: the base64 of the largest plaintext and its
 * tag; an initial message adds "|" and a key. */
#define MAX_CIPHERTEXT (CQ_ECIES_MAX_PLAINTEXT_BYTES + CQ_ECIES_TAG_BYTES)
#define KEY_TEXT 43 /* unpadded base64 of 32 bytes */

/* cliquet.h */
size_t cliquet_ecies_check_code_bytes(void) { return CLIQUET_ECIES_CHECK_CODE_BYTES; }
/* cliquet.h */
size_t cliquet_ecies_max_plaintext_bytes(void) { return CLIQUET_ECIES_MAX_PLAINTEXT_BYTES; }
/* cliquet_random.h */
size_t cliquet_ecies_channel_random_bytes(void) { return CLIQUET_ECIES_CHANNEL_RANDOM_BYTES; }

/* cliquet.h */
size_t cliquet_ecies_max_info_bytes(void) { return CLIQUET_ECIES_MAX_INFO_BYTES; }

/* A new fresh channel: the default info prefix when info is NULL and
 * default_info is 1, else info[0..info_len) (checked by the callers). */
static cliquet_status channel_make(cliquet_ecies_channel **out, const uint8_t *random,
                                   int default_info, const char *info, size_t info_len)
{
    cliquet_ecies_channel *c = calloc(1, sizeof *c);

    if (c == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    if (default_info) {
        cq_ecies_init(&c->e, random);
    } else {
        cq_ecies_init_with_info(&c->e, random, (const uint8_t *)info, info_len);
    }
    *out = c;
    return CLIQUET_OK;
}

/* cliquet_random.h */
cliquet_status cliquet_ecies_channel_new_with_random(cliquet_ecies_channel **out,
                                                     const uint8_t *random,
                                                     size_t random_len)
{
    if (out == NULL || random == NULL || random_len != CQ_ECIES_KEY_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    return channel_make(out, random, 1, NULL, 0);
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_new(cliquet_ecies_channel **out)
{
    uint8_t random[CQ_ECIES_KEY_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_ecies_channel_new_with_random(out, random, sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet_random.h */
cliquet_status cliquet_ecies_channel_new_with_info_and_random(cliquet_ecies_channel **out,
                                                              const char *info,
                                                              size_t info_len,
                                                              const uint8_t *random,
                                                              size_t random_len)
{
    if (out == NULL || !cq_api_input_ok(info, info_len) || random == NULL ||
        random_len != CQ_ECIES_KEY_BYTES) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* Refused, never cut: a shorter prefix is another protocol's. */
    if (info_len > CQ_ECIES_MAX_INFO_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    return channel_make(out, random, 0, info, info_len);
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_new_with_info(cliquet_ecies_channel **out,
                                                   const char *info, size_t info_len)
{
    uint8_t random[CQ_ECIES_KEY_BYTES] = { 0 };
    cliquet_status st;

    /* Before init the call below fails: no random bytes are drawn. */
    if (cq_api_ready()) {
        cq_random(random, sizeof random);
    }
    st = cliquet_ecies_channel_new_with_info_and_random(out, info, info_len, random,
                                                        sizeof random);
    cq_wipe(random, sizeof random);
    return st;
}

/* cliquet.h */
void cliquet_ecies_channel_free(cliquet_ecies_channel *channel)
{
    if (channel != NULL) {
        cq_ecies_clear(&channel->e);
        free(channel);
    }
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_public_key(const cliquet_ecies_channel *channel,
                                                char key[CLIQUET_KEY_BASE64_SIZE])
{
    if (channel == NULL || key == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    cq_api_base64_text(key, channel->e.public_key, CQ_ECIES_KEY_BYTES);
    return CLIQUET_OK;
}

/*
 * Encrypts plaintext on the state e into text: base64 of ciphertext and
 * tag, then, for an initial message, "|" and our public key, then a NUL.
 * text has room for all of it (the caller checked).
 */
static cliquet_status seal_text(cq_ecies *e, char *text, int initial,
                                const uint8_t *plaintext, size_t plaintext_len)
{
    size_t c_len = plaintext_len + CQ_ECIES_TAG_BYTES;
    uint8_t *c = malloc(c_len);
    size_t pos;
    cliquet_status st;

    if (c == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    if (plaintext_len > 0) {
        memcpy(c, plaintext, plaintext_len); /* sealed in place */
    }
    st = cq_ecies_encrypt(e, c, c, plaintext_len);
    if (st == CLIQUET_OK) {
        cq_base64_encode(text, c, c_len);
        pos = cq_base64_encoded_len(c_len);
        if (initial) {
            text[pos++] = '|';
            cq_base64_encode(text + pos, e->public_key, CQ_ECIES_KEY_BYTES);
            pos += KEY_TEXT;
        }
        text[pos] = '\0';
    }
    cq_api_free(c, c_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_establish_outbound(
    cliquet_ecies_channel *channel, const char *their_key, size_t their_key_len,
    char *message, size_t message_cap, size_t *message_len,
    const uint8_t *plaintext, size_t plaintext_len)
{
    uint8_t their[CQ_ECIES_KEY_BYTES];
    cq_ecies next;
    size_t text_len;
    cliquet_status st;

    if (channel == NULL || !cq_api_input_ok(their_key, their_key_len) ||
        message_len == NULL || !cq_api_input_ok(message, message_cap) ||
        !cq_api_input_ok(plaintext, plaintext_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (channel->e.role != CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED;
    }
    st = cq_api_decode_exact(their, sizeof their, their_key, their_key_len,
                             CLIQUET_ERR_BAD_KEY_LENGTH);
    if (st != CLIQUET_OK) {
        return st;
    }
    if (plaintext_len > CQ_ECIES_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    text_len = cq_base64_encoded_len(plaintext_len + CQ_ECIES_TAG_BYTES) + 1 + KEY_TEXT;
    st = cq_api_check_text_output(message, message_cap, message_len, text_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    next = channel->e;
    st = cq_ecies_establish(&next, CQ_ECIES_INITIATOR, their);
    if (st == CLIQUET_OK) {
        st = seal_text(&next, message, 1, plaintext, plaintext_len);
    }
    if (st == CLIQUET_OK) {
        channel->e = next;
        *message_len = text_len;
    }
    cq_wipe(&next, sizeof next);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_encrypt(cliquet_ecies_channel *channel, char *message,
                                             size_t message_cap, size_t *message_len,
                                             const uint8_t *plaintext,
                                             size_t plaintext_len)
{
    cq_ecies next;
    size_t text_len;
    cliquet_status st;

    if (channel == NULL || message_len == NULL || !cq_api_input_ok(message, message_cap) ||
        !cq_api_input_ok(plaintext, plaintext_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (channel->e.role == CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_NOT_ESTABLISHED;
    }
    if (plaintext_len > CQ_ECIES_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    text_len = cq_base64_encoded_len(plaintext_len + CQ_ECIES_TAG_BYTES);
    st = cq_api_check_text_output(message, message_cap, message_len, text_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    next = channel->e;
    st = seal_text(&next, message, 0, plaintext, plaintext_len);
    if (st == CLIQUET_OK) {
        channel->e = next;
        *message_len = text_len;
    }
    cq_wipe(&next, sizeof next);
    return st;
}

/*
 * Decodes a message's base64 ciphertext (text, n) into a new buffer
 * (*c, *c_len), at least a tag long. CLIQUET_ERR_INPUT_TOO_LARGE past the
 * bound (nothing read), CLIQUET_ERR_BAD_BASE64,
 * CLIQUET_ERR_BAD_MESSAGE_FORMAT, CLIQUET_ERR_NO_MEMORY; *c is NULL then.
 */
static cliquet_status decode_ciphertext(uint8_t **c, size_t *c_len, const char *text,
                                        size_t n)
{
    size_t cap;
    uint8_t *buf;

    *c = NULL;
    if (n > cq_base64_encoded_len(MAX_CIPHERTEXT)) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    if (n % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    cap = cq_base64_decoded_len(n);
    buf = malloc(cap > 0 ? cap : 1);
    if (buf == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    if (cq_base64_decode(buf, cap, c_len, text, n) != CLIQUET_OK) {
        free(buf);
        return CLIQUET_ERR_BAD_BASE64;
    }
    if (*c_len < CQ_ECIES_TAG_BYTES) {
        free(buf);
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    *c = buf;
    return CLIQUET_OK;
}

/*
 * Decrypts c[0..c_len) (the initial message when initial is non-zero) on
 * the state next into plaintext (the caller's buffer, size rule); on
 * success commits next to channel. Frees c.
 */
static cliquet_status open_and_commit(cliquet_ecies_channel *channel, cq_ecies *next,
                                      int initial, uint8_t *c, size_t c_len,
                                      uint8_t *plaintext, size_t plaintext_cap,
                                      size_t *plaintext_len)
{
    size_t m_len = c_len - CQ_ECIES_TAG_BYTES;
    cliquet_status st;

    st = cq_api_check_output(plaintext, plaintext_cap, plaintext_len, m_len);
    if (st == CLIQUET_OK) {
        /* In place. */
        st = initial ? cq_ecies_decrypt_initial(next, c, c, c_len)
                     : cq_ecies_decrypt(next, c, c, c_len);
    }
    if (st == CLIQUET_OK) {
        if (m_len > 0) {
            memcpy(plaintext, c, m_len);
        }
        *plaintext_len = m_len;
        channel->e = *next;
    }
    cq_api_free(c, c_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_establish_inbound(
    cliquet_ecies_channel *channel, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len)
{
    uint8_t their[CQ_ECIES_KEY_BYTES];
    uint8_t *c = NULL;
    size_t sep = 0, c_len = 0;
    cq_ecies next;
    cliquet_status st;

    if (channel == NULL || !cq_api_input_ok(message, message_len) ||
        plaintext_len == NULL || !cq_api_input_ok(plaintext, plaintext_cap)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (channel->e.role != CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED;
    }
    if (message_len > cq_base64_encoded_len(MAX_CIPHERTEXT) + 1 + KEY_TEXT) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    if (cq_ecies_initial_separator(message, message_len, &sep) != 0) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    st = cq_api_decode_exact(their, sizeof their, message + sep + 1,
                             message_len - sep - 1, CLIQUET_ERR_BAD_KEY_LENGTH);
    if (st != CLIQUET_OK) {
        return st;
    }
    st = decode_ciphertext(&c, &c_len, message, sep);
    if (st != CLIQUET_OK) {
        return st;
    }
    next = channel->e;
    st = cq_ecies_establish(&next, CQ_ECIES_RECIPIENT, their);
    if (st == CLIQUET_OK) {
        st = open_and_commit(channel, &next, 1, c, c_len, plaintext, plaintext_cap,
                             plaintext_len);
    } else {
        free(c); /* ciphertext only: public */
    }
    cq_wipe(&next, sizeof next);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_decrypt(cliquet_ecies_channel *channel,
                                             const char *message, size_t message_len,
                                             uint8_t *plaintext, size_t plaintext_cap,
                                             size_t *plaintext_len)
{
    uint8_t *c = NULL;
    size_t c_len = 0;
    cq_ecies next;
    cliquet_status st;

    if (channel == NULL || !cq_api_input_ok(message, message_len) ||
        plaintext_len == NULL || !cq_api_input_ok(plaintext, plaintext_cap)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (channel->e.role == CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_NOT_ESTABLISHED;
    }
    st = decode_ciphertext(&c, &c_len, message, message_len);
    if (st != CLIQUET_OK) {
        return st;
    }
    next = channel->e;
    st = open_and_commit(channel, &next, 0, c, c_len, plaintext, plaintext_cap,
                         plaintext_len);
    cq_wipe(&next, sizeof next);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_check_code(const cliquet_ecies_channel *channel,
                                                unsigned *code)
{
    if (channel == NULL || code == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (channel->e.role == CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_NOT_ESTABLISHED;
    }
    *code = cq_ecies_check_code_digits(channel->e.check_code);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_ecies_channel_check_code_bytes(
    const cliquet_ecies_channel *channel, uint8_t bytes[CLIQUET_ECIES_CHECK_CODE_BYTES])
{
    if (channel == NULL || bytes == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (channel->e.role == CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_NOT_ESTABLISHED;
    }
    memcpy(bytes, channel->e.check_code, CLIQUET_ECIES_CHECK_CODE_BYTES);
    return CLIQUET_OK;
}
