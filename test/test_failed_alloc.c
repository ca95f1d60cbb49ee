/*
 * Failed allocations (issue 22, section 3): every API call that allocates
 * is run with its n-th allocation refused, n = 1, 2, ... until the call
 * gets through. Each refused run must answer CLIQUET_ERR_NO_MEMORY, make
 * no object, leave every object byte-identical (their libolm pickles
 * under a fixed key, test/alloc/objects.c) and free whatever it had
 * allocated; the run that gets through must succeed.
 *
 * Linked with the failing allocator of test/alloc (hostile.mk).
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
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "alloc/alloc.h"
#include "alloc/objects.h"

static cqt_objects objs;
static uint8_t out[65536];
static const uint8_t key32[32] = "the failed-allocation pickle key";
static const uint8_t random_bytes[256] = {42};

/* Texts made at setup, before any allocation fails. */
static char pickles[11][16384];
static size_t pickle_lens[11];
static char pk_ct[256], pk_mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE], pk_eph[CLIQUET_KEY_BASE64_SIZE];
static size_t pk_ct_len;
/* bob as a dehydrated device (since 1.2). */
static char dehydrated[16384], dehydrated_nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE];
static size_t dehydrated_len;

/* An operation: a call, and the object it made (freed by the driver). */
typedef struct made {
    cliquet_account *account;
    cliquet_session *session;
    cliquet_outbound_group_session *ogs;
    cliquet_inbound_group_session *igs;
    cliquet_pk_encryption *pk_enc;
    cliquet_pk_decryption *pk_dec;
    cliquet_pk_signing *pk_sign;
    cliquet_sas *sas;
} made;

typedef cliquet_status (*op_fn)(made *m);

static int nothing_made(const made *m)
{
    return m->account == NULL && m->session == NULL && m->ogs == NULL && m->igs == NULL &&
           m->pk_enc == NULL && m->pk_dec == NULL && m->pk_sign == NULL && m->sas == NULL;
}

static void free_made(made *m)
{
    cliquet_account_free(m->account);
    cliquet_session_free(m->session);
    cliquet_outbound_group_session_free(m->ogs);
    cliquet_inbound_group_session_free(m->igs);
    cliquet_pk_encryption_free(m->pk_enc);
    cliquet_pk_decryption_free(m->pk_dec);
    cliquet_pk_signing_free(m->pk_sign);
    cliquet_sas_free(m->sas);
    memset(m, 0, sizeof *m);
}

/* ---- the operations ----------------------------------------------------- */

static cliquet_status account_new(made *m)
{
    return cliquet_account_new(&m->account);
}

static cliquet_status account_new_with_random(made *m)
{
    return cliquet_account_new_with_random(&m->account, random_bytes,
                                           CLIQUET_ACCOUNT_RANDOM_BYTES);
}

static cliquet_status generate_one_time_keys(made *m)
{
    (void)m;
    return cliquet_account_generate_one_time_keys(objs.alice, 3, NULL);
}

static cliquet_status generate_fallback_key(made *m)
{
    (void)m;
    return cliquet_account_generate_fallback_key(objs.alice);
}

static cliquet_status account_sign(made *m)
{
    char sig[CLIQUET_SIGNATURE_BASE64_SIZE];

    (void)m;
    return cliquet_account_sign(objs.bob, sig, (const uint8_t *)"{}", 2);
}

static cliquet_status session_new_outbound(made *m)
{
    return cliquet_session_new_outbound(&m->session, objs.alice, objs.bob_identity, 43,
                                        objs.bob_one_time_key, 43);
}

static cliquet_status session_matches_inbound(made *m)
{
    int matches;

    (void)m;
    return cliquet_session_matches_inbound(objs.from_alice, objs.alice_identity, 43,
                                           objs.pre_key_message, objs.pre_key_message_len,
                                           &matches);
}

static cliquet_status session_new_inbound_keep_key(made *m)
{
    size_t n;

    return cliquet_session_new_inbound_keep_key(&m->session, objs.bob, objs.alice_identity, 43,
                                                objs.pre_key_message, objs.pre_key_message_len,
                                                out, sizeof out, &n);
}

