/*
 * lib/pk and its API: legacy key backup (m.megolm_backup.v1.curve25519-
 * aes-sha2), the PK decryption pickle fields, PK signing.
 *
 *   - vectors: the files in vectors/pk/, made by Debian's libolm (gen_pk.c) and
 *     copied from libolm's own tests (libolm-tests-...);
 *   - byte identity: the same random bytes into libolm and cliquet give the
 *     same ephemeral key, MAC, ciphertext and signatures;
 *   - live: backups written by libolm decrypt in cliquet and the reverse;
 *     libolm reads pickle fields cliquet writes, and the reverse;
 *   - hostile input: ciphertext lengths 0, 1, 15, 17 with a valid MAC
 *     (anyone who knows the public key can make one), ephemeral keys of the
 *     wrong length (CVE-2021-34813), bad base64, bad MACs, bad padding.
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
#include <olm/pk.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "api/api.h"
#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "crypto/crypto.h"
#include "helpers/libolm_pickle.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "helpers/vectors.h"
#include "helpers/sha_paths.h"
#include "pk/pk.h"


/* Decodes base64 text of a known length into out (test constants). */
static size_t unb64(uint8_t *out, size_t cap, const char *text)
{
    size_t len = 0;

    assert_int_equal(cq_base64_decode(out, cap, &len, text, strlen(text)), CLIQUET_OK);
    return len;
}

/* ---- libolm as the oracle ---------------------------------------------- */

typedef struct olm_backup {
    char *ciphertext;
    size_t ciphertext_len;
    char mac[16];
    char ephemeral[64];
} olm_backup;

/* libolm's olm_pk_encrypt with the given ephemeral random bytes. */
static void ref_encrypt(olm_backup *b, const uint8_t recipient_private[32],
                        const uint8_t *plaintext, size_t n, const uint8_t random[32])
{
    OlmPkDecryption *d = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    OlmPkEncryption *e = olm_pk_encryption(malloc(olm_pk_encryption_size()));
    uint8_t priv[32], rnd[32];
    char pub[64];

    memcpy(priv, recipient_private, 32);
    memcpy(rnd, random, 32);
    assert_int_not_equal(olm_pk_key_from_private(d, pub, sizeof pub, priv, 32), olm_error());
    assert_int_not_equal(olm_pk_encryption_set_recipient_key(e, pub, olm_pk_key_length()),
                         olm_error());
    b->ciphertext_len = olm_pk_ciphertext_length(e, n);
    b->ciphertext = malloc(b->ciphertext_len);
    assert_int_not_equal(olm_pk_encrypt(e, plaintext, n, b->ciphertext, b->ciphertext_len,
                                        b->mac, olm_pk_mac_length(e), b->ephemeral,
                                        olm_pk_key_length(), rnd, 32),
                         olm_error());
    olm_clear_pk_decryption(d);
    olm_clear_pk_encryption(e);
    free(d);
    free(e);
}

/* libolm's olm_pk_decrypt; returns the plaintext length or olm_error(). */
static size_t ref_decrypt(uint8_t *out, size_t cap, const uint8_t recipient_private[32],
                          const char *ephemeral, const char *mac, const char *ciphertext,
                          size_t ciphertext_len)
{
    OlmPkDecryption *d = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    uint8_t priv[32];
    char pub[64];
    char *ct = malloc(ciphertext_len + 1);
    size_t r;

    memcpy(priv, recipient_private, 32);
    memcpy(ct, ciphertext, ciphertext_len);
    assert_int_not_equal(olm_pk_key_from_private(d, pub, sizeof pub, priv, 32), olm_error());
    assert_true(cap >= olm_pk_max_plaintext_length(d, ciphertext_len));
    r = olm_pk_decrypt(d, ephemeral, strlen(ephemeral), mac, strlen(mac), ct,
                       ciphertext_len, out, cap);
    olm_clear_pk_decryption(d);
    free(d);
    free(ct);
    return r;
}

/* ---- set-up -------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_seed_init("test_pk");
    return 0;
}

/* ---- sizes ----------------------------------------------------------------- */

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(cliquet_pk_private_key_bytes(), CLIQUET_PK_PRIVATE_KEY_BYTES);
    assert_int_equal(cliquet_pk_legacy_mac_base64_size(), CLIQUET_PK_LEGACY_MAC_BASE64_SIZE);
    assert_int_equal(cliquet_pk_signing_seed_bytes(), CLIQUET_PK_SIGNING_SEED_BYTES);
    assert_int_equal((CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1), cq_base64_encoded_len(CQ_PK_MAC_BYTES));
    assert_int_equal((CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1), olm_pk_mac_length(NULL));
    assert_int_equal((CLIQUET_KEY_BASE64_SIZE - 1), olm_pk_key_length());
    assert_int_equal(CLIQUET_PK_PRIVATE_KEY_BYTES, olm_pk_private_key_length());
    assert_int_equal(CLIQUET_PK_SIGNING_SEED_BYTES, olm_pk_signing_seed_length());
    assert_int_equal((CLIQUET_SIGNATURE_BASE64_SIZE - 1), olm_pk_signature_length());
}

