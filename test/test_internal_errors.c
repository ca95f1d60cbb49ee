/*
 * The error paths of the internal layers that the rest of the suite does not
 * reach (found with make coverage): libolm's pickle fields for Olm accounts
 * and sessions and for group sessions read byte by byte, the bounds of an
 * account, and the refusals of the encrypt and decrypt steps. Each refusal
 * is checked for its specific status and for leaving its target as it was
 * (or, where the reader clears it, all zero).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "cliquet.h"
#include "olm/olm.h"
#include "megolm/megolm.h"
#include "pickle/pickle.h"
#include "helpers/seed.h"
#include "helpers/util.h"

/* ---- a conversation that fills every list of a session --------------------- */

/*
 * Alice opens a session to Bob, Bob answers, Alice sends three messages of
 * which Bob reads only the last, and Bob writes again. Bob's session then has a sender chain, two
 * receiver chains and two skipped message keys: every field of libolm's
 * session pickle is present. Bob has one one-time key left and two fallback
 * keys.
 */
typedef struct pair {
    cq_olm_account alice, bob;
    cq_olm_session as, bs;
} pair;

static size_t send(cq_olm_session *s, uint8_t *out, size_t cap, int *type)
{
    uint8_t random[CQ_OLM_ENCRYPT_RANDOM_BYTES];
    static const uint8_t pt[] = "internal error paths";
    size_t len = 0;

    cqt_stream(random, sizeof random);
    assert_int_equal(cq_olm_session_encrypt(s, type, out, cap, &len, pt, sizeof pt, random),
                     CLIQUET_OK);
    return len;
}

static void receive(cq_olm_session *s, int type, const uint8_t *m, size_t n)
{
    uint8_t pt[256];
    size_t len = 0;

    assert_int_equal(cq_olm_session_decrypt(s, type, m, n, pt, sizeof pt, &len, NULL), CLIQUET_OK);
}

static pair *make_pair(void)
{
    pair *p = cqt_xmalloc(sizeof *p);
    uint8_t random[128], m[3][512], pt[256];
    size_t n[3], len;
    int type[3];

    cqt_stream(random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&p->alice, random);
    cqt_stream(random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&p->bob, random);
    cqt_stream(random, 2 * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&p->bob, 2, random), CLIQUET_OK);
    cqt_stream(random, CQ_OLM_FALLBACK_KEY_RANDOM_BYTES);
    cq_olm_account_generate_fallback_key(&p->bob, random);
    cqt_stream(random, CQ_OLM_FALLBACK_KEY_RANDOM_BYTES);
    cq_olm_account_generate_fallback_key(&p->bob, random);

    cqt_stream(random, CQ_OLM_OUTBOUND_RANDOM_BYTES);
    assert_int_equal(cq_olm_session_outbound(&p->as, &p->alice, p->bob.curve25519_public,
                                             p->bob.one_time_keys[0].public_key, random),
                     CLIQUET_OK);
    n[0] = send(&p->as, m[0], sizeof m[0], &type[0]);
    assert_int_equal(type[0], CQ_OLM_MESSAGE_PRE_KEY);
    assert_int_equal(cq_olm_session_inbound(&p->bs, &p->bob, NULL, m[0], n[0], pt,
                                            sizeof pt, &len, NULL),
                     CLIQUET_OK);
    n[0] = send(&p->bs, m[0], sizeof m[0], &type[0]);
    receive(&p->as, type[0], m[0], n[0]);
    n[0] = send(&p->as, m[0], sizeof m[0], &type[0]);
    n[1] = send(&p->as, m[1], sizeof m[1], &type[1]);
    n[2] = send(&p->as, m[2], sizeof m[2], &type[2]);
    receive(&p->bs, type[2], m[2], n[2]);
    /* Bob's new chain made him drop his sender chain; his next message
     * makes another. */
    (void)send(&p->bs, m[0], sizeof m[0], &type[0]);

    assert_true(p->bs.ratchet.has_sender_chain);
    assert_int_equal(p->bs.ratchet.num_receiver_chains, 2);
    assert_int_equal(p->bs.ratchet.num_skipped_keys, 2);
    return p;
}

