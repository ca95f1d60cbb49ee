/*
 * Writes the files of vectors/pickle/ with Debian's libolm as the oracle
 * (make vectors). Usage: gen_pickle OUTDIR
 *
 * All "random" bytes come from a fixed SHA-256 counter stream; each case
 * records the bytes it took, in the order it took them, so that a test can
 * replay the same steps in cliquet and compare pickles byte for byte.
 *
 *   envelope.txt   libolm's pickle envelope (_olm_enc_output) of raw bytes
 *                  under keys of many lengths
 *   accounts.txt   an account after a script of steps, its libolm pickle, a
 *                  signature, and the one-time key JSON after one more key
 *   sessions.txt   two sessions after a scripted conversation (skipped
 *                  message keys held, several receiver chains), pickled
 *   megolm.txt     outbound, inbound (verified) and imported (unverified)
 *                  group sessions, pickled, and the outbound's next message
 *   pk.txt         PK decryption keys, pickled
 *   old.txt        pickles of libolm's older layouts (account versions 1, 2
 *                  and 3, session 0x80000001, inbound group session 1) and
 *                  unknown versions, made by rewriting the raw bytes of a
 *                  current pickle and sealing them with libolm's envelope,
 *                  with libolm's verdict when reading them and its pickle
 *                  (current version) of what it read
 *
 * The envelope functions _olm_enc_output/_olm_enc_input are exported by
 * libolm.so.3 but not declared in its public headers; they are declared
 * here as libolm's src/pickle_encoding.c defines them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/inbound_group_session.h>
#include <olm/olm.h>
#include <olm/outbound_group_session.h>
#include <olm/pk.h>

#include "common.h"

size_t _olm_enc_output_length(size_t raw_length);
uint8_t *_olm_enc_output_pos(uint8_t *output, size_t raw_length);
size_t _olm_enc_output(const uint8_t *key, size_t key_length, uint8_t *pickle,
                       size_t raw_length);
size_t _olm_enc_input(const uint8_t *key, size_t key_length, uint8_t *input,
                      size_t b64_length, enum OlmErrorCode *last_error);

static const char pickle_key[] = "cliquet gen_pickle key";
#define KEY ((const uint8_t *)pickle_key)
#define KEY_LEN (sizeof pickle_key - 1)

/* ---- output helpers --------------------------------------------------------- */

/* The bytes the current case took from the stream, in order. */
static uint8_t taken[65536];
static size_t taken_len;

/* n stream bytes into out, logged for the case's "random" field. */
static void take(uint8_t *out, size_t n)
{
    if (taken_len + n > sizeof taken) {
        die("take", "too many random bytes in one case");
    }
    stream(out, n);
    memcpy(taken + taken_len, out, n);
    taken_len += n;
}

/*
 * Cases are written to a temporary file first, counted, then copied after
 * the header (which declares the count).
 */
static void finish(FILE *out, FILE *tmp, const char *what, unsigned cases,
                   const char *fields)
{
    int ch;

    header(out, what, cases, fields);
    rewind(tmp);
    while ((ch = fgetc(tmp)) != EOF) {
        fputc(ch, out);
    }
    fclose(tmp);
    fclose(out);
}

/* ---- libolm helpers ------------------------------------------------------------ */

static OlmAccount *new_account(void)
{
    uint8_t random[64];
    OlmAccount *a = olm_account(xmalloc(olm_account_size()));

    take(random, sizeof random);
    if (olm_create_account(a, random, sizeof random) == olm_error()) {
        die("olm_create_account", olm_account_last_error(a));
    }
    return a;
}

static void free_account(OlmAccount *a)
{
    olm_clear_account(a);
    free(a);
}

/* The account's pickle under KEY; the caller frees it. */
static char *pickle_account(OlmAccount *a, size_t *n)
{
    char *p;

    *n = olm_pickle_account_length(a);
    p = xmalloc(*n);
    if (olm_pickle_account(a, KEY, KEY_LEN, p, *n) == olm_error()) {
        die("olm_pickle_account", olm_account_last_error(a));
    }
    return p;
}

