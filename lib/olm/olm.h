/*
 * lib/olm: the Olm protocol. Message codec (message.c), double ratchet
 * (ratchet.c), sessions (session.c), accounts (account.c) and the fields of
 * both in libolm's unencrypted pickle layout (olm_pickle.c).
 *
 * Functional core: every function that needs random bytes takes them as an
 * argument, so tests can give cliquet and libolm the same bytes. State is
 * flat and fixed-size (bounded arrays, no pointers), so "work on a copy,
 * commit on success" is a struct assignment.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_OLM_H
#define CLIQUET_OLM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

/* ---- constants (all of Olm's, in one place) ----------------------------- */

/* spec: olm.md §Normal Messages: "The version byte is "\x03"" */
#define CQ_OLM_PROTOCOL_VERSION 3
/* spec: olm.md §Normal Messages: "HMAC-SHA-256, truncated to 8 bytes" */
#define CQ_OLM_MAC_BYTES 8
#define CQ_OLM_KEY_BYTES 32

/*
 * vodozemac's SessionConfig version 2 (src/olm/session_config.rs, behind
 * its experimental-session-config feature; docs/session-config.md): normal
 * messages carry version byte 4 and the whole 32-byte HMAC-SHA-256. A
 * pre-key message keeps version byte 3 around such a message
 * (src/olm/messages/pre_key.rs). Functions below that take full_mac read
 * it as 0 for version 1 (libolm's format), 1 for version 2.
 */
#define CQ_OLM_PROTOCOL_VERSION_V2 4
#define CQ_OLM_FULL_MAC_BYTES 32

/* HKDF info strings; the lengths leave out the NUL that sizeof would count. */
#define CQ_OLM_INFO_ROOT "OLM_ROOT"
#define CQ_OLM_INFO_ROOT_LEN 8
#define CQ_OLM_INFO_RATCHET "OLM_RATCHET"
#define CQ_OLM_INFO_RATCHET_LEN 11
#define CQ_OLM_INFO_KEYS "OLM_KEYS"
#define CQ_OLM_INFO_KEYS_LEN 8

/* spec: olm.md §Advancing the chain key: "C_i,j = HMAC(C_i,j-1, "\x02")" */
/* spec: olm.md §Creating a message key: "M_i,j = HMAC(C_i,j, "\x01")" */
#define CQ_OLM_MESSAGE_KEY_SEED 0x01
#define CQ_OLM_CHAIN_KEY_SEED 0x02

/* OLM_KEYS expands a message key into an AES key, a MAC key and an IV. */
#define CQ_OLM_CIPHER_KEYS_BYTES 80

/* Field keys (field number << 3 | wire type) of the two message formats. */
#define CQ_OLM_TAG_RATCHET_KEY 0x0A   /* 1, bytes */
#define CQ_OLM_TAG_COUNTER 0x10       /* 2, varint */
#define CQ_OLM_TAG_CIPHERTEXT 0x22    /* 4, bytes */
#define CQ_OLM_TAG_ONE_TIME_KEY 0x0A  /* 1, bytes */
#define CQ_OLM_TAG_BASE_KEY 0x12      /* 2, bytes */
#define CQ_OLM_TAG_IDENTITY_KEY 0x1A  /* 3, bytes */
#define CQ_OLM_TAG_MESSAGE 0x22       /* 4, bytes */

/* Bounds (docs/limits.md §Olm). The same as libolm 3.2's. */
#define CQ_OLM_MAX_RECEIVER_CHAINS 5
#define CQ_OLM_MAX_SKIPPED_KEYS 40
#define CQ_OLM_MAX_MESSAGE_GAP 2000
#define CQ_OLM_MAX_ONE_TIME_KEYS 100
/* What a server should hold: half the store, so a fresh batch never evicts
 * keys still on the server (libolm's rule). */
