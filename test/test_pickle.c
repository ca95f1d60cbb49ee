/*
 * Pickles: cliquet's native format and libolm's, for every object.
 *
 * 1. libolm's envelope byte for byte (vectors/pickle/envelope.txt), and the
 *    native envelope against an independent composition of its pieces
 *    (OpenSSL's HKDF, libsodium's XChaCha20-Poly1305).
 * 2. Byte identity with libolm (vectors/pickle/{accounts,sessions,megolm,
 *    pk}.txt): the same steps with the same random bytes in cliquet give
 *    libolm's pickle exactly; libolm's pickle read by cliquet signs,
 *    encrypts and issues one-time key ids as libolm does, and pickles back
 *    to the same text. Every state also round-trips through the native
 *    format and comes back the same.
 * 3. libolm's older versions (vectors/pickle/old.txt and libolm's own test
 *    pickles, vectors/pickle/libolm-tests-*.txt): read as libolm reads
 *    them, refused with the status matching libolm's error.
 * 4. Refusals: every single-byte change and every truncation of a pickle of
 *    each object in both formats, wrong keys, wrong types, lossy export,
 *    argument checks. A refused unpickle makes no object.
 *
 * Randomness: libsodium's random source is replaced by a seeded stream
 * (printed; CLIQUET_SEED replays it), into which a test can script the exact
 * bytes the next API call draws.
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
#include <openssl/kdf.h>
#include <sodium.h>

#include "api/api.h"
#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "helpers/vectors.h"
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pickle/pickle.h"
#include "pk/pk.h"

/* ---- randomness: a seeded stream with scripted bytes first ------------------ */

static uint8_t script[8192];
static size_t script_len, script_pos;

/* The next random draw(s) of n bytes in all return exactly these bytes. */
static void script_random(const uint8_t *p, size_t n)
{
    assert_true(n <= sizeof script);
    memcpy(script, p, n);
    script_len = n;
    script_pos = 0;
}

static void impl_buf(void *const buf, const size_t n)
{
    if (script_pos < script_len) {
        /* A scripted draw must be taken whole by the calls it was meant for. */
        if (n > script_len - script_pos) {
            fprintf(stderr, "test_pickle: scripted random exhausted\n");
            abort();
        }
        memcpy(buf, script + script_pos, n);
        script_pos += n;
        return;
    }
    cqt_stream(buf, n);
}

static uint32_t impl_random(void)
{
    uint32_t x;

    impl_buf(&x, sizeof x);
    return x;
}

static const char *impl_name(void)
{
    return "test_pickle seeded stream";
}

static randombytes_implementation test_random = {
    impl_name, impl_random, NULL, NULL, impl_buf, NULL
};

/* ---- helpers ------------------------------------------------------------------- */

#define TEXT_CAP 65536

static const uint8_t native_key[32] = {
    0x6e, 0x61, 0x74, 0x69, 0x76, 0x65, 0x20, 0x70, 0x69, 0x63, 0x6b,
    0x6c, 0x65, 0x20, 0x6b, 0x65, 0x79, 0x20, 0x66, 0x6f, 0x72, 0x20,
    0x74, 0x65, 0x73, 0x74, 0x73, 0x20, 0x21, 0x21, 0x21, 0x21
};

static size_t unb64(uint8_t *out, size_t cap, const char *in)
{
    size_t len = 0;

    assert_int_equal(cq_base64_decode(out, cap, &len, in, strlen(in)), CLIQUET_OK);
    return len;
}

/* The pickle key field: hex, "-" for the empty key. */
static const uint8_t *key_field(cqt_vectors *v, size_t *len)
{
    return cqt_hex(v, "pickle_key", len);
}

/* ---- one interface over the five objects ---------------------------------------- */

typedef enum obj_kind {
    K_ACCOUNT,
    K_SESSION,
    K_OUTBOUND,
    K_INBOUND,
    K_PK,
    K_COUNT
} obj_kind;

static const char *const kind_names[K_COUNT] = {
    "account", "session", "outbound group session", "inbound group session",
    "PK decryption"
};

/* Any object; which member is used is the kind's. */
typedef struct obj {
    obj_kind kind;
    void *p;
} obj;

/* The peer identity key given to libolm session imports (any 32 bytes). */
static char their_key_b64[(CLIQUET_KEY_BASE64_SIZE - 1) + 1] =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

static void obj_free(obj *o)
{
    switch (o->kind) {
    case K_ACCOUNT: cliquet_account_free(o->p); break;
    case K_SESSION: cliquet_session_free(o->p); break;
    case K_OUTBOUND: cliquet_outbound_group_session_free(o->p); break;
    case K_INBOUND: cliquet_inbound_group_session_free(o->p); break;
    default: cliquet_pk_decryption_free(o->p); break;
    }
    o->p = NULL;
}

static cliquet_status obj_pickle(const obj *o, char *out, size_t cap, size_t *len)
{
    switch (o->kind) {
    case K_ACCOUNT: return cliquet_account_pickle(o->p, out, cap, len, native_key, CLIQUET_PICKLE_KEY_BYTES);
    case K_SESSION: return cliquet_session_pickle(o->p, out, cap, len, native_key, CLIQUET_PICKLE_KEY_BYTES);
    case K_OUTBOUND:
        return cliquet_outbound_group_session_pickle(o->p, out, cap, len, native_key, CLIQUET_PICKLE_KEY_BYTES);
    case K_INBOUND:
        return cliquet_inbound_group_session_pickle(o->p, out, cap, len, native_key, CLIQUET_PICKLE_KEY_BYTES);
    default: return cliquet_pk_decryption_pickle(o->p, out, cap, len, native_key, CLIQUET_PICKLE_KEY_BYTES);
    }
}

static cliquet_status obj_unpickle(obj *o, obj_kind kind, const uint8_t key[32],
                                   const char *text, size_t n)
{
    o->kind = kind;
    o->p = NULL;
    switch (kind) {
    case K_ACCOUNT:
        return cliquet_account_unpickle((cliquet_account **)&o->p, key, CLIQUET_PICKLE_KEY_BYTES, text, n);
    case K_SESSION:
        return cliquet_session_unpickle((cliquet_session **)&o->p, key, CLIQUET_PICKLE_KEY_BYTES, text, n);
    case K_OUTBOUND:
        return cliquet_outbound_group_session_unpickle(
            (cliquet_outbound_group_session **)&o->p, key, CLIQUET_PICKLE_KEY_BYTES, text, n);
    case K_INBOUND:
        return cliquet_inbound_group_session_unpickle(
            (cliquet_inbound_group_session **)&o->p, key, CLIQUET_PICKLE_KEY_BYTES, text, n);
    default:
        return cliquet_pk_decryption_unpickle((cliquet_pk_decryption **)&o->p, key, CLIQUET_PICKLE_KEY_BYTES,
                                              text, n);
    }
}

static cliquet_status obj_pickle_libolm(const obj *o, char *out, size_t cap,
                                        size_t *len, const uint8_t *key,
                                        size_t key_len)
{
    switch (o->kind) {
    case K_ACCOUNT:
        return cliquet_account_pickle_libolm(o->p, out, cap, len, key, key_len);
    case K_SESSION:
        return cliquet_session_pickle_libolm(o->p, out, cap, len, key, key_len);
    case K_OUTBOUND:
        return cliquet_outbound_group_session_pickle_libolm(o->p, out, cap, len, key,
                                                            key_len);
    case K_INBOUND:
        return cliquet_inbound_group_session_pickle_libolm(o->p, out, cap, len, key,
                                                           key_len);
    default:
        return cliquet_pk_decryption_pickle_libolm(o->p, out, cap, len, key, key_len);
    }
}

