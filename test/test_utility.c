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
#include "core/core.h"
#include "helpers/seed.h"
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
    char digest[43], olm_digest[43];
    OlmUtility *u = ref_util();
    unsigned i;

    (void)state;
    assert_int_equal(cliquet_sha256_base64_bytes(), CLIQUET_SHA256_BASE64_BYTES);
    assert_int_equal(olm_sha256_length(u), CLIQUET_SHA256_BASE64_BYTES);
    cqt_vectors_open(&v, "vectors/pk/libolm-tests-sha256.txt", "message digest");
    while (cqt_vectors_next(&v)) {
        size_t n;
        const uint8_t *msg = cqt_hex(&v, "message", &n);

        assert_int_equal(cliquet_sha256_base64(digest, msg, n), CLIQUET_OK);
        assert_int_equal(strlen(cqt_str(&v, "digest")), 43);
        assert_memory_equal(digest, cqt_str(&v, "digest"), 43);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_verify_vectors),
        cmocka_unit_test(test_verify_agrees_with_libolm),
        cmocka_unit_test(test_verify_strict),
        cmocka_unit_test(test_verify_bad_input),
    };

    return cqt_run_on_sha256_paths("utility", tests,
                                   sizeof tests / sizeof tests[0], setup, NULL);
}