static char *pickle_session(OlmSession *s, size_t *n)
{
    char *p;

    *n = olm_pickle_session_length(s);
    p = xmalloc(*n);
    if (olm_pickle_session(s, KEY, KEY_LEN, p, *n) == olm_error()) {
        die("olm_pickle_session", olm_session_last_error(s));
    }
    return p;
}

static char *pickle_inbound(OlmInboundGroupSession *s, size_t *n)
{
    char *p;

    *n = olm_pickle_inbound_group_session_length(s);
    p = xmalloc(*n);
    if (olm_pickle_inbound_group_session(s, KEY, KEY_LEN, p, *n) == olm_error()) {
        die("olm_pickle_inbound_group_session",
            olm_inbound_group_session_last_error(s));
    }
    return p;
}

static void generate_one_time_keys(OlmAccount *a, size_t count)
{
    uint8_t *random = xmalloc(32 * count);

    take(random, 32 * count);
    if (olm_account_generate_one_time_keys(a, count, random, 32 * count) ==
        olm_error()) {
        die("olm_account_generate_one_time_keys", olm_account_last_error(a));
    }
    free(random);
}

static void generate_fallback_key(OlmAccount *a)
{
    uint8_t random[32];

    take(random, sizeof random);
    if (olm_account_generate_fallback_key(a, random, sizeof random) == olm_error()) {
        die("olm_account_generate_fallback_key", olm_account_last_error(a));
    }
}

/* ---- envelope.txt ----------------------------------------------------------------- */

static void gen_envelope(const char *dir)
{
    static const size_t key_lens[] = { 0, 1, 6, 31, 32, 33, 64, 100 };
    static const size_t raw_lens[] = { 0, 1, 15, 16, 17, 68, 232, 301 };
    FILE *out = open_out(dir, "envelope.txt"), *tmp = tmpfile();
    unsigned cases = 0;
    size_t i;

    for (i = 0; i < sizeof key_lens / sizeof key_lens[0]; i++) {
        size_t raw_len = raw_lens[i];
        uint8_t key[100], *buf, *raw = xmalloc(raw_len);
        size_t n;

        stream(key, key_lens[i]);
        stream(raw, raw_len);
        buf = xmalloc(_olm_enc_output_length(raw_len));
        memcpy(_olm_enc_output_pos(buf, raw_len), raw, raw_len);
        n = _olm_enc_output(key, key_lens[i], buf, raw_len);
        put_hex(tmp, key, key_lens[i]);
        fputc(' ', tmp);
        put_hex(tmp, raw, raw_len);
        fputc(' ', tmp);
        put_text(tmp, buf, n);
        fputc('\n', tmp);
        cases++;
        free(buf);
        free(raw);
    }
    finish(out, tmp, "libolm's pickle envelope: _olm_enc_output(key, raw) -> pickle.", cases,
           "key raw pickle");
}

/* ---- accounts.txt --------------------------------------------------------------- */

/*
 * Scripts: "o<n>" n one-time keys, "p" mark keys as published, "f" a
 * fallback key, "x" forget the old fallback key; comma-separated.
 */
static const char *const account_scripts[] = {
    "-",
    "o5",
    "o10,p,o3,f",
    "f,p,f",
    "o3,f,p,f,x",
    "o100,o7,f,f,f",
    "o40,p,o40,f,p,f,o20",
};

static void run_account_script(OlmAccount *a, const char *script)
{
    const char *p = script;

    while (*p != '\0' && *p != '-') {
        char op = *p++;

        if (op == 'o') {
            generate_one_time_keys(a, strtoul(p, (char **)&p, 10));
        } else if (op == 'p') {
            olm_account_mark_keys_as_published(a);
        } else if (op == 'f') {
            generate_fallback_key(a);
        } else if (op == 'x') {
            olm_account_forget_old_fallback_key(a);
        } else {
            die("account script", script);
        }
        if (*p == ',') {
            p++;
        }
    }
}

