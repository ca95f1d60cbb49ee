/*
 * bench: SAS and key-backup (PK) operations for cliquet, libolm and the
 * floor.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <olm/pk.h>
#include <olm/sas.h>
#include <sodium.h>

#include "bench.h"

#define CT_CAP 1024

/* What a client feeds SAS (sizes as in a Matrix verification). */
static const char sas_info[] =
    "MATRIX_KEY_VERIFICATION_SAS|@alice:example.org|ALICEDEVICE|"
    "qQMIDu3TNGNbBpvTIIRNAa1fbxcbFpWcq8ZsRHwxWvk|@bob:example.org|BOBDEVICE|"
    "ZtkcJPyuafJH93vYLOyGnpfUtzMYXjn02dadoHHdSXc|$transactionid";
static const char mac_info[] =
    "MATRIX_KEY_VERIFICATION_MAC@alice:example.orgALICEDEVICE"
    "@bob:example.orgBOBDEVICE$transactionided25519:ALICEDEVICE";
static const char mac_key_input[] = "qQMIDu3TNGNbBpvTIIRNAa1fbxcbFpWcq8ZsRHwxWvk";
static const char mac_keys_input[] = "ed25519:ALICEDEVICE,ed25519:MASTERKEY";

/* ---- SAS: both sides, from new objects to two MACs each ----------------- */

static void *no_setup(size_t n)
{
    (void)n;
    return NULL;
}

static void no_teardown(void *ctx)
{
    (void)ctx;
}

static void cq_sas_run(void *ctx, size_t n)
{
    size_t i;
    int side;

    (void)ctx;
    for (i = 0; i < n; i++) {
        cliquet_sas *s[2];
        char pub[2][CLIQUET_KEY_BASE64_SIZE];
        uint8_t bytes[6];
        char mac[CLIQUET_SAS_MAC_BASE64_SIZE];

        for (side = 0; side < 2; side++) {
            check_cq(cliquet_sas_new(&s[side]), "sas");
            check_cq(cliquet_sas_public_key(s[side], pub[side]), "sas key");
        }
        for (side = 0; side < 2; side++) {
            check_cq(cliquet_sas_set_their_key(s[side], pub[1 - side], 43),
                     "sas their key");
            check_cq(cliquet_sas_generate_bytes(s[side], bytes, 6,
                                                (const uint8_t *)sas_info,
                                                sizeof sas_info - 1),
                     "sas bytes");
            check_cq(cliquet_sas_calculate_mac(s[side], mac,
                                               (const uint8_t *)mac_key_input,
                                               sizeof mac_key_input - 1,
                                               (const uint8_t *)mac_info,
                                               sizeof mac_info - 1),
                     "sas mac");
            check_cq(cliquet_sas_calculate_mac(s[side], mac,
                                               (const uint8_t *)mac_keys_input,
                                               sizeof mac_keys_input - 1,
                                               (const uint8_t *)mac_info,
                                               sizeof mac_info - 1),
                     "sas mac");
        }
        cliquet_sas_free(s[0]);
        cliquet_sas_free(s[1]);
    }
}

static void olm_sas_run(void *ctx, size_t n)
{
    size_t i;
    int side;

    (void)ctx;
    for (i = 0; i < n; i++) {
        OlmSAS *s[2];
        char pub[2][64];
        char their[64];
        uint8_t bytes[6];
        char mac[64];
        uint8_t r[32];

        for (side = 0; side < 2; side++) {
            s[side] = olm_sas(xmalloc(olm_sas_size()));
            fill_random(r, olm_create_sas_random_length(s[side]));
            check_olm(olm_create_sas(s[side], r, olm_create_sas_random_length(s[side])),
                      "olm sas");
            check_olm(olm_sas_get_pubkey(s[side], pub[side],
                                         olm_sas_pubkey_length(s[side])),
                      "olm sas key");
        }
        for (side = 0; side < 2; side++) {
            /* olm_sas_set_their_key decodes the key in place. */
            memcpy(their, pub[1 - side], 43);
            check_olm(olm_sas_set_their_key(s[side], their, 43), "olm sas their");
            check_olm(olm_sas_generate_bytes(s[side], sas_info, sizeof sas_info - 1,
                                             bytes, 6),
                      "olm sas bytes");
            check_olm(olm_sas_calculate_mac_fixed_base64(
                          s[side], mac_key_input, sizeof mac_key_input - 1,
                          mac_info, sizeof mac_info - 1, mac,
                          olm_sas_mac_length(s[side])),
                      "olm sas mac");
            check_olm(olm_sas_calculate_mac_fixed_base64(
                          s[side], mac_keys_input, sizeof mac_keys_input - 1,
                          mac_info, sizeof mac_info - 1, mac,
                          olm_sas_mac_length(s[side])),
                      "olm sas mac");
        }
        for (side = 0; side < 2; side++) {
            olm_clear_sas(s[side]);
            free(s[side]);
        }
    }
}

