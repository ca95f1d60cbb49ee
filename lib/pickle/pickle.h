/*
 * lib/pickle: the two pickle envelopes, over byte strings. Each object
 * encodes its own fields in its own layer (lib/olm, lib/megolm, lib/pk);
 * lib/api composes "fields -> envelope -> base64" and back. Nothing here
 * knows what an account or a session is, allocates, or draws random bytes.
 *
 *   native  cliquet's format (docs/pickle-format.md §Native): a header
 *           (magic, version, object type, key check, nonce) bound as
 *           associated data to an XChaCha20-Poly1305 encryption of the
 *           payload under a key derived from the caller's 32-byte key.
 *   libolm  libolm's format (docs/pickle-format.md §libolm): HKDF-SHA-256
 *           of a key of any length with info "Pickle" gives an AES-256 key,
 *           an HMAC key and an IV; AES-256-CBC with PKCS#7, then the first 8
 *           bytes of HMAC-SHA-256 over the ciphertext.
 *
 * Both are written and read as unpadded base64 text. Readers decode into a
 * caller's work buffer and open it in place.
 *
 * The file libolm_legacy.c rewrites libolm's older raw layouts (account
 * versions 2 and 3, session version 0x80000001) into the current ones, so
 * that the object layers read one version each.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_PICKLE_H
#define CLIQUET_PICKLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "crypto/crypto.h"

/* ---- native envelope (native.c) ------------------------------------------- */

/* The first four bytes of every native pickle: "CQPK". */
#define CQ_PICKLE_MAGIC_0 0x43
#define CQ_PICKLE_MAGIC_1 0x51
#define CQ_PICKLE_MAGIC_2 0x50
#define CQ_PICKLE_MAGIC_3 0x4b
#define CQ_PICKLE_MAGIC_BYTES 4
#define CQ_PICKLE_VERSION 1

/* Object types, one byte of the header. The numbers are part of the format. */
#define CQ_PICKLE_TYPE_ACCOUNT 1
#define CQ_PICKLE_TYPE_SESSION 2
#define CQ_PICKLE_TYPE_OUTBOUND_GROUP_SESSION 3
#define CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION 4
#define CQ_PICKLE_TYPE_PK_DECRYPTION 5

#define CQ_PICKLE_KEY_BYTES 32
#define CQ_PICKLE_KEY_CHECK_BYTES 8
#define CQ_PICKLE_NONCE_BYTES CQ_XCHACHA_NONCE_BYTES

/* magic | version | type | key check | nonce: 38 bytes, all of them the
 * associated data of the encryption. */
#define CQ_PICKLE_HEADER_BYTES                                                  \
    (CQ_PICKLE_MAGIC_BYTES + 1 + 1 + CQ_PICKLE_KEY_CHECK_BYTES +               \
     CQ_PICKLE_NONCE_BYTES)
#define CQ_PICKLE_OVERHEAD (CQ_PICKLE_HEADER_BYTES + CQ_XCHACHA_TAG_BYTES)

/* HKDF info of the key derivation; the length leaves out the NUL. */
#define CQ_PICKLE_KDF_INFO "cliquet pickle v1"
#define CQ_PICKLE_KDF_INFO_LEN 17

/*
 * Largest payload either envelope takes: keeps every length computation
 * far from overflow (the largest real payload, an account, is under 8 KiB).
 */
#define CQ_PICKLE_MAX_PAYLOAD_BYTES ((size_t)1 << 20)

/* Raw bytes and base64 characters of a native pickle of n payload bytes. */
size_t cq_pickle_native_raw_len(size_t n);
size_t cq_pickle_native_text_len(size_t n);

/*
 * Seals payload[0..n) (n <= CQ_PICKLE_MAX_PAYLOAD_BYTES) as object `type`
 * under key with the 24 random bytes `nonce`, and writes the base64 text
 * (cq_pickle_native_text_len(n) characters, no NUL) to text. work is
 * scratch of cq_pickle_native_raw_len(n) bytes, wiped before return.
 */
void cq_pickle_native_write(char *text, uint8_t *work, uint8_t type,
                            const uint8_t key[CQ_PICKLE_KEY_BYTES],
                            const uint8_t nonce[CQ_PICKLE_NONCE_BYTES],
                            const uint8_t *payload, size_t n);

/*
 * Reads the base64 text[0..n) of a native pickle of object `type`: decodes
 * it into work (work_cap >= cq_base64_decoded_len(n)) and opens it there.
 * On success *payload points into work at *payload_len bytes of plaintext.
 * Checks, in order: base64 (CLIQUET_ERR_BAD_BASE64); length and magic
 * (CLIQUET_ERR_PICKLE_CORRUPTED); version (CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
 * type (CLIQUET_ERR_PICKLE_WRONG_TYPE); key check (CLIQUET_ERR_PICKLE_BAD_KEY);
 * the AEAD tag (CLIQUET_ERR_PICKLE_CORRUPTED: the key is right, so the
 * bytes changed). On failure work is wiped.
 */