#define CQ_OLM_MAX_PUBLISHED_ONE_TIME_KEYS (CQ_OLM_MAX_ONE_TIME_KEYS / 2)
#define CQ_OLM_MAX_FALLBACK_KEYS 2
/* Plaintexts and messages up to this size: keeps every size computation far
 * from overflow; no practical message comes close. */
#define CQ_OLM_MAX_PLAINTEXT_BYTES ((size_t)1 << 30)

/* Random bytes each operation takes (the order is libolm's). */
#define CQ_OLM_ACCOUNT_RANDOM_BYTES 64     /* Ed25519 seed, then Curve25519 */
#define CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES 32 /* per key */
#define CQ_OLM_FALLBACK_KEY_RANDOM_BYTES 32
#define CQ_OLM_OUTBOUND_RANDOM_BYTES 64    /* base key, then ratchet key */
#define CQ_OLM_ENCRYPT_RANDOM_BYTES 32     /* a new ratchet key, when needed */

/* Message types, as on the wire of Matrix events. */
#define CQ_OLM_MESSAGE_PRE_KEY 0
#define CQ_OLM_MESSAGE_NORMAL 1

/* Pickle versions of the libolm layout. */
#define CQ_OLM_SESSION_PICKLE_VERSION 1
#define CQ_OLM_ACCOUNT_PICKLE_VERSION 4

/* ---- message codec (message.c) ------------------------------------------ */

/*
 * A parsed normal message. The pointers point into the parsed buffer.
 * spec: olm.md §Normal Messages: version, Ratchet-Key (0x0A), Chain-Index
 * (0x10), Cipher-Text (0x22), then the MAC
 */
typedef struct cq_olm_message {
    const uint8_t *ratchet_key;  /* CQ_OLM_KEY_BYTES */
    uint32_t counter;
    const uint8_t *ciphertext;
    size_t ciphertext_len;       /* a non-zero multiple of 16 */
    const uint8_t *mac;          /* mac_len bytes, the last ones */
    size_t mac_len;              /* CQ_OLM_MAC_BYTES, or CQ_OLM_FULL_MAC_BYTES (v2) */
    size_t mac_input_len;        /* the bytes before the MAC */
} cq_olm_message;

/* A parsed pre-key message; every field is required. */
typedef struct cq_olm_pre_key_message {
    const uint8_t *one_time_key; /* CQ_OLM_KEY_BYTES each */
    const uint8_t *base_key;
    const uint8_t *identity_key;
    const uint8_t *message;      /* a normal message */
    size_t message_len;
} cq_olm_pre_key_message;

/*
 * Strict parsers: the version byte first (CLIQUET_ERR_BAD_MESSAGE_VERSION),
 * then exactly the fields above in that order with exact key lengths and
 * canonical varints, nothing unknown, repeated or trailing
 * (CLIQUET_ERR_BAD_MESSAGE_FORMAT); a ciphertext length that is 0 or not a
 * multiple of 16 is CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH.
 */
cliquet_status cq_olm_message_decode(cq_olm_message *m, const uint8_t *in,
                                     size_t n);
cliquet_status cq_olm_pre_key_message_decode(cq_olm_pre_key_message *m,
                                             const uint8_t *in, size_t n);

/*
 * The same parser for a session of either config: version byte 3 with an
 * 8-byte MAC when full_mac is 0, version byte 4 with a 32-byte MAC when it
 * is 1. The other version is CLIQUET_ERR_BAD_MESSAGE_VERSION, before any
 * other byte is read: a session never reads the other config's messages.
 * cq_olm_message_decode is this with full_mac 0.
 */
cliquet_status cq_olm_message_decode_v(cq_olm_message *m, const uint8_t *in,
                                       size_t n, int full_mac);

/* Sizes of encoded messages (the _v form as above). */
size_t cq_olm_message_size(uint32_t counter, size_t ciphertext_len);
size_t cq_olm_message_size_v(uint32_t counter, size_t ciphertext_len,
                             int full_mac);
size_t cq_olm_pre_key_message_size(size_t message_len);

