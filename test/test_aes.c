/*
 * AES-256 and AES-256-CBC/PKCS#7 (lib/crypto/aes*.c, cbc.c), on both
 * implementations: the bitsliced one always, the AES-NI one when the CPU
 * has it. Standard vectors (FIPS-197, SP 800-38A), OpenSSL as an oracle at
 * every length 0..1024, refusals of bad lengths and bad padding, and the
 * two implementations against each other.
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "crypto/crypto.h"
#include "helpers/seed.h"
#include "helpers/vectors.h"

/* ---- shared test plumbing ---------------------------------------------- */

static uint64_t seed;
static uint64_t prng_state;

/* splitmix64: small, and enough for test inputs. */
static uint64_t prng_next(void)
{
    uint64_t z = (prng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static void prng_bytes(uint8_t *out, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        out[i] = (uint8_t)prng_next();
    }
}

/* The implementations this machine can run, bitsliced first. */
static cliquet_aes_impl impls[2];
static size_t n_impls;

static const char *impl_name(cliquet_aes_impl impl)
{
    return impl == CLIQUET_AES_HARDWARE ? "aes-ni" : "bitsliced";
}

static void use_impl(cliquet_aes_impl impl)
{
    assert_int_equal(cq_aes_select(impl), CLIQUET_OK);
    assert_int_equal(cq_aes_selected(), impl);
}

static int group_setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    seed = cqt_seed_init("aes");
    n_impls = 0;
    impls[n_impls++] = CLIQUET_AES_BITSLICED;
    if (cq_aes_hardware_available()) {
        impls[n_impls++] = CLIQUET_AES_HARDWARE;
    }
    printf("aes: paths tested: bitsliced%s\n",
           n_impls == 2 ? ", aes-ni" : " (no AES instructions on this CPU)");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    cq_aes_init_selection();
    return 0;
}

/* Each test starts from a known random stream, whatever ran before it. */
static int test_setup(void **state)
{
    (void)state;
    prng_state = seed;
    return 0;
}

/* ---- OpenSSL, the oracle ------------------------------------------------ */

/* AES-256-CBC with (pad = 1) or without PKCS#7 padding; returns the length. */
static size_t ossl_cbc(int encrypt, int pad, uint8_t *out, const uint8_t key[32],
                       const uint8_t iv[16], const uint8_t *in, size_t n)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len1 = 0;
    int len2 = 0;

    assert_non_null(c);
    assert_int_equal(EVP_CipherInit_ex(c, EVP_aes_256_cbc(), NULL, key, iv,
                                       encrypt),
                     1);
    assert_int_equal(EVP_CIPHER_CTX_set_padding(c, pad), 1);
    assert_int_equal(EVP_CipherUpdate(c, out, &len1, in, (int)n), 1);
    assert_int_equal(EVP_CipherFinal_ex(c, out + len1, &len2), 1);
    EVP_CIPHER_CTX_free(c);
    return (size_t)len1 + (size_t)len2;
}

static void ossl_ecb_encrypt(uint8_t *out, const uint8_t key[32],
                             const uint8_t *in, size_t n)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len1 = 0;
    int len2 = 0;

    assert_non_null(c);
    assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_256_ecb(), NULL, key, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_set_padding(c, 0), 1);
    assert_int_equal(EVP_EncryptUpdate(c, out, &len1, in, (int)n), 1);
    assert_int_equal(EVP_EncryptFinal_ex(c, out + len1, &len2), 1);
    assert_int_equal((size_t)len1 + (size_t)len2, n);
    EVP_CIPHER_CTX_free(c);
}

/* ---- FIPS-197 and SP 800-38A -------------------------------------------- */

static const char *sp800_key =
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
static const char *sp800_plain =
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710";