static cliquet_status obj_unpickle_libolm(obj *o, obj_kind kind, const uint8_t *key,
                                          size_t key_len, const char *text, size_t n)
{
    o->kind = kind;
    o->p = NULL;
    switch (kind) {
    case K_ACCOUNT:
        return cliquet_account_unpickle_libolm((cliquet_account **)&o->p, key, key_len,
                                               text, n);
    case K_SESSION:
        return cliquet_session_unpickle_libolm((cliquet_session **)&o->p, key, key_len,
                                               text, n, their_key_b64,
                                               (CLIQUET_KEY_BASE64_SIZE - 1));
    case K_OUTBOUND:
        return cliquet_outbound_group_session_unpickle_libolm(
            (cliquet_outbound_group_session **)&o->p, key, key_len, text, n);
    case K_INBOUND:
        return cliquet_inbound_group_session_unpickle_libolm(
            (cliquet_inbound_group_session **)&o->p, key, key_len, text, n);
    default:
        return cliquet_pk_decryption_unpickle_libolm((cliquet_pk_decryption **)&o->p,
                                                     key, key_len, text, n);
    }
}

/* An object from a core state (the API's internal constructors). */
static obj obj_from_state(obj_kind kind, const void *state)
{
    obj o = { kind, NULL };
    cliquet_status st;

    switch (kind) {
    case K_ACCOUNT:
        st = cq_api_account_from_state((cliquet_account **)&o.p, state);
        break;
    case K_SESSION:
        st = cq_api_session_from_state((cliquet_session **)&o.p, state);
        break;
    case K_OUTBOUND:
        st = cq_api_outbound_group_from_state((cliquet_outbound_group_session **)&o.p,
                                              state);
        break;
    case K_INBOUND:
        st = cq_api_inbound_group_from_state((cliquet_inbound_group_session **)&o.p,
                                             state);
        break;
    default:
        st = cq_api_pk_decryption_from_state((cliquet_pk_decryption **)&o.p, state);
        break;
    }
    assert_int_equal(st, CLIQUET_OK);
    return o;
}

/* The object's libolm pickle under (key, key_len), into a new string. */
static char *libolm_text(const obj *o, const uint8_t *key, size_t key_len)
{
    char *text = cqt_xmalloc(TEXT_CAP);
    size_t len = 0;

    assert_int_equal(obj_pickle_libolm(o, text, TEXT_CAP, &len, key, key_len),
                     CLIQUET_OK);
    text[len] = '\0';
    return text;
}

/*
 * The checks every state gets: its libolm pickle is want (when not NULL);
 * libolm pickle -> cliquet -> libolm pickle is the same text; and
 * native pickle -> cliquet -> libolm pickle is the same text too (the
 * libolm layout is deterministic, so equal text means equal state).
 * Returns the libolm text (caller frees).
 */
static char *check_state(const obj *o, const uint8_t *key, size_t key_len,
                         const char *want)
{
    char *text = libolm_text(o, key, key_len);
    char *native = cqt_xmalloc(TEXT_CAP), *again;
    size_t native_len = 0;
    obj back;

    if (want != NULL) {
        cqt_assert_text(text, strlen(text), want);
    }
    assert_int_equal(obj_unpickle_libolm(&back, o->kind, key, key_len, text,
                                         strlen(text)),
                     CLIQUET_OK);
    again = libolm_text(&back, key, key_len);
    assert_string_equal(again, text);
    free(again);
    obj_free(&back);

    assert_int_equal(obj_pickle(o, native, TEXT_CAP, &native_len), CLIQUET_OK);
    assert_int_equal(obj_unpickle(&back, o->kind, native_key, native, native_len),
                     CLIQUET_OK);
    again = libolm_text(&back, key, key_len);
    assert_string_equal(again, text);
    free(again);
    obj_free(&back);
    free(native);
    return text;
}

/* ---- 1. envelopes ------------------------------------------------------------------ */

/* spec: libolm §src/pickle_encoding.c */
static void test_libolm_envelope_vectors(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/envelope.txt", "key raw pickle");
    while (cqt_vectors_next(&v)) {
        size_t key_len, raw_len, raw_back = 0;
        const uint8_t *key = cqt_hex(&v, "key", &key_len);
        const uint8_t *raw = cqt_hex(&v, "raw", &raw_len);
        const char *want = cqt_str(&v, "pickle");
        size_t text_len = cq_pickle_libolm_text_len(raw_len);
        char *text = cqt_xmalloc(text_len);
        uint8_t *work = cqt_xmalloc(cq_pickle_libolm_raw_len(raw_len));
        size_t cap = cq_base64_decoded_len(text_len);
        uint8_t *back = cqt_xmalloc(cap);

        cq_pickle_libolm_write(text, work, key_len ? key : NULL, key_len, raw, raw_len);
        cqt_assert_text(text, text_len, want);
        assert_int_equal(cq_pickle_libolm_read(&raw_back, back, cap, key_len ? key : NULL,
                                               key_len, want, strlen(want)),
                         CLIQUET_OK);
        assert_int_equal(raw_back, raw_len);
        assert_memory_equal(back, raw, raw_len);
        free(text);
        free(work);
        free(back);
        cases++;
    }
    cqt_vectors_close(&v);
    printf("libolm pickle envelope: %lu cases\n", cases);
}

/* HKDF-SHA-256 by OpenSSL, an implementation independent of cliquet's. */
static void openssl_hkdf(uint8_t *out, size_t out_len, const uint8_t *salt,
                         size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                         const char *info)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);

    assert_non_null(ctx);
    assert_int_equal(EVP_PKEY_derive_init(ctx), 1);
    assert_int_equal(EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()), 1);
    assert_int_equal(EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, (int)salt_len), 1);
    assert_int_equal(EVP_PKEY_CTX_set1_hkdf_key(ctx, ikm, (int)ikm_len), 1);
    assert_int_equal(EVP_PKEY_CTX_add1_hkdf_info(ctx, (const unsigned char *)info,
                                                 (int)strlen(info)),
                     1);
    assert_int_equal(EVP_PKEY_derive(ctx, out, &out_len), 1);
    EVP_PKEY_CTX_free(ctx);
}

/*
 * The native layout of docs/pickle-format.md, composed independently:
 * "CQPK" | 1 | type | HKDF(salt nonce, K, "cliquet pickle v1")[32..40) | nonce |
 * XChaCha20-Poly1305(HKDF(...)[0..32), nonce, ad = the 38 bytes before).
 */
static void test_native_envelope_layout(void **state)
{
    uint8_t nonce[24], payload[300], derived[40], expect[400], *work;
    unsigned long long c_len;
    size_t n, text_len, plen = 0;
    char *text, *want;
    const uint8_t *p;
    unsigned type;

    (void)state;
    cqt_stream(nonce, sizeof nonce);
    cqt_stream(payload, sizeof payload);
    for (n = 0; n <= sizeof payload; n += 37) {
        /* A fresh nonce each time: the derived keys must follow it. */
        cqt_stream(nonce, sizeof nonce);
        openssl_hkdf(derived, sizeof derived, nonce, sizeof nonce, native_key, 32,
                     "cliquet pickle v1");
        for (type = 1; type <= 5; type++) {
            memcpy(expect, "CQPK", 4);
            expect[4] = 1;
            expect[5] = (uint8_t)type;
            memcpy(expect + 6, derived + 32, 8);
            memcpy(expect + 14, nonce, 24);
            crypto_aead_xchacha20poly1305_ietf_encrypt(expect + 38, &c_len, payload, n,
                                                       expect, 38, NULL, nonce, derived);
            assert_int_equal(c_len, n + 16);
            want = cqt_xmalloc(sodium_base64_ENCODED_LEN(n + 54,
                                                     sodium_base64_VARIANT_ORIGINAL_NO_PADDING));
            sodium_bin2base64(want, sodium_base64_ENCODED_LEN(
                                        n + 54, sodium_base64_VARIANT_ORIGINAL_NO_PADDING),
                              expect, n + 54, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);

            text_len = cq_pickle_native_text_len(n);
            text = cqt_xmalloc(text_len);
            work = cqt_xmalloc(cq_base64_decoded_len(text_len));
            cq_pickle_native_write(text, work, (uint8_t)type, native_key, nonce, payload, n);
            cqt_assert_text(text, text_len, want);
            assert_int_equal(cq_pickle_native_read(&p, &plen, work,
                                                   cq_base64_decoded_len(text_len),
                                                   (uint8_t)type, native_key, text, text_len),
                             CLIQUET_OK);
            assert_int_equal(plen, n);
            assert_memory_equal(p, payload, n);
            free(want);
            free(text);
            free(work);
        }
    }
    printf("native pickle envelope: layout checked against OpenSSL HKDF + libsodium AEAD\n");
}