static void put_u32_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_version_of(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- libolm's Olm session pickle ------------------------------------------------ */

/* Offsets in Bob's session pickle (libolm's layout, docs/olm.md). */
#define S_RECEIVED 4
#define S_HAS_SENDER (4 + 1 + 3 * 32 + 32)
#define S_SENDER_PUBLIC (S_HAS_SENDER + 4)
#define S_NUM_RECEIVERS (S_SENDER_PUBLIC + 64 + 36)
#define S_NUM_SKIPPED (S_NUM_RECEIVERS + 4 + 2 * 68)
#define S_END (S_NUM_SKIPPED + 4 + 2 * 68)

static void session_refused(const uint8_t *in, size_t n, cliquet_status want)
{
    static cq_olm_session s;

    memset(&s, 0xa5, sizeof s);
    assert_int_equal(cq_olm_session_unpickle(&s, in, n, NULL), want);
    /* A refused read leaves no part of the state it had read. */
    assert_true(cqt_all_bytes((const uint8_t *)&s, sizeof s, 0));
}

static void test_olm_session_pickle_refused(void **state)
{
    pair *p = make_pair();
    uint8_t *raw, *bad;
    static cq_olm_session back;
    cq_writer w;
    size_t n, i;

    (void)state;
    n = cq_olm_session_pickle_size(&p->bs);
    assert_int_equal(n, S_END);
    raw = cqt_xmalloc(n + 1);
    bad = cqt_xmalloc(n + 1);
    cq_writer_init(&w, raw, n);
    cq_olm_session_pickle(&w, &p->bs);
    assert_int_equal(w.len, n);

    /* The intact pickle reads back to the same state. */
    assert_int_equal(cq_olm_session_unpickle(&back, raw, n, p->bs.their_identity_key),
                     CLIQUET_OK);
    assert_memory_equal(&back, &p->bs, sizeof back);

    /* Every truncation, and one byte too many. */
    for (i = 0; i < n; i++) {
        session_refused(raw, i, CLIQUET_ERR_PICKLE_CORRUPTED);
    }
    memcpy(bad, raw, n);
    bad[n] = 0;
    /* A whole session then more bytes: libolm's OLM_PICKLE_EXTRA_DATA. */
    session_refused(bad, n + 1, CLIQUET_ERR_PICKLE_EXTRA_DATA);

    /* A version libolm never wrote. */
    memcpy(bad, raw, n);
    put_u32_be(bad, CQ_OLM_SESSION_PICKLE_VERSION + 1);
    session_refused(bad, n, CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
    /* A boolean that is neither 0 nor 1. */
    memcpy(bad, raw, n);
    bad[S_RECEIVED] = 2;
    session_refused(bad, n, CLIQUET_ERR_PICKLE_CORRUPTED);
    /* Two sender chains. */
    memcpy(bad, raw, n);
    put_u32_be(bad + S_HAS_SENDER, 2);
    session_refused(bad, n, CLIQUET_ERR_PICKLE_CORRUPTED);
    /* A sender ratchet key that is not its private key's. */
    memcpy(bad, raw, n);
    bad[S_SENDER_PUBLIC] ^= 1;
    session_refused(bad, n, CLIQUET_ERR_PICKLE_CORRUPTED);
    /* Lists longer than their bounds. */
    memcpy(bad, raw, n);
    put_u32_be(bad + S_NUM_RECEIVERS, CQ_OLM_MAX_RECEIVER_CHAINS + 1);
    session_refused(bad, n, CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, n);
    put_u32_be(bad + S_NUM_SKIPPED, CQ_OLM_MAX_SKIPPED_KEYS + 1);
    session_refused(bad, n, CLIQUET_ERR_PICKLE_CORRUPTED);

    /* A session with no chain at all: no sender chain, no receiver chain,
     * no skipped key. libolm never writes one. */
    memcpy(bad, raw, S_HAS_SENDER);
    memset(bad + S_HAS_SENDER, 0, 12);
    session_refused(bad, S_HAS_SENDER + 12, CLIQUET_ERR_PICKLE_CORRUPTED);
    /* The same with one receiver chain is a session (Bob's before he
     * answers). */
    memcpy(bad, raw, S_HAS_SENDER);
    memset(bad + S_HAS_SENDER, 0, 4);
    memcpy(bad + S_HAS_SENDER + 4, raw + S_NUM_RECEIVERS, 4 + 68);
    put_u32_be(bad + S_HAS_SENDER + 4, 1);
    memset(bad + S_HAS_SENDER + 4 + 4 + 68, 0, 4);
    assert_int_equal(cq_olm_session_unpickle(&back, bad, S_HAS_SENDER + 80, NULL),
                     CLIQUET_OK);
    assert_int_equal(back.ratchet.num_receiver_chains, 1);
    assert_false(back.ratchet.has_sender_chain);

    free(raw);
    free(bad);
    free(p);
}

/* ---- libolm's Olm account pickle ------------------------------------------------ */

#define A_ED25519_PUBLIC 4
#define A_ED25519_EXPANDED (A_ED25519_PUBLIC + 32)
#define A_CURVE_PUBLIC (A_ED25519_EXPANDED + 64)
#define A_NUM_OTK (A_CURVE_PUBLIC + 64)
#define A_OTK (A_NUM_OTK + 4)
#define A_OTK_BYTES (4 + 1 + 64)

static void account_refused(const uint8_t *in, size_t n, int check, cliquet_status want)
{
    static cq_olm_account a;

    memset(&a, 0xa5, sizeof a);
    assert_int_equal(cq_olm_account_unpickle(&a, in, n, check), want);
    assert_true(cqt_all_bytes((const uint8_t *)&a, sizeof a, 0));
}

static void test_olm_account_pickle_refused(void **state)
{
    pair *p = make_pair();
    const cq_olm_account *bob = &p->bob;
    uint8_t *raw, *bad;
    static cq_olm_account back;
    cq_writer w;
    size_t n, i, fallback_at;

    (void)state;
    n = cq_olm_account_pickle_size(bob);
    raw = cqt_xmalloc(n + 1);
    bad = cqt_xmalloc(n + 1);
    cq_writer_init(&w, raw, n);
    cq_olm_account_pickle(&w, bob);
    assert_int_equal(w.len, n);
    assert_int_equal(bob->num_one_time_keys, 1);
    assert_int_equal(bob->num_fallback_keys, 2);
    fallback_at = A_OTK + A_OTK_BYTES;

    /* The intact pickle reads back to an account that pickles the same
     * (libolm's pickle holds no Ed25519 seed, so the structs differ). */
    assert_int_equal(cq_olm_account_unpickle(&back, raw, n, 1), CLIQUET_OK);
    cq_writer_init(&w, bad, n);
    cq_olm_account_pickle(&w, &back);
    assert_int_equal(w.len, n);
    assert_memory_equal(bad, raw, n);

    for (i = 0; i < n; i++) {
        account_refused(raw, i, 1, CLIQUET_ERR_PICKLE_CORRUPTED);
    }
    memcpy(bad, raw, n);
    bad[n] = 0;
    account_refused(bad, n + 1, 1, CLIQUET_ERR_PICKLE_EXTRA_DATA);
    memcpy(bad, raw, n);
    put_u32_be(bad, CQ_OLM_ACCOUNT_PICKLE_VERSION - 1);
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);

    /* With the key pairs checked: an Ed25519 or a Curve25519 public key that
     * is not its secret's, a one-time key pair that does not match. */
    memcpy(bad, raw, n);
    bad[A_ED25519_PUBLIC] ^= 1;
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, n);
    bad[A_CURVE_PUBLIC] ^= 1;
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_CORRUPTED);
    /* A one-time key pair is checked at its first use, not at load
     * (test_account_import covers the refusal there): it loads, marked. */
    memcpy(bad, raw, n);
    bad[A_OTK + 5] ^= 1;
    assert_int_equal(cq_olm_account_unpickle(&back, bad, n, 1), CLIQUET_OK);
    assert_true(back.one_time_keys[0].unchecked);
    /* Without the check the stored parts are taken as they are, but an
     * expanded Ed25519 secret must still be a clamped scalar. */
    memcpy(bad, raw, n);
    bad[A_CURVE_PUBLIC] ^= 1;
    assert_int_equal(cq_olm_account_unpickle(&back, bad, n, 0), CLIQUET_OK);
    memcpy(bad, raw, n);
    bad[A_ED25519_EXPANDED] |= 1;
    account_refused(bad, n, 0, CLIQUET_ERR_PICKLE_CORRUPTED);

    /* Counts past the bounds, and a published flag of 2. */
    memcpy(bad, raw, n);
    put_u32_be(bad + A_NUM_OTK, CQ_OLM_MAX_ONE_TIME_KEYS + 1);
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, n);
    bad[fallback_at] = CQ_OLM_MAX_FALLBACK_KEYS + 1;
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, n);
    bad[A_OTK + 4] = 2;
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, n);
    bad[fallback_at + 1 + 4] = 2;
    account_refused(bad, n, 1, CLIQUET_ERR_PICKLE_CORRUPTED);

    free(raw);
    free(bad);
    free(p);
}