/* ---- vectors ---------------------------------------------------------------- */

/*
 * One backup case through the core (encryption with the recorded random
 * bytes must give libolm's bytes) and through the API (the recorded backup
 * must decrypt to the plaintext).
 */
static void backup_case(cqt_vectors *v)
{
    size_t n, pt_len, out_len = 0;
    const uint8_t *priv = cqt_hex(v, "private", &n);
    const uint8_t *random = cqt_hex(v, "random", &n);
    const uint8_t *pt = cqt_hex(v, "plaintext", &pt_len);
    const char *ct_text = cqt_str(v, "ciphertext");
    const char *mac_text = cqt_str(v, "mac");
    const char *eph_text = cqt_str(v, "ephemeral");
    cq_pk_decryption d;
    uint8_t recipient[32], eph[32], mac[8];
    char text[64];
    uint8_t *ct = malloc(cq_pk_ciphertext_len(pt_len));
    char *ct_b64 = malloc(cq_base64_encoded_len(cq_pk_ciphertext_len(pt_len)) + 1);
    uint8_t *back = malloc(pt_len + 16);
    cliquet_pk_decryption *api;

    cq_pk_decryption_from_private(&d, priv);
    cq_base64_encode(text, d.public_key, 32);
    cqt_assert_text(text, 43, cqt_str(v, "public"));
    memcpy(recipient, d.public_key, 32);

    assert_int_equal(cq_pk_encrypt_legacy(ct, mac, eph, recipient, pt, pt_len, random),
                     CLIQUET_OK);
    cq_base64_encode(ct_b64, ct, cq_pk_ciphertext_len(pt_len));
    cqt_assert_text(ct_b64, cq_base64_encoded_len(cq_pk_ciphertext_len(pt_len)), ct_text);
    cq_base64_encode(text, mac, 8);
    cqt_assert_text(text, 11, mac_text);
    cq_base64_encode(text, eph, 32);
    cqt_assert_text(text, 43, eph_text);

    assert_int_equal(cliquet_pk_decryption_new_from_private_key(&api, priv), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(api, back, pt_len + 16, &out_len,
                                                      eph_text, strlen(eph_text), mac_text,
                                                      strlen(mac_text), ct_text,
                                                      strlen(ct_text)),
                     CLIQUET_OK);
    assert_int_equal(out_len, pt_len);
    if (pt_len > 0) {
        assert_memory_equal(back, pt, pt_len);
    }
    cliquet_pk_decryption_free(api);
    cq_pk_decryption_clear(&d);
    free(ct);
    free(ct_b64);
    free(back);
}

static unsigned long run_backup_file(const char *path)
{
    return cqt_vectors_each(path, "private public random plaintext ciphertext mac ephemeral",
                            backup_case);
}

/* spec: client-server-api §Decryption key */
/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static void test_backup_vectors(void **state)
{
    unsigned long made, literal;

    (void)state;
    made = run_backup_file("vectors/pk/backup.txt");
    literal = run_backup_file("vectors/pk/libolm-tests-backup.txt");
    printf("pk backup vectors: %lu cases (libolm-made %lu, libolm's tests %lu)\n",
           made + literal, made, literal);
}

static void signing_case(cqt_vectors *v)
{
    size_t n, msg_len;
    const uint8_t *seed_bytes = cqt_hex(v, "seed", &n);
    const uint8_t *msg = cqt_hex(v, "message", &msg_len);
    cq_ed25519_key key;
    uint8_t sig[64];
    char text[96];
    cliquet_pk_signing *api;

    cq_ed25519_from_seed(&key, seed_bytes);
    cq_base64_encode(text, key.public_key, 32);
    cqt_assert_text(text, 43, cqt_str(v, "public"));
    cq_ed25519_sign(sig, &key, msg, msg_len);
    cq_base64_encode(text, sig, 64);
    cqt_assert_text(text, 86, cqt_str(v, "signature"));
    cq_ed25519_clear(&key);

    assert_int_equal(cliquet_pk_signing_new_from_seed(&api, seed_bytes), CLIQUET_OK);
    assert_int_equal(cliquet_pk_signing_public_key(api, text), CLIQUET_OK);
    cqt_assert_text(text, 43, cqt_str(v, "public"));
    assert_int_equal(cliquet_pk_sign(api, text, msg, msg_len), CLIQUET_OK);
    cqt_assert_text(text, 86, cqt_str(v, "signature"));
    assert_int_equal(cliquet_ed25519_verify(cqt_str(v, "public"), 43, msg, msg_len, text, 86),
                     CLIQUET_OK);
    cliquet_pk_signing_free(api);
}