/* ---- 2. byte identity with libolm --------------------------------------------------- */

/* Random bytes of a vector, handed out in order. */
typedef struct take_stream {
    const uint8_t *p;
    size_t len, pos;
} take_stream;

static const uint8_t *take_bytes(take_stream *t, size_t n)
{
    const uint8_t *p = t->p + t->pos;

    assert_true(n <= t->len - t->pos);
    t->pos += n;
    return p;
}

static void run_account_script(cq_olm_account *a, const char *script, take_stream *t)
{
    const char *p = script;

    while (*p != '\0' && *p != '-') {
        char op = *p++;

        if (op == 'o') {
            unsigned long n = strtoul(p, (char **)&p, 10);

            assert_int_equal(cq_olm_account_generate_one_time_keys(a, n,
                                                                   take_bytes(t, 32 * n)),
                             CLIQUET_OK);
        } else if (op == 'p') {
            cq_olm_account_mark_published(a);
        } else if (op == 'f') {
            cq_olm_account_generate_fallback_key(a, take_bytes(t, 32));
        } else if (op == 'x') {
            cq_olm_account_forget_old_fallback_key(a);
        } else {
            fail_msg("bad account script %s", script);
        }
        if (*p == ',') {
            p++;
        }
    }
}

static void test_account_vectors(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/accounts.txt",
                     "script random pickle_key pickle message signature next_random "
                     "next_json");
    while (cqt_vectors_next(&v)) {
        size_t key_len, msg_len, random_len, next_len, json_len = 0;
        const uint8_t *key = key_field(&v, &key_len);
        const uint8_t *msg = cqt_hex(&v, "message", &msg_len);
        take_stream t = { cqt_hex(&v, "random", &random_len), 0, 0 };
        const uint8_t *next = cqt_hex(&v, "next_random", &next_len);
        cq_olm_account *a = cqt_xmalloc(sizeof *a);
        char sig[CLIQUET_SIGNATURE_BASE64_SIZE], *json = cqt_xmalloc(TEXT_CAP), *text;
        obj o, imported;

        t.len = random_len;
        cq_olm_account_init(a, take_bytes(&t, 64));
        run_account_script(a, cqt_str(&v, "script"), &t);
        assert_int_equal(t.pos, t.len);
        o = obj_from_state(K_ACCOUNT, a);
        text = check_state(&o, key, key_len, cqt_str(&v, "pickle"));

        /* libolm's pickle read by cliquet: the same signature (expanded
         * key) and the next one-time key id where libolm's would be. */
        assert_int_equal(obj_unpickle_libolm(&imported, K_ACCOUNT, key, key_len, text,
                                             strlen(text)),
                         CLIQUET_OK);
        assert_int_equal(cliquet_account_sign(imported.p, sig, msg, msg_len), CLIQUET_OK);
        cqt_assert_text(sig, strlen(sig), cqt_str(&v, "signature"));
        script_random(next, next_len);
        assert_int_equal(cliquet_account_generate_one_time_keys(imported.p, 1, NULL), CLIQUET_OK);
        assert_int_equal(cliquet_account_one_time_keys_json(imported.p, json, TEXT_CAP,
                                                            &json_len),
                         CLIQUET_OK);
        cqt_assert_text(json, json_len, cqt_str(&v, "next_json"));
        obj_free(&imported);
        obj_free(&o);
        cq_wipe(a, sizeof *a);
        free(a);
        free(json);
        free(text);
        cases++;
    }
    cqt_vectors_close(&v);
    printf("libolm account pickles: %lu cases (byte identity, signatures, next key id)\n",
           cases);
}

/* ---- sessions ---- */

#define MAX_CONV_MESSAGES 64

typedef struct conv {
    cq_olm_account alice, bob;
    cq_olm_session as, bs;
    int has_bs;
    uint8_t msg[2][MAX_CONV_MESSAGES][512];
    size_t msg_len[2][MAX_CONV_MESSAGES];
    int msg_type[2][MAX_CONV_MESSAGES];
    unsigned sent[2];
} conv;

static void conv_send(conv *c, int side, take_stream *t)
{
    cq_olm_session *s = side == 0 ? &c->as : &c->bs;
    unsigned k = c->sent[side];
    char plaintext[16];
    const uint8_t *random = NULL;
    size_t n = (size_t)snprintf(plaintext, sizeof plaintext, "%c%u", side ? 'b' : 'a', k);

    assert_true(k < MAX_CONV_MESSAGES);
    if (cq_olm_ratchet_needs_random(&s->ratchet)) {
        random = take_bytes(t, 32);
    }
    assert_int_equal(cq_olm_session_encrypt(s, &c->msg_type[side][k], c->msg[side][k],
                                            sizeof c->msg[side][k], &c->msg_len[side][k],
                                            (const uint8_t *)plaintext, n, random),
                     CLIQUET_OK);
    c->sent[side]++;
}

static void conv_receive(conv *c, int side, unsigned k)
{
    int from = 1 - side;
    uint8_t pt[600];
    size_t pt_len = 0;

    assert_true(k < c->sent[from]);
    if (side == 1 && !c->has_bs) {
        assert_int_equal(cq_olm_session_inbound(&c->bs, &c->bob, NULL, c->msg[from][k],
                                                c->msg_len[from][k], pt, sizeof pt,
                                                &pt_len, NULL),
                         CLIQUET_OK);
        c->has_bs = 1;
        return;
    }
    assert_int_equal(cq_olm_session_decrypt(side == 0 ? &c->as : &c->bs,
                                            c->msg_type[from][k], c->msg[from][k],
                                            c->msg_len[from][k], pt, sizeof pt, &pt_len, NULL),
                     CLIQUET_OK);
}

static void run_session_script(conv *c, const char *script, take_stream *t)
{
    const char *p = script;

    while (*p != '\0' && *p != '-') {
        char op = *p++;

        if (op == 'a' || op == 'b') {
            conv_send(c, op == 'b', t);
        } else if (op == 'A' || op == 'B') {
            conv_receive(c, op == 'B', (unsigned)strtoul(p, (char **)&p, 10));
        } else {
            fail_msg("bad session script %s", script);
        }
        if (*p == ',') {
            p++;
        }
    }
}

/* Checks the imported session reports the peer key it was given. */
static void check_their_key(const obj *o)
{
    char key[CLIQUET_KEY_BASE64_SIZE];

    assert_int_equal(cliquet_session_their_identity_key(o->p, key), CLIQUET_OK);
    assert_memory_equal(key, their_key_b64, sizeof key);
}

static void test_session_vectors(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0, chains_max = 0, skipped_max = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/sessions.txt",
                     "script random pickle_key alice_pickle bob_pickle");
    while (cqt_vectors_next(&v)) {
        size_t key_len, random_len;
        const uint8_t *key = key_field(&v, &key_len);
        take_stream t = { cqt_hex(&v, "random", &random_len), 0, 0 };
        conv *c = cqt_xmalloc(sizeof *c);
        obj o, imported;
        char *text;

        t.len = random_len;
        cq_olm_account_init(&c->alice, take_bytes(&t, 64));
        cq_olm_account_init(&c->bob, take_bytes(&t, 64));
        assert_int_equal(cq_olm_account_generate_one_time_keys(&c->bob, 1,
                                                               take_bytes(&t, 32)),
                         CLIQUET_OK);
        assert_int_equal(cq_olm_session_outbound(&c->as, &c->alice, c->bob.curve25519_public,
                                                 c->bob.one_time_keys[0].public_key,
                                                 take_bytes(&t, 64)),
                         CLIQUET_OK);
        run_session_script(c, cqt_str(&v, "script"), &t);
        assert_int_equal(t.pos, t.len);

        o = obj_from_state(K_SESSION, &c->as);
        free(check_state(&o, key, key_len, cqt_str(&v, "alice_pickle")));
        obj_free(&o);
        if (c->has_bs) {
            o = obj_from_state(K_SESSION, &c->bs);
            text = check_state(&o, key, key_len, cqt_str(&v, "bob_pickle"));
            assert_int_equal(obj_unpickle_libolm(&imported, K_SESSION, key, key_len, text,
                                                 strlen(text)),
                             CLIQUET_OK);
            check_their_key(&imported);
            obj_free(&imported);
            obj_free(&o);
            free(text);
            if (c->bs.ratchet.num_receiver_chains > chains_max) {
                chains_max = c->bs.ratchet.num_receiver_chains;
            }
            if (c->bs.ratchet.num_skipped_keys > skipped_max) {
                skipped_max = c->bs.ratchet.num_skipped_keys;
            }
        } else {
            assert_string_equal(cqt_str(&v, "bob_pickle"), "-");
        }
        cq_wipe(c, sizeof *c);
        free(c);
        cases++;
    }
    cqt_vectors_close(&v);
    /* The vectors must reach the states the issue names. */
    assert_int_equal(chains_max, CQ_OLM_MAX_RECEIVER_CHAINS);
    assert_int_equal(skipped_max, CQ_OLM_MAX_SKIPPED_KEYS);
    printf("libolm session pickles: %lu cases (up to %lu receiver chains, %lu skipped keys)\n",
           cases, chains_max, skipped_max);
}

