/*
 * cliquet: Olm and Megolm end-to-end encryption for Matrix clients.
 * SPDX-License-Identifier: Apache-2.0
 *
 * ABI 1.2: 1.0 and the additions marked "since 1.1" and "since 1.2"
 * (docs/abi.md). This header is what an application calls. Two more headers hold
 * what only special callers need: cliquet_random.h (the same calls with the
 * caller's random bytes, for reproducible tests) and cliquet_libolm.h (what
 * the libolm drop-in needs to behave as libolm does). Read this block first.
 *
 * Overview
 * --------
 *   cliquet_account                  a device: identity keys, one-time keys
 *   cliquet_session                  an Olm 1:1 channel with one device
 *   cliquet_outbound_group_session   Megolm: the room messages this device sends
 *   cliquet_inbound_group_session    Megolm: one sender's room messages
 *   cliquet_pk_encryption / _decryption / _signing   key backup, cross-signing
 *   cliquet_sas                      interactive device verification
 *   cliquet_ecies_channel            MSC4108's secure channel (QR-code login)
 *
 * 1. Initialisation.  Call cliquet_init() once before anything else. It is
 *    idempotent and thread-safe; every other call made before it fails with
 *    CLIQUET_ERR_NOT_INITIALISED.
 *
 * 2. Objects.  Opaque; made by cliquet_<thing>_new...() or by unpickling,
 *    released by cliquet_<thing>_free(), which wipes every byte first.
 *    _free(NULL) does nothing. One object is used by one thread at a time;
 *    different objects may be used from different threads at once. There is
 *    no global mutable state after cliquet_init() and no hidden thread.
 *
 * 3. Status.  Every function that can fail returns a cliquet_status: 0
 *    (CLIQUET_OK) on success, a specific code otherwise, named by
 *    cliquet_strerror(). Each is CLIQUET_MUST_CHECK. No call aborts on bad
 *    input. Every function can also answer CLIQUET_ERR_NOT_INITIALISED,
 *    CLIQUET_ERR_INVALID_ARGUMENT (a NULL where none is allowed) and
 *    CLIQUET_ERR_NO_MEMORY; the comments list the other statuses.
 *
 * 4. A failed call changes nothing.  Its object is exactly as it was
 *    (decrypt, import and unpickle work on copies and commit only on
 *    success), no object is made, and output buffers hold no partial result.
 *
 * 5. The size rule.  Fixed-size outputs are arrays whose size is a constant
 *    (CLIQUET_..._SIZE) with a function twin (cliquet_..._size()) for
 *    bindings. Variable-size outputs go to (out, out_cap, &out_len):
 *    - when out_cap is too small the call fails with
 *      CLIQUET_ERR_OUTPUT_TOO_SMALL and sets *out_len to the capacity it
 *      needs, changing nothing else; so (NULL, 0, &len) asks for the size;
 *    - on success *out_len is the length written.
 *    For a decryption, a plaintext capacity equal to the message's length
 *    (its base64 characters) is always enough, so no query is needed.
 *
 * 6. The text rule.  Keys, key ids, signatures, session ids, session keys,
 *    messages and pickles are the unpadded standard base64 that Matrix
 *    events carry. Every text output is a C string: the library writes a
 *    terminating NUL, which the _SIZE constants and the capacity asked for
 *    count and *out_len does not (it is strlen of the text). Text inputs are
 *    (text, length): no NUL is needed or read.
 *
 * 7. Optional outputs.  An output documented as optional (the decrypt
 *    infos, the eviction counts) may be NULL: it is then not written.
 *    Otherwise a pointer may be NULL only with a length of 0. Inputs are
 *    const and never changed; outputs must not overlap inputs.
 *
 * 8. Bounds.  Every piece of state is bounded (docs/limits.md). Past a bound
 *    an input is refused (CLIQUET_ERR_INPUT_TOO_LARGE, _TOO_MANY_KEYS) or,
 *    where the protocol needs room for new state, the oldest is evicted and
 *    the call says how much it evicted.
 */
#ifndef CLIQUET_H
#define CLIQUET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CLIQUET_API __attribute__((visibility("default")))
#define CLIQUET_MUST_CHECK __attribute__((warn_unused_result))
#else
#define CLIQUET_API
#define CLIQUET_MUST_CHECK
#endif

/* ===========================================================================
 * Status codes
 * ======================================================================== */

/* The numbers are part of the ABI: new codes are only ever appended. */
typedef enum cliquet_status {
    CLIQUET_OK = 0,

    /* Calling errors */
    CLIQUET_ERR_NOT_INITIALISED = 1,  /* cliquet_init() has not succeeded */
    CLIQUET_ERR_INIT_FAILED = 2,      /* libsodium could not start */
    CLIQUET_ERR_INVALID_ARGUMENT = 3, /* NULL with a non-zero length, bad enum */
    CLIQUET_ERR_OUTPUT_TOO_SMALL = 4, /* *out_len holds the capacity needed */
    CLIQUET_ERR_INPUT_TOO_LARGE = 5,  /* past a documented bound */
    CLIQUET_ERR_NO_MEMORY = 6,
    CLIQUET_ERR_UNSUPPORTED = 7,      /* e.g. AES-NI forced on a CPU without it */

    /* Encodings */
    CLIQUET_ERR_BAD_BASE64 = 20,      /* padding, bad character, trailing bits */
    CLIQUET_ERR_BAD_KEY_LENGTH = 21,  /* a key of the wrong size */
    CLIQUET_ERR_BAD_KEY = 22,         /* a key that is not usable (e.g. not a point) */

    /* Primitives */
    CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH = 30, /* 0 or not a multiple of 16 */
    CLIQUET_ERR_BAD_PADDING = 31,           /* PKCS#7 padding is wrong */
    CLIQUET_ERR_ZERO_SHARED_SECRET = 32,    /* X25519 with a low-order point */
    CLIQUET_ERR_BAD_SIGNATURE = 33,         /* Ed25519 verification failed */

    /* Messages */
    CLIQUET_ERR_BAD_MESSAGE_VERSION = 40,
    CLIQUET_ERR_BAD_MESSAGE_FORMAT = 41,    /* truncated, unknown/duplicate field, trailing bytes */
    CLIQUET_ERR_BAD_MESSAGE_MAC = 42,
    CLIQUET_ERR_BAD_MESSAGE_KEY_ID = 43,    /* pre-key message for a key we do not hold */
    CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE = 44, /* counter beyond the skip window */
    CLIQUET_ERR_DUPLICATE_MESSAGE = 45,     /* message key already used or evicted */
    CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX = 46, /* Megolm index before the first known */
    CLIQUET_ERR_BAD_SESSION_KEY = 47,       /* malformed Megolm session key / export */
    CLIQUET_ERR_WRONG_SESSION = 48,         /* pre-key message of another session or sender */
    CLIQUET_ERR_BAD_MESSAGE_TYPE = 49,      /* neither pre-key (0) nor normal (1) */

    /* Accounts */
    CLIQUET_ERR_NO_FALLBACK_KEY = 60,
    CLIQUET_ERR_TOO_MANY_KEYS = 61,         /* past a documented bound */

    /* Pickles */
    CLIQUET_ERR_PICKLE_BAD_KEY = 70,        /* authentication failed: wrong key */
    CLIQUET_ERR_PICKLE_WRONG_TYPE = 71,     /* a pickle of another kind of object */
    CLIQUET_ERR_PICKLE_UNKNOWN_VERSION = 72,
    CLIQUET_ERR_PICKLE_CORRUPTED = 73,      /* authenticated but malformed, or truncated */
    CLIQUET_ERR_PICKLE_LOSSY = 74,          /* state does not fit the libolm format */
    CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT = 75, /* libolm account v1: Ed25519 key unusable */
    CLIQUET_ERR_PICKLE_EXTRA_DATA = 76,     /* libolm format: a whole object, then more bytes */

    /* SAS */
    CLIQUET_ERR_SAS_NO_THEIR_KEY = 80,

    /* ECIES secure channel (since 1.1) */
    CLIQUET_ERR_ECIES_NOT_ESTABLISHED = 90,     /* no channel yet: establish first */
    CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED = 91, /* the channel's key is used up */
    CLIQUET_ERR_MESSAGE_OUT_OF_ORDER = 92,      /* a message before this one is missing */

    /* Megolm session merging (since 1.1) */
    CLIQUET_ERR_UNCONNECTED_SESSIONS = 93,      /* not the same session: nothing to merge */
    CLIQUET_ERR_MESSAGE_INDEX_REUSED = 94       /* Megolm: another message at a recorded index */
} cliquet_status;

