/*
 * cliquet: Olm and Megolm end-to-end encryption for Matrix clients.
 * SPDX-License-Identifier: Apache-2.0
 *
 * This header is the whole public ABI. Read this block first.
 *
 * Conventions
 * -----------
 * Initialisation.  Call cliquet_init() once before anything else. It is
 *   idempotent and thread-safe; every other call made before it fails with
 *   CLIQUET_ERR_NOT_INITIALISED.
 *
 * Objects.  Accounts, sessions and group sessions are opaque. The library
 *   allocates them in cliquet_<thing>_new() (or when restoring a pickle) and
 *   releases them in cliquet_<thing>_free(), which wipes every byte first.
 *   _free(NULL) does nothing. One object is used by one thread at a time;
 *   different objects may be used from different threads at once. There is
 *   no global mutable state after cliquet_init() and no hidden thread.
 *
 * Status.  Every function returns a cliquet_status: 0 (CLIQUET_OK) on
 *   success, a specific non-zero code otherwise. cliquet_strerror() names each
 *   code. No function aborts on bad input.
 *
 * A failed call changes nothing.  When a call fails, its object is exactly as
 *   it was before the call (decrypt, import and unpickle work on copies and
 *   commit only on success), and output buffers hold no partial result.
 *
 * Buffers.  Variable-length outputs go into caller buffers passed as
 *   (out, out_cap, &out_len). If out_cap is too small the call fails with
 *   CLIQUET_ERR_OUTPUT_TOO_SMALL and writes the size needed into *out_len, so
 *   a caller may ask with (NULL, 0, &len) first. Fixed-size arrays are written
 *   as such in prototypes (uint8_t key[32]) and every size has a constant and
 *   a function twin (CLIQUET_X_BYTES, cliquet_x_bytes()) for bindings.
 *
 * Pointers.  A pointer may be NULL only when its length is 0. Inputs are
 *   const and never modified. Outputs must not overlap inputs unless a
 *   function says so.
 *
 * Encodings.  Keys, signatures, messages, session keys, session ids and
 *   pickles are exchanged as the unpadded standard base64 text that Matrix
 *   events carry (no NUL terminator is written or expected; lengths are
 *   explicit).
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

/* ---------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------- */

/*
 * The numbers are part of the ABI: new codes are only ever appended.
 */
typedef enum cliquet_status {
    CLIQUET_OK = 0,

    /* Calling errors */
    CLIQUET_ERR_NOT_INITIALISED = 1,  /* cliquet_init() has not succeeded */
    CLIQUET_ERR_INIT_FAILED = 2,      /* libsodium could not start */
    CLIQUET_ERR_INVALID_ARGUMENT = 3, /* NULL with a non-zero length, bad enum */
    CLIQUET_ERR_OUTPUT_TOO_SMALL = 4, /* *out_len holds the size needed */
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
    CLIQUET_ERR_DUPLICATE_MESSAGE = 45,     /* message key already used or dropped */
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

    /* SAS */
    CLIQUET_ERR_SAS_NO_THEIR_KEY = 80
} cliquet_status;

/*
 * The name of a status, e.g. "CLIQUET_ERR_BAD_MESSAGE_MAC": a static string,
 * never NULL ("CLIQUET_ERR_UNKNOWN" for a value that is not a status).
 */
CLIQUET_API const char *cliquet_strerror(cliquet_status status);

/* ---------------------------------------------------------------------------
 * Library
 * ------------------------------------------------------------------------- */

/*
 * Starts libsodium and selects the AES implementation for this CPU.
 * Idempotent and thread-safe. Returns CLIQUET_ERR_INIT_FAILED if libsodium
 * cannot start (no source of randomness).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_init(void);

/* The library version, e.g. "0.1.0": a static string, never NULL. */
CLIQUET_API const char *cliquet_version_string(void);

/* The version numbers; any pointer may be NULL. */
CLIQUET_API cliquet_status cliquet_version(unsigned *major, unsigned *minor,
                                           unsigned *patch);

/*
 * Which AES implementation runs: CLIQUET_AES_HARDWARE (AES-NI, chosen at run
 * time when the CPU has it) or CLIQUET_AES_BITSLICED (portable, constant-time).
 */
typedef enum cliquet_aes_impl {
    CLIQUET_AES_BITSLICED = 0,
    CLIQUET_AES_HARDWARE = 1
} cliquet_aes_impl;

CLIQUET_API cliquet_status cliquet_aes_implementation(cliquet_aes_impl *impl);

/* ---------------------------------------------------------------------------
 * Sizes
 * ------------------------------------------------------------------------- */

#define CLIQUET_CURVE25519_KEY_BYTES 32
#define CLIQUET_ED25519_KEY_BYTES 32
#define CLIQUET_ED25519_SIGNATURE_BYTES 64
#define CLIQUET_PICKLE_KEY_BYTES 32
/* Unpadded base64 of 32 bytes is 43 characters, of 64 bytes 86. */
#define CLIQUET_KEY_BASE64_BYTES 43
#define CLIQUET_SIGNATURE_BASE64_BYTES 86