/* ---- an account's bounds ---------------------------------------------------- */

static void test_account_bounds(void **state)
{
    static cq_olm_account a, before;
    uint8_t *random = cqt_xmalloc((CQ_OLM_MAX_ONE_TIME_KEYS + 1) * 32);
    uint8_t oldest_key[32];
    uint32_t oldest;

    (void)state;
    cqt_stream(random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&a, random);
    cqt_stream(random, (CQ_OLM_MAX_ONE_TIME_KEYS + 1) * 32);

    /* More keys in one call than the store holds: nothing is made. */
    before = a;
    assert_int_equal(cq_olm_account_generate_one_time_keys(&a, CQ_OLM_MAX_ONE_TIME_KEYS + 1,
                                                           random),
                     CLIQUET_ERR_TOO_MANY_KEYS);
    assert_memory_equal(&a, &before, sizeof a);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&a, SIZE_MAX, random),
                     CLIQUET_ERR_TOO_MANY_KEYS);
    assert_memory_equal(&a, &before, sizeof a);

    /* A full store, then one more: the oldest key goes, the new one is
     * first, the count stays at the bound. */
    assert_int_equal(cq_olm_account_generate_one_time_keys(&a, CQ_OLM_MAX_ONE_TIME_KEYS,
                                                           random),
                     CLIQUET_OK);
    assert_int_equal(a.num_one_time_keys, CQ_OLM_MAX_ONE_TIME_KEYS);
    oldest = a.one_time_keys[CQ_OLM_MAX_ONE_TIME_KEYS - 1].id;
    memcpy(oldest_key, a.one_time_keys[CQ_OLM_MAX_ONE_TIME_KEYS - 1].public_key, 32);
    assert_non_null(cq_olm_account_find_key(&a, oldest_key));
    assert_int_equal(cq_olm_account_generate_one_time_keys(&a, 1, random + 32 * 100),
                     CLIQUET_OK);
    assert_int_equal(a.num_one_time_keys, CQ_OLM_MAX_ONE_TIME_KEYS);
    assert_int_equal(a.one_time_keys[0].id, CQ_OLM_MAX_ONE_TIME_KEYS + 1);
    assert_int_equal(a.one_time_keys[CQ_OLM_MAX_ONE_TIME_KEYS - 1].id, oldest + 1);
    assert_null(cq_olm_account_find_key(&a, oldest_key));
    free(random);
}

