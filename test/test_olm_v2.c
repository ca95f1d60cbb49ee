/*
 * Olm v2: vodozemac's olm::SessionConfig::version_2() (docs/session-config.md).
 *
 *   - vectors/v2/olm.txt: fixed accounts and random bytes -> the exact v2
 *     pre-key message and reply. Each message is also rebuilt here by an
 *     oracle that shares no code with lib/ (libsodium's X25519, OpenSSL's
 *     HMAC, HKDF and AES: helpers/oracle.c) from vodozemac's format (version
 *     byte 4, the whole HMAC-SHA-256 appended, the pre-key envelope still
 *     version 3). `test_olm_v2 --record FILE` writes the vector file.
 *   - the ABI: round trips both ways with the version byte and MAC length
 *     checked, refusals of the other config's messages (the session and the
 *     account unchanged), every byte of a full MAC checked, native pickles
 *     that keep the config, libolm's format refusing a v2 session, and
 *     version 1 still the default.
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
#include "api/api.h"
#include "core/core.h"
#include "olm/olm.h"
#include "helpers/oracle.h"
#include "helpers/util.h"
#include "helpers/vectors.h"

#define VECTORS "vectors/v2/olm.txt"
#define FIELDS "conv bob_random otk_random alice_random outbound_random plaintext " \
               "pre_key_message bob_pickle alice_pickle reply_random reply_plaintext " \
               "reply_message"
#define CASES 4
/* The key of the libolm-format pickles in the vector file (docs of
 * vectors/v2/README.md): these ASCII bytes, without a NUL. */
#define PICKLE_KEY "cliquet v2 vectors"

static FILE *record; /* --record: the vector file being written */

/* ---- fixed inputs ------------------------------------------------------------------ */

/* n bytes named by (label, conv): SHA-256(label || conv || block) blocks. */
static void fixed(uint8_t *out, size_t n, const char *label, unsigned conv)
{
    uint8_t in[64], block[32];
    size_t len = strlen(label), done = 0;
    uint32_t i = 0;

    assert_true(len + 8 <= sizeof in);
    memcpy(in, label, len);
    while (done < n) {
        size_t take = n - done < 32 ? n - done : 32;

        memcpy(in + len, &conv, 4);
        memcpy(in + len + 4, &i, 4);
        crypto_hash_sha256(block, in, len + 8);
        memcpy(out + done, block, take);
        done += take;
        i++;
    }
}

static void hex(char *out, const uint8_t *in, size_t n)
{
    sodium_bin2hex(out, 2 * n + 1, in, n);
}

/* ---- the oracle: vodozemac's v2 messages, built from the keys ------------------------ */

typedef struct keys3 {
    uint8_t aes[32], mac[32], iv[16];
} keys3;

/* OLM_KEYS of message key mk (olm.md §Olm Authenticated Encryption). */
static void message_keys(keys3 *k, const uint8_t chain_key[32])
{
    uint8_t mk[32], okm[80], seed = 0x01;

    cqt_oracle_hmac(mk, chain_key, 32, &seed, 1);
    cqt_oracle_hkdf(okm, sizeof okm, NULL, 0, mk, 32, "OLM_KEYS");
    memcpy(k->aes, okm, 32);
    memcpy(k->mac, okm + 32, 32);
    memcpy(k->iv, okm + 64, 16);
}

/*
 * vodozemac's v2 Message::to_bytes: 0x04, ratchet key (0x0A), chain index
 * (0x10), ciphertext (0x22), then the 32-byte MAC of all of it.
 */
