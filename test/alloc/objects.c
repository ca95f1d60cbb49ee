/*
 * See objects.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "objects.h"

static const uint8_t pickle_key[] = "the hostile tests' pickle key";

static void ok(cliquet_status st)
{
    assert_string_equal(cliquet_strerror(st), cliquet_strerror(CLIQUET_OK));
}

/* Bob's i-th unpublished one-time key. */
static void one_time_key(const cliquet_account *a, size_t i, char key[CLIQUET_KEY_BASE64_SIZE])
{
    char id[CLIQUET_KEY_ID_BASE64_SIZE];

    ok(cliquet_account_one_time_key(a, i, id, key));
}

static void make_olm(cqt_objects *o)
{
    char ed[CLIQUET_KEY_BASE64_SIZE];
    char second_key[CLIQUET_KEY_BASE64_SIZE];
    cliquet_session *spare = NULL;
    uint8_t plain[64];
    size_t plain_len;
    int type;

    ok(cliquet_account_new(&o->bob));
    ok(cliquet_account_new(&o->alice));
    ok(cliquet_account_generate_one_time_keys(o->bob, 4, NULL));
    ok(cliquet_account_generate_fallback_key(o->bob));
    ok(cliquet_account_identity_keys(o->bob, o->bob_identity, ed));
    ok(cliquet_account_identity_keys(o->alice, o->alice_identity, ed));
    one_time_key(o->bob, 0, o->bob_one_time_key);
    one_time_key(o->bob, 1, second_key);

    /* The live pair, one message each way. */
    ok(cliquet_session_new_outbound(&o->to_bob, o->alice, o->bob_identity, 43,
                                    o->bob_one_time_key, 43));
    ok(cliquet_session_encrypt(o->to_bob, &type, o->pre_key_message,
                               sizeof o->pre_key_message, &o->pre_key_message_len,
                               (const uint8_t *)"hello bob", 9));
    ok(cliquet_session_new_inbound(&o->from_alice, o->bob, o->alice_identity, 43,
                                   o->pre_key_message, o->pre_key_message_len, plain,
                                   sizeof plain, &plain_len, NULL));
    ok(cliquet_session_encrypt(o->from_alice, &type, o->normal_message,
                               sizeof o->normal_message, &o->normal_message_len,
                               (const uint8_t *)"hello alice", 11));
    assert_int_equal(type, 1);

    /* A pre-key message bob has not seen, to bob's second key: the one the
     * tests hand to the inbound calls. */
    ok(cliquet_session_new_outbound(&spare, o->alice, o->bob_identity, 43, second_key, 43));
    ok(cliquet_session_encrypt(spare, &type, o->pre_key_message, sizeof o->pre_key_message,
                               &o->pre_key_message_len, (const uint8_t *)"again", 5));
    assert_int_equal(type, 0);
    cliquet_session_free(spare);
}

static void make_megolm(cqt_objects *o)
{
    size_t len;

    ok(cliquet_outbound_group_session_new(&o->ogs));
    ok(cliquet_outbound_group_session_key(o->ogs, o->session_key));
    o->session_key_len = strlen(o->session_key);
    ok(cliquet_inbound_group_session_new(&o->igs, o->session_key, o->session_key_len));
    ok(cliquet_outbound_group_session_encrypt(o->ogs, o->group_message,
                                              sizeof o->group_message, &len,
                                              (const uint8_t *)"first", 5));
    ok(cliquet_outbound_group_session_encrypt(o->ogs, o->group_message,
                                              sizeof o->group_message,
                                              &o->group_message_len,
                                              (const uint8_t *)"second", 6));
    ok(cliquet_inbound_group_session_export(o->igs, 0, o->export_text));
    o->export_len = strlen(o->export_text);
}

