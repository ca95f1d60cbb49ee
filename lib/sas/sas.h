/*
 * lib/sas: short authentication strings, the key agreement and MACs of
 * Matrix's interactive device verification (m.sas.v1), as libolm's OlmSAS
 * computes them (docs/sas.md).
 *
 * An ephemeral X25519 key; once their key is set, the shared secret feeds
 * HKDF-SHA-256 (zero salt, the caller's info) for the SAS bytes and for the
 * MAC keys. Three MAC forms exist on the wire:
 *   - hkdf-hmac-sha256.v2: HMAC with a 32-byte HKDF key, standard base64;
 *   - hkdf-hmac-sha256 (legacy): the same HMAC, but libolm base64-encodes it
 *     in place over its own input, so the text is not the base64 of the MAC;
 *   - the "long KDF" MAC (legacy, an old Riot): a 256-byte HKDF output used
 *     as the HMAC key, encoded the same broken way.
 *
 * Functional core: random bytes are arguments; nothing allocates.
 * Depends on lib/crypto and lib/core only.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_SAS_H
#define CLIQUET_SAS_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "crypto/crypto.h"

/* ---- constants ------------------------------------------------------------ */

#define CQ_SAS_KEY_BYTES 32
#define CQ_SAS_MAC_BYTES 32         /* HMAC-SHA-256 */
#define CQ_SAS_MAC_BASE64_BYTES 43  /* every MAC form is 43 characters */
/* libolm's olm_sas_calculate_mac: HKDF(secret, info) -> a 32-byte HMAC key. */
#define CQ_SAS_MAC_KEY_BYTES 32
/* libolm's olm_sas_calculate_mac_long_kdf: a 256-byte HMAC key. */
#define CQ_SAS_LONG_KDF_KEY_BYTES 256
/* The most SAS bytes one call can make: HKDF-SHA-256's limit. */
#define CQ_SAS_MAX_BYTES CQ_HKDF_MAX_BYTES

/* ---- state ------------------------------------------------------------------ */

typedef struct cq_sas {
    uint8_t public_key[CQ_SAS_KEY_BYTES];
    uint8_t private_key[CQ_SAS_KEY_BYTES];
    uint8_t shared[CQ_X25519_BYTES]; /* meaningful when their_key_set */
    uint8_t their_key_set;
} cq_sas;

/* A fresh SAS from 32 random bytes (the ephemeral private key). */
void cq_sas_init(cq_sas *s, const uint8_t random[CQ_SAS_KEY_BYTES]);

void cq_sas_clear(cq_sas *s);

/*
 * Computes the shared secret with their public key. Refuses an all-zero
 * secret (CLIQUET_ERR_ZERO_SHARED_SECRET) leaving s unchanged. Setting a
 * key again replaces the secret, as libolm does.
 */
cliquet_status cq_sas_set_their_key(cq_sas *s,
                                    const uint8_t their_key[CQ_SAS_KEY_BYTES]);

/*
 * out[0..n) = HKDF-SHA-256(zero salt, shared secret, info). Refuses
 * CLIQUET_ERR_SAS_NO_THEIR_KEY before their key is set and
 * CLIQUET_ERR_INPUT_TOO_LARGE for n > CQ_SAS_MAX_BYTES.
 */
cliquet_status cq_sas_generate_bytes(const cq_sas *s, uint8_t *out, size_t n,
                                     const uint8_t *info, size_t info_len);

/*
 * The raw MAC: HMAC-SHA-256(HKDF(shared secret, info, 32), msg), the value
 * both hkdf-hmac-sha256 forms encode. CLIQUET_ERR_SAS_NO_THEIR_KEY before
 * their key is set.
 */
cliquet_status cq_sas_mac(const cq_sas *s, uint8_t mac[CQ_SAS_MAC_BYTES],
                          const uint8_t *msg, size_t n, const uint8_t *info,
                          size_t info_len);

/* The same with a 256-byte HKDF output as the HMAC key (legacy). */
cliquet_status cq_sas_mac_long_kdf(const cq_sas *s,
                                   uint8_t mac[CQ_SAS_MAC_BYTES],
                                   const uint8_t *msg, size_t n,
                                   const uint8_t *info, size_t info_len);

/*
 * libolm's broken base64 of a 32-byte MAC (olm_sas_calculate_mac and
 * olm_sas_calculate_mac_long_kdf): 43 characters. See sas.c for exactly
 * what it computes.
 */
void cq_sas_legacy_base64(char out[CQ_SAS_MAC_BASE64_BYTES],
                          const uint8_t mac[CQ_SAS_MAC_BYTES]);

#endif /* CLIQUET_SAS_H */
