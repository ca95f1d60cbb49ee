/*
 * Bad input to Olm: every refused call gets its own status and leaves the
 * session (and account) byte-identical, compared both as the struct and as
 * its libolm pickle fields.
 *
 * Truncated and extended messages, every single-byte flip, wrong versions,
 * unknown, duplicate and reordered fields, wrong key lengths, non-canonical
 * varints, bad ciphertext lengths, bad padding under a valid MAC, counters
 * past the gap, skipped keys used twice or dropped, pre-key messages for
 * keys we do not hold, of other sessions or senders, keys of small order,
 * message types, bad base64 (through the API).
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
#include "olm/olm.h"

/* ---- fixtures ------------------------------------------------------------------ */

static uint64_t stream_calls;

static void stream(uint8_t *out, size_t n)
{
    uint8_t key[randombytes_SEEDBYTES] = { 'b', 'a', 'd' };

    memcpy(key + 8, &stream_calls, sizeof stream_calls);
    stream_calls++;
    randombytes_buf_deterministic(out, n, key);
}

/* Alice and Bob after a pre-key message and an answer. */
typedef struct pair {
    cq_olm_account alice, bob;
    cq_olm_session as, bs;
    uint8_t pre_key[512];   /* Alice's first message */
    size_t pre_key_len;
    uint8_t pre_key2[512];  /* her second, still a pre-key message */
    size_t pre_key2_len;
    cq_olm_session spare_session; /* Alice's to Bob's other one-time key */
    uint8_t spare[512];     /* its pre-key message, never consumed */
    size_t spare_len;
} pair;

static unsigned long refused_calls;

static size_t encrypt(cq_olm_session *s, uint8_t *out, size_t cap, const char *pt,
                      int *type)
{
    uint8_t random[32];
    size_t n = 0;
    int t;

    stream(random, sizeof random);
    assert_int_equal(cq_olm_session_encrypt(s, type ? type : &t, out, cap, &n,
                                            (const uint8_t *)pt, strlen(pt), random),
                     CLIQUET_OK);
    return n;
}

static void decrypt_ok(cq_olm_session *s, int type, const uint8_t *m, size_t n,
                       const char *want)
{
    uint8_t pt[512];
    size_t len = 0;

    assert_int_equal(cq_olm_session_decrypt(s, type, m, n, pt, sizeof pt, &len, NULL),
                     CLIQUET_OK);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(pt, want, len);
}

static pair *setup(void)
{
    pair *p = calloc(1, sizeof *p);
    uint8_t random[64 * 2];
    uint8_t pt[512];
    uint8_t m[512];
    size_t n, len;
    int type;

    assert_non_null(p);
    stream(random, 128);
    cq_olm_account_init(&p->alice, random);
    cq_olm_account_init(&p->bob, random + 64);
    stream(random, 64);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&p->bob, 2, random),
                     CLIQUET_OK);
    stream(random, 64);
    assert_int_equal(cq_olm_session_outbound(&p->as, &p->alice,
                                             p->bob.curve25519_public,
                                             p->bob.one_time_keys[1].public_key,
                                             random),
                     CLIQUET_OK);
    p->pre_key_len = encrypt(&p->as, p->pre_key, sizeof p->pre_key, "first", &type);
    assert_int_equal(type, CQ_OLM_MESSAGE_PRE_KEY);
    p->pre_key2_len = encrypt(&p->as, p->pre_key2, sizeof p->pre_key2, "second", NULL);
    assert_int_equal(cq_olm_session_inbound(&p->bs, &p->bob, NULL, p->pre_key,
                                            p->pre_key_len, pt, sizeof pt, &len, NULL),
                     CLIQUET_OK);
    n = encrypt(&p->bs, m, sizeof m, "answer", &type);
    assert_int_equal(type, CQ_OLM_MESSAGE_NORMAL);
    decrypt_ok(&p->as, type, m, n, "answer");
    stream(random, 64);
    assert_int_equal(cq_olm_session_outbound(&p->spare_session, &p->alice,
                                             p->bob.curve25519_public,
                                             p->bob.one_time_keys[0].public_key,
                                             random),
                     CLIQUET_OK);
    p->spare_len = encrypt(&p->spare_session, p->spare, sizeof p->spare, "spare", NULL);
    return p;
}

/* ---- state comparison ------------------------------------------------------------ */

static size_t session_fields(const cq_olm_session *s, uint8_t *out, size_t cap)
{
    cq_writer w;

    cq_writer_init(&w, out, cap);
    cq_olm_session_pickle(&w, s);
    assert_false(w.overflow);
    return w.len;
}

