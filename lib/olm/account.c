/*
 * Olm accounts: identity keys, one-time keys and fallback keys.
 *
 * One-time and fallback keys share one id counter, pre-incremented, so the
 * first key made is id 1 (libolm's numbering). The one-time key store is a
 * list, newest first, of at most CQ_OLM_MAX_ONE_TIME_KEYS: making a key
 * when it is full drops the oldest (libolm's behaviour, docs/limits.md).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "olm.h"

/* spec: olm.md §Initial setup */
/* spec: signing.md §Signature keys and user identity in libolm */
/* olm.h */
void cq_olm_account_init(cq_olm_account *a,
                         const uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES])
{
    memset(a, 0, sizeof *a);
    /* libolm's order: the Ed25519 seed first, then the Curve25519 key. */
    cq_ed25519_from_seed(&a->ed25519, random);
    cq_x25519_keypair(a->curve25519_public, a->curve25519_private, random + 32);
}

/* A new key with the next id, unpublished. */
static void make_key(cq_olm_account *a, cq_olm_one_time_key *k,
                     const uint8_t random[32])
{
    k->id = ++a->next_key_id;
    k->published = 0;
    cq_x25519_keypair(k->public_key, k->private_key, random);
}

/* spec: olm.md §Initial setup */
/* olm.h */
cliquet_status cq_olm_account_generate_one_time_keys(cq_olm_account *a,
                                                     size_t count,
                                                     const uint8_t *random)
{
    size_t i;
    size_t keep;

    /* Past 100 at once, or past the last key id: ids never wrap, so 0 is
     * never issued and no id is issued twice (docs/limits.md). */
    if (count > CQ_OLM_MAX_ONE_TIME_KEYS || count > UINT32_MAX - a->next_key_id) {
        return CLIQUET_ERR_TOO_MANY_KEYS;
    }
    for (i = 0; i < count; i++) {
        /* Newest first; a full store loses its last, oldest key, which the
         * move overwrites. */
        keep = a->num_one_time_keys < CQ_OLM_MAX_ONE_TIME_KEYS
                   ? a->num_one_time_keys
                   : CQ_OLM_MAX_ONE_TIME_KEYS - 1;
        memmove(&a->one_time_keys[1], &a->one_time_keys[0],
                keep * sizeof a->one_time_keys[0]);
        a->num_one_time_keys = (uint32_t)keep + 1;
        make_key(a, &a->one_time_keys[0], random + 32 * i);
    }
    return CLIQUET_OK;
}

/* olm.h */
size_t cq_olm_account_unpublished_count(const cq_olm_account *a)
{
    size_t n = 0;
    uint32_t i;

    for (i = 0; i < a->num_one_time_keys; i++) {
        n += a->one_time_keys[i].published ? 0 : 1;
    }
    return n;
}

/* spec: olm.md §Creating an outbound session */
/* olm.h */
const cq_olm_one_time_key *cq_olm_account_unpublished(const cq_olm_account *a,
                                                      size_t i)
{
    uint32_t k;

    for (k = 0; k < a->num_one_time_keys; k++) {
        if (a->one_time_keys[k].published) {
            continue;
        }
        if (i == 0) {
            return &a->one_time_keys[k];
        }
        i--;
    }
    return NULL;
}

/* spec: olm.md §Creating an outbound session */
/* olm.h */
void cq_olm_account_mark_published(cq_olm_account *a)
{
    uint32_t i;

    for (i = 0; i < a->num_one_time_keys; i++) {
        a->one_time_keys[i].published = 1;
    }
    if (a->num_fallback_keys >= 1) {
        a->fallback_keys[0].published = 1;
    }
}

/* olm.h */
cliquet_status cq_olm_account_generate_fallback_key(
    cq_olm_account *a, const uint8_t random[CQ_OLM_FALLBACK_KEY_RANDOM_BYTES])
{
    if (a->next_key_id == UINT32_MAX) {
        return CLIQUET_ERR_TOO_MANY_KEYS; /* key ids never wrap */
    }
    /* The current key becomes the previous one (the older previous one is
     * overwritten): peers may still hold the key just replaced. */
    a->fallback_keys[1] = a->fallback_keys[0];
    if (a->num_fallback_keys < CQ_OLM_MAX_FALLBACK_KEYS) {
        a->num_fallback_keys++;
    }
    make_key(a, &a->fallback_keys[0], random);
    return CLIQUET_OK;
}

/* olm.h */
const cq_olm_one_time_key *
cq_olm_account_unpublished_fallback_key(const cq_olm_account *a)
{
    if (a->num_fallback_keys >= 1 && !a->fallback_keys[0].published) {
        return &a->fallback_keys[0];
    }
    return NULL;
}

/* olm.h */
void cq_olm_account_forget_old_fallback_key(cq_olm_account *a)
{
    if (a->num_fallback_keys >= 2) {
        a->num_fallback_keys = 1;
        cq_wipe(&a->fallback_keys[1], sizeof a->fallback_keys[1]);
    }
}

/* spec: olm.md §Creating an inbound session from a pre-key message */
/* olm.h */
const cq_olm_one_time_key *cq_olm_account_find_key(const cq_olm_account *a,
                                                   const uint8_t public_key[32])
{
    uint32_t i;

    /* Public keys are public: an ordinary comparison is fine. */
    for (i = 0; i < a->num_one_time_keys; i++) {
        if (memcmp(a->one_time_keys[i].public_key, public_key, 32) == 0) {
            return &a->one_time_keys[i];
        }
    }
    for (i = 0; i < a->num_fallback_keys; i++) {
        if (memcmp(a->fallback_keys[i].public_key, public_key, 32) == 0) {
            return &a->fallback_keys[i];
        }
    }
    return NULL;
}

/* olm.h */
void cq_olm_account_remove_one_time_key(cq_olm_account *a,
                                        const uint8_t public_key[32])
{
    uint32_t i;

    for (i = 0; i < a->num_one_time_keys; i++) {
        if (memcmp(a->one_time_keys[i].public_key, public_key, 32) == 0) {
            memmove(&a->one_time_keys[i], &a->one_time_keys[i + 1],
                    (a->num_one_time_keys - 1 - i) * sizeof a->one_time_keys[0]);
            a->num_one_time_keys--;
            cq_wipe(&a->one_time_keys[a->num_one_time_keys],
                    sizeof a->one_time_keys[0]);
            return;
        }
    }
    /* spec: olm.md §Creating an inbound session from a pre-key message: only
     * the one-time key is discarded; fallback keys are not consumed by use
     * (libolm). */
}

/* olm.h */
void cq_olm_account_mark_fallback_checked(cq_olm_account *a,
                                          const cq_olm_one_time_key *k)
{
    uint32_t i;

    /* By identity, not by public key: two entries may share a public key
     * (a corrupt pickle) and only the one checked is cleared. */
    for (i = 0; i < a->num_fallback_keys; i++) {
        if (&a->fallback_keys[i] == k) {
            a->fallback_keys[i].unchecked = 0;
        }
    }
}

/* olm.h */
void cq_olm_key_id_bytes(uint8_t out[4], uint32_t id)
{
    out[0] = (uint8_t)(id >> 24);
    out[1] = (uint8_t)(id >> 16);
    out[2] = (uint8_t)(id >> 8);
    out[3] = (uint8_t)id;
}
