/*
 * Olm interop vectors made with libolm (vectors/olm/, by
 * vectors/gen/gen_olm.c): cliquet's core, given the same random bytes,
 * must reproduce every identity key, signature, one-time key JSON, session
 * id, message and session pickle byte for byte, and decrypt every message
 * libolm decrypted, in the same order.
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

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "helpers/libolm_pickle.h"
#include "helpers/util.h"
#include "helpers/vectors.h"
#include "helpers/sha_paths.h"
#include "olm/olm.h"

static void one_time_key_entry(char *out, const cq_olm_one_time_key *k, int first)
{
    uint8_t idb[4];
    char id[8], key[44];

    cq_olm_key_id_bytes(idb, k->id);
    cqt_b64(id, idb, 4);
    cqt_b64(key, k->public_key, 32);
    sprintf(out + strlen(out), "%s\"%s\":\"%s\"", first ? "" : ",", id, key);
}

/* ---- accounts ------------------------------------------------------------------- */

/* spec: olm.md §Initial setup */
/* spec: signing.md §Signature keys and user identity in libolm */
static void test_accounts(void **state)
{
    cqt_vectors v;
    static cq_olm_account a;
    char text[128];
    uint8_t sig[64];
    const uint8_t *random, *msg;
    size_t random_len, msg_len;

    (void)state;
    cqt_vectors_open(&v, "vectors/olm/accounts.txt",
                     "random curve25519 ed25519 message signature");
    while (cqt_vectors_next(&v)) {
        random = cqt_hex(&v, "random", &random_len);
        assert_int_equal(random_len, CQ_OLM_ACCOUNT_RANDOM_BYTES);
        cq_olm_account_init(&a, random);
        cqt_b64(text, a.curve25519_public, 32);
        assert_string_equal(text, cqt_str(&v, "curve25519"));
        cqt_b64(text, a.ed25519.public_key, 32);
        assert_string_equal(text, cqt_str(&v, "ed25519"));
        msg = cqt_hex(&v, "message", &msg_len);
        cq_ed25519_sign(sig, &a.ed25519, msg, msg_len);
        cqt_b64(text, sig, 64);
        assert_string_equal(text, cqt_str(&v, "signature"));
    }
    printf("olm vectors accounts: %lu cases\n", v.cases);
    cqt_vectors_close(&v);
}

/* spec: olm.md §Initial setup */
/* spec: olm.md §Creating an outbound session */
static void test_one_time_keys(void **state)
{
    cqt_vectors v;
    static cq_olm_account a;
    static char json[8192];
    const uint8_t *random;
    size_t len, i;
    unsigned long count;
    const cq_olm_one_time_key *k;

    (void)state;
    cqt_vectors_open(&v, "vectors/olm/one_time_keys.txt",
                     "account_random count otk_random otk_json fallback_random "
                     "fallback_json");
    while (cqt_vectors_next(&v)) {
        random = cqt_hex(&v, "account_random", &len);
        cq_olm_account_init(&a, random);
        count = cqt_num(&v, "count");
        random = cqt_hex(&v, "otk_random", &len);
        assert_int_equal(len, 32 * count);
        assert_int_equal(cq_olm_account_generate_one_time_keys(&a, count, random),
                         CLIQUET_OK);
        strcpy(json, "{\"curve25519\":{");
        for (i = 0; (k = cq_olm_account_unpublished(&a, i)) != NULL; i++) {
            one_time_key_entry(json, k, i == 0);
        }
        strcat(json, "}}");
        assert_string_equal(json, cqt_str(&v, "otk_json"));

        random = cqt_hex(&v, "fallback_random", &len);
        assert_int_equal(len, 32);
        cq_olm_account_generate_fallback_key(&a, random);
        strcpy(json, "{\"curve25519\":{");
        one_time_key_entry(json, cq_olm_account_unpublished_fallback_key(&a), 1);
        strcat(json, "}}");
        assert_string_equal(json, cqt_str(&v, "fallback_json"));
    }
    printf("olm vectors one-time keys: %lu cases\n", v.cases);
    cqt_vectors_close(&v);
}

/* ---- conversations -------------------------------------------------------------- */

#define MAX_CONV 16
#define MAX_MSGS 128

typedef struct conv_vec {
    uint8_t alice_random[64], bob_random[64], otk_random[32], out_random[64];
    char session_id[64];
    uint8_t pickle_key[64];
    size_t pickle_key_len;
    char *alice_pickle, *bob_pickle;
} conv_vec;

