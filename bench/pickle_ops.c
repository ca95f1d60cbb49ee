/*
 * bench: pickle then unpickle (into a new object, freed) of an account
 * with 50 one-time keys, an Olm session and an inbound group session, in
 * cliquet's native format and in libolm's, for cliquet, libolm and the
 * floor. The floor of the native format is XChaCha20-Poly1305 and base64
 * of a flat copy of the same number of payload bytes; the floor of
 * libolm's format is AES-256-CBC, HMAC-SHA-256 and base64 of them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <sodium.h>

#include "bench.h"
#include "crypto/crypto.h"

#define PICKLE_CAP 32768

enum { KIND_ACCOUNT, KIND_SESSION, KIND_INBOUND };

typedef struct {
    int kind;
    int libolm_format;   /* cliquet: which format; floor: which envelope */
    void *obj;
    void *peer;          /* objects kept alive for the session's sake */
    void *peer_account;
    void *account;
    char their_id[44];
    size_t payload;      /* floor: payload bytes */
    uint8_t state[16384];
    char text[PICKLE_CAP];
    uint8_t raw[PICKLE_CAP];
} pickle_ctx;

static void cq_otks(cliquet_account *a, size_t count, char key[44])
{
    char id[CLIQUET_KEY_ID_BASE64_SIZE];

    check_cq(cliquet_account_generate_one_time_keys(a, count, NULL), "otk");
    check_cq(cliquet_account_one_time_key(a, 0, id, key), "otk");
}

/* An established session (one message each way) from A's side. */
static void cq_make_session(pickle_ctx *c)
{
    cliquet_account *a;
    cliquet_account *b;
    cliquet_session *sb;
    char id_a[44];
    char id_b[44];
    char ed[44];
    char otk[44];
    char msg[2048];
    uint8_t pt[1024];
    size_t len;
    size_t n;
    int type;

    check_cq(cliquet_account_new(&a), "account");
    check_cq(cliquet_account_new(&b), "account");
    check_cq(cliquet_account_identity_keys(a, id_a, ed), "keys");
    check_cq(cliquet_account_identity_keys(b, id_b, ed), "keys");
    cq_otks(b, 1, otk);
    check_cq(cliquet_session_new_outbound((cliquet_session **)&c->obj, a, id_b, 43,
                                          otk, 43),
             "outbound");
    fill_plaintext(pt, 256);
    check_cq(cliquet_session_encrypt(c->obj, &type, msg, sizeof msg, &len, pt, 256),
             "encrypt");
    check_cq(cliquet_session_new_inbound(&sb, b, id_a, 43, msg, len, pt, sizeof pt,
                                         &n, NULL),
             "inbound");
    check_cq(cliquet_session_encrypt(sb, &type, msg, sizeof msg, &len, pt, 256),
             "encrypt");
    check_cq(cliquet_session_decrypt(c->obj, type, msg, len, pt, sizeof pt, &n, NULL),
             "decrypt");
    memcpy(c->their_id, id_b, 43);
    c->account = a;
    c->peer_account = b;
    c->peer = sb;
}

static void cq_make(pickle_ctx *c)
{
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char msg[1024];
    uint8_t pt[1024];
    size_t len;
    cliquet_outbound_group_session *o;

    switch (c->kind) {
    case KIND_ACCOUNT:
        check_cq(cliquet_account_new((cliquet_account **)&c->obj), "account");
        check_cq(cliquet_account_generate_one_time_keys(c->obj, 50, NULL), "otk");
        break;
    case KIND_SESSION:
        cq_make_session(c);
        break;
    default:
        check_cq(cliquet_outbound_group_session_new(&o), "outbound group");
        check_cq(cliquet_outbound_group_session_key(o, key), "session key");
        check_cq(cliquet_inbound_group_session_new(
                     (cliquet_inbound_group_session **)&c->obj, key, sizeof key - 1),
                 "inbound group");
        fill_plaintext(pt, 256);
        check_cq(cliquet_outbound_group_session_encrypt(o, msg, sizeof msg, &len, pt,
                                                        256),
                 "group encrypt");
        check_cq(cliquet_inbound_group_session_decrypt(c->obj, msg, len, pt,
                                                       sizeof pt, &len, NULL),
                 "group decrypt");
        cliquet_outbound_group_session_free(o);
        break;
    }
}

static void cq_free_kind(int kind, void *obj)
{
    if (kind == KIND_ACCOUNT) {
        cliquet_account_free(obj);
    } else if (kind == KIND_SESSION) {
        cliquet_session_free(obj);
    } else {
        cliquet_inbound_group_session_free(obj);
    }
}