/*
 * The name of a status, e.g. "CLIQUET_ERR_BAD_MESSAGE_MAC": a static string,
 * never NULL ("CLIQUET_ERR_UNKNOWN" for a value that is not a status).
 */
CLIQUET_API const char *cliquet_strerror(cliquet_status status);

/* ===========================================================================
 * Library
 * ======================================================================== */

/*
 * Starts libsodium and selects the AES implementation for this CPU.
 * Idempotent and thread-safe. CLIQUET_ERR_INIT_FAILED if libsodium cannot
 * start (no source of randomness).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_init(void);

/*
 * The version of this header. The library's own, which may be newer within
 * the same major version (docs/abi.md), comes from the calls below.
 */
#define CLIQUET_VERSION_MAJOR 1
#define CLIQUET_VERSION_MINOR 2
#define CLIQUET_VERSION_PATCH 0
#define CLIQUET_VERSION_STRING "1.2.0"

/* The library version, e.g. "1.0.0": a static string, never NULL. */
CLIQUET_API const char *cliquet_version_string(void);

/* The version numbers; any pointer may be NULL. Never fails. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_version(
    unsigned *major, unsigned *minor, unsigned *patch);

/*
 * Which AES implementation runs: CLIQUET_AES_HARDWARE (AES instructions,
 * chosen at run time when the CPU has them) or CLIQUET_AES_BITSLICED
 * (portable, constant-time).
 */
typedef enum cliquet_aes_impl {
    CLIQUET_AES_BITSLICED = 0,
    CLIQUET_AES_HARDWARE = 1
} cliquet_aes_impl;

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_aes_implementation(
    cliquet_aes_impl *impl);

/* ===========================================================================
 * Sizes
 *
 * _BYTES: raw bytes. _SIZE: a text output's array, its NUL included.
 * ======================================================================== */

#define CLIQUET_CURVE25519_KEY_BYTES 32
#define CLIQUET_ED25519_KEY_BYTES 32
#define CLIQUET_ED25519_SIGNATURE_BYTES 64
#define CLIQUET_PICKLE_KEY_BYTES 32
/* Unpadded base64 of 32 bytes is 43 characters, of 64 bytes 86. */
#define CLIQUET_KEY_BASE64_SIZE 44
#define CLIQUET_SIGNATURE_BASE64_SIZE 87
/* A one-time key id: base64 of a big-endian 32-bit counter, "AAAAAQ". */
#define CLIQUET_KEY_ID_BASE64_SIZE 7

CLIQUET_API size_t cliquet_curve25519_key_bytes(void);
CLIQUET_API size_t cliquet_ed25519_key_bytes(void);
CLIQUET_API size_t cliquet_ed25519_signature_bytes(void);
CLIQUET_API size_t cliquet_pickle_key_bytes(void);
CLIQUET_API size_t cliquet_key_base64_size(void);
CLIQUET_API size_t cliquet_signature_base64_size(void);
CLIQUET_API size_t cliquet_key_id_base64_size(void);

/* ===========================================================================
 * Olm accounts (docs/olm.md)
 *
 * An account is a device's identity: a Curve25519 and an Ed25519 identity
 * key pair, one-time keys and fallback keys. Byte-compatible with libolm 3.2
 * and vodozemac. Lifecycle: new (or unpickle); publish the identity keys,
 * signed; make one-time keys, publish them, mark them published; rotate the
 * fallback key; pickle; free. Bounds: docs/limits.md.
 * ======================================================================== */

typedef struct cliquet_account cliquet_account;

/* A new account with fresh identity keys and no one-time keys. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_new(
    cliquet_account **out);

/* Wipes and frees the account; NULL does nothing. */
CLIQUET_API void cliquet_account_free(cliquet_account *account);

/* The identity keys: Matrix's "curve25519:<device>" and "ed25519:<device>". */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_identity_keys(
    const cliquet_account *account, char curve25519[CLIQUET_KEY_BASE64_SIZE],
    char ed25519[CLIQUET_KEY_BASE64_SIZE]);