static size_t account_fields(const cq_olm_account *a, uint8_t *out, size_t cap)
{
    cq_writer w;

    cq_writer_init(&w, out, cap);
    cq_olm_account_pickle(&w, a);
    assert_false(w.overflow);
    return w.len;
}

static void assert_same_session(const cq_olm_session *before,
                                const cq_olm_session *after)
{
    static uint8_t a[8192], b[8192];
    size_t na = session_fields(before, a, sizeof a);
    size_t nb = session_fields(after, b, sizeof b);

    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_memory_equal(before, after, sizeof *before);
}

static void assert_same_account(const cq_olm_account *before,
                                const cq_olm_account *after)
{
    static uint8_t a[16384], b[16384];
    size_t na = account_fields(before, a, sizeof a);
    size_t nb = account_fields(after, b, sizeof b);

    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
}

/* Any refusal (for inputs where several statuses are right). */
#define ANY_ERROR ((cliquet_status)-1)

/* Decrypting m must fail with want and change nothing. */
static cliquet_status refused(cq_olm_session *s, int type, const uint8_t *m,
                              size_t n, cliquet_status want)
{
    static cq_olm_session before;
    uint8_t pt[1024];
    size_t len = 0;
    cliquet_status st;

    before = *s;
    st = cq_olm_session_decrypt(s, type, m, n, pt, sizeof pt, &len, NULL);
    if (want == ANY_ERROR) {
        assert_int_not_equal(st, CLIQUET_OK);
    } else if (st != want) {
        fail_msg("got %s, want %s", cliquet_strerror(st), cliquet_strerror(want));
    }
    assert_same_session(&before, s);
    refused_calls++;
    return st;
}

/* Creating an inbound session from m must fail with want; Bob's account
 * stays as it was. */
static cliquet_status inbound_refused(cq_olm_account *bob, const uint8_t *their_identity,
                            const uint8_t *m, size_t n, cliquet_status want)
{
    static cq_olm_account before;
    static cq_olm_session s;
    uint8_t pt[1024];
    size_t len = 0;
    cliquet_status st;

    before = *bob;
    st = cq_olm_session_inbound(&s, bob, their_identity, m, n, pt, sizeof pt, &len, NULL);
    if (want == ANY_ERROR) {
        assert_int_not_equal(st, CLIQUET_OK);
    } else if (st != want) {
        fail_msg("inbound: got %s, want %s", cliquet_strerror(st),
                 cliquet_strerror(want));
    }
    assert_same_account(&before, bob);
    refused_calls++;
    return st;
}

/* ---- message shapes ----------------------------------------------------------------- */

