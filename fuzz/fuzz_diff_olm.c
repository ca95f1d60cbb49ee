/*
 * fuzz/fuzz_diff_olm.c: differential fuzzing of Olm against Debian's
 * libolm. The same bytes go to cliquet and to libolm, with the same state
 * on both sides: Bob's session and account from the fixture, handed to
 * libolm as cliquet's own libolm pickles of them. The harness fails when
 * one accepts what the other refuses, or both accept with different
 * plaintexts, except for the documented strictness differences
 * (docs/libolm-compat.md §Intentional differences; docs/olm.md §Strictness
 * and §Differences from libolm, collected), each
 * a refusal by cliquet of input libolm wrongly accepts and each checked
 * here independently before it excuses anything:
 *   - strict parsing: the bytes are not what cq_olm_message_decode /
 *     cq_olm_pre_key_message_decode accept;
 *   - non-canonical Curve25519 keys (CLIQUET_ERR_BAD_KEY) and keys of small
 *     order (CLIQUET_ERR_ZERO_SHARED_SECRET): a key in the message is one,
 *     by cq_olm_check_public_key;
 *   - a pre-key message given to a session it does not belong to
 *     (CLIQUET_ERR_WRONG_SESSION): cq_olm_session_matches says so;
 *   - PKCS#7 padding checked in full (docs/olm.md §Decrypting, step 7):
 *     the harness, which knows the keys, finds the padding invalid.
 * Anything cliquet accepts, libolm must accept with the same plaintext.
 *
 * Input: a control byte, then by its low two bits:
 *   0  a message of type (control >> 2) & 1, raw bytes, to Bob's session;
 *   1  a recipe for a normal message on Alice's current chain, to Bob's
 *      session: a u16 counter offset (modulo 2100), a u8-length-prefixed
 *      plaintext, then
 *      field operations (build_normal);
 *   2  a recipe for a pre-key message on Alice's first chain, to Bob's
 *      session: u16 counter, plaintext, a u8-length-prefixed list of
 *      operations for the inner message, then operations for the outer
 *      one (build_pre_key);
 *   3  the same recipe, to Bob's account: a new inbound session.
 * Bit 0x10: the plaintext bytes are the ciphertext as they are (to reach
 * the padding check).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"

static fz_olm_fixture fx;
static char *bob_pickle;
static size_t bob_pickle_len;
static char *account_pickle;
static size_t account_pickle_len;

static unsigned long both_accept, both_refuse, excused[5];
static const char *const excuse_names[5] = {"strict parsing", "non-canonical key",
                                            "small-order key", "wrong session",
                                            "padding"};

static void print_stats(void)
{
    int i;

    fprintf(stderr, "fuzz_diff_olm: both accept %lu, both refuse %lu", both_accept,
            both_refuse);
    for (i = 0; i < 5; i++) {
        fprintf(stderr, ", libolm only (%s) %lu", excuse_names[i], excused[i]);
    }
    fprintf(stderr, "\n");
}

/* cliquet's libolm pickle of an object, made once. */
static void make_pickles(void)
{
    cliquet_session *s = NULL;
    cliquet_account *a = NULL;

    fz_require(cq_api_session_from_state(&s, &fx.bob) == CLIQUET_OK &&
                   cq_api_account_from_state(&a, &fx.bob_account) == CLIQUET_OK,
               "objects");
    fz_require(cliquet_session_pickle_libolm(s, NULL, 0, &bob_pickle_len, fz_pickle_key,
                                             32) == CLIQUET_ERR_OUTPUT_TOO_SMALL &&
                   cliquet_account_pickle_libolm(a, NULL, 0, &account_pickle_len,
                                                 fz_pickle_key,
                                                 32) == CLIQUET_ERR_OUTPUT_TOO_SMALL,
               "pickle sizes");
    bob_pickle = malloc(bob_pickle_len);
    account_pickle = malloc(account_pickle_len);
    fz_require(bob_pickle != NULL && account_pickle != NULL, "malloc");
    fz_require(cliquet_session_pickle_libolm(s, bob_pickle, bob_pickle_len,
                                             &bob_pickle_len, fz_pickle_key,
                                             32) == CLIQUET_OK &&
                   cliquet_account_pickle_libolm(a, account_pickle,
                                                 account_pickle_len,
                                                 &account_pickle_len,
                                                 fz_pickle_key, 32) == CLIQUET_OK,
               "pickles");
    cliquet_session_free(s);
    cliquet_account_free(a);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_olm_fixture_make(&fx);
    make_pickles();
    if (getenv("CLIQUET_FUZZ_STATS") != NULL) {
        atexit(print_stats);
    }
    return 0;
}