/* The Ed25519 signature of msg with the identity key (to sign the canonical
 * JSON of device keys and one-time keys). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_sign(
    const cliquet_account *account,
    char signature[CLIQUET_SIGNATURE_BASE64_SIZE], const uint8_t *msg,
    size_t msg_len);

/*
 * Makes count new unpublished one-time keys. The account keeps at most 100
 * (docs/limits.md); making more evicts the oldest, published or
 * not (libolm's rule): *evicted (optional) says how many this call evicted.
 * Keep the server's stock at cliquet_account_max_one_time_keys() or below
 * and nothing is ever evicted. count above 100: CLIQUET_ERR_TOO_MANY_KEYS.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_generate_one_time_keys(
    cliquet_account *account, size_t count, size_t *evicted);

/*
 * How many one-time keys a server should hold at most: 50, half of what
 * the account keeps, so a new batch never evicts keys still on the server.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_max_one_time_keys(
    const cliquet_account *account, size_t *count);

/* The number of unpublished one-time keys. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_one_time_key_count(
    const cliquet_account *account, size_t *count);

/*
 * The i-th unpublished one-time key, in key-id order (i = 0 is the oldest),
 * with its key id: publish it as "signed_curve25519:<key_id>". i not below
 * the count: CLIQUET_ERR_INVALID_ARGUMENT.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_one_time_key(
    const cliquet_account *account, size_t i,
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE], char key[CLIQUET_KEY_BASE64_SIZE]);

/* Marks every one-time key and the current fallback key as published. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_mark_keys_as_published(
    cliquet_account *account);

/*
 * Makes a new fallback key. The current one becomes the previous one and
 * is still accepted until cliquet_account_forget_old_fallback_key(); an
 * older previous key is dropped. Fallback keys are not used up by
 * sessions made with them.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_generate_fallback_key(
    cliquet_account *account);

/*
 * The current fallback key and its id if it is unpublished (*has_key = 1),
 * else *has_key = 0 and the arrays are untouched.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_fallback_key(
    const cliquet_account *account, int *has_key,
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE], char key[CLIQUET_KEY_BASE64_SIZE]);

/* Forgets the previous fallback key, if there is one. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_forget_old_fallback_key(
    cliquet_account *account);

/* ===========================================================================
 * Olm sessions (docs/olm.md)
 *
 * A session is a 1:1 encrypted channel with one device of a peer.
 * Lifecycle: new_outbound (we start: encrypt first) or new_inbound (they
 * started: it decrypts their first message); then encrypt and decrypt in
 * any order; pickle; free. Messages are base64 text with a type (pre-key or
 * normal) carried beside them in m.olm.v1's "type" field.
 * ======================================================================== */

typedef struct cliquet_session cliquet_session;

/* Message types, as Matrix's m.olm.v1 "type" field carries them. */
#define CLIQUET_OLM_MESSAGE_PRE_KEY 0
#define CLIQUET_OLM_MESSAGE_NORMAL 1

/*
 * What authenticated a decrypted Olm message, and what the call evicted.
 * The plaintext was written by the holder of sender_key's private key over
 * the session session_id.
 */
typedef struct cliquet_olm_decrypt_info {
    char sender_key[CLIQUET_KEY_BASE64_SIZE]; /* their Curve25519 identity key */
    char session_id[CLIQUET_KEY_BASE64_SIZE];
    /*
     * Skipped message keys (kept for messages not yet arrived, at most 40)
     * and receiver chains (at most 5) that this decryption evicted to make
     * room, oldest first. Messages that needed them will now fail with
     * CLIQUET_ERR_DUPLICATE_MESSAGE or CLIQUET_ERR_WRONG_SESSION: when
     * these are non-zero, such failures mean "the sender went too far
     * ahead", not a forgery.
     */
    uint32_t evicted_message_keys;
    uint32_t evicted_chains;
} cliquet_olm_decrypt_info;

/*
 * An outbound session to a device with their Curve25519 identity key and
 * one of their one-time (or fallback) keys, as claimed from the server.
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH, CLIQUET_ERR_BAD_KEY
 * (not a canonical Curve25519 key), CLIQUET_ERR_ZERO_SHARED_SECRET (a key
 * of small order).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_outbound(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *their_one_time_key, size_t their_one_time_key_len);

/*
 * An inbound session from a pre-key message, in ONE step: it creates the
 * session, DECRYPTS the message into plaintext and removes the one-time key
 * from the account (a fallback key stays), as vodozemac does. libolm's
 * two-step flow (create, then decrypt the same message) does not apply:
 * the message is used up, and decrypting it again is
 * CLIQUET_ERR_DUPLICATE_MESSAGE. The plaintext follows the size rule (a
 * capacity of message_len is always enough). info (optional) is as
 * cliquet_session_decrypt gives it.
 *
 * their_identity_key may be NULL (with length 0) to accept any sender;
 * otherwise a message from another key is CLIQUET_ERR_WRONG_SESSION. Only
 * when the message has decrypted and the plaintext fits is the session made
 * and the key removed; on any failure neither exists nor changes. Statuses:
 * those of cliquet_session_decrypt for a pre-key message, and
 * CLIQUET_ERR_BAD_MESSAGE_KEY_ID (a one-time key we do not hold, or no
 * longer hold).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_inbound(
    cliquet_session **out, cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len, cliquet_olm_decrypt_info *info);

/* Wipes and frees the session; NULL does nothing. */
CLIQUET_API void cliquet_session_free(cliquet_session *session);

/*
 * *matches = 1 if the pre-key message was made for this session (and, with
 * their_identity_key not NULL, by that key), else 0: route retries of the
 * first message to the session they belong to before trying new_inbound.
 * A malformed message is its parse status.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_matches_inbound(
    const cliquet_session *session, const char *their_identity_key,
    size_t their_identity_key_len, const char *pre_key_message,
    size_t message_len, int *matches);

/* The session id, base64 of SHA-256 of Alice's identity and base keys and
 * Bob's one-time key. The same on both sides. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_id(
    const cliquet_session *session, char id[CLIQUET_KEY_BASE64_SIZE]);

/* The Curve25519 identity key of the device this session is with. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_their_identity_key(
    const cliquet_session *session, char key[CLIQUET_KEY_BASE64_SIZE]);

/* *yes = 1 once a message from the peer has decrypted. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_has_received_message(
    const cliquet_session *session, int *yes);

/* The type of the message the next encrypt writes: pre-key until a
 * message from the peer has decrypted, normal after. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_message_type(
    const cliquet_session *session, int *type);

/*
 * Encrypts plaintext into a base64 message of type *type (size rule: the
 * capacity is exact and depends on the session's state). Plaintexts of
 * more than 2^30 bytes: CLIQUET_ERR_INPUT_TOO_LARGE.
 * CLIQUET_ERR_ZERO_SHARED_SECRET: the peer's ratchet key is of low order.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_encrypt(
    cliquet_session *session, int *type, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len);

/*
 * Decrypts a message of the given type into plaintext (size rule; a
 * capacity of message_len is always enough). info (optional) says what
 * authenticated it: the session's peer identity key, which is always
 * cliquet_session_their_identity_key(). Statuses: CLIQUET_ERR_BAD_MESSAGE_TYPE,
 * CLIQUET_ERR_INPUT_TOO_LARGE, CLIQUET_ERR_BAD_BASE64,
 * CLIQUET_ERR_BAD_MESSAGE_VERSION, CLIQUET_ERR_BAD_MESSAGE_FORMAT,
 * CLIQUET_ERR_BAD_KEY, CLIQUET_ERR_WRONG_SESSION, CLIQUET_ERR_BAD_MESSAGE_MAC,
 * CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE, CLIQUET_ERR_DUPLICATE_MESSAGE,
 * CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH, CLIQUET_ERR_BAD_PADDING,
 * CLIQUET_ERR_ZERO_SHARED_SECRET, CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_decrypt(
    cliquet_session *session, int type, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_olm_decrypt_info *info);

/* ===========================================================================
 * Megolm group sessions (docs/megolm.md)
 *
 * A sender encrypts room messages with an outbound group session and shares
 * its session key (over Olm, in an m.room_key event) with every device in
 * the room; each recipient turns it into an inbound group session and
 * decrypts with it, in any order, from the key's index onwards. The session
 * id is the base64 Ed25519 public key that signs every message. Message
 * indices are 32-bit and compare with wrap-around, as libolm does. Nothing
 * is ever evicted: the ratchet derives any later key.
 * ======================================================================== */