/* Last of the Olm inbound calls: it uses bob's one-time key up. */
static cliquet_status session_new_inbound(made *m)
{
    size_t n;

    return cliquet_session_new_inbound(&m->session, objs.bob, objs.alice_identity, 43,
                                       objs.pre_key_message, objs.pre_key_message_len, out,
                                       sizeof out, &n, NULL);
}

static cliquet_status session_decrypt(made *m)
{
    size_t n;

    (void)m;
    return cliquet_session_decrypt(objs.to_bob, 1, objs.normal_message, objs.normal_message_len,
                                   out, sizeof out, &n, NULL);
}

static cliquet_status olm_ciphertext_len(made *m)
{
    size_t n;

    (void)m;
    return cliquet_olm_message_ciphertext_len(1, objs.normal_message, objs.normal_message_len,
                                              &n);
}

static cliquet_status session_encrypt(made *m)
{
    int type;
    size_t n;

    (void)m;
    return cliquet_session_encrypt(objs.from_alice, &type, (char *)out, sizeof out, &n,
                                   (const uint8_t *)"reply", 5);
}

static cliquet_status ogs_new(made *m)
{
    return cliquet_outbound_group_session_new(&m->ogs);
}

static cliquet_status ogs_encrypt(made *m)
{
    size_t n;

    (void)m;
    return cliquet_outbound_group_session_encrypt(objs.ogs, (char *)out, sizeof out, &n,
                                                  (const uint8_t *)"group", 5);
}

static cliquet_status igs_new(made *m)
{
    return cliquet_inbound_group_session_new(&m->igs, objs.session_key, objs.session_key_len);
}

static cliquet_status igs_import(made *m)
{
    return cliquet_inbound_group_session_import(&m->igs, objs.export_text, objs.export_len);
}

static cliquet_status igs_decrypt(made *m)
{
    size_t n;

    (void)m;
    return cliquet_inbound_group_session_decrypt(objs.igs, objs.group_message,
                                                 objs.group_message_len, out, sizeof out, &n,
                                                 NULL);
}

static cliquet_status megolm_ciphertext_len(made *m)
{
    size_t n;

    (void)m;
    return cliquet_megolm_message_ciphertext_len(objs.group_message, objs.group_message_len,
                                                 &n);
}

static cliquet_status pk_encryption_new(made *m)
{
    return cliquet_pk_encryption_new(&m->pk_enc, objs.bob_identity, 43);
}

static cliquet_status pk_encrypt(made *m)
{
    char ct[256], mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE], eph[CLIQUET_KEY_BASE64_SIZE];
    size_t n;

    (void)m;
    return cliquet_pk_encrypt_legacy_backup(objs.pk_enc, ct, sizeof ct, &n, mac, eph,
                                            (const uint8_t *)"backup", 6);
}

static cliquet_status pk_decryption_new(made *m)
{
    return cliquet_pk_decryption_new(&m->pk_dec);
}

static cliquet_status pk_decryption_from_private(made *m)
{
    return cliquet_pk_decryption_new_from_private_key(&m->pk_dec, random_bytes);
}

static cliquet_status pk_decrypt(made *m)
{
    size_t n;

    (void)m;
    return cliquet_pk_decrypt_legacy_backup(objs.pk_dec, out, sizeof out, &n, pk_eph, 43,
                                            pk_mac, 11, pk_ct, pk_ct_len);
}

static cliquet_status pk_signing_new(made *m)
{
    return cliquet_pk_signing_new(&m->pk_sign);
}

static cliquet_status pk_signing_from_seed(made *m)
{
    return cliquet_pk_signing_new_from_seed(&m->pk_sign, random_bytes);
}

static cliquet_status sas_new(made *m)
{
    return cliquet_sas_new(&m->sas);
}

static cliquet_status to_dehydrated_device(made *m)
{
    char nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE];
    size_t n;

    (void)m;
    return cliquet_account_to_dehydrated_device(objs.bob, (char *)out, sizeof out, &n, nonce,
                                                key32, sizeof key32);
}