static unsigned long run_signing_file(const char *path)
{
    return cqt_vectors_each(path, "seed message public signature", signing_case);
}

static void test_signing_vectors(void **state)
{
    unsigned long made, literal;

    (void)state;
    made = run_signing_file("vectors/pk/signing.txt");
    literal = run_signing_file("vectors/pk/libolm-tests-signing.txt");
    printf("pk signing vectors: %lu cases (libolm-made %lu, libolm's tests %lu)\n",
           made + literal, made, literal);
}

/* ---- byte identity with libolm for random inputs ------------------------ */

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static void test_backup_same_random_as_libolm(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < 200; i++) {
        size_t n = i < 40 ? i : cqt_stream_below(600);
        uint8_t priv[32], random[32], eph[32], mac[8];
        uint8_t *pt = malloc(n + 1);
        uint8_t *ct = malloc(cq_pk_ciphertext_len(n));
        char *ct_b64 = malloc(cq_base64_encoded_len(cq_pk_ciphertext_len(n)) + 1);
        char text[64];
        cq_pk_decryption d;
        olm_backup b;

        cqt_stream(priv, 32);
        cqt_stream(random, 32);
        cqt_stream(pt, n);
        cq_pk_decryption_from_private(&d, priv);
        ref_encrypt(&b, priv, pt, n, random);
        assert_int_equal(cq_pk_encrypt_legacy(ct, mac, eph, d.public_key, pt, n, random),
                         CLIQUET_OK);
        cq_base64_encode(ct_b64, ct, cq_pk_ciphertext_len(n));
        assert_int_equal(b.ciphertext_len, cq_base64_encoded_len(cq_pk_ciphertext_len(n)));
        assert_memory_equal(ct_b64, b.ciphertext, b.ciphertext_len);
        cq_base64_encode(text, mac, 8);
        assert_memory_equal(text, b.mac, 11);
        cq_base64_encode(text, eph, 32);
        assert_memory_equal(text, b.ephemeral, 43);
        free(b.ciphertext);
        free(pt);
        free(ct);
        free(ct_b64);
    }
    printf("pk backup: 200 random cases byte-identical with libolm\n");
}

static void test_signing_same_seed_as_libolm(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < 100; i++) {
        size_t n = cqt_stream_below(300);
        uint8_t seed_bytes[32], seed_copy[32];
        uint8_t *msg = malloc(n + 1);
        char pub[64], sig[128], olm_pub[64], olm_sig[128];
        OlmPkSigning *s = olm_pk_signing(malloc(olm_pk_signing_size()));
        cliquet_pk_signing *api;

        cqt_stream(seed_bytes, 32);
        cqt_stream(msg, n);
        memcpy(seed_copy, seed_bytes, 32);
        assert_int_not_equal(olm_pk_signing_key_from_seed(s, olm_pub, sizeof olm_pub,
                                                          seed_copy, 32), olm_error());
        assert_int_not_equal(olm_pk_sign(s, msg, n, (uint8_t *)olm_sig, sizeof olm_sig),
                             olm_error());
        assert_int_equal(cliquet_pk_signing_new_from_seed(&api, seed_bytes), CLIQUET_OK);
        assert_int_equal(cliquet_pk_signing_public_key(api, pub), CLIQUET_OK);
        assert_int_equal(cliquet_pk_sign(api, sig, msg, n), CLIQUET_OK);
        assert_memory_equal(pub, olm_pub, 43);
        assert_memory_equal(sig, olm_sig, 86);
        cliquet_pk_signing_free(api);
        olm_clear_pk_signing(s);
        free(s);
        free(msg);
    }
    printf("pk signing: 100 random cases byte-identical with libolm\n");
}

/* ---- live interop ------------------------------------------------------------ */

static void test_backup_live_libolm_to_cliquet(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < 50; i++) {
        size_t n = cqt_stream_below(2000), out_len = 0, need = 0;
        uint8_t random[32];
        uint8_t *pt = malloc(n + 1);
        uint8_t *out;
        cliquet_pk_decryption *d;
        uint8_t priv[32];
        olm_backup b;

        assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
        assert_int_equal(cliquet_pk_decryption_private_key(d, priv), CLIQUET_OK);
        cqt_stream(random, 32);
        cqt_stream(pt, n);
        ref_encrypt(&b, priv, pt, n, random);
        /* Size rule: the capacity asked for is the decoded ciphertext's length. */
        assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, NULL, 0, &need, b.ephemeral, 43,
                                                          b.mac, 11, b.ciphertext,
                                                          b.ciphertext_len),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(need, cq_base64_decoded_len(b.ciphertext_len));
        assert_int_equal(need, b.ciphertext_len / 4 * 3 +
                                   (b.ciphertext_len % 4 ? b.ciphertext_len % 4 - 1 : 0));
        assert_true(need <= b.ciphertext_len);
        out = malloc(need);
        assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, need, &out_len, b.ephemeral,
                                                          43, b.mac, 11, b.ciphertext,
                                                          b.ciphertext_len),
                         CLIQUET_OK);
        assert_int_equal(out_len, n);
        if (n > 0) {
            assert_memory_equal(out, pt, n);
        }
        cliquet_pk_decryption_free(d);
        free(b.ciphertext);
        free(out);
        free(pt);
    }
}