/* ---- libolm's side --------------------------------------------------------------- */

static char *b64(const uint8_t *p, size_t n, size_t *len)
{
    char *t = malloc(cq_base64_encoded_len(n) + 1);

    fz_require(t != NULL, "malloc");
    cq_base64_encode(t, p, n);
    *len = cq_base64_encoded_len(n);
    return t;
}

static char *dup_text(const char *t, size_t n)
{
    char *c = malloc(n + 1);

    fz_require(c != NULL, "malloc");
    memcpy(c, t, n);
    return c;
}

/* Decrypts with libolm's session s; 1 and the plaintext on success. */
static int l_decrypt_with(OlmSession *s, int type, const uint8_t *msg, size_t n,
                          uint8_t **pt, size_t *pt_len)
{
    size_t len;
    char *text = b64(msg, n, &len);
    char *copy = dup_text(text, len);
    size_t max = olm_decrypt_max_plaintext_length(s, (size_t)type, copy, len);
    size_t r = olm_error();

    if (max != olm_error()) {
        /* Room around the buffer: libolm 3.2.13 decrypts whole AES blocks
         * into it, writing up to 15 bytes past max when a message's
         * ciphertext is not a multiple of 16 bytes, and reads the byte
         * before it for an empty ciphertext (found by this harness; see
         * fuzz/README.md). libolm is not built with ASan: only valgrind
         * sees it. */
        uint8_t *room = malloc(16 + max + 32);

        fz_require(room != NULL, "malloc");
        r = olm_decrypt(s, (size_t)type, text, len, room + 16, max);
        if (r != olm_error()) {
            *pt = malloc(r + 1);
            fz_require(*pt != NULL, "malloc");
            memcpy(*pt, room + 16, r);
        }
        free(room);
    }
    free(copy);
    free(text);
    *pt_len = r;
    return r != olm_error();
}

static OlmSession *l_session(void)
{
    OlmSession *s = olm_session(malloc(olm_session_size()));

    fz_require(s != NULL, "malloc");
    return s;
}

static int l_decrypt(int inbound, int type, const uint8_t *msg, size_t n,
                     uint8_t **pt, size_t *pt_len)
{
    OlmSession *s = l_session();
    OlmAccount *a = NULL;
    int ok = 0;

    *pt = NULL;
    if (!inbound) {
        char *p = dup_text(bob_pickle, bob_pickle_len);

        fz_require(olm_unpickle_session(s, fz_pickle_key, 32, p, bob_pickle_len) !=
                       olm_error(),
                   "libolm: session pickle");
        free(p);
        ok = l_decrypt_with(s, type, msg, n, pt, pt_len);
    } else {
        char *p = dup_text(account_pickle, account_pickle_len);
        size_t len;
        char *text = b64(msg, n, &len);

        a = olm_account(malloc(olm_account_size()));
        fz_require(a != NULL &&
                       olm_unpickle_account(a, fz_pickle_key, 32, p,
                                            account_pickle_len) != olm_error(),
                   "libolm: account pickle");
        free(p);
        if (olm_create_inbound_session(s, a, text, len) != olm_error()) {
            ok = l_decrypt_with(s, 0, msg, n, pt, pt_len);
        }
        free(text);
        olm_clear_account(a);
        free(a);
    }
    olm_clear_session(s);
    free(s);
    return ok;
}

/* ---- building messages ----------------------------------------------------------- */

