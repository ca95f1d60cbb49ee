/*
 * The stack scan of test_stack_wipe.c (test/helpers/stack_scan.h) over the
 * secret operations that file does not run (issue 20, item 7): creating an
 * account and its one-time keys, opening an outbound Olm session (the
 * 3DH), Ed25519 signing with a seed and with an expanded key, PK backup
 * encryption (an ephemeral key and its shared secret), the ECIES channel
 * (establishing, encrypting, decrypting) and pickling an account and an
 * outbound group session in both formats, both ways, through the public
 * API (pickle-derived keys, the private keys, the ratchet).
 *
 * As there, each operation runs once before it is measured (binding every
 * function it calls), the secrets looked for are computed or read apart,
 * and the random bytes an operation consumes sit in static memory, outside
 * the scanned area. Its limits are the same: copies shorter than 16 bytes,
 * registers, memory outside the area.
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
#include "api/olm_objects.h"
#include "ecies/ecies.h"
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pk/pk.h"
#include "helpers/seed.h"
#include "helpers/stack_scan.h"

/* ---- accounts and outbound sessions ------------------------------------------ */

static cq_olm_account acct, bob;
static cq_olm_session sess;
static uint8_t acct_random[CQ_OLM_ACCOUNT_RANDOM_BYTES];
static uint8_t otk_random[2 * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES];
static uint8_t out_random[CQ_OLM_OUTBOUND_RANDOM_BYTES];

static __attribute__((noinline)) cliquet_status account_made(void)
{
    cq_olm_account_init(&acct, acct_random);
    return cq_olm_account_generate_one_time_keys(&acct, 2, otk_random);
}

static void test_account_new(void **state)
{
    cqt_secrets s = { 0 };

    (void)state;
    cqt_stream(acct_random, sizeof acct_random);
    cqt_stream(otk_random, sizeof otk_random);
    assert_int_equal(account_made(), CLIQUET_OK); /* the warm-up */
    cqt_secret_add(&s, "Ed25519 seed", acct.ed25519.seed, 32);
    cqt_secret_add(&s, "Ed25519 expanded key", acct.ed25519.expanded, 64);
    cqt_secret_add(&s, "Curve25519 private key", acct.curve25519_private, 32);
    cqt_secret_add(&s, "one-time key 1", acct.one_time_keys[0].private_key, 32);
    cqt_secret_add(&s, "one-time key 2", acct.one_time_keys[1].private_key, 32);
    cqt_paint();
    assert_int_equal(cqt_descend(account_made), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "account creation"), 0);
}

static __attribute__((noinline)) cliquet_status session_opened(void)
{
    return cq_olm_session_outbound(&sess, &acct, bob.curve25519_public,
                                   bob.one_time_keys[0].public_key, out_random);
}

static void test_outbound_session(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES], dh[96];

    (void)state;
    cqt_stream(acct_random, sizeof acct_random);
    cq_olm_account_init(&acct, acct_random);
    cqt_stream(random, sizeof random);
    cq_olm_account_init(&bob, random);
    cqt_stream(random, 32);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&bob, 1, random), CLIQUET_OK);
    cqt_stream(out_random, sizeof out_random);
    assert_int_equal(session_opened(), CLIQUET_OK);
    /* The 3DH (olm.md §Initial setup), E_A the first 32 random bytes. */
    assert_int_equal(crypto_scalarmult(dh, acct.curve25519_private,
                                       bob.one_time_keys[0].public_key), 0);
    assert_int_equal(crypto_scalarmult(dh + 32, out_random, bob.curve25519_public), 0);
    assert_int_equal(crypto_scalarmult(dh + 64, out_random,
                                       bob.one_time_keys[0].public_key), 0);
    cqt_secret_add(&s, "3DH secret", dh, sizeof dh);
    cqt_secret_add(&s, "base key E_A", out_random, 32);
    cqt_secret_add(&s, "identity private key", acct.curve25519_private, 32);
    cqt_secret_add(&s, "root key", sess.ratchet.root_key, 32);
    cqt_secret_add(&s, "chain key", sess.ratchet.sender_chain.chain_key.key, 32);
    cqt_secret_add(&s, "ratchet private key", sess.ratchet.sender_chain.ratchet_private, 32);
    cqt_paint();
    assert_int_equal(cqt_descend(session_opened), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "outbound session"), 0);
    sodium_memzero(dh, sizeof dh);
    sodium_memzero(random, sizeof random);
}

