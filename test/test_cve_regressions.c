/*
 * One regression test per libolm CVE, on cliquet's equivalent path. Every
 * input the library reads and every output it writes sits right before a
 * PROT_NONE page (helpers/guard.h), so a one-byte over-read or over-write
 * faults instead of passing quietly.
 *
 * CVE-2021-34813  libolm's PK decryption decoded the ephemeral key into a
 *                 32-byte stack buffer whatever its length. Here: every
 *                 ephemeral key, MAC and ciphertext length is refused with
 *                 its own status, and nothing is read or written outside.
 * CVE-2021-44538  olm_session_describe wrote past its buffer for sessions
 *                 with many chains. Here: cliquet_session_describe of the
 *                 largest state there can be, into every capacity from 0
 *                 up, and every variable-length output of the API written
 *                 into a buffer of exactly the size it asked for.
 * CVE-2024-45191  table AES and table base64 on secrets (and MAC and
 * /45192          padding verdicts, which must be constant time as well):
 *                 timing cannot be checked here;
 *                 test/ct (make ct, run by .ci/run) does, and this test
 *                 fails if its expectations stop covering those paths.
 *                 (CVE-2024-45193, Ed25519 signature malleability, is
 *                 test_utility.c's test_verify_strict: S + L refused.)
 * CBC lengths     a ciphertext of 0 bytes or not a multiple of 16 is
 *                 refused before anything is decrypted, in Olm, Megolm, PK
 *                 backups and libolm pickles, even under a valid MAC.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <valgrind/valgrind.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "api/api.h"
#include "core/core.h"
#include "crypto/crypto.h"
#include "helpers/guard.h"
#include "megolm/megolm.h"
#include "olm/olm.h"

#define K (CLIQUET_KEY_BASE64_SIZE - 1)
#define ML (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1)

static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

static void expect(cliquet_status got, cliquet_status want, const char *what)
{
    if (got != want) {
        fail_msg("%s: %s, want %s", what, cliquet_strerror(got), cliquet_strerror(want));
    }
}

/* A guarded copy, unmapped (canary checked) by the caller. */
static void *g(const void *src, size_t n)
{
    return cqt_guard_copy(src, n);
}

static void unguard(void *p, size_t n)
{
    assert_int_equal(cqt_guard_free(p, n), 0);
}

/* Base64 of raw bytes, as a guarded text. */
static char *g64(const uint8_t *raw, size_t n, size_t *len)
{
    char *text = malloc(cq_base64_encoded_len(n) + 1);
    char *out;

    assert_non_null(text);
    cq_base64_encode(text, raw, n);
    *len = cq_base64_encoded_len(n);
    out = g(text, *len);
    free(text);
    return out;
}

/* ---- the guard pages themselves ------------------------------------------------ */

/*
 * The tests below trust that a read one byte past a guarded buffer faults.
 * A child process checks it (under valgrind the fault would be reported as
 * an error of its own: skipped there, where memcheck watches every access
 * anyway).
 */
static void test_guard_pages_fault(void **state)
{
    int status = 0;
    pid_t pid;

    (void)state;
    if (RUNNING_ON_VALGRIND) {
        skip();
    }
    for (size_t n = 0; n < 3; n++) {
        uint8_t *p = cqt_guard_alloc(n);

        fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            volatile uint8_t c;

            /* The default action: not cmocka's or a sanitizer's handler. */
            signal(SIGSEGV, SIG_DFL);
            signal(SIGBUS, SIG_DFL);
            c = p[n];

            (void)c;
            _exit(0); /* reached only if the guard page did not fault */
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        unguard(p, n);
    }
    /* The canary catches a write before the buffer. */
    {
        uint8_t *p = cqt_guard_alloc(4);

        p[-1] = 0;
        assert_int_equal(cqt_guard_free(p, 4), -1);
    }
}

/* ---- CVE-2021-34813: PK decryption with inputs of any length ------------------- */

typedef struct backup {
    cliquet_pk_decryption *d;
    char ct[128];
    size_t ct_len;
    char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE];
    char eph[CLIQUET_KEY_BASE64_SIZE];
} backup;

static void backup_make(backup *b, const char *text)
{
    cliquet_pk_encryption *e;
    char pub[CLIQUET_KEY_BASE64_SIZE];

    ok(cliquet_pk_decryption_new(&b->d));
    ok(cliquet_pk_decryption_public_key(b->d, pub));
    ok(cliquet_pk_encryption_new(&e, pub, K));
    ok(cliquet_pk_encrypt_legacy_backup(e, b->ct, sizeof b->ct, &b->ct_len, b->mac,
                                        b->eph, (const uint8_t *)text, strlen(text)));
    cliquet_pk_encryption_free(e);
}

/*
 * Decrypts with each input in its own guarded buffer, and the plaintext
 * buffer of exactly the size the API asks for: the decoded ciphertext's
 * length (size rule). Where the call gets as far as the capacity check, the
 * size query (NULL, 0) must ask for exactly that.
 */
