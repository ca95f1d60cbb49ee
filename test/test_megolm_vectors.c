/*
 * Megolm known-answer vectors (vectors/megolm/): ratchet advances, outbound
 * sessions message by message, exports and decryptions, made with libolm's
 * public API by vectors/gen/gen_megolm.c, plus libolm's own test vectors
 * (libolm-tests-*.txt, copied from /work/shared/vectors/peers/). Then a
 * seeded property test: advancing in one jump equals advancing step by step
 * and in two jumps.
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
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "helpers/vectors.h"
#include "helpers/sha_paths.h"
#include "megolm/megolm.h"

static uint64_t seed;

/* ---- ratchet advances -------------------------------------------------------- */

/* A u32 index field: decimal digits only, no leading zero, at most 2^32 - 1.
 * (cqt_num stops at 9 digits.) */
static uint32_t index_field(cqt_vectors *v, const char *name)
{
    const char *s = cqt_str(v, name);
    uint64_t n = 0;
    size_t i;

    if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0') || strlen(s) > 10) {
        fail_msg("%s:%lu: %s is not a u32", v->path, v->line_no, name);
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9') {
            fail_msg("%s:%lu: %s is not a u32", v->path, v->line_no, name);
        }
        n = n * 10 + (uint64_t)(s[i] - '0');
    }
    if (n > 0xffffffffu) {
        fail_msg("%s:%lu: %s is not a u32", v->path, v->line_no, name);
    }
    return (uint32_t)n;
}

static void run_ratchet_file(const char *path)
{
    cqt_vectors v;
    unsigned long stepped = 0;

    cqt_vectors_open(&v, path, "start_index start_ratchet index ratchet");
    while (cqt_vectors_next(&v)) {
        size_t n1 = 0, n2 = 0;
        const uint8_t *start = cqt_hex(&v, "start_ratchet", &n1);
        const uint8_t *want = cqt_hex(&v, "ratchet", &n2);
        uint32_t from = index_field(&v, "start_index");
        uint32_t to = index_field(&v, "index");
        cq_megolm_ratchet r;
        cq_megolm_inbound in;
        uint8_t exported[CQ_MEGOLM_EXPORT_BYTES];
        uint8_t key[32] = { 0 };

        assert_int_equal(n1, 128);
        assert_int_equal(n2, 128);
        cq_megolm_ratchet_init(&r, start, from);
        cq_megolm_ratchet_advance_to(&r, to);
        assert_int_equal(r.counter, to);
        assert_memory_equal(r.data, want, 128);

        /* The same through an imported export, as libolm made them. */
        cq_megolm_ratchet_init(&r, start, from);
        cq_megolm_export_write(exported, &r, key);
        assert_int_equal(cq_megolm_inbound_import(&in, exported, sizeof exported), CLIQUET_OK);
        assert_int_equal(cq_megolm_inbound_export(exported, &in, to), CLIQUET_OK);
        assert_memory_equal(exported + 5, want, 128);

        /* Short distances also step by step. */
        if ((uint32_t)(to - from) <= 70000u) {
            uint32_t i;

            cq_megolm_ratchet_init(&r, start, from);
            for (i = from; i != to; i++) {
                cq_megolm_ratchet_advance(&r);
            }
            assert_memory_equal(r.data, want, 128);
            stepped++;
        }
    }
    printf("megolm vectors %s: %lu cases (%lu also stepped one by one)\n", path, v.cases,
           stepped);
    cqt_vectors_close(&v);
}

/* spec: megolm.md §The Megolm ratchet algorithm */
/* spec: megolm.md §Advancing the ratchet */
static void test_ratchet_vectors(void **state)
{
    (void)state;
    run_ratchet_file("vectors/megolm/ratchet.txt");
    run_ratchet_file("vectors/megolm/libolm-tests-ratchet.txt");
}