typedef struct msg {
    uint8_t *bytes;
    size_t len;
    int type;
} msg;

typedef struct conversation {
    cq_olm_account alice, bob;
    cq_olm_session as, bs;
    int bob_has_session;
    msg msgs[MAX_MSGS];
} conversation;

static void copy_hex(cqt_vectors *v, const char *name, uint8_t *out, size_t want)
{
    size_t len;
    const uint8_t *p = cqt_hex(v, name, &len);

    assert_int_equal(len, want);
    memcpy(out, p, len);
}

static size_t read_conversations(conv_vec *cv)
{
    cqt_vectors v;
    size_t n = 0;
    const uint8_t *p;

    cqt_vectors_open(&v, "vectors/olm/conversations.txt",
                     "conv alice_random bob_random otk_random outbound_random "
                     "session_id pickle_key alice_pickle bob_pickle");
    while (cqt_vectors_next(&v)) {
        assert_true(n < MAX_CONV);
        assert_int_equal(cqt_num(&v, "conv"), n);
        copy_hex(&v, "alice_random", cv[n].alice_random, 64);
        copy_hex(&v, "bob_random", cv[n].bob_random, 64);
        copy_hex(&v, "otk_random", cv[n].otk_random, 32);
        copy_hex(&v, "outbound_random", cv[n].out_random, 64);
        snprintf(cv[n].session_id, sizeof cv[n].session_id, "%s",
                 cqt_str(&v, "session_id"));
        p = cqt_hex(&v, "pickle_key", &cv[n].pickle_key_len);
        assert_true(cv[n].pickle_key_len <= sizeof cv[n].pickle_key);
        memcpy(cv[n].pickle_key, p, cv[n].pickle_key_len);
        cv[n].alice_pickle = strdup(cqt_str(&v, "alice_pickle"));
        cv[n].bob_pickle = strdup(cqt_str(&v, "bob_pickle"));
        n++;
    }
    cqt_vectors_close(&v);
    return n;
}

static void check_pickle(const cq_olm_session *s, const conv_vec *cv,
                         const char *pickle)
{
    static uint8_t theirs[16384], ours[16384];
    static cq_olm_session back;
    size_t theirs_len = cqt_libolm_pickle_open(theirs, sizeof theirs, cv->pickle_key,
                                               cv->pickle_key_len, pickle, strlen(pickle));
    cq_writer w;

    cq_writer_init(&w, ours, sizeof ours);
    cq_olm_session_pickle(&w, s);
    assert_false(w.overflow);
    assert_int_equal(w.len, theirs_len);
    assert_memory_equal(ours, theirs, theirs_len);
    assert_int_equal(cq_olm_session_unpickle(&back, theirs, theirs_len,
                                             s->their_identity_key),
                     CLIQUET_OK);
    assert_memory_equal(&back, s, sizeof back);
}

static void conversation_start(conversation *c, const conv_vec *cv)
{
    char id[64];
    uint8_t raw_id[32];

    memset(c, 0, sizeof *c);
    cq_olm_account_init(&c->alice, cv->alice_random);
    cq_olm_account_init(&c->bob, cv->bob_random);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&c->bob, 1, cv->otk_random),
                     CLIQUET_OK);
    assert_int_equal(cq_olm_session_outbound(&c->as, &c->alice,
                                             c->bob.curve25519_public,
                                             c->bob.one_time_keys[0].public_key,
                                             cv->out_random),
                     CLIQUET_OK);
    cq_olm_session_id(&c->as, raw_id);
    cqt_b64(id, raw_id, 32);
    assert_string_equal(id, cv->session_id);
}

static void conversation_end(conversation *c, const conv_vec *cv)
{
    size_t i;

    /* Bob's one-time key was used up by his first message. */
    assert_int_equal(c->bob.num_one_time_keys, 0);
    check_pickle(&c->as, cv, cv->alice_pickle);
    check_pickle(&c->bs, cv, cv->bob_pickle);
    for (i = 0; i < MAX_MSGS; i++) {
        free(c->msgs[i].bytes);
    }
}