/* spec: olm.md §Normal Messages */
/* Truncated at every length, extended by 1..16 bytes. */
static void test_truncated_extended(void **state)
{
    pair *p = setup();
    uint8_t m[600];
    size_t n, k;

    (void)state;
    n = encrypt(&p->bs, m, sizeof m, "a normal message", NULL);
    for (k = 0; k < n; k++) {
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m, k, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }
    for (k = 1; k <= 16; k++) {
        m[n + k - 1] = (uint8_t)k;
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n + k, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }
    decrypt_ok(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n, "a normal message");

    /* Pre-key messages, given to Bob's session and to a new one. */
    for (k = 0; k < p->pre_key2_len; k++) {
        refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, p->pre_key2, k,
                CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }
    for (k = 0; k < p->spare_len; k++) {
        inbound_refused(&p->bob, NULL, p->spare, k, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }
    memcpy(m, p->pre_key2, p->pre_key2_len);
    for (k = 1; k <= 16; k++) {
        m[p->pre_key2_len + k - 1] = (uint8_t)k;
        refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, m, p->pre_key2_len + k,
                CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }
    decrypt_ok(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, p->pre_key2, p->pre_key2_len, "second");
    free(p);
}

/* Where in a normal message byte i lies (libolm's layout). */
static cliquet_status flip_status(size_t i, size_t n)
{
    if (i == 0) {
        return CLIQUET_ERR_BAD_MESSAGE_VERSION;
    }
    if (i >= n - CQ_OLM_MAC_BYTES || i >= 1 + 2 + 32 + 2 + 2) {
        return CLIQUET_ERR_BAD_MESSAGE_MAC; /* ciphertext or MAC */
    }
    return ANY_ERROR; /* a tag, a length, the ratchet key or the counter */
}

/* spec: olm.md §Creating an inbound session from a pre-key message */
/* spec: olm.md §Receiving messages */
/* spec: olm.md §Normal Messages */
/* spec: olm.md §Olm Authenticated Encryption */
/* Every byte of a normal and of a pre-key message, flipped three ways. */
static void test_flips(void **state)
{
    static const uint8_t masks[] = { 0x01, 0x80, 0xff };
    pair *p = setup();
    uint8_t m[600], orig[600];
    size_t n, i, k;
    unsigned long by_status[100] = { 0 };

    (void)state;
    n = encrypt(&p->bs, orig, sizeof orig, "flip every byte of me", NULL);
    for (i = 0; i < n; i++) {
        for (k = 0; k < sizeof masks; k++) {
            memcpy(m, orig, n);
            m[i] ^= masks[k];
            by_status[refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n,
                              flip_status(i, n)) % 100]++;
        }
    }
    decrypt_ok(&p->as, CQ_OLM_MESSAGE_NORMAL, orig, n, "flip every byte of me");

    /* Pre-key message: to Bob's session (a retry) and to a new session. */
    for (i = 0; i < p->pre_key2_len; i++) {
        for (k = 0; k < sizeof masks; k++) {
            memcpy(m, p->pre_key2, p->pre_key2_len);
            m[i] ^= masks[k];
            by_status[refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, m, p->pre_key2_len,
                              i == 0 ? CLIQUET_ERR_BAD_MESSAGE_VERSION : ANY_ERROR) %
                      100]++;
        }
    }
    for (i = 0; i < p->spare_len; i++) {
        for (k = 0; k < sizeof masks; k++) {
            memcpy(m, p->spare, p->spare_len);
            m[i] ^= masks[k];
            by_status[inbound_refused(&p->bob, NULL, m, p->spare_len,
                                      i == 0 ? CLIQUET_ERR_BAD_MESSAGE_VERSION
                                             : ANY_ERROR) %
                      100]++;
        }
    }
    decrypt_ok(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, p->pre_key2, p->pre_key2_len, "second");
    printf("olm flips: version %lu, format %lu, mac %lu, wrong session %lu, "
           "duplicate %lu, gap %lu, key id %lu, small order %lu, bad key %lu\n",
           by_status[CLIQUET_ERR_BAD_MESSAGE_VERSION],
           by_status[CLIQUET_ERR_BAD_MESSAGE_FORMAT],
           by_status[CLIQUET_ERR_BAD_MESSAGE_MAC], by_status[CLIQUET_ERR_WRONG_SESSION],
           by_status[CLIQUET_ERR_DUPLICATE_MESSAGE],
           by_status[CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE],
           by_status[CLIQUET_ERR_BAD_MESSAGE_KEY_ID],
           by_status[CLIQUET_ERR_ZERO_SHARED_SECRET], by_status[CLIQUET_ERR_BAD_KEY]);
    free(p);
}

/* ---- hand-made messages ------------------------------------------------------- */

/* A normal message from parts, with an 8-byte MAC of zeros unless given. */
typedef struct parts {
    const uint8_t *ratchet_key;
    size_t ratchet_key_len;
    uint64_t counter;
    const uint8_t *ciphertext;
    size_t ciphertext_len;
} parts;

static size_t build(uint8_t *out, size_t cap, const parts *q, const uint8_t *mac)
{
    static const uint8_t zero_mac[8];
    cq_writer w;

    cq_writer_init(&w, out, cap);
    cq_write_u8(&w, CQ_OLM_PROTOCOL_VERSION);
    cq_write_field_bytes(&w, CQ_OLM_TAG_RATCHET_KEY, q->ratchet_key,
                         q->ratchet_key_len);
    cq_write_field_varint(&w, CQ_OLM_TAG_COUNTER, q->counter);
    cq_write_field_bytes(&w, CQ_OLM_TAG_CIPHERTEXT, q->ciphertext, q->ciphertext_len);
    cq_write_bytes(&w, mac != NULL ? mac : zero_mac, 8);
    assert_false(w.overflow);
    return w.len;
}