cliquet_status cq_pickle_native_read(const uint8_t **payload,
                                     size_t *payload_len, uint8_t *work,
                                     size_t work_cap, uint8_t type,
                                     const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                     const char *text, size_t n);

/* ---- libolm envelope (libolm.c) -------------------------------------------- */

/* spec: libolm §src/pickle_encoding.c: the cipher is aes_sha_256 with the
 * KDF info "Pickle" (6 bytes, no NUL); its MAC is truncated to 8 bytes. */
#define CQ_PICKLE_LIBOLM_KDF_INFO "Pickle"
#define CQ_PICKLE_LIBOLM_KDF_INFO_LEN 6
#define CQ_PICKLE_LIBOLM_MAC_BYTES 8

/* Raw bytes (ciphertext and MAC) and base64 characters of a libolm pickle
 * of n raw bytes. */
size_t cq_pickle_libolm_raw_len(size_t n);
size_t cq_pickle_libolm_text_len(size_t n);

/*
 * Encrypts raw[0..n) (n <= CQ_PICKLE_MAX_PAYLOAD_BYTES) under key[0..key_len)
 * (any length; NULL with 0) exactly as libolm does and writes the base64
 * text (cq_pickle_libolm_text_len(n) characters). work is scratch of
 * cq_pickle_libolm_raw_len(n) bytes, wiped before return.
 */
void cq_pickle_libolm_write(char *text, uint8_t *work, const uint8_t *key,
                            size_t key_len, const uint8_t *raw, size_t n);

/*
 * Reads a libolm pickle: decodes text[0..n) into work (work_cap >=
 * cq_base64_decoded_len(n)), checks the ciphertext length (a non-zero
 * multiple of 16, before anything is decrypted: CLIQUET_ERR_PICKLE_CORRUPTED),
 * the MAC in constant time (CLIQUET_ERR_PICKLE_BAD_KEY: libolm's format
 * cannot tell a wrong key from changed bytes, and libolm says
 * OLM_BAD_ACCOUNT_KEY for both) and the padding (CLIQUET_ERR_PICKLE_CORRUPTED),
 * decrypting in place. On success the raw bytes are work[0..*raw_len).
 * Bad base64 is CLIQUET_ERR_BAD_BASE64. On failure work is wiped.
 */
cliquet_status cq_pickle_libolm_read(size_t *raw_len, uint8_t *work,
                                     size_t work_cap, const uint8_t *key,
                                     size_t key_len, const char *text,
                                     size_t n);

/* ---- libolm's older raw layouts (libolm_legacy.c) --------------------------- */

/*
 * libolm's account pickle versions: 1 kept 32 bytes of Ed25519 secret (keys
 * from it are unusable: libolm refuses it with OLM_BAD_LEGACY_ACCOUNT_PICKLE),
 * 2 had no fallback keys, 3 always held two fallback key records whose
 * "published" flags said which were present, 4 is current.
 */
#define CQ_PICKLE_LIBOLM_ACCOUNT_V1 1
#define CQ_PICKLE_LIBOLM_ACCOUNT_V2 2
#define CQ_PICKLE_LIBOLM_ACCOUNT_V3 3
#define CQ_PICKLE_LIBOLM_ACCOUNT_V4 4
/* libolm's session pickle 0x80000001: version 1 plus a u32 after the
 * ratchet (an unused chain index) that libolm reads and ignores. */
#define CQ_PICKLE_LIBOLM_SESSION_V1 1u
#define CQ_PICKLE_LIBOLM_SESSION_V1_CHAIN_INDEX 0x80000001u

/*
 * Rewrites a raw libolm account pickle buf[0..*len) of version 2 or 3 in
 * place into version 4 (buf has cap bytes: the layout can grow by a byte),
 * exactly as libolm reads it: version 2 has no fallback keys; in version 3
 * the current key counts when its published flag is set, the previous one
 * too when both are. Version 4 is left as it is. Returns
 * CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT for version 1,
 * CLIQUET_ERR_PICKLE_UNKNOWN_VERSION for others, and
 * CLIQUET_ERR_PICKLE_CORRUPTED if the layout is short or its lengths do not
 * add up (then buf is unchanged). The fields themselves are checked by the
 * version 4 reader (lib/olm).
 */
cliquet_status cq_pickle_libolm_account_upgrade(uint8_t *buf, size_t cap,
                                                size_t *len);

/*
 * Rewrites a raw libolm session pickle of version 0x80000001 in place into
 * version 1 (the trailing u32 dropped). Version 1 is left as it is; other
 * versions are left to the session reader to refuse. A version
 * 0x80000001 pickle shorter than 8 bytes is CLIQUET_ERR_PICKLE_CORRUPTED.
 */
cliquet_status cq_pickle_libolm_session_upgrade(uint8_t *buf, size_t *len);

#endif /* CLIQUET_PICKLE_H */