static void gen_accounts(const char *dir)
{
    static const char message[] = "cliquet pickle signature";
    FILE *out = open_out(dir, "accounts.txt"), *tmp = tmpfile();
    unsigned cases = 0;
    size_t i;

    for (i = 0; i < sizeof account_scripts / sizeof account_scripts[0]; i++) {
        OlmAccount *a;
        char *pickle, sig[128], *json;
        size_t n, sig_len, json_len, random_len;
        uint8_t next_random[32];

        taken_len = 0;
        a = new_account();
        run_account_script(a, account_scripts[i]);
        pickle = pickle_account(a, &n);
        sig_len = olm_account_sign(a, message, sizeof message - 1, sig, sizeof sig);
        random_len = taken_len;
        /* One more one-time key after the pickle: its id shows where the
         * sequence goes on. */
        generate_one_time_keys(a, 1);
        memcpy(next_random, taken + random_len, 32);
        json_len = olm_account_one_time_keys_length(a);
        json = xmalloc(json_len);
        if (olm_account_one_time_keys(a, json, json_len) == olm_error()) {
            die("olm_account_one_time_keys", olm_account_last_error(a));
        }
        fprintf(tmp, "%s ", account_scripts[i]);
        put_hex(tmp, taken, random_len);
        fputc(' ', tmp);
        put_hex(tmp, KEY, KEY_LEN);
        fputc(' ', tmp);
        put_text(tmp, pickle, n);
        fputc(' ', tmp);
        put_hex(tmp, (const uint8_t *)message, sizeof message - 1);
        fputc(' ', tmp);
        put_text(tmp, sig, sig_len);
        fputc(' ', tmp);
        put_hex(tmp, next_random, 32);
        fputc(' ', tmp);
        put_text(tmp, json, json_len);
        fputc('\n', tmp);
        cases++;
        free(json);
        free(pickle);
        free_account(a);
    }
    finish(out, tmp,
           "Accounts after a script (o<n>: n one-time keys, p: mark published, f: fallback key,\n"
           "# x: forget old fallback key), random = every byte taken in order (64 for the account\n"
           "# first). pickle: olm_pickle_account. signature: olm_account_sign(message). Then one\n"
           "# more one-time key from next_random: next_json is olm_account_one_time_keys.",
           cases, "script random pickle_key pickle message signature next_random next_json");
}

/* ---- sessions.txt --------------------------------------------------------------- */

/*
 * Scripts: "a"/"b" Alice/Bob encrypts its next message ("a<k>"/"b<k>", k
 * counting that side's messages from 0); "A<k>"/"B<k>" Alice/Bob decrypts
 * the other side's message k (Bob's first makes his inbound session).
 */
static const char *const session_scripts[] = {
    "-",
    "a",
    "a,B0",
    "a,a,a,B2",
    "a,B0,b,A0,a,B1,b,A1,a,B2,b,A2,a,B3,b,A3,a,B4,b,A4,a,B5,b,A5",
    "a,a,B1,b,b,b,A2,a,a,a,B4,b,A3,b,b,A5,a,B5",
    "a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,B44",
};

#define MAX_MESSAGES 64

typedef struct conversation {
    OlmAccount *alice, *bob;
    OlmSession *as, *bs;
    char bob_curve[43];
    char *msg[2][MAX_MESSAGES]; /* [0]: Alice's, [1]: Bob's */
    size_t msg_len[2][MAX_MESSAGES];
    size_t msg_type[2][MAX_MESSAGES];
    unsigned sent[2];
} conversation;

static void identity_curve(OlmAccount *a, char curve[43])
{
    char json[256];
    size_t n = olm_account_identity_keys(a, json, sizeof json);

    /* {"curve25519":"<43>","ed25519":"<43>"} */
    if (n == olm_error() || n < 15 + 43) {
        die("olm_account_identity_keys", olm_account_last_error(a));
    }
    memcpy(curve, json + 15, 43);
}

static void conv_send(conversation *c, int side)
{
    OlmSession *s = side == 0 ? c->as : c->bs;
    char plaintext[16];
    uint8_t random[32];
    unsigned k = c->sent[side];
    size_t len, n, random_len;

    if (s == NULL || k >= MAX_MESSAGES) {
        die("session script", "no session or too many messages");
    }
    random_len = olm_encrypt_random_length(s);
    n = (size_t)snprintf(plaintext, sizeof plaintext, "%c%u", side == 0 ? 'a' : 'b', k);
    take(random, random_len);
    len = olm_encrypt_message_length(s, n);
    c->msg[side][k] = xmalloc(len);
    c->msg_type[side][k] = olm_encrypt_message_type(s);
    if (olm_encrypt(s, plaintext, n, random, random_len, c->msg[side][k], len) ==
        olm_error()) {
        die("olm_encrypt", olm_session_last_error(s));
    }
    c->msg_len[side][k] = len;
    c->sent[side]++;
}

