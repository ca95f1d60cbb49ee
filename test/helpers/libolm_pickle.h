/*
 * libolm's pickle envelope, written here from its description as a check
 * that does not go through lib/pickle: HKDF-SHA-256 of the pickle key (no
 * salt, info "Pickle") gives 80 bytes, the AES-256 key, the HMAC-SHA-256
 * key and the IV; the raw fields are encrypted with AES-256-CBC (PKCS#7),
 * the first 8 bytes of HMAC-SHA-256 over the ciphertext are appended and
 * the whole is standard base64 without padding. (docs/pickle-format.md)
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_LIBOLM_PICKLE_H
#define CQT_LIBOLM_PICKLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Opens pickle[0..pickle_len) into raw (cap bytes) and returns the raw
 * length. Fails the running cmocka test if the text is not base64, the MAC
 * is wrong, the padding is bad or the fields would not fit in cap.
 */
size_t cqt_libolm_pickle_open(uint8_t *raw, size_t cap, const uint8_t *key, size_t key_len,
                              const char *pickle, size_t pickle_len);

/*
 * Seals raw[0..raw_len) into pickle (no NUL), which must hold
 * cq_base64_encoded_len(cq_cbc_ciphertext_len(raw_len) + 8) bytes; returns
 * that length. The envelope has no randomness, so equal inputs give equal
 * pickles.
 */
size_t cqt_libolm_pickle_seal(char *pickle, const uint8_t *raw, size_t raw_len,
                              const uint8_t *key, size_t key_len);

#endif /* CQT_LIBOLM_PICKLE_H */