static size_t v2_message(uint8_t *out, const uint8_t ratchet_key[32], uint32_t index,
                         const uint8_t chain_key[32], const uint8_t *pt, size_t n)
{
    keys3 k;
    uint8_t ct[1024 + 16];
    size_t ct_len, len = 0;

    message_keys(&k, chain_key);
    ct_len = cqt_oracle_aes_cbc(ct, k.aes, k.iv, pt, n);
    out[len++] = 0x04;
    out[len++] = 0x0A;
    out[len++] = 32;
    memcpy(out + len, ratchet_key, 32);
    len += 32;
    out[len++] = 0x10;
    len += cqt_oracle_varint(out + len, index);
    out[len++] = 0x22;
    len += cqt_oracle_varint(out + len, ct_len);
    memcpy(out + len, ct, ct_len);
    len += ct_len;
    cqt_oracle_hmac(out + len, k.mac, 32, out, len);
    return len + 32;
}

static void x25519_pub(uint8_t pub[32], const uint8_t priv[32])
{
    assert_int_equal(crypto_scalarmult_base(pub, priv), 0);
}

static void x25519(uint8_t out[32], const uint8_t priv[32], const uint8_t pub[32])
{
    assert_int_equal(crypto_scalarmult(out, priv, pub), 0);
}

/*
 * The pre-key message of Alice's first v2 message and Bob's v2 reply, from
 * the raw random bytes (libolm's order: an account is the Ed25519 seed then
 * the Curve25519 key; a session the base key then the ratchet key).
 */
static void oracle(uint8_t *pre, size_t *pre_len, uint8_t *reply, size_t *reply_len,
                   const uint8_t bob_random[64], const uint8_t otk[32],
                   const uint8_t alice_random[64], const uint8_t outbound[64],
                   const uint8_t *pt, size_t n, const uint8_t reply_random[32],
                   const uint8_t *rpt, size_t rn)
{
    uint8_t ia[32], ib[32], eb[32], ea[32], ta[32], tb[32], s[96], rk[64], r1[64];
    uint8_t inner[1200], dh[32];
    size_t inner_len, len = 0;

    x25519_pub(ia, alice_random + 32);
    x25519_pub(ib, bob_random + 32);
    x25519_pub(eb, otk);
    x25519_pub(ea, outbound);
    x25519_pub(ta, outbound + 32);
    /* olm.md §Initial setup: ECDH(I_A, E_B) || ECDH(E_A, I_B) || ECDH(E_A, E_B) */
    x25519(s, alice_random + 32, eb);
    x25519(s + 32, outbound, ib);
    x25519(s + 64, outbound, eb);
    cqt_oracle_hkdf(rk, sizeof rk, NULL, 0, s, sizeof s, "OLM_ROOT");
    inner_len = v2_message(inner, ta, 0, rk + 32, pt, n);
    /* vodozemac's PreKeyMessage::to_bytes: version 3 around the v2 message. */
    pre[len++] = 0x03;
    pre[len++] = 0x0A;
    pre[len++] = 32;
    memcpy(pre + len, eb, 32);
    len += 32;
    pre[len++] = 0x12;
    pre[len++] = 32;
    memcpy(pre + len, ea, 32);
    len += 32;
    pre[len++] = 0x1A;
    pre[len++] = 32;
    memcpy(pre + len, ia, 32);
    len += 32;
    pre[len++] = 0x22;
    len += cqt_oracle_varint(pre + len, inner_len);
    memcpy(pre + len, inner, inner_len);
    *pre_len = len + inner_len;
    /* Bob's reply: a new ratchet key, R1 || C1 = HKDF(R0, ECDH(T_B, T_A),
     * "OLM_RATCHET", 64) (olm.md §Advancing the root key). */
    x25519_pub(tb, reply_random);
    x25519(dh, reply_random, ta);
    cqt_oracle_hkdf(r1, sizeof r1, rk, 32, dh, 32, "OLM_RATCHET");
    *reply_len = v2_message(reply, tb, 0, r1 + 32, rpt, rn);
}

/* ---- the vectors --------------------------------------------------------------------- */

