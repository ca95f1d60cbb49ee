/*
 * Zeroisation (issue 20, item 7): every heap block libcliquet frees is all
 * zero when it goes back to libc. For each object type of the public ABI
 * the test makes the object, puts secrets in it by using it (encrypting,
 * decrypting, pickling and unpickling, importing, merging), frees it, and
 * reads every byte of every block the library released meanwhile: the
 * object's own block, its copies made by unpickling and importing, and the
 * temporaries of each call (decoded messages, plaintext scratch, pickle
 * payloads, work copies of a state).
 *
 * How: linked with test/alloc (hostile.mk: -Wl,--wrap=malloc,calloc,
 * realloc,free), whose scan mode remembers each block allocated with the
 * size asked for and reads all of it in free() before the real free. The
 * library has no hook of its own for this. Each cliquet_<thing>_free is
 * checked on its own (it must release at least one block, all zero), and
 * each test then checks every other block freed during it, that nothing it
 * made is still allocated, and that no block escaped the table.
 *
 * What it does not see: the stack (test_stack_wipe.c), registers,
 * libsodium's own allocations (none on these paths), and bytes the
 * allocator itself writes into a freed block after free() returns.
 * docs/constant-time.md, "Zeroisation", says more.
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

#include "cliquet.h"
#include "alloc/alloc.h"

static const uint8_t pickle_key[32] = "the zeroisation test pickle key";
static char text[16384];
static char text2[16384];
static uint8_t plain[1024];

static void ok(cliquet_status st)
{
    assert_string_equal(cliquet_strerror(st), cliquet_strerror(CLIQUET_OK));
}

/* ---- checking the frees --------------------------------------------------- */

static cqt_scan_stats mark;

static void before_free(void)
{
    mark = cqt_scan_now();
}

/* The free just made released at least one block, every byte zero. */
static void after_free(const char *what)
{
    cqt_scan_stats now = cqt_scan_now();

    if (now.dirty != mark.dirty) {
        printf("zeroise: %s: a block of %zu bytes freed with a non-zero byte at offset %zu\n",
               what, now.last_size, now.last_offset);
    }
    fflush(stdout);
    assert_int_equal(now.dirty, mark.dirty);
    assert_true(now.freed > mark.freed);
}

static void end_scan(const char *what)
{
    size_t live = 0;
    cqt_scan_stats s = cqt_scan_end(&live);

    if (s.dirty != 0) {
        printf("zeroise: %s: %zu block(s) freed not wiped, the last of %zu bytes, "
               "non-zero at offset %zu\n",
               what, s.dirty, s.last_size, s.last_offset);
    }
    printf("zeroise: %s: %zu blocks freed, %zu not all zero\n", what, s.freed, s.dirty);
    fflush(stdout);
    assert_int_equal(s.dirty, 0);
    assert_int_equal(s.overflow, 0);
    assert_int_equal(s.untracked, 0);
    assert_int_equal(live, 0);
    assert_true(s.freed > 0);
}

static void free_account(cliquet_account *a)
{
    before_free();
    cliquet_account_free(a);
    after_free("cliquet_account_free");
}

static void free_session(cliquet_session *s)
{
    before_free();
    cliquet_session_free(s);
    after_free("cliquet_session_free");
}

static void free_ogs(cliquet_outbound_group_session *s)
{
    before_free();
    cliquet_outbound_group_session_free(s);
    after_free("cliquet_outbound_group_session_free");
}

static void free_igs(cliquet_inbound_group_session *s)
{
    before_free();
    cliquet_inbound_group_session_free(s);
    after_free("cliquet_inbound_group_session_free");
}

static void free_pk_enc(cliquet_pk_encryption *e)
{
    before_free();
    cliquet_pk_encryption_free(e);
    after_free("cliquet_pk_encryption_free");
}

static void free_pk_dec(cliquet_pk_decryption *d)
{
    before_free();
    cliquet_pk_decryption_free(d);
    after_free("cliquet_pk_decryption_free");
}

static void free_pk_sign(cliquet_pk_signing *s)
{
    before_free();
    cliquet_pk_signing_free(s);
    after_free("cliquet_pk_signing_free");
}

static void free_sas(cliquet_sas *s)
{
    before_free();
    cliquet_sas_free(s);
    after_free("cliquet_sas_free");
}

static void free_ecies(cliquet_ecies_channel *c)
{
    before_free();
    cliquet_ecies_channel_free(c);
    after_free("cliquet_ecies_channel_free");
}

/* ---- the objects ------------------------------------------------------------ */