static cliquet_status backup_open(const backup *b, const char *eph, size_t eph_len,
                                  const char *mac, size_t mac_len, const char *ct,
                                  size_t ct_len, size_t *pt_len)
{
    char *e = g(eph, eph_len), *m = g(mac, mac_len), *c = g(ct, ct_len);
    size_t cap = cq_base64_decoded_len(ct_len), need = 0;
    uint8_t *pt;
    cliquet_status st;

    st = cliquet_pk_decrypt_legacy_backup(b->d, NULL, 0, &need, e, eph_len, m, mac_len,
                                          c, ct_len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        assert_int_equal(need, cap);
    }
    pt = cqt_guard_alloc(cap);
    st = cliquet_pk_decrypt_legacy_backup(b->d, pt, cap, pt_len, e, eph_len, m, mac_len,
                                          c, ct_len);
    unguard(pt, cap);
    unguard(e, eph_len);
    unguard(m, mac_len);
    unguard(c, ct_len);
    return st;
}

/* What a base64 text of n characters must be refused with when a field
 * of `want` bytes is expected. */
static cliquet_status length_status(size_t n, size_t want, cliquet_status wrong)
{
    if (n % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    return cq_base64_decoded_len(n) == want ? CLIQUET_OK : wrong;
}

static void test_cve_2021_34813_pk_lengths(void **state)
{
    backup b;
    char text[4096];
    size_t len = 0;
    unsigned long calls = 0;

    (void)state;
    backup_make(&b, "a Megolm session key, as a backup holds it");
    assert_int_equal(backup_open(&b, b.eph, K, b.mac, ML, b.ct, b.ct_len, &len),
                     CLIQUET_OK);
    /* 'A' * n is valid base64 for every n that is not 1 mod 4 (all zero
     * bits): only the length can be wrong. 43 decodes to the all-zero key,
     * a point of small order. */
    memset(text, 'A', sizeof text);
    for (size_t n = 0; n <= sizeof text; n = n < 200 ? n + 1 : n * 2) {
        cliquet_status want = length_status(n, 32, CLIQUET_ERR_BAD_KEY_LENGTH);

        if (want == CLIQUET_OK) {
            want = CLIQUET_ERR_ZERO_SHARED_SECRET;
        }
        expect(backup_open(&b, text, n, b.mac, ML, b.ct, b.ct_len, &len), want,
               "ephemeral key length");
        calls++;
    }
    for (size_t n = 0; n <= sizeof text; n = n < 200 ? n + 1 : n * 2) {
        cliquet_status want = length_status(n, 8, CLIQUET_ERR_BAD_MESSAGE_MAC);

        if (want == CLIQUET_OK) {
            want = CLIQUET_ERR_BAD_MESSAGE_MAC; /* eight zero bytes: wrong */
        }
        expect(backup_open(&b, b.eph, K, text, n, b.ct, b.ct_len, &len), want,
               "mac length");
        calls++;
    }
    /* Ciphertexts: every length up to 4096 characters. A whole number of
     * blocks of zeros passes the length check and decrypts to D(0) ^ IV
     * (one block) or D(0) (the last of several): under about one backup key
     * in 256 that happens to end in valid padding. The lengths are what is
     * tested here, so first draw a backup key (a fresh backup) for which
     * both are refused as padding, as they are almost always. */
    for (int tries = 0;
         backup_open(&b, b.eph, K, b.mac, ML, text, 22, &len) != CLIQUET_ERR_BAD_PADDING ||
         backup_open(&b, b.eph, K, b.mac, ML, text, 43, &len) != CLIQUET_ERR_BAD_PADDING;
         tries++) {
        assert_true(tries < 64);
        cliquet_pk_decryption_free(b.d);
        backup_make(&b, "a Megolm session key, as a backup holds it");
    }
    for (size_t n = 0; n <= sizeof text; n++) {
        size_t raw = cq_base64_decoded_len(n);
        cliquet_status want = CLIQUET_ERR_BAD_PADDING;

        if (n % 4 == 1) {
            want = CLIQUET_ERR_BAD_BASE64;
        } else if (raw == 0 || raw % 16 != 0) {
            want = CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH;
        }
        expect(backup_open(&b, b.eph, K, b.mac, ML, text, n, &len), want,
               "ciphertext length");
        calls++;
    }
    print_message("CVE-2021-34813: %lu PK decryptions with inputs of every length "
                  "refused, each input and output against a guard page\n", calls);
    cliquet_pk_decryption_free(b.d);
}

/* ---- CVE-2021-44538: describe, and every output at its exact size --------------- */

/* The description libolm writes, built independently of the library. */
static size_t describe_reference(char *out, size_t cap, const cq_olm_ratchet *r)
{
    int n = snprintf(out, cap, "sender chain index: %u receiver chain indices:",
                     r->has_sender_chain ? (unsigned)r->sender_chain.chain_key.index : 0u);
    size_t pos = (size_t)n;

    for (uint32_t i = 0; i < r->num_receiver_chains; i++) {
        pos += (size_t)snprintf(out + pos, cap - pos, " %u",
                                (unsigned)r->receiver_chains[i].chain_key.index);
    }
    pos += (size_t)snprintf(out + pos, cap - pos, " skipped message keys:");
    for (uint32_t i = 0; i < r->num_skipped_keys; i++) {
        pos += (size_t)snprintf(out + pos, cap - pos, " %u",
                                (unsigned)r->skipped_keys[i].index);
    }
    assert_true(pos < cap);
    return pos;
}

/*
 * Every capacity from 0 to the one needed + 1, each buffer against a guard
 * page. The description is a C string (text rule): the capacity needed
 * counts its NUL, the length written does not.
 */
static void describe_all_caps(const cliquet_session *s, unsigned long *calls)
{
    char want[2048];
    size_t text = describe_reference(want, sizeof want, &cq_api_session_state(s)->ratchet);
    size_t need = text + 1;

    for (size_t cap = 0; cap <= need + 1; cap++) {
        char *out = cqt_guard_alloc(cap);
        size_t len = 0;
        cliquet_status st = cliquet_session_describe(s, cap ? out : NULL, cap, &len);

        if (cap < need) {
            expect(st, CLIQUET_ERR_OUTPUT_TOO_SMALL, "describe, short buffer");
            assert_int_equal(len, need);
            for (size_t i = 0; i < cap; i++) {
                assert_int_equal((uint8_t)out[i], 0xA5); /* nothing written */
            }
        } else {
            ok(st);
            assert_int_equal(len, text);
            assert_memory_equal(out, want, text);
            assert_int_equal(out[text], '\0');
            for (size_t i = need; i < cap; i++) {
                assert_int_equal((uint8_t)out[i], 0xA5); /* nothing past the NUL */
            }
        }
        unguard(out, cap);
        (*calls)++;
    }
}

static void test_cve_2021_44538_describe(void **state)
{
    cq_olm_session big;
    cliquet_session *s;
    unsigned long calls = 0;

    (void)state;
    /* The largest description: every list full, every counter ten digits. */
    memset(&big, 0, sizeof big);
    big.ratchet.has_sender_chain = 1;
    big.ratchet.sender_chain.chain_key.index = 0xFFFFFFFFu;
    big.ratchet.num_receiver_chains = CQ_OLM_MAX_RECEIVER_CHAINS;
    for (uint32_t i = 0; i < CQ_OLM_MAX_RECEIVER_CHAINS; i++) {
        big.ratchet.receiver_chains[i].chain_key.index = 4000000000u + i;
    }
    big.ratchet.num_skipped_keys = CQ_OLM_MAX_SKIPPED_KEYS;
    for (uint32_t i = 0; i < CQ_OLM_MAX_SKIPPED_KEYS; i++) {
        big.ratchet.skipped_keys[i].index = 4294967295u - i;
    }
    ok(cq_api_session_from_state(&s, &big));
    describe_all_caps(s, &calls);
    cliquet_session_free(s);
    /* And the smallest: no chains at all. */
    memset(&big, 0, sizeof big);
    ok(cq_api_session_from_state(&s, &big));
    describe_all_caps(s, &calls);
    cliquet_session_free(s);
    print_message("CVE-2021-44538: cliquet_session_describe into %lu buffers of every "
                  "size, largest and smallest state\n", calls);
}

/*
 * Every (out, out_cap, &out_len) output of the API: asked for its size with
 * (NULL, 0), then written into a guarded buffer of exactly that size. The
 * writer must fill it (out_len equal) and not one byte more.
 */
typedef cliquet_status (*out_fn)(void *ctx, void *out, size_t cap, size_t *len);

/*
 * How the size asked for relates to the length written:
 *   OUT_TEXT   a C string (text rule): the capacity asked for is the text's
 *              length + 1, the NUL written right after the text, and none
 *              inside it;
 *   OUT_EXACT  bytes: the size asked for is the length written;
 *   OUT_BOUND  bytes: a decrypt may ask for the ciphertext's length and
 *              write a shorter plaintext.
 */
enum out_kind { OUT_TEXT, OUT_EXACT, OUT_BOUND };

static void exact_size(const char *what, out_fn f, void *ctx, enum out_kind kind,
                       unsigned long *calls)
{
    size_t need = 0, len = 0;
    uint8_t *out;

    expect(f(ctx, NULL, 0, &need), CLIQUET_ERR_OUTPUT_TOO_SMALL, what);
    out = cqt_guard_alloc(need);
    ok(f(ctx, out, need, &len));
    switch (kind) {
    case OUT_TEXT:
        assert_true(need > 0);
        assert_int_equal(len + 1, need);
        assert_int_equal(out[len], '\0');
        assert_null(memchr(out, '\0', len));
        break;
    case OUT_EXACT:
        assert_int_equal(len, need);
        break;
    case OUT_BOUND:
        assert_true(len <= need);
        break;
    }
    unguard(out, need);
    (*calls)++;
}

typedef struct objects {
    cliquet_account *alice, *bob;
    cliquet_session *a2b, *b2a;
    cliquet_outbound_group_session *og;
    cliquet_inbound_group_session *ig;
    cliquet_pk_decryption *pkd;
    cliquet_pk_encryption *pke;
    uint8_t key[32];
    char msg[512];      /* the last message made, and its type */
    size_t msg_len;
    int type;
} objects;

static cliquet_status f_json(void *c, void *out, size_t cap, size_t *len)
{
    return cliquet_account_one_time_keys_json(((objects *)c)->bob, out, cap, len);
}

static cliquet_status f_describe(void *c, void *out, size_t cap, size_t *len)
{
    return cliquet_session_describe(((objects *)c)->b2a, out, cap, len);
}

static cliquet_status f_olm_encrypt(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;
    cliquet_status st = cliquet_session_encrypt(o->a2b, &o->type, out, cap, len,
                                                (const uint8_t *)"hi", 2);

    if (st == CLIQUET_OK) {
        memcpy(o->msg, out, *len);
        o->msg_len = *len;
    }
    return st;
}

static cliquet_status f_olm_decrypt(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;
    cliquet_olm_decrypt_info info;

    return cliquet_session_decrypt(o->b2a, o->type, o->msg, o->msg_len, out, cap, len,
                                   &info);
}

static cliquet_status f_group_encrypt(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;
    cliquet_status st = cliquet_outbound_group_session_encrypt(
        o->og, out, cap, len, (const uint8_t *)"group", 5);

    if (st == CLIQUET_OK) {
        memcpy(o->msg, out, *len);
        o->msg_len = *len;
    }
    return st;
}

static cliquet_status f_group_decrypt(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_inbound_group_session_decrypt(o->ig, o->msg, o->msg_len, out, cap, len,
                                                 NULL);
}

static cliquet_status f_pk_encrypt(void *c, void *out, size_t cap, size_t *len)
{
    char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE], eph[CLIQUET_KEY_BASE64_SIZE];

    return cliquet_pk_encrypt_legacy_backup(((objects *)c)->pke, out, cap, len, mac, eph,
                                            (const uint8_t *)"backup", 6);
}