/* A libolm-format pickle of a core account or session, through the ABI. */
static void libolm_pickles(char *bob_text, char *alice_text, const cq_olm_account *bob,
                           const cq_olm_session *alice)
{
    cliquet_account *a = NULL;
    cliquet_session *s = NULL;
    cq_olm_session twin = *alice;
    size_t len = 0;

    /* libolm's layout cannot say "version 2" (the ABI refuses it): the
     * file holds the version 1 twin, whose every other byte is the same. */
    twin.ratchet.full_mac = 0;
    assert_int_equal(cq_api_account_from_state(&a, bob), CLIQUET_OK);
    assert_int_equal(cq_api_session_from_state(&s, &twin), CLIQUET_OK);
    assert_int_equal(cliquet_account_pickle_libolm(a, bob_text, 16384, &len,
                                                   (const uint8_t *)PICKLE_KEY,
                                                   strlen(PICKLE_KEY)),
                     CLIQUET_OK);
    bob_text[len] = '\0';
    assert_int_equal(cliquet_session_pickle_libolm(s, alice_text, 16384, &len,
                                                   (const uint8_t *)PICKLE_KEY,
                                                   strlen(PICKLE_KEY)),
                     CLIQUET_OK);
    alice_text[len] = '\0';
    cliquet_account_free(a);
    cliquet_session_free(s);
    cq_wipe(&twin, sizeof twin);
}

typedef struct conversation {
    uint8_t bob_random[64], otk_random[32], alice_random[64], outbound[64];
    uint8_t reply_random[32], pt[600], rpt[300];
    size_t n, rn;
    cq_olm_account alice, bob;
    cq_olm_session as, bs;
    uint8_t pre[1400], reply[1400];
    size_t pre_len, reply_len;
    char bob_pickle[16384], alice_pickle[16384];
} conversation;

/* Conversation c in cliquet's core, every check against the oracle made. */
static void run_conversation(conversation *c, unsigned conv)
{
    uint8_t want_pre[1400], want_reply[1400], out[1400];
    size_t want_pre_len = 0, want_reply_len = 0, len = 0;
    int type = -1;

    memset(c, 0, sizeof *c);
    fixed(c->bob_random, 64, "bob", conv);
    fixed(c->otk_random, 32, "otk", conv);
    fixed(c->alice_random, 64, "alice", conv);
    fixed(c->outbound, 64, "outbound", conv);
    fixed(c->reply_random, 32, "reply", conv);
    c->n = (size_t)conv * 131; /* 0, 131, 262, 393 bytes */
    c->rn = 1 + (size_t)conv * 37;
    fixed(c->pt, c->n, "plaintext", conv);
    fixed(c->rpt, c->rn, "reply plaintext", conv);

    cq_olm_account_init(&c->bob, c->bob_random);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&c->bob, 1, c->otk_random),
                     CLIQUET_OK);
    cq_olm_account_init(&c->alice, c->alice_random);
    assert_int_equal(cq_olm_session_outbound_v(&c->as, &c->alice, c->bob.curve25519_public,
                                               c->bob.one_time_keys[0].public_key,
                                               c->outbound, 1),
                     CLIQUET_OK);
    assert_int_equal(cq_olm_session_encrypt(&c->as, &type, c->pre, sizeof c->pre,
                                            &c->pre_len, c->pt, c->n, NULL),
                     CLIQUET_OK);
    assert_int_equal(type, CQ_OLM_MESSAGE_PRE_KEY);
    libolm_pickles(c->bob_pickle, c->alice_pickle, &c->bob, &c->as);

    assert_int_equal(cq_olm_session_inbound_v(&c->bs, &c->bob, c->alice.curve25519_public,
                                              c->pre, c->pre_len, out, sizeof out, &len,
                                              NULL, 1),
                     CLIQUET_OK);
    assert_int_equal(len, c->n);
    assert_memory_equal(out, c->pt, c->n);
    assert_int_equal(cq_olm_session_encrypt(&c->bs, &type, c->reply, sizeof c->reply,
                                            &c->reply_len, c->rpt, c->rn, c->reply_random),
                     CLIQUET_OK);
    assert_int_equal(type, CQ_OLM_MESSAGE_NORMAL);
    assert_int_equal(cq_olm_session_decrypt(&c->as, CQ_OLM_MESSAGE_NORMAL, c->reply,
                                            c->reply_len, out, sizeof out, &len, NULL),
                     CLIQUET_OK);
    assert_int_equal(len, c->rn);
    assert_memory_equal(out, c->rpt, c->rn);

    oracle(want_pre, &want_pre_len, want_reply, &want_reply_len, c->bob_random,
           c->otk_random, c->alice_random, c->outbound, c->pt, c->n, c->reply_random,
           c->rpt, c->rn);
    assert_int_equal(c->pre_len, want_pre_len);
    assert_memory_equal(c->pre, want_pre, want_pre_len);
    assert_int_equal(c->reply_len, want_reply_len);
    assert_memory_equal(c->reply, want_reply, want_reply_len);
}