/*
 * Writes a normal message's version and fields with room for the
 * ciphertext, whose bytes it returns for the caller to fill (NULL if the
 * writer is too small). The caller appends the MAC.
 */
uint8_t *cq_olm_message_encode_head(cq_writer *w, const uint8_t ratchet_key[32],
                                    uint32_t counter, size_t ciphertext_len);
uint8_t *cq_olm_message_encode_head_v(cq_writer *w,
                                      const uint8_t ratchet_key[32],
                                      uint32_t counter, size_t ciphertext_len,
                                      int full_mac);

/* Writes a pre-key message's version and key fields and the length of the
 * message field; the caller writes the message itself next. */
void cq_olm_pre_key_message_encode_head(cq_writer *w,
                                        const uint8_t one_time_key[32],
                                        const uint8_t base_key[32],
                                        const uint8_t identity_key[32],
                                        size_t message_len);

/* ---- double ratchet (ratchet.c) ----------------------------------------- */

typedef struct cq_olm_chain_key {
    uint8_t key[32];
    uint32_t index;
} cq_olm_chain_key;

typedef struct cq_olm_sender_chain {
    uint8_t ratchet_public[32];
    uint8_t ratchet_private[32];
    cq_olm_chain_key chain_key;
} cq_olm_sender_chain;

typedef struct cq_olm_receiver_chain {
    uint8_t ratchet_key[32];
    cq_olm_chain_key chain_key;
} cq_olm_receiver_chain;

typedef struct cq_olm_skipped_key {
    uint8_t ratchet_key[32];
    uint8_t message_key[32];
    uint32_t index;
} cq_olm_skipped_key;

/*
 * The ratchet. Lists are ordered as libolm orders them (and pickles them):
 * the newest entry first; a full list drops its last (oldest) entry.
 */
typedef struct cq_olm_ratchet {
    uint8_t root_key[32];
    uint32_t has_sender_chain; /* 0 or 1 */
    cq_olm_sender_chain sender_chain;
    uint32_t num_receiver_chains;
    cq_olm_receiver_chain receiver_chains[CQ_OLM_MAX_RECEIVER_CHAINS];
    uint32_t num_skipped_keys;
    cq_olm_skipped_key skipped_keys[CQ_OLM_MAX_SKIPPED_KEYS];
    /* 0: SessionConfig version 1 (every ratchet libolm knows); 1: version
     * 2, full MACs. Set at session creation, never changed; not in
     * libolm's layout (docs/session-config.md). */
    uint32_t full_mac;
} cq_olm_ratchet;

/* The first chains from the 3DH secret (Alice sends, Bob receives). */
void cq_olm_ratchet_init_alice(cq_olm_ratchet *r, const uint8_t *secret,
                               size_t secret_len,
                               const uint8_t ratchet_private[32]);
void cq_olm_ratchet_init_bob(cq_olm_ratchet *r, const uint8_t *secret,
                             size_t secret_len,
                             const uint8_t their_ratchet_key[32]);

/* 1 if the next encryption needs CQ_OLM_ENCRYPT_RANDOM_BYTES. */
int cq_olm_ratchet_needs_random(const cq_olm_ratchet *r);

/* Length of the normal message that encrypts n bytes next. */
size_t cq_olm_ratchet_encrypt_size(const cq_olm_ratchet *r, size_t n);

/*
 * Encrypts pt[0..n) into a normal message written at w, taking random only
 * when a new ratchet key is needed (random may be NULL otherwise). On
 * failure (too small a writer: CLIQUET_ERR_OUTPUT_TOO_SMALL; a peer ratchet
 * key of low order: CLIQUET_ERR_ZERO_SHARED_SECRET) r is unchanged.
 */
cliquet_status cq_olm_ratchet_encrypt(cq_olm_ratchet *r, cq_writer *w,
                                      const uint8_t *pt, size_t n,
                                      const uint8_t *random);