/* spec: olm.md §The Olm Message Format */
/* spec: olm.md §Normal Messages */
/* Versions, unknown, duplicate and reordered fields, lengths, varints. */
static void test_format(void **state)
{
    pair *p = setup();
    uint8_t m[600], x[700];
    size_t n, len;
    cq_olm_message msg;
    parts q;
    uint8_t big_key[33] = { 0 };

    (void)state;
    n = encrypt(&p->bs, m, sizeof m, "format", NULL);
    assert_int_equal(cq_olm_message_decode(&msg, m, n), CLIQUET_OK);
    q.ratchet_key = msg.ratchet_key;
    q.ratchet_key_len = 32;
    q.counter = msg.counter;
    q.ciphertext = msg.ciphertext;
    q.ciphertext_len = msg.ciphertext_len;

    /* Control: re-encoding the parts gives the same bytes. */
    len = build(x, sizeof x, &q, msg.mac);
    assert_int_equal(len, n);
    assert_memory_equal(x, m, n);

    /* Versions. */
    x[0] = 2;
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_MESSAGE_VERSION);
    x[0] = 4;
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_MESSAGE_VERSION);
    x[0] = 3;

    /* Key lengths 31 and 33. */
    memcpy(big_key, q.ratchet_key, 32);
    q.ratchet_key = big_key;
    q.ratchet_key_len = 33;
    len = build(x, sizeof x, &q, msg.mac);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    q.ratchet_key_len = 31;
    len = build(x, sizeof x, &q, msg.mac);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    q.ratchet_key_len = 32;

    /* Ciphertext lengths 0 and 17. */
    q.ciphertext_len = 0;
    len = build(x, sizeof x, &q, msg.mac);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH);
    q.ciphertext_len = 17;
    len = build(x, sizeof x, &q, msg.mac);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH);
    q.ciphertext_len = msg.ciphertext_len;

    /* A counter past 32 bits. */
    q.counter = (uint64_t)1 << 32;
    len = build(x, sizeof x, &q, msg.mac);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    q.counter = msg.counter;

    /* An unknown field before the ciphertext (field 5, varint). */
    {
        size_t head = 1 + 2 + 32 + cq_field_varint_size(msg.counter);

        memcpy(x, m, head);
        x[head] = 0x28;
        x[head + 1] = 0x01;
        memcpy(x + head + 2, m + head, n - head);
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, n + 2, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
        /* The counter field twice. */
        memcpy(x, m, head);
        memcpy(x + head, m + 35, head - 35);
        memcpy(x + 2 * head - 35, m + head, n - head);
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, n + head - 35,
                CLIQUET_ERR_BAD_MESSAGE_FORMAT);
        /* Counter before ratchet key. */
        x[0] = 3;
        memcpy(x + 1, m + 35, head - 35);
        memcpy(x + 1 + head - 35, m + 1, 34);
        memcpy(x + head, m + head, n - head);
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, n, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
        /* The ratchet key missing. */
        x[0] = 3;
        memcpy(x + 1, m + 35, n - 35);
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, n - 34, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }

    /* Non-canonical varints: the key length 32 as A0 00, the counter with
     * a trailing zero group. */
    x[0] = 3;
    x[1] = CQ_OLM_TAG_RATCHET_KEY;
    x[2] = 0xa0;
    x[3] = 0x00;
    memcpy(x + 4, m + 3, n - 3);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, n + 1, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    {
        size_t head = 1 + 2 + 32 + 1;
        size_t vlen = cq_varint_size(msg.counter);

        memcpy(x, m, head + vlen);
        x[head + vlen - 1] |= 0x80;
        x[head + vlen] = 0x00;
        memcpy(x + head + vlen + 1, m + head + vlen, n - head - vlen);
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, n + 1, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    }

    /* Message types. */
    refused(&p->as, 2, m, n, CLIQUET_ERR_BAD_MESSAGE_TYPE);
    refused(&p->as, -1, m, n, CLIQUET_ERR_BAD_MESSAGE_TYPE);
    /* A normal message given as a pre-key one, and the reverse. */
    refused(&p->as, CQ_OLM_MESSAGE_PRE_KEY, m, n, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    refused(&p->bs, CQ_OLM_MESSAGE_NORMAL, p->pre_key2, p->pre_key2_len, ANY_ERROR);

    decrypt_ok(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n, "format");
    free(p);
}