static void conv_receive(conversation *c, int side, unsigned k)
{
    int from = 1 - side;
    char *copy, plaintext[64];
    size_t n;

    if (k >= c->sent[from]) {
        die("session script", "message not sent yet");
    }
    copy = xmalloc(c->msg_len[from][k]);
    if (side == 1 && c->bs == NULL) {
        memcpy(copy, c->msg[from][k], c->msg_len[from][k]);
        c->bs = olm_session(xmalloc(olm_session_size()));
        if (olm_create_inbound_session(c->bs, c->bob, copy, c->msg_len[from][k]) ==
            olm_error()) {
            die("olm_create_inbound_session", olm_session_last_error(c->bs));
        }
        olm_remove_one_time_keys(c->bob, c->bs);
    }
    memcpy(copy, c->msg[from][k], c->msg_len[from][k]);
    n = olm_decrypt(side == 0 ? c->as : c->bs, c->msg_type[from][k], copy,
                    c->msg_len[from][k], plaintext, sizeof plaintext);
    if (n == olm_error()) {
        die("olm_decrypt", olm_session_last_error(side == 0 ? c->as : c->bs));
    }
    free(copy);
}

static void run_session_script(conversation *c, const char *script)
{
    const char *p = script;

    while (*p != '\0' && *p != '-') {
        char op = *p++;

        if (op == 'a' || op == 'b') {
            conv_send(c, op == 'b');
        } else if (op == 'A' || op == 'B') {
            conv_receive(c, op == 'B', (unsigned)strtoul(p, (char **)&p, 10));
        } else {
            die("session script", script);
        }
        if (*p == ',') {
            p++;
        }
    }
}

static void gen_sessions(const char *dir)
{
    FILE *out = open_out(dir, "sessions.txt"), *tmp = tmpfile();
    unsigned cases = 0;
    size_t i;

    for (i = 0; i < sizeof session_scripts / sizeof session_scripts[0]; i++) {
        conversation *c = xmalloc(sizeof *c);
        char json[128], otk[43], *ap, *bp = NULL;
        uint8_t random[64];
        size_t an, bn = 0, k;

        taken_len = 0;
        c->alice = new_account();
        c->bob = new_account();
        generate_one_time_keys(c->bob, 1);
        identity_curve(c->bob, c->bob_curve);
        /* {"curve25519":{"AAAAAQ":"<43>"}} */
        if (olm_account_one_time_keys(c->bob, json, sizeof json) != 15 + 10 + 43 + 3) {
            die("one-time key JSON", "unexpected shape");
        }
        memcpy(otk, json + 15 + 10, 43);
        c->as = olm_session(xmalloc(olm_session_size()));
        take(random, 64);
        if (olm_create_outbound_session(c->as, c->alice, c->bob_curve, 43, otk, 43,
                                        random, 64) == olm_error()) {
            die("olm_create_outbound_session", olm_session_last_error(c->as));
        }
        run_session_script(c, session_scripts[i]);
        ap = pickle_session(c->as, &an);
        if (c->bs != NULL) {
            bp = pickle_session(c->bs, &bn);
        }
        fprintf(tmp, "%s ", session_scripts[i]);
        put_hex(tmp, taken, taken_len);
        fputc(' ', tmp);
        put_hex(tmp, KEY, KEY_LEN);
        fputc(' ', tmp);
        put_text(tmp, ap, an);
        fputc(' ', tmp);
        put_text(tmp, bp, bn);
        fputc('\n', tmp);
        cases++;
        free(ap);
        free(bp);
        for (k = 0; k < MAX_MESSAGES; k++) {
            free(c->msg[0][k]);
            free(c->msg[1][k]);
        }
        olm_clear_session(c->as);
        free(c->as);
        if (c->bs != NULL) {
            olm_clear_session(c->bs);
            free(c->bs);
        }
        free_account(c->alice);
        free_account(c->bob);
        free(c);
    }
    finish(out, tmp,
           "Olm sessions after a scripted conversation. Random, in order: Alice's account (64),\n"
           "# Bob's (64), Bob's one-time key (32), Alice's outbound session (64), then 32 for each\n"
           "# encrypt that asks for it. Script: a/b = Alice/Bob encrypts \"a<k>\"/\"b<k>\" (k counts\n"
           "# that side's messages from 0); A<k>/B<k> = Alice/Bob decrypts the other's message k\n"
           "# (Bob's first makes his inbound session and removes the one-time key). Pickles with\n"
           "# olm_pickle_session; - when Bob has no session.",
           cases, "script random pickle_key alice_pickle bob_pickle");
}

