/*
 * lib/megolm: Megolm group sessions (docs/megolm.md). The four-part
 * ratchet, the group message codec, outbound and inbound group sessions,
 * the session-sharing (v2, signed) and session-export (v1, unsigned)
 * formats, and the fields of libolm's unencrypted group session pickles.
 *
 * Functional core: nothing here draws random bytes (outbound creation
 * takes them as an argument) and nothing allocates. Every session is a
 * flat, fixed-size struct without pointers, so "work on a copy, commit on
 * success" is one memcpy and "a refused call changed nothing" can be checked
 * by comparing bytes.
 *
 * Depends on lib/crypto and lib/core only.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_MEGOLM_H
#define CLIQUET_MEGOLM_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "crypto/crypto.h"

/* ---- protocol constants (all of them, in one place) -------------------- */

/* spec: megolm.md §The Megolm ratchet algorithm: "The Megolm ratchet R_i
 * consists of four parts, R_{i,j} for j in {0,1,2,3}. The length of each
 * part depends on the hash function in use (256 bits for this version of
 * Megolm)." */
#define CQ_MEGOLM_PARTS 4
#define CQ_MEGOLM_PART_BYTES 32
#define CQ_MEGOLM_RATCHET_BYTES (CQ_MEGOLM_PARTS * CQ_MEGOLM_PART_BYTES) /* 128 */

/* spec: megolm.md §Message encryption: HKDF(0, R_i, "MEGOLM_KEYS", 80).
 * The info string is the 11 characters, without a NUL. */
#define CQ_MEGOLM_KDF_INFO "MEGOLM_KEYS"
#define CQ_MEGOLM_KDF_INFO_BYTES 11
#define CQ_MEGOLM_AES_KEY_BYTES 32
#define CQ_MEGOLM_MAC_KEY_BYTES 32
#define CQ_MEGOLM_IV_BYTES 16
#define CQ_MEGOLM_KDF_BYTES 80 /* AES key || HMAC key || AES IV */

/* spec: megolm.md §Message format: 'The version byte, V, is "\x03"', an
 * 8-byte MAC and a 64-byte signature. */
#define CQ_MEGOLM_MESSAGE_VERSION 3
#define CQ_MEGOLM_MAC_BYTES 8
#define CQ_MEGOLM_SIGNATURE_BYTES 64
/*
 * vodozemac's megolm::SessionConfig version 2 (src/megolm/session_config.rs
 * and message.rs, behind its experimental-session-config feature;
 * docs/session-config.md): version byte 4 and the whole 32-byte MAC, which
 * the signature then covers. Session keys and exports do not change.
 * Functions that take full_mac read it as 0 for version 1, 1 for version 2.
 */
#define CQ_MEGOLM_MESSAGE_VERSION_V2 4
#define CQ_MEGOLM_FULL_MAC_BYTES 32
/* Payload keys: Message-Index 0x08 (field 1, varint), Cipher-Text 0x12
 * (field 2, length-delimited). */
#define CQ_MEGOLM_INDEX_TAG 0x08
#define CQ_MEGOLM_CIPHERTEXT_TAG 0x12
/* The shortest message: version, index tag + 1-byte varint, ciphertext tag
 * + 1-byte length, MAC, signature (before the 16 ciphertext bytes). */
#define CQ_MEGOLM_MESSAGE_OVERHEAD (1 + 2 + 2 + CQ_MEGOLM_MAC_BYTES + CQ_MEGOLM_SIGNATURE_BYTES)

/* spec: megolm.md §Session sharing format: V (0x02), i (u32 big-endian),
 * R(i,0..3), Kpub, Signature: 229 bytes. */
#define CQ_MEGOLM_SESSION_KEY_VERSION 2
#define CQ_MEGOLM_SESSION_KEY_BYTES (1 + 4 + CQ_MEGOLM_RATCHET_BYTES + 32 + 64) /* 229 */
/* spec: megolm.md §Session export format: the same without the signature,
 * 165 bytes, version byte 0x01. (Revisions of the document before libolm's
 * commit 203083c said 0x02; libolm has always written and read 0x01.) */
