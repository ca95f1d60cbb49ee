/*
 * bench: Megolm operations (encrypt, decrypt, decrypt far ahead, session
 * key export, inbound sessions) for cliquet, libolm and the floor.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <sodium.h>

#include "bench.h"
#include "megolm/megolm.h"

#define GMSG_CAP 6144  /* base64 of a group message of up to 4 KiB */
#define GPT_CAP 4608

static uint8_t plaintext[GPT_CAP];
static char msg_out[GMSG_CAP];

/* ---- shared inputs: a cliquet sender's messages and session key -------- */

typedef struct {
    size_t n;
    size_t len;                  /* plaintext bytes */
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char *msgs;                  /* n messages of GMSG_CAP */
    size_t *lens;
    void *out;                   /* the impl's outbound session */
    void **in;                   /* the impl's inbound sessions */
    size_t num_in;
    fl_megolm fl;                /* the floor's session */
    fl_megolm *fl_in;
} megolm_ctx;

static void floor_from_session_key(fl_megolm *m, const char *key_b64)
{
    uint8_t raw[CQ_MEGOLM_SESSION_KEY_BYTES];

    fl_b64_decode(raw, sizeof raw, key_b64, (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1));
    memset(m, 0, sizeof *m);
    m->counter = (uint32_t)raw[1] << 24 | (uint32_t)raw[2] << 16 |
                 (uint32_t)raw[3] << 8 | raw[4];
    memcpy(m->r, raw + 5, 128);
    memcpy(m->sign_pk, raw + 133, 32);
}

/* n messages of len bytes from a fresh cliquet outbound session. */
static megolm_ctx *messages_new(size_t n, size_t len)
{
    megolm_ctx *c = xcalloc(1, sizeof *c);
    cliquet_outbound_group_session *out;
    size_t i;

    c->n = n;
    c->len = len;
    c->msgs = xcalloc(n, GMSG_CAP);
    c->lens = xcalloc(n, sizeof *c->lens);
    fill_plaintext(plaintext, sizeof plaintext);
    check_cq(cliquet_outbound_group_session_new(&out), "outbound group");
    check_cq(cliquet_outbound_group_session_key(out, c->key), "session key");
    for (i = 0; i < n; i++) {
        check_cq(cliquet_outbound_group_session_encrypt(out, c->msgs + i * GMSG_CAP,
                                                        GMSG_CAP, &c->lens[i],
                                                        plaintext, len),
                 "group encrypt");
    }
    cliquet_outbound_group_session_free(out);
    return c;
}

static void megolm_ctx_free(megolm_ctx *c)
{
    free(c->msgs);
    free(c->lens);
    free(c->in);
    free(c->fl_in);
    free(c);
}

/* ---- encrypt ------------------------------------------------------------ */

static megolm_ctx *encrypt_ctx(size_t len)
{
    megolm_ctx *c = xcalloc(1, sizeof *c);

    c->len = len;
    fill_plaintext(plaintext, sizeof plaintext);
    return c;
}

static void *cq_enc_setup(size_t len)
{
    megolm_ctx *c = encrypt_ctx(len);

    check_cq(cliquet_outbound_group_session_new(
                 (cliquet_outbound_group_session **)&c->out),
             "outbound group");
    return c;
}

static void *cq_enc256_setup(size_t n) { (void)n; return cq_enc_setup(256); }
static void *cq_enc4k_setup(size_t n) { (void)n; return cq_enc_setup(4096); }

static void cq_enc_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;
    size_t len;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_outbound_group_session_encrypt(c->out, msg_out, GMSG_CAP,
                                                        &len, plaintext, c->len),
                 "group encrypt");
    }
}

static void cq_enc_teardown(void *ctx)
{
    megolm_ctx *c = ctx;

    cliquet_outbound_group_session_free(c->out);
    megolm_ctx_free(c);
}

static OlmOutboundGroupSession *olm_outbound_new(void)
{
    OlmOutboundGroupSession *s =
        olm_outbound_group_session(xmalloc(olm_outbound_group_session_size()));
    size_t rn = olm_init_outbound_group_session_random_length(s);
    uint8_t *r = xmalloc(rn);

    fill_random(r, rn);
    check_olm(olm_init_outbound_group_session(s, r, rn), "olm outbound group");
    free(r);
    return s;
}

