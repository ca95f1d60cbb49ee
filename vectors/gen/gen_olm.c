/*
 * Olm interop vectors from Debian's libolm (the independent oracle).
 *
 * Usage: gen_olm OUTDIR (vectors/gen/run.sh passes vectors/olm).
 * Every "random" byte comes from a fixed SHA-256 counter stream, so the
 * files are the same on every run (make vectors rewrites them byte for
 * byte). Files, in cliquet's line format (vectors/gen/gen_wycheproof.py):
 *
 *   accounts.txt       account random -> identity keys, a signature
 *   one_time_keys.txt  account random, one-time key random, fallback key
 *                      random -> libolm's one-time key and fallback JSON
 *   conversations.txt  two accounts, Bob's one-time key, Alice's outbound
 *                      random -> session id, and at the end both sessions'
 *                      pickles (libolm's envelope, key given in the file)
 *   events.txt         per conversation, in order: "send" (who, message
 *                      number, random given to olm_encrypt, plaintext ->
 *                      type, message) and "recv" (who, message number ->
 *                      plaintext), with reordering and dropped messages;
 *                      libolm decrypted every "recv" itself before it was
 *                      written
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>

#include "common.h"

/* A stream number below n (n small, so the modulo bias does not matter here). */
static uint32_t below(uint32_t n)
{
    return stream_u32() % n;
}

/* A libolm account from 64 random bytes (libolm wipes what it is given). */
static OlmAccount *account_from(const uint8_t random[64])
{
    OlmAccount *a = olm_account(xmalloc(olm_account_size()));
    uint8_t copy[64];

    memcpy(copy, random, 64);
    if (olm_create_account(a, copy, 64) == olm_error()) {
        die("olm_create_account", olm_account_last_error(a));
    }
    return a;
}

static void free_account(OlmAccount *a)
{
    olm_clear_account(a);
    free(a);
}

/* The two keys of libolm's identity JSON {"curve25519":"..","ed25519":".."}. */
static void identity_keys(OlmAccount *a, char curve[44], char ed[44])
{
    char json[256];
    size_t n = olm_account_identity_keys(a, json, sizeof json - 1);

    if (n == olm_error()) {
        die("olm_account_identity_keys", olm_account_last_error(a));
    }
    json[n] = '\0';
    if (n != 15 + 43 + 13 + 43 + 2) {
        die("identity keys", json);
    }
    memcpy(curve, json + 15, 43);
    curve[43] = '\0';
    memcpy(ed, json + 15 + 43 + 13, 43);
    ed[43] = '\0';
}

/* ---- accounts.txt ---------------------------------------------------------------- */

#define N_ACCOUNTS 8

static void gen_accounts(const char *dir)
{
    FILE *f = open_out(dir, "accounts.txt");
    unsigned i;

    header(f, "Olm accounts: olm_create_account, olm_account_identity_keys, olm_account_sign.",
           N_ACCOUNTS, "random curve25519 ed25519 message signature");
    for (i = 0; i < N_ACCOUNTS; i++) {
        uint8_t random[64];
        uint8_t msg[200];
        size_t msg_len = i * 23;
        char curve[44], ed[44], sig[128];
        OlmAccount *a;
        size_t n;

        stream(random, 64);
        stream(msg, msg_len);
        a = account_from(random);
        identity_keys(a, curve, ed);
        n = olm_account_sign(a, msg, msg_len, sig, sizeof sig);
        if (n == olm_error()) {
            die("olm_account_sign", olm_account_last_error(a));
        }
        put_hex(f, random, 64);
        fprintf(f, " %s %s ", curve, ed);
        put_hex(f, msg, msg_len);
        fputc(' ', f);
        put_text(f, sig, n);
        fputc('\n', f);
        free_account(a);
    }
    fclose(f);
}

/* ---- one_time_keys.txt ------------------------------------------------------------ */

static const unsigned otk_counts[] = { 0, 1, 2, 5, 10, 20 };
#define N_OTK (sizeof otk_counts / sizeof otk_counts[0])