/* An account with one-time and fallback keys, signing, both pickles. */
static void test_account(void **state)
{
    cliquet_account *a, *b, *c;
    char sig[CLIQUET_SIGNATURE_BASE64_SIZE];
    size_t n;

    (void)state;
    cqt_scan_begin();
    ok(cliquet_account_new(&a));
    ok(cliquet_account_generate_one_time_keys(a, 5, NULL));
    ok(cliquet_account_generate_fallback_key(a));
    ok(cliquet_account_sign(a, sig, (const uint8_t *)"device keys", 11));
    ok(cliquet_account_pickle(a, text, sizeof text, &n, pickle_key, sizeof pickle_key));
    ok(cliquet_account_unpickle(&b, pickle_key, sizeof pickle_key, text, n));
    ok(cliquet_account_pickle_libolm(a, text, sizeof text, &n, pickle_key, sizeof pickle_key));
    ok(cliquet_account_unpickle_libolm(&c, pickle_key, sizeof pickle_key, text, n));
    free_account(a);
    free_account(b);
    free_account(c);
    end_scan("account");
}

/*
 * An Olm conversation (account creation, outbound and inbound sessions,
 * messages both ways), then each session through both pickle formats.
 */
static void test_olm_session(void **state)
{
    cliquet_account *alice, *bob;
    cliquet_session *out, *in, *p1, *p2;
    char bob_id[CLIQUET_KEY_BASE64_SIZE], bob_otk[CLIQUET_KEY_BASE64_SIZE];
    char alice_id[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE];
    size_t n, m, plain_len;
    int type;

    (void)state;
    cqt_scan_begin();
    ok(cliquet_account_new(&alice));
    ok(cliquet_account_new(&bob));
    ok(cliquet_account_generate_one_time_keys(bob, 1, NULL));
    ok(cliquet_account_identity_keys(bob, bob_id, ed));
    ok(cliquet_account_identity_keys(alice, alice_id, ed));
    ok(cliquet_account_one_time_key(bob, 0, key_id, bob_otk));
    ok(cliquet_session_new_outbound(&out, alice, bob_id, 43, bob_otk, 43));
    ok(cliquet_session_encrypt(out, &type, text, sizeof text, &n, (const uint8_t *)"hi bob", 6));
    ok(cliquet_session_new_inbound(&in, bob, alice_id, 43, text, n, plain, sizeof plain,
                                   &plain_len, NULL));
    ok(cliquet_session_encrypt(in, &type, text, sizeof text, &n, (const uint8_t *)"hi alice",
                               8));
    ok(cliquet_session_decrypt(out, type, text, n, plain, sizeof plain, &plain_len, NULL));
    assert_memory_equal(plain, "hi alice", 8);
    ok(cliquet_session_encrypt(out, &type, text, sizeof text, &n, (const uint8_t *)"again", 5));
    ok(cliquet_session_decrypt(in, type, text, n, plain, sizeof plain, &plain_len, NULL));

    ok(cliquet_session_pickle(in, text2, sizeof text2, &m, pickle_key, sizeof pickle_key));
    ok(cliquet_session_unpickle(&p1, pickle_key, sizeof pickle_key, text2, m));
    ok(cliquet_session_pickle_libolm(out, text2, sizeof text2, &m, pickle_key,
                                     sizeof pickle_key));
    ok(cliquet_session_unpickle_libolm(&p2, pickle_key, sizeof pickle_key, text2, m, bob_id,
                                       43));
    free_session(out);
    free_session(in);
    free_session(p1);
    free_session(p2);
    free_account(alice);
    free_account(bob);
    end_scan("olm session");
}

/*
 * Megolm: an outbound session and its key; inbound sessions from the key,
 * from an export, from both pickle formats, and merged; decryption with the
 * replay record on (a duplicate included).
 */