/* ---- Ed25519 signing ------------------------------------------------------------ */

static cq_ed25519_key sign_key;
static uint8_t signature[64];
static const uint8_t to_sign[] = "{\"device_keys\":{}}";

static __attribute__((noinline)) cliquet_status signed_with_seed(void)
{
    cq_ed25519_sign(signature, &sign_key, to_sign, sizeof to_sign - 1);
    return CLIQUET_OK;
}

static __attribute__((noinline)) cliquet_status signed_expanded(void)
{
    cq_ed25519_sign_expanded(signature, sign_key.expanded, sign_key.public_key, to_sign,
                             sizeof to_sign - 1);
    return CLIQUET_OK;
}

static void test_sign(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t seed[32], nonce_hash[64];
    crypto_hash_sha512_state h;

    (void)state;
    cqt_stream(seed, sizeof seed);
    cq_ed25519_from_seed(&sign_key, seed);
    /* RFC 8032 §5.1.6: r = SHA-512(prefix || message), the prefix the
     * expanded key's second half. */
    crypto_hash_sha512_init(&h);
    crypto_hash_sha512_update(&h, sign_key.expanded + 32, 32);
    crypto_hash_sha512_update(&h, to_sign, sizeof to_sign - 1);
    crypto_hash_sha512_final(&h, nonce_hash);
    cqt_secret_add(&s, "seed", seed, 32);
    cqt_secret_add(&s, "expanded key", sign_key.expanded, 64);
    cqt_secret_add(&s, "nonce hash", nonce_hash, 64);
    assert_int_equal(signed_with_seed(), CLIQUET_OK);
    assert_int_equal(signed_expanded(), CLIQUET_OK);
    cqt_paint();
    assert_int_equal(cqt_descend(signed_with_seed), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "ed25519 sign"), 0);
    cqt_paint();
    assert_int_equal(cqt_descend(signed_expanded), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "ed25519 sign, expanded key"), 0);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(nonce_hash, sizeof nonce_hash);
    sodium_memzero(&sign_key, sizeof sign_key);
}

/* ---- PK backup encryption --------------------------------------------------------- */

static uint8_t pk_recipient[32], pk_eph_random[32];
static uint8_t pk_ct[16], pk_mac[8], pk_eph[32];

static __attribute__((noinline)) cliquet_status backup_encrypts(void)
{
    return cq_pk_encrypt_legacy(pk_ct, pk_mac, pk_eph, pk_recipient,
                                (const uint8_t *)"a room key", 10, pk_eph_random);
}

static void test_pk_encrypt(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t priv[32], shared[32], keys[80];

    (void)state;
    cqt_stream(priv, sizeof priv);
    crypto_scalarmult_base(pk_recipient, priv);
    cqt_stream(pk_eph_random, sizeof pk_eph_random);
    assert_int_equal(crypto_scalarmult(shared, pk_eph_random, pk_recipient), 0);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, shared, 32, NULL, 0), 0);
    cqt_secret_add(&s, "ephemeral private key", pk_eph_random, 32);
    cqt_secret_add(&s, "shared secret", shared, 32);
    cqt_secret_add(&s, "AES key", keys, 32);
    cqt_secret_add(&s, "MAC key", keys + 32, 32);
    assert_int_equal(backup_encrypts(), CLIQUET_OK);
    cqt_paint();
    assert_int_equal(cqt_descend(backup_encrypts), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "pk encrypt"), 0);
    sodium_memzero(priv, sizeof priv);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(keys, sizeof keys);
}

/* ---- the ECIES channel ----------------------------------------------------------------- */

static cq_ecies ecies_g, ecies_s;
static uint8_t ecies_c[64];
static const uint8_t ecies_text[] = "the login secret";

static __attribute__((noinline)) cliquet_status ecies_established(void)
{
    return cq_ecies_establish(&ecies_s, CQ_ECIES_INITIATOR, ecies_g.public_key);
}

static __attribute__((noinline)) cliquet_status ecies_encrypts(void)
{
    return cq_ecies_encrypt(&ecies_s, ecies_c, ecies_text, sizeof ecies_text - 1);
}

static __attribute__((noinline)) cliquet_status ecies_decrypts(void)
{
    uint8_t m[sizeof ecies_text];
    cliquet_status st = cq_ecies_decrypt(&ecies_g, m, ecies_c, sizeof ecies_text - 1 + 16);

    sodium_memzero(m, sizeof m);
    return st;
}

