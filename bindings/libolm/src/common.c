/*
 * bindings/libolm: errors, the library version, base64 lengths and the
 * in-place decoding libolm does to its inputs.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "shim.h"

/* The libolm release whose ABI this is. */
#define SHIM_OLM_MAJOR 3
#define SHIM_OLM_MINOR 2
#define SHIM_OLM_PATCH 16

/* libolm's names, indexed by enum OlmErrorCode (its ABI, text included). */
static const char *const error_names[] = {
    "SUCCESS",
    "NOT_ENOUGH_RANDOM",
    "OUTPUT_BUFFER_TOO_SMALL",
    "BAD_MESSAGE_VERSION",
    "BAD_MESSAGE_FORMAT",
    "BAD_MESSAGE_MAC",
    "BAD_MESSAGE_KEY_ID",
    "INVALID_BASE64",
    "BAD_ACCOUNT_KEY",
    "UNKNOWN_PICKLE_VERSION",
    "CORRUPTED_PICKLE",
    "BAD_SESSION_KEY",
    "UNKNOWN_MESSAGE_INDEX",
    "BAD_LEGACY_ACCOUNT_PICKLE",
    "BAD_SIGNATURE",
    "OLM_INPUT_BUFFER_TOO_SMALL",
    "OLM_SAS_THEIR_KEY_NOT_SET",
    "OLM_PICKLE_EXTRA_DATA",
};

/* olm/error.h */
const char *_olm_error_to_string(enum OlmErrorCode error)
{
    size_t i = (size_t)error;

    if (i < sizeof error_names / sizeof error_names[0]) {
        return error_names[i];
    }
    return "UNKNOWN_ERROR";
}

/* olm/olm.h */
size_t olm_error(void)
{
    return SHIM_ERROR;
}

/* olm/olm.h */
void olm_get_library_version(uint8_t *major, uint8_t *minor, uint8_t *patch)
{
    if (major != NULL) {
        *major = SHIM_OLM_MAJOR;
    }
    if (minor != NULL) {
        *minor = SHIM_OLM_MINOR;
    }
    if (patch != NULL) {
        *patch = SHIM_OLM_PATCH;
    }
}

/* shim.h */
void shim_init(void)
{
    /* A failure shows later: every cliquet call then answers
     * CLIQUET_ERR_NOT_INITIALISED, which shim_code maps. */
    if (cliquet_init() != CLIQUET_OK) {
        return;
    }
}

/* shim.h */
enum OlmErrorCode shim_code(cliquet_status st)
{
    switch (st) {
    case CLIQUET_OK:
        return OLM_SUCCESS;
    case CLIQUET_ERR_OUTPUT_TOO_SMALL:
    case CLIQUET_ERR_NO_MEMORY: /* libolm never allocates: no code of its own */
        return OLM_OUTPUT_BUFFER_TOO_SMALL;
    case CLIQUET_ERR_BAD_BASE64:
    case CLIQUET_ERR_BAD_KEY_LENGTH: /* libolm: a key text of the wrong length */
        return OLM_INVALID_BASE64;
    case CLIQUET_ERR_BAD_MESSAGE_VERSION:
        return OLM_BAD_MESSAGE_VERSION;
    case CLIQUET_ERR_BAD_MESSAGE_FORMAT:
    case CLIQUET_ERR_INPUT_TOO_LARGE:
    case CLIQUET_ERR_BAD_MESSAGE_TYPE:
        return OLM_BAD_MESSAGE_FORMAT;
    /* What libolm finds only when the MAC fails to verify. */
    case CLIQUET_ERR_BAD_MESSAGE_MAC:
    case CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH:
    case CLIQUET_ERR_BAD_PADDING:
    case CLIQUET_ERR_DUPLICATE_MESSAGE:
    case CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE:
        return OLM_BAD_MESSAGE_MAC;
    case CLIQUET_ERR_BAD_MESSAGE_KEY_ID:
    case CLIQUET_ERR_WRONG_SESSION:
    /* Refused keys (all-zero X25519, non-canonical): libolm has no code. */
    case CLIQUET_ERR_BAD_KEY:
    case CLIQUET_ERR_ZERO_SHARED_SECRET:
        return OLM_BAD_MESSAGE_KEY_ID;
    case CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX:
        return OLM_UNKNOWN_MESSAGE_INDEX;
    case CLIQUET_ERR_BAD_SESSION_KEY:
        return OLM_BAD_SESSION_KEY;
    case CLIQUET_ERR_BAD_SIGNATURE:
        return OLM_BAD_SIGNATURE;
    case CLIQUET_ERR_PICKLE_BAD_KEY:
    case CLIQUET_ERR_PICKLE_WRONG_TYPE:
        return OLM_BAD_ACCOUNT_KEY;
    case CLIQUET_ERR_PICKLE_UNKNOWN_VERSION:
        return OLM_UNKNOWN_PICKLE_VERSION;
    case CLIQUET_ERR_PICKLE_CORRUPTED:
    case CLIQUET_ERR_PICKLE_LOSSY:
        return OLM_CORRUPTED_PICKLE;
    case CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT:
        return OLM_BAD_LEGACY_ACCOUNT_PICKLE;
    case CLIQUET_ERR_PICKLE_EXTRA_DATA:
        return OLM_PICKLE_EXTRA_DATA;
    case CLIQUET_ERR_SAS_NO_THEIR_KEY:
        return OLM_SAS_THEIR_KEY_NOT_SET;
    case CLIQUET_ERR_INVALID_ARGUMENT:
        return OLM_INPUT_BUFFER_TOO_SMALL; /* a NULL input: libolm would crash */
    case CLIQUET_ERR_NO_FALLBACK_KEY:
    case CLIQUET_ERR_TOO_MANY_KEYS:
        return OLM_BAD_MESSAGE_KEY_ID;
    case CLIQUET_ERR_NOT_INITIALISED:
    case CLIQUET_ERR_INIT_FAILED:
    case CLIQUET_ERR_UNSUPPORTED:
        return OLM_NOT_ENOUGH_RANDOM; /* libsodium found no random source */
    /* The ECIES channel's, session merging's and the replay record's (ABI
     * 1.1): libolm has none of them, and no call of the shim can answer
     * them (the shim never turns the record on). */
    case CLIQUET_ERR_ECIES_NOT_ESTABLISHED:
    case CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED:
    case CLIQUET_ERR_MESSAGE_OUT_OF_ORDER:
    case CLIQUET_ERR_UNCONNECTED_SESSIONS:
    case CLIQUET_ERR_MESSAGE_INDEX_REUSED:
        return OLM_BAD_MESSAGE_FORMAT;
    /* Dehydrated devices' (ABI 1.2): no libolm call reaches them either. */
    case CLIQUET_ERR_ACCOUNT_NO_SEED:
        return OLM_BAD_LEGACY_ACCOUNT_PICKLE;
    case CLIQUET_ERR_BAD_NONCE_LENGTH:
        return OLM_INVALID_BASE64;
    }
    return OLM_BAD_MESSAGE_FORMAT;
}

