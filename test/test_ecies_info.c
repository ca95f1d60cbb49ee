/*
 * The ECIES channel's application info prefix (since 1.2; vodozemac's
 * Ecies::with_info, src/ecies/mod.rs; docs/ecies.md):
 *   - vectors/ecies/info.txt, computed by vectors/gen/gen_ecies_info.py
 *     with OpenSSL (through Python's cryptography) from vodozemac's
 *     construction: the initial message, every later message both ways and
 *     the check code, byte for byte, for five prefixes (the default one,
 *     empty, ASCII, UTF-8 with a '|', and 128 bytes, cliquet's bound); the
 *     default prefix's case also through cliquet_ecies_channel_new;
 *   - domain separation: a channel with another prefix (one byte changed,
 *     one byte shorter, the default) refuses the initial message, stays
 *     fresh, and can still be established with the right side;
 *   - the bound and the arguments: 129 bytes refused, NULL only with 0.
 * The vendored vodozemac (matrix-sdk-crypto-wasm 18.9.0) has no with_info
 * in its JavaScript API, so there is no live test of a custom prefix; the
 * default prefix is checked live by test_ecies.
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
#include "helpers/vectors.h"

#define FIELDS                                                                         \
    "info g_random s_random check_code_bytes check_code initial_plaintext "             \
    "initial_message s_plaintext s_message g_plaintext g_message"

static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

/* A fresh channel with the vector's prefix and private key. */
static cliquet_ecies_channel *channel(const uint8_t *info, size_t info_len,
                                      const uint8_t *random)
{
    cliquet_ecies_channel *c = NULL;

    ok(cliquet_ecies_channel_new_with_info_and_random(&c, (const char *)info, info_len,
                                                      random, CLIQUET_ECIES_CHANNEL_RANDOM_BYTES));
    return c;
}

/* Encrypts plaintext on c and checks the text is want. */
static void sends(cliquet_ecies_channel *c, const uint8_t *pt, size_t pt_len, const char *want)
{
    char text[512];
    size_t len = 0;

    ok(cliquet_ecies_channel_encrypt(c, text, sizeof text, &len, pt, pt_len));
    assert_int_equal(len, strlen(want));
    assert_string_equal(text, want);
}

/* Decrypts text on c and checks the plaintext is want. */
static void receives(cliquet_ecies_channel *c, const char *text, const uint8_t *want,
                     size_t want_len)
{
    uint8_t pt[512];
    size_t len = 0;

    ok(cliquet_ecies_channel_decrypt(c, text, strlen(text), pt, sizeof pt, &len));
    assert_int_equal(len, want_len);
    assert_memory_equal(pt, want, len);
}

/* One transcript: S (initiator) and G (recipient) built by the two makers. */
static void run_case(cqt_vectors *v, cliquet_ecies_channel *g, cliquet_ecies_channel *s)
{
    size_t initial_len, s_len, g_len, code_len, len = 0;
    const uint8_t *initial = cqt_hex(v, "initial_plaintext", &initial_len);
    const uint8_t *s_pt = cqt_hex(v, "s_plaintext", &s_len);
    const uint8_t *g_pt = cqt_hex(v, "g_plaintext", &g_len);
    const uint8_t *code = cqt_hex(v, "check_code_bytes", &code_len);
    const char *initial_message = cqt_str(v, "initial_message");
    char g_key[CLIQUET_KEY_BASE64_SIZE], text[512];
    uint8_t pt[512], bytes[CLIQUET_ECIES_CHECK_CODE_BYTES];
    unsigned digits = 0;

    ok(cliquet_ecies_channel_public_key(g, g_key));
    ok(cliquet_ecies_channel_establish_outbound(s, g_key, strlen(g_key), text, sizeof text,
                                                &len, initial, initial_len));
    assert_string_equal(text, initial_message);
    ok(cliquet_ecies_channel_establish_inbound(g, initial_message, strlen(initial_message), pt,
                                               sizeof pt, &len));
    assert_int_equal(len, initial_len);
    assert_memory_equal(pt, initial, len);
    assert_int_equal(code_len, sizeof bytes);
    ok(cliquet_ecies_channel_check_code_bytes(g, bytes));
    assert_memory_equal(bytes, code, sizeof bytes);
    ok(cliquet_ecies_channel_check_code_bytes(s, bytes));
    assert_memory_equal(bytes, code, sizeof bytes);
    ok(cliquet_ecies_channel_check_code(s, &digits));
    assert_int_equal(digits, cqt_num(v, "check_code"));
    sends(s, s_pt, s_len, cqt_str(v, "s_message"));
    receives(g, cqt_str(v, "s_message"), s_pt, s_len);
    sends(g, g_pt, g_len, cqt_str(v, "g_message"));
    receives(s, cqt_str(v, "g_message"), g_pt, g_len);
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
}

static unsigned long default_cases;