/* spec: olm.md §Pre-Key Messages */
/* Pre-key message fields: order, duplicates, unknown ones, lengths. */
static void test_pre_key_format(void **state)
{
    pair *p = setup();
    const uint8_t *m = p->pre_key2;
    size_t n = p->pre_key2_len;
    uint8_t x[700];

    (void)state;
    /* Base key and one-time key swapped in order (tags kept). */
    memcpy(x, m, n);
    memcpy(x + 1, m + 35, 34);
    memcpy(x + 35, m + 1, 34);
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, n, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    inbound_refused(&p->bob, NULL, x, n, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    /* The identity key missing. */
    memcpy(x, m, 69);
    memcpy(x + 69, m + 103, n - 103);
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, n - 34, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    /* The base key twice. */
    memcpy(x, m, 69);
    memcpy(x + 69, m + 35, 34);
    memcpy(x + 103, m + 69, n - 69);
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, n + 34, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    /* An unknown field (field 6, varint) before the message. */
    memcpy(x, m, 103);
    x[103] = 0x30;
    x[104] = 0x00;
    memcpy(x + 105, m + 103, n - 103);
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, n + 2, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    inbound_refused(&p->bob, NULL, x, n + 2, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    /* An identity key of 33 bytes. */
    memcpy(x, m, 69);
    x[69] = CQ_OLM_TAG_IDENTITY_KEY;
    x[70] = 33;
    memcpy(x + 71, m + 71, 32);
    x[103] = 0;
    memcpy(x + 104, m + 103, n - 103);
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, n + 1, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    /* An empty embedded message. */
    memcpy(x, m, 103);
    x[103] = CQ_OLM_TAG_MESSAGE;
    x[104] = 0;
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, 105, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    inbound_refused(&p->bob, NULL, x, 105, CLIQUET_ERR_BAD_MESSAGE_FORMAT);
    decrypt_ok(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, m, n, "second");
    free(p);
}

/* ---- the ratchet's bounds -------------------------------------------------------- */

/* spec: olm.md §Creating an inbound session from a pre-key message */
/* spec: olm.md §Receiving messages */
/* Counters past the gap, and exactly at it. */
static void test_gap(void **state)
{
    pair *p = setup();
    static uint8_t m[600];
    size_t n = 0;
    int i;

    (void)state;
    /* Alice's chain for Bob is at index 1 (one message so far): counter
     * 2002 is a gap of 2001 (refused), counter 2001 of 2000 (accepted). */
    {
        static cq_olm_session copy;

        copy = p->bs;
        for (i = 1; i <= CQ_OLM_MAX_MESSAGE_GAP + 2; i++) {
            n = encrypt(&copy, m, sizeof m, "far", NULL);
        }
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n, CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE);
        copy = p->bs;
        for (i = 1; i <= CQ_OLM_MAX_MESSAGE_GAP + 1; i++) {
            n = encrypt(&copy, m, sizeof m, "far", NULL);
        }
        decrypt_ok(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n, "far");
        assert_int_equal(p->as.ratchet.num_skipped_keys, CQ_OLM_MAX_SKIPPED_KEYS);
    }
    /* A new chain starting past the gap. */
    {
        static cq_olm_session copy;

        n = encrypt(&p->as, m, sizeof m, "turn", NULL);
        decrypt_ok(&p->bs, CQ_OLM_MESSAGE_NORMAL, m, n, "turn");
        copy = p->bs;
        for (i = 0; i <= CQ_OLM_MAX_MESSAGE_GAP + 1; i++) {
            n = encrypt(&copy, m, sizeof m, "far", NULL);
        }
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m, n, CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE);
    }
    free(p);
}

/* spec: olm.md §Receiving messages */
/* Skipped keys: each usable once, at most CQ_OLM_MAX_SKIPPED_KEYS kept. */
static void test_skipped_keys(void **state)
{
    pair *p = setup();
    static uint8_t m[50][300];
    size_t n[50];
    char text[16];
    int i;

    (void)state;
    for (i = 0; i < 50; i++) {
        snprintf(text, sizeof text, "m%d", i);
        n[i] = encrypt(&p->bs, m[i], sizeof m[i], text, NULL);
    }
    /* The last first: 49 keys skipped, the 40 newest kept (m9..m48). */
    decrypt_ok(&p->as, CQ_OLM_MESSAGE_NORMAL, m[49], n[49], "m49");
    assert_int_equal(p->as.ratchet.num_skipped_keys, CQ_OLM_MAX_SKIPPED_KEYS);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m[49], n[49], CLIQUET_ERR_DUPLICATE_MESSAGE);
    for (i = 0; i < 9; i++) {
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m[i], n[i], CLIQUET_ERR_DUPLICATE_MESSAGE);
    }
    for (i = 9; i < 49; i++) {
        snprintf(text, sizeof text, "m%d", i);
        decrypt_ok(&p->as, CQ_OLM_MESSAGE_NORMAL, m[i], n[i], text);
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, m[i], n[i], CLIQUET_ERR_DUPLICATE_MESSAGE);
    }
    assert_int_equal(p->as.ratchet.num_skipped_keys, 0);
    free(p);
}