typedef struct keys {
    uint8_t aes[32];
    uint8_t mac[32];
    uint8_t iv[16];
} keys;

/* The keys of message `counter` on a chain whose key at `index` is ck. */
static void derive(keys *k, const cq_olm_chain_key *ck, uint32_t counter)
{
    uint8_t c[32], m[32], out[80];
    static const uint8_t msg_seed = CQ_OLM_MESSAGE_KEY_SEED;
    static const uint8_t chain_seed = CQ_OLM_CHAIN_KEY_SEED;
    uint32_t i;

    memcpy(c, ck->key, 32);
    for (i = ck->index; i < counter; i++) {
        cq_hmac_sha256(c, c, 32, &chain_seed, 1);
    }
    cq_hmac_sha256(m, c, 32, &msg_seed, 1);
    fz_require(cq_hkdf_sha256(out, sizeof out, NULL, 0, m, 32,
                              (const uint8_t *)CQ_OLM_INFO_KEYS,
                              CQ_OLM_INFO_KEYS_LEN) == 0,
               "hkdf");
    memcpy(k->aes, out, 32);
    memcpy(k->mac, out + 32, 32);
    memcpy(k->iv, out + 64, 16);
}

static void put_varint(cq_writer *w, uint64_t v, unsigned extra)
{
    uint8_t b[CQ_VARINT_MAX_BYTES + 8];
    size_t n = cq_varint_encode(b, v);
    unsigned i;

    for (i = 0; i < extra && n < sizeof b; i++) {
        b[n - 1] |= 0x80;
        b[n++] = 0x00;
    }
    cq_write_bytes(w, b, n);
}

/* A key field with a variant of key: 0 exact, 1 truncated (u8 % 32 bytes),
 * 2 top bit set, 3 one more byte, 4 the last byte changed, 5 all zero,
 * 6 the point u = 1 (of small order). */
static void put_key_variant(cq_writer *w, uint8_t tag, const uint8_t key[32],
                            fz_input *in)
{
    uint8_t k[33];
    size_t n = 32;

    memcpy(k, key, 32);
    k[32] = 0;
    switch (fz_u8(in) % 7) {
    case 1:
        n = fz_u8(in) % 32;
        break;
    case 2:
        k[31] |= 0x80;
        break;
    case 3:
        n = 33;
        break;
    case 4:
        k[31] ^= 0x01;
        break;
    case 5:
        memset(k, 0, sizeof k);
        break;
    case 6:
        memset(k, 0, sizeof k);
        k[0] = 1;
        break;
    default:
        break;
    }
    cq_write_field_bytes(w, tag, k, n);
}

/* A field with any key byte: a varint for wire type 0, a slice for 2. */
static void put_any_field(cq_writer *w, fz_input *in)
{
    uint8_t key = fz_u8(in);
    size_t n;
    const uint8_t *p;

    cq_write_u8(w, key);
    if ((key & 7) == 0) {
        put_varint(w, fz_u32(in), 0);
    } else if ((key & 7) == 2) {
        p = fz_slice(in, &n);
        put_varint(w, n, 0);
        cq_write_bytes(w, p, n);
    }
}

/*
 * A normal message (without its MAC). Operations (op % 9): 0 a version
 * byte (u8); 1 the ratchet key field; 2 a variant of it (put_key_variant);
 * 3 the counter field; 4 the counter padded by (u8 % 4) bytes; 5 a counter
 * of another value (u32); 6 the ciphertext field; 7 any field; 8 raw bytes
 * (a slice). No operations: the canonical message.
 */