/* spec: FIPS-197 §5.3: the same vector through the inverse cipher */
/* spec: FIPS-197 §5.1: the vector of Appendix C.3, "AES-256 (Nk=8, Nr=14)" */
static void test_fips197_c3(void **state)
{
    uint8_t key[32], pt[16], ct[16], out[16];
    cq_aes256 ctx;
    size_t i;
    unsigned cases = 0;

    (void)state;
    cqt_unhex(key, 32, "000102030405060708090a0b0c0d0e0f"
                       "101112131415161718191a1b1c1d1e1f");
    cqt_unhex(pt, 16, "00112233445566778899aabbccddeeff");
    cqt_unhex(ct, 16, "8ea2b7ca516745bfeafc49904b496089");
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        cq_aes256_init(&ctx, key);
        assert_int_equal(ctx.impl, (int)impls[i]);
        cq_aes256_encrypt_block(&ctx, out, pt);
        assert_memory_equal(out, ct, 16);
        cq_aes256_decrypt_block(&ctx, out, ct);
        assert_memory_equal(out, pt, 16);
        /* In place. */
        memcpy(out, pt, 16);
        cq_aes256_encrypt_block(&ctx, out, out);
        assert_memory_equal(out, ct, 16);
        cq_aes256_decrypt_block(&ctx, out, out);
        assert_memory_equal(out, pt, 16);
        cq_aes256_clear(&ctx);
        cases += 2;
    }
    printf("fips-197 c.3 aes-256: %u cases (encrypt and decrypt on %zu paths)\n",
           cases, n_impls);
}

/*
 * spec: SP 800-38A §6.1: vectors F.1.5 "ECB-AES256.Encrypt" and F.1.6:
 * the four blocks one at a time, and in every split of calls of 1..4 blocks
 * (the bitsliced code fills its four lanes partly), and in place.
 */
static void test_sp800_38a_ecb(void **state)
{
    uint8_t key[32], pt[64], ct[64], out[64];
    cq_aes256 ctx;
    size_t i, b, step;
    unsigned cases = 0;

    (void)state;
    cqt_unhex(key, 32, sp800_key);
    cqt_unhex(pt, 64, sp800_plain);
    cqt_unhex(ct, 64, "f3eed1bdb5d2a03c064b5a7e3db181f8"
                      "591ccb10d410ed26dc5ba74a31362870"
                      "b6ed21b99ca6f4f9f153e7b1beafed1d"
                      "23304b7a39f9f3ff067d8d8f9e24ecc7");
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        cq_aes256_init(&ctx, key);
        for (b = 0; b < 4; b++) {
            cq_aes256_encrypt_block(&ctx, out, pt + 16 * b);
            assert_memory_equal(out, ct + 16 * b, 16);
            cq_aes256_decrypt_block(&ctx, out, ct + 16 * b);
            assert_memory_equal(out, pt + 16 * b, 16);
            cases += 2;
        }
        for (step = 1; step <= 4; step++) {
            memset(out, 0, sizeof out);
            for (b = 0; b < 4; b += step) {
                size_t n = 4 - b < step ? 4 - b : step;
                cq_aes256_encrypt_blocks(&ctx, out + 16 * b, pt + 16 * b, n);
            }
            assert_memory_equal(out, ct, 64);
            for (b = 0; b < 4; b += step) {
                size_t n = 4 - b < step ? 4 - b : step;
                cq_aes256_decrypt_blocks(&ctx, out + 16 * b, out + 16 * b, n);
            }
            assert_memory_equal(out, pt, 64);
            cases += 2;
        }
        cq_aes256_clear(&ctx);
    }
    printf("sp 800-38a f.1.5/f.1.6 ecb-aes256: %u cases\n", cases);
}

/*
 * spec: SP 800-38A §6.2: vectors F.2.5 "CBC-AES256.Encrypt" and F.2.6.
 * Raw CBC (no padding) through the block calls; then the padded functions,
 * whose output starts with the same 64 bytes and adds a block of padding.
 */
