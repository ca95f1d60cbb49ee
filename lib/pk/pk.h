/*
 * lib/pk: "PK" objects as Matrix clients use them (docs/pk.md).
 *
 *   - Legacy key-backup encryption, m.megolm_backup.v1.curve25519-aes-sha2:
 *     an ephemeral X25519 key, HKDF-SHA-256, AES-256-CBC and an 8-byte
 *     "MAC" that libolm (and so every peer) computes over an EMPTY message.
 *     That MAC depends on the shared secret only: it authenticates nothing
 *     about the ciphertext. It is kept, under names saying "legacy", because
 *     every existing backup carries it.
 *   - The decryption key pair, and its fields in libolm's unencrypted
 *     pickle layout (version 1), for lib/pickle to wrap.
 *   - Signing keys (cross-signing): Ed25519 from a 32-byte seed.
 *
 * Functional core: nothing here draws random bytes (they are arguments)
 * and nothing allocates. Depends on lib/crypto and lib/core only.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_PK_H
#define CLIQUET_PK_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "crypto/crypto.h"

/* ---- protocol constants (all of them, in one place) -------------------- */

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2: "generate
 * 80 bytes by performing an HKDF using SHA-256 as the hash, with a salt of
 * 32 bytes of 0, and with the empty string as the info. The first 32 bytes
 * are used as the AES key, the next 32 bytes are used as the MAC key, and
 * the last 16 bytes are used as the AES initialization vector." */
#define CQ_PK_KDF_INFO ""
#define CQ_PK_KDF_INFO_BYTES 0
#define CQ_PK_AES_KEY_BYTES 32
#define CQ_PK_MAC_KEY_BYTES 32
#define CQ_PK_IV_BYTES 16
#define CQ_PK_KDF_BYTES 80 /* AES key || MAC key || AES IV */

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2: "The
 * first 8 bytes of the resulting MAC are base64-encoded". */
#define CQ_PK_MAC_BYTES 8

#define CQ_PK_KEY_BYTES 32 /* X25519 public and private keys */

/*
 * Plaintexts longer than this are refused (CLIQUET_ERR_INPUT_TOO_LARGE), as
 * Olm's and Megolm's: 1 GiB, so that ciphertext and base64 lengths cannot
 * overflow a size_t even on 32-bit systems. A backup's base64 ciphertext is
 * then shorter than CQ_PK_MAX_CIPHERTEXT_BASE64, and decryption refuses
 * longer texts before it computes or allocates anything.
 */
#define CQ_PK_MAX_PLAINTEXT_BYTES ((size_t)1 << 30)
#define CQ_PK_MAX_CIPHERTEXT_BASE64 (2 * CQ_PK_MAX_PLAINTEXT_BYTES)

/* libolm src/pk.cpp: PK_DECRYPTION_PICKLE_VERSION, then the key pair. */
#define CQ_PK_DECRYPTION_PICKLE_VERSION 1
#define CQ_PK_DECRYPTION_PICKLE_BYTES (4 + CQ_PK_KEY_BYTES + CQ_PK_KEY_BYTES) /* 68 */

/* ---- legacy backup encryption ------------------------------------------ */

/* A backup decryption key: the X25519 pair. */
typedef struct cq_pk_decryption {
    uint8_t public_key[CQ_PK_KEY_BYTES];
    uint8_t private_key[CQ_PK_KEY_BYTES];
} cq_pk_decryption;

/*
 * The pair for a private key (any 32 bytes: X25519 clamps inside each
 * multiplication, and libolm keeps the bytes unclamped, as cliquet does).
 */
void cq_pk_decryption_from_private(cq_pk_decryption *d,
                                   const uint8_t private_key[CQ_PK_KEY_BYTES]);

void cq_pk_decryption_clear(cq_pk_decryption *d);

/* Raw ciphertext length for n bytes of plaintext (PKCS#7 always pads). */
size_t cq_pk_ciphertext_len(size_t n);

/*
 * Encrypts plaintext[0..n) to recipient_key with the ephemeral private key
 * `random` (32 random bytes). Writes cq_pk_ciphertext_len(n) bytes to
 * ciphertext, the 8-byte legacy MAC to mac and the ephemeral public key to
 * ephemeral_key. Refuses a recipient key that gives an all-zero shared
 * secret (CLIQUET_ERR_ZERO_SHARED_SECRET) and n above
 * CQ_PK_MAX_PLAINTEXT_BYTES (CLIQUET_ERR_INPUT_TOO_LARGE), writing nothing.
 */
cliquet_status cq_pk_encrypt_legacy(uint8_t *ciphertext,
                                    uint8_t mac[CQ_PK_MAC_BYTES],
                                    uint8_t ephemeral_key[CQ_PK_KEY_BYTES],
                                    const uint8_t recipient_key[CQ_PK_KEY_BYTES],
                                    const uint8_t *plaintext, size_t n,
                                    const uint8_t random[CQ_PK_KEY_BYTES]);

/*
 * Decrypts ciphertext[0..n) into plaintext (room for n bytes) and sets
 * *plaintext_len. Checks, in this order, before any block is decrypted:
 * the ciphertext length (0 or not a multiple of 16:
 * CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH), the shared secret (all zero:
 * CLIQUET_ERR_ZERO_SHARED_SECRET), the legacy MAC in constant time
 * (CLIQUET_ERR_BAD_MESSAGE_MAC); then the padding
 * (CLIQUET_ERR_BAD_PADDING). On failure plaintext holds nothing.
 */
cliquet_status cq_pk_decrypt_legacy(uint8_t *plaintext, size_t *plaintext_len,
                                    const cq_pk_decryption *d,
                                    const uint8_t ephemeral_key[CQ_PK_KEY_BYTES],
                                    const uint8_t mac[CQ_PK_MAC_BYTES],
                                    const uint8_t *ciphertext, size_t n);

/* ---- libolm pickle fields (unencrypted layout, version 1) -------------- */

/*
 * libolm's PK decryption pickle before its envelope: a big-endian u32
 * version (1), the 32-byte public key, the 32-byte private key. lib/pickle
 * adds and removes the envelope (libolm's AES-CBC + HMAC, or cliquet's own).
 */
void cq_pk_decryption_pickle_write(cq_writer *w, const cq_pk_decryption *d);

/*
 * Reads the fields written above from r into *d; d changes only on success.
 * CLIQUET_ERR_PICKLE_UNKNOWN_VERSION for a version other than 1;
 * CLIQUET_ERR_PICKLE_CORRUPTED if the fields are truncated or the public
 * key is not the private key's (libolm trusts the stored public key;
 * cliquet recomputes it and refuses a mismatch). Trailing bytes are left
 * in r: the caller, which knows where the pickle ends, refuses them.
 */
cliquet_status cq_pk_decryption_pickle_read(cq_pk_decryption *d, cq_reader *r);

/* ---- signing keys ------------------------------------------------------- */

#define CQ_PK_SIGNING_SEED_BYTES CQ_ED25519_SEED_BYTES

/*
 * A signing key is an Ed25519 key from a 32-byte seed (libolm:
 * olm_pk_signing_key_from_seed). cq_ed25519_from_seed and cq_ed25519_sign
 * do the work; nothing PK-specific is needed beyond this note.
 */

#endif /* CLIQUET_PK_H */