static void *olm_enc_setup(size_t len)
{
    megolm_ctx *c = encrypt_ctx(len);

    c->out = olm_outbound_new();
    return c;
}

static void *olm_enc256_setup(size_t n) { (void)n; return olm_enc_setup(256); }
static void *olm_enc4k_setup(size_t n) { (void)n; return olm_enc_setup(4096); }

static void olm_enc_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        size_t need = olm_group_encrypt_message_length(c->out, c->len);

        check_olm(olm_group_encrypt(c->out, plaintext, c->len, (uint8_t *)msg_out,
                                    need),
                  "olm group encrypt");
    }
}

static void olm_enc_teardown(void *ctx)
{
    megolm_ctx *c = ctx;

    olm_clear_outbound_group_session(c->out);
    free(c->out);
    megolm_ctx_free(c);
}

static void fl_outbound_init(fl_megolm *m)
{
    uint8_t seed[32];

    memset(m, 0, sizeof *m);
    randombytes_buf(m->r, sizeof m->r);
    randombytes_buf(seed, sizeof seed);
    crypto_sign_seed_keypair(m->sign_pk, m->sign_sk, seed);
}

static void *fl_enc_setup(size_t len)
{
    megolm_ctx *c = encrypt_ctx(len);

    fl_outbound_init(&c->fl);
    return c;
}

static void *fl_enc256_setup(size_t n) { (void)n; return fl_enc_setup(256); }
static void *fl_enc4k_setup(size_t n) { (void)n; return fl_enc_setup(4096); }

static void fl_enc_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        fl_megolm_encrypt(&c->fl, msg_out, plaintext, c->len);
    }
}

static void fl_enc_teardown(void *ctx)
{
    megolm_ctx_free(ctx);
}

/* ---- decrypt in order ----------------------------------------------------- */

static void *cq_dec_setup(size_t n, size_t len)
{
    megolm_ctx *c = messages_new(n, len);

    c->in = xcalloc(1, sizeof *c->in);
    c->num_in = 1;
    check_cq(cliquet_inbound_group_session_new(
                 (cliquet_inbound_group_session **)&c->in[0], c->key,
                 sizeof c->key - 1),
             "inbound group");
    return c;
}

static void *cq_dec256_setup(size_t n) { return cq_dec_setup(n, 256); }

/* The same with the replay record on (since 1.1): its cost per decrypt is
 * this row's cliquet time minus the row above's. libolm and the floor have
 * no record; their columns repeat the row above. */
static void *cq_dec256_replay_setup(size_t n)
{
    megolm_ctx *c = cq_dec_setup(n, 256);

    check_cq(cliquet_inbound_group_session_set_replay_detection(c->in[0], 1), "replay on");
    return c;
}
static void *cq_dec4k_setup(size_t n) { return cq_dec_setup(n, 4096); }

static void cq_dec_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    uint8_t pt[GPT_CAP];
    cliquet_megolm_decrypt_info info;
    size_t i;
    size_t len;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_inbound_group_session_decrypt(
                     c->in[i % c->num_in], c->msgs + (i % c->n) * GMSG_CAP,
                     c->lens[i % c->n], pt, sizeof pt, &len, &info),
                 "group decrypt");
    }
}

static void cq_in_teardown(void *ctx)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->num_in; i++) {
        cliquet_inbound_group_session_free(c->in[i]);
    }
    megolm_ctx_free(c);
}

static OlmInboundGroupSession *olm_inbound_new(const char *key, size_t len)
{
    OlmInboundGroupSession *s =
        olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));

    check_olm(olm_init_inbound_group_session(s, (const uint8_t *)key, len),
              "olm inbound group");
    return s;
}

static void *olm_dec_setup(size_t n, size_t len)
{
    megolm_ctx *c = messages_new(n, len);

    c->in = xcalloc(1, sizeof *c->in);
    c->num_in = 1;
    c->in[0] = olm_inbound_new(c->key, sizeof c->key - 1);
    return c;
}

static void *olm_dec256_setup(size_t n) { return olm_dec_setup(n, 256); }
static void *olm_dec4k_setup(size_t n) { return olm_dec_setup(n, 4096); }