#define CQ_MEGOLM_EXPORT_VERSION 1
#define CQ_MEGOLM_EXPORT_BYTES (1 + 4 + CQ_MEGOLM_RATCHET_BYTES + 32) /* 165 */

/* libolm's olm_init_outbound_group_session takes 128 bytes of ratchet, then
 * the 32-byte Ed25519 seed, in that order. */
#define CQ_MEGOLM_OUTBOUND_RANDOM_BYTES (CQ_MEGOLM_RATCHET_BYTES + CQ_ED25519_SEED_BYTES) /* 160 */

/*
 * Plaintexts longer than this are refused (CLIQUET_ERR_INPUT_TOO_LARGE), as
 * Olm's: 1 GiB, so that message and base64 lengths cannot overflow a size_t
 * even on 32-bit systems. A base64 message of such a plaintext is shorter
 * than CQ_MEGOLM_MAX_MESSAGE_BASE64, and decryption refuses longer texts
 * before it allocates anything.
 */
#define CQ_MEGOLM_MAX_PLAINTEXT_BYTES ((size_t)1 << 30)
#define CQ_MEGOLM_MAX_MESSAGE_BASE64 (2 * CQ_MEGOLM_MAX_PLAINTEXT_BYTES)

/* ---- message indices ------------------------------------------------------ */

/*
 * Indices are u32 and compare as libolm compares them, with wrap-around:
 * a is "at or after" b when (uint32_t)(a - b) < 2^31. So 0x00000005 is after
 * 0xfffffffe (the counter wrapped), and an index 2^31 or more ahead counts
 * as behind. Returns 1 or 0.
 */
int cq_megolm_index_at_or_after(uint32_t a, uint32_t b);

/* ---- the ratchet (ratchet.c) ------------------------------------------ */

typedef struct cq_megolm_ratchet {
    /* R(i,0) || R(i,1) || R(i,2) || R(i,3): part j is at 32 * j. Kept flat
     * because R_i as a whole is the input of the message key derivation
     * and of both key formats. */
    uint8_t data[CQ_MEGOLM_RATCHET_BYTES];
    uint32_t counter;                                    /* i */
} cq_megolm_ratchet;

/* R_i from 128 bytes (the four parts in order) and the index i. */
void cq_megolm_ratchet_init(cq_megolm_ratchet *r,
                            const uint8_t data[CQ_MEGOLM_RATCHET_BYTES],
                            uint32_t counter);

/* R_{i+1} from R_i (counter 0xffffffff wraps to 0, as in libolm). */
void cq_megolm_ratchet_advance(cq_megolm_ratchet *r);

/*
 * R_index from R_i, with at most 4 * 255 + 6 HMACs whatever the distance.
 * The distance is taken modulo 2^32 part by part, exactly as libolm does;
 * callers choose a ratchet at or before index (cq_megolm_index_at_or_after).
 */
void cq_megolm_ratchet_advance_to(cq_megolm_ratchet *r, uint32_t index);

/* ---- the group message codec (message.c) -------------------------------- */

/* Length of the raw (not base64) message for this index and plaintext. */
size_t cq_megolm_message_len(uint32_t index, size_t plaintext_len);

/*
 * Writes a whole message into out (cq_megolm_message_len bytes): version,
 * index, AES-256-CBC ciphertext of the plaintext, 8-byte MAC, Ed25519
 * signature, with the keys derived from ratchet r (whose counter is the
 * index written).
 */
void cq_megolm_message_write(uint8_t *out, const cq_megolm_ratchet *r,
                             const cq_ed25519_key *signing_key,
                             const uint8_t *plaintext, size_t plaintext_len);

/* The same for either config (the two above are these with full_mac 0). */
size_t cq_megolm_message_len_v(uint32_t index, size_t plaintext_len,
                               int full_mac);
void cq_megolm_message_write_v(uint8_t *out, const cq_megolm_ratchet *r,
                               const cq_ed25519_key *signing_key,
                               const uint8_t *plaintext, size_t plaintext_len,
                               int full_mac);