static void test_group_sessions(void **state)
{
    cliquet_outbound_group_session *o, *o1, *o2;
    cliquet_inbound_group_session *i, *imp, *i1, *i2, *merged;
    char key[512], exported[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
    cliquet_megolm_replay replay;
    size_t n, m, plain_len;

    (void)state;
    cqt_scan_begin();
    ok(cliquet_outbound_group_session_new(&o));
    ok(cliquet_outbound_group_session_key(o, key));
    ok(cliquet_inbound_group_session_new(&i, key, strlen(key)));
    ok(cliquet_inbound_group_session_set_replay_detection(i, 1));
    ok(cliquet_outbound_group_session_encrypt(o, text, sizeof text, &n,
                                              (const uint8_t *)"to the room", 11));
    ok(cliquet_inbound_group_session_decrypt_checked(i, text, n, plain, sizeof plain,
                                                     &plain_len, NULL, &replay));
    ok(cliquet_inbound_group_session_decrypt_checked(i, text, n, plain, sizeof plain,
                                                     &plain_len, NULL, &replay));
    ok(cliquet_inbound_group_session_decrypt(i, text, n, plain, sizeof plain, &plain_len,
                                             NULL));
    assert_memory_equal(plain, "to the room", 11);
    ok(cliquet_inbound_group_session_export(i, 0, exported));
    ok(cliquet_inbound_group_session_import(&imp, exported, strlen(exported)));
    ok(cliquet_inbound_group_session_merge(&merged, i, imp));

    ok(cliquet_outbound_group_session_pickle(o, text2, sizeof text2, &m, pickle_key,
                                             sizeof pickle_key));
    ok(cliquet_outbound_group_session_unpickle(&o1, pickle_key, sizeof pickle_key, text2, m));
    ok(cliquet_outbound_group_session_pickle_libolm(o, text2, sizeof text2, &m, pickle_key,
                                                    sizeof pickle_key));
    ok(cliquet_outbound_group_session_unpickle_libolm(&o2, pickle_key, sizeof pickle_key,
                                                      text2, m));
    ok(cliquet_inbound_group_session_pickle(i, text2, sizeof text2, &m, pickle_key,
                                            sizeof pickle_key));
    ok(cliquet_inbound_group_session_unpickle(&i1, pickle_key, sizeof pickle_key, text2, m));
    ok(cliquet_inbound_group_session_pickle_libolm_lossy(i, text2, sizeof text2, &m,
                                                         pickle_key, sizeof pickle_key));
    ok(cliquet_inbound_group_session_unpickle_libolm(&i2, pickle_key, sizeof pickle_key,
                                                     text2, m));
    free_ogs(o);
    free_ogs(o1);
    free_ogs(o2);
    free_igs(i);
    free_igs(imp);
    free_igs(i1);
    free_igs(i2);
    free_igs(merged);
    end_scan("group sessions");
}

/* PK: a backup encrypted and decrypted, the decryption key through both
 * pickles, a signing key signing. */
static void test_pk(void **state)
{
    cliquet_pk_encryption *e;
    cliquet_pk_decryption *d, *d1, *d2;
    cliquet_pk_signing *s;
    char key[CLIQUET_KEY_BASE64_SIZE], eph[CLIQUET_KEY_BASE64_SIZE];
    char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE], sig[CLIQUET_SIGNATURE_BASE64_SIZE];
    size_t n, m, plain_len;

    (void)state;
    cqt_scan_begin();
    ok(cliquet_pk_decryption_new(&d));
    ok(cliquet_pk_decryption_public_key(d, key));
    ok(cliquet_pk_encryption_new(&e, key, 43));
    ok(cliquet_pk_encrypt_legacy_backup(e, text, sizeof text, &n, mac, eph,
                                        (const uint8_t *)"a room key", 10));
    ok(cliquet_pk_decrypt_legacy_backup(d, plain, sizeof plain, &plain_len, eph, 43, mac,
                                        strlen(mac), text, n));
    assert_memory_equal(plain, "a room key", 10);
    ok(cliquet_pk_decryption_pickle(d, text2, sizeof text2, &m, pickle_key, sizeof pickle_key));
    ok(cliquet_pk_decryption_unpickle(&d1, pickle_key, sizeof pickle_key, text2, m));
    ok(cliquet_pk_decryption_pickle_libolm(d, text2, sizeof text2, &m, pickle_key,
                                           sizeof pickle_key));
    ok(cliquet_pk_decryption_unpickle_libolm(&d2, pickle_key, sizeof pickle_key, text2, m));
    ok(cliquet_pk_signing_new(&s));
    ok(cliquet_pk_sign(s, sig, (const uint8_t *)"cross-signing", 13));
    free_pk_enc(e);
    free_pk_dec(d);
    free_pk_dec(d1);
    free_pk_dec(d2);
    free_pk_sign(s);
    end_scan("pk");
}

