/*
 * fuzz/make_corpus.c: writes the seed corpora, fuzz/corpus/<target>/seed-*,
 * from the fixtures (fixtures.c): genuine messages, keys, exports and
 * pickles, wrapped in each harness's input format (see the comment at the
 * top of each harness). Run by fuzz/make_corpus.sh; fuzz/run.sh runs it
 * again into build/ and fails if the committed seeds differ.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"
#include "objects.h"
#include "pickle/pickle.h"

int main(int argc, char **argv);

/* ---- a seed being built ------------------------------------------------------ */

typedef struct seed {
    uint8_t b[16384];
    size_t n;
} seed;

static const char *out_dir;

static void put(seed *s, const void *p, size_t n)
{
    fz_require(s->n + n <= sizeof s->b, "seed too long");
    memcpy(s->b + s->n, p, n);
    s->n += n;
}

static void put_u8(seed *s, uint8_t v)
{
    put(s, &v, 1);
}

static void put_u16(seed *s, size_t v)
{
    put_u8(s, (uint8_t)(v >> 8));
    put_u8(s, (uint8_t)v);
}

static void put_u32(seed *s, uint32_t v)
{
    put_u16(s, v >> 16);
    put_u16(s, v & 0xffff);
}

static void put_b64(seed *s, const uint8_t *p, size_t n)
{
    char *t = malloc(cq_base64_encoded_len(n) + 1);

    fz_require(t != NULL, "malloc");
    cq_base64_encode(t, p, n);
    put(s, t, cq_base64_encoded_len(n));
    free(t);
}

/* A u8 length, then the bytes (fz_slice's format). */
static void put_slice(seed *s, const void *p, size_t n)
{
    fz_require(n < 256, "slice too long");
    put_u8(s, (uint8_t)n);
    put(s, p, n);
}

/* A control byte, a u16 length, the bytes (the message harnesses' format). */
static void put_msg(seed *s, uint8_t control, const uint8_t *p, size_t n)
{
    put_u8(s, control);
    put_u16(s, n);
    put(s, p, n);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "make_corpus: cannot make %s\n", path);
        exit(1);
    }
}

static void write_seed(const char *target, const char *name, const seed *s)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", out_dir, target);
    make_dir(path);
    snprintf(path, sizeof path, "%s/%s/seed-%s", out_dir, target, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(s->b, 1, s->n, f) != s->n || fclose(f) != 0) {
        fprintf(stderr, "make_corpus: cannot write %s\n", path);
        exit(1);
    }
}

/* Starts a seed with an optional control byte (-1: none). */
static seed *begin(int control)
{
    static seed s;

    s.n = 0;
    if (control >= 0) {
        put_u8(&s, (uint8_t)control);
    }
    return &s;
}

static fz_olm_fixture olm;
static fz_megolm_fixture meg;
static fz_pk_fixture pk;
static fz_sas_fixture sas;
static fz_ecies_fixture ecies;

/* ---- per target ---------------------------------------------------------------- */

static void base64_seeds(void)
{
    seed *s;

    s = begin(-1);
    put_b64(s, meg.session_key, sizeof meg.session_key);
    write_seed("fuzz_base64", "session-key", s);
    s = begin(-1);
    put_b64(s, olm.m0.bytes, olm.m0.len);
    write_seed("fuzz_base64", "pre-key-message", s);
    s = begin(-1);
    put(s, "AAAAAA", 6);
    write_seed("fuzz_base64", "short", s);
}

static void olm_message_seeds(void)
{
    cq_olm_pre_key_message pk_msg;
    seed *s;

    fz_require(cq_olm_pre_key_message_decode(&pk_msg, olm.m0.bytes, olm.m0.len) ==
                   CLIQUET_OK,
               "m0");
    s = begin(-1);
    put(s, pk_msg.message, pk_msg.message_len);
    write_seed("fuzz_olm_message", "inside-m0", s);
    s = begin(-1);
    put(s, olm.m1.bytes, olm.m1.len);
    write_seed("fuzz_olm_message", "m1", s);
    s = begin(-1);
    put(s, olm.m3.bytes, olm.m3.len);
    write_seed("fuzz_olm_message", "m3", s);

    s = begin(-1);
    put(s, olm.m0.bytes, olm.m0.len);
    write_seed("fuzz_olm_pre_key_message", "m0", s);
    s = begin(-1);
    put(s, olm.m0b.bytes, olm.m0b.len);
    write_seed("fuzz_olm_pre_key_message", "m0b", s);
    s = begin(-1);
    put(s, olm.mfb.bytes, olm.mfb.len);
    write_seed("fuzz_olm_pre_key_message", "mfb", s);
}