static void fl_sas_mac(char out[44], const uint8_t shared[32], const char *msg,
                       size_t n)
{
    uint8_t key[32];
    uint8_t mac[32];

    fl_hkdf(key, 32, NULL, 0, shared, 32, mac_info, sizeof mac_info - 1);
    fl_hmac(mac, key, (const uint8_t *)msg, n);
    fl_b64_encode(out, mac, 32);
}

static void fl_sas_run(void *ctx, size_t n)
{
    size_t i;
    int side;

    (void)ctx;
    for (i = 0; i < n; i++) {
        uint8_t priv[2][32];
        uint8_t pub[2][32];
        char pub_b64[2][44];
        uint8_t their[32];
        uint8_t shared[32];
        uint8_t bytes[6];
        char mac[44];

        for (side = 0; side < 2; side++) {
            randombytes_buf(priv[side], 32);
            crypto_scalarmult_base(pub[side], priv[side]);
            fl_b64_encode(pub_b64[side], pub[side], 32);
        }
        for (side = 0; side < 2; side++) {
            fl_b64_decode(their, 32, pub_b64[1 - side], 43);
            if (crypto_scalarmult(shared, priv[side], their) != 0) {
                die("floor: sas x25519");
            }
            fl_hkdf(bytes, 6, NULL, 0, shared, 32, sas_info, sizeof sas_info - 1);
            fl_sas_mac(mac, shared, mac_key_input, sizeof mac_key_input - 1);
            fl_sas_mac(mac, shared, mac_keys_input, sizeof mac_keys_input - 1);
        }
    }
}

/* ---- PK encryption of a backup entry ----------------------------------- */

typedef struct {
    size_t n;
    uint8_t priv[32];
    uint8_t pub[32];
    char pub_b64[44];
    char json[BACKUP_JSON_MAX];
    size_t json_len;
    void *obj;           /* the impl's encryption or decryption object */
    char (*ct)[CT_CAP];  /* n backup entries */
    size_t *ct_len;
    char (*mac)[12];
    char (*eph)[44];
} pk_ctx;

static void pk_make_export(char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE])
{
    cliquet_outbound_group_session *o;
    cliquet_inbound_group_session *in;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];

    check_cq(cliquet_outbound_group_session_new(&o), "outbound group");
    check_cq(cliquet_outbound_group_session_key(o, key), "session key");
    check_cq(cliquet_inbound_group_session_new(&in, key, sizeof key - 1), "inbound");
    check_cq(cliquet_inbound_group_session_export(in, 0, out), "export");
    cliquet_inbound_group_session_free(in);
    cliquet_outbound_group_session_free(o);
}