/* spec: olm.md §Receiving messages */
/* spec: olm.md §Olm Authenticated Encryption */
/* A valid MAC over a ciphertext whose padding is wrong. */
static void test_bad_padding(void **state)
{
    static const uint8_t info[] = CQ_OLM_INFO_KEYS;
    pair *p = setup();
    const cq_olm_sender_chain *c = &p->bs.ratchet.sender_chain;
    uint8_t mk[32], keys[80], block[16], ct[32], x[300], mac[32];
    uint8_t seed = CQ_OLM_MESSAGE_KEY_SEED;
    parts q;
    size_t len;

    (void)state;
    /* Bob's next message key, as the spec derives it. */
    cq_hmac_sha256(mk, c->chain_key.key, 32, &seed, 1);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, mk, 32, info,
                                    CQ_OLM_INFO_KEYS_LEN),
                     0);
    /* One block whose last byte is 0: never valid PKCS#7. */
    memset(block, 'p', 16);
    block[15] = 0;
    cq_aes256_cbc_encrypt(ct, keys, keys + 64, block, 16);
    q.ratchet_key = c->ratchet_public;
    q.ratchet_key_len = 32;
    q.counter = c->chain_key.index;
    q.ciphertext = ct;
    q.ciphertext_len = 16;
    len = build(x, sizeof x, &q, NULL);
    cq_hmac_sha256(mac, keys + 32, 32, x, len - 8);
    memcpy(x + len - 8, mac, 8);
    refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_BAD_PADDING);
    /* Control: the same with the full (well padded) ciphertext decrypts. */
    q.ciphertext_len = 32;
    len = build(x, sizeof x, &q, NULL);
    cq_hmac_sha256(mac, keys + 32, 32, x, len - 8);
    memcpy(x + len - 8, mac, 8);
    {
        uint8_t pt[64];
        size_t n = 0;

        assert_int_equal(cq_olm_session_decrypt(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len,
                                                pt, sizeof pt, &n, NULL),
                         CLIQUET_OK);
        assert_int_equal(n, 16);
        assert_memory_equal(pt, block, 16);
    }
    free(p);
}

/* ---- keys ---------------------------------------------------------------------------- */

/* Points of small order on Curve25519 (and p - 1). */
static const char *const small_order_hex[] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};