static void olm_decrypt_seeds(void)
{
    const char *t = "fuzz_olm_decrypt";
    seed *s;

    s = begin(-1);
    put_msg(s, 0x00, olm.m0b.bytes, olm.m0b.len);
    write_seed(t, "pre-key-m0b", s);
    s = begin(-1);
    put_msg(s, 0x01, olm.m2.bytes, olm.m2.len);
    write_seed(t, "m2", s);
    s = begin(-1);
    put_msg(s, 0x01, olm.m3.bytes, olm.m3.len);
    put_msg(s, 0x01, olm.m2.bytes, olm.m2.len);
    put_msg(s, 0x00, olm.m0b.bytes, olm.m0b.len);
    write_seed(t, "m3-m2-m0b", s);
    s = begin(-1);
    put_msg(s, 0x41, olm.m2.bytes, olm.m2.len);
    write_seed(t, "api-m2", s);
    s = begin(-1);
    put_u8(s, 0x21);
    put_u16(s, cq_base64_encoded_len(olm.m3.len));
    put_b64(s, olm.m3.bytes, olm.m3.len);
    write_seed(t, "api-text-m3", s);
    s = begin(-1);
    put_msg(s, 0x11, olm.m2.bytes, olm.m2.len);
    write_seed(t, "small-buffer-m2", s);
    s = begin(-1);
    put_msg(s, 0x00, olm.m0.bytes, olm.m0.len);
    write_seed(t, "duplicate-m0", s);
    s = begin(-1);
    put_msg(s, 0x09, olm.m2.bytes, olm.m2.len);
    write_seed(t, "bitsliced-m2", s);
}

static void olm_inbound_seeds(void)
{
    const char *t = "fuzz_olm_inbound";
    seed *s;

    s = begin(0x00);
    put(s, olm.m0.bytes, olm.m0.len);
    write_seed(t, "m0", s);
    s = begin(0x01);
    put(s, olm.m0b.bytes, olm.m0b.len);
    write_seed(t, "m0b-named", s);
    s = begin(0x00);
    put(s, olm.mfb.bytes, olm.mfb.len);
    write_seed(t, "fallback", s);
    s = begin(0x05);
    put(s, olm.m0.bytes, olm.m0.len);
    write_seed(t, "api-m0", s);
    s = begin(0x08);
    put_b64(s, olm.mfb.bytes, olm.mfb.len);
    write_seed(t, "api-text-fallback", s);
    s = begin(0x12);
    put(s, olm.m0.bytes, olm.m0.len);
    write_seed(t, "wrong-sender-small-buffer", s);
}