/* ---- refusals of the Olm encrypt and decrypt steps ----------------------------- */

static void test_olm_encrypt_decrypt_refused(void **state)
{
    pair *p = make_pair();
    static cq_olm_session before, s;
    uint8_t out[512], pt[256], random[32];
    size_t len = 0, need, n;
    int type = -1;
    static const uint8_t text[] = "x";

    (void)state;
    cqt_stream(random, sizeof random);

    /* Past the plaintext bound: nothing is read or written. */
    before = p->as;
    assert_int_equal(cq_olm_session_encrypt(&p->as, &type, out, sizeof out, &len, text,
                                            CQ_OLM_MAX_PLAINTEXT_BYTES + 1, random),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_memory_equal(&p->as, &before, sizeof before);

    /* Too small an output: the size needed, the session unchanged. */
    need = cq_olm_session_encrypt_size(&p->as, sizeof text);
    assert_int_equal(cq_olm_session_encrypt(&p->as, &type, out, need - 1, &len, text,
                                            sizeof text, random),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, need);
    assert_memory_equal(&p->as, &before, sizeof before);

    /* A sender chain at the last counter: refused, not wrapped. */
    s = p->as;
    s.ratchet.sender_chain.chain_key.index = UINT32_MAX;
    before = s;
    assert_int_equal(cq_olm_session_encrypt(&s, &type, out, sizeof out, &len, text,
                                            sizeof text, random),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_memory_equal(&s, &before, sizeof before);

    /* A new ratchet key is due but no random bytes are given. */
    s = p->as;
    s.ratchet.has_sender_chain = 0;
    assert_true(cq_olm_ratchet_needs_random(&s.ratchet));
    before = s;
    assert_int_equal(cq_olm_session_encrypt(&s, &type, out, sizeof out, &len, text,
                                            sizeof text, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_memory_equal(&s, &before, sizeof before);

    /* Decrypting into too small a buffer: the ciphertext length is asked
     * for, and the session does not move. */
    n = send(&p->as, out, sizeof out, &type);
    before = p->bs;
    assert_int_equal(cq_olm_session_decrypt(&p->bs, type, out, n, pt, 15, &len, NULL),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, 32); /* 21 bytes of plaintext, padded */
    assert_memory_equal(&p->bs, &before, sizeof before);
    free(p);
}

/* ---- libolm's group session pickles ----------------------------------------------- */

static void test_megolm_pickles_refused(void **state)
{
    static cq_megolm_outbound out, out_back, out_target;
    static cq_megolm_inbound in, in_back, in_target, in_before;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    uint8_t key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t raw[CQ_MEGOLM_INBOUND_PICKLE_BYTES + 1], bad[sizeof raw];
    cq_writer w;
    cq_reader r;
    size_t i;

    (void)state;
    cqt_stream(random, sizeof random);
    cq_megolm_outbound_init(&out, random);

    /* Outbound, version 1: the public key is recomputed from the secret. */
    cq_writer_init(&w, raw, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    cq_megolm_outbound_pickle(&w, &out);
    assert_int_equal(w.len, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    cq_reader_init(&r, raw, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_outbound_unpickle(&out_back, &r), CLIQUET_OK);
    assert_memory_equal(out_back.ratchet.data, out.ratchet.data, CQ_MEGOLM_RATCHET_BYTES);
    memset(&out_target, 0x5a, sizeof out_target);
    for (i = 0; i < CQ_MEGOLM_OUTBOUND_PICKLE_BYTES; i++) {
        cq_reader_init(&r, raw, i);
        assert_int_equal(cq_megolm_outbound_unpickle(&out_target, &r),
                         CLIQUET_ERR_PICKLE_CORRUPTED);
    }
    memcpy(bad, raw, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    bad[3] = 2;
    cq_reader_init(&r, bad, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_outbound_unpickle(&out_target, &r),
                     CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
    /* The stored public key differs from the secret's; the secret is not a
     * clamped scalar; a byte too many. */
    memcpy(bad, raw, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    bad[4 + 132] ^= 1;
    cq_reader_init(&r, bad, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_outbound_unpickle(&out_target, &r),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    bad[4 + 132 + 32] |= 1;
    cq_reader_init(&r, bad, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_outbound_unpickle(&out_target, &r),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    bad[CQ_MEGOLM_OUTBOUND_PICKLE_BYTES] = 0;
    cq_reader_init(&r, bad, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES + 1);
    assert_int_equal(cq_megolm_outbound_unpickle(&out_target, &r),
                     CLIQUET_ERR_PICKLE_EXTRA_DATA);
    /* None of the refusals wrote to the target. */
    assert_true(cqt_all_bytes((const uint8_t *)&out_target, sizeof out_target, 0x5a));

    /* Inbound, version 2 (with the verified flag) and version 1 (without). */
    cq_megolm_outbound_session_key(key, &out);
    assert_int_equal(cq_megolm_inbound_from_session_key(&in, key, sizeof key), CLIQUET_OK);
    cq_writer_init(&w, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    cq_megolm_inbound_pickle(&w, &in);
    assert_int_equal(w.len, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    cq_reader_init(&r, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_inbound_unpickle(&in_back, &r), CLIQUET_OK);
    assert_int_equal(in_back.verified, 1);

    memset(&in_target, 0x5a, sizeof in_target);
    in_before = in_target;
    for (i = 0; i < CQ_MEGOLM_INBOUND_PICKLE_BYTES; i++) {
        cq_reader_init(&r, raw, i);
        assert_int_equal(cq_megolm_inbound_unpickle(&in_target, &r),
                         CLIQUET_ERR_PICKLE_CORRUPTED);
    }
    memcpy(bad, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    bad[3] = 3;
    cq_reader_init(&r, bad, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_inbound_unpickle(&in_target, &r),
                     CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
    memcpy(bad, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    bad[CQ_MEGOLM_INBOUND_PICKLE_BYTES - 1] = 2;
    cq_reader_init(&r, bad, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_inbound_unpickle(&in_target, &r), CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    bad[CQ_MEGOLM_INBOUND_PICKLE_BYTES] = 0;
    cq_reader_init(&r, bad, CQ_MEGOLM_INBOUND_PICKLE_BYTES + 1);
    assert_int_equal(cq_megolm_inbound_unpickle(&in_target, &r), CLIQUET_ERR_PICKLE_EXTRA_DATA);
    assert_memory_equal(&in_target, &in_before, sizeof in_target);

    /* Version 1 had no flag and reads as verified; with the flag byte it
     * is a whole version 1 session and one byte more. */
    memcpy(bad, raw, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    bad[3] = 1;
    cq_reader_init(&r, bad, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    assert_int_equal(cq_megolm_inbound_unpickle(&in_target, &r), CLIQUET_ERR_PICKLE_EXTRA_DATA);
    cq_reader_init(&r, bad, CQ_MEGOLM_INBOUND_PICKLE_BYTES - 1);
    assert_int_equal(cq_megolm_inbound_unpickle(&in_back, &r), CLIQUET_OK);
    assert_int_equal(in_back.verified, 1);
    assert_int_equal(in_back.imported, 0);
}

/* ---- refusals of the Megolm encrypt step ------------------------------------------- */

static void test_megolm_encrypt_refused(void **state)
{
    static cq_megolm_outbound s, before;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES], out[256];
    static const uint8_t text[] = "hello";
    size_t len = 0, need;

    (void)state;
    cqt_stream(random, sizeof random);
    cq_megolm_outbound_init(&s, random);
    before = s;
    assert_int_equal(cq_megolm_outbound_encrypt(&s, out, sizeof out, &len, text,
                                                CQ_MEGOLM_MAX_PLAINTEXT_BYTES + 1),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_memory_equal(&s, &before, sizeof s);
    need = cq_megolm_outbound_message_len(&s, sizeof text);
    assert_int_equal(cq_megolm_outbound_encrypt(&s, out, need - 1, &len, text, sizeof text),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, need);
    assert_memory_equal(&s, &before, sizeof s);
    /* And at the right size it encrypts and moves the ratchet on. */
    assert_int_equal(cq_megolm_outbound_encrypt(&s, out, need, &len, text, sizeof text),
                     CLIQUET_OK);
    assert_int_equal(s.ratchet.counter, before.ratchet.counter + 1);
}

/* ---- libolm's older account and session layouts --------------------------------- */

#define IDENTITY_END (4 + 160)               /* version, identity keys */
#define KEY_RECORD 69                        /* id, published, pair */

/*
 * Bob's account (one one-time key, two fallback keys) as libolm's version 4
 * layout, and the same account written as versions 2 and 3 would have it:
 * version 2 has no fallback section, version 3 always two fallback records
 * whose published flags say how many count.
 */
static void test_libolm_account_upgrades(void **state)
{
    pair *p = make_pair();
    static cq_olm_account no_fallback;
    uint8_t *v4, *old;
    size_t n4, n, off, cap;
    cq_writer w;

    (void)state;
    /* Version 2 from an account without fallback keys. */
    no_fallback = p->bob;
    no_fallback.num_fallback_keys = 0;
    memset(no_fallback.fallback_keys, 0, sizeof no_fallback.fallback_keys);
    n4 = cq_olm_account_pickle_size(&no_fallback);
    cap = n4 + 2 * KEY_RECORD + 8;
    v4 = cqt_xmalloc(cap);
    old = cqt_xmalloc(cap);
    cq_writer_init(&w, v4, n4);
    cq_olm_account_pickle(&w, &no_fallback);
    off = IDENTITY_END + 4 + KEY_RECORD; /* the fallback count byte */
    assert_int_equal(v4[off], 0);
    memcpy(old, v4, off);
    memcpy(old + off, v4 + off + 1, 4);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V2);
    n = n4 - 1;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n), CLIQUET_OK);
    assert_int_equal(n, n4);
    assert_memory_equal(old, v4, n4);
    /* Version 4 is left alone. */
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n), CLIQUET_OK);
    assert_int_equal(n, n4);

    /* Version 2 refusals: no room for the byte it grows by, a length that
     * does not match the list, a list longer than libolm's, too short. */
    memcpy(old, v4, off);
    memcpy(old + off, v4 + off + 1, 4);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V2);
    n = n4 - 1;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, n4 - 1, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    n = n4;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    put_u32_be(old + IDENTITY_END, 101);
    n = n4 - 1;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    n = IDENTITY_END + 3;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);

    /* Version 3 with both records flagged: two fallback keys, as Bob. */
    n4 = cq_olm_account_pickle_size(&p->bob);
    cq_writer_init(&w, v4, n4);
    cq_olm_account_pickle(&w, &p->bob);
    assert_int_equal(v4[off], 2);
    /* (Version 3 used the flags for the count: both set here.) */
    memcpy(old, v4, off);
    memcpy(old + off, v4 + off + 1, 2 * KEY_RECORD + 4);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V3);
    old[off + 4] = 1;
    old[off + KEY_RECORD + 4] = 1;
    n = n4 - 1;
    /* Growing by one byte needs the room. */
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, n4 - 1, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n), CLIQUET_OK);
    assert_int_equal(n, n4);
    assert_int_equal(old[off], 2);
    assert_int_equal(get_version_of(old), CQ_PICKLE_LIBOLM_ACCOUNT_V4);
    assert_memory_equal(old + off + 1 + 5, v4 + off + 1 + 5, KEY_RECORD - 5);
    /* One flagged: one key kept, the other record wiped away. */
    memcpy(old, v4, off);
    memcpy(old + off, v4 + off + 1, 2 * KEY_RECORD + 4);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V3);
    old[off + 4] = 1;
    old[off + KEY_RECORD + 4] = 0;
    n = n4 - 1;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n), CLIQUET_OK);
    assert_int_equal(n, off + 1 + KEY_RECORD + 4);
    assert_int_equal(old[off], 1);
    assert_true(cqt_all_bytes(old + n, n4 - 1 - n, 0));
    /* None flagged: no key kept. */
    memcpy(old, v4, off);
    memcpy(old + off, v4 + off + 1, 2 * KEY_RECORD + 4);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V3);
    old[off + 4] = 0;
    n = n4 - 1;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n), CLIQUET_OK);
    assert_int_equal(n, off + 1 + 4);
    assert_int_equal(old[off], 0);
    /* A version 3 layout of the wrong length. */
    memcpy(old, v4, off);
    memcpy(old + off, v4 + off + 1, 2 * KEY_RECORD + 4);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V3);
    n = n4 - 2;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);

    /* Versions 1 (libolm's first, refused as legacy) and unknown ones, and
     * fewer than 4 bytes. */
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V1);
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT);
    put_u32_be(old, CQ_PICKLE_LIBOLM_ACCOUNT_V4 + 1);
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
    n = 3;
    assert_int_equal(cq_pickle_libolm_account_upgrade(old, cap, &n),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    free(v4);
    free(old);
    free(p);
}