/* A parsed message: views into the input, nothing copied. */
typedef struct cq_megolm_message {
    const uint8_t *bytes;  /* the whole message */
    uint32_t index;
    const uint8_t *ciphertext;
    size_t ciphertext_len;
    size_t mac_input_len;  /* bytes the MAC covers: all before it */
    const uint8_t *mac;    /* mac_len bytes */
    size_t mac_len;        /* CQ_MEGOLM_MAC_BYTES, or _FULL_MAC_BYTES (v2) */
    size_t signed_len;     /* bytes the signature covers: all before it */
    const uint8_t *signature;
} cq_megolm_message;

/*
 * Strict parse: version 3, then exactly the index field (canonical varint
 * that fits 32 bits), then exactly the ciphertext field, then the 8-byte MAC
 * and 64-byte signature and nothing else. Returns
 * CLIQUET_ERR_BAD_MESSAGE_FORMAT (truncated, wrong fields, trailing bytes),
 * CLIQUET_ERR_BAD_MESSAGE_VERSION, or CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH
 * (ciphertext empty or not a multiple of 16).
 */
cliquet_status cq_megolm_message_parse(cq_megolm_message *m,
                                       const uint8_t *in, size_t n);

/*
 * The same parser for a session of either config: version 3 and an 8-byte
 * MAC (full_mac 0), or version 4 and a 32-byte MAC (full_mac 1). The other
 * version is CLIQUET_ERR_BAD_MESSAGE_VERSION: a session reads its own
 * config's messages only. cq_megolm_message_parse is this with full_mac 0.
 */
cliquet_status cq_megolm_message_parse_v(cq_megolm_message *m,
                                         const uint8_t *in, size_t n,
                                         int full_mac);

/*
 * Checks the MAC of a parsed message with the keys from ratchet r (at the
 * message's index) and decrypts it into out (room for m->ciphertext_len
 * bytes). CLIQUET_ERR_BAD_MESSAGE_MAC or CLIQUET_ERR_BAD_PADDING on failure,
 * with out wiped.
 */
cliquet_status cq_megolm_message_decrypt(uint8_t *out, size_t *out_len,
                                         const cq_megolm_message *m,
                                         const cq_megolm_ratchet *r);

/* ---- session sharing and export formats (session_key.c) ------------------ */

/* The signed v2 session key of ratchet r and signing key k (229 bytes). */
void cq_megolm_session_key_write(uint8_t out[CQ_MEGOLM_SESSION_KEY_BYTES],
                                 const cq_megolm_ratchet *r,
                                 const cq_ed25519_key *k);

/*
 * Reads a v2 session key of n bytes into *r and public_key, verifying its
 * signature. CLIQUET_ERR_BAD_SESSION_KEY (length, version) or
 * CLIQUET_ERR_BAD_SIGNATURE; nothing written on failure.
 */
cliquet_status cq_megolm_session_key_read(cq_megolm_ratchet *r,
                                          uint8_t public_key[CQ_ED25519_PUBLIC_BYTES],
                                          const uint8_t *in, size_t n);

/* The unsigned v1 export of ratchet r and public key (165 bytes). */
void cq_megolm_export_write(uint8_t out[CQ_MEGOLM_EXPORT_BYTES],
                            const cq_megolm_ratchet *r,
                            const uint8_t public_key[CQ_ED25519_PUBLIC_BYTES]);

/*
 * Reads a v1 export of n bytes. CLIQUET_ERR_BAD_SESSION_KEY (length,
 * version); nothing written on failure.
 */
cliquet_status cq_megolm_export_read(cq_megolm_ratchet *r,
                                     uint8_t public_key[CQ_ED25519_PUBLIC_BYTES],
                                     const uint8_t *in, size_t n);

/* ---- outbound group session (outbound.c) -------------------------------- */

typedef struct cq_megolm_outbound {
    cq_megolm_ratchet ratchet;
    cq_ed25519_key signing_key;
    uint8_t full_mac; /* SessionConfig: 0 version 1 (libolm's), 1 version 2 */
} cq_megolm_outbound;

