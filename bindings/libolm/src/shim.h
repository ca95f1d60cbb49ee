/*
 * bindings/libolm: what the shim's files share. The shim translates
 * libolm 3.2's ABI (caller-allocated objects, caller randomness, size_t
 * results with a last error) to include/cliquet.h; it holds no key material
 * itself and does no cryptography: each object is a pointer to a cliquet
 * object plus libolm's last error.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_LIBOLM_SHIM_H
#define CLIQUET_LIBOLM_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "olm/olm.h"
#include "olm/pk.h"
#include "olm/sas.h"

/* The objects, in the caller's memory (olm_X_size() bytes each). */
struct OlmAccount {
    enum OlmErrorCode last_error;
    cliquet_account *account;
};

/*
 * cliquet makes an inbound session only from a pre-key message that
 * decrypts, so olm_create_inbound_session has already decrypted the first
 * message: its plaintext waits here for the olm_decrypt of that message.
 */
struct OlmSession {
    enum OlmErrorCode last_error;
    cliquet_session *session;
    uint8_t *first_message;   /* its bytes, as libolm decodes them (shim_message_bytes);
                                 NULL when none waits */
    size_t first_message_len;
    uint8_t *first_plaintext;
    size_t first_plaintext_len;
};

struct OlmUtility {
    enum OlmErrorCode last_error;
};

struct OlmOutboundGroupSession {
    enum OlmErrorCode last_error;
    cliquet_outbound_group_session *session;
};

struct OlmInboundGroupSession {
    enum OlmErrorCode last_error;
    cliquet_inbound_group_session *session;
};

struct OlmPkEncryption {
    enum OlmErrorCode last_error;
    cliquet_pk_encryption *encryption;
};

struct OlmPkDecryption {
    enum OlmErrorCode last_error;
    cliquet_pk_decryption *decryption;
};

struct OlmPkSigning {
    enum OlmErrorCode last_error;
    cliquet_pk_signing *signing;
};

struct OlmSAS {
    enum OlmErrorCode last_error;
    cliquet_sas *sas;
};

/*
 * cliquet's bounds (docs/limits.md), checked by the shim before it
 * allocates anything for an input: a message of more base64 characters, a
 * plaintext of more bytes, a libolm pickle key of more bytes. libolm states
 * none; it would allocate, or read, whatever it is given.
 */
#define SHIM_MAX_MESSAGE ((size_t)1 << 31)
#define SHIM_MAX_PLAINTEXT ((size_t)1 << 30)
#define SHIM_MAX_PICKLE_KEY ((size_t)1 << 20)

/* olm_error(): what every size_t function returns on failure. */
#define SHIM_ERROR ((size_t)-1)

/*
 * An object that was never created, initialised or unpickled. libolm would
 * work on all-zero keys; the shim refuses with this code.
 */
#define SHIM_NOT_CREATED OLM_NOT_ENOUGH_RANDOM

/* Starts cliquet (idempotent); every constructor calls it. */
void shim_init(void);

/* The libolm code for a cliquet status, where no call needs its own. */
enum OlmErrorCode shim_code(cliquet_status st);

/* Stores code in *last_error and returns olm_error(). */
size_t shim_fail(enum OlmErrorCode *last_error, enum OlmErrorCode code);

/* Wipes n bytes (the caller's random bytes, secrets on the heap). */
void shim_wipe(void *p, size_t n);

/* Wipes and frees a heap buffer of n bytes; NULL does nothing. */
void shim_free(void *p, size_t n);

/* libolm's base64 lengths: the text for n bytes, and the bytes of a text
 * of n characters (SHIM_ERROR when n % 4 == 1, which no text has). */
size_t shim_base64_len(size_t n);
size_t shim_base64_decoded_len(size_t n);

/*
 * libolm decodes base64 inputs in place: the buffer then starts with the
 * decoded bytes and keeps its other characters. The shim does the same
 * after its call (cliquet reads the text), for text that is valid base64;
 * other text is left as it was.
 */
void shim_decode_in_place(void *buf, size_t n);

