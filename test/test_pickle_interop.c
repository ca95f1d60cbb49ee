/*
 * Cross-pickling with Debian's libolm, live: an object pickled by libolm
 * and unpickled by cliquet carries on with its libolm peer, and the
 * reverse; and after the same steps with the same random bytes both
 * libraries write the same libolm pickle.
 *
 *   Olm: libolm's Bob, holding skipped message keys and two receiver
 *   chains, moves to cliquet, decrypts the late messages and talks on with
 *   libolm's Alice; then moves back to libolm and talks on again. His
 *   account moves too: it signs as libolm does, makes the same one-time
 *   keys with the same ids, and accepts a new peer's pre-key message.
 *   Megolm: libolm's outbound session moves to cliquet and back; its
 *   messages are libolm's byte for byte and libolm's inbound session reads
 *   them; libolm's inbound session moves to cliquet and decrypts.
 *   PK: libolm's backup key moves to cliquet and back and decrypts.
 *
 * Randomness: a seeded stream (printed; CLIQUET_SEED replays it).
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
#include <olm/inbound_group_session.h>
#include <olm/olm.h>
#include <olm/outbound_group_session.h>
#include <olm/pk.h>
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "helpers/seed.h"
#include "helpers/util.h"

/* The run's seed (helpers/seed.h), named in failure messages. */
static uint64_t seed;

#define CAP 16384
#define KEY ((const uint8_t *)"interop pickle key")
#define KEY_LEN 18

static void l_check(size_t r, const char *what, const char *err)
{
    if (r == olm_error()) {
        fail_msg("libolm %s: %s (seed %llu)", what, err, (unsigned long long)seed);
    }
}

/* ---- Olm ---------------------------------------------------------------------- */

typedef struct message {
    size_t type;
    size_t len;
    char body[2048];
} message;

static OlmAccount *l_account(void)
{
    OlmAccount *a = olm_account(cqt_xmalloc(olm_account_size()));
    uint8_t random[64];

    cqt_stream(random, sizeof random);
    l_check(olm_create_account(a, random, sizeof random), "create_account",
            olm_account_last_error(a));
    return a;
}

static void l_curve(OlmAccount *a, char out[44])
{
    char json[256];

    l_check(olm_account_identity_keys(a, json, sizeof json), "identity_keys",
            olm_account_last_error(a));
    memcpy(out, json + 15, 43); /* {"curve25519":"<43>",... */
    out[43] = '\0';
}

/* Makes n one-time keys with these random bytes in libolm. */
static void l_otks(OlmAccount *a, size_t n, const uint8_t *random)
{
    uint8_t *copy = cqt_xmalloc(32 * n);

    memcpy(copy, random, 32 * n);
    l_check(olm_account_generate_one_time_keys(a, n, copy, 32 * n), "generate_otks",
            olm_account_last_error(a));
    free(copy);
}

static void l_encrypt(OlmSession *s, message *m, const char *text)
{
    uint8_t random[32];
    size_t rl = olm_encrypt_random_length(s);

    cqt_stream(random, sizeof random);
    m->type = olm_encrypt_message_type(s);
    m->len = olm_encrypt_message_length(s, strlen(text));
    assert_true(m->len < sizeof m->body);
    l_check(olm_encrypt(s, text, strlen(text), random, rl, m->body, m->len), "encrypt",
            olm_session_last_error(s));
}

static void l_decrypt(OlmSession *s, const message *m, const char *want)
{
    char copy[2048], pt[512];
    size_t n;

    memcpy(copy, m->body, m->len);
    n = olm_decrypt(s, m->type, copy, m->len, pt, sizeof pt);
    l_check(n, "decrypt", olm_session_last_error(s));
    assert_int_equal(n, strlen(want));
    assert_memory_equal(pt, want, n);
}

static void c_encrypt(cliquet_session *s, message *m, const char *text)
{
    int type = -1;

    assert_int_equal(cliquet_session_encrypt(s, &type, m->body, sizeof m->body, &m->len,
                                             (const uint8_t *)text, strlen(text)),
                     CLIQUET_OK);
    m->type = (size_t)type;
}

