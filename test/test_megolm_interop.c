/*
 * Megolm against Debian's libolm 3.2 (the reference peer).
 *
 * 1. Byte identity: given the same 160 random bytes, cliquet and libolm
 *    produce the same session id, session keys, the first 1,000 messages and
 *    the same exports at several indices.
 * 2. Live: cliquet outbound -> libolm inbound and libolm outbound -> cliquet
 *    inbound, 10,000 messages each way, decrypted out of order, with late
 *    joiners (session key taken at index k) and export/import round trips
 *    through both libraries.
 *
 * Randomness: a seeded deterministic stream; the seed is printed and read
 * from CLIQUET_SEED to replay a run.
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
#include <olm/inbound_group_session.h>
#include <olm/outbound_group_session.h>
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "helpers/libolm_pickle.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "megolm/megolm.h"

/* ---- deterministic randomness -------------------------------------------- */

static void shuffle(uint32_t *a, size_t n)
{
    size_t i;

    for (i = n; i > 1; i--) {
        size_t j = cqt_stream_below((uint32_t)i);
        uint32_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* ---- libolm wrappers -------------------------------------------------------- */

static OlmOutboundGroupSession *olm_out_new(const uint8_t random[160])
{
    OlmOutboundGroupSession *s = olm_outbound_group_session(
        malloc(olm_outbound_group_session_size()));
    uint8_t copy[160];

    assert_int_equal(olm_init_outbound_group_session_random_length(s), 160);
    memcpy(copy, random, sizeof copy); /* libolm wipes its random input */
    assert_int_equal(olm_init_outbound_group_session(s, copy, sizeof copy), 0);
    return s;
}

static void olm_out_free(OlmOutboundGroupSession *s)
{
    olm_clear_outbound_group_session(s);
    free(s);
}

static OlmInboundGroupSession *olm_in_new(void)
{
    return olm_inbound_group_session(malloc(olm_inbound_group_session_size()));
}

static void olm_in_free(OlmInboundGroupSession *s)
{
    olm_clear_inbound_group_session(s);
    free(s);
}

/* libolm's text outputs, NUL-terminated for comparison with strcmp. */
static void olm_out_key(OlmOutboundGroupSession *s, char out[307])
{
    size_t n = olm_outbound_group_session_key(s, (uint8_t *)out, 306);

    assert_int_equal(n, 306);
    out[306] = '\0';
}

static void olm_in_export(OlmInboundGroupSession *s, uint32_t index, char out[221])
{
    size_t n = olm_export_inbound_group_session(s, (uint8_t *)out, 220, index);

    assert_int_equal(n, 220);
    out[220] = '\0';
}

/* Encrypts with libolm into a malloc'd NUL-terminated base64 message. */
static char *olm_encrypt(OlmOutboundGroupSession *s, const uint8_t *pt, size_t n)
{
    size_t len = olm_group_encrypt_message_length(s, n);
    char *m = malloc(len + 1);

    assert_int_equal(olm_group_encrypt(s, pt, n, (uint8_t *)m, len), len);
    m[len] = '\0';
    return m;
}

/*
 * Decrypts with libolm (on a copy: libolm decodes in place). Returns the
 * plaintext length or (size_t)-1, with libolm's error in *err.
 */
static size_t olm_decrypt(OlmInboundGroupSession *s, const char *m, uint8_t *pt,
                          size_t cap, uint32_t *index, const char **err)
{
    size_t n = strlen(m);
    uint8_t *copy = malloc(n + 1);
    size_t r;

    memcpy(copy, m, n);
    r = olm_group_decrypt(s, copy, n, pt, cap, index);
    *err = olm_inbound_group_session_last_error(s);
    free(copy);
    return r;
}

/* Encrypts with the core into a malloc'd NUL-terminated base64 message. */
static char *cq_encrypt_b64(cq_megolm_outbound *s, const uint8_t *pt, size_t n)
{
    size_t raw_len = cq_megolm_outbound_message_len(s, n);
    uint8_t *raw = malloc(raw_len);
    char *m = malloc(cq_base64_encoded_len(raw_len) + 1);
    size_t got = 0;

    assert_int_equal(cq_megolm_outbound_encrypt(s, raw, raw_len, &got, pt, n),
                     CLIQUET_OK);
    assert_int_equal(got, raw_len);
    cqt_b64(m, raw, raw_len);
    free(raw);
    return m;
}

/* A plaintext of length n (0..~300) with content from the stream. */
static size_t make_plaintext(uint8_t *pt, size_t cap, uint32_t i)
{
    size_t n = (i * 37u) % 300u;

    assert_true(n <= cap);
    cqt_stream(pt, n);
    return n;
}

/* ---- 1. byte identity ----------------------------------------------------- */

#define IDENTITY_SESSIONS 3
#define IDENTITY_MESSAGES 1000

/* spec: megolm.md §Session setup */
/* spec: megolm.md §Sharing session data */
/* spec: megolm.md §Message encryption */
static void test_byte_identity(void **state)
{
    unsigned sessions;
    unsigned long messages = 0;
    unsigned long keys = 0;
    unsigned long exports = 0;

    (void)state;
    for (sessions = 0; sessions < IDENTITY_SESSIONS; sessions++) {
        uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
        cq_megolm_outbound ours;
        OlmOutboundGroupSession *theirs;
        OlmInboundGroupSession *their_in = olm_in_new();
        cq_megolm_inbound our_in;
        uint8_t raw_key[CQ_MEGOLM_SESSION_KEY_BYTES];
        uint8_t raw_export[CQ_MEGOLM_EXPORT_BYTES];
        char our_text[400];
        char their_text[400];
        static const uint32_t export_at[] = { 0, 1, 255, 256, 999, 1000, 65536,
                                              0x1000000, 0x1041506, 0x7fffffffu };
        uint32_t i;
        size_t e;

        cqt_stream(random, sizeof random);
        cq_megolm_outbound_init(&ours, random);
        theirs = olm_out_new(random);

        /* Session id. */
        cqt_b64(our_text, cq_megolm_outbound_id(&ours), 32);
        assert_int_equal(olm_outbound_group_session_id(theirs, (uint8_t *)their_text, 43), 43);
        their_text[43] = '\0';
        assert_string_equal(our_text, their_text);

        /* Session key at index 0; both inbound sessions from it. */
        cq_megolm_outbound_session_key(raw_key, &ours);
        cqt_b64(our_text, raw_key, sizeof raw_key);
        olm_out_key(theirs, their_text);
        assert_string_equal(our_text, their_text);
        keys++;
        assert_int_equal(cq_megolm_inbound_from_session_key(&our_in, raw_key, sizeof raw_key),
                         CLIQUET_OK);
        assert_int_equal(olm_init_inbound_group_session(their_in, (uint8_t *)their_text, 306), 0);

        for (i = 0; i < IDENTITY_MESSAGES; i++) {
            uint8_t pt[300];
            size_t n = make_plaintext(pt, sizeof pt, i);
            char *a = cq_encrypt_b64(&ours, pt, n);
            char *b = olm_encrypt(theirs, pt, n);

            if (strcmp(a, b) != 0) {
                fail_msg("session %u message %u differs:\n cliquet %s\n libolm  %s",
                         sessions, i, a, b);
            }
            messages++;
            free(a);
            free(b);
            if (i % 100 == 99) {
                cq_megolm_outbound_session_key(raw_key, &ours);
                cqt_b64(our_text, raw_key, sizeof raw_key);
                olm_out_key(theirs, their_text);
                assert_string_equal(our_text, their_text);
                keys++;
            }
        }

        /* 2^31 ahead counts as behind (wrap-around): both refuse it. Checked
         * before the exports below, which move libolm's latest ratchet (and
         * with it libolm's window; cliquet's export changes nothing). */
        assert_int_equal(cq_megolm_inbound_export(raw_export, &our_in, 0x80000000u),
                         CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX);
        assert_int_equal(olm_export_inbound_group_session(their_in, (uint8_t *)their_text,
                                                          220, 0x80000000u),
                         (size_t)-1);
        assert_string_equal(olm_inbound_group_session_last_error(their_in),
                            "UNKNOWN_MESSAGE_INDEX");
        /* Exports at several indices, from sessions made from the key. */
        for (e = 0; e < sizeof export_at / sizeof export_at[0]; e++) {
            assert_int_equal(cq_megolm_inbound_export(raw_export, &our_in, export_at[e]),
                             CLIQUET_OK);
            cqt_b64(our_text, raw_export, sizeof raw_export);
            olm_in_export(their_in, export_at[e], their_text);
            assert_string_equal(our_text, their_text);
            exports++;
        }
        olm_out_free(theirs);
        olm_in_free(their_in);
    }
    printf("megolm byte identity with libolm: %u sessions, %lu messages, "
           "%lu session keys, %lu exports identical\n",
           sessions, messages, keys, exports);
}

/* ---- 2. live conversations ------------------------------------------------- */

/* 10,000 messages, the late joiner at a third of them. make memcheck divides
 * the count by CLIQUET_TEST_SCALE (valgrind runs this about 50 times slower);
 * make test never does. */
static uint32_t live_messages = 10000;

/* What every message of a live run carries: index i, then stream bytes. */
static size_t live_plaintext(uint8_t *pt, uint32_t i)
{
    size_t n = 4 + i % 64;

    memset(pt, 0, n);
    memcpy(pt, &i, 4);
    pt[4 + i % 60] = (uint8_t)i;
    return n;
}

static void check_live_plaintext(const uint8_t *pt, size_t n, uint32_t i)
{
    uint8_t want[80];
    size_t want_n = live_plaintext(want, i);

    assert_int_equal(n, want_n);
    assert_memory_equal(pt, want, n);
}

/* spec: megolm.md §Advancing the ratchet */
/* cliquet outbound (public API) -> libolm inbound, out of order. */
static void test_live_cliquet_to_libolm(void **state)
{
    cliquet_outbound_group_session *out = NULL;
    OlmInboundGroupSession *early = olm_in_new();
    OlmInboundGroupSession *late = olm_in_new();
    OlmInboundGroupSession *restored = olm_in_new();
    char key[(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1) + 1] = { 0 };
    char late_key[(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1) + 1] = { 0 };
    char exported[221];
    char **msgs = calloc(live_messages, sizeof *msgs);
    uint32_t *order = malloc(live_messages * sizeof *order);
    unsigned long refused_early = 0;
    uint32_t i;

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new(&out), CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_key(out, key), CLIQUET_OK);
    assert_int_equal(olm_init_inbound_group_session(early, (uint8_t *)key, 306), 0);

    for (i = 0; i < live_messages; i++) {
        uint8_t pt[80];
        size_t n = live_plaintext(pt, i);
        size_t len = 0;
        size_t need = 0;

        if (i == live_messages / 3) {
            assert_int_equal(cliquet_outbound_group_session_key(out, late_key), CLIQUET_OK);
            assert_int_equal(olm_init_inbound_group_session(late, (uint8_t *)late_key, 306), 0);
        }
        assert_int_equal(cliquet_outbound_group_session_encrypt_size(out, n, &need), CLIQUET_OK);
        /* The size there is the text's length; the capacity adds the NUL. */
        msgs[i] = malloc(need + 1);
        assert_int_equal(cliquet_outbound_group_session_encrypt(out, msgs[i], need, &len,
                                                                pt, n),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(len, need + 1);
        assert_int_equal(cliquet_outbound_group_session_encrypt(out, msgs[i], need + 1, &len,
                                                                pt, n),
                         CLIQUET_OK);
        assert_int_equal(len, need);
        assert_int_equal(msgs[i][len], '\0');
        order[i] = i;
    }
    shuffle(order, live_messages);

    for (i = 0; i < live_messages; i++) {
        uint32_t k = order[i];
        uint8_t pt[200];
        uint32_t index = 0;
        const char *err = NULL;
        size_t n = olm_decrypt(early, msgs[k], pt, sizeof pt, &index, &err);

        if (n == (size_t)-1) {
            fail_msg("libolm refused cliquet message %u: %s", k, err);
        }
        assert_int_equal(index, k);
        check_live_plaintext(pt, n, k);

        n = olm_decrypt(late, msgs[k], pt, sizeof pt, &index, &err);
        if (k < live_messages / 3) {
            assert_int_equal(n, (size_t)-1);
            assert_string_equal(err, "UNKNOWN_MESSAGE_INDEX");
            refused_early++;
        } else {
            assert_int_not_equal(n, (size_t)-1);
            check_live_plaintext(pt, n, k);
        }
    }

    /* libolm exports half way, imports, and decrypts cliquet's messages. */
    olm_in_export(early, live_messages / 2, exported);
    assert_int_equal(olm_import_inbound_group_session(restored, (uint8_t *)exported, 220), 0);
    for (i = live_messages / 2; i < live_messages; i += 97) {
        uint8_t pt[200];
        uint32_t index = 0;
        const char *err = NULL;
        size_t n = olm_decrypt(restored, msgs[i], pt, sizeof pt, &index, &err);

        assert_int_not_equal(n, (size_t)-1);
        check_live_plaintext(pt, n, i);
    }

    printf("megolm live cliquet -> libolm: %u messages out of order, late joiner at %u "
           "refused %lu earlier ones\n",
           live_messages, live_messages / 3, refused_early);
    for (i = 0; i < live_messages; i++) {
        free(msgs[i]);
    }
    free(msgs);
    free(order);
    olm_in_free(early);
    olm_in_free(late);
    olm_in_free(restored);
    cliquet_outbound_group_session_free(out);
}

/* libolm outbound -> cliquet inbound (public API), out of order. */
static void test_live_libolm_to_cliquet(void **state)
{
    uint8_t random[160];
    OlmOutboundGroupSession *out;
    cliquet_inbound_group_session *early = NULL;
    cliquet_inbound_group_session *late = NULL;
    cliquet_inbound_group_session *imported = NULL;
    OlmInboundGroupSession *their_copy = olm_in_new();
    char key[307];
    char session_id[44];
    char exported[(CLIQUET_MEGOLM_EXPORT_BASE64_SIZE - 1) + 1] = { 0 };
    char **msgs = calloc(live_messages, sizeof *msgs);
    uint32_t *order = malloc(live_messages * sizeof *order);
    unsigned long refused_early = 0;
    unsigned long round_trips = 0;
    uint32_t i;
    int verified = -1;

    (void)state;
    cqt_stream(random, sizeof random);
    out = olm_out_new(random);
    assert_int_equal(olm_outbound_group_session_id(out, (uint8_t *)session_id, 43), 43);
    session_id[43] = '\0';
    olm_out_key(out, key);
    assert_int_equal(cliquet_inbound_group_session_new(&early, key, 306), CLIQUET_OK);

    for (i = 0; i < live_messages; i++) {
        uint8_t pt[80];
        size_t n = live_plaintext(pt, i);

        if (i == live_messages / 3) {
            olm_out_key(out, key);
            assert_int_equal(cliquet_inbound_group_session_new(&late, key, 306), CLIQUET_OK);
        }
        msgs[i] = olm_encrypt(out, pt, n);
        order[i] = i;
    }
    shuffle(order, live_messages);

    for (i = 0; i < live_messages; i++) {
        uint32_t k = order[i];
        uint8_t pt[200];
        size_t n = 0;
        cliquet_megolm_decrypt_info info;
        cliquet_status st;

        memset(&info, 0, sizeof info);
        st = cliquet_inbound_group_session_decrypt(early, msgs[k], strlen(msgs[k]), pt,
                                                   sizeof pt, &n, &info);
        if (st != CLIQUET_OK) {
            fail_msg("cliquet refused libolm message %u: %s", k, cliquet_strerror(st));
        }
        assert_int_equal(info.message_index, k);
        assert_int_equal(info.verified, 1);
        assert_memory_equal(info.session_id, session_id, 43);
        check_live_plaintext(pt, n, k);

        st = cliquet_inbound_group_session_decrypt(late, msgs[k], strlen(msgs[k]), pt,
                                                   sizeof pt, &n, &info);
        if (k < live_messages / 3) {
            assert_int_equal(st, CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX);
            refused_early++;
        } else {
            assert_int_equal(st, CLIQUET_OK);
            check_live_plaintext(pt, n, k);
        }
    }

    /* Round trips: cliquet export -> libolm import -> libolm export ->
     * cliquet import, at several indices; each decrypts what it should and
     * the exports agree byte for byte. */
    for (i = 0; i < live_messages; i += 1111) {
        char theirs[221];
        uint8_t pt[200];
        size_t n = 0;
        cliquet_megolm_decrypt_info info;
        uint32_t first = 0;

        assert_int_equal(cliquet_inbound_group_session_export(early, i, exported), CLIQUET_OK);
        olm_clear_inbound_group_session(their_copy);
        assert_int_equal(olm_import_inbound_group_session(their_copy, (uint8_t *)exported,
                                                          220), 0);
        assert_int_equal(olm_inbound_group_session_first_known_index(their_copy), i);
        olm_in_export(their_copy, i, theirs);
        assert_string_equal(theirs, exported);

        assert_int_equal(cliquet_inbound_group_session_import(&imported, theirs, 220),
                         CLIQUET_OK);
        assert_int_equal(cliquet_inbound_group_session_first_known_index(imported, &first),
                         CLIQUET_OK);
        assert_int_equal(first, i);
        assert_int_equal(cliquet_inbound_group_session_is_verified(imported, &verified),
                         CLIQUET_OK);
        assert_int_equal(verified, 0);
        if (i > 0) {
            assert_int_equal(cliquet_inbound_group_session_decrypt(imported, msgs[i - 1],
                                                                   strlen(msgs[i - 1]), pt,
                                                                   sizeof pt, &n, &info),
                             CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX);
            assert_int_equal(cliquet_inbound_group_session_is_verified(imported, &verified),
                             CLIQUET_OK);
            assert_int_equal(verified, 0);
        }
        assert_int_equal(cliquet_inbound_group_session_decrypt(imported, msgs[i],
                                                               strlen(msgs[i]), pt,
                                                               sizeof pt, &n, &info),
                         CLIQUET_OK);
        check_live_plaintext(pt, n, i);
        assert_int_equal(info.verified, 1);
        assert_int_equal(cliquet_inbound_group_session_is_verified(imported, &verified),
                         CLIQUET_OK);
        assert_int_equal(verified, 1);
        cliquet_inbound_group_session_free(imported);
        imported = NULL;
        round_trips++;
    }

    printf("megolm live libolm -> cliquet: %u messages out of order, late joiner at %u "
           "refused %lu earlier ones, %lu export/import round trips\n",
           live_messages, live_messages / 3, refused_early, round_trips);
    for (i = 0; i < live_messages; i++) {
        free(msgs[i]);
    }
    free(msgs);
    free(order);
    olm_out_free(out);
    olm_in_free(their_copy);
    cliquet_inbound_group_session_free(early);
    cliquet_inbound_group_session_free(late);
}

/*
 * After decrypting, cliquet's inbound state is the state libolm would
 * pickle: libolm's own pickle (opened with its published envelope,
 * helpers/libolm_pickle.h) holds the same bytes as cq_megolm_inbound_pickle.
 * Likewise for outbound sessions.
 */
static void test_pickle_fields_match_libolm(void **state)
{
    const uint8_t pickle_key[] = "megolm test pickle key";
    uint8_t random[160];
    cq_megolm_outbound ours;
    OlmOutboundGroupSession *theirs;
    OlmInboundGroupSession *their_in = olm_in_new();
    cq_megolm_inbound our_in;
    cq_megolm_inbound back_in;
    cq_megolm_outbound back_out;
    uint8_t raw_key[CQ_MEGOLM_SESSION_KEY_BYTES];
    char text[1024];
    uint8_t theirs_raw[1024];
    uint8_t ours_raw[1024];
    cq_writer w;
    cq_reader r;
    size_t n;
    uint32_t i;

    (void)state;
    cqt_stream(random, sizeof random);
    cq_megolm_outbound_init(&ours, random);
    theirs = olm_out_new(random);
    cq_megolm_outbound_session_key(raw_key, &ours);
    cqt_b64(text, raw_key, sizeof raw_key);
    assert_int_equal(cq_megolm_inbound_from_session_key(&our_in, raw_key, sizeof raw_key),
                     CLIQUET_OK);
    assert_int_equal(olm_init_inbound_group_session(their_in, (uint8_t *)text, 306), 0);

    for (i = 0; i < 300; i++) {
        uint8_t pt[8] = { 0 };
        char *a = cq_encrypt_b64(&ours, pt, sizeof pt);
        char *b = olm_encrypt(theirs, pt, sizeof pt);
        uint8_t out[64];
        size_t out_len = 0;
        uint32_t index = 0;
        uint8_t raw[256];
        size_t raw_len = 0;
        const char *err = NULL;

        assert_string_equal(a, b);
        /* Decrypt every third message, in order, on both sides. */
        if (i % 3 == 0) {
            assert_int_equal(cq_base64_decode(raw, sizeof raw, &raw_len, a, strlen(a)),
                             CLIQUET_OK);
            assert_int_equal(cq_megolm_inbound_decrypt(&our_in, out, sizeof out, &out_len,
                                                       &index, raw, raw_len),
                             CLIQUET_OK);
            assert_int_not_equal(olm_decrypt(their_in, b, out, sizeof out, &index, &err),
                                 (size_t)-1);
        }
        free(a);
        free(b);
    }

    n = olm_pickle_outbound_group_session(theirs, pickle_key, sizeof pickle_key - 1, text,
                                          sizeof text);
    assert_int_not_equal(n, (size_t)-1);
    n = cqt_libolm_pickle_open(theirs_raw, sizeof theirs_raw, pickle_key, sizeof pickle_key - 1,
                               text, n);
    cq_writer_init(&w, ours_raw, sizeof ours_raw);
    cq_megolm_outbound_pickle(&w, &ours);
    assert_int_equal(w.len, CQ_MEGOLM_OUTBOUND_PICKLE_BYTES);
    assert_int_equal(n, w.len);
    assert_memory_equal(ours_raw, theirs_raw, n);
    cq_reader_init(&r, theirs_raw, n);
    assert_int_equal(cq_megolm_outbound_unpickle(&back_out, &r), CLIQUET_OK);
    assert_memory_equal(back_out.ratchet.data, ours.ratchet.data, 128);
    assert_int_equal(back_out.ratchet.counter, ours.ratchet.counter);
    assert_memory_equal(back_out.signing_key.public_key, ours.signing_key.public_key, 32);
    assert_memory_equal(back_out.signing_key.expanded, ours.signing_key.expanded, 64);

    n = olm_pickle_inbound_group_session(their_in, pickle_key, sizeof pickle_key - 1, text,
                                         sizeof text);
    assert_int_not_equal(n, (size_t)-1);
    n = cqt_libolm_pickle_open(theirs_raw, sizeof theirs_raw, pickle_key, sizeof pickle_key - 1,
                               text, n);
    cq_writer_init(&w, ours_raw, sizeof ours_raw);
    cq_megolm_inbound_pickle(&w, &our_in);
    assert_int_equal(w.len, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    assert_int_equal(n, w.len);
    assert_memory_equal(ours_raw, theirs_raw, n);
    cq_reader_init(&r, theirs_raw, n);
    assert_int_equal(cq_megolm_inbound_unpickle(&back_in, &r), CLIQUET_OK);
    cq_writer_init(&w, ours_raw, sizeof ours_raw);
    cq_megolm_inbound_pickle(&w, &back_in);
    assert_memory_equal(ours_raw, theirs_raw, n);

    printf("megolm pickle fields: outbound (%d bytes) and inbound (%d bytes) identical "
           "to libolm's decrypted pickles\n",
           CQ_MEGOLM_OUTBOUND_PICKLE_BYTES, CQ_MEGOLM_INBOUND_PICKLE_BYTES);
    olm_out_free(theirs);
    olm_in_free(their_in);
}

int main(void)
{
    const char *env;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_identity),
        cmocka_unit_test(test_live_cliquet_to_libolm),
        cmocka_unit_test(test_live_libolm_to_cliquet),
        cmocka_unit_test(test_pickle_fields_match_libolm),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    cqt_seed_init("test_megolm_interop");
    env = getenv("CLIQUET_TEST_SCALE");
    if (env != NULL && strtoul(env, NULL, 10) > 1 && strtoul(env, NULL, 10) <= 100) {
        live_messages /= (uint32_t)strtoul(env, NULL, 10);
        printf("test_megolm_interop: CLIQUET_TEST_SCALE=%s, %u live messages\n", env,
               live_messages);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