/* One cliquet pickle of c->obj into c->text. */
static size_t cq_pickle_one(pickle_ctx *c)
{
    const uint8_t *k = bench_pickle_key;
    size_t len = 0;
    cliquet_status st;

    if (c->kind == KIND_ACCOUNT) {
        st = c->libolm_format
                 ? cliquet_account_pickle_libolm(c->obj, c->text, PICKLE_CAP, &len, k, 32)
                 : cliquet_account_pickle(c->obj, c->text, PICKLE_CAP, &len, k, CLIQUET_PICKLE_KEY_BYTES);
    } else if (c->kind == KIND_SESSION) {
        st = c->libolm_format
                 ? cliquet_session_pickle_libolm(c->obj, c->text, PICKLE_CAP, &len, k, 32)
                 : cliquet_session_pickle(c->obj, c->text, PICKLE_CAP, &len, k, CLIQUET_PICKLE_KEY_BYTES);
    } else {
        st = c->libolm_format
                 ? cliquet_inbound_group_session_pickle_libolm(c->obj, c->text,
                                                               PICKLE_CAP, &len, k, 32)
                 : cliquet_inbound_group_session_pickle(c->obj, c->text, PICKLE_CAP,
                                                        &len, k, CLIQUET_PICKLE_KEY_BYTES);
    }
    check_cq(st, "pickle");
    return len;
}

static void *cq_unpickle_one(pickle_ctx *c, size_t len)
{
    const uint8_t *k = bench_pickle_key;
    void *out = NULL;
    cliquet_status st;

    if (c->kind == KIND_ACCOUNT) {
        st = c->libolm_format
                 ? cliquet_account_unpickle_libolm((cliquet_account **)&out, k, 32,
                                                   c->text, len)
                 : cliquet_account_unpickle((cliquet_account **)&out, k, CLIQUET_PICKLE_KEY_BYTES, c->text, len);
    } else if (c->kind == KIND_SESSION) {
        st = c->libolm_format
                 ? cliquet_session_unpickle_libolm((cliquet_session **)&out, k, 32,
                                                   c->text, len, c->their_id, 43)
                 : cliquet_session_unpickle((cliquet_session **)&out, k, CLIQUET_PICKLE_KEY_BYTES, c->text, len);
    } else {
        st = c->libolm_format
                 ? cliquet_inbound_group_session_unpickle_libolm(
                       (cliquet_inbound_group_session **)&out, k, 32, c->text, len)
                 : cliquet_inbound_group_session_unpickle(
                       (cliquet_inbound_group_session **)&out, k, CLIQUET_PICKLE_KEY_BYTES, c->text, len);
    }
    check_cq(st, "unpickle");
    return out;
}

static pickle_ctx *cq_setup(int kind, int libolm_format)
{
    pickle_ctx *c = xcalloc(1, sizeof *c);

    c->kind = kind;
    c->libolm_format = libolm_format;
    cq_make(c);
    return c;
}

static void cq_run(void *ctx, size_t n)
{
    pickle_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        size_t len = cq_pickle_one(c);

        cq_free_kind(c->kind, cq_unpickle_one(c, len));
    }
}

static void cq_teardown(void *ctx)
{
    pickle_ctx *c = ctx;

    cq_free_kind(c->kind, c->obj);
    cliquet_session_free(c->peer);
    cliquet_account_free(c->account);
    cliquet_account_free(c->peer_account);
    free(c);
}

/* ---- libolm --------------------------------------------------------------- */

static OlmAccount *olm_acct(void)
{
    OlmAccount *a = olm_account(xmalloc(olm_account_size()));
    uint8_t r[64];

    fill_random(r, sizeof r);
    check_olm(olm_create_account(a, r, olm_create_account_random_length(a)),
              "olm account");
    return a;
}

