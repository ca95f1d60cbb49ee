/*
 * Megolm bad input: every refusal has its own status and leaves the inbound
 * session byte for byte as it was.
 *
 * Messages: every bit flip, every truncation (including one exactly MAC +
 * signature long, which once made libolm read out of bounds), trailing
 * bytes, wrong versions, non-canonical and over-long indices, unknown,
 * duplicate and reordered fields, ciphertext lengths that are not a
 * non-zero multiple of 16, bad signatures, bad MACs and bad padding under a
 * valid signature (the test holds the sender's key, so it can re-sign),
 * indices before the first known one, too small an output buffer.
 * Session keys and exports: every length, version and byte flip, bad base64.
 *
 * The random session is seeded: the seed is printed, CLIQUET_SEED replays it.
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
#include "megolm/megolm.h"

static uint64_t seed;

/* The sender, and a recipient that joined at index 5 and has seen 5..9. */
static cq_megolm_outbound sender;
static cq_megolm_inbound recipient;
static uint8_t good[512];      /* a valid message at index 20 */
static size_t good_len;

static int setup_sessions(void **state)
{
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    uint8_t key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t key_seed[randombytes_SEEDBYTES] = { 0 };
    uint32_t i;

    memcpy(key_seed, &seed, sizeof seed);
    randombytes_buf_deterministic(random, sizeof random, key_seed);
    cq_megolm_outbound_init(&sender, random);
    for (i = 0; i < 5; i++) {
        cq_megolm_ratchet_advance(&sender.ratchet);
    }
    cq_megolm_outbound_session_key(key, &sender);
    assert_int_equal(cq_megolm_inbound_from_session_key(&recipient, key, sizeof key),
                     CLIQUET_OK);
    for (i = 5; i < 20; i++) {
        uint8_t msg[256];
        uint8_t pt[256];
        size_t n = 0;
        uint32_t index = 0;

        assert_int_equal(cq_megolm_outbound_encrypt(&sender, msg, sizeof msg, &n,
                                                    (const uint8_t *)"hello", 5),
                         CLIQUET_OK);
        if (i < 10) {
            assert_int_equal(cq_megolm_inbound_decrypt(&recipient, pt, sizeof pt, &n,
                                                       &index, msg, n),
                             CLIQUET_OK);
        }
    }
    assert_int_equal(cq_megolm_outbound_encrypt(&sender, good, sizeof good, &good_len,
                                                (const uint8_t *)"a secret room message",
                                                21),
                     CLIQUET_OK);
    (void)state;
    return 0;
}

/* Decrypts msg with a copy of the recipient, checks the status and that
 * the copy is unchanged when refused. */
static cliquet_status try_decrypt(const uint8_t *msg, size_t n, size_t cap)
{
    cq_megolm_inbound copy;
    uint8_t *pt = malloc(cap + 1);
    size_t pt_len = 0;
    uint32_t index = 0;
    cliquet_status st;

    memcpy(&copy, &recipient, sizeof copy);
    st = cq_megolm_inbound_decrypt(&copy, pt, cap, &pt_len, &index, msg, n);
    if (st != CLIQUET_OK && memcmp(&copy, &recipient, sizeof copy) != 0) {
        fail_msg("a refused decrypt (%s) changed the session", cliquet_strerror(st));
    }
    free(pt);
    return st;
}

static void expect_decrypt(cliquet_status want, const uint8_t *msg, size_t n)
{
    cliquet_status st = try_decrypt(msg, n, 512);

    if (st != want) {
        fail_msg("expected %s, got %s", cliquet_strerror(want), cliquet_strerror(st));
    }
}

/*
 * Builds a message around fields (the bytes between version and MAC): the
 * MAC with the keys of the ratchet at index (or mac_flip XORed into its
 * first byte), then the sender's signature over everything.
 */