static cliquet_status f_account_p(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_account_pickle(o->alice, out, cap, len, o->key,
                                  CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status f_account_pl(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_account_pickle_libolm(o->alice, out, cap, len, o->key, 32);
}

static cliquet_status f_session_p(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_session_pickle(o->a2b, out, cap, len, o->key,
                                  CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status f_session_pl(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_session_pickle_libolm(o->a2b, out, cap, len, o->key, 32);
}

static cliquet_status f_og_p(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_outbound_group_session_pickle(o->og, out, cap, len, o->key,
                                                 CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status f_og_pl(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_outbound_group_session_pickle_libolm(o->og, out, cap, len, o->key, 32);
}

static cliquet_status f_ig_p(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_inbound_group_session_pickle(o->ig, out, cap, len, o->key,
                                                CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status f_ig_pl(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_inbound_group_session_pickle_libolm(o->ig, out, cap, len, o->key, 32);
}

static cliquet_status f_ig_pll(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_inbound_group_session_pickle_libolm_lossy(o->ig, out, cap, len, o->key, 32);
}

static cliquet_status f_pk_p(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_pk_decryption_pickle(o->pkd, out, cap, len, o->key,
                                        CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status f_pk_pl(void *c, void *out, size_t cap, size_t *len)
{
    objects *o = c;

    return cliquet_pk_decryption_pickle_libolm(o->pkd, out, cap, len, o->key, 32);
}

static void objects_make(objects *o)
{
    char curve[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_ID_BASE64_SIZE], otk[CLIQUET_KEY_BASE64_SIZE];
    char bob[CLIQUET_KEY_BASE64_SIZE], alice[CLIQUET_KEY_BASE64_SIZE];
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char msg[512];
    uint8_t pt[512];
    size_t len;
    int type;

    memset(o, 0, sizeof *o);
    randombytes_buf(o->key, sizeof o->key);
    ok(cliquet_account_new(&o->alice));
    ok(cliquet_account_new(&o->bob));
    ok(cliquet_account_generate_one_time_keys(o->bob, 5, NULL));
    ok(cliquet_account_identity_keys(o->bob, bob, ed));
    ok(cliquet_account_identity_keys(o->alice, alice, ed));
    ok(cliquet_account_one_time_key(o->bob, 0, id, otk));
    ok(cliquet_session_new_outbound(&o->a2b, o->alice, bob, K, otk, K));
    ok(cliquet_session_encrypt(o->a2b, &type, msg, sizeof msg, &len,
                               (const uint8_t *)"x", 1));
    ok(cliquet_session_new_inbound(&o->b2a, o->bob, alice, K, msg, len, pt, sizeof pt,
                                   &len, NULL));
    ok(cliquet_outbound_group_session_new(&o->og));
    ok(cliquet_outbound_group_session_key(o->og, key));
    ok(cliquet_inbound_group_session_new(&o->ig, key, sizeof key - 1));
    ok(cliquet_pk_decryption_new(&o->pkd));
    ok(cliquet_pk_decryption_public_key(o->pkd, curve));
    ok(cliquet_pk_encryption_new(&o->pke, curve, K));
}

static void objects_free(objects *o)
{
    cliquet_account_free(o->alice);
    cliquet_account_free(o->bob);
    cliquet_session_free(o->a2b);
    cliquet_session_free(o->b2a);
    cliquet_outbound_group_session_free(o->og);
    cliquet_inbound_group_session_free(o->ig);
    cliquet_pk_decryption_free(o->pkd);
    cliquet_pk_encryption_free(o->pke);
}

static void test_every_output_at_its_exact_size(void **state)
{
    objects o;
    unsigned long calls = 0;

    (void)state;
    objects_make(&o);
    exact_size("one-time keys JSON", f_json, &o, OUT_TEXT, &calls);
    exact_size("describe", f_describe, &o, OUT_TEXT, &calls);
    exact_size("Olm encrypt", f_olm_encrypt, &o, OUT_TEXT, &calls);
    exact_size("Olm decrypt", f_olm_decrypt, &o, OUT_EXACT, &calls);
    exact_size("Megolm encrypt", f_group_encrypt, &o, OUT_TEXT, &calls);
    exact_size("Megolm decrypt", f_group_decrypt, &o, OUT_BOUND, &calls);
    exact_size("PK encrypt", f_pk_encrypt, &o, OUT_TEXT, &calls);
    exact_size("account pickle", f_account_p, &o, OUT_TEXT, &calls);
    exact_size("account libolm pickle", f_account_pl, &o, OUT_TEXT, &calls);
    exact_size("session pickle", f_session_p, &o, OUT_TEXT, &calls);
    exact_size("session libolm pickle", f_session_pl, &o, OUT_TEXT, &calls);
    exact_size("outbound group pickle", f_og_p, &o, OUT_TEXT, &calls);
    exact_size("outbound group libolm pickle", f_og_pl, &o, OUT_TEXT, &calls);
    exact_size("inbound group pickle", f_ig_p, &o, OUT_TEXT, &calls);
    exact_size("inbound group libolm pickle", f_ig_pl, &o, OUT_TEXT, &calls);
    exact_size("inbound group lossy libolm pickle", f_ig_pll, &o, OUT_TEXT, &calls);
    exact_size("PK decryption pickle", f_pk_p, &o, OUT_TEXT, &calls);
    exact_size("PK decryption libolm pickle", f_pk_pl, &o, OUT_TEXT, &calls);
    print_message("no API writes past out_cap: %lu variable-length outputs written "
                  "into guarded buffers of exactly the size asked for\n", calls);
    objects_free(&o);
}

/* ---- AES-CBC ciphertext lengths ------------------------------------------------------ */

/* The lengths every path must refuse: none, and not a whole number of blocks. */
static const size_t bad_lengths[] = { 0, 1, 8, 15, 17, 31, 33, 47, 100 };
#define BAD_LENGTHS (sizeof bad_lengths / sizeof bad_lengths[0])

static const uint8_t control_text[] = "fifteen bytes!!";

/*
 * An Olm normal message on the sender's current chain, as the receiver
 * will check it: n bytes of ciphertext (or, with ct NULL, the control
 * plaintext properly encrypted) and the correct MAC unless good_mac is 0.
 */
static size_t olm_craft(uint8_t *out, size_t cap, const cq_olm_session *sender,
                        const uint8_t *ct, size_t n, int good_mac)
{
    static const uint8_t seed = CQ_OLM_MESSAGE_KEY_SEED;
    const cq_olm_sender_chain *c = &sender->ratchet.sender_chain;
    uint8_t mk[32], keys[CQ_OLM_CIPHER_KEYS_BYTES], mac[32], block[16];
    cq_writer w;

    /* As olm.md §Creating a message key and §Olm Authenticated Encryption
     * say: M = HMAC(C, "\x01"), then AES_KEY || HMAC_KEY || AES_IV =
     * HKDF(0, M, "OLM_KEYS", 80), computed here independently. */
    cq_hmac_sha256(mk, c->chain_key.key, 32, &seed, 1);
    assert_int_equal(cq_hkdf_sha256(keys, sizeof keys, NULL, 0, mk, 32,
                                    (const uint8_t *)CQ_OLM_INFO_KEYS,
                                    CQ_OLM_INFO_KEYS_LEN),
                     0);
    if (ct == NULL) {
        cq_aes256_cbc_encrypt(block, keys, keys + 64, control_text, 15);
        ct = block;
        n = 16;
    }
    cq_writer_init(&w, out, cap);
    cq_write_u8(&w, CQ_OLM_PROTOCOL_VERSION);
    cq_write_field_bytes(&w, CQ_OLM_TAG_RATCHET_KEY, c->ratchet_public, 32);
    cq_write_field_varint(&w, CQ_OLM_TAG_COUNTER, c->chain_key.index);
    cq_write_field_bytes(&w, CQ_OLM_TAG_CIPHERTEXT, ct, n);
    cq_hmac_sha256(mac, keys + 32, 32, out, w.len);
    mac[0] ^= good_mac ? 0 : 1;
    cq_write_bytes(&w, mac, CQ_OLM_MAC_BYTES);
    assert_false(w.overflow);
    return w.len;
}

static cliquet_status olm_try(cliquet_session *receiver, const uint8_t *raw, size_t n,
                              size_t *pt_len)
{
    size_t len = 0;
    char *text = g64(raw, n, &len);
    uint8_t *pt = cqt_guard_alloc(64);
    cliquet_olm_decrypt_info info;
    cliquet_status st;

    st = cliquet_session_decrypt(receiver, CLIQUET_OLM_MESSAGE_NORMAL, text, len, pt, 64,
                                 pt_len, &info);
    unguard(pt, 64);
    unguard(text, len);
    return st;
}

/* spec: olm.md §Creating a message key */
/* spec: olm.md §Olm Authenticated Encryption */
static void test_cbc_lengths_olm(void **state)
{
    cliquet_account *alice, *bob;
    cliquet_session *a2b, *b2a;
    char bob_curve[CLIQUET_KEY_BASE64_SIZE], alice_curve[CLIQUET_KEY_BASE64_SIZE];
    char ed[CLIQUET_KEY_BASE64_SIZE], id[CLIQUET_KEY_ID_BASE64_SIZE];
    char otk[CLIQUET_KEY_BASE64_SIZE];
    cliquet_olm_decrypt_info info;
    char msg[512];
    uint8_t raw[512], ct[128], pt[64], before[sizeof(cq_olm_session)];
    size_t len, n;
    int type;

    (void)state;
    ok(cliquet_account_new(&alice));
    ok(cliquet_account_new(&bob));
    ok(cliquet_account_generate_one_time_keys(bob, 1, NULL));
    ok(cliquet_account_identity_keys(bob, bob_curve, ed));
    ok(cliquet_account_identity_keys(alice, alice_curve, ed));
    ok(cliquet_account_one_time_key(bob, 0, id, otk));
    ok(cliquet_session_new_outbound(&a2b, alice, bob_curve, K, otk, K));
    ok(cliquet_session_encrypt(a2b, &type, msg, sizeof msg, &len, (const uint8_t *)"a", 1));
    ok(cliquet_session_new_inbound(&b2a, bob, alice_curve, K, msg, len, pt, sizeof pt,
                                   &len, NULL));
    ok(cliquet_session_encrypt(b2a, &type, msg, sizeof msg, &len, (const uint8_t *)"b", 1));
    ok(cliquet_session_decrypt(a2b, type, msg, len, pt, sizeof pt, &len, &info));
    assert_string_equal(info.sender_key, bob_curve);
    /* Alice's next chain, one message sent and lost: Bob has not seen it. */
    ok(cliquet_session_encrypt(a2b, &type, msg, sizeof msg, &len, (const uint8_t *)"c", 1));
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);

    randombytes_buf(ct, sizeof ct);
    memcpy(before, cq_api_session_state(b2a), sizeof before);
    for (size_t i = 0; i < BAD_LENGTHS; i++) {
        for (int good_mac = 0; good_mac <= 1; good_mac++) {
            n = olm_craft(raw, sizeof raw, cq_api_session_state(a2b), ct, bad_lengths[i],
                          good_mac);
            expect(olm_try(b2a, raw, n, &len), CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
                   "Olm ciphertext length");
            assert_memory_equal(cq_api_session_state(b2a), before, sizeof before);
        }
    }
    /* Controls: the same message with whole blocks is judged by its MAC, and
     * with the correct MAC and real ciphertext it decrypts. So the refusals
     * above came before the MAC was even looked at. */
    n = olm_craft(raw, sizeof raw, cq_api_session_state(a2b), ct, 32, 0);
    expect(olm_try(b2a, raw, n, &len), CLIQUET_ERR_BAD_MESSAGE_MAC, "Olm control: bad MAC");
    n = olm_craft(raw, sizeof raw, cq_api_session_state(a2b), NULL, 0, 1);
    ok(olm_try(b2a, raw, n, &len));
    assert_int_equal(len, 15);
    print_message("CBC lengths: Olm refuses %zu ciphertext lengths before the MAC, "
                  "with a valid and an invalid MAC\n", (size_t)BAD_LENGTHS);
    cliquet_session_free(a2b);
    cliquet_session_free(b2a);
    cliquet_account_free(alice);
    cliquet_account_free(bob);
}

/*
 * A Megolm message at the session's current index with n bytes of
 * ciphertext (ct NULL: the control plaintext encrypted), the correct MAC
 * and a valid signature.
 */
static size_t megolm_craft(uint8_t *out, size_t cap, const cq_megolm_outbound *s,
                           const uint8_t *ct, size_t n, int good_mac)
{
    uint8_t keys[CQ_MEGOLM_KDF_BYTES], mac[32], block[16], sig[64];
    cq_writer w;

    assert_int_equal(cq_hkdf_sha256(keys, sizeof keys, NULL, 0, s->ratchet.data,
                                    CQ_MEGOLM_RATCHET_BYTES,
                                    (const uint8_t *)CQ_MEGOLM_KDF_INFO,
                                    CQ_MEGOLM_KDF_INFO_BYTES),
                     0);
    if (ct == NULL) {
        cq_aes256_cbc_encrypt(block, keys, keys + 64, control_text, 15);
        ct = block;
        n = 16;
    }
    cq_writer_init(&w, out, cap);
    cq_write_u8(&w, CQ_MEGOLM_MESSAGE_VERSION);
    cq_write_field_varint(&w, CQ_MEGOLM_INDEX_TAG, s->ratchet.counter);
    cq_write_field_bytes(&w, CQ_MEGOLM_CIPHERTEXT_TAG, ct, n);
    cq_hmac_sha256(mac, keys + 32, 32, out, w.len);
    mac[0] ^= good_mac ? 0 : 1;
    cq_write_bytes(&w, mac, CQ_MEGOLM_MAC_BYTES);
    assert_false(w.overflow);
    cq_ed25519_sign(sig, &s->signing_key, out, w.len);
    cq_write_bytes(&w, sig, sizeof sig);
    assert_false(w.overflow);
    return w.len;
}

static cliquet_status megolm_try(cliquet_inbound_group_session *s, const uint8_t *raw,
                                 size_t n, size_t *pt_len)
{
    size_t len = 0;
    char *text = g64(raw, n, &len);
    uint8_t *pt = cqt_guard_alloc(128);
    cliquet_status st;

    st = cliquet_inbound_group_session_decrypt(s, text, len, pt, 128, pt_len, NULL);
    unguard(pt, 128);
    unguard(text, len);
    return st;
}

static void test_cbc_lengths_megolm(void **state)
{
    cliquet_outbound_group_session *og;
    cliquet_inbound_group_session *ig;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    uint8_t raw[512], ct[128], before[sizeof(cq_megolm_inbound)];
    size_t len, n;

    (void)state;
    ok(cliquet_outbound_group_session_new(&og));
    ok(cliquet_outbound_group_session_key(og, key));
    ok(cliquet_inbound_group_session_new(&ig, key, sizeof key - 1));
    randombytes_buf(ct, sizeof ct);
    memcpy(before, cq_api_inbound_group_state(ig), sizeof before);
    for (size_t i = 0; i < BAD_LENGTHS; i++) {
        for (int good_mac = 0; good_mac <= 1; good_mac++) {
            n = megolm_craft(raw, sizeof raw, cq_api_outbound_group_state(og), ct,
                             bad_lengths[i], good_mac);
            expect(megolm_try(ig, raw, n, &len), CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
                   "Megolm ciphertext length");
            assert_memory_equal(cq_api_inbound_group_state(ig), before, sizeof before);
        }
    }
    n = megolm_craft(raw, sizeof raw, cq_api_outbound_group_state(og), ct, 32, 0);
    expect(megolm_try(ig, raw, n, &len), CLIQUET_ERR_BAD_MESSAGE_MAC,
           "Megolm control: bad MAC");
    n = megolm_craft(raw, sizeof raw, cq_api_outbound_group_state(og), NULL, 0, 1);
    ok(megolm_try(ig, raw, n, &len));
    assert_int_equal(len, 15);
    print_message("CBC lengths: Megolm refuses %zu ciphertext lengths before the MAC, "
                  "validly signed, with a valid and an invalid MAC\n", (size_t)BAD_LENGTHS);
    cliquet_outbound_group_session_free(og);
    cliquet_inbound_group_session_free(ig);
}

static void test_cbc_lengths_pk(void **state)
{
    backup b;
    uint8_t ct[128];
    char low_order[K];
    size_t len = 0, n;
    char *text;

    (void)state;
    backup_make(&b, "key");
    randombytes_buf(ct, sizeof ct);
    memset(low_order, 'A', K); /* the all-zero key: X25519 would refuse it */
    for (size_t i = 0; i < BAD_LENGTHS; i++) {
        text = g64(ct, bad_lengths[i], &n);
        /* The MAC does not cover the ciphertext: this one is valid. */
        expect(backup_open(&b, b.eph, K, b.mac, ML, text, n, &len),
               CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH, "PK ciphertext length, valid MAC");
        /* Refused before the key agreement is even run. */
        expect(backup_open(&b, low_order, K, b.mac, ML, text, n, &len),
               CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH, "PK ciphertext length, low-order key");
        unguard(text, n);
    }
    /* Controls: the ordering of the other checks. */
    text = g64(ct, 32, &n);
    expect(backup_open(&b, low_order, K, b.mac, ML, text, n, &len),
           CLIQUET_ERR_ZERO_SHARED_SECRET, "PK control: low-order key");
    unguard(text, n);
    ok(backup_open(&b, b.eph, K, b.mac, ML, b.ct, b.ct_len, &len));
    assert_int_equal(len, 3);
    print_message("CBC lengths: PK backups refuse %zu ciphertext lengths before the key "
                  "agreement\n", (size_t)BAD_LENGTHS);
    cliquet_pk_decryption_free(b.d);
}

/* libolm pickles: AES-CBC blocks, then an 8-byte MAC. */
static void test_cbc_lengths_libolm_pickle(void **state)
{
    static const uint8_t pickle_key[] = "a libolm pickle key";
    uint8_t keys[80], raw[256], mac[32];
    cliquet_account *a = NULL;
    char *text;
    size_t n, total;

    (void)state;
    /* libolm's pickle keys: HKDF(0, key, "Pickle", 80). */
    assert_int_equal(cq_hkdf_sha256(keys, sizeof keys, NULL, 0, pickle_key,
                                    sizeof pickle_key - 1, (const uint8_t *)"Pickle", 6),
                     0);
    randombytes_buf(raw, sizeof raw);
    for (size_t i = 0; i < BAD_LENGTHS; i++) {
        for (int good_mac = 0; good_mac <= 1; good_mac++) {
            n = bad_lengths[i];
            cq_hmac_sha256(mac, keys + 32, 32, raw, n);
            mac[0] ^= good_mac ? 0 : 1;
            memcpy(raw + n, mac, 8);
            text = g64(raw, n + 8, &total);
            expect(cliquet_account_unpickle_libolm(&a, pickle_key, sizeof pickle_key - 1,
                                                   text, total),
                   CLIQUET_ERR_PICKLE_CORRUPTED, "libolm pickle ciphertext length");
            unguard(text, total);
        }
    }
    /* Control: whole blocks under a wrong MAC are refused by the MAC. */
    cq_hmac_sha256(mac, keys + 32, 32, raw, 32);
    mac[0] ^= 1;
    memcpy(raw + 32, mac, 8);
    text = g64(raw, 40, &total);
    expect(cliquet_account_unpickle_libolm(&a, pickle_key, sizeof pickle_key - 1, text,
                                           total),
           CLIQUET_ERR_PICKLE_BAD_KEY, "libolm pickle control: bad MAC");
    unguard(text, total);
    assert_null(a);
    print_message("CBC lengths: libolm pickles refuse %zu ciphertext lengths before the "
                  "MAC\n", (size_t)BAD_LENGTHS);
}

/* ---- CVE-2024-45191/45192/45193: the constant-time check covers the paths --------- */

/*
 * Timing is checked by test/ct (make ct, which .ci/run runs): the code
 * runs under valgrind with its secrets marked undefined, and every
 * secret-dependent branch or memory index is counted against
 * test/ct/expected.txt. This test fails if that check stops covering the
 * paths of the three CVEs or stops being run by CI.
 */
static void test_cve_2024_451xx_ct_coverage(void **state)
{
    static const char *const needed[] = {
        /* CVE-2024-45191: AES without tables, both implementations. */
        "aes-ct/decrypt_blocks-5", "aes-ct/cbc_decrypt/pad-1",
        "aes-hw/cbc_decrypt/pad-1",
        /* CVE-2024-45192: base64 of secrets. */
        "base64/encode", "base64/decode", "megolm/session_key_base64",
        "megolm/import_base64",
        /* MAC and padding verdicts, in the protocol paths. (CVE-2024-45193
         * is Ed25519 malleability: see docs/threat-model.md.) */
        "ct_memcmp/differ-last-8", "olm/decrypt/ok", "olm/decrypt/bad-mac",
        "olm/decrypt/bad-padding", "megolm/decrypt/ok", "megolm/decrypt/bad-mac",
        "megolm/decrypt/bad-padding", "pk/decrypt/ok", "pk/decrypt/bad-mac",
        "pk/decrypt/bad-padding", "pickle/native/open", "pickle/native/bad-key",
        "pickle/libolm/open", "pickle/libolm/bad-mac", "olm/account_unpickle",
        "olm/session_unpickle", "megolm/inbound_unpickle", "pk/unpickle",
    };
    static char text[64 * 1024];
    FILE *f = fopen("test/ct/expected.txt", "r");
    size_t len;
    int missing = 0;

    (void)state;
    assert_non_null(f);
    len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof text - 1);
    text[len] = '\0';
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        char line[128];

        /* A case line starts the line: "<name> <spaces> <count>". */
        snprintf(line, sizeof line, "\n%s ", needed[i]);
        if (strstr(text, line) == NULL) {
            print_error("test/ct/expected.txt has no case %s\n", needed[i]);
            missing++;
        }
    }
    f = fopen(".ci/run", "r");
    assert_non_null(f);
    len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    if (strstr(text, "\nmake ct\n") == NULL) {
        print_error(".ci/run does not run make ct\n");
        missing++;
    }
    assert_int_equal(missing, 0);
    print_message("CVE-2024-45191/45192/45193: %zu constant-time cases of test/ct cover "
                  "table-free AES, base64 of secrets, MAC and padding verdicts in Olm, "
                  "Megolm, PK and pickles; .ci/run runs make ct\n",
                  sizeof needed / sizeof needed[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guard_pages_fault),
        cmocka_unit_test(test_cve_2021_34813_pk_lengths),
        cmocka_unit_test(test_cve_2021_44538_describe),
        cmocka_unit_test(test_every_output_at_its_exact_size),
        cmocka_unit_test(test_cbc_lengths_olm),
        cmocka_unit_test(test_cbc_lengths_megolm),
        cmocka_unit_test(test_cbc_lengths_pk),
        cmocka_unit_test(test_cbc_lengths_libolm_pickle),
        cmocka_unit_test(test_cve_2024_451xx_ct_coverage),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