/* ---- megolm.txt --------------------------------------------------------------- */

static void gen_megolm(const char *dir)
{
    static const unsigned counts[] = { 0, 1, 2, 5, 17 };
    static const char next[] = "the next message";
    FILE *out = open_out(dir, "megolm.txt"), *tmp = tmpfile();
    unsigned cases = 0;
    size_t i;

    for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        OlmOutboundGroupSession *o =
            olm_outbound_group_session(xmalloc(olm_outbound_group_session_size()));
        OlmInboundGroupSession *in =
            olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
        OlmInboundGroupSession *imp =
            olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
        uint8_t random[160], key[512], exported[512], *msg = NULL, plaintext[64];
        char *op, *ip, *mp, *next_msg;
        size_t key_len, on, in_n, mn, msg_len = 0, next_len, exp_len;
        unsigned k;

        taken_len = 0;
        take(random, sizeof random);
        if (olm_init_outbound_group_session(o, random, sizeof random) == olm_error()) {
            die("olm_init_outbound_group_session", olm_outbound_group_session_last_error(o));
        }
        key_len = olm_outbound_group_session_key(o, key, sizeof key);
        if (olm_init_inbound_group_session(in, key, key_len) == olm_error()) {
            die("olm_init_inbound_group_session", olm_inbound_group_session_last_error(in));
        }
        for (k = 0; k < counts[i]; k++) {
            char text[16];
            size_t n = (size_t)snprintf(text, sizeof text, "m%u", k);

            free(msg);
            msg_len = olm_group_encrypt_message_length(o, n);
            msg = xmalloc(msg_len);
            if (olm_group_encrypt(o, (const uint8_t *)text, n, msg, msg_len) == olm_error()) {
                die("olm_group_encrypt", olm_outbound_group_session_last_error(o));
            }
        }
        if (msg != NULL) {
            /* The inbound session decrypts the last message only. */
            uint32_t index;
            if (olm_group_decrypt(in, msg, msg_len, plaintext, sizeof plaintext, &index) ==
                olm_error()) {
                die("olm_group_decrypt", olm_inbound_group_session_last_error(in));
            }
        }
        exp_len = olm_export_inbound_group_session(in, exported, sizeof exported,
                                                   counts[i] / 2);
        if (exp_len == olm_error() ||
            olm_import_inbound_group_session(imp, exported, exp_len) == olm_error()) {
            die("export/import", olm_inbound_group_session_last_error(in));
        }
        on = olm_pickle_outbound_group_session_length(o);
        op = xmalloc(on);
        if (olm_pickle_outbound_group_session(o, KEY, KEY_LEN, op, on) == olm_error()) {
            die("olm_pickle_outbound_group_session", olm_outbound_group_session_last_error(o));
        }
        ip = pickle_inbound(in, &in_n);
        mp = pickle_inbound(imp, &mn);
        next_len = olm_group_encrypt_message_length(o, sizeof next - 1);
        next_msg = xmalloc(next_len);
        if (olm_group_encrypt(o, (const uint8_t *)next, sizeof next - 1,
                              (uint8_t *)next_msg, next_len) == olm_error()) {
            die("olm_group_encrypt", olm_outbound_group_session_last_error(o));
        }
        fprintf(tmp, "%u ", counts[i]);
        put_hex(tmp, taken, taken_len);
        fputc(' ', tmp);
        put_hex(tmp, KEY, KEY_LEN);
        fputc(' ', tmp);
        put_text(tmp, op, on);
        fputc(' ', tmp);
        put_text(tmp, ip, in_n);
        fputc(' ', tmp);
        put_text(tmp, mp, mn);
        fputc(' ', tmp);
        put_hex(tmp, (const uint8_t *)next, sizeof next - 1);
        fputc(' ', tmp);
        put_text(tmp, next_msg, next_len);
        fputc('\n', tmp);
        cases++;
        free(msg);
        free(op);
        free(ip);
        free(mp);
        free(next_msg);
        olm_clear_outbound_group_session(o);
        olm_clear_inbound_group_session(in);
        olm_clear_inbound_group_session(imp);
        free(o);
        free(in);
        free(imp);
    }
    finish(out, tmp,
           "Megolm: an outbound session from random (160), an inbound one from its session key\n"
           "# at index 0; the outbound encrypts count messages \"m<k>\", the inbound decrypts the\n"
           "# last one only; imported: the inbound's export at index count/2, imported (so\n"
           "# unverified). Pickles with olm_pickle_*_group_session; then the outbound encrypts\n"
           "# next_plaintext into next_message.",
           cases,
           "count random pickle_key outbound_pickle inbound_pickle imported_pickle "
           "next_plaintext next_message");
}