static void field_hex(char *buf, const uint8_t *p, size_t n)
{
    if (n == 0) {
        strcpy(buf, "-");
    } else {
        hex(buf, p, n);
    }
}

static void write_case(const conversation *c, unsigned conv)
{
    static char h[8][2048];
    static char b64[2][2048];

    field_hex(h[0], c->bob_random, 64);
    field_hex(h[1], c->otk_random, 32);
    field_hex(h[2], c->alice_random, 64);
    field_hex(h[3], c->outbound, 64);
    field_hex(h[4], c->pt, c->n);
    field_hex(h[5], c->reply_random, 32);
    field_hex(h[6], c->rpt, c->rn);
    cqt_b64(b64[0], c->pre, c->pre_len);
    cqt_b64(b64[1], c->reply, c->reply_len);
    fprintf(record, "%u %s %s %s %s %s %s %s %s %s %s %s\n", conv, h[0], h[1], h[2], h[3],
            h[4], b64[0], c->bob_pickle, c->alice_pickle, h[5], h[6], b64[1]);
}

static void check_case(cqt_vectors *v, const conversation *c, unsigned conv)
{
    char b64[2048];
    size_t len;

    assert_int_equal(cqt_num(v, "conv"), conv);
    assert_memory_equal(cqt_hex(v, "bob_random", &len), c->bob_random, 64);
    assert_memory_equal(cqt_hex(v, "outbound_random", &len), c->outbound, 64);
    cqt_hex(v, "plaintext", &len);
    assert_int_equal(len, c->n);
    cqt_b64(b64, c->pre, c->pre_len);
    assert_string_equal(cqt_str(v, "pre_key_message"), b64);
    assert_string_equal(cqt_str(v, "bob_pickle"), c->bob_pickle);
    assert_string_equal(cqt_str(v, "alice_pickle"), c->alice_pickle);
    cqt_b64(b64, c->reply, c->reply_len);
    assert_string_equal(cqt_str(v, "reply_message"), b64);
}

static void test_vectors(void **state)
{
    static conversation c;
    cqt_vectors v;
    unsigned conv;

    (void)state;
    if (record != NULL) {
        fprintf(record,
                "# Olm v2 (vodozemac's SessionConfig::version_2()): fixed random bytes ->\n"
                "# Alice's first pre-key message and Bob's reply, both v2. See\n"
                "# vectors/v2/README.md. Made by `build/test/test_olm_v2 --record`; every\n"
                "# message is also rebuilt by the test's own oracle. Pickles: libolm format,\n"
                "# key \"%s\" (ASCII), the version 1 twin of the state.\n"
                "# cases: %d\n# fields: %s\n",
                PICKLE_KEY, CASES, FIELDS);
        for (conv = 0; conv < CASES; conv++) {
            run_conversation(&c, conv);
            write_case(&c, conv);
        }
        return;
    }
    cqt_vectors_open(&v, VECTORS, FIELDS);
    for (conv = 0; cqt_vectors_next(&v); conv++) {
        run_conversation(&c, conv);
        check_case(&v, &c, conv);
    }
    assert_int_equal(conv, CASES);
    printf("olm v2 vectors: %u conversations, each message equal to the oracle's\n", conv);
    cqt_vectors_close(&v);
    cq_wipe(&c, sizeof c);
}

