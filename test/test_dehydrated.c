/*
 * Dehydrated devices (since 1.2; vodozemac's Account::to_dehydrated_device
 * and from_dehydrated_device, MSC3814; docs/dehydrated-devices.md):
 *   - vectors/dehydrated/devices.txt (vectors/gen/gen_dehydrated.py, with
 *     OpenSSL): cliquet accounts made from given bytes dehydrate to exactly
 *     the vector's ciphertext; every device rehydrates to the vector's
 *     identity keys, one-time keys (ids 1.., published) and fallback key,
 *     vodozemac's own fuzz seed among them; every malformed plaintext is
 *     refused with its status, nothing made;
 *   - round trips of random accounts, and vodozemac's test: messages to
 *     the dehydrated account on a one-time key and on the fallback key
 *     decrypt on the rehydrated one; the account dehydrated is unchanged;
 *   - every bad argument: key length, nonce (base64, length), ciphertext
 *     (base64, too short, too long, changed, wrong key), an account from a
 *     libolm pickle (no Ed25519 seed), the size rule;
 *   - the nonce is drawn only by a call that seals: a size query draws no
 *     random bytes, the call that seals draws exactly its 12.
 * The live interop with vodozemac is test_dehydrated_live.c.
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
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
#include "cliquet_random.h"
#include "api/api.h"
#include "helpers/seed.h"
#include "helpers/vectors.h"
#include "olm/olm.h"

#define FIELDS                                                                          \
    "name account_random otk_random fallback_random key nonce plaintext ciphertext "    \
    "status curve25519 ed25519 otk_publics fallback_public"

#define KS CLIQUET_KEY_BASE64_SIZE
#define NS CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE

static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

static void expect(cliquet_status got, cliquet_status want)
{
    if (got != want) {
        fail_msg("got %s, want %s", cliquet_strerror(got), cliquet_strerror(want));
    }
}

/* The dehydrated device of a, in a new buffer (*len characters). */
static char *dehydrate(const cliquet_account *a, char nonce[NS], const uint8_t key[32],
                       size_t *len)
{
    char *text;

    expect(cliquet_account_to_dehydrated_device(a, NULL, 0, len, nonce, key, 32),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    text = malloc(*len);
    assert_non_null(text);
    ok(cliquet_account_to_dehydrated_device(a, text, *len, len, nonce, key, 32));
    assert_int_equal(strlen(text), *len);
    assert_int_equal(strlen(nonce), NS - 1);
    return text;
}

/* a's keys as the vector says them: identity keys, one-time keys in the
 * device's order (oldest first) with ids 1.., published, the fallback key. */
static void assert_keys(const cliquet_account *a, cqt_vectors *v)
{
    const cq_olm_account *s = cq_api_account_state(a);
    char curve[KS], ed[KS];
    size_t otk_len, fb_len;
    const uint8_t *otks = cqt_hex(v, "otk_publics", &otk_len);
    const uint8_t *fb = cqt_hex(v, "fallback_public", &fb_len);
    uint32_t n = (uint32_t)(otk_len / 32);

    ok(cliquet_account_identity_keys(a, curve, ed));
    assert_string_equal(curve, cqt_str(v, "curve25519"));
    assert_string_equal(ed, cqt_str(v, "ed25519"));
    assert_int_equal(s->num_one_time_keys, n);
    for (uint32_t i = 0; i < n; i++) {
        const cq_olm_one_time_key *k = &s->one_time_keys[n - 1 - i];

        assert_memory_equal(k->public_key, otks + 32 * i, 32);
        assert_int_equal(k->id, i + 1);
        assert_int_equal(k->published, 1);
    }
    assert_int_equal(s->num_fallback_keys, fb_len / 32);
    if (fb_len == 32) {
        assert_memory_equal(s->fallback_keys[0].public_key, fb, 32);
        assert_int_equal(s->fallback_keys[0].id, n + 1);
        assert_int_equal(s->fallback_keys[0].published, 1);
    }
    assert_int_equal(s->next_key_id, n + fb_len / 32);
}

/* The account a vector's random bytes make, or NULL ("-"). */
static cliquet_account *vector_account(cqt_vectors *v)
{
    size_t acc_len, otk_len, fb_len;
    const uint8_t *acc = cqt_hex(v, "account_random", &acc_len);
    const uint8_t *otk = cqt_hex(v, "otk_random", &otk_len);
    const uint8_t *fb = cqt_hex(v, "fallback_random", &fb_len);
    cliquet_account *a;

    if (acc_len == 0) {
        return NULL;
    }
    ok(cliquet_account_new_with_random(&a, acc, acc_len));
    if (otk_len > 0) {
        ok(cliquet_account_generate_one_time_keys_with_random(a, otk_len / 32, NULL, otk,
                                                              otk_len));
    }
    for (size_t i = 0; i < fb_len; i += 32) {
        ok(cliquet_account_generate_fallback_key_with_random(a, fb + i, 32));
    }
    return a;
}

static unsigned long made_by_cliquet, refused;

static void one_vector(cqt_vectors *v)
{
    size_t key_len, ct_len = 0, nonce_raw_len;
    const uint8_t *key = cqt_hex(v, "key", &key_len);
    const char *nonce = cqt_str(v, "nonce");
    const char *ct = cqt_str(v, "ciphertext");
    const char *status = cqt_str(v, "status");
    cliquet_account *a = vector_account(v), *b = NULL;
    uint8_t nonce_raw[12];
    char out_nonce[NS], *out;

    assert_int_equal(key_len, 32);
    if (a != NULL) {
        /* The same bytes out of cliquet, given the vector's nonce. */
        ok(cliquet_base64_decode(nonce_raw, sizeof nonce_raw, &nonce_raw_len, nonce,
                                 strlen(nonce)));
        assert_int_equal(nonce_raw_len, 12);
        out = malloc(strlen(ct) + 1);
        assert_non_null(out);
        ok(cliquet_account_to_dehydrated_device_with_random(a, out, strlen(ct) + 1, &ct_len,
                                                            out_nonce, key, 32, nonce_raw,
                                                            12));
        assert_string_equal(out, ct);
        assert_string_equal(out_nonce, nonce);
        free(out);
        cliquet_account_free(a);
        made_by_cliquet++;
    }
    if (strcmp(status, "CLIQUET_OK") == 0) {
        ok(cliquet_account_from_dehydrated_device(&b, ct, strlen(ct), nonce, strlen(nonce),
                                                  key, 32));
        assert_keys(b, v);
        cliquet_account_free(b);
    } else {
        if (strcmp(cliquet_strerror(cliquet_account_from_dehydrated_device(
                       &b, ct, strlen(ct), nonce, strlen(nonce), key, 32)),
                   status) != 0) {
            fail_msg("%s: not %s", cqt_str(v, "name"), status);
        }
        assert_null(b);
        refused++;
    }
}

static void test_vectors(void **state)
{
    unsigned long n;

    (void)state;
    n = cqt_vectors_each("vectors/dehydrated/devices.txt", FIELDS, one_vector);
    printf("vectors/dehydrated/devices.txt: %lu devices, %lu dehydrated by cliquet byte for "
           "byte, %lu refused with their status\n", n, made_by_cliquet, refused);
    assert_int_equal(made_by_cliquet, 3);
    assert_int_equal(refused, 15);
}

/* A random account: count one-time keys, fallbacks fallback keys made. */
static cliquet_account *random_account(size_t count, int fallbacks)
{
    uint8_t r[64 + 32 * 100];
    cliquet_account *a;

    cqt_stream(r, sizeof r);
    ok(cliquet_account_new_with_random(&a, r, 64));
    if (count > 0) {
        ok(cliquet_account_generate_one_time_keys_with_random(a, count, NULL, r + 64,
                                                              32 * count));
    }
    for (int i = 0; i < fallbacks; i++) {
        cqt_stream(r, 32);
        ok(cliquet_account_generate_fallback_key_with_random(a, r, 32));
    }
    return a;
}

/* The libolm-format pickle of a (deterministic): "a changed nothing". */
static char *snapshot(const cliquet_account *a)
{
    static const uint8_t k[4] = "snap";
    char *t = malloc(16384);
    size_t n;

    assert_non_null(t);
    ok(cliquet_account_pickle_libolm(a, t, 16384, &n, k, sizeof k));
    return t;
}

/* vodozemac's decrypt_with_dehydrated_device: Bob on a one-time key,
 * Carol on the fallback key, both read by the rehydrated account. */
static void test_round_trip_and_messages(void **state)
{
    uint8_t key[32];
    char curve[KS], ed[KS], curve2[KS], ed2[KS], kid[CLIQUET_KEY_ID_BASE64_SIZE];
    char otk[KS], fb[KS], nonce[NS], *device, *before, *after;
    char msg[2][1024];
    size_t len, msg_len[2], pt_len;
    uint8_t pt[256];
    int type, has;
    cliquet_account *alice, *back, *sender[2];
    cliquet_session *out[2], *in;

    (void)state;
    cqt_seed_init("test_dehydrated round trip");
    cqt_stream(key, sizeof key);
    alice = random_account(50, 2);
    ok(cliquet_account_one_time_key(alice, 7, kid, otk));
    ok(cliquet_account_fallback_key(alice, &has, kid, fb));
    assert_true(has);
    before = snapshot(alice);
    device = dehydrate(alice, nonce, key, &len);
    after = snapshot(alice);
    assert_string_equal(before, after); /* dehydrating changed nothing */
    ok(cliquet_account_identity_keys(alice, curve, ed));
    for (int i = 0; i < 2; i++) {
        sender[i] = random_account(0, 0);
        ok(cliquet_session_new_outbound(&out[i], sender[i], curve, KS - 1, i == 0 ? otk : fb,
                                        KS - 1));
        ok(cliquet_session_encrypt(out[i], &type, msg[i], sizeof msg[i], &msg_len[i],
                                   (const uint8_t *)"It's a secret to everybody", 26));
        assert_int_equal(type, 0);
    }
    ok(cliquet_account_from_dehydrated_device(&back, device, len, nonce, strlen(nonce), key,
                                              32));
    ok(cliquet_account_identity_keys(back, curve2, ed2));
    assert_string_equal(curve, curve2);
    assert_string_equal(ed, ed2);
    for (int i = 0; i < 2; i++) {
        char theirs[KS];

        ok(cliquet_account_identity_keys(sender[i], theirs, ed2));
        ok(cliquet_session_new_inbound(&in, back, theirs, KS - 1, msg[i], msg_len[i], pt,
                                       sizeof pt, &pt_len, NULL));
        assert_int_equal(pt_len, 26);
        assert_memory_equal(pt, "It's a secret to everybody", 26);
        cliquet_session_free(in);
        cliquet_session_free(out[i]);
        cliquet_account_free(sender[i]);
    }
    /* The same dehydrated twice: another nonce, another ciphertext. */
    free(after);
    after = dehydrate(alice, curve2, key, &len);
    assert_string_not_equal(curve2, nonce);
    assert_string_not_equal(after, device);
    free(after);
    free(before);
    free(device);
    cliquet_account_free(back);
    cliquet_account_free(alice);
}

/* Accounts of every shape dehydrate and rehydrate to the same keys. */
static void test_shapes(void **state)
{
    static const size_t counts[] = { 0, 1, 2, 49, 100 };
    uint8_t key[32];
    char nonce[NS], *device;
    size_t len;
    cliquet_account *a, *b;

    (void)state;
    cqt_seed_init("test_dehydrated shapes");
    cqt_stream(key, sizeof key);
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        for (int f = 0; f <= 2; f++) {
            const cq_olm_account *sa, *sb;

            a = random_account(counts[c], f);
            device = dehydrate(a, nonce, key, &len);
            ok(cliquet_account_from_dehydrated_device(&b, device, len, nonce, NS - 1, key, 32));
            sa = cq_api_account_state(a);
            sb = cq_api_account_state(b);
            assert_memory_equal(sa->curve25519_private, sb->curve25519_private, 32);
            assert_memory_equal(&sa->ed25519, &sb->ed25519, sizeof sa->ed25519);
            assert_int_equal(sa->num_one_time_keys, sb->num_one_time_keys);
            for (uint32_t i = 0; i < sa->num_one_time_keys; i++) {
                assert_memory_equal(sa->one_time_keys[i].private_key,
                                    sb->one_time_keys[i].private_key, 32);
                assert_memory_equal(sa->one_time_keys[i].public_key,
                                    sb->one_time_keys[i].public_key, 32);
            }
            /* Only the current fallback key travels (vodozemac's format). */
            assert_int_equal(sb->num_fallback_keys, f > 0 ? 1 : 0);
            if (f > 0) {
                assert_memory_equal(sa->fallback_keys[0].private_key,
                                    sb->fallback_keys[0].private_key, 32);
            }
            /* A rehydrated account pickles and unpickles in both formats
             * (its key ids pass the pickles' checks). */
            {
                static char pickle[16384];
                static const uint8_t pk[CLIQUET_PICKLE_KEY_BYTES] = { 9 };
                size_t plen;
                cliquet_account *c;

                ok(cliquet_account_pickle(b, pickle, sizeof pickle, &plen, pk, sizeof pk));
                ok(cliquet_account_unpickle(&c, pk, sizeof pk, pickle, plen));
                cliquet_account_free(c);
                ok(cliquet_account_pickle_libolm(b, pickle, sizeof pickle, &plen, pk, 4));
                ok(cliquet_account_unpickle_libolm(&c, pk, 4, pickle, plen));
                cliquet_account_free(c);
            }
            free(device);
            cliquet_account_free(a);
            cliquet_account_free(b);
        }
    }
}