/*
 * A new session from 160 random bytes: the first 128 are the ratchet
 * (counter 0), the last 32 the Ed25519 seed (libolm's order).
 */
void cq_megolm_outbound_init(cq_megolm_outbound *s,
                             const uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES]);

/* The session id: the Ed25519 public key (raw). */
const uint8_t *cq_megolm_outbound_id(const cq_megolm_outbound *s);

/*
 * Raw message length for the next encrypt of plaintext_len bytes;
 * 0 if plaintext_len > CQ_MEGOLM_MAX_PLAINTEXT_BYTES.
 */
size_t cq_megolm_outbound_message_len(const cq_megolm_outbound *s,
                                      size_t plaintext_len);

/*
 * Encrypts with the current ratchet, then advances it. out_cap must be at
 * least cq_megolm_outbound_message_len (else CLIQUET_ERR_OUTPUT_TOO_SMALL
 * with the size in *out_len); CLIQUET_ERR_INPUT_TOO_LARGE past the bound.
 */
cliquet_status cq_megolm_outbound_encrypt(cq_megolm_outbound *s, uint8_t *out,
                                          size_t out_cap, size_t *out_len,
                                          const uint8_t *plaintext,
                                          size_t plaintext_len);

/* The signed v2 session key at the current index (229 bytes). */
void cq_megolm_outbound_session_key(uint8_t out[CQ_MEGOLM_SESSION_KEY_BYTES],
                                    const cq_megolm_outbound *s);

/* ---- inbound group session (inbound.c) ---------------------------------- */

/*
 * The opt-in replay record (replay.c, since ABI 1.1; docs/limits.md): the
 * message indices an inbound session has decrypted, each with a digest of
 * its message, so that a message seen again is told from another message
 * at the same index. At most CQ_MEGOLM_REPLAY_MAX entries: the default
 * rotation of a Megolm session (100 messages) fits whole. When it is full,
 * the entry of the lowest index goes; a message older than every entry of
 * a full record is decrypted but reported as untracked.
 */
#define CQ_MEGOLM_REPLAY_MAX 128
#define CQ_MEGOLM_REPLAY_DIGEST_BYTES 16 /* SHA-256 of the message, truncated */

typedef struct cq_megolm_replay_entry {
    uint32_t index;
    uint8_t digest[CQ_MEGOLM_REPLAY_DIGEST_BYTES];
} cq_megolm_replay_entry;

typedef struct cq_megolm_replay {
    uint8_t enabled;   /* 0: no record is kept (the default) */
    uint16_t count;    /* entries in use, at most CQ_MEGOLM_REPLAY_MAX */
    uint32_t evicted;  /* entries dropped since enabled (for the caller) */
    cq_megolm_replay_entry entries[CQ_MEGOLM_REPLAY_MAX]; /* no order */
} cq_megolm_replay;

/* What the record says of a decrypted message (cliquet_megolm_replay). */
typedef enum cq_megolm_replay_verdict {
    CQ_MEGOLM_REPLAY_OFF = 0,        /* no record kept */
    CQ_MEGOLM_REPLAY_FIRST_TIME = 1, /* recorded now */
    CQ_MEGOLM_REPLAY_SAME = 2,       /* this very message again */
    CQ_MEGOLM_REPLAY_UNTRACKED = 3   /* older than a full record's entries */
} cq_megolm_replay_verdict;

typedef struct cq_megolm_inbound {
    cq_megolm_ratchet initial; /* the earliest ratchet known; never moves */
    cq_megolm_ratchet latest;  /* the latest used; a cache to save HMACs */
    uint8_t signing_key[CQ_ED25519_PUBLIC_BYTES]; /* also the session id */
    uint8_t verified;          /* libolm's flag: 1 once a message decrypts */
    uint8_t imported;          /* 1 if it came from an unsigned export; never
                                  changes (architecture.md §3) */
    cq_megolm_replay replay;   /* opt-in; not in libolm's layout */
    uint8_t full_mac;          /* SessionConfig: 0 version 1 (libolm's), 1
                                  version 2; chosen by the caller at creation
                                  (a session key does not say), never changes;
                                  not in libolm's layout */
} cq_megolm_inbound;

