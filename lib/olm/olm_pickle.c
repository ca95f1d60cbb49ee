/*
 * The fields of a session and an account in libolm's pickle layout, before
 * encryption: session version 1, account version 4. Integers are 32-bit
 * big-endian, booleans and the fallback key count one byte, lists a 32-bit
 * count then their items in list order (newest first), key pairs the
 * public key then the private key. lib/pickle wraps these bytes in libolm's
 * or cliquet's envelope.
 *
 * Reading is strict: every count within cliquet's bounds (libolm's), every
 * boolean 0 or 1, every public key the one its private key gives, nothing
 * after the last field.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "olm.h"

/* Sizes of the pieces, for the size functions. */
#define PK_KEY_PAIR 64               /* Curve25519 public + private */
#define PK_CHAIN_KEY 36              /* key + index */
#define PK_SENDER_CHAIN (PK_KEY_PAIR + PK_CHAIN_KEY)
#define PK_RECEIVER_CHAIN (32 + PK_CHAIN_KEY)
#define PK_SKIPPED_KEY (32 + 32 + 4)
#define PK_ONE_TIME_KEY (4 + 1 + PK_KEY_PAIR)
#define PK_ED25519_PAIR (32 + 64)    /* public + expanded private */

/* ---- writing ------------------------------------------------------------------ */

static void put_chain_key(cq_writer *w, const cq_olm_chain_key *c)
{
    cq_write_bytes(w, c->key, 32);
    cq_write_u32_be(w, c->index);
}

static void put_one_time_key(cq_writer *w, const cq_olm_one_time_key *k)
{
    cq_write_u32_be(w, k->id);
    cq_write_u8(w, k->published);
    cq_write_bytes(w, k->public_key, 32);
    cq_write_bytes(w, k->private_key, 32);
}

/* olm.h */
size_t cq_olm_session_pickle_size(const cq_olm_session *s)
{
    const cq_olm_ratchet *r = &s->ratchet;

    return 4 + 1 + 3 * 32 + 32 + 4 + r->has_sender_chain * PK_SENDER_CHAIN +
           4 + (size_t)r->num_receiver_chains * PK_RECEIVER_CHAIN + 4 +
           (size_t)r->num_skipped_keys * PK_SKIPPED_KEY;
}

/* olm.h */
void cq_olm_session_pickle(cq_writer *w, const cq_olm_session *s)
{
    const cq_olm_ratchet *r = &s->ratchet;
    uint32_t i;

    cq_write_u32_be(w, CQ_OLM_SESSION_PICKLE_VERSION);
    cq_write_u8(w, (uint8_t)s->received_message);
    cq_write_bytes(w, s->alice_identity_key, 32);
    cq_write_bytes(w, s->alice_base_key, 32);
    cq_write_bytes(w, s->bob_one_time_key, 32);
    cq_write_bytes(w, r->root_key, 32);
    cq_write_u32_be(w, r->has_sender_chain);
    if (r->has_sender_chain) {
        cq_write_bytes(w, r->sender_chain.ratchet_public, 32);
        cq_write_bytes(w, r->sender_chain.ratchet_private, 32);
        put_chain_key(w, &r->sender_chain.chain_key);
    }
    cq_write_u32_be(w, r->num_receiver_chains);
    for (i = 0; i < r->num_receiver_chains; i++) {
        cq_write_bytes(w, r->receiver_chains[i].ratchet_key, 32);
        put_chain_key(w, &r->receiver_chains[i].chain_key);
    }
    cq_write_u32_be(w, r->num_skipped_keys);
    for (i = 0; i < r->num_skipped_keys; i++) {
        cq_write_bytes(w, r->skipped_keys[i].ratchet_key, 32);
        cq_write_bytes(w, r->skipped_keys[i].message_key, 32);
        cq_write_u32_be(w, r->skipped_keys[i].index);
    }
}

/* olm.h */
size_t cq_olm_account_pickle_size(const cq_olm_account *a)
{
    return 4 + PK_ED25519_PAIR + PK_KEY_PAIR + 4 +
           (size_t)a->num_one_time_keys * PK_ONE_TIME_KEY + 1 +
           (size_t)a->num_fallback_keys * PK_ONE_TIME_KEY + 4;
}

/* olm.h */
void cq_olm_account_pickle(cq_writer *w, const cq_olm_account *a)
{
    uint32_t i;

    cq_write_u32_be(w, CQ_OLM_ACCOUNT_PICKLE_VERSION);
    cq_write_bytes(w, a->ed25519.public_key, 32);
    cq_write_bytes(w, a->ed25519.expanded, 64);
    cq_write_bytes(w, a->curve25519_public, 32);
    cq_write_bytes(w, a->curve25519_private, 32);
    cq_write_u32_be(w, a->num_one_time_keys);
    for (i = 0; i < a->num_one_time_keys; i++) {
        put_one_time_key(w, &a->one_time_keys[i]);
    }
    cq_write_u8(w, (uint8_t)a->num_fallback_keys);
    for (i = 0; i < a->num_fallback_keys; i++) {
        put_one_time_key(w, &a->fallback_keys[i]);
    }
    cq_write_u32_be(w, a->next_key_id);
}