/* ---- pk.txt ------------------------------------------------------------------------ */

static void gen_pk(const char *dir)
{
    FILE *out = open_out(dir, "pk.txt"), *tmp = tmpfile();
    unsigned cases = 0;
    int i;

    for (i = 0; i < 4; i++) {
        OlmPkDecryption *d = olm_pk_decryption(xmalloc(olm_pk_decryption_size()));
        uint8_t private_key[32], copy[32], pub[64];
        char *p;
        size_t n;

        stream(private_key, 32);
        memcpy(copy, private_key, 32);
        if (olm_pk_key_from_private(d, pub, sizeof pub, copy, 32) == olm_error()) {
            die("olm_pk_key_from_private", olm_pk_decryption_last_error(d));
        }
        n = olm_pickle_pk_decryption_length(d);
        p = xmalloc(n);
        if (olm_pickle_pk_decryption(d, KEY, KEY_LEN, p, n) == olm_error()) {
            die("olm_pickle_pk_decryption", olm_pk_decryption_last_error(d));
        }
        put_hex(tmp, private_key, 32);
        fputc(' ', tmp);
        put_text(tmp, pub, olm_pk_key_length());
        fputc(' ', tmp);
        put_hex(tmp, KEY, KEY_LEN);
        fputc(' ', tmp);
        put_text(tmp, p, n);
        fputc('\n', tmp);
        cases++;
        free(p);
        olm_clear_pk_decryption(d);
        free(d);
    }
    finish(out, tmp, "PK decryption keys: olm_pk_key_from_private, olm_pickle_pk_decryption.",
           cases, "private public pickle_key pickle");
}

/* ---- old.txt ---------------------------------------------------------------------- */

/* Decrypts a pickle made under KEY into its raw bytes (returned, *n long). */
static uint8_t *raw_of(const char *pickle, size_t pickle_len, size_t *n)
{
    uint8_t *buf = xmalloc(pickle_len + 8);
    enum OlmErrorCode err = OLM_SUCCESS;

    memcpy(buf, pickle, pickle_len);
    *n = _olm_enc_input(KEY, KEY_LEN, buf, pickle_len, &err);
    if (*n == (size_t)-1) {
        die("_olm_enc_input", _olm_error_to_string(err));
    }
    return buf;
}