/* shim.h */
enum OlmErrorCode shim_unpickle_code(cliquet_status st, size_t pickle_length)
{
    size_t raw = shim_base64_decoded_len(pickle_length);

    if (st == CLIQUET_ERR_PICKLE_CORRUPTED &&
        (raw == SHIM_ERROR || raw < 16 + 8 || (raw - 8) % 16 != 0)) {
        return OLM_BAD_ACCOUNT_KEY;
    }
    return shim_code(st);
}

/* shim.h */
size_t shim_fail(enum OlmErrorCode *last_error, enum OlmErrorCode code)
{
    *last_error = code;
    return SHIM_ERROR;
}

/* shim.h */
void shim_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0) {
        sodium_memzero(p, n);
    }
}

/* shim.h */
void shim_free(void *p, size_t n)
{
    if (p != NULL) {
        shim_wipe(p, n);
        free(p);
    }
}

/* shim.h */
size_t shim_base64_len(size_t n)
{
    return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

/* shim.h */
size_t shim_base64_decoded_len(size_t n)
{
    if (n % 4 == 1) {
        return SHIM_ERROR;
    }
    return n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1);
}

/* shim.h */
void shim_decode_in_place(void *buf, size_t n)
{
    size_t cap = shim_base64_decoded_len(n);
    size_t got = 0;
    unsigned char *bytes;

    if (buf == NULL || n == 0 || cap == SHIM_ERROR) {
        return;
    }
    bytes = malloc(cap + 1);
    if (bytes == NULL) {
        return;
    }
    /* libsodium's constant-time decoder: some of these inputs (pickles,
     * keys) may be secret. */
    if (sodium_base642bin(bytes, cap + 1, buf, n, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0) {
        memcpy(buf, bytes, got);
    }
    shim_free(bytes, cap + 1);
}

/* shim.h */
char *shim_copy(const void *text, size_t n)
{
    char *copy = malloc(n + 1);

    if (copy != NULL) {
        if (n > 0) {
            memcpy(copy, text, n);
        }
        copy[n] = '\0';
    }
    return copy;
}

/* shim.h */
char *shim_text_scratch(size_t cap)
{
    return cap == SIZE_MAX ? NULL : malloc(cap + 1);
}

/* shim.h */
void shim_text_deliver(void *out, char *scratch, size_t cap, size_t len, int ok)
{
    if (ok && len > 0) {
        memcpy(out, scratch, len);
    }
    shim_free(scratch, cap + 1);
}

/* shim.h */
size_t shim_text_len(size_t capacity)
{
    return capacity > 0 ? capacity - 1 : 0;
}

/* shim.h */
size_t shim_put_text(void *out, const char *text)
{
    size_t n = strlen(text);

    memcpy(out, text, n);
    return n;
}

/*
 * The 6-bit value libolm gives a character (src/base64.cpp): the standard
 * alphabet, the top bit dropped, and 0xff for anything else. Not constant
 * time: for messages only (public).
 */
static unsigned libolm_symbol(uint8_t c)
{
    c &= 0x7f;
    if (c >= 'A' && c <= 'Z') {
        return (unsigned)(c - 'A');
    }
    if (c >= 'a' && c <= 'z') {
        return (unsigned)(c - 'a') + 26;
    }
    if (c >= '0' && c <= '9') {
        return (unsigned)(c - '0') + 52;
    }
    if (c == '+') {
        return 62;
    }
    return c == '/' ? 63 : 0xff;
}

/* libolm's decoding of n characters (n % 4 != 1) into out, which holds
 * shim_base64_decoded_len(n) bytes: groups of four, the values OR-ed in
 * after a 6-bit shift, so that 0xff spills as it does in libolm. */
static void libolm_decode(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t whole = n / 4 * 4, i;
    unsigned v;

    for (i = 0; i < whole; i += 4) {
        v = libolm_symbol(in[i]);
        v = (v << 6) | libolm_symbol(in[i + 1]);
        v = (v << 6) | libolm_symbol(in[i + 2]);
        v = (v << 6) | libolm_symbol(in[i + 3]);
        *out++ = (uint8_t)(v >> 16);
        *out++ = (uint8_t)(v >> 8);
        *out++ = (uint8_t)v;
    }
    if (n - whole >= 2) {
        v = (libolm_symbol(in[whole]) << 6) | libolm_symbol(in[whole + 1]);
        if (n - whole == 3) {
            v = ((v << 6) | libolm_symbol(in[whole + 2])) >> 2;
            out[1] = (uint8_t)v;
            out[0] = (uint8_t)(v >> 8);
        } else {
            out[0] = (uint8_t)(v >> 4);
        }
    }
}

/* shim.h */
char *shim_bytes_text(const uint8_t *raw, size_t raw_len, size_t n)
{
    char *text = malloc(n + 1);
    size_t len = 0;

    if (text != NULL &&
        (cliquet_base64_encode(text, n + 1, &len, raw, raw_len) != CLIQUET_OK || len != n)) {
        shim_free(text, n + 1);
        text = NULL;
    }
    return text;
}

/* shim.h */
uint8_t *shim_message_bytes(const void *message, size_t n, size_t *raw_len)
{
    size_t len = shim_base64_decoded_len(n);
    uint8_t *raw;

    if (len == SHIM_ERROR) {
        return NULL;
    }
    raw = malloc(len + 1);
    if (raw != NULL) {
        libolm_decode(message, n, raw);
        *raw_len = len;
    }
    return raw;
}

/* shim.h */
void shim_message_put_bytes(void *message, const uint8_t *raw, size_t raw_len)
{
    if (message != NULL && raw != NULL && raw_len > 0) {
        memcpy(message, raw, raw_len);
    }
}

/*
 * Group sessions that were only constructed: libolm pickles their all-zero
 * state, and reads it back into a session as empty. cliquet makes no
 * object with zero keys, so the shim writes libolm's pickle of that state
 * for a session it has not created, and reading it back leaves the session
 * uncreated (every call then answers as for one never created).
 */
/* shim.h */
size_t shim_empty_pickle_length(cliquet_libolm_object kind)
{
    size_t need = 0;

    return cliquet_libolm_pickle_empty(kind, NULL, 0, &need, (const uint8_t *)"", 0) ==
                   CLIQUET_ERR_OUTPUT_TOO_SMALL
               ? shim_text_len(need)
               : SHIM_ERROR;
}

/* shim.h */
size_t shim_pickle_empty(enum OlmErrorCode *last_error, cliquet_libolm_object kind,
                         const void *key, size_t key_length, void *pickled,
                         size_t pickled_length)
{
    char *text = shim_text_scratch(pickled_length);
    size_t len = 0;
    cliquet_status st;

    if (text == NULL) {
        return shim_fail(last_error, shim_code(CLIQUET_ERR_NO_MEMORY));
    }
    st = cliquet_libolm_pickle_empty(kind, text, pickled_length + 1, &len, key, key_length);
    shim_text_deliver(pickled, text, pickled_length, len, st == CLIQUET_OK);
    return st == CLIQUET_OK ? len : shim_fail(last_error, shim_code(st));
}

/*
 * For a pickle cliquet refused with st: CLIQUET_OK if it is libolm's of a
 * session only constructed, PICKLE_EXTRA_DATA if that and more bytes, else
 * st.
 */
/* shim.h */
cliquet_status shim_empty_pickle_status(cliquet_status st, cliquet_libolm_object kind,
                                        const void *key, size_t key_length,
                                        const void *pickled, size_t pickled_length)
{
    int empty = 0;
    cliquet_status e = cliquet_libolm_pickle_is_empty(kind, key, key_length, pickled,
                                                      pickled_length, &empty);

    if (e == CLIQUET_OK && empty) {
        return CLIQUET_OK;
    }
    return e == CLIQUET_ERR_PICKLE_EXTRA_DATA ? e : st;
}
