/*
 * bindings/libolm: libolm 3.2's PK ABI over cliquet: legacy key-backup
 * encryption (m.megolm_backup.v1.curve25519-aes-sha2, unauthenticated: see
 * include/cliquet.h) and Ed25519 signing keys. Conventions as in olm/olm.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_PK_H_
#define OLM_PK_H_

#include <stddef.h>
#include <stdint.h>

#include "olm/error.h"
#include "olm/olm_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- encryption -------------------------------------------------------- */

typedef struct OlmPkEncryption OlmPkEncryption;

OLM_EXPORT size_t olm_pk_encryption_size(void);
OLM_EXPORT OlmPkEncryption *olm_pk_encryption(void *memory);
OLM_EXPORT const char *olm_pk_encryption_last_error(const OlmPkEncryption *encryption);
OLM_EXPORT enum OlmErrorCode olm_pk_encryption_last_error_code(
    const OlmPkEncryption *encryption);
OLM_EXPORT size_t olm_clear_pk_encryption(OlmPkEncryption *encryption);

/* The recipient's public key, base64 (43 characters are read). */
OLM_EXPORT size_t olm_pk_encryption_set_recipient_key(OlmPkEncryption *encryption,
                                                      void const *public_key,
                                                      size_t public_key_length);

OLM_EXPORT size_t olm_pk_ciphertext_length(const OlmPkEncryption *encryption,
                                           size_t plaintext_length);
OLM_EXPORT size_t olm_pk_mac_length(const OlmPkEncryption *encryption);
OLM_EXPORT size_t olm_pk_key_length(void);
OLM_EXPORT size_t olm_pk_encrypt_random_length(const OlmPkEncryption *encryption);

/* Writes the base64 ciphertext, MAC and ephemeral key. */
OLM_EXPORT size_t olm_pk_encrypt(OlmPkEncryption *encryption,
                                 void const *plaintext, size_t plaintext_length,
                                 void *ciphertext, size_t ciphertext_length,
                                 void *mac, size_t mac_length,
                                 void *ephemeral_key, size_t ephemeral_key_size,
                                 const void *random, size_t random_length);

/* ---- decryption -------------------------------------------------------- */

typedef struct OlmPkDecryption OlmPkDecryption;

OLM_EXPORT size_t olm_pk_decryption_size(void);
OLM_EXPORT OlmPkDecryption *olm_pk_decryption(void *memory);
OLM_EXPORT const char *olm_pk_decryption_last_error(const OlmPkDecryption *decryption);
OLM_EXPORT enum OlmErrorCode olm_pk_decryption_last_error_code(
    const OlmPkDecryption *decryption);
OLM_EXPORT size_t olm_clear_pk_decryption(OlmPkDecryption *decryption);

OLM_EXPORT size_t olm_pk_private_key_length(void);
/* Deprecated by libolm: olm_pk_private_key_length. */
OLM_EXPORT size_t olm_pk_generate_key_random_length(void);

/* The key pair from a private key; writes the base64 public key. */
OLM_EXPORT size_t olm_pk_key_from_private(OlmPkDecryption *decryption,
                                          void *pubkey, size_t pubkey_length,
                                          const void *privkey,
                                          size_t privkey_length);
/* Deprecated by libolm: olm_pk_key_from_private. */
OLM_EXPORT size_t olm_pk_generate_key(OlmPkDecryption *decryption, void *pubkey,
                                      size_t pubkey_length, const void *privkey,
                                      size_t privkey_length);

OLM_EXPORT size_t olm_pickle_pk_decryption_length(const OlmPkDecryption *decryption);
OLM_EXPORT size_t olm_pickle_pk_decryption(OlmPkDecryption *decryption,
                                           void const *key, size_t key_length,
                                           void *pickled, size_t pickled_length);
/* Restores the key and writes its base64 public key. */
OLM_EXPORT size_t olm_unpickle_pk_decryption(OlmPkDecryption *decryption,
                                             void const *key, size_t key_length,
                                             void *pickled, size_t pickled_length,
                                             void *pubkey, size_t pubkey_length);

OLM_EXPORT size_t olm_pk_max_plaintext_length(const OlmPkDecryption *decryption,
                                              size_t ciphertext_length);
/* The ciphertext is overwritten with its decoded bytes. */
OLM_EXPORT size_t olm_pk_decrypt(OlmPkDecryption *decryption,
                                 void const *ephemeral_key,
                                 size_t ephemeral_key_length, void const *mac,
                                 size_t mac_length, void *ciphertext,
                                 size_t ciphertext_length, void *plaintext,
                                 size_t max_plaintext_length);

/* The 32-byte private key (a secret). */
OLM_EXPORT size_t olm_pk_get_private_key(OlmPkDecryption *decryption,
                                         void *private_key,
                                         size_t private_key_length);

/* ---- signing ----------------------------------------------------------- */

typedef struct OlmPkSigning OlmPkSigning;

OLM_EXPORT size_t olm_pk_signing_size(void);
OLM_EXPORT OlmPkSigning *olm_pk_signing(void *memory);
OLM_EXPORT const char *olm_pk_signing_last_error(const OlmPkSigning *sign);
OLM_EXPORT enum OlmErrorCode olm_pk_signing_last_error_code(const OlmPkSigning *sign);
OLM_EXPORT size_t olm_clear_pk_signing(OlmPkSigning *sign);

/* The key pair from a 32-byte seed; writes the base64 public key. */
OLM_EXPORT size_t olm_pk_signing_key_from_seed(OlmPkSigning *sign, void *pubkey,
                                               size_t pubkey_length,
                                               const void *seed,
                                               size_t seed_length);
OLM_EXPORT size_t olm_pk_signing_seed_length(void);
OLM_EXPORT size_t olm_pk_signing_public_key_length(void);
OLM_EXPORT size_t olm_pk_signature_length(void);
OLM_EXPORT size_t olm_pk_sign(OlmPkSigning *sign, uint8_t const *message,
                              size_t message_length, uint8_t *signature,
                              size_t signature_length);

#ifdef __cplusplus
}
#endif

#endif /* OLM_PK_H_ */
