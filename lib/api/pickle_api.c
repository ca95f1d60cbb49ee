/*
 * The public pickle API: for each object, its fields (lib/olm, lib/megolm,
 * lib/pk) -> an envelope (lib/pickle) -> base64 text, and back.
 *
 * Native payload (docs/pickle-format.md §Payloads), for every object:
 *   u32 core length | core: the object's fields in libolm's current raw
 *   layout | extension: what libolm's layout cannot hold (fixed size per
 *   object). Account: has_seed (1) and the Ed25519 seed (32, zero without
 *   one). Session: the peer's Curve25519 identity key (32). Outbound group
 *   session: has_seed and seed, as the account. Inbound group session:
 *   imported (1). PK decryption: nothing.
 *
 * Unpickling decodes into a heap copy of the state, checks all of it, and
 * only then makes the object: a failure leaves nothing behind (every
 * temporary buffer is wiped before it is freed).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "crypto/crypto.h"
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pickle/pickle.h"
#include "pk/pk.h"

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

/* Pickle texts longer than this are CLIQUET_ERR_INPUT_TOO_LARGE. */
#define MAX_PICKLE_TEXT (2 * CQ_PICKLE_MAX_PAYLOAD_BYTES)

#define U32 4
#define SEED_EXT (1 + CQ_ED25519_SEED_BYTES) /* has_seed, seed */
#define SESSION_EXT 32                        /* their identity key */
#define INBOUND_EXT 1                         /* imported */

/* ---- buffers ------------------------------------------------------------------- */

static void *alloc_zero(size_t n)
{
    return calloc(1, n > 0 ? n : 1);
}

/* Wipes and frees a heap buffer of n bytes; NULL does nothing. */
static void release(void *p, size_t n)
{
    if (p != NULL) {
        cq_wipe(p, n);
        free(p);
    }
}

/* ---- envelopes over the caller's buffers -------------------------------------- */

/*
 * The checks every pickling call starts with; key_ok says whether the key
 * argument is acceptable (native: not NULL; libolm: NULL only when empty).
 */
static cliquet_status pickle_args(const void *object, size_t *out_len,
                                  int key_ok)
{
    if (object == NULL || out_len == NULL || !key_ok) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return cq_api_ready() ? CLIQUET_OK : CLIQUET_ERR_NOT_INITIALISED;
}