/* ---- the ABI ------------------------------------------------------------------------- */

typedef struct pair {
    cliquet_account *alice, *bob;
    cliquet_session *as, *bs;
    char alice_curve[CLIQUET_KEY_BASE64_SIZE];
} pair;

/* Alice's outbound session of config ca and its first message, read by Bob
 * expecting cb: the status of Bob's inbound call. */
static cliquet_status make_pair(pair *p, cliquet_session_config ca, cliquet_session_config cb)
{
    char ed[CLIQUET_KEY_BASE64_SIZE], bob_curve[CLIQUET_KEY_BASE64_SIZE];
    char otk[CLIQUET_KEY_BASE64_SIZE], id[CLIQUET_KEY_ID_BASE64_SIZE], msg[1024];
    uint8_t pt[64];
    size_t len = 0, evicted = 0, pt_len = 0;
    int type = -1;

    memset(p, 0, sizeof *p);
    assert_int_equal(cliquet_account_new(&p->alice), CLIQUET_OK);
    assert_int_equal(cliquet_account_new(&p->bob), CLIQUET_OK);
    assert_int_equal(cliquet_account_identity_keys(p->alice, p->alice_curve, ed), CLIQUET_OK);
    assert_int_equal(cliquet_account_identity_keys(p->bob, bob_curve, ed), CLIQUET_OK);
    assert_int_equal(cliquet_account_generate_one_time_keys(p->bob, 1, &evicted), CLIQUET_OK);
    assert_int_equal(cliquet_account_one_time_key(p->bob, 0, id, otk), CLIQUET_OK);
    assert_int_equal(cliquet_session_new_outbound_with_config(&p->as, p->alice, ca, bob_curve,
                                                              strlen(bob_curve), otk,
                                                              strlen(otk)),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_encrypt(p->as, &type, msg, sizeof msg, &len,
                                             (const uint8_t *)"hello", 5),
                     CLIQUET_OK);
    return cliquet_session_new_inbound_with_config(&p->bs, p->bob, cb, p->alice_curve,
                                                   strlen(p->alice_curve), msg, len, pt,
                                                   sizeof pt, &pt_len, NULL);
}

static void free_pair(pair *p)
{
    cliquet_session_free(p->as);
    cliquet_session_free(p->bs);
    cliquet_account_free(p->alice);
    cliquet_account_free(p->bob);
}

/* Encrypts text; returns its raw bytes' first byte and length through *raw. */
static size_t send(cliquet_session *s, char *msg, size_t cap, int *type, const char *text)
{
    size_t len = 0;

    assert_int_equal(cliquet_session_encrypt(s, type, msg, cap, &len, (const uint8_t *)text,
                                             strlen(text)),
                     CLIQUET_OK);
    return len;
}

static void receive(cliquet_session *s, int type, const char *msg, size_t len, const char *text)
{
    uint8_t pt[256];
    size_t pt_len = 0;

    assert_int_equal(cliquet_session_decrypt(s, type, msg, len, pt, sizeof pt, &pt_len, NULL),
                     CLIQUET_OK);
    cqt_assert_text((const char *)pt, pt_len, text);
}

/* The raw bytes of a base64 message. */
static size_t raw_of(uint8_t *raw, size_t cap, const char *msg, size_t len)
{
    size_t n = 0;

    assert_int_equal(cq_base64_decode(raw, cap, &n, msg, len), CLIQUET_OK);
    return n;
}

/* The normal message inside msg (itself if normal): its version byte and
 * the number of bytes after its ciphertext field (the MAC). */
