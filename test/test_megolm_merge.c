/*
 * Comparing, merging and advancing inbound group sessions (lib/megolm/
 * merge.c and its API, since 1.1), against vodozemac's semantics
 * (InboundGroupSession::compare / merge / advance_to, and the example in
 * its merge() documentation):
 *   - every ordering: Equal, Better, Worse, Unconnected (another session;
 *     the same session id with another ratchet, at the same and at other
 *     indices; two indices exactly 2^31 apart);
 *   - merge keeps the earlier ratchet, ORs verified, ANDs imported, and
 *     refuses unconnected sessions;
 *   - advance_to forgets history for good and never moves back;
 *   - indices across the 2^32 wrap-around, through the API (exports made
 *     at 0xfffffffe) and the core;
 *   - export_at_first_known_index.
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

#define EXS CLIQUET_MEGOLM_EXPORT_BASE64_SIZE

static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

static cliquet_session_ordering order(const cliquet_inbound_group_session *a,
                                      const cliquet_inbound_group_session *b)
{
    cliquet_session_ordering o = (cliquet_session_ordering)99;

    ok(cliquet_inbound_group_session_compare(a, b, &o));
    return o;
}

static uint32_t first_index(const cliquet_inbound_group_session *s)
{
    uint32_t i = 0;

    ok(cliquet_inbound_group_session_first_known_index(s, &i));
    return i;
}

static int flag(cliquet_status (*f)(const cliquet_inbound_group_session *, int *),
                const cliquet_inbound_group_session *s)
{
    int v = -1;

    ok(f(s, &v));
    return v;
}

/* An outbound session from fixed bytes, and n messages encrypted on it. */
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

static cliquet_status decrypt(cliquet_inbound_group_session *s, const char *msg)
{
    uint8_t out[1024];
    size_t len = 0;

    return cliquet_inbound_group_session_decrypt(s, msg, strlen(msg), out, sizeof out, &len,
                                                 NULL);
}

static cliquet_inbound_group_session *from_key(cliquet_outbound_group_session *o)
{
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    cliquet_inbound_group_session *s;

    ok(cliquet_outbound_group_session_key(o, key));
    ok(cliquet_inbound_group_session_new(&s, key, strlen(key)));
    return s;
}

static cliquet_inbound_group_session *import_at(const cliquet_inbound_group_session *from,
                                                uint32_t index)
{
    char ex[EXS];
    cliquet_inbound_group_session *s;

    ok(cliquet_inbound_group_session_export(from, index, ex));
    ok(cliquet_inbound_group_session_import(&s, ex, strlen(ex)));
    return s;
}

/* An import from raw export fields: index, ratchet and signing key. */
static cliquet_inbound_group_session *import_raw(uint32_t index, const uint8_t ratchet[128],
                                                 const uint8_t key[32])
{
    uint8_t raw[CQ_MEGOLM_EXPORT_BYTES];
    char text[EXS];
    size_t len = 0;
    cliquet_inbound_group_session *s;

    raw[0] = CQ_MEGOLM_EXPORT_VERSION;
    raw[1] = (uint8_t)(index >> 24);
    raw[2] = (uint8_t)(index >> 16);
    raw[3] = (uint8_t)(index >> 8);
    raw[4] = (uint8_t)index;
    memcpy(raw + 5, ratchet, 128);
    memcpy(raw + 5 + 128, key, 32);
    ok(cliquet_base64_encode(text, sizeof text, &len, raw, sizeof raw));
    ok(cliquet_inbound_group_session_import(&s, text, len));
    return s;
}

