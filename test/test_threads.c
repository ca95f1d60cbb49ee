/*
 * Threads, as a client's worker pool uses cliquet: cliquet_init() racing
 * from several threads at once, then several threads each working on its
 * own objects (Olm accounts and sessions, Megolm sessions, libolm-format
 * account layouts, SHA-256 and HMAC) at the same time. Each thread checks
 * its own results; threads given the same seed must produce the same
 * transcript, byte for byte. Under `make test TSAN=1` ThreadSanitizer
 * watches every access (architecture.md §3: no global mutable state after
 * init, an object used by one thread at a time).
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
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
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "helpers/seed.h"

#define N_THREADS 4
#define ROUNDS 3

/* ---- cliquet_init from several threads at once ------------------------------- */

typedef struct init_result {
    cliquet_status status;
    int aes;
    int sha;
} init_result;

static pthread_barrier_t start_line;

static void *init_thread(void *arg)
{
    init_result *r = arg;

    pthread_barrier_wait(&start_line);
    r->status = cliquet_init();
    r->aes = (int)cq_aes_selected();
    r->sha = (int)cq_sha256_selected();
    return NULL;
}

/*
 * Runs first, before anything in this process has called cliquet_init:
 * eight threads released together all call it. Every call succeeds and
 * every thread then sees the same implementations selected.
 */
static void test_init_race(void **state)
{
    enum { N = 8 };
    pthread_t t[N];
    init_result r[N];
    int i;

    (void)state;
    assert_int_equal(pthread_barrier_init(&start_line, NULL, N), 0);
    for (i = 0; i < N; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, init_thread, &r[i]), 0);
    }
    for (i = 0; i < N; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
    }
    pthread_barrier_destroy(&start_line);
    for (i = 0; i < N; i++) {
        assert_int_equal(r[i].status, CLIQUET_OK);
        assert_int_equal(r[i].aes, r[0].aes);
        assert_int_equal(r[i].sha, r[0].sha);
    }
    assert_int_equal(r[0].sha, cq_sha256_hardware_available() ? CQ_SHA256_HARDWARE
                                                              : CQ_SHA256_LIBSODIUM);
    printf("threads: cliquet_init raced from %d threads: all OK (SHA-256 %s)\n", N,
           cq_sha256_impl_name((cq_sha256_impl)r[0].sha));
}

/* ---- one worker, its own objects ---------------------------------------------- */

typedef struct worker {
    uint64_t seed;      /* equal seeds must give equal transcripts */
    uint64_t calls;     /* this worker's own random stream position */
    int failures;
    uint8_t transcript[32]; /* SHA-256 of everything it produced */
    cq_sha256_ctx log;
} worker;

/* The worker's own deterministic bytes: seed.c's scheme, per worker. */
static void w_random(worker *w, uint8_t *out, size_t n)
{
    uint8_t key[randombytes_SEEDBYTES] = { 0 };
    int i;

    for (i = 0; i < 8; i++) {
        key[i] = (uint8_t)(w->seed >> (8 * i));
        key[8 + i] = (uint8_t)(w->calls >> (8 * i));
    }
    w->calls++;
    randombytes_buf_deterministic(out, n, key);
}

static void w_check(worker *w, int ok)
{
    w->failures += !ok;
}

static void w_log(worker *w, const uint8_t *p, size_t n)
{
    cq_sha256_update(&w->log, p, n);
}

/* Olm: Alice opens a session to Bob's one-time key; messages both ways. */
static void olm_round(worker *w)
{
    static const uint8_t text[] = "a to-device message with a room key";
    cq_olm_account alice, bob;
    cq_olm_session a, b;
    uint8_t random[64 * 4];
    uint8_t msg[1024];
    uint8_t pt[1024];
    size_t len = 0, pt_len = 0;
    int type = 0;
    int i;

    w_random(w, random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&alice, random);
    w_random(w, random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&bob, random);
    w_random(w, random, 32 * 4);
    w_check(w, cq_olm_account_generate_one_time_keys(&bob, 4, random) == CLIQUET_OK);
    w_random(w, random, CQ_OLM_OUTBOUND_RANDOM_BYTES);
    w_check(w, cq_olm_session_outbound(&a, &alice, bob.curve25519_public,
                                       bob.one_time_keys[2].public_key,
                                       random) == CLIQUET_OK);
    for (i = 0; i < 6; i++) {
        cq_olm_session *from = i % 2 == 0 ? &a : &b;
        cq_olm_session *to = i % 2 == 0 ? &b : &a;

        w_random(w, random, CQ_OLM_ENCRYPT_RANDOM_BYTES);
        w_check(w, cq_olm_session_encrypt(from, &type, msg, sizeof msg, &len, text,
                                          sizeof text - 1, random) == CLIQUET_OK);
        w_log(w, msg, len);
        if (i == 0) {
            w_check(w, type == CQ_OLM_MESSAGE_PRE_KEY);
            w_check(w, cq_olm_session_inbound(&b, &bob, NULL, msg, len, pt, sizeof pt,
                                              &pt_len, NULL) == CLIQUET_OK);
        } else {
            w_check(w, cq_olm_session_decrypt(to, type, msg, len, pt, sizeof pt,
                                              &pt_len, NULL) == CLIQUET_OK);
        }
        w_check(w, pt_len == sizeof text - 1 && memcmp(pt, text, pt_len) == 0);
    }
    w_check(w, bob.num_one_time_keys == 3);
    cq_wipe(&alice, sizeof alice);
    cq_wipe(&bob, sizeof bob);
    cq_wipe(&a, sizeof a);
    cq_wipe(&b, sizeof b);
}