static void build_normal(cq_writer *w, fz_input *in, const uint8_t key[32],
                         uint32_t counter, const uint8_t *ct, size_t ct_len)
{
    size_t n;
    const uint8_t *p;

    if (in->len == 0) {
        uint8_t *at = cq_olm_message_encode_head(w, key, counter, ct_len);

        if (at != NULL) {
            memcpy(at, ct, ct_len);
        }
        return;
    }
    while (in->len > 0) {
        switch (fz_u8(in) % 9) {
        case 0:
            cq_write_u8(w, fz_u8(in));
            break;
        case 1:
            cq_write_field_bytes(w, CQ_OLM_TAG_RATCHET_KEY, key, 32);
            break;
        case 2:
            put_key_variant(w, CQ_OLM_TAG_RATCHET_KEY, key, in);
            break;
        case 3:
            cq_write_field_varint(w, CQ_OLM_TAG_COUNTER, counter);
            break;
        case 4:
            cq_write_u8(w, CQ_OLM_TAG_COUNTER);
            put_varint(w, counter, fz_u8(in) % 4);
            break;
        case 5:
            cq_write_field_varint(w, CQ_OLM_TAG_COUNTER, fz_u32(in));
            break;
        case 6:
            cq_write_field_bytes(w, CQ_OLM_TAG_CIPHERTEXT, ct, ct_len);
            break;
        case 7:
            put_any_field(w, in);
            break;
        default:
            p = fz_slice(in, &n);
            cq_write_bytes(w, p, n);
            break;
        }
    }
}

/* Appends the MAC of everything written so far. */
static void seal(cq_writer *w, const keys *k)
{
    uint8_t mac[32];

    if (!w->overflow) {
        cq_hmac_sha256(mac, k->mac, 32, w->data, w->len);
        cq_write_bytes(w, mac, CQ_OLM_MAC_BYTES);
    }
}

/*
 * A pre-key message around inner[0..n). Operations (op % 8): 0 a version
 * byte (u8); 1 the one-time key field; 2 the base key field; 3 the
 * identity key field; 4 the message field; 5 a key field variant (u8 % 3
 * picks the key, then put_key_variant); 6 any field; 7 raw bytes. No
 * operations: the canonical message.
 */
static void build_pre_key(cq_writer *w, fz_input *in, const cq_olm_session *a,
                          const uint8_t *inner, size_t n)
{
    static const uint8_t tags[3] = {CQ_OLM_TAG_ONE_TIME_KEY, CQ_OLM_TAG_BASE_KEY,
                                    CQ_OLM_TAG_IDENTITY_KEY};
    const uint8_t *keys3[3] = {a->bob_one_time_key, a->alice_base_key,
                               a->alice_identity_key};
    size_t len;
    const uint8_t *p;
    uint8_t which;

    if (in->len == 0) {
        cq_olm_pre_key_message_encode_head(w, keys3[0], keys3[1], keys3[2], n);
        cq_write_bytes(w, inner, n);
        return;
    }
    while (in->len > 0) {
        uint8_t op = fz_u8(in) % 8;

        switch (op) {
        case 0:
            cq_write_u8(w, fz_u8(in));
            break;
        case 1:
        case 2:
        case 3:
            cq_write_field_bytes(w, tags[op - 1], keys3[op - 1], 32);
            break;
        case 4:
            cq_write_field_bytes(w, CQ_OLM_TAG_MESSAGE, inner, n);
            break;
        case 5:
            which = fz_u8(in) % 3;
            put_key_variant(w, tags[which], keys3[which], in);
            break;
        case 6:
            put_any_field(w, in);
            break;
        default:
            p = fz_slice(in, &len);
            cq_write_bytes(w, p, len);
            break;
        }
    }
}

/* 1 if the CBC decryption of ct under k ends in invalid PKCS#7 padding. */
static int padding_invalid(const keys *k, const uint8_t *ct, size_t n)
{
    cq_aes256 aes;
    uint8_t last[16];
    const uint8_t *prev;
    uint8_t pad;
    int bad = 0;
    unsigned i;

    if (n == 0 || n % 16 != 0) {
        return 1;
    }
    prev = n >= 32 ? ct + n - 32 : k->iv;
    cq_aes256_init(&aes, k->aes);
    cq_aes256_decrypt_block(&aes, last, ct + n - 16);
    cq_aes256_clear(&aes);
    for (i = 0; i < 16; i++) {
        last[i] ^= prev[i];
    }
    pad = last[15];
    if (pad == 0 || pad > 16) {
        return 1;
    }
    for (i = 16 - pad; i < 16; i++) {
        bad |= last[i] != pad;
    }
    return bad;
}