/* vodozemac's merge() documentation example, then every ordering. */
static void test_orderings_and_merge(void **state)
{
    cliquet_outbound_group_session *o = outbound(1), *other = outbound(2);
    cliquet_inbound_group_session *first, *second, *same, *stranger, *merged, *m2;
    char *msgs[12];

    (void)state;
    first = from_key(o);
    for (int i = 0; i < 12; i++) {
        msgs[i] = encrypt(o, "m");
    }
    second = import_at(first, 10);
    stranger = from_key(other);
    same = from_key(o); /* the same session, shared again at index 12 */

    assert_int_equal(order(first, second), CLIQUET_SESSION_BETTER);
    assert_int_equal(order(second, first), CLIQUET_SESSION_WORSE);
    assert_int_equal(order(first, first), CLIQUET_SESSION_EQUAL);
    assert_int_equal(order(second, same), CLIQUET_SESSION_BETTER);
    assert_int_equal(order(first, stranger), CLIQUET_SESSION_UNCONNECTED);
    assert_int_equal(order(stranger, second), CLIQUET_SESSION_UNCONNECTED);

    /* merge(second, first): first's ratchet, verified, not imported. */
    ok(cliquet_inbound_group_session_merge(&merged, second, first));
    assert_int_equal(first_index(merged), 0);
    assert_int_equal(flag(cliquet_inbound_group_session_is_verified, merged), 1);
    assert_int_equal(flag(cliquet_inbound_group_session_is_imported, merged), 0);
    assert_int_equal(order(merged, second), CLIQUET_SESSION_BETTER);
    assert_int_equal(order(merged, first), CLIQUET_SESSION_EQUAL);
    /* It decrypts what the better copy could: message 0. */
    ok(decrypt(merged, msgs[0]));
    assert_int_equal(decrypt(second, msgs[0]), CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX);

    /* Two imports merged stay imported; the verified flag is ORed. */
    {
        cliquet_inbound_group_session *i3 = import_at(first, 3), *i7 = import_at(first, 7);

        assert_int_equal(flag(cliquet_inbound_group_session_is_verified, i3), 0);
        ok(decrypt(i7, msgs[8])); /* a decrypt verifies it (libolm's flag) */
        ok(cliquet_inbound_group_session_merge(&m2, i7, i3));
        assert_int_equal(first_index(m2), 3);
        assert_int_equal(flag(cliquet_inbound_group_session_is_imported, m2), 1);
        assert_int_equal(flag(cliquet_inbound_group_session_is_verified, m2), 1);
        cliquet_inbound_group_session_free(m2);
        ok(cliquet_inbound_group_session_merge(&m2, i3, i3));
        assert_int_equal(flag(cliquet_inbound_group_session_is_verified, m2), 0);
        cliquet_inbound_group_session_free(m2);
        cliquet_inbound_group_session_free(i3);
        cliquet_inbound_group_session_free(i7);
    }

    /* Unconnected: nothing merged, *out untouched. */
    m2 = NULL;
    assert_int_equal(cliquet_inbound_group_session_merge(&m2, first, stranger),
                     CLIQUET_ERR_UNCONNECTED_SESSIONS);
    assert_null(m2);

    for (int i = 0; i < 12; i++) {
        free(msgs[i]);
    }
    cliquet_inbound_group_session_free(first);
    cliquet_inbound_group_session_free(second);
    cliquet_inbound_group_session_free(same);
    cliquet_inbound_group_session_free(stranger);
    cliquet_inbound_group_session_free(merged);
    cliquet_outbound_group_session_free(o);
    cliquet_outbound_group_session_free(other);
}