static void megolm_seeds(void)
{
    const char *t = "fuzz_megolm_decrypt";
    const fz_msg *m = meg.msg;
    seed *s;
    int i;

    for (i = 0; i < 4; i++) {
        char name[16];

        snprintf(name, sizeof name, "msg%d", i);
        s = begin(-1);
        put(s, m[i].bytes, m[i].len);
        write_seed("fuzz_megolm_message", name, s);
    }
    s = begin(0x00);
    put_msg(s, 0x00, m[0].bytes, m[0].len);
    write_seed(t, "index0", s);
    s = begin(0x02);
    put_msg(s, 0x00, m[1].bytes, m[1].len);
    write_seed(t, "bitsliced-index1", s);
    s = begin(0x00);
    put_msg(s, 0x00, m[3].bytes, m[3].len);
    put_msg(s, 0x00, m[1].bytes, m[1].len);
    put_msg(s, 0x00, m[2].bytes, m[2].len);
    write_seed(t, "1000-1-2", s);
    s = begin(0x00);
    put_msg(s, 0x01, m[1].bytes, m[1].len - CQ_MEGOLM_SIGNATURE_BYTES);
    write_seed(t, "resign-index1", s);
    s = begin(0x00);
    put_u8(s, 0x02);
    put_u16(s, 4 + 5);
    put_u32(s, 5);
    put(s, "hello", 5);
    write_seed(t, "genuine-5", s);
    s = begin(0x01);
    put_u8(s, 0x02);
    put_u16(s, 4 + 2);
    put_u32(s, 3);
    put(s, "hi", 2);
    put_msg(s, 0x00, m[3].bytes, m[3].len);
    write_seed(t, "imported-3-1000", s);
    s = begin(0x00);
    put_u8(s, 0x03);
    put_u16(s, cq_base64_encoded_len(m[0].len));
    put_b64(s, m[0].bytes, m[0].len);
    write_seed(t, "api-text-index0", s);
    s = begin(0x00);
    put_msg(s, 0x04, m[1].bytes, m[1].len);
    put_msg(s, 0x08, m[2].bytes, m[2].len);
    write_seed(t, "api-1-small-2", s);

    t = "fuzz_megolm_session_key";
    s = begin(0x00);
    put(s, meg.session_key, sizeof meg.session_key);
    write_seed(t, "key", s);
    s = begin(0x01);
    put(s, meg.session_key, sizeof meg.session_key - CQ_MEGOLM_SIGNATURE_BYTES);
    write_seed(t, "resign", s);
    s = begin(0x02);
    put_b64(s, meg.session_key, sizeof meg.session_key);
    write_seed(t, "api-text", s);
    s = begin(0x03);
    put(s, meg.session_key, sizeof meg.session_key - CQ_MEGOLM_SIGNATURE_BYTES);
    write_seed(t, "api-resign", s);

    t = "fuzz_megolm_export";
    s = begin(0x00);
    put(s, meg.export0, sizeof meg.export0);
    write_seed(t, "export0", s);
    s = begin(0x00);
    put(s, meg.export7, sizeof meg.export7);
    write_seed(t, "export7", s);
    s = begin(0x01);
    put(s, meg.export7, sizeof meg.export7);
    write_seed(t, "api-export7", s);
    s = begin(0x02);
    put_b64(s, meg.export0, sizeof meg.export0);
    write_seed(t, "api-text-export0", s);
}

static void pk_sas_seeds(void)
{
    const char *t = "fuzz_pk_decrypt";
    char e[64], m[16];
    seed *s;

    cq_base64_encode(e, pk.ephemeral, 32);
    cq_base64_encode(m, pk.mac, 8);
    s = begin(0x00);
    put_slice(s, e, 43);
    put_slice(s, m, 11);
    put_b64(s, pk.ciphertext, pk.ciphertext_len);
    write_seed(t, "api-backup", s);
    s = begin(0x01);
    put(s, pk.ephemeral_private, 32);
    put(s, pk.ciphertext, pk.ciphertext_len);
    write_seed(t, "core-backup", s);
    s = begin(0x02);
    put(s, pk.ephemeral, 32);
    put(s, pk.mac, 8);
    put(s, pk.ciphertext, pk.ciphertext_len);
    write_seed(t, "core-raw-backup", s);
    s = begin(0x09);
    put(s, pk.ephemeral_private, 32);
    put(s, pk.ciphertext, pk.ciphertext_len);
    write_seed(t, "core-backup-bitsliced", s);
    s = begin(0x07);
    put(s, pk.ephemeral_private, 32);
    put(s, pk.ciphertext, pk.ciphertext_len);
    write_seed(t, "api-encoded-small-buffer", s);

    t = "fuzz_sas";
    s = begin(0x00);
    cq_base64_encode(e, sas.theirs.public_key, 32);
    put_slice(s, e, 43);
    put_u16(s, 6);
    put_slice(s, "MATRIX_KEY_VERIFICATION_SAS|", 28);
    put(s, "ed25519:DEVICE", 14);
    write_seed(t, "api-key", s);
    s = begin(0x01);
    put_slice(s, sas.theirs.public_key, 32);
    put_u16(s, 32);
    put_slice(s, "MATRIX_KEY_VERIFICATION_MAC", 27);
    put(s, "KEY_IDS", 7);
    write_seed(t, "core-key", s);
}