/*
 * The libolm code for a failed unpickle. A libolm pickle is the base64 of
 * whole AES blocks and an 8-byte MAC; libolm fails the MAC of any other
 * length (a wrong key, for it), where cliquet calls the text corrupted.
 */
enum OlmErrorCode shim_unpickle_code(cliquet_status st, size_t pickle_length);

/*
 * Messages are read as libolm reads them. libolm's base64 decoder takes any
 * byte: one outside the alphabet (after dropping its top bit) counts as
 * 0xff, which spills into its neighbours' bits; trailing bits are ignored.
 * cliquet's decoder is strict, so the shim decodes a message itself, once,
 * into the bytes libolm would decode (shim_base64_decoded_len(n) of them,
 * in *raw_len; n must not be 1 mod 4, which libolm refuses; NULL when out
 * of memory), and gives cliquet those bytes (the _bytes calls of
 * cliquet_libolm.h) or their strict text (shim_bytes_text, for the calls
 * that take text only). The MAC then judges those bytes, as in libolm.
 * Messages are public: this table-driven decoder never sees a secret. The
 * caller then puts the bytes over its message (shim_message_put_bytes:
 * libolm decodes a message in place) and frees them with shim_free(raw,
 * *raw_len + 1). (Before 1.2 the shim encoded each message strictly for
 * cliquet to decode again: 45 % of a Megolm decryption in wasm,
 * docs/wasm.md.)
 */
uint8_t *shim_message_bytes(const void *message, size_t n, size_t *raw_len);
void shim_message_put_bytes(void *message, const uint8_t *raw, size_t raw_len);

/* The strict text (n characters) of such bytes; NULL when out of memory.
 * Free with shim_free(text, n + 1). */
char *shim_bytes_text(const uint8_t *raw, size_t raw_len, size_t n);

/* A heap copy of n bytes of text (the inputs that get decoded in place),
 * or NULL when out of memory. Freed with shim_free. */
char *shim_copy(const void *text, size_t n);

/*
 * cliquet ends every text output with a NUL (cliquet.h, the text rule);
 * libolm's buffers are sized without one. A variable-length text output is
 * written to a scratch buffer of cap + 1 bytes (NULL when out of memory),
 * then its len characters are copied to the caller's buffer, and the
 * scratch is wiped and freed (shim_text_deliver; len is ignored, nothing is
 * copied, when ok is 0).
 */
char *shim_text_scratch(size_t cap);
void shim_text_deliver(void *out, char *scratch, size_t cap, size_t len, int ok);

/*
 * For the few cliquet calls that cannot fail on an object that exists and
 * whose libolm twin has no way to report an error (getters that return the
 * value itself): the caller has set the output to libolm's default first.
 */
static inline void shim_ignore_status(cliquet_status st)
{
    (void)st;
}

/* Copies a C string from cliquet, without its NUL, to a libolm buffer
 * already checked to be long enough; returns its length. */
size_t shim_put_text(void *out, const char *text);

/* The length of a text whose capacity cliquet asked for (its NUL off). */
size_t shim_text_len(size_t capacity);

/*
 * Group sessions that were only constructed (common.c): libolm pickles
 * their all-zero state and reads it back as empty. The shim writes that
 * pickle for a session it has not created (shim_pickle_empty, its length
 * shim_empty_pickle_length) and, for a pickle cliquet refused with st,
 * says whether it is that pickle (shim_empty_pickle_status: CLIQUET_OK,
 * CLIQUET_ERR_PICKLE_EXTRA_DATA for that and more bytes, else st).
 */
size_t shim_empty_pickle_length(cliquet_libolm_object kind);
size_t shim_pickle_empty(enum OlmErrorCode *last_error, cliquet_libolm_object kind,
                         const void *key, size_t key_length, void *pickled,
                         size_t pickled_length);
cliquet_status shim_empty_pickle_status(cliquet_status st, cliquet_libolm_object kind,
                                        const void *key, size_t key_length,
                                        const void *pickled, size_t pickled_length);

#endif /* CLIQUET_LIBOLM_SHIM_H */