static void gen_one_time_keys(const char *dir)
{
    FILE *f = open_out(dir, "one_time_keys.txt");
    unsigned i;

    header(f, "One-time keys (olm_account_generate_one_time_keys, olm_account_one_time_keys),\n"
              "# then a fallback key (olm_account_generate_fallback_key,\n"
              "# olm_account_unpublished_fallback_key). Key ids count from 1, shared.",
           (unsigned)N_OTK,
           "account_random count otk_random otk_json fallback_random fallback_json");
    for (i = 0; i < N_OTK; i++) {
        uint8_t random[64], fallback[32], copy[32];
        uint8_t *otk_random = xmalloc(32 * otk_counts[i] + 1);
        uint8_t *otk_copy = xmalloc(32 * otk_counts[i] + 1);
        char json[4096];
        OlmAccount *a;
        size_t n;

        stream(random, 64);
        stream(otk_random, 32 * otk_counts[i]);
        stream(fallback, 32);
        a = account_from(random);
        memcpy(otk_copy, otk_random, 32 * otk_counts[i]);
        if (olm_account_generate_one_time_keys(a, otk_counts[i], otk_copy,
                                               32 * otk_counts[i]) == olm_error()) {
            die("olm_account_generate_one_time_keys", olm_account_last_error(a));
        }
        put_hex(f, random, 64);
        fprintf(f, " %u ", otk_counts[i]);
        put_hex(f, otk_random, 32 * otk_counts[i]);
        n = olm_account_one_time_keys(a, json, sizeof json);
        if (n == olm_error()) {
            die("olm_account_one_time_keys", olm_account_last_error(a));
        }
        fputc(' ', f);
        put_text(f, json, n);
        memcpy(copy, fallback, 32);
        if (olm_account_generate_fallback_key(a, copy, 32) == olm_error()) {
            die("olm_account_generate_fallback_key", olm_account_last_error(a));
        }
        n = olm_account_unpublished_fallback_key(a, json, sizeof json);
        if (n == olm_error()) {
            die("olm_account_unpublished_fallback_key", olm_account_last_error(a));
        }
        fputc(' ', f);
        put_hex(f, fallback, 32);
        fputc(' ', f);
        put_text(f, json, n);
        fputc('\n', f);
        free_account(a);
        free(otk_random);
        free(otk_copy);
    }
    fclose(f);
}

/* ---- conversations.txt and events.txt ---------------------------------------------- */

#define N_CONVERSATIONS 6
#define MAX_MESSAGES 80
#define MAX_MSG 2048

static const char pickle_key[] = "cliquet gen_olm pickle key";

typedef struct sent {
    int from_alice;
    int type;
    char message[MAX_MSG];
    size_t len;
    uint8_t plaintext[300];
    size_t pt_len;
    int done; /* received or dropped */
} sent;

typedef struct conversation {
    OlmAccount *alice, *bob;
    OlmSession *as, *bs;
    char alice_curve[44], bob_curve[44];
    sent msgs[MAX_MESSAGES];
    int n;
    FILE *events;
    unsigned conv;
    unsigned *event_count;
} conversation;

static void do_send(conversation *c, int from_alice)
{
    OlmSession *s = from_alice ? c->as : c->bs;
    sent *m = &c->msgs[c->n];
    uint8_t random[32], copy[32];
    size_t need = olm_encrypt_random_length(s);

    m->from_alice = from_alice;
    m->pt_len = below(200);
    stream(m->plaintext, m->pt_len);
    stream(random, need);
    memcpy(copy, random, need);
    m->type = (int)olm_encrypt_message_type(s);
    m->len = olm_encrypt_message_length(s, m->pt_len);
    if (m->len >= MAX_MSG ||
        olm_encrypt(s, m->plaintext, m->pt_len, copy, need, m->message, m->len) ==
            olm_error()) {
        die("olm_encrypt", olm_session_last_error(s));
    }
    fprintf(c->events, "%u send %s %d ", c->conv, from_alice ? "alice" : "bob", c->n);
    put_hex(c->events, random, need);
    fprintf(c->events, " %d ", m->type);
    put_hex(c->events, m->plaintext, m->pt_len);
    fputc(' ', c->events);
    put_text(c->events, m->message, m->len);
    fputc('\n', c->events);
    (*c->event_count)++;
    c->n++;
}