/* ---- megolm ---- */

static void check_flags(const obj *o, int verified, int imported)
{
    int v = -1, i = -1;

    assert_int_equal(cliquet_inbound_group_session_is_verified(o->p, &v), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_is_imported(o->p, &i), CLIQUET_OK);
    assert_int_equal(v, verified);
    assert_int_equal(i, imported);
}

static void test_megolm_vectors(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/megolm.txt",
                     "count random pickle_key outbound_pickle inbound_pickle imported_pickle "
                     "next_plaintext next_message");
    while (cqt_vectors_next(&v)) {
        size_t key_len, random_len, next_len, msg_len = 0, len = 0;
        const uint8_t *key = key_field(&v, &key_len);
        const uint8_t *random = cqt_hex(&v, "random", &random_len);
        const uint8_t *next = cqt_hex(&v, "next_plaintext", &next_len);
        unsigned long count = cqt_num(&v, "count"), k;
        cq_megolm_outbound out;
        cq_megolm_inbound in, imp;
        uint8_t skey[CQ_MEGOLM_SESSION_KEY_BYTES], exported[CQ_MEGOLM_EXPORT_BYTES];
        uint8_t msg[256], pt[256];
        char *text = cqt_xmalloc(TEXT_CAP), *t2;
        uint32_t index;
        obj o;

        assert_int_equal(random_len, CQ_MEGOLM_OUTBOUND_RANDOM_BYTES);
        cq_megolm_outbound_init(&out, random);
        cq_megolm_outbound_session_key(skey, &out);
        assert_int_equal(cq_megolm_inbound_from_session_key(&in, skey, sizeof skey),
                         CLIQUET_OK);
        for (k = 0; k < count; k++) {
            char m[16];
            size_t n = (size_t)snprintf(m, sizeof m, "m%lu", k);

            assert_int_equal(cq_megolm_outbound_encrypt(&out, msg, sizeof msg, &msg_len,
                                                        (const uint8_t *)m, n),
                             CLIQUET_OK);
        }
        if (count > 0) {
            assert_int_equal(cq_megolm_inbound_decrypt(&in, pt, sizeof pt, &len, &index,
                                                       msg, msg_len),
                             CLIQUET_OK);
        }
        assert_int_equal(cq_megolm_inbound_export(exported, &in, (uint32_t)(count / 2)),
                         CLIQUET_OK);
        assert_int_equal(cq_megolm_inbound_import(&imp, exported, sizeof exported),
                         CLIQUET_OK);

        o = obj_from_state(K_OUTBOUND, &out);
        free(check_state(&o, key, key_len, cqt_str(&v, "outbound_pickle")));
        obj_free(&o);
        o = obj_from_state(K_INBOUND, &in);
        free(check_state(&o, key, key_len, cqt_str(&v, "inbound_pickle")));
        obj_free(&o);
        o = obj_from_state(K_INBOUND, &imp);
        free(check_state(&o, key, key_len, cqt_str(&v, "imported_pickle")));
        obj_free(&o);

        /* libolm's pickles read by cliquet. The outbound session signs with
         * libolm's expanded key: its next message is libolm's, byte for byte. */
        t2 = (char *)cqt_str(&v, "outbound_pickle");
        assert_int_equal(obj_unpickle_libolm(&o, K_OUTBOUND, key, key_len, t2, strlen(t2)),
                         CLIQUET_OK);
        assert_int_equal(cliquet_outbound_group_session_encrypt(o.p, text, TEXT_CAP, &len,
                                                                next, next_len),
                         CLIQUET_OK);
        cqt_assert_text(text, len, cqt_str(&v, "next_message"));
        obj_free(&o);
        t2 = (char *)cqt_str(&v, "inbound_pickle");
        assert_int_equal(obj_unpickle_libolm(&o, K_INBOUND, key, key_len, t2, strlen(t2)),
                         CLIQUET_OK);
        check_flags(&o, 1, 0);
        obj_free(&o);
        t2 = (char *)cqt_str(&v, "imported_pickle");
        assert_int_equal(obj_unpickle_libolm(&o, K_INBOUND, key, key_len, t2, strlen(t2)),
                         CLIQUET_OK);
        check_flags(&o, 0, 1);
        obj_free(&o);
        cq_wipe(&out, sizeof out);
        free(text);
        cases++;
    }
    cqt_vectors_close(&v);
    printf("libolm group session pickles: %lu cases (outbound, inbound, imported)\n", cases);
}

static void test_pk_vectors(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/pk.txt", "private public pickle_key pickle");
    while (cqt_vectors_next(&v)) {
        size_t key_len, priv_len;
        const uint8_t *key = key_field(&v, &key_len);
        const uint8_t *priv = cqt_hex(&v, "private", &priv_len);
        const char *pickle = cqt_str(&v, "pickle");
        char pub[CLIQUET_KEY_BASE64_SIZE];
        cq_pk_decryption d;
        obj o;

        cq_pk_decryption_from_private(&d, priv);
        o = obj_from_state(K_PK, &d);
        free(check_state(&o, key, key_len, pickle));
        obj_free(&o);
        assert_int_equal(obj_unpickle_libolm(&o, K_PK, key, key_len, pickle,
                                             strlen(pickle)),
                         CLIQUET_OK);
        assert_int_equal(cliquet_pk_decryption_public_key(o.p, pub), CLIQUET_OK);
        cqt_assert_text(pub, strlen(pub), cqt_str(&v, "public"));
        obj_free(&o);
        cq_pk_decryption_clear(&d);
        cases++;
    }
    cqt_vectors_close(&v);
    printf("libolm PK decryption pickles: %lu cases\n", cases);
}

/* ---- 3. libolm's older versions ------------------------------------------------------ */