static void run_group_file(const char *path)
{
    cqt_vectors v;
    uint8_t last_random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    int have_session = 0;
    unsigned long sessions = 0;
    cq_megolm_outbound out;
    cq_megolm_inbound in;

    cqt_vectors_open(&v, path, "random index session_key plaintext message");
    while (cqt_vectors_next(&v)) {
        size_t rn = 0, pn = 0;
        const uint8_t *random = cqt_hex(&v, "random", &rn);
        const uint8_t *pt = cqt_hex(&v, "plaintext", &pn);
        const char *want_key = cqt_str(&v, "session_key");
        const char *want_msg = cqt_str(&v, "message");
        uint8_t raw_key[CQ_MEGOLM_SESSION_KEY_BYTES];
        char text[1024];
        uint8_t raw[1024];
        uint8_t back[1024];
        size_t raw_len = 0;
        size_t back_len = 0;
        uint32_t index = 0;

        assert_int_equal(rn, CQ_MEGOLM_OUTBOUND_RANDOM_BYTES);
        if (!have_session || memcmp(random, last_random, rn) != 0) {
            cq_megolm_outbound_init(&out, random);
            memcpy(last_random, random, rn);
            have_session = 1;
            sessions++;
            cq_megolm_outbound_session_key(raw_key, &out);
            assert_int_equal(cq_megolm_inbound_from_session_key(&in, raw_key, sizeof raw_key),
                             CLIQUET_OK);
        }
        assert_int_equal(out.ratchet.counter, cqt_num(&v, "index"));
        cq_megolm_outbound_session_key(raw_key, &out);
        cqt_b64(text, raw_key, sizeof raw_key);
        assert_string_equal(text, want_key);

        assert_int_equal(cq_megolm_outbound_encrypt(&out, raw, sizeof raw, &raw_len, pt, pn),
                         CLIQUET_OK);
        cqt_b64(text, raw, raw_len);
        assert_string_equal(text, want_msg);

        /* And the message decrypts, from the session's first key. */
        assert_int_equal(cq_megolm_inbound_decrypt(&in, back, sizeof back, &back_len, &index,
                                                   raw, raw_len),
                         CLIQUET_OK);
        assert_int_equal(index, cqt_num(&v, "index"));
        assert_int_equal(back_len, pn);
        assert_memory_equal(back, pt, pn);
    }
    printf("megolm vectors %s: %lu cases (%lu sessions)\n", path, v.cases, sessions);
    cqt_vectors_close(&v);
}

/* spec: megolm.md §Sharing session data */
/* spec: megolm.md §Message encryption */
/* spec: megolm.md §Advancing the ratchet */
/* spec: megolm.md §Session sharing format */
static void test_group_vectors(void **state)
{
    (void)state;
    run_group_file("vectors/megolm/group.txt");
    run_group_file("vectors/megolm/libolm-tests-group.txt");
}

/* ---- exports ------------------------------------------------------------------- */

static void run_export_file(const char *path)
{
    cqt_vectors v;

    cqt_vectors_open(&v, path, "session_key index export");
    while (cqt_vectors_next(&v)) {
        const char *key = cqt_str(&v, "session_key");
        cliquet_inbound_group_session *s = NULL;
        char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];

        assert_int_equal(cliquet_inbound_group_session_new(&s, key, strlen(key)), CLIQUET_OK);
        assert_int_equal(cliquet_inbound_group_session_export(s, index_field(&v, "index"),
                                                              out),
                         CLIQUET_OK);
        assert_int_equal(strlen(cqt_str(&v, "export")), sizeof out - 1);
        /* The text and its NUL. */
        assert_memory_equal(out, cqt_str(&v, "export"), sizeof out);
        cliquet_inbound_group_session_free(s);
    }
    printf("megolm vectors %s: %lu cases\n", path, v.cases);
    cqt_vectors_close(&v);
}

/* spec: megolm.md §Session export format */
static void test_export_vectors(void **state)
{
    (void)state;
    run_export_file("vectors/megolm/export.txt");
    run_export_file("vectors/megolm/libolm-tests-export.txt");
}

/* ---- libolm's decryption tests ------------------------------------------------ */

