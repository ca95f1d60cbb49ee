/*
 * Olm against Debian's libolm 3.2 (the reference peer).
 *
 * 1. Byte identity: libolm and cliquet's core take the same random bytes
 *    and must produce the same identity keys, signatures, one-time and
 *    fallback keys, pre-key message, session id, 100 further messages in
 *    both directions, and the same (unencrypted) pickle fields of accounts
 *    and sessions.
 * 2. Live conversations: cliquet and libolm in both roles (each initiating),
 *    10,000 messages per run with random changes of direction, reordering,
 *    dropped messages, pre-key and normal messages. A model of the ratchet's
 *    bounds (receiver chains, skipped keys) predicts which late messages
 *    must fail; both libraries must agree with it, and every plaintext is
 *    compared.
 *
 * Randomness: a seeded deterministic stream; the seed is printed and read
 * from CLIQUET_SEED to replay a run.
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
#include "helpers/libolm_pickle.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "olm/olm.h"

/* The run's seed (helpers/seed.h), named in failure messages. */
static uint64_t seed;

/* ---- small helpers --------------------------------------------------------- */

#define B64_KEY 43
#define MAX_MSG 4096
#define PICKLE_KEY "olm interop pickle key"

static size_t unb64(uint8_t *out, size_t cap, const char *in, size_t n)
{
    size_t len = 0;

    assert_int_equal(cq_base64_decode(out, cap, &len, in, n), CLIQUET_OK);
    return len;
}

static OlmAccount *l_account_new(void)
{
    return olm_account(cqt_xmalloc(olm_account_size()));
}

static void l_account_free(OlmAccount *a)
{
    olm_clear_account(a);
    free(a);
}

static OlmSession *l_session_new(void)
{
    return olm_session(cqt_xmalloc(olm_session_size()));
}

static void l_session_free(OlmSession *s)
{
    if (s != NULL) {
        olm_clear_session(s);
        free(s);
    }
}

/* Fails with libolm's own error text. */
static void l_check(size_t r, const char *what, const char *err)
{
    if (r == olm_error()) {
        fail_msg("libolm %s: %s (seed %llu)", what, err, (unsigned long long)seed);
    }
}

static void check_account_pickle(OlmAccount *l, const cq_olm_account *c)
{
    size_t n = olm_pickle_account_length(l);
    char *p = cqt_xmalloc(n);
    uint8_t *theirs = cqt_xmalloc(n);
    uint8_t *ours = cqt_xmalloc(n);
    size_t theirs_len;
    cq_writer w;

    l_check(olm_pickle_account(l, PICKLE_KEY, strlen(PICKLE_KEY), p, n),
            "pickle_account", olm_account_last_error(l));
    theirs_len = cqt_libolm_pickle_open(theirs, n, (const uint8_t *)PICKLE_KEY,
                                        strlen(PICKLE_KEY), p, n);
    cq_writer_init(&w, ours, n);
    cq_olm_account_pickle(&w, c);
    assert_false(w.overflow);
    assert_int_equal(w.len, cq_olm_account_pickle_size(c));
    assert_int_equal(w.len, theirs_len);
    assert_memory_equal(ours, theirs, theirs_len);
    free(p);
    free(theirs);
    free(ours);
}

static void check_session_pickle(OlmSession *l, const cq_olm_session *c)
{
    size_t n = olm_pickle_session_length(l);
    char *p = cqt_xmalloc(n);
    uint8_t *theirs = cqt_xmalloc(n);
    uint8_t *ours = cqt_xmalloc(n + 4096);
    size_t theirs_len;
    cq_olm_session back;
    cq_writer w;

    l_check(olm_pickle_session(l, PICKLE_KEY, strlen(PICKLE_KEY), p, n),
            "pickle_session", olm_session_last_error(l));
    theirs_len = cqt_libolm_pickle_open(theirs, n, (const uint8_t *)PICKLE_KEY,
                                        strlen(PICKLE_KEY), p, n);
    cq_writer_init(&w, ours, n + 4096);
    cq_olm_session_pickle(&w, c);
    assert_false(w.overflow);
    assert_int_equal(w.len, cq_olm_session_pickle_size(c));
    assert_int_equal(w.len, theirs_len);
    assert_memory_equal(ours, theirs, theirs_len);
    /* And libolm's fields read back into the same state. */
    assert_int_equal(cq_olm_session_unpickle(&back, theirs, theirs_len,
                                             c->their_identity_key),
                     CLIQUET_OK);
    assert_memory_equal(&back, c, sizeof back);
    free(p);
    free(theirs);
    free(ours);
}

