/*
 * lib/ecies: the ECIES secure channel of MSC4108 (QR-code login), byte for
 * byte vodozemac's `ecies` module (vodozemac::ecies::Ecies and
 * EstablishedEcies; docs/ecies.md). X25519 between a fresh key of each
 * side, HKDF-SHA-512 for two directional keys and a check code,
 * ChaCha20-Poly1305 with a counter nonce per direction. Depends on
 * lib/crypto and lib/core only.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_ECIES_H
#define CLIQUET_ECIES_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

#define CQ_ECIES_KEY_BYTES 32
#define CQ_ECIES_TAG_BYTES 16
#define CQ_ECIES_CHECK_CODE_BYTES 2

/*
 * vodozemac's Ecies::with_info(info): the application info prefix of every
 * HKDF info string ("MATRIX_QR_CODE_LOGIN" for Ecies::new()), for domain
 * separation between protocols using the channel. Ours is bounded (vodozemac
 * takes any &str): a prefix is a protocol's name, and a fixed bound keeps
 * the channel one flat struct.
 */
#define CQ_ECIES_MAX_INFO_BYTES 128

/* Our bound on one plaintext (vodozemac has none): MSC4108's payloads are
 * small JSON objects; a bigger message is refused, never cut. */
#define CQ_ECIES_MAX_PLAINTEXT_BYTES (1024 * 1024)

/*
 * When a message fails to authenticate, the nonces this many places before
 * and after the expected one are tried too (tag check only), to tell a
 * replay (CLIQUET_ERR_DUPLICATE_MESSAGE) or a message that overtook another
 * (CLIQUET_ERR_MESSAGE_OUT_OF_ORDER) from a forgery or another channel's
 * message (CLIQUET_ERR_BAD_MESSAGE_MAC). Further away, a replay is reported
 * as CLIQUET_ERR_BAD_MESSAGE_MAC: it is refused all the same.
 */
#define CQ_ECIES_DIAGNOSE_WINDOW 16

/* The role of a side. vodozemac's device S (the initiator, who scanned the
 * QR code and sends the first message) and device G (the recipient, whose
 * key the QR code carried). */
typedef enum cq_ecies_role {
    CQ_ECIES_FRESH = 0,     /* not established: holds its private key */
    CQ_ECIES_INITIATOR = 1, /* S: established outbound */
    CQ_ECIES_RECIPIENT = 2  /* G: established inbound */
} cq_ecies_role;

typedef struct cq_ecies {
    uint8_t private_key[CQ_ECIES_KEY_BYTES]; /* wiped once established */
    uint8_t public_key[CQ_ECIES_KEY_BYTES];
    uint8_t their_public_key[CQ_ECIES_KEY_BYTES];
    uint8_t encryption_key[CQ_ECIES_KEY_BYTES]; /* ours */
    uint8_t decryption_key[CQ_ECIES_KEY_BYTES]; /* theirs */
    uint8_t check_code[CQ_ECIES_CHECK_CODE_BYTES];
    uint64_t encryption_counter; /* the nonce of the next message we send */
    uint64_t decryption_counter; /* the nonce of the next message we accept */
    cq_ecies_role role;
    uint8_t info[CQ_ECIES_MAX_INFO_BYTES]; /* the info prefix (public) */
    size_t info_len;
} cq_ecies;

/* A fresh, unestablished side from 32 random bytes (its private key), with
 * vodozemac's default info prefix "MATRIX_QR_CODE_LOGIN" (Ecies::new). */
void cq_ecies_init(cq_ecies *e, const uint8_t random[CQ_ECIES_KEY_BYTES]);

/* The same with the info prefix info[0..info_len) (Ecies::with_info);
 * info_len at most CQ_ECIES_MAX_INFO_BYTES (the caller checks), info NULL
 * only when info_len is 0. */
void cq_ecies_init_with_info(cq_ecies *e, const uint8_t random[CQ_ECIES_KEY_BYTES],
                             const uint8_t *info, size_t info_len);

/*
 * Establishes e as role (INITIATOR or RECIPIENT) with the other side's
 * public key: derives both keys and the check code, wipes the private key.
 * CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED when e is not fresh,
 * CLIQUET_ERR_ZERO_SHARED_SECRET for a low-order key (vodozemac's
 * "non-contributory" check). e is unchanged on failure.
 */
cliquet_status cq_ecies_establish(cq_ecies *e, cq_ecies_role role,
                                  const uint8_t their_public_key[CQ_ECIES_KEY_BYTES]);

/*
 * Encrypts m[0..n) into c (n + 16 bytes: ciphertext then tag) under the next
 * encryption nonce, and counts it. CLIQUET_ERR_ECIES_NOT_ESTABLISHED,
 * CLIQUET_ERR_INPUT_TOO_LARGE (n past CQ_ECIES_MAX_PLAINTEXT_BYTES, or the
 * 2^64th message). c may equal m; no other overlap.
 */
cliquet_status cq_ecies_encrypt(cq_ecies *e, uint8_t *c, const uint8_t *m, size_t n);

/*
 * Decrypts c[0..n) (n >= 16) into m (n - 16 bytes) under the next
 * decryption nonce and counts it. On failure nothing changes and m is
 * untouched: CLIQUET_ERR_DUPLICATE_MESSAGE, CLIQUET_ERR_MESSAGE_OUT_OF_ORDER,
 * CLIQUET_ERR_BAD_MESSAGE_MAC (see CQ_ECIES_DIAGNOSE_WINDOW),
 * CLIQUET_ERR_BAD_MESSAGE_FORMAT (n < 16), CLIQUET_ERR_ECIES_NOT_ESTABLISHED.
 * m may equal c; no other overlap.
 */
cliquet_status cq_ecies_decrypt(cq_ecies *e, uint8_t *m, const uint8_t *c, size_t n);

/*
 * cq_ecies_decrypt for the initial message, on a channel just established
 * as the recipient: any failure is CLIQUET_ERR_BAD_MESSAGE_MAC (or
 * CLIQUET_ERR_BAD_MESSAGE_FORMAT for n < 16), never a diagnosis.
 */
cliquet_status cq_ecies_decrypt_initial(cq_ecies *e, uint8_t *m, const uint8_t *c,
                                        size_t n);

/* The check code as MSC4108 shows it: 0 to 99 (vodozemac's
 * CheckCode::to_digit(DigitMode::AllowLeadingZero)). */
unsigned cq_ecies_check_code_digits(const uint8_t code[CQ_ECIES_CHECK_CODE_BYTES]);

/*
 * The initial message's text is "<ciphertext>|<sender's public key>", both
 * unpadded base64. Finds the separator: its index in *sep, or -1 when the
 * text has none (vodozemac: MissingSeparator).
 */
int cq_ecies_initial_separator(const char *text, size_t n, size_t *sep);

void cq_ecies_clear(cq_ecies *e);

#endif /* CLIQUET_ECIES_H */
