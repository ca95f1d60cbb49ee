/*
 * lib/ecies and its API: the MSC4108 secure channel (docs/ecies.md).
 *
 *   - primitives: HKDF-SHA-512 and ChaCha20-Poly1305 against OpenSSL (the
 *     independent oracle), and the tag-only check the channel's diagnosis
 *     uses;
 *   - two cliquet channels: check codes, messages both ways, and every
 *     refusal (tampered, replayed, out of order, another channel's, a
 *     substituted key, a low-order key, twice established, not yet
 *     established), each leaving the channel's bytes as they were;
 *   - vectors/ecies/vodozemac.txt: transcripts recorded from a live
 *     vodozemac, replayed offline (no node needed);
 *   - live: a vodozemac peer (../shared/peers/vodozemac/run.sh, over pipes)
 *     both ways: its key with cliquet establishing outbound and cliquet's key
 *     with it establishing outbound; same check code; 100 messages each
 *     way; tampered and replayed messages refused on both sides. Skipped,
 *     with the reason printed, when node or the peer is absent.
 *     `test_ecies --record FILE` writes the vector file from the same runs.
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

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_random.h"
#include "crypto/crypto.h"
#include "ecies/ecies.h"
#include "helpers/seed.h"

/* A channel's state, for "a refusal changes nothing": the API struct holds
 * its cq_ecies as its only member (C11 6.7.2.1p15). */
static const cq_ecies *state_of(const cliquet_ecies_channel *c)
{
    return (const cq_ecies *)(const void *)c;
}

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

/* ---- primitives against OpenSSL ------------------------------------------------ */

static void openssl_hkdf_sha512(uint8_t *out, size_t out_len, const uint8_t *salt,
                                size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                                const uint8_t *info, size_t info_len)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    size_t len = out_len;

    assert_non_null(ctx);
    assert_int_equal(EVP_PKEY_derive_init(ctx), 1);
    assert_int_equal(EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha512()), 1);
    if (salt_len > 0) {
        assert_int_equal(EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, (int)salt_len), 1);
    }
    assert_int_equal(EVP_PKEY_CTX_set1_hkdf_key(ctx, ikm, (int)ikm_len), 1);
    assert_int_equal(EVP_PKEY_CTX_add1_hkdf_info(ctx, info, (int)info_len), 1);
    assert_int_equal(EVP_PKEY_derive(ctx, out, &len), 1);
    assert_int_equal(len, out_len);
    EVP_PKEY_CTX_free(ctx);
}

static void test_hkdf_sha512_matches_openssl(void **state)
{
    static const size_t lengths[] = { 1, 2, 32, 63, 64, 65, 128, 200, 1000 };
    uint8_t ikm[80], salt[150], info[120], ours[1000], theirs[1000];
    size_t i;

    (void)state;
    cqt_seed_init("test_ecies hkdf");
    for (i = 0; i < 200; i++) {
        size_t out_len = lengths[i % (sizeof lengths / sizeof lengths[0])];
        size_t ikm_len = 1 + cqt_stream_below(sizeof ikm);
        /* Half without salt (vodozemac's case: 64 zero bytes), some with a
         * salt longer than SHA-512's block, which HMAC hashes first. */
        size_t salt_len = i % 2 == 0 ? 0 : cqt_stream_below(sizeof salt);
        size_t info_len = 1 + cqt_stream_below(sizeof info);

        cqt_stream(ikm, ikm_len);
        cqt_stream(salt, salt_len);
        cqt_stream(info, info_len);
        assert_int_equal(cq_hkdf_sha512(ours, out_len, salt, salt_len, ikm, ikm_len, info,
                                        info_len),
                         0);
        openssl_hkdf_sha512(theirs, out_len, salt, salt_len, ikm, ikm_len, info, info_len);
        assert_memory_equal(ours, theirs, out_len);
    }
    /* The bound: 255 blocks, and one byte more is refused untouched. */
    memset(ours, 0x5a, sizeof ours);
    assert_int_equal(cq_hkdf_sha512(NULL, CQ_HKDF_SHA512_MAX_BYTES + 1, NULL, 0, ikm, 32,
                                    info, 1),
                     -1);
}

static void test_chacha20poly1305_matches_openssl(void **state)
{
    uint8_t key[32], nonce[12], m[300], c[316], o[316], back[300];
    size_t n;
    int len = 0, fin = 0;

    (void)state;
    cqt_seed_init("test_ecies chacha");
    for (n = 0; n <= sizeof m; n += 37) {
        EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

        cqt_stream(key, sizeof key);
        cqt_stream(nonce, sizeof nonce);
        cqt_stream(m, n);
        cq_chacha20poly1305_seal(c, m, n, nonce, key);
        assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_chacha20_poly1305(), NULL, key, nonce), 1);
        assert_int_equal(EVP_EncryptUpdate(ctx, o, &len, m, (int)n), 1);
        assert_int_equal(EVP_EncryptFinal_ex(ctx, o + len, &fin), 1);
        assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, o + n), 1);
        EVP_CIPHER_CTX_free(ctx);
        assert_memory_equal(c, o, n + 16);

        /* Open, tag-only check, and a flipped bit refused by both. */
        assert_int_equal(cq_chacha20poly1305_open(back, c, n + 16, nonce, key), 0);
        assert_memory_equal(back, m, n);
        assert_int_equal(cq_chacha20poly1305_open(NULL, c, n + 16, nonce, key), 0);
        c[n / 2] ^= 0x01;
        memset(back, 0x77, sizeof back);
        assert_int_equal(cq_chacha20poly1305_open(NULL, c, n + 16, nonce, key), -1);
        assert_int_equal(cq_chacha20poly1305_open(back, c, n + 16, nonce, key), -1);
    }
    assert_int_equal(cq_chacha20poly1305_open(back, c, 15, nonce, key), -1);
}