/* Seals raw bytes under KEY with libolm's envelope. */
static char *seal(const uint8_t *raw, size_t n, size_t *text_len)
{
    uint8_t *buf = xmalloc(_olm_enc_output_length(n) + 1);

    memcpy(_olm_enc_output_pos(buf, n), raw, n);
    *text_len = _olm_enc_output(KEY, KEY_LEN, buf, n);
    return (char *)buf;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

typedef enum kind { ACCOUNT, SESSION, INBOUND } kind;

/*
 * One old.txt case: the raw bytes sealed; libolm reads them; its verdict
 * and (when it read them) its own pickle of what it read are recorded.
 */
static void old_case(FILE *tmp, unsigned *cases, kind k, const char *what,
                     const uint8_t *raw, size_t n)
{
    static const char *const kinds[] = { "account", "session", "inbound" };
    size_t text_len, back_len = 0;
    char *text = seal(raw, n, &text_len), *copy = xmalloc(text_len), *back = NULL;
    const char *verdict = "OK";

    memcpy(copy, text, text_len);
    if (k == ACCOUNT) {
        OlmAccount *a = olm_account(xmalloc(olm_account_size()));

        if (olm_unpickle_account(a, KEY, KEY_LEN, copy, text_len) == olm_error()) {
            verdict = olm_account_last_error(a);
        } else {
            back = pickle_account(a, &back_len);
        }
        free_account(a);
    } else if (k == SESSION) {
        OlmSession *s = olm_session(xmalloc(olm_session_size()));

        if (olm_unpickle_session(s, KEY, KEY_LEN, copy, text_len) == olm_error()) {
            verdict = olm_session_last_error(s);
        } else {
            back = pickle_session(s, &back_len);
        }
        olm_clear_session(s);
        free(s);
    } else {
        OlmInboundGroupSession *s =
            olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));

        if (olm_unpickle_inbound_group_session(s, KEY, KEY_LEN, copy, text_len) ==
            olm_error()) {
            verdict = olm_inbound_group_session_last_error(s);
        } else {
            back = pickle_inbound(s, &back_len);
        }
        olm_clear_inbound_group_session(s);
        free(s);
    }
    fprintf(tmp, "%s %s ", kinds[k], what);
    put_hex(tmp, KEY, KEY_LEN);
    fputc(' ', tmp);
    put_text(tmp, text, text_len);
    fprintf(tmp, " %s ", verdict);
    put_text(tmp, back, back_len);
    fputc('\n', tmp);
    (*cases)++;
    free(text);
    free(copy);
    free(back);
}

#define ACC_LIST 164 /* version, identity keys: where the one-time key count is */
#define KEY_RECORD 69

/* Old account layouts from a current (v4) raw account with nfb fallback keys. */
static void old_accounts(FILE *tmp, unsigned *cases, const uint8_t *raw, size_t n)
{
    uint8_t *buf = xmalloc(n + 2 * KEY_RECORD);
    size_t count = (size_t)raw[ACC_LIST] << 24 | (size_t)raw[ACC_LIST + 1] << 16 |
                   (size_t)raw[ACC_LIST + 2] << 8 | raw[ACC_LIST + 3];
    size_t fb = ACC_LIST + 4 + count * KEY_RECORD; /* the fallback count byte */
    size_t nfb = raw[fb], j, len;

    /* v2: no fallback keys (only meaningful when there are none). */
    if (nfb == 0) {
        memcpy(buf, raw, fb);
        memcpy(buf + fb, raw + fb + 1, 4);
        put_u32(buf, 2);
        old_case(tmp, cases, ACCOUNT, "v2", buf, fb + 4);
    }
    /* v3: two records, "published" set on those present. */
    memcpy(buf, raw, fb);
    memset(buf + fb, 0, 2 * KEY_RECORD);
    for (j = 0; j < nfb; j++) {
        memcpy(buf + fb + j * KEY_RECORD, raw + fb + 1 + j * KEY_RECORD, KEY_RECORD);
        buf[fb + j * KEY_RECORD + 4] = 1;
    }
    memcpy(buf + fb + 2 * KEY_RECORD, raw + fb + 1 + nfb * KEY_RECORD, 4);
    put_u32(buf, 3);
    len = fb + 2 * KEY_RECORD + 4;
    old_case(tmp, cases, ACCOUNT, nfb == 0 ? "v3-none" : nfb == 1 ? "v3-one" : "v3-two",
             buf, len);
    /* v1 and unknown versions: libolm refuses them before reading further. */
    memcpy(buf, raw, n);
    put_u32(buf, 1);
    old_case(tmp, cases, ACCOUNT, "v1", buf, n);
    put_u32(buf, 5);
    old_case(tmp, cases, ACCOUNT, "v5", buf, n);
    put_u32(buf, 0);
    old_case(tmp, cases, ACCOUNT, "v0", buf, n);
    free(buf);
}

