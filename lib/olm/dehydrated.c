/*
 * Dehydrated devices (MSC3814), byte for byte vodozemac's
 * Account::to_dehydrated_device and from_dehydrated_device (src/olm/
 * account/mod.rs, mod dehydrated_device, read at vodozemac commit
 * cfc4eeeb; docs/dehydrated-devices.md). The layout is in olm.h.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Secrets: every private key, the plaintext and the key. They are copied
 * and sealed or opened by libsodium (lengths alone steer it); the branches
 * below depend on the public lengths, the version, the count of keys and
 * the fallback flag, which the layout shows to anyone who holds the key
 * and which leak nothing of a key's bytes. Every plaintext buffer is wiped
 * before return.
 */
#include <string.h>

#include "olm.h"

/* The plaintext's fixed fields, then the key list's entries. */
#define KEY 32
#define HEADER_BYTES (4 + KEY + KEY) /* version, Curve25519, Ed25519 seed */

/* olm.h */
size_t cq_olm_dehydrated_len(const cq_olm_account *a)
{
    return CQ_OLM_DEHYDRATED_MIN_BYTES + (size_t)a->num_one_time_keys * KEY +
           (a->num_fallback_keys >= 1 ? KEY : 0);
}

/* olm.h */
cliquet_status cq_olm_dehydrated_write(uint8_t *out, const cq_olm_account *a)
{
    cq_writer w;

    /* vodozemac's unexpanded_secret_key().ok_or(InvalidAccount): the
     * format carries the seed, which a libolm-imported key lacks. */
    if (!a->ed25519.has_seed) {
        return CLIQUET_ERR_ACCOUNT_NO_SEED;
    }
    cq_writer_init(&w, out, cq_olm_dehydrated_len(a));
    cq_write_u32_be(&w, CQ_OLM_DEHYDRATED_VERSION);
    cq_write_bytes(&w, a->curve25519_private, KEY);
    cq_write_bytes(&w, a->ed25519.seed, KEY);
    /* vodozemac writes one_time_keys.secret_keys().values(), a BTreeMap by
     * key id: oldest first. cliquet's list is newest first. */
    cq_write_u32_be(&w, a->num_one_time_keys);
    for (uint32_t i = a->num_one_time_keys; i > 0; i--) {
        cq_write_bytes(&w, a->one_time_keys[i - 1].private_key, KEY);
    }
    /* OptFallbackKey: bool, then the current fallback key (only). */
    cq_write_u8(&w, a->num_fallback_keys >= 1 ? 1 : 0);
    if (a->num_fallback_keys >= 1) {
        cq_write_bytes(&w, a->fallback_keys[0].private_key, KEY);
    }
    return CLIQUET_OK;
}

/* A published key with this id from its private half. */
static void rehydrated_key(cq_olm_one_time_key *k, uint32_t id, const uint8_t private_key[KEY])
{
    memset(k, 0, sizeof *k);
    k->id = id;
    k->published = 1; /* vodozemac: insert_secret_key(.., true), published: true */
    cq_x25519_keypair(k->public_key, k->private_key, private_key);
}

/*
 * The checks of cq_olm_dehydrated_read before any key is taken: the
 * version, the count of one-time keys (*count) and the flag (*fallback),
 * and that the length is exactly what they imply.
 */