/*
 * What a decryption evicted to keep the ratchet's bounds: skipped message
 * keys (oldest first, past CQ_OLM_MAX_SKIPPED_KEYS) and receiver chains
 * (past CQ_OLM_MAX_RECEIVER_CHAINS). libolm evicts the same, silently; the
 * API reports it so a caller can tell "too far ahead" from a forgery.
 */
typedef struct cq_olm_evictions {
    uint32_t message_keys;
    uint32_t chains;
} cq_olm_evictions;

/*
 * Decrypts the normal message in[0..n) into pt (room for at least the
 * ciphertext length, else CLIQUET_ERR_OUTPUT_TOO_SMALL with that length in
 * *pt_len). All or nothing: on any failure r is unchanged and pt wiped. On
 * success *ev (ev may be NULL) counts what the call evicted.
 */
cliquet_status cq_olm_ratchet_decrypt(cq_olm_ratchet *r, const uint8_t *in,
                                      size_t n, uint8_t *pt, size_t pt_cap,
                                      size_t *pt_len, cq_olm_evictions *ev);

/*
 * Checks a peer's Curve25519 public key before use: CLIQUET_ERR_BAD_KEY if
 * it is not canonically encoded (top bit set, or a value of p or more),
 * CLIQUET_ERR_ZERO_SHARED_SECRET if it is a point of small order (all zero
 * included), whose X25519 with any private key is all zeros.
 */
cliquet_status cq_olm_check_public_key(const uint8_t key[32]);

/* ---- accounts (account.c) ------------------------------------------------- */

typedef struct cq_olm_one_time_key {
    uint32_t id;
    uint8_t published;
    /*
     * 1 when the pair was read from a libolm pickle and public_key has not
     * yet been shown to be the one private_key gives: cq_olm_session_inbound
     * checks it before the first use of private_key (see
     * cq_olm_account_unpickle).
     */
    uint8_t unchecked;
    uint8_t public_key[32];
    uint8_t private_key[32];
} cq_olm_one_time_key;

/*
 * An account. one_time_keys[0] is the newest (libolm's order); at most
 * CQ_OLM_MAX_ONE_TIME_KEYS, the oldest dropped to make room.
 * fallback_keys[0] is the current fallback key, [1] the previous one.
 */
typedef struct cq_olm_account {
    cq_ed25519_key ed25519;
    uint8_t curve25519_public[32];
    uint8_t curve25519_private[32];
    uint32_t num_one_time_keys;
    cq_olm_one_time_key one_time_keys[CQ_OLM_MAX_ONE_TIME_KEYS];
    uint32_t num_fallback_keys;
    cq_olm_one_time_key fallback_keys[CQ_OLM_MAX_FALLBACK_KEYS];
    uint32_t next_key_id;
} cq_olm_account;

/* A new account from CQ_OLM_ACCOUNT_RANDOM_BYTES. */
void cq_olm_account_init(cq_olm_account *a,
                         const uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES]);

/*
 * count new one-time keys from random[0..32*count), ids counting on from
 * the last. count > CQ_OLM_MAX_ONE_TIME_KEYS, or ids that would pass
 * 2^32 - 1 (they never wrap), is CLIQUET_ERR_TOO_MANY_KEYS with nothing
 * made; otherwise the oldest keys make room as needed.
 */
cliquet_status cq_olm_account_generate_one_time_keys(cq_olm_account *a,
                                                     size_t count,
                                                     const uint8_t *random);

/* Number of unpublished one-time keys. */
size_t cq_olm_account_unpublished_count(const cq_olm_account *a);

/* The i-th unpublished one-time key (newest first), or NULL. */
const cq_olm_one_time_key *cq_olm_account_unpublished(const cq_olm_account *a,
                                                      size_t i);

/* Marks every one-time key and the current fallback key published. */
void cq_olm_account_mark_published(cq_olm_account *a);

/* A new current fallback key; the current one becomes the previous one.
 * CLIQUET_ERR_TOO_MANY_KEYS, nothing changed, when key ids are used up. */
cliquet_status cq_olm_account_generate_fallback_key(
    cq_olm_account *a, const uint8_t random[CQ_OLM_FALLBACK_KEY_RANDOM_BYTES]);