static void ecies_seeds(void)
{
    const char *t = "fuzz_ecies";
    seed *s;

    s = begin(0x01);
    put(s, ecies.initial, strlen(ecies.initial));
    write_seed(t, "initial", s);
    for (int i = 0; i < 3; i++) {
        char name[16];

        snprintf(name, sizeof name, "message%d", i);
        s = begin(0x00);
        put(s, ecies.messages[i], strlen(ecies.messages[i]));
        write_seed(t, name, s);
    }
    s = begin(0x02);
    put(s, ecies.messages[0], strlen(ecies.messages[0]));
    write_seed(t, "message0-small-buffer", s);
}

static void recipe(const char *name, uint8_t control, const char *ops,
                   size_t ops_len)
{
    seed *s = begin(control);

    put_u32(s, 5);
    put_slice(s, "hello, group", 12);
    put(s, ops, ops_len);
    write_seed("fuzz_diff_megolm", name, s);
}

static void diff_megolm_seeds(void)
{
    const char *t = "fuzz_diff_megolm";
    seed *s;

    s = begin(0x00);
    put(s, meg.msg[0].bytes, meg.msg[0].len);
    write_seed(t, "msg0", s);
    s = begin(0x01);
    put(s, meg.msg[1].bytes, meg.msg[1].len - CQ_MEGOLM_SIGNATURE_BYTES);
    write_seed(t, "resign-msg1", s);
    recipe("canonical", 0x02, "", 0);
    recipe("canonical-ops", 0x02, "\x00\x03\x01\x04", 4);
    recipe("reordered", 0x02, "\x00\x03\x04\x01", 4);
    recipe("padded-varint", 0x02, "\x00\x03\x02\x01\x04", 5);
    recipe("unknown-field", 0x02, "\x00\x03\x01\x06\x18\x00\x00\x00\x07\x04", 10);
    recipe("repeated-index", 0x02, "\x00\x03\x03\x00\x00\x00\x09\x01\x04", 9);
    s = begin(0x12);
    put_u32(s, 9);
    put_slice(s, "sixteen raw byte", 16);
    write_seed(t, "raw-ciphertext", s);
    s = begin(0x03);
    put(s, meg.session_key, sizeof meg.session_key);
    write_seed(t, "session-key", s);
    s = begin(0x07);
    put(s, meg.export7, sizeof meg.export7);
    write_seed(t, "export", s);
}

/* A recipe seed for fuzz_diff_olm: control, u16 counter offset, plaintext,
 * (pre-key recipes) inner operations, then operations. */
static void olm_recipe(const char *name, uint8_t control, uint16_t counter,
                       const char *inner, size_t inner_len, const char *ops,
                       size_t ops_len)
{
    seed *s = begin(control);

    put_u16(s, counter);
    put_slice(s, "hello, Bob", 10);
    if ((control & 3) >= 2) {
        put_slice(s, inner, inner_len);
    }
    put(s, ops, ops_len);
    write_seed("fuzz_diff_olm", name, s);
}