static void test_libolm_session_upgrade(void **state)
{
    uint8_t buf[16];
    size_t n;

    (void)state;
    /* 0x80000001: a trailing chain index, dropped and wiped. */
    memset(buf, 0xee, sizeof buf);
    put_u32_be(buf, CQ_PICKLE_LIBOLM_SESSION_V1_CHAIN_INDEX);
    n = 12;
    assert_int_equal(cq_pickle_libolm_session_upgrade(buf, &n), CLIQUET_OK);
    assert_int_equal(n, 8);
    assert_int_equal(get_version_of(buf), CQ_PICKLE_LIBOLM_SESSION_V1);
    assert_true(cqt_all_bytes(buf + 8, 4, 0));
    /* Too short to hold one. */
    put_u32_be(buf, CQ_PICKLE_LIBOLM_SESSION_V1_CHAIN_INDEX);
    n = 7;
    assert_int_equal(cq_pickle_libolm_session_upgrade(buf, &n), CLIQUET_ERR_PICKLE_CORRUPTED);
    assert_int_equal(n, 7);
    /* Anything else is left to the session reader. */
    n = 3;
    assert_int_equal(cq_pickle_libolm_session_upgrade(buf, &n), CLIQUET_OK);
    assert_int_equal(n, 3);
    put_u32_be(buf, CQ_PICKLE_LIBOLM_SESSION_V1);
    n = 12;
    assert_int_equal(cq_pickle_libolm_session_upgrade(buf, &n), CLIQUET_OK);
    assert_int_equal(n, 12);
}

static int setup(void **state)
{
    (void)state;
    cqt_seed_init("test_internal_errors");
    return cliquet_init() == CLIQUET_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_olm_session_pickle_refused),
        cmocka_unit_test(test_olm_account_pickle_refused),
        cmocka_unit_test(test_account_bounds),
        cmocka_unit_test(test_olm_encrypt_decrypt_refused),
        cmocka_unit_test(test_megolm_pickles_refused),
        cmocka_unit_test(test_megolm_encrypt_refused),
        cmocka_unit_test(test_libolm_account_upgrades),
        cmocka_unit_test(test_libolm_session_upgrade),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