CLIQUET_API size_t cliquet_curve25519_key_bytes(void);
CLIQUET_API size_t cliquet_ed25519_key_bytes(void);
CLIQUET_API size_t cliquet_ed25519_signature_bytes(void);
CLIQUET_API size_t cliquet_pickle_key_bytes(void);
CLIQUET_API size_t cliquet_key_base64_bytes(void);
CLIQUET_API size_t cliquet_signature_base64_bytes(void);

/* ---------------------------------------------------------------------------
 * Olm accounts and sessions (see docs/olm.md)
 * ------------------------------------------------------------------------- */
/* @section olm */

/*
 * An account is a device's identity: a Curve25519 and an Ed25519 identity
 * key pair, one-time keys and fallback keys. A session is a 1:1 encrypted
 * channel with one device of a peer. Byte-compatible with libolm 3.2 and
 * vodozemac. Keys are unpadded base64 of 32 bytes
 * (CLIQUET_KEY_BASE64_BYTES characters); messages are unpadded base64 with
 * a type (pre-key or normal) carried beside them. Bounds: docs/limits.md.
 */
typedef struct cliquet_account cliquet_account;
typedef struct cliquet_session cliquet_session;

/* Message types, as Matrix's m.olm.v1 "type" field carries them. */
#define CLIQUET_OLM_MESSAGE_PRE_KEY 0
#define CLIQUET_OLM_MESSAGE_NORMAL 1

CLIQUET_API size_t cliquet_olm_message_pre_key(void);
CLIQUET_API size_t cliquet_olm_message_normal(void);

/* A one-time key id: base64 of a big-endian 32-bit counter (6 characters). */
#define CLIQUET_KEY_ID_BASE64_BYTES 6

CLIQUET_API size_t cliquet_key_id_base64_bytes(void);

/* A new account with fresh identity keys and no one-time keys. */
CLIQUET_API cliquet_status cliquet_account_new(cliquet_account **out);

/* Wipes and frees the account; NULL does nothing. */
CLIQUET_API void cliquet_account_free(cliquet_account *account);

/* The identity keys, base64. */
CLIQUET_API cliquet_status cliquet_account_identity_keys(
    const cliquet_account *account, char curve25519[CLIQUET_KEY_BASE64_BYTES],
    char ed25519[CLIQUET_KEY_BASE64_BYTES]);

/* An Ed25519 signature of msg with the identity key, base64. */
CLIQUET_API cliquet_status cliquet_account_sign(
    const cliquet_account *account,
    char signature[CLIQUET_SIGNATURE_BASE64_BYTES], const uint8_t *msg,
    size_t msg_len);

/*
 * Makes count new one-time keys (unpublished). The account keeps at most
 * 100; making more drops the oldest, published or not (libolm's rule).
 * count above 100 is CLIQUET_ERR_TOO_MANY_KEYS and makes nothing.
 */
CLIQUET_API cliquet_status cliquet_account_generate_one_time_keys(
    cliquet_account *account, size_t count);

/*
 * How many one-time keys a server should hold at most: 50, half of what
 * the account keeps, so a new batch never drops keys still on the server.
 */
CLIQUET_API cliquet_status cliquet_account_max_one_time_keys(
    const cliquet_account *account, size_t *count);

/* The number of unpublished one-time keys. */
CLIQUET_API cliquet_status cliquet_account_one_time_key_count(
    const cliquet_account *account, size_t *count);

/*
 * The i-th unpublished one-time key (newest first, as in the JSON below)
 * and its id. CLIQUET_ERR_INVALID_ARGUMENT if i is not below the count.
 */
CLIQUET_API cliquet_status cliquet_account_one_time_key(
    const cliquet_account *account, size_t i,
    char key_id[CLIQUET_KEY_ID_BASE64_BYTES], char key[CLIQUET_KEY_BASE64_BYTES]);

/*
 * The unpublished one-time keys as libolm writes them:
 * {"curve25519":{"AAAAAQ":"<key>",...}} (no NUL written).
 */
CLIQUET_API cliquet_status cliquet_account_one_time_keys_json(
    const cliquet_account *account, char *out, size_t out_cap, size_t *out_len);

/* Marks every one-time key and the current fallback key as published. */
CLIQUET_API cliquet_status cliquet_account_mark_keys_as_published(
    cliquet_account *account);

/*
 * Makes a new fallback key. The current one becomes the previous one and
 * is still accepted until cliquet_account_forget_old_fallback_key(); an
 * older previous key is dropped. Fallback keys are not used up by
 * sessions made with them.
 */
CLIQUET_API cliquet_status cliquet_account_generate_fallback_key(
    cliquet_account *account);

/*
 * The current fallback key and its id if it is unpublished (*has_key = 1),
 * else *has_key = 0 and the arrays are untouched.
 */
CLIQUET_API cliquet_status cliquet_account_fallback_key(
    const cliquet_account *account, int *has_key,
    char key_id[CLIQUET_KEY_ID_BASE64_BYTES], char key[CLIQUET_KEY_BASE64_BYTES]);

/* Forgets the previous fallback key, if there is one. */
CLIQUET_API cliquet_status cliquet_account_forget_old_fallback_key(
    cliquet_account *account);

/*
 * An outbound session to a device with their Curve25519 identity key and
 * one of their one-time (or fallback) keys, as claimed from the server.
 * CLIQUET_ERR_BAD_BASE64 / CLIQUET_ERR_BAD_KEY_LENGTH for a malformed key,
 * CLIQUET_ERR_ZERO_SHARED_SECRET for a key of small order.
 */
