/*
 * cliquet: the calls of cliquet.h that draw random bytes, taking them from
 * the caller instead. For reproducible tests and vector generators, and for
 * bindings that must honour caller randomness (libolm's ABI).
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_RANDOM_H
#define CLIQUET_RANDOM_H

#include "cliquet.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Explicit randomness: the functions of cliquet.h that draw random bytes,
 * with the bytes given by the caller instead. For bindings that must honour caller
 * randomness (libolm's ABI, bindings/libolm) and for reproducible tests; the
 * bytes must be uniformly random and never reused. The functions above are
 * these with bytes from the system's generator.
 * An application never needs this header. random_len must be exactly
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
#define CLIQUET_ECIES_CHANNEL_RANDOM_BYTES 32    /* its X25519 key (since 1.1) */

CLIQUET_API size_t cliquet_account_random_bytes(void);
CLIQUET_API size_t cliquet_one_time_key_random_bytes(void);
CLIQUET_API size_t cliquet_fallback_key_random_bytes(void);
CLIQUET_API size_t cliquet_outbound_session_random_bytes(void);
CLIQUET_API size_t cliquet_session_encrypt_random_bytes(void);
CLIQUET_API size_t cliquet_outbound_group_session_random_bytes(void);
CLIQUET_API size_t cliquet_pk_encrypt_random_bytes(void);
CLIQUET_API size_t cliquet_sas_random_bytes(void);
CLIQUET_API size_t cliquet_ecies_channel_random_bytes(void);

/* cliquet_account_new; random_len CLIQUET_ACCOUNT_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_new_with_random(
    cliquet_account **out, const uint8_t *random, size_t random_len);

/* cliquet_account_generate_one_time_keys; random_len is count times
 * CLIQUET_ONE_TIME_KEY_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_generate_one_time_keys_with_random(
    cliquet_account *account, size_t count, size_t *evicted,
    const uint8_t *random, size_t random_len);

/* cliquet_account_generate_fallback_key; random_len
 * CLIQUET_FALLBACK_KEY_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_generate_fallback_key_with_random(
    cliquet_account *account, const uint8_t *random, size_t random_len);

/* cliquet_session_new_outbound; random_len
 * CLIQUET_OUTBOUND_SESSION_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_new_outbound_with_random(
    cliquet_session **out, const cliquet_account *account,
    const char *their_identity_key, size_t their_identity_key_len,
    const char *their_one_time_key, size_t their_one_time_key_len,
    const uint8_t *random, size_t random_len);

/*
 * *needed = 1 when the next encrypt makes a new ratchet key and so reads
 * CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES random bytes, 0 when it reads none.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_encrypt_needs_random(
    const cliquet_session *session, int *needed);

/* cliquet_session_encrypt; random_len CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES,
 * or 0 when cliquet_session_encrypt_needs_random says none are needed. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_encrypt_with_random(
    cliquet_session *session, int *type, char *message, size_t message_cap,
    size_t *message_len, const uint8_t *plaintext, size_t plaintext_len,
    const uint8_t *random, size_t random_len);

/* cliquet_outbound_group_session_new; random_len
 * CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_new_with_random(
    cliquet_outbound_group_session **out, const uint8_t *random,
    size_t random_len);

/* cliquet_pk_encrypt_legacy_backup; random_len
 * CLIQUET_PK_ENCRYPT_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_encrypt_legacy_backup_with_random(
    const cliquet_pk_encryption *e, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE],
    char ephemeral_key[CLIQUET_KEY_BASE64_SIZE], const uint8_t *plaintext,
    size_t plaintext_len, const uint8_t *random, size_t random_len);

/* cliquet_sas_new; random_len CLIQUET_SAS_RANDOM_BYTES. (A PK decryption key
 * from given bytes is cliquet_pk_decryption_new_from_private_key; a signing
 * key, cliquet_pk_signing_new_from_seed.) */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_sas_new_with_random(
    cliquet_sas **out, const uint8_t *random, size_t random_len);

/* cliquet_ecies_channel_new; random_len CLIQUET_ECIES_CHANNEL_RANDOM_BYTES
 * (the private key; since 1.1). */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_new_with_random(
    cliquet_ecies_channel **out, const uint8_t *random, size_t random_len);

/* cliquet_ecies_channel_new_with_info (since 1.2); random_len
 * CLIQUET_ECIES_CHANNEL_RANDOM_BYTES. */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_ecies_channel_new_with_info_and_random(
    cliquet_ecies_channel **out, const char *info, size_t info_len, const uint8_t *random,
    size_t random_len);

/* cliquet_account_to_dehydrated_device with its nonce given (since 1.2):
 * random_len CLIQUET_DEHYDRATED_DEVICE_RANDOM_BYTES. A key must never
 * seal two devices under one nonce. */
#define CLIQUET_DEHYDRATED_DEVICE_RANDOM_BYTES 12
CLIQUET_API size_t cliquet_dehydrated_device_random_bytes(void);
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_to_dehydrated_device_with_random(
    const cliquet_account *account, char *ciphertext, size_t ciphertext_cap,
    size_t *ciphertext_len, char nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE],
    const uint8_t *key, size_t key_len, const uint8_t *random, size_t random_len);

#ifdef __cplusplus
}
#endif

#endif /* CLIQUET_RANDOM_H */