/* ---- accounts ----------------------------------------------------------------- */

static void identity_json(char *out, const cq_olm_account *a)
{
    char c[B64_KEY + 1];
    char e[B64_KEY + 1];

    cqt_b64(c, a->curve25519_public, 32);
    cqt_b64(e, a->ed25519.public_key, 32);
    sprintf(out, "{\"curve25519\":\"%s\",\"ed25519\":\"%s\"}", c, e);
}

/* libolm's one-time key JSON, built from the core's unpublished keys. */
static void one_time_keys_json(char *out, const cq_olm_account *a)
{
    size_t i;
    const cq_olm_one_time_key *k;
    char id[8];
    char key[B64_KEY + 1];
    uint8_t idb[4];

    strcpy(out, "{\"curve25519\":{");
    for (i = 0; (k = cq_olm_account_unpublished(a, i)) != NULL; i++) {
        cq_olm_key_id_bytes(idb, k->id);
        cqt_b64(id, idb, 4);
        cqt_b64(key, k->public_key, 32);
        sprintf(out + strlen(out), "%s\"%s\":\"%s\"", i ? "," : "", id, key);
    }
    strcat(out, "}}");
}

static void fallback_json(char *out, const cq_olm_account *a)
{
    const cq_olm_one_time_key *k = cq_olm_account_unpublished_fallback_key(a);
    char id[8];
    char key[B64_KEY + 1];
    uint8_t idb[4];

    strcpy(out, "{\"curve25519\":{");
    if (k != NULL) {
        cq_olm_key_id_bytes(idb, k->id);
        cqt_b64(id, idb, 4);
        cqt_b64(key, k->public_key, 32);
        sprintf(out + strlen(out), "\"%s\":\"%s\"", id, key);
    }
    strcat(out, "}}");
}

static void compare_account(OlmAccount *l, const cq_olm_account *c)
{
    char theirs[16384];
    char ours[16384];
    size_t n;

    n = olm_account_identity_keys(l, theirs, sizeof theirs);
    l_check(n, "identity_keys", olm_account_last_error(l));
    theirs[n] = '\0';
    identity_json(ours, c);
    assert_string_equal(ours, theirs);

    n = olm_account_one_time_keys(l, theirs, sizeof theirs);
    l_check(n, "one_time_keys", olm_account_last_error(l));
    theirs[n] = '\0';
    one_time_keys_json(ours, c);
    assert_string_equal(ours, theirs);

    n = olm_account_unpublished_fallback_key(l, theirs, sizeof theirs);
    l_check(n, "unpublished_fallback_key", olm_account_last_error(l));
    theirs[n] = '\0';
    fallback_json(ours, c);
    assert_string_equal(ours, theirs);

    check_account_pickle(l, c);
}

/* A pair of accounts, libolm's and cliquet's, made from the same bytes. */
static void make_accounts(OlmAccount **l, cq_olm_account *c)
{
    uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES];

    assert_int_equal(olm_create_account_random_length(*l = l_account_new()),
                     sizeof random);
    cqt_stream(random, sizeof random);
    cq_olm_account_init(c, random);
    l_check(olm_create_account(*l, random, sizeof random), "create_account",
            olm_account_last_error(*l));
}

static void generate_otks(OlmAccount *l, cq_olm_account *c, size_t count)
{
    uint8_t *random = cqt_xmalloc(32 * count + 1);

    assert_int_equal(olm_account_generate_one_time_keys_random_length(l, count),
                     32 * count);
    cqt_stream(random, 32 * count);
    assert_int_equal(cq_olm_account_generate_one_time_keys(c, count, random),
                     CLIQUET_OK);
    l_check(olm_account_generate_one_time_keys(l, count, random, 32 * count),
            "generate_one_time_keys", olm_account_last_error(l));
    free(random);
}

