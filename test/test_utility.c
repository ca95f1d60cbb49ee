/*
 * The utility API: SHA-256 as base64 and strict Ed25519 verification of
 * base64 inputs, against libolm's olm_sha256 / olm_ed25519_verify, libolm's
 * own test values (vectors/pk/libolm-tests-*.txt) and hostile input.
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
#include <olm/olm.h>
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "core/core.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "helpers/vectors.h"
#include "helpers/sha_paths.h"


static int setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_seed_init("test_utility");
    return 0;
}

static OlmUtility *ref_util(void)
{
    return olm_utility(malloc(olm_utility_size()));
}

static void ref_util_free(OlmUtility *u)
{
    olm_clear_utility(u);
    free(u);
}

/* ---- SHA-256 ------------------------------------------------------------------ */

static void test_sha256(void **state)
{
    cqt_vectors v;
    char digest[CLIQUET_SHA256_BASE64_SIZE], olm_digest[43];
    OlmUtility *u = ref_util();
    unsigned i;

    (void)state;
    assert_int_equal(cliquet_sha256_base64_size(), CLIQUET_SHA256_BASE64_SIZE);
    assert_int_equal(olm_sha256_length(u), (CLIQUET_SHA256_BASE64_SIZE - 1));
    cqt_vectors_open(&v, "vectors/pk/libolm-tests-sha256.txt", "message digest");
    while (cqt_vectors_next(&v)) {
        size_t n;
        const uint8_t *msg = cqt_hex(&v, "message", &n);

        assert_int_equal(cliquet_sha256_base64(digest, msg, n), CLIQUET_OK);
        assert_int_equal(strlen(cqt_str(&v, "digest")), 43);
        /* The text rule: the digest is a C string. */
        assert_string_equal(digest, cqt_str(&v, "digest"));
    }
    printf("utility sha256 vectors: %lu cases (libolm's tests)\n", v.cases);
    cqt_vectors_close(&v);
    for (i = 0; i < 100; i++) {
        uint8_t msg[300];
        size_t n = i * 3;

        cqt_stream(msg, n);
        assert_int_equal(cliquet_sha256_base64(digest, msg, n), CLIQUET_OK);
        assert_int_not_equal(olm_sha256(u, msg, n, olm_digest, 43), olm_error());
        assert_memory_equal(digest, olm_digest, 43);
        assert_int_equal(digest[43], '\0');
    }
    printf("utility sha256: 100 random cases identical with libolm\n");
    assert_int_equal(cliquet_sha256_base64(digest, NULL, 0), CLIQUET_OK);
    assert_int_equal(cliquet_sha256_base64(digest, NULL, 1), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sha256_base64(NULL, (const uint8_t *)"x", 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    ref_util_free(u);
}

/* ---- Ed25519 verification ------------------------------------------------------ */

static void test_verify_vectors(void **state)
{
    cqt_vectors v;
    unsigned long valid = 0, invalid = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pk/libolm-tests-verify.txt", "key message signature result");
    while (cqt_vectors_next(&v)) {
        size_t n;
        const uint8_t *msg = cqt_hex(&v, "message", &n);
        const char *key = cqt_str(&v, "key");
        const char *sig = cqt_str(&v, "signature");
        cliquet_status st = cliquet_ed25519_verify(key, strlen(key), msg, n, sig, strlen(sig));

        if (cqt_result_of(&v, "result") == CQT_VALID) {
            assert_int_equal(st, CLIQUET_OK);
            valid++;
        } else {
            assert_int_equal(st, CLIQUET_ERR_BAD_SIGNATURE);
            invalid++;
        }
    }
    cqt_vectors_close(&v);
    /* Every libolm-made signature in vectors/pk/signing.txt verifies. */
    cqt_vectors_open(&v, "vectors/pk/signing.txt", "seed message public signature");
    while (cqt_vectors_next(&v)) {
        size_t n;
        const uint8_t *msg = cqt_hex(&v, "message", &n);

        assert_int_equal(cliquet_ed25519_verify(cqt_str(&v, "public"), 43, msg, n,
                                                cqt_str(&v, "signature"), 86),
                         CLIQUET_OK);
        valid++;
    }
    cqt_vectors_close(&v);
    printf("utility ed25519 verify vectors: %lu cases (valid %lu, invalid %lu)\n",
           valid + invalid, valid, invalid);
}

/* A fresh key and signature of msg, as base64 text. */
static void sign(char key[44], char sig[87], const uint8_t *msg, size_t n)
{
    uint8_t pk[32], sk[64], raw[64], seed_bytes[32];

    cqt_stream(seed_bytes, 32);
    crypto_sign_seed_keypair(pk, sk, seed_bytes);
    crypto_sign_detached(raw, NULL, msg, n, sk);
    sodium_bin2base64(key, 44, pk, 32, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    sodium_bin2base64(sig, 87, raw, 64, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

static void test_verify_agrees_with_libolm(void **state)
{
    OlmUtility *u = ref_util();
    unsigned i, refused = 0;

    (void)state;
    for (i = 0; i < 200; i++) {
        uint8_t msg[100], raw[64];
        char key[44], sig[87], copy[87];
        size_t n = i % 100, len;
        cliquet_status st;
        size_t olm;

        cqt_stream(msg, n);
        sign(key, sig, msg, n);
        if (i % 2 == 1) {
            /* Flip one bit of the signature or, every fourth case, the message. */
            if (i % 4 == 1 || n == 0) {
                assert_int_equal(cq_base64_decode(raw, 64, &len, sig, 86), CLIQUET_OK);
                raw[i % 64] ^= (uint8_t)(1u << (i % 8));
                cq_base64_encode(sig, raw, 64);
            } else {
                msg[i % n] ^= 1;
            }
        }
        st = cliquet_ed25519_verify(key, 43, msg, n, sig, 86);
        memcpy(copy, sig, 86);
        olm = olm_ed25519_verify(u, key, 43, msg, n, copy, 86);
        assert_int_equal(st == CLIQUET_OK, olm != olm_error());
        assert_true(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_SIGNATURE);
        assert_int_equal(st == CLIQUET_OK, i % 2 == 0);
        refused += st != CLIQUET_OK;
    }
    printf("utility ed25519 verify: 200 random cases agree with libolm (%u refused)\n",
           refused);
    ref_util_free(u);
}

/* Strictness: forms a lax verifier accepts and libsodium refuses. */
static void test_verify_strict(void **state)
{
    /* The group order L, little-endian. */
    static const uint8_t order[32] = {
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x10,
    };
    uint8_t msg[16] = { 0 }, raw[64], pk[32];
    char key[44], sig[87], text[96];
    size_t len;
    unsigned carry = 0, k;

    (void)state;
    sign(key, sig, msg, sizeof msg);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, sizeof msg, sig, 86), CLIQUET_OK);

    /* S + L: the same signature in a non-canonical form (malleability). */
    assert_int_equal(cq_base64_decode(raw, 64, &len, sig, 86), CLIQUET_OK);
    for (k = 0; k < 32; k++) {
        unsigned s = raw[32 + k] + order[k] + carry;

        raw[32 + k] = (uint8_t)s;
        carry = s >> 8;
    }
    cq_base64_encode(text, raw, 64);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, sizeof msg, text, 86),
                     CLIQUET_ERR_BAD_SIGNATURE);

    /* A small-order public key (the identity) with a signature made for it
     * trivially: R = identity, S = 0 verifies for lax implementations. */
    memset(pk, 0, 32);
    pk[0] = 1;
    cq_base64_encode(key, pk, 32);
    memset(raw, 0, 64);
    raw[0] = 1;
    cq_base64_encode(text, raw, 64);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, sizeof msg, text, 86),
                     CLIQUET_ERR_BAD_SIGNATURE);
}