/* The current fallback key if it is unpublished, else NULL. */
const cq_olm_one_time_key *
cq_olm_account_unpublished_fallback_key(const cq_olm_account *a);

void cq_olm_account_forget_old_fallback_key(cq_olm_account *a);

/* Our one-time or fallback key with this public key, or NULL. */
const cq_olm_one_time_key *cq_olm_account_find_key(const cq_olm_account *a,
                                                   const uint8_t public_key[32]);

/* Removes the one-time key with this public key; fallback keys stay. */
void cq_olm_account_remove_one_time_key(cq_olm_account *a,
                                        const uint8_t public_key[32]);

/*
 * Clears the unchecked mark of k, one of a's fallback keys (as returned by
 * cq_olm_account_find_key); nothing for any other key (a one-time key is
 * removed once used).
 */
void cq_olm_account_mark_fallback_checked(cq_olm_account *a,
                                          const cq_olm_one_time_key *k);

/* The 4-byte big-endian form of a key id (base64 of it is the key id). */
void cq_olm_key_id_bytes(uint8_t out[4], uint32_t id);

/* ---- sessions (session.c) --------------------------------------------------- */

/*
 * A session. alice_* and bob_one_time_key name the roles of the 3DH: Alice
 * made the session outbound, Bob from her pre-key message. The session id
 * and pre-key messages are made of them. their_identity_key is the peer's
 * Curve25519 identity key: alice_identity_key for an inbound session, the
 * key given at creation for an outbound one (libolm does not keep it).
 */
typedef struct cq_olm_session {
    uint32_t received_message; /* 0 or 1 */
    uint8_t alice_identity_key[32];
    uint8_t alice_base_key[32];
    uint8_t bob_one_time_key[32];
    uint8_t their_identity_key[32];
    cq_olm_ratchet ratchet;
} cq_olm_session;

/*
 * An outbound session to their identity key and one-time (or fallback) key,
 * from CQ_OLM_OUTBOUND_RANDOM_BYTES. A key refused by
 * cq_olm_check_public_key gives its status and s wiped.
 */
cliquet_status cq_olm_session_outbound(cq_olm_session *s,
                                       const cq_olm_account *a,
                                       const uint8_t their_identity_key[32],
                                       const uint8_t their_one_time_key[32],
                                       const uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES]);

/* The same with a SessionConfig: full_mac 0 (version 1) or 1 (version 2). */
cliquet_status cq_olm_session_outbound_v(cq_olm_session *s,
                                         const cq_olm_account *a,
                                         const uint8_t their_identity_key[32],
                                         const uint8_t their_one_time_key[32],
                                         const uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES],
                                         int full_mac);

/*
 * An inbound session from a pre-key message: finds our key, runs the 3DH,
 * decrypts the embedded message into pt (room for at least the message
 * length) and only then fills s and removes the one-time key from a (a
 * fallback key stays). their_identity_key may be NULL (any sender);
 * otherwise a message from another key is CLIQUET_ERR_WRONG_SESSION. On
 * failure neither s nor a is changed (s is wiped). ev (may be NULL): as
 * cq_olm_ratchet_decrypt.
 */
cliquet_status cq_olm_session_inbound(cq_olm_session *s, cq_olm_account *a,
                                      const uint8_t *their_identity_key,
                                      const uint8_t *msg, size_t n,
                                      uint8_t *pt, size_t pt_cap,
                                      size_t *pt_len, cq_olm_evictions *ev);

/*
 * The same for a session of the config the caller expects (full_mac 0 or
 * 1), as vodozemac's create_inbound_session(config, ...): an embedded
 * message of the other config is CLIQUET_ERR_BAD_MESSAGE_VERSION
 * (vodozemac: MismatchedSessionConfig), with nothing changed.
 */