/* The checks every unpickling call starts with. */
static cliquet_status unpickle_args(const void *out, int key_ok,
                                    const char *pickle, size_t pickle_len)
{
    if (out == NULL || !key_ok || !cq_api_input_ok(pickle, pickle_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    return pickle_len > MAX_PICKLE_TEXT ? CLIQUET_ERR_INPUT_TOO_LARGE : CLIQUET_OK;
}

/* Seals payload[0..n) into the caller's buffer as a native pickle. */
static cliquet_status seal_native(char *out, size_t out_cap, size_t *out_len,
                                  const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                  uint8_t type, const uint8_t *payload, size_t n)
{
    uint8_t nonce[CQ_PICKLE_NONCE_BYTES];
    size_t raw_len = cq_pickle_native_raw_len(n);
    uint8_t *work;
    cliquet_status st;

    st = cq_api_check_output(out, out_cap, out_len, cq_pickle_native_text_len(n));
    if (st != CLIQUET_OK) {
        return st;
    }
    work = alloc_zero(raw_len);
    if (work == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_random(nonce, sizeof nonce);
    cq_pickle_native_write(out, work, type, key, nonce, payload, n);
    *out_len = cq_pickle_native_text_len(n);
    release(work, raw_len);
    return CLIQUET_OK;
}

/* Encrypts raw[0..n) into the caller's buffer as a libolm pickle. */
static cliquet_status seal_libolm(char *out, size_t out_cap, size_t *out_len,
                                  const uint8_t *key, size_t key_len,
                                  const uint8_t *raw, size_t n)
{
    size_t work_len = cq_pickle_libolm_raw_len(n);
    uint8_t *work;
    cliquet_status st;

    st = cq_api_check_output(out, out_cap, out_len, cq_pickle_libolm_text_len(n));
    if (st != CLIQUET_OK) {
        return st;
    }
    work = alloc_zero(work_len);
    if (work == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_pickle_libolm_write(out, work, key, key_len, raw, n);
    *out_len = cq_pickle_libolm_text_len(n);
    release(work, work_len);
    return CLIQUET_OK;
}

/*
 * An opened pickle: work holds the decoded text (work_cap bytes), the
 * plaintext is data[0..len).
 */
typedef struct opened {
    uint8_t *work;
    size_t work_cap;
    const uint8_t *data;
    size_t len;
} opened;

static void opened_release(opened *o)
{
    release(o->work, o->work_cap);
    o->work = NULL;
}

static cliquet_status open_alloc(opened *o, size_t pickle_len)
{
    memset(o, 0, sizeof *o);
    /* One byte more than the text decodes to: room for the libolm account
     * version 2 upgrade, which adds a byte. */
    o->work_cap = cq_base64_decoded_len(pickle_len) + 1;
    o->work = alloc_zero(o->work_cap);
    return o->work != NULL ? CLIQUET_OK : CLIQUET_ERR_NO_MEMORY;
}

static cliquet_status open_native(opened *o,
                                  const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                  uint8_t type, const char *pickle,
                                  size_t pickle_len)
{
    cliquet_status st = open_alloc(o, pickle_len);

    if (st == CLIQUET_OK) {
        st = cq_pickle_native_read(&o->data, &o->len, o->work, o->work_cap,
                                   type, key, pickle, pickle_len);
    }
    return st;
}

static cliquet_status open_libolm(opened *o, const uint8_t *key, size_t key_len,
                                  const char *pickle, size_t pickle_len)
{
    cliquet_status st = open_alloc(o, pickle_len);

    if (st == CLIQUET_OK) {
        st = cq_pickle_libolm_read(&o->len, o->work, o->work_cap, key, key_len,
                                   pickle, pickle_len);
        o->data = o->work;
    }
    return st;
}

/* ---- native payloads ------------------------------------------------------------ */

/*
 * A native payload being written: the buffer, sized exactly, and a writer
 * over it. The core length goes first.
 */
typedef struct payload {
    uint8_t *p;
    size_t len;
    cq_writer w;
} payload;

static cliquet_status payload_begin(payload *pl, size_t core_len, size_t ext_len)
{
    pl->len = U32 + core_len + ext_len;
    pl->p = alloc_zero(pl->len);
    if (pl->p == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_writer_init(&pl->w, pl->p, pl->len);
    cq_write_u32_be(&pl->w, (uint32_t)core_len);
    return CLIQUET_OK;
}

/* Seals a completely written payload and releases it. */
static cliquet_status payload_seal(payload *pl, char *out, size_t out_cap,
                                   size_t *out_len,
                                   const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                   uint8_t type)
{
    cliquet_status st = CLIQUET_ERR_INVALID_ARGUMENT;

    /* Sizes and writers come from the same layer: a mismatch is a bug. */
    if (!pl->w.overflow && pl->w.len == pl->len) {
        st = seal_native(out, out_cap, out_len, key, type, pl->p, pl->len);
    }
    release(pl->p, pl->len);
    return st;
}

/*
 * Splits an opened native payload into its core, which must start with the
 * raw layout version `version`, and an extension of exactly ext_len bytes.
 */
static cliquet_status payload_split(const opened *o, uint32_t version,
                                    cq_reader *core, const uint8_t **ext,
                                    size_t ext_len)
{
    cq_reader r;
    uint32_t core_len, core_version;
    const uint8_t *core_bytes;

    cq_reader_init(&r, o->data, o->len);
    if (cq_read_u32_be(&r, &core_len) != 0 ||
        cq_read_view(&r, &core_bytes, core_len) != 0 ||
        cq_read_view(&r, ext, ext_len) != 0 || cq_reader_remaining(&r) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    cq_reader_init(core, core_bytes, core_len);
    if (cq_read_u32_be(core, &core_version) != 0 || core_version != version) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    cq_reader_init(core, core_bytes, core_len);
    return CLIQUET_OK;
}

/* has_seed (0 or 1) then the seed, or 32 zero bytes. */
static void write_seed_ext(cq_writer *w, const cq_ed25519_key *k)
{
    static const uint8_t none[CQ_ED25519_SEED_BYTES] = { 0 };

    cq_write_u8(w, k->has_seed ? 1 : 0);
    cq_write_bytes(w, k->has_seed ? k->seed : none, CQ_ED25519_SEED_BYTES);
}

/*
 * Reads the seed extension into k, whose expanded secret came from the
 * core: the seed must give that very secret.
 */
static cliquet_status read_seed_ext(cq_ed25519_key *k, const uint8_t ext[SEED_EXT])
{
    if (ext[0] > 1) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (ext[0] == 0) {
        return cq_ct_is_zero(ext + 1, CQ_ED25519_SEED_BYTES)
                   ? CLIQUET_OK
                   : CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* The seed must expand to the secret the core fields hold. */
    return cq_ed25519_attach_seed(k, ext + 1) == 0 ? CLIQUET_OK
                                                   : CLIQUET_ERR_PICKLE_CORRUPTED;
}

/* Any refusal of an authenticated native payload means it is malformed. */
static cliquet_status corrupted_unless_ok(cliquet_status st)
{
    return st == CLIQUET_OK || st == CLIQUET_ERR_NO_MEMORY
               ? st
               : CLIQUET_ERR_PICKLE_CORRUPTED;
}

/* ---- accounts -------------------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_account_pickle(const cliquet_account *account, char *out,
                                      size_t out_cap, size_t *out_len,
                                      const uint8_t key[CLIQUET_PICKLE_KEY_BYTES])
{
    const cq_olm_account *a;
    payload pl;
    cliquet_status st = pickle_args(account, out_len, key != NULL);

    if (st != CLIQUET_OK) {
        return st;
    }
    a = cq_api_account_state(account);
    st = payload_begin(&pl, cq_olm_account_pickle_size(a), SEED_EXT);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_olm_account_pickle(&pl.w, a);
    write_seed_ext(&pl.w, &a->ed25519);
    return payload_seal(&pl, out, out_cap, out_len, key, CQ_PICKLE_TYPE_ACCOUNT);
}

/* Makes the account from a checked state; wipes and frees the state. */
static cliquet_status account_commit(cliquet_account **out, cq_olm_account *a,
                                     cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_account_from_state(out, a);
    }
    release(a, sizeof *a);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_unpickle(cliquet_account **out,
                                        const uint8_t key[CLIQUET_PICKLE_KEY_BYTES],
                                        const char *pickle, size_t pickle_len)
{
    opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_olm_account *a;
    cliquet_status st = unpickle_args(out, key != NULL, pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    a = alloc_zero(sizeof *a);
    if (a == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_native(&o, key, CQ_PICKLE_TYPE_ACCOUNT, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = payload_split(&o, CQ_OLM_ACCOUNT_PICKLE_VERSION, &core, &ext, SEED_EXT);
    }
    if (st == CLIQUET_OK) {
        st = corrupted_unless_ok(
            cq_olm_account_unpickle(a, core.data, core.len, 0));
    }
    if (st == CLIQUET_OK) {
        st = read_seed_ext(&a->ed25519, ext);
    }
    opened_release(&o);
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
    cliquet_status st = pickle_args(account, out_len, cq_api_input_ok(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    a = cq_api_account_state(account);
    raw_len = cq_olm_account_pickle_size(a);
    raw = alloc_zero(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_writer_init(&w, raw, raw_len);
    cq_olm_account_pickle(&w, a);
    st = seal_libolm(out, out_cap, out_len, key, key_len, raw, raw_len);
    release(raw, raw_len);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_account_unpickle_libolm(cliquet_account **out,
                                               const uint8_t *key, size_t key_len,
                                               const char *pickle,
                                               size_t pickle_len)
{
    opened o;
    cq_olm_account *a;
    cliquet_status st = unpickle_args(out, cq_api_input_ok(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    a = alloc_zero(sizeof *a);
    if (a == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = cq_pickle_libolm_account_upgrade(o.work, o.work_cap, &o.len);
    }
    if (st == CLIQUET_OK) {
        /* libolm stores the last one-time key id it issued, and so does
         * cq_olm_account (next_key_id is pre-incremented): copied as is. */
        st = cq_olm_account_unpickle(a, o.data, o.len, 1);
    }
    opened_release(&o);
    return account_commit(out, a, st);
}

/* ---- Olm sessions ------------------------------------------------------------------ */

/* cliquet.h */
cliquet_status cliquet_session_pickle(const cliquet_session *session, char *out,
                                      size_t out_cap, size_t *out_len,
                                      const uint8_t key[CLIQUET_PICKLE_KEY_BYTES])
{
    const cq_olm_session *s;
    payload pl;
    cliquet_status st = pickle_args(session, out_len, key != NULL);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_session_state(session);
    st = payload_begin(&pl, cq_olm_session_pickle_size(s), SESSION_EXT);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_olm_session_pickle(&pl.w, s);
    cq_write_bytes(&pl.w, s->their_identity_key, SESSION_EXT);
    return payload_seal(&pl, out, out_cap, out_len, key, CQ_PICKLE_TYPE_SESSION);
}

static cliquet_status session_commit(cliquet_session **out, cq_olm_session *s,
                                     cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_session_from_state(out, s);
    }
    release(s, sizeof *s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_unpickle(cliquet_session **out,
                                        const uint8_t key[CLIQUET_PICKLE_KEY_BYTES],
                                        const char *pickle, size_t pickle_len)
{
    opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_olm_session *s;
    cliquet_status st = unpickle_args(out, key != NULL, pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_native(&o, key, CQ_PICKLE_TYPE_SESSION, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = payload_split(&o, CQ_OLM_SESSION_PICKLE_VERSION, &core, &ext,
                           SESSION_EXT);
    }
    if (st == CLIQUET_OK) {
        st = corrupted_unless_ok(
            cq_olm_session_unpickle(s, core.data, core.len, ext));
    }
    opened_release(&o);
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
    cliquet_status st = pickle_args(session, out_len, cq_api_input_ok(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_session_state(session);
    raw_len = cq_olm_session_pickle_size(s);
    raw = alloc_zero(raw_len);
    if (raw == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_writer_init(&w, raw, raw_len);
    cq_olm_session_pickle(&w, s);
    st = seal_libolm(out, out_cap, out_len, key, key_len, raw, raw_len);
    release(raw, raw_len);
    return st;
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
    opened o;
    cq_olm_session *s;
    cliquet_status st = unpickle_args(out, cq_api_input_ok(key, key_len), pickle, pickle_len);

    if (st == CLIQUET_OK && !cq_api_input_ok(their_identity_key, their_identity_key_len)) {
        st = CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (st == CLIQUET_OK && their_identity_key != NULL) {
        st = cq_api_decode_exact(their_key, sizeof their_key, their_identity_key,
                                 their_identity_key_len, CLIQUET_ERR_BAD_KEY_LENGTH);
    }
    if (st != CLIQUET_OK) {
        return st;
    }
    s = alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = cq_pickle_libolm_session_upgrade(o.work, &o.len);
    }
    if (st == CLIQUET_OK) {
        /* NULL: an inbound session, whose peer is the pickle's Alice. */
        st = cq_olm_session_unpickle(s, o.data, o.len,
                                     their_identity_key != NULL ? their_key : NULL);
    }
    opened_release(&o);
    return session_commit(out, s, st);
}

/* ---- outbound group sessions ------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_pickle(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES])
{
    const cq_megolm_outbound *s;
    payload pl;
    cliquet_status st = pickle_args(session, out_len, key != NULL);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_outbound_group_state(session);
    st = payload_begin(&pl, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES, SEED_EXT);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_megolm_outbound_pickle(&pl.w, s);
    write_seed_ext(&pl.w, &s->signing_key);
    return payload_seal(&pl, out, out_cap, out_len, key,
                        CQ_PICKLE_TYPE_OUTBOUND_GROUP_SESSION);
}

static cliquet_status outbound_commit(cliquet_outbound_group_session **out,
                                      cq_megolm_outbound *s, cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_outbound_group_from_state(out, s);
    }
    release(s, sizeof *s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_unpickle(
    cliquet_outbound_group_session **out,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES], const char *pickle,
    size_t pickle_len)
{
    opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_megolm_outbound *s;
    cliquet_status st = unpickle_args(out, key != NULL, pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_native(&o, key, CQ_PICKLE_TYPE_OUTBOUND_GROUP_SESSION, pickle,
                     pickle_len);
    if (st == CLIQUET_OK) {
        st = payload_split(&o, CQ_MEGOLM_OUTBOUND_PICKLE_VERSION, &core, &ext,
                           SEED_EXT);
    }
    if (st == CLIQUET_OK) {
        st = corrupted_unless_ok(cq_megolm_outbound_unpickle(s, &core));
    }
    if (st == CLIQUET_OK) {
        st = read_seed_ext(&s->signing_key, ext);
    }
    opened_release(&o);
    return outbound_commit(out, s, st);
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_pickle_libolm(
    const cliquet_outbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len)
{
    uint8_t raw[CQ_MEGOLM_OUTBOUND_PICKLE_BYTES];
    cq_writer w;
    cliquet_status st = pickle_args(session, out_len, cq_api_input_ok(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    cq_writer_init(&w, raw, sizeof raw);
    cq_megolm_outbound_pickle(&w, cq_api_outbound_group_state(session));
    st = seal_libolm(out, out_cap, out_len, key, key_len, raw, sizeof raw);
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_unpickle_libolm(
    cliquet_outbound_group_session **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len)
{
    opened o;
    cq_reader r;
    cq_megolm_outbound *s;
    cliquet_status st = unpickle_args(out, cq_api_input_ok(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        cq_reader_init(&r, o.data, o.len);
        st = cq_megolm_outbound_unpickle(s, &r);
    }
    opened_release(&o);
    return outbound_commit(out, s, st);
}

/* ---- inbound group sessions -------------------------------------------------------- */

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_pickle(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES])
{
    const cq_megolm_inbound *s;
    payload pl;
    cliquet_status st = pickle_args(session, out_len, key != NULL);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_inbound_group_state(session);
    st = payload_begin(&pl, CQ_MEGOLM_INBOUND_PICKLE_BYTES, INBOUND_EXT);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_megolm_inbound_pickle(&pl.w, s);
    cq_write_u8(&pl.w, s->imported);
    return payload_seal(&pl, out, out_cap, out_len, key,
                        CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION);
}

static cliquet_status inbound_commit(cliquet_inbound_group_session **out,
                                     cq_megolm_inbound *s, cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_inbound_group_from_state(out, s);
    }
    release(s, sizeof *s);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_unpickle(
    cliquet_inbound_group_session **out,
    const uint8_t key[CLIQUET_PICKLE_KEY_BYTES], const char *pickle,
    size_t pickle_len)
{
    opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_megolm_inbound *s;
    cliquet_status st = unpickle_args(out, key != NULL, pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_native(&o, key, CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION, pickle,
                     pickle_len);
    if (st == CLIQUET_OK) {
        st = payload_split(&o, CQ_MEGOLM_INBOUND_PICKLE_VERSION, &core, &ext,
                           INBOUND_EXT);
    }
    if (st == CLIQUET_OK) {
        st = corrupted_unless_ok(cq_megolm_inbound_unpickle(s, &core));
    }
    /* imported is 0 or 1, and a session from a signed key is verified. */
    if (st == CLIQUET_OK && (ext[0] > 1 || (ext[0] == 0 && s->verified != 1))) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (st == CLIQUET_OK) {
        s->imported = ext[0];
    }
    opened_release(&o);
    return inbound_commit(out, s, st);
}

static cliquet_status inbound_pickle_libolm(
    const cliquet_inbound_group_session *session, char *out, size_t out_cap,
    size_t *out_len, const uint8_t *key, size_t key_len, int allow_lossy)
{
    uint8_t raw[CQ_MEGOLM_INBOUND_PICKLE_BYTES];
    const cq_megolm_inbound *s;
    cq_writer w;
    cliquet_status st = pickle_args(session, out_len, cq_api_input_ok(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    s = cq_api_inbound_group_state(session);
    /* libolm keeps "verified" only. An imported session that has since
     * decrypted a message is verified, and libolm would read it back as a
     * session from a signed key: its origin would be lost. */
    if (s->imported && s->verified && !allow_lossy) {
        return CLIQUET_ERR_PICKLE_LOSSY;
    }
    cq_writer_init(&w, raw, sizeof raw);
    cq_megolm_inbound_pickle(&w, s);
    st = seal_libolm(out, out_cap, out_len, key, key_len, raw, sizeof raw);
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
    opened o;
    cq_reader r;
    cq_megolm_inbound *s;
    cliquet_status st = unpickle_args(out, cq_api_input_ok(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    s = alloc_zero(sizeof *s);
    if (s == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    st = open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        cq_reader_init(&r, o.data, o.len);
        st = cq_megolm_inbound_unpickle(s, &r);
    }
    opened_release(&o);
    return inbound_commit(out, s, st);
}

/* ---- PK decryption ------------------------------------------------------------------ */

/* cliquet.h */
cliquet_status cliquet_pk_decryption_pickle(const cliquet_pk_decryption *d,
                                            char *out, size_t out_cap,
                                            size_t *out_len,
                                            const uint8_t key[CLIQUET_PICKLE_KEY_BYTES])
{
    payload pl;
    cliquet_status st = pickle_args(d, out_len, key != NULL);

    if (st != CLIQUET_OK) {
        return st;
    }
    st = payload_begin(&pl, CQ_PK_DECRYPTION_PICKLE_BYTES, 0);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_pk_decryption_pickle_write(&pl.w, cq_api_pk_decryption_state(d));
    return payload_seal(&pl, out, out_cap, out_len, key,
                        CQ_PICKLE_TYPE_PK_DECRYPTION);
}

/* Reads the whole of r as a PK decryption layout. */
static cliquet_status pk_read(cq_pk_decryption *d, cq_reader *r)
{
    cliquet_status st = cq_pk_decryption_pickle_read(d, r);

    if (st == CLIQUET_OK && cq_reader_remaining(r) != 0) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    return st;
}

static cliquet_status pk_commit(cliquet_pk_decryption **out, cq_pk_decryption *d,
                                cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_pk_decryption_from_state(out, d);
    }
    cq_pk_decryption_clear(d);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_unpickle(
    cliquet_pk_decryption **out, const uint8_t key[CLIQUET_PICKLE_KEY_BYTES],
    const char *pickle, size_t pickle_len)
{
    opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_pk_decryption d;
    cliquet_status st = unpickle_args(out, key != NULL, pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    memset(&d, 0, sizeof d);
    st = open_native(&o, key, CQ_PICKLE_TYPE_PK_DECRYPTION, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = payload_split(&o, CQ_PK_DECRYPTION_PICKLE_VERSION, &core, &ext, 0);
    }
    if (st == CLIQUET_OK) {
        st = corrupted_unless_ok(pk_read(&d, &core));
    }
    opened_release(&o);
    return pk_commit(out, &d, st);
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_pickle_libolm(const cliquet_pk_decryption *d,
                                                   char *out, size_t out_cap,
                                                   size_t *out_len,
                                                   const uint8_t *key,
                                                   size_t key_len)
{
    uint8_t raw[CQ_PK_DECRYPTION_PICKLE_BYTES];
    cq_writer w;
    cliquet_status st = pickle_args(d, out_len, cq_api_input_ok(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    cq_writer_init(&w, raw, sizeof raw);
    cq_pk_decryption_pickle_write(&w, cq_api_pk_decryption_state(d));
    st = seal_libolm(out, out_cap, out_len, key, key_len, raw, sizeof raw);
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_unpickle_libolm(cliquet_pk_decryption **out,
                                                     const uint8_t *key,
                                                     size_t key_len,
                                                     const char *pickle,
                                                     size_t pickle_len)
{
    opened o;
    cq_reader r;
    cq_pk_decryption d;
    cliquet_status st = unpickle_args(out, cq_api_input_ok(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    memset(&d, 0, sizeof d);
    st = open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        cq_reader_init(&r, o.data, o.len);
        st = pk_read(&d, &r);
    }
    opened_release(&o);
    return pk_commit(out, &d, st);
}