static void diff_olm_seeds(void)
{
    const char *t = "fuzz_diff_olm";
    seed *s;

    s = begin(0x00);
    put(s, olm.m0b.bytes, olm.m0b.len);
    write_seed(t, "m0b", s);
    s = begin(0x04);
    put(s, olm.m2.bytes, olm.m2.len);
    write_seed(t, "m2", s);
    olm_recipe("normal", 0x01, 0, "", 0, "", 0);
    olm_recipe("normal-later", 0x01, 1999, "", 0, "", 0);
    olm_recipe("normal-reordered", 0x01, 3, "", 0, "\x00\x03\x03\x01\x06", 5);
    olm_recipe("normal-padded-counter", 0x01, 0, "", 0, "\x00\x03\x01\x04\x02\x06", 6);
    olm_recipe("normal-top-bit-key", 0x01, 0, "", 0, "\x00\x03\x02\x02\x03\x06", 6);
    olm_recipe("normal-unknown-field", 0x01, 0, "", 0,
               "\x00\x03\x01\x03\x07\x28\x00\x00\x00\x01\x06", 11);
    s = begin(0x11);
    put_u16(s, 0);
    put_slice(s, "sixteen raw byte", 16);
    write_seed(t, "normal-raw-ciphertext", s);
    olm_recipe("pre-key", 0x02, 1, "", 0, "", 0);
    olm_recipe("pre-key-other-one-time-key", 0x02, 1, "", 0,
               "\x00\x03\x05\x00\x04\x02\x03\x04", 8);
    olm_recipe("pre-key-inner-reordered", 0x02, 2, "\x00\x03\x03\x01\x06", 5,
               "", 0);
    olm_recipe("inbound", 0x03, 0, "", 0, "", 0);
    olm_recipe("inbound-top-bit-identity", 0x03, 0, "", 0,
               "\x00\x03\x01\x02\x05\x02\x02\x04", 8);
    olm_recipe("inbound-unknown-field", 0x03, 4, "", 0,
               "\x00\x03\x06\x2a\x01\x00\x01\x02\x03\x04", 10);
}

/* ---- pickles ------------------------------------------------------------------ */

/* The five fixture objects, in fz_objects' order. */
static void make_objects(void *o[FZ_OBJECTS])
{
    cliquet_account *a = NULL;
    cliquet_session *ss = NULL;
    cliquet_outbound_group_session *out = NULL;
    cliquet_inbound_group_session *in = NULL;
    cliquet_pk_decryption *d = NULL;

    fz_require(cq_api_account_from_state(&a, &olm.bob_account) == CLIQUET_OK &&
                   cq_api_session_from_state(&ss, &olm.bob) == CLIQUET_OK &&
                   cq_api_outbound_group_from_state(&out, &meg.outbound) ==
                       CLIQUET_OK &&
                   cq_api_inbound_group_from_state(&in, &meg.inbound) ==
                       CLIQUET_OK &&
                   cq_api_pk_decryption_from_state(&d, &pk.key) == CLIQUET_OK,
               "objects");
    o[0] = a;
    o[1] = ss;
    o[2] = out;
    o[3] = in;
    o[4] = d;
}

static char *pickle_text(const fz_object *ob, const void *o, int libolm,
                         size_t *n)
{
    char *t;

    if (libolm) {
        (void)ob->pickle_libolm(o, NULL, 0, n, fz_pickle_key, 32);
    } else {
        (void)ob->pickle(o, NULL, 0, n);
    }
    t = malloc(*n);
    fz_require(t != NULL, "malloc");
    fz_require((libolm ? ob->pickle_libolm(o, t, *n, n, fz_pickle_key, 32)
                       : ob->pickle(o, t, *n, n)) == CLIQUET_OK,
               "pickle");
    return t;
}

static void pickle_seeds(void)
{
    void *o[FZ_OBJECTS];
    int i;

    make_objects(o);
    for (i = 0; i < FZ_OBJECTS; i++) {
        const fz_object *ob = &fz_objects[i];
        size_t n = 0;
        size_t len = 0;
        char *text;
        uint8_t *work;
        const uint8_t *payload = NULL;
        char name[64];
        seed *s;

        text = pickle_text(ob, o[i], 0, &n);
        snprintf(name, sizeof name, "%d-text", i);
        s = begin(i);
        put(s, text, n);
        write_seed("fuzz_unpickle_native", name, s);
        work = malloc(n);
        fz_require(work != NULL &&
                       cq_pickle_native_read(&payload, &len, work, n,
                                             ob->native_type, fz_pickle_key,
                                             text, n) == CLIQUET_OK,
                   "open native");
        snprintf(name, sizeof name, "%d-payload", i);
        s = begin(0x08 | i);
        put(s, payload, len);
        write_seed("fuzz_unpickle_native", name, s);
        free(work);
        free(text);

        text = pickle_text(ob, o[i], 1, &n);
        snprintf(name, sizeof name, "%d-text", i);
        s = begin(i);
        put(s, text, n);
        write_seed("fuzz_unpickle_libolm", name, s);
        work = malloc(n);
        fz_require(work != NULL &&
                       cq_pickle_libolm_read(&len, work, n, fz_pickle_key, 32,
                                             text, n) == CLIQUET_OK,
                   "open libolm");
        snprintf(name, sizeof name, "%d-raw", i);
        s = begin(0x08 | i);
        put(s, work, len);
        write_seed("fuzz_unpickle_libolm", name, s);
        free(work);
        free(text);
        fz_objects[i].release(o[i]);
    }
}