/* ---- reading ------------------------------------------------------------------ */

/* Reads a boolean byte: 0 or 1 only. */
static int get_bool(cq_reader *r, uint32_t *out)
{
    uint8_t b;

    if (cq_read_u8(r, &b) != 0 || b > 1) {
        return -1;
    }
    *out = b;
    return 0;
}

/* Reads a list count of at most max. */
static int get_count(cq_reader *r, uint32_t *out, uint32_t max)
{
    if (cq_read_u32_be(r, out) != 0 || *out > max) {
        return -1;
    }
    return 0;
}

/* Reads a Curve25519 pair and checks the public key is the private key's. */
/*
 * A Curve25519 key pair; with check, the public key must be the private
 * key's (one scalar multiplication).
 */
static int get_key_pair(cq_reader *r, uint8_t pub[32], uint8_t priv[32],
                        int check)
{
    uint8_t derived[32];
    int ok;

    if (cq_read_bytes(r, pub, 32) != 0 || cq_read_bytes(r, priv, 32) != 0) {
        return -1;
    }
    if (!check) {
        return 0;
    }
    cq_x25519_public(derived, priv);
    /* derived comes from the private key: compared in constant time, so
     * that only the verdict depends on it (test/ct). */
    ok = cq_ct_memcmp(derived, pub, 32) == 0;
    cq_wipe(derived, sizeof derived);
    return ok ? 0 : -1;
}

static int get_chain_key(cq_reader *r, cq_olm_chain_key *c)
{
    return cq_read_bytes(r, c->key, 32) != 0 ||
                   cq_read_u32_be(r, &c->index) != 0
               ? -1
               : 0;
}

/*
 * A one-time or fallback key. Its pair is not recomputed here even when
 * check is set: it is marked unchecked instead, for cq_olm_session_inbound
 * to check at its first use (olm.h, cq_olm_account_unpickle).
 */
static int get_one_time_key(cq_reader *r, cq_olm_one_time_key *k, int check)
{
    uint32_t published;

    if (cq_read_u32_be(r, &k->id) != 0 || get_bool(r, &published) != 0) {
        return -1;
    }
    k->published = (uint8_t)published;
    k->unchecked = (uint8_t)(check != 0);
    return get_key_pair(r, k->public_key, k->private_key, 0);
}

