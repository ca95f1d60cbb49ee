/*
 * The public Olm API (include/cliquet.h @section olm).
 *
 * libsodium's random source is replaced by a recording deterministic one
 * before cliquet_init(), so every random byte the API draws can be handed
 * to libolm too: accounts, keys, JSON, signatures, sessions and messages
 * made through the API are byte-identical to libolm's. Then the API's own
 * contract: sizes, argument checks, output-too-small answers that change
 * nothing, one-time key consumption, fallback keys, routing of retries.
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
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"

/* ---- a recording deterministic random source ------------------------------- */

static uint64_t draws;
static uint8_t last_draw[4096];
static size_t last_len;

static void det_buf(void *const buf, const size_t size)
{
    uint8_t key[randombytes_SEEDBYTES] = { 'o', 'l', 'm' };

    memcpy(key + 8, &draws, sizeof draws);
    draws++;
    randombytes_buf_deterministic(buf, size, key);
    if (size <= sizeof last_draw) {
        memcpy(last_draw, buf, size);
        last_len = size;
    }
}

static uint32_t det_random(void)
{
    uint32_t x;

    det_buf(&x, sizeof x);
    return x;
}

static const char *det_name(void)
{
    return "cliquet test_api_olm deterministic";
}

static struct randombytes_implementation det_impl = {
    .implementation_name = det_name,
    .random = det_random,
    .buf = det_buf,
};

/* ---- helpers ------------------------------------------------------------------- */

/* A key's text length, and the array that holds it with its NUL. */
#define K (CLIQUET_KEY_BASE64_SIZE - 1)
#define KS CLIQUET_KEY_BASE64_SIZE

static OlmAccount *l_account(void)
{
    OlmAccount *a = olm_account(calloc(1, olm_account_size()));

    assert_non_null(a);
    return a;
}

static OlmSession *l_session(void)
{
    OlmSession *s = olm_session(calloc(1, olm_session_size()));

    assert_non_null(s);
    return s;
}

/* The bytes the last API call drew (libolm wipes what it is given). */
static uint8_t *replay(uint8_t *copy, size_t want)
{
    assert_int_equal(last_len, want);
    memcpy(copy, last_draw, want);
    return copy;
}

static void check_ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("%s", cliquet_strerror(st));
    }
}

/* ---- sizes --------------------------------------------------------------------- */

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(cliquet_key_id_base64_size(), CLIQUET_KEY_ID_BASE64_SIZE);
    assert_int_equal(cliquet_key_base64_size(), CLIQUET_KEY_BASE64_SIZE);
    assert_int_equal(cliquet_signature_base64_size(), CLIQUET_SIGNATURE_BASE64_SIZE);
    /* The text rule: sizes count the NUL. */
    assert_int_equal(CLIQUET_KEY_ID_BASE64_SIZE, sizeof "AAAAAQ");
    assert_int_equal(CLIQUET_KEY_BASE64_SIZE, 43 + 1);
    assert_int_equal(CLIQUET_SIGNATURE_BASE64_SIZE, 86 + 1);
    assert_int_equal(CLIQUET_OLM_MESSAGE_PRE_KEY, OLM_MESSAGE_TYPE_PRE_KEY);
    assert_int_equal(CLIQUET_OLM_MESSAGE_NORMAL, OLM_MESSAGE_TYPE_MESSAGE);
}

/* ---- byte identity through the API --------------------------------------------- */