static void c_decrypt(cliquet_session *s, const message *m, const char *want,
                      const char *sender)
{
    uint8_t pt[512];
    size_t n = 0;
    cliquet_olm_decrypt_info info;

    assert_int_equal(cliquet_session_decrypt(s, (int)m->type, m->body, m->len, pt, sizeof pt,
                                             &n, &info),
                     CLIQUET_OK);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(pt, want, n);
    assert_memory_equal(info.sender_key, sender, (CLIQUET_KEY_BASE64_SIZE - 1));
    assert_int_equal(info.sender_key[CLIQUET_KEY_BASE64_SIZE - 1], '\0');
}

static char *l_pickle_session(OlmSession *s, size_t *n)
{
    char *p;

    *n = olm_pickle_session_length(s);
    p = cqt_xmalloc(*n);
    l_check(olm_pickle_session(s, KEY, KEY_LEN, p, *n), "pickle_session",
            olm_session_last_error(s));
    return p;
}

static char *l_pickle_account(OlmAccount *a, size_t *n)
{
    char *p;

    *n = olm_pickle_account_length(a);
    p = cqt_xmalloc(*n);
    l_check(olm_pickle_account(a, KEY, KEY_LEN, p, *n), "pickle_account",
            olm_account_last_error(a));
    return p;
}

static void test_olm_session_moves(void **state)
{
    OlmAccount *la = l_account(), *lb = l_account();
    OlmSession *as = olm_session(cqt_xmalloc(olm_session_size()));
    OlmSession *bs = olm_session(cqt_xmalloc(olm_session_size()));
    OlmSession *bs2 = olm_session(cqt_xmalloc(olm_session_size()));
    char alice_curve[44], bob_curve[44], json[256], otk[44], copy[2048];
    char *text = cqt_xmalloc(CAP), *lp;
    uint8_t random[64];
    message m[8], r[3];
    size_t n, len = 0;
    cliquet_session *cb = NULL, *cb2 = NULL;
    uint8_t native_key[32];

    (void)state;
    l_curve(la, alice_curve);
    l_curve(lb, bob_curve);
    cqt_stream(random, 32);
    l_otks(lb, 1, random);
    olm_account_one_time_keys(lb, json, sizeof json);
    memcpy(otk, json + 25, 43);
    cqt_stream(random, 64);
    l_check(olm_create_outbound_session(as, la, bob_curve, 43, otk, 43, random, 64),
            "outbound", olm_session_last_error(as));

    /* libolm to libolm: Bob reads m0, replies; Alice's m3..m5 make a new
     * chain, of which Bob reads m5 only: m1, m2, m3, m4 are late. */
    l_encrypt(as, &m[0], "m0");
    l_encrypt(as, &m[1], "m1");
    l_encrypt(as, &m[2], "m2");
    memcpy(copy, m[0].body, m[0].len);
    l_check(olm_create_inbound_session_from(bs, lb, alice_curve, 43, copy, m[0].len),
            "inbound", olm_session_last_error(bs));
    l_decrypt(bs, &m[0], "m0");
    l_encrypt(bs, &r[0], "r0");
    l_decrypt(as, &r[0], "r0");
    l_encrypt(as, &m[3], "m3");
    l_encrypt(as, &m[4], "m4");
    l_encrypt(as, &m[5], "m5");
    l_decrypt(bs, &m[5], "m5");

    /* Bob moves to cliquet: the late messages decrypt, the talk goes on. */
    lp = l_pickle_session(bs, &n);
    assert_int_equal(cliquet_session_unpickle_libolm(&cb, KEY, KEY_LEN, lp, n, alice_curve,
                                                     43),
                     CLIQUET_OK);
    free(lp);
    c_decrypt(cb, &m[4], "m4", alice_curve);
    c_decrypt(cb, &m[1], "m1", alice_curve);
    c_decrypt(cb, &m[3], "m3", alice_curve);
    c_decrypt(cb, &m[2], "m2", alice_curve);
    c_encrypt(cb, &r[1], "r1");
    l_decrypt(as, &r[1], "r1");
    l_encrypt(as, &m[6], "m6");
    c_decrypt(cb, &m[6], "m6", alice_curve);

    /* Through cliquet's native format and on. */
    cqt_stream(native_key, sizeof native_key);
    assert_int_equal(cliquet_session_pickle(cb, text, CAP, &len, native_key, CLIQUET_PICKLE_KEY_BYTES), CLIQUET_OK);
    assert_int_equal(cliquet_session_unpickle(&cb2, native_key, CLIQUET_PICKLE_KEY_BYTES, text, len), CLIQUET_OK);
    cliquet_session_free(cb);

    /* Back to libolm: Bob talks on from there. */
    assert_int_equal(cliquet_session_pickle_libolm(cb2, text, CAP, &len, KEY, KEY_LEN),
                     CLIQUET_OK);
    l_check(olm_unpickle_session(bs2, KEY, KEY_LEN, text, len), "unpickle",
            olm_session_last_error(bs2));
    l_encrypt(as, &m[7], "m7");
    l_decrypt(bs2, &m[7], "m7");
    l_encrypt(bs2, &r[2], "r2");
    l_decrypt(as, &r[2], "r2");

    /* And Alice's side, the outbound one, to cliquet: her message to Bob
     * is what libolm's Alice would send, byte for byte. */
    lp = l_pickle_session(as, &n);
    assert_int_equal(cliquet_session_unpickle_libolm(&cb, KEY, KEY_LEN, lp, n, bob_curve, 43),
                     CLIQUET_OK);
    free(lp);
    {
        static const char same[] = "same state, same bytes";
        int needed = -1, type = -1;
        size_t rl = olm_encrypt_random_length(as);

        assert_int_equal(cliquet_session_encrypt_needs_random(cb, &needed), CLIQUET_OK);
        assert_int_equal((size_t)needed * 32, rl);
        cqt_stream(random, 32);
        assert_int_equal(cliquet_session_encrypt_with_random(
                             cb, &type, m[0].body, sizeof m[0].body, &m[0].len,
                             (const uint8_t *)same, sizeof same - 1, random, rl),
                         CLIQUET_OK);
        m[0].type = (size_t)type;
        m[1].type = olm_encrypt_message_type(as);
        m[1].len = olm_encrypt_message_length(as, sizeof same - 1);
        l_check(olm_encrypt(as, same, sizeof same - 1, random, rl, m[1].body, m[1].len),
                "encrypt", olm_session_last_error(as));
    }
    assert_int_equal(m[0].len, m[1].len);
    assert_memory_equal(m[0].body, m[1].body, m[0].len);
    l_decrypt(bs2, &m[0], "same state, same bytes");
    cliquet_session_free(cb);
    cliquet_session_free(cb2);

    olm_clear_session(as);
    olm_clear_session(bs);
    olm_clear_session(bs2);
    olm_clear_account(la);
    olm_clear_account(lb);
    free(as);
    free(bs);
    free(bs2);
    free(la);
    free(lb);
    free(text);
}