/*
 * From a v2 session key (229 raw bytes). Verifies the signature; the new
 * session is verified. CLIQUET_ERR_BAD_SESSION_KEY (length, version) or
 * CLIQUET_ERR_BAD_SIGNATURE; *s is untouched on failure.
 */
cliquet_status cq_megolm_inbound_from_session_key(cq_megolm_inbound *s,
                                                  const uint8_t *key, size_t n);

/*
 * From a v1 export (165 raw bytes, unsigned). The session is unverified
 * until a message with a valid signature decrypts.
 * CLIQUET_ERR_BAD_SESSION_KEY (length, version); *s untouched on failure.
 */
cliquet_status cq_megolm_inbound_import(cq_megolm_inbound *s,
                                        const uint8_t *exported, size_t n);

/*
 * The v1 export at index (at or after the first known index, else
 * CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX). Does not change the session.
 */
cliquet_status cq_megolm_inbound_export(uint8_t out[CQ_MEGOLM_EXPORT_BYTES],
                                        const cq_megolm_inbound *s,
                                        uint32_t index);

/*
 * The same export as libolm makes it: when index is at or after the latest
 * ratchet, that ratchet is moved to index (libolm shares the step with
 * decryption), so later pickles stay libolm's. For the libolm drop-in.
 */
cliquet_status cq_megolm_inbound_export_advancing(uint8_t out[CQ_MEGOLM_EXPORT_BYTES],
                                                  cq_megolm_inbound *s,
                                                  uint32_t index);

/* Largest plaintext a raw message of n bytes can hold (0 if too short). */
size_t cq_megolm_decrypt_max_len(size_t n);

/*
 * Decrypts a raw message: strict parse, signature, index, MAC, decryption.
 * out needs room for the ciphertext length (cq_megolm_decrypt_max_len(n)
 * always suffices; else CLIQUET_ERR_OUTPUT_TOO_SMALL with the size needed in
 * *out_len). On success sets *index and *verified (the session's flag after
 * this message, which is always 1) and commits the new state; on failure the
 * session is unchanged and out holds nothing.
 */
cliquet_status cq_megolm_inbound_decrypt(cq_megolm_inbound *s, uint8_t *out,
                                         size_t out_cap, size_t *out_len,
                                         uint32_t *index,
                                         const uint8_t *msg, size_t n);

/* ---- comparing, merging, advancing inbound sessions (merge.c) ---------- */

/*
 * vodozemac's SessionOrdering (src/megolm/inbound_group_session.rs): how a
 * relates to b. Connected: the same signing key, and the earlier session's
 * ratchet advanced to the later one's first index equals it, compared in
 * constant time. BETTER: a starts earlier; WORSE: later; EQUAL: at the same
 * index. Indices compare with wrap-around (cq_megolm_index_at_or_after), as
 * decryption does; two first indices exactly 2^31 apart are UNCONNECTED.
 */
typedef enum cq_megolm_ordering {
    CQ_MEGOLM_EQUAL = 0,
    CQ_MEGOLM_BETTER = 1,
    CQ_MEGOLM_WORSE = 2,
    CQ_MEGOLM_UNCONNECTED = 3
} cq_megolm_ordering;

cq_megolm_ordering cq_megolm_inbound_compare(const cq_megolm_inbound *a,
                                             const cq_megolm_inbound *b);

/*
 * vodozemac's merge: the connected session with the earlier first index
 * (a when equal), verified if either is, imported only if both are (a
 * ratchet that advances to a signed session's is as authentic as it: the
 * ratchet is one-way). -1, *out untouched, when they are unconnected.
 */
int cq_megolm_inbound_merge(cq_megolm_inbound *out, const cq_megolm_inbound *a,
                            const cq_megolm_inbound *b);

/*
 * vodozemac's advance_to: forgets every index before index, when index is
 * after the first known one (returns 1); else changes nothing (returns 0).
 */
int cq_megolm_inbound_advance_to(cq_megolm_inbound *s, uint32_t index);