static void inspect(const char *msg, size_t len, int type, uint8_t *version, size_t *mac_len,
                    int full_mac)
{
    uint8_t raw[1024];
    size_t n = raw_of(raw, sizeof raw, msg, len);
    const uint8_t *inner = raw;
    cq_olm_pre_key_message p;
    cq_olm_message m;

    if (type == CLIQUET_OLM_MESSAGE_PRE_KEY) {
        assert_int_equal(raw[0], 3); /* the envelope stays version 3 */
        assert_int_equal(cq_olm_pre_key_message_decode(&p, raw, n), CLIQUET_OK);
        inner = p.message;
        n = p.message_len;
    }
    *version = inner[0];
    assert_int_equal(cq_olm_message_decode_v(&m, inner, n, full_mac), CLIQUET_OK);
    *mac_len = m.mac_len;
}

static void test_round_trips(void **state)
{
    pair p;
    char msg[8][1024];
    size_t len[8], mac_len = 0;
    int type[8];
    uint8_t version = 0;
    cliquet_session_config cfg = CLIQUET_SESSION_CONFIG_V1;

    (void)state;
    assert_int_equal(make_pair(&p, CLIQUET_SESSION_CONFIG_V2, CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_get_config(p.as, &cfg), CLIQUET_OK);
    assert_int_equal(cfg, CLIQUET_SESSION_CONFIG_V2);
    assert_int_equal(cliquet_session_get_config(p.bs, &cfg), CLIQUET_OK);
    assert_int_equal(cfg, CLIQUET_SESSION_CONFIG_V2);
    /* More pre-key messages from Alice, then Bob's answers, out of order. */
    for (int i = 0; i < 3; i++) {
        len[i] = send(p.as, msg[i], sizeof msg[i], &type[i], i == 1 ? "one" : "zero or two");
        inspect(msg[i], len[i], type[i], &version, &mac_len, 1);
        assert_int_equal(type[i], CLIQUET_OLM_MESSAGE_PRE_KEY);
        assert_int_equal(version, 4);
        assert_int_equal(mac_len, 32);
    }
    receive(p.bs, type[2], msg[2], len[2], "zero or two");
    receive(p.bs, type[1], msg[1], len[1], "one");
    for (int i = 3; i < 6; i++) {
        len[i] = send(p.bs, msg[i], sizeof msg[i], &type[i], i == 4 ? "four" : "three/five");
        inspect(msg[i], len[i], type[i], &version, &mac_len, 1);
        assert_int_equal(type[i], CLIQUET_OLM_MESSAGE_NORMAL);
        assert_int_equal(version, 4);
        assert_int_equal(mac_len, 32);
    }
    receive(p.as, type[5], msg[5], len[5], "three/five");
    receive(p.as, type[3], msg[3], len[3], "three/five");
    receive(p.as, type[4], msg[4], len[4], "four");
    /* Ping-pong: a new ratchet step each way. */
    for (int i = 0; i < 10; i++) {
        cliquet_session *from = i % 2 ? p.bs : p.as, *to = i % 2 ? p.as : p.bs;

        len[6] = send(from, msg[6], sizeof msg[6], &type[6], "ping");
        assert_int_equal(type[6], CLIQUET_OLM_MESSAGE_NORMAL);
        receive(to, type[6], msg[6], len[6], "ping");
    }
    free_pair(&p);

    /* Version 1 is still what a session speaks unless asked. */
    assert_int_equal(make_pair(&p, CLIQUET_SESSION_CONFIG_V1, CLIQUET_SESSION_CONFIG_V1),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_get_config(p.bs, &cfg), CLIQUET_OK);
    assert_int_equal(cfg, CLIQUET_SESSION_CONFIG_V1);
    len[0] = send(p.bs, msg[0], sizeof msg[0], &type[0], "v1");
    inspect(msg[0], len[0], type[0], &version, &mac_len, 0);
    assert_int_equal(version, 3);
    assert_int_equal(mac_len, 8);
    receive(p.as, type[0], msg[0], len[0], "v1");
    free_pair(&p);
}

/* The raw bytes of a session's core state, to show a refused call changed nothing. */
static void snapshot(cq_olm_session *out, const cliquet_session *s)
{
    memcpy(out, cq_api_session_state(s), sizeof *out);
}

/* msg with raw byte i xor x (of the normal message, or the envelope's). */
static size_t altered(char *out, const char *msg, size_t len, size_t i, uint8_t x)
{
    uint8_t raw[1024];
    size_t n = raw_of(raw, sizeof raw, msg, len);

    raw[i] ^= x;
    cq_base64_encode(out, raw, n);
    return cq_base64_encoded_len(n);
}

static void test_mismatch(void **state)
{
    pair p1, p2;
    static cq_olm_session before, after;
    char msg[1024], bad[1400];
    uint8_t pt[64];
    size_t len, bad_len, pt_len = 0, count_after = 0;
    int type;

    (void)state;
    /* A v1 pre-key message to a caller expecting v2, and the other way:
     * no session, the one-time key kept (vodozemac: MismatchedSessionConfig). */
    assert_int_equal(make_pair(&p1, CLIQUET_SESSION_CONFIG_V1, CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_ERR_BAD_MESSAGE_VERSION);
    assert_null(p1.bs);
    assert_int_equal(cliquet_account_one_time_key_count(p1.bob, &count_after), CLIQUET_OK);
    assert_int_equal(count_after, 1);
    free_pair(&p1);
    assert_int_equal(make_pair(&p1, CLIQUET_SESSION_CONFIG_V2, CLIQUET_SESSION_CONFIG_V1),
                     CLIQUET_ERR_BAD_MESSAGE_VERSION);
    assert_null(p1.bs);
    free_pair(&p1);

    /* Normal messages: a v1 session refuses v4 and a v2 session v3, whole
     * messages of the other config and relabelled ones alike. */
    assert_int_equal(make_pair(&p1, CLIQUET_SESSION_CONFIG_V1, CLIQUET_SESSION_CONFIG_V1),
                     CLIQUET_OK);
    assert_int_equal(make_pair(&p2, CLIQUET_SESSION_CONFIG_V2, CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    for (int which = 0; which < 2; which++) {
        pair *to = which ? &p2 : &p1, *other = which ? &p1 : &p2;

        len = send(other->bs, msg, sizeof msg, &type, "other config");
        snapshot(&before, to->as);
        assert_int_equal(cliquet_session_decrypt(to->as, type, msg, len, pt, sizeof pt,
                                                 &pt_len, NULL),
                         CLIQUET_ERR_BAD_MESSAGE_VERSION);
        len = send(to->bs, msg, sizeof msg, &type, "relabelled");
        bad_len = altered(bad, msg, len, 0, 3 ^ 4); /* 3 <-> 4 */
        assert_int_equal(cliquet_session_decrypt(to->as, type, bad, bad_len, pt, sizeof pt,
                                                 &pt_len, NULL),
                         CLIQUET_ERR_BAD_MESSAGE_VERSION);
        snapshot(&after, to->as);
        assert_memory_equal(&before, &after, sizeof before);
        receive(to->as, type, msg, len, "relabelled");
    }
    free_pair(&p1);
    free_pair(&p2);
    cq_wipe(&before, sizeof before);
    cq_wipe(&after, sizeof after);
}

static void test_full_mac(void **state)
{
    pair p;
    static cq_olm_session before, after;
    char msg[1024], bad[1400];
    uint8_t raw[1024], pt[64];
    size_t len, n, pt_len = 0, refused = 0;
    int type;

    (void)state;
    assert_int_equal(make_pair(&p, CLIQUET_SESSION_CONFIG_V2, CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    len = send(p.bs, msg, sizeof msg, &type, "every MAC byte counts");
    n = raw_of(raw, sizeof raw, msg, len);
    snapshot(&before, p.as);
    /* Each of the 32 MAC bytes, the 24 a truncated MAC drops above all. */
    for (size_t i = n - 32; i < n; i++) {
        size_t bad_len = altered(bad, msg, len, i, 0x01);

        assert_int_equal(cliquet_session_decrypt(p.as, type, bad, bad_len, pt, sizeof pt,
                                                 &pt_len, NULL),
                         CLIQUET_ERR_BAD_MESSAGE_MAC);
        refused++;
    }
    /* Cut to an 8-byte MAC: no longer a v2 message. */
    cq_base64_encode(bad, raw, n - 24);
    assert_int_not_equal(cliquet_session_decrypt(p.as, type, bad, cq_base64_encoded_len(n - 24),
                                                 pt, sizeof pt, &pt_len, NULL),
                         CLIQUET_OK);
    snapshot(&after, p.as);
    assert_memory_equal(&before, &after, sizeof before);
    receive(p.as, type, msg, len, "every MAC byte counts");
    assert_int_equal(refused, 32);
    free_pair(&p);
}

static void test_pickles(void **state)
{
    static const uint8_t key[32] = { 7 };
    pair p;
    cliquet_session *back = NULL;
    cliquet_session_config cfg = CLIQUET_SESSION_CONFIG_V1;
    static char pickle[16384];
    char msg[1024];
    size_t len = 0, mlen;
    int type;

    (void)state;
    assert_int_equal(make_pair(&p, CLIQUET_SESSION_CONFIG_V2, CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    /* Native: the config survives, and the session goes on talking. */
    assert_int_equal(cliquet_session_pickle(p.bs, pickle, sizeof pickle, &len, key, 32),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_unpickle(&back, key, 32, pickle, len), CLIQUET_OK);
    assert_int_equal(cliquet_session_get_config(back, &cfg), CLIQUET_OK);
    assert_int_equal(cfg, CLIQUET_SESSION_CONFIG_V2);
    assert_memory_equal(cq_api_session_state(back), cq_api_session_state(p.bs),
                        sizeof(cq_olm_session));
    mlen = send(back, msg, sizeof msg, &type, "after a pickle");
    receive(p.as, type, msg, mlen, "after a pickle");
    cliquet_session_free(back);
    /* libolm's format has no room for the config: refused, nothing written. */
    memset(pickle, 'x', 16);
    assert_int_equal(cliquet_session_pickle_libolm(p.as, pickle, sizeof pickle, &len, key, 32),
                     CLIQUET_ERR_PICKLE_LOSSY);
    assert_int_equal(pickle[0], 'x');
    free_pair(&p);

    /* A version 1 session: the native pickle reads back as version 1 and
     * libolm's format still takes it. */
    assert_int_equal(make_pair(&p, CLIQUET_SESSION_CONFIG_V1, CLIQUET_SESSION_CONFIG_V1),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_pickle(p.as, pickle, sizeof pickle, &len, key, 32),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_unpickle(&back, key, 32, pickle, len), CLIQUET_OK);
    assert_int_equal(cliquet_session_get_config(back, &cfg), CLIQUET_OK);
    assert_int_equal(cfg, CLIQUET_SESSION_CONFIG_V1);
    cliquet_session_free(back);
    assert_int_equal(cliquet_session_pickle_libolm(p.as, pickle, sizeof pickle, &len, key, 32),
                     CLIQUET_OK);
    free_pair(&p);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_mismatch),
        cmocka_unit_test(test_full_mac),
        cmocka_unit_test(test_pickles),
    };
    int rc;

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--record") == 0) {
        record = fopen(argv[2], "w");
        if (record == NULL) {
            return 1;
        }
        test_vectors(NULL);
        return fclose(record) == 0 ? 0 : 1;
    }
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    return rc;
}