static void olm_dec_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    static uint8_t scratch[GMSG_CAP];
    uint8_t pt[GPT_CAP];
    size_t i;
    uint32_t index;

    for (i = 0; i < n; i++) {
        size_t len = c->lens[i % c->n];

        /* olm_group_decrypt overwrites its input: a caller keeps a copy. */
        memcpy(scratch, c->msgs + (i % c->n) * GMSG_CAP, len);
        check_olm(olm_group_decrypt(c->in[i % c->num_in], scratch, len, pt,
                                    sizeof pt, &index),
                  "olm group decrypt");
    }
}

static void olm_in_teardown(void *ctx)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->num_in; i++) {
        olm_clear_inbound_group_session(c->in[i]);
        free(c->in[i]);
    }
    megolm_ctx_free(c);
}

static void *fl_dec_setup(size_t n, size_t len)
{
    megolm_ctx *c = messages_new(n, len);

    c->fl_in = xcalloc(1, sizeof *c->fl_in);
    c->num_in = 1;
    floor_from_session_key(&c->fl_in[0], c->key);
    return c;
}

static void *fl_dec256_setup(size_t n) { return fl_dec_setup(n, 256); }
static void *fl_dec4k_setup(size_t n) { return fl_dec_setup(n, 4096); }

static void fl_dec_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    static uint8_t scratch[GMSG_CAP];
    uint8_t pt[GPT_CAP];
    size_t i;

    for (i = 0; i < n; i++) {
        fl_megolm_decrypt(&c->fl_in[i % c->num_in], pt, scratch,
                          c->msgs + (i % c->n) * GMSG_CAP, c->lens[i % c->n]);
    }
}

static void fl_in_teardown(void *ctx)
{
    megolm_ctx_free(ctx);
}

/* ---- decrypt far ahead: n fresh sessions at index 0, one message at K ---- */

/* One 256-byte message at index ahead and the session key at index 0. */
static megolm_ctx *ahead_new(size_t n, uint32_t ahead)
{
    megolm_ctx *c = xcalloc(1, sizeof *c);
    cq_megolm_outbound s;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    uint8_t key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t raw[GMSG_CAP];
    size_t raw_len;

    c->n = 1;
    c->len = 256;
    c->msgs = xcalloc(1, GMSG_CAP);
    c->lens = xcalloc(1, sizeof *c->lens);
    c->num_in = n;
    c->in = xcalloc(n, sizeof *c->in);
    fill_plaintext(plaintext, sizeof plaintext);
    fill_random(random, sizeof random);
    cq_megolm_outbound_init(&s, random);
    cq_megolm_outbound_session_key(key, &s);
    cq_base64_encode(c->key, key, sizeof key);
    /* Internal API: an outbound session moved 'ahead' indices on at once
     * (the public API would need that many encryptions). */
    cq_megolm_ratchet_advance_to(&s.ratchet, ahead);
    check_cq(cq_megolm_outbound_encrypt(&s, raw, sizeof raw, &raw_len, plaintext,
                                        256),
             "group encrypt ahead");
    cq_base64_encode(c->msgs, raw, raw_len);
    c->lens[0] = cq_base64_encoded_len(raw_len);
    return c;
}

static void *cq_ahead_setup(size_t n, uint32_t ahead)
{
    megolm_ctx *c = ahead_new(n, ahead);
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_inbound_group_session_new(
                     (cliquet_inbound_group_session **)&c->in[i], c->key,
                     sizeof c->key - 1),
                 "inbound group");
    }
    return c;
}

static void *olm_ahead_setup(size_t n, uint32_t ahead)
{
    megolm_ctx *c = ahead_new(n, ahead);
    size_t i;

    for (i = 0; i < n; i++) {
        c->in[i] = olm_inbound_new(c->key, sizeof c->key - 1);
    }
    return c;
}

static void *fl_ahead_setup(size_t n, uint32_t ahead)
{
    megolm_ctx *c = ahead_new(n, ahead);
    size_t i;

    c->fl_in = xcalloc(n, sizeof *c->fl_in);
    for (i = 0; i < n; i++) {
        floor_from_session_key(&c->fl_in[i], c->key);
    }
    return c;
}