static cliquet_status from_dehydrated_device(made *m)
{
    return cliquet_account_from_dehydrated_device(&m->account, dehydrated, dehydrated_len,
                                                  dehydrated_nonce, 16, key32, sizeof key32);
}

static cliquet_status base64_decode(made *m)
{
    size_t n;

    (void)m;
    return cliquet_base64_decode(out, sizeof out, &n, objs.bob_identity, 43);
}

/* Pickling: i is the object and format, as in pickle_texts(). */
static cliquet_status pickle_i(int i)
{
    char *t = (char *)out;
    size_t n, c = sizeof out, k = sizeof key32;

    switch (i) {
    case 0: return cliquet_account_pickle(objs.bob, t, c, &n, key32, k);
    case 1: return cliquet_account_pickle_libolm(objs.bob, t, c, &n, key32, k);
    case 2: return cliquet_session_pickle(objs.from_alice, t, c, &n, key32, k);
    case 3: return cliquet_session_pickle_libolm(objs.from_alice, t, c, &n, key32, k);
    case 4: return cliquet_outbound_group_session_pickle(objs.ogs, t, c, &n, key32, k);
    case 5: return cliquet_outbound_group_session_pickle_libolm(objs.ogs, t, c, &n, key32, k);
    case 6: return cliquet_inbound_group_session_pickle(objs.igs, t, c, &n, key32, k);
    case 7: return cliquet_inbound_group_session_pickle_libolm(objs.igs, t, c, &n, key32, k);
    case 8: return cliquet_pk_decryption_pickle(objs.pk_dec, t, c, &n, key32, k);
    case 9: return cliquet_pk_decryption_pickle_libolm(objs.pk_dec, t, c, &n, key32, k);
    default:
        return cliquet_inbound_group_session_pickle_libolm_lossy(objs.igs, t, c, &n, key32, k);
    }
}

static cliquet_status unpickle_i(made *m, int i)
{
    const char *p = pickles[i];
    size_t n = pickle_lens[i], k = sizeof key32;

    switch (i) {
    case 0: return cliquet_account_unpickle(&m->account, key32, k, p, n);
    case 1: return cliquet_account_unpickle_libolm(&m->account, key32, k, p, n);
    case 2: return cliquet_session_unpickle(&m->session, key32, k, p, n);
    case 3:
        return cliquet_session_unpickle_libolm(&m->session, key32, k, p, n, objs.alice_identity,
                                               43);
    case 4: return cliquet_outbound_group_session_unpickle(&m->ogs, key32, k, p, n);
    case 5: return cliquet_outbound_group_session_unpickle_libolm(&m->ogs, key32, k, p, n);
    case 6: return cliquet_inbound_group_session_unpickle(&m->igs, key32, k, p, n);
    case 7: return cliquet_inbound_group_session_unpickle_libolm(&m->igs, key32, k, p, n);
    case 8: return cliquet_pk_decryption_unpickle(&m->pk_dec, key32, k, p, n);
    case 9: return cliquet_pk_decryption_unpickle_libolm(&m->pk_dec, key32, k, p, n);
    default: return cliquet_session_unpickle_libolm_as_inbound(&m->session, key32, k,
                                                               pickles[3], pickle_lens[3]);
    }
}

static cliquet_status pickle_op(made *m, int i)
{
    (void)m;
    return pickle_i(i);
}

/* ---- the table and the driver --------------------------------------------- */

typedef struct op {
    const char *name;
    op_fn fn;
    cliquet_status (*indexed)(made *m, int i);
    int i;
} op;