static void test_api_byte_identity(void **state)
{
    cliquet_account *ca, *cb;
    cliquet_session *cs;
    OlmAccount *la = l_account(), *lb = l_account();
    OlmSession *ls = l_session(), *lr = l_session();
    uint8_t copy[4096];
    char ours[8192], theirs[8192];
    char curve[KS], ed[KS], key_id[CLIQUET_KEY_ID_BASE64_SIZE], key[KS], bob_key[KS];
    char sig[CLIQUET_SIGNATURE_BASE64_SIZE];
    uint8_t pt[256];
    size_t n, m, pt_len;
    int type, has, i;
    static const char text[] = "{\"device_id\":\"ABCDEFG\"}";

    (void)state;
    check_ok(cliquet_account_new(&ca));
    assert_int_not_equal(olm_create_account(la, replay(copy, 64), 64), olm_error());
    check_ok(cliquet_account_new(&cb));
    assert_int_not_equal(olm_create_account(lb, replay(copy, 64), 64), olm_error());

    check_ok(cliquet_account_identity_keys(ca, curve, ed));
    n = olm_account_identity_keys(la, theirs, sizeof theirs);
    /* Text outputs are C strings (the text rule). */
    snprintf(ours, sizeof ours, "{\"curve25519\":\"%s\",\"ed25519\":\"%s\"}",
             curve, ed);
    assert_int_equal(n, strlen(ours));
    assert_memory_equal(ours, theirs, n);

    check_ok(cliquet_account_sign(ca, sig, (const uint8_t *)text, strlen(text)));
    n = olm_account_sign(la, text, strlen(text), theirs, sizeof theirs);
    assert_int_equal(n, (CLIQUET_SIGNATURE_BASE64_SIZE - 1));
    assert_memory_equal(sig, theirs, n);

    /* One-time keys and their JSON, before and after publishing. */
    check_ok(cliquet_account_generate_one_time_keys(cb, 5, NULL));
    assert_int_not_equal(olm_account_generate_one_time_keys(lb, 5, replay(copy, 160),
                                                            160),
                         olm_error());
    check_ok(cliquet_account_one_time_keys_json(cb, ours, sizeof ours, &m));
    n = olm_account_one_time_keys(lb, theirs, sizeof theirs);
    assert_int_equal(m, n);
    assert_memory_equal(ours, theirs, n);
    /* Key-id order: index 0 is the oldest, id 1; index 4 the newest. */
    check_ok(cliquet_account_one_time_key(cb, 4, key_id, key));
    assert_string_equal(key_id, "AAAABQ");
    check_ok(cliquet_account_one_time_key(cb, 0, key_id, bob_key));
    assert_string_equal(key_id, "AAAAAQ");
    assert_int_equal(strlen(bob_key), K);
    check_ok(cliquet_account_mark_keys_as_published(cb));
    assert_int_not_equal(olm_account_mark_keys_as_published(lb), olm_error());
    check_ok(cliquet_account_one_time_keys_json(cb, ours, sizeof ours, &m));
    n = olm_account_one_time_keys(lb, theirs, sizeof theirs);
    assert_int_equal(m, n);
    assert_memory_equal(ours, theirs, n);

    /* Fallback key. */
    check_ok(cliquet_account_generate_fallback_key(cb));
    assert_int_not_equal(olm_account_generate_fallback_key(lb, replay(copy, 32), 32),
                         olm_error());
    check_ok(cliquet_account_fallback_key(cb, &has, key_id, key));
    assert_int_equal(has, 1);
    n = olm_account_unpublished_fallback_key(lb, theirs, sizeof theirs);
    snprintf(ours, sizeof ours, "{\"curve25519\":{\"%s\":\"%s\"}}", key_id, key);
    assert_int_equal(n, strlen(ours));
    assert_memory_equal(ours, theirs, n);

    /* A session to Bob's oldest one-time key and ten messages. */
    check_ok(cliquet_account_identity_keys(cb, curve, ed));
    check_ok(cliquet_session_new_outbound(&cs, ca, curve, K, bob_key, K));
    assert_int_not_equal(olm_create_outbound_session(ls, la, curve, K, bob_key, K,
                                                     replay(copy, 64), 64),
                         olm_error());
    check_ok(cliquet_session_id(cs, key));
    n = olm_session_id(ls, theirs, sizeof theirs);
    assert_int_equal(n, K);
    assert_memory_equal(key, theirs, K);
    for (i = 0; i < 10; i++) {
        size_t need = olm_encrypt_random_length(ls);

        /* The API draws random bytes exactly when libolm asks for them. */
        last_len = 0;
        check_ok(cliquet_session_encrypt_size(cs, strlen(text), &m));
        check_ok(cliquet_session_encrypt(cs, &type, ours, sizeof ours, &m,
                                         (const uint8_t *)text, strlen(text)));
        assert_int_equal(last_len, need);
        assert_int_equal((size_t)type, olm_encrypt_message_type(ls));
        n = olm_encrypt(ls, text, strlen(text), replay(copy, need), need, theirs,
                        sizeof theirs);
        assert_int_equal(m, n);
        assert_memory_equal(ours, theirs, n);
    }
    /* Bob (libolm) reads the last one and answers; Alice (cliquet) reads
     * the answer and now sends normal messages identical to libolm's. */
    memcpy(copy, theirs, n);
    assert_int_not_equal(olm_create_inbound_session(lr, lb, copy, n), olm_error());
    memcpy(copy, theirs, n);
    assert_int_not_equal(olm_decrypt(lr, 0, copy, n, pt, sizeof pt), olm_error());
    {
        uint8_t r[32];
        char answer[1024];
        size_t alen;
        cliquet_olm_decrypt_info info;
        char id[KS];

        randombytes_buf(r, sizeof r);
        alen = olm_encrypt(lr, "hi", 2, r, olm_encrypt_random_length(lr), answer,
                           sizeof answer);
        assert_int_not_equal(alen, olm_error());
        assert_int_not_equal(olm_decrypt(ls, 1, memcpy(copy, answer, alen), alen,
                                         pt, sizeof pt),
                             olm_error());
        check_ok(cliquet_session_decrypt(cs, CLIQUET_OLM_MESSAGE_NORMAL, answer,
                                         alen, pt, sizeof pt, &pt_len, &info));
        assert_int_equal(pt_len, 2);
        assert_memory_equal(pt, "hi", 2);
        /* What authenticated it: Bob's identity key, over this session. */
        assert_string_equal(info.sender_key, curve);
        check_ok(cliquet_session_id(cs, id));
        assert_string_equal(info.session_id, id);
        assert_int_equal(info.evicted_message_keys, 0);
        assert_int_equal(info.evicted_chains, 0);
    }
    last_len = 0;
    check_ok(cliquet_session_encrypt(cs, &type, ours, sizeof ours, &m,
                                     (const uint8_t *)text, strlen(text)));
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);
    assert_int_equal(olm_encrypt_random_length(ls), 32);
    n = olm_encrypt(ls, text, strlen(text), replay(copy, 32), 32, theirs,
                    sizeof theirs);
    assert_int_equal(m, n);
    assert_memory_equal(ours, theirs, n);

    cliquet_session_free(cs);
    cliquet_account_free(ca);
    cliquet_account_free(cb);
    olm_clear_account(la);
    olm_clear_account(lb);
    olm_clear_session(ls);
    olm_clear_session(lr);
    free(la);
    free(lb);
    free(ls);
    free(lr);
}