static void test_backup_live_cliquet_to_libolm(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < 50; i++) {
        size_t n = cqt_stream_below(2000), ct_len = 0, len = 0, got;
        uint8_t priv[32];
        uint8_t *pt = malloc(n + 1);
        uint8_t *out = malloc(n + 32);
        char *ct;
        char mac[11 + 1] = { 0 }, eph[43 + 1] = { 0 }, pub[CLIQUET_KEY_BASE64_SIZE];
        cliquet_pk_decryption *d;
        cliquet_pk_encryption *e;

        cqt_stream(priv, 32);
        cqt_stream(pt, n);
        assert_int_equal(cliquet_pk_decryption_new_from_private_key(&d, priv), CLIQUET_OK);
        assert_int_equal(cliquet_pk_decryption_public_key(d, pub), CLIQUET_OK);
        assert_int_equal(cliquet_pk_encryption_new(&e, pub, 43), CLIQUET_OK);
        assert_int_equal(cliquet_pk_encrypt_legacy_backup_size(n, &ct_len), CLIQUET_OK);
        /* Asking with no buffer gives the size needed. */
        assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, NULL, 0, &len, mac, eph, pt, n),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(len, ct_len + 1); /* the capacity, its NUL included */
        ct = malloc(ct_len + 1);
        /* One byte short (no room for the NUL) is still too small. */
        assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, ct, ct_len, &len, mac, eph, pt, n),
                         CLIQUET_ERR_OUTPUT_TOO_SMALL);
        assert_int_equal(len, ct_len + 1);
        assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, ct, ct_len + 1, &len, mac, eph, pt, n),
                         CLIQUET_OK);
        assert_int_equal(len, ct_len);
        assert_int_equal(ct[ct_len], '\0');
        assert_int_equal(strlen(mac), 11);
        assert_int_equal(strlen(eph), 43);
        got = ref_decrypt(out, n + 32, priv, eph, mac, ct, ct_len);
        assert_int_equal(got, n);
        if (n > 0) {
            assert_memory_equal(out, pt, n);
        }
        cliquet_pk_encryption_free(e);
        cliquet_pk_decryption_free(d);
        free(ct);
        free(out);
        free(pt);
    }
    printf("pk backup live: 50 libolm -> cliquet, 50 cliquet -> libolm\n");
}

/* ---- hostile input ----------------------------------------------------------- */

/*
 * A valid ephemeral key and MAC for the recipient, whatever the ciphertext:
 * the legacy MAC covers no ciphertext, so anyone holding the public key can
 * make these. Computed here from the spec (HKDF, HMAC of ""), independently
 * of lib/pk.
 */
static void forge_header(char eph_text[44], char mac_text[12], uint8_t keys[80],
                         const uint8_t recipient_public[32])
{
    uint8_t eph_private[32], eph_public[32], shared[32], full[32];

    cqt_stream(eph_private, 32);
    assert_int_equal(crypto_scalarmult_base(eph_public, eph_private), 0);
    assert_int_equal(crypto_scalarmult(shared, eph_private, recipient_public), 0);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, shared, 32, NULL, 0), 0);
    crypto_auth_hmacsha256(full, NULL, 0, keys + 32);
    sodium_bin2base64(eph_text, 44, eph_public, 32, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    sodium_bin2base64(mac_text, 12, full, 8, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static void test_backup_bad_ciphertext_lengths(void **state)
{
    static const size_t lengths[] = { 0, 1, 15, 17, 31, 33, 47 };
    cliquet_pk_decryption *d;
    uint8_t pub[32], priv[32], keys[80];
    char pub_text[CLIQUET_KEY_BASE64_SIZE], eph[44], mac[12];
    size_t i, len;

    (void)state;
    assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d, pub_text), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_private_key(d, priv), CLIQUET_OK);
    assert_int_equal(cq_base64_decode(pub, sizeof pub, &len, pub_text, 43), CLIQUET_OK);
    forge_header(eph, mac, keys, pub);
    for (i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        uint8_t raw[64], out[64], untouched[64];
        char text[96];
        size_t out_len = 12345;
        cq_pk_decryption core;
        uint8_t eph_raw[32], mac_raw[8];

        cqt_stream(raw, lengths[i]);
        cq_base64_encode(text, raw, lengths[i]);
        memset(out, 0xa5, sizeof out);
        memcpy(untouched, out, sizeof out);
        assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43,
                                                          mac, 11, text,
                                                          cq_base64_encoded_len(lengths[i])),
                         CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH);
        assert_memory_equal(out, untouched, sizeof out);
        assert_int_equal(out_len, 12345);
        /* The core refuses them itself, before touching the output. */
        cq_pk_decryption_from_private(&core, priv);
        unb64(eph_raw, sizeof eph_raw, eph);
        unb64(mac_raw, sizeof mac_raw, mac);
        assert_int_equal(cq_pk_decrypt_legacy(out, &out_len, &core, eph_raw, mac_raw, raw,
                                              lengths[i]),
                         CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH);
        assert_memory_equal(out, untouched, sizeof out);
        cq_pk_decryption_clear(&core);
    }
    cliquet_pk_decryption_free(d);
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
/* With a forged header, a well-formed ciphertext decrypts: the MAC
 * authenticates nothing (the documented weakness), and bad padding is
 * still caught. */