cliquet_status cq_olm_session_inbound_v(cq_olm_session *s, cq_olm_account *a,
                                        const uint8_t *their_identity_key,
                                        const uint8_t *msg, size_t n,
                                        uint8_t *pt, size_t pt_cap,
                                        size_t *pt_len, cq_olm_evictions *ev,
                                        int full_mac);

/*
 * 1 if the pre-key message msg belongs to s (and, when their_identity_key
 * is not NULL, comes from that key), 0 if not; a malformed message is its
 * parse status.
 */
cliquet_status cq_olm_session_matches(const cq_olm_session *s,
                                      const uint8_t *their_identity_key,
                                      const uint8_t *msg, size_t n,
                                      int *matches);

/* SHA-256(I_A || E_A || E_B). */
void cq_olm_session_id(const cq_olm_session *s, uint8_t id[32]);

/* CQ_OLM_MESSAGE_PRE_KEY until a message from the peer has decrypted. */
int cq_olm_session_message_type(const cq_olm_session *s);

/* The length of the next message for a plaintext of n bytes. */
size_t cq_olm_session_encrypt_size(const cq_olm_session *s, size_t n);

/*
 * Encrypts pt[0..n) into out (room for cq_olm_session_encrypt_size bytes),
 * a pre-key or normal message as *type says. random is
 * CQ_OLM_ENCRYPT_RANDOM_BYTES (used only when the ratchet needs a new key).
 */
cliquet_status cq_olm_session_encrypt(cq_olm_session *s, int *type,
                                      uint8_t *out, size_t cap, size_t *len,
                                      const uint8_t *pt, size_t n,
                                      const uint8_t *random);

/*
 * Decrypts a message of the given type. A pre-key message must belong to
 * this session (CLIQUET_ERR_WRONG_SESSION otherwise). All or nothing. ev
 * (may be NULL): as cq_olm_ratchet_decrypt.
 */
cliquet_status cq_olm_session_decrypt(cq_olm_session *s, int type,
                                      const uint8_t *msg, size_t n,
                                      uint8_t *pt, size_t pt_cap,
                                      size_t *pt_len, cq_olm_evictions *ev);

/* ---- libolm's pickle layout, unencrypted (olm_pickle.c) ------------------ */

/* Bytes of the layout of s and a. */
size_t cq_olm_session_pickle_size(const cq_olm_session *s);
size_t cq_olm_account_pickle_size(const cq_olm_account *a);

/* Writes libolm's session pickle (version 1) / account pickle (version 4). */
void cq_olm_session_pickle(cq_writer *w, const cq_olm_session *s);
void cq_olm_account_pickle(cq_writer *w, const cq_olm_account *a);

/*
 * Reads them back strictly (every list within cliquet's bounds, booleans 0
 * or 1, nothing trailing): CLIQUET_ERR_PICKLE_UNKNOWN_VERSION,
 * CLIQUET_ERR_PICKLE_CORRUPTED, CLIQUET_ERR_PICKLE_LOSSY. libolm does not
 * keep an outbound session's peer identity key: their_identity_key gives
 * it (NULL: the session is taken as inbound, the peer being Alice).
 */
cliquet_status cq_olm_session_unpickle(cq_olm_session *s, const uint8_t *in,
                                       size_t n,
                                       const uint8_t *their_identity_key);
/*
 * check_key_pairs, for libolm's pickles: recompute the two identity public
 * keys (Ed25519, Curve25519) from their private keys and refuse a mismatch
 * (two scalar multiplications), and mark every one-time and fallback key
 * pair unchecked: cq_olm_session_inbound, the only user of their private
 * keys, checks a pair before its first use. Checking them all here cost
 * one scalar multiplication per key, up to 102, at every load, and most
 * are never used before the account is stored again. cliquet's native
 * pickles, which only cliquet writes and whose AEAD authenticates every
 * byte, pass 0: nothing is recomputed (docs/pickle-format.md).
 */
cliquet_status cq_olm_account_unpickle(cq_olm_account *a, const uint8_t *in,
                                       size_t n, int check_key_pairs);

#endif /* CLIQUET_OLM_H */