/* Reads the version: CLIQUET_OK, or the status for a short or unknown one. */
static cliquet_status get_version(cq_reader *r, uint32_t want)
{
    uint32_t version;

    if (cq_read_u32_be(r, &version) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    return version == want ? CLIQUET_OK : CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
}

static int get_ratchet(cq_reader *rd, cq_olm_ratchet *r)
{
    uint32_t i;

    if (cq_read_bytes(rd, r->root_key, 32) != 0 ||
        get_count(rd, &r->has_sender_chain, 1) != 0) {
        return -1;
    }
    if (r->has_sender_chain &&
        (get_key_pair(rd, r->sender_chain.ratchet_public,
                      r->sender_chain.ratchet_private, 1) != 0 ||
         get_chain_key(rd, &r->sender_chain.chain_key) != 0)) {
        return -1;
    }
    if (get_count(rd, &r->num_receiver_chains, CQ_OLM_MAX_RECEIVER_CHAINS) != 0) {
        return -1;
    }
    for (i = 0; i < r->num_receiver_chains; i++) {
        if (cq_read_bytes(rd, r->receiver_chains[i].ratchet_key, 32) != 0 ||
            get_chain_key(rd, &r->receiver_chains[i].chain_key) != 0) {
            return -1;
        }
    }
    if (get_count(rd, &r->num_skipped_keys, CQ_OLM_MAX_SKIPPED_KEYS) != 0) {
        return -1;
    }
    for (i = 0; i < r->num_skipped_keys; i++) {
        if (cq_read_bytes(rd, r->skipped_keys[i].ratchet_key, 32) != 0 ||
            cq_read_bytes(rd, r->skipped_keys[i].message_key, 32) != 0 ||
            cq_read_u32_be(rd, &r->skipped_keys[i].index) != 0) {
            return -1;
        }
    }
    /* A session always has a chain to send or receive on. */
    return r->has_sender_chain || r->num_receiver_chains > 0 ? 0 : -1;
}

/* olm.h */
cliquet_status cq_olm_session_unpickle(cq_olm_session *s, const uint8_t *in,
                                       size_t n,
                                       const uint8_t *their_identity_key)
{
    cq_reader r;
    cliquet_status st;

    memset(s, 0, sizeof *s);
    cq_reader_init(&r, in, n);
    st = get_version(&r, CQ_OLM_SESSION_PICKLE_VERSION);
    if (st != CLIQUET_OK) {
        return st;
    }
    if (get_bool(&r, &s->received_message) != 0 ||
        cq_read_bytes(&r, s->alice_identity_key, 32) != 0 ||
        cq_read_bytes(&r, s->alice_base_key, 32) != 0 ||
        cq_read_bytes(&r, s->bob_one_time_key, 32) != 0 ||
        get_ratchet(&r, &s->ratchet) != 0) {
        cq_wipe(s, sizeof *s);
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* A whole session, then more: libolm's OLM_PICKLE_EXTRA_DATA. */
    if (cq_reader_remaining(&r) != 0) {
        cq_wipe(s, sizeof *s);
        return CLIQUET_ERR_PICKLE_EXTRA_DATA;
    }
    memcpy(s->their_identity_key,
           their_identity_key != NULL ? their_identity_key : s->alice_identity_key,
           32);
    return CLIQUET_OK;
}

static int get_account_keys(cq_reader *r, cq_olm_account *a, int check)
{
    uint8_t public_key[32];
    uint8_t expanded[64];
    int ok;

    ok = cq_read_bytes(r, public_key, 32) == 0 &&
         cq_read_bytes(r, expanded, 64) == 0;
    if (ok && check) {
        /* The public key must be the one the secret gives. */
        ok = cq_ed25519_from_expanded(&a->ed25519, expanded) == CLIQUET_OK &&
             cq_ct_memcmp(a->ed25519.public_key, public_key, 32) == 0;
    } else if (ok) {
        ok = cq_ed25519_from_stored(&a->ed25519, expanded, public_key) == CLIQUET_OK;
    }
    ok = ok && get_key_pair(r, a->curve25519_public, a->curve25519_private, check) == 0;
    cq_wipe(expanded, sizeof expanded);
    return ok ? 0 : -1;
}

/*
 * Every stored key's id must be one already issued: at least 1 and at most
 * the last id the counter gave. Otherwise the counter would hand out an id
 * in use (or 0) again (an outside probe found this with a valid libolm
 * pickle whose counter was 0xfffffffe).
 */
static int key_ids_issued(const cq_olm_account *a)
{
    uint32_t i;
    int ok = 1;

    for (i = 0; i < a->num_one_time_keys; i++) {
        ok &= a->one_time_keys[i].id >= 1 && a->one_time_keys[i].id <= a->next_key_id;
    }
    for (i = 0; i < a->num_fallback_keys; i++) {
        ok &= a->fallback_keys[i].id >= 1 && a->fallback_keys[i].id <= a->next_key_id;
    }
    return ok;
}

/* olm.h */
cliquet_status cq_olm_account_unpickle(cq_olm_account *a, const uint8_t *in,
                                       size_t n, int check_key_pairs)
{
    cq_reader r;
    uint8_t num_fallback = 0;
    uint32_t i;
    int ok;
    cliquet_status st;

    memset(a, 0, sizeof *a);
    cq_reader_init(&r, in, n);
    st = get_version(&r, CQ_OLM_ACCOUNT_PICKLE_VERSION);
    if (st != CLIQUET_OK) {
        return st;
    }
    ok = get_account_keys(&r, a, check_key_pairs) == 0 &&
         get_count(&r, &a->num_one_time_keys, CQ_OLM_MAX_ONE_TIME_KEYS) == 0;
    for (i = 0; ok && i < a->num_one_time_keys; i++) {
        ok = get_one_time_key(&r, &a->one_time_keys[i], check_key_pairs) == 0;
    }
    ok = ok && cq_read_u8(&r, &num_fallback) == 0 &&
         num_fallback <= CQ_OLM_MAX_FALLBACK_KEYS;
    a->num_fallback_keys = num_fallback;
    for (i = 0; ok && i < a->num_fallback_keys; i++) {
        ok = get_one_time_key(&r, &a->fallback_keys[i], check_key_pairs) == 0;
    }
    ok = ok && cq_read_u32_be(&r, &a->next_key_id) == 0 && key_ids_issued(a);
    if (!ok) {
        cq_wipe(a, sizeof *a);
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* A whole account, then more: libolm's OLM_PICKLE_EXTRA_DATA. */
    if (cq_reader_remaining(&r) != 0) {
        cq_wipe(a, sizeof *a);
        return CLIQUET_ERR_PICKLE_EXTRA_DATA;
    }
    return CLIQUET_OK;
}
