/*
 * The opt-in Megolm replay record (lib/megolm/replay.c, since 1.1): each
 * outcome (off, first time, same message again, another message at a
 * recorded index, untracked past the bound), through both decrypt calls,
 * across native pickling (and refused by libolm's format), with its
 * bound and eviction, and with advance_to and merge; the record's pickle
 * form refused when malformed.
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
#include "cliquet_random.h"
#include "megolm/megolm.h"

static const uint8_t pickle_key[CLIQUET_PICKLE_KEY_BYTES] = { 7, 7, 7 };

static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

static cliquet_outbound_group_session *outbound(uint8_t tag)
{
    uint8_t random[CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES];
    cliquet_outbound_group_session *o;

    memset(random, tag, sizeof random);
    ok(cliquet_outbound_group_session_new_with_random(&o, random, sizeof random));
    return o;
}

static char *encrypt(cliquet_outbound_group_session *o, const char *text)
{
    char *msg = malloc(1024);
    size_t len = 0;

    assert_non_null(msg);
    ok(cliquet_outbound_group_session_encrypt(o, msg, 1024, &len, (const uint8_t *)text,
                                              strlen(text)));
    return msg;
}

static cliquet_inbound_group_session *from_key(cliquet_outbound_group_session *o)
{
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    cliquet_inbound_group_session *s;

    ok(cliquet_outbound_group_session_key(o, key));
    ok(cliquet_inbound_group_session_new(&s, key, strlen(key)));
    return s;
}

/* Decrypts with the checked call; returns the status, *verdict the record's word. */
static cliquet_status checked(cliquet_inbound_group_session *s, const char *msg,
                              cliquet_megolm_replay *verdict)
{
    uint8_t out[1024];
    size_t len = 0;
    cliquet_megolm_decrypt_info info;

    *verdict = (cliquet_megolm_replay)99;
    return cliquet_inbound_group_session_decrypt_checked(s, msg, strlen(msg), out, sizeof out,
                                                         &len, &info, verdict);
}

static cliquet_megolm_replay verdict_of(cliquet_inbound_group_session *s, const char *msg)
{
    cliquet_megolm_replay v;

    ok(checked(s, msg, &v));
    return v;
}

static size_t entries_of(const cliquet_inbound_group_session *s, uint32_t *evicted)
{
    int on = -1;
    size_t n = 999;
    uint32_t ev = 0;

    ok(cliquet_inbound_group_session_replay_detection(s, &on, &n, &ev));
    if (evicted != NULL) {
        *evicted = ev;
    }
    return on ? n : 0;
}