/* An inbound session's payload with the replay record on (since 1.1), its
 * fixture message recorded: the record's reader behind the envelope. */
static void replay_record_seed(void)
{
    void *o[FZ_OBJECTS];
    const fz_object *ob = &fz_objects[3];
    cliquet_inbound_group_session *in;
    uint8_t *work, out[256];
    const uint8_t *payload = NULL;
    char *text, msg[1024];
    size_t n = 0, len = 0;
    seed *s;

    make_objects(o);
    in = o[3];
    fz_require(cliquet_inbound_group_session_set_replay_detection(in, 1) == CLIQUET_OK,
               "replay on");
    /* Recorded if the objects' session is the fixture's; the seed holds
     * the record's header either way. */
    cq_base64_encode(msg, meg.msg[0].bytes, meg.msg[0].len);
    msg[cq_base64_encoded_len(meg.msg[0].len)] = '\0';
    (void)cliquet_inbound_group_session_decrypt(in, msg, strlen(msg), out, sizeof out, &len,
                                                NULL);
    text = pickle_text(ob, in, 0, &n);
    work = malloc(n);
    fz_require(work != NULL &&
                   cq_pickle_native_read(&payload, &len, work, n, ob->native_type,
                                         fz_pickle_key, text, n) == CLIQUET_OK,
               "open native");
    s = begin(0x08 | 3);
    put(s, payload, len);
    write_seed("fuzz_unpickle_native", "3-payload-replay-record", s);
    free(work);
    free(text);
    for (int i = 0; i < FZ_OBJECTS; i++) {
        fz_objects[i].release(o[i]);
    }
}

/* ---- since 1.2: Olm and Megolm v2 (docs/session-config.md) ------------------------ */

/* v2 messages for the two message parsers and the Megolm decrypt harness
 * (session byte bit 0x04). New seed names only: no older seed changes. */
static void v2_seeds(void)
{
    static const uint8_t random[32] = { 0x42 };
    cq_olm_session bob = olm.bob;
    cq_megolm_ratchet r = meg.outbound.ratchet;
    uint8_t buf[FZ_MSG_CAP];
    size_t len = 0;
    int type = 0;
    seed *s;

    /* Bob's session as a v2 one: its next message has version 4. */
    bob.ratchet.full_mac = 1;
    fz_require(cq_olm_session_encrypt(&bob, &type, buf, sizeof buf, &len,
                                      (const uint8_t *)"v2 olm", 6, random) == CLIQUET_OK,
               "v2 olm message");
    s = begin(-1);
    put(s, buf, len);
    write_seed("fuzz_olm_message", "v2-normal", s);
    cq_wipe(&bob, sizeof bob);

    len = cq_megolm_message_len_v(r.counter, 5, 1);
    fz_require(len <= sizeof buf, "v2 megolm message");
    cq_megolm_message_write_v(buf, &r, &meg.outbound.signing_key,
                              (const uint8_t *)"hello", 5, 1);
    s = begin(-1);
    put(s, buf, len);
    write_seed("fuzz_megolm_message", "v2-msg0", s);
    s = begin(0x04);
    put_msg(s, 0x00, buf, len);
    write_seed("fuzz_megolm_decrypt", "v2-index0", s);
    s = begin(0x04);
    put_msg(s, 0x00, meg.msg[0].bytes, meg.msg[0].len);
    write_seed("fuzz_megolm_decrypt", "v2-session-v1-message", s);
    s = begin(0x04);
    put_msg(s, 0x01, buf, len - CQ_MEGOLM_SIGNATURE_BYTES);
    write_seed("fuzz_megolm_decrypt", "v2-resign-index0", s);
    s = begin(0x04);
    put_u8(s, 0x02);
    put_u16(s, 4 + 5);
    put_u32(s, 5);
    put(s, "hello", 5);
    write_seed("fuzz_megolm_decrypt", "v2-genuine-5", s);
    cq_wipe(&r, sizeof r);
}