static void test_sp800_38a_cbc(void **state)
{
    uint8_t key[32], iv[16], pt[64], ct[64], out[80], back[80], x[16];
    cq_aes256 ctx;
    size_t i, b, out_len = 0;
    unsigned cases = 0;

    (void)state;
    cqt_unhex(key, 32, sp800_key);
    cqt_unhex(iv, 16, "000102030405060708090a0b0c0d0e0f");
    cqt_unhex(pt, 64, sp800_plain);
    cqt_unhex(ct, 64, "f58c4c04d6e5f1ba779eabfb5f7bfbd6"
                      "9cfc4e967edb808d679f777bc6702c7d"
                      "39f23369a9d9bacfa530e26304231461"
                      "b2eb05e2c39be9fcda6c19078c6a9d1b");
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        cq_aes256_init(&ctx, key);
        for (b = 0; b < 4; b++) {
            const uint8_t *prev = b == 0 ? iv : ct + 16 * (b - 1);
            size_t j;
            for (j = 0; j < 16; j++) {
                x[j] = pt[16 * b + j] ^ prev[j];
            }
            cq_aes256_encrypt_block(&ctx, out + 16 * b, x);
        }
        assert_memory_equal(out, ct, 64);
        cq_aes256_decrypt_blocks(&ctx, out, ct, 4);
        for (b = 0; b < 64; b++) {
            out[b] ^= b < 16 ? iv[b] : ct[b - 16];
        }
        assert_memory_equal(out, pt, 64);
        cq_aes256_clear(&ctx);
        cases += 2;

        assert_int_equal(cq_cbc_ciphertext_len(64), 80);
        cq_aes256_cbc_encrypt(out, key, iv, pt, 64);
        assert_memory_equal(out, ct, 64);
        assert_int_equal(cq_aes256_cbc_decrypt(back, &out_len, key, iv, out, 80),
                         CLIQUET_OK);
        assert_int_equal(out_len, 64);
        assert_memory_equal(back, pt, 64);
        cases += 2;
    }
    printf("sp 800-38a f.2.5/f.2.6 cbc-aes256: %u cases\n", cases);
}

/* ---- OpenSSL cross-check at every length -------------------------------- */

#define MAX_LEN 1024

/* spec: SP 800-38A §6.2 */
/*
 * For each length 0..1024, a random key, IV and plaintext: cliquet's
 * ciphertext must equal OpenSSL's byte for byte, and cliquet must decrypt
 * it, both into another buffer and in place.
 */
static void test_cbc_against_openssl(void **state)
{
    static uint8_t pt[MAX_LEN], ct[MAX_LEN + 16], ref[MAX_LEN + 32],
        back[MAX_LEN + 16];
    uint8_t key[32], iv[16];
    size_t i, n, ct_len, out_len;
    unsigned cases = 0;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        for (n = 0; n <= MAX_LEN; n++) {
            prng_bytes(key, 32);
            prng_bytes(iv, 16);
            prng_bytes(pt, n);
            ct_len = cq_cbc_ciphertext_len(n);
            assert_int_equal(ct_len, (n / 16 + 1) * 16);
            cq_aes256_cbc_encrypt(ct, key, iv, pt, n);
            assert_int_equal(ossl_cbc(1, 1, ref, key, iv, pt, n), ct_len);
            assert_memory_equal(ct, ref, ct_len);

            out_len = 0;
            assert_int_equal(cq_aes256_cbc_decrypt(back, &out_len, key, iv, ct,
                                                   ct_len),
                             CLIQUET_OK);
            assert_int_equal(out_len, n);
            assert_memory_equal(back, pt, n);

            /* In place, both ways. */
            memcpy(back, pt, n);
            cq_aes256_cbc_encrypt(back, key, iv, back, n);
            assert_memory_equal(back, ref, ct_len);
            out_len = 0;
            assert_int_equal(cq_aes256_cbc_decrypt(back, &out_len, key, iv, back,
                                                   ct_len),
                             CLIQUET_OK);
            assert_int_equal(out_len, n);
            assert_memory_equal(back, pt, n);
            cases++;
        }
        printf("aes-256-cbc-pkcs7 vs openssl (%s): %u lengths 0..%d\n",
               impl_name(impls[i]), cases, MAX_LEN);
        cases = 0;
    }
}

/* ---- refusals ------------------------------------------------------------ */

/* Lengths that are 0 or not a multiple of 16: refused, nothing written. */
static void test_cbc_bad_length(void **state)
{
    static const size_t bad[] = {0, 1, 15, 17, 31, 33, 1023};
    uint8_t key[32], iv[16], in[1040], out[1040];
    size_t i, k, out_len;
    unsigned cases = 0;

    (void)state;
    prng_bytes(key, 32);
    prng_bytes(iv, 16);
    prng_bytes(in, sizeof in);
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            size_t j;
            memset(out, 0xA5, sizeof out);
            out_len = 12345;
            assert_int_equal(cq_aes256_cbc_decrypt(out, &out_len, key, iv, in,
                                                   bad[k]),
                             CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH);
            for (j = 0; j < sizeof out; j++) {
                assert_int_equal(out[j], 0xA5);
            }
            assert_int_equal(out_len, 12345);
            cases++;
        }
    }
    printf("aes-256-cbc bad lengths: %u cases (0, 1, 15, 17, 31, 33, 1023)\n",
           cases);
}