static void *cq_ahead1k_setup(size_t n) { return cq_ahead_setup(n, 1000); }
static void *olm_ahead1k_setup(size_t n) { return olm_ahead_setup(n, 1000); }
static void *fl_ahead1k_setup(size_t n) { return fl_ahead_setup(n, 1000); }
static void *cq_ahead1m_setup(size_t n) { return cq_ahead_setup(n, 1000000); }
static void *olm_ahead1m_setup(size_t n) { return olm_ahead_setup(n, 1000000); }
static void *fl_ahead1m_setup(size_t n) { return fl_ahead_setup(n, 1000000); }

/* ---- session key export (outbound) --------------------------------------- */

static void *cq_key_setup(size_t n)
{
    (void)n;
    return cq_enc_setup(0);
}

static void cq_key_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_outbound_group_session_key(c->out, c->key), "session key");
    }
}

static void *olm_key_setup(size_t n)
{
    (void)n;
    return olm_enc_setup(0);
}

static void olm_key_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        check_olm(olm_outbound_group_session_key(c->out, (uint8_t *)c->key,
                                                 sizeof c->key - 1),
                  "olm session key");
    }
}

static void *fl_key_setup(size_t n)
{
    (void)n;
    return fl_enc_setup(0);
}

/* spec: megolm.md §Session sharing format: version 2, index, R_i, the public
 * key, and a signature of all that. */
static void fl_session_key(char out[(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1) + 1],
                           const fl_megolm *m)
{
    uint8_t raw[CQ_MEGOLM_SESSION_KEY_BYTES];

    raw[0] = 2;
    raw[1] = (uint8_t)(m->counter >> 24);
    raw[2] = (uint8_t)(m->counter >> 16);
    raw[3] = (uint8_t)(m->counter >> 8);
    raw[4] = (uint8_t)m->counter;
    memcpy(raw + 5, m->r, 128);
    memcpy(raw + 133, m->sign_pk, 32);
    crypto_sign_detached(raw + 165, NULL, raw, 165, m->sign_sk);
    fl_b64_encode(out, raw, sizeof raw);
}

static void fl_key_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    char out[(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1) + 1];
    size_t i;

    for (i = 0; i < n; i++) {
        fl_session_key(out, &c->fl);
    }
}

/* ---- inbound session from a session key ---------------------------------- */

static void *cq_new_in_setup(size_t n)
{
    megolm_ctx *c = messages_new(0, 0);

    c->in = xcalloc(n, sizeof *c->in);
    c->num_in = n;
    return c;
}

static void cq_new_in_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_inbound_group_session_new(
                     (cliquet_inbound_group_session **)&c->in[i], c->key,
                     sizeof c->key - 1),
                 "inbound group");
    }
}

static void olm_new_in_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        c->in[i] = olm_inbound_new(c->key, sizeof c->key - 1);
    }
}

static void *fl_new_in_setup(size_t n)
{
    megolm_ctx *c = messages_new(0, 0);

    c->fl_in = xcalloc(n, sizeof *c->fl_in);
    return c;
}

static void fl_new_in_run(void *ctx, size_t n)
{
    megolm_ctx *c = ctx;
    uint8_t raw[CQ_MEGOLM_SESSION_KEY_BYTES];
    size_t i;

    for (i = 0; i < n; i++) {
        fl_megolm *m = &c->fl_in[i];

        fl_b64_decode(raw, sizeof raw, c->key, sizeof c->key - 1);
        if (raw[0] != 2 ||
            crypto_sign_verify_detached(raw + 165, raw, 165, raw + 133) != 0) {
            die("floor: session key");
        }
        m->counter = (uint32_t)raw[1] << 24 | (uint32_t)raw[2] << 16 |
                     (uint32_t)raw[3] << 8 | raw[4];
        memcpy(m->r, raw + 5, 128);
        memcpy(m->sign_pk, raw + 133, 32);
    }
}

/* ---- self-check: the floor writes what cliquet and libolm read ----------- */

void megolm_floor_check(void);

