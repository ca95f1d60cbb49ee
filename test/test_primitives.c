/*
 * The libsodium-backed primitives against their standards' own vectors:
 * SHA-256 (FIPS 180-2), HMAC-SHA-256 (RFC 4231), HKDF-SHA-256 (RFC 5869),
 * X25519 (RFC 7748) and Ed25519 (RFC 8032), then the properties cliquet
 * adds: refusal of all-zero X25519 results, and signing with a libolm-style
 * expanded key giving the very signatures the seed gives. OpenSSL serves
 * as an independent HMAC oracle. Random tests print their seed and take
 * one from CLIQUET_SEED to replay.
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
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "crypto/crypto.h"
#include "helpers/seed.h"
#include "helpers/vectors.h"
#include "helpers/sha_paths.h"

/* ---- reproducible randomness -------------------------------------------- */

static size_t rng_below(size_t bound)
{
    uint8_t b[4];

    cqt_stream(b, sizeof b);
    return (((size_t)b[0] << 24) | ((size_t)b[1] << 16) | ((size_t)b[2] << 8) | b[3]) % bound;
}

static int setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_seed_init("test_primitives");
    return 0;
}

/* ---- SHA-256 and HMAC-SHA-256 -------------------------------------------- */

static void test_sha256_fips180(void **state)
{
    static const char two_blocks[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint8_t want[32];
    uint8_t got[32];

    (void)state;
    /* FIPS 180-2 Appendix B.1 and B.2. */
    cqt_unhex(want, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cq_sha256(got, (const uint8_t *)"abc", 3);
    assert_memory_equal(got, want, 32);
    cqt_unhex(want, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    cq_sha256(got, (const uint8_t *)two_blocks, sizeof two_blocks - 1);
    assert_memory_equal(got, want, 32);
}

/* RFC 4231 test cases 6 and 7: a 131-byte key, longer than SHA-256's
 * 64-byte block, which HMAC must hash first (RFC 2104 §2). */
static void test_hmac_key_longer_than_block(void **state)
{
    static const char msg6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
    static const char msg7[] =
        "This is a test using a larger than block-size key and a larger than "
        "block-size data. The key needs to be hashed before being used by the "
        "HMAC algorithm.";
    uint8_t key[131];
    uint8_t hashed_key[32];
    uint8_t want[32];
    uint8_t got[32];

    (void)state;
    memset(key, 0xaa, sizeof key);
    cqt_unhex(want, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    cq_hmac_sha256(got, key, sizeof key, (const uint8_t *)msg6, sizeof msg6 - 1);
    assert_memory_equal(got, want, 32);
    cqt_unhex(want, 32, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    cq_hmac_sha256(got, key, sizeof key, (const uint8_t *)msg7, sizeof msg7 - 1);
    assert_memory_equal(got, want, 32);
    /* The same MAC with the key's hash as key. */
    cq_sha256(hashed_key, key, sizeof key);
    cq_hmac_sha256(got, hashed_key, sizeof hashed_key, (const uint8_t *)msg7,
                   sizeof msg7 - 1);
    assert_memory_equal(got, want, 32);
}

/* Keys of every length 0..200 (both sides of 64) and random messages,
 * against OpenSSL's HMAC. */
static void test_hmac_against_openssl(void **state)
{
    uint8_t key[200];
    uint8_t msg[300];
    size_t key_len;

    (void)state;
    for (key_len = 0; key_len <= sizeof key; key_len++) {
        size_t msg_len = rng_below(sizeof msg + 1);
        uint8_t got[32];
        uint8_t want[32];
        unsigned int want_len = 0;

        cqt_stream(key, sizeof key);
        cqt_stream(msg, sizeof msg);
        cq_hmac_sha256(got, key, key_len, msg, msg_len);
        assert_non_null(HMAC(EVP_sha256(), key, (int)key_len, msg, msg_len, want,
                             &want_len));
        assert_int_equal(want_len, 32);
        assert_memory_equal(got, want, 32);
    }
}

/* ---- HKDF-SHA-256 --------------------------------------------------------- */

/* spec: olm.md §Notation */
/* spec: RFC 5869 §2 */
/* RFC 5869 Appendix A.1-A.3: PRK through HMAC (the extract step), OKM
 * through cq_hkdf_sha256, and every shorter output a prefix of it. */
static void test_hkdf_rfc5869(void **state)
{
    static const uint8_t zero_salt[32] = { 0 };
    cqt_vectors v;
    unsigned long n = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/rfc/rfc5869_hkdf_sha256.txt",
                     "name ikm salt info prk okm");
    while (cqt_vectors_next(&v)) {
        size_t ikm_len, salt_len, info_len, prk_len, okm_len, len;
        const uint8_t *ikm = cqt_hex(&v, "ikm", &ikm_len);
        const uint8_t *salt = cqt_hex(&v, "salt", &salt_len);
        const uint8_t *info = cqt_hex(&v, "info", &info_len);
        const uint8_t *prk = cqt_hex(&v, "prk", &prk_len);
        const uint8_t *okm = cqt_hex(&v, "okm", &okm_len);
        uint8_t got[100];

        assert_int_equal(prk_len, 32);
        assert_true(okm_len <= sizeof got);
        /* RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM), salt defaulting to
         * HashLen zeros. */
        cq_hmac_sha256(got, salt_len > 0 ? salt : zero_salt,
                       salt_len > 0 ? salt_len : sizeof zero_salt, ikm, ikm_len);
        assert_memory_equal(got, prk, 32);
        for (len = 0; len <= okm_len; len++) {
            memset(got, 0xa5, sizeof got);
            assert_int_equal(cq_hkdf_sha256(got, len, salt, salt_len, ikm, ikm_len,
                                            info, info_len), 0);
            assert_memory_equal(got, okm, len);
            assert_int_equal(got[len], 0xa5);
        }
        n++;
    }
    cqt_vectors_close(&v);
    printf("rfc5869 hkdf-sha256: %lu cases (A.1-A.3, every output length up to L)\n", n);
    assert_int_equal(n, 3);
}

/* spec: olm.md §Notation */
/* spec: RFC 5869 §2 */
static void test_hkdf_empty_salt_and_bounds(void **state)
{
    static const uint8_t zeros[32] = { 0 };
    uint8_t ikm[22];
    uint8_t want[42];
    uint8_t a[42];
    uint8_t b[42];
    uint8_t *big;

    (void)state;
    memset(ikm, 0x0b, sizeof ikm);
    /* RFC 5869 A.3: empty salt and info. */
    cqt_unhex(want, sizeof want,
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
              "9d201395faa4b61a96c8");
    assert_int_equal(cq_hkdf_sha256(a, sizeof a, NULL, 0, ikm, sizeof ikm, NULL, 0), 0);
    assert_memory_equal(a, want, sizeof want);
    /* An empty salt is the same as HashLen zero bytes (RFC 5869 §2.2). */
    assert_int_equal(cq_hkdf_sha256(b, sizeof b, zeros, sizeof zeros, ikm, sizeof ikm,
                                    NULL, 0), 0);
    assert_memory_equal(a, b, sizeof a);

    /* 255 blocks is the most HKDF can give (RFC 5869 §2.3); one byte more
     * is refused without writing anything. */
    big = malloc(CQ_HKDF_MAX_BYTES + 1);
    assert_non_null(big);
    memset(big, 0xa5, CQ_HKDF_MAX_BYTES + 1);
    assert_int_equal(cq_hkdf_sha256(big, CQ_HKDF_MAX_BYTES + 1, NULL, 0, ikm, sizeof ikm,
                                    NULL, 0), -1);
    assert_int_equal(big[0], 0xa5);
    assert_int_equal(big[CQ_HKDF_MAX_BYTES], 0xa5);
    assert_int_equal(cq_hkdf_sha256(big, CQ_HKDF_MAX_BYTES, NULL, 0, ikm, sizeof ikm,
                                    NULL, 0), 0);
    assert_memory_equal(big, want, sizeof want);
    assert_int_equal(big[CQ_HKDF_MAX_BYTES], 0xa5);
    free(big);
    /* Zero bytes of output is a valid request. */
    assert_int_equal(cq_hkdf_sha256(NULL, 0, NULL, 0, ikm, sizeof ikm, NULL, 0), 0);
}

/* ---- X25519 (RFC 7748) ---------------------------------------------------- */

static void check_x25519(const char *scalar_hex, const char *u_hex, const char *out_hex)
{
    uint8_t scalar[32];
    uint8_t u[32];
    uint8_t want[32];
    uint8_t got[32];

    cqt_unhex(scalar, 32, scalar_hex);
    cqt_unhex(u, 32, u_hex);
    cqt_unhex(want, 32, out_hex);
    assert_int_equal(cq_x25519(got, scalar, u), CLIQUET_OK);
    assert_memory_equal(got, want, 32);
}

/* spec: RFC 7748 §6.1 */
static void test_x25519_rfc7748_vectors(void **state)
{
    uint8_t k[32] = { 9 };
    uint8_t u[32] = { 9 };
    uint8_t want[32];
    int i;

    (void)state;
    /* RFC 7748 §5.2, the two single multiplications. The second u has its
     * top bit set, which X25519 must ignore (§5: "mask the most
     * significant bit"). */
    check_x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                 "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                 "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    check_x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                 "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                 "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");

    /* RFC 7748 §5.2 iterations: k = X25519(k, u), u = old k, from k = u = 9. */
    for (i = 1; i <= 1000; i++) {
        uint8_t next[32];
        assert_int_equal(cq_x25519(next, k, u), CLIQUET_OK);
        memcpy(u, k, 32);
        memcpy(k, next, 32);
        if (i == 1) {
            cqt_unhex(want, 32,
                      "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            assert_memory_equal(k, want, 32);
        }
    }
    cqt_unhex(want, 32, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    assert_memory_equal(k, want, 32);
    printf("rfc7748 x25519: 2 scalar multiplications, iterations 1 and 1000 "
           "(1,000,000 skipped: too slow for every test run)\n");
}

/* spec: olm.md §Notation */
/* RFC 7748 §6.1: Alice and Bob. */
static void test_x25519_rfc7748_dh(void **state)
{
    uint8_t alice_priv[32], alice_pub[32], bob_priv[32], bob_pub[32], shared[32];
    uint8_t pub[32], priv[32], got[32];

    (void)state;
    cqt_unhex(alice_priv, 32, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    cqt_unhex(alice_pub, 32, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    cqt_unhex(bob_priv, 32, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    cqt_unhex(bob_pub, 32, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    cqt_unhex(shared, 32, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    cq_x25519_public(pub, alice_priv);
    assert_memory_equal(pub, alice_pub, 32);
    /* The key pair keeps the random bytes as the private key (libolm's
     * form); clamping happens in each multiplication. */
    cq_x25519_keypair(pub, priv, bob_priv);
    assert_memory_equal(pub, bob_pub, 32);
    assert_memory_equal(priv, bob_priv, 32);

    assert_int_equal(cq_x25519(got, alice_priv, bob_pub), CLIQUET_OK);
    assert_memory_equal(got, shared, 32);
    assert_int_equal(cq_x25519(got, bob_priv, alice_pub), CLIQUET_OK);
    assert_memory_equal(got, shared, 32);
}

/*
 * Public keys of small order (2, 4 or 8), whose multiples by any clamped
 * scalar are the neutral point, in canonical and non-canonical (u + p, top
 * bit set) encodings. A peer sending one would force a known "shared"
 * secret of zeros; cliquet refuses it.
 */
static const char *const low_order[] = {
    /* 0 (order 2) and 1 (order 4) */
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    /* the two points of order 8 */
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    /* p - 1 (order 2), p (= 0), p + 1 (= 1) */
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    /* the same with the top bit set, which X25519 ignores */
    "0000000000000000000000000000000000000000000000000000000000000080",
    "0100000000000000000000000000000000000000000000000000000000000080",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
};

/* spec: olm.md §Notation */
/* spec: RFC 7748 §6.1 */
static void test_x25519_refuses_zero_result(void **state)
{
    size_t i;
    int j;

    (void)state;
    for (i = 0; i < sizeof low_order / sizeof low_order[0]; i++) {
        uint8_t pub[32];

        cqt_unhex(pub, 32, low_order[i]);
        for (j = 0; j < 8; j++) {
            uint8_t priv[32];
            uint8_t shared[32];

            cqt_stream(priv, sizeof priv);
            memset(shared, 0xa5, sizeof shared);
            if (cq_x25519(shared, priv, pub) != CLIQUET_ERR_ZERO_SHARED_SECRET) {
                fail_msg("low-order point %s accepted", low_order[i]);
            }
            /* The refused output holds zeros, not garbage. */
            assert_true(cq_ct_is_zero(shared, sizeof shared));
        }
    }
    printf("x25519: %zu low-order public keys refused, 8 private keys each\n",
           sizeof low_order / sizeof low_order[0]);
}

/* ---- Ed25519 (RFC 8032) ---------------------------------------------------- */

static void check_signature_refusals(const uint8_t sig[64], const uint8_t pk[32],
                                     const uint8_t *msg, size_t n)
{
    uint8_t bad_sig[64];
    uint8_t *bad_msg = malloc(n + 1);

    assert_non_null(bad_msg);
    memcpy(bad_sig, sig, 64);
    bad_sig[0] ^= 0x01;
    assert_int_equal(cq_ed25519_verify(bad_sig, pk, msg, n), CLIQUET_ERR_BAD_SIGNATURE);
    memcpy(bad_sig, sig, 64);
    bad_sig[40] ^= 0x80;
    assert_int_equal(cq_ed25519_verify(bad_sig, pk, msg, n), CLIQUET_ERR_BAD_SIGNATURE);
    if (n > 0) {
        memcpy(bad_msg, msg, n);
        bad_msg[n - 1] ^= 0x01;
        assert_int_equal(cq_ed25519_verify(sig, pk, bad_msg, n), CLIQUET_ERR_BAD_SIGNATURE);
    }
    /* One byte more is another message. */
    if (n > 0) {
        memcpy(bad_msg, msg, n);
    }
    bad_msg[n] = 0;
    assert_int_equal(cq_ed25519_verify(sig, pk, bad_msg, n + 1), CLIQUET_ERR_BAD_SIGNATURE);
    free(bad_msg);
}

/* spec: RFC 8032 §5.1 */
static void test_ed25519_rfc8032(void **state)
{
    cqt_vectors v;
    unsigned long n = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/rfc/rfc8032_ed25519.txt", "name seed pk msg sig");
    while (cqt_vectors_next(&v)) {
        size_t seed_len, pk_len, msg_len, sig_len;
        const uint8_t *seed = cqt_hex(&v, "seed", &seed_len);
        const uint8_t *pk = cqt_hex(&v, "pk", &pk_len);
        const uint8_t *msg = cqt_hex(&v, "msg", &msg_len);
        const uint8_t *sig = cqt_hex(&v, "sig", &sig_len);
        cq_ed25519_key key;
        cq_ed25519_key imported;
        uint8_t h[64];
        uint8_t got[64];

        assert_true(seed_len == 32 && pk_len == 32 && sig_len == 64);
        /* seed -> public key -> signature -> verification (RFC 8032 §5.1.5-7) */
        cq_ed25519_from_seed(&key, seed);
        assert_memory_equal(key.public_key, pk, 32);
        assert_int_equal(key.has_seed, 1);
        cq_ed25519_sign(got, &key, msg, msg_len);
        assert_memory_equal(got, sig, 64);
        assert_int_equal(cq_ed25519_verify(sig, pk, msg, msg_len), CLIQUET_OK);
        check_signature_refusals(sig, pk, msg, msg_len);

        /* The expanded form is SHA-512(seed) with its first half clamped
         * (§5.1.5 steps 1-2); the second half is the nonce prefix. */
        crypto_hash_sha512(h, seed, 32);
        assert_memory_equal(key.expanded + 32, h + 32, 32);
        assert_memory_equal(key.expanded + 1, h + 1, 30);
        assert_int_equal(key.expanded[0], h[0] & 248);
        assert_int_equal(key.expanded[31], (h[31] & 127) | 64);

        /* The expanded key alone signs identically. */
        cq_ed25519_sign_expanded(got, key.expanded, key.public_key, msg, msg_len);
        assert_memory_equal(got, sig, 64);
        assert_int_equal(cq_ed25519_from_expanded(&imported, key.expanded), CLIQUET_OK);
        assert_int_equal(imported.has_seed, 0);
        assert_memory_equal(imported.public_key, pk, 32);
        cq_ed25519_sign(got, &imported, msg, msg_len);
        assert_memory_equal(got, sig, 64);

        cq_ed25519_clear(&key);
        assert_true(cq_ct_is_zero((const uint8_t *)&key, sizeof key));
        cq_ed25519_clear(&imported);
        n++;
    }
    cqt_vectors_close(&v);
    printf("rfc8032 ed25519: %lu cases (TEST 1, 2, 3, 1024, SHA(abc))\n", n);
    assert_int_equal(n, 5);
}

/* spec: signing.md §Signature keys and user identity in libolm */
/*
 * libolm pickles hold only the expanded key: signatures made from it must
 * be the ones the seed makes, for any key and message length.
 */
static void test_ed25519_expanded_equals_seed(void **state)
{
    enum { KEYS = 200, MAX_MSG = 1100 };
    uint8_t *msg = malloc(MAX_MSG);
    int i;

    (void)state;
    assert_non_null(msg);
    for (i = 0; i < KEYS; i++) {
        uint8_t seed[32];
        uint8_t a[64], b[64], c[64];
        cq_ed25519_key key;
        cq_ed25519_key imported;
        /* The first few lengths cover 0..the SHA-512 block edges exactly. */
        size_t len = i < 130 ? (size_t)i : rng_below(MAX_MSG + 1);

        cqt_stream(seed, sizeof seed);
        cqt_stream(msg, MAX_MSG);
        cq_ed25519_from_seed(&key, seed);
        assert_int_equal(cq_ed25519_from_expanded(&imported, key.expanded), CLIQUET_OK);
        assert_memory_equal(imported.public_key, key.public_key, 32);

        cq_ed25519_sign(a, &key, msg, len);
        cq_ed25519_sign(b, &imported, msg, len);
        cq_ed25519_sign_expanded(c, key.expanded, key.public_key, msg, len);
        if (memcmp(a, b, 64) != 0 || memcmp(a, c, 64) != 0) {
            fail_msg("key %d, message length %zu: expanded signature differs", i, len);
        }
        assert_int_equal(cq_ed25519_verify(a, key.public_key, msg, len), CLIQUET_OK);
        cq_ed25519_clear(&key);
        cq_ed25519_clear(&imported);
    }
    free(msg);
    printf("ed25519: expanded-key signatures equal seed signatures for %d keys "
           "(message lengths 0..129 and random up to %d)\n", KEYS, MAX_MSG);
}

/* spec: signing.md §Signature keys and user identity in libolm */
/* An expanded key that no seed made (random, then clamped) still signs
 * verifiably: the scalar is used as it is, never re-derived. */
static void test_ed25519_expanded_without_seed(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < 50; i++) {
        uint8_t expanded[64];
        uint8_t msg[100];
        uint8_t sig[64];
        uint8_t pk[32];
        cq_ed25519_key key;

        cqt_stream(expanded, sizeof expanded);
        cqt_stream(msg, sizeof msg);
        expanded[0] &= 248;
        expanded[31] &= 127;
        expanded[31] |= 64;
        assert_int_equal(cq_ed25519_from_expanded(&key, expanded), CLIQUET_OK);
        assert_memory_equal(key.expanded, expanded, 64);
        /* A = a * B, computed here with libsodium's own clamping. */
        assert_int_equal(crypto_scalarmult_ed25519_base(pk, expanded), 0);
        assert_memory_equal(key.public_key, pk, 32);
        cq_ed25519_sign(sig, &key, msg, sizeof msg);
        assert_int_equal(cq_ed25519_verify(sig, key.public_key, msg, sizeof msg),
                         CLIQUET_OK);
        check_signature_refusals(sig, key.public_key, msg, sizeof msg);
        cq_ed25519_clear(&key);
    }
}

/* A first half that is not clamped is corrupt, and refused without
 * touching the key. */
static void test_ed25519_unclamped_refused(void **state)
{
    static const struct {
        size_t byte;
        uint8_t set;   /* bits forced on */
        uint8_t clear; /* bits forced off */
    } damage[] = {
        { 0, 0x01, 0 }, { 0, 0x02, 0 }, { 0, 0x04, 0 }, { 0, 0x07, 0 },
        { 31, 0x80, 0 }, { 31, 0, 0x40 }, { 31, 0x80, 0x40 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        uint8_t seed[32];
        cq_ed25519_key good;
        cq_ed25519_key key;
        cq_ed25519_key before;
        uint8_t expanded[64];

        cqt_stream(seed, sizeof seed);
        cq_ed25519_from_seed(&good, seed);
        memcpy(expanded, good.expanded, 64);
        expanded[damage[i].byte] |= damage[i].set;
        expanded[damage[i].byte] &= (uint8_t)~damage[i].clear;
        memset(&key, 0x5c, sizeof key);
        memcpy(&before, &key, sizeof key);
        assert_int_equal(cq_ed25519_from_expanded(&key, expanded), CLIQUET_ERR_BAD_KEY);
        assert_memory_equal(&key, &before, sizeof key);
        /* The stored-key path refuses it the same way. */
        assert_int_equal(cq_ed25519_from_stored(&key, expanded, good.public_key),
                         CLIQUET_ERR_BAD_KEY);
        assert_memory_equal(&key, &before, sizeof key);
        cq_ed25519_clear(&good);
    }
}

/*
 * A key rebuilt from its stored parts plus its seed (what a native pickle
 * holds) equals the key made from the seed, and signs the same; a seed of
 * another key is refused and leaves the key as it was.
 */
static void test_ed25519_stored_and_seed(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < 50; i++) {
        uint8_t seed[32], other[32], sig_a[64], sig_b[64], msg[40];
        cq_ed25519_key from_seed, stored, before;

        cqt_stream(seed, sizeof seed);
        cqt_stream(other, sizeof other);
        cqt_stream(msg, sizeof msg);
        cq_ed25519_from_seed(&from_seed, seed);
        memset(&stored, 0, sizeof stored);
        assert_int_equal(cq_ed25519_from_stored(&stored, from_seed.expanded,
                                                from_seed.public_key),
                         CLIQUET_OK);
        assert_int_equal(stored.has_seed, 0);
        memcpy(&before, &stored, sizeof stored);
        assert_int_equal(cq_ed25519_attach_seed(&stored, other), -1);
        assert_memory_equal(&stored, &before, sizeof stored);
        assert_int_equal(cq_ed25519_attach_seed(&stored, seed), 0);
        assert_memory_equal(&stored, &from_seed, sizeof stored);
        cq_ed25519_sign(sig_a, &from_seed, msg, sizeof msg);
        cq_ed25519_sign(sig_b, &stored, msg, sizeof msg);
        assert_memory_equal(sig_a, sig_b, 64);
        cq_ed25519_clear(&from_seed);
        cq_ed25519_clear(&stored);
    }
}

/* ---- random bytes ---------------------------------------------------------- */

static void test_random_fills_exactly(void **state)
{
    uint8_t buf[66];
    uint8_t other[64];

    (void)state;
    memset(buf, 0, sizeof buf);
    cq_random(buf + 1, 64);
    cq_random(other, sizeof other);
    assert_int_equal(buf[0], 0);
    assert_int_equal(buf[65], 0);
    /* 2^-512 odds of failing by chance. */
    assert_false(cq_ct_is_zero(buf + 1, 64));
    assert_memory_not_equal(buf + 1, other, 64);
    cq_random(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_fips180),
        cmocka_unit_test(test_hmac_key_longer_than_block),
        cmocka_unit_test(test_hmac_against_openssl),
        cmocka_unit_test(test_hkdf_rfc5869),
        cmocka_unit_test(test_hkdf_empty_salt_and_bounds),
        cmocka_unit_test(test_x25519_rfc7748_vectors),
        cmocka_unit_test(test_x25519_rfc7748_dh),
        cmocka_unit_test(test_x25519_refuses_zero_result),
        cmocka_unit_test(test_ed25519_rfc8032),
        cmocka_unit_test(test_ed25519_expanded_equals_seed),
        cmocka_unit_test(test_ed25519_expanded_without_seed),
        cmocka_unit_test(test_ed25519_unclamped_refused),
        cmocka_unit_test(test_ed25519_stored_and_seed),
        cmocka_unit_test(test_random_fills_exactly),
    };

    return cqt_run_on_sha256_paths("primitives", tests,
                                   sizeof tests / sizeof tests[0], setup, NULL);
}
