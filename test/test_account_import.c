/*
 * Accounts read from libolm's layout (lib/olm/olm_pickle.c, session.c):
 * the identity key pairs are checked when the account is read; every
 * one-time and fallback key pair is marked unchecked and checked before
 * the first use of its private key, by cq_olm_session_inbound. A pair
 * whose public key is not the one its private key gives is refused there
 * with CLIQUET_ERR_BAD_KEY and nothing changes; a good one works and (a
 * fallback key) is marked checked. Without the mark (a native pickle),
 * the pre-key message's MAC refuses a corrupt pair anyway.
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cliquet.h"
#include "core/core.h"
#include "crypto/crypto.h"
#include "olm/olm.h"
#include "helpers/seed.h"

/* Offsets in libolm's account layout, version 4 (docs/pickle-format.md). */
#define OFF_CURVE_PUBLIC (4 + 32 + 64)
#define OFF_KEYS (OFF_CURVE_PUBLIC + 64 + 4)
#define KEY_BYTES 69 /* u32 id, u8 published, public, private */
#define OFF_KEY_PUBLIC(i) (OFF_KEYS + KEY_BYTES * (i) + 5)
/* The fallback keys follow the one-time keys and their u8 count. */
#define N_OTKS 3
#define OFF_FALLBACK_PUBLIC (OFF_KEYS + KEY_BYTES * N_OTKS + 1 + 5)

static cq_olm_account bob;   /* N_OTKS one-time keys, one fallback key */
static cq_olm_account alice;
static uint8_t layout[4096];
static size_t layout_len;

static int setup(void **state)
{
    uint8_t random[64 * N_OTKS];
    cq_writer w;

    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_seed_init("test_account_import");
    cqt_stream(random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&bob, random);
    cqt_stream(random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&alice, random);
    cqt_stream(random, 32 * N_OTKS);
    if (cq_olm_account_generate_one_time_keys(&bob, N_OTKS, random) != CLIQUET_OK) {
        return -1;
    }
    cqt_stream(random, CQ_OLM_FALLBACK_KEY_RANDOM_BYTES);
    cq_olm_account_generate_fallback_key(&bob, random);
    layout_len = cq_olm_account_pickle_size(&bob);
    if (layout_len > sizeof layout) {
        return -1;
    }
    cq_writer_init(&w, layout, sizeof layout);
    cq_olm_account_pickle(&w, &bob);
    return 0;
}

/* Reads layout[0..layout_len) as libolm's pickle (check 1) or native (0). */
static cliquet_status read_account(cq_olm_account *a, const uint8_t *l, int check)
{
    return cq_olm_account_unpickle(a, l, layout_len, check);
}

/* A pre-key message from Alice to Bob's identity key and the given key. */
static size_t pre_key_message(uint8_t *out, size_t cap, const uint8_t their_key[32])
{
    cq_olm_session s;
    uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES];
    uint8_t enc_random[CQ_OLM_ENCRYPT_RANDOM_BYTES];
    static const uint8_t text[] = "hello from alice";
    size_t len = 0;
    int type = 0;

    cqt_stream(random, sizeof random);
    cqt_stream(enc_random, sizeof enc_random);
    assert_int_equal(cq_olm_session_outbound(&s, &alice, bob.curve25519_public,
                                             their_key, random),
                     CLIQUET_OK);
    assert_int_equal(cq_olm_session_encrypt(&s, &type, out, cap, &len, text,
                                            sizeof text - 1, enc_random),
                     CLIQUET_OK);
    assert_int_equal(type, CQ_OLM_MESSAGE_PRE_KEY);
    cq_wipe(&s, sizeof s);
    return len;
}

/* Bob, read from l, receives a pre-key message made for their_key. */
static cliquet_status receive(cq_olm_account *a, const uint8_t their_key[32])
{
    uint8_t msg[512];
    uint8_t pt[512];
    size_t pt_len = 0;
    size_t n = pre_key_message(msg, sizeof msg, their_key);
    cq_olm_session s;
    cliquet_status st;

    st = cq_olm_session_inbound(&s, a, NULL, msg, n, pt, sizeof pt, &pt_len, NULL);
    if (st == CLIQUET_OK) {
        assert_int_equal(pt_len, 16);
        assert_memory_equal(pt, "hello from alice", 16);
    }
    cq_wipe(&s, sizeof s);
    return st;
}