/* bench.c */
void megolm_floor_check(void)
{
    fl_megolm m;
    char key[(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1) + 1];
    cliquet_inbound_group_session *in;
    OlmInboundGroupSession *oin;
    uint8_t pt[GPT_CAP];
    uint8_t scratch[GMSG_CAP];
    size_t len;
    size_t n;
    uint32_t index;
    int i;

    fill_plaintext(plaintext, sizeof plaintext);
    fl_outbound_init(&m);
    fl_session_key(key, &m);
    check_cq(cliquet_inbound_group_session_new(&in, key,
                                               (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1)),
             "check: floor session key in cliquet");
    oin = olm_inbound_new(key, (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1));
    for (i = 0; i < 3; i++) {
        len = fl_megolm_encrypt(&m, msg_out, plaintext, 300);
        check_cq(cliquet_inbound_group_session_decrypt(in, msg_out, len, pt,
                                                       sizeof pt, &n, NULL),
                 "check: floor group message in cliquet");
        if (n != 300 || memcmp(pt, plaintext, n) != 0) {
            die("check: floor group message plaintext");
        }
        memcpy(scratch, msg_out, len);
        check_olm(olm_group_decrypt(oin, scratch, len, pt, sizeof pt, &index),
                  "check: floor group message in libolm");
    }
    cliquet_inbound_group_session_free(in);
    olm_clear_inbound_group_session(oin);
    free(oin);
}

#define IMPL(s, r, t) { s, r, t }

/* bench.h */
const bench_op bench_megolm_ops[] = {
    { "Megolm encrypt 256 B", "megolm256", 4,
      { IMPL(cq_enc256_setup, cq_enc_run, cq_enc_teardown),
        IMPL(olm_enc256_setup, olm_enc_run, olm_enc_teardown),
        IMPL(fl_enc256_setup, fl_enc_run, fl_enc_teardown) } },
    { "Megolm decrypt 256 B", "megolm256", 4,
      { IMPL(cq_dec256_setup, cq_dec_run, cq_in_teardown),
        IMPL(olm_dec256_setup, olm_dec_run, olm_in_teardown),
        IMPL(fl_dec256_setup, fl_dec_run, fl_in_teardown) } },
    { "Megolm decrypt 256 B, replay record on", "megolm256", 4,
      { IMPL(cq_dec256_replay_setup, cq_dec_run, cq_in_teardown),
        IMPL(olm_dec256_setup, olm_dec_run, olm_in_teardown),
        IMPL(fl_dec256_setup, fl_dec_run, fl_in_teardown) } },
    { "Megolm encrypt 4 KiB", "4k", 4,
      { IMPL(cq_enc4k_setup, cq_enc_run, cq_enc_teardown),
        IMPL(olm_enc4k_setup, olm_enc_run, olm_enc_teardown),
        IMPL(fl_enc4k_setup, fl_enc_run, fl_enc_teardown) } },
    { "Megolm decrypt 4 KiB", "4k", 4,
      { IMPL(cq_dec4k_setup, cq_dec_run, cq_in_teardown),
        IMPL(olm_dec4k_setup, olm_dec_run, olm_in_teardown),
        IMPL(fl_dec4k_setup, fl_dec_run, fl_in_teardown) } },
    { "Megolm decrypt 1,000 ahead", "megolm256", 4,
      { IMPL(cq_ahead1k_setup, cq_dec_run, cq_in_teardown),
        IMPL(olm_ahead1k_setup, olm_dec_run, olm_in_teardown),
        IMPL(fl_ahead1k_setup, fl_dec_run, fl_in_teardown) } },
    { "Megolm decrypt 1,000,000 ahead", "megolm256", 4,
      { IMPL(cq_ahead1m_setup, cq_dec_run, cq_in_teardown),
        IMPL(olm_ahead1m_setup, olm_dec_run, olm_in_teardown),
        IMPL(fl_ahead1m_setup, fl_dec_run, fl_in_teardown) } },
    { "Megolm session key export", "setup", 4,
      { IMPL(cq_key_setup, cq_key_run, cq_enc_teardown),
        IMPL(olm_key_setup, olm_key_run, olm_enc_teardown),
        IMPL(fl_key_setup, fl_key_run, fl_enc_teardown) } },
    { "Megolm inbound from session key", "setup", 4,
      { IMPL(cq_new_in_setup, cq_new_in_run, cq_in_teardown),
        IMPL(cq_new_in_setup, olm_new_in_run, olm_in_teardown),
        IMPL(fl_new_in_setup, fl_new_in_run, fl_in_teardown) } },
    { NULL, NULL, 0, { { NULL, NULL, NULL } } }
};