static void generate_fallback(OlmAccount *l, cq_olm_account *c)
{
    uint8_t random[32];

    assert_int_equal(olm_account_generate_fallback_key_random_length(l), 32);
    cqt_stream(random, 32);
    cq_olm_account_generate_fallback_key(c, random);
    l_check(olm_account_generate_fallback_key(l, random, 32),
            "generate_fallback_key", olm_account_last_error(l));
}

/* spec: signing.md §Signature keys and user identity in libolm */
static void test_account_identity(void **state)
{
    OlmAccount *l;
    cq_olm_account *c = cqt_xmalloc(sizeof *c);
    static const char msg[] = "{\"algorithms\":[\"m.olm.v1\"],\"user_id\":\"@a:b\"}";
    char theirs[128];
    char ours[128];
    uint8_t sig[64];
    size_t n;
    int round;

    (void)state;
    for (round = 0; round < 4; round++) {
        make_accounts(&l, c);
        compare_account(l, c);
        n = olm_account_sign(l, msg, strlen(msg), theirs, sizeof theirs);
        l_check(n, "sign", olm_account_last_error(l));
        theirs[n] = '\0';
        cq_ed25519_sign(sig, &c->ed25519, (const uint8_t *)msg, strlen(msg));
        cqt_b64(ours, sig, 64);
        assert_string_equal(ours, theirs);

        generate_otks(l, c, 3);
        compare_account(l, c);
        generate_fallback(l, c);
        compare_account(l, c);
        olm_account_mark_keys_as_published(l);
        cq_olm_account_mark_published(c);
        compare_account(l, c);
        generate_otks(l, c, 2);
        generate_fallback(l, c);
        compare_account(l, c);
        generate_fallback(l, c);
        compare_account(l, c);
        olm_account_forget_old_fallback_key(l);
        cq_olm_account_forget_old_fallback_key(c);
        compare_account(l, c);
        /* Past the store's bound: both drop the oldest keys. */
        generate_otks(l, c, 60);
        generate_otks(l, c, 60);
        compare_account(l, c);
        /* libolm 3.2 answers its whole store here; cliquet answers half
         * of the same store, as vodozemac does (docs/olm.md). */
        assert_int_equal(olm_account_max_number_of_one_time_keys(l),
                         CQ_OLM_MAX_ONE_TIME_KEYS);
        l_account_free(l);
    }
    free(c);
}

/* ---- sessions ----------------------------------------------------------------- */

/* One side of a conversation: a libolm session or a cliquet one. */
typedef struct side {
    int libolm;
    OlmAccount *la;
    OlmSession *ls;
    cq_olm_account *ca;
    cq_olm_session *cs;
    char identity[B64_KEY + 1];
} side;

static void side_init(side *s, int libolm)
{
    memset(s, 0, sizeof *s);
    s->libolm = libolm;
    s->ca = cqt_xmalloc(sizeof *s->ca);
    s->cs = cqt_xmalloc(sizeof *s->cs);
}

static void side_account(side *s, const uint8_t random[64])
{
    uint8_t copy[64]; /* libolm wipes the random bytes it is given */

    memcpy(copy, random, 64);
    if (s->libolm) {
        s->la = l_account_new();
        l_check(olm_create_account(s->la, copy, 64), "create_account",
                olm_account_last_error(s->la));
    }
    cq_olm_account_init(s->ca, random);
    cqt_b64(s->identity, s->ca->curve25519_public, 32);
}

static void side_free(side *s)
{
    if (s->la != NULL) {
        l_account_free(s->la);
    }
    l_session_free(s->ls);
    free(s->ca);
    free(s->cs);
}

/* Bob's side makes one one-time key from random; its base64 goes to key. */
static void side_one_time_key(side *s, const uint8_t random[32], char key[44])
{
    const cq_olm_one_time_key *k;
    uint8_t copy[32];

    memcpy(copy, random, 32);
    if (s->libolm) {
        l_check(olm_account_generate_one_time_keys(s->la, 1, copy, 32),
                "generate_one_time_keys", olm_account_last_error(s->la));
    }
    assert_int_equal(cq_olm_account_generate_one_time_keys(s->ca, 1, random),
                     CLIQUET_OK);
    k = cq_olm_account_unpublished(s->ca, 0);
    cqt_b64(key, k->public_key, 32);
}