static void test_olm_account_moves(void **state)
{
    OlmAccount *lb = l_account(), *lc = l_account(), *lb2;
    OlmSession *cs = olm_session(cqt_xmalloc(olm_session_size()));
    cliquet_account *cb = NULL;
    cliquet_session *in = NULL;
    char *lp, *text = cqt_xmalloc(CAP), *json = cqt_xmalloc(CAP), *cjson = cqt_xmalloc(CAP);
    char sig[128], csig[CLIQUET_SIGNATURE_BASE64_SIZE], bob_curve[44], carol_curve[44];
    char otk[44], id[CLIQUET_KEY_ID_BASE64_SIZE], ckey[CLIQUET_KEY_BASE64_SIZE];
    uint8_t random[32 * 7], pt[64], fb[32];
    size_t n, len = 0, jl, i;
    message m;

    (void)state;
    cqt_stream(random, 32 * 4);
    l_otks(lb, 4, random);
    olm_account_mark_keys_as_published(lb);
    cqt_stream(fb, sizeof fb);
    l_check(olm_account_generate_fallback_key(lb, fb, sizeof fb), "fallback",
            olm_account_last_error(lb));
    l_curve(lb, bob_curve);
    l_curve(lc, carol_curve);

    lp = l_pickle_account(lb, &n);
    assert_int_equal(cliquet_account_unpickle_libolm(&cb, KEY, KEY_LEN, lp, n), CLIQUET_OK);
    free(lp);

    /* Signatures from libolm's expanded key are libolm's. */
    n = olm_account_sign(lb, "device keys", 11, sig, sizeof sig);
    assert_int_equal(cliquet_account_sign(cb, csig, (const uint8_t *)"device keys", 11),
                     CLIQUET_OK);
    assert_memory_equal(csig, sig, CLIQUET_SIGNATURE_BASE64_SIZE - 1);
    assert_int_equal(csig[CLIQUET_SIGNATURE_BASE64_SIZE - 1], '\0');

    /* The same new keys with the same ids (ids go on from libolm's last). */
    cqt_stream(random, sizeof random);
    l_otks(lb, 7, random);
    for (i = 0; i < 7; i++) {
        assert_int_equal(cliquet_account_generate_one_time_keys_with_random(
                             cb, 1, NULL, random + 32 * i, 32),
                         CLIQUET_OK);
    }
    jl = olm_account_one_time_keys(lb, json, CAP);
    assert_int_equal(cliquet_account_one_time_keys_json(cb, cjson, CAP, &len), CLIQUET_OK);
    assert_int_equal(len, jl);
    assert_memory_equal(cjson, json, len);
    /* ... and the same pickle. */
    lp = l_pickle_account(lb, &n);
    assert_int_equal(cliquet_account_pickle_libolm(cb, text, CAP, &len, KEY, KEY_LEN),
                     CLIQUET_OK);
    assert_int_equal(len, n);
    assert_memory_equal(text, lp, n);
    free(lp);

    /* Carol (libolm) opens a session to a key cliquet made. */
    assert_int_equal(cliquet_account_one_time_key(cb, 0, id, ckey), CLIQUET_OK);
    memcpy(otk, ckey, 43);
    cqt_stream(random, 64);
    l_check(olm_create_outbound_session(cs, lc, bob_curve, 43, otk, 43, random, 64),
            "outbound", olm_session_last_error(cs));
    l_encrypt(cs, &m, "hello Bob");
    assert_int_equal(cliquet_session_new_inbound(&in, cb, carol_curve, 43, m.body, m.len, pt,
                                                 sizeof pt, &n, NULL),
                     CLIQUET_OK);
    assert_int_equal(n, 9);
    assert_memory_equal(pt, "hello Bob", 9);

    /* Back to libolm, which signs as before and knows the key is used. */
    assert_int_equal(cliquet_account_pickle_libolm(cb, text, CAP, &len, KEY, KEY_LEN),
                     CLIQUET_OK);
    lb2 = olm_account(cqt_xmalloc(olm_account_size()));
    l_check(olm_unpickle_account(lb2, KEY, KEY_LEN, text, len), "unpickle_account",
            olm_account_last_error(lb2));
    n = olm_account_sign(lb2, "device keys", 11, sig, sizeof sig);
    assert_memory_equal(csig, sig, CLIQUET_SIGNATURE_BASE64_SIZE - 1);
    /* The one-time key Carol used is gone from libolm's list too. */
    jl = olm_account_one_time_keys(lb2, json, CAP - 1);
    l_check(jl, "one_time_keys", olm_account_last_error(lb2));
    json[jl] = '\0';
    otk[43] = '\0';
    assert_null(strstr(json, otk));

    cliquet_session_free(in);
    cliquet_account_free(cb);
    olm_clear_session(cs);
    olm_clear_account(lb);
    olm_clear_account(lb2);
    olm_clear_account(lc);
    free(cs);
    free(lb);
    free(lb2);
    free(lc);
    free(text);
    free(json);
    free(cjson);
}