/* ---- the comparison ------------------------------------------------------------- */

/* The worst verdict of cq_olm_check_public_key over the keys of a message
 * that parses (BAD_KEY before ZERO_SHARED_SECRET), or CLIQUET_OK. */
static cliquet_status key_verdict(int type, const uint8_t *msg, size_t n)
{
    cq_olm_pre_key_message pk;
    cq_olm_message m;
    const uint8_t *keys[4];
    size_t count = 0, i;
    cliquet_status worst = CLIQUET_OK;

    if (type == 0) {
        if (cq_olm_pre_key_message_decode(&pk, msg, n) != CLIQUET_OK) {
            return CLIQUET_OK;
        }
        keys[count++] = pk.one_time_key;
        keys[count++] = pk.base_key;
        keys[count++] = pk.identity_key;
        msg = pk.message;
        n = pk.message_len;
    }
    if (cq_olm_message_decode(&m, msg, n) == CLIQUET_OK) {
        keys[count++] = m.ratchet_key;
    }
    for (i = 0; i < count; i++) {
        cliquet_status st = cq_olm_check_public_key(keys[i]);

        if (st == CLIQUET_ERR_BAD_KEY || worst == CLIQUET_OK) {
            worst = st == CLIQUET_OK ? worst : st;
        }
    }
    return worst;
}

static int strict_parse_refuses(int type, const uint8_t *msg, size_t n)
{
    cq_olm_pre_key_message pk;
    cq_olm_message m;

    if (type == 0) {
        if (cq_olm_pre_key_message_decode(&pk, msg, n) != CLIQUET_OK) {
            return 1;
        }
        msg = pk.message;
        n = pk.message_len;
    }
    return cq_olm_message_decode(&m, msg, n) != CLIQUET_OK;
}

/* Which documented difference excuses a refusal by cliquet (0..4), or -1. */
static int excuse(cliquet_status st, int inbound, int type, const uint8_t *msg,
                  size_t n, const keys *k, const uint8_t *ct, size_t ct_len)
{
    int matches = 0;

    if (strict_parse_refuses(type, msg, n)) {
        return 0;
    }
    if (st == CLIQUET_ERR_BAD_KEY && key_verdict(type, msg, n) == CLIQUET_ERR_BAD_KEY) {
        return 1;
    }
    if (st == CLIQUET_ERR_ZERO_SHARED_SECRET &&
        key_verdict(type, msg, n) == CLIQUET_ERR_ZERO_SHARED_SECRET) {
        return 2;
    }
    if (st == CLIQUET_ERR_WRONG_SESSION && !inbound && type == 0 &&
        cq_olm_session_matches(&fx.bob, NULL, msg, n, &matches) == CLIQUET_OK &&
        !matches) {
        return 3;
    }
    if (st == CLIQUET_ERR_BAD_PADDING && k != NULL && padding_invalid(k, ct, ct_len)) {
        return 4;
    }
    return -1;
}

static void compare(int inbound, int type, const uint8_t *msg, size_t n,
                    const keys *k, const uint8_t *ct, size_t ct_len)
{
    cq_olm_session s = fx.bob;
    cq_olm_account a = fx.bob_account;
    uint8_t *pt = malloc(n + 16);
    uint8_t *l_pt = NULL;
    size_t pt_len = 0, l_len = 0;
    cliquet_status st;
    int l_ok;

    fz_require(pt != NULL, "malloc");
    if (inbound) {
        st = cq_olm_session_inbound(&s, &a, NULL, msg, n, pt, n + 16, &pt_len, NULL);
    } else {
        st = cq_olm_session_decrypt(&s, type, msg, n, pt, n + 16, &pt_len, NULL);
    }
    l_ok = l_decrypt(inbound, type, msg, n, &l_pt, &l_len);
    if (st == CLIQUET_OK) {
        fz_require(l_ok, "DIFF: cliquet accepts a message libolm refuses");
        fz_require(l_len == pt_len && memcmp(l_pt, pt, pt_len) == 0,
                   "DIFF: both accept with different plaintexts");
        both_accept++;
    } else if (!l_ok) {
        both_refuse++;
    } else {
        int why = excuse(st, inbound, type, msg, n, k, ct, ct_len);

        fz_require(why >= 0,
                   "DIFF: libolm accepts what cliquet refuses, not a documented difference");
        excused[why]++;
    }
    free(pt);
    free(l_pt);
}