static void event_send(conversation *c, cqt_vectors *v, int alice)
{
    cq_olm_session *s = alice ? &c->as : &c->bs;
    unsigned long index = cqt_num(v, "index");
    const uint8_t *random, *pt;
    size_t random_len, pt_len, len;
    const char *want = cqt_str(v, "message");
    size_t want_len = strlen(want);
    uint8_t *raw = calloc(1, want_len);
    char *text = calloc(1, want_len + 2);
    int type;

    assert_true(index < MAX_MSGS && raw != NULL && text != NULL);
    random = cqt_hex(v, "random", &random_len);
    assert_int_equal(random_len,
                     cq_olm_ratchet_needs_random(&s->ratchet) ? 32 : 0);
    pt = cqt_hex(v, "plaintext", &pt_len);
    assert_int_equal(cq_olm_session_encrypt(s, &type, raw, want_len, &len, pt,
                                            pt_len, random_len ? random : NULL),
                     CLIQUET_OK);
    assert_int_equal(type, (int)cqt_num(v, "type"));
    cqt_b64(text, raw, len);
    assert_string_equal(text, want);
    c->msgs[index].bytes = raw;
    c->msgs[index].len = len;
    c->msgs[index].type = type;
    free(text);
}

static void event_recv(conversation *c, cqt_vectors *v, int alice)
{
    unsigned long index = cqt_num(v, "index");
    const msg *m;
    const uint8_t *want;
    size_t want_len, len = 0;
    uint8_t pt[4096];

    assert_true(index < MAX_MSGS);
    m = &c->msgs[index];
    assert_non_null(m->bytes);
    assert_int_equal(m->type, (int)cqt_num(v, "type"));
    want = cqt_hex(v, "plaintext", &want_len);
    if (!alice && !c->bob_has_session) {
        assert_int_equal(cq_olm_session_inbound(&c->bs, &c->bob,
                                                c->alice.curve25519_public, m->bytes,
                                                m->len, pt, sizeof pt, &len, NULL),
                         CLIQUET_OK);
        c->bob_has_session = 1;
    } else {
        assert_int_equal(cq_olm_session_decrypt(alice ? &c->as : &c->bs, m->type,
                                                m->bytes, m->len, pt, sizeof pt, &len, NULL),
                         CLIQUET_OK);
    }
    assert_int_equal(len, want_len);
    assert_memory_equal(pt, want, len);
}

/* spec: olm.md §Initial setup */
/* spec: olm.md §Advancing the root key */
/* spec: olm.md §Advancing the chain key */
/* spec: olm.md §Creating a message key */
/* spec: olm.md §Creating an outbound session */
/* spec: olm.md §Sending the first pre-key messages */
/* spec: olm.md §Creating an inbound session from a pre-key message */
/* spec: olm.md §Sending normal messages */
/* spec: olm.md §Pre-Key Messages */
/* spec: olm.md §Olm Authenticated Encryption */
static void test_conversations(void **state)
{
    static conv_vec cv[MAX_CONV];
    static conversation c;
    cqt_vectors v;
    size_t n_conv = read_conversations(cv), i;
    long current = -1;
    unsigned long sent = 0, received = 0;

    (void)state;
    cqt_vectors_open(&v, "vectors/olm/events.txt",
                     "conv kind party index random type plaintext message");
    while (cqt_vectors_next(&v)) {
        long conv = (long)cqt_num(&v, "conv");
        const char *kind = cqt_str(&v, "kind");
        int alice = strcmp(cqt_str(&v, "party"), "alice") == 0;

        assert_true(alice || strcmp(cqt_str(&v, "party"), "bob") == 0);
        if (conv != current) {
            assert_int_equal(conv, current + 1);
            assert_true((size_t)conv < n_conv);
            if (current >= 0) {
                conversation_end(&c, &cv[current]);
            }
            current = conv;
            conversation_start(&c, &cv[current]);
        }
        if (strcmp(kind, "send") == 0) {
            event_send(&c, &v, alice);
            sent++;
        } else {
            assert_string_equal(kind, "recv");
            event_recv(&c, &v, alice);
            received++;
        }
    }
    assert_int_equal((size_t)(current + 1), n_conv);
    conversation_end(&c, &cv[current]);
    printf("olm vectors conversations: %lu cases (%zu conversations, %lu messages "
           "byte-identical, %lu decrypted, %zu pickle pairs identical)\n",
           v.cases, n_conv, sent, received, n_conv);
    cqt_vectors_close(&v);
    for (i = 0; i < n_conv; i++) {
        free(cv[i].alice_pickle);
        free(cv[i].bob_pickle);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_one_time_keys),
        cmocka_unit_test(test_conversations),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cqt_run_on_sha256_paths("olm_vectors", tests,
                                   sizeof tests / sizeof tests[0], NULL, NULL);
}