typedef struct cliquet_outbound_group_session cliquet_outbound_group_session;
typedef struct cliquet_inbound_group_session cliquet_inbound_group_session;

/* A session key (signed, 229 bytes) and an export (unsigned, 165 bytes) in
 * base64, with the NUL. */
#define CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE 307
#define CLIQUET_MEGOLM_EXPORT_BASE64_SIZE 221

CLIQUET_API size_t cliquet_megolm_session_key_base64_size(void);
CLIQUET_API size_t cliquet_megolm_export_base64_size(void);

/* A new outbound session with fresh random keys, at message index 0. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_new(
    cliquet_outbound_group_session **out);

/* Wipes and frees the session; NULL does nothing. */
CLIQUET_API void cliquet_outbound_group_session_free(
    cliquet_outbound_group_session *session);

/* The session id: the base64 Ed25519 public key. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_id(
    const cliquet_outbound_group_session *session,
    char id[CLIQUET_KEY_BASE64_SIZE]);

/* The index the next message will carry. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_message_index(
    const cliquet_outbound_group_session *session, uint32_t *index);

/*
 * The session key to share with recipients: the ratchet at the current
 * index and the public key, signed. Recipients can decrypt every message
 * from the current index onwards.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_key(
    const cliquet_outbound_group_session *session,
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE]);

/*
 * Encrypts plaintext into a base64 group message and advances the ratchet
 * (size rule: the capacity is exact). Plaintexts of more than 2^30 bytes:
 * CLIQUET_ERR_INPUT_TOO_LARGE.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_encrypt(
    cliquet_outbound_group_session *session, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len);

/* What authenticated a decrypted group message. */
typedef struct cliquet_megolm_decrypt_info {
    uint32_t message_index;
    int verified;   /* libolm's flag: 1 if the session came from a signed
                       session key, or once any message has decrypted after
                       an unsigned import (so always 1 after a decrypt) */
    int imported;   /* 1 if the session came from an unsigned export (a
                       forwarded key, a backup): the plaintext is only as
                       authentic as whoever gave you the export. 0 if it came
                       from a session key sent by the sender. Never changes. */
    char session_id[CLIQUET_KEY_BASE64_SIZE];
} cliquet_megolm_decrypt_info;

/*
 * An inbound session from a session key (base64, as shared by the sender).
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_SESSION_KEY (malformed),
 * CLIQUET_ERR_BAD_SIGNATURE. The session is not imported.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_new(
    cliquet_inbound_group_session **out, const char *session_key,
    size_t session_key_len);

/*
 * An inbound session from an export (base64, unsigned, e.g. from key backup
 * or a forwarded key): imported, and unverified until a message decrypts.
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_SESSION_KEY.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_import(
    cliquet_inbound_group_session **out, const char *exported,
    size_t exported_len);

/* Wipes and frees the session; NULL does nothing. */
CLIQUET_API void cliquet_inbound_group_session_free(
    cliquet_inbound_group_session *session);

/* The session id: the base64 Ed25519 public key of the sender's session. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_id(
    const cliquet_inbound_group_session *session,
    char id[CLIQUET_KEY_BASE64_SIZE]);

/* The earliest message index this session can decrypt. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_first_known_index(
    const cliquet_inbound_group_session *session, uint32_t *index);

/* 1 if the session is verified (see cliquet_megolm_decrypt_info), else 0. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_is_verified(
    const cliquet_inbound_group_session *session, int *verified);

/* 1 if the session came from an unsigned export (see
 * cliquet_megolm_decrypt_info.imported), else 0. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_is_imported(
    const cliquet_inbound_group_session *session, int *imported);

/*
 * Exports the session from index on (index at or after the first known
 * index, else CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX). Does not change it.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_export(
    const cliquet_inbound_group_session *session, uint32_t index,
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE]);

/*
 * Decrypts a base64 group message into plaintext (size rule: the capacity
 * asked for is the ciphertext's length; message_len is always enough).
 * Checks, in order: the length bound (CLIQUET_ERR_INPUT_TOO_LARGE), base64,
 * the message format and version, the ciphertext length, the Ed25519
 * signature (CLIQUET_ERR_BAD_SIGNATURE), the plaintext capacity, the index
 * (CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX before the first known one), the MAC
 * and the padding. A message may be decrypted again: replays are the
 * caller's to detect, by session id and message index. info is optional.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_decrypt(
    cliquet_inbound_group_session *session, const char *message,
    size_t message_len, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, cliquet_megolm_decrypt_info *info);

/*
 * Comparing, merging and advancing inbound sessions (since 1.1), as
 * vodozemac's InboundGroupSession::compare / connected / merge /
 * advance_to / export_at_first_known_index: for a client that gets the
 * same session from a key share, a backup and a forwarded key, and must
 * keep the best copy. Two sessions are connected when they have the same
 * session id and the earlier one's ratchet, advanced to the later one's
 * first known index, is the later one's (compared in constant time): they
 * are copies of one sender's session. Indices compare with wrap-around, as
 * decryption does (vodozemac compares them as plain integers, so a pair
 * straddling 2^32 is unconnected there; docs/megolm.md).
 */
typedef enum cliquet_session_ordering {
    CLIQUET_SESSION_EQUAL = 0,      /* connected, same first known index */
    CLIQUET_SESSION_BETTER = 1,     /* connected, a starts earlier than b */
    CLIQUET_SESSION_WORSE = 2,      /* connected, a starts later than b */
    CLIQUET_SESSION_UNCONNECTED = 3 /* not the same session (or forged) */
} cliquet_session_ordering;

/* How a relates to b (vodozemac's SessionOrdering). Changes neither. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_compare(
    const cliquet_inbound_group_session *a, const cliquet_inbound_group_session *b,
    cliquet_session_ordering *ordering);

/*
 * A new session, the merge of two connected ones: the one with the earlier
 * first known index (a when equal), verified if either is, imported only if
 * both are (an earlier ratchet that reaches a signed session's is as
 * authentic as it). CLIQUET_ERR_UNCONNECTED_SESSIONS when they are not
 * connected; no session is made then.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_merge(
    cliquet_inbound_group_session **out, const cliquet_inbound_group_session *a,
    const cliquet_inbound_group_session *b);

/*
 * Forgets every message index before index, for good: when index is after
 * the first known index, the session starts at index and *advanced is 1;
 * otherwise nothing changes and *advanced is 0.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_advance_to(
    cliquet_inbound_group_session *session, uint32_t index, int *advanced);

/* The export at the first known index (cannot be refused for the index). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_export_at_first_known_index(
    const cliquet_inbound_group_session *session,
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE]);

/*
 * Replay detection (since 1.1; neither libolm nor vodozemac has it). A
 * server can send an old Megolm message again under a new event; with the
 * record on, a session remembers the indices it decrypted, each with a
 * digest of its message, and says what a decrypted message is:
 */