/* Counters go this far past the chain's start: past the gap of 2000 that
 * both libraries allow, not much further (each step is an HMAC). */
#define MAX_OFFSET 2100u

/* Encrypts the recipe's plaintext (or takes it as the ciphertext). */
static size_t ciphertext(uint8_t *ct, const keys *k, const uint8_t *pt,
                         size_t pt_len, int raw)
{
    if (raw) {
        memcpy(ct, pt, pt_len);
        return pt_len;
    }
    cq_aes256_cbc_encrypt(ct, k->aes, k->iv, pt, pt_len);
    return cq_cbc_ciphertext_len(pt_len);
}

static void normal_recipe(fz_input *in, int raw)
{
    static uint8_t buf[4096];
    const cq_olm_sender_chain *chain = &fx.alice.ratchet.sender_chain;
    uint32_t counter = (uint32_t)fz_u8(in) << 8;
    size_t pt_len;
    const uint8_t *pt;
    uint8_t ct[272];
    size_t ct_len;
    keys k;
    cq_writer w;

    counter = chain->chain_key.index + (counter | fz_u8(in)) % MAX_OFFSET;
    pt = fz_slice(in, &pt_len);
    derive(&k, &chain->chain_key, counter);
    ct_len = ciphertext(ct, &k, pt, pt_len, raw);
    cq_writer_init(&w, buf, sizeof buf);
    build_normal(&w, in, chain->ratchet_public, counter, ct, ct_len);
    seal(&w, &k);
    if (!w.overflow) {
        compare(0, 1, buf, w.len, &k, ct, ct_len);
    }
}

static void pre_key_recipe(fz_input *in, int raw, int inbound)
{
    static uint8_t inner[2048];
    static uint8_t buf[4096];
    const cq_olm_session *a = &fx.alice_fresh;
    const cq_olm_sender_chain *chain = &a->ratchet.sender_chain;
    uint32_t counter = (uint32_t)fz_u8(in) << 8;
    size_t pt_len, ops_len;
    const uint8_t *pt, *ops;
    uint8_t ct[272];
    size_t ct_len;
    keys k;
    cq_writer w;
    fz_input inner_ops;

    counter = (counter | fz_u8(in)) % MAX_OFFSET;
    pt = fz_slice(in, &pt_len);
    ops = fz_slice(in, &ops_len);
    inner_ops.data = ops;
    inner_ops.len = ops_len;
    derive(&k, &chain->chain_key, counter);
    ct_len = ciphertext(ct, &k, pt, pt_len, raw);
    cq_writer_init(&w, inner, sizeof inner);
    build_normal(&w, &inner_ops, chain->ratchet_public, counter, ct, ct_len);
    seal(&w, &k);
    if (w.overflow) {
        return;
    }
    {
        size_t inner_len = w.len;

        cq_writer_init(&w, buf, sizeof buf);
        build_pre_key(&w, in, a, inner, inner_len);
    }
    if (!w.overflow) {
        compare(inbound, 0, buf, w.len, &k, ct, ct_len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control;

    if (size > 2048) {
        return 0;
    }
    fz_random_reset();
    control = fz_u8(&in);
    switch (control & 3) {
    case 0:
        compare(0, (control >> 2) & 1, in.data, in.len, NULL, NULL, 0);
        break;
    case 1:
        normal_recipe(&in, (control & 0x10) != 0);
        break;
    default:
        pre_key_recipe(&in, (control & 0x10) != 0, (control & 3) == 3);
        break;
    }
    return 0;
}