/* ---- Megolm ------------------------------------------------------------------ */

static size_t l_group_encrypt(OlmOutboundGroupSession *o, const char *text, char *out)
{
    size_t n = olm_group_encrypt_message_length(o, strlen(text));

    l_check(olm_group_encrypt(o, (const uint8_t *)text, strlen(text), (uint8_t *)out, n),
            "group_encrypt", olm_outbound_group_session_last_error(o));
    return n;
}

static void l_group_decrypt(OlmInboundGroupSession *s, const char *msg, size_t n,
                            const char *want)
{
    uint8_t *copy = cqt_xmalloc(n), pt[256];
    uint32_t index;
    size_t len;

    memcpy(copy, msg, n);
    len = olm_group_decrypt(s, copy, n, pt, sizeof pt, &index);
    l_check(len, "group_decrypt", olm_inbound_group_session_last_error(s));
    assert_int_equal(len, strlen(want));
    assert_memory_equal(pt, want, len);
    free(copy);
}

static void test_megolm_moves(void **state)
{
    OlmOutboundGroupSession *lo =
        olm_outbound_group_session(cqt_xmalloc(olm_outbound_group_session_size()));
    OlmOutboundGroupSession *lo2 =
        olm_outbound_group_session(cqt_xmalloc(olm_outbound_group_session_size()));
    OlmInboundGroupSession *li =
        olm_inbound_group_session(cqt_xmalloc(olm_inbound_group_session_size()));
    cliquet_outbound_group_session *co = NULL;
    cliquet_inbound_group_session *ci = NULL;
    uint8_t random[160], key[512], pt[256];
    char *lp = cqt_xmalloc(CAP), *text = cqt_xmalloc(CAP), msg[1024], cmsg[1024];
    size_t n, len = 0, mlen, clen = 0, ptl = 0;
    cliquet_megolm_decrypt_info info;
    int k;

    (void)state;
    cqt_stream(random, sizeof random);
    l_check(olm_init_outbound_group_session(lo, random, sizeof random), "init_outbound",
            olm_outbound_group_session_last_error(lo));
    n = olm_outbound_group_session_key(lo, key, sizeof key);
    l_check(olm_init_inbound_group_session(li, key, n), "init_inbound",
            olm_inbound_group_session_last_error(li));
    for (k = 0; k < 3; k++) {
        mlen = l_group_encrypt(lo, "before the move", msg);
        l_group_decrypt(li, msg, mlen, "before the move");
    }

    /* libolm's outbound session to cliquet: the same message bytes. */
    n = olm_pickle_outbound_group_session_length(lo);
    l_check(olm_pickle_outbound_group_session(lo, KEY, KEY_LEN, lp, n), "pickle_outbound",
            olm_outbound_group_session_last_error(lo));
    assert_int_equal(cliquet_outbound_group_session_unpickle_libolm(&co, KEY, KEY_LEN, lp, n),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_encrypt(co, cmsg, sizeof cmsg, &clen,
                                                            (const uint8_t *)"after", 5),
                     CLIQUET_OK);
    mlen = l_group_encrypt(lo, "after", msg);
    assert_int_equal(clen, mlen);
    assert_memory_equal(cmsg, msg, mlen);
    l_group_decrypt(li, cmsg, clen, "after");

    /* libolm's inbound session to cliquet: it decrypts, verified, as read. */
    n = olm_pickle_inbound_group_session_length(li);
    l_check(olm_pickle_inbound_group_session(li, KEY, KEY_LEN, lp, n), "pickle_inbound",
            olm_inbound_group_session_last_error(li));
    assert_int_equal(cliquet_inbound_group_session_unpickle_libolm(&ci, KEY, KEY_LEN, lp, n),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_encrypt(co, cmsg, sizeof cmsg, &clen,
                                                            (const uint8_t *)"cliquet", 7),
                     CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_decrypt(ci, cmsg, clen, pt, sizeof pt, &ptl,
                                                           &info),
                     CLIQUET_OK);
    assert_int_equal(info.message_index, 4);
    assert_int_equal(info.verified, 1);
    assert_int_equal(info.imported, 0);

    /* cliquet's outbound session back to libolm: it goes on from there. */
    assert_int_equal(cliquet_outbound_group_session_pickle_libolm(co, text, CAP, &len, KEY,
                                                                  KEY_LEN),
                     CLIQUET_OK);
    l_check(olm_unpickle_outbound_group_session(lo2, KEY, KEY_LEN, text, len),
            "unpickle_outbound", olm_outbound_group_session_last_error(lo2));
    assert_int_equal(olm_outbound_group_session_message_index(lo2), 5);
    mlen = l_group_encrypt(lo2, "libolm again", msg);
    l_group_decrypt(li, msg, mlen, "libolm again");
    assert_int_equal(cliquet_inbound_group_session_decrypt(ci, msg, mlen, pt, sizeof pt, &ptl,
                                                           &info),
                     CLIQUET_OK);
    assert_int_equal(ptl, 12);

    cliquet_outbound_group_session_free(co);
    cliquet_inbound_group_session_free(ci);
    olm_clear_outbound_group_session(lo);
    olm_clear_outbound_group_session(lo2);
    olm_clear_inbound_group_session(li);
    free(lo);
    free(lo2);
    free(li);
    free(lp);
    free(text);
}