/* ---- two cliquet channels --------------------------------------------------------- */

/* Encrypts text on c; returns the message (malloc'd). */
static char *seal(cliquet_ecies_channel *c, const char *text)
{
    size_t need = 0, len = 0;
    char *msg;

    expect(cliquet_ecies_channel_encrypt(c, NULL, 0, &need, (const uint8_t *)text,
                                         strlen(text)),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    msg = malloc(need);
    assert_non_null(msg);
    ok(cliquet_ecies_channel_encrypt(c, msg, need, &len, (const uint8_t *)text,
                                     strlen(text)));
    assert_int_equal(len + 1, need);
    assert_int_equal(strlen(msg), len);
    return msg;
}

/* Decrypts msg on c and checks it reads text. */
static void open_expect(cliquet_ecies_channel *c, const char *msg, const char *text)
{
    uint8_t out[512];
    size_t len = 0;

    ok(cliquet_ecies_channel_decrypt(c, msg, strlen(msg), out, sizeof out, &len));
    assert_int_equal(len, strlen(text));
    assert_memory_equal(out, text, len);
}

/* A decrypt that must fail with want and leave c's bytes as they were. */
static void refuse(cliquet_ecies_channel *c, const char *msg, size_t msg_len,
                   cliquet_status want)
{
    cq_ecies before = *state_of(c);
    uint8_t out[512];
    size_t len = 12345;

    memset(out, 0x33, sizeof out);
    expect(cliquet_ecies_channel_decrypt(c, msg, msg_len, out, sizeof out, &len), want);
    assert_memory_equal(&before, state_of(c), sizeof before);
    assert_int_equal(len, 12345);
    for (size_t i = 0; i < sizeof out; i++) {
        assert_int_equal(out[i], 0x33);
    }
    cq_wipe(&before, sizeof before);
}

/* A pair: g (the recipient, whose key the QR code shows) and s (the
 * initiator), established with first message "hello". */
static void make_pair(cliquet_ecies_channel **g, cliquet_ecies_channel **s)
{
    char g_key[CLIQUET_KEY_BASE64_SIZE];
    char initial[256];
    uint8_t out[64];
    size_t len = 0, out_len = 0;
    unsigned code_g = 100, code_s = 200;
    uint8_t bytes_g[2], bytes_s[2];

    ok(cliquet_ecies_channel_new(g));
    ok(cliquet_ecies_channel_new(s));
    ok(cliquet_ecies_channel_public_key(*g, g_key));
    ok(cliquet_ecies_channel_establish_outbound(*s, g_key, strlen(g_key), initial,
                                                sizeof initial, &len,
                                                (const uint8_t *)"hello", 5));
    assert_int_equal(strlen(initial), len);
    ok(cliquet_ecies_channel_establish_inbound(*g, initial, len, out, sizeof out, &out_len));
    assert_int_equal(out_len, 5);
    assert_memory_equal(out, "hello", 5);
    ok(cliquet_ecies_channel_check_code(*g, &code_g));
    ok(cliquet_ecies_channel_check_code(*s, &code_s));
    assert_int_equal(code_g, code_s);
    assert_true(code_g <= 99);
    ok(cliquet_ecies_channel_check_code_bytes(*g, bytes_g));
    ok(cliquet_ecies_channel_check_code_bytes(*s, bytes_s));
    assert_memory_equal(bytes_g, bytes_s, 2);
    assert_int_equal(code_g, (bytes_g[0] % 10) * 10 + bytes_g[1] % 10);
}

static void test_channel_both_ways(void **state)
{
    cliquet_ecies_channel *g, *s;
    char text[64];

    (void)state;
    make_pair(&g, &s);
    /* The private key is used once: wiped when established. */
    assert_true(cq_ct_is_zero(state_of(g)->private_key, 32));
    assert_true(cq_ct_is_zero(state_of(s)->private_key, 32));
    for (int i = 0; i < 50; i++) {
        char *a, *b;

        snprintf(text, sizeof text, "from G %d", i);
        a = seal(g, text);
        open_expect(s, a, text);
        snprintf(text, sizeof text, "from S %d", i);
        b = seal(s, text);
        open_expect(g, b, text);
        free(a);
        free(b);
    }
    /* An empty plaintext is a message too. */
    {
        char *e = seal(s, "");

        open_expect(g, e, "");
        free(e);
    }
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
    cliquet_ecies_channel_free(NULL);
}

static void test_channel_refusals(void **state)
{
    cliquet_ecies_channel *g, *s, *g2, *s2;
    char *m1, *m2, *m3, *other, *tampered;
    size_t n;

    (void)state;
    make_pair(&g, &s);
    make_pair(&g2, &s2);
    m1 = seal(s, "one");
    m2 = seal(s, "two");
    m3 = seal(s, "three");
    other = seal(s2, "one");

    /* Out of order: two before one is refused and one still decrypts. */
    refuse(g, m2, strlen(m2), CLIQUET_ERR_MESSAGE_OUT_OF_ORDER);
    refuse(g, m3, strlen(m3), CLIQUET_ERR_MESSAGE_OUT_OF_ORDER);
    /* Another channel's message at the same position: a MAC failure. */
    refuse(g, other, strlen(other), CLIQUET_ERR_BAD_MESSAGE_MAC);
    /* Our own message sent back to us (the other direction's key). */
    {
        char *mine = seal(g, "mine");

        refuse(g, mine, strlen(mine), CLIQUET_ERR_BAD_MESSAGE_MAC);
        open_expect(s, mine, "mine");
        free(mine);
    }
    open_expect(g, m1, "one");
    /* Replayed. */
    refuse(g, m1, strlen(m1), CLIQUET_ERR_DUPLICATE_MESSAGE);
    /* Tampered: every byte position of the decoded message, one bit. */
    n = strlen(m2);
    tampered = malloc(n + 1);
    assert_non_null(tampered);
    for (size_t i = 0; i < n; i++) {
        uint8_t raw[64];
        size_t raw_len = 0;

        ok(cliquet_base64_decode(raw, sizeof raw, &raw_len, m2, n));
        raw[i % raw_len] ^= (uint8_t)(1u << (i % 8));
        {
            size_t t_len = 0;

            ok(cliquet_base64_encode(tampered, n + 1, &t_len, raw, raw_len));
        }
        refuse(g, tampered, strlen(tampered), CLIQUET_ERR_BAD_MESSAGE_MAC);
    }
    /* Truncated below a tag, and not base64. */
    refuse(g, m2, 20, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    memcpy(tampered, m2, n);
    tampered[3] = '!';
    refuse(g, tampered, n, CLIQUET_ERR_BAD_BASE64);
    refuse(g, m2, n - 1 - (n - 2) % 4, CLIQUET_ERR_BAD_BASE64); /* 1 mod 4 */
    open_expect(g, m2, "two");
    open_expect(g, m3, "three");
    refuse(g, m2, strlen(m2), CLIQUET_ERR_DUPLICATE_MESSAGE);

    /* A replay further back than the diagnosis window is still refused. */
    {
        char *old = seal(s, "old");

        open_expect(g, old, "old");
        for (int i = 0; i < CQ_ECIES_DIAGNOSE_WINDOW; i++) {
            char *x = seal(s, "x");

            open_expect(g, x, "x");
            free(x);
        }
        refuse(g, old, strlen(old), CLIQUET_ERR_BAD_MESSAGE_MAC);
        free(old);
    }
    free(m1);
    free(m2);
    free(m3);
    free(other);
    free(tampered);
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
    cliquet_ecies_channel_free(g2);
    cliquet_ecies_channel_free(s2);
}

/* An inbound establishment that must fail with want, the channel still
 * fresh and byte for byte as it was. */
static void refuse_inbound(cliquet_ecies_channel *g, const char *msg, size_t len,
                           cliquet_status want)
{
    cq_ecies before = *state_of(g);
    uint8_t out[256];
    size_t out_len = 999;

    expect(cliquet_ecies_channel_establish_inbound(g, msg, len, out, sizeof out, &out_len),
           want);
    assert_memory_equal(&before, state_of(g), sizeof before);
    assert_int_equal(out_len, 999);
    cq_wipe(&before, sizeof before);
}

static void test_establishment_refusals(void **state)
{
    cliquet_ecies_channel *g, *s, *mallory, *late;
    char g_key[CLIQUET_KEY_BASE64_SIZE], m_key[CLIQUET_KEY_BASE64_SIZE];
    char initial[256], forged[256], zero_key[44];
    size_t len = 0, need = 0, sep;
    uint8_t out[64];
    size_t out_len = 0;
    unsigned code = 0;
    uint8_t bytes[2];
    cq_ecies before;

    (void)state;
    ok(cliquet_ecies_channel_new(&g));
    ok(cliquet_ecies_channel_new(&s));
    ok(cliquet_ecies_channel_new(&mallory));
    ok(cliquet_ecies_channel_public_key(g, g_key));
    ok(cliquet_ecies_channel_public_key(mallory, m_key));

    /* Not established yet. */
    expect(cliquet_ecies_channel_check_code(g, &code), CLIQUET_ERR_ECIES_NOT_ESTABLISHED);
    expect(cliquet_ecies_channel_check_code_bytes(g, bytes),
           CLIQUET_ERR_ECIES_NOT_ESTABLISHED);
    expect(cliquet_ecies_channel_encrypt(g, initial, sizeof initial, &len,
                                         (const uint8_t *)"x", 1),
           CLIQUET_ERR_ECIES_NOT_ESTABLISHED);
    refuse(g, "AAAAAAAAAAAAAAAAAAAAAA", 22, CLIQUET_ERR_ECIES_NOT_ESTABLISHED);

    /* A low-order key (all zeros) is vodozemac's non-contributory key. */
    memset(zero_key, 'A', 43);
    before = *state_of(s);
    expect(cliquet_ecies_channel_establish_outbound(s, zero_key, 43, initial, sizeof initial,
                                                    &len, (const uint8_t *)"hi", 2),
           CLIQUET_ERR_ZERO_SHARED_SECRET);
    expect(cliquet_ecies_channel_establish_outbound(s, g_key, 41, initial, sizeof initial,
                                                    &len, (const uint8_t *)"hi", 2),
           CLIQUET_ERR_BAD_BASE64); /* 41 = 1 mod 4: never base64 */
    expect(cliquet_ecies_channel_establish_outbound(s, g_key, 40, initial, sizeof initial,
                                                    &len, (const uint8_t *)"hi", 2),
           CLIQUET_ERR_BAD_KEY_LENGTH);
    /* The size rule: asked, then too small by one (the NUL). */
    expect(cliquet_ecies_channel_establish_outbound(s, g_key, 43, NULL, 0, &need,
                                                    (const uint8_t *)"hi", 2),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(need, 24 + 1 + 43 + 1); /* base64(18) | key NUL */
    expect(cliquet_ecies_channel_establish_outbound(s, g_key, 43, initial, need - 1, &len,
                                                    (const uint8_t *)"hi", 2),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_memory_equal(&before, state_of(s), sizeof before);
    ok(cliquet_ecies_channel_establish_outbound(s, g_key, 43, initial, need, &len,
                                                (const uint8_t *)"hi", 2));
    assert_int_equal(len, need - 1);
    expect(cliquet_ecies_channel_establish_outbound(s, g_key, 43, initial, sizeof initial,
                                                    &need, (const uint8_t *)"hi", 2),
           CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED);

    /* Malformed initial messages; then Mallory's key put in place of S's
     * (vodozemac's invalid_check_code test): a MAC failure. */
    assert_int_equal(cq_ecies_initial_separator(initial, len, &sep), 0);
    refuse_inbound(g, initial, sep, CLIQUET_ERR_BAD_MESSAGE_FORMAT); /* no '|' */
    refuse_inbound(g, initial, len - 2, CLIQUET_ERR_BAD_BASE64);     /* key of 41 */
    refuse_inbound(g, initial, len - 3, CLIQUET_ERR_BAD_KEY_LENGTH); /* 30 bytes */
    refuse_inbound(g, initial + sep, len - sep, CLIQUET_ERR_BAD_MESSAGE_FORMAT); /* "|key" */
    memcpy(forged, initial, sep + 1);
    memcpy(forged + sep + 1, zero_key, 43);
    refuse_inbound(g, forged, sep + 1 + 43, CLIQUET_ERR_ZERO_SHARED_SECRET);
    memcpy(forged + sep + 1, m_key, 43);
    refuse_inbound(g, forged, sep + 1 + 43, CLIQUET_ERR_BAD_MESSAGE_MAC);
    memcpy(forged, initial, len);
    forged[0] = forged[0] == 'A' ? 'B' : 'A';
    refuse_inbound(g, forged, len, CLIQUET_ERR_BAD_MESSAGE_MAC);
    /* A later message of the same channel spliced in front of S's key (the
     * fuzzer's find): authentic at nonce 1, but no initial message, so no
     * diagnosis: a MAC failure, not "out of order". */
    {
        cq_ecies s_copy = *state_of(s);
        uint8_t later[2 + 16];
        char spliced[256];
        size_t pos;

        assert_int_equal(cq_ecies_encrypt(&s_copy, later, (const uint8_t *)"hi", 2),
                         CLIQUET_OK);
        pos = cq_base64_encoded_len(sizeof later);
        cq_base64_encode(spliced, later, sizeof later);
        memcpy(spliced + pos, initial + sep, len - sep);
        refuse_inbound(g, spliced, pos + len - sep, CLIQUET_ERR_BAD_MESSAGE_MAC);
        cq_ecies_clear(&s_copy);
    }
    /* Another recipient cannot open it. */
    refuse_inbound(mallory, initial, len, CLIQUET_ERR_BAD_MESSAGE_MAC);
    /* Too small for the plaintext: asked. */
    expect(cliquet_ecies_channel_establish_inbound(g, initial, len, NULL, 0, &need),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(need, 2);
    ok(cliquet_ecies_channel_establish_inbound(g, initial, len, out, sizeof out, &out_len));
    assert_memory_equal(out, "hi", 2);
    refuse_inbound(g, initial, len, CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED);

    /* A channel that established outbound cannot establish inbound. */
    ok(cliquet_ecies_channel_new(&late));
    refuse_inbound(s, initial, len, CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED);

    /* Bounds: the largest plaintext passes, one more is refused. */
    expect(cliquet_ecies_channel_encrypt(s, NULL, 0, &need, NULL, 0),
           CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(need, 23);
    {
        uint8_t *big = calloc(1, CLIQUET_ECIES_MAX_PLAINTEXT_BYTES + 1);
        size_t cap = 4 * (CLIQUET_ECIES_MAX_PLAINTEXT_BYTES / 3) + 64;
        char *text = malloc(cap);
        uint8_t *back = malloc(cap);

        assert_non_null(big);
        assert_non_null(text);
        assert_non_null(back);
        expect(cliquet_ecies_channel_encrypt(s, text, cap, &len, big,
                                             CLIQUET_ECIES_MAX_PLAINTEXT_BYTES + 1),
               CLIQUET_ERR_INPUT_TOO_LARGE);
        ok(cliquet_ecies_channel_encrypt(s, text, cap, &len, big,
                                         CLIQUET_ECIES_MAX_PLAINTEXT_BYTES));
        ok(cliquet_ecies_channel_decrypt(g, text, len, back, cap, &out_len));
        assert_int_equal(out_len, CLIQUET_ECIES_MAX_PLAINTEXT_BYTES);
        refuse(g, text, cap, CLIQUET_ERR_INPUT_TOO_LARGE);
        free(big);
        free(text);
        free(back);
    }

    /* Freeing wipes: the clear the free calls zeroes the whole state. */
    {
        cq_ecies copy = *state_of(g);

        assert_false(cq_ct_is_zero((const uint8_t *)&copy, sizeof copy));
        cq_ecies_clear(&copy);
        assert_true(cq_ct_is_zero((const uint8_t *)&copy, sizeof copy));
    }
    cq_wipe(&before, sizeof before);
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
    cliquet_ecies_channel_free(mallory);
    cliquet_ecies_channel_free(late);
}

/* vodozemac's own tests of the parts that need no key: the nonce bytes
 * (ecies::test::nonce) and the check-code digits (check_code). */
static void test_vodozemac_unit_facts(void **state)
{
    static const uint8_t c00[2] = { 0, 0 }, c99[2] = { 9, 9 }, cff[2] = { 0xff, 0xff };
    cliquet_ecies_channel *a;
    static const uint8_t seed[32] = { 1 };
    char key[CLIQUET_KEY_BASE64_SIZE];
    cq_ecies e;
    uint8_t c[16 + 16], m[16] = { 0 }, nonce[12] = { 0 }, direct[16 + 16];

    (void)state;
    assert_int_equal(cq_ecies_check_code_digits(c00), 0);
    assert_int_equal(cq_ecies_check_code_digits(c99), 99);
    assert_int_equal(cq_ecies_check_code_digits(cff), 55);
    /* The first message uses nonce 0, the second nonce 1 (little-endian). */
    cq_ecies_init(&e, seed);
    ok(cliquet_ecies_channel_new_with_random(&a, seed, 32));
    ok(cliquet_ecies_channel_public_key(a, key));
    ok(cq_ecies_establish(&e, CQ_ECIES_INITIATOR, state_of(a)->public_key));
    ok(cq_ecies_encrypt(&e, c, m, sizeof m));
    cq_chacha20poly1305_seal(direct, m, sizeof m, nonce, e.encryption_key);
    assert_memory_equal(c, direct, sizeof c);
    ok(cq_ecies_encrypt(&e, c, m, sizeof m));
    nonce[0] = 1;
    cq_chacha20poly1305_seal(direct, m, sizeof m, nonce, e.encryption_key);
    assert_memory_equal(c, direct, sizeof c);
    cq_ecies_clear(&e);
    cliquet_ecies_channel_free(a);
}

/*
 * vodozemac's own message constants (src/ecies/messages.rs, tests
 * initial_message and message): the initial message splits at its '|'
 * into a ciphertext and the public key PUBLIC_KEY, both strict unpadded
 * base64 as cliquet reads them; the channel message is a ciphertext with
 * room for a tag. Sent to a channel whose key it was not made for, each is
 * refused as a MAC failure, after parsing.
 */
static void test_vodozemac_message_constants(void **state)
{
    static const char initial[] =
        "3On7QFJyLQMAErua9K/yIOcJALvuMYax1AW0iWgf64AwtSMZXwAA012Q|"
        "9yA/CX8pJKF02Prd75ZyBQHg3fGTVVGDNl86q1z17Us";
    static const char message[] = "ZmtSLdzMcyjC5eV6L8xBI6amsq7gDNbCjz1W5OjX4Z8W";
    static const char public_key[] = "9yA/CX8pJKF02Prd75ZyBQHg3fGTVVGDNl86q1z17Us";
    uint8_t raw[64];
    size_t sep = 0, len = 0;
    cliquet_ecies_channel *g, *s;
    char g_key[CLIQUET_KEY_BASE64_SIZE], first[128];

    (void)state;
    assert_int_equal(cq_ecies_initial_separator(initial, strlen(initial), &sep), 0);
    assert_string_equal(initial + sep + 1, public_key);
    ok(cliquet_base64_decode(raw, sizeof raw, &len, public_key, strlen(public_key)));
    assert_int_equal(len, 32);
    ok(cliquet_base64_decode(raw, sizeof raw, &len, initial, sep));
    assert_true(len >= CQ_ECIES_TAG_BYTES);
    ok(cliquet_base64_decode(raw, sizeof raw, &len, message, strlen(message)));
    assert_true(len >= CQ_ECIES_TAG_BYTES);

    ok(cliquet_ecies_channel_new(&g));
    refuse_inbound(g, initial, strlen(initial), CLIQUET_ERR_BAD_MESSAGE_MAC);
    ok(cliquet_ecies_channel_new(&s));
    ok(cliquet_ecies_channel_public_key(g, g_key));
    ok(cliquet_ecies_channel_establish_outbound(s, g_key, strlen(g_key), first, sizeof first,
                                                &len, (const uint8_t *)"x", 1));
    refuse(s, message, strlen(message), CLIQUET_ERR_BAD_MESSAGE_MAC);
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
}

/* ---- the vodozemac peer ------------------------------------------------------------ */

typedef struct peer {
    pid_t pid;
    FILE *to;
    FILE *from;
    char *line;
    size_t line_cap;
} peer;

/* Where the peer is: $CLIQUET_VODOZEMAC_PEER, else ../shared (from the main
 * checkout) or ../../shared (from a worktree under wt/). */
static const char *peer_script(void)
{
    static const char *const candidates[] = {
        "../shared/peers/vodozemac/run.sh", "../../shared/peers/vodozemac/run.sh",
    };
    const char *env = getenv("CLIQUET_VODOZEMAC_PEER");

    if (env != NULL && env[0] != '\0') {
        return access(env, R_OK) == 0 ? env : NULL;
    }
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if (access(candidates[i], R_OK) == 0) {
            return candidates[i];
        }
    }
    return NULL;
}

/* Why the live tests cannot run, or NULL when they can. */
static const char *peer_absent_reason(void)
{
    if (peer_script() == NULL) {
        return "no vodozemac peer (../shared/peers/vodozemac/run.sh; "
               "set CLIQUET_VODOZEMAC_PEER)";
    }
    if (system("command -v node >/dev/null 2>&1") != 0) {
        return "node is not installed";
    }
    return NULL;
}

static int peer_start(peer *p)
{
    int in[2], out[2];

    memset(p, 0, sizeof *p);
    if (pipe(in) != 0 || pipe(out) != 0) {
        return -1;
    }
    p->pid = fork();
    if (p->pid < 0) {
        return -1;
    }
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", peer_script(), (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    return p->to != NULL && p->from != NULL ? 0 : -1;
}

static void peer_stop(peer *p)
{
    int status;

    if (p->to != NULL) {
        fclose(p->to);
    }
    if (p->from != NULL) {
        fclose(p->from);
    }
    if (p->pid > 0) {
        waitpid(p->pid, &status, 0);
    }
    free(p->line);
    memset(p, 0, sizeof *p);
}

/* Sends one request line and returns the reply line (owned by p). */
static const char *peer_call(peer *p, const char *fmt, ...)
{
    va_list ap;
    ssize_t got;

    va_start(ap, fmt);
    vfprintf(p->to, fmt, ap);
    va_end(ap);
    fputc('\n', p->to);
    fflush(p->to);
    got = getline(&p->line, &p->line_cap, p->from);
    if (got <= 0) {
        fail_msg("the vodozemac peer did not answer");
    }
    return p->line;
}

/*
 * The value of "key" in a flat JSON reply: a string (its escapes \" \\ \/
 * undone; the test's texts need no others) or a number, copied to out.
 * 0 when present.
 */
static int json_get(const char *reply, const char *key, char *out, size_t cap)
{
    char pattern[64];
    const char *v;
    size_t n = 0;

    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    v = strstr(reply, pattern);
    if (v == NULL) {
        return -1;
    }
    v += strlen(pattern);
    if (*v == '"') {
        for (v++; *v != '"' && *v != '\0'; v++) {
            if (*v == '\\' && v[1] != '\0') {
                v++;
            }
            assert_true(n + 1 < cap);
            out[n++] = *v;
        }
    } else {
        while ((*v >= '0' && *v <= '9') || *v == '-') {
            assert_true(n + 1 < cap);
            out[n++] = *v++;
        }
    }
    out[n] = '\0';
    return 0;
}

/* The string value of key, which must be there (else the reply fails the test). */
static void json_need(const char *reply, const char *key, char *out, size_t cap)
{
    if (json_get(reply, key, out, cap) != 0) {
        fail_msg("vodozemac peer: no \"%s\" in %s", key, reply);
    }
}

/* 1 if the reply is an error (a refusal by vodozemac). */
static int is_error(const char *reply)
{
    return strstr(reply, "\"error\":") != NULL;
}

/* ---- recording vectors ----------------------------------------------------------- */

static FILE *record; /* --record: the vector file being written */

static void rec(const char *fmt, ...)
{
    va_list ap;

    if (record == NULL) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(record, fmt, ap);
    va_end(ap);
}

static void rec_hex(const char *name, const uint8_t *p, size_t n)
{
    rec("%s: ", name);
    for (size_t i = 0; i < n; i++) {
        rec("%02x", p[i]);
    }
    rec("\n");
}

#define LIVE_MESSAGES 100
#define RECORDED_MESSAGES 8

/* A tampered copy of a message: one bit of its first byte flipped. */
static void tamper(char *dst, size_t cap, const char *msg)
{
    uint8_t raw[512];
    size_t raw_len = 0, len = 0;

    ok(cliquet_base64_decode(raw, sizeof raw, &raw_len, msg, strlen(msg)));
    raw[0] ^= 0x01;
    ok(cliquet_base64_encode(dst, cap, &len, raw, raw_len));
}

/*
 * Messages both ways on an established pair: cliquet's channel c and the
 * peer's current channel. Then the refusals: on cliquet's side a tampered,
 * a replayed and an overtaking vodozemac message, each leaving c unchanged
 * and followed by the good message decrypting; on vodozemac's side
 * `peer_refusal` ("tampered" or "replayed") of a cliquet message, last, as
 * vodozemac's channel counts a nonce even for a message it refuses.
 */
static void exchange(peer *p, cliquet_ecies_channel *c, const char *peer_refusal)
{
    char msg[512], text[64], got[512], bad[512];
    const char *reply;
    char *mine;
    char held[512];

    for (int i = 0; i < LIVE_MESSAGES; i++) {
        snprintf(text, sizeof text, "vodozemac to cliquet #%d", i);
        reply = peer_call(p, "{\"op\":\"encrypt\",\"plaintext\":\"%s\"}", text);
        json_need(reply, "message", msg, sizeof msg);
        open_expect(c, msg, text);
        if (i < RECORDED_MESSAGES) {
            rec("peer_message: %s %s\n", msg, text);
        }

        snprintf(text, sizeof text, "cliquet to vodozemac #%d", i);
        mine = seal(c, text);
        reply = peer_call(p, "{\"op\":\"decrypt\",\"message\":\"%s\"}", mine);
        json_need(reply, "plaintext", got, sizeof got);
        assert_string_equal(got, text);
        if (i < RECORDED_MESSAGES) {
            rec("cliquet_message: %s %s\n", mine, text);
        }
        free(mine);
    }

    /* cliquet refuses: tampered, replayed, overtaking; then all decrypt. */
    reply = peer_call(p, "{\"op\":\"encrypt\",\"plaintext\":\"first\"}");
    json_need(reply, "message", held, sizeof held);
    reply = peer_call(p, "{\"op\":\"encrypt\",\"plaintext\":\"second\"}");
    json_need(reply, "message", msg, sizeof msg);
    tamper(bad, sizeof bad, held);
    refuse(c, bad, strlen(bad), CLIQUET_ERR_BAD_MESSAGE_MAC);
    refuse(c, msg, strlen(msg), CLIQUET_ERR_MESSAGE_OUT_OF_ORDER);
    open_expect(c, held, "first");
    refuse(c, held, strlen(held), CLIQUET_ERR_DUPLICATE_MESSAGE);
    open_expect(c, msg, "second");

    /* vodozemac refuses: a good message first (accepted), then the bad one. */
    mine = seal(c, "good");
    reply = peer_call(p, "{\"op\":\"decrypt\",\"message\":\"%s\"}", mine);
    json_need(reply, "plaintext", got, sizeof got);
    assert_string_equal(got, "good");
    if (strcmp(peer_refusal, "replayed") == 0) {
        reply = peer_call(p, "{\"op\":\"decrypt\",\"message\":\"%s\"}", mine);
    } else {
        char *next = seal(c, "next");

        tamper(bad, sizeof bad, next);
        reply = peer_call(p, "{\"op\":\"decrypt\",\"message\":\"%s\"}", bad);
        free(next);
    }
    if (!is_error(reply)) {
        fail_msg("vodozemac accepted a %s message: %s", peer_refusal, reply);
    }
    printf("live: vodozemac refused the %s message: %s", peer_refusal, reply);
    free(mine);
}

/* Direction 1: cliquet's key (the QR code's), vodozemac establishes outbound. */
static void live_vodozemac_outbound(peer *p, const uint8_t random[32])
{
    cliquet_ecies_channel *g;
    char key[CLIQUET_KEY_BASE64_SIZE], initial[512], code_text[16];
    const char *reply;
    uint8_t out[256];
    size_t out_len = 0;
    unsigned code = 0;
    const char *first = "vodozemac's initial message to cliquet";

    ok(cliquet_ecies_channel_new_with_random(&g, random, 32));
    ok(cliquet_ecies_channel_public_key(g, key));
    reply = peer_call(p, "{\"op\":\"outbound\",\"public_key\":\"%s\",\"plaintext\":\"%s\"}",
                      key, first);
    json_need(reply, "initial_message", initial, sizeof initial);
    json_need(reply, "check_code", code_text, sizeof code_text);
    ok(cliquet_ecies_channel_establish_inbound(g, initial, strlen(initial), out, sizeof out,
                                               &out_len));
    assert_int_equal(out_len, strlen(first));
    assert_memory_equal(out, first, out_len);
    ok(cliquet_ecies_channel_check_code(g, &code));
    assert_int_equal(code, strtoul(code_text, NULL, 10));
    printf("live: vodozemac established outbound to cliquet's key; check code %02u on "
           "both sides\n", code);
    rec("vector: vodozemac-outbound\n");
    rec_hex("cliquet_random", random, 32);
    rec("cliquet_public_key: %s\n", key);
    rec("initial_message: %s\n", initial);
    rec("initial_plaintext: %s\n", first);
    rec("check_code: %u\n", code);
    exchange(p, g, "replayed");
    rec("end\n");
    cliquet_ecies_channel_free(g);
}

/* Direction 2: vodozemac's key, cliquet establishes outbound. */
static void live_cliquet_outbound(peer *p, const uint8_t random[32])
{
    cliquet_ecies_channel *s;
    char key[CLIQUET_KEY_BASE64_SIZE + 8], initial[512], got[256], code_text[16];
    const char *reply;
    size_t len = 0;
    unsigned code = 0;
    const char *first = "cliquet's initial message to vodozemac";

    reply = peer_call(p, "{\"op\":\"new\"}");
    json_need(reply, "public_key", key, sizeof key);
    ok(cliquet_ecies_channel_new_with_random(&s, random, 32));
    ok(cliquet_ecies_channel_establish_outbound(s, key, strlen(key), initial, sizeof initial,
                                                &len, (const uint8_t *)first,
                                                strlen(first)));
    reply = peer_call(p, "{\"op\":\"inbound\",\"initial_message\":\"%s\"}", initial);
    json_need(reply, "plaintext", got, sizeof got);
    assert_string_equal(got, first);
    json_need(reply, "check_code", code_text, sizeof code_text);
    ok(cliquet_ecies_channel_check_code(s, &code));
    assert_int_equal(code, strtoul(code_text, NULL, 10));
    printf("live: cliquet established outbound to vodozemac's key; check code %02u on "
           "both sides\n", code);
    rec("vector: cliquet-outbound\n");
    rec_hex("cliquet_random", random, 32);
    rec("peer_public_key: %s\n", key);
    rec("initial_message: %s\n", initial);
    rec("initial_plaintext: %s\n", first);
    rec("check_code: %u\n", code);
    exchange(p, s, "tampered");
    rec("end\n");
    cliquet_ecies_channel_free(s);
}

static void test_live_vodozemac(void **state)
{
    const char *why = peer_absent_reason();
    uint8_t r1[32], r2[32];
    peer p;

    (void)state;
    if (why != NULL) {
        printf("live vodozemac: SKIPPED: %s\n", why);
        skip();
    }
    cqt_seed_init("test_ecies live");
    cqt_stream(r1, sizeof r1);
    cqt_stream(r2, sizeof r2);
    assert_int_equal(peer_start(&p), 0);
    live_vodozemac_outbound(&p, r1);
    live_cliquet_outbound(&p, r2);
    peer_stop(&p);
    printf("live vodozemac: both directions, %d messages each way on each channel, "
           "refusals on both sides\n", LIVE_MESSAGES);
}

/* ---- the recorded vectors ---------------------------------------------------------- */

/* The value after "name: " on line, or NULL. */
static const char *field(const char *line, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(line, name, n) == 0 && line[n] == ':' && line[n + 1] == ' ') {
        return line + n + 2;
    }
    return NULL;
}

static void hex_to_bytes(uint8_t *out, size_t n, const char *hex)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;

        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
}

static void test_recorded_vectors(void **state)
{
    FILE *f = fopen("vectors/ecies/vodozemac.txt", "r");
    char line[1024];
    cliquet_ecies_channel *c = NULL;
    uint8_t random[32];
    char peer_key[64] = "", initial[512] = "";
    int vectors = 0, messages = 0, outbound = 0;

    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL) {
        const char *v;

        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        if ((v = field(line, "vector")) != NULL) {
            outbound = strcmp(v, "cliquet-outbound") == 0;
            assert_null(c);
        } else if ((v = field(line, "cliquet_random")) != NULL) {
            hex_to_bytes(random, 32, v);
            ok(cliquet_ecies_channel_new_with_random(&c, random, 32));
        } else if ((v = field(line, "cliquet_public_key")) != NULL) {
            char key[CLIQUET_KEY_BASE64_SIZE];

            ok(cliquet_ecies_channel_public_key(c, key));
            assert_string_equal(key, v);
        } else if ((v = field(line, "peer_public_key")) != NULL) {
            snprintf(peer_key, sizeof peer_key, "%s", v);
        } else if ((v = field(line, "initial_message")) != NULL) {
            snprintf(initial, sizeof initial, "%s", v);
        } else if ((v = field(line, "initial_plaintext")) != NULL) {
            uint8_t out[256];
            char mine[512];
            size_t len = 0;

            if (outbound) {
                /* Deterministic from our key: byte for byte what
                 * vodozemac accepted. */
                ok(cliquet_ecies_channel_establish_outbound(
                    c, peer_key, strlen(peer_key), mine, sizeof mine, &len,
                    (const uint8_t *)v, strlen(v)));
                assert_string_equal(mine, initial);
            } else {
                ok(cliquet_ecies_channel_establish_inbound(c, initial, strlen(initial), out,
                                                           sizeof out, &len));
                assert_int_equal(len, strlen(v));
                assert_memory_equal(out, v, len);
            }
        } else if ((v = field(line, "check_code")) != NULL) {
            unsigned code = 0;

            ok(cliquet_ecies_channel_check_code(c, &code));
            assert_int_equal(code, strtoul(v, NULL, 10));
        } else if ((v = field(line, "peer_message")) != NULL) {
            char msg[512];
            const char *text = strchr(v, ' ');

            assert_non_null(text);
            snprintf(msg, sizeof msg, "%.*s", (int)(text - v), v);
            open_expect(c, msg, text + 1);
            messages++;
        } else if ((v = field(line, "cliquet_message")) != NULL) {
            const char *text = strchr(v, ' ');
            char *mine;

            assert_non_null(text);
            mine = seal(c, text + 1);
            assert_int_equal(strlen(mine), (size_t)(text - v));
            assert_memory_equal(mine, v, strlen(mine));
            free(mine);
            messages++;
        } else if (strcmp(line, "end") == 0) {
            cliquet_ecies_channel_free(c);
            c = NULL;
            vectors++;
        } else {
            fail_msg("vectors/ecies/vodozemac.txt: unknown line \"%s\"", line);
        }
    }
    fclose(f);
    assert_null(c);
    printf("vectors/ecies/vodozemac.txt: %d transcripts, %d messages, as vodozemac "
           "wrote and read them\n", vectors, messages);
    assert_int_equal(vectors, 2);
    assert_true(messages >= 4 * RECORDED_MESSAGES);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hkdf_sha512_matches_openssl),
        cmocka_unit_test(test_chacha20poly1305_matches_openssl),
        cmocka_unit_test(test_vodozemac_unit_facts),
        cmocka_unit_test(test_vodozemac_message_constants),
        cmocka_unit_test(test_channel_both_ways),
        cmocka_unit_test(test_channel_refusals),
        cmocka_unit_test(test_establishment_refusals),
        cmocka_unit_test(test_recorded_vectors),
        cmocka_unit_test(test_live_vodozemac),
    };
    const struct CMUnitTest live[] = {
        cmocka_unit_test(test_live_vodozemac),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--record") == 0) {
        int rc;

        record = fopen(argv[2], "w");
        if (record == NULL) {
            perror(argv[2]);
            return 1;
        }
        rec("# ECIES (MSC4108) transcripts between cliquet and a live vodozemac: the\n"
            "# vodozemac of @matrix-org/matrix-sdk-crypto-wasm 18.9.0, run by\n"
            "# ../shared/peers/vodozemac/run.sh. Recorded by `build/test/test_ecies\n"
            "# --record vectors/ecies/vodozemac.txt`; every value but cliquet_random\n"
            "# (ours, from the printed seed) was written or accepted by vodozemac.\n"
            "# vodozemac-outbound: cliquet's key in the QR code, vodozemac the\n"
            "# initiator; cliquet-outbound: vodozemac's key, cliquet the initiator.\n"
            "# peer_message: what vodozemac encrypted (and its plaintext);\n"
            "# cliquet_message: what cliquet encrypted and vodozemac decrypted.\n");
        rc = cmocka_run_group_tests(live, NULL, NULL);
        fclose(record);
        return rc;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