static void olm_make_session(pickle_ctx *c)
{
    OlmAccount *a = olm_acct();
    OlmAccount *b = olm_acct();
    OlmSession *sa = olm_session(xmalloc(olm_session_size()));
    OlmSession *sb = olm_session(xmalloc(olm_session_size()));
    char keys[256];
    char json[256];
    char id_b[44];
    char otk[44];
    char msg[2048];
    char scratch[2048];
    uint8_t pt[1024];
    uint8_t r[64];
    size_t len;
    size_t type;
    char *p;

    len = olm_account_identity_keys(b, keys, sizeof keys - 1);
    check_olm(len, "keys");
    keys[len] = 0;
    p = strstr(keys, "\"curve25519\":\"");
    memcpy(id_b, p + 14, 43);
    fill_random(r, 32);
    check_olm(olm_account_generate_one_time_keys(b, 1, r, 32), "otk");
    len = olm_account_one_time_keys(b, json, sizeof json - 1);
    check_olm(len, "otk json");
    json[len] = 0;
    p = strstr(json, "\":\"");           /* {"curve25519":{"AAAAAQ":"<key>"}} */
    memcpy(otk, p + 3, 43);
    fill_random(r, 64);
    check_olm(olm_create_outbound_session(sa, a, id_b, 43, otk, 43, r, 64),
              "olm outbound");
    fill_plaintext(pt, 256);
    type = olm_encrypt_message_type(sa);
    len = olm_encrypt(sa, pt, 256, r, olm_encrypt_random_length(sa), msg,
                      olm_encrypt_message_length(sa, 256));
    check_olm(len, "olm encrypt");
    memcpy(scratch, msg, len);
    check_olm(olm_create_inbound_session(sb, b, scratch, len), "olm inbound");
    memcpy(scratch, msg, len);
    check_olm(olm_decrypt(sb, type, scratch, len, pt, sizeof pt), "olm decrypt");
    fill_random(r, 32);
    type = olm_encrypt_message_type(sb);
    len = olm_encrypt(sb, pt, 256, r, olm_encrypt_random_length(sb), msg,
                      olm_encrypt_message_length(sb, 256));
    check_olm(len, "olm encrypt");
    check_olm(olm_decrypt(sa, type, msg, len, pt, sizeof pt), "olm decrypt");
    c->obj = sa;
    c->peer = sb;
    c->account = a;
    c->peer_account = b;
}

static void olm_make(pickle_ctx *c)
{
    OlmOutboundGroupSession *o;
    OlmInboundGroupSession *in;
    uint8_t r[160];
    uint8_t key[512];
    uint8_t msg[1024];
    uint8_t pt[1024];
    size_t len;
    uint32_t index;

    switch (c->kind) {
    case KIND_ACCOUNT: {
        uint8_t otk_r[50 * 32];

        c->obj = olm_acct();
        fill_random(otk_r, sizeof otk_r);
        check_olm(olm_account_generate_one_time_keys(c->obj, 50, otk_r, sizeof otk_r),
                  "otk");
        break;
    }
    case KIND_SESSION:
        olm_make_session(c);
        break;
    default:
        o = olm_outbound_group_session(xmalloc(olm_outbound_group_session_size()));
        fill_random(r, sizeof r);
        check_olm(olm_init_outbound_group_session(o, r, sizeof r), "olm outbound");
        len = olm_outbound_group_session_key(o, key, sizeof key);
        check_olm(len, "olm session key");
        in = olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
        check_olm(olm_init_inbound_group_session(in, key, len), "olm inbound");
        fill_plaintext(pt, 256);
        len = olm_group_encrypt(o, pt, 256, msg, olm_group_encrypt_message_length(o, 256));
        check_olm(len, "olm group encrypt");
        check_olm(olm_group_decrypt(in, msg, len, pt, sizeof pt, &index),
                  "olm group decrypt");
        olm_clear_outbound_group_session(o);
        free(o);
        c->obj = in;
        break;
    }
}

static void olm_free_kind(int kind, void *obj)
{
    if (obj == NULL) {
        return;
    }
    if (kind == KIND_ACCOUNT) {
        olm_clear_account(obj);
    } else if (kind == KIND_SESSION) {
        olm_clear_session(obj);
    } else {
        olm_clear_inbound_group_session(obj);
    }
    free(obj);
}

static void *olm_setup(int kind)
{
    pickle_ctx *c = xcalloc(1, sizeof *c);

    c->kind = kind;
    olm_make(c);
    return c;
}

static void olm_run(void *ctx, size_t n)
{
    pickle_ctx *c = ctx;
    const uint8_t *k = bench_pickle_key;
    size_t i;

    for (i = 0; i < n; i++) {
        size_t len;

        if (c->kind == KIND_ACCOUNT) {
            OlmAccount *a;

            len = olm_pickle_account(c->obj, k, 32, c->text,
                                     olm_pickle_account_length(c->obj));
            check_olm(len, "olm pickle");
            a = olm_account(xmalloc(olm_account_size()));
            /* libolm unpickles in place: a caller keeps a copy. */
            memcpy(c->raw, c->text, len);
            check_olm(olm_unpickle_account(a, k, 32, c->raw, len), "olm unpickle");
            olm_free_kind(c->kind, a);
        } else if (c->kind == KIND_SESSION) {
            OlmSession *s;

            len = olm_pickle_session(c->obj, k, 32, c->text,
                                     olm_pickle_session_length(c->obj));
            check_olm(len, "olm pickle");
            s = olm_session(xmalloc(olm_session_size()));
            memcpy(c->raw, c->text, len);
            check_olm(olm_unpickle_session(s, k, 32, c->raw, len), "olm unpickle");
            olm_free_kind(c->kind, s);
        } else {
            OlmInboundGroupSession *s;

            len = olm_pickle_inbound_group_session(
                c->obj, k, 32, c->text, olm_pickle_inbound_group_session_length(c->obj));
            check_olm(len, "olm pickle");
            s = olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
            memcpy(c->raw, c->text, len);
            check_olm(olm_unpickle_inbound_group_session(s, k, 32, c->raw, len),
                      "olm unpickle");
            olm_free_kind(c->kind, s);
        }
    }
}