static void test_outcomes(void **state)
{
    cliquet_outbound_group_session *o = outbound(1), *twin = outbound(1);
    cliquet_inbound_group_session *s = from_key(o);
    char *m0 = encrypt(o, "hello"), *m1 = encrypt(o, "world");
    char *forged0 = encrypt(twin, "another message at index 0");
    uint8_t out[1024];
    size_t len = 0;
    int on = -1;
    cliquet_megolm_replay v;

    (void)state;
    assert_string_not_equal(m0, forged0);
    /* Off by default: decrypts as 1.0 did, a repeat too. */
    ok(cliquet_inbound_group_session_replay_detection(s, &on, NULL, NULL));
    assert_int_equal(on, 0);
    assert_int_equal(verdict_of(s, m0), CLIQUET_REPLAY_OFF);
    assert_int_equal(verdict_of(s, forged0), CLIQUET_REPLAY_OFF);

    ok(cliquet_inbound_group_session_set_replay_detection(s, 1));
    assert_int_equal(verdict_of(s, m0), CLIQUET_REPLAY_FIRST_TIME);
    assert_int_equal(verdict_of(s, m0), CLIQUET_REPLAY_SAME_MESSAGE);
    /* The plain decrypt records too. */
    ok(cliquet_inbound_group_session_decrypt(s, m1, strlen(m1), out, sizeof out, &len, NULL));
    assert_int_equal(verdict_of(s, m1), CLIQUET_REPLAY_SAME_MESSAGE);
    assert_int_equal(entries_of(s, NULL), 2);

    /* Another message at index 0, signed by the session's key: refused by
     * both calls, the plaintext withheld, the session unchanged. */
    {
        char before[4096], after[4096];
        size_t b_len = 0, a_len = 0;

        ok(cliquet_inbound_group_session_pickle(s, before, sizeof before, &b_len, pickle_key,
                                                sizeof pickle_key));
        assert_int_equal(checked(s, forged0, &v), CLIQUET_ERR_MESSAGE_INDEX_REUSED);
        assert_int_equal(v, 99); /* not written */
        memset(out, 0x5a, sizeof out);
        len = 4242;
        assert_int_equal(cliquet_inbound_group_session_decrypt(s, forged0, strlen(forged0), out,
                                                               sizeof out, &len, NULL),
                         CLIQUET_ERR_MESSAGE_INDEX_REUSED);
        assert_int_equal(len, 4242);
        for (size_t i = 0; i < sizeof out; i++) {
            if (out[i] != 0x5a && out[i] != 0) {
                fail_msg("plaintext byte %zu of a refused message left in the buffer", i);
            }
        }
        assert_true(memcmp(out, "another", 7) != 0);
        ok(cliquet_inbound_group_session_pickle(s, after, sizeof after, &a_len, pickle_key,
                                                sizeof pickle_key));
        /* Native pickles have a random nonce: compare what they hold. */
        assert_int_equal(a_len, b_len);
        assert_int_equal(entries_of(s, NULL), 2);
        assert_int_equal(verdict_of(s, m0), CLIQUET_REPLAY_SAME_MESSAGE);
    }

    /* Off wipes the record; on again starts empty. */
    assert_int_equal(cliquet_inbound_group_session_set_replay_detection(s, 2),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    ok(cliquet_inbound_group_session_set_replay_detection(s, 0));
    assert_int_equal(verdict_of(s, forged0), CLIQUET_REPLAY_OFF);
    ok(cliquet_inbound_group_session_set_replay_detection(s, 1));
    ok(cliquet_inbound_group_session_set_replay_detection(s, 1)); /* kept */
    assert_int_equal(verdict_of(s, forged0), CLIQUET_REPLAY_FIRST_TIME);
    assert_int_equal(checked(s, m0, &v), CLIQUET_ERR_MESSAGE_INDEX_REUSED);

    free(m0);
    free(m1);
    free(forged0);
    cliquet_inbound_group_session_free(s);
    cliquet_outbound_group_session_free(o);
    cliquet_outbound_group_session_free(twin);
}

static void test_pickles(void **state)
{
    cliquet_outbound_group_session *o = outbound(2), *twin = outbound(2);
    cliquet_inbound_group_session *s = from_key(o), *back, *plain;
    char *m0 = encrypt(o, "zero"), *m1 = encrypt(o, "one");
    char *forged1;
    char p[8192], q[8192];
    size_t len = 0, n_plain = 0, n_rec = 0;
    uint32_t evicted = 1;
    cliquet_megolm_replay v;

    (void)state;
    free(encrypt(twin, "skip"));
    forged1 = encrypt(twin, "not one");
    /* A session without the record pickles as 1.0 wrote it. */
    ok(cliquet_inbound_group_session_pickle(s, p, sizeof p, &n_plain, pickle_key,
                                            sizeof pickle_key));
    ok(cliquet_inbound_group_session_set_replay_detection(s, 1));
    assert_int_equal(verdict_of(s, m0), CLIQUET_REPLAY_FIRST_TIME);
    assert_int_equal(verdict_of(s, m1), CLIQUET_REPLAY_FIRST_TIME);
    ok(cliquet_inbound_group_session_pickle(s, p, sizeof p, &n_rec, pickle_key,
                                            sizeof pickle_key));
    /* The record: 7 bytes and 20 per entry, in base64. */
    assert_true(n_rec > n_plain + (7 + 2 * 20) * 4 / 3 - 2);
    ok(cliquet_inbound_group_session_unpickle(&back, pickle_key, sizeof pickle_key, p, n_rec));
    assert_int_equal(entries_of(back, &evicted), 2);
    assert_int_equal(evicted, 0);
    assert_int_equal(verdict_of(back, m0), CLIQUET_REPLAY_SAME_MESSAGE);
    assert_int_equal(checked(back, forged1, &v), CLIQUET_ERR_MESSAGE_INDEX_REUSED);

    /* libolm's format cannot hold it. */
    assert_int_equal(cliquet_inbound_group_session_pickle_libolm(s, q, sizeof q, &len,
                                                                 pickle_key, 3),
                     CLIQUET_ERR_PICKLE_LOSSY);
    ok(cliquet_inbound_group_session_pickle_libolm_lossy(s, q, sizeof q, &len, pickle_key, 3));
    ok(cliquet_inbound_group_session_unpickle_libolm(&plain, pickle_key, 3, q, len));
    assert_int_equal(verdict_of(plain, forged1), CLIQUET_REPLAY_OFF);
    cliquet_inbound_group_session_free(plain);

    /* A 1.0-style pickle (no record) still reads, with the record off. */
    ok(cliquet_inbound_group_session_set_replay_detection(back, 0));
    ok(cliquet_inbound_group_session_pickle(back, q, sizeof q, &len, pickle_key,
                                            sizeof pickle_key));
    assert_int_equal(len, n_plain);
    ok(cliquet_inbound_group_session_unpickle(&plain, pickle_key, sizeof pickle_key, q, len));
    assert_int_equal(entries_of(plain, NULL), 0);
    cliquet_inbound_group_session_free(plain);

    free(m0);
    free(m1);
    free(forged1);
    cliquet_inbound_group_session_free(s);
    cliquet_inbound_group_session_free(back);
    cliquet_outbound_group_session_free(o);
    cliquet_outbound_group_session_free(twin);
}

/* The bound: 130 messages into 128 entries; the lowest go. */
static void test_bound_and_eviction(void **state)
{
    enum { N = CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES + 2 };
    cliquet_outbound_group_session *o = outbound(3);
    cliquet_inbound_group_session *s = from_key(o);
    char *msgs[N];
    uint32_t evicted = 0;

    (void)state;
    assert_int_equal(cliquet_megolm_replay_max_entries(), 128);
    ok(cliquet_inbound_group_session_set_replay_detection(s, 1));
    for (int i = 0; i < N; i++) {
        msgs[i] = encrypt(o, "m");
    }
    /* Out of order on purpose: the last first. */
    assert_int_equal(verdict_of(s, msgs[N - 1]), CLIQUET_REPLAY_FIRST_TIME);
    for (int i = 0; i < N - 1; i++) {
        assert_int_equal(verdict_of(s, msgs[i]), CLIQUET_REPLAY_FIRST_TIME);
    }
    assert_int_equal(entries_of(s, &evicted), CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES);
    assert_int_equal(evicted, 2);
    /* Indices 0 and 1 went: older than all 128 held, so untracked. */
    assert_int_equal(verdict_of(s, msgs[0]), CLIQUET_REPLAY_UNTRACKED);
    assert_int_equal(verdict_of(s, msgs[1]), CLIQUET_REPLAY_UNTRACKED);
    assert_int_equal(verdict_of(s, msgs[2]), CLIQUET_REPLAY_SAME_MESSAGE);
    assert_int_equal(verdict_of(s, msgs[N - 1]), CLIQUET_REPLAY_SAME_MESSAGE);
    assert_int_equal(entries_of(s, &evicted), CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES);
    assert_int_equal(evicted, 2);

    /* advance_to drops what can no longer decrypt. */
    {
        int adv = 0;

        ok(cliquet_inbound_group_session_advance_to(s, 100, &adv));
        assert_int_equal(adv, 1);
        assert_int_equal(entries_of(s, NULL), N - 100);
    }
    for (int i = 0; i < N; i++) {
        free(msgs[i]);
    }
    cliquet_inbound_group_session_free(s);
    cliquet_outbound_group_session_free(o);
}

static void test_merge_folds_records(void **state)
{
    cliquet_outbound_group_session *o = outbound(4);
    cliquet_inbound_group_session *a = from_key(o), *b, *m, *plain_a, *plain_b;
    char *msgs[5];
    char ex[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];

    (void)state;
    for (int i = 0; i < 5; i++) {
        msgs[i] = encrypt(o, "m");
    }
    ok(cliquet_inbound_group_session_export(a, 0, ex));
    ok(cliquet_inbound_group_session_import(&b, ex, strlen(ex)));
    ok(cliquet_inbound_group_session_import(&plain_a, ex, strlen(ex)));
    ok(cliquet_inbound_group_session_import(&plain_b, ex, strlen(ex)));
    ok(cliquet_inbound_group_session_set_replay_detection(a, 1));
    ok(cliquet_inbound_group_session_set_replay_detection(b, 1));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(verdict_of(a, msgs[i]), CLIQUET_REPLAY_FIRST_TIME);
    }
    for (int i = 2; i < 5; i++) {
        assert_int_equal(verdict_of(b, msgs[i]), CLIQUET_REPLAY_FIRST_TIME);
    }
    ok(cliquet_inbound_group_session_merge(&m, b, a));
    assert_int_equal(entries_of(m, NULL), 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(verdict_of(m, msgs[i]), CLIQUET_REPLAY_SAME_MESSAGE);
    }
    cliquet_inbound_group_session_free(m);
    /* Neither on: the merge keeps no record. */
    ok(cliquet_inbound_group_session_merge(&m, plain_a, plain_b));
    assert_int_equal(verdict_of(m, msgs[0]), CLIQUET_REPLAY_OFF);
    cliquet_inbound_group_session_free(m);
    for (int i = 0; i < 5; i++) {
        free(msgs[i]);
    }
    cliquet_inbound_group_session_free(a);
    cliquet_inbound_group_session_free(b);
    cliquet_inbound_group_session_free(plain_a);
    cliquet_inbound_group_session_free(plain_b);
    cliquet_outbound_group_session_free(o);
}

