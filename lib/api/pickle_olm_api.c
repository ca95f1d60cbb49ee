/*
 * Pickles of accounts and Olm sessions, native and libolm (cliquet.h,
 * Pickles; the shared parts are pickle_api.c).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/pickle_api.h"
#include "olm/olm.h"

/* libolm 3.2's bounds (olm/account.hh, olm/ratchet.hh). cliquet's own are
 * the same today, so every state fits libolm's format; were one raised,
 * export would need a CLIQUET_ERR_PICKLE_LOSSY check here first. */
#define LIBOLM_MAX_ONE_TIME_KEYS 100
#define LIBOLM_MAX_RECEIVER_CHAINS 5
#define LIBOLM_MAX_SKIPPED_KEYS 40
#define LIBOLM_MAX_FALLBACK_KEYS 2
_Static_assert(CQ_OLM_MAX_ONE_TIME_KEYS <= LIBOLM_MAX_ONE_TIME_KEYS,
               "more one-time keys than a libolm pickle holds");
_Static_assert(CQ_OLM_MAX_RECEIVER_CHAINS <= LIBOLM_MAX_RECEIVER_CHAINS,
               "more receiver chains than a libolm pickle holds");
_Static_assert(CQ_OLM_MAX_SKIPPED_KEYS <= LIBOLM_MAX_SKIPPED_KEYS,
               "more skipped keys than a libolm pickle holds");
_Static_assert(CQ_OLM_MAX_FALLBACK_KEYS <= LIBOLM_MAX_FALLBACK_KEYS,
               "more fallback keys than a libolm pickle holds");