/* A fresh pair of sides; returns the X25519 secret they will share. */
static void ecies_pair(uint8_t shared[32])
{
    uint8_t random[32];

    cqt_stream(random, sizeof random);
    cq_ecies_init(&ecies_g, random);
    cqt_stream(random, sizeof random);
    cq_ecies_init(&ecies_s, random);
    assert_int_equal(crypto_scalarmult(shared, ecies_s.private_key, ecies_g.public_key), 0);
    sodium_memzero(random, sizeof random);
}

static void test_ecies(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t shared[32], s_private[32];

    (void)state;
    ecies_pair(shared); /* the warm-up pair */
    assert_int_equal(ecies_established(), CLIQUET_OK);
    ecies_pair(shared);
    memcpy(s_private, ecies_s.private_key, 32); /* establishing wipes it */
    cqt_secret_add(&s, "shared secret", shared, 32);
    cqt_secret_add(&s, "private key", s_private, 32);
    cqt_paint();
    assert_int_equal(cqt_descend(ecies_established), CLIQUET_OK);
    cqt_secret_add(&s, "encryption key", ecies_s.encryption_key, 32);
    cqt_secret_add(&s, "decryption key", ecies_s.decryption_key, 32);
    assert_int_equal(cqt_scan(&s, "ecies establish"), 0);
    assert_int_equal(cq_ecies_establish(&ecies_g, CQ_ECIES_RECIPIENT, ecies_s.public_key),
                     CLIQUET_OK);
    assert_int_equal(ecies_encrypts(), CLIQUET_OK);
    assert_int_equal(ecies_decrypts(), CLIQUET_OK); /* the warm-ups */
    cqt_paint();
    assert_int_equal(cqt_descend(ecies_encrypts), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "ecies encrypt"), 0);
    cqt_paint();
    assert_int_equal(cqt_descend(ecies_decrypts), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "ecies decrypt"), 0);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(s_private, sizeof s_private);
    cq_ecies_clear(&ecies_g);
    cq_ecies_clear(&ecies_s);
}

/* ---- pickling an account (the public API) ------------------------------------------ */

static cliquet_account *pickled, *unpickled;
static const uint8_t pickle_key[32] = "the stack scan's pickle key....";
static char pickle_text[8192];
static size_t pickle_len;

static __attribute__((noinline)) cliquet_status pickles_libolm(void)
{
    return cliquet_account_pickle_libolm(pickled, pickle_text, sizeof pickle_text, &pickle_len,
                                         pickle_key, sizeof pickle_key);
}

static __attribute__((noinline)) cliquet_status unpickles_libolm(void)
{
    cliquet_account_free(unpickled);
    unpickled = NULL;
    return cliquet_account_unpickle_libolm(&unpickled, pickle_key, sizeof pickle_key,
                                           pickle_text, pickle_len);
}

static __attribute__((noinline)) cliquet_status pickles_native(void)
{
    return cliquet_account_pickle(pickled, pickle_text, sizeof pickle_text, &pickle_len,
                                  pickle_key, sizeof pickle_key);
}

static __attribute__((noinline)) cliquet_status unpickles_native(void)
{
    cliquet_account_free(unpickled);
    unpickled = NULL;
    return cliquet_account_unpickle(&unpickled, pickle_key, sizeof pickle_key, pickle_text,
                                    pickle_len);
}

/* op, its warm-up first, then measured. */
static void pickle_case(cqt_operation op, const cqt_secrets *s, const char *what)
{
    assert_int_equal(op(), CLIQUET_OK);
    cqt_paint();
    assert_int_equal(cqt_descend(op), CLIQUET_OK);
    assert_int_equal(cqt_scan(s, what), 0);
}