/* The cliquet status for libolm's verdict on a pickle. */
static cliquet_status status_of_verdict(const char *verdict)
{
    if (strcmp(verdict, "OK") == 0) {
        return CLIQUET_OK;
    }
    if (strcmp(verdict, "BAD_LEGACY_ACCOUNT_PICKLE") == 0) {
        return CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT;
    }
    if (strcmp(verdict, "UNKNOWN_PICKLE_VERSION") == 0) {
        return CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    }
    if (strcmp(verdict, "CORRUPTED_PICKLE") == 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    fail_msg("unknown libolm verdict %s", verdict);
    return CLIQUET_ERR_UNSUPPORTED;
}

/* Reads a libolm pickle; on success it must pickle back to `back`. */
static void check_old(obj_kind kind, const uint8_t *key, size_t key_len,
                      const char *pickle, cliquet_status want, const char *back)
{
    obj o;
    char *text;

    assert_int_equal(obj_unpickle_libolm(&o, kind, key, key_len, pickle, strlen(pickle)),
                     want);
    if (want != CLIQUET_OK) {
        assert_null(o.p);
        return;
    }
    text = libolm_text(&o, key, key_len);
    assert_string_equal(text, back);
    free(text);
    obj_free(&o);
}

static void test_old_versions(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0, read = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/old.txt", "kind what pickle_key pickle verdict back");
    while (cqt_vectors_next(&v)) {
        size_t key_len;
        const uint8_t *key = key_field(&v, &key_len);
        const char *kind = cqt_str(&v, "kind");
        cliquet_status want = status_of_verdict(cqt_str(&v, "verdict"));

        check_old(strcmp(kind, "account") == 0   ? K_ACCOUNT
                  : strcmp(kind, "session") == 0 ? K_SESSION
                                                 : K_INBOUND,
                  key, key_len, cqt_str(&v, "pickle"), want, cqt_str(&v, "back"));
        read += want == CLIQUET_OK;
        cases++;
    }
    cqt_vectors_close(&v);
    printf("libolm older pickle versions: %lu cases (%lu read, the rest refused as libolm "
           "refuses them)\n",
           cases, read);
}

/* spec: libolm §src/pickle_encoding.c */
static void test_libolm_own_pickles(void **state)
{
    cqt_vectors v;
    unsigned long cases = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/pickle/libolm-tests-accounts.txt",
                     "id pickle_key pickle verdict curve25519 ed25519 fallback_json message "
                     "signature back");
    while (cqt_vectors_next(&v)) {
        size_t key_len, msg_len;
        const uint8_t *key = key_field(&v, &key_len);
        const char *pickle = cqt_str(&v, "pickle");
        cliquet_status want = status_of_verdict(cqt_str(&v, "verdict"));
        char curve[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
        char sig[CLIQUET_SIGNATURE_BASE64_SIZE], fb[128], id[8], pub[44];
        const uint8_t *msg;
        const cq_olm_account *a;
        obj o;

        check_old(K_ACCOUNT, key_len ? key : NULL, key_len, pickle, want,
                  cqt_str(&v, "back"));
        cases++;
        if (want != CLIQUET_OK) {
            continue;
        }
        assert_int_equal(obj_unpickle_libolm(&o, K_ACCOUNT, NULL, 0, pickle, strlen(pickle)),
                         CLIQUET_OK);
        assert_int_equal(cliquet_account_identity_keys(o.p, curve, ed), CLIQUET_OK);
        cqt_assert_text(curve, strlen(curve), cqt_str(&v, "curve25519"));
        cqt_assert_text(ed, strlen(ed), cqt_str(&v, "ed25519"));
        msg = cqt_hex(&v, "message", &msg_len);
        assert_int_equal(cliquet_account_sign(o.p, sig, msg, msg_len), CLIQUET_OK);
        cqt_assert_text(sig, strlen(sig), cqt_str(&v, "signature"));
        /* libolm's olm_account_fallback_key: the current key, published
         * or not (a version 3 key reads as published). */
        a = cq_api_account_state(o.p);
        assert_int_equal(a->num_fallback_keys, 1);
        cq_olm_key_id_bytes((uint8_t *)fb, a->fallback_keys[0].id);
        cq_base64_encode(id, (const uint8_t *)fb, 4);
        cq_base64_encode(pub, a->fallback_keys[0].public_key, 32);
        snprintf(fb, sizeof fb, "{\"curve25519\":{\"%.6s\":\"%.43s\"}}", id, pub);
        assert_string_equal(fb, cqt_str(&v, "fallback_json"));
        obj_free(&o);
    }
    cqt_vectors_close(&v);

    cqt_vectors_open(&v, "vectors/pickle/libolm-tests-sessions.txt",
                     "id pickle_key pickle session_id has_received plaintext type message "
                     "back");
    while (cqt_vectors_next(&v)) {
        size_t key_len, pt_len, len = 0;
        const uint8_t *key = key_field(&v, &key_len);
        const uint8_t *pt = cqt_hex(&v, "plaintext", &pt_len);
        const char *pickle = cqt_str(&v, "pickle");
        char id[CLIQUET_KEY_BASE64_SIZE], *msg = cqt_xmalloc(TEXT_CAP);
        int received = -1, type = -1;
        obj o;

        assert_int_equal(obj_unpickle_libolm(&o, K_SESSION, key, key_len, pickle,
                                             strlen(pickle)),
                         CLIQUET_OK);
        /* Version 1 pickles back to itself as read. */
        if (strstr(cqt_str(&v, "id"), "v1") != NULL) {
            free(check_state(&o, key, key_len, pickle));
        }
        assert_int_equal(cliquet_session_id(o.p, id), CLIQUET_OK);
        cqt_assert_text(id, strlen(id), cqt_str(&v, "session_id"));
        assert_int_equal(cliquet_session_has_received_message(o.p, &received), CLIQUET_OK);
        assert_int_equal((unsigned long)received, cqt_num(&v, "has_received"));
        assert_int_equal(cliquet_session_encrypt(o.p, &type, msg, TEXT_CAP, &len, pt,
                                                 pt_len),
                         CLIQUET_OK);
        assert_int_equal((unsigned long)type, cqt_num(&v, "type"));
        cqt_assert_text(msg, len, cqt_str(&v, "message"));
        /* libolm's pickle after that message (the chain moved on). */
        free(check_state(&o, key, key_len, cqt_str(&v, "back")));
        obj_free(&o);
        free(msg);
        cases++;
    }
    cqt_vectors_close(&v);
    printf("libolm's own test pickles: %lu cases (account v1 refused, v3 read; session V1, "
           "V2)\n",
           cases);
}

/* ---- 4. refusals ------------------------------------------------------------------ */

/* A small object of each kind, made through the API. */
static obj sample(obj_kind kind)
{
    obj o = { kind, NULL };
    cliquet_account *a, *b;
    cliquet_outbound_group_session *out;
    char curve[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_ID_BASE64_SIZE], otk[CLIQUET_KEY_BASE64_SIZE];
    char skey[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE], msg[512];
    size_t len;
    int type;

    switch (kind) {
    case K_ACCOUNT:
        assert_int_equal(cliquet_account_new((cliquet_account **)&o.p), CLIQUET_OK);
        assert_int_equal(cliquet_account_generate_one_time_keys(o.p, 2, NULL), CLIQUET_OK);
        assert_int_equal(cliquet_account_generate_fallback_key(o.p), CLIQUET_OK);
        break;
    case K_SESSION:
        assert_int_equal(cliquet_account_new(&a), CLIQUET_OK);
        assert_int_equal(cliquet_account_new(&b), CLIQUET_OK);
        assert_int_equal(cliquet_account_generate_one_time_keys(b, 1, NULL), CLIQUET_OK);
        assert_int_equal(cliquet_account_identity_keys(b, curve, ed), CLIQUET_OK);
        assert_int_equal(cliquet_account_one_time_key(b, 0, id, otk), CLIQUET_OK);
        assert_int_equal(cliquet_session_new_outbound((cliquet_session **)&o.p, a, curve,
                                                      sizeof curve - 1, otk, sizeof otk - 1),
                         CLIQUET_OK);
        assert_int_equal(cliquet_session_encrypt(o.p, &type, msg, sizeof msg, &len,
                                                 (const uint8_t *)"hi", 2),
                         CLIQUET_OK);
        cliquet_account_free(a);
        cliquet_account_free(b);
        break;
    case K_OUTBOUND:
        assert_int_equal(cliquet_outbound_group_session_new(
                             (cliquet_outbound_group_session **)&o.p),
                         CLIQUET_OK);
        break;
    case K_INBOUND:
        assert_int_equal(cliquet_outbound_group_session_new(&out), CLIQUET_OK);
        assert_int_equal(cliquet_outbound_group_session_key(out, skey), CLIQUET_OK);
        assert_int_equal(cliquet_inbound_group_session_new(
                             (cliquet_inbound_group_session **)&o.p, skey, sizeof skey - 1),
                         CLIQUET_OK);
        cliquet_outbound_group_session_free(out);
        break;
    default:
        assert_int_equal(cliquet_pk_decryption_new((cliquet_pk_decryption **)&o.p),
                         CLIQUET_OK);
        break;
    }
    return o;
}

static char *native_text(const obj *o, size_t *len)
{
    char *text = cqt_xmalloc(TEXT_CAP);

    assert_int_equal(obj_pickle(o, text, TEXT_CAP, len), CLIQUET_OK);
    text[*len] = '\0';
    return text;
}

/* The status the native reader gives for a change at raw byte i. */
static cliquet_status native_expect(size_t i)
{
    if (i < 4) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;       /* magic */
    }
    if (i == 4) {
        return CLIQUET_ERR_PICKLE_UNKNOWN_VERSION; /* version */
    }
    if (i == 5) {
        return CLIQUET_ERR_PICKLE_WRONG_TYPE;      /* type */
    }
    if (i < 38) {
        /* The key check, or the nonce that salts its derivation: either
         * way the check no longer matches the key given. */
        return CLIQUET_ERR_PICKLE_BAD_KEY;
    }
    return CLIQUET_ERR_PICKLE_CORRUPTED;           /* ciphertext, tag */
}