static void one_vector(cqt_vectors *v)
{
    size_t info_len, g_len, s_len;
    const uint8_t *info = cqt_hex(v, "info", &info_len);
    const uint8_t *g_random = cqt_hex(v, "g_random", &g_len);
    const uint8_t *s_random = cqt_hex(v, "s_random", &s_len);
    cliquet_ecies_channel *g, *s;

    assert_int_equal(g_len, CLIQUET_ECIES_CHANNEL_RANDOM_BYTES);
    assert_int_equal(s_len, CLIQUET_ECIES_CHANNEL_RANDOM_BYTES);
    run_case(v, channel(info, info_len, g_random), channel(info, info_len, s_random));
    /* The default prefix: the same transcript from the 1.1 constructor. */
    if (info_len == 20 && memcmp(info, "MATRIX_QR_CODE_LOGIN", 20) == 0) {
        ok(cliquet_ecies_channel_new_with_random(&g, g_random, g_len));
        ok(cliquet_ecies_channel_new_with_random(&s, s_random, s_len));
        run_case(v, g, s);
        default_cases++;
    }
}

static void test_vectors(void **state)
{
    unsigned long n;

    (void)state;
    n = cqt_vectors_each("vectors/ecies/info.txt", FIELDS, one_vector);
    printf("vectors/ecies/info.txt: %lu channels byte for byte as vodozemac's with_info "
           "derives them\n", n);
    assert_int_equal(n, 5);
    assert_int_equal(default_cases, 1);
}

/* Sends an initial message from an S with info_s to a G with info_g. */
static cliquet_status initial_between(const char *info_s, size_t s_len, const char *info_g,
                                      size_t g_len, cliquet_ecies_channel **g_out)
{
    cliquet_ecies_channel *s, *g;
    char g_key[CLIQUET_KEY_BASE64_SIZE], text[256];
    uint8_t pt[64];
    size_t len = 0;
    cliquet_status st;

    ok(cliquet_ecies_channel_new_with_info(&s, info_s, s_len));
    ok(cliquet_ecies_channel_new_with_info(&g, info_g, g_len));
    ok(cliquet_ecies_channel_public_key(g, g_key));
    ok(cliquet_ecies_channel_establish_outbound(s, g_key, strlen(g_key), text, sizeof text,
                                                &len, (const uint8_t *)"hello", 5));
    st = cliquet_ecies_channel_establish_inbound(g, text, len, pt, sizeof pt, &len);
    cliquet_ecies_channel_free(s);
    *g_out = g;
    return st;
}

static void test_domain_separation(void **state)
{
    static const char info[] = "ORG_EXAMPLE_CHANNEL";
    static const char other[] = "ORG_EXAMPLE_CHANNEl";
    cliquet_ecies_channel *g, *s;
    char g_key[CLIQUET_KEY_BASE64_SIZE], text[256];
    uint8_t pt[64];
    size_t len = 0;
    unsigned code = 0;

    (void)state;
    ok(initial_between(info, sizeof info - 1, info, sizeof info - 1, &g));
    cliquet_ecies_channel_free(g);
    assert_int_equal(initial_between(info, sizeof info - 1, other, sizeof other - 1, &g),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    cliquet_ecies_channel_free(g);
    assert_int_equal(initial_between(info, sizeof info - 1, info, sizeof info - 2, &g),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    cliquet_ecies_channel_free(g);
    assert_int_equal(initial_between("MATRIX_QR_CODE_LOGIN", 20, info, sizeof info - 1, &g),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    /* Refused, g is still fresh: the right initiator can establish with it. */
    assert_int_equal(cliquet_ecies_channel_check_code(g, &code),
                     CLIQUET_ERR_ECIES_NOT_ESTABLISHED);
    ok(cliquet_ecies_channel_new_with_info(&s, info, sizeof info - 1));
    ok(cliquet_ecies_channel_public_key(g, g_key));
    ok(cliquet_ecies_channel_establish_outbound(s, g_key, strlen(g_key), text, sizeof text,
                                                &len, (const uint8_t *)"again", 5));
    ok(cliquet_ecies_channel_establish_inbound(g, text, len, pt, sizeof pt, &len));
    assert_int_equal(len, 5);
    assert_memory_equal(pt, "again", 5);
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
    /* A channel of the default constructor is not one with the default's
     * prefix written out by hand: the prefix is exactly the 20 bytes. */
    assert_int_equal(initial_between("MATRIX_QR_CODE_LOGIN ", 21, "MATRIX_QR_CODE_LOGIN", 20,
                                     &g),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    cliquet_ecies_channel_free(g);
}

static void test_bound(void **state)
{
    char info[CLIQUET_ECIES_MAX_INFO_BYTES + 1];
    uint8_t random[CLIQUET_ECIES_CHANNEL_RANDOM_BYTES] = { 1 };
    cliquet_ecies_channel *c = NULL;

    (void)state;
    assert_int_equal(cliquet_ecies_max_info_bytes(), CLIQUET_ECIES_MAX_INFO_BYTES);
    assert_int_equal(CLIQUET_ECIES_MAX_INFO_BYTES, 128);
    memset(info, 'x', sizeof info);
    assert_int_equal(cliquet_ecies_channel_new_with_info(&c, info, sizeof info),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_int_equal(cliquet_ecies_channel_new_with_info_and_random(&c, info, sizeof info,
                                                                    random, sizeof random),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_null(c);
    assert_int_equal(cliquet_ecies_channel_new_with_info(&c, NULL, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_null(c);
    ok(cliquet_ecies_channel_new_with_info(&c, info, sizeof info - 1));
    cliquet_ecies_channel_free(c);
    ok(cliquet_ecies_channel_new_with_info(&c, NULL, 0));
    cliquet_ecies_channel_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_domain_separation),
        cmocka_unit_test(test_bound),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