CLIQUET_API cliquet_status cliquet_session_new_outbound(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *their_one_time_key, size_t their_one_time_key_len);

/*
 * An inbound session from a pre-key message, which it decrypts into
 * plaintext. their_identity_key may be NULL (with length 0) to accept any
 * sender; otherwise a message from another key is
 * CLIQUET_ERR_WRONG_SESSION. Only when the message has decrypted is the
 * session made and the one-time key removed from the account (a fallback
 * key stays); on any failure neither exists nor changes. A key we do not
 * hold (or no longer hold) is CLIQUET_ERR_BAD_MESSAGE_KEY_ID.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_inbound(
    cliquet_session **out, cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len);

/* Wipes and frees the session; NULL does nothing. */
CLIQUET_API void cliquet_session_free(cliquet_session *session);

/*
 * *matches = 1 if the pre-key message was made for this session (and, with
 * their_identity_key not NULL, by that key): route retries of the first
 * message to the session they belong to. A malformed message is its
 * parse status.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_matches_inbound(
    const cliquet_session *session, const char *their_identity_key,
    size_t their_identity_key_len, const char *pre_key_message,
    size_t message_len, int *matches);

/* The session id, base64 of SHA-256 of Alice's identity and base keys and
 * Bob's one-time key. The same on both sides. */
CLIQUET_API cliquet_status cliquet_session_id(const cliquet_session *session,
                                              char id[CLIQUET_KEY_BASE64_BYTES]);

/* *yes = 1 once a message from the peer has decrypted. */
CLIQUET_API cliquet_status cliquet_session_has_received_message(
    const cliquet_session *session, int *yes);

/* The type of the message the next encrypt writes: pre-key until a
 * message from the peer has decrypted, normal after. */
CLIQUET_API cliquet_status cliquet_session_message_type(
    const cliquet_session *session, int *type);

/* The exact length of the base64 message the next encrypt of
 * plaintext_len bytes writes. */
CLIQUET_API cliquet_status cliquet_session_encrypt_size(
    const cliquet_session *session, size_t plaintext_len, size_t *message_len);

/*
 * Encrypts plaintext into a base64 message of type *type. Plaintexts of
 * more than 2^30 bytes are CLIQUET_ERR_INPUT_TOO_LARGE.
 */
CLIQUET_API cliquet_status cliquet_session_encrypt(
    cliquet_session *session, int *type, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len);

/* A plaintext capacity that is always enough for a message of this length. */
CLIQUET_API cliquet_status cliquet_session_decrypt_max_size(size_t message_len,
                                                            size_t *plaintext_len);

/*
 * Decrypts a message of the given type. sender_identity_key receives the
 * Curve25519 identity key (base64) of the device this session is with: the
 * key that authenticated the plaintext. A too-small plaintext buffer is
 * CLIQUET_ERR_OUTPUT_TOO_SMALL with the exact size needed in
 * *plaintext_len and the session unchanged.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_decrypt(
    cliquet_session *session, int type, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    char sender_identity_key[CLIQUET_KEY_BASE64_BYTES]);

/* The Curve25519 identity key of the device this session is with. */
CLIQUET_API cliquet_status cliquet_session_their_identity_key(
    const cliquet_session *session, char key[CLIQUET_KEY_BASE64_BYTES]);

/* @end olm */

/* ---------------------------------------------------------------------------
 * Megolm group sessions (see docs/megolm.md)
 * ------------------------------------------------------------------------- */
/* @section megolm */

/*
 * A sender encrypts room messages with an outbound group session and shares
 * its session key (over Olm) with every device in the room; each recipient
 * turns it into an inbound group session and decrypts with it, in any order,
 * from the key's index onwards. The session id is the base64 Ed25519 public
 * key that signs every message (CLIQUET_KEY_BASE64_BYTES characters).
 * Message indices are 32-bit and compare with wrap-around, as libolm does.
 */
typedef struct cliquet_outbound_group_session cliquet_outbound_group_session;
typedef struct cliquet_inbound_group_session cliquet_inbound_group_session;

/* A session key (signed, 229 bytes) and an export (unsigned, 165 bytes) in
 * base64. */
#define CLIQUET_MEGOLM_SESSION_KEY_BASE64_BYTES 306
#define CLIQUET_MEGOLM_EXPORT_BASE64_BYTES 220

CLIQUET_API size_t cliquet_megolm_session_key_base64_bytes(void);
CLIQUET_API size_t cliquet_megolm_export_base64_bytes(void);

/* A new outbound session with fresh random keys, at message index 0. */
CLIQUET_API cliquet_status cliquet_outbound_group_session_new(
    cliquet_outbound_group_session **out);

/* Wipes and frees the session; NULL does nothing. */
CLIQUET_API void cliquet_outbound_group_session_free(
    cliquet_outbound_group_session *session);

/* The session id: the base64 Ed25519 public key. */
CLIQUET_API cliquet_status cliquet_outbound_group_session_id(
    const cliquet_outbound_group_session *session,
    char id[CLIQUET_KEY_BASE64_BYTES]);