static const uint8_t flips[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff };

/*
 * Every single-byte change (each position, each bit and all bits) of the
 * decoded pickle, re-encoded, and every truncation of the text: refused,
 * with the status the format gives, and no object made.
 */
static unsigned long corrupt_all(obj_kind kind, const char *text, size_t n, int native,
                                 const uint8_t *key, size_t key_len)
{
    size_t cap = cq_base64_decoded_len(n), raw_len = 0, i, f;
    uint8_t *raw = cqt_xmalloc(cap), *bad = cqt_xmalloc(cap);
    char *bad_text = cqt_xmalloc(n + 4);
    unsigned long count = 0;
    cliquet_status st;
    obj o;

    raw_len = unb64(raw, cap, text);
    for (i = 0; i < raw_len; i++) {
        for (f = 0; f < sizeof flips; f++) {
            memcpy(bad, raw, raw_len);
            bad[i] ^= flips[f];
            cq_base64_encode(bad_text, bad, raw_len);
            st = native ? obj_unpickle(&o, kind, key, bad_text, n)
                        : obj_unpickle_libolm(&o, kind, key, key_len, bad_text, n);
            /* libolm's MAC covers every byte: any change is a MAC failure,
             * which its format cannot tell from a wrong key. */
            if (st != (native ? native_expect(i) : CLIQUET_ERR_PICKLE_BAD_KEY)) {
                fail_msg("%s %s pickle, byte %zu ^ 0x%02x: %s", native ? "native" : "libolm",
                         kind_names[kind], i, flips[f], cliquet_strerror(st));
            }
            assert_null(o.p);
            count++;
        }
    }
    for (i = 0; i < n; i++) {
        memcpy(bad_text, text, n);
        bad_text[i] = '!';
        st = native ? obj_unpickle(&o, kind, key, bad_text, n)
                    : obj_unpickle_libolm(&o, kind, key, key_len, bad_text, n);
        assert_int_equal(st, CLIQUET_ERR_BAD_BASE64);
        assert_null(o.p);
        st = native ? obj_unpickle(&o, kind, key, text, i)
                    : obj_unpickle_libolm(&o, kind, key, key_len, text, i);
        if (st != CLIQUET_ERR_BAD_BASE64 && st != CLIQUET_ERR_PICKLE_CORRUPTED &&
            (native || st != CLIQUET_ERR_PICKLE_BAD_KEY)) {
            fail_msg("%s %s pickle truncated to %zu: %s", native ? "native" : "libolm",
                     kind_names[kind], i, cliquet_strerror(st));
        }
        assert_null(o.p);
        count += 2;
    }
    free(raw);
    free(bad);
    free(bad_text);
    return count;
}

static void test_every_corruption_refused(void **state)
{
    static const uint8_t libolm_key[] = "a libolm pickle key";
    unsigned long count = 0;
    int k;

    (void)state;
    for (k = 0; k < K_COUNT; k++) {
        obj o = sample((obj_kind)k), back;
        size_t n;
        char *text = native_text(&o, &n), *ltext;
        uint8_t wrong[32];
        int other;

        count += corrupt_all((obj_kind)k, text, n, 1, native_key, 32);
        /* A wrong key is a wrong key, in both formats. */
        memcpy(wrong, native_key, 32);
        wrong[31] ^= 1;
        assert_int_equal(obj_unpickle(&back, (obj_kind)k, wrong, text, n),
                         CLIQUET_ERR_PICKLE_BAD_KEY);
        assert_null(back.p);
        /* A pickle of another object is the wrong type. */
        for (other = 0; other < K_COUNT; other++) {
            if (other != k) {
                assert_int_equal(obj_unpickle(&back, (obj_kind)other, native_key, text, n),
                                 CLIQUET_ERR_PICKLE_WRONG_TYPE);
                assert_null(back.p);
            }
        }
        /* The untouched pickle reads, of course. */
        assert_int_equal(obj_unpickle(&back, (obj_kind)k, native_key, text, n), CLIQUET_OK);
        obj_free(&back);

        ltext = libolm_text(&o, libolm_key, sizeof libolm_key - 1);
        count += corrupt_all((obj_kind)k, ltext, strlen(ltext), 0, libolm_key,
                             sizeof libolm_key - 1);
        assert_int_equal(obj_unpickle_libolm(&back, (obj_kind)k, libolm_key,
                                             sizeof libolm_key - 2, ltext, strlen(ltext)),
                         CLIQUET_ERR_PICKLE_BAD_KEY);
        assert_null(back.p);
        free(ltext);
        free(text);
        obj_free(&o);
    }
    printf("pickle corruption: %lu single-byte changes and truncations refused, "
           "5 objects x 2 formats\n",
           count);
}

/* Opens a native pickle of o into its plaintext payload (caller frees). */
static uint8_t *payload_of(const obj *o, uint8_t type, size_t *len)
{
    size_t n, cap;
    char *text = native_text(o, &n);
    uint8_t *work, *copy;
    const uint8_t *p;

    cap = cq_base64_decoded_len(n);
    work = cqt_xmalloc(cap);
    assert_int_equal(cq_pickle_native_read(&p, len, work, cap, type, native_key, text, n),
                     CLIQUET_OK);
    copy = cqt_xmalloc(*len + 1);
    memcpy(copy, p, *len);
    free(work);
    free(text);
    return copy;
}

/* Seals payload[0..n) as a native pickle of `type` and unpickles it. */
static cliquet_status reseal(obj_kind kind, uint8_t type, const uint8_t *payload, size_t n)
{
    size_t text_len = cq_pickle_native_text_len(n);
    char *text = cqt_xmalloc(text_len);
    uint8_t *work = cqt_xmalloc(cq_pickle_native_raw_len(n)), nonce[24] = { 0 };
    cliquet_status st;
    obj o;

    cq_pickle_native_write(text, work, type, native_key, nonce, payload, n);
    st = obj_unpickle(&o, kind, native_key, text, text_len);
    if (st == CLIQUET_OK) {
        obj_free(&o);
    } else {
        assert_null(o.p);
    }
    free(text);
    free(work);
    return st;
}

/*
 * Authenticated but malformed payloads: every truncation and an extra byte
 * are CLIQUET_ERR_PICKLE_CORRUPTED; every single-byte change either reads
 * (a field that takes any value) or is CLIQUET_ERR_PICKLE_CORRUPTED; the
 * extension fields are checked against the core.
 */