/* The native payload of object i (a v2 session), as a seed of the payload
 * form (control 0x08 | i). */
static void v2_payload_seed(int i, const void *obj, const char *name)
{
    const fz_object *ob = &fz_objects[i];
    const uint8_t *payload = NULL;
    size_t n = 0, len = 0;
    char *text = pickle_text(ob, obj, 0, &n);
    uint8_t *work = malloc(n);
    seed *s;

    fz_require(work != NULL &&
                   cq_pickle_native_read(&payload, &len, work, n, ob->native_type,
                                         fz_pickle_key, text, n) == CLIQUET_OK,
               "open native v2");
    s = begin(0x08 | i);
    put(s, payload, len);
    write_seed("fuzz_unpickle_native", name, s);
    free(work);
    free(text);
}

/* Native pickles of v2 sessions: the config section (pickle_api.h) after
 * the Olm session's peer key, the outbound seed, the inbound imported
 * byte (and before a replay record). */
static void v2_pickle_seeds(void)
{
    static cq_olm_session os;
    static cq_megolm_outbound gs;
    static cq_megolm_inbound is;
    cliquet_session *session = NULL;
    cliquet_outbound_group_session *out = NULL;
    cliquet_inbound_group_session *in = NULL;

    os = olm.bob;
    os.ratchet.full_mac = 1;
    gs = meg.outbound;
    gs.full_mac = 1;
    is = meg.inbound;
    is.full_mac = 1;
    fz_require(cq_api_session_from_state(&session, &os) == CLIQUET_OK &&
                   cq_api_outbound_group_from_state(&out, &gs) == CLIQUET_OK &&
                   cq_api_inbound_group_from_state(&in, &is) == CLIQUET_OK,
               "v2 objects");
    v2_payload_seed(1, session, "1-payload-v2");
    v2_payload_seed(2, out, "2-payload-v2");
    v2_payload_seed(3, in, "3-payload-v2");
    fz_require(cliquet_inbound_group_session_set_replay_detection(in, 1) == CLIQUET_OK,
               "replay on");
    v2_payload_seed(3, in, "3-payload-v2-replay-record");
    cliquet_session_free(session);
    cliquet_outbound_group_session_free(out);
    cliquet_inbound_group_session_free(in);
    cq_wipe(&os, sizeof os);
    cq_wipe(&gs, sizeof gs);
    cq_wipe(&is, sizeof is);
}

int main(int argc, char **argv)
{
    seed *s;

    if (argc != 2) {
        fprintf(stderr, "usage: make_corpus OUT_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    make_dir(out_dir);
    fz_init();
    fz_random_reset();
    fz_olm_fixture_make(&olm);
    fz_megolm_fixture_make(&meg);
    fz_pk_fixture_make(&pk);
    fz_sas_fixture_make(&sas);
    fz_ecies_fixture_make(&ecies);
    base64_seeds();
    olm_message_seeds();
    olm_decrypt_seeds();
    olm_inbound_seeds();
    megolm_seeds();
    pk_sas_seeds();
    ecies_seeds();
    pickle_seeds();
    replay_record_seed();
    diff_megolm_seeds();
    diff_olm_seeds();
    v2_seeds();
    v2_pickle_seeds();
    s = begin(-1);
    put(s, "hello", 5);
    write_seed("planted", "hello", s);
    return 0;
}
