/*
 * Pickles of outbound and inbound group sessions, native and libolm
 * (cliquet.h, Pickles; the shared parts are pickle_api.c).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/pickle_api.h"
#include "megolm/megolm.h"

/* ---- outbound group sessions ------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_pickle(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len)
{
    const cq_megolm_outbound *s;
    cq_api_payload pl;
    cliquet_status st = cq_api_pickle_args(session, out_len, cq_api_native_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_outbound_group_state(session);
    st = cq_api_payload_begin(&pl, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES,
                              CQ_API_SEED_EXT + cq_api_config_ext_len(s->full_mac));
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_megolm_outbound_pickle(&pl.w, s);
    cq_api_write_seed_ext(&pl.w, &s->signing_key);
    /* Since 1.2: the config section of a version 2 session. */
    cq_api_write_config_ext(&pl.w, s->full_mac);
    return cq_api_payload_seal(&pl, out, out_cap, out_len, key,
                        CQ_PICKLE_TYPE_OUTBOUND_GROUP_SESSION);
}

static cliquet_status outbound_commit(cliquet_outbound_group_session **out,
                                      cq_megolm_outbound *s, cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_outbound_group_from_state(out, s);
    }
    cq_api_free(s, sizeof *s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_unpickle(
    cliquet_outbound_group_session **out,
    const uint8_t *key, size_t key_len, const char *pickle,
    size_t pickle_len)
{
    cq_api_opened o;
    cq_reader core;
    const uint8_t *ext;
    size_t ext_len = 0, used = 0;
    int full_mac = 0;
    cq_megolm_outbound *s;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_native_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_native(&o, key, CQ_PICKLE_TYPE_OUTBOUND_GROUP_SESSION, pickle,
                     pickle_len);
    if (st == CLIQUET_OK) {
        /* The seed, then (since 1.2) a config section or nothing. */
        ext_len = cq_api_payload_ext_len(&o, CQ_API_SEED_EXT);
        st = cq_api_payload_split(&o, CQ_MEGOLM_OUTBOUND_PICKLE_VERSION, &core, &ext,
                           ext_len);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_corrupted_unless_ok(cq_megolm_outbound_unpickle(s, &core));
    }
    if (st == CLIQUET_OK) {
        st = cq_api_read_seed_ext(&s->signing_key, ext);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_read_config_ext(ext + CQ_API_SEED_EXT, ext_len - CQ_API_SEED_EXT,
                                    &full_mac, &used);
    }
    if (st == CLIQUET_OK && used != ext_len - CQ_API_SEED_EXT) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (st == CLIQUET_OK) {
        s->full_mac = (uint8_t)full_mac;
    }
    cq_api_opened_release(&o);
    return outbound_commit(out, s, st);
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_pickle_libolm(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len)
{
    uint8_t raw[CQ_MEGOLM_OUTBOUND_PICKLE_BYTES];
    cq_writer w;
    cliquet_status st = cq_api_pickle_args(session, out_len, cq_api_libolm_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    /* libolm's layout has no SessionConfig (docs/session-config.md). */
    if (cq_api_outbound_group_state(session)->full_mac) {
        return CLIQUET_ERR_PICKLE_LOSSY;
    }
    cq_writer_init(&w, raw, sizeof raw);
    cq_megolm_outbound_pickle(&w, cq_api_outbound_group_state(session));
    st = cq_api_seal_libolm(out, out_cap, out_len, key, key_len, raw, sizeof raw);
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_unpickle_libolm(
    cliquet_outbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len)
{
    cq_api_opened o;
    cq_reader r;
    cq_megolm_outbound *s;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_libolm_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        cq_reader_init(&r, o.data, o.len);
        st = cq_megolm_outbound_unpickle(s, &r);
    }
    cq_api_opened_release(&o);
    return outbound_commit(out, s, st);
}

/* ---- inbound group sessions -------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_pickle(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len)
{
    const cq_megolm_inbound *s;
    cq_api_payload pl;
    cliquet_status st = cq_api_pickle_args(session, out_len, cq_api_native_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_inbound_group_state(session);
    st = cq_api_payload_begin(&pl, CQ_MEGOLM_INBOUND_PICKLE_BYTES,
                              CQ_API_INBOUND_EXT + cq_api_config_ext_len(s->full_mac) +
                                  cq_megolm_replay_pickle_len(s));
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_megolm_inbound_pickle(&pl.w, s);
    cq_write_u8(&pl.w, s->imported);
    /* Since 1.2: the config section of a version 2 session, before the
     * replay record (which starts with 0x01, never with its 0x02). */
    cq_api_write_config_ext(&pl.w, s->full_mac);
    /* Since 1.1: the replay record when it is on (nothing when off, so a
     * session without it pickles as 1.0 wrote it). */
    cq_megolm_replay_pickle(&pl.w, s);
    return cq_api_payload_seal(&pl, out, out_cap, out_len, key,
                        CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION);
}

/*
 * The extension's length in an opened inbound payload: what follows the
 * core (u32 length, core). At least CQ_API_INBOUND_EXT, else a length the
 * split refuses (a truncated payload).
 */
static size_t inbound_ext_len(const cq_api_opened *o)
{
    uint32_t core_len;

    if (o->len < 4) {
        return CQ_API_INBOUND_EXT;
    }
    core_len = (uint32_t)o->data[0] << 24 | (uint32_t)o->data[1] << 16 |
               (uint32_t)o->data[2] << 8 | (uint32_t)o->data[3];
    if ((size_t)core_len > o->len - 4 || o->len - 4 - core_len < CQ_API_INBOUND_EXT) {
        return CQ_API_INBOUND_EXT;
    }
    return o->len - 4 - core_len;
}

static cliquet_status inbound_commit(cliquet_inbound_group_session **out,
                                     cq_megolm_inbound *s, cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_inbound_group_from_state(out, s);
    }
    cq_api_free(s, sizeof *s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_unpickle(
    cliquet_inbound_group_session **out,
    const uint8_t *key, size_t key_len, const char *pickle,
    size_t pickle_len)
{
    cq_api_opened o;
    cq_reader core;
    const uint8_t *ext;
    size_t ext_len = 0, used = 0;
    int full_mac = 0;
    cq_megolm_inbound *s;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_native_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_native(&o, key, CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION, pickle,
                     pickle_len);
    /* The extension: imported, then (since 1.1) the replay record when on,
     * whose length the payload's own tells: all after the core. */
    if (st == CLIQUET_OK) {
        ext_len = inbound_ext_len(&o);
        st = cq_api_payload_split(&o, CQ_MEGOLM_INBOUND_PICKLE_VERSION, &core, &ext,
                           ext_len);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_corrupted_unless_ok(cq_megolm_inbound_unpickle(s, &core));
    }
    /* imported is 0 or 1, and a session from a signed key is verified. */
    if (st == CLIQUET_OK && (ext[0] > 1 || (ext[0] == 0 && s->verified != 1))) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (st == CLIQUET_OK) {
        s->imported = ext[0];
        st = cq_api_read_config_ext(ext + CQ_API_INBOUND_EXT,
                                    ext_len - CQ_API_INBOUND_EXT, &full_mac, &used);
    }
    if (st == CLIQUET_OK) {
        s->full_mac = (uint8_t)full_mac;
        st = cq_megolm_replay_unpickle(s, ext + CQ_API_INBOUND_EXT + used,
                                       ext_len - CQ_API_INBOUND_EXT - used);
    }
    cq_api_opened_release(&o);
    return inbound_commit(out, s, st);
}

static cliquet_status inbound_pickle_libolm(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len, int allow_lossy)
{
    uint8_t raw[CQ_MEGOLM_INBOUND_PICKLE_BYTES];
    const cq_megolm_inbound *s;
    cq_writer w;
    cliquet_status st = cq_api_pickle_args(session, out_len, cq_api_libolm_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_inbound_group_state(session);
    /* libolm's layout has no SessionConfig: refused even by _lossy, since
     * a version 2 session read back as version 1 could not decrypt one
     * message of its sender (docs/session-config.md). */
    if (s->full_mac) {
        return CLIQUET_ERR_PICKLE_LOSSY;
    }
    /* libolm keeps "verified" only. An imported session that has since
     * decrypted a message is verified, and libolm would read it back as a
     * session from a signed key: its origin would be lost. */
    if (s->imported && s->verified && !allow_lossy) {
        return CLIQUET_ERR_PICKLE_LOSSY;
    }
    /* Nor has it a replay record (since 1.1). */
    if (s->replay.enabled && !allow_lossy) {
        return CLIQUET_ERR_PICKLE_LOSSY;
    }
    cq_writer_init(&w, raw, sizeof raw);
    cq_megolm_inbound_pickle(&w, s);
    st = cq_api_seal_libolm(out, out_cap, out_len, key, key_len, raw, sizeof raw);
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_pickle_libolm(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len)
{
    return inbound_pickle_libolm(session, out, out_cap, out_len, key, key_len, 0);
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_pickle_libolm_lossy(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len)
{
    return inbound_pickle_libolm(session, out, out_cap, out_len, key, key_len, 1);
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_unpickle_libolm(
    cliquet_inbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len)
{
    cq_api_opened o;
    cq_reader r;
    cq_megolm_inbound *s;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_libolm_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = cq_api_open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        cq_reader_init(&r, o.data, o.len);
        st = cq_megolm_inbound_unpickle(s, &r);
    }
    cq_api_opened_release(&o);
    return inbound_commit(out, s, st);
}

/*
 * libolm's raw layout of a group session of kind whose every field is zero
 * (but the version): what libolm writes for one only constructed. raw holds
 * CQ_MEGOLM_INBOUND_PICKLE_BYTES (the larger); *len gets the length, or 0
 * for a kind that is not a group session.
 */
static void empty_layout(uint8_t raw[CQ_MEGOLM_INBOUND_PICKLE_BYTES], size_t *len,
                         cliquet_libolm_object kind)
{
    static const cq_megolm_outbound zero_out;
    static const cq_megolm_inbound zero_in;
    cq_writer w;

    *len = 0;
    cq_writer_init(&w, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    if (kind == CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION) {
        cq_megolm_outbound_pickle(&w, &zero_out);
        *len = w.len;
    } else if (kind == CLIQUET_LIBOLM_INBOUND_GROUP_SESSION) {
        cq_megolm_inbound_pickle(&w, &zero_in);
        *len = w.len;
    }
}

/* cliquet_libolm.h */
cliquet_status cliquet_libolm_pickle_empty(cliquet_libolm_object kind, char *out,
                                           size_t out_cap, size_t *out_len,
                                           const uint8_t *key, size_t key_len)
{
    uint8_t raw[CQ_MEGOLM_INBOUND_PICKLE_BYTES];
    size_t len;
    cliquet_status st = cq_api_pickle_args(&kind, out_len, cq_api_libolm_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    empty_layout(raw, &len, kind);
    if (len == 0) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return cq_api_seal_libolm(out, out_cap, out_len, key, key_len, raw, len);
}

/* cliquet_libolm.h */
cliquet_status cliquet_libolm_pickle_is_empty(cliquet_libolm_object kind,
                                              const uint8_t *key, size_t key_len,
                                              const char *pickle, size_t pickle_len,
                                              int *empty)
{
    uint8_t raw[CQ_MEGOLM_INBOUND_PICKLE_BYTES];
    size_t len;
    cq_api_opened o;
    cliquet_status st = cq_api_unpickle_args(empty, cq_api_libolm_key(key, key_len),
                                             pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    empty_layout(raw, &len, kind);
    if (len == 0) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    st = cq_api_open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        /* A layout of zeros: nothing secret to compare in constant time.
         * The empty session and then more bytes is what libolm calls
         * OLM_PICKLE_EXTRA_DATA. */
        *empty = o.len >= len && memcmp(o.data, raw, len) == 0;
        if (*empty && o.len > len) {
            *empty = 0;
            st = CLIQUET_ERR_PICKLE_EXTRA_DATA;
        }
    }
    cq_api_opened_release(&o);
    return st;
}