/* The index the next message will carry. */
CLIQUET_API cliquet_status cliquet_outbound_group_session_message_index(
    const cliquet_outbound_group_session *session, uint32_t *index);

/*
 * The session key to share with recipients: the ratchet at the current
 * index and the public key, signed (base64). Recipients can decrypt every
 * message from the current index onwards.
 */
CLIQUET_API cliquet_status cliquet_outbound_group_session_key(
    const cliquet_outbound_group_session *session,
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_BYTES]);

/* The exact length of the base64 message the next encrypt of plaintext_len
 * bytes writes. */
CLIQUET_API cliquet_status cliquet_outbound_group_session_encrypt_size(
    const cliquet_outbound_group_session *session, size_t plaintext_len,
    size_t *message_len);

/*
 * Encrypts plaintext into a base64 group message and advances the ratchet.
 * CLIQUET_ERR_OUTPUT_TOO_SMALL (with the size in *message_len) leaves the
 * session unchanged.
 */
CLIQUET_API cliquet_status cliquet_outbound_group_session_encrypt(
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
    char session_id[CLIQUET_KEY_BASE64_BYTES];
} cliquet_megolm_decrypt_info;

/*
 * An inbound session from a session key (base64, as shared by the sender).
 * The signature is checked (CLIQUET_ERR_BAD_SIGNATURE); the session is
 * verified. CLIQUET_ERR_BAD_BASE64 or CLIQUET_ERR_BAD_SESSION_KEY for a
 * malformed key.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_new(
    cliquet_inbound_group_session **out, const char *session_key,
    size_t session_key_len);

/*
 * An inbound session from an export (base64, unsigned, e.g. from key backup
 * or a forwarded key). Unverified until a message decrypts.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_import(
    cliquet_inbound_group_session **out, const char *exported,
    size_t exported_len);

/* Wipes and frees the session; NULL does nothing. */
CLIQUET_API void cliquet_inbound_group_session_free(
    cliquet_inbound_group_session *session);

/* The session id: the base64 Ed25519 public key of the sender's session. */
CLIQUET_API cliquet_status cliquet_inbound_group_session_id(
    const cliquet_inbound_group_session *session,
    char id[CLIQUET_KEY_BASE64_BYTES]);

/* The earliest message index this session can decrypt. */
CLIQUET_API cliquet_status cliquet_inbound_group_session_first_known_index(
    const cliquet_inbound_group_session *session, uint32_t *index);

/* 1 if the session is verified (see cliquet_megolm_decrypt_info), else 0. */
CLIQUET_API cliquet_status cliquet_inbound_group_session_is_verified(
    const cliquet_inbound_group_session *session, int *verified);

/* 1 if the session came from an unsigned export (see
 * cliquet_megolm_decrypt_info.imported), else 0. */
CLIQUET_API cliquet_status cliquet_inbound_group_session_is_imported(
    const cliquet_inbound_group_session *session, int *imported);

/*
 * Exports the session from index on (index at or after the first known
 * index, else CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX). Does not change it.
 */
CLIQUET_API cliquet_status cliquet_inbound_group_session_export(
    const cliquet_inbound_group_session *session, uint32_t index,
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_BYTES]);

/* A plaintext capacity that suffices for any message of message_len base64
 * characters. */
CLIQUET_API cliquet_status cliquet_inbound_group_session_decrypt_max_size(
    size_t message_len, size_t *plaintext_len);

/*
 * Decrypts a base64 group message. Checks, in order: base64, the message
 * format and version, the ciphertext length, the Ed25519 signature
 * (CLIQUET_ERR_BAD_SIGNATURE), the plaintext capacity (at least the
 * ciphertext length: the size needed goes to *plaintext_len), the index
 * (CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX before the first known one), the MAC
 * and the padding. A message may be decrypted again (replays are the
 * caller's to detect, by session id and index). info may be NULL.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_decrypt(
    cliquet_inbound_group_session *session, const char *message,
    size_t message_len, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, cliquet_megolm_decrypt_info *info);

/* @end megolm */

/* ---------------------------------------------------------------------------
 * Key backup (legacy PK encryption), signing keys, SAS, utilities
 * (see docs/pk.md and docs/sas.md)
 * ------------------------------------------------------------------------- */
/* @section pk */

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
#define CLIQUET_PK_LEGACY_MAC_BASE64_BYTES 11 /* 8 bytes */
#define CLIQUET_PK_SIGNING_SEED_BYTES 32

CLIQUET_API size_t cliquet_pk_private_key_bytes(void);
CLIQUET_API size_t cliquet_pk_legacy_mac_base64_bytes(void);
CLIQUET_API size_t cliquet_pk_signing_seed_bytes(void);

typedef struct cliquet_pk_encryption cliquet_pk_encryption;
typedef struct cliquet_pk_decryption cliquet_pk_decryption;
typedef struct cliquet_pk_signing cliquet_pk_signing;

/*
 * An encryptor to the backup public key recipient_key (43 base64
 * characters). CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH (not 32
 * bytes), CLIQUET_ERR_NO_MEMORY.
 */
CLIQUET_API cliquet_status cliquet_pk_encryption_new(
    cliquet_pk_encryption **out, const char *recipient_key,
    size_t recipient_key_len);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_pk_encryption_free(cliquet_pk_encryption *e);