/* SAS: both sides, the shared secret, bytes and every MAC. */
static void test_sas(void **state)
{
    cliquet_sas *a, *b;
    char ka[CLIQUET_KEY_BASE64_SIZE], kb[CLIQUET_KEY_BASE64_SIZE];
    char mac[CLIQUET_SAS_MAC_BASE64_SIZE];
    uint8_t bytes[6];
    const uint8_t info[] = "MATRIX_KEY_VERIFICATION_MAC";

    (void)state;
    cqt_scan_begin();
    ok(cliquet_sas_new(&a));
    ok(cliquet_sas_new(&b));
    ok(cliquet_sas_public_key(a, ka));
    ok(cliquet_sas_public_key(b, kb));
    ok(cliquet_sas_set_their_key(a, kb, 43));
    ok(cliquet_sas_set_their_key(b, ka, 43));
    ok(cliquet_sas_generate_bytes(a, bytes, sizeof bytes, info, sizeof info - 1));
    ok(cliquet_sas_calculate_mac(a, mac, (const uint8_t *)"key", 3, info, sizeof info - 1));
    ok(cliquet_sas_calculate_mac_legacy_base64(a, mac, (const uint8_t *)"key", 3, info,
                                               sizeof info - 1));
    ok(cliquet_sas_calculate_mac_long_kdf(a, mac, (const uint8_t *)"key", 3, info,
                                          sizeof info - 1));
    free_sas(a);
    free_sas(b);
    end_scan("sas");
}

/* ECIES: a channel established both ways, messages each way. */
static void test_ecies(void **state)
{
    cliquet_ecies_channel *g, *s;
    char g_key[CLIQUET_KEY_BASE64_SIZE];
    size_t n, plain_len;
    unsigned code;

    (void)state;
    cqt_scan_begin();
    ok(cliquet_ecies_channel_new(&g));
    ok(cliquet_ecies_channel_new(&s));
    ok(cliquet_ecies_channel_public_key(g, g_key));
    ok(cliquet_ecies_channel_establish_outbound(s, g_key, 43, text, sizeof text, &n,
                                                (const uint8_t *)"hello", 5));
    ok(cliquet_ecies_channel_establish_inbound(g, text, n, plain, sizeof plain, &plain_len));
    ok(cliquet_ecies_channel_check_code(g, &code));
    ok(cliquet_ecies_channel_encrypt(g, text, sizeof text, &n, (const uint8_t *)"answer", 6));
    ok(cliquet_ecies_channel_decrypt(s, text, n, plain, sizeof plain, &plain_len));
    assert_memory_equal(plain, "answer", 6);
    ok(cliquet_ecies_channel_encrypt(s, text, sizeof text, &n, (const uint8_t *)"more", 4));
    ok(cliquet_ecies_channel_decrypt(g, text, n, plain, sizeof plain, &plain_len));
    free_ecies(g);
    free_ecies(s);
    end_scan("ecies");
}

/*
 * The refusals: a wrong pickle key, a forged message. Their error paths
 * free work copies that held secrets too.
 */
static void test_refusals(void **state)
{
    static const uint8_t wrong_key[32] = "not the zeroisation pickle key!";
    cliquet_account *a, *b = NULL;
    cliquet_outbound_group_session *o;
    cliquet_inbound_group_session *i;
    char key[512];
    size_t n, plain_len;

    (void)state;
    cqt_scan_begin();
    ok(cliquet_account_new(&a));
    ok(cliquet_account_pickle(a, text, sizeof text, &n, pickle_key, sizeof pickle_key));
    assert_int_not_equal(cliquet_account_unpickle(&b, wrong_key, sizeof wrong_key, text, n),
                         CLIQUET_OK);
    ok(cliquet_account_pickle_libolm(a, text, sizeof text, &n, pickle_key, sizeof pickle_key));
    assert_int_not_equal(
        cliquet_account_unpickle_libolm(&b, wrong_key, sizeof wrong_key, text, n), CLIQUET_OK);
    assert_null(b);
    ok(cliquet_outbound_group_session_new(&o));
    ok(cliquet_outbound_group_session_key(o, key));
    ok(cliquet_inbound_group_session_new(&i, key, strlen(key)));
    ok(cliquet_outbound_group_session_encrypt(o, text, sizeof text, &n,
                                              (const uint8_t *)"to the room", 11));
    text[10] = text[10] == 'A' ? 'B' : 'A';
    assert_int_not_equal(
        cliquet_inbound_group_session_decrypt(i, text, n, plain, sizeof plain, &plain_len, NULL),
        CLIQUET_OK);
    free_account(a);
    free_ogs(o);
    free_igs(i);
    end_scan("refusals");
}

static int setup(void **state)
{
    (void)state;
    return cliquet_init() == CLIQUET_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account),
        cmocka_unit_test(test_olm_session),
        cmocka_unit_test(test_group_sessions),
        cmocka_unit_test(test_pk),
        cmocka_unit_test(test_sas),
        cmocka_unit_test(test_ecies),
        cmocka_unit_test(test_refusals),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