static void test_malformed_payloads(void **state)
{
    unsigned long count = 0, accepted = 0;
    int k;

    (void)state;
    for (k = 0; k < K_COUNT; k++) {
        uint8_t type = (uint8_t)(k + 1);
        obj o = sample((obj_kind)k);
        size_t n, i, f;
        uint8_t *p = payload_of(&o, type, &n), *bad = cqt_xmalloc(n + 1);
        cliquet_status st;

        assert_int_equal(reseal((obj_kind)k, type, p, n), CLIQUET_OK);
        for (i = 0; i < n; i++) {
            assert_int_equal(reseal((obj_kind)k, type, p, i), CLIQUET_ERR_PICKLE_CORRUPTED);
            for (f = 0; f < sizeof flips; f++) {
                memcpy(bad, p, n);
                bad[i] ^= flips[f];
                st = reseal((obj_kind)k, type, bad, n);
                if (st != CLIQUET_OK && st != CLIQUET_ERR_PICKLE_CORRUPTED) {
                    fail_msg("%s payload byte %zu ^ 0x%02x: %s", kind_names[k], i, flips[f],
                             cliquet_strerror(st));
                }
                accepted += st == CLIQUET_OK;
                count++;
            }
            count++;
        }
        memcpy(bad, p, n);
        bad[n] = 0;
        assert_int_equal(reseal((obj_kind)k, type, bad, n + 1), CLIQUET_ERR_PICKLE_CORRUPTED);
        if (k == K_ACCOUNT || k == K_OUTBOUND) {
            /* has_seed 2; a seed that does not give the stored secret. */
            memcpy(bad, p, n);
            bad[n - 33] = 2;
            assert_int_equal(reseal((obj_kind)k, type, bad, n), CLIQUET_ERR_PICKLE_CORRUPTED);
            memcpy(bad, p, n);
            bad[n - 1] ^= 1;
            assert_int_equal(reseal((obj_kind)k, type, bad, n), CLIQUET_ERR_PICKLE_CORRUPTED);
        }
        if (k == K_INBOUND) {
            /* imported 2; not imported yet unverified (a signed key is
             * always verified). */
            memcpy(bad, p, n);
            bad[n - 1] = 2;
            assert_int_equal(reseal((obj_kind)k, type, bad, n), CLIQUET_ERR_PICKLE_CORRUPTED);
            memcpy(bad, p, n);
            bad[n - 2] = 0;
            assert_int_equal(reseal((obj_kind)k, type, bad, n), CLIQUET_ERR_PICKLE_CORRUPTED);
        }
        free(p);
        free(bad);
        obj_free(&o);
    }
    printf("native payloads resealed: %lu changes and truncations (%lu changed fields read "
           "as valid state, the rest refused as corrupted)\n",
           count, accepted);
}

/* libolm's format cannot say an imported session was verified later. */
static void test_lossy_inbound_export(void **state)
{
    static const uint8_t key[] = "lossy";
    cliquet_outbound_group_session *out;
    char skey[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char exported[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE], msg[512], *text = cqt_xmalloc(TEXT_CAP);
    uint8_t pt[64];
    size_t msg_len, pt_len, len = 0;
    obj in = { K_INBOUND, NULL }, back;

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new(&out), CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_key(out, skey), CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_encrypt(out, msg, sizeof msg, &msg_len,
                                                            (const uint8_t *)"x", 1),
                     CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new(
                         (cliquet_inbound_group_session **)&back.p, skey, sizeof skey - 1),
                     CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_export(back.p, 0, exported), CLIQUET_OK);
    cliquet_inbound_group_session_free(back.p);
    assert_int_equal(cliquet_inbound_group_session_import(
                         (cliquet_inbound_group_session **)&in.p, exported,
                         sizeof exported - 1),
                     CLIQUET_OK);

    /* Imported, unverified: libolm's verified = 0 carries it. */
    check_flags(&in, 0, 1);
    free(check_state(&in, key, sizeof key - 1, NULL));
    text = strcpy(text, "");
    assert_int_equal(cliquet_inbound_group_session_pickle_libolm(in.p, text, TEXT_CAP, &len,
                                                                 key, sizeof key - 1),
                     CLIQUET_OK);
    assert_int_equal(obj_unpickle_libolm(&back, K_INBOUND, key, sizeof key - 1, text, len),
                     CLIQUET_OK);
    check_flags(&back, 0, 1);
    obj_free(&back);

    /* Imported, then verified by a message: lossy in libolm's format. */
    assert_int_equal(cliquet_inbound_group_session_decrypt(in.p, msg, msg_len, pt, sizeof pt,
                                                           &pt_len, NULL),
                     CLIQUET_OK);
    check_flags(&in, 1, 1);
    len = 12345;
    assert_int_equal(cliquet_inbound_group_session_pickle_libolm(in.p, text, TEXT_CAP, &len,
                                                                 key, sizeof key - 1),
                     CLIQUET_ERR_PICKLE_LOSSY);
    assert_int_equal(len, 12345);
    /* The native format keeps both flags. */
    {
        size_t n;
        char *native = native_text(&in, &n);

        assert_int_equal(obj_unpickle(&back, K_INBOUND, native_key, native, n), CLIQUET_OK);
        check_flags(&back, 1, 1);
        obj_free(&back);
        free(native);
    }
    /* Opting in drops the imported flag, as documented. */
    assert_int_equal(cliquet_inbound_group_session_pickle_libolm_lossy(
                         in.p, text, TEXT_CAP, &len, key, sizeof key - 1),
                     CLIQUET_OK);
    assert_int_equal(obj_unpickle_libolm(&back, K_INBOUND, key, sizeof key - 1, text, len),
                     CLIQUET_OK);
    check_flags(&back, 1, 0);
    obj_free(&back);
    obj_free(&in);
    cliquet_outbound_group_session_free(out);
    free(text);
}

/* Pickling twice gives different texts (fresh nonces) of one state. */
static void test_native_nonce_fresh(void **state)
{
    int k;

    (void)state;
    for (k = 0; k < K_COUNT; k++) {
        obj o = sample((obj_kind)k);
        size_t n1, n2;
        char *t1 = native_text(&o, &n1), *t2 = native_text(&o, &n2);

        assert_int_equal(n1, n2);
        assert_true(memcmp(t1, t2, n1) != 0);
        free(t1);
        free(t2);
        obj_free(&o);
    }
}