/*
 * The base64 ciphertext length for plaintext_len bytes.
 * CLIQUET_ERR_INPUT_TOO_LARGE past SIZE_MAX / 4.
 */
CLIQUET_API cliquet_status cliquet_pk_encrypt_legacy_backup_size(
    size_t plaintext_len, size_t *ciphertext_len);

/*
 * Encrypts plaintext with a fresh ephemeral key (legacy, unauthenticated:
 * see the warning above). Writes the base64 ciphertext (out, cap, &len),
 * the 11-character legacy MAC and the 43-character ephemeral public key:
 * the "ciphertext", "mac" and "ephemeral" fields of a backup's
 * session_data. CLIQUET_ERR_ZERO_SHARED_SECRET if the recipient key is a
 * low-order point.
 */
CLIQUET_API cliquet_status cliquet_pk_encrypt_legacy_backup(
    const cliquet_pk_encryption *e, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char mac[CLIQUET_PK_LEGACY_MAC_BASE64_BYTES],
    char ephemeral_key[CLIQUET_KEY_BASE64_BYTES], const uint8_t *plaintext,
    size_t plaintext_len);

/* A backup decryption key with a fresh random private key. */
CLIQUET_API cliquet_status cliquet_pk_decryption_new(
    cliquet_pk_decryption **out);

/*
 * A backup decryption key from its 32-byte private key (the bytes a
 * recovery key encodes).
 */
CLIQUET_API cliquet_status cliquet_pk_decryption_new_from_private_key(
    cliquet_pk_decryption **out,
    const uint8_t private_key[CLIQUET_PK_PRIVATE_KEY_BYTES]);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_pk_decryption_free(cliquet_pk_decryption *d);

/* The public key, 43 base64 characters (the backup's auth_data public_key). */
CLIQUET_API cliquet_status cliquet_pk_decryption_public_key(
    const cliquet_pk_decryption *d, char key[CLIQUET_KEY_BASE64_BYTES]);

/* The 32-byte private key, a secret: wipe it when done. */
CLIQUET_API cliquet_status cliquet_pk_decryption_private_key(
    const cliquet_pk_decryption *d,
    uint8_t private_key[CLIQUET_PK_PRIVATE_KEY_BYTES]);

/*
 * The plaintext buffer size cliquet_pk_decrypt_legacy_backup needs for a
 * base64 ciphertext of ciphertext_len characters (the decoded length; the
 * plaintext itself is at least one byte shorter).
 */
CLIQUET_API cliquet_status cliquet_pk_decrypt_legacy_backup_max_size(
    size_t ciphertext_len, size_t *plaintext_len);

/*
 * Decrypts a legacy backup (legacy, unauthenticated: a success does NOT
 * mean the backup's owner wrote it; see the warning above). Inputs are the
 * session_data's base64 "ephemeral", "mac" and "ciphertext". Statuses:
 * CLIQUET_ERR_BAD_BASE64 (any of the three), CLIQUET_ERR_BAD_KEY_LENGTH
 * (ephemeral key not 32 bytes), CLIQUET_ERR_BAD_MESSAGE_MAC (MAC not 8
 * bytes, or wrong), CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH (0 or not a multiple
 * of 16 bytes; refused before any block is decrypted),
 * CLIQUET_ERR_ZERO_SHARED_SECRET, CLIQUET_ERR_BAD_PADDING,
 * CLIQUET_ERR_OUTPUT_TOO_SMALL (plaintext_cap below
 * cliquet_pk_decrypt_legacy_backup_max_size).
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
CLIQUET_API cliquet_status cliquet_pk_signing_new(cliquet_pk_signing **out);

CLIQUET_API cliquet_status cliquet_pk_signing_new_from_seed(
    cliquet_pk_signing **out,
    const uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES]);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_pk_signing_free(cliquet_pk_signing *s);

/* The 32-byte seed, a secret: wipe it when done. */
CLIQUET_API cliquet_status cliquet_pk_signing_seed(
    const cliquet_pk_signing *s, uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES]);

/* The Ed25519 public key, 43 base64 characters. */
CLIQUET_API cliquet_status cliquet_pk_signing_public_key(
    const cliquet_pk_signing *s, char key[CLIQUET_KEY_BASE64_BYTES]);

/* The Ed25519 signature of message, 86 base64 characters. */
CLIQUET_API cliquet_status cliquet_pk_sign(
    const cliquet_pk_signing *s, char signature[CLIQUET_SIGNATURE_BASE64_BYTES],
    const uint8_t *message, size_t message_len);

/* @end pk */

/* @section sas */

/*
 * Short authentication strings (m.sas.v1 interactive verification), as
 * libolm's OlmSAS: an ephemeral X25519 key per verification; once the other
 * side's key is set, SAS bytes and MACs derive from the shared secret with
 * HKDF-SHA-256 and the caller's info string. Calls that need the shared
 * secret fail with CLIQUET_ERR_SAS_NO_THEIR_KEY until it is set.
 */
#define CLIQUET_SAS_MAC_BASE64_BYTES 43
#define CLIQUET_SAS_MAX_BYTES 8160 /* 255 * 32: HKDF-SHA-256's limit */