/* spec: megolm.md §Message encryption */
static void test_libolm_decrypt_vectors(void **state)
{
    cqt_vectors v;

    (void)state;
    cqt_vectors_open(&v, "vectors/megolm/libolm-tests-decrypt.txt",
                     "kind key message result plaintext index verified");
    while (cqt_vectors_next(&v)) {
        const char *kind = cqt_str(&v, "kind");
        const char *key = cqt_str(&v, "key");
        const char *msg = cqt_str(&v, "message");
        const char *result = cqt_str(&v, "result");
        size_t pn = 0;
        const uint8_t *pt = cqt_hex(&v, "plaintext", &pn);
        cliquet_inbound_group_session *s = NULL;
        cliquet_megolm_decrypt_info info;
        uint8_t out[256];
        size_t out_len = 0;
        int verified = -1;
        cliquet_status st;

        if (strcmp(kind, "session_key") == 0) {
            assert_int_equal(cliquet_inbound_group_session_new(&s, key, strlen(key)),
                             CLIQUET_OK);
        } else {
            assert_string_equal(kind, "export");
            assert_int_equal(cliquet_inbound_group_session_import(&s, key, strlen(key)),
                             CLIQUET_OK);
        }
        st = cliquet_inbound_group_session_decrypt(s, msg, strlen(msg), out, sizeof out,
                                                   &out_len, &info);
        if (strcmp(result, "OK") == 0) {
            assert_int_equal(st, CLIQUET_OK);
            assert_int_equal(out_len, pn);
            assert_memory_equal(out, pt, pn);
            assert_int_equal(info.message_index, cqt_num(&v, "index"));
        } else {
            assert_string_equal(result, "BAD_SIGNATURE");
            assert_int_equal(st, CLIQUET_ERR_BAD_SIGNATURE);
        }
        assert_int_equal(cliquet_inbound_group_session_is_verified(s, &verified), CLIQUET_OK);
        assert_int_equal((unsigned long)verified, cqt_num(&v, "verified"));
        cliquet_inbound_group_session_free(s);
    }
    printf("megolm vectors vectors/megolm/libolm-tests-decrypt.txt: %lu cases\n", v.cases);
    cqt_vectors_close(&v);
}

/* ---- property: one jump = steps = two jumps ------------------------------------ */

/* spec: megolm.md §The Megolm ratchet algorithm */
static void test_advance_property(void **state)
{
    uint8_t key[randombytes_SEEDBYTES] = { 0 };
    uint8_t data[CQ_MEGOLM_RATCHET_BYTES];
    unsigned round;

    (void)state;
    memcpy(key, &seed, sizeof seed);
    for (round = 0; round < 200; round++) {
        uint32_t words[3];
        cq_megolm_ratchet a, b, c;
        uint32_t from, mid, to, i;

        key[31] = (uint8_t)round;
        key[30] = (uint8_t)(round >> 8);
        randombytes_buf_deterministic(data, sizeof data, key);
        key[29] = 1;
        randombytes_buf_deterministic(words, sizeof words, key);
        key[29] = 0;
        from = words[0];
        /* Steps: up to 3000, so part boundaries are crossed now and then;
         * jumps: any distance in libolm's window. */
        to = from + words[1] % 3000u;
        cq_megolm_ratchet_init(&a, data, from);
        cq_megolm_ratchet_init(&b, data, from);
        cq_megolm_ratchet_advance_to(&a, to);
        for (i = from; i != to; i++) {
            cq_megolm_ratchet_advance(&b);
        }
        assert_int_equal(a.counter, b.counter);
        assert_memory_equal(a.data, b.data, sizeof a.data);

        to = from + (words[2] & 0x7fffffffu);
        mid = from + (uint32_t)(((uint64_t)(to - from) * (words[1] & 0xffffu)) >> 16);
        cq_megolm_ratchet_init(&a, data, from);
        cq_megolm_ratchet_init(&c, data, from);
        cq_megolm_ratchet_advance_to(&a, to);
        cq_megolm_ratchet_advance_to(&c, mid);
        cq_megolm_ratchet_advance_to(&c, to);
        assert_memory_equal(a.data, c.data, sizeof a.data);
    }
    printf("megolm ratchet property: 200 random cases (jump = steps, jump = two jumps)\n");
}

/* Index comparison as libolm: (a - b) mod 2^32 < 2^31. */
static void test_index_order(void **state)
{
    (void)state;
    assert_true(cq_megolm_index_at_or_after(5, 5));
    assert_true(cq_megolm_index_at_or_after(6, 5));
    assert_false(cq_megolm_index_at_or_after(4, 5));
    assert_true(cq_megolm_index_at_or_after(0, 0xffffffffu));
    assert_true(cq_megolm_index_at_or_after(0x7fffffffu, 0));
    assert_false(cq_megolm_index_at_or_after(0x80000000u, 0));
    assert_false(cq_megolm_index_at_or_after(0xffffffffu, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratchet_vectors),
        cmocka_unit_test(test_group_vectors),
        cmocka_unit_test(test_export_vectors),
        cmocka_unit_test(test_libolm_decrypt_vectors),
        cmocka_unit_test(test_advance_property),
        cmocka_unit_test(test_index_order),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    seed = cqt_seed_init("test_megolm_vectors");
    return cqt_run_on_sha256_paths("megolm_vectors", tests,
                                   sizeof tests / sizeof tests[0], NULL, NULL);
}
