/*
 * Legacy key-backup encryption, m.megolm_backup.v1.curve25519-aes-sha2, as
 * libolm's olm_pk_encrypt / olm_pk_decrypt compute it (docs/pk.md).
 *
 * The "MAC" is the first 8 bytes of HMAC-SHA-256(mac_key, "") -- an EMPTY
 * message, not the ciphertext the spec names. libolm passes its MAC output
 * buffer, of length 0 once the MAC itself is set aside, as the data to
 * authenticate; every existing backup carries that value, so cliquet
 * computes the same. It depends on the shared secret only: anyone who knows
 * the backup's public key can make a valid ephemeral key, MAC and any
 * ciphertext. Hence the strict length checks before any decryption.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "pk.h"

/* The keys of one message, taken from the HKDF output in spec order. */
typedef struct pk_keys {
    uint8_t material[CQ_PK_KDF_BYTES];
} pk_keys;

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static const uint8_t *aes_key(const pk_keys *k) { return k->material; }
/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static const uint8_t *mac_key(const pk_keys *k) { return k->material + CQ_PK_AES_KEY_BYTES; }
/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static const uint8_t *aes_iv(const pk_keys *k)
{
    return k->material + CQ_PK_AES_KEY_BYTES + CQ_PK_MAC_KEY_BYTES;
}

/*
 * spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2:
 * "generate 80 bytes by performing an HKDF using SHA-256 as the hash, with
 * a salt of 32 bytes of 0, and with the empty string as the info."
 * (cq_hkdf_sha256 turns the empty salt into 32 zero bytes, RFC 5869 §2.2.)
 */
static void derive_keys(pk_keys *k, const uint8_t shared[CQ_X25519_BYTES])
{
    (void)cq_hkdf_sha256(k->material, sizeof k->material, NULL, 0, shared,
                         CQ_X25519_BYTES, (const uint8_t *)CQ_PK_KDF_INFO,
                         CQ_PK_KDF_INFO_BYTES);
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
/*
 * The legacy MAC: HMAC-SHA-256 with the MAC key over the empty message,
 * truncated to 8 bytes (libolm's behaviour, byte for byte; see above).
 */
static void legacy_mac(uint8_t mac[CQ_PK_MAC_BYTES], const pk_keys *k)
{
    uint8_t full[CQ_SHA256_BYTES];

    cq_hmac_sha256(full, mac_key(k), CQ_PK_MAC_KEY_BYTES, NULL, 0);
    memcpy(mac, full, CQ_PK_MAC_BYTES);
    cq_wipe(full, sizeof full);
}

/* spec: client-server-api §Decryption key */
/* pk.h */
void cq_pk_decryption_from_private(cq_pk_decryption *d,
                                   const uint8_t private_key[CQ_PK_KEY_BYTES])
{
    cq_x25519_keypair(d->public_key, d->private_key, private_key);
}

/* pk.h */
void cq_pk_decryption_clear(cq_pk_decryption *d)
{
    cq_wipe(d, sizeof *d);
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
/* pk.h */
size_t cq_pk_ciphertext_len(size_t n)
{
    return cq_cbc_ciphertext_len(n);
}

/* pk.h */
cliquet_status cq_pk_encrypt_legacy(uint8_t *ciphertext,
                                    uint8_t mac[CQ_PK_MAC_BYTES],
                                    uint8_t ephemeral_key[CQ_PK_KEY_BYTES],
                                    const uint8_t recipient_key[CQ_PK_KEY_BYTES],
                                    const uint8_t *plaintext, size_t n,
                                    const uint8_t random[CQ_PK_KEY_BYTES])
{
    uint8_t eph_public[CQ_PK_KEY_BYTES];
    uint8_t eph_private[CQ_PK_KEY_BYTES];
    uint8_t shared[CQ_X25519_BYTES];
    pk_keys keys;
    cliquet_status st;

    if (n > CQ_PK_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    /* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2:
     * "Generate an ephemeral curve25519 key, and perform an ECDH with the
     * ephemeral key and the backup's public key to generate a shared
     * secret." */
    cq_x25519_keypair(eph_public, eph_private, random);
    st = cq_x25519(shared, eph_private, recipient_key);
    if (st != CLIQUET_OK) {
        goto done;
    }
    derive_keys(&keys, shared);
    /* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2: "encrypt
     * it using AES-CBC-256 with PKCS#7 padding." */
    cq_aes256_cbc_encrypt(ciphertext, aes_key(&keys), aes_iv(&keys),
                          plaintext, n);
    legacy_mac(mac, &keys);
    memcpy(ephemeral_key, eph_public, CQ_PK_KEY_BYTES);
    cq_wipe(&keys, sizeof keys);
done:
    cq_wipe(eph_private, sizeof eph_private);
    cq_wipe(shared, sizeof shared);
    return st;
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
/* pk.h */
cliquet_status cq_pk_decrypt_legacy(uint8_t *plaintext, size_t *plaintext_len,
                                    const cq_pk_decryption *d,
                                    const uint8_t ephemeral_key[CQ_PK_KEY_BYTES],
                                    const uint8_t mac[CQ_PK_MAC_BYTES],
                                    const uint8_t *ciphertext, size_t n)
{
    uint8_t shared[CQ_X25519_BYTES];
    uint8_t expected[CQ_PK_MAC_BYTES];
    pk_keys keys;
    cliquet_status st;

    /*
     * Refused before any key is derived or block decrypted: the MAC does
     * not cover the ciphertext, so these lengths can come from anyone
     * (the CBC layer checks again; this check is the one that matters).
     */
    if (n == 0 || n % CQ_AES_BLOCK_BYTES != 0) {
        return CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH;
    }
    st = cq_x25519(shared, d->private_key, ephemeral_key);
    if (st != CLIQUET_OK) {
        return st;
    }
    derive_keys(&keys, shared);
    legacy_mac(expected, &keys);
    if (cq_ct_memcmp(expected, mac, CQ_PK_MAC_BYTES) != 0) {
        st = CLIQUET_ERR_BAD_MESSAGE_MAC;
    } else {
        st = cq_aes256_cbc_decrypt(plaintext, plaintext_len, aes_key(&keys),
                                   aes_iv(&keys), ciphertext, n);
    }
    cq_wipe(&keys, sizeof keys);
    cq_wipe(expected, sizeof expected);
    cq_wipe(shared, sizeof shared);
    return st;
}