static cliquet_status check_layout(const uint8_t *in, size_t n, uint32_t *count, int *fallback)
{
    cq_reader r;
    uint32_t version = 0, keys = 0;
    uint8_t flag = 0;
    size_t rest;

    cq_reader_init(&r, in, n);
    /* vodozemac's get_pickle_version: MissingVersion under 4 bytes. */
    if (cq_read_u32_be(&r, &version) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (version != CQ_OLM_DEHYDRATED_VERSION) {
        return CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    }
    if (cq_reader_remaining(&r) < 2 * KEY + 4) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    keys = (uint32_t)in[HEADER_BYTES] << 24 | (uint32_t)in[HEADER_BYTES + 1] << 16 |
           (uint32_t)in[HEADER_BYTES + 2] << 8 | (uint32_t)in[HEADER_BYTES + 3];
    /* matrix-pickle's ArrayTooBig, then the list must be there whole. */
    if (keys > CQ_OLM_DEHYDRATED_FORMAT_MAX_KEYS) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    rest = n - (HEADER_BYTES + 4);
    if (rest < (size_t)keys * KEY + 1) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    flag = in[HEADER_BYTES + 4 + (size_t)keys * KEY];
    rest -= (size_t)keys * KEY + 1;
    /* vodozemac's bool takes any non-zero byte; cliquet writes and reads
     * 0 or 1 only (architecture.md §4: strict parsing). */
    if (flag > 1 || rest < (size_t)flag * KEY) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* vodozemac ignores what follows; a whole device then more bytes is
     * not something cliquet or vodozemac writes. */
    if (rest > (size_t)flag * KEY) {
        return CLIQUET_ERR_PICKLE_EXTRA_DATA;
    }
    if (keys > CQ_OLM_MAX_ONE_TIME_KEYS) {
        return CLIQUET_ERR_TOO_MANY_KEYS;
    }
    *count = keys;
    *fallback = flag;
    return CLIQUET_OK;
}

/* olm.h */
cliquet_status cq_olm_dehydrated_read(cq_olm_account *a, const uint8_t *in, size_t n)
{
    uint32_t count = 0;
    int fallback = 0;
    const uint8_t *keys = in + HEADER_BYTES + 4;
    cliquet_status st = check_layout(in, n, &count, &fallback);

    if (st != CLIQUET_OK) {
        return st;
    }
    memset(a, 0, sizeof *a);
    cq_x25519_keypair(a->curve25519_public, a->curve25519_private, in + 4);
    cq_ed25519_from_seed(&a->ed25519, in + 4 + KEY);
    /* Key i of the list (oldest first) gets id i + 1 and sits at
     * count - 1 - i of cliquet's newest-first list. vodozemac numbers them
     * from 0 with u64 ids; cliquet's ids start at 1 (libolm's numbering). */
    for (uint32_t i = 0; i < count; i++) {
        rehydrated_key(&a->one_time_keys[count - 1 - i], i + 1, keys + (size_t)i * KEY);
    }
    a->num_one_time_keys = count;
    a->next_key_id = count;
    if (fallback) {
        rehydrated_key(&a->fallback_keys[0], count + 1, keys + (size_t)count * KEY + 1);
        a->num_fallback_keys = 1;
        a->next_key_id = count + 1;
    }
    return CLIQUET_OK;
}

/* olm.h */
cliquet_status cq_olm_account_dehydrate(uint8_t *out, const cq_olm_account *a,
                                        const uint8_t key[CQ_OLM_DEHYDRATED_KEY_BYTES],
                                        const uint8_t nonce[CQ_OLM_DEHYDRATED_NONCE_BYTES])
{
    size_t n = cq_olm_dehydrated_len(a);
    cliquet_status st = cq_olm_dehydrated_write(out, a);

    if (st == CLIQUET_OK) {
        /* Sealed in place: the plaintext never leaves out. */
        cq_chacha20poly1305_seal(out, out, n, nonce, key);
    }
    return st;
}

/* olm.h */
cliquet_status cq_olm_dehydrated_open(uint8_t *plain, const uint8_t *c, size_t n,
                                      const uint8_t key[CQ_OLM_DEHYDRATED_KEY_BYTES],
                                      const uint8_t nonce[CQ_OLM_DEHYDRATED_NONCE_BYTES])
{
    if (n < CQ_CHACHA_TAG_BYTES) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* vodozemac's Decryption error: the key, the nonce or the bytes. */
    if (cq_chacha20poly1305_open(plain, c, n, nonce, key) != 0) {
        return CLIQUET_ERR_PICKLE_BAD_KEY;
    }
    return CLIQUET_OK;
}

/* olm.h */
cliquet_status cq_olm_account_rehydrate(cq_olm_account *a, uint8_t *scratch,
                                        const uint8_t *c, size_t n,
                                        const uint8_t key[CQ_OLM_DEHYDRATED_KEY_BYTES],
                                        const uint8_t nonce[CQ_OLM_DEHYDRATED_NONCE_BYTES])
{
    cliquet_status st = cq_olm_dehydrated_open(scratch, c, n, key, nonce);

    if (st == CLIQUET_OK) {
        st = cq_olm_dehydrated_read(a, scratch, n - CQ_CHACHA_TAG_BYTES);
        cq_wipe(scratch, n);
    }
    return st;
}