CLIQUET_API size_t cliquet_sas_mac_base64_bytes(void);
CLIQUET_API size_t cliquet_sas_max_bytes(void);

typedef struct cliquet_sas cliquet_sas;

/* A SAS with a fresh random ephemeral key. */
CLIQUET_API cliquet_status cliquet_sas_new(cliquet_sas **out);

/* Wipes and frees; NULL does nothing. */
CLIQUET_API void cliquet_sas_free(cliquet_sas *s);

/* Our ephemeral public key, 43 base64 characters (m.key.verification.key). */
CLIQUET_API cliquet_status cliquet_sas_public_key(
    const cliquet_sas *s, char key[CLIQUET_KEY_BASE64_BYTES]);

/*
 * Sets the other side's ephemeral public key (43 base64 characters).
 * CLIQUET_ERR_BAD_BASE64, CLIQUET_ERR_BAD_KEY_LENGTH,
 * CLIQUET_ERR_ZERO_SHARED_SECRET (a low-order key; s is unchanged). Setting
 * a key again replaces the shared secret, as libolm does.
 */
CLIQUET_API cliquet_status cliquet_sas_set_their_key(
    cliquet_sas *s, const char *their_key, size_t their_key_len);

/* *is_set = 1 once their key is set, else 0. */
CLIQUET_API cliquet_status cliquet_sas_is_their_key_set(const cliquet_sas *s,
                                                        int *is_set);

/*
 * n bytes of HKDF-SHA-256(shared secret, info): the SAS bytes for emoji or
 * decimal display (Matrix: 6 bytes, info "MATRIX_KEY_VERIFICATION_SAS|...").
 * CLIQUET_ERR_INPUT_TOO_LARGE for n > CLIQUET_SAS_MAX_BYTES.
 */
CLIQUET_API cliquet_status cliquet_sas_generate_bytes(
    const cliquet_sas *s, uint8_t *out, size_t n, const uint8_t *info,
    size_t info_len);

/*
 * The MAC of message for m.key.verification.mac, method
 * "hkdf-hmac-sha256.v2": HMAC-SHA-256 keyed with 32 bytes of
 * HKDF(shared secret, info), in standard unpadded base64. Use this one.
 */
CLIQUET_API cliquet_status cliquet_sas_calculate_mac(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_BYTES],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len);

/*
 * LEGACY, method "hkdf-hmac-sha256": the same HMAC, written with libolm's
 * broken base64 (libolm encodes the MAC in place over itself, so the text is
 * not the base64 of the MAC and cannot be decoded back to it). Only for
 * peers that offer nothing newer.
 */
CLIQUET_API cliquet_status cliquet_sas_calculate_mac_legacy_base64(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_BYTES],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len);

/*
 * LEGACY, an old Riot's MAC (libolm's olm_sas_calculate_mac_long_kdf): the
 * HMAC key is 256 bytes of HKDF output, and the text uses libolm's broken
 * base64 as above.
 */
CLIQUET_API cliquet_status cliquet_sas_calculate_mac_long_kdf(
    const cliquet_sas *s, char mac[CLIQUET_SAS_MAC_BASE64_BYTES],
    const uint8_t *message, size_t message_len, const uint8_t *info,
    size_t info_len);

/* @end sas */

/* @section utility */

#define CLIQUET_SHA256_BASE64_BYTES 43

CLIQUET_API size_t cliquet_sha256_base64_bytes(void);

/* The SHA-256 of message in unpadded base64 (libolm's olm_sha256). */
CLIQUET_API cliquet_status cliquet_sha256_base64(
    char digest[CLIQUET_SHA256_BASE64_BYTES], const uint8_t *message,
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

/* @end utility */

/* @section pickle */

/*
 * Pickles: every object saved as text between runs and restored later
 * (docs/pickle-format.md; moving a libolm store: docs/migrating-from-libolm.md).
 *
 * Native pickles (_pickle / _unpickle) keep everything cliquet holds. They
 * are encrypted and authenticated with XChaCha20-Poly1305 under a
 * CLIQUET_PICKLE_KEY_BYTES key that the caller keeps (e.g. in the system's
 * key store), with a random nonce: two pickles of one state differ.
 *
 * libolm pickles (_pickle_libolm / _unpickle_libolm) are libolm 3.2's
 * format, under a key of any length (NULL only with length 0), written byte
 * for byte as libolm writes it: a store moves from libolm and back. Reading
 * takes every version libolm 3.2 reads. Writing never drops state silently:
 * what libolm's format cannot hold is CLIQUET_ERR_PICKLE_LOSSY.
 *
 * Pickling writes unpadded base64 text to (out, out_cap, &out_len), or
 * fails with CLIQUET_ERR_OUTPUT_TOO_SMALL and the exact length in *out_len.
 * Unpickling makes a new object in *out, or nothing at all. Its statuses:
 *   CLIQUET_ERR_BAD_BASE64             the text is not strict base64
 *   CLIQUET_ERR_PICKLE_BAD_KEY         a wrong key (in libolm's format also
 *                                      changed ciphertext: it cannot tell)
 *   CLIQUET_ERR_PICKLE_WRONG_TYPE      a native pickle of another object
 *   CLIQUET_ERR_PICKLE_UNKNOWN_VERSION a version this library does not read
 *   CLIQUET_ERR_PICKLE_CORRUPTED       changed, truncated or malformed
 *   CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT  a libolm account of version 1
 *   CLIQUET_ERR_INPUT_TOO_LARGE        a text of more than 2 MiB
 */

CLIQUET_API cliquet_status cliquet_account_pickle(
    const cliquet_account *account, char *out, size_t out_cap, size_t *out_len,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES]);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_unpickle(
    cliquet_account **out, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES],
    const char *pickle, size_t pickle_len);