/* ---- the API's contract between two cliquet devices ------------------------------ */

typedef struct device {
    cliquet_account *account;
    char curve[KS];
    char ed[KS];
} device;

static void device_new(device *d)
{
    check_ok(cliquet_account_new(&d->account));
    check_ok(cliquet_account_identity_keys(d->account, d->curve, d->ed));
}

static void test_conversation(void **state)
{
    device a, b;
    cliquet_session *as, *bs = NULL, *bs2 = NULL;
    char otk[KS], id[CLIQUET_KEY_ID_BASE64_SIZE], sid1[KS], sid2[KS], sender[KS];
    char m1[1024], m2[1024];
    cliquet_olm_decrypt_info info;
    uint8_t pt[256];
    size_t n1, n2, pt_len, count, need;
    int type, yes, matches;
    static const char hello[] = "hello Bob";

    (void)state;
    device_new(&a);
    device_new(&b);
    check_ok(cliquet_account_generate_one_time_keys(b.account, 2, NULL));
    check_ok(cliquet_account_one_time_key_count(b.account, &count));
    assert_int_equal(count, 2);
    check_ok(cliquet_account_max_one_time_keys(b.account, &count));
    assert_int_equal(count, 50);
    check_ok(cliquet_account_one_time_key(b.account, 0, id, otk));
    assert_int_equal(cliquet_account_one_time_key(b.account, 2, id, otk),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    check_ok(cliquet_account_mark_keys_as_published(b.account));

    check_ok(cliquet_session_new_outbound(&as, a.account, b.curve, K, otk, K));
    check_ok(cliquet_session_message_type(as, &type));
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_PRE_KEY);
    check_ok(cliquet_session_has_received_message(as, &yes));
    assert_int_equal(yes, 0);
    /* The size rule: a probe answers the capacity, the text and its NUL
     * (the libolm-compat length has no NUL); one byte short changes
     * nothing; the call then gives the text's length. */
    check_ok(cliquet_session_encrypt_size(as, strlen(hello), &n2));
    assert_int_equal(cliquet_session_encrypt(as, &type, NULL, 0, &need,
                                             (const uint8_t *)hello, strlen(hello)),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(need, n2 + 1);
    memset(m1, '#', sizeof m1);
    assert_int_equal(cliquet_session_encrypt(as, &type, m1, need - 1, &n1,
                                             (const uint8_t *)hello, strlen(hello)),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(n1, need);
    assert_int_equal(m1[0], '#');
    check_ok(cliquet_session_encrypt(as, &type, m1, need, &n1,
                                     (const uint8_t *)hello, strlen(hello)));
    assert_int_equal(n1, need - 1);
    assert_int_equal(strlen(m1), n1);
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_PRE_KEY);
    check_ok(cliquet_session_encrypt(as, &type, m2, sizeof m2, &n2,
                                     (const uint8_t *)hello, 5));

    /* Bob: a plaintext buffer too small keeps the one-time key; a capacity
     * of the message's length is always enough. */
    assert_int_equal(cliquet_session_new_inbound(&bs, b.account, a.curve, K, m1, n1,
                                                 pt, 3, &pt_len, NULL),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(pt_len, strlen(hello));
    assert_null(bs);
    /* A session for someone else's message: refused, key kept. */
    assert_int_equal(cliquet_session_new_inbound(&bs, b.account, b.curve, K, m1, n1,
                                                 pt, sizeof pt, &pt_len, NULL),
                     CLIQUET_ERR_WRONG_SESSION);
    memset(&info, 0, sizeof info);
    check_ok(cliquet_session_new_inbound(&bs, b.account, NULL, 0, m1, n1, pt,
                                         n1, &pt_len, &info));
    assert_int_equal(pt_len, strlen(hello));
    assert_string_equal(info.sender_key, a.curve);
    assert_memory_equal(pt, hello, pt_len);
    /* The one-time key is gone: the same message cannot start another. */
    assert_int_equal(cliquet_session_new_inbound(&bs2, b.account, NULL, 0, m1, n1,
                                                 pt, sizeof pt, &pt_len, NULL),
                     CLIQUET_ERR_BAD_MESSAGE_KEY_ID);
    check_ok(cliquet_session_id(as, sid1));
    check_ok(cliquet_session_id(bs, sid2));
    assert_memory_equal(sid1, sid2, K);
    check_ok(cliquet_session_their_identity_key(bs, sender));
    assert_memory_equal(sender, a.curve, K);
    check_ok(cliquet_session_their_identity_key(as, sender));
    assert_memory_equal(sender, b.curve, K);

    /* The second pre-key message is a retry for the same session. */
    check_ok(cliquet_session_matches_inbound(bs, a.curve, K, m2, n2, &matches));
    assert_int_equal(matches, 1);
    check_ok(cliquet_session_matches_inbound(bs, b.curve, K, m2, n2, &matches));
    assert_int_equal(matches, 0);
    assert_int_equal(cliquet_session_decrypt(bs, CLIQUET_OLM_MESSAGE_PRE_KEY, m2, n2,
                                             pt, 4, &pt_len, &info),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(pt_len, 5);
    check_ok(cliquet_session_decrypt(bs, CLIQUET_OLM_MESSAGE_PRE_KEY, m2, n2, pt,
                                     sizeof pt, &pt_len, &info));
    assert_int_equal(pt_len, 5);
    assert_string_equal(info.sender_key, a.curve);
    assert_string_equal(info.session_id, sid2);
    assert_int_equal(cliquet_session_decrypt(bs, CLIQUET_OLM_MESSAGE_PRE_KEY, m2, n2,
                                             pt, sizeof pt, &pt_len, &info),
                     CLIQUET_ERR_DUPLICATE_MESSAGE);
    assert_int_equal(cliquet_session_decrypt(bs, 2, m2, n2, pt, sizeof pt, &pt_len,
                                             &info),
                     CLIQUET_ERR_BAD_MESSAGE_TYPE);

    /* Bob answers; Alice switches to normal messages. */
    check_ok(cliquet_session_encrypt(bs, &type, m1, sizeof m1, &n1,
                                     (const uint8_t *)"ok", 2));
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);
    /* info is optional: NULL is accepted as for Megolm (ABI 1.0, point 2). */
    check_ok(cliquet_session_decrypt(as, type, m1, n1, pt, sizeof pt, &pt_len, NULL));
    assert_int_equal(pt_len, 2);
    check_ok(cliquet_session_has_received_message(as, &yes));
    assert_int_equal(yes, 1);
    check_ok(cliquet_session_message_type(as, &type));
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);

    cliquet_session_free(as);
    cliquet_session_free(bs);
    cliquet_account_free(a.account);
    cliquet_account_free(b.account);
}

/* Fallback keys start sessions and are not used up. */
static void test_fallback(void **state)
{
    device a, b;
    cliquet_session *s1, *s2, *r1, *r2;
    char fkey[KS], fid[CLIQUET_KEY_ID_BASE64_SIZE], m[1024];
    uint8_t pt[64];
    size_t n, pt_len;
    int type, has;

    (void)state;
    device_new(&a);
    device_new(&b);
    check_ok(cliquet_account_fallback_key(b.account, &has, fid, fkey));
    assert_int_equal(has, 0);
    check_ok(cliquet_account_generate_fallback_key(b.account));
    check_ok(cliquet_account_fallback_key(b.account, &has, fid, fkey));
    assert_int_equal(has, 1);
    check_ok(cliquet_account_mark_keys_as_published(b.account));
    check_ok(cliquet_account_fallback_key(b.account, &has, fid, fkey));
    assert_int_equal(has, 0);
    /* fkey still holds the key from before publishing. */
    check_ok(cliquet_account_generate_fallback_key(b.account));
    check_ok(cliquet_account_generate_fallback_key(b.account));
    {
        char cur[KS];

        check_ok(cliquet_account_fallback_key(b.account, &has, fid, cur));
        /* Two newer keys made: the first fallback key is dropped. */
        check_ok(cliquet_session_new_outbound(&s1, a.account, b.curve, K, fkey, K));
        check_ok(cliquet_session_encrypt(s1, &type, m, sizeof m, &n,
                                         (const uint8_t *)"x", 1));
        assert_int_equal(cliquet_session_new_inbound(&r1, b.account, NULL, 0, m, n,
                                                     pt, sizeof pt, &pt_len, NULL),
                         CLIQUET_ERR_BAD_MESSAGE_KEY_ID);
        cliquet_session_free(s1);
        /* The current one works twice. */
        check_ok(cliquet_session_new_outbound(&s1, a.account, b.curve, K, cur, K));
        check_ok(cliquet_session_new_outbound(&s2, a.account, b.curve, K, cur, K));
        check_ok(cliquet_session_encrypt(s1, &type, m, sizeof m, &n,
                                         (const uint8_t *)"one", 3));
        check_ok(cliquet_session_new_inbound(&r1, b.account, a.curve, K, m, n, pt,
                                             sizeof pt, &pt_len, NULL));
        check_ok(cliquet_session_encrypt(s2, &type, m, sizeof m, &n,
                                         (const uint8_t *)"two", 3));
        check_ok(cliquet_session_new_inbound(&r2, b.account, a.curve, K, m, n, pt,
                                             sizeof pt, &pt_len, NULL));
        assert_memory_equal(pt, "two", 3);
    }
    cliquet_session_free(s1);
    cliquet_session_free(s2);
    cliquet_session_free(r1);
    cliquet_session_free(r2);
    cliquet_account_free(a.account);
    cliquet_account_free(b.account);
}

/* Encrypts text from s into msg[cap] (a capacity that suffices). */
static size_t send(cliquet_session *s, int *type, char *msg, size_t cap,
                   const char *text)
{
    size_t n;

    check_ok(cliquet_session_encrypt(s, type, msg, cap, &n, (const uint8_t *)text,
                                     strlen(text)));
    return n;
}

/*
 * ABI 1.0, point 9: what a decryption evicts to keep its bounds (40 skipped
 * message keys, 5 receiver chains) is reported, so that a later
 * DUPLICATE_MESSAGE or WRONG_SESSION can be told from a forgery.
 */
static void test_evictions(void **state)
{
    device a, b;
    cliquet_session *as, *bs;
    cliquet_olm_decrypt_info info;
    char otk[KS], id[CLIQUET_KEY_ID_BASE64_SIZE];
    static char msgs[50][512];
    size_t lens[50], pt_len;
    uint8_t pt[64];
    int type, i;

    (void)state;
    device_new(&a);
    device_new(&b);
    check_ok(cliquet_account_generate_one_time_keys(b.account, 1, NULL));
    check_ok(cliquet_account_one_time_key(b.account, 0, id, otk));
    check_ok(cliquet_session_new_outbound(&as, a.account, b.curve, K, otk, K));
    lens[0] = send(as, &type, msgs[0], sizeof msgs[0], "first");
    check_ok(cliquet_session_new_inbound(&bs, b.account, a.curve, K, msgs[0], lens[0],
                                         pt, sizeof pt, &pt_len, &info));
    assert_int_equal(info.evicted_message_keys, 0);

    /* Bob answers, then Alice sends 50 on a new chain; Bob sees only the
     * last: 49 keys skipped, 40 kept, the 9 oldest evicted. */
    lens[0] = send(bs, &type, msgs[0], sizeof msgs[0], "ack");
    check_ok(cliquet_session_decrypt(as, type, msgs[0], lens[0], pt, sizeof pt,
                                     &pt_len, NULL));
    for (i = 0; i < 50; i++) {
        lens[i] = send(as, &type, msgs[i], sizeof msgs[i], "far ahead");
    }
    check_ok(cliquet_session_decrypt(bs, type, msgs[49], lens[49], pt, sizeof pt,
                                     &pt_len, &info));
    assert_int_equal(info.evicted_message_keys, 9);
    assert_int_equal(info.evicted_chains, 0);
    /* The evicted ones are gone; the kept ones decrypt and evict nothing. */
    assert_int_equal(cliquet_session_decrypt(bs, type, msgs[0], lens[0], pt, sizeof pt,
                                             &pt_len, &info),
                     CLIQUET_ERR_DUPLICATE_MESSAGE);
    assert_int_equal(cliquet_session_decrypt(bs, type, msgs[8], lens[8], pt, sizeof pt,
                                             &pt_len, &info),
                     CLIQUET_ERR_DUPLICATE_MESSAGE);
    check_ok(cliquet_session_decrypt(bs, type, msgs[9], lens[9], pt, sizeof pt,
                                     &pt_len, &info));
    assert_int_equal(info.evicted_message_keys, 0);

    /* Each round trip gives Bob a new receiver chain: he keeps 5, and the
     * sixth evicts the oldest (which still holds skipped keys). */
    for (i = 0; i < 6; i++) {
        lens[0] = send(bs, &type, msgs[0], sizeof msgs[0], "ping");
        check_ok(cliquet_session_decrypt(as, type, msgs[0], lens[0], pt, sizeof pt,
                                         &pt_len, NULL));
        lens[0] = send(as, &type, msgs[0], sizeof msgs[0], "pong");
        check_ok(cliquet_session_decrypt(bs, type, msgs[0], lens[0], pt, sizeof pt,
                                         &pt_len, &info));
        assert_int_equal(info.evicted_message_keys, 0);
        /* Bob held 2 chains before the loop (Alice's first and second). */
        assert_int_equal(info.evicted_chains, i >= 3 ? 1 : 0);
    }
    cliquet_session_free(as);
    cliquet_session_free(bs);
    cliquet_account_free(a.account);
    cliquet_account_free(b.account);
}

/* Bounds and bad arguments. */
static void test_arguments(void **state)
{
    device a;
    cliquet_session *s = NULL;
    char k[KS], id[CLIQUET_KEY_ID_BASE64_SIZE], sig[CLIQUET_SIGNATURE_BASE64_SIZE];
    char json[32];
    uint8_t pt[8];
    size_t n = 0, count, evicted = 99;
    int type, has;

    (void)state;
    device_new(&a);
    assert_int_equal(cliquet_account_generate_one_time_keys(a.account, 101, &evicted),
                     CLIQUET_ERR_TOO_MANY_KEYS);
    assert_int_equal(evicted, 99); /* a failed call writes nothing */
    check_ok(cliquet_account_one_time_key_count(a.account, &count));
    assert_int_equal(count, 0);
    check_ok(cliquet_account_generate_one_time_keys(a.account, 100, &evicted));
    assert_int_equal(evicted, 0);
    check_ok(cliquet_account_generate_one_time_keys(a.account, 30, &evicted));
    assert_int_equal(evicted, 30); /* the 30 oldest were evicted, and said so */
    check_ok(cliquet_account_one_time_key_count(a.account, &count));
    assert_int_equal(count, 100);
    check_ok(cliquet_account_one_time_key(a.account, 0, id, k));
    assert_string_equal(id, "AAAAHw"); /* id 31 is now the oldest */
    check_ok(cliquet_account_one_time_key(a.account, 99, id, k));
    assert_string_equal(id, "AAAAgg"); /* id 130 the newest */
    check_ok(cliquet_account_mark_keys_as_published(a.account));
    check_ok(cliquet_account_generate_one_time_keys(a.account, 100, &evicted));
    assert_int_equal(evicted, 100); /* published keys count too (libolm's rule) */

    assert_int_equal(cliquet_account_one_time_keys_json(a.account, json, sizeof json,
                                                        &n),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(n, 15 + 100 * 54 + 99 + 2 + 1); /* the NUL counts */
    assert_int_equal(cliquet_account_one_time_keys_json(a.account, NULL, 0, &n),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);

    assert_int_equal(cliquet_account_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_identity_keys(NULL, k, k),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_sign(a.account, sig, NULL, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    check_ok(cliquet_account_sign(a.account, sig, NULL, 0));
    assert_int_equal(cliquet_account_one_time_keys_json(a.account, NULL, 1, &n),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_account_fallback_key(a.account, NULL, id, k),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    (void)has;
    assert_int_equal(cliquet_session_new_outbound(&s, a.account, NULL, 0, a.curve, K),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_session_new_outbound(&s, a.account, a.curve, K - 3,
                                                  a.curve, K),
                     CLIQUET_ERR_BAD_KEY_LENGTH);
    memcpy(k, a.curve, K);
    k[5] = '-';
    assert_int_equal(cliquet_session_new_outbound(&s, a.account, k, K, a.curve, K),
                     CLIQUET_ERR_BAD_BASE64);
    /* A key of small order (all zeros). */
    memset(k, 'A', K);
    assert_int_equal(cliquet_session_new_outbound(&s, a.account, a.curve, K, k, K),
                     CLIQUET_ERR_ZERO_SHARED_SECRET);
    assert_null(s);
    assert_int_equal(cliquet_session_new_inbound(&s, a.account, NULL, 0, NULL, 5, pt,
                                                 sizeof pt, &n, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_session_new_inbound(&s, a.account, NULL, 0, "A", 1, pt,
                                                 sizeof pt, &n, NULL),
                     CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_session_new_inbound(&s, a.account, NULL, 0, "", 0, pt,
                                                 sizeof pt, &n, NULL),
                     CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    assert_int_equal(cliquet_session_decrypt(NULL, 0, "", 0, pt, sizeof pt, &n, NULL),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_session_encrypt(NULL, &type, json, sizeof json, &n,
                                             pt, 1),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    cliquet_session_free(NULL);
    cliquet_account_free(NULL);
    cliquet_account_free(a.account);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_api_byte_identity),
        cmocka_unit_test(test_conversation),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_evictions),
        cmocka_unit_test(test_arguments),
    };
    cliquet_account *a = NULL;
    size_t n;

    randombytes_set_implementation(&det_impl);
    /* Before cliquet_init(): every call is refused. */
    if (cliquet_account_new(&a) != CLIQUET_ERR_NOT_INITIALISED ||
        cliquet_base64_encode(NULL, 0, &n, NULL, 0) != CLIQUET_ERR_NOT_INITIALISED) {
        fprintf(stderr, "test_api_olm: calls before cliquet_init() not refused\n");
        return 1;
    }
    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