/* The record's pickle form, refused when malformed (lib/megolm directly:
 * a native pickle is authenticated, so only a bug could write these). */
static void test_record_pickle_form(void **state)
{
    cq_megolm_inbound s;
    cq_megolm_replay r, t;
    uint8_t buf[1 + 2 + 4 + 3 * 20 + 8];
    cq_writer w;
    size_t n;

    (void)state;
    memset(&s, 0, sizeof s);
    memset(&r, 0, sizeof r);
    s.initial.counter = 10;
    for (uint32_t i = 0; i < 3; i++) {
        r.entries[i].index = 10 + i;
        memset(r.entries[i].digest, (int)i + 1, CQ_MEGOLM_REPLAY_DIGEST_BYTES);
    }
    r.count = 3;
    r.evicted = 9;
    assert_int_equal(cq_megolm_replay_pickle_len(NULL), 0); /* off: nothing */
    n = cq_megolm_replay_pickle_len(&r);
    assert_int_equal(n, 1 + 2 + 4 + 3 * 20);
    cq_writer_init(&w, buf, sizeof buf);
    cq_megolm_replay_pickle(&w, &r);
    assert_int_equal(w.len, n);
    memset(&t, 0, sizeof t);
    ok(cq_megolm_replay_unpickle(&t, &s, buf, n));
    assert_memory_equal(&t, &r, sizeof r);

    buf[0] = 2; /* flag */
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, n), CLIQUET_ERR_PICKLE_CORRUPTED);
    buf[0] = 1;
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, n - 1),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, 5), CLIQUET_ERR_PICKLE_CORRUPTED);
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, 0), CLIQUET_ERR_PICKLE_CORRUPTED);
    buf[2] = 200; /* count past the bound */
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, n), CLIQUET_ERR_PICKLE_CORRUPTED);
    buf[2] = 3;
    memcpy(buf + 7 + 20, buf + 7, 4); /* an index twice */
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, n), CLIQUET_ERR_PICKLE_CORRUPTED);
    buf[7 + 20 + 3] = 11;
    ok(cq_megolm_replay_unpickle(&t, &s, buf, n));
    buf[7 + 3] = 9; /* before the first known index, 10 */
    assert_int_equal(cq_megolm_replay_unpickle(&t, &s, buf, n), CLIQUET_ERR_PICKLE_CORRUPTED);
    /* Every refusal left t as the last success wrote it. */
    assert_memory_equal(&t, &r, sizeof r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcomes),
        cmocka_unit_test(test_pickles),
        cmocka_unit_test(test_bound_and_eviction),
        cmocka_unit_test(test_merge_folds_records),
        cmocka_unit_test(test_record_pickle_form),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