static void test_backup_forgery_and_padding(void **state)
{
    cliquet_pk_decryption *d;
    uint8_t pub[32], keys[80], block[32], ct[32], out[32];
    char pub_text[CLIQUET_KEY_BASE64_SIZE], eph[44], mac[12], text[48];
    size_t len, out_len;
    int outl;
    EVP_CIPHER_CTX *ctx;

    (void)state;
    assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d, pub_text), CLIQUET_OK);
    assert_int_equal(cq_base64_decode(pub, 32, &len, pub_text, 43), CLIQUET_OK);
    forge_header(eph, mac, keys, pub);

    /* Two blocks encrypted by OpenSSL without padding: first a correctly
     * padded one (13 bytes + 3 x 0x03), then last bytes 0x00 and 0x11. */
    {
        static const uint8_t last_bytes[] = { 0x03, 0x00, 0x11 };
        static const cliquet_status want[] = { CLIQUET_OK, CLIQUET_ERR_BAD_PADDING,
                                               CLIQUET_ERR_BAD_PADDING };
        size_t k;

        for (k = 0; k < 3; k++) {
            memset(block, 'x', 32);
            memset(block + 29, last_bytes[k], 3);
            ctx = EVP_CIPHER_CTX_new();
            assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, keys, keys + 64), 1);
            EVP_CIPHER_CTX_set_padding(ctx, 0);
            assert_int_equal(EVP_EncryptUpdate(ctx, ct, &outl, block, 32), 1);
            assert_int_equal(outl, 32);
            EVP_CIPHER_CTX_free(ctx);
            cq_base64_encode(text, ct, 32);
            memset(out, 0xa5, sizeof out);
            out_len = 0;
            assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph,
                                                              43, mac, 11, text, 43),
                             want[k]);
            if (want[k] == CLIQUET_OK) {
                assert_int_equal(out_len, 29);
                assert_memory_equal(out, block, 29);
            } else {
                /* Nothing of the bad plaintext is left: wiped or never written. */
                assert_true(cqt_all_bytes(out, sizeof out, 0x00) ||
                            cqt_all_bytes(out, sizeof out, 0xa5));
            }
        }
    }
    cliquet_pk_decryption_free(d);
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static void test_backup_bad_ephemeral_key(void **state)
{
    cliquet_pk_decryption *d;
    cliquet_pk_encryption *e;
    char pub[CLIQUET_KEY_BASE64_SIZE], eph[44] = { 0 }, mac[12] = { 0 }, ct[64], text[64];
    uint8_t raw[40], out[64], pt[5] = { 1, 2, 3, 4, 5 };
    size_t ct_len = 0, out_len = 0;

    (void)state;
    assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d, pub), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encryption_new(&e, pub, 43), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, ct, sizeof ct, &ct_len, mac, eph, pt, 5),
                     CLIQUET_OK);
    /* The genuine backup decrypts. */
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, mac,
                                                      11, ct, ct_len),
                     CLIQUET_OK);
    assert_int_equal(out_len, 5);

    /* 31 and 33 bytes: CVE-2021-34813 was a longer key overflowing a
     * 32-byte buffer. */
    memset(raw, 0x42, sizeof raw);
    unb64(raw, sizeof raw, eph);
    cq_base64_encode(text, raw, 31);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text,
                                                      cq_base64_encoded_len(31), mac, 11, ct,
                                                      ct_len),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    cq_base64_encode(text, raw, 33);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text,
                                                      cq_base64_encoded_len(33), mac, 11, ct,
                                                      ct_len),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    cq_base64_encode(text, raw, 40);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text,
                                                      cq_base64_encoded_len(40), mac, 11, ct,
                                                      ct_len),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 0, mac,
                                                      11, ct, ct_len),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    /* Bad base64: padding, a bad character, 1 mod 4, non-zero trailing bits. */
    memcpy(text, eph, 43);
    text[43] = '=';
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text, 44,
                                                      mac, 11, ct, ct_len),
                     CLIQUET_ERR_BAD_BASE64);
    memcpy(text, eph, 43);
    text[5] = '!';
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text, 43,
                                                      mac, 11, ct, ct_len),
                     CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 41,
                                                      mac, 11, ct, ct_len),
                     CLIQUET_ERR_BAD_BASE64);
    memcpy(text, eph, 43);
    /* 43 characters carry 258 bits: the last 2 must be 0 ('B' is 000001). */
    text[42] = (eph[42] == 'B') ? 'D' : 'B';
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text, 43,
                                                      mac, 11, ct, ct_len),
                     CLIQUET_ERR_BAD_BASE64);
    /* A low-order ephemeral key (all zero) gives an all-zero secret. */
    memset(raw, 0, 32);
    cq_base64_encode(text, raw, 32);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, text, 43,
                                                      mac, 11, ct, ct_len),
                     CLIQUET_ERR_ZERO_SHARED_SECRET);
    /* ... and as a recipient key, encryption refuses it. */
    cliquet_pk_encryption_free(e);
    assert_int_equal(cliquet_pk_encryption_new(&e, text, 43), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, ct, sizeof ct, &ct_len, mac, eph, pt, 5),
                     CLIQUET_ERR_ZERO_SHARED_SECRET);
    assert_int_equal(cliquet_pk_encryption_new(&e, text, 41), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_pk_encryption_new(&e, text, 42), CLIQUET_ERR_BAD_KEY_LENGTH);
    text[3] = '*';
    assert_int_equal(cliquet_pk_encryption_new(&e, text, 43), CLIQUET_ERR_BAD_BASE64);
    cliquet_pk_encryption_free(e);
    cliquet_pk_decryption_free(d);
}