/*
 * libolm's account pickle, version 4. Reads versions 2, 3 and 4; the next
 * one-time key id goes on from the last one libolm issued. libolm keeps the
 * Ed25519 key in expanded form only; signatures are the same.
 */
CLIQUET_API cliquet_status cliquet_account_pickle_libolm(
    const cliquet_account *account, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_unpickle_libolm(
    cliquet_account **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

CLIQUET_API cliquet_status cliquet_session_pickle(
    const cliquet_session *session, char *out, size_t out_cap, size_t *out_len,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES]);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_unpickle(
    cliquet_session **out, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES],
    const char *pickle, size_t pickle_len);

/*
 * libolm's session pickle, version 1 (0x80000001 is read too). It keeps
 * Alice's identity key, the peer's for a session this device received
 * (inbound), but our own for one it started (outbound). So when unpickling:
 * NULL for their_identity_key takes the session as inbound, the peer being
 * the pickle's Alice; a key given (base64, the sender key the app filed the
 * session under) is taken as the peer's. That key is what
 * cliquet_session_decrypt reports as the one that authenticated a message.
 */
CLIQUET_API cliquet_status cliquet_session_pickle_libolm(
    const cliquet_session *session, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_unpickle_libolm(
    cliquet_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len, const char *their_identity_key,
    size_t their_identity_key_len);

CLIQUET_API cliquet_status cliquet_outbound_group_session_pickle(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES]);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_unpickle(
    cliquet_outbound_group_session **out,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES], const char *pickle,
    size_t pickle_len);