static const op ops[] = {
    {"account_new", account_new, NULL, 0},
    {"account_new_with_random", account_new_with_random, NULL, 0},
    {"account_generate_one_time_keys", generate_one_time_keys, NULL, 0},
    {"account_generate_fallback_key", generate_fallback_key, NULL, 0},
    {"account_sign", account_sign, NULL, 0},
    {"session_new_outbound", session_new_outbound, NULL, 0},
    {"session_matches_inbound", session_matches_inbound, NULL, 0},
    {"session_new_inbound_keep_key", session_new_inbound_keep_key, NULL, 0},
    {"session_new_inbound", session_new_inbound, NULL, 0},
    {"olm_message_ciphertext_len", olm_ciphertext_len, NULL, 0},
    {"session_decrypt", session_decrypt, NULL, 0},
    {"session_encrypt", session_encrypt, NULL, 0},
    {"outbound_group_session_new", ogs_new, NULL, 0},
    {"outbound_group_session_encrypt", ogs_encrypt, NULL, 0},
    {"inbound_group_session_new", igs_new, NULL, 0},
    {"inbound_group_session_import", igs_import, NULL, 0},
    {"megolm_message_ciphertext_len", megolm_ciphertext_len, NULL, 0},
    {"inbound_group_session_decrypt", igs_decrypt, NULL, 0},
    {"pk_encryption_new", pk_encryption_new, NULL, 0},
    {"pk_encrypt_legacy_backup", pk_encrypt, NULL, 0},
    {"pk_decryption_new", pk_decryption_new, NULL, 0},
    {"pk_decryption_new_from_private_key", pk_decryption_from_private, NULL, 0},
    {"pk_decrypt_legacy_backup", pk_decrypt, NULL, 0},
    {"pk_signing_new", pk_signing_new, NULL, 0},
    {"pk_signing_new_from_seed", pk_signing_from_seed, NULL, 0},
    {"sas_new", sas_new, NULL, 0},
    {"base64_decode", base64_decode, NULL, 0},
    {"account_to_dehydrated_device", to_dehydrated_device, NULL, 0},
    {"account_from_dehydrated_device", from_dehydrated_device, NULL, 0},
    {"account_pickle", NULL, pickle_op, 0},
    {"account_pickle_libolm", NULL, pickle_op, 1},
    {"session_pickle", NULL, pickle_op, 2},
    {"session_pickle_libolm", NULL, pickle_op, 3},
    {"outbound_group_session_pickle", NULL, pickle_op, 4},
    {"outbound_group_session_pickle_libolm", NULL, pickle_op, 5},
    {"inbound_group_session_pickle", NULL, pickle_op, 6},
    {"inbound_group_session_pickle_libolm", NULL, pickle_op, 7},
    {"pk_decryption_pickle", NULL, pickle_op, 8},
    {"pk_decryption_pickle_libolm", NULL, pickle_op, 9},
    {"inbound_group_session_pickle_libolm_lossy", NULL, pickle_op, 10},
    {"account_unpickle", NULL, unpickle_i, 0},
    {"account_unpickle_libolm", NULL, unpickle_i, 1},
    {"session_unpickle", NULL, unpickle_i, 2},
    {"session_unpickle_libolm", NULL, unpickle_i, 3},
    {"outbound_group_session_unpickle", NULL, unpickle_i, 4},
    {"outbound_group_session_unpickle_libolm", NULL, unpickle_i, 5},
    {"inbound_group_session_unpickle", NULL, unpickle_i, 6},
    {"inbound_group_session_unpickle_libolm", NULL, unpickle_i, 7},
    {"pk_decryption_unpickle", NULL, unpickle_i, 8},
    {"pk_decryption_unpickle_libolm", NULL, unpickle_i, 9},
    {"session_unpickle_libolm_as_inbound", NULL, unpickle_i, 10},
};

static int failures;

static void check(int ok, const op *o, size_t n, const char *what)
{
    if (!ok) {
        print_error("%s, allocation %zu refused: %s\n", o->name, n, what);
        failures++;
    }
}