static void make_pk_sas(cqt_objects *o)
{
    char key[CLIQUET_KEY_BASE64_SIZE];
    uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES];
    cliquet_sas *other;

    ok(cliquet_pk_decryption_new(&o->pk_dec));
    ok(cliquet_pk_decryption_public_key(o->pk_dec, key));
    ok(cliquet_pk_encryption_new(&o->pk_enc, key, 43));
    memset(seed, 7, sizeof seed);
    ok(cliquet_pk_signing_new_from_seed(&o->pk_sign, seed));
    ok(cliquet_sas_new(&o->sas));
    ok(cliquet_sas_new(&other));
    ok(cliquet_sas_public_key(other, key));
    ok(cliquet_sas_set_their_key(o->sas, key, 43));
    cliquet_sas_free(other);
}

/* objects.h */
void cqt_objects_make(cqt_objects *o)
{
    uint8_t *a, *b;
    size_t a_len, b_len;

    memset(o, 0, sizeof *o);
    make_olm(o);
    make_megolm(o);
    make_pk_sas(o);
    /* The snapshot is only evidence if it is deterministic. */
    a = cqt_objects_snapshot(o, &a_len);
    b = cqt_objects_snapshot(o, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
}

/* objects.h */
void cqt_objects_free(cqt_objects *o)
{
    cliquet_account_free(o->bob);
    cliquet_account_free(o->alice);
    cliquet_session_free(o->to_bob);
    cliquet_session_free(o->from_alice);
    cliquet_outbound_group_session_free(o->ogs);
    cliquet_inbound_group_session_free(o->igs);
    cliquet_pk_encryption_free(o->pk_enc);
    cliquet_pk_decryption_free(o->pk_dec);
    cliquet_pk_signing_free(o->pk_sign);
    cliquet_sas_free(o->sas);
    memset(o, 0, sizeof *o);
}

#define SNAPSHOT_CAP 65536

/* objects.h */
uint8_t *cqt_objects_snapshot(const cqt_objects *o, size_t *len)
{
    char *out = calloc(1, SNAPSHOT_CAP);
    size_t at = 0, n = 0;
    const size_t k = sizeof pickle_key;
    uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES];
    char pub[CLIQUET_KEY_BASE64_SIZE];

    assert_non_null(out);
    ok(cliquet_account_pickle_libolm(o->bob, out + at, SNAPSHOT_CAP - at, &n, pickle_key, k));
    at += n;
    ok(cliquet_account_pickle_libolm(o->alice, out + at, SNAPSHOT_CAP - at, &n, pickle_key, k));
    at += n;
    ok(cliquet_session_pickle_libolm(o->to_bob, out + at, SNAPSHOT_CAP - at, &n, pickle_key, k));
    at += n;
    ok(cliquet_session_pickle_libolm(o->from_alice, out + at, SNAPSHOT_CAP - at, &n,
                                     pickle_key, k));
    at += n;
    ok(cliquet_outbound_group_session_pickle_libolm(o->ogs, out + at, SNAPSHOT_CAP - at, &n,
                                                    pickle_key, k));
    at += n;
    ok(cliquet_inbound_group_session_pickle_libolm(o->igs, out + at, SNAPSHOT_CAP - at, &n,
                                                   pickle_key, k));
    at += n;
    ok(cliquet_pk_decryption_pickle_libolm(o->pk_dec, out + at, SNAPSHOT_CAP - at, &n,
                                           pickle_key, k));
    at += n;
    /* The objects with no libolm pickle: what they answer. */
    ok(cliquet_pk_signing_seed(o->pk_sign, seed));
    memcpy(out + at, seed, sizeof seed);
    at += sizeof seed;
    ok(cliquet_pk_signing_public_key(o->pk_sign, pub));
    memcpy(out + at, pub, sizeof pub);
    at += sizeof pub;
    assert_true(at + 64 <= SNAPSHOT_CAP);
    ok(cliquet_sas_generate_bytes(o->sas, (uint8_t *)out + at, 64,
                                  (const uint8_t *)"snapshot", 8));
    at += 64;
    *len = at;
    return (uint8_t *)out;
}

/* objects.h */
void cqt_objects_assert_unchanged(const cqt_objects *o, uint8_t *before, size_t len)
{
    size_t now_len;
    uint8_t *now = cqt_objects_snapshot(o, &now_len);

    assert_int_equal(now_len, len);
    assert_memory_equal(now, before, len);
    free(now);
    free(before);
}