static void olm_teardown(void *ctx)
{
    pickle_ctx *c = ctx;

    olm_free_kind(c->kind, c->obj);
    olm_free_kind(KIND_SESSION, c->peer);
    olm_free_kind(KIND_ACCOUNT, c->account);
    olm_free_kind(KIND_ACCOUNT, c->peer_account);
    free(c);
}

/* ---- the floor ------------------------------------------------------------ */

/* The payload size cliquet writes for this object in this format. */
static pickle_ctx *fl_setup(int kind, int libolm_format)
{
    pickle_ctx *c = cq_setup(kind, libolm_format);
    size_t len = cq_pickle_one(c);
    size_t raw = len * 3 / 4;

    /* native: 38 bytes of header and a 16-byte tag; libolm: an 8-byte MAC
     * after a CBC ciphertext whose padding is at least one byte. */
    c->payload = libolm_format ? raw - 8 - 1 : raw - 38 - 16;
    if (c->payload > sizeof c->state) {
        die("floor: pickle payload");
    }
    randombytes_buf(c->state, c->payload);
    return c;
}

static void fl_native_run(void *ctx, size_t n)
{
    pickle_ctx *c = ctx;
    uint8_t derived[40];
    uint8_t header[38] = { 'C', 'Q', 'P', 'K', 1, 1 };
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t *raw = c->raw;
        size_t text_len;
        size_t raw_len;
        unsigned long long m_len;

        /* pickle: key and key check, nonce, seal, base64 */
        randombytes_buf(header + 14, 24);
        fl_hkdf(derived, 40, header + 14, 24, bench_pickle_key, 32, "cliquet pickle v1", 17);
        memcpy(header + 6, derived + 32, 8);
        memcpy(raw, header, 38);
        crypto_aead_xchacha20poly1305_ietf_encrypt(raw + 38, NULL, c->state,
                                                   c->payload, header, 38, NULL,
                                                   header + 14, derived);
        text_len = fl_b64_encode(c->text, raw, 38 + c->payload + 16);
        /* unpickle: base64, key, key check, open, copy the state out */
        raw_len = fl_b64_decode(raw, PICKLE_CAP, c->text, text_len);
        fl_hkdf(derived, 40, raw + 14, 24, bench_pickle_key, 32, "cliquet pickle v1", 17);
        if (sodium_memcmp(derived + 32, raw + 6, 8) != 0 ||
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                raw + 38, &m_len, NULL, raw + 38, raw_len - 38, raw, 38, raw + 14,
                derived) != 0) {
            die("floor: native unpickle");
        }
        memcpy(c->state, raw + 38, (size_t)m_len);
    }
}

static void fl_libolm_run(void *ctx, size_t n)
{
    pickle_ctx *c = ctx;
    uint8_t keys[80];
    uint8_t mac[32];
    size_t ct_len = (c->payload / 16 + 1) * 16;
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t *raw = c->raw;
        size_t text_len;
        size_t raw_len;
        size_t pt_len = 0;

        fl_hkdf(keys, 80, NULL, 0, bench_pickle_key, 32, "Pickle", 6);
        cq_aes256_cbc_encrypt(raw, keys, keys + 64, c->state, c->payload);
        fl_hmac(mac, keys + 32, raw, ct_len);
        memcpy(raw + ct_len, mac, 8);
        text_len = fl_b64_encode(c->text, raw, ct_len + 8);
        raw_len = fl_b64_decode(raw, PICKLE_CAP, c->text, text_len);
        fl_hkdf(keys, 80, NULL, 0, bench_pickle_key, 32, "Pickle", 6);
        fl_hmac(mac, keys + 32, raw, raw_len - 8);
        if (sodium_memcmp(mac, raw + raw_len - 8, 8) != 0 ||
            cq_aes256_cbc_decrypt(c->state, &pt_len, keys, keys + 64, raw,
                                  raw_len - 8) != CLIQUET_OK) {
            die("floor: libolm unpickle");
        }
    }
}