static size_t build(uint8_t *out, uint8_t version, const uint8_t *fields, size_t n,
                    uint32_t index, uint8_t mac_flip)
{
    static const uint8_t info[] = CQ_MEGOLM_KDF_INFO;
    cq_megolm_ratchet r;
    uint8_t keys[80];
    uint8_t mac[32];

    cq_megolm_ratchet_init(&r, recipient.initial.data, recipient.initial.counter);
    cq_megolm_ratchet_advance_to(&r, index);
    assert_int_equal(cq_hkdf_sha256(keys, sizeof keys, NULL, 0, r.data, 128, info,
                                    CQ_MEGOLM_KDF_INFO_BYTES), 0);
    out[0] = version;
    memcpy(out + 1, fields, n);
    cq_hmac_sha256(mac, keys + 32, 32, out, 1 + n);
    mac[0] ^= mac_flip;
    memcpy(out + 1 + n, mac, 8);
    cq_ed25519_sign(out + 1 + n + 8, &sender.signing_key, out, 1 + n + 8);
    return 1 + n + 8 + 64;
}

/* The fields of the good message (its bytes between version and MAC). */
static const uint8_t *good_fields(size_t *n)
{
    *n = good_len - 1 - 8 - 64;
    return good + 1;
}

/* ---- messages ------------------------------------------------------------ */

static void test_good_message_decrypts(void **state)
{
    uint8_t pt[64];
    size_t n = 0;
    uint32_t index = 0;
    cq_megolm_inbound copy;
    uint8_t rebuilt[512];
    size_t fields_len;
    const uint8_t *fields = good_fields(&fields_len);

    (void)state;
    memcpy(&copy, &recipient, sizeof copy);
    assert_int_equal(cq_megolm_inbound_decrypt(&copy, pt, sizeof pt, &n, &index, good,
                                               good_len),
                     CLIQUET_OK);
    assert_int_equal(index, 20);
    assert_int_equal(n, 21);
    assert_memory_equal(pt, "a secret room message", 21);
    /* The builder reproduces the sender's message exactly, so the messages
     * built below differ from a valid one only where the test says. */
    assert_int_equal(build(rebuilt, 3, fields, fields_len, 20, 0), good_len);
    assert_memory_equal(rebuilt, good, good_len);
}

/* spec: megolm.md §Message format */
static void test_every_bit_flip(void **state)
{
    uint8_t msg[512];
    size_t i;
    unsigned bit;
    unsigned long cases = 0;

    (void)state;
    for (i = 0; i < good_len; i++) {
        for (bit = 0; bit < 8; bit++) {
            cliquet_status st;

            memcpy(msg, good, good_len);
            msg[i] ^= (uint8_t)(1u << bit);
            st = try_decrypt(msg, good_len, 512);
            if (st == CLIQUET_OK) {
                fail_msg("flip of bit %u of byte %zu accepted", bit, i);
            }
            /* Exactly which check fires depends on the byte: the version,
             * then the structure, then the signature (which covers the
             * index, ciphertext and MAC). */
            if (i == 0) {
                assert_int_equal(st, CLIQUET_ERR_BAD_MESSAGE_VERSION);
            } else if (i >= good_len - 64 - 8) {
                assert_int_equal(st, CLIQUET_ERR_BAD_SIGNATURE);
            }
            cases++;
        }
    }
    printf("megolm bad input: %lu bit flips of a %zu-byte message refused\n", cases,
           good_len);
}

/* spec: megolm.md §Message format */
static void test_truncation_and_extension(void **state)
{
    uint8_t msg[520];
    size_t n;

    (void)state;
    for (n = 0; n < good_len; n++) {
        cliquet_status st = try_decrypt(good, n, 512);

        if (st == CLIQUET_OK) {
            fail_msg("truncation to %zu bytes accepted", n);
        }
    }
    /* Exactly MAC + signature long: no version byte at all. */
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, good + good_len - 72, 72);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, good, 72);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, good, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, NULL, 0);
    /* One byte more: the MAC and signature move, the fields end differently. */
    memcpy(msg, good, good_len);
    msg[good_len] = 0;
    assert_int_not_equal(try_decrypt(msg, good_len + 1, 512), CLIQUET_OK);
    printf("megolm bad input: %zu truncations and 1 extension refused\n", good_len);
}