/*
 * Decrypts the raw CBC encryption (by OpenSSL, without padding) of the
 * n_blocks * 16 bytes in plain, whose last block holds the padding under
 * test; out starts filled with a canary.
 */
static cliquet_status decrypt_crafted(const uint8_t *plain, size_t n_blocks,
                                      uint8_t *out, size_t *out_len)
{
    uint8_t key[32], iv[16], ct[64];
    size_t n = 16 * n_blocks;

    prng_bytes(key, 32);
    prng_bytes(iv, 16);
    assert_int_equal(ossl_cbc(1, 0, ct, key, iv, plain, n), n);
    memset(out, 0xA5, 64);
    return cq_aes256_cbc_decrypt(out, out_len, key, iv, ct, n);
}

static void expect_bad_padding(const uint8_t *plain, size_t n_blocks)
{
    uint8_t out[64];
    size_t out_len = 777, j;

    assert_int_equal(decrypt_crafted(plain, n_blocks, out, &out_len),
                     CLIQUET_ERR_BAD_PADDING);
    for (j = 0; j < 16 * n_blocks; j++) {
        assert_int_equal(out[j], 0);
    }
    for (; j < sizeof out; j++) {
        assert_int_equal(out[j], 0xA5);
    }
    assert_int_equal(out_len, 777);
}

/*
 * spec: RFC 5652 §6.3: "the input shall be padded at the trailing end with
 * k-(lth mod k) octets all having value k-(lth mod k)". Every way of
 * breaking that is refused, with out wiped; every valid padding is taken.
 */
static void test_cbc_padding(void **state)
{
    static const uint8_t bad_last[] = {0, 17, 18, 32, 128, 255};
    uint8_t plain[64], out[64];
    size_t i, k, n_blocks, out_len;
    unsigned p, pos;
    unsigned refused = 0, accepted = 0;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        for (n_blocks = 1; n_blocks <= 4; n_blocks++) {
            uint8_t *last = plain + 16 * (n_blocks - 1);
            /* A last byte that is no padding length. */
            for (k = 0; k < sizeof bad_last; k++) {
                prng_bytes(plain, sizeof plain);
                last[15] = bad_last[k];
                expect_bad_padding(plain, n_blocks);
                refused++;
            }
            for (p = 1; p <= 16; p++) {
                /* Valid. */
                prng_bytes(plain, sizeof plain);
                memset(last + 16 - p, (int)p, p);
                out_len = 0;
                assert_int_equal(decrypt_crafted(plain, n_blocks, out, &out_len),
                                 CLIQUET_OK);
                assert_int_equal(out_len, 16 * n_blocks - p);
                assert_memory_equal(out, plain, out_len);
                accepted++;
                /* One padding byte other than the last one is wrong, at
                 * each position, by one bit and by a whole value. */
                for (pos = 16 - p; pos < 15; pos++) {
                    memset(last + 16 - p, (int)p, p);
                    last[pos] = (uint8_t)(p ^ 1);
                    expect_bad_padding(plain, n_blocks);
                    last[pos] = (uint8_t)(p + 1);
                    expect_bad_padding(plain, n_blocks);
                    last[pos] = 0;
                    expect_bad_padding(plain, n_blocks);
                    refused += 3;
                }
            }
        }
    }
    printf("aes-256-cbc pkcs7 padding: %u cases (refused %u, accepted %u)\n",
           refused + accepted, refused, accepted);
}

/* ---- the two implementations against each other --------------------------- */

#define AGREE_KEYS 1000
#define AGREE_MAX_BLOCKS 9

/* spec: FIPS-197 §5.1 */
/* spec: FIPS-197 §5.3 */
/*
 * Random keys and 1..9 random blocks: each implementation's encryption
 * equals OpenSSL's ECB and the others', and decryption inverts it. A
 * schedule keeps working after the selection changes.
 */