/* spec: client-server-api §m.megolm_backup.v1.curve25519-aes-sha2 */
static void test_backup_bad_mac(void **state)
{
    cliquet_pk_decryption *d;
    cliquet_pk_encryption *e;
    char pub[CLIQUET_KEY_BASE64_SIZE], eph[44] = { 0 }, mac[12] = { 0 }, ct[64], text[64];
    uint8_t raw[16], out[64], untouched[64], pt[20] = { 0 };
    size_t ct_len = 0, out_len = 0;
    unsigned bit;

    (void)state;
    assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d, pub), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encryption_new(&e, pub, 43), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, ct, sizeof ct, &ct_len, mac, eph, pt, 20),
                     CLIQUET_OK);
    memset(out, 0xa5, sizeof out);
    memcpy(untouched, out, sizeof out);
    /* Every single-bit change of the 8-byte MAC is refused. */
    for (bit = 0; bit < 64; bit++) {
        unb64(raw, sizeof raw, mac);
        raw[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        cq_base64_encode(text, raw, 8);
        assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43,
                                                          text, 11, ct, ct_len),
                         CLIQUET_ERR_BAD_MESSAGE_MAC);
        assert_memory_equal(out, untouched, sizeof out);
    }
    /* A MAC of 7 or 9 bytes, or none. */
    memset(raw, 0x42, sizeof raw);
    unb64(raw, sizeof raw, mac);
    cq_base64_encode(text, raw, 7);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, text,
                                                      cq_base64_encoded_len(7), ct, ct_len),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    cq_base64_encode(text, raw, 9);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, text,
                                                      cq_base64_encoded_len(9), ct, ct_len),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, text,
                                                      0, ct, ct_len),
                     CLIQUET_ERR_BAD_MESSAGE_MAC);
    /* Bad base64 in the MAC and in the ciphertext. */
    memcpy(text, mac, 11);
    text[0] = '-';
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, text,
                                                      11, ct, ct_len),
                     CLIQUET_ERR_BAD_BASE64);
    memcpy(text, ct, ct_len);
    text[3] = '_';
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, mac,
                                                      11, text, ct_len),
                     CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, sizeof out, &out_len, eph, 43, mac,
                                                      11, ct, ct_len - 2),
                     CLIQUET_ERR_BAD_BASE64); /* 41 characters: 1 mod 4 */
    assert_memory_equal(out, untouched, sizeof out);
    /* Too small an output: the size needed, nothing written. */
    out_len = 0;
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, 31, &out_len, eph, 43, mac, 11, ct,
                                                      ct_len),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(out_len, 32);
    assert_memory_equal(out, untouched, sizeof out);
    cliquet_pk_encryption_free(e);
    cliquet_pk_decryption_free(d);
}

/* ---- pickle fields ------------------------------------------------------------ */

/*
 * The fields inside libolm's envelope (opened and sealed by
 * helpers/libolm_pickle.h, written from libolm's description as a check
 * independent of lib/pickle).
 */