static void test_verify_bad_input(void **state)
{
    uint8_t msg[3] = { 1, 2, 3 };
    char key[44], sig[87], text[100];

    (void)state;
    sign(key, sig, msg, 3);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, sig, 86), CLIQUET_OK);
    /* Key: wrong length, padding, a bad character, 1 mod 4. */
    assert_int_equal(cliquet_ed25519_verify("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 42, msg,
                                            3, sig, 86),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    memcpy(text, key, 43);
    memcpy(text + 43, "AAAA", 4);
    assert_int_equal(cliquet_ed25519_verify(text, 47, msg, 3, sig, 86),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    text[43] = '=';
    assert_int_equal(cliquet_ed25519_verify(text, 44, msg, 3, sig, 86), CLIQUET_ERR_BAD_BASE64);
    memcpy(text, key, 43);
    text[7] = '_';
    assert_int_equal(cliquet_ed25519_verify(text, 43, msg, 3, sig, 86), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_ed25519_verify(key, 41, msg, 3, sig, 86), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_ed25519_verify(key, 0, msg, 3, sig, 86), CLIQUET_ERR_BAD_KEY_LENGTH);
    /* Signature: wrong length (a refusal, not a crash), bad base64. */
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, sig, 84), CLIQUET_ERR_BAD_SIGNATURE);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, sig, 0), CLIQUET_ERR_BAD_SIGNATURE);
    memcpy(text, sig, 86);
    memcpy(text + 86, "AA", 2);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, text, 88), CLIQUET_ERR_BAD_SIGNATURE);
    memcpy(text, sig, 86);
    text[85] = '!';
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, text, 86), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, sig, 85), CLIQUET_ERR_BAD_BASE64);
    /* Arguments. */
    assert_int_equal(cliquet_ed25519_verify(NULL, 43, msg, 3, sig, 86),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_ed25519_verify(key, 43, NULL, 3, sig, 86),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_ed25519_verify(key, 43, msg, 3, NULL, 86),
                     CLIQUET_ERR_INVALID_ARGUMENT);
}