static void test_arguments(void **state)
{
    obj o = sample(K_ACCOUNT), s = sample(K_SESSION), back;
    char *text = cqt_xmalloc(TEXT_CAP), small[8];
    size_t len = 0, need = 0, n;
    cliquet_session *sess = NULL;
    char *lt;

    (void)state;
    /* Sizes: (NULL, 0) asks, a short buffer is refused and untouched. */
    assert_int_equal(cliquet_account_pickle(o.p, NULL, 0, &need, native_key, CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    memset(small, 'z', sizeof small);
    assert_int_equal(cliquet_account_pickle(o.p, small, sizeof small, &len, native_key, CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, need);
    assert_memory_equal(small, "zzzzzzzz", 8);
    /* The capacity asked for counts the NUL; one byte short is refused. */
    memset(text, 'z', TEXT_CAP);
    assert_int_equal(cliquet_account_pickle(o.p, text, need - 1, &len, native_key,
                                            CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, need);
    assert_true(cqt_all_bytes((const uint8_t *)text, need, 'z'));
    assert_int_equal(cliquet_account_pickle(o.p, text, need, &len, native_key, CLIQUET_PICKLE_KEY_BYTES), CLIQUET_OK);
    assert_int_equal(len, need - 1); /* strlen: the NUL not counted */
    assert_int_equal(strlen(text), len);
    assert_int_equal(cliquet_account_pickle_libolm(o.p, NULL, 0, &need, NULL, 0),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(cliquet_account_pickle_libolm(o.p, text, need - 1, &len, NULL, 0),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, need);
    assert_int_equal(cliquet_account_pickle_libolm(o.p, text, need, &len, NULL, 0), CLIQUET_OK);
    assert_int_equal(len, need - 1);
    assert_int_equal(strlen(text), len);

    /* Native keys are exactly 32 bytes: another length, or NULL with 0, is
     * CLIQUET_ERR_BAD_KEY_LENGTH; NULL with 32 is a NULL argument. */
    {
        static const size_t bad_lengths[] = { 0, 1, 16, 31, 33, 64 };
        uint8_t long_key[64] = { 0 };
        size_t i;

        for (i = 0; i < sizeof bad_lengths / sizeof bad_lengths[0]; i++) {
            len = 12345;
            assert_int_equal(cliquet_account_pickle(o.p, text, TEXT_CAP, &len, long_key,
                                                    bad_lengths[i]),
                             CLIQUET_ERR_BAD_KEY_LENGTH);
            assert_int_equal(len, 12345);
        }
        assert_int_equal(cliquet_account_pickle(o.p, text, TEXT_CAP, &len, NULL, 0),
                         CLIQUET_ERR_BAD_KEY_LENGTH);
        assert_int_equal(cliquet_account_pickle(o.p, NULL, 0, &len, NULL, 0),
                         CLIQUET_ERR_BAD_KEY_LENGTH);
        assert_int_equal(cliquet_account_pickle(o.p, text, TEXT_CAP, &n, native_key,
                                                CLIQUET_PICKLE_KEY_BYTES),
                         CLIQUET_OK);
        for (i = 0; i < sizeof bad_lengths / sizeof bad_lengths[0]; i++) {
            back.p = NULL;
            assert_int_equal(cliquet_account_unpickle((cliquet_account **)&back.p, long_key,
                                                      bad_lengths[i], text, n),
                             CLIQUET_ERR_BAD_KEY_LENGTH);
            assert_null(back.p);
        }
        assert_int_equal(cliquet_account_unpickle((cliquet_account **)&back.p, NULL, 0, text,
                                                  n),
                         CLIQUET_ERR_BAD_KEY_LENGTH);
        assert_int_equal(cliquet_account_unpickle((cliquet_account **)&back.p, NULL,
                                                  CLIQUET_PICKLE_KEY_BYTES, text, n),
                         CLIQUET_ERR_INVALID_ARGUMENT);
        assert_null(back.p);
        /* The same for every kind of object. */
        assert_int_equal(cliquet_session_unpickle(&sess, long_key, 31, text, n),
                         CLIQUET_ERR_BAD_KEY_LENGTH);
        assert_int_equal(cliquet_session_pickle(s.p, text, TEXT_CAP, &len, NULL, 0),
                         CLIQUET_ERR_BAD_KEY_LENGTH);
        assert_int_equal(cliquet_session_pickle(s.p, text, TEXT_CAP, &len, long_key, 33),
                         CLIQUET_ERR_BAD_KEY_LENGTH);
        assert_null(sess);
    }

    /* NULLs. */
    assert_int_equal(cliquet_account_pickle(NULL, text, TEXT_CAP, &len, native_key, CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_pickle(o.p, text, TEXT_CAP, NULL, native_key, CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_pickle(o.p, text, TEXT_CAP, &len, NULL, CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_pickle(o.p, NULL, 5, &len, native_key, CLIQUET_PICKLE_KEY_BYTES),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_pickle_libolm(o.p, text, TEXT_CAP, &len, NULL, 3),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    n = need;
    assert_int_equal(cliquet_account_pickle(o.p, text, TEXT_CAP, &n, native_key, CLIQUET_PICKLE_KEY_BYTES), CLIQUET_OK);
    assert_int_equal(cliquet_account_unpickle(NULL, native_key, CLIQUET_PICKLE_KEY_BYTES, text, n),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(obj_unpickle(&back, K_ACCOUNT, NULL, text, n),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(obj_unpickle(&back, K_ACCOUNT, native_key, NULL, n),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(obj_unpickle(&back, K_ACCOUNT, native_key, NULL, 0),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    assert_int_equal(obj_unpickle_libolm(&back, K_ACCOUNT, NULL, 1, text, n),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(obj_unpickle(&back, K_ACCOUNT, native_key, text,
                                  (size_t)2 * 1024 * 1024 + 1),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_null(back.p);

    /* The peer's identity key of a libolm session is required: NULL, with a
     * length or without, is refused (ABI 1.0); the old NULL behaviour, the
     * session taken as inbound with the pickle's Alice as its peer, is
     * cliquet_session_unpickle_libolm_as_inbound; a key given must be well
     * formed. */
    lt = libolm_text(&s, NULL, 0);
    assert_int_equal(cliquet_session_unpickle_libolm(&sess, NULL, 0, lt, strlen(lt), NULL, 43),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_null(sess);
    assert_int_equal(cliquet_session_unpickle_libolm(&sess, NULL, 0, lt, strlen(lt), NULL, 0),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_null(sess);
    assert_int_equal(cliquet_session_unpickle_libolm_as_inbound(&sess, NULL, 0, lt, strlen(lt)),
                     CLIQUET_OK);
    {
        const cq_olm_session *in = cq_api_session_state(sess);
        assert_memory_equal(in->their_identity_key, in->alice_identity_key, 32);
    }
    cliquet_session_free(sess);
    sess = NULL;
    assert_int_equal(cliquet_session_unpickle_libolm(&sess, NULL, 0, lt, strlen(lt),
                                                     "AAAA", 4),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    assert_int_equal(cliquet_session_unpickle_libolm(&sess, NULL, 0, lt, strlen(lt),
                                                     "!AAA", 4),
                     CLIQUET_ERR_BAD_BASE64);
    assert_null(sess);
    free(lt);
    obj_free(&o);
    obj_free(&s);
    free(text);
}

/* A native round trip keeps what libolm's format cannot: the Ed25519
 * seeds and the peer of an outbound session. */
static void test_native_keeps_everything(void **state)
{
    obj o = sample(K_ACCOUNT), s = sample(K_SESSION), g = sample(K_OUTBOUND), back;
    size_t n;
    char *text;
    char k1[CLIQUET_KEY_BASE64_SIZE], k2[CLIQUET_KEY_BASE64_SIZE];
    const cq_olm_account *a;
    const cq_megolm_outbound *out;

    (void)state;
    text = native_text(&o, &n);
    assert_int_equal(obj_unpickle(&back, K_ACCOUNT, native_key, text, n), CLIQUET_OK);
    a = cq_api_account_state(back.p);
    assert_int_equal(a->ed25519.has_seed, 1);
    assert_memory_equal(a, cq_api_account_state(o.p), sizeof *a);
    obj_free(&back);
    free(text);

    text = native_text(&s, &n);
    assert_int_equal(obj_unpickle(&back, K_SESSION, native_key, text, n), CLIQUET_OK);
    assert_int_equal(cliquet_session_their_identity_key(back.p, k1), CLIQUET_OK);
    assert_int_equal(cliquet_session_their_identity_key(s.p, k2), CLIQUET_OK);
    assert_memory_equal(k1, k2, sizeof k1);
    assert_memory_equal(cq_api_session_state(back.p), cq_api_session_state(s.p),
                        sizeof(cq_olm_session));
    obj_free(&back);
    free(text);

    text = native_text(&g, &n);
    assert_int_equal(obj_unpickle(&back, K_OUTBOUND, native_key, text, n), CLIQUET_OK);
    out = cq_api_outbound_group_state(back.p);
    assert_int_equal(out->signing_key.has_seed, 1);
    assert_memory_equal(out, cq_api_outbound_group_state(g.p), sizeof *out);
    obj_free(&back);
    free(text);
    obj_free(&o);
    obj_free(&s);
    obj_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_libolm_envelope_vectors),
        cmocka_unit_test(test_native_envelope_layout),
        cmocka_unit_test(test_account_vectors),
        cmocka_unit_test(test_session_vectors),
        cmocka_unit_test(test_megolm_vectors),
        cmocka_unit_test(test_pk_vectors),
        cmocka_unit_test(test_old_versions),
        cmocka_unit_test(test_libolm_own_pickles),
        cmocka_unit_test(test_every_corruption_refused),
        cmocka_unit_test(test_malformed_payloads),
        cmocka_unit_test(test_lossy_inbound_export),
        cmocka_unit_test(test_native_nonce_fresh),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_native_keeps_everything),
    };
    cliquet_account *a = NULL;

    cqt_seed_init("test_pickle");
    /* Before sodium_init (inside cliquet_init): every random byte the
     * library draws comes from the seeded stream. */
    if (randombytes_set_implementation(&test_random) != 0) {
        return 1;
    }
    if (cliquet_account_unpickle(&a, native_key, CLIQUET_PICKLE_KEY_BYTES, "AAAA", 4) != CLIQUET_ERR_NOT_INITIALISED ||
        cliquet_account_unpickle_libolm(&a, NULL, 0, "AAAA", 4) !=
            CLIQUET_ERR_NOT_INITIALISED ||
        a != NULL) {
        fprintf(stderr, "test_pickle: unpickle before cliquet_init was not refused\n");
        return 1;
    }
    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