static void pickle_case(cqt_vectors *v)
{
    size_t n, key_len, raw_len, len;
    const uint8_t *priv = cqt_hex(v, "private", &n);
    const uint8_t *key = cqt_hex(v, "pickle_key", &key_len);
    uint8_t raw[128], written[128], copy[256];
    char text[64], pickle[256], olm_pub[64];
    cq_pk_decryption d, from_libolm;
    cq_writer w;
    cq_reader r;
    OlmPkDecryption *od;

    /* libolm's pickle -> cliquet's reader. */
    raw_len = cqt_libolm_pickle_open(raw, sizeof raw, key, key_len, cqt_str(v, "pickle"),
                                     strlen(cqt_str(v, "pickle")));
    assert_int_equal(raw_len, CQ_PK_DECRYPTION_PICKLE_BYTES);
    cq_reader_init(&r, raw, raw_len);
    assert_int_equal(cq_pk_decryption_pickle_read(&from_libolm, &r), CLIQUET_OK);
    assert_int_equal(cq_reader_remaining(&r), 0);
    assert_memory_equal(from_libolm.private_key, priv, 32);
    cq_base64_encode(text, from_libolm.public_key, 32);
    cqt_assert_text(text, 43, cqt_str(v, "public"));

    /* cliquet's writer -> the very bytes libolm wrote. */
    cq_pk_decryption_from_private(&d, priv);
    cq_writer_init(&w, written, sizeof written);
    cq_pk_decryption_pickle_write(&w, &d);
    assert_false(w.overflow);
    assert_int_equal(w.len, raw_len);
    assert_memory_equal(written, raw, raw_len);

    /* ... sealed the same way, libolm reads it back. */
    len = cqt_libolm_pickle_seal(pickle, written, w.len, key, key_len);
    cqt_assert_text(pickle, len, cqt_str(v, "pickle")); /* deterministic envelope */
    memcpy(copy, pickle, len);
    od = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    assert_int_not_equal(olm_unpickle_pk_decryption(od, key, key_len, copy, len, olm_pub,
                                                    sizeof olm_pub),
                         olm_error());
    assert_memory_equal(olm_pub, cqt_str(v, "public"), 43);
    olm_clear_pk_decryption(od);
    free(od);
    cq_pk_decryption_clear(&d);
}

static unsigned long run_pickle_file(const char *path)
{
    return cqt_vectors_each(path, "private public pickle_key pickle", pickle_case);
}

static void test_pickle_fields_vectors(void **state)
{
    unsigned long made, literal;

    (void)state;
    made = run_pickle_file("vectors/pk/pickle.txt");
    literal = run_pickle_file("vectors/pk/libolm-tests-pickle.txt");
    printf("pk pickle vectors: %lu cases (libolm-made %lu, libolm's tests %lu)\n",
           made + literal, made, literal);
}