/* The refusals of bad arguments and bad texts; nothing is ever made. */
static void test_refusals(void **state)
{
    uint8_t key[32], other[32];
    char nonce[NS], bad_nonce[NS], *device, *copy, small[8], pickle[16384];
    size_t len, need = 0, plen;
    cliquet_account *a, *b = NULL, *libolm;

    (void)state;
    cqt_seed_init("test_dehydrated refusals");
    cqt_stream(key, sizeof key);
    memcpy(other, key, sizeof other);
    other[0] ^= 1;
    a = random_account(3, 1);
    device = dehydrate(a, nonce, key, &len);
    copy = malloc(len + 1);
    assert_non_null(copy);

#define FROM(ct, ct_len, n, n_len, k, k_len)                                            \
    cliquet_account_from_dehydrated_device(&b, ct, ct_len, n, n_len, k, k_len)
    expect(FROM(device, len, nonce, NS - 1, key, 31), CLIQUET_ERR_BAD_KEY_LENGTH);
    expect(FROM(device, len, nonce, NS - 1, key, 33), CLIQUET_ERR_BAD_KEY_LENGTH);
    expect(FROM(device, len, nonce, NS - 1, other, 32), CLIQUET_ERR_PICKLE_BAD_KEY);
    expect(FROM(device, len, "WrongNonce123456", 16, key, 32), CLIQUET_ERR_PICKLE_BAD_KEY);
    expect(FROM(device, len, "AAAAAAAAAAAAAAA", 15, key, 32), CLIQUET_ERR_BAD_NONCE_LENGTH);
    expect(FROM(device, len, "AAAAAAAAAAAAAAAAAAAA", 20, key, 32),
           CLIQUET_ERR_BAD_NONCE_LENGTH);
    expect(FROM(device, len, "", 0, key, 32), CLIQUET_ERR_BAD_NONCE_LENGTH);
    memcpy(bad_nonce, nonce, NS);
    bad_nonce[3] = '*';
    expect(FROM(device, len, bad_nonce, NS - 1, key, 32), CLIQUET_ERR_BAD_BASE64);
    /* One byte short, in canonical base64: the tag fails. */
    {
        uint8_t *raw = malloc(len);
        size_t raw_len = 0, text_len = 0;

        assert_non_null(raw);
        ok(cliquet_base64_decode(raw, len, &raw_len, device, len));
        ok(cliquet_base64_encode(copy, len + 1, &text_len, raw, raw_len - 1));
        expect(FROM(copy, text_len, nonce, NS - 1, key, 32), CLIQUET_ERR_PICKLE_BAD_KEY);
        free(raw);
    }
    expect(FROM(device, 20, nonce, NS - 1, key, 32), CLIQUET_ERR_PICKLE_CORRUPTED);
    expect(FROM("", 0, nonce, NS - 1, key, 32), CLIQUET_ERR_PICKLE_CORRUPTED);
    expect(FROM(device, 5, nonce, NS - 1, key, 32), CLIQUET_ERR_BAD_BASE64);
    expect(FROM(device, (size_t)3 << 20, nonce, NS - 1, key, 32),
           CLIQUET_ERR_INPUT_TOO_LARGE);
    /* Every character changed in turn: refused, as the tag or base64. */
    for (size_t i = 0; i < len; i++) {
        cliquet_status st;

        memcpy(copy, device, len);
        copy[i] = copy[i] == 'A' ? 'B' : 'A';
        st = FROM(copy, len, nonce, NS - 1, key, 32);
        if (st != CLIQUET_ERR_PICKLE_BAD_KEY && st != CLIQUET_ERR_BAD_BASE64) {
            fail_msg("character %zu changed: %s", i, cliquet_strerror(st));
        }
    }
#undef FROM
    assert_null(b);

    /* An account from a libolm pickle has no Ed25519 seed. */
    ok(cliquet_account_pickle_libolm(a, pickle, sizeof pickle, &plen, key, 32));
    ok(cliquet_account_unpickle_libolm(&libolm, key, 32, pickle, plen));
    expect(cliquet_account_to_dehydrated_device(libolm, small, sizeof small, &need, nonce, key,
                                                32),
           CLIQUET_ERR_ACCOUNT_NO_SEED);
    cliquet_account_free(libolm);
    /* The size rule: too small says the size and writes nothing. */
    memset(small, 'x', sizeof small);
    expect(cliquet_account_to_dehydrated_device(a, small, sizeof small, &need, nonce, key, 32),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(need, len + 1);
    assert_int_equal(small[0], 'x');
    expect(cliquet_account_to_dehydrated_device(a, small, sizeof small, &need, nonce, key, 16),
           CLIQUET_ERR_BAD_KEY_LENGTH);
    assert_int_equal(cliquet_dehydrated_device_key_bytes(), CLIQUET_DEHYDRATED_DEVICE_KEY_BYTES);
    assert_int_equal(cliquet_dehydrated_device_nonce_base64_size(),
                     CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE);
    assert_int_equal(cliquet_dehydrated_device_random_bytes(),
                     CLIQUET_DEHYDRATED_DEVICE_RANDOM_BYTES);
    free(copy);
    free(device);
    cliquet_account_free(a);
}

/* ---- the random bytes drawn ---------------------------------------------------- */

/* The system's random source, with every draw counted. */
static size_t draws, drawn_bytes;

static void counted_buf(void *const buf, const size_t size)
{
    draws++;
    drawn_bytes += size;
    randombytes_sysrandom_implementation.buf(buf, size);
}

static uint32_t counted_random(void)
{
    uint32_t x;

    counted_buf(&x, sizeof x);
    return x;
}

static const char *counted_name(void)
{
    return "cliquet test_dehydrated counted";
}

static struct randombytes_implementation counted_impl = {
    .implementation_name = counted_name,
    .random = counted_random,
    .buf = counted_buf,
};

static void test_nonce_drawn_only_to_seal(void **state)
{
    uint8_t key[32] = { 7 };
    char nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE];
    char *text;
    cliquet_account *a = NULL;
    size_t need = 0, len = 0;

    (void)state;
    ok(cliquet_account_new(&a));
    draws = drawn_bytes = 0;
    expect(cliquet_account_to_dehydrated_device(a, NULL, 0, &need, nonce, key, 32),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    expect(cliquet_account_to_dehydrated_device(a, NULL, 0, &need, nonce, key, 16),
           CLIQUET_ERR_BAD_KEY_LENGTH);
    assert_int_equal(draws, 0);
    text = malloc(need);
    assert_non_null(text);
    /* One character short of the size asked: still a size query. */
    expect(cliquet_account_to_dehydrated_device(a, text, need - 1, &len, nonce, key, 32),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(draws, 0);
    ok(cliquet_account_to_dehydrated_device(a, text, need, &len, nonce, key, 32));
    assert_int_equal(draws, 1);
    assert_int_equal(drawn_bytes, CLIQUET_DEHYDRATED_DEVICE_RANDOM_BYTES);
    assert_int_equal(len + 1, need);
    free(text);
    cliquet_account_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_round_trip_and_messages),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_nonce_drawn_only_to_seal),
    };

    /* Set before init, as libsodium asks; every draw still comes from
     * the system's source. */
    randombytes_set_implementation(&counted_impl);
    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