/* libolm's layout: identity pairs checked, the others marked; native: none. */
static void test_marks(void **state)
{
    cq_olm_account a;
    uint32_t i;

    (void)state;
    assert_int_equal(read_account(&a, layout, 1), CLIQUET_OK);
    assert_int_equal(a.num_one_time_keys, N_OTKS);
    assert_int_equal(a.num_fallback_keys, 1);
    for (i = 0; i < N_OTKS; i++) {
        assert_int_equal(a.one_time_keys[i].unchecked, 1);
    }
    assert_int_equal(a.fallback_keys[0].unchecked, 1);
    assert_int_equal(read_account(&a, layout, 0), CLIQUET_OK);
    for (i = 0; i < N_OTKS; i++) {
        assert_int_equal(a.one_time_keys[i].unchecked, 0);
    }
    assert_int_equal(a.fallback_keys[0].unchecked, 0);
    /* A freshly made account's keys are its own: never marked. */
    assert_int_equal(bob.one_time_keys[0].unchecked, 0);
    assert_int_equal(bob.fallback_keys[0].unchecked, 0);
    cq_wipe(&a, sizeof a);
}

/* Good pairs read from libolm's layout work; a used fallback key is marked
 * checked, the others stay marked. */
static void test_good_pairs_work(void **state)
{
    cq_olm_account a;

    (void)state;
    assert_int_equal(read_account(&a, layout, 1), CLIQUET_OK);
    assert_int_equal(receive(&a, bob.one_time_keys[1].public_key), CLIQUET_OK);
    assert_int_equal(a.num_one_time_keys, N_OTKS - 1);
    assert_int_equal(a.one_time_keys[0].unchecked, 1);
    assert_int_equal(a.one_time_keys[1].unchecked, 1);
    assert_int_equal(receive(&a, bob.fallback_keys[0].public_key), CLIQUET_OK);
    assert_int_equal(a.fallback_keys[0].unchecked, 0);
    assert_int_equal(a.num_one_time_keys, N_OTKS - 1);
    cq_wipe(&a, sizeof a);
}

/* Swaps the stored public keys at offsets x and y of a copy of the layout. */
static void swap_public(uint8_t *l, size_t x, size_t y)
{
    uint8_t t[32];

    memcpy(t, l + x, 32);
    memcpy(l + x, l + y, 32);
    memcpy(l + y, t, 32);
}

/*
 * One-time keys 0 and 1 with their public keys swapped, and the fallback
 * key with one-time key 2's: each stored public key is a valid key, just
 * not its private key's. Reading succeeds; a message to any of them is
 * refused with CLIQUET_ERR_BAD_KEY before the private key is used, and the
 * account is unchanged.
 */
static void test_bad_pairs_refused_at_use(void **state)
{
    static uint8_t bad[sizeof layout];
    cq_olm_account a;
    cq_olm_account before;
    uint8_t target[32];
    int k;

    (void)state;
    memcpy(bad, layout, layout_len);
    swap_public(bad, OFF_KEY_PUBLIC(0), OFF_KEY_PUBLIC(1));
    swap_public(bad, OFF_KEY_PUBLIC(2), OFF_FALLBACK_PUBLIC);
    assert_int_equal(read_account(&a, bad, 1), CLIQUET_OK);
    for (k = 0; k < 4; k++) {
        /* Slots 0..2 hold one-time keys, 3 the fallback key. */
        const cq_olm_one_time_key *key =
            k < N_OTKS ? &a.one_time_keys[k] : &a.fallback_keys[0];

        memcpy(target, key->public_key, 32);
        memcpy(&before, &a, sizeof a);
        assert_int_equal(receive(&a, target), CLIQUET_ERR_BAD_KEY);
        assert_memory_equal(&a, &before, sizeof a);
    }
    /* Without the marks (as if from a native pickle), the pre-key
     * message's MAC refuses the corrupt pair: no session either way. */
    assert_int_equal(read_account(&a, bad, 0), CLIQUET_OK);
    memcpy(target, a.one_time_keys[0].public_key, 32);
    memcpy(&before, &a, sizeof a);
    assert_int_equal(receive(&a, target), CLIQUET_ERR_BAD_MESSAGE_MAC);
    assert_memory_equal(&a, &before, sizeof a);
    cq_wipe(&a, sizeof a);
    cq_wipe(&before, sizeof before);
}

/* The identity pairs are still checked when the account is read. */
static void test_identity_pairs_checked_on_read(void **state)
{
    static uint8_t bad[sizeof layout];
    cq_olm_account a;

    (void)state;
    memcpy(bad, layout, layout_len);
    swap_public(bad, OFF_CURVE_PUBLIC, OFF_KEY_PUBLIC(0));
    assert_int_equal(read_account(&a, bad, 1), CLIQUET_ERR_PICKLE_CORRUPTED);
    memcpy(bad, layout, layout_len);
    bad[4] ^= 1; /* the Ed25519 public key */
    assert_int_equal(read_account(&a, bad, 1), CLIQUET_ERR_PICKLE_CORRUPTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_good_pairs_work),
        cmocka_unit_test(test_bad_pairs_refused_at_use),
        cmocka_unit_test(test_identity_pairs_checked_on_read),
    };
    return cmocka_run_group_tests_name("account_import", tests, setup, NULL);
}