static void test_implementations_agree(void **state)
{
    uint8_t key[32], pt[16 * AGREE_MAX_BLOCKS], ref[sizeof pt],
        out[sizeof pt], back[sizeof pt], dec[sizeof pt];
    cq_aes256 ctx[2];
    size_t i, k, n;
    unsigned cases = 0;

    (void)state;
    for (k = 0; k < AGREE_KEYS; k++) {
        prng_bytes(key, 32);
        n = 1 + (size_t)(prng_next() % AGREE_MAX_BLOCKS);
        prng_bytes(pt, 16 * n);
        ossl_ecb_encrypt(ref, key, pt, 16 * n);
        for (i = 0; i < n_impls; i++) {
            use_impl(impls[i]);
            cq_aes256_init(&ctx[i], key);
        }
        /* Switch the selection: each schedule still goes to its own code. */
        use_impl(impls[0]);
        for (i = 0; i < n_impls; i++) {
            cq_aes256_encrypt_blocks(&ctx[i], out, pt, n);
            assert_memory_equal(out, ref, 16 * n);
            cq_aes256_decrypt_blocks(&ctx[i], back, ref, n);
            assert_memory_equal(back, pt, 16 * n);
            /* Random blocks as ciphertext: both decrypt them alike. */
            cq_aes256_decrypt_blocks(&ctx[i], out, pt, n);
            if (i == 0) {
                memcpy(dec, out, 16 * n);
            } else {
                assert_memory_equal(out, dec, 16 * n);
            }
            cq_aes256_encrypt_blocks(&ctx[i], back, out, n);
            assert_memory_equal(back, pt, 16 * n);
            cases++;
        }
        for (i = 0; i < n_impls; i++) {
            cq_aes256_clear(&ctx[i]);
        }
    }
    printf("aes-256 implementations agree: %u cases (%d keys, %s%s, vs openssl ecb)\n",
           cases, AGREE_KEYS, impl_name(impls[0]),
           n_impls == 2 ? " and aes-ni" : " only");
}

/* ---- selection and wiping ------------------------------------------------- */

static void test_selection(void **state)
{
    cliquet_aes_impl picked;
    cq_aes256 ctx;
    uint8_t key[32];
    size_t j;

    (void)state;
    cq_aes_init_selection();
    picked = cq_aes_selected();
    assert_int_equal(picked, cq_aes_hardware_available() ? CLIQUET_AES_HARDWARE
                                                         : CLIQUET_AES_BITSLICED);
    assert_int_equal(cliquet_aes_implementation(&picked), CLIQUET_OK);
    assert_int_equal(picked, cq_aes_selected());

    assert_int_equal(cq_aes_select(CLIQUET_AES_BITSLICED), CLIQUET_OK);
    assert_int_equal(cq_aes_selected(), CLIQUET_AES_BITSLICED);
    if (cq_aes_hardware_available()) {
        assert_int_equal(cq_aes_select(CLIQUET_AES_HARDWARE), CLIQUET_OK);
        assert_int_equal(cq_aes_selected(), CLIQUET_AES_HARDWARE);
    } else {
        assert_int_equal(cq_aes_select(CLIQUET_AES_HARDWARE),
                         CLIQUET_ERR_UNSUPPORTED);
        assert_int_equal(cq_aes_selected(), CLIQUET_AES_BITSLICED);
    }
    assert_int_equal(cq_aes_select((cliquet_aes_impl)7),
                     CLIQUET_ERR_INVALID_ARGUMENT);

    /* A cleared schedule holds nothing. */
    prng_bytes(key, 32);
    cq_aes256_init(&ctx, key);
    cq_aes256_clear(&ctx);
    for (j = 0; j < sizeof ctx; j++) {
        assert_int_equal(((const uint8_t *)&ctx)[j], 0);
    }
    cq_aes_init_selection();
    printf("aes selection: %s by default; hardware select %s\n",
           impl_name(cq_aes_selected()),
           cq_aes_hardware_available() ? "accepted" : "refused (unsupported)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_fips197_c3, test_setup),
        cmocka_unit_test_setup(test_sp800_38a_ecb, test_setup),
        cmocka_unit_test_setup(test_sp800_38a_cbc, test_setup),
        cmocka_unit_test_setup(test_cbc_against_openssl, test_setup),
        cmocka_unit_test_setup(test_cbc_bad_length, test_setup),
        cmocka_unit_test_setup(test_cbc_padding, test_setup),
        cmocka_unit_test_setup(test_implementations_agree, test_setup),
        cmocka_unit_test_setup(test_selection, test_setup),
    };
    return cmocka_run_group_tests_name("aes", tests, group_setup,
                                       group_teardown);
}
