/*
 * bindings/libolm: the libolm 3.2 ABI (accounts, Olm sessions, utilities)
 * over cliquet. A program built against libolm's headers runs unchanged
 * against this library; differences are listed in docs/libolm-compat.md.
 *
 * How this ABI works
 * - Objects live in memory the caller allocates: olm_X_size() bytes, made
 *   ready by olm_X(memory). olm_clear_X() wipes an object and releases what
 *   it holds; call it before freeing the memory.
 * - Functions returning size_t return olm_error() on failure; the object's
 *   last_error (a string) and last_error_code then say why.
 * - Random bytes come from the caller: ask olm_..._random_length(), pass
 *   that many uniformly random bytes. They are wiped after use.
 * - Keys, messages and pickles are unpadded base64. Message inputs taken as
 *   non-const buffers are overwritten with their decoded bytes.
 * - Outputs are not NUL-terminated; the return value is their length.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_H_
#define OLM_H_

#include <stddef.h>
#include <stdint.h>

#include "olm/error.h"
#include "olm/inbound_group_session.h"
#include "olm/outbound_group_session.h"
#include "olm/olm_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Message types, as carried next to each Olm message. */
static const size_t OLM_MESSAGE_TYPE_PRE_KEY = 0;
static const size_t OLM_MESSAGE_TYPE_MESSAGE = 1;

typedef struct OlmAccount OlmAccount;
typedef struct OlmSession OlmSession;
typedef struct OlmUtility OlmUtility;

/* The libolm version this library stands in for; NULL pointers are skipped. */
OLM_EXPORT void olm_get_library_version(uint8_t *major, uint8_t *minor, uint8_t *patch);

/* ---- objects ----------------------------------------------------------- */

OLM_EXPORT size_t olm_account_size(void);
OLM_EXPORT size_t olm_session_size(void);
OLM_EXPORT size_t olm_utility_size(void);

OLM_EXPORT OlmAccount *olm_account(void *memory);
OLM_EXPORT OlmSession *olm_session(void *memory);
OLM_EXPORT OlmUtility *olm_utility(void *memory);

/* The value every size_t function returns on failure: (size_t)-1. */
OLM_EXPORT size_t olm_error(void);

OLM_EXPORT const char *olm_account_last_error(OlmAccount const *account);
OLM_EXPORT enum OlmErrorCode olm_account_last_error_code(OlmAccount const *account);
OLM_EXPORT const char *olm_session_last_error(OlmSession const *session);
OLM_EXPORT enum OlmErrorCode olm_session_last_error_code(OlmSession const *session);
OLM_EXPORT const char *olm_utility_last_error(OlmUtility const *utility);
OLM_EXPORT enum OlmErrorCode olm_utility_last_error_code(OlmUtility const *utility);

/* Wipe the object and make it fresh again; return its size. */
OLM_EXPORT size_t olm_clear_account(OlmAccount *account);
OLM_EXPORT size_t olm_clear_session(OlmSession *session);
OLM_EXPORT size_t olm_clear_utility(OlmUtility *utility);

/* ---- pickles (libolm's format, under a key of any length) --------------- */

OLM_EXPORT size_t olm_pickle_account_length(OlmAccount const *account);
OLM_EXPORT size_t olm_pickle_session_length(OlmSession const *session);

OLM_EXPORT size_t olm_pickle_account(OlmAccount *account, void const *key,
                                     size_t key_length, void *pickled,
                                     size_t pickled_length);
OLM_EXPORT size_t olm_pickle_session(OlmSession *session, void const *key,
                                     size_t key_length, void *pickled,
                                     size_t pickled_length);

/* Restore from a pickle; on success return pickled_length. */
OLM_EXPORT size_t olm_unpickle_account(OlmAccount *account, void const *key,
                                       size_t key_length, void *pickled,
                                       size_t pickled_length);
OLM_EXPORT size_t olm_unpickle_session(OlmSession *session, void const *key,
                                       size_t key_length, void *pickled,
                                       size_t pickled_length);

/* ---- accounts ---------------------------------------------------------- */

OLM_EXPORT size_t olm_create_account_random_length(OlmAccount const *account);
OLM_EXPORT size_t olm_create_account(OlmAccount *account, void *random,
                                     size_t random_length);

/* {"curve25519":"...","ed25519":"..."} */
OLM_EXPORT size_t olm_account_identity_keys_length(OlmAccount const *account);
OLM_EXPORT size_t olm_account_identity_keys(OlmAccount *account,
                                            void *identity_keys,
                                            size_t identity_key_length);

/* An Ed25519 signature with the identity key, base64. */
OLM_EXPORT size_t olm_account_signature_length(OlmAccount const *account);
OLM_EXPORT size_t olm_account_sign(OlmAccount *account, void const *message,
                                   size_t message_length, void *signature,
                                   size_t signature_length);

/* The unpublished one-time keys: {"curve25519":{"<id>":"<key>",...}} */
OLM_EXPORT size_t olm_account_one_time_keys_length(OlmAccount const *account);
OLM_EXPORT size_t olm_account_one_time_keys(OlmAccount *account,
                                            void *one_time_keys,
                                            size_t one_time_keys_length);