typedef enum cliquet_megolm_replay {
    CLIQUET_REPLAY_OFF = 0,          /* the session keeps no record */
    CLIQUET_REPLAY_FIRST_TIME = 1,   /* first seen: recorded now */
    CLIQUET_REPLAY_SAME_MESSAGE = 2, /* this very message again: a harmless
                                        duplicate, as long as the app shows
                                        it as the event it first came with */
    CLIQUET_REPLAY_UNTRACKED = 3     /* older than every index a full record
                                        holds: cannot tell (not recorded) */
} cliquet_megolm_replay;

/*
 * Another message at a recorded index is CLIQUET_ERR_MESSAGE_INDEX_REUSED:
 * the sender's key signed two messages at one index (an attack or a broken
 * sender); its plaintext is withheld and the session is unchanged. The
 * record holds at most CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES indices (a
 * session's default rotation, 100 messages, fits); when full, the lowest
 * index is dropped for a new one (counted: see below). It is kept in the
 * native pickle; a libolm pickle cannot hold it (CLIQUET_ERR_PICKLE_LOSSY;
 * _lossy drops it). Merging folds both records; advance_to drops the
 * entries it makes unreachable.
 */
#define CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES 128

CLIQUET_API size_t cliquet_megolm_replay_max_entries(void);

/* Turns the record on (1; kept if on already) or off (0; its entries are
 * wiped). CLIQUET_ERR_INVALID_ARGUMENT for another value. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_set_replay_detection(
    cliquet_inbound_group_session *session, int on);

/* Whether the record is on, how many indices it holds and how many it has
 * dropped since it was turned on; entries and evicted are optional. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_replay_detection(
    const cliquet_inbound_group_session *session, int *on, size_t *entries,
    uint32_t *evicted);

/*
 * cliquet_inbound_group_session_decrypt, and what the record says of the
 * message in *replay (CLIQUET_REPLAY_OFF with the record off). With the
 * record on, cliquet_inbound_group_session_decrypt records and refuses
 * the same way; this call also says which case it was.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_decrypt_checked(
    cliquet_inbound_group_session *session, const char *message,
    size_t message_len, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, cliquet_megolm_decrypt_info *info,
    cliquet_megolm_replay *replay);

/* ===========================================================================
 * Session configs: Olm and Megolm v2 (since 1.2; docs/session-config.md)
 *
 * vodozemac's olm::SessionConfig and megolm::SessionConfig. Version 1 is
 * the format every libolm and vodozemac client speaks (message version 3,
 * MAC truncated to 8 bytes) and the default of every constructor above.
 * Version 2 keeps the whole 32-byte HMAC-SHA-256 (message version 4; the
 * pre-key message around an Olm message keeps version 3). It follows
 * vodozemac 0.10.0's SessionConfig::version_2(), which vodozemac builds
 * only with its experimental-session-config feature: EXPERIMENTAL, not
 * read by libolm nor by a vodozemac built without that feature. Use it
 * only with peers known to speak it.
 *
 * A session's config is chosen when it is made and never changes; both
 * ends must choose the same (a session key or export does not carry it,
 * as in vodozemac). A session refuses a message of the other config with
 * CLIQUET_ERR_BAD_MESSAGE_VERSION and is left unchanged. The native pickle
 * keeps the config; libolm's pickle format cannot hold a version 2 session
 * and refuses it with CLIQUET_ERR_PICKLE_LOSSY (also in the _lossy calls).
 * Comparing or merging two inbound group sessions of different configs
 * gives CLIQUET_SESSION_UNCONNECTED / CLIQUET_ERR_UNCONNECTED_SESSIONS,
 * as vodozemac's connected() does.
 * ======================================================================== */

typedef enum cliquet_session_config {
    CLIQUET_SESSION_CONFIG_V1 = 1, /* SessionConfig::version_1() */
    CLIQUET_SESSION_CONFIG_V2 = 2  /* SessionConfig::version_2(), experimental */
} cliquet_session_config;

/*
 * cliquet_session_new_outbound with a config (vodozemac:
 * Account::create_outbound_session(config, ...)). Another config value:
 * CLIQUET_ERR_INVALID_ARGUMENT.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_outbound_with_config(
    cliquet_session **out, const cliquet_account *account,
    cliquet_session_config config, const char *their_identity_key,
    size_t their_identity_key_len, const char *their_one_time_key,
    size_t their_one_time_key_len);

/*
 * cliquet_session_new_inbound for the config the caller expects (vodozemac:
 * Account::create_inbound_session(config, ...)): a pre-key message whose
 * embedded message is of the other config is CLIQUET_ERR_BAD_MESSAGE_VERSION
 * (vodozemac: MismatchedSessionConfig); neither session nor account changes.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_inbound_with_config(
    cliquet_session **out, cliquet_account *account, cliquet_session_config config,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len, cliquet_olm_decrypt_info *info);

/* GroupSession::new(config). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_new_with_config(
    cliquet_outbound_group_session **out, cliquet_session_config config);

/* InboundGroupSession::new(session_key, config): as
 * cliquet_inbound_group_session_new. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_new_with_config(
    cliquet_inbound_group_session **out, cliquet_session_config config,
    const char *session_key, size_t session_key_len);

/* InboundGroupSession::import(exported, config): as
 * cliquet_inbound_group_session_import. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_import_with_config(
    cliquet_inbound_group_session **out, cliquet_session_config config,
    const char *exported, size_t exported_len);

/* A session's config (vodozemac: session_config()). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_get_config(
    const cliquet_session *session, cliquet_session_config *config);
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_get_config(
    const cliquet_outbound_group_session *session, cliquet_session_config *config);
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_get_config(
    const cliquet_inbound_group_session *session, cliquet_session_config *config);

/* ===========================================================================
 * Key backup (legacy PK encryption), signing keys and SAS
 * (docs/pk.md, docs/sas.md)
 * ======================================================================== */