static void side_outbound(side *s, const char *their_identity,
                          const char *their_otk, const uint8_t random[64])
{
    uint8_t ik[32];
    uint8_t otk[32];
    uint8_t copy[64];

    memcpy(copy, random, 64);
    if (s->libolm) {
        s->ls = l_session_new();
        l_check(olm_create_outbound_session(s->ls, s->la, their_identity,
                                            B64_KEY, their_otk, B64_KEY,
                                            copy, 64),
                "create_outbound_session", olm_session_last_error(s->ls));
        return;
    }
    unb64(ik, 32, their_identity, B64_KEY);
    unb64(otk, 32, their_otk, B64_KEY);
    assert_int_equal(cq_olm_session_outbound(s->cs, s->ca, ik, otk, random),
                     CLIQUET_OK);
}

static int side_has_session(const side *s)
{
    return s->libolm ? s->ls != NULL : s->cs->ratchet.has_sender_chain ||
                                           s->cs->ratchet.num_receiver_chains;
}

/* Encrypts pt; writes base64 into msg and returns the type. */
static int side_encrypt(side *s, const char *pt, char *msg, size_t *msg_len)
{
    uint8_t random[32];
    uint8_t raw[MAX_MSG];
    size_t need;
    int type;

    if (s->libolm) {
        need = olm_encrypt_random_length(s->ls);
        assert_true(need == 0 || need == 32);
        cqt_stream(random, need);
        type = (int)olm_encrypt_message_type(s->ls);
        *msg_len = olm_encrypt_message_length(s->ls, strlen(pt));
        assert_true(*msg_len < MAX_MSG);
        l_check(olm_encrypt(s->ls, pt, strlen(pt), random, need, msg, *msg_len),
                "encrypt", olm_session_last_error(s->ls));
        msg[*msg_len] = '\0';
        return type;
    }
    need = cq_olm_ratchet_needs_random(&s->cs->ratchet) ? 32 : 0;
    cqt_stream(random, need);
    assert_int_equal(cq_olm_session_encrypt(s->cs, &type, raw, sizeof raw,
                                            msg_len, (const uint8_t *)pt,
                                            strlen(pt), need ? random : NULL),
                     CLIQUET_OK);
    cqt_b64(msg, raw, *msg_len);
    *msg_len = strlen(msg);
    return type;
}

/*
 * Delivers msg to s: creates the inbound session from a pre-key message
 * when s has none, else decrypts. Returns 1 and the plaintext, or 0 if the
 * library refused the message.
 */
static int side_receive(side *s, const side *from, int type, const char *msg,
                        char *pt)
{
    char copy[MAX_MSG];
    uint8_t raw[MAX_MSG];
    size_t raw_len;
    size_t n;
    size_t len = strlen(msg);
    uint8_t ik[32];
    int matches;

    if (s->libolm) {
        if (s->ls == NULL) {
            assert_int_equal(type, OLM_MESSAGE_TYPE_PRE_KEY);
            s->ls = l_session_new();
            memcpy(copy, msg, len);
            l_check(olm_create_inbound_session_from(s->ls, s->la, from->identity,
                                                    B64_KEY, copy, len),
                    "create_inbound_session_from", olm_session_last_error(s->ls));
            memcpy(copy, msg, len);
            n = olm_decrypt(s->ls, (size_t)type, copy, len, pt, MAX_MSG);
            l_check(n, "decrypt (inbound)", olm_session_last_error(s->ls));
            l_check(olm_remove_one_time_keys(s->la, s->ls), "remove_one_time_keys",
                    olm_account_last_error(s->la));
        } else {
            if (type == OLM_MESSAGE_TYPE_PRE_KEY) {
                memcpy(copy, msg, len);
                assert_int_equal(olm_matches_inbound_session(s->ls, copy, len), 1);
            }
            memcpy(copy, msg, len);
            n = olm_decrypt(s->ls, (size_t)type, copy, len, pt, MAX_MSG);
            if (n == olm_error()) {
                return 0;
            }
        }
        pt[n] = '\0';
        return 1;
    }
    raw_len = unb64(raw, sizeof raw, msg, len);
    if (!side_has_session(s)) {
        assert_int_equal(type, CQ_OLM_MESSAGE_PRE_KEY);
        unb64(ik, 32, from->identity, B64_KEY);
        assert_int_equal(cq_olm_session_inbound(s->cs, s->ca, ik, raw, raw_len,
                                                (uint8_t *)pt, MAX_MSG, &n, NULL),
                         CLIQUET_OK);
    } else {
        if (type == CQ_OLM_MESSAGE_PRE_KEY) {
            assert_int_equal(cq_olm_session_matches(s->cs, NULL, raw, raw_len,
                                                    &matches),
                             CLIQUET_OK);
            assert_int_equal(matches, 1);
        }
        if (cq_olm_session_decrypt(s->cs, type, raw, raw_len, (uint8_t *)pt,
                                   MAX_MSG, &n, NULL) != CLIQUET_OK) {
            return 0;
        }
        /* The session authenticates the sender's identity key. */
        assert_memory_equal(s->cs->their_identity_key, from->ca->curve25519_public,
                            32);
    }
    pt[n] = '\0';
    return 1;
}

