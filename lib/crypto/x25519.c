/*
 * X25519 (RFC 7748) through libsodium.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <sodium.h>

#include "crypto.h"

/* crypto.h */
void cq_x25519_public(uint8_t public_key[32], const uint8_t private_key[32])
{
    /* Only fails for an all-zero result, impossible from the base point. */
    (void)crypto_scalarmult_base(public_key, private_key);
}

/* spec: RFC 7748 §6.1 */
/* crypto.h */
void cq_x25519_keypair(uint8_t public_key[32], uint8_t private_key[32],
                       const uint8_t random[32])
{
    memmove(private_key, random, 32);
    cq_x25519_public(public_key, private_key);
}

/* spec: olm.md §Notation */
/* spec: RFC 7748 §6.1 */
/* crypto.h */
cliquet_status cq_x25519(uint8_t shared[32], const uint8_t private_key[32],
                         const uint8_t public_key[32])
{
    /*
     * libsodium returns -1 when the result is all zeros, which happens
     * exactly for low-order public keys: a peer that sends one would make
     * the "shared" secret public (architecture.md §4).
     */
    if (crypto_scalarmult(shared, private_key, public_key) != 0) {
        cq_wipe(shared, 32);
        return CLIQUET_ERR_ZERO_SHARED_SECRET;
    }
    return CLIQUET_OK;
}