/* Bob's first message makes his session; every plaintext is checked. */
static void do_recv(conversation *c, int k)
{
    sent *m = &c->msgs[k];
    OlmSession *s = m->from_alice ? c->bs : c->as;
    char copy[MAX_MSG];
    uint8_t pt[MAX_MSG];
    size_t n;

    if (m->from_alice && c->bs == NULL) {
        c->bs = olm_session(xmalloc(olm_session_size()));
        s = c->bs;
        memcpy(copy, m->message, m->len);
        if (olm_create_inbound_session_from(s, c->bob, c->alice_curve, 43, copy,
                                            m->len) == olm_error()) {
            die("olm_create_inbound_session_from", olm_session_last_error(s));
        }
        if (olm_remove_one_time_keys(c->bob, s) == olm_error()) {
            die("olm_remove_one_time_keys", olm_account_last_error(c->bob));
        }
    }
    memcpy(copy, m->message, m->len);
    n = olm_decrypt(s, (size_t)m->type, copy, m->len, pt, sizeof pt);
    if (n == olm_error() || n != m->pt_len || memcmp(pt, m->plaintext, n) != 0) {
        die("olm_decrypt", olm_session_last_error(s));
    }
    m->done = 1;
    fprintf(c->events, "%u recv %s %d - %d ", c->conv, m->from_alice ? "bob" : "alice",
            k, m->type);
    put_hex(c->events, m->plaintext, m->pt_len);
    fputs(" -\n", c->events);
    (*c->event_count)++;
}

/* Delivers one pending message towards `to_alice`: mostly the oldest,
 * sometimes a later one (reordering), rarely none at all (a drop). */
static void deliver(conversation *c, int to_alice)
{
    int pending[MAX_MESSAGES];
    int np = 0, k, pick;

    for (k = 0; k < c->n; k++) {
        if (!c->msgs[k].done && c->msgs[k].from_alice != to_alice) {
            pending[np++] = k;
        }
    }
    if (np == 0) {
        return;
    }
    pick = below(3) == 0 ? (int)below((uint32_t)(np < 4 ? np : 4)) : 0;
    if (below(15) == 0 && !(to_alice == 0 && c->bs == NULL)) {
        c->msgs[pending[pick]].done = 1; /* dropped */
        return;
    }
    do_recv(c, pending[pick]);
}

static void put_pickle(FILE *f, OlmSession *s)
{
    size_t n = olm_pickle_session_length(s);
    char *p = xmalloc(n + 1);

    if (olm_pickle_session(s, pickle_key, strlen(pickle_key), p, n) == olm_error()) {
        die("olm_pickle_session", olm_session_last_error(s));
    }
    put_text(f, p, n);
    free(p);
}