static void test_pickle_fields_refused(void **state)
{
    uint8_t priv[32], raw[CQ_PK_DECRYPTION_PICKLE_BYTES];
    cq_pk_decryption d, target, before;
    cq_writer w;
    cq_reader r;
    size_t cut;

    (void)state;
    cqt_stream(priv, 32);
    cq_pk_decryption_from_private(&d, priv);
    cq_writer_init(&w, raw, sizeof raw);
    cq_pk_decryption_pickle_write(&w, &d);
    assert_int_equal(w.len, sizeof raw);
    memset(&target, 0x5a, sizeof target);
    before = target;

    /* Every truncation. */
    for (cut = 0; cut < sizeof raw; cut++) {
        cq_reader_init(&r, raw, cut);
        assert_int_equal(cq_pk_decryption_pickle_read(&target, &r),
                         CLIQUET_ERR_PICKLE_CORRUPTED);
        assert_int_equal(r.pos, 0);
        assert_memory_equal(&target, &before, sizeof target);
    }
    /* Versions 0 and 2. */
    raw[3] = 0;
    cq_reader_init(&r, raw, sizeof raw);
    assert_int_equal(cq_pk_decryption_pickle_read(&target, &r),
                     CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
    raw[3] = 2;
    cq_reader_init(&r, raw, sizeof raw);
    assert_int_equal(cq_pk_decryption_pickle_read(&target, &r),
                     CLIQUET_ERR_PICKLE_UNKNOWN_VERSION);
    raw[3] = 1;
    /* A public key that is not the private key's. */
    raw[4] ^= 1;
    cq_reader_init(&r, raw, sizeof raw);
    assert_int_equal(cq_pk_decryption_pickle_read(&target, &r), CLIQUET_ERR_PICKLE_CORRUPTED);
    raw[4] ^= 1;
    raw[40] ^= 0x10;
    cq_reader_init(&r, raw, sizeof raw);
    assert_int_equal(cq_pk_decryption_pickle_read(&target, &r), CLIQUET_ERR_PICKLE_CORRUPTED);
    raw[40] ^= 0x10;
    assert_memory_equal(&target, &before, sizeof target);
    /* Intact: read, and trailing bytes left for the caller. */
    {
        uint8_t longer[sizeof raw + 1];

        memcpy(longer, raw, sizeof raw);
        longer[sizeof raw] = 0;
        cq_reader_init(&r, longer, sizeof longer);
        assert_int_equal(cq_pk_decryption_pickle_read(&target, &r), CLIQUET_OK);
        assert_int_equal(cq_reader_remaining(&r), 1);
        assert_memory_equal(&target, &d, sizeof d);
    }
    cq_pk_decryption_clear(&d);
    cq_pk_decryption_clear(&target);
}

/* ---- API edges -------------------------------------------------------------------- */

/* spec: client-server-api §Decryption key */
static void test_keys_round_trip(void **state)
{
    cliquet_pk_decryption *d, *d2;
    cliquet_pk_signing *s, *s2;
    uint8_t priv[32], seed_bytes[32];
    char a[CLIQUET_KEY_BASE64_SIZE], b[CLIQUET_KEY_BASE64_SIZE];

    (void)state;
    assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_private_key(d, priv), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_new_from_private_key(&d2, priv), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d, a), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d2, b), CLIQUET_OK);
    assert_memory_equal(a, b, CLIQUET_KEY_BASE64_SIZE);
    assert_int_equal(cliquet_pk_signing_new(&s), CLIQUET_OK);
    assert_int_equal(cliquet_pk_signing_seed(s, seed_bytes), CLIQUET_OK);
    assert_int_equal(cliquet_pk_signing_new_from_seed(&s2, seed_bytes), CLIQUET_OK);
    assert_int_equal(cliquet_pk_signing_public_key(s, a), CLIQUET_OK);
    assert_int_equal(cliquet_pk_signing_public_key(s2, b), CLIQUET_OK);
    assert_memory_equal(a, b, CLIQUET_KEY_BASE64_SIZE);
    cliquet_pk_decryption_free(d);
    cliquet_pk_decryption_free(d2);
    cliquet_pk_signing_free(s);
    cliquet_pk_signing_free(s2);
    cliquet_pk_decryption_free(NULL);
    cliquet_pk_encryption_free(NULL);
    cliquet_pk_signing_free(NULL);
}

static void test_invalid_arguments(void **state)
{
    cliquet_pk_decryption *d;
    cliquet_pk_encryption *e;
    cliquet_pk_signing *s;
    char key[CLIQUET_KEY_BASE64_SIZE], mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE];
    char sig[CLIQUET_SIGNATURE_BASE64_SIZE];
    uint8_t out[32];
    size_t len;

    (void)state;
    assert_int_equal(cliquet_pk_decryption_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_decryption_new_from_private_key(&d, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_encryption_new(&e, NULL, 43), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_signing_new_from_seed(&s, NULL), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_decryption_new(&d), CLIQUET_OK);
    assert_int_equal(cliquet_pk_decryption_public_key(d, key), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encryption_new(&e, key, 43), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, NULL, 0, NULL, mac, key, out, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(e, NULL, 0, &len, mac, key, NULL, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(NULL, NULL, 0, &len, mac, key, out, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup_size(SIZE_MAX, &len),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, out, 32, &len, NULL, 43, mac, 11, key,
                                                      43),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(NULL, out, 32, &len, key, 43, mac, 11, key,
                                                      43),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_signing_new(&s), CLIQUET_OK);
    assert_int_equal(cliquet_pk_sign(s, sig, NULL, 3), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_pk_sign(s, sig, NULL, 0), CLIQUET_OK);
    assert_int_equal(cliquet_pk_sign(s, NULL, out, 3), CLIQUET_ERR_INVALID_ARGUMENT);
    cliquet_pk_signing_free(s);
    cliquet_pk_encryption_free(e);
    cliquet_pk_decryption_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_backup_vectors),
        cmocka_unit_test(test_signing_vectors),
        cmocka_unit_test(test_backup_same_random_as_libolm),
        cmocka_unit_test(test_signing_same_seed_as_libolm),
        cmocka_unit_test(test_backup_live_libolm_to_cliquet),
        cmocka_unit_test(test_backup_live_cliquet_to_libolm),
        cmocka_unit_test(test_backup_bad_ciphertext_lengths),
        cmocka_unit_test(test_backup_forgery_and_padding),
        cmocka_unit_test(test_backup_bad_ephemeral_key),
        cmocka_unit_test(test_backup_bad_mac),
        cmocka_unit_test(test_pickle_fields_vectors),
        cmocka_unit_test(test_pickle_fields_refused),
        cmocka_unit_test(test_keys_round_trip),
        cmocka_unit_test(test_invalid_arguments),
    };

    return cqt_run_on_sha256_paths("pk", tests, sizeof tests / sizeof tests[0],
                                   setup, NULL);
}