/* Runs o with its n-th allocation refused: 1 once it got through. */
static int run_failing(const op *o, size_t n)
{
    made m;
    uint8_t *before;
    size_t before_len;
    cqt_alloc_stats a;
    cliquet_status st;

    memset(&m, 0, sizeof m);
    before = cqt_objects_snapshot(&objs, &before_len);
    cqt_alloc_begin(n, SIZE_MAX);
    st = o->fn != NULL ? o->fn(&m) : o->indexed(&m, o->i);
    a = cqt_alloc_end();
    if (a.failed == 0) {
        /* No n-th allocation: the call went through and must succeed. */
        check(st == CLIQUET_OK, o, n, cliquet_strerror(st));
        free(before);
        free_made(&m);
        return 1;
    }
    check(st == CLIQUET_ERR_NO_MEMORY, o, n, cliquet_strerror(st));
    check(nothing_made(&m), o, n, "an object was made");
    check(a.live == 0, o, n, "an allocation was not freed");
    cqt_objects_assert_unchanged(&objs, before, before_len);
    free_made(&m);
    return 0;
}

static void test_every_allocation_fails(void **state)
{
    size_t i, n, refused = 0, allocating = 0;

    (void)state;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        for (n = 1; !run_failing(&ops[i], n); n++) {
            refused++;
        }
        if (n > 1) {
            allocating++;
        }
    }
    printf("failed allocations: %zu calls, %zu of them allocate, %zu allocations refused\n",
           sizeof ops / sizeof ops[0], allocating, refused);
    assert_int_equal(failures, 0);
}

/*
 * The Megolm replay record (since 1.2 on the heap, only while on): turning
 * it on, unpickling a session that carries one, merging two that have one
 * and decrypting through one, each with its n-th allocation refused. A
 * refused run answers NO_MEMORY, makes nothing, frees all it allocated and
 * leaves the sessions as they were (record off, or on with its entries).
 * Separate sessions: objs.igs keeps its record off for the snapshot above.
 */
static cliquet_inbound_group_session *replay_session(int on)
{
    cliquet_inbound_group_session *s = NULL;

    assert_int_equal(cliquet_inbound_group_session_new(&s, objs.session_key,
                                                       objs.session_key_len),
                     CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_set_replay_detection(s, on), CLIQUET_OK);
    return s;
}

/* The record's state: on (0/1) * 1000 + entries. */
static size_t replay_state(const cliquet_inbound_group_session *s)
{
    int on = -1;
    size_t entries = 99;

    assert_int_equal(cliquet_inbound_group_session_replay_detection(s, &on, &entries, NULL),
                     CLIQUET_OK);
    return (size_t)on * 1000 + entries;
}

/* 1 when the run got through; else checks a clean refusal. */
static int replay_run_done(const char *name, size_t n, cliquet_status st, cqt_alloc_stats a,
                           const cliquet_inbound_group_session *made_one)
{
    if (a.failed == 0) {
        if (st != CLIQUET_OK) {
            print_error("%s: %s without a refused allocation\n", name, cliquet_strerror(st));
            failures++;
        }
        return 1;
    }
    if (st != CLIQUET_ERR_NO_MEMORY || made_one != NULL || a.live != 0) {
        print_error("%s, allocation %zu refused: %s, object %p, %ld live\n", name, n,
                    cliquet_strerror(st), (const void *)made_one, a.live);
        failures++;
    }
    return 0;
}