static void one_conversation(FILE *convs, FILE *events, unsigned conv,
                             unsigned *event_count)
{
    conversation *c = xmalloc(sizeof *c);
    uint8_t alice_random[64], bob_random[64], otk_random[32], out_random[64], copy[64];
    char ed[44], json[512], otk[44], id[64];
    size_t n;
    int i, steps = 20 + (int)conv * 10;

    c->events = events;
    c->conv = conv;
    c->event_count = event_count;
    stream(alice_random, 64);
    stream(bob_random, 64);
    stream(otk_random, 32);
    stream(out_random, 64);
    c->alice = account_from(alice_random);
    c->bob = account_from(bob_random);
    identity_keys(c->alice, c->alice_curve, ed);
    identity_keys(c->bob, c->bob_curve, ed);
    memcpy(copy, otk_random, 32);
    if (olm_account_generate_one_time_keys(c->bob, 1, copy, 32) == olm_error()) {
        die("olm_account_generate_one_time_keys", olm_account_last_error(c->bob));
    }
    n = olm_account_one_time_keys(c->bob, json, sizeof json);
    /* {"curve25519":{"AAAAAQ":"<43>"}} */
    if (n != 15 + 10 + 43 + 3) {
        die("one-time key JSON", "unexpected shape");
    }
    memcpy(otk, json + 15 + 10, 43);
    otk[43] = '\0';
    c->as = olm_session(xmalloc(olm_session_size()));
    memcpy(copy, out_random, 64);
    if (olm_create_outbound_session(c->as, c->alice, c->bob_curve, 43, otk, 43, copy,
                                    64) == olm_error()) {
        die("olm_create_outbound_session", olm_session_last_error(c->as));
    }
    n = olm_session_id(c->as, id, sizeof id);

    /* Alice opens with two pre-key messages; then random turns. */
    do_send(c, 1);
    do_send(c, 1);
    for (i = 0; i < steps && c->n < MAX_MESSAGES - 2; i++) {
        int from_alice = c->bs == NULL || below(2) == 0;

        do_send(c, from_alice);
        if (below(3) != 0) {
            deliver(c, 0);
        }
        if (c->bs != NULL && below(3) != 0) {
            deliver(c, 1);
        }
    }
    for (i = 0; i < MAX_MESSAGES; i++) {
        deliver(c, 0);
        deliver(c, 1);
    }

    fprintf(convs, "%u ", conv);
    put_hex(convs, alice_random, 64);
    fputc(' ', convs);
    put_hex(convs, bob_random, 64);
    fputc(' ', convs);
    put_hex(convs, otk_random, 32);
    fputc(' ', convs);
    put_hex(convs, out_random, 64);
    fputc(' ', convs);
    put_text(convs, id, n);
    fputc(' ', convs);
    put_hex(convs, (const uint8_t *)pickle_key, strlen(pickle_key));
    fputc(' ', convs);
    put_pickle(convs, c->as);
    fputc(' ', convs);
    put_pickle(convs, c->bs);
    fputc('\n', convs);

    free_account(c->alice);
    free_account(c->bob);
    olm_clear_session(c->as);
    olm_clear_session(c->bs);
    free(c->as);
    free(c->bs);
    free(c);
}

static void gen_conversations(const char *dir)
{
    FILE *convs = open_out(dir, "conversations.txt");
    FILE *tmp = tmpfile();
    FILE *events = open_out(dir, "events.txt");
    unsigned conv, count = 0;
    int ch;

    if (tmp == NULL) {
        die("tmpfile", "failed");
    }
    header(convs, "Olm conversations between two libolm accounts: Alice's outbound session to\n"
                  "# Bob's one-time key; the pickles are taken after every event in events.txt.",
           N_CONVERSATIONS,
           "conv alice_random bob_random otk_random outbound_random session_id "
           "pickle_key alice_pickle bob_pickle");
    for (conv = 0; conv < N_CONVERSATIONS; conv++) {
        one_conversation(convs, tmp, conv, &count);
    }
    header(events, "Olm events of each conversation, in order. send: olm_encrypt given random\n"
                   "# (- when libolm asks for none) -> type, message. recv: olm_decrypt of\n"
                   "# message number `index` -> plaintext (Bob's first makes his session).",
           count, "conv kind party index random type plaintext message");
    rewind(tmp);
    while ((ch = fgetc(tmp)) != EOF) {
        fputc(ch, events);
    }
    fclose(tmp);
    fclose(convs);
    fclose(events);
}

int main(int argc, char **argv)
{
    const char *dir = start_generator(argc, argv, "gen_olm");

    gen_accounts(dir);
    gen_one_time_keys(dir);
    gen_conversations(dir);
    return 0;
}