/* The same session id with another ratchet: a forged or corrupted copy. */
static void test_same_id_other_ratchet(void **state)
{
    cliquet_outbound_group_session *o = outbound(3);
    cliquet_inbound_group_session *real = from_key(o), *fake_same, *fake_later, *fake_earlier;
    cliquet_inbound_group_session *m = NULL;
    const cq_megolm_inbound *st;
    uint8_t ratchet[128];

    (void)state;
    st = (const cq_megolm_inbound *)(const void *)real; /* its only member */
    memcpy(ratchet, st->initial.data, sizeof ratchet);
    ratchet[77] ^= 0x01;
    fake_same = import_raw(0, ratchet, st->signing_key);
    fake_later = import_raw(4, ratchet, st->signing_key);
    assert_int_equal(order(real, fake_same), CLIQUET_SESSION_UNCONNECTED);
    assert_int_equal(order(fake_same, real), CLIQUET_SESSION_UNCONNECTED);
    assert_int_equal(order(real, fake_later), CLIQUET_SESSION_UNCONNECTED);
    assert_int_equal(order(fake_later, real), CLIQUET_SESSION_UNCONNECTED);
    /* An "earlier" copy that does not advance to the real ratchet. */
    ok(cliquet_inbound_group_session_advance_to(real, 9, &(int){ 0 }));
    fake_earlier = import_raw(2, ratchet, st->signing_key);
    assert_int_equal(order(fake_earlier, real), CLIQUET_SESSION_UNCONNECTED);
    assert_int_equal(cliquet_inbound_group_session_merge(&m, fake_earlier, real),
                     CLIQUET_ERR_UNCONNECTED_SESSIONS);
    assert_null(m);
    /* The genuine data at the same index but another signing key. */
    {
        uint8_t key[32];
        cliquet_inbound_group_session *other_key;

        memcpy(key, st->signing_key, 32);
        key[0] ^= 0x01;
        other_key = import_raw(st->initial.counter, st->initial.data, key);
        assert_int_equal(order(real, other_key), CLIQUET_SESSION_UNCONNECTED);
        cliquet_inbound_group_session_free(other_key);
    }
    cliquet_inbound_group_session_free(real);
    cliquet_inbound_group_session_free(fake_same);
    cliquet_inbound_group_session_free(fake_later);
    cliquet_inbound_group_session_free(fake_earlier);
    cliquet_outbound_group_session_free(o);
}

static void test_advance_to(void **state)
{
    cliquet_outbound_group_session *o = outbound(4);
    cliquet_inbound_group_session *s = from_key(o), *copy;
    char *msgs[30];
    char ex[EXS], ex2[EXS];
    int advanced = -1;

    (void)state;
    for (int i = 0; i < 30; i++) {
        msgs[i] = encrypt(o, "m");
    }
    copy = import_at(s, 0);
    ok(decrypt(s, msgs[9])); /* the latest ratchet is now at 9 */
    ok(cliquet_inbound_group_session_advance_to(s, 5, &advanced));
    assert_int_equal(advanced, 1);
    assert_int_equal(first_index(s), 5);
    assert_int_equal(decrypt(s, msgs[4]), CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX);
    ok(decrypt(s, msgs[5]));
    ok(decrypt(s, msgs[9]));
    /* Never back, nor to where it is. */
    ok(cliquet_inbound_group_session_advance_to(s, 3, &advanced));
    assert_int_equal(advanced, 0);
    ok(cliquet_inbound_group_session_advance_to(s, 5, &advanced));
    assert_int_equal(advanced, 0);
    assert_int_equal(first_index(s), 5);
    /* Past the latest ratchet. */
    ok(cliquet_inbound_group_session_advance_to(s, 20, &advanced));
    assert_int_equal(advanced, 1);
    ok(decrypt(s, msgs[20]));
    ok(decrypt(s, msgs[29]));
    assert_int_equal(decrypt(s, msgs[19]), CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX);
    /* Still the same session: the untouched copy is better. */
    assert_int_equal(order(copy, s), CLIQUET_SESSION_BETTER);
    assert_int_equal(order(s, copy), CLIQUET_SESSION_WORSE);
    /* export_at_first_known_index is export(first known index). */
    ok(cliquet_inbound_group_session_export_at_first_known_index(s, ex));
    ok(cliquet_inbound_group_session_export(s, 20, ex2));
    assert_string_equal(ex, ex2);
    for (int i = 0; i < 30; i++) {
        free(msgs[i]);
    }
    cliquet_inbound_group_session_free(s);
    cliquet_inbound_group_session_free(copy);
    cliquet_outbound_group_session_free(o);
}