static void test_replay_record_allocations(void **state)
{
    cliquet_inbound_group_session *a = replay_session(1), *b = replay_session(1);
    cliquet_inbound_group_session *off = replay_session(0), *got;
    cliquet_megolm_replay verdict;
    char pickle[4096];
    size_t n, len, refused = 0;
    cqt_alloc_stats st;
    cliquet_status rc;

    (void)state;
    /* Off costs nothing: a new session allocates no block the record's size
     * (since 1.2; 2,568 bytes on x86-64), turning the record on does. */
    cqt_alloc_begin(0, SIZE_MAX);
    assert_int_equal(cliquet_inbound_group_session_new(&got, objs.session_key,
                                                       objs.session_key_len),
                     CLIQUET_OK);
    st = cqt_alloc_end();
    printf("replay record: a new inbound session allocates %zu block(s), the largest %zu "
           "bytes\n", st.calls, st.largest);
    assert_true(st.largest < 1024);
    cqt_alloc_begin(0, SIZE_MAX);
    assert_int_equal(cliquet_inbound_group_session_set_replay_detection(got, 1), CLIQUET_OK);
    st = cqt_alloc_end();
    assert_true(st.calls == 1 && st.largest >= 20 * CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES);
    cliquet_inbound_group_session_free(got);
    /* Turning it on allocates; a refusal leaves it off. */
    for (n = 1;; n++) {
        cqt_alloc_begin(n, SIZE_MAX);
        rc = cliquet_inbound_group_session_set_replay_detection(off, 1);
        st = cqt_alloc_end();
        if (replay_run_done("set_replay_detection", n, rc, st, NULL)) {
            break;
        }
        assert_int_equal(replay_state(off), 0);
        refused++;
    }
    assert_int_equal(replay_state(off), 1000);
    /* Decrypting through it: a refusal records nothing. */
    for (n = 1;; n++) {
        cqt_alloc_begin(n, SIZE_MAX);
        rc = cliquet_inbound_group_session_decrypt_checked(
            a, objs.group_message, objs.group_message_len, out, sizeof out, &len, NULL,
            &verdict);
        st = cqt_alloc_end();
        if (replay_run_done("decrypt_checked", n, rc, st, NULL)) {
            break;
        }
        assert_int_equal(replay_state(a), 1000);
        refused++;
    }
    assert_int_equal(verdict, CLIQUET_REPLAY_FIRST_TIME);
    assert_int_equal(replay_state(a), 1001);
    /* Unpickling a pickle that carries it. */
    assert_int_equal(cliquet_inbound_group_session_pickle(a, pickle, sizeof pickle, &len,
                                                          key32, sizeof key32),
                     CLIQUET_OK);
    for (n = 1;; n++) {
        got = NULL;
        cqt_alloc_begin(n, SIZE_MAX);
        rc = cliquet_inbound_group_session_unpickle(&got, key32, sizeof key32, pickle, len);
        st = cqt_alloc_end();
        if (replay_run_done("unpickle with a record", n, rc, st, got)) {
            break;
        }
        refused++;
    }
    assert_int_equal(replay_state(got), 1001);
    cliquet_inbound_group_session_free(got);
    /* Merging two that have one. */
    for (n = 1;; n++) {
        got = NULL;
        cqt_alloc_begin(n, SIZE_MAX);
        rc = cliquet_inbound_group_session_merge(&got, a, b);
        st = cqt_alloc_end();
        if (replay_run_done("merge with records", n, rc, st, got)) {
            break;
        }
        refused++;
    }
    assert_int_equal(replay_state(got), 1001);
    assert_int_equal(replay_state(a), 1001);
    assert_int_equal(replay_state(b), 1000);
    printf("replay record: %zu allocations refused\n", refused);
    assert_true(refused >= 4); /* each call above allocates */
    assert_int_equal(failures, 0);
    cliquet_inbound_group_session_free(got);
    cliquet_inbound_group_session_free(a);
    cliquet_inbound_group_session_free(b);
    cliquet_inbound_group_session_free(off);
}

/* The pickles unpickled above, and a backup to decrypt. */
static void make_texts(void)
{
    size_t i, k = sizeof key32;
    size_t n;

    for (i = 0; i < 11; i++) {
        const char *t = (const char *)out;

        assert_int_equal(pickle_i((int)i), CLIQUET_OK);
        n = strlen(t);
        memcpy(pickles[i], t, n + 1);
        pickle_lens[i] = n;
    }
    (void)k;
    assert_int_equal(cliquet_account_to_dehydrated_device(objs.bob, dehydrated,
                                                          sizeof dehydrated, &dehydrated_len,
                                                          dehydrated_nonce, key32,
                                                          sizeof key32),
                     CLIQUET_OK);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(objs.pk_enc, pk_ct, sizeof pk_ct,
                                                      &pk_ct_len, pk_mac, pk_eph,
                                                      (const uint8_t *)"backup", 6),
                     CLIQUET_OK);
}

static int setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_objects_make(&objs);
    make_texts();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cqt_objects_free(&objs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails),
        cmocka_unit_test(test_replay_record_allocations),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