static pk_ctx *pk_ctx_new(size_t n, int with_ciphertexts)
{
    pk_ctx *c = xcalloc(1, sizeof *c);
    char export_b64[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
    size_t i;

    c->n = n;
    fill_random(c->priv, 32);
    crypto_scalarmult_base(c->pub, c->priv);
    fl_b64_encode(c->pub_b64, c->pub, 32);
    pk_make_export(export_b64);
    c->json_len = backup_json(c->json, export_b64, sizeof export_b64);
    if (with_ciphertexts) {
        cliquet_pk_encryption *e;

        c->ct = xcalloc(n, CT_CAP);
        c->ct_len = xcalloc(n, sizeof *c->ct_len);
        c->mac = xcalloc(n, 11);
        c->eph = xcalloc(n, 44);
        check_cq(cliquet_pk_encryption_new(&e, c->pub_b64, 43), "pk encryption");
        for (i = 0; i < n; i++) {
            check_cq(cliquet_pk_encrypt_legacy_backup(
                         e, c->ct[i], CT_CAP, &c->ct_len[i], c->mac[i], c->eph[i],
                         (const uint8_t *)c->json, c->json_len),
                     "pk encrypt");
        }
        cliquet_pk_encryption_free(e);
    }
    return c;
}

static void pk_ctx_free(pk_ctx *c)
{
    free(c->ct);
    free(c->ct_len);
    free(c->mac);
    free(c->eph);
    free(c);
}

static void *cq_pk_enc_setup(size_t n)
{
    pk_ctx *c = pk_ctx_new(n, 0);

    check_cq(cliquet_pk_encryption_new((cliquet_pk_encryption **)&c->obj,
                                       c->pub_b64, 43),
             "pk encryption");
    return c;
}

static void cq_pk_enc_run(void *ctx, size_t n)
{
    pk_ctx *c = ctx;
    char ct[CT_CAP];
    char mac[12];
    char eph[44];
    size_t len;
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_pk_encrypt_legacy_backup(c->obj, ct, sizeof ct, &len, mac,
                                                  eph, (const uint8_t *)c->json,
                                                  c->json_len),
                 "pk encrypt");
    }
}

static void cq_pk_enc_teardown(void *ctx)
{
    pk_ctx *c = ctx;

    cliquet_pk_encryption_free(c->obj);
    pk_ctx_free(c);
}

static void *olm_pk_enc_setup(size_t n)
{
    pk_ctx *c = pk_ctx_new(n, 0);
    OlmPkEncryption *e = olm_pk_encryption(xmalloc(olm_pk_encryption_size()));

    check_olm(olm_pk_encryption_set_recipient_key(e, c->pub_b64, 43),
              "olm pk encryption");
    c->obj = e;
    return c;
}

static void olm_pk_enc_run(void *ctx, size_t n)
{
    pk_ctx *c = ctx;
    char ct[CT_CAP];
    char mac[16];
    char eph[64];
    uint8_t r[32];
    size_t i;

    for (i = 0; i < n; i++) {
        size_t rn = olm_pk_encrypt_random_length(c->obj);

        fill_random(r, rn);
        check_olm(olm_pk_encrypt(c->obj, c->json, c->json_len, ct,
                                 olm_pk_ciphertext_length(c->obj, c->json_len), mac,
                                 olm_pk_mac_length(c->obj), eph, olm_pk_key_length(),
                                 r, rn),
                  "olm pk encrypt");
    }
}

static void olm_pk_enc_teardown(void *ctx)
{
    pk_ctx *c = ctx;

    olm_clear_pk_encryption(c->obj);
    free(c->obj);
    pk_ctx_free(c);
}

static void *fl_pk_enc_setup(size_t n)
{
    return pk_ctx_new(n, 0);
}

static void fl_pk_enc_run(void *ctx, size_t n)
{
    pk_ctx *c = ctx;
    char ct[CT_CAP];
    char mac[12];
    char eph[44];
    uint8_t recipient[32];
    size_t i;

    for (i = 0; i < n; i++) {
        /* The recipient key is decoded once per object in cliquet and
         * libolm too; the floor keeps it decoded. */
        memcpy(recipient, c->pub, 32);
        fl_pk_encrypt(ct, mac, eph, recipient, (const uint8_t *)c->json,
                      c->json_len);
    }
}

static void fl_pk_teardown(void *ctx)
{
    pk_ctx_free(ctx);
}

/* ---- PK decryption of a backup entry ----------------------------------- */

static void *cq_pk_dec_setup(size_t n)
{
    pk_ctx *c = pk_ctx_new(n, 1);

    check_cq(cliquet_pk_decryption_new_from_private_key(
                 (cliquet_pk_decryption **)&c->obj, c->priv),
             "pk decryption");
    return c;
}

static void cq_pk_dec_run(void *ctx, size_t n)
{
    pk_ctx *c = ctx;
    uint8_t pt[CT_CAP];
    size_t len;
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_pk_decrypt_legacy_backup(c->obj, pt, sizeof pt, &len,
                                                  c->eph[i], 43, c->mac[i], 11,
                                                  c->ct[i], c->ct_len[i]),
                 "pk decrypt");
    }
}