/* spec: megolm.md §Message format */
static void test_wrong_version(void **state)
{
    uint8_t msg[512];
    size_t fields_len;
    const uint8_t *fields = good_fields(&fields_len);
    static const uint8_t versions[] = { 0, 1, 2, 4, 0x83, 0xff };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof versions; i++) {
        size_t n = build(msg, versions[i], fields, fields_len, 20, 0);

        expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_VERSION, msg, n);
    }
}

/* Fields with the ciphertext of the good message, index encoded as given. */
static size_t fields_with_index(uint8_t *out, const uint8_t *index_bytes, size_t index_len)
{
    size_t fields_len;
    const uint8_t *fields = good_fields(&fields_len);
    size_t ct_field = 2; /* index 20 is one varint byte: 0x08 0x14 */

    out[0] = CQ_MEGOLM_INDEX_TAG;
    memcpy(out + 1, index_bytes, index_len);
    memcpy(out + 1 + index_len, fields + ct_field, fields_len - ct_field);
    return 1 + index_len + fields_len - ct_field;
}

/* spec: megolm.md §Message format */
static void test_bad_index_encodings(void **state)
{
    uint8_t fields[512];
    uint8_t msg[600];
    size_t n;
    static const uint8_t canonical[] = { 0x14 };
    static const uint8_t padded[] = { 0x94, 0x00 };          /* 20, non-canonical */
    static const uint8_t padded2[] = { 0x94, 0x80, 0x00 };   /* 20, non-canonical */
    static const uint8_t too_big[] = { 0x80, 0x80, 0x80, 0x80, 0x10 }; /* 2^32 */
    static const uint8_t truncated[] = { 0x94 };             /* continuation, no end */

    (void)state;
    /* Control: the canonical encoding, re-signed, decrypts. */
    n = build(msg, 3, fields, fields_with_index(fields, canonical, 1), 20, 0);
    expect_decrypt(CLIQUET_OK, msg, n);

    n = build(msg, 3, fields, fields_with_index(fields, padded, 2), 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
    n = build(msg, 3, fields, fields_with_index(fields, padded2, 3), 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
    n = build(msg, 3, fields, fields_with_index(fields, too_big, 5), 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
    n = build(msg, 3, fields, fields_with_index(fields, truncated, 1), 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
}

/* spec: megolm.md §Message format */
static void test_bad_field_structure(void **state)
{
    size_t fields_len;
    const uint8_t *fields = good_fields(&fields_len);
    uint8_t f[600];
    uint8_t msg[700];
    size_t n;
    size_t ct_len = fields_len - 4; /* 0x08 0x14 0x12 len */

    (void)state;
    /* Ciphertext first, then index (libolm would accept this order). */
    memcpy(f, fields + 2, fields_len - 2);
    memcpy(f + fields_len - 2, fields, 2);
    n = build(msg, 3, f, fields_len, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);

    /* Index missing. */
    n = build(msg, 3, fields + 2, fields_len - 2, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);

    /* Ciphertext missing. */
    n = build(msg, 3, fields, 2, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);

    /* Index twice. */
    memcpy(f, fields, 2);
    memcpy(f + 2, fields, fields_len);
    n = build(msg, 3, f, fields_len + 2, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);

    /* An unknown varint field (3) before the ciphertext, and after it. */
    memcpy(f, fields, 2);
    f[2] = 0x18;
    f[3] = 0x01;
    memcpy(f + 4, fields + 2, fields_len - 2);
    n = build(msg, 3, f, fields_len + 2, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
    memcpy(f, fields, fields_len);
    f[fields_len] = 0x18;
    f[fields_len + 1] = 0x01;
    n = build(msg, 3, f, fields_len + 2, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);

    /* Ciphertext length one more / one less than the bytes present. */
    memcpy(f, fields, fields_len);
    f[3] = (uint8_t)(ct_len + 1);
    n = build(msg, 3, f, fields_len, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
    f[3] = (uint8_t)(ct_len - 1);
    n = build(msg, 3, f, fields_len, 20, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_FORMAT, msg, n);
}

static void test_bad_ciphertext_lengths(void **state)
{
    static const size_t lengths[] = { 0, 1, 8, 15, 17, 31, 33, 47 };
    uint8_t f[128];
    uint8_t msg[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        size_t n;

        f[0] = CQ_MEGOLM_INDEX_TAG;
        f[1] = 20;
        f[2] = CQ_MEGOLM_CIPHERTEXT_TAG;
        f[3] = (uint8_t)lengths[i];
        memset(f + 4, 0x5a, lengths[i]);
        n = build(msg, 3, f, 4 + lengths[i], 20, 0);
        expect_decrypt(CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH, msg, n);
    }
}

/* spec: megolm.md §Message encryption */
/* spec: megolm.md §Message format */
static void test_bad_signature_mac_padding(void **state)
{
    size_t fields_len;
    const uint8_t *fields = good_fields(&fields_len);
    uint8_t f[512];
    uint8_t msg[600];
    cq_ed25519_key other;
    uint8_t other_seed[32];
    size_t n;
    static const uint8_t info[] = CQ_MEGOLM_KDF_INFO;
    cq_megolm_ratchet r;
    uint8_t keys[80];
    cq_aes256 aes;
    uint8_t block[16];
    uint8_t x[16];
    unsigned j;

    (void)state;
    /* Signed by another key. */
    memset(other_seed, 7, sizeof other_seed);
    cq_ed25519_from_seed(&other, other_seed);
    memcpy(msg, good, good_len);
    cq_ed25519_sign(msg + good_len - 64, &other, msg, good_len - 64);
    expect_decrypt(CLIQUET_ERR_BAD_SIGNATURE, msg, good_len);
    /* An all-zero signature. */
    memset(msg + good_len - 64, 0, 64);
    expect_decrypt(CLIQUET_ERR_BAD_SIGNATURE, msg, good_len);

    /* Bad MAC under a valid signature. */
    n = build(msg, 3, fields, fields_len, 20, 0x01);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_MAC, msg, n);
    /* A ciphertext byte changed under the good message's MAC, re-signed. */
    memcpy(msg, good, good_len);
    msg[1 + 5] ^= 0x40;
    cq_ed25519_sign(msg + good_len - 64, &sender.signing_key, msg, good_len - 64);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_MAC, msg, good_len);

    /* The right MAC for a message encrypted under the wrong index's keys. */
    n = build(msg, 3, fields, fields_len, 21, 0);
    expect_decrypt(CLIQUET_ERR_BAD_MESSAGE_MAC, msg, n);

    /* Valid MAC and signature over a ciphertext whose padding is wrong: one
     * block whose plaintext ends in 0x00, then one ending in 0x11. */
    cq_megolm_ratchet_init(&r, recipient.initial.data, recipient.initial.counter);
    cq_megolm_ratchet_advance_to(&r, 20);
    assert_int_equal(cq_hkdf_sha256(keys, sizeof keys, NULL, 0, r.data, 128, info,
                                    CQ_MEGOLM_KDF_INFO_BYTES), 0);
    cq_aes256_init(&aes, keys);
    for (j = 0; j < 2; j++) {
        static const uint8_t last[2] = { 0x00, 0x11 };

        memset(block, 0x41, sizeof block);
        block[15] = last[j];
        for (n = 0; n < 16; n++) {
            x[n] = block[n] ^ keys[64 + n];
        }
        f[0] = CQ_MEGOLM_INDEX_TAG;
        f[1] = 20;
        f[2] = CQ_MEGOLM_CIPHERTEXT_TAG;
        f[3] = 16;
        cq_aes256_encrypt_block(&aes, f + 4, x);
        n = build(msg, 3, f, 20, 20, 0);
        expect_decrypt(CLIQUET_ERR_BAD_PADDING, msg, n);
    }
    cq_aes256_clear(&aes);
}

/* spec: megolm.md §The Megolm ratchet algorithm */
static void test_unknown_index_and_capacity(void **state)
{
    size_t fields_len;
    const uint8_t *fields = good_fields(&fields_len);
    uint8_t f[512];
    uint8_t msg[600];
    size_t n;
    uint32_t before[] = { 0, 4 };
    size_t i;
    cq_megolm_inbound copy;
    uint8_t pt[64];
    size_t pt_len = 0;
    uint32_t index = 0;

    (void)state;
    /* Indices before the first known one (5), validly signed. */
    for (i = 0; i < 2; i++) {
        memcpy(f, fields, fields_len);
        f[1] = (uint8_t)before[i];
        n = build(msg, 3, f, fields_len, 20, 0);
        expect_decrypt(CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, msg, n);
    }
    /* Too small an output: the size needed (the ciphertext length) comes
     * back and nothing changes; with exactly that size it decrypts. */
    assert_int_equal(try_decrypt(good, good_len, 31), CLIQUET_ERR_OUTPUT_TOO_SMALL);
    memcpy(&copy, &recipient, sizeof copy);
    assert_int_equal(cq_megolm_inbound_decrypt(&copy, pt, 31, &pt_len, &index, good,
                                               good_len),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(pt_len, 32);
    assert_int_equal(try_decrypt(good, good_len, 32), CLIQUET_OK);
    assert_true(cq_megolm_decrypt_max_len(good_len) >= 32);
}

/* spec: megolm.md §Advancing the ratchet */
/* A successful decrypt moves only the latest ratchet; the initial never. */
static void test_initial_ratchet_never_moves(void **state)
{
    cq_megolm_inbound copy;
    uint8_t pt[64];
    size_t pt_len = 0;
    uint32_t index = 0;

    (void)state;
    memcpy(&copy, &recipient, sizeof copy);
    assert_int_equal(cq_megolm_inbound_decrypt(&copy, pt, sizeof pt, &pt_len, &index, good,
                                               good_len),
                     CLIQUET_OK);
    assert_memory_equal(&copy.initial, &recipient.initial, sizeof copy.initial);
    assert_int_equal(copy.latest.counter, 20);
    assert_int_equal(recipient.latest.counter, 9);
}

/* ---- session keys and exports ---------------------------------------------- */

/* spec: megolm.md §Sharing session data */
/* spec: megolm.md §Session sharing format */
/* spec: megolm.md §Session export format */
static void test_bad_session_keys(void **state)
{
    uint8_t key[CQ_MEGOLM_SESSION_KEY_BYTES + 1];
    uint8_t exp[CQ_MEGOLM_EXPORT_BYTES + 1];
    cq_megolm_inbound s;
    cq_megolm_inbound before;
    size_t i;
    unsigned long cases = 0;

    (void)state;
    memset(&s, 0xa5, sizeof s);
    memcpy(&before, &s, sizeof s);
    cq_megolm_outbound_session_key(key, &sender);
    assert_int_equal(cq_megolm_export_read(&s.initial, s.signing_key, key, 165),
                     CLIQUET_ERR_BAD_SESSION_KEY); /* version 2 is not an export */

    /* Every length but the right one. */
    for (i = 0; i <= sizeof key; i++) {
        if (i != CQ_MEGOLM_SESSION_KEY_BYTES) {
            assert_int_equal(cq_megolm_inbound_from_session_key(&s, key, i),
                             CLIQUET_ERR_BAD_SESSION_KEY);
            cases++;
        }
    }
    /* Every byte flipped: the version byte is a bad key, every other byte
     * breaks the signature. */
    for (i = 0; i < CQ_MEGOLM_SESSION_KEY_BYTES; i++) {
        key[i] ^= 0x20;
        assert_int_equal(cq_megolm_inbound_from_session_key(&s, key, CQ_MEGOLM_SESSION_KEY_BYTES),
                         i == 0 ? CLIQUET_ERR_BAD_SESSION_KEY : CLIQUET_ERR_BAD_SIGNATURE);
        key[i] ^= 0x20;
        cases++;
    }
    assert_memory_equal(&s, &before, sizeof s);

    /* Exports: every length, every version but 1. */
    cq_megolm_export_write(exp, &sender.ratchet, sender.signing_key.public_key);
    for (i = 0; i <= sizeof exp; i++) {
        if (i != CQ_MEGOLM_EXPORT_BYTES) {
            assert_int_equal(cq_megolm_inbound_import(&s, exp, i), CLIQUET_ERR_BAD_SESSION_KEY);
            cases++;
        }
    }
    for (i = 0; i < 256; i++) {
        exp[0] = (uint8_t)i;
        if (i != CQ_MEGOLM_EXPORT_VERSION) {
            assert_int_equal(cq_megolm_inbound_import(&s, exp, CQ_MEGOLM_EXPORT_BYTES),
                             CLIQUET_ERR_BAD_SESSION_KEY);
            cases++;
        }
    }
    assert_memory_equal(&s, &before, sizeof s);
    /* A session key is not an export and an export not a session key. */
    assert_int_equal(cq_megolm_inbound_import(&s, key, CQ_MEGOLM_EXPORT_BYTES),
                     CLIQUET_ERR_BAD_SESSION_KEY);
    exp[0] = CQ_MEGOLM_EXPORT_VERSION;
    assert_int_equal(cq_megolm_inbound_import(&s, exp, CQ_MEGOLM_EXPORT_BYTES), CLIQUET_OK);
    assert_int_equal(s.verified, 0);
    printf("megolm bad input: %lu malformed session keys and exports refused\n", cases);
}

/* The same through the public API: base64 and lengths. */
static void test_bad_session_key_text(void **state)
{
    uint8_t raw[CQ_MEGOLM_SESSION_KEY_BYTES];
    char text[(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1) + 4];
    cliquet_inbound_group_session *s = NULL;
    size_t i;

    (void)state;
    cq_megolm_outbound_session_key(raw, &sender);
    cq_base64_encode(text, raw, sizeof raw);
    assert_int_equal(cliquet_inbound_group_session_new(&s, text, 306), CLIQUET_OK);
    cliquet_inbound_group_session_free(s);
    s = NULL;

    /* Not base64 at the same length: '=', '-', '_', ' ', '\0'. */
    for (i = 0; i < 5; i++) {
        static const char bad[] = "=-_ ";
        char saved = text[100];

        text[100] = i < 4 ? bad[i] : '\0';
        assert_int_equal(cliquet_inbound_group_session_new(&s, text, 306),
                         CLIQUET_ERR_BAD_BASE64);
        text[100] = saved;
    }
    assert_null(s);
    /* Padded, and lengths 1 mod 4. */
    text[306] = '=';
    text[307] = '=';
    assert_int_not_equal(cliquet_inbound_group_session_new(&s, text, 308), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new(&s, text, 305), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_inbound_group_session_new(&s, text, 305 - 4),
                     CLIQUET_ERR_BAD_BASE64);
    /* Non-zero trailing bits: the last character of 229 bytes carries 2
     * bits and 4 zero bits ('A', 'Q', 'g' or 'w'); 'B' sets a spare bit. */
    {
        char last = text[305];
        text[305] = 'B';
        assert_int_not_equal(cliquet_inbound_group_session_new(&s, text, 306), CLIQUET_OK);
        text[305] = last;
    }
    /* Wrong lengths that are valid base64. */
    assert_int_equal(cliquet_inbound_group_session_new(&s, text, 304),
                     CLIQUET_ERR_BAD_SESSION_KEY);
    assert_int_equal(cliquet_inbound_group_session_new(&s, text, 0),
                     CLIQUET_ERR_BAD_SESSION_KEY);
    assert_int_equal(cliquet_inbound_group_session_import(&s, text, 306),
                     CLIQUET_ERR_BAD_SESSION_KEY);
    assert_null(s);
}

/* Every base64 character of a message replaced through the public API. */
static void test_bad_message_text(void **state)
{
    char text[800];
    size_t text_len = cq_base64_encoded_len(good_len);
    cliquet_inbound_group_session *s = NULL;
    uint8_t raw_key[CQ_MEGOLM_SESSION_KEY_BYTES];
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    uint8_t pt[600];
    size_t pt_len = 0;
    cliquet_megolm_decrypt_info info;
    size_t i;
    unsigned long cases = 0;

    (void)state;
    cq_megolm_export_write(raw_key, &recipient.initial, recipient.signing_key);
    cq_base64_encode(key, raw_key, CQ_MEGOLM_EXPORT_BYTES);
    assert_int_equal(cliquet_inbound_group_session_import(&s, key, 220), CLIQUET_OK);
    cq_base64_encode(text, good, good_len);
    for (i = 0; i < text_len; i++) {
        char saved = text[i];

        text[i] = saved == 'A' ? 'B' : 'A';
        if (cliquet_inbound_group_session_decrypt(s, text, text_len, pt, sizeof pt, &pt_len,
                                                  &info) == CLIQUET_OK) {
            fail_msg("base64 character %zu changed, accepted", i);
        }
        text[i] = saved;
        cases++;
    }
    assert_int_not_equal(cliquet_inbound_group_session_decrypt(s, text, text_len - 1, pt,
                                                               sizeof pt, &pt_len, &info),
                         CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_decrypt(s, text, text_len, pt, sizeof pt,
                                                           &pt_len, &info),
                     CLIQUET_OK);
    assert_int_equal(info.verified, 1);
    /* Past 2^31 characters a message is refused before anything is read or
     * allocated (the length bound is checked first), output untouched. */
    {
        static const size_t huge[] = { ((size_t)1 << 31) + 1, (size_t)1 << 32, SIZE_MAX };
        uint8_t untouched[sizeof pt];

        memset(pt, 0xa5, sizeof pt);
        memcpy(untouched, pt, sizeof pt);
        for (i = 0; i < sizeof huge / sizeof huge[0]; i++) {
            pt_len = 12345;
            assert_int_equal(cliquet_inbound_group_session_decrypt(s, text, huge[i], pt,
                                                                   sizeof pt, &pt_len, &info),
                             CLIQUET_ERR_INPUT_TOO_LARGE);
            assert_memory_equal(pt, untouched, sizeof pt);
        }
    }
    /* The session is as it was. */
    assert_int_equal(cliquet_inbound_group_session_decrypt(s, text, text_len, pt, sizeof pt,
                                                           &pt_len, &info),
                     CLIQUET_OK);
    cliquet_inbound_group_session_free(s);
    printf("megolm bad input: %lu altered base64 messages refused\n", cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_message_decrypts),
        cmocka_unit_test(test_every_bit_flip),
        cmocka_unit_test(test_truncation_and_extension),
        cmocka_unit_test(test_wrong_version),
        cmocka_unit_test(test_bad_index_encodings),
        cmocka_unit_test(test_bad_field_structure),
        cmocka_unit_test(test_bad_ciphertext_lengths),
        cmocka_unit_test(test_bad_signature_mac_padding),
        cmocka_unit_test(test_unknown_index_and_capacity),
        cmocka_unit_test(test_initial_ratchet_never_moves),
        cmocka_unit_test(test_bad_session_keys),
        cmocka_unit_test(test_bad_session_key_text),
        cmocka_unit_test(test_bad_message_text),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    seed = cqt_seed_init("test_megolm_bad_input");
    return cmocka_run_group_tests(tests, setup_sessions, NULL);
}