/* Indices across 2^32: a session at 0xfffffffe and its copy at 5. */
static void test_wrap_around(void **state)
{
    cq_megolm_ratchet r;
    uint8_t data[128], key[32];
    cliquet_inbound_group_session *before, *after, *half, *m;
    int advanced = 0;
    char ex[EXS];

    (void)state;
    for (int i = 0; i < 128; i++) {
        data[i] = (uint8_t)(i * 7 + 1);
    }
    memset(key, 0x42, sizeof key);
    before = import_raw(0xfffffffeu, data, key);
    cq_megolm_ratchet_init(&r, data, 0xfffffffeu);
    cq_megolm_ratchet_advance_to(&r, 5);
    assert_int_equal(r.counter, 5);
    after = import_raw(5, r.data, key);
    assert_int_equal(order(before, after), CLIQUET_SESSION_BETTER);
    assert_int_equal(order(after, before), CLIQUET_SESSION_WORSE);
    ok(cliquet_inbound_group_session_merge(&m, after, before));
    assert_int_equal(first_index(m), 0xfffffffeu);
    cliquet_inbound_group_session_free(m);

    /* advance_to across the wrap: 0xfffffffe to 1 is forward. */
    ok(cliquet_inbound_group_session_advance_to(before, 1, &advanced));
    assert_int_equal(advanced, 1);
    assert_int_equal(first_index(before), 1);
    assert_int_equal(order(before, after), CLIQUET_SESSION_BETTER);
    ok(cliquet_inbound_group_session_advance_to(before, 5, &advanced));
    assert_int_equal(order(before, after), CLIQUET_SESSION_EQUAL);
    ok(cliquet_inbound_group_session_export_at_first_known_index(before, ex));
    /* 0xfffffffe is behind 5, not ahead: no move. */
    ok(cliquet_inbound_group_session_advance_to(before, 0xfffffffeu, &advanced));
    assert_int_equal(advanced, 0);

    /* Exactly 2^31 apart, the same ratchet line: neither is after the
     * other, so they are unconnected. */
    cq_megolm_ratchet_init(&r, data, 0xfffffffeu);
    cq_megolm_ratchet_advance_to(&r, 0xfffffffeu + 0x80000000u);
    half = import_raw(r.counter, r.data, key);
    {
        cliquet_inbound_group_session *start = import_raw(0xfffffffeu, data, key);

        assert_int_equal(order(start, half), CLIQUET_SESSION_UNCONNECTED);
        assert_int_equal(order(half, start), CLIQUET_SESSION_UNCONNECTED);
        /* One step less is connected. */
        ok(cliquet_inbound_group_session_advance_to(start, 0xfffffffeu + 1, &advanced));
        assert_int_equal(order(start, half), CLIQUET_SESSION_BETTER);
        cliquet_inbound_group_session_free(start);
    }
    cliquet_inbound_group_session_free(before);
    cliquet_inbound_group_session_free(after);
    cliquet_inbound_group_session_free(half);
}

static void test_bad_arguments(void **state)
{
    cliquet_outbound_group_session *o = outbound(5);
    cliquet_inbound_group_session *s = from_key(o), *m = NULL;
    cliquet_session_ordering ord;
    int adv;
    char ex[EXS];

    (void)state;
    assert_int_equal(cliquet_inbound_group_session_compare(NULL, s, &ord),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_inbound_group_session_compare(s, NULL, &ord),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_inbound_group_session_compare(s, s, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_inbound_group_session_merge(NULL, s, s),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_inbound_group_session_merge(&m, NULL, s),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_null(m);
    assert_int_equal(cliquet_inbound_group_session_advance_to(NULL, 1, &adv),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_inbound_group_session_advance_to(s, 1, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(first_index(s), 0);
    assert_int_equal(cliquet_inbound_group_session_export_at_first_known_index(NULL, ex),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_inbound_group_session_export_at_first_known_index(s, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    cliquet_inbound_group_session_free(s);
    cliquet_outbound_group_session_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orderings_and_merge),
        cmocka_unit_test(test_same_id_other_ratchet),
        cmocka_unit_test(test_advance_to),
        cmocka_unit_test(test_wrap_around),
        cmocka_unit_test(test_bad_arguments),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