static void gen_old(const char *dir)
{
    FILE *out = open_out(dir, "old.txt"), *tmp = tmpfile();
    unsigned cases = 0;
    int fallbacks;

    for (fallbacks = 0; fallbacks <= 2; fallbacks++) {
        OlmAccount *a = new_account();
        char *p;
        uint8_t *raw;
        size_t n, raw_len;
        int j;

        generate_one_time_keys(a, 3 + (size_t)fallbacks);
        for (j = 0; j < fallbacks; j++) {
            generate_fallback_key(a);
        }
        p = pickle_account(a, &n);
        raw = raw_of(p, n, &raw_len);
        old_accounts(tmp, &cases, raw, raw_len);
        free(raw);
        free(p);
        free_account(a);
    }

    {
        /* Session 0x80000001: version 1 plus a u32 libolm ignores. */
        conversation *c = xmalloc(sizeof *c);
        char json[128], otk[43], *p;
        uint8_t random[64], *raw, *buf;
        size_t n, raw_len, k;

        c->alice = new_account();
        c->bob = new_account();
        generate_one_time_keys(c->bob, 1);
        identity_curve(c->bob, c->bob_curve);
        olm_account_one_time_keys(c->bob, json, sizeof json);
        memcpy(otk, json + 15 + 10, 43);
        c->as = olm_session(xmalloc(olm_session_size()));
        take(random, 64);
        if (olm_create_outbound_session(c->as, c->alice, c->bob_curve, 43, otk, 43,
                                        random, 64) == olm_error()) {
            die("olm_create_outbound_session", olm_session_last_error(c->as));
        }
        run_session_script(c, "a,a,B1,b,A0,a");
        p = pickle_session(c->bs, &n);
        raw = raw_of(p, n, &raw_len);
        buf = xmalloc(raw_len + 4);
        memcpy(buf, raw, raw_len);
        put_u32(buf, 0x80000001u);
        put_u32(buf + raw_len, 7);
        old_case(tmp, &cases, SESSION, "v0x80000001", buf, raw_len + 4);
        old_case(tmp, &cases, SESSION, "v0x80000001-short", buf, 6);
        put_u32(buf, 2);
        old_case(tmp, &cases, SESSION, "v2", buf, raw_len);
        free(buf);
        free(raw);
        free(p);
        for (k = 0; k < MAX_MESSAGES; k++) {
            free(c->msg[0][k]);
            free(c->msg[1][k]);
        }
        olm_clear_session(c->as);
        olm_clear_session(c->bs);
        free(c->as);
        free(c->bs);
        free_account(c->alice);
        free_account(c->bob);
        free(c);
    }

    {
        /* Inbound group session version 1: no verified byte. */
        OlmOutboundGroupSession *o =
            olm_outbound_group_session(xmalloc(olm_outbound_group_session_size()));
        OlmInboundGroupSession *in =
            olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
        uint8_t random[160], key[512], *raw;
        size_t key_len, n, raw_len;
        char *p;

        take(random, sizeof random);
        olm_init_outbound_group_session(o, random, sizeof random);
        key_len = olm_outbound_group_session_key(o, key, sizeof key);
        if (olm_init_inbound_group_session(in, key, key_len) == olm_error()) {
            die("olm_init_inbound_group_session", olm_inbound_group_session_last_error(in));
        }
        p = pickle_inbound(in, &n);
        raw = raw_of(p, n, &raw_len);
        put_u32(raw, 1);
        old_case(tmp, &cases, INBOUND, "v1", raw, raw_len - 1);
        put_u32(raw, 3);
        old_case(tmp, &cases, INBOUND, "v3", raw, raw_len);
        free(raw);
        free(p);
        olm_clear_outbound_group_session(o);
        olm_clear_inbound_group_session(in);
        free(o);
        free(in);
    }
    finish(out, tmp,
           "libolm's older (and unknown) pickle versions: raw bytes of a current pickle rewritten\n"
           "# into the old layout and sealed with libolm's envelope. verdict: libolm's reading\n"
           "# (OK or its error); back: libolm's pickle, current version, of what it read (- if\n"
           "# none). Account v3 records carry published = 1 on the fallback keys present.",
           cases, "kind what pickle_key pickle verdict back");
}

int main(int argc, char **argv)
{
    const char *dir = start_generator(argc, argv, "gen_pickle");

    gen_envelope(dir);
    gen_accounts(dir);
    gen_sessions(dir);
    gen_megolm(dir);
    gen_pk(dir);
    gen_old(dir);
    return 0;
}