/* ---- PK -------------------------------------------------------------------------- */

static void test_pk_moves(void **state)
{
    OlmPkDecryption *ld = olm_pk_decryption(cqt_xmalloc(olm_pk_decryption_size()));
    OlmPkDecryption *ld2 = olm_pk_decryption(cqt_xmalloc(olm_pk_decryption_size()));
    OlmPkEncryption *le = olm_pk_encryption(cqt_xmalloc(olm_pk_encryption_size()));
    cliquet_pk_decryption *cd = NULL;
    cliquet_pk_encryption *ce = NULL;
    uint8_t priv[32], random[32], pt[64];
    char pub[64], *lp = cqt_xmalloc(CAP), *text = cqt_xmalloc(CAP), ct[256], mac[64], eph[64];
    size_t n, len = 0, ctl, ptl = 0;

    (void)state;
    cqt_stream(priv, sizeof priv);
    l_check(olm_pk_key_from_private(ld, pub, sizeof pub, priv, sizeof priv), "pk_key",
            olm_pk_decryption_last_error(ld));
    n = olm_pickle_pk_decryption_length(ld);
    l_check(olm_pickle_pk_decryption(ld, KEY, KEY_LEN, lp, n), "pickle_pk",
            olm_pk_decryption_last_error(ld));
    assert_int_equal(cliquet_pk_decryption_unpickle_libolm(&cd, KEY, KEY_LEN, lp, n),
                     CLIQUET_OK);

    l_check(olm_pk_encryption_set_recipient_key(le, pub, 43), "recipient",
            olm_pk_encryption_last_error(le));
    cqt_stream(random, sizeof random);
    ctl = olm_pk_ciphertext_length(le, 6);
    l_check(olm_pk_encrypt(le, "backup", 6, ct, ctl, mac, olm_pk_mac_length(le), eph, 43,
                           random, sizeof random),
            "pk_encrypt", olm_pk_encryption_last_error(le));
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(cd, pt, sizeof pt, &ptl, eph, 43, mac,
                                                      11, ct, ctl),
                     CLIQUET_OK);
    assert_int_equal(ptl, 6);
    assert_memory_equal(pt, "backup", 6);

    assert_int_equal(cliquet_pk_decryption_pickle_libolm(cd, text, CAP, &len, KEY, KEY_LEN),
                     CLIQUET_OK);
    assert_int_equal(len, n);
    assert_memory_equal(text, lp, n);
    /* Back to libolm, which decrypts a backup cliquet made. */
    l_check(olm_unpickle_pk_decryption(ld2, KEY, KEY_LEN, text, len, pub, sizeof pub),
            "unpickle_pk", olm_pk_decryption_last_error(ld2));
    assert_int_equal(cliquet_pk_encryption_new(&ce, pub, 43), CLIQUET_OK);
    assert_int_equal(cliquet_pk_encrypt_legacy_backup(ce, ct, sizeof ct, &ctl, mac, eph,
                                                      (const uint8_t *)"restore", 7),
                     CLIQUET_OK);
    n = olm_pk_decrypt(ld2, eph, 43, mac, 11, ct, ctl, pt, sizeof pt);
    l_check(n, "pk_decrypt", olm_pk_decryption_last_error(ld2));
    assert_int_equal(n, 7);
    assert_memory_equal(pt, "restore", 7);
    cliquet_pk_encryption_free(ce);
    cliquet_pk_decryption_free(cd);
    olm_clear_pk_decryption(ld);
    olm_clear_pk_decryption(ld2);
    olm_clear_pk_encryption(le);
    free(ld);
    free(ld2);
    free(le);
    free(lp);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_olm_session_moves),
        cmocka_unit_test(test_olm_account_moves),
        cmocka_unit_test(test_megolm_moves),
        cmocka_unit_test(test_pk_moves),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    seed = cqt_seed_init("test_pickle_interop");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