/* Megolm: a session shared by its key, messages decrypted in order. */
static void megolm_round(worker *w)
{
    static const uint8_t text[] = "a room message";
    cq_megolm_outbound out;
    cq_megolm_inbound in;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    uint8_t key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t msg[512];
    uint8_t pt[512];
    size_t len = 0, pt_len = 0;
    uint32_t index = 0;
    uint32_t i;

    w_random(w, random, sizeof random);
    cq_megolm_outbound_init(&out, random);
    cq_megolm_outbound_session_key(key, &out);
    w_log(w, key, sizeof key);
    w_check(w, cq_megolm_inbound_from_session_key(&in, key, sizeof key) == CLIQUET_OK);
    for (i = 0; i < 20; i++) {
        w_check(w, cq_megolm_outbound_encrypt(&out, msg, sizeof msg, &len, text,
                                              sizeof text - 1) == CLIQUET_OK);
        w_log(w, msg, len);
        w_check(w, cq_megolm_inbound_decrypt(&in, pt, sizeof pt, &pt_len, &index, msg,
                                             len) == CLIQUET_OK);
        w_check(w, index == i && pt_len == sizeof text - 1 &&
                       memcmp(pt, text, pt_len) == 0);
    }
    cq_wipe(&out, sizeof out);
    cq_wipe(&in, sizeof in);
}

/* An account through libolm's layout and back, and hashes of random data
 * against libsodium's own. */
static void pickle_and_hash_round(worker *w)
{
    cq_olm_account acct, again;
    uint8_t layout[4096];
    uint8_t random[32 * 20];
    uint8_t data[3000];
    uint8_t want[32], got[32];
    cq_writer wr;

    w_random(w, random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    cq_olm_account_init(&acct, random);
    w_random(w, random, sizeof random);
    w_check(w, cq_olm_account_generate_one_time_keys(&acct, 20, random) == CLIQUET_OK);
    cq_writer_init(&wr, layout, sizeof layout);
    cq_olm_account_pickle(&wr, &acct);
    w_check(w, !wr.overflow);
    w_log(w, layout, wr.len);
    w_check(w, cq_olm_account_unpickle(&again, layout, wr.len, 1) == CLIQUET_OK);
    w_check(w, memcmp(again.one_time_keys[7].private_key,
                      acct.one_time_keys[7].private_key, 32) == 0);
    cq_wipe(&acct, sizeof acct);
    cq_wipe(&again, sizeof again);
    cq_wipe(layout, sizeof layout);

    w_random(w, data, sizeof data);
    crypto_hash_sha256(want, data, sizeof data);
    cq_sha256(got, data, sizeof data);
    w_check(w, memcmp(want, got, 32) == 0);
    crypto_auth_hmacsha256(want, data, 100, data + 100);
    cq_hmac_sha256(got, data + 100, 32, data, 100);
    w_check(w, memcmp(want, got, 32) == 0);
}

static void *work(void *arg)
{
    worker *w = arg;
    int r;

    cq_sha256_init(&w->log);
    for (r = 0; r < ROUNDS; r++) {
        olm_round(w);
        megolm_round(w);
        pickle_and_hash_round(w);
    }
    cq_sha256_final(&w->log, w->transcript);
    return NULL;
}

/*
 * N_THREADS workers at once, each on its own objects. Workers 0 and 1
 * share a seed, as do 2 and 3: each pair must write the same transcript,
 * and the two pairs different ones.
 */
static void test_workers_on_own_objects(void **state)
{
    pthread_t t[N_THREADS];
    static worker w[N_THREADS];
    uint8_t seed_bytes[8];
    uint64_t seed = 0;
    int i;

    (void)state;
    cqt_stream(seed_bytes, sizeof seed_bytes);
    for (i = 0; i < 8; i++) {
        seed |= (uint64_t)seed_bytes[i] << (8 * i);
    }
    for (i = 0; i < N_THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].seed = seed + (uint64_t)(i / 2);
    }
    for (i = 0; i < N_THREADS; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (i = 0; i < N_THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
    }
    for (i = 0; i < N_THREADS; i++) {
        if (w[i].failures != 0) {
            fail_msg("worker %d: %d checks failed", i, w[i].failures);
        }
    }
    assert_memory_equal(w[0].transcript, w[1].transcript, 32);
    assert_memory_equal(w[2].transcript, w[3].transcript, 32);
    assert_memory_not_equal(w[0].transcript, w[2].transcript, 32);
    printf("threads: %d workers x %d rounds (Olm, Megolm, libolm layout, SHA-256), "
           "equal seeds gave equal transcripts\n", N_THREADS, ROUNDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_race),
        cmocka_unit_test(test_workers_on_own_objects),
    };

    cqt_seed_init("test_threads");
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