/* ---- the replay record (replay.c) ------------------------------------------ */

/* Turns the record on (kept if already on) or off (its entries wiped). */
void cq_megolm_replay_enable(cq_megolm_inbound *s, int on);

/*
 * cq_megolm_inbound_decrypt, then the record: with it off, *verdict is
 * CQ_MEGOLM_REPLAY_OFF. With it on, a message whose index is recorded with
 * another digest is CLIQUET_ERR_MESSAGE_INDEX_REUSED: the session is
 * unchanged and out wiped (the plaintext is withheld: the sender's key
 * signed two messages at one index). Otherwise the verdict is FIRST_TIME
 * (recorded now; *evicted is 1 if that dropped the lowest entry), SAME or
 * UNTRACKED, and the session commits as decryption does.
 */
cliquet_status cq_megolm_inbound_decrypt_recorded(cq_megolm_inbound *s, uint8_t *out,
                                                  size_t out_cap, size_t *out_len,
                                                  uint32_t *index,
                                                  cq_megolm_replay_verdict *verdict,
                                                  const uint8_t *msg, size_t n);

/*
 * Drops the entries before the first known index (after advance_to), and
 * folds b's entries into a's record (merge: a's digest wins at an index
 * both hold, the lowest indices go when full). Both keep the record's
 * bound.
 */
void cq_megolm_replay_prune(cq_megolm_inbound *s);
void cq_megolm_replay_fold(cq_megolm_inbound *into, const cq_megolm_replay *from);

/*
 * The record's native pickle form, after the imported byte: nothing when
 * off; else u8 1, u16 count (big-endian), u32 evicted, then count times
 * (u32 index, 16-byte digest). _read checks it all: CLIQUET_ERR_PICKLE_
 * CORRUPTED for a bad flag, a count past the bound, a length that does not
 * match, an index twice or one before the first known index.
 */
size_t cq_megolm_replay_pickle_len(const cq_megolm_inbound *s);
void cq_megolm_replay_pickle(cq_writer *w, const cq_megolm_inbound *s);
cliquet_status cq_megolm_replay_unpickle(cq_megolm_inbound *s, const uint8_t *p, size_t n);

/* ---- libolm pickle fields (pickle.c), unencrypted ----------------------- */

/*
 * libolm's raw pickle layouts, integers big-endian:
 *   outbound v1: u32 version 1 | ratchet (128 bytes, u32 counter) |
 *                Ed25519 public key (32) | expanded secret key (64)   = 232
 *   inbound v2:  u32 version 2 | initial ratchet (132) | latest ratchet (132)
 *                | Ed25519 public key (32) | verified (1 byte, 0 or 1) = 301
 *   inbound v1:  as v2 without the verified byte, which reads as 1 (libolm
 *                verified every key at import then)                  = 300
 * lib/pickle wraps them in libolm's encrypted envelope.
 */
#define CQ_MEGOLM_OUTBOUND_PICKLE_VERSION 1
#define CQ_MEGOLM_INBOUND_PICKLE_VERSION 2
#define CQ_MEGOLM_OUTBOUND_PICKLE_BYTES (4 + 132 + 32 + 64)
#define CQ_MEGOLM_INBOUND_PICKLE_BYTES (4 + 132 + 132 + 32 + 1)

void cq_megolm_outbound_pickle(cq_writer *w, const cq_megolm_outbound *s);
void cq_megolm_inbound_pickle(cq_writer *w, const cq_megolm_inbound *s);

/*
 * Read a whole raw pickle (the reader must end exactly with it).
 * CLIQUET_ERR_PICKLE_UNKNOWN_VERSION or CLIQUET_ERR_PICKLE_CORRUPTED
 * (truncated, trailing bytes, a bad key or flag); *s untouched on failure.
 */
cliquet_status cq_megolm_outbound_unpickle(cq_megolm_outbound *s, cq_reader *r);
cliquet_status cq_megolm_inbound_unpickle(cq_megolm_inbound *s, cq_reader *r);

#endif /* CLIQUET_MEGOLM_H */