/*
 * Legacy key backup: m.megolm_backup.v1.curve25519-aes-sha2, byte for byte
 * as libolm's PkEncryption / PkDecryption and vodozemac compute it.
 *
 * WARNING: this scheme is UNAUTHENTICATED. Its 8-byte "MAC" is an HMAC of
 * the EMPTY message (libolm's bug, which every existing backup carries): it
 * depends on the shared secret only and does not cover the ciphertext.
 * Anyone who knows the backup's public key (which is public) can make
 * backups that decrypt. A successful decryption proves nothing about who
 * wrote the data; callers must check what they restore (e.g. Megolm session
 * keys against their session ids) and never trust it because it decrypted.
 * The functions carry "legacy" in their names to say so.
 */
#define CLIQUET_PK_PRIVATE_KEY_BYTES 32
#define CLIQUET_PK_LEGACY_MAC_BASE64_SIZE 12 /* 8 bytes */
#define CLIQUET_PK_SIGNING_SEED_BYTES 32

CLIQUET_API size_t cliquet_pk_private_key_bytes(void);
CLIQUET_API size_t cliquet_pk_legacy_mac_base64_size(void);
CLIQUET_API size_t cliquet_pk_signing_seed_bytes(void);

typedef struct cliquet_pk_encryption cliquet_pk_encryption;
typedef struct cliquet_pk_decryption cliquet_pk_decryption;
typedef struct cliquet_pk_signing cliquet_pk_signing;

/*
 * An encryptor to the backup public key recipient_key (43 base64
 * characters). CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH (not 32
 * bytes), CLIQUET_ERR_NO_MEMORY.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_encryption_new(
    cliquet_pk_encryption **out, const char *recipient_key,
    size_t recipient_key_len);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_pk_encryption_free(cliquet_pk_encryption *e);

/*
 * Encrypts plaintext with a fresh ephemeral key (legacy, unauthenticated:
 * see the warning above). Writes the base64 ciphertext (size rule: the
 * capacity is exact; plaintexts over 2^30 bytes are
 * CLIQUET_ERR_INPUT_TOO_LARGE), the 11-character legacy MAC and the 43-character ephemeral public key:
 * the "ciphertext", "mac" and "ephemeral" fields of a backup's
 * session_data. CLIQUET_ERR_ZERO_SHARED_SECRET if the recipient key is a
 * low-order point.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_encrypt_legacy_backup(
    const cliquet_pk_encryption *e, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE],
    char ephemeral_key[CLIQUET_KEY_BASE64_SIZE], const uint8_t *plaintext,
    size_t plaintext_len);

/* A backup decryption key with a fresh random private key. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_new(
    cliquet_pk_decryption **out);

/*
 * A backup decryption key from its 32-byte private key (the bytes a
 * recovery key encodes).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_new_from_private_key(
    cliquet_pk_decryption **out,
    const uint8_t private_key[CLIQUET_PK_PRIVATE_KEY_BYTES]);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_pk_decryption_free(cliquet_pk_decryption *d);

/* The public key, 43 base64 characters (the backup's auth_data public_key). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_public_key(
    const cliquet_pk_decryption *d, char key[CLIQUET_KEY_BASE64_SIZE]);

/* The 32-byte private key, a secret: wipe it when done. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_private_key(
    const cliquet_pk_decryption *d,
    uint8_t private_key[CLIQUET_PK_PRIVATE_KEY_BYTES]);

/*
 * Decrypts a legacy backup (legacy, unauthenticated: a success does NOT
 * mean the backup's owner wrote it; see the warning above). Inputs are the
 * session_data's base64 "ephemeral", "mac" and "ciphertext". Statuses:
 * CLIQUET_ERR_INPUT_TOO_LARGE (a ciphertext of more than 2^31 characters),
 * CLIQUET_ERR_BAD_BASE64 (any of the three), CLIQUET_ERR_BAD_KEY_LENGTH
 * (ephemeral key not 32 bytes), CLIQUET_ERR_BAD_MESSAGE_MAC (MAC not 8
 * bytes, or wrong), CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH (0 or not a multiple
 * of 16 bytes; refused before any block is decrypted),
 * CLIQUET_ERR_ZERO_SHARED_SECRET, CLIQUET_ERR_BAD_PADDING,
 * CLIQUET_ERR_OUTPUT_TOO_SMALL (size rule: the capacity asked for is the
 * decoded ciphertext's length; ciphertext_len is always enough).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decrypt_legacy_backup(
    const cliquet_pk_decryption *d, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, const char *ephemeral_key, size_t ephemeral_key_len,
    const char *mac, size_t mac_len, const char *ciphertext,
    size_t ciphertext_len);

/*
 * Signing keys (Matrix cross-signing): Ed25519 from a 32-byte seed, as
 * libolm's PkSigning. _new draws a random seed; cliquet_pk_signing_seed
 * gives it back so it can be stored.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_signing_new(cliquet_pk_signing **out);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_signing_new_from_seed(
    cliquet_pk_signing **out,
    const uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES]);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_pk_signing_free(cliquet_pk_signing *s);

/* The 32-byte seed, a secret: wipe it when done. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_signing_seed(
    const cliquet_pk_signing *s, uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES]);

/* The Ed25519 public key, 43 base64 characters. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_signing_public_key(
    const cliquet_pk_signing *s, char key[CLIQUET_KEY_BASE64_SIZE]);

/* The Ed25519 signature of message, 86 base64 characters. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_sign(
    const cliquet_pk_signing *s, char signature[CLIQUET_SIGNATURE_BASE64_SIZE],
    const uint8_t *message, size_t message_len);



/*
 * Short authentication strings (m.sas.v1 interactive verification), as
 * libolm's OlmSAS: an ephemeral X25519 key per verification; once the other
 * side's key is set, SAS bytes and MACs derive from the shared secret with
 * HKDF-SHA-256 and the caller's info string. Calls that need the shared
 * secret fail with CLIQUET_ERR_SAS_NO_THEIR_KEY until it is set.
 */
#define CLIQUET_SAS_MAC_BASE64_SIZE 44
#define CLIQUET_SAS_MAX_BYTES 8160 /* 255 * 32: HKDF-SHA-256's limit */

CLIQUET_API size_t cliquet_sas_mac_base64_size(void);
CLIQUET_API size_t cliquet_sas_max_bytes(void);

typedef struct cliquet_sas cliquet_sas;