static void *cq_acct_n(size_t n) { (void)n; return cq_setup(KIND_ACCOUNT, 0); }
static void *cq_sess_n(size_t n) { (void)n; return cq_setup(KIND_SESSION, 0); }
static void *cq_in_n(size_t n) { (void)n; return cq_setup(KIND_INBOUND, 0); }
static void *cq_acct_l(size_t n) { (void)n; return cq_setup(KIND_ACCOUNT, 1); }
static void *cq_sess_l(size_t n) { (void)n; return cq_setup(KIND_SESSION, 1); }
static void *cq_in_l(size_t n) { (void)n; return cq_setup(KIND_INBOUND, 1); }
static void *olm_acct_s(size_t n) { (void)n; return olm_setup(KIND_ACCOUNT); }
static void *olm_sess_s(size_t n) { (void)n; return olm_setup(KIND_SESSION); }
static void *olm_in_s(size_t n) { (void)n; return olm_setup(KIND_INBOUND); }
static void *fl_acct_n(size_t n) { (void)n; return fl_setup(KIND_ACCOUNT, 0); }
static void *fl_sess_n(size_t n) { (void)n; return fl_setup(KIND_SESSION, 0); }
static void *fl_in_n(size_t n) { (void)n; return fl_setup(KIND_INBOUND, 0); }
static void *fl_acct_l(size_t n) { (void)n; return fl_setup(KIND_ACCOUNT, 1); }
static void *fl_sess_l(size_t n) { (void)n; return fl_setup(KIND_SESSION, 1); }
static void *fl_in_l(size_t n) { (void)n; return fl_setup(KIND_INBOUND, 1); }

/* Sizes for the memory report: cliquet's native and libolm-format pickle
 * lengths and libolm's, of each kind. */
void pickle_sizes(size_t out[3][3]);

/* bench.c */
void pickle_sizes(size_t out[3][3])
{
    int kind;

    for (kind = 0; kind < 3; kind++) {
        pickle_ctx *c = cq_setup(kind, 0);
        pickle_ctx *o = olm_setup(kind);

        out[kind][0] = cq_pickle_one(c);
        c->libolm_format = 1;
        out[kind][1] = cq_pickle_one(c);
        if (kind == KIND_ACCOUNT) {
            out[kind][2] = olm_pickle_account_length(o->obj);
        } else if (kind == KIND_SESSION) {
            out[kind][2] = olm_pickle_session_length(o->obj);
        } else {
            out[kind][2] = olm_pickle_inbound_group_session_length(o->obj);
        }
        cq_teardown(c);
        olm_teardown(o);
    }
}

#define IMPL(s, r, t) { s, r, t }

/* bench.h */
const bench_op bench_pickle_ops[] = {
    { "pickle+unpickle account, 50 OTKs (native)", "pickle", 4,
      { IMPL(cq_acct_n, cq_run, cq_teardown), IMPL(olm_acct_s, olm_run, olm_teardown),
        IMPL(fl_acct_n, fl_native_run, cq_teardown) } },
    { "pickle+unpickle account, 50 OTKs (libolm fmt)", "pickle", 4,
      { IMPL(cq_acct_l, cq_run, cq_teardown), IMPL(olm_acct_s, olm_run, olm_teardown),
        IMPL(fl_acct_l, fl_libolm_run, cq_teardown) } },
    { "pickle+unpickle session (native)", "pickle", 4,
      { IMPL(cq_sess_n, cq_run, cq_teardown), IMPL(olm_sess_s, olm_run, olm_teardown),
        IMPL(fl_sess_n, fl_native_run, cq_teardown) } },
    { "pickle+unpickle session (libolm fmt)", "pickle", 4,
      { IMPL(cq_sess_l, cq_run, cq_teardown), IMPL(olm_sess_s, olm_run, olm_teardown),
        IMPL(fl_sess_l, fl_libolm_run, cq_teardown) } },
    { "pickle+unpickle inbound group (native)", "pickle", 4,
      { IMPL(cq_in_n, cq_run, cq_teardown), IMPL(olm_in_s, olm_run, olm_teardown),
        IMPL(fl_in_n, fl_native_run, cq_teardown) } },
    { "pickle+unpickle inbound group (libolm fmt)", "pickle", 4,
      { IMPL(cq_in_l, cq_run, cq_teardown), IMPL(olm_in_s, olm_run, olm_teardown),
        IMPL(fl_in_l, fl_libolm_run, cq_teardown) } },
    { NULL, NULL, 0, { { NULL, NULL, NULL } } }
};