static void session_id_of(const side *s, char *out)
{
    uint8_t id[32];
    size_t n;

    if (s->libolm) {
        n = olm_session_id(s->ls, out, 64);
        l_check(n, "session_id", olm_session_last_error(s->ls));
        out[n] = '\0';
        return;
    }
    cq_olm_session_id(s->cs, id);
    cqt_b64(out, id, 32);
}

/* ---- 1. byte identity -------------------------------------------------------- */

/* spec: olm.md §Initial setup */
/* spec: olm.md §Sending normal messages */
/* spec: olm.md §Olm Authenticated Encryption */
/*
 * Two conversations run side by side from the same random bytes: libolm's
 * Alice and Bob, and cliquet's. Each message must be the same bytes.
 */
static void test_byte_identity(void **state)
{
    side la, lb, ca, cb; /* libolm Alice/Bob, cliquet Alice/Bob */
    uint8_t random[64];
    char otk[44];
    char otk2[44];
    char m1[MAX_MSG], m2[MAX_MSG];
    char p1[MAX_MSG], p2[MAX_MSG];
    char id1[64], id2[64];
    char pt[200];
    size_t n1, n2;
    int t1, t2;
    int i, from_alice;
    int compared = 0;

    (void)state;
    side_init(&la, 1);
    side_init(&lb, 1);
    side_init(&ca, 0);
    side_init(&cb, 0);
    cqt_stream(random, 64);
    side_account(&la, random);
    side_account(&ca, random);
    cqt_stream(random, 64);
    side_account(&lb, random);
    side_account(&cb, random);
    assert_string_equal(la.identity, ca.identity);
    assert_string_equal(lb.identity, cb.identity);

    cqt_stream(random, 32);
    side_one_time_key(&lb, random, otk);
    side_one_time_key(&cb, random, otk2);
    assert_string_equal(otk, otk2);

    cqt_stream(random, 64);
    side_outbound(&la, lb.identity, otk, random);
    side_outbound(&ca, cb.identity, otk, random);
    session_id_of(&la, id1);
    session_id_of(&ca, id2);
    assert_string_equal(id1, id2);
    check_session_pickle(la.ls, ca.cs);

    for (i = 0; i <= 100; i++) {
        /* The first message is Alice's pre-key message; then a random
         * direction, Bob answering only once he has a session. */
        from_alice = i == 0 || cqt_stream_below(2);
        snprintf(pt, sizeof pt, "message %d from %s: %.*s", i,
                 from_alice ? "Alice" : "Bob", (int)cqt_stream_below(120),
                 "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                 "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklm");
        {
            uint64_t mark = cqt_stream_position();

            t1 = side_encrypt(from_alice ? &la : &lb, pt, m1, &n1);
            cqt_stream_seek(mark); /* the same random bytes for cliquet */
            t2 = side_encrypt(from_alice ? &ca : &cb, pt, m2, &n2);
        }
        assert_int_equal(t1, t2);
        assert_string_equal(m1, m2);
        assert_true(side_receive(from_alice ? &lb : &la, from_alice ? &la : &lb,
                                 t1, m1, p1));
        assert_true(side_receive(from_alice ? &cb : &ca, from_alice ? &ca : &cb,
                                 t2, m2, p2));
        assert_string_equal(p1, pt);
        assert_string_equal(p2, pt);
        if (i == 0) {
            session_id_of(&lb, id1);
            session_id_of(&cb, id2);
            assert_string_equal(id1, id2);
            check_account_pickle(lb.la, cb.ca);
        }
        if (i % 10 == 0) {
            check_session_pickle(la.ls, ca.cs);
            check_session_pickle(lb.ls, cb.cs);
        }
        compared++;
    }
    printf("olm byte identity: %d messages identical to libolm's\n", compared);
    side_free(&la);
    side_free(&lb);
    side_free(&ca);
    side_free(&cb);
}

/* ---- 2. live conversations ------------------------------------------------------- */

/*
 * The model: what a receiver knows of the sender's chains. Chains are
 * numbered as the sender makes them; a message is (chain, index).
 */
typedef struct model {
    int has_sender;          /* the sender chain exists */
    int sender_chain;        /* its number */
    uint32_t sender_index;   /* next index on it */
    int chains[CQ_OLM_MAX_RECEIVER_CHAINS]; /* newest first */
    uint32_t next[CQ_OLM_MAX_RECEIVER_CHAINS];
    int num_chains;
    int skip_chain[CQ_OLM_MAX_SKIPPED_KEYS]; /* newest first */
    uint32_t skip_index[CQ_OLM_MAX_SKIPPED_KEYS];
    int num_skipped;
    int max_seen;            /* the newest chain number ever received */
} model;

/* Chains are numbered from 1 in the order senders make them. */
static int next_chain_number = 1;

/* Bob's model when his session starts from Alice's first chain. */
static void model_start(model *m, int chain)
{
    m->chains[0] = chain;
    m->next[0] = 0;
    m->num_chains = 1;
    m->max_seen = chain;
}

static void model_push_skipped(model *m, int chain, uint32_t index)
{
    int keep = m->num_skipped < CQ_OLM_MAX_SKIPPED_KEYS ? m->num_skipped
                                                        : CQ_OLM_MAX_SKIPPED_KEYS - 1;

    memmove(m->skip_chain + 1, m->skip_chain, (size_t)keep * sizeof(int));
    memmove(m->skip_index + 1, m->skip_index, (size_t)keep * sizeof(uint32_t));
    m->skip_chain[0] = chain;
    m->skip_index[0] = index;
    m->num_skipped = keep + 1;
}

/* The sender side: which (chain, index) the next message gets. */
static void model_send(model *m, int *chain, uint32_t *index)
{
    if (!m->has_sender) {
        m->has_sender = 1;
        m->sender_chain = next_chain_number++;
        m->sender_index = 0;
    }
    *chain = m->sender_chain;
    *index = m->sender_index++;
}

/* The receiver side: 1 if (chain, index) must decrypt, updating the model. */
static int model_receive(model *m, int chain, uint32_t index)
{
    int c, k;

    for (c = 0; c < m->num_chains && m->chains[c] != chain; c++) {
    }
    if (c == m->num_chains) {
        /* A chain seen before and dropped, or a new one before our reply. */
        if (chain <= m->max_seen || !m->has_sender ||
            index > CQ_OLM_MAX_MESSAGE_GAP) {
            return 0;
        }
        m->max_seen = chain;
        k = m->num_chains < CQ_OLM_MAX_RECEIVER_CHAINS ? m->num_chains
                                                       : CQ_OLM_MAX_RECEIVER_CHAINS - 1;
        memmove(m->chains + 1, m->chains, (size_t)k * sizeof(int));
        memmove(m->next + 1, m->next, (size_t)k * sizeof(uint32_t));
        m->chains[0] = chain;
        m->next[0] = 0;
        m->num_chains = k + 1;
        m->has_sender = 0;
        c = 0;
    }
    if (m->next[c] > index) {
        for (k = 0; k < m->num_skipped; k++) {
            if (m->skip_chain[k] == chain && m->skip_index[k] == index) {
                memmove(m->skip_chain + k, m->skip_chain + k + 1,
                        (size_t)(m->num_skipped - k - 1) * sizeof(int));
                memmove(m->skip_index + k, m->skip_index + k + 1,
                        (size_t)(m->num_skipped - k - 1) * sizeof(uint32_t));
                m->num_skipped--;
                return 1;
            }
        }
        return 0;
    }
    if (index - m->next[c] > CQ_OLM_MAX_MESSAGE_GAP) {
        return 0;
    }
    while (m->next[c] < index) {
        model_push_skipped(m, chain, m->next[c]++);
    }
    m->next[c]++;
    return 1;
}

typedef struct flight {
    int type;
    int chain;
    uint32_t index;
    char msg[MAX_MSG];
    char pt[256];
} flight;

#define IN_FLIGHT 16
#define HELD 8

/* Messages on their way; a few are held back for a long time. */
typedef struct lane {
    flight f[IN_FLIGHT];
    int n;
    flight held[HELD];
    int due[HELD];
    int n_held;
} lane;

typedef struct live_stats {
    unsigned long sent, delivered, dropped, late, refused, pre_key;
} live_stats;

/* Messages sent so far in the current run (the clock of held messages). */
static int st_now;

/* Decrypts f at `to` and checks the outcome against the model. */
static void receive_checked(const flight *f, side *to, const side *from,
                            model *to_model, live_stats *st, int late)
{
    char pt[MAX_MSG];
    int expect, got;

    expect = side_has_session(to) ? model_receive(to_model, f->chain, f->index) : 1;
    if (!side_has_session(to)) {
        /* Bob's first message: the model starts from Alice's chain. */
        model_start(to_model, f->chain);
        (void)model_receive(to_model, f->chain, f->index);
    }
    got = side_receive(to, from, f->type, f->msg, pt);
    if (got != expect) {
        fail_msg("live: message (chain %d, index %u) %s, model says %s "
                 "(seed %llu)", f->chain, f->index, got ? "decrypted" : "refused",
                 expect ? "decrypts" : "refused", (unsigned long long)seed);
    }
    if (got) {
        assert_string_equal(pt, f->pt);
        st->delivered++;
        st->late += late;
    } else {
        st->refused++;
    }
}

/* Delivers the held messages that are due (all of them when flush). */
static void deliver_held(lane *l, side *to, const side *from, model *to_model,
                         live_stats *st, int flush)
{
    int i = 0;

    while (i < l->n_held) {
        if (flush || l->due[i] <= st_now) {
            receive_checked(&l->held[i], to, from, to_model, st, 1);
            l->held[i] = l->held[l->n_held - 1];
            l->due[i] = l->due[l->n_held - 1];
            l->n_held--;
        } else {
            i++;
        }
    }
}

/* Delivers (or drops, or holds back) one message from lane l to `to`. */
static void deliver_one(lane *l, side *to, const side *from, model *to_model,
                        live_stats *st)
{
    /* Mostly the oldest; sometimes one of the next few (reordering). */
    int pick = cqt_stream_below(4) == 0
                   ? (int)cqt_stream_below((uint32_t)(l->n < 6 ? l->n : 6)) : 0;
    flight *f = &l->f[pick];

    if (cqt_stream_below(40) == 0) {
        st->dropped++;
    } else if (cqt_stream_below(60) == 0 && l->n_held < HELD) {
        /* Held back for 20 to 150 more messages: its key may be dropped
         * from the skipped keys, or its chain from the receiver chains. */
        l->held[l->n_held] = *f;
        l->due[l->n_held++] = st_now + 20 + (int)cqt_stream_below(130);
    } else {
        receive_checked(f, to, from, to_model, st, pick != 0);
    }
    memmove(&l->f[pick], &l->f[pick + 1], (size_t)(l->n - pick - 1) * sizeof(flight));
    l->n--;
}

/* 10,000 messages per run. make memcheck divides the count by
 * CLIQUET_TEST_SCALE (valgrind runs this about 50 times slower); make test
 * never does. */
static int live_messages = 10000;

static void live_run(int cliquet_initiates, live_stats *st)
{
    side alice, bob;
    model am, bm; /* what Alice and Bob each know as senders and receivers */
    lane to_bob = { .n = 0 }, to_alice = { .n = 0 };
    uint8_t random[64];
    char otk[44];
    int sent = 0;
    int toward_bob = 1;

    memset(&am, 0, sizeof am);
    memset(&bm, 0, sizeof bm);
    side_init(&alice, !cliquet_initiates);
    side_init(&bob, cliquet_initiates);
    cqt_stream(random, 64);
    side_account(&alice, random);
    cqt_stream(random, 64);
    side_account(&bob, random);
    cqt_stream(random, 32);
    side_one_time_key(&bob, random, otk);
    cqt_stream(random, 64);
    side_outbound(&alice, bob.identity, otk, random);
    /* Alice's first chain exists from the start. */
    am.has_sender = 1;
    am.sender_chain = next_chain_number++;

    while (sent < live_messages) {
        int from_alice;

        /* Runs in one direction, turning now and then. */
        if (cqt_stream_below(5) == 0) {
            toward_bob = !toward_bob;
        }
        from_alice = toward_bob || !side_has_session(&bob);
        lane *l = from_alice ? &to_bob : &to_alice;
        side *s = from_alice ? &alice : &bob;

        if (l->n < IN_FLIGHT) {
            flight *f = &l->f[l->n++];

            snprintf(f->pt, sizeof f->pt, "%s #%d %u", from_alice ? "A" : "B", sent,
                     cqt_stream_below(1000000));
            model_send(from_alice ? &am : &bm, &f->chain, &f->index);
            {
                size_t n;

                f->type = side_encrypt(s, f->pt, f->msg, &n);
            }
            st->pre_key += f->type == CQ_OLM_MESSAGE_PRE_KEY;
            sent++;
            st->sent++;
        }
        st_now = sent;
        deliver_held(&to_bob, &bob, &alice, &bm, st, 0);
        deliver_held(&to_alice, &alice, &bob, &am, st, 0);
        /* Deliver some of what is in flight, each lane now and then. */
        while (to_bob.n > 0 && cqt_stream_below(3) != 0) {
            deliver_one(&to_bob, &bob, &alice, &bm, st);
        }
        while (to_alice.n > 0 && side_has_session(&bob) && cqt_stream_below(3) != 0) {
            deliver_one(&to_alice, &alice, &bob, &am, st);
        }
    }
    while (to_bob.n > 0) {
        deliver_one(&to_bob, &bob, &alice, &bm, st);
    }
    while (to_alice.n > 0) {
        deliver_one(&to_alice, &alice, &bob, &am, st);
    }
    deliver_held(&to_bob, &bob, &alice, &bm, st, 1);
    deliver_held(&to_alice, &alice, &bob, &am, st, 1);
    side_free(&alice);
    side_free(&bob);
}

/* spec: olm.md §Advancing the root key */
/* spec: olm.md §Sending the first pre-key messages */
/* spec: olm.md §Creating an inbound session from a pre-key message */
/* spec: olm.md §Sending normal messages */
/* spec: olm.md §Receiving messages */
static void test_live(void **state)
{
    int run;

    (void)state;
    for (run = 0; run < 2; run++) {
        live_stats st = { 0 };

        live_run(run == 0, &st);
        printf("olm live, %s initiates: %lu messages (%lu pre-key), %lu decrypted "
               "(%lu out of order), %lu dropped, %lu refused as the model predicts\n",
               run == 0 ? "cliquet" : "libolm", st.sent, st.pre_key, st.delivered,
               st.late, st.dropped, st.refused);
        assert_true(st.sent >= (unsigned long)live_messages);
        assert_true(st.late > 0 && st.dropped > 0 && st.pre_key > 0 &&
                    st.refused > 0);
    }
}

int main(void)
{
    const char *env;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account_identity),
        cmocka_unit_test(test_byte_identity),
        cmocka_unit_test(test_live),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    seed = cqt_seed_init("test_olm_interop");
    env = getenv("CLIQUET_TEST_SCALE");
    if (env != NULL && strtoul(env, NULL, 10) > 1 && strtoul(env, NULL, 10) <= 100) {
        live_messages /= (int)strtoul(env, NULL, 10);
        printf("test_olm_interop: CLIQUET_TEST_SCALE=%s, %d live messages per run\n", env,
               live_messages);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