/* libolm's outbound group session pickle, version 1. */
CLIQUET_API cliquet_status cliquet_outbound_group_session_pickle_libolm(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status
cliquet_outbound_group_session_unpickle_libolm(
    cliquet_outbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

CLIQUET_API cliquet_status cliquet_inbound_group_session_pickle(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES]);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_unpickle(
    cliquet_inbound_group_session **out,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES], const char *pickle,
    size_t pickle_len);

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
CLIQUET_API cliquet_status cliquet_inbound_group_session_pickle_libolm(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API cliquet_status cliquet_inbound_group_session_pickle_libolm_lossy(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status
cliquet_inbound_group_session_unpickle_libolm(
    cliquet_inbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

CLIQUET_API cliquet_status cliquet_pk_decryption_pickle(
    const cliquet_pk_decryption *d, char *out, size_t out_cap, size_t *out_len,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES]);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_unpickle(
    cliquet_pk_decryption **out, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES],
    const char *pickle, size_t pickle_len);

/* libolm's PK decryption pickle, version 1. */
CLIQUET_API cliquet_status cliquet_pk_decryption_pickle_libolm(
    const cliquet_pk_decryption *d, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_decryption_unpickle_libolm(
    cliquet_pk_decryption **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/* @end pickle */

/* @section explicit-random */

/*
 * Explicit randomness: the functions above that draw random bytes, with the
 * bytes given by the caller instead. For bindings that must honour caller
 * randomness (libolm's ABI, bindings/libolm) and for reproducible tests; the
 * bytes must be uniformly random and never reused. The functions above are
 * these with bytes from the system's generator. random_len must be exactly
 * the size named (else CLIQUET_ERR_INVALID_ARGUMENT, and nothing changes).
 * The bytes are read, never kept: the caller wipes them.
 */
#define CLIQUET_ACCOUNT_RANDOM_BYTES 64          /* Ed25519 seed, Curve25519 key */
#define CLIQUET_ONE_TIME_KEY_RANDOM_BYTES 32     /* per key */
#define CLIQUET_FALLBACK_KEY_RANDOM_BYTES 32
#define CLIQUET_OUTBOUND_SESSION_RANDOM_BYTES 64 /* base key, ratchet key */
#define CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES 32  /* a new ratchet key */
#define CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES 160 /* ratchet, Ed25519 seed */
#define CLIQUET_PK_ENCRYPT_RANDOM_BYTES 32       /* the ephemeral key */
#define CLIQUET_SAS_RANDOM_BYTES 32              /* the ephemeral key */

CLIQUET_API size_t cliquet_account_random_bytes(void);
CLIQUET_API size_t cliquet_one_time_key_random_bytes(void);
CLIQUET_API size_t cliquet_fallback_key_random_bytes(void);
CLIQUET_API size_t cliquet_outbound_session_random_bytes(void);
CLIQUET_API size_t cliquet_session_encrypt_random_bytes(void);
CLIQUET_API size_t cliquet_outbound_group_session_random_bytes(void);
CLIQUET_API size_t cliquet_pk_encrypt_random_bytes(void);
CLIQUET_API size_t cliquet_sas_random_bytes(void);

/* cliquet_account_new; random_len CLIQUET_ACCOUNT_RANDOM_BYTES. */
CLIQUET_API cliquet_status cliquet_account_new_with_random(
    cliquet_account **out, const uint8_t *random, size_t random_len);

/* cliquet_account_generate_one_time_keys; random_len is count times
 * CLIQUET_ONE_TIME_KEY_RANDOM_BYTES. */
CLIQUET_API cliquet_status cliquet_account_generate_one_time_keys_with_random(
    cliquet_account *account, size_t count, const uint8_t *random,
    size_t random_len);

/* cliquet_account_generate_fallback_key; random_len
 * CLIQUET_FALLBACK_KEY_RANDOM_BYTES. */
CLIQUET_API cliquet_status cliquet_account_generate_fallback_key_with_random(
    cliquet_account *account, const uint8_t *random, size_t random_len);

/* cliquet_session_new_outbound; random_len
 * CLIQUET_OUTBOUND_SESSION_RANDOM_BYTES. */
CLIQUET_API cliquet_status cliquet_session_new_outbound_with_random(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *their_one_time_key, size_t their_one_time_key_len,
    const uint8_t *random, size_t random_len);

/*
 * *needed = 1 when the next encrypt makes a new ratchet key and so reads
 * CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES random bytes, 0 when it reads none.
 */
CLIQUET_API cliquet_status cliquet_session_encrypt_needs_random(
    const cliquet_session *session, int *needed);

/* cliquet_session_encrypt; random_len CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES,
 * or 0 when cliquet_session_encrypt_needs_random says none are needed. */
CLIQUET_API cliquet_status cliquet_session_encrypt_with_random(
    cliquet_session *session, int *type, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len,
    const uint8_t *random, size_t random_len);

/* cliquet_outbound_group_session_new; random_len
 * CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES. */
CLIQUET_API cliquet_status cliquet_outbound_group_session_new_with_random(
    cliquet_outbound_group_session **out, const uint8_t *random,
    size_t random_len);

/* cliquet_pk_encrypt_legacy_backup; random_len
 * CLIQUET_PK_ENCRYPT_RANDOM_BYTES. */
CLIQUET_API cliquet_status cliquet_pk_encrypt_legacy_backup_with_random(
    const cliquet_pk_encryption *e, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char mac[CLIQUET_PK_LEGACY_MAC_BASE64_BYTES],
    char ephemeral_key[CLIQUET_KEY_BASE64_BYTES], const uint8_t *plaintext,
    size_t plaintext_len, const uint8_t *random, size_t random_len);

/* cliquet_sas_new; random_len CLIQUET_SAS_RANDOM_BYTES. (A PK decryption key
 * from given bytes is cliquet_pk_decryption_new_from_private_key; a signing
 * key, cliquet_pk_signing_new_from_seed.) */
CLIQUET_API cliquet_status cliquet_sas_new_with_random(
    cliquet_sas **out, const uint8_t *random, size_t random_len);

/* @end explicit-random */

/* @section libolm-compat */

/*
 * What bindings/libolm needs to behave as libolm 3.2 does where libolm's
 * contract differs from cliquet's. Prefer the functions above elsewhere.
 */

/*
 * cliquet_session_new_inbound, but the account is not changed: the
 * one-time key stays until cliquet_account_remove_one_time_key (libolm's
 * olm_create_inbound_session and olm_remove_one_time_keys).
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_inbound_keep_key(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *pre_key_message, size_t message_len, uint8_t *plaintext,
    size_t plaintext_cap, size_t *plaintext_len);

/*
 * Removes from the account the one-time key that the inbound session was
 * made with and gives its id. A fallback key is not removed, but its id is
 * given all the same. CLIQUET_ERR_BAD_MESSAGE_KEY_ID if the account holds
 * no such key (already removed, or an outbound session).
 */
CLIQUET_API cliquet_status cliquet_account_remove_one_time_key(
    cliquet_account *account, const cliquet_session *session,
    uint32_t *key_id);

/*
 * The current fallback key and its id, published or not (*has_key = 1), or
 * *has_key = 0 if the account has none yet.
 */
CLIQUET_API cliquet_status cliquet_account_current_fallback_key(
    const cliquet_account *account, int *has_key,
    char key_id[CLIQUET_KEY_ID_BASE64_BYTES], char key[CLIQUET_KEY_BASE64_BYTES]);

/*
 * The session's chain counters, for debugging, as libolm's
 * olm_session_describe writes them: "sender chain index: N receiver chain
 * indices: N ... skipped message keys: N ..." (no NUL written). Counters
 * only, no key material.
 */
CLIQUET_API cliquet_status cliquet_session_describe(
    const cliquet_session *session, char *out, size_t out_cap, size_t *out_len);

/*
 * The length of the AES ciphertext inside a base64 Olm message of this
 * type: what libolm's olm_decrypt_max_plaintext_length answers. The message
 * is parsed, not authenticated; a malformed one is its parse status.
 */
CLIQUET_API cliquet_status cliquet_olm_message_ciphertext_len(
    int type, const char *message, size_t message_len, size_t *ciphertext_len);

/* @end libolm-compat */

#ifdef __cplusplus
}
#endif

#endif /* CLIQUET_H */