static void cq_pk_dec_teardown(void *ctx)
{
    pk_ctx *c = ctx;

    cliquet_pk_decryption_free(c->obj);
    pk_ctx_free(c);
}

static void *olm_pk_dec_setup(size_t n)
{
    pk_ctx *c = pk_ctx_new(n, 1);
    OlmPkDecryption *d = olm_pk_decryption(xmalloc(olm_pk_decryption_size()));
    char pub[64];

    check_olm(olm_pk_key_from_private(d, pub, olm_pk_key_length(), c->priv, 32),
              "olm pk decryption");
    c->obj = d;
    return c;
}

static void olm_pk_dec_run(void *ctx, size_t n)
{
    pk_ctx *c = ctx;
    uint8_t pt[CT_CAP];
    char scratch[CT_CAP];
    size_t i;

    for (i = 0; i < n; i++) {
        /* olm_pk_decrypt overwrites the ciphertext: a caller keeps a copy. */
        memcpy(scratch, c->ct[i], c->ct_len[i]);
        check_olm(olm_pk_decrypt(c->obj, c->eph[i], 43, c->mac[i], 11, scratch,
                                 c->ct_len[i], pt, sizeof pt),
                  "olm pk decrypt");
    }
}

static void olm_pk_dec_teardown(void *ctx)
{
    pk_ctx *c = ctx;

    olm_clear_pk_decryption(c->obj);
    free(c->obj);
    pk_ctx_free(c);
}

static void *fl_pk_dec_setup(size_t n)
{
    return pk_ctx_new(n, 1);
}

static void fl_pk_dec_run(void *ctx, size_t n)
{
    pk_ctx *c = ctx;
    uint8_t pt[CT_CAP];
    uint8_t scratch[CT_CAP];
    size_t i;

    for (i = 0; i < n; i++) {
        fl_pk_decrypt(pt, scratch, c->priv, c->eph[i], c->mac[i], c->ct[i],
                      c->ct_len[i]);
    }
}

/* ---- self-check: the floor's backup entry decrypts in cliquet ----------- */

void pk_floor_check(void);

/* bench.c */
void pk_floor_check(void)
{
    pk_ctx *c = pk_ctx_new(1, 0);
    cliquet_pk_decryption *d;
    char ct[CT_CAP];
    char mac[12];
    char eph[44];
    uint8_t pt[CT_CAP];
    size_t len;
    size_t n;

    len = fl_pk_encrypt(ct, mac, eph, c->pub, (const uint8_t *)c->json,
                        c->json_len);
    check_cq(cliquet_pk_decryption_new_from_private_key(&d, c->priv),
             "pk decryption");
    check_cq(cliquet_pk_decrypt_legacy_backup(d, pt, sizeof pt, &n, eph, 43, mac,
                                              11, ct, len),
             "check: floor backup entry in cliquet");
    if (n != c->json_len || memcmp(pt, c->json, n) != 0) {
        die("check: floor backup plaintext");
    }
    cliquet_pk_decryption_free(d);
    pk_ctx_free(c);
}

#define IMPL(s, r, t) { s, r, t }

/* bench.h */
const bench_op bench_misc_ops[] = {
    { "SAS (both sides: keys, 6 bytes, 2 MACs each)", "setup", 4,
      { IMPL(no_setup, cq_sas_run, no_teardown),
        IMPL(no_setup, olm_sas_run, no_teardown),
        IMPL(no_setup, fl_sas_run, no_teardown) } },
    { "PK encrypt (backup entry, 449 B)", "setup", 4,
      { IMPL(cq_pk_enc_setup, cq_pk_enc_run, cq_pk_enc_teardown),
        IMPL(olm_pk_enc_setup, olm_pk_enc_run, olm_pk_enc_teardown),
        IMPL(fl_pk_enc_setup, fl_pk_enc_run, fl_pk_teardown) } },
    { "PK decrypt (backup entry, 449 B)", "setup", 4,
      { IMPL(cq_pk_dec_setup, cq_pk_dec_run, cq_pk_dec_teardown),
        IMPL(olm_pk_dec_setup, olm_pk_dec_run, olm_pk_dec_teardown),
        IMPL(fl_pk_dec_setup, fl_pk_dec_run, fl_pk_teardown) } },
    { NULL, NULL, 0, { { NULL, NULL, NULL } } }
};