/* ---- accounts -------------------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_account_pickle(const cliquet_account *account, char *out,
                                      size_t out_cap, size_t *out_len,
                                      const uint8_t *key, size_t key_len)
{
    const cq_olm_account *a;
    cq_api_payload pl;
    cliquet_status st = cq_api_pickle_args(account, out_len, cq_api_native_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    a = cq_api_account_state(account);
    st = cq_api_payload_begin(&pl, cq_olm_account_pickle_size(a), CQ_API_SEED_EXT);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_olm_account_pickle(&pl.w, a);
    cq_api_write_seed_ext(&pl.w, &a->ed25519);
    return cq_api_payload_seal(&pl, out, out_cap, out_len, key, CQ_PICKLE_TYPE_ACCOUNT);
}

/* Makes the account from a checked state; wipes and frees the state. */
static cliquet_status account_commit(cliquet_account **out, cq_olm_account *a,
                                     cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_account_from_state(out, a);
    }
    cq_api_free(a, sizeof *a);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_unpickle(cliquet_account **out,
                                        const uint8_t *key, size_t key_len,
                                        const char *pickle, size_t pickle_len)
{
    cq_api_opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_olm_account *a;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_native_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    a = cq_api_alloc_zero(sizeof *a);
    if (a == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_native(&o, key, CQ_PICKLE_TYPE_ACCOUNT, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = cq_api_payload_split(&o, CQ_OLM_ACCOUNT_PICKLE_VERSION, &core, &ext, CQ_API_SEED_EXT);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_corrupted_unless_ok(
            cq_olm_account_unpickle(a, core.data, core.len, 0));
    }
    if (st == CLIQUET_OK) {
        st = cq_api_read_seed_ext(&a->ed25519, ext);
    }
    cq_api_opened_release(&o);
    return account_commit(out, a, st);
}

/* cliquet.h */
cliquet_status cliquet_account_pickle_libolm(const cliquet_account *account,
                                             char *out, size_t out_cap,
                                             size_t *out_len, const uint8_t *key,
                                             size_t key_len)
{
    const cq_olm_account *a;
    uint8_t *raw;
    size_t raw_len;
    cq_writer w;
    cliquet_status st = cq_api_pickle_args(account, out_len, cq_api_libolm_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    a = cq_api_account_state(account);
    raw_len = cq_olm_account_pickle_size(a);
    raw = cq_api_alloc_zero(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_writer_init(&w, raw, raw_len);
    cq_olm_account_pickle(&w, a);
    st = cq_api_seal_libolm(out, out_cap, out_len, key, key_len, raw, raw_len);
    cq_api_free(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_unpickle_libolm(cliquet_account **out,
                                               const uint8_t *key, size_t key_len,
                                               const char *pickle,
                                               size_t pickle_len)
{
    cq_api_opened o;
    cq_olm_account *a;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_libolm_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    a = cq_api_alloc_zero(sizeof *a);
    if (a == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = cq_pickle_libolm_account_upgrade(o.work, o.work_cap, &o.len);
    }
    if (st == CLIQUET_OK) {
        /* libolm stores the last one-time key id it issued, and so does
         * cq_olm_account (next_key_id is pre-incremented): copied as is. */
        st = cq_olm_account_unpickle(a, o.data, o.len, 1);
    }
    cq_api_opened_release(&o);
    return account_commit(out, a, st);
}

/* ---- Olm sessions ------------------------------------------------------------------ */

/* cliquet.h */
cliquet_status cliquet_session_pickle(const cliquet_session *session, char *out,
                                      size_t out_cap, size_t *out_len,
                                      const uint8_t *key, size_t key_len)
{
    const cq_olm_session *s;
    cq_api_payload pl;
    cliquet_status st = cq_api_pickle_args(session, out_len, cq_api_native_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_session_state(session);
    st = cq_api_payload_begin(&pl, cq_olm_session_pickle_size(s),
                              CQ_API_SESSION_EXT +
                                  cq_api_config_ext_len((int)s->ratchet.full_mac));
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_olm_session_pickle(&pl.w, s);
    cq_write_bytes(&pl.w, s->their_identity_key, CQ_API_SESSION_EXT);
    /* Since 1.2: the config section of a version 2 session. */
    cq_api_write_config_ext(&pl.w, (int)s->ratchet.full_mac);
    return cq_api_payload_seal(&pl, out, out_cap, out_len, key, CQ_PICKLE_TYPE_SESSION);
}

static cliquet_status session_commit(cliquet_session **out, cq_olm_session *s,
                                     cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_session_from_state(out, s);
    }
    cq_api_free(s, sizeof *s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_unpickle(cliquet_session **out,
                                        const uint8_t *key, size_t key_len,
                                        const char *pickle, size_t pickle_len)
{
    cq_api_opened o;
    cq_reader core;
    const uint8_t *ext;
    size_t ext_len = 0, used = 0;
    int full_mac = 0;
    cq_olm_session *s;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_native_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_native(&o, key, CQ_PICKLE_TYPE_SESSION, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        /* The peer key, then (since 1.2) a config section or nothing. */
        ext_len = cq_api_payload_ext_len(&o, CQ_API_SESSION_EXT);
        st = cq_api_payload_split(&o, CQ_OLM_SESSION_PICKLE_VERSION, &core, &ext,
                           ext_len);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_corrupted_unless_ok(
            cq_olm_session_unpickle(s, core.data, core.len, ext));
    }
    if (st == CLIQUET_OK) {
        st = cq_api_read_config_ext(ext + CQ_API_SESSION_EXT,
                                    ext_len - CQ_API_SESSION_EXT, &full_mac, &used);
    }
    if (st == CLIQUET_OK && used != ext_len - CQ_API_SESSION_EXT) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (st == CLIQUET_OK) {
        s->ratchet.full_mac = (uint32_t)full_mac;
    }
    cq_api_opened_release(&o);
    return session_commit(out, s, st);
}

/* cliquet.h */
cliquet_status cliquet_session_pickle_libolm(const cliquet_session *session,
                                             char *out, size_t out_cap,
                                             size_t *out_len, const uint8_t *key,
                                             size_t key_len)
{
    const cq_olm_session *s;
    uint8_t *raw;
    size_t raw_len;
    cq_writer w;
    cliquet_status st = cq_api_pickle_args(session, out_len, cq_api_libolm_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_session_state(session);
    /* libolm's layout has no place for a SessionConfig: a version 2
     * session written there would come back as version 1 and speak a
     * format its peer refuses (docs/session-config.md). */
    if (s->ratchet.full_mac) {
        return CLIQUET_ERR_PICKLE_LOSSY;
    }
    raw_len = cq_olm_session_pickle_size(s);
    raw = cq_api_alloc_zero(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_writer_init(&w, raw, raw_len);
    cq_olm_session_pickle(&w, s);
    st = cq_api_seal_libolm(out, out_cap, out_len, key, key_len, raw, raw_len);
    cq_api_free(raw, raw_len);
    return st;
}

/*
 * The body of cliquet_session_unpickle_libolm and its libolm-compat twin:
 * their_key is the peer's Curve25519 identity key, or NULL to take the
 * session as inbound, its peer being the pickle's Alice.
 */
static cliquet_status session_unpickle_libolm(cliquet_session **out,
                                              const uint8_t *key, size_t key_len,
                                              const char *pickle,
                                              size_t pickle_len,
                                              const uint8_t *their_key)
{
    cq_api_opened o;
    cq_olm_session *s = cq_api_alloc_zero(sizeof *s);
    cliquet_status st;

    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = cq_pickle_libolm_session_upgrade(o.work, &o.len);
    }
    if (st == CLIQUET_OK) {
        st = cq_olm_session_unpickle(s, o.data, o.len, their_key);
    }
    cq_api_opened_release(&o);
    return session_commit(out, s, st);
}

/* cliquet.h */
cliquet_status cliquet_session_unpickle_libolm(cliquet_session **out,
                                               const uint8_t *key, size_t key_len,
                                               const char *pickle,
                                               size_t pickle_len,
                                               const char *their_identity_key,
                                               size_t their_identity_key_len)
{
    uint8_t their_key[32];
    cliquet_status st = cq_api_unpickle_args(out, cq_api_libolm_key(key, key_len), pickle, pickle_len);

    /* Required: libolm's pickle does not say whose session it is. */
    if (st == CLIQUET_OK && their_identity_key == NULL) {
        st = CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (st == CLIQUET_OK) {
        st = cq_api_decode_exact(their_key, sizeof their_key, their_identity_key,
                                 their_identity_key_len, CLIQUET_ERR_BAD_KEY_LENGTH);
    }
    if (st != CLIQUET_OK) {
        return st;
    }
    return session_unpickle_libolm(out, key, key_len, pickle, pickle_len, their_key);
}

/* cliquet_libolm.h */
cliquet_status cliquet_session_unpickle_libolm_as_inbound(cliquet_session **out,
                                                          const uint8_t *key,
                                                          size_t key_len,
                                                          const char *pickle,
                                                          size_t pickle_len)
{
    cliquet_status st = cq_api_unpickle_args(out, cq_api_libolm_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    return session_unpickle_libolm(out, key, key_len, pickle, pickle_len, NULL);
}