/* A SAS with a fresh random ephemeral key. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_new(cliquet_sas **out);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_sas_free(cliquet_sas *s);

/* Our ephemeral public key, 43 base64 characters (m.key.verification.key). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_public_key(
    const cliquet_sas *s, char key[CLIQUET_KEY_BASE64_SIZE]);

/*
 * Sets the other side's ephemeral public key (43 base64 characters).
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH,
 * CLIQUET_ERR_ZERO_SHARED_SECRET (a low-order key; s is unchanged). Setting
 * a key again replaces the shared secret, as libolm does.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_set_their_key(
    cliquet_sas *s, const char *their_key, size_t their_key_len);

/* *is_set = 1 once their key is set, else 0. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_is_their_key_set(const cliquet_sas *s,
                                                        int *is_set);

/*
 * n bytes of HKDF-SHA-256(shared secret, info): the SAS bytes for emoji or
 * decimal display (Matrix: 6 bytes, info "MATRIX_KEY_VERIFICATION_SAS|...").
 * CLIQUET_ERR_INPUT_TOO_LARGE for n > CLIQUET_SAS_MAX_BYTES.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_generate_bytes(
    const cliquet_sas *s, uint8_t *out, size_t n, const uint8_t *info,
    size_t info_len);

/*
 * The MAC of message for m.key.verification.mac, method
 * "hkdf-hmac-sha256.v2": HMAC-SHA-256 keyed with 32 bytes of
 * HKDF(shared secret, info), in standard unpadded base64. Use this one.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_calculate_mac(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len);

/*
 * LEGACY, method "hkdf-hmac-sha256": the same HMAC, written with libolm's
 * broken base64 (libolm encodes the MAC in place over itself, so the text is
 * not the base64 of the MAC and cannot be decoded back to it). Only for
 * peers that offer nothing newer.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_calculate_mac_legacy_base64(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len);

/*
 * LEGACY, an old Riot's MAC (libolm's olm_sas_calculate_mac_long_kdf): the
 * HMAC key is 256 bytes of HKDF output, and the text uses libolm's broken
 * base64 as above.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_calculate_mac_long_kdf(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_SIZE],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len);


/* ===========================================================================
 * Utilities
 * ======================================================================== */

#define CLIQUET_SHA256_BASE64_SIZE 44

CLIQUET_API size_t cliquet_sha256_base64_size(void);

/* The SHA-256 of message in unpadded base64 (libolm's olm_sha256). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sha256_base64(
    char digest[CLIQUET_SHA256_BASE64_SIZE], const uint8_t *message,
    size_t message_len);

/*
 * Verifies an Ed25519 signature (86 base64 characters) of message by key
 * (43 base64 characters), strictly (libsodium's checks: canonical S, no
 * small-order keys or R). CLIQUET_OK only for a valid signature;
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH (key not 32 bytes),
 * CLIQUET_ERR_BAD_SIGNATURE (signature not 64 bytes, or not valid).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ed25519_verify(
    const char *key, size_t key_len, const uint8_t *message,
    size_t message_len, const char *signature, size_t signature_len);

/*
 * Wipes n bytes at p (NULL only with n 0) in a way the compiler keeps:
 * for the caller's own copies of secrets (a PK private key, a signing
 * seed, a pickle key, a decrypted plaintext), and for language bindings,
 * which then need no wiping code of their own. Never fails.
 */
CLIQUET_API void cliquet_wipe(void *p, size_t n);

/*
 * The strict base64 codec every call here uses: standard alphabet, no
 * padding, no whitespace, zero trailing bits, constant time in the data (it
 * is used on secrets). Size rule: encoding n bytes needs
 * ceil(4n/3) + 1 characters of capacity (the NUL), decoding n characters at
 * most floor(3n/4) bytes. CLIQUET_ERR_BAD_BASE64 for text that is not
 * strict base64 (a padded or URL-safe text, a stray character, n % 4 == 1);
 * CLIQUET_ERR_INPUT_TOO_LARGE past SIZE_MAX / 2. Decoding judges the
 * length first (n % 4 == 1), then the capacity, then every character: a
 * size query on malformed text of a valid length answers the size.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_base64_encode(
    char *out, size_t out_cap, size_t *out_len, const uint8_t *in,
    size_t in_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_base64_decode(
    uint8_t *out, size_t out_cap, size_t *out_len, const char *in,
    size_t in_len);

/* ===========================================================================
 * ECIES secure channel (MSC4108 QR-code login; docs/ecies.md). Since 1.1.
 *
 * vodozemac's `ecies` module, byte for byte: vodozemac::ecies::Ecies is a
 * fresh cliquet_ecies_channel, EstablishedEcies one that is established.
 * Each side has a fresh X25519 key. The recipient (vodozemac's device G)
 * shows its public key in a QR code; the initiator (device S) scans it and
 * establishes outbound, sending its own public key in the initial message;
 * the recipient establishes inbound from that message. Both then show the
 * check code: only when the codes match is the channel known to be free of
 * a man in the middle. Messages are ChaCha20-Poly1305 under a key per
 * direction and a counter nonce: each side must decrypt the other's
 * messages once each, in the order they were sent.
 *
 * A message that fails leaves the channel as it was (vodozemac's channel
 * counts a nonce even then): CLIQUET_ERR_DUPLICATE_MESSAGE for a message
 * already decrypted (a replay), CLIQUET_ERR_MESSAGE_OUT_OF_ORDER for one
 * that overtook an earlier message (decrypt the earlier one first),
 * CLIQUET_ERR_BAD_MESSAGE_MAC for a forgery, a tampered message or another
 * channel's. Replays and overtaking are recognised up to 16 messages away;
 * further away they are CLIQUET_ERR_BAD_MESSAGE_MAC.
 * ======================================================================== */

/* The raw check code; the largest plaintext a channel takes (a bigger one is
 * CLIQUET_ERR_INPUT_TOO_LARGE: vodozemac has no bound). */
#define CLIQUET_ECIES_CHECK_CODE_BYTES 2
#define CLIQUET_ECIES_MAX_PLAINTEXT_BYTES 1048576

CLIQUET_API size_t cliquet_ecies_check_code_bytes(void);
CLIQUET_API size_t cliquet_ecies_max_plaintext_bytes(void);

typedef struct cliquet_ecies_channel cliquet_ecies_channel;

/* A fresh channel: a new random X25519 key, not yet established. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_new(
    cliquet_ecies_channel **out);

/* Wipes the keys and frees; NULL does nothing. */
CLIQUET_API void cliquet_ecies_channel_free(cliquet_ecies_channel *channel);