/* Marks the one-time keys and the fallback key as published. */
OLM_EXPORT size_t olm_account_mark_keys_as_published(OlmAccount *account);

/* How many one-time keys the account keeps at most. */
OLM_EXPORT size_t olm_account_max_number_of_one_time_keys(OlmAccount const *account);

OLM_EXPORT size_t olm_account_generate_one_time_keys_random_length(
    OlmAccount const *account, size_t number_of_keys);
OLM_EXPORT size_t olm_account_generate_one_time_keys(OlmAccount *account,
                                                     size_t number_of_keys,
                                                     void *random,
                                                     size_t random_length);

OLM_EXPORT size_t olm_account_generate_fallback_key_random_length(
    OlmAccount const *account);
OLM_EXPORT size_t olm_account_generate_fallback_key(OlmAccount *account,
                                                    void *random,
                                                    size_t random_length);

/* Deprecated by libolm: the current fallback key, published or not. */
OLM_EXPORT size_t olm_account_fallback_key_length(OlmAccount const *account);
OLM_EXPORT size_t olm_account_fallback_key(OlmAccount *account,
                                           void *fallback_key,
                                           size_t fallback_key_size);

/* The current fallback key if it is unpublished. */
OLM_EXPORT size_t olm_account_unpublished_fallback_key_length(
    OlmAccount const *account);
OLM_EXPORT size_t olm_account_unpublished_fallback_key(OlmAccount *account,
                                                       void *fallback_key,
                                                       size_t fallback_key_size);

OLM_EXPORT void olm_account_forget_old_fallback_key(OlmAccount *account);

/* ---- sessions ---------------------------------------------------------- */

OLM_EXPORT size_t olm_create_outbound_session_random_length(
    OlmSession const *session);
OLM_EXPORT size_t olm_create_outbound_session(
    OlmSession *session, OlmAccount const *account,
    void const *their_identity_key, size_t their_identity_key_length,
    void const *their_one_time_key, size_t their_one_time_key_length,
    void *random, size_t random_length);

/* A session from a pre-key message. The one-time key stays in the account
 * until olm_remove_one_time_keys. */
OLM_EXPORT size_t olm_create_inbound_session(OlmSession *session,
                                             OlmAccount *account,
                                             void *one_time_key_message,
                                             size_t message_length);
OLM_EXPORT size_t olm_create_inbound_session_from(
    OlmSession *session, OlmAccount *account, void const *their_identity_key,
    size_t their_identity_key_length, void *one_time_key_message,
    size_t message_length);

OLM_EXPORT size_t olm_session_id_length(OlmSession const *session);
OLM_EXPORT size_t olm_session_id(OlmSession *session, void *id, size_t id_length);

OLM_EXPORT int olm_session_has_received_message(OlmSession const *session);

/* Chain counters as text, NUL-terminated, cut with "..." to fit buflen. */
OLM_EXPORT void olm_session_describe(OlmSession *session, char *buf, size_t buflen);

/* 1 if the pre-key message belongs to this session, 0 if not. */
OLM_EXPORT size_t olm_matches_inbound_session(OlmSession *session,
                                              void *one_time_key_message,
                                              size_t message_length);
OLM_EXPORT size_t olm_matches_inbound_session_from(
    OlmSession *session, void const *their_identity_key,
    size_t their_identity_key_length, void *one_time_key_message,
    size_t message_length);

/* Removes the one-time key the session used; returns its id. */
OLM_EXPORT size_t olm_remove_one_time_keys(OlmAccount *account, OlmSession *session);

/* The type of the next message: OLM_MESSAGE_TYPE_PRE_KEY or _MESSAGE. */
OLM_EXPORT size_t olm_encrypt_message_type(OlmSession const *session);
OLM_EXPORT size_t olm_encrypt_random_length(OlmSession const *session);
OLM_EXPORT size_t olm_encrypt_message_length(OlmSession const *session,
                                             size_t plaintext_length);
OLM_EXPORT size_t olm_encrypt(OlmSession *session, void const *plaintext,
                              size_t plaintext_length, void *random,
                              size_t random_length, void *message,
                              size_t message_length);

OLM_EXPORT size_t olm_decrypt_max_plaintext_length(OlmSession *session,
                                                   size_t message_type,
                                                   void *message,
                                                   size_t message_length);
OLM_EXPORT size_t olm_decrypt(OlmSession *session, size_t message_type,
                              void *message, size_t message_length,
                              void *plaintext, size_t max_plaintext_length);

/* ---- utilities --------------------------------------------------------- */

OLM_EXPORT size_t olm_sha256_length(OlmUtility const *utility);
OLM_EXPORT size_t olm_sha256(OlmUtility *utility, void const *input,
                             size_t input_length, void *output,
                             size_t output_length);

/* 0 for a valid signature; else olm_error() (BAD_MESSAGE_MAC if invalid). */
OLM_EXPORT size_t olm_ed25519_verify(OlmUtility *utility, void const *key,
                                     size_t key_length, void const *message,
                                     size_t message_length, void *signature,
                                     size_t signature_length);

#ifdef __cplusplus
}
#endif

#endif /* OLM_H_ */