/* ---- the strict base64 codec ---------------------------------------------------- */

#define B64_VARIANT sodium_base64_VARIANT_ORIGINAL_NO_PADDING

/*
 * Every length from 0 to 100: the encoding is libsodium's (standard
 * alphabet, no padding) with its NUL, and decoding gives the bytes back.
 * Size rule both ways: (NULL, 0) asks for the capacity, one byte short is
 * CLIQUET_ERR_OUTPUT_TOO_SMALL with nothing written, the exact capacity
 * succeeds and writes nothing past it.
 */
static void test_base64_round_trip(void **state)
{
    size_t n;

    (void)state;
    for (n = 0; n <= 100; n++) {
        uint8_t in[100], back[101], untouched[101];
        char ref[140], text[141], text_untouched[141];
        size_t text_len = 0, need = 0, len = 0, cap = sodium_base64_ENCODED_LEN(n, B64_VARIANT);

        cqt_stream(in, n);
        assert_non_null(sodium_bin2base64(ref, sizeof ref, in, n, B64_VARIANT));
        text_len = strlen(ref);
        assert_int_equal(cap, text_len + 1);
        assert_int_equal(text_len, (4 * n + 2) / 3); /* ceil(4n/3) */

        /* Encode: ask for the size. */
        assert_int_equal(cliquet_base64_encode(NULL, 0, &need, in, n),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(need, text_len + 1); /* the NUL counted */
        /* One byte short: refused, nothing written, the capacity given again. */
        memset(text, 0xa5, sizeof text);
        memcpy(text_untouched, text, sizeof text);
        len = 0;
        assert_int_equal(cliquet_base64_encode(text, need - 1, &len, in, n),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(len, need);
        assert_memory_equal(text, text_untouched, sizeof text);
        /* The exact capacity: the text and its NUL, nothing past them. */
        len = 12345;
        assert_int_equal(cliquet_base64_encode(text, need, &len, n == 0 ? NULL : in, n),
                         CLIQUET_OK);
        assert_int_equal(len, text_len); /* strlen: the NUL not counted */
        assert_memory_equal(text, ref, text_len + 1);
        assert_memory_equal(text + need, text_untouched + need, sizeof text - need);
        /* A larger capacity changes nothing. */
        assert_int_equal(cliquet_base64_encode(text, sizeof text, &len, in, n), CLIQUET_OK);
        assert_int_equal(len, text_len);
        assert_string_equal(text, ref);

        /* Decode: ask for the size (nothing to ask for an empty text). */
        need = 12345;
        if (n == 0) {
            assert_int_equal(cliquet_base64_decode(NULL, 0, &need, ref, 0), CLIQUET_OK);
            assert_int_equal(need, 0);
            assert_int_equal(cliquet_base64_decode(NULL, 0, &need, NULL, 0), CLIQUET_OK);
            assert_int_equal(need, 0);
            continue;
        }
        assert_int_equal(cliquet_base64_decode(NULL, 0, &need, ref, text_len),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(need, n);
        memset(back, 0xa5, sizeof back);
        memcpy(untouched, back, sizeof back);
        len = 0;
        assert_int_equal(cliquet_base64_decode(back, n - 1, &len, ref, text_len),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(len, n);
        assert_memory_equal(back, untouched, sizeof back);
        len = 12345;
        assert_int_equal(cliquet_base64_decode(back, n, &len, ref, text_len), CLIQUET_OK);
        assert_int_equal(len, n);
        assert_memory_equal(back, in, n);
        assert_memory_equal(back + n, untouched + n, sizeof back - n);
        /* And through cliquet's own encoding (no NUL read: text_len only). */
        memset(back, 0xa5, sizeof back);
        assert_int_equal(cliquet_base64_decode(back, sizeof back, &len, text, text_len),
                         CLIQUET_OK);
        assert_int_equal(len, n);
        assert_memory_equal(back, in, n);
    }
    printf("base64: lengths 0..100 round trip, identical with libsodium's encoder\n");
}

/*
 * A refused text: CLIQUET_ERR_BAD_BASE64 with ample room, and the output
 * and its length untouched (rule 4 of cliquet.h: a failed call changes
 * nothing).
 */
static void assert_refused(const char *text, size_t text_len)
{
    uint8_t out[64], untouched[64];
    size_t len = 777;

    memset(out, 0xa5, sizeof out);
    memcpy(untouched, out, sizeof out);
    assert_int_equal(cliquet_base64_decode(out, sizeof out, &len, text, text_len),
                     CLIQUET_ERR_BAD_BASE64);
    assert_memory_equal(out, untouched, sizeof out);
    assert_int_equal(len, 777);
    /* libsodium's strict decoder (no padding, no ignored characters) agrees,
     * on ASCII: libsodium 1.0.18 decodes bytes >= 0x80 as '/'. */
    {
        uint8_t bin[64];
        size_t bin_len, k;
        int ascii = 1;

        for (k = 0; k < text_len; k++) {
            ascii &= (unsigned char)text[k] < 0x80;
        }
        assert_true(!ascii || sodium_base642bin(bin, sizeof bin, text, text_len, NULL, &bin_len,
                                               NULL, B64_VARIANT) != 0);
    }
}

static void test_base64_refusals(void **state)
{
    uint8_t raw[32];
    char good[44], text[64];
    size_t len, good_len, i;

    (void)state;
    cqt_stream(raw, sizeof raw);
    assert_int_equal(cliquet_base64_encode(good, sizeof good, &good_len, raw, 32), CLIQUET_OK);
    assert_int_equal(good_len, 43);
    assert_int_equal(cliquet_base64_decode(raw, sizeof raw, &len, good, good_len), CLIQUET_OK);

    /* Padding '=': a padded text, and '=' in place of a character. */
    memcpy(text, good, 43);
    text[43] = '=';
    assert_refused(text, 44);
    assert_refused("AA==", 4);
    assert_refused("AAA=", 4);
    assert_refused("AAAA====", 8);
    memcpy(text, good, 43);
    text[10] = '=';
    assert_refused(text, 43);
    /* URL-safe characters '-' and '_' (where '+' and '/' would be). */
    memcpy(text, good, 43);
    text[5] = '-';
    assert_refused(text, 43);
    memcpy(text, good, 43);
    text[0] = '_';
    assert_refused(text, 43);
    assert_refused("-_-_", 4);
    /* A stray space: inside, first, last; and a newline, a NUL. */
    memcpy(text, good, 20);
    text[20] = ' ';
    memcpy(text + 21, good + 20, 23);
    assert_refused(text, 44);
    memcpy(text, good, 43);
    text[20] = ' ';
    assert_refused(text, 43);
    text[0] = ' ';
    memcpy(text + 1, good, 43);
    assert_refused(text, 44);
    memcpy(text, good, 43);
    text[42] = ' ';
    assert_refused(text, 43);
    memcpy(text, good, 43);
    text[42] = '\n';
    assert_refused(text, 43);
    assert_refused("AA\0A", 4);
    assert_refused(good, 44); /* the NUL counted as text */
    /* Other characters outside the alphabet. */
    for (i = 0; i < 256; i++) {
        if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                   (int)i) == NULL || i == 0) {
            memcpy(text, "AAAA", 4);
            text[2] = (char)i;
            assert_refused(text, 4);
        }
    }
    /* Length 1 mod 4: never base64, whatever the characters. */
    assert_refused("A", 1);
    assert_refused("AAAAA", 5);
    assert_refused(good, 41);
    for (i = 1; i <= 61; i += 4) {
        memset(text, 'A', i);
        assert_refused(text, i);
        /* Even with no room at all: the length is refused first. */
        assert_int_equal(cliquet_base64_decode(NULL, 0, &len, text, i), CLIQUET_ERR_BAD_BASE64);
    }
    /* Non-zero trailing bits: 2 characters carry 12 bits for 1 byte, 3
     * carry 18 bits for 2 bytes; the extra bits must be 0. */
    assert_refused("AB", 2);
    assert_refused("AP", 2);
    assert_refused("AAB", 3);
    assert_refused("AAD", 3);
    assert_refused("AAAAAB", 6);
    memcpy(text, good, 43);
    /* 43 characters carry 258 bits for 32 bytes: the last 2 must be 0. */
    for (i = 1; i < 4; i++) {
        static const char alphabet[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *at = strchr(alphabet, good[42]);

        assert_non_null(at);
        assert_int_equal((at - alphabet) & 3, 0);
        text[42] = alphabet[(size_t)(at - alphabet) | i];
        assert_refused(text, 43);
    }
    /* The zero-bit forms are accepted. */
    assert_int_equal(cliquet_base64_decode(raw, sizeof raw, &len, "AA", 2), CLIQUET_OK);
    assert_int_equal(len, 1);
    assert_int_equal(raw[0], 0);
    assert_int_equal(cliquet_base64_decode(raw, sizeof raw, &len, "AAE", 3), CLIQUET_OK);
    assert_int_equal(len, 2);

    /* Arguments. */
    assert_int_equal(cliquet_base64_encode(text, sizeof text, NULL, raw, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_base64_encode(text, sizeof text, &len, NULL, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_base64_decode(raw, sizeof raw, NULL, "AAAA", 4),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_base64_decode(raw, sizeof raw, &len, NULL, 4),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_base64_encode(text, sizeof text, &len, raw, SIZE_MAX / 2 + 1),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_int_equal(cliquet_base64_decode(raw, sizeof raw, &len, text, SIZE_MAX / 2 + 2),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
}

/* cliquet_wipe zeroes exactly the n bytes it is given; NULL with 0 is fine. */
static void test_wipe(void **state)
{
    uint8_t buf[40];

    (void)state;
    memset(buf, 0xa5, sizeof buf);
    cliquet_wipe(buf + 4, 32);
    assert_true(cqt_all_bytes(buf, 4, 0xa5));
    assert_true(cqt_all_bytes(buf + 4, 32, 0x00));
    assert_true(cqt_all_bytes(buf + 36, 4, 0xa5));
    cliquet_wipe(NULL, 0);
    cliquet_wipe(buf, 0);
    assert_int_equal(buf[0], 0xa5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_verify_vectors),
        cmocka_unit_test(test_verify_agrees_with_libolm),
        cmocka_unit_test(test_verify_strict),
        cmocka_unit_test(test_verify_bad_input),
        cmocka_unit_test(test_base64_round_trip),
        cmocka_unit_test(test_base64_refusals),
        cmocka_unit_test(test_wipe),
    };

    return cqt_run_on_sha256_paths("utility", tests,
                                   sizeof tests / sizeof tests[0], setup, NULL);
}
