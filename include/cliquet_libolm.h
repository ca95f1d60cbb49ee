/*
 * cliquet: what the libolm drop-in (bindings/libolm) needs to behave as
 * libolm 3.2 does where libolm's contract differs from cliquet's. An
 * application never needs this header: every call here has a better form
 * in cliquet.h, named beside it.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_LIBOLM_H
#define CLIQUET_LIBOLM_H

#include "cliquet.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * libolm's two-step inbound session (olm_create_inbound_session, then
 * olm_remove_one_time_keys): cliquet_session_new_inbound, but the account
 * is not changed; the one-time key stays until
 * cliquet_account_remove_one_time_key.
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
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_remove_one_time_key(
    cliquet_account *account, const cliquet_session *session,
    uint32_t *key_id);

/*
 * The unpublished one-time keys as libolm writes them, newest first:
 * {"curve25519":{"AAAAAQ":"<key>",...}} (a C string; size rule). In
 * cliquet.h: cliquet_account_one_time_key.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_one_time_keys_json(
    const cliquet_account *account, char *out, size_t out_cap, size_t *out_len);

/*
 * The current fallback key and its id, published or not (*has_key = 1), or
 * *has_key = 0 if the account has none yet.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_account_current_fallback_key(
    const cliquet_account *account, int *has_key,
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE], char key[CLIQUET_KEY_BASE64_SIZE]);

/*
 * libolm asks for output lengths before it has the input (olm_*_length).
 * These answer them, as lengths WITHOUT the NUL: the base64 message that
 * the next encrypt of plaintext_len bytes writes, and the ciphertext of a
 * legacy backup. In cliquet.h: the size rule.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_encrypt_size(
    const cliquet_session *session, size_t plaintext_len, size_t *message_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_outbound_group_session_encrypt_size(
    const cliquet_outbound_group_session *session, size_t plaintext_len,
    size_t *message_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_pk_encrypt_legacy_backup_size(
    size_t plaintext_len, size_t *ciphertext_len);

/*
 * The length of the AES ciphertext inside a base64 Olm message of this
 * type: what libolm's olm_decrypt_max_plaintext_length answers. The message
 * is parsed, not authenticated; a malformed one is its parse status.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_olm_message_ciphertext_len(
    int type, const char *message, size_t message_len, size_t *ciphertext_len);

/*
 * The same for a base64 Megolm message: what libolm's
 * olm_group_decrypt_max_plaintext_length answers. The message is parsed,
 * neither its signature nor its MAC checked; a malformed one is its parse
 * status.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_megolm_message_ciphertext_len(
    const char *message, size_t message_len, size_t *ciphertext_len);

/*
 * libolm's olm_export_inbound_group_session: the export of
 * cliquet_inbound_group_session_export, and, when index is at or after the
 * session's latest ratchet, that ratchet moved to index as libolm moves it
 * (so the session's libolm pickles stay byte-identical with libolm's). The
 * messages the session can decrypt do not change. In cliquet.h:
 * cliquet_inbound_group_session_export, which changes nothing.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_export_libolm(
    cliquet_inbound_group_session *session, uint32_t index,
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE]);

/*
 * libolm pickles a group session that was only constructed
 * (olm_outbound_group_session(memory) with no init), its keys all zero.
 * cliquet never makes an object with zero keys; the drop-in writes this
 * pickle for a session it has not created (cliquet_libolm_pickle_empty,
 * the size rule), and recognises it when reading (*empty = 1, or 0 for any
 * other text that opens), leaving its session uncreated. Wrong key or text:
 * the statuses of the _unpickle_libolm calls; the empty session followed
 * by more bytes is CLIQUET_ERR_PICKLE_EXTRA_DATA.
 */
typedef enum cliquet_libolm_object {
    CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION = 1,
    CLIQUET_LIBOLM_INBOUND_GROUP_SESSION = 2
} cliquet_libolm_object;

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_libolm_pickle_empty(
    cliquet_libolm_object kind, char *out, size_t out_cap, size_t *out_len,
    const uint8_t *key, size_t key_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_libolm_pickle_is_empty(
    cliquet_libolm_object kind, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len, int *empty);

/*
 * libolm's olm_unpickle_session, which has no peer key: the session is
 * taken as inbound, the peer being the pickle's Alice. For a session this
 * device started that is our own key, which libolm's ABI never reports. In
 * cliquet.h: cliquet_session_unpickle_libolm, with the peer's key.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_unpickle_libolm_as_inbound(
    cliquet_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len);

/*
 * The session's chain counters, for debugging, as libolm's
 * olm_session_describe writes them: "sender chain index: N receiver chain
 * indices: N ... skipped message keys: N ..." (a C string; size rule).
 * Counters only, no key material.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_describe(
    const cliquet_session *session, char *out, size_t out_cap, size_t *out_len);

/*
 * Olm and Megolm messages as bytes (since 1.2). libolm decodes a message's
 * base64 itself, more leniently than cliquet (docs/libolm-compat.md); the
 * drop-in does that one decoding and hands cliquet the message's bytes.
 * These are cliquet_olm_message_ciphertext_len, cliquet_session_decrypt,
 * cliquet_megolm_message_ciphertext_len and
 * cliquet_inbound_group_session_decrypt on those bytes: the same checks and
 * answers as for the strict base64 text of the bytes
 * (CLIQUET_ERR_INPUT_TOO_LARGE past the bytes of 2^31 characters), the
 * replay record included. In cliquet.h: the base64 forms.
 */
CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_olm_message_ciphertext_len_bytes(
    int type, const uint8_t *message, size_t message_len, size_t *ciphertext_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_session_decrypt_bytes(
    cliquet_session *session, int type, const uint8_t *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_olm_decrypt_info *info);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_megolm_message_ciphertext_len_bytes(
    const uint8_t *message, size_t message_len, size_t *ciphertext_len);

CLIQUET_API CLIQUET_MUST_CHECK cliquet_status cliquet_inbound_group_session_decrypt_bytes(
    cliquet_inbound_group_session *session, const uint8_t *message,
    size_t message_len, uint8_t *plaintext, size_t plaintext_cap,
    size_t *plaintext_len, cliquet_megolm_decrypt_info *info);

#ifdef __cplusplus
}
#endif

#endif /* CLIQUET_LIBOLM_H */