static void unhex(uint8_t *out, const char *hex, size_t n)
{
    size_t i;
    unsigned v;

    for (i = 0; i < n; i++) {
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
}

/* spec: olm.md §Creating an outbound session */
static void test_small_order_keys(void **state)
{
    pair *p = setup();
    uint8_t key[32], x[700], m[600], random[64];
    size_t i, n, len;
    parts q;
    cq_olm_message msg;
    static cq_olm_session s;

    (void)state;
    n = encrypt(&p->bs, m, sizeof m, "x", NULL);
    assert_int_equal(cq_olm_message_decode(&msg, m, n), CLIQUET_OK);
    q.ratchet_key_len = 32;
    q.counter = 0;
    q.ciphertext = msg.ciphertext;
    q.ciphertext_len = msg.ciphertext_len;
    for (i = 0; i < sizeof small_order_hex / sizeof small_order_hex[0]; i++) {
        unhex(key, small_order_hex[i], 32);
        assert_int_equal(cq_olm_check_public_key(key), CLIQUET_ERR_ZERO_SHARED_SECRET);
        /* A new ratchet key in a normal message (Alice has a sender chain
         * after answering: make sure). */
        q.ratchet_key = key;
        len = build(x, sizeof x, &q, NULL);
        if (!p->as.ratchet.has_sender_chain) {
            size_t k = encrypt(&p->as, m, sizeof m, "reply", NULL);

            decrypt_ok(&p->bs, CQ_OLM_MESSAGE_NORMAL, m, k, "reply");
        }
        refused(&p->as, CQ_OLM_MESSAGE_NORMAL, x, len, CLIQUET_ERR_ZERO_SHARED_SECRET);
        /* As the base key, the identity key and the ratchet key of a
         * pre-key message for a key Bob holds. */
        memcpy(x, p->spare, p->spare_len);
        memcpy(x + 37, key, 32);
        inbound_refused(&p->bob, NULL, x, p->spare_len, CLIQUET_ERR_ZERO_SHARED_SECRET);
        memcpy(x, p->spare, p->spare_len);
        memcpy(x + 71, key, 32);
        inbound_refused(&p->bob, NULL, x, p->spare_len, CLIQUET_ERR_ZERO_SHARED_SECRET);
        memcpy(x, p->spare, p->spare_len);
        memcpy(x + 105 + 3, key, 32);
        assert_int_equal(x[105 + 1], CQ_OLM_TAG_RATCHET_KEY);
        inbound_refused(&p->bob, NULL, x, p->spare_len, CLIQUET_ERR_ZERO_SHARED_SECRET);
        /* As the peer's keys of an outbound session. */
        stream(random, 64);
        assert_int_equal(cq_olm_session_outbound(&s, &p->alice, key,
                                                 p->bob.one_time_keys[0].public_key,
                                                 random),
                         CLIQUET_ERR_ZERO_SHARED_SECRET);
        assert_int_equal(cq_olm_session_outbound(&s, &p->alice,
                                                 p->bob.curve25519_public, key, random),
                         CLIQUET_ERR_ZERO_SHARED_SECRET);
        refused_calls += 2;
    }
    free(p);
}

/* spec: olm.md §Creating an outbound session */
/* Pre-key messages for keys we do not hold, of other sessions, senders. */
/* Keys that are not canonical encodings: the top bit set, p, p + 1. */
static void test_non_canonical_keys(void **state)
{
    pair *p = setup();
    uint8_t key[3][32], x[700], random[64];
    static cq_olm_session s;
    size_t i;

    (void)state;
    memcpy(key[0], p->alice.curve25519_public, 32);
    key[0][31] |= 0x80;
    unhex(key[1], "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 32);
    unhex(key[2], "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 32);
    for (i = 0; i < 3; i++) {
        assert_int_equal(cq_olm_check_public_key(key[i]), CLIQUET_ERR_BAD_KEY);
        memcpy(x, p->spare, p->spare_len);
        memcpy(x + 71, key[i], 32);
        inbound_refused(&p->bob, NULL, x, p->spare_len, CLIQUET_ERR_BAD_KEY);
        memcpy(x, p->spare, p->spare_len);
        memcpy(x + 37, key[i], 32);
        inbound_refused(&p->bob, NULL, x, p->spare_len, CLIQUET_ERR_BAD_KEY);
        stream(random, 64);
        assert_int_equal(cq_olm_session_outbound(&s, &p->alice, key[i],
                                                 p->bob.one_time_keys[0].public_key,
                                                 random),
                         CLIQUET_ERR_BAD_KEY);
        refused_calls++;
    }
    free(p);
}

/* spec: olm.md §Creating an inbound session from a pre-key message */
/* spec: olm.md §Receiving messages */
static void test_pre_key_keys(void **state)
{
    pair *p = setup();
    uint8_t x[700], random[64];
    static cq_olm_session other;
    static pair *q;

    (void)state;
    /* The one-time key was used by the first message: a second session
     * from it is refused (the first message again, and the second one). */
    inbound_refused(&p->bob, NULL, p->pre_key, p->pre_key_len,
                    CLIQUET_ERR_BAD_MESSAGE_KEY_ID);
    inbound_refused(&p->bob, NULL, p->pre_key2, p->pre_key2_len,
                    CLIQUET_ERR_BAD_MESSAGE_KEY_ID);
    /* A key Bob never had. */
    memcpy(x, p->pre_key2, p->pre_key2_len);
    memcpy(x + 3, p->alice.curve25519_public, 32);
    inbound_refused(&p->bob, NULL, x, p->pre_key2_len, CLIQUET_ERR_BAD_MESSAGE_KEY_ID);
    /* From another sender than the one required. */
    inbound_refused(&p->bob, p->bob.curve25519_public, p->pre_key2, p->pre_key2_len,
                    CLIQUET_ERR_WRONG_SESSION);

    /* A pre-key message of another session, given to Bob's session. */
    q = setup();
    refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, q->pre_key2, q->pre_key2_len,
            CLIQUET_ERR_WRONG_SESSION);
    /* Another session to Bob's second key: its pre-key message is not for
     * Bob's first session, and its normal message body is not either. */
    stream(random, 64);
    assert_int_equal(cq_olm_session_outbound(&other, &p->alice,
                                             p->bob.curve25519_public,
                                             p->bob.one_time_keys[0].public_key,
                                             random),
                     CLIQUET_OK);
    {
        size_t n = encrypt(&other, x, sizeof x, "other", NULL);
        int matches = 1;

        assert_int_equal(cq_olm_session_matches(&p->bs, NULL, x, n, &matches),
                         CLIQUET_OK);
        assert_int_equal(matches, 0);
        refused(&p->bs, CQ_OLM_MESSAGE_PRE_KEY, x, n, CLIQUET_ERR_WRONG_SESSION);
        /* Its inner message: a ratchet key Bob's session never saw, before
         * Bob's session... has a sender chain: MAC fails. */
        refused(&p->bs, CQ_OLM_MESSAGE_NORMAL, x + 105, n - 105, ANY_ERROR);
    }
    /* A new ratchet key before we have sent anything: Bob's fresh session
     * from the second one-time key has no sender chain. */
    {
        static cq_olm_session fresh;
        uint8_t pt[64], m[600];
        size_t len, n;

        n = encrypt(&other, m, sizeof m, "other 2", NULL);
        assert_int_equal(cq_olm_session_inbound(&fresh, &p->bob, NULL, m, n, pt,
                                                sizeof pt, &len, NULL),
                         CLIQUET_OK);
        n = encrypt(&p->bs, m, sizeof m, "from another session", NULL);
        refused(&fresh, CQ_OLM_MESSAGE_NORMAL, m, n, CLIQUET_ERR_WRONG_SESSION);
    }
    free(q);
    free(p);
}

/* ---- bad base64 through the API ------------------------------------------------------ */

static void test_base64(void **state)
{
    cliquet_account *a, *b;
    cliquet_session *as, *bs;
    char ac[CLIQUET_KEY_BASE64_SIZE], ae[CLIQUET_KEY_BASE64_SIZE];
    char bc[CLIQUET_KEY_BASE64_SIZE], be[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_ID_BASE64_SIZE], otk[CLIQUET_KEY_BASE64_SIZE], m[1024], bad[1100];
    char sid[CLIQUET_KEY_BASE64_SIZE];
    cliquet_olm_decrypt_info info, info_before;
    uint8_t pt[64];
    size_t n, len;
    int type;

    (void)state;
    assert_int_equal(cliquet_account_new(&a), CLIQUET_OK);
    assert_int_equal(cliquet_account_new(&b), CLIQUET_OK);
    assert_int_equal(cliquet_account_identity_keys(a, ac, ae), CLIQUET_OK);
    assert_int_equal(cliquet_account_identity_keys(b, bc, be), CLIQUET_OK);
    assert_int_equal(cliquet_account_generate_one_time_keys(b, 1, NULL), CLIQUET_OK);
    assert_int_equal(cliquet_account_one_time_key(b, 0, id, otk), CLIQUET_OK);
    assert_int_equal(cliquet_session_new_outbound(&as, a, bc, 43, otk, 43), CLIQUET_OK);
    assert_int_equal(cliquet_session_encrypt(as, &type, m, sizeof m, &n,
                                             (const uint8_t *)"hi", 2),
                     CLIQUET_OK);
    /* Padding, a bad character, the URL-safe alphabet, 1 mod 4. */
    memcpy(bad, m, n);
    bad[n] = '=';
    assert_int_equal(cliquet_session_new_inbound(&bs, b, NULL, 0, bad, n + 1, pt,
                                                 sizeof pt, &len, NULL),
                     CLIQUET_ERR_BAD_BASE64);
    memcpy(bad, m, n);
    bad[10] = '*';
    assert_int_equal(cliquet_session_new_inbound(&bs, b, NULL, 0, bad, n, pt,
                                                 sizeof pt, &len, NULL),
                     CLIQUET_ERR_BAD_BASE64);
    memcpy(bad, m, n);
    bad[10] = '_';
    assert_int_equal(cliquet_session_new_inbound(&bs, b, NULL, 0, bad, n, pt,
                                                 sizeof pt, &len, NULL),
                     CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_session_new_inbound(&bs, b, NULL, 0, m, n - (n % 4 == 1 ? 0 : (n % 4 + 3) % 4), pt,
                                                 sizeof pt, &len, NULL) != CLIQUET_OK, 1);
    /* The real message still starts the session: nothing was used up. */
    assert_int_equal(cliquet_session_new_inbound(&bs, b, NULL, 0, m, n, pt, sizeof pt,
                                                 &len, NULL),
                     CLIQUET_OK);
    assert_int_equal(cliquet_session_encrypt(bs, &type, m, sizeof m, &n,
                                             (const uint8_t *)"yo", 2),
                     CLIQUET_OK);
    memcpy(bad, m, n);
    bad[0] = '-';
    memset(&info, 0xa5, sizeof info);
    info_before = info;
    assert_int_equal(cliquet_session_decrypt(as, type, bad, n, pt, sizeof pt, &len,
                                             &info),
                     CLIQUET_ERR_BAD_BASE64);
    /* A failed call writes no partial result into the optional info. */
    assert_memory_equal(&info, &info_before, sizeof info);
    assert_int_equal(cliquet_session_decrypt(as, type, m, n, pt, sizeof pt, &len,
                                             &info),
                     CLIQUET_OK);
    /* The sender key is Bob's identity key, NUL-terminated (text rule). */
    assert_int_equal(strlen(info.sender_key), CLIQUET_KEY_BASE64_SIZE - 1);
    assert_string_equal(info.sender_key, bc);
    assert_int_equal(cliquet_session_id(as, sid), CLIQUET_OK);
    assert_string_equal(info.session_id, sid);
    assert_int_equal(cliquet_session_matches_inbound(bs, "abc=", 4, m, n, &type),
                     CLIQUET_ERR_BAD_BASE64);
    cliquet_session_free(as);
    cliquet_session_free(bs);
    cliquet_account_free(a);
    cliquet_account_free(b);
}

static int summary(void **state)
{
    (void)state;
    printf("olm bad input: %lu refused calls, each with its status and the state "
           "byte-identical after it\n", refused_calls);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated_extended),
        cmocka_unit_test(test_flips),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_pre_key_format),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_skipped_keys),
        cmocka_unit_test(test_bad_padding),
        cmocka_unit_test(test_small_order_keys),
        cmocka_unit_test(test_non_canonical_keys),
        cmocka_unit_test(test_pre_key_keys),
        cmocka_unit_test(test_base64),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, summary);
}