static void test_pickle(void **state)
{
    cqt_secrets s = { 0 };
    const cq_olm_account *a;
    uint8_t keys[80];

    (void)state;
    assert_int_equal(cliquet_account_new(&pickled), CLIQUET_OK);
    assert_int_equal(cliquet_account_generate_one_time_keys(pickled, 1, NULL), CLIQUET_OK);
    a = &pickled->a;
    /* libolm's pickle keys: HKDF-SHA-256(no salt, the key, "Pickle"). */
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, pickle_key, sizeof pickle_key,
                                    (const uint8_t *)"Pickle", 6),
                     0);
    cqt_secret_add(&s, "pickle key", pickle_key, 32);
    cqt_secret_add(&s, "pickle AES key", keys, 32);
    cqt_secret_add(&s, "pickle HMAC key", keys + 32, 32);
    cqt_secret_add(&s, "Ed25519 expanded key", a->ed25519.expanded, 64);
    cqt_secret_add(&s, "Ed25519 seed", a->ed25519.seed, 32);
    cqt_secret_add(&s, "Curve25519 private key", a->curve25519_private, 32);
    cqt_secret_add(&s, "one-time key", a->one_time_keys[0].private_key, 32);
    pickle_case(pickles_libolm, &s, "account pickle, libolm format");
    pickle_case(unpickles_libolm, &s, "account unpickle, libolm format");
    pickle_case(pickles_native, &s, "account pickle, native format");
    pickle_case(unpickles_native, &s, "account unpickle, native format");
    cliquet_account_free(unpickled);
    cliquet_account_free(pickled);
    unpickled = NULL;
    pickled = NULL;
    sodium_memzero(keys, sizeof keys);
}

/*
 * An outbound group session pickled and unpickled in both formats: its
 * ratchet and signing key, and the pickle-derived keys. The object wraps
 * its core state as its only member (lib/api/megolm_outbound_api.c), read here
 * through that first member.
 */
static cliquet_outbound_group_session *group, *group_back;

static __attribute__((noinline)) cliquet_status group_pickles_libolm(void)
{
    return cliquet_outbound_group_session_pickle_libolm(group, pickle_text, sizeof pickle_text,
                                                        &pickle_len, pickle_key,
                                                        sizeof pickle_key);
}

static __attribute__((noinline)) cliquet_status group_unpickles_libolm(void)
{
    cliquet_outbound_group_session_free(group_back);
    group_back = NULL;
    return cliquet_outbound_group_session_unpickle_libolm(&group_back, pickle_key,
                                                          sizeof pickle_key, pickle_text,
                                                          pickle_len);
}

static __attribute__((noinline)) cliquet_status group_pickles_native(void)
{
    return cliquet_outbound_group_session_pickle(group, pickle_text, sizeof pickle_text,
                                                 &pickle_len, pickle_key, sizeof pickle_key);
}

static __attribute__((noinline)) cliquet_status group_unpickles_native(void)
{
    cliquet_outbound_group_session_free(group_back);
    group_back = NULL;
    return cliquet_outbound_group_session_unpickle(&group_back, pickle_key, sizeof pickle_key,
                                                   pickle_text, pickle_len);
}

static void test_group_pickle(void **state)
{
    cqt_secrets s = { 0 };
    const cq_megolm_outbound *g;
    uint8_t keys[80];

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new(&group), CLIQUET_OK);
    g = (const cq_megolm_outbound *)(const void *)group;
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, pickle_key, sizeof pickle_key,
                                    (const uint8_t *)"Pickle", 6),
                     0);
    cqt_secret_add(&s, "pickle key", pickle_key, 32);
    cqt_secret_add(&s, "pickle AES key", keys, 32);
    cqt_secret_add(&s, "pickle HMAC key", keys + 32, 32);
    cqt_secret_add(&s, "ratchet", g->ratchet.data, sizeof g->ratchet.data);
    cqt_secret_add(&s, "signing key", g->signing_key.expanded, 64);
    cqt_secret_add(&s, "signing seed", g->signing_key.seed, 32);
    pickle_case(group_pickles_libolm, &s, "group session pickle, libolm format");
    pickle_case(group_unpickles_libolm, &s, "group session unpickle, libolm format");
    pickle_case(group_pickles_native, &s, "group session pickle, native format");
    pickle_case(group_unpickles_native, &s, "group session unpickle, native format");
    cliquet_outbound_group_session_free(group_back);
    cliquet_outbound_group_session_free(group);
    group_back = NULL;
    group = NULL;
    sodium_memzero(keys, sizeof keys);
}

static int setup(void **state)
{
    (void)state;
    cqt_seed_init("test_stack_wipe_more");
    return cliquet_init() == CLIQUET_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account_new),
        cmocka_unit_test(test_outbound_session),
        cmocka_unit_test(test_sign),
        cmocka_unit_test(test_pk_encrypt),
        cmocka_unit_test(test_ecies),
        cmocka_unit_test(test_pickle),
        cmocka_unit_test(test_group_pickle),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