/* Our public key (base64), fresh or established: the one a QR code carries. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_public_key(
    const cliquet_ecies_channel *channel, char key[CLIQUET_KEY_BASE64_SIZE]);

/*
 * Establishes a fresh channel toward their_key (base64, the QR code's) as
 * the initiator, and encrypts the first plaintext into the initial message
 * ("<ciphertext>|<our public key>", size rule; vodozemac's
 * establish_outbound_channel and InitialMessage::encode). Statuses:
 * CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED, CLIQUET_ERR_BAD_BASE64,
 * CLIQUET_ERR_BAD_KEY_LENGTH, CLIQUET_ERR_ZERO_SHARED_SECRET (a low-order
 * key), CLIQUET_ERR_INPUT_TOO_LARGE, CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_establish_outbound(
    cliquet_ecies_channel *channel, const char *their_key, size_t their_key_len,
    char *message, size_t message_cap, size_t *message_len,
    const uint8_t *plaintext, size_t plaintext_len);

/*
 * Establishes a fresh channel as the recipient from the initial message and
 * decrypts its plaintext (size rule; a capacity of message_len is always
 * enough; vodozemac's establish_inbound_channel). On any failure the
 * channel stays fresh, its key unused. Statuses:
 * CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED, CLIQUET_ERR_BAD_MESSAGE_FORMAT (no
 * '|', or too short), CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH,
 * CLIQUET_ERR_ZERO_SHARED_SECRET, CLIQUET_ERR_BAD_MESSAGE_MAC (tampered,
 * or not for our key), CLIQUET_ERR_INPUT_TOO_LARGE,
 * CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_establish_inbound(
    cliquet_ecies_channel *channel, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len);

/*
 * The check code both sides show, 0 to 99 (MSC4108; vodozemac's
 * CheckCode::to_digit(DigitMode::AllowLeadingZero)); show it with two
 * digits. CLIQUET_ERR_ECIES_NOT_ESTABLISHED on a fresh channel.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_check_code(
    const cliquet_ecies_channel *channel, unsigned *code);

/* The check code's two bytes (vodozemac's CheckCode::as_bytes), for other
 * renderings such as MSC4388's. CLIQUET_ERR_ECIES_NOT_ESTABLISHED. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_check_code_bytes(
    const cliquet_ecies_channel *channel,
    uint8_t bytes[CLIQUET_ECIES_CHECK_CODE_BYTES]);

/*
 * Encrypts the next message of an established channel (base64, size rule:
 * the capacity depends on plaintext_len only). Statuses:
 * CLIQUET_ERR_ECIES_NOT_ESTABLISHED, CLIQUET_ERR_INPUT_TOO_LARGE,
 * CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_encrypt(
    cliquet_ecies_channel *channel, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len);

/*
 * Decrypts the other side's next message (size rule; a capacity of
 * message_len is always enough). Statuses: CLIQUET_ERR_ECIES_NOT_ESTABLISHED,
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_MESSAGE_FORMAT (shorter than a
 * tag), CLIQUET_ERR_BAD_MESSAGE_MAC, CLIQUET_ERR_DUPLICATE_MESSAGE,
 * CLIQUET_ERR_MESSAGE_OUT_OF_ORDER, CLIQUET_ERR_INPUT_TOO_LARGE,
 * CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_decrypt(
    cliquet_ecies_channel *channel, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len);

/* ===========================================================================
 * Pickles (docs/pickle-format.md; moving a libolm store:
 * docs/migrating-from-libolm.md)
 *
 * Every object that holds state is saved as text between runs and restored
 * later, in one of two formats. Both take the key as (key, key_len):
 *
 *   native  _pickle / _unpickle: everything cliquet holds, encrypted and
 *           authenticated with XChaCha20-Poly1305 under a key of exactly
 *           CLIQUET_PICKLE_KEY_BYTES (else CLIQUET_ERR_BAD_KEY_LENGTH) that
 *           the app keeps (e.g. in the system's key store), with a random
 *           nonce: two pickles of one state differ.
 *   libolm  _pickle_libolm / _unpickle_libolm: libolm 3.2's format under a
 *           key of any length (NULL only with length 0), byte for byte as
 *           libolm writes it, so a store moves from libolm and back. Reading
 *           takes every version libolm 3.2 reads. Writing never drops state
 *           silently: what libolm's format cannot hold is
 *           CLIQUET_ERR_PICKLE_LOSSY.
 *
 * What each import needs besides the pickle and its key: nothing, except a
 * libolm Olm session, for which the app gives the Curve25519 identity key
 * of the device the session is with (the sender key it filed the session
 * under): libolm's session pickle does not hold it for sessions this device
 * started.
 *
 * Pickling follows the size rule (the capacity is exact). Unpickling makes a
 * new object in *out, or nothing at all. Its statuses:
 *   CLIQUET_ERR_BAD_KEY_LENGTH         a native key that is not 32 bytes
 *   CLIQUET_ERR_INPUT_TOO_LARGE        a text of more than 2 MiB
 *   CLIQUET_ERR_BAD_BASE64             the text is not strict base64
 *   CLIQUET_ERR_PICKLE_BAD_KEY         a wrong key (in libolm's format also
 *                                      changed ciphertext: it cannot tell)
 *   CLIQUET_ERR_PICKLE_WRONG_TYPE      a native pickle of another object
 *   CLIQUET_ERR_PICKLE_UNKNOWN_VERSION a version this library does not read
 *   CLIQUET_ERR_PICKLE_CORRUPTED       changed, truncated or malformed
 *   CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT  a libolm account of version 1
 *   CLIQUET_ERR_PICKLE_EXTRA_DATA      a libolm pickle that opened and holds a
 *                                      whole valid object, then more bytes
 * ======================================================================== */

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_pickle(
    const cliquet_account *account, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_unpickle(
    cliquet_account **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/*
 * libolm's account pickle, version 4. Reads versions 2, 3 and 4; the next
 * one-time key id goes on from the last one libolm issued. libolm keeps the
 * Ed25519 key in expanded form only; signatures are the same.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_pickle_libolm(
    const cliquet_account *account, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_unpickle_libolm(
    cliquet_account **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_pickle(
    const cliquet_session *session, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_unpickle(
    cliquet_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/*
 * libolm's session pickle, version 1 (0x80000001 is read too). Unpickling
 * needs their_identity_key (base64, required): the peer's Curve25519
 * identity key, the sender key the app filed the session under. It is what
 * cliquet_session_decrypt then reports as the key that authenticated a
 * message.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_pickle_libolm(
    const cliquet_session *session, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_unpickle_libolm(
    cliquet_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len, const char *their_identity_key,
    size_t their_identity_key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_pickle(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_unpickle(
    cliquet_outbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/* libolm's outbound group session pickle, version 1. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_pickle_libolm(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_unpickle_libolm(
    cliquet_outbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_pickle(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_unpickle(
    cliquet_inbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/*
 * libolm's inbound group session pickle, version 2 (version 1 is read too,
 * as verified). libolm keeps "verified" but not "imported": a session
 * imported from an export that has since decrypted a message is verified,
 * and libolm would read it back as one from a signed session key. Such a
 * session is CLIQUET_ERR_PICKLE_LOSSY; _lossy writes it anyway, dropping
 * the imported flag (so cliquet_megolm_decrypt_info.imported reads 0 after
 * a round trip through libolm's format). An imported session not yet
 * verified keeps its flag (libolm's verified = 0 reads back as imported).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_pickle_libolm(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_pickle_libolm_lossy(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_unpickle_libolm(
    cliquet_inbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_pickle(
    const cliquet_pk_decryption *d, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_unpickle(
    cliquet_pk_decryption **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/* libolm's PK decryption pickle, version 1. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_pickle_libolm(
    const cliquet_pk_decryption *d, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_unpickle_libolm(
    cliquet_pk_decryption **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

#ifdef __cplusplus
}
#endif

#endif /* CLIQUET_H */
