/*
 * The bad-input matrix: every public function of include/cliquet.h,
 * cliquet_random.h and cliquet_libolm.h that returns a status, called with
 * NULL pointers, zero lengths, too-small output buffers, oversized inputs,
 * objects of the wrong kind and malformed values. Each call must return one specific status (named here), and after
 * every refused call the serialised state of EVERY object of the test world
 * must be byte-identical to what it was before: libolm's pickle layout of
 * each account, session, group session and PK key (cq_*_pickle), the
 * imported flag libolm's layout lacks, and the raw bytes of every state
 * struct (which also covers SAS and the keys libolm does not pickle).
 *
 * Every input the library reads sits right before a PROT_NONE page and
 * every output it writes likewise (helpers/guard.h): a read or write one
 * byte past a buffer faults. Oversized lengths are passed with buffers of
 * their real, small size: a function that reads before it refuses faults.
 * Output buffers must hold no partial result after a refusal: they are
 * either untouched or wiped.
 *
 * The last test reads the three public headers and fails if any function
 * that returns a cliquet_status has no case here, so a new function cannot be
 * added without its row. Wrong-kind objects are the ones C's types allow:
 * another account's pre-key message, another session's message, another
 * key's backup, another object's pickle; a pointer to a freed or different
 * struct is undefined behaviour and not tested.
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
#include "api/api.h"
#include "core/core.h"
#include "ecies/ecies.h"
#include "helpers/guard.h"
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pk/pk.h"
#include "sas/sas.h"

/* Text lengths (inputs are (text, length), no NUL)... */
#define K (CLIQUET_KEY_BASE64_SIZE - 1)
#define SK (CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE - 1)
#define EX (CLIQUET_MEGOLM_EXPORT_BASE64_SIZE - 1)
#define ID (CLIQUET_KEY_ID_BASE64_SIZE - 1)
#define SIG (CLIQUET_SIGNATURE_BASE64_SIZE - 1)
#define ML (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1)
/* ...and the arrays a text output is written to (the NUL included). */
#define KS CLIQUET_KEY_BASE64_SIZE
#define SKS CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE
#define EXS CLIQUET_MEGOLM_EXPORT_BASE64_SIZE
#define IDS CLIQUET_KEY_ID_BASE64_SIZE
#define SIGS CLIQUET_SIGNATURE_BASE64_SIZE
#define MLS CLIQUET_PK_LEGACY_MAC_BASE64_SIZE
/*
 * A length far past any bound, passed with a small real buffer: 2^40 + 8,
 * or 3 * 2^30 + 8 where size_t has 32 bits (armhf). Past the largest bound
 * on both (2^31 base64 characters of a message or ciphertext, lib/api), so
 * that no call reads the buffer at that length.
 */
#define HUGE_LEN (SIZE_MAX > UINT32_MAX ? (size_t)(UINT64_C(1) << 40) + 8 : (size_t)0xC0000008u)
/* The same, decoding to a whole number of AES blocks: 2^40, or 3 * 2^30. */
#define HUGE_BLOCKS (SIZE_MAX > UINT32_MAX ? (size_t)(UINT64_C(1) << 40) : (size_t)0xC0000000u)
/*
 * A huge length still under base64's own bound (SIZE_MAX / 2), whose 4n
 * fits a size_t: 2^40, or 2^29 where size_t has 32 bits.
 */
#define HUGE_B64 (SIZE_MAX > UINT32_MAX ? (size_t)(UINT64_C(1) << 40) : (size_t)1 << 29)

/* A call that must succeed. */
static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

/* ---- the record of what was checked ----------------------------------------- */

typedef enum kind {
    NULL_POINTER,
    ZERO_LENGTH,
    TOO_SMALL,
    OVERSIZED,
    WRONG_KIND,
    MALFORMED,
    KINDS
} kind;

static const char *const kind_name[KINDS] = {
    "null", "zero-length", "too-small", "oversized", "wrong-kind", "malformed"
};

static unsigned long checked[KINDS];
static unsigned long state_compares;

#define MAX_FUNCTIONS 200
static const char *covered[MAX_FUNCTIONS];
static size_t n_covered;

static void cover(const char *fn)
{
    for (size_t i = 0; i < n_covered; i++) {
        if (strcmp(covered[i], fn) == 0) {
            return;
        }
    }
    assert_true(n_covered < MAX_FUNCTIONS);
    covered[n_covered++] = fn;
}

/* ---- guarded buffers ---------------------------------------------------------- */

/* Every guarded buffer of a test, unmapped (and its canary checked) at the
 * end of the test by release_guards(). */
#define MAX_GUARDS 512
static void *guards[MAX_GUARDS];
static size_t guard_len[MAX_GUARDS];
static size_t n_guards;
/* Guards below this index belong to the world and live across tests. */
static size_t world_guards;

static void *gbuf(size_t n)
{
    assert_true(n_guards < MAX_GUARDS);
    guards[n_guards] = cqt_guard_alloc(n);
    guard_len[n_guards] = n;
    return guards[n_guards++];
}

/* A guarded copy of n bytes. */
static void *gcopy(const void *src, size_t n)
{
    void *p = gbuf(n);

    if (n > 0) {
        memcpy(p, src, n);
    }
    return p;
}

/* Unmaps the guarded buffers a test made; a damaged canary fails it. */
static void release_guards(size_t keep)
{
    while (n_guards > keep) {
        n_guards--;
        assert_int_equal(cqt_guard_free(guards[n_guards], guard_len[n_guards]), 0);
    }
}

/* 1 if the n bytes at p are as cqt_guard_alloc left them. */
static int untouched(const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0xA5) {
            return 0;
        }
    }
    return 1;
}

/* No partial result: untouched, or wiped to zeros. */
static int no_partial(const void *p, size_t n)
{
    return untouched(p, n) || cq_ct_is_zero(p, n);
}

/* A guarded copy of base64 text with its last `drop` bytes cut off (decoded,
 * cut and encoded again, so the text is still strict base64). */
static char *cut_bytes(const char *text, size_t n, size_t drop, size_t *out_len)
{
    uint8_t raw[16384];
    char enc[16384];
    size_t len = 0;

    ok(cq_base64_decode(raw, sizeof raw, &len, text, n));
    assert_true(len > drop);
    *out_len = cq_base64_encoded_len(len - drop);
    cq_base64_encode(enc, raw, len - drop);
    return gcopy(enc, *out_len);
}

/* The longest length below n that no base64 text has (1 mod 4). */
static size_t one_mod_4(size_t n)
{
    size_t m = n - 1;

    while (m % 4 != 1) {
        m--;
    }
    return m;
}

/* A guarded copy of text with a character outside the base64 alphabet. */
static char *bad_char(const char *text, size_t n)
{
    char *p = gcopy(text, n);

    p[n / 2] = '!';
    return p;
}

/* ---- the world ------------------------------------------------------------------- */

typedef struct world {
    cliquet_account *alice, *bob, *carol;
    cliquet_session *a2b;    /* Alice's, has received Bob's answer */
    cliquet_session *b2a;    /* Bob's, from Alice's first message */
    cliquet_session *a2b_2;  /* Alice's to Bob's second one-time key */
    cliquet_session *a2c;    /* Alice's to Carol */
    cliquet_session *c2a;    /* Carol's, from a2c's message */
    cliquet_session *fresh;  /* Bob's from a2b_2's message, key kept: its first
                                encrypt needs random bytes */
    cliquet_outbound_group_session *og, *other_og;
    cliquet_inbound_group_session *ig, *ig_imported;
    cliquet_pk_decryption *pkd, *other_pkd;
    cliquet_pk_encryption *pke, *pke_low_order;
    cliquet_pk_signing *pks;
    cliquet_sas *sas_unset, *sas_set, *sas_peer;
    /* ECIES (1.1): a fresh channel, and an established pair (g the
     * recipient, s the initiator). */
    cliquet_ecies_channel *ecies_fresh, *ecies_g, *ecies_s;

    char alice_curve[KS], alice_ed[KS], bob_curve[KS], bob_otk[KS], carol_curve[KS];
    char *pre_key_b2;     /* a2b_2's pre-key message, not yet received */
    size_t pre_key_b2_len;
    char *pre_key_c;      /* a2c's pre-key message (Carol's one-time key) */
    size_t pre_key_c_len;
    char *normal_a2b;     /* a normal message of a2b, not yet decrypted */
    size_t normal_a2b_len;
    char *normal_c2a;     /* a normal message of c2a for Alice */
    size_t normal_c2a_len;
    char *group_msg;      /* og's message at index 0 */
    size_t group_msg_len;
    char *other_group_msg; /* other_og's message */
    size_t other_group_msg_len;
    char session_key[SKS]; /* og's at index 0 */
    char export_1[EXS];    /* og's export at index 1 */
    char backup_ct[64];   /* a backup for pkd: ciphertext, mac, ephemeral */
    size_t backup_ct_len;
    char backup_mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE];
    char backup_eph[KS];
    char other_ct[64];    /* a backup for other_pkd */
    size_t other_ct_len;
    char other_mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE];
    char other_eph[KS];
    char ecies_initial[128]; /* an initial message to ecies_fresh's key */
    size_t ecies_initial_len;
    char ecies_to_g[64];     /* ecies_s's next message, not yet decrypted */
    size_t ecies_to_g_len;
    char ecies_to_s[64];     /* ecies_g's next message, not yet decrypted */
    size_t ecies_to_s_len;
    uint8_t pickle_key[CLIQUET_PICKLE_KEY_BYTES];
    uint8_t other_pickle_key[CLIQUET_PICKLE_KEY_BYTES];

    /* The serialised state of everything, as of the last change. */
    uint8_t *snap;
    size_t snap_len;
    uint8_t *now;
} world;

static world *W;

#define SNAP_CAP (256 * 1024)

/*
 * SAS, PK encryption and PK signing objects have no state accessor in
 * api.h: each API struct holds its core state as its only member, and a
 * pointer to a struct is a pointer to its first member (C11 6.7.2.1p15).
 */
static const cq_sas *sas_state(const cliquet_sas *s)
{
    return (const cq_sas *)(const void *)s;
}

static const cq_ecies *ecies_state(const cliquet_ecies_channel *c)
{
    return (const cq_ecies *)(const void *)c;
}

static void put_raw(cq_writer *w, const void *p, size_t n)
{
    cq_write_bytes(w, p, n);
}

static void put_account(cq_writer *w, const cliquet_account *a)
{
    const cq_olm_account *s = cq_api_account_state(a);

    cq_olm_account_pickle(w, s);
    put_raw(w, s, sizeof *s);
}

static void put_session(cq_writer *w, const cliquet_session *x)
{
    const cq_olm_session *s = cq_api_session_state(x);

    cq_olm_session_pickle(w, s);
    put_raw(w, s, sizeof *s);
}

static void put_inbound(cq_writer *w, const cliquet_inbound_group_session *x)
{
    const cq_megolm_inbound *s = cq_api_inbound_group_state(x);

    cq_megolm_inbound_pickle(w, s);
    cq_write_u8(w, s->imported); /* not in libolm's layout */
    put_raw(w, s, sizeof *s);
}

static size_t serialise(const world *w, uint8_t *out)
{
    cq_writer wr;

    cq_writer_init(&wr, out, SNAP_CAP);
    put_account(&wr, w->alice);
    put_account(&wr, w->bob);
    put_account(&wr, w->carol);
    put_session(&wr, w->a2b);
    put_session(&wr, w->b2a);
    put_session(&wr, w->a2b_2);
    put_session(&wr, w->a2c);
    put_session(&wr, w->c2a);
    put_session(&wr, w->fresh);
    cq_megolm_outbound_pickle(&wr, cq_api_outbound_group_state(w->og));
    put_raw(&wr, cq_api_outbound_group_state(w->og), sizeof(cq_megolm_outbound));
    cq_megolm_outbound_pickle(&wr, cq_api_outbound_group_state(w->other_og));
    put_inbound(&wr, w->ig);
    put_inbound(&wr, w->ig_imported);
    cq_pk_decryption_pickle_write(&wr, cq_api_pk_decryption_state(w->pkd));
    cq_pk_decryption_pickle_write(&wr, cq_api_pk_decryption_state(w->other_pkd));
    put_raw(&wr, w->pke, CQ_PK_KEY_BYTES);
    put_raw(&wr, w->pks, sizeof(cq_ed25519_key));
    put_raw(&wr, sas_state(w->sas_unset), sizeof(cq_sas));
    put_raw(&wr, sas_state(w->sas_set), sizeof(cq_sas));
    put_raw(&wr, sas_state(w->sas_peer), sizeof(cq_sas));
    put_raw(&wr, ecies_state(w->ecies_fresh), sizeof(cq_ecies));
    put_raw(&wr, ecies_state(w->ecies_g), sizeof(cq_ecies));
    put_raw(&wr, ecies_state(w->ecies_s), sizeof(cq_ecies));
    assert_false(wr.overflow);
    return wr.len;
}

/* After a call that was meant to change state. */
static void resnap(void)
{
    W->snap_len = serialise(W, W->snap);
}

static void same_state(const char *fn, const char *what)
{
    size_t n = serialise(W, W->now);

    state_compares++;
    if (n != W->snap_len || memcmp(W->now, W->snap, n) != 0) {
        fail_msg("%s (%s): a refused call changed an object's state", fn, what);
    }
}

/*
 * The check every row makes: the status is the one named, and no object
 * of the world changed.
 */
static void refused(cliquet_status got, cliquet_status want, const char *fn,
                    kind k, const char *what)
{
    cover(fn);
    checked[k]++;
    if (got != want) {
        fail_msg("%s (%s, %s): %s, want %s", fn, kind_name[k], what,
                 cliquet_strerror(got), cliquet_strerror(want));
    }
    same_state(fn, what);
}

/* A bad-looking input that is valid (a zero length the API allows). */
static void accepted(cliquet_status got, const char *fn, kind k, const char *what)
{
    refused(got, CLIQUET_OK, fn, k, what);
}

/* ---- building the world ------------------------------------------------------------ */

static void account_keys(cliquet_account *a, char curve[KS], char ed[KS])
{
    char other[KS];

    ok(cliquet_account_identity_keys(a, curve, ed != NULL ? ed : other));
}

/* The i-th unpublished one-time key. */
static void one_time_key(cliquet_account *a, size_t i, char key[KS])
{
    char id[IDS];

    ok(cliquet_account_one_time_key(a, i, id, key));
}

/* Encrypts a text; returns a guarded copy of the message. */
static char *olm_encrypt(cliquet_session *s, const char *text, size_t *len, int *type)
{
    char buf[1024];
    int t;

    ok(cliquet_session_encrypt(s, type != NULL ? type : &t, buf, sizeof buf, len,
                               (const uint8_t *)text, strlen(text)));
    return gcopy(buf, *len);
}

static void olm_decrypt(cliquet_session *s, int type, const char *m, size_t n)
{
    uint8_t pt[1024];
    size_t len;
    cliquet_olm_decrypt_info info;

    ok(cliquet_session_decrypt(s, type, m, n, pt, sizeof pt, &len, &info));
}

static char *group_encrypt(cliquet_outbound_group_session *s, const char *text,
                           size_t *len)
{
    char buf[1024];

    ok(cliquet_outbound_group_session_encrypt(s, buf, sizeof buf, len,
                                              (const uint8_t *)text, strlen(text)));
    return gcopy(buf, *len);
}

static void backup(const cliquet_pk_encryption *e, char ct[64], size_t *ct_len,
                   char mac[MLS], char eph[KS])
{
    static const uint8_t text[] = "a room key, 28 bytes of text";

    ok(cliquet_pk_encrypt_legacy_backup(e, ct, 64, ct_len, mac, eph, text,
                                        sizeof text - 1));
}

static void build_olm(world *w)
{
    char otk[KS];
    uint8_t pt[256];
    size_t len;
    char *m;
    int type;

    ok(cliquet_account_new(&w->alice));
    ok(cliquet_account_new(&w->bob));
    ok(cliquet_account_new(&w->carol));
    account_keys(w->alice, w->alice_curve, w->alice_ed);
    account_keys(w->bob, w->bob_curve, NULL);
    account_keys(w->carol, w->carol_curve, NULL);
    ok(cliquet_account_generate_one_time_keys(w->bob, 3, NULL));
    ok(cliquet_account_generate_fallback_key(w->bob));
    ok(cliquet_account_generate_one_time_keys(w->carol, 1, NULL));

    /* Alice -> Bob, answered. */
    one_time_key(w->bob, 0, w->bob_otk);
    one_time_key(w->bob, 1, otk);
    ok(cliquet_session_new_outbound(&w->a2b, w->alice, w->bob_curve, K, w->bob_otk, K));
    m = olm_encrypt(w->a2b, "first", &len, &type);
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_PRE_KEY);
    ok(cliquet_session_new_inbound(&w->b2a, w->bob, w->alice_curve, K, m, len, pt,
                                   sizeof pt, &len, NULL));
    m = olm_encrypt(w->b2a, "answer", &len, &type);
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);
    olm_decrypt(w->a2b, type, m, len);
    w->normal_a2b = olm_encrypt(w->a2b, "normal", &w->normal_a2b_len, &type);
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);

    /* Alice -> Bob's second one-time key: a pre-key message kept unread. */
    ok(cliquet_session_new_outbound(&w->a2b_2, w->alice, w->bob_curve, K, otk, K));
    w->pre_key_b2 = olm_encrypt(w->a2b_2, "second", &w->pre_key_b2_len, NULL);

    /* Alice -> Carol, and Carol's answer (for Alice, not Bob). */
    one_time_key(w->carol, 0, otk);
    ok(cliquet_session_new_outbound(&w->a2c, w->alice, w->carol_curve, K, otk, K));
    w->pre_key_c = olm_encrypt(w->a2c, "to carol", &w->pre_key_c_len, NULL);
    ok(cliquet_session_new_inbound(&w->c2a, w->carol, NULL, 0, w->pre_key_c,
                                   w->pre_key_c_len, pt, sizeof pt, &len, NULL));
    ok(cliquet_session_new_inbound_keep_key(&w->fresh, w->bob, NULL, 0, w->pre_key_b2,
                                            w->pre_key_b2_len, pt, sizeof pt, &len));
    w->normal_c2a = olm_encrypt(w->c2a, "from carol", &w->normal_c2a_len, &type);
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);
    /* Keep a2c's pre-key message valid for a2c's peer only: Carol's one-time
     * key is now used up, so Bob sees a key he never had. */
}

static void build_megolm(world *w)
{
    size_t len;
    char *m;
    uint8_t pt[256];

    ok(cliquet_outbound_group_session_new(&w->og));
    ok(cliquet_outbound_group_session_new(&w->other_og));
    ok(cliquet_outbound_group_session_key(w->og, w->session_key));
    ok(cliquet_inbound_group_session_new(&w->ig, w->session_key, SK));
    w->group_msg = group_encrypt(w->og, "group 0", &w->group_msg_len);
    m = group_encrypt(w->og, "group 1", &len);
    w->other_group_msg = group_encrypt(w->other_og, "other", &w->other_group_msg_len);
    ok(cliquet_inbound_group_session_export(w->ig, 1, w->export_1));
    ok(cliquet_inbound_group_session_import(&w->ig_imported, w->export_1, EX));
    /* Imported and verified by a decrypted message: libolm's format cannot
     * tell it from a signed one (CLIQUET_ERR_PICKLE_LOSSY). */
    ok(cliquet_inbound_group_session_decrypt(w->ig_imported, m, len, pt, sizeof pt,
                                             &len, NULL));
}

static void build_pk_sas(world *w)
{
    char key[KS];
    char low_order[K];

    ok(cliquet_pk_decryption_new(&w->pkd));
    ok(cliquet_pk_decryption_new(&w->other_pkd));
    ok(cliquet_pk_decryption_public_key(w->pkd, key));
    ok(cliquet_pk_encryption_new(&w->pke, key, K));
    backup(w->pke, w->backup_ct, &w->backup_ct_len, w->backup_mac, w->backup_eph);
    {
        cliquet_pk_encryption *other;

        ok(cliquet_pk_decryption_public_key(w->other_pkd, key));
        ok(cliquet_pk_encryption_new(&other, key, K));
        backup(other, w->other_ct, &w->other_ct_len, w->other_mac, w->other_eph);
        cliquet_pk_encryption_free(other);
    }
    /* The point of order 1 (u = 1): base64 of 01 00 .. 00. */
    memset(low_order, 'A', K);
    low_order[0] = 'A';
    low_order[1] = 'Q';
    ok(cliquet_pk_encryption_new(&w->pke_low_order, low_order, K));
    ok(cliquet_pk_signing_new(&w->pks));

    ok(cliquet_sas_new(&w->sas_unset));
    ok(cliquet_sas_new(&w->sas_set));
    ok(cliquet_sas_new(&w->sas_peer));
    ok(cliquet_sas_public_key(w->sas_peer, key));
    ok(cliquet_sas_set_their_key(w->sas_set, key, K));
    randombytes_buf(w->pickle_key, sizeof w->pickle_key);
    randombytes_buf(w->other_pickle_key, sizeof w->other_pickle_key);
}

static void build_ecies(world *w)
{
    cliquet_ecies_channel *to_fresh;
    char key[KS], initial[128];
    uint8_t first[8];
    size_t len = 0, first_len = 0;

    ok(cliquet_ecies_channel_new(&w->ecies_fresh));
    ok(cliquet_ecies_channel_new(&w->ecies_g));
    ok(cliquet_ecies_channel_new(&w->ecies_s));
    ok(cliquet_ecies_channel_public_key(w->ecies_g, key));
    ok(cliquet_ecies_channel_establish_outbound(w->ecies_s, key, K, initial, sizeof initial,
                                                &len, (const uint8_t *)"hi", 2));
    ok(cliquet_ecies_channel_establish_inbound(w->ecies_g, initial, len, first, sizeof first,
                                               &first_len));
    ok(cliquet_ecies_channel_encrypt(w->ecies_s, w->ecies_to_g, sizeof w->ecies_to_g,
                                     &w->ecies_to_g_len, (const uint8_t *)"to g", 4));
    ok(cliquet_ecies_channel_encrypt(w->ecies_g, w->ecies_to_s, sizeof w->ecies_to_s,
                                     &w->ecies_to_s_len, (const uint8_t *)"to s", 4));
    /* An initial message to the fresh channel's key, from a channel that
     * does not outlive the world's making. */
    ok(cliquet_ecies_channel_new(&to_fresh));
    ok(cliquet_ecies_channel_public_key(w->ecies_fresh, key));
    ok(cliquet_ecies_channel_establish_outbound(to_fresh, key, K, w->ecies_initial,
                                                sizeof w->ecies_initial,
                                                &w->ecies_initial_len,
                                                (const uint8_t *)"hello", 5));
    cliquet_ecies_channel_free(to_fresh);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);

    (void)state;
    assert_non_null(w);
    W = w;
    w->snap = malloc(SNAP_CAP);
    w->now = malloc(SNAP_CAP);
    assert_non_null(w->snap);
    assert_non_null(w->now);
    build_olm(w);
    build_megolm(w);
    build_pk_sas(w);
    build_ecies(w);
    world_guards = n_guards;
    resnap();
    return 0;
}

static int teardown(void **state)
{
    world *w = W;

    (void)state;
    cliquet_account_free(w->alice);
    cliquet_account_free(w->bob);
    cliquet_account_free(w->carol);
    cliquet_session_free(w->a2b);
    cliquet_session_free(w->b2a);
    cliquet_session_free(w->a2b_2);
    cliquet_session_free(w->a2c);
    cliquet_session_free(w->c2a);
    cliquet_session_free(w->fresh);
    cliquet_outbound_group_session_free(w->og);
    cliquet_outbound_group_session_free(w->other_og);
    cliquet_inbound_group_session_free(w->ig);
    cliquet_inbound_group_session_free(w->ig_imported);
    cliquet_pk_decryption_free(w->pkd);
    cliquet_pk_decryption_free(w->other_pkd);
    cliquet_pk_encryption_free(w->pke);
    cliquet_pk_encryption_free(w->pke_low_order);
    cliquet_pk_signing_free(w->pks);
    cliquet_sas_free(w->sas_unset);
    cliquet_sas_free(w->sas_set);
    cliquet_sas_free(w->sas_peer);
    cliquet_ecies_channel_free(w->ecies_fresh);
    cliquet_ecies_channel_free(w->ecies_g);
    cliquet_ecies_channel_free(w->ecies_s);
    release_guards(0);
    free(w->snap);
    free(w->now);
    free(w);
    W = NULL;
    return 0;
}

/* Every test ends with this: its guarded buffers unmapped and checked. */
static int end_test(void **state)
{
    (void)state;
    release_guards(world_guards);
    return 0;
}

/* ---- outputs too small ------------------------------------------------------------ */

/* A call writing (out, cap, &len), everything else bound by a wrapper. */
typedef cliquet_status (*out_call)(void *out, size_t cap, size_t *len);

/*
 * The output rules: (NULL, 0), a 1-byte buffer and one byte short are all
 * CLIQUET_ERR_OUTPUT_TOO_SMALL with the size needed in *len and nothing
 * written; NULL with a capacity, and a NULL out_len, are invalid.
 */
static void too_small(const char *fn, out_call call, size_t need)
{
    size_t caps[2] = { 1, need - 1 };
    size_t len = 0;
    void *out;

    assert_true(need > 1);
    refused(call(NULL, 0, &len), CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL,
            "NULL, 0");
    assert_int_equal(len, need);
    for (size_t i = 0; i < 2; i++) {
        out = gbuf(caps[i]);
        len = 0;
        refused(call(out, caps[i], &len), CLIQUET_ERR_OUTPUT_TOO_SMALL, fn,
                TOO_SMALL, "short buffer");
        assert_int_equal(len, need);
        assert_true(untouched(out, caps[i]));
    }
    refused(call(NULL, need, &len), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "NULL out with a capacity");
    out = gbuf(need);
    refused(call(out, need, NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "NULL out_len");
    assert_true(untouched(out, need));
}

/* ---- library and utilities ------------------------------------------------------- */

static void test_library_utility(void **state)
{
    char *digest = gbuf(CLIQUET_SHA256_BASE64_SIZE);
    char *sig = gbuf(SIGS);
    uint8_t *msg = gcopy("signed", 6);
    char *key, *sig_copy;
    char curve[KS], ed[KS];
    cliquet_aes_impl impl;

    (void)state;
    /* No failure modes: every pointer of cliquet_version may be NULL. */
    accepted(cliquet_version(NULL, NULL, NULL), "cliquet_version", NULL_POINTER,
             "all NULL");
    accepted(cliquet_init(), "cliquet_init", ZERO_LENGTH, "again (idempotent)");
    refused(cliquet_aes_implementation(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_aes_implementation", NULL_POINTER, "impl");
    ok(cliquet_aes_implementation(&impl));

    refused(cliquet_sha256_base64(NULL, msg, 6), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_sha256_base64", NULL_POINTER, "digest");
    refused(cliquet_sha256_base64(digest, NULL, 1), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_sha256_base64", NULL_POINTER, "message");
    assert_true(untouched(digest, CLIQUET_SHA256_BASE64_SIZE));
    accepted(cliquet_sha256_base64(digest, NULL, 0), "cliquet_sha256_base64",
             ZERO_LENGTH, "empty message");
    assert_string_equal(digest, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");

    account_keys(W->alice, curve, ed);
    ok(cliquet_account_sign(W->alice, sig, msg, 6));
    key = gcopy(ed, K);
    assert_int_equal(sig[SIG], '\0');
    sig_copy = gcopy(sig, SIG);
    ok(cliquet_ed25519_verify(key, K, msg, 6, sig_copy, SIG));
    refused(cliquet_ed25519_verify(NULL, K, msg, 6, sig_copy, 86),
            CLIQUET_ERR_INVALID_ARGUMENT, "cliquet_ed25519_verify", NULL_POINTER, "key");
    refused(cliquet_ed25519_verify(key, K, NULL, 6, sig_copy, 86),
            CLIQUET_ERR_INVALID_ARGUMENT, "cliquet_ed25519_verify", NULL_POINTER, "message");
    refused(cliquet_ed25519_verify(key, K, msg, 6, NULL, 86),
            CLIQUET_ERR_INVALID_ARGUMENT, "cliquet_ed25519_verify", NULL_POINTER,
            "signature");
    refused(cliquet_ed25519_verify(key, 0, msg, 6, sig_copy, 86),
            CLIQUET_ERR_BAD_KEY_LENGTH, "cliquet_ed25519_verify", ZERO_LENGTH, "key");
    refused(cliquet_ed25519_verify(key, K, msg, 6, sig_copy, 0),
            CLIQUET_ERR_BAD_SIGNATURE, "cliquet_ed25519_verify", ZERO_LENGTH, "signature");
    refused(cliquet_ed25519_verify(key, K, msg, 0, sig_copy, 86),
            CLIQUET_ERR_BAD_SIGNATURE, "cliquet_ed25519_verify", ZERO_LENGTH, "message");
    refused(cliquet_ed25519_verify(key, K - 2, msg, 6, sig_copy, 86),
            CLIQUET_ERR_BAD_BASE64, "cliquet_ed25519_verify", MALFORMED,
            "key of 41 characters");
    refused(cliquet_ed25519_verify(bad_char(key, K), K, msg, 6, sig_copy, 86),
            CLIQUET_ERR_BAD_BASE64, "cliquet_ed25519_verify", MALFORMED, "key not base64");
    refused(cliquet_ed25519_verify(key, K, msg, 6, bad_char(sig_copy, 86), 86),
            CLIQUET_ERR_BAD_BASE64, "cliquet_ed25519_verify", MALFORMED,
            "signature not base64");
    refused(cliquet_ed25519_verify(key, HUGE_LEN, msg, 6, sig_copy, 86),
            CLIQUET_ERR_BAD_KEY_LENGTH, "cliquet_ed25519_verify", OVERSIZED, "key");
    refused(cliquet_ed25519_verify(key, K, msg, 6, sig_copy, HUGE_LEN),
            CLIQUET_ERR_BAD_SIGNATURE, "cliquet_ed25519_verify", OVERSIZED, "signature");
    refused(cliquet_ed25519_verify(gcopy(curve, K), K, msg, 6, sig_copy, 86),
            CLIQUET_ERR_BAD_SIGNATURE, "cliquet_ed25519_verify", WRONG_KIND,
            "a Curve25519 key");
    refused(cliquet_ed25519_verify(key, K, gcopy("signer", 6), 6, sig_copy, 86),
            CLIQUET_ERR_BAD_SIGNATURE, "cliquet_ed25519_verify", WRONG_KIND,
            "another message");
}

/* ---- the base64 codec ------------------------------------------------------------- */

static const uint8_t b64_raw[] = "signed";
static const char b64_text[] = "c2lnbmVk"; /* base64 of "signed", 8 characters */

static cliquet_status b64_encode_call(void *out, size_t cap, size_t *len)
{
    return cliquet_base64_encode(out, cap, len, gcopy(b64_raw, 6), 6);
}

static cliquet_status b64_decode_call(void *out, size_t cap, size_t *len)
{
    return cliquet_base64_decode(out, cap, len, gcopy(b64_text, 8), 8);
}

static void test_base64(void **state)
{
    const char *fn;
    const uint8_t *raw = gcopy(b64_raw, 6);
    const char *text = gcopy(b64_text, 8);
    char *enc = gbuf(9);
    uint8_t *dec = gbuf(6);
    size_t len = 0;

    (void)state;
    fn = "cliquet_base64_encode";
    refused(cliquet_base64_encode(enc, 9, &len, NULL, 6), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "in");
    /* Size rule: ceil(4n/3) characters and the NUL. */
    too_small(fn, b64_encode_call, 9);
    /* Past SIZE_MAX / 2 the capacity would overflow: refused before the
     * capacity is even looked at, and before a byte is read. */
    refused(cliquet_base64_encode(enc, 9, &len, raw, SIZE_MAX / 2 + 1),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX / 2 + 1 bytes");
    refused(cliquet_base64_encode(enc, 9, &len, raw, SIZE_MAX),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX bytes");
    /* A huge length within the bound: the capacity is answered from the
     * length alone, without reading the input. */
    len = 0;
    refused(cliquet_base64_encode(enc, 9, &len, raw, HUGE_B64),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, OVERSIZED, "2^40 (2^29) bytes");
    assert_int_equal(len, (4 * HUGE_B64 + 2) / 3 + 1); /* ceil(4n/3) + 1 */
    assert_true(untouched(enc, 9));
    len = 7;
    accepted(cliquet_base64_encode(enc, 1, &len, NULL, 0), fn, ZERO_LENGTH,
             "empty input: the NUL alone");
    assert_int_equal(len, 0);
    assert_int_equal(enc[0], '\0');
    accepted(cliquet_base64_encode(enc, 9, &len, raw, 6), fn, ZERO_LENGTH,
             "exact capacity");
    assert_int_equal(len, 8);
    assert_string_equal(enc, b64_text);

    fn = "cliquet_base64_decode";
    refused(cliquet_base64_decode(dec, 6, &len, NULL, 8), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "in");
    /* Size rule: at most floor(3n/4) bytes. */
    too_small(fn, b64_decode_call, 6);
    refused(cliquet_base64_decode(dec, 6, &len, text, SIZE_MAX / 2 + 1),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX / 2 + 1 characters");
    refused(cliquet_base64_decode(dec, 6, &len, text, SIZE_MAX),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX characters");
    len = 0;
    refused(cliquet_base64_decode(dec, 6, &len, text, HUGE_B64),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, OVERSIZED, "2^40 (2^29) characters");
    assert_int_equal(len, HUGE_B64 / 4 * 3);
    refused(cliquet_base64_decode(dec, 6, &len, text, HUGE_B64 + 9), CLIQUET_ERR_BAD_BASE64,
            fn, OVERSIZED, "2^40 (2^29) + 9 characters: 1 mod 4");
    refused(cliquet_base64_decode(dec, 6, &len, text, 5), CLIQUET_ERR_BAD_BASE64, fn,
            MALFORMED, "5 characters: 1 mod 4");
    refused(cliquet_base64_decode(dec, 6, &len, gcopy("c2lnbmU=", 8), 8),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "padded");
    refused(cliquet_base64_decode(dec, 6, &len, gcopy("c2lnbmV", 7), 7),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "non-zero trailing bits");
    refused(cliquet_base64_decode(dec, 6, &len, gcopy("c2ln-mVk", 8), 8),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "URL-safe '-'");
    refused(cliquet_base64_decode(dec, 6, &len, gcopy("c2ln_mVk", 8), 8),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "URL-safe '_'");
    refused(cliquet_base64_decode(dec, 6, &len, gcopy("c2ln bmV", 8), 8),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "whitespace");
    refused(cliquet_base64_decode(dec, 6, &len, bad_char(text, 8), 8),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "a stray character");
    refused(cliquet_base64_decode(dec, 6, &len, gcopy("c2lnbmVk\0", 9), 9),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "a NUL counted in the length");
    assert_true(no_partial(dec, 6));
    len = 7;
    accepted(cliquet_base64_decode(NULL, 0, &len, NULL, 0), fn, ZERO_LENGTH,
             "empty text");
    assert_int_equal(len, 0);
    accepted(cliquet_base64_decode(dec, 6, &len, text, 8), fn, ZERO_LENGTH,
             "exact capacity");
    assert_int_equal(len, 6);
    assert_memory_equal(dec, b64_raw, 6);
}

/* ---- accounts ------------------------------------------------------------------- */

static cliquet_status json_call(void *out, size_t cap, size_t *len)
{
    return cliquet_account_one_time_keys_json(W->bob, out, cap, len);
}

static void test_account(void **state)
{
    const char *fn;
    cliquet_account *fresh = NULL;
    char *curve = gbuf(KS), *ed = gbuf(KS), *id = gbuf(IDS);
    char *key = gbuf(KS), *sig = gbuf(SIGS);
    uint8_t *msg = gcopy("m", 1);
    size_t count = 0, json_len = 0;
    int has = 0;

    (void)state;
    refused(cliquet_account_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_account_new", NULL_POINTER, "out");
    cliquet_account_free(NULL);

    fn = "cliquet_account_identity_keys";
    refused(cliquet_account_identity_keys(NULL, curve, ed), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "account");
    refused(cliquet_account_identity_keys(W->alice, NULL, ed),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "curve25519");
    refused(cliquet_account_identity_keys(W->alice, curve, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ed25519");
    assert_true(untouched(curve, KS) && untouched(ed, KS));

    fn = "cliquet_account_sign";
    refused(cliquet_account_sign(NULL, sig, msg, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "account");
    refused(cliquet_account_sign(W->alice, NULL, msg, 1), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "signature");
    refused(cliquet_account_sign(W->alice, sig, NULL, 1), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "message");
    assert_true(untouched(sig, SIGS));
    accepted(cliquet_account_sign(W->alice, sig, NULL, 0), fn, ZERO_LENGTH,
             "empty message");

    fn = "cliquet_account_generate_one_time_keys";
    refused(cliquet_account_generate_one_time_keys(NULL, 1, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_generate_one_time_keys(W->bob, 101, NULL),
            CLIQUET_ERR_TOO_MANY_KEYS, fn, OVERSIZED, "101 keys");
    refused(cliquet_account_generate_one_time_keys(W->bob, SIZE_MAX, NULL),
            CLIQUET_ERR_TOO_MANY_KEYS, fn, OVERSIZED, "SIZE_MAX keys");
    accepted(cliquet_account_generate_one_time_keys(W->bob, 0, NULL), fn, ZERO_LENGTH,
             "no keys: nothing changes");

    fn = "cliquet_account_max_one_time_keys";
    refused(cliquet_account_max_one_time_keys(NULL, &count), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "account");
    refused(cliquet_account_max_one_time_keys(W->bob, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "count");

    fn = "cliquet_account_one_time_key_count";
    refused(cliquet_account_one_time_key_count(NULL, &count),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_one_time_key_count(W->bob, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "count");
    ok(cliquet_account_one_time_key_count(W->bob, &count));
    assert_int_equal(count, 2);

    fn = "cliquet_account_one_time_key";
    refused(cliquet_account_one_time_key(NULL, 0, id, key), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "account");
    refused(cliquet_account_one_time_key(W->bob, 0, NULL, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key_id");
    refused(cliquet_account_one_time_key(W->bob, 0, id, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    refused(cliquet_account_one_time_key(W->bob, count, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED, "i = count");
    refused(cliquet_account_one_time_key(W->bob, SIZE_MAX, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED, "i = SIZE_MAX");
    refused(cliquet_account_one_time_key(W->alice, 0, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, ZERO_LENGTH, "an account with no keys");
    assert_true(untouched(id, IDS) && untouched(key, KS));

    fn = "cliquet_account_one_time_keys_json";
    refused(cliquet_account_one_time_keys_json(NULL, NULL, 0, &json_len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    /* 2 keys: {"curve25519":{ + 2 entries of 54 + a comma + }}, and the NUL
     * (text rule). */
    too_small(fn, json_call, 15 + 2 * 54 + 1 + 2 + 1);

    fn = "cliquet_account_mark_keys_as_published";
    refused(cliquet_account_mark_keys_as_published(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "account");
    fn = "cliquet_account_generate_fallback_key";
    refused(cliquet_account_generate_fallback_key(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "account");
    fn = "cliquet_account_forget_old_fallback_key";
    refused(cliquet_account_forget_old_fallback_key(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "account");

    fn = "cliquet_account_fallback_key";
    refused(cliquet_account_fallback_key(NULL, &has, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_fallback_key(W->bob, NULL, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "has_key");
    refused(cliquet_account_fallback_key(W->bob, &has, NULL, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key_id");
    refused(cliquet_account_fallback_key(W->bob, &has, id, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    assert_true(untouched(id, IDS) && untouched(key, KS));
    assert_null(fresh);
}

/* ---- Olm sessions ----------------------------------------------------------------- */

static void test_session_outbound(void **state)
{
    const char *fn = "cliquet_session_new_outbound";
    cliquet_session *s = NULL;
    char *curve = gcopy(W->bob_curve, K);
    char *otk = gcopy(W->bob_otk, K);
    char *long_key = gbuf(1000);
    char low_order[K];

    (void)state;
    refused(cliquet_session_new_outbound(NULL, W->alice, curve, K, otk, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_session_new_outbound(&s, NULL, curve, K, otk, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_session_new_outbound(&s, W->alice, NULL, K, otk, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "identity key");
    refused(cliquet_session_new_outbound(&s, W->alice, curve, K, NULL, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "one-time key");
    refused(cliquet_session_new_outbound(&s, W->alice, NULL, 0, otk, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "identity key, length 0");
    refused(cliquet_session_new_outbound(&s, W->alice, curve, 0, otk, K),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "identity key");
    refused(cliquet_session_new_outbound(&s, W->alice, curve, K, otk, 0),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "one-time key");
    memset(long_key, 'A', 1000);
    refused(cliquet_session_new_outbound(&s, W->alice, long_key, 44, otk, K),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "44 characters");
    refused(cliquet_session_new_outbound(&s, W->alice, long_key, 1000, otk, K),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "1000 characters");
    refused(cliquet_session_new_outbound(&s, W->alice, curve, HUGE_LEN, otk, K),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "huge length");
    refused(cliquet_session_new_outbound(&s, W->alice, curve, K - 2, otk, K),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "identity key of 41 characters");
    memset(low_order, 'A', K);
    refused(cliquet_session_new_outbound(&s, W->alice, curve, K, gcopy(low_order, K), K),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "all-zero one-time key");
    assert_null(s);
}

static void test_session_inbound(void **state)
{
    const char *fn = "cliquet_session_new_inbound";
    cliquet_session *s = NULL;
    char *alice = gcopy(W->alice_curve, K), *carol = gcopy(W->carol_curve, K);
    const char *m = W->pre_key_b2;
    size_t n = W->pre_key_b2_len, len = 0;
    uint8_t *pt = gbuf(64), *short_pt = gbuf(5);
    cliquet_olm_decrypt_info *info = gbuf(sizeof *info);
    cliquet_account *dave;
    cliquet_session *a2d[2], *d2a = NULL;
    char dave_curve[KS], otk[2][KS], sid[KS];
    char *pre[2];
    size_t pre_len[2];

    (void)state;
    refused(cliquet_session_new_inbound(NULL, W->bob, alice, K, m, n, pt, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_session_new_inbound(&s, NULL, alice, K, m, n, pt, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_session_new_inbound(&s, W->bob, NULL, K, m, n, pt, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "identity key");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, NULL, n, pt, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, m, n, NULL, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, m, n, pt, 64, NULL, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, m, 0, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, 0, m, n, pt, 64, &len, info),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "identity key");
    /* Too small: the exact length, the account keeps its one-time key. */
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, m, n, NULL, 0, &len, info),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "NULL, 0");
    assert_int_equal(len, 6); /* "second" */
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, m, n, short_pt, 5, &len,
                                        info),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "one byte short");
    assert_int_equal(len, 6);
    assert_true(untouched(short_pt, 5));
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, m, HUGE_LEN, pt, 64, &len,
                                        info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, HUGE_LEN, m, n, pt, 64, &len,
                                        info),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "identity key");
    refused(cliquet_session_new_inbound(&s, W->bob, alice, K, bad_char(m, n), n, pt, 64,
                                        &len, info),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    /* Wrong kind. */
    refused(cliquet_session_new_inbound(&s, W->bob, carol, K, m, n, pt, 64, &len, info),
            CLIQUET_ERR_WRONG_SESSION, fn, WRONG_KIND, "another sender's key");
    refused(cliquet_session_new_inbound(&s, W->bob, NULL, 0, W->pre_key_c,
                                        W->pre_key_c_len, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_KEY_ID, fn, WRONG_KIND,
            "a pre-key message for another account");
    refused(cliquet_session_new_inbound(&s, W->bob, NULL, 0, W->normal_a2b,
                                        W->normal_a2b_len, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a normal message");
    refused(cliquet_session_new_inbound(&s, W->bob, NULL, 0, W->group_msg,
                                        W->group_msg_len, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a Megolm message");
    assert_true(no_partial(pt, 64));
    assert_true(untouched(info, sizeof *info));
    assert_null(s);

    /*
     * info is optional (ABI 1.0): NULL is accepted, and a given info says
     * who sent the message over which session. A success changes the
     * account, so these run on Dave, outside the world (Alice's outbound
     * sessions do not change her account).
     */
    ok(cliquet_account_new(&dave));
    ok(cliquet_account_generate_one_time_keys(dave, 2, NULL));
    account_keys(dave, dave_curve, NULL);
    for (size_t i = 0; i < 2; i++) {
        one_time_key(dave, i, otk[i]);
    }
    for (size_t i = 0; i < 2; i++) {
        ok(cliquet_session_new_outbound(&a2d[i], W->alice, dave_curve, K, otk[i], K));
        pre[i] = olm_encrypt(a2d[i], "to dave", &pre_len[i], NULL);
    }
    len = 0;
    accepted(cliquet_session_new_inbound(&d2a, dave, alice, K, pre[0], pre_len[0], pt, 64,
                                         &len, NULL),
             fn, NULL_POINTER, "info NULL");
    assert_non_null(d2a);
    assert_int_equal(len, 7);
    assert_memory_equal(pt, "to dave", 7);
    cliquet_session_free(d2a);
    d2a = NULL;
    accepted(cliquet_session_new_inbound(&d2a, dave, NULL, 0, pre[1], pre_len[1], pt, 64,
                                         &len, info),
             fn, ZERO_LENGTH, "any sender, with info");
    assert_non_null(d2a);
    assert_int_equal(len, 7);
    assert_string_equal(info->sender_key, W->alice_curve);
    ok(cliquet_session_id(d2a, sid));
    assert_string_equal(info->session_id, sid);
    assert_int_equal(info->evicted_message_keys, 0);
    assert_int_equal(info->evicted_chains, 0);
    cliquet_session_free(d2a);
    cliquet_session_free(a2d[0]);
    cliquet_session_free(a2d[1]);
    cliquet_account_free(dave);
}

static void test_session_queries(void **state)
{
    const char *fn;
    char *id = gbuf(KS), *key = gbuf(KS);
    char *alice = gcopy(W->alice_curve, K);
    size_t len = 0;
    int yes = 0;

    (void)state;
    fn = "cliquet_session_matches_inbound";
    refused(cliquet_session_matches_inbound(NULL, alice, K, W->pre_key_b2,
                                            W->pre_key_b2_len, &yes),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_matches_inbound(W->b2a, NULL, K, W->pre_key_b2,
                                            W->pre_key_b2_len, &yes),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "identity key");
    refused(cliquet_session_matches_inbound(W->b2a, alice, K, NULL, 5, &yes),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_session_matches_inbound(W->b2a, alice, K, W->pre_key_b2,
                                            W->pre_key_b2_len, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "matches");
    refused(cliquet_session_matches_inbound(W->b2a, alice, K, W->pre_key_b2, 0, &yes),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_session_matches_inbound(W->b2a, alice, 0, W->pre_key_b2,
                                            W->pre_key_b2_len, &yes),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "identity key");
    refused(cliquet_session_matches_inbound(W->b2a, alice, K, W->pre_key_b2, HUGE_LEN,
                                            &yes),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    yes = 1;
    accepted(cliquet_session_matches_inbound(W->b2a, alice, K, W->pre_key_b2,
                                             W->pre_key_b2_len, &yes),
             fn, WRONG_KIND, "another session's pre-key message: no match");
    assert_int_equal(yes, 0);
    refused(cliquet_session_matches_inbound(W->b2a, NULL, 0, W->normal_a2b,
                                            W->normal_a2b_len, &yes),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a normal message");

    fn = "cliquet_session_id";
    refused(cliquet_session_id(NULL, id), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "session");
    refused(cliquet_session_id(W->a2b, NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "id");
    fn = "cliquet_session_has_received_message";
    refused(cliquet_session_has_received_message(NULL, &yes),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_has_received_message(W->a2b, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "yes");
    fn = "cliquet_session_message_type";
    refused(cliquet_session_message_type(NULL, &yes), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "session");
    refused(cliquet_session_message_type(W->a2b, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "type");
    fn = "cliquet_session_their_identity_key";
    refused(cliquet_session_their_identity_key(NULL, key), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "session");
    refused(cliquet_session_their_identity_key(W->a2b, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    assert_true(untouched(id, KS) && untouched(key, KS));

    fn = "cliquet_session_encrypt_size";
    refused(cliquet_session_encrypt_size(NULL, 1, &len), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "session");
    refused(cliquet_session_encrypt_size(W->a2b, 1, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "message_len");
    refused(cliquet_session_encrypt_size(W->a2b, CQ_OLM_MAX_PLAINTEXT_BYTES + 1, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "2^30 + 1");
    refused(cliquet_session_encrypt_size(W->a2b, SIZE_MAX, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX");
    accepted(cliquet_session_encrypt_size(W->a2b, 0, &len), fn, ZERO_LENGTH,
             "empty plaintext");
}

static const uint8_t olm_text[] = "hello";

static cliquet_status olm_encrypt_call(void *out, size_t cap, size_t *len)
{
    int type;

    return cliquet_session_encrypt(W->a2b, &type, out, cap, len, olm_text, 5);
}

static void test_session_encrypt(void **state)
{
    const char *fn = "cliquet_session_encrypt";
    uint8_t *pt = gcopy(olm_text, 5);
    char *out = gbuf(512);
    size_t need = 0, len = 0;
    int type = 0;

    (void)state;
    /* encrypt_size is the text length; the capacity asked for adds the NUL. */
    ok(cliquet_session_encrypt_size(W->a2b, 5, &need));
    need++;
    refused(cliquet_session_encrypt(NULL, &type, out, 512, &len, pt, 5),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_encrypt(W->a2b, NULL, out, 512, &len, pt, 5),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "type");
    refused(cliquet_session_encrypt(W->a2b, &type, out, 512, &len, NULL, 5),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    too_small(fn, olm_encrypt_call, need);
    refused(cliquet_session_encrypt(W->a2b, &type, out, 512, &len, pt,
                                    CQ_OLM_MAX_PLAINTEXT_BYTES + 1),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "plaintext 2^30 + 1");
    assert_true(untouched(out, 512));
    /* An empty plaintext is a valid message (libolm allows it too). */
    accepted(cliquet_session_encrypt_size(W->a2b, 0, &need),
             "cliquet_session_encrypt_size", ZERO_LENGTH, "empty");
    out = gbuf(need + 1);
    ok(cliquet_session_encrypt(W->a2b, &type, out, need + 1, &len, NULL, 0));
    assert_int_equal(len, need);
    assert_int_equal(out[need], '\0');
    resnap();
    cover(fn);
}

static cliquet_status olm_decrypt_call(void *out, size_t cap, size_t *len)
{
    cliquet_olm_decrypt_info info;

    return cliquet_session_decrypt(W->b2a, CLIQUET_OLM_MESSAGE_NORMAL, W->normal_a2b,
                                   W->normal_a2b_len, out, cap, len, &info);
}

static void test_session_decrypt(void **state)
{
    const char *fn = "cliquet_session_decrypt";
    const char *m = W->normal_a2b;
    size_t n = W->normal_a2b_len, len = 0;
    uint8_t *pt = gbuf(64);
    cliquet_olm_decrypt_info *info = gbuf(sizeof *info);
    cliquet_account *dave;
    cliquet_session *a2d, *d2a;
    char dave_curve[KS], otk[KS], sid[KS];
    uint8_t first[16];
    char *reply;
    size_t reply_len;
    int type;
    const int normal = CLIQUET_OLM_MESSAGE_NORMAL;
    char *cut;
    size_t cut_len;

    (void)state;
    refused(cliquet_session_decrypt(NULL, normal, m, n, pt, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_decrypt(W->b2a, normal, NULL, n, pt, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_session_decrypt(W->b2a, normal, m, n, pt, 64, NULL, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_session_decrypt(W->b2a, normal, m, n, NULL, 64, &len, info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    too_small(fn, olm_decrypt_call, 6); /* "normal" */
    refused(cliquet_session_decrypt(W->b2a, 2, m, n, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_TYPE, fn, MALFORMED, "type 2");
    refused(cliquet_session_decrypt(W->b2a, -1, m, n, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_TYPE, fn, MALFORMED, "type -1");
    refused(cliquet_session_decrypt(W->b2a, normal, m, 0, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_session_decrypt(W->b2a, normal, m, HUGE_LEN, pt, 64, &len, info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_session_decrypt(W->b2a, normal, bad_char(m, n), n, pt, 64, &len,
                                    info),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    cut = cut_bytes(m, n, 1, &cut_len);
    refused(cliquet_session_decrypt(W->b2a, normal, cut, cut_len, pt, 64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "last byte cut");
    /* Wrong kind. */
    refused(cliquet_session_decrypt(W->b2a, CLIQUET_OLM_MESSAGE_PRE_KEY, W->pre_key_b2,
                                    W->pre_key_b2_len, pt, 64, &len, info),
            CLIQUET_ERR_WRONG_SESSION, fn, WRONG_KIND,
            "another session's pre-key message");
    refused(cliquet_session_decrypt(W->b2a, normal, W->normal_c2a, W->normal_c2a_len, pt,
                                    64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, WRONG_KIND, "another session's message");
    refused(cliquet_session_decrypt(W->b2a, CLIQUET_OLM_MESSAGE_PRE_KEY, m, n, pt, 64,
                                    &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "normal message as pre-key");
    refused(cliquet_session_decrypt(W->b2a, normal, W->pre_key_b2, W->pre_key_b2_len, pt,
                                    64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "pre-key message as normal");
    refused(cliquet_session_decrypt(W->b2a, normal, W->group_msg, W->group_msg_len, pt,
                                    64, &len, info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a Megolm message");
    assert_true(no_partial(pt, 64));
    assert_true(untouched(info, sizeof *info));

    /*
     * info is optional (ABI 1.0; it was a required sender key before): a
     * NULL info decrypts. A success changes the session, so this runs on
     * Alice's session to Dave, outside the world.
     */
    ok(cliquet_account_new(&dave));
    ok(cliquet_account_generate_one_time_keys(dave, 1, NULL));
    account_keys(dave, dave_curve, NULL);
    one_time_key(dave, 0, otk);
    ok(cliquet_session_new_outbound(&a2d, W->alice, dave_curve, K, otk, K));
    reply = olm_encrypt(a2d, "hi dave", &reply_len, &type);
    ok(cliquet_session_new_inbound(&d2a, dave, W->alice_curve, K, reply, reply_len, first,
                                   sizeof first, &len, NULL));
    reply = olm_encrypt(d2a, "reply 1", &reply_len, &type);
    assert_int_equal(type, CLIQUET_OLM_MESSAGE_NORMAL);
    len = 0;
    accepted(cliquet_session_decrypt(a2d, type, reply, reply_len, pt, 64, &len, NULL), fn,
             NULL_POINTER, "info NULL");
    assert_int_equal(len, 7);
    assert_memory_equal(pt, "reply 1", 7);
    /* And a given info names the sender and the session. */
    reply = olm_encrypt(d2a, "reply 2", &reply_len, &type);
    ok(cliquet_session_decrypt(a2d, type, reply, reply_len, pt, 64, &len, info));
    assert_int_equal(len, 7);
    assert_memory_equal(pt, "reply 2", 7);
    assert_string_equal(info->sender_key, dave_curve);
    ok(cliquet_session_id(a2d, sid));
    assert_string_equal(info->session_id, sid);
    assert_int_equal(info->evicted_message_keys, 0);
    assert_int_equal(info->evicted_chains, 0);
    cliquet_session_free(a2d);
    cliquet_session_free(d2a);
    cliquet_account_free(dave);
}

/* ---- Megolm ------------------------------------------------------------------------- */

static cliquet_status group_encrypt_call(void *out, size_t cap, size_t *len)
{
    return cliquet_outbound_group_session_encrypt(W->og, out, cap, len, olm_text, 5);
}

static void test_outbound_group(void **state)
{
    const char *fn;
    cliquet_outbound_group_session *s = NULL;
    char *id = gbuf(KS), *key = gbuf(SKS), *out = gbuf(512);
    uint8_t *pt = gcopy(olm_text, 5);
    uint32_t index = 0;
    size_t need = 0, len = 0;

    (void)state;
    refused(cliquet_outbound_group_session_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_outbound_group_session_new", NULL_POINTER, "out");
    cliquet_outbound_group_session_free(NULL);
    fn = "cliquet_outbound_group_session_id";
    refused(cliquet_outbound_group_session_id(NULL, id), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "session");
    refused(cliquet_outbound_group_session_id(W->og, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "id");
    fn = "cliquet_outbound_group_session_message_index";
    refused(cliquet_outbound_group_session_message_index(NULL, &index),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_outbound_group_session_message_index(W->og, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "index");
    fn = "cliquet_outbound_group_session_key";
    refused(cliquet_outbound_group_session_key(NULL, key), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "session");
    refused(cliquet_outbound_group_session_key(W->og, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    assert_true(untouched(id, KS) && untouched(key, SKS));

    fn = "cliquet_outbound_group_session_encrypt_size";
    refused(cliquet_outbound_group_session_encrypt_size(NULL, 5, &need),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_outbound_group_session_encrypt_size(W->og, 5, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message_len");
    refused(cliquet_outbound_group_session_encrypt_size(W->og, CQ_MEGOLM_MAX_PLAINTEXT_BYTES + 1,
                                                        &need),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "2^30 + 1");
    refused(cliquet_outbound_group_session_encrypt_size(W->og, SIZE_MAX, &need),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX");
    accepted(cliquet_outbound_group_session_encrypt_size(W->og, 0, &need), fn,
             ZERO_LENGTH, "empty plaintext");

    /* The Megolm plaintext bound is 2^30, as Olm's (ABI 1.0). */
    assert_int_equal(CQ_MEGOLM_MAX_PLAINTEXT_BYTES, (size_t)1 << 30);

    fn = "cliquet_outbound_group_session_encrypt";
    /* encrypt_size is the text length; the capacity asked for adds the NUL. */
    ok(cliquet_outbound_group_session_encrypt_size(W->og, 5, &need));
    need++;
    refused(cliquet_outbound_group_session_encrypt(NULL, out, 512, &len, pt, 5),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_outbound_group_session_encrypt(W->og, out, 512, &len, NULL, 5),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    too_small(fn, group_encrypt_call, need);
    refused(cliquet_outbound_group_session_encrypt(W->og, out, 512, &len, pt,
                                                   CQ_MEGOLM_MAX_PLAINTEXT_BYTES + 1),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "plaintext");
    assert_true(untouched(out, 512));
    ok(cliquet_outbound_group_session_encrypt_size(W->og, 0, &need));
    out = gbuf(need + 1);
    ok(cliquet_outbound_group_session_encrypt(W->og, out, need + 1, &len, NULL, 0));
    assert_int_equal(len, need);
    assert_int_equal(out[need], '\0');
    resnap();
    assert_null(s);
}

static void test_inbound_group_new(void **state)
{
    const char *fn;
    cliquet_inbound_group_session *s = NULL;
    char *key = gcopy(W->session_key, SK), *exp = gcopy(W->export_1, EX), *cut;
    size_t len;
    char *long_key = gbuf(SK + 4);

    (void)state;
    memcpy(long_key, W->session_key, SK);
    memcpy(long_key + SK, "AAAA", 4);
    fn = "cliquet_inbound_group_session_new";
    refused(cliquet_inbound_group_session_new(NULL, key, SK), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_new(&s, NULL, SK), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "session key");
    refused(cliquet_inbound_group_session_new(&s, key, 0), CLIQUET_ERR_BAD_SESSION_KEY,
            fn, ZERO_LENGTH, "session key");
    refused(cliquet_inbound_group_session_new(&s, NULL, 0), CLIQUET_ERR_BAD_SESSION_KEY,
            fn, ZERO_LENGTH, "NULL, 0");
    refused(cliquet_inbound_group_session_new(&s, long_key, SK + 4),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, OVERSIZED, "4 characters more");
    refused(cliquet_inbound_group_session_new(&s, key, HUGE_LEN),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, OVERSIZED, "huge length");
    refused(cliquet_inbound_group_session_new(&s, key, SK - 1), CLIQUET_ERR_BAD_BASE64,
            fn, MALFORMED, "1 short");
    refused(cliquet_inbound_group_session_new(&s, bad_char(key, SK), SK),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    refused(cliquet_inbound_group_session_new(&s, exp, EX), CLIQUET_ERR_BAD_SESSION_KEY,
            fn, WRONG_KIND, "an export");

    fn = "cliquet_inbound_group_session_import";
    refused(cliquet_inbound_group_session_import(NULL, exp, EX),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_import(&s, NULL, EX),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "export");
    refused(cliquet_inbound_group_session_import(&s, exp, 0), CLIQUET_ERR_BAD_SESSION_KEY,
            fn, ZERO_LENGTH, "export");
    refused(cliquet_inbound_group_session_import(&s, long_key, EX + 4),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, OVERSIZED, "4 characters more");
    refused(cliquet_inbound_group_session_import(&s, exp, HUGE_LEN),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, OVERSIZED, "huge length");
    refused(cliquet_inbound_group_session_import(&s, bad_char(exp, EX), EX),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    refused(cliquet_inbound_group_session_import(&s, exp, EX - 3),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not a base64 length");
    cut = cut_bytes(exp, EX, 1, &len);
    refused(cliquet_inbound_group_session_import(&s, cut, len),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, MALFORMED, "last byte cut");
    refused(cliquet_inbound_group_session_import(&s, key, SK), CLIQUET_ERR_BAD_SESSION_KEY,
            fn, WRONG_KIND, "a session key");
    cliquet_inbound_group_session_free(NULL);
    assert_null(s);
}

static cliquet_status group_decrypt_call(void *out, size_t cap, size_t *len)
{
    return cliquet_inbound_group_session_decrypt(W->ig, W->group_msg, W->group_msg_len,
                                                 out, cap, len, NULL);
}

static void test_inbound_group(void **state)
{
    const char *fn;
    char *id = gbuf(KS), *exp = gbuf(EXS);
    const char *m = W->group_msg;
    size_t n = W->group_msg_len, len = 0;
    uint8_t *pt = gbuf(64);
    uint32_t index = 0;
    int flag = 0;
    cliquet_megolm_decrypt_info info;
    char *cut;
    size_t cut_len;

    (void)state;
    fn = "cliquet_inbound_group_session_id";
    refused(cliquet_inbound_group_session_id(NULL, id), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_id(W->ig, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "id");
    fn = "cliquet_inbound_group_session_first_known_index";
    refused(cliquet_inbound_group_session_first_known_index(NULL, &index),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_first_known_index(W->ig, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "index");
    fn = "cliquet_inbound_group_session_is_verified";
    refused(cliquet_inbound_group_session_is_verified(NULL, &flag),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_is_verified(W->ig, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "verified");
    fn = "cliquet_inbound_group_session_is_imported";
    refused(cliquet_inbound_group_session_is_imported(NULL, &flag),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_is_imported(W->ig, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "imported");
    fn = "cliquet_inbound_group_session_export";
    refused(cliquet_inbound_group_session_export(NULL, 0, exp),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_export(W->ig, 0, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_export(W->ig_imported, 0, exp),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, MALFORMED, "index before the first");
    refused(cliquet_inbound_group_session_export(W->ig_imported, 0x80000001u, exp),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, OVERSIZED, "index 2^31 + 1 ahead");
    assert_true(untouched(id, KS) && untouched(exp, EXS));
    fn = "cliquet_inbound_group_session_export_libolm";
    refused(cliquet_inbound_group_session_export_libolm(NULL, 0, exp),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_export_libolm(W->ig, 0, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_export_libolm(W->ig_imported, 0, exp),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, MALFORMED, "index before the first");
    refused(cliquet_inbound_group_session_export_libolm(W->ig_imported, 0x80000001u, exp),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, OVERSIZED, "index 2^31 + 1 ahead");
    assert_true(untouched(exp, EXS));

    fn = "cliquet_inbound_group_session_decrypt";
    refused(cliquet_inbound_group_session_decrypt(NULL, m, n, pt, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_decrypt(W->ig, NULL, n, pt, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    /* The plaintext buffer must hold the ciphertext: 16 bytes here. */
    too_small(fn, group_decrypt_call, 16);
    refused(cliquet_inbound_group_session_decrypt(W->ig, m, 0, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    /* Past 2^31 characters the length is refused before anything is
     * allocated or read (ABI 1.0): the buffer is the real, short message. */
    refused(cliquet_inbound_group_session_decrypt(W->ig, m, ((size_t)1 << 31) + 1, pt, 64,
                                                  &len, &info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message of 2^31 + 1");
    refused(cliquet_inbound_group_session_decrypt(W->ig, m, HUGE_LEN, pt, 64, &len, &info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message of 2^40 + 8");
    refused(cliquet_inbound_group_session_decrypt(W->ig, m, SIZE_MAX, NULL, 0, &len, NULL),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message of SIZE_MAX, NULL, 0");
    refused(cliquet_inbound_group_session_decrypt(W->ig, bad_char(m, n), n, pt, 64, &len,
                                                  &info),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    cut = cut_bytes(m, n, 1, &cut_len);
    refused(cliquet_inbound_group_session_decrypt(W->ig, cut, cut_len, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "last byte cut");
    refused(cliquet_inbound_group_session_decrypt(W->ig, W->other_group_msg,
                                                  W->other_group_msg_len, pt, 64, &len,
                                                  &info),
            CLIQUET_ERR_BAD_SIGNATURE, fn, WRONG_KIND, "another session's message");
    refused(cliquet_inbound_group_session_decrypt(W->ig_imported, m, n, pt, 64, &len,
                                                  &info),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, WRONG_KIND,
            "a message before the first known index");
    refused(cliquet_inbound_group_session_decrypt(W->ig, W->normal_a2b,
                                                  W->normal_a2b_len, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "an Olm message");
    assert_true(no_partial(pt, 64));
    /* info may be NULL (checked with the too-small calls above); a decrypt
     * changes no state that the snapshot holds except the latest ratchet
     * cache, so a success is not part of this matrix. */
}

/* ---- PK --------------------------------------------------------------------------- */

static const uint8_t pk_text[] = "backup";

static cliquet_status pk_encrypt_call(void *out, size_t cap, size_t *len)
{
    char mac[MLS], eph[KS];

    return cliquet_pk_encrypt_legacy_backup(W->pke, out, cap, len, mac, eph, pk_text, 6);
}

static cliquet_status pk_decrypt_call(void *out, size_t cap, size_t *len)
{
    return cliquet_pk_decrypt_legacy_backup(W->pkd, out, cap, len, W->backup_eph, K,
                                            W->backup_mac,
                                            (CLIQUET_PK_LEGACY_MAC_BASE64_SIZE - 1),
                                            W->backup_ct, W->backup_ct_len);
}

static void test_pk_encryption(void **state)
{
    const char *fn;
    cliquet_pk_encryption *e = NULL;
    char pub[KS];
    char *key, *ct = gbuf(64), *mac = gbuf(MLS);
    char *eph = gbuf(KS);
    uint8_t *pt = gcopy(pk_text, 6);
    size_t len = 0, need = 0;
    char sig[CLIQUET_SIGNATURE_BASE64_SIZE];

    (void)state;
    ok(cliquet_pk_decryption_public_key(W->pkd, pub));
    key = gcopy(pub, K);
    fn = "cliquet_pk_encryption_new";
    refused(cliquet_pk_encryption_new(NULL, key, K), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "out");
    refused(cliquet_pk_encryption_new(&e, NULL, K), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "key");
    refused(cliquet_pk_encryption_new(&e, key, 0), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            ZERO_LENGTH, "key");
    refused(cliquet_pk_encryption_new(&e, key, HUGE_LEN), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            OVERSIZED, "key");
    refused(cliquet_pk_encryption_new(&e, key, K - 2), CLIQUET_ERR_BAD_BASE64, fn,
            MALFORMED, "key of 41 characters");
    ok(cliquet_pk_sign(W->pks, sig, pt, 6));
    refused(cliquet_pk_encryption_new(&e, gcopy(sig, 86), 86), CLIQUET_ERR_BAD_KEY_LENGTH,
            fn, WRONG_KIND, "a signature");
    cliquet_pk_encryption_free(NULL);
    assert_null(e);

    fn = "cliquet_pk_encrypt_legacy_backup_size";
    refused(cliquet_pk_encrypt_legacy_backup_size(6, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "ciphertext_len");
    refused(cliquet_pk_encrypt_legacy_backup_size(SIZE_MAX, &need),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "SIZE_MAX");
    accepted(cliquet_pk_encrypt_legacy_backup_size(0, &need), fn, ZERO_LENGTH, "empty");
    assert_int_equal(need, 22);

    fn = "cliquet_pk_encrypt_legacy_backup";
    /* _size is the text length; the capacity asked for adds the NUL. */
    ok(cliquet_pk_encrypt_legacy_backup_size(6, &need));
    need++;
    refused(cliquet_pk_encrypt_legacy_backup(NULL, ct, 64, &len, mac, eph, pt, 6),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "encryption");
    refused(cliquet_pk_encrypt_legacy_backup(W->pke, ct, 64, &len, NULL, eph, pt, 6),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "mac");
    refused(cliquet_pk_encrypt_legacy_backup(W->pke, ct, 64, &len, mac, NULL, pt, 6),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ephemeral key");
    refused(cliquet_pk_encrypt_legacy_backup(W->pke, ct, 64, &len, mac, eph, NULL, 6),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    too_small(fn, pk_encrypt_call, need);
    refused(cliquet_pk_encrypt_legacy_backup(W->pke, ct, 64, &len, mac, eph, pt,
                                             SIZE_MAX),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "plaintext");
    refused(cliquet_pk_encrypt_legacy_backup(W->pke_low_order, ct, 64, &len, mac, eph,
                                             pt, 6),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "a low-order recipient key");
    assert_true(no_partial(ct, 64));
    assert_true(untouched(mac, MLS) && untouched(eph, KS));
    accepted(cliquet_pk_encrypt_legacy_backup(W->pke, ct, 64, &len, mac, eph, NULL, 0),
             fn, ZERO_LENGTH, "empty plaintext");
    assert_int_equal(len, 22);
    assert_int_equal(ct[22], '\0');
    assert_int_equal(strlen(mac), ML);
    assert_int_equal(strlen(eph), K);
}

static void test_pk_decryption(void **state)
{
    const char *fn;
    cliquet_pk_decryption *d = NULL;
    char *pub = gbuf(KS);
    uint8_t *priv = gbuf(32), *pt = gbuf(64);
    const char *eph = gcopy(W->backup_eph, K);
    const char *mac = gcopy(W->backup_mac, ML);
    const char *ct = gcopy(W->backup_ct, W->backup_ct_len);
    const size_t ml = ML, cl = W->backup_ct_len;
    char *low_order = gbuf(K);
    size_t len = 0;

    (void)state;
    refused(cliquet_pk_decryption_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_pk_decryption_new", NULL_POINTER, "out");
    fn = "cliquet_pk_decryption_new_from_private_key";
    refused(cliquet_pk_decryption_new_from_private_key(NULL, priv),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_pk_decryption_new_from_private_key(&d, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "private key");
    cliquet_pk_decryption_free(NULL);
    fn = "cliquet_pk_decryption_public_key";
    refused(cliquet_pk_decryption_public_key(NULL, pub), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "decryption");
    refused(cliquet_pk_decryption_public_key(W->pkd, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "key");
    fn = "cliquet_pk_decryption_private_key";
    refused(cliquet_pk_decryption_private_key(NULL, priv), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "decryption");
    refused(cliquet_pk_decryption_private_key(W->pkd, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "private key");
    assert_true(untouched(pub, KS) && untouched(priv, 32));

    fn = "cliquet_pk_decrypt_legacy_backup";
    refused(cliquet_pk_decrypt_legacy_backup(NULL, pt, 64, &len, eph, K, mac, ml, ct, cl),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "decryption");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, NULL, K, mac, ml, ct,
                                             cl),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ephemeral key");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, NULL, ml, ct,
                                             cl),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "mac");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml, NULL,
                                             cl),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext");
    /* The buffer must hold the decoded ciphertext: 32 bytes here. */
    assert_int_equal(cq_base64_decoded_len(cl), 32);
    too_small(fn, pk_decrypt_call, 32);
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, 0, mac, ml, ct,
                                             cl),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "ephemeral key");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, 0, ct, cl),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, ZERO_LENGTH, "mac");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml, ct, 0),
            CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH, fn, ZERO_LENGTH, "ciphertext");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, HUGE_LEN, mac, ml,
                                             ct, cl),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "ephemeral key");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, HUGE_LEN,
                                             ct, cl),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, OVERSIZED, "mac");
    /* Past the bound (2^31 characters), whatever the length's shape: refused
     * without reading a byte of the text or allocating anything. */
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml, ct,
                                             HUGE_BLOCKS),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "ciphertext");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml, ct,
                                             HUGE_LEN),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "ciphertext, not blocks");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml, ct,
                                             ((size_t)1 << 31) + 4),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "ciphertext, just past the bound");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml, ct,
                                             cl - 1),
            CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH, fn, MALFORMED, "ciphertext 1 short");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K, mac, ml,
                                             bad_char(ct, cl), cl),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "ciphertext not base64");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, bad_char(eph, K), K,
                                             mac, ml, ct, cl),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "ephemeral key not base64");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, eph, K,
                                             bad_char(mac, ml), ml, ct, cl),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "mac not base64");
    memset(low_order, 'A', K);
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, low_order, K, mac, ml,
                                             ct, cl),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "all-zero ephemeral key");
    refused(cliquet_pk_decrypt_legacy_backup(W->pkd, pt, 64, &len, W->other_eph, K,
                                             W->other_mac, ml, W->other_ct,
                                             W->other_ct_len),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, WRONG_KIND, "a backup for another key");
    assert_true(no_partial(pt, 64));
    assert_null(d);
}

static void test_pk_signing(void **state)
{
    const char *fn;
    cliquet_pk_signing *s = NULL;
    uint8_t *seed = gbuf(32), *msg = gcopy("m", 1);
    char *key = gbuf(KS), *sig = gbuf(SIGS);

    (void)state;
    refused(cliquet_pk_signing_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            "cliquet_pk_signing_new", NULL_POINTER, "out");
    fn = "cliquet_pk_signing_new_from_seed";
    refused(cliquet_pk_signing_new_from_seed(NULL, seed), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "out");
    refused(cliquet_pk_signing_new_from_seed(&s, NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "seed");
    cliquet_pk_signing_free(NULL);
    fn = "cliquet_pk_signing_seed";
    refused(cliquet_pk_signing_seed(NULL, seed), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "signing");
    refused(cliquet_pk_signing_seed(W->pks, NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "seed");
    fn = "cliquet_pk_signing_public_key";
    refused(cliquet_pk_signing_public_key(NULL, key), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "signing");
    refused(cliquet_pk_signing_public_key(W->pks, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "key");
    fn = "cliquet_pk_sign";
    refused(cliquet_pk_sign(NULL, sig, msg, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "signing");
    refused(cliquet_pk_sign(W->pks, NULL, msg, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "signature");
    refused(cliquet_pk_sign(W->pks, sig, NULL, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "message");
    assert_true(untouched(seed, 32) && untouched(key, KS) && untouched(sig, SIGS));
    accepted(cliquet_pk_sign(W->pks, sig, NULL, 0), fn, ZERO_LENGTH, "empty message");
    assert_null(s);
}

/* ---- SAS ---------------------------------------------------------------------------- */

typedef cliquet_status (*sas_mac_fn)(const cliquet_sas *, char *, const uint8_t *,
                                     size_t, const uint8_t *, size_t);

static void sas_mac_rows(const char *fn, sas_mac_fn f)
{
    char *mac = gbuf(CLIQUET_SAS_MAC_BASE64_SIZE);
    uint8_t *msg = gcopy("m", 1), *info = gcopy("i", 1);

    refused(f(NULL, mac, msg, 1, info, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "sas");
    refused(f(W->sas_set, NULL, msg, 1, info, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "mac");
    refused(f(W->sas_set, mac, NULL, 1, info, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "message");
    refused(f(W->sas_set, mac, msg, 1, NULL, 1), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "info");
    refused(f(W->sas_unset, mac, msg, 1, info, 1), CLIQUET_ERR_SAS_NO_THEIR_KEY, fn,
            WRONG_KIND, "a SAS without their key");
    assert_true(untouched(mac, CLIQUET_SAS_MAC_BASE64_SIZE));
    accepted(f(W->sas_set, mac, NULL, 0, NULL, 0), fn, ZERO_LENGTH,
             "empty message and info");
    assert_int_equal(strlen(mac), CLIQUET_SAS_MAC_BASE64_SIZE - 1);
}

static void test_sas(void **state)
{
    const char *fn;
    cliquet_sas *s = NULL;
    char peer[KS];
    char *key = gbuf(KS), *their, *low_order = gbuf(K);
    uint8_t *out = gbuf(8), *info = gcopy("i", 1);
    int set = 0;

    (void)state;
    ok(cliquet_sas_public_key(W->sas_peer, peer));
    their = gcopy(peer, K);
    refused(cliquet_sas_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT, "cliquet_sas_new",
            NULL_POINTER, "out");
    cliquet_sas_free(NULL);
    fn = "cliquet_sas_public_key";
    refused(cliquet_sas_public_key(NULL, key), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "sas");
    refused(cliquet_sas_public_key(W->sas_set, NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "key");
    assert_true(untouched(key, KS));
    fn = "cliquet_sas_is_their_key_set";
    refused(cliquet_sas_is_their_key_set(NULL, &set), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "sas");
    refused(cliquet_sas_is_their_key_set(W->sas_set, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "is_set");

    /* On the SAS whose key is set: a refusal keeps the old shared secret. */
    fn = "cliquet_sas_set_their_key";
    refused(cliquet_sas_set_their_key(NULL, their, K), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "sas");
    refused(cliquet_sas_set_their_key(W->sas_set, NULL, K), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "key");
    refused(cliquet_sas_set_their_key(W->sas_set, their, 0), CLIQUET_ERR_BAD_KEY_LENGTH,
            fn, ZERO_LENGTH, "key");
    refused(cliquet_sas_set_their_key(W->sas_set, their, HUGE_LEN),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "key");
    refused(cliquet_sas_set_their_key(W->sas_set, their, K - 2), CLIQUET_ERR_BAD_BASE64,
            fn, MALFORMED, "key of 41 characters");
    memset(low_order, 'A', K);
    refused(cliquet_sas_set_their_key(W->sas_set, low_order, K),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "all-zero key");
    refused(cliquet_sas_set_their_key(W->sas_unset, low_order, K),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "all-zero key, none set");

    fn = "cliquet_sas_generate_bytes";
    refused(cliquet_sas_generate_bytes(NULL, out, 6, info, 1),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "sas");
    refused(cliquet_sas_generate_bytes(W->sas_set, NULL, 6, info, 1),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_sas_generate_bytes(W->sas_set, out, 6, NULL, 1),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "info");
    refused(cliquet_sas_generate_bytes(W->sas_set, out, CLIQUET_SAS_MAX_BYTES + 1, info,
                                       1),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "8161 bytes");
    refused(cliquet_sas_generate_bytes(W->sas_unset, out, 6, info, 1),
            CLIQUET_ERR_SAS_NO_THEIR_KEY, fn, WRONG_KIND, "a SAS without their key");
    assert_true(untouched(out, 8));
    accepted(cliquet_sas_generate_bytes(W->sas_set, NULL, 0, NULL, 0), fn, ZERO_LENGTH,
             "no bytes, no info");

    sas_mac_rows("cliquet_sas_calculate_mac", cliquet_sas_calculate_mac);
    sas_mac_rows("cliquet_sas_calculate_mac_legacy_base64",
                 cliquet_sas_calculate_mac_legacy_base64);
    sas_mac_rows("cliquet_sas_calculate_mac_long_kdf", cliquet_sas_calculate_mac_long_kdf);
    assert_null(s);
}


/* ---- Megolm session comparing and merging (1.1) ------------------------------------ */

static void test_inbound_group_merge(void **state)
{
    const char *fn;
    cliquet_inbound_group_session *m = NULL, *stranger = NULL;
    cliquet_session_ordering *ord = gbuf(sizeof(cliquet_session_ordering));
    int *adv = gbuf(sizeof(int));
    char *exp = gbuf(EXS);
    char key[SKS];

    (void)state;
    ok(cliquet_outbound_group_session_key(W->other_og, key));
    ok(cliquet_inbound_group_session_new(&stranger, key, SK));

    fn = "cliquet_inbound_group_session_compare";
    refused(cliquet_inbound_group_session_compare(NULL, W->ig, ord),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "a");
    refused(cliquet_inbound_group_session_compare(W->ig, NULL, ord),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "b");
    refused(cliquet_inbound_group_session_compare(W->ig, W->ig_imported, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ordering");
    assert_true(untouched(ord, sizeof *ord));
    accepted(cliquet_inbound_group_session_compare(W->ig, stranger, ord), fn, WRONG_KIND,
             "another sender's session");
    assert_int_equal(*ord, CLIQUET_SESSION_UNCONNECTED);
    accepted(cliquet_inbound_group_session_compare(W->ig, W->ig_imported, ord), fn,
             WRONG_KIND, "its own later export");
    assert_int_equal(*ord, CLIQUET_SESSION_BETTER);

    fn = "cliquet_inbound_group_session_merge";
    refused(cliquet_inbound_group_session_merge(NULL, W->ig, W->ig_imported),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_merge(&m, NULL, W->ig_imported),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "a");
    refused(cliquet_inbound_group_session_merge(&m, W->ig, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "b");
    refused(cliquet_inbound_group_session_merge(&m, W->ig, stranger),
            CLIQUET_ERR_UNCONNECTED_SESSIONS, fn, WRONG_KIND, "another sender's session");
    assert_null(m);

    fn = "cliquet_inbound_group_session_advance_to";
    refused(cliquet_inbound_group_session_advance_to(NULL, 3, adv),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_advance_to(W->ig, 3, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "advanced");
    assert_true(untouched(adv, sizeof *adv));
    accepted(cliquet_inbound_group_session_advance_to(W->ig_imported, 0, adv), fn,
             MALFORMED, "an index before the first known: no change");
    assert_int_equal(*adv, 0);
    accepted(cliquet_inbound_group_session_advance_to(W->ig_imported, 0x80000001u, adv), fn,
             MALFORMED, "an index 2^31 ahead counts as behind: no change");
    assert_int_equal(*adv, 0);

    fn = "cliquet_inbound_group_session_export_at_first_known_index";
    refused(cliquet_inbound_group_session_export_at_first_known_index(NULL, exp),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_export_at_first_known_index(W->ig, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    assert_true(untouched(exp, EXS));
    accepted(cliquet_inbound_group_session_export_at_first_known_index(W->ig_imported, exp),
             fn, WRONG_KIND, "an imported session");
    assert_string_equal(exp, W->export_1);
    cliquet_inbound_group_session_free(stranger);
}

/* ---- the Megolm replay record (1.1) ------------------------------------------------ */

static void test_inbound_group_replay(void **state)
{
    const char *fn;
    const char *m = W->group_msg;
    size_t n = W->group_msg_len, len = 0, *entries = gbuf(sizeof(size_t));
    uint8_t *pt = gbuf(64);
    int *on = gbuf(sizeof(int));
    uint32_t *evicted = gbuf(sizeof(uint32_t));
    cliquet_megolm_replay *verdict = gbuf(sizeof(cliquet_megolm_replay));
    cliquet_megolm_decrypt_info info;
    uint8_t random[CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES];
    cliquet_outbound_group_session *o1 = NULL, *o2 = NULL;
    cliquet_inbound_group_session *rec = NULL;
    char key[SKS], msg1[256], msg2[256];
    size_t l1 = 0, l2 = 0;

    (void)state;
    fn = "cliquet_inbound_group_session_set_replay_detection";
    refused(cliquet_inbound_group_session_set_replay_detection(NULL, 1),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_set_replay_detection(W->ig, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "on = 2");
    refused(cliquet_inbound_group_session_set_replay_detection(W->ig, -1),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "on = -1");
    accepted(cliquet_inbound_group_session_set_replay_detection(W->ig, 0), fn, ZERO_LENGTH,
             "off when already off: no change");

    fn = "cliquet_inbound_group_session_replay_detection";
    refused(cliquet_inbound_group_session_replay_detection(NULL, on, entries, evicted),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_replay_detection(W->ig, NULL, entries, evicted),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "on");
    assert_true(untouched(entries, sizeof *entries) && untouched(evicted, sizeof *evicted));
    accepted(cliquet_inbound_group_session_replay_detection(W->ig, on, NULL, NULL), fn,
             NULL_POINTER, "optional entries and evicted");
    assert_int_equal(*on, 0);

    fn = "cliquet_inbound_group_session_decrypt_checked";
    refused(cliquet_inbound_group_session_decrypt_checked(NULL, m, n, pt, 64, &len, &info,
                                                          verdict),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, NULL, n, pt, 64, &len, &info,
                                                          verdict),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, m, n, NULL, 64, &len, &info,
                                                          verdict),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, m, n, pt, 64, NULL, &info,
                                                          verdict),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, m, n, pt, 64, &len, &info,
                                                          NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "replay");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, m, n, pt, 8, &len, &info,
                                                          verdict),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "plaintext");
    assert_int_equal(len, 16);
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, m, 0, pt, 64, &len, &info,
                                                          verdict),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, m, HUGE_LEN, pt, 64, &len,
                                                          &info, verdict),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message of 2^40 + 8");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, bad_char(m, n), n, pt, 64,
                                                          &len, &info, verdict),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig, W->other_group_msg,
                                                          W->other_group_msg_len, pt, 64,
                                                          &len, &info, verdict),
            CLIQUET_ERR_BAD_SIGNATURE, fn, WRONG_KIND, "another session's message");
    refused(cliquet_inbound_group_session_decrypt_checked(W->ig_imported, m, n, pt, 64, &len,
                                                          &info, verdict),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, WRONG_KIND,
            "a message before the first known index");
    assert_true(untouched(verdict, sizeof *verdict));
    assert_true(no_partial(pt, 64));

    /* Another message at a recorded index, on a session of this test's
     * own: two outbound sessions from the same bytes sign different
     * messages at index 0. */
    memset(random, 0x3c, sizeof random);
    ok(cliquet_outbound_group_session_new_with_random(&o1, random, sizeof random));
    ok(cliquet_outbound_group_session_new_with_random(&o2, random, sizeof random));
    ok(cliquet_outbound_group_session_key(o1, key));
    ok(cliquet_inbound_group_session_new(&rec, key, SK));
    ok(cliquet_outbound_group_session_encrypt(o1, msg1, sizeof msg1, &l1,
                                              (const uint8_t *)"one", 3));
    ok(cliquet_outbound_group_session_encrypt(o2, msg2, sizeof msg2, &l2,
                                              (const uint8_t *)"two!", 4));
    ok(cliquet_inbound_group_session_set_replay_detection(rec, 1));
    ok(cliquet_inbound_group_session_decrypt_checked(rec, msg1, l1, pt, 64, &len, &info,
                                                     verdict));
    assert_int_equal(*verdict, CLIQUET_REPLAY_FIRST_TIME);
    memset(pt, 0xA5, 64);
    refused(cliquet_inbound_group_session_decrypt_checked(rec, gcopy(msg2, l2), l2, pt, 64,
                                                          &len, &info, verdict),
            CLIQUET_ERR_MESSAGE_INDEX_REUSED, fn, WRONG_KIND,
            "another message at a recorded index");
    assert_true(no_partial(pt, 64));
    cliquet_inbound_group_session_free(rec);
    cliquet_outbound_group_session_free(o1);
    cliquet_outbound_group_session_free(o2);
}

/* ---- session configs: Olm and Megolm v2 (1.2) ------------------------------------- */

static void test_session_config(void **state)
{
    const char *fn;
    const char *m = W->pre_key_b2;
    size_t n = W->pre_key_b2_len, len = 0;
    char *alice = gcopy(W->alice_curve, K), *bob_curve = gcopy(W->bob_curve, K);
    char *bob_otk = gcopy(W->bob_otk, K);
    uint8_t *pt = gbuf(64);
    cliquet_session *s = NULL;
    cliquet_outbound_group_session *og = NULL;
    cliquet_inbound_group_session *ig = NULL;
    cliquet_session_config *cfg = gbuf(sizeof *cfg);
    const cliquet_session_config v2 = CLIQUET_SESSION_CONFIG_V2;
    const cliquet_session_config bad[2] = { (cliquet_session_config)0,
                                            (cliquet_session_config)3 };

    (void)state;
    fn = "cliquet_session_new_outbound_with_config";
    refused(cliquet_session_new_outbound_with_config(NULL, W->alice, v2, bob_curve, K,
                                                     bob_otk, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_session_new_outbound_with_config(&s, NULL, v2, bob_curve, K, bob_otk, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_session_new_outbound_with_config(&s, W->alice, v2, bob_curve, 0,
                                                     bob_otk, K),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "identity key");
    refused(cliquet_session_new_outbound_with_config(&s, W->alice, v2, bad_char(bob_curve, K),
                                                     K, bob_otk, K),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "identity key not base64");
    for (int i = 0; i < 2; i++) {
        refused(cliquet_session_new_outbound_with_config(&s, W->alice, bad[i], bob_curve, K,
                                                         bob_otk, K),
                CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "config neither 1 nor 2");
    }

    fn = "cliquet_session_new_inbound_with_config";
    refused(cliquet_session_new_inbound_with_config(NULL, W->bob, v2, alice, K, m, n, pt, 64,
                                                    &len, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_session_new_inbound_with_config(&s, NULL, v2, alice, K, m, n, pt, 64,
                                                    &len, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_session_new_inbound_with_config(&s, W->bob, v2, alice, K, m, 0, pt, 64,
                                                    &len, NULL),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_session_new_inbound_with_config(&s, W->bob, bad[1], alice, K, m, n, pt,
                                                    64, &len, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "config 3");
    /* A version 1 pre-key message to a caller expecting version 2: the
     * account keeps its one-time key (the state check). */
    refused(cliquet_session_new_inbound_with_config(&s, W->bob, v2, alice, K, m, n, pt, 64,
                                                    &len, NULL),
            CLIQUET_ERR_BAD_MESSAGE_VERSION, fn, WRONG_KIND, "a version 1 message");
    assert_true(no_partial(pt, 64));

    fn = "cliquet_outbound_group_session_new_with_config";
    refused(cliquet_outbound_group_session_new_with_config(NULL, v2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_outbound_group_session_new_with_config(&og, bad[0]),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "config 0");

    fn = "cliquet_inbound_group_session_new_with_config";
    refused(cliquet_inbound_group_session_new_with_config(NULL, v2, W->session_key, SK),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_new_with_config(&ig, v2, NULL, SK),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session key");
    refused(cliquet_inbound_group_session_new_with_config(&ig, v2, W->session_key, 0),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, ZERO_LENGTH, "session key");
    refused(cliquet_inbound_group_session_new_with_config(&ig, bad[1], W->session_key, SK),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "config 3");
    refused(cliquet_inbound_group_session_new_with_config(&ig, v2, W->export_1, EX),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, WRONG_KIND, "an export");

    fn = "cliquet_inbound_group_session_import_with_config";
    refused(cliquet_inbound_group_session_import_with_config(NULL, v2, W->export_1, EX),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_inbound_group_session_import_with_config(&ig, v2, NULL, EX),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "export");
    refused(cliquet_inbound_group_session_import_with_config(&ig, v2, W->export_1, 0),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, ZERO_LENGTH, "export");
    refused(cliquet_inbound_group_session_import_with_config(&ig, bad[0], W->export_1, EX),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, MALFORMED, "config 0");
    refused(cliquet_inbound_group_session_import_with_config(&ig, v2, W->session_key, SK),
            CLIQUET_ERR_BAD_SESSION_KEY, fn, WRONG_KIND, "a session key");

    fn = "cliquet_session_get_config";
    refused(cliquet_session_get_config(NULL, cfg), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "session");
    refused(cliquet_session_get_config(W->a2b, NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "config");
    assert_true(untouched(cfg, sizeof *cfg));
    accepted(cliquet_session_get_config(W->a2b, cfg), fn, ZERO_LENGTH, "a version 1 session");
    assert_int_equal(*cfg, CLIQUET_SESSION_CONFIG_V1);

    fn = "cliquet_outbound_group_session_get_config";
    refused(cliquet_outbound_group_session_get_config(NULL, cfg),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_outbound_group_session_get_config(W->og, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "config");

    fn = "cliquet_inbound_group_session_get_config";
    refused(cliquet_inbound_group_session_get_config(NULL, cfg),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_get_config(W->ig, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "config");
    accepted(cliquet_inbound_group_session_get_config(W->ig, cfg), fn, ZERO_LENGTH,
             "a version 1 session");
    assert_int_equal(*cfg, CLIQUET_SESSION_CONFIG_V1);
    assert_null(s);
    assert_null(og);
    assert_null(ig);
}

/* ---- ECIES secure channel (1.1) ------------------------------------------------------ */

static void test_ecies(void **state)
{
    const char *fn;
    cliquet_ecies_channel *c = NULL;
    char g_key[KS], low_order[K];
    char *key, *msg = gbuf(256), *small = gbuf(8), *initial, *to_g, *to_s, *bad;
    uint8_t *pt = gcopy("hi", 2), *out = gbuf(256), *code_bytes = gbuf(2);
    uint8_t *random = gbuf(CLIQUET_ECIES_CHANNEL_RANDOM_BYTES);
    size_t len = 0, sep = 0;
    unsigned code = 0;

    (void)state;
    ok(cliquet_ecies_channel_public_key(W->ecies_g, g_key));
    key = gcopy(g_key, K);
    initial = gcopy(W->ecies_initial, W->ecies_initial_len);
    to_g = gcopy(W->ecies_to_g, W->ecies_to_g_len);
    to_s = gcopy(W->ecies_to_s, W->ecies_to_s_len);
    memset(low_order, 'A', K);

    fn = "cliquet_ecies_channel_new";
    refused(cliquet_ecies_channel_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER,
            "out");
    fn = "cliquet_ecies_channel_new_with_random";
    refused(cliquet_ecies_channel_new_with_random(NULL, random, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_ecies_channel_new_with_random(&c, NULL, 32), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "random");
    refused(cliquet_ecies_channel_new_with_random(&c, random, 0), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, ZERO_LENGTH, "random");
    refused(cliquet_ecies_channel_new_with_random(&c, random, HUGE_LEN),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED, "random");
    assert_null(c);
    cliquet_ecies_channel_free(NULL);

    fn = "cliquet_ecies_channel_public_key";
    refused(cliquet_ecies_channel_public_key(NULL, msg), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_public_key(W->ecies_fresh, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");

    fn = "cliquet_ecies_channel_establish_outbound";
    refused(cliquet_ecies_channel_establish_outbound(NULL, key, K, msg, 256, &len, pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, NULL, K, msg, 256, &len,
                                                     pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "their key");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, K, NULL, 256, &len,
                                                     pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, K, msg, 256, NULL,
                                                     pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message_len");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, K, msg, 256, &len,
                                                     NULL, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, 0, msg, 256, &len,
                                                     pt, 2),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "their key");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, HUGE_LEN, msg, 256,
                                                     &len, pt, 2),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "their key");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, K, msg, 256, &len,
                                                     pt, HUGE_LEN),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "plaintext");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, K - 2, msg, 256,
                                                     &len, pt, 2),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "key of 41 characters");
    bad = gcopy(low_order, K);
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, bad, K, msg, 256, &len,
                                                     pt, 2),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "all-zero key");
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_fresh, key, K, small, 8, &len,
                                                     pt, 2),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "message");
    assert_int_equal(len, 24 + 1 + K + 1);
    refused(cliquet_ecies_channel_establish_outbound(W->ecies_s, key, K, msg, 256, &len, pt,
                                                     2),
            CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED, fn, WRONG_KIND, "an established channel");
    ok(cliquet_ecies_channel_new(&c));
    accepted(cliquet_ecies_channel_establish_outbound(c, key, K, msg, 256, &len, NULL, 0), fn,
             ZERO_LENGTH, "empty first plaintext");
    cliquet_ecies_channel_free(c);
    c = NULL;

    fn = "cliquet_ecies_channel_establish_inbound";
    refused(cliquet_ecies_channel_establish_inbound(NULL, initial, W->ecies_initial_len, out,
                                                    256, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, NULL,
                                                    W->ecies_initial_len, out, 256, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial,
                                                    W->ecies_initial_len, NULL, 256, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial,
                                                    W->ecies_initial_len, out, 256, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial, 0, out, 256,
                                                    &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial, HUGE_LEN, out,
                                                    256, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial,
                                                    W->ecies_initial_len, (uint8_t *)small,
                                                    4, &len),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "plaintext");
    assert_int_equal(len, 5);
    assert_int_equal(cq_ecies_initial_separator(initial, W->ecies_initial_len, &sep), 0);
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial, sep, out, 256,
                                                    &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "no separator");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, initial,
                                                    W->ecies_initial_len - 2, out, 256, &len),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "key of 41 characters");
    bad = gcopy(initial, W->ecies_initial_len);
    bad[1] = '!';
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_fresh, bad,
                                                    W->ecies_initial_len, out, 256, &len),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "ciphertext not base64");
    refused(cliquet_ecies_channel_establish_inbound(W->ecies_g, initial,
                                                    W->ecies_initial_len, out, 256, &len),
            CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED, fn, WRONG_KIND, "an established channel");
    ok(cliquet_ecies_channel_new(&c));
    refused(cliquet_ecies_channel_establish_inbound(c, initial, W->ecies_initial_len, out,
                                                    256, &len),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, WRONG_KIND, "another channel's key");
    cliquet_ecies_channel_free(c);
    c = NULL;

    fn = "cliquet_ecies_channel_check_code";
    refused(cliquet_ecies_channel_check_code(NULL, &code), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_check_code(W->ecies_g, NULL), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "code");
    refused(cliquet_ecies_channel_check_code(W->ecies_fresh, &code),
            CLIQUET_ERR_ECIES_NOT_ESTABLISHED, fn, WRONG_KIND, "a fresh channel");
    fn = "cliquet_ecies_channel_check_code_bytes";
    refused(cliquet_ecies_channel_check_code_bytes(NULL, code_bytes),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_check_code_bytes(W->ecies_g, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "bytes");
    refused(cliquet_ecies_channel_check_code_bytes(W->ecies_fresh, code_bytes),
            CLIQUET_ERR_ECIES_NOT_ESTABLISHED, fn, WRONG_KIND, "a fresh channel");
    assert_true(untouched(code_bytes, 2));

    fn = "cliquet_ecies_channel_encrypt";
    refused(cliquet_ecies_channel_encrypt(NULL, msg, 256, &len, pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_encrypt(W->ecies_s, NULL, 256, &len, pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_ecies_channel_encrypt(W->ecies_s, msg, 256, NULL, pt, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message_len");
    refused(cliquet_ecies_channel_encrypt(W->ecies_s, msg, 256, &len, NULL, 2),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_ecies_channel_encrypt(W->ecies_s, msg, 256, &len, pt, HUGE_LEN),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "plaintext");
    refused(cliquet_ecies_channel_encrypt(W->ecies_s, small, 8, &len, pt, 2),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "message");
    assert_int_equal(len, 24 + 1);
    refused(cliquet_ecies_channel_encrypt(W->ecies_s, NULL, 0, &len, NULL, 0),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, ZERO_LENGTH, "empty plaintext, asked");
    assert_int_equal(len, 22 + 1);
    refused(cliquet_ecies_channel_encrypt(W->ecies_fresh, msg, 256, &len, pt, 2),
            CLIQUET_ERR_ECIES_NOT_ESTABLISHED, fn, WRONG_KIND, "a fresh channel");

    fn = "cliquet_ecies_channel_decrypt";
    refused(cliquet_ecies_channel_decrypt(NULL, to_g, W->ecies_to_g_len, out, 256, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "channel");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, NULL, W->ecies_to_g_len, out, 256,
                                          &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, to_g, W->ecies_to_g_len, NULL, 256,
                                          &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, to_g, W->ecies_to_g_len, out, 256,
                                          NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, to_g, 0, out, 256, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, to_g, HUGE_LEN, out, 256, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, to_g, W->ecies_to_g_len,
                                          (uint8_t *)small, 3, &len),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "plaintext");
    assert_int_equal(len, 4);
    bad = bad_char(to_g, W->ecies_to_g_len);
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, bad, W->ecies_to_g_len, out, 256, &len),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "bad character");
    bad = gcopy(to_g, W->ecies_to_g_len);
    bad[0] = bad[0] == 'A' ? 'B' : 'A';
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, bad, W->ecies_to_g_len, out, 256, &len),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, MALFORMED, "tampered");
    refused(cliquet_ecies_channel_decrypt(W->ecies_g, to_s, W->ecies_to_s_len, out, 256,
                                          &len),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, WRONG_KIND, "the other direction's message");
    refused(cliquet_ecies_channel_decrypt(W->ecies_fresh, to_g, W->ecies_to_g_len, out, 256,
                                          &len),
            CLIQUET_ERR_ECIES_NOT_ESTABLISHED, fn, WRONG_KIND, "a fresh channel");
    assert_true(untouched(out, 256) && untouched(small, 8));
}

/* ---- pickles ------------------------------------------------------------------------ */

/*
 * One object kind's four pickle functions, behind wrappers of one shape.
 * The unpickle wrappers take want_out = 0 to pass a NULL out; on success
 * they free the new object, on failure they check *out stayed NULL.
 */
typedef struct pickler {
    const char *name[4]; /* pickle, unpickle, pickle_libolm, unpickle_libolm */
    const void *(*object)(void);
    cliquet_status (*pickle)(const void *o, char *out, size_t cap, size_t *len,
                             const uint8_t *key, size_t key_len);
    cliquet_status (*unpickle)(int want_out, const uint8_t *key, size_t key_len,
                               const char *p, size_t n);
    cliquet_status (*pickle_libolm)(const void *o, char *out, size_t cap, size_t *len,
                                    const uint8_t *key, size_t key_len);
    cliquet_status (*unpickle_libolm)(int want_out, const uint8_t *key, size_t key_len,
                                      const char *p, size_t n);
    /* libolm's pickles carry no type: the next kind's pickle is refused by
     * what its bytes look like to this kind's reader. */
    cliquet_status next_kind_libolm;
} pickler;

/* Frees whatever an unpickle made, or checks it made nothing. */
#define UNPICKLED(type, free_fn, call)                                                \
    do {                                                                              \
        type *obj_ = NULL;                                                            \
        cliquet_status st_ = (call);                                                  \
        if (st_ == CLIQUET_OK) {                                                      \
            assert_non_null(obj_);                                                    \
            free_fn(obj_);                                                            \
        } else {                                                                      \
            assert_null(obj_);                                                        \
        }                                                                             \
        return st_;                                                                   \
    } while (0)

static const void *account_object(void) { return W->alice; }

static cliquet_status account_p(const void *o, char *out, size_t cap, size_t *len,
                                const uint8_t *key, size_t key_len)
{
    return cliquet_account_pickle(o, out, cap, len, key, key_len);
}

static cliquet_status account_u(int want_out, const uint8_t *key, size_t key_len,
                          const char *p, size_t n)
{
    UNPICKLED(cliquet_account, cliquet_account_free,
              cliquet_account_unpickle(want_out ? &obj_ : NULL, key, key_len, p, n));
}

static cliquet_status account_pl(const void *o, char *out, size_t cap, size_t *len,
                                 const uint8_t *key, size_t key_len)
{
    return cliquet_account_pickle_libolm(o, out, cap, len, key, key_len);
}

static cliquet_status account_ul(int want_out, const uint8_t *key, size_t key_len,
                                 const char *p, size_t n)
{
    UNPICKLED(cliquet_account, cliquet_account_free,
              cliquet_account_unpickle_libolm(want_out ? &obj_ : NULL, key, key_len, p,
                                              n));
}

static const void *session_object(void) { return W->a2b; }

static cliquet_status session_p(const void *o, char *out, size_t cap, size_t *len,
                                const uint8_t *key, size_t key_len)
{
    return cliquet_session_pickle(o, out, cap, len, key, key_len);
}

static cliquet_status session_u(int want_out, const uint8_t *key, size_t key_len,
                          const char *p, size_t n)
{
    UNPICKLED(cliquet_session, cliquet_session_free,
              cliquet_session_unpickle(want_out ? &obj_ : NULL, key, key_len, p, n));
}

static cliquet_status session_pl(const void *o, char *out, size_t cap, size_t *len,
                                 const uint8_t *key, size_t key_len)
{
    return cliquet_session_pickle_libolm(o, out, cap, len, key, key_len);
}

/* Bob is the peer of a2b, the session pickled here. */
static cliquet_status session_ul(int want_out, const uint8_t *key, size_t key_len,
                                 const char *p, size_t n)
{
    UNPICKLED(cliquet_session, cliquet_session_free,
              cliquet_session_unpickle_libolm(want_out ? &obj_ : NULL, key, key_len, p, n,
                                              W->bob_curve, K));
}

/* libolm's reading, without the peer's key (cliquet_libolm.h). */
static cliquet_status session_ul_as_inbound(int want_out, const uint8_t *key,
                                            size_t key_len, const char *p, size_t n)
{
    UNPICKLED(cliquet_session, cliquet_session_free,
              cliquet_session_unpickle_libolm_as_inbound(want_out ? &obj_ : NULL, key,
                                                         key_len, p, n));
}

static const void *outbound_object(void) { return W->og; }

static cliquet_status outbound_p(const void *o, char *out, size_t cap, size_t *len,
                                 const uint8_t *key, size_t key_len)
{
    return cliquet_outbound_group_session_pickle(o, out, cap, len, key, key_len);
}

static cliquet_status outbound_u(int want_out, const uint8_t *key, size_t key_len,
                          const char *p,
                                 size_t n)
{
    UNPICKLED(cliquet_outbound_group_session, cliquet_outbound_group_session_free,
              cliquet_outbound_group_session_unpickle(want_out ? &obj_ : NULL, key,
                                                      key_len, p, n));
}

static cliquet_status outbound_pl(const void *o, char *out, size_t cap, size_t *len,
                                  const uint8_t *key, size_t key_len)
{
    return cliquet_outbound_group_session_pickle_libolm(o, out, cap, len, key, key_len);
}

static cliquet_status outbound_ul(int want_out, const uint8_t *key, size_t key_len,
                                  const char *p, size_t n)
{
    UNPICKLED(cliquet_outbound_group_session, cliquet_outbound_group_session_free,
              cliquet_outbound_group_session_unpickle_libolm(want_out ? &obj_ : NULL, key,
                                                             key_len, p, n));
}

static const void *inbound_object(void) { return W->ig; }

static cliquet_status inbound_p(const void *o, char *out, size_t cap, size_t *len,
                                const uint8_t *key, size_t key_len)
{
    return cliquet_inbound_group_session_pickle(o, out, cap, len, key, key_len);
}

static cliquet_status inbound_u(int want_out, const uint8_t *key, size_t key_len,
                          const char *p, size_t n)
{
    UNPICKLED(cliquet_inbound_group_session, cliquet_inbound_group_session_free,
              cliquet_inbound_group_session_unpickle(want_out ? &obj_ : NULL, key,
                                                     key_len, p, n));
}

static cliquet_status inbound_pl(const void *o, char *out, size_t cap, size_t *len,
                                 const uint8_t *key, size_t key_len)
{
    return cliquet_inbound_group_session_pickle_libolm(o, out, cap, len, key, key_len);
}

static cliquet_status inbound_ul(int want_out, const uint8_t *key, size_t key_len,
                                 const char *p, size_t n)
{
    UNPICKLED(cliquet_inbound_group_session, cliquet_inbound_group_session_free,
              cliquet_inbound_group_session_unpickle_libolm(want_out ? &obj_ : NULL, key,
                                                            key_len, p, n));
}

static const void *pk_object(void) { return W->pkd; }

static cliquet_status pk_p(const void *o, char *out, size_t cap, size_t *len,
                           const uint8_t *key, size_t key_len)
{
    return cliquet_pk_decryption_pickle(o, out, cap, len, key, key_len);
}

static cliquet_status pk_u(int want_out, const uint8_t *key, size_t key_len,
                          const char *p, size_t n)
{
    UNPICKLED(cliquet_pk_decryption, cliquet_pk_decryption_free,
              cliquet_pk_decryption_unpickle(want_out ? &obj_ : NULL, key, key_len, p, n));
}

static cliquet_status pk_pl(const void *o, char *out, size_t cap, size_t *len,
                            const uint8_t *key, size_t key_len)
{
    return cliquet_pk_decryption_pickle_libolm(o, out, cap, len, key, key_len);
}

static cliquet_status pk_ul(int want_out, const uint8_t *key, size_t key_len,
                            const char *p, size_t n)
{
    UNPICKLED(cliquet_pk_decryption, cliquet_pk_decryption_free,
              cliquet_pk_decryption_unpickle_libolm(want_out ? &obj_ : NULL, key, key_len,
                                                    p, n));
}

#define PICKLERS 5
static const pickler picklers[PICKLERS] = {
    { { "cliquet_account_pickle", "cliquet_account_unpickle",
        "cliquet_account_pickle_libolm", "cliquet_account_unpickle_libolm" },
      account_object, account_p, account_u, account_pl, account_ul,
      CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT },
    { { "cliquet_session_pickle", "cliquet_session_unpickle",
        "cliquet_session_pickle_libolm", "cliquet_session_unpickle_libolm" },
      session_object, session_p, session_u, session_pl, session_ul,
      CLIQUET_ERR_PICKLE_CORRUPTED },
    { { "cliquet_outbound_group_session_pickle", "cliquet_outbound_group_session_unpickle",
        "cliquet_outbound_group_session_pickle_libolm",
        "cliquet_outbound_group_session_unpickle_libolm" },
      outbound_object, outbound_p, outbound_u, outbound_pl, outbound_ul,
      CLIQUET_ERR_PICKLE_UNKNOWN_VERSION },
    { { "cliquet_inbound_group_session_pickle", "cliquet_inbound_group_session_unpickle",
        "cliquet_inbound_group_session_pickle_libolm",
        "cliquet_inbound_group_session_unpickle_libolm" },
      inbound_object, inbound_p, inbound_u, inbound_pl, inbound_ul,
      CLIQUET_ERR_PICKLE_CORRUPTED },
    { { "cliquet_pk_decryption_pickle", "cliquet_pk_decryption_unpickle",
        "cliquet_pk_decryption_pickle_libolm", "cliquet_pk_decryption_unpickle_libolm" },
      pk_object, pk_p, pk_u, pk_pl, pk_ul,
      CLIQUET_ERR_PICKLE_UNKNOWN_VERSION },
};

/* The pickler too_small's wrappers use. */
static const pickler *current;

static cliquet_status native_call(void *out, size_t cap, size_t *len)
{
    return current->pickle(current->object(), out, cap, len, W->pickle_key,
                           CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status libolm_call(void *out, size_t cap, size_t *len)
{
    return current->pickle_libolm(current->object(), out, cap, len, W->pickle_key, 32);
}

/* A pickle of the kind's object as a guarded text. */
static char *native_text(const pickler *p, size_t *len)
{
    char buf[16384];

    ok(p->pickle(p->object(), buf, sizeof buf, len, W->pickle_key,
                 CLIQUET_PICKLE_KEY_BYTES));
    assert_int_equal(buf[*len], '\0');
    return gcopy(buf, *len);
}

static char *libolm_text(const pickler *p, size_t *len)
{
    char buf[16384];

    ok(p->pickle_libolm(p->object(), buf, sizeof buf, len, W->pickle_key, 32));
    assert_int_equal(buf[*len], '\0');
    return gcopy(buf, *len);
}

typedef cliquet_status (*unpickle_libolm_fn)(int want_out, const uint8_t *key,
                                             size_t key_len, const char *p, size_t n);

/*
 * The rows of a libolm-format unpickle: ltext is the kind's libolm pickle,
 * oltext the next kind's (refused with next_kind), text the kind's native
 * pickle.
 */
static void libolm_unpickle_rows(const char *fn, unpickle_libolm_fn ul,
                                 cliquet_status next_kind, const char *ltext, size_t ln,
                                 const char *oltext, size_t oln, const char *text,
                                 size_t n)
{
    const uint8_t *key = W->pickle_key, *wrong = W->other_pickle_key;
    char *cut;
    size_t cut_len, raw;

    refused(ul(0, key, 32, ltext, ln), CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER,
            "out");
    refused(ul(1, NULL, 32, ltext, ln), CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER,
            "key");
    refused(ul(1, key, 32, NULL, ln), CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER,
            "pickle");
    refused(ul(1, key, 32, ltext, 0), CLIQUET_ERR_PICKLE_CORRUPTED, fn, ZERO_LENGTH,
            "pickle");
    refused(ul(1, key, 0, ltext, ln), CLIQUET_ERR_PICKLE_BAD_KEY, fn, ZERO_LENGTH, "key");
    refused(ul(1, NULL, 0, ltext, ln), CLIQUET_ERR_PICKLE_BAD_KEY, fn, ZERO_LENGTH,
            "NULL key, length 0");
    refused(ul(1, key, 32, ltext, HUGE_LEN), CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED,
            "pickle");
    refused(ul(1, key, 32, ltext, one_mod_4(ln)), CLIQUET_ERR_BAD_BASE64, fn, MALFORMED,
            "not a base64 length");
    cut = cut_bytes(ltext, ln, 1, &cut_len);
    refused(ul(1, key, 32, cut, cut_len), CLIQUET_ERR_PICKLE_CORRUPTED, fn, MALFORMED,
            "last byte cut");
    refused(ul(1, key, 32, bad_char(ltext, ln), ln), CLIQUET_ERR_BAD_BASE64, fn, MALFORMED,
            "not base64");
    refused(ul(1, wrong, 32, ltext, ln), CLIQUET_ERR_PICKLE_BAD_KEY, fn, WRONG_KIND,
            "another key");
    refused(ul(1, key, 32, oltext, oln), next_kind, fn, WRONG_KIND,
            "another object's pickle");
    /* libolm's envelope is AES-CBC blocks and an 8-byte MAC: a length that
     * is not that is refused before any key work, else the MAC fails. */
    raw = cq_base64_decoded_len(n);
    refused(ul(1, key, 32, text, n),
            raw >= 24 && (raw - 8) % 16 == 0 ? CLIQUET_ERR_PICKLE_BAD_KEY
                                              : CLIQUET_ERR_PICKLE_CORRUPTED,
            fn, WRONG_KIND, "a native pickle");
    accepted(ul(1, key, 32, ltext, ln), fn, ZERO_LENGTH, "the pickle itself");
}

static void pickle_rows(const pickler *p, const pickler *other)
{
    const char *fn = p->name[0];
    const uint8_t *key = W->pickle_key, *wrong = W->other_pickle_key;
    /* The native key before a guard page: reading a 33rd byte faults. */
    const uint8_t *gkey = gcopy(W->pickle_key, CLIQUET_PICKLE_KEY_BYTES);
    const void *obj = p->object();
    size_t n, ln, on, oln, len = 0;
    char *text = native_text(p, &n), *ltext = libolm_text(p, &ln);
    char *otext = native_text(other, &on), *oltext = libolm_text(other, &oln);
    char *out = gbuf(n + 1), *cut;
    size_t cut_len;

    current = p;
    refused(p->pickle(NULL, out, n + 1, &len, key, 32), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "object");
    refused(p->pickle(obj, out, n + 1, &len, NULL, 32), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "key");
    /* A native key is exactly CLIQUET_PICKLE_KEY_BYTES (ABI 1.0). */
    refused(p->pickle(obj, out, n + 1, &len, NULL, 0), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            ZERO_LENGTH, "NULL key, length 0");
    refused(p->pickle(obj, out, n + 1, &len, gkey, 0), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            ZERO_LENGTH, "key");
    refused(p->pickle(obj, out, n + 1, &len, gkey, 31), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            TOO_SMALL, "key of 31 bytes");
    refused(p->pickle(obj, out, n + 1, &len, gkey, 33), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            OVERSIZED, "key of 33 bytes");
    refused(p->pickle(obj, out, n + 1, &len, gkey, HUGE_LEN), CLIQUET_ERR_BAD_KEY_LENGTH,
            fn, OVERSIZED, "key of a huge length");
    assert_true(untouched(out, n + 1));
    /* The capacity asked for counts the NUL (text rule). */
    too_small(fn, native_call, n + 1);

    fn = p->name[1];
    refused(p->unpickle(0, key, 32, text, n), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "out");
    refused(p->unpickle(1, NULL, 32, text, n), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "key");
    refused(p->unpickle(1, key, 32, NULL, n), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "pickle");
    refused(p->unpickle(1, NULL, 0, text, n), CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH,
            "NULL key, length 0");
    refused(p->unpickle(1, gkey, 0, text, n), CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH,
            "key");
    refused(p->unpickle(1, gkey, 31, text, n), CLIQUET_ERR_BAD_KEY_LENGTH, fn, TOO_SMALL,
            "key of 31 bytes");
    refused(p->unpickle(1, gkey, 33, text, n), CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED,
            "key of 33 bytes");
    refused(p->unpickle(1, gkey, HUGE_LEN, text, n), CLIQUET_ERR_BAD_KEY_LENGTH, fn,
            OVERSIZED, "key of a huge length");
    refused(p->unpickle(1, key, 32, text, 0), CLIQUET_ERR_PICKLE_CORRUPTED, fn,
            ZERO_LENGTH, "pickle");
    refused(p->unpickle(1, key, 32, text, HUGE_LEN), CLIQUET_ERR_INPUT_TOO_LARGE, fn,
            OVERSIZED, "pickle");
    refused(p->unpickle(1, key, 32, text, one_mod_4(n)), CLIQUET_ERR_BAD_BASE64, fn,
            MALFORMED, "not a base64 length");
    cut = cut_bytes(text, n, 1, &cut_len);
    refused(p->unpickle(1, key, 32, cut, cut_len), CLIQUET_ERR_PICKLE_CORRUPTED, fn,
            MALFORMED, "last byte cut");
    refused(p->unpickle(1, key, 32, bad_char(text, n), n), CLIQUET_ERR_BAD_BASE64, fn,
            MALFORMED, "not base64");
    refused(p->unpickle(1, wrong, 32, text, n), CLIQUET_ERR_PICKLE_BAD_KEY, fn,
            WRONG_KIND, "another key");
    refused(p->unpickle(1, key, 32, otext, on), CLIQUET_ERR_PICKLE_WRONG_TYPE, fn,
            WRONG_KIND, "another object's pickle");
    refused(p->unpickle(1, key, 32, ltext, ln), CLIQUET_ERR_PICKLE_CORRUPTED, fn,
            WRONG_KIND, "a libolm pickle");
    accepted(p->unpickle(1, gkey, 32, text, n), fn, ZERO_LENGTH, "the pickle itself");

    fn = p->name[2];
    out = gbuf(ln + 1);
    refused(p->pickle_libolm(NULL, out, ln + 1, &len, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "object");
    refused(p->pickle_libolm(obj, out, ln + 1, &len, NULL, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    assert_true(untouched(out, ln + 1));
    too_small(fn, libolm_call, ln + 1);
    len = 0;
    accepted(p->pickle_libolm(obj, out, ln + 1, &len, NULL, 0), fn, ZERO_LENGTH,
             "an empty key");
    assert_int_equal(len, ln);
    assert_int_equal(out[ln], '\0');

    libolm_unpickle_rows(p->name[3], p->unpickle_libolm, p->next_kind_libolm, ltext, ln,
                         oltext, oln, text, n);
}

static void test_pickles(void **state)
{
    char *out;
    size_t len = 0, n;
    char *ltext;
    char key[KS];
    cliquet_session *s = NULL;
    const char *fn = "cliquet_session_unpickle_libolm";

    (void)state;
    for (size_t i = 0; i < PICKLERS; i++) {
        pickle_rows(&picklers[i], &picklers[(i + 1) % PICKLERS]);
    }
    /* The peer's identity key of a libolm session pickle: required. */
    ltext = libolm_text(&picklers[1], &n);
    refused(cliquet_session_unpickle_libolm(&s, W->pickle_key, 32, ltext, n, NULL, K),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "their identity key");
    /* ABI 1.0: no key at all is no longer read as inbound (that is
     * cliquet_session_unpickle_libolm_as_inbound now). */
    refused(cliquet_session_unpickle_libolm(&s, W->pickle_key, 32, ltext, n, NULL, 0),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "their identity key NULL, 0");
    refused(cliquet_session_unpickle_libolm(&s, W->pickle_key, 32, ltext, n,
                                            W->bob_curve, 0),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "their identity key");
    refused(cliquet_session_unpickle_libolm(&s, W->pickle_key, 32, ltext, n,
                                            W->bob_curve, HUGE_LEN),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "their identity key");
    refused(cliquet_session_unpickle_libolm(&s, W->pickle_key, 32, ltext, n,
                                            bad_char(W->bob_curve, K), K),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "their identity key not base64");
    assert_null(s);
    /* The key given is the one the session reports. */
    ok(cliquet_session_unpickle_libolm(&s, W->pickle_key, 32, ltext, n, W->bob_curve, K));
    ok(cliquet_session_their_identity_key(s, key));
    assert_string_equal(key, W->bob_curve);
    cliquet_session_free(s);
    s = NULL;

    /* libolm's reading without a key (cliquet_libolm.h): the peer is taken
     * to be the pickle's Alice, here the pickling account's own key. */
    fn = "cliquet_session_unpickle_libolm_as_inbound";
    {
        size_t nn, on;
        char *text = native_text(&picklers[1], &nn);
        char *oltext = libolm_text(&picklers[2], &on);

        libolm_unpickle_rows(fn, session_ul_as_inbound, picklers[1].next_kind_libolm,
                             ltext, n, oltext, on, text, nn);
    }
    ok(cliquet_session_unpickle_libolm_as_inbound(&s, W->pickle_key, 32, ltext, n));
    ok(cliquet_session_their_identity_key(s, key));
    assert_string_equal(key, W->alice_curve);
    cliquet_session_free(s);
    s = NULL;

    /* An imported session that has decrypted cannot go to libolm's format
     * without losing its origin; the _lossy twin writes it anyway. */
    fn = "cliquet_inbound_group_session_pickle_libolm";
    out = gbuf(1024);
    refused(cliquet_inbound_group_session_pickle_libolm(W->ig_imported, out, 1024, &len,
                                                        W->pickle_key, 32),
            CLIQUET_ERR_PICKLE_LOSSY, fn, WRONG_KIND, "imported and verified");
    assert_true(untouched(out, 1024));
    fn = "cliquet_inbound_group_session_pickle_libolm_lossy";
    refused(cliquet_inbound_group_session_pickle_libolm_lossy(NULL, out, 1024, &len,
                                                              W->pickle_key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_pickle_libolm_lossy(W->ig_imported, out, 1024,
                                                              &len, NULL, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    refused(cliquet_inbound_group_session_pickle_libolm_lossy(W->ig_imported, out, 1024,
                                                              NULL, W->pickle_key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out_len");
    refused(cliquet_inbound_group_session_pickle_libolm_lossy(W->ig_imported, NULL, 0,
                                                              &len, W->pickle_key, 32),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "NULL, 0");
    accepted(cliquet_inbound_group_session_pickle_libolm_lossy(W->ig_imported, out, 1024,
                                                               &len, W->pickle_key, 32),
             fn, WRONG_KIND, "imported and verified");
}

/* ---- explicit randomness -------------------------------------------------------------- */

/*
 * Each *_with_random takes exactly the number of bytes named; one byte
 * fewer or more, none, or a NULL pointer is CLIQUET_ERR_INVALID_ARGUMENT.
 * "One more" is passed with a buffer of the right size: a function that
 * read before it refused would fault on the guard page.
 */
static void random_len_rows(const char *fn, cliquet_status (*call)(const uint8_t *, size_t),
                            size_t want)
{
    uint8_t *r = gbuf(want);

    randombytes_buf(r, want);
    refused(call(NULL, want), CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "random");
    refused(call(r, 0), CLIQUET_ERR_INVALID_ARGUMENT, fn, ZERO_LENGTH, "random");
    refused(call(r, want - 1), CLIQUET_ERR_INVALID_ARGUMENT, fn, TOO_SMALL,
            "random one byte short");
    refused(call(r, want + 1), CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED,
            "random one byte more");
    refused(call(r, SIZE_MAX), CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED,
            "random SIZE_MAX");
}

static cliquet_status account_new_r(const uint8_t *r, size_t n)
{
    cliquet_account *a = NULL;
    cliquet_status st = cliquet_account_new_with_random(&a, r, n);

    assert_null(a);
    return st;
}

static cliquet_status fallback_r(const uint8_t *r, size_t n)
{
    return cliquet_account_generate_fallback_key_with_random(W->bob, r, n);
}

static cliquet_status outbound_r(const uint8_t *r, size_t n)
{
    cliquet_session *s = NULL;
    cliquet_status st = cliquet_session_new_outbound_with_random(
        &s, W->alice, W->bob_curve, K, W->bob_otk, K, r, n);

    assert_null(s);
    return st;
}

static cliquet_status group_new_r(const uint8_t *r, size_t n)
{
    cliquet_outbound_group_session *s = NULL;
    cliquet_status st = cliquet_outbound_group_session_new_with_random(&s, r, n);

    assert_null(s);
    return st;
}

static cliquet_status sas_new_r(const uint8_t *r, size_t n)
{
    cliquet_sas *s = NULL;
    cliquet_status st = cliquet_sas_new_with_random(&s, r, n);

    assert_null(s);
    return st;
}

static cliquet_status pk_encrypt_r(const uint8_t *r, size_t n)
{
    char ct[64], mac[MLS], eph[KS];
    size_t len = 0;

    return cliquet_pk_encrypt_legacy_backup_with_random(W->pke, ct, sizeof ct, &len, mac,
                                                        eph, pk_text, 6, r, n);
}

/* The session W->fresh has never sent: its next encrypt needs 32 bytes. */
static cliquet_status encrypt_r(const uint8_t *r, size_t n)
{
    char out[512];
    size_t len = 0;
    int type;

    return cliquet_session_encrypt_with_random(W->fresh, &type, out, sizeof out, &len,
                                               olm_text, 5, r, n);
}

static const uint8_t *encrypt_random;

static cliquet_status encrypt_r_call(void *out, size_t cap, size_t *len)
{
    int type;

    return cliquet_session_encrypt_with_random(W->fresh, &type, out, cap, len, olm_text,
                                               5, encrypt_random, 32);
}

static void test_explicit_random(void **state)
{
    const char *fn;
    cliquet_account *a = NULL;
    cliquet_session *s = NULL;
    cliquet_outbound_group_session *g = NULL;
    cliquet_sas *sas = NULL;
    uint8_t *r = gbuf(CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES);
    char *out = gbuf(512), *low_order = gbuf(K);
    char mac[MLS], eph[KS];
    size_t len = 0, need = 0;
    int needed = 0, type = 0;

    (void)state;
    randombytes_buf(r, CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES);
    encrypt_random = r;

    fn = "cliquet_account_new_with_random";
    refused(cliquet_account_new_with_random(NULL, r, CLIQUET_ACCOUNT_RANDOM_BYTES),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    random_len_rows(fn, account_new_r, CLIQUET_ACCOUNT_RANDOM_BYTES);

    fn = "cliquet_account_generate_one_time_keys_with_random";
    refused(cliquet_account_generate_one_time_keys_with_random(NULL, 1, NULL, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_generate_one_time_keys_with_random(W->bob, 1, NULL, NULL, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "random");
    refused(cliquet_account_generate_one_time_keys_with_random(W->bob, 2, NULL, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, TOO_SMALL, "random for one key of two");
    refused(cliquet_account_generate_one_time_keys_with_random(W->bob, 1, NULL, r, 33),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED, "random one byte more");
    refused(cliquet_account_generate_one_time_keys_with_random(W->bob, 1, NULL, r, 0),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, ZERO_LENGTH, "random");
    refused(cliquet_account_generate_one_time_keys_with_random(W->bob, 101, NULL, r, 101 * 32),
            CLIQUET_ERR_TOO_MANY_KEYS, fn, OVERSIZED, "101 keys");
    /* count * 32 wraps to 0 here: the bound must come first. */
    refused(cliquet_account_generate_one_time_keys_with_random(W->bob,
                                                               (SIZE_MAX >> 5) + 1, NULL, r, 0),
            CLIQUET_ERR_TOO_MANY_KEYS, fn, OVERSIZED, "a count whose bytes wrap to 0");
    accepted(cliquet_account_generate_one_time_keys_with_random(W->bob, 0, NULL, NULL, 0), fn,
             ZERO_LENGTH, "no keys: nothing changes");

    fn = "cliquet_account_generate_fallback_key_with_random";
    refused(cliquet_account_generate_fallback_key_with_random(NULL, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    random_len_rows(fn, fallback_r, CLIQUET_FALLBACK_KEY_RANDOM_BYTES);

    fn = "cliquet_session_new_outbound_with_random";
    refused(cliquet_session_new_outbound_with_random(NULL, W->alice, W->bob_curve, K,
                                                     W->bob_otk, K, r, 64),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_session_new_outbound_with_random(&s, NULL, W->bob_curve, K,
                                                     W->bob_otk, K, r, 64),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_session_new_outbound_with_random(&s, W->alice, NULL, K, W->bob_otk, K,
                                                     r, 64),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "identity key");
    refused(cliquet_session_new_outbound_with_random(&s, W->alice, W->bob_curve, K, NULL,
                                                     K, r, 64),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "one-time key");
    refused(cliquet_session_new_outbound_with_random(&s, W->alice, W->bob_curve, 0,
                                                     W->bob_otk, K, r, 64),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "identity key");
    memset(low_order, 'A', K);
    refused(cliquet_session_new_outbound_with_random(&s, W->alice, W->bob_curve, K,
                                                     low_order, K, r, 64),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "all-zero one-time key");
    random_len_rows(fn, outbound_r, CLIQUET_OUTBOUND_SESSION_RANDOM_BYTES);
    assert_null(s);

    fn = "cliquet_session_encrypt_needs_random";
    refused(cliquet_session_encrypt_needs_random(NULL, &needed),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_encrypt_needs_random(W->fresh, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "needed");
    ok(cliquet_session_encrypt_needs_random(W->fresh, &needed));
    assert_int_equal(needed, 1);

    fn = "cliquet_session_encrypt_with_random";
    refused(cliquet_session_encrypt_with_random(NULL, &type, out, 512, &len, olm_text, 5,
                                                r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_encrypt_with_random(W->fresh, NULL, out, 512, &len, olm_text,
                                                5, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "type");
    refused(cliquet_session_encrypt_with_random(W->fresh, &type, out, 512, &len, NULL, 5,
                                                r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_session_encrypt_with_random(W->fresh, &type, out, 512, &len, olm_text,
                                                CQ_OLM_MAX_PLAINTEXT_BYTES + 1, r, 32),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "plaintext");
    random_len_rows(fn, encrypt_r, CLIQUET_SESSION_ENCRYPT_RANDOM_BYTES);
    ok(cliquet_session_encrypt_size(W->fresh, 5, &need));
    too_small(fn, encrypt_r_call, need + 1); /* the NUL */
    assert_true(untouched(out, 512));

    fn = "cliquet_outbound_group_session_new_with_random";
    refused(cliquet_outbound_group_session_new_with_random(NULL, r, 160),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    random_len_rows(fn, group_new_r, CLIQUET_OUTBOUND_GROUP_SESSION_RANDOM_BYTES);
    assert_null(g);

    fn = "cliquet_pk_encrypt_legacy_backup_with_random";
    refused(cliquet_pk_encrypt_legacy_backup_with_random(NULL, out, 64, &len, mac, eph,
                                                         pk_text, 6, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "encryption");
    refused(cliquet_pk_encrypt_legacy_backup_with_random(W->pke, out, 64, &len, NULL, eph,
                                                         pk_text, 6, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "mac");
    refused(cliquet_pk_encrypt_legacy_backup_with_random(W->pke, out, 64, &len, mac, NULL,
                                                         pk_text, 6, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ephemeral key");
    refused(cliquet_pk_encrypt_legacy_backup_with_random(W->pke, NULL, 64, &len, mac, eph,
                                                         pk_text, 6, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext");
    refused(cliquet_pk_encrypt_legacy_backup_with_random(W->pke, out, 64, NULL, mac, eph,
                                                         pk_text, 6, r, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext_len");
    /* 22 characters of text: room for them but not the NUL is too small. */
    len = 0;
    refused(cliquet_pk_encrypt_legacy_backup_with_random(W->pke, out, 22, &len, mac, eph,
                                                         pk_text, 6, r, 32),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "22 of 23");
    assert_int_equal(len, 23);
    refused(cliquet_pk_encrypt_legacy_backup_with_random(W->pke_low_order, out, 64, &len,
                                                         mac, eph, pk_text, 6, r, 32),
            CLIQUET_ERR_ZERO_SHARED_SECRET, fn, MALFORMED, "a low-order recipient key");
    random_len_rows(fn, pk_encrypt_r, CLIQUET_PK_ENCRYPT_RANDOM_BYTES);
    assert_true(untouched(out, 512));

    fn = "cliquet_sas_new_with_random";
    refused(cliquet_sas_new_with_random(NULL, r, 32), CLIQUET_ERR_INVALID_ARGUMENT, fn,
            NULL_POINTER, "out");
    random_len_rows(fn, sas_new_r, CLIQUET_SAS_RANDOM_BYTES);
    assert_null(sas);
    assert_null(a);
}

/* ---- libolm compatibility ------------------------------------------------------------ */

static cliquet_status describe_call(void *out, size_t cap, size_t *len)
{
    return cliquet_session_describe(W->a2b, out, cap, len);
}

static void test_libolm_compat(void **state)
{
    const char *fn = "cliquet_session_new_inbound_keep_key";
    cliquet_session *s = NULL;
    char *alice = gcopy(W->alice_curve, K), *carol = gcopy(W->carol_curve, K);
    char *id = gbuf(IDS), *key = gbuf(KS);
    const char *m = W->pre_key_b2;
    size_t n = W->pre_key_b2_len, len = 0;
    uint8_t *pt = gbuf(64), *short_pt = gbuf(5);
    uint32_t key_id = 0;
    int has = 7;
    char text[1024];

    (void)state;
    refused(cliquet_session_new_inbound_keep_key(NULL, W->bob, alice, K, m, n, pt, 64,
                                                 &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_session_new_inbound_keep_key(&s, NULL, alice, K, m, n, pt, 64, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, NULL, K, m, n, pt, 64, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "identity key");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, NULL, n, pt, 64,
                                                 &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, m, n, NULL, 64,
                                                 &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, m, n, pt, 64, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, m, 0, pt, 64, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, m, n, short_pt, 5,
                                                 &len),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "one byte short");
    assert_int_equal(len, 6);
    assert_true(untouched(short_pt, 5));
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, m, HUGE_LEN, pt, 64,
                                                 &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, carol, K, m, n, pt, 64, &len),
            CLIQUET_ERR_WRONG_SESSION, fn, WRONG_KIND, "another sender's key");
    refused(cliquet_session_new_inbound_keep_key(&s, W->bob, NULL, 0, W->pre_key_c,
                                                 W->pre_key_c_len, pt, 64, &len),
            CLIQUET_ERR_BAD_MESSAGE_KEY_ID, fn, WRONG_KIND,
            "a pre-key message for another account");
    assert_null(s);
    /* Success leaves the account as it was: that is the point of it. */
    accepted(cliquet_session_new_inbound_keep_key(&s, W->bob, alice, K, m, n, pt, 64,
                                                  &len),
             fn, WRONG_KIND, "success keeps the one-time key");
    cliquet_session_free(s);

    fn = "cliquet_account_remove_one_time_key";
    refused(cliquet_account_remove_one_time_key(NULL, W->fresh, &key_id),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_remove_one_time_key(W->bob, NULL, &key_id),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_account_remove_one_time_key(W->bob, W->fresh, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key_id");
    refused(cliquet_account_remove_one_time_key(W->bob, W->a2b, &key_id),
            CLIQUET_ERR_BAD_MESSAGE_KEY_ID, fn, WRONG_KIND, "an outbound session");
    refused(cliquet_account_remove_one_time_key(W->bob, W->c2a, &key_id),
            CLIQUET_ERR_BAD_MESSAGE_KEY_ID, fn, WRONG_KIND, "another account's session");
    refused(cliquet_account_remove_one_time_key(W->carol, W->fresh, &key_id),
            CLIQUET_ERR_BAD_MESSAGE_KEY_ID, fn, WRONG_KIND, "a session of another account");
    refused(cliquet_account_remove_one_time_key(W->bob, W->b2a, &key_id),
            CLIQUET_ERR_BAD_MESSAGE_KEY_ID, fn, WRONG_KIND, "a key already removed");
    assert_int_equal(key_id, 0);

    fn = "cliquet_account_current_fallback_key";
    refused(cliquet_account_current_fallback_key(NULL, &has, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_current_fallback_key(W->bob, NULL, id, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "has_key");
    refused(cliquet_account_current_fallback_key(W->bob, &has, NULL, key),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key_id");
    refused(cliquet_account_current_fallback_key(W->bob, &has, id, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    assert_int_equal(has, 7);
    accepted(cliquet_account_current_fallback_key(W->alice, &has, id, key), fn,
             ZERO_LENGTH, "an account without one");
    assert_int_equal(has, 0);
    assert_true(untouched(id, IDS) && untouched(key, KS));

    fn = "cliquet_session_describe";
    refused(cliquet_session_describe(NULL, text, sizeof text, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    ok(cliquet_session_describe(W->a2b, text, sizeof text, &len));
    assert_int_equal(strlen(text), len);
    too_small(fn, describe_call, len + 1); /* the NUL */

    fn = "cliquet_olm_message_ciphertext_len";
    m = W->normal_a2b;
    n = W->normal_a2b_len;
    len = 0;
    refused(cliquet_olm_message_ciphertext_len(1, NULL, n, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_olm_message_ciphertext_len(1, m, n, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext_len");
    refused(cliquet_olm_message_ciphertext_len(2, m, n, &len),
            CLIQUET_ERR_BAD_MESSAGE_TYPE, fn, MALFORMED, "type 2");
    refused(cliquet_olm_message_ciphertext_len(1, m, 0, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_olm_message_ciphertext_len(1, m, HUGE_LEN, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_olm_message_ciphertext_len(1, bad_char(m, n), n, &len),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    refused(cliquet_olm_message_ciphertext_len(0, m, n, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "normal message as pre-key");
    refused(cliquet_olm_message_ciphertext_len(1, W->group_msg, W->group_msg_len, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a Megolm message");
    assert_int_equal(len, 0);
    accepted(cliquet_olm_message_ciphertext_len(0, W->pre_key_b2, W->pre_key_b2_len,
                                                &len),
             fn, WRONG_KIND, "a pre-key message");
    assert_int_equal(len, 16);

    fn = "cliquet_libolm_pickle_empty";
    {
        char empty_text[512];
        int empty = 7;

        refused(cliquet_libolm_pickle_empty(CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION, empty_text,
                                            sizeof empty_text, NULL, (const uint8_t *)"k", 1),
                CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out_len");
        refused(cliquet_libolm_pickle_empty(CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION, empty_text,
                                            sizeof empty_text, &len, NULL, 1),
                CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
        refused(cliquet_libolm_pickle_empty((cliquet_libolm_object)9, empty_text,
                                            sizeof empty_text, &len, (const uint8_t *)"k", 1),
                CLIQUET_ERR_INVALID_ARGUMENT, fn, WRONG_KIND, "kind 9");
        refused(cliquet_libolm_pickle_empty(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION, empty_text, 8,
                                            &len, (const uint8_t *)"k", 1),
                CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "8 characters");
        ok(cliquet_libolm_pickle_empty(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION, empty_text,
                                       sizeof empty_text, &len, (const uint8_t *)"k", 1));
        assert_int_equal(strlen(empty_text), len);

        fn = "cliquet_libolm_pickle_is_empty";
        refused(cliquet_libolm_pickle_is_empty(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION,
                                               (const uint8_t *)"k", 1, empty_text, len, NULL),
                CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "empty");
        refused(cliquet_libolm_pickle_is_empty(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION,
                                               (const uint8_t *)"x", 1, empty_text, len, &empty),
                CLIQUET_ERR_PICKLE_BAD_KEY, fn, WRONG_KIND, "another key");
        refused(cliquet_libolm_pickle_is_empty(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION,
                                               (const uint8_t *)"k", 1, empty_text, HUGE_LEN,
                                               &empty),
                CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "pickle");
        refused(cliquet_libolm_pickle_is_empty((cliquet_libolm_object)0,
                                               (const uint8_t *)"k", 1, empty_text, len, &empty),
                CLIQUET_ERR_INVALID_ARGUMENT, fn, WRONG_KIND, "kind 0");
        assert_int_equal(empty, 7);
        accepted(cliquet_libolm_pickle_is_empty(CLIQUET_LIBOLM_INBOUND_GROUP_SESSION,
                                                (const uint8_t *)"k", 1, empty_text, len,
                                                &empty),
                 fn, WRONG_KIND, "the empty inbound pickle");
        assert_int_equal(empty, 1);
        /* The outbound layout is another length: not empty of that kind. */
        accepted(cliquet_libolm_pickle_is_empty(CLIQUET_LIBOLM_OUTBOUND_GROUP_SESSION,
                                                (const uint8_t *)"k", 1, empty_text, len,
                                                &empty),
                 fn, WRONG_KIND, "an inbound empty pickle as outbound");
        assert_int_equal(empty, 0);
    }

    fn = "cliquet_megolm_message_ciphertext_len";
    m = W->group_msg;
    n = W->group_msg_len;
    len = 0;
    refused(cliquet_megolm_message_ciphertext_len(NULL, n, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_megolm_message_ciphertext_len(m, n, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext_len");
    refused(cliquet_megolm_message_ciphertext_len(m, 0, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_megolm_message_ciphertext_len(m, HUGE_LEN, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_megolm_message_ciphertext_len(m, n - 4, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "truncated");
    refused(cliquet_megolm_message_ciphertext_len(bad_char(m, n), n, &len),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "not base64");
    refused(cliquet_megolm_message_ciphertext_len(W->normal_a2b, W->normal_a2b_len, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "an Olm message");
    assert_int_equal(len, 0);
    /* Parsed only: a message of another session (its signature would not
     * verify here) still gives its length. */
    accepted(cliquet_megolm_message_ciphertext_len(W->other_group_msg,
                                                   W->other_group_msg_len, &len),
             fn, WRONG_KIND, "another session's message");
    assert_int_equal(len, 16);
}

/* ---- Olm and Megolm messages as bytes (cliquet_libolm.h, since 1.2) -------------- */

/* A guarded copy of a base64 message's bytes, *n of them. */
static uint8_t *message_bytes(const char *text, size_t text_len, size_t *n)
{
    uint8_t raw[16384];

    ok(cq_base64_decode(raw, sizeof raw, n, text, text_len));
    return gcopy(raw, *n);
}

static cliquet_status group_decrypt_bytes_call(void *out, size_t cap, size_t *len)
{
    uint8_t raw[1024];
    size_t n = 0;

    ok(cq_base64_decode(raw, sizeof raw, &n, W->group_msg, W->group_msg_len));
    return cliquet_inbound_group_session_decrypt_bytes(W->ig, raw, n, out, cap, len, NULL);
}

static cliquet_status olm_decrypt_bytes_call(void *out, size_t cap, size_t *len)
{
    uint8_t raw[1024];
    size_t n = 0;

    ok(cq_base64_decode(raw, sizeof raw, &n, W->normal_a2b, W->normal_a2b_len));
    return cliquet_session_decrypt_bytes(W->b2a, CLIQUET_OLM_MESSAGE_NORMAL, raw, n, out,
                                         cap, len, NULL);
}

static void test_olm_bytes(void **state)
{
    const char *fn;
    const int normal = CLIQUET_OLM_MESSAGE_NORMAL, pre_key = CLIQUET_OLM_MESSAGE_PRE_KEY;
    size_t n = 0, pk_n = 0, c_n = 0, group_n = 0, len = 0;
    uint8_t *m = message_bytes(W->normal_a2b, W->normal_a2b_len, &n);
    uint8_t *pk = message_bytes(W->pre_key_b2, W->pre_key_b2_len, &pk_n);
    uint8_t *c2a = message_bytes(W->normal_c2a, W->normal_c2a_len, &c_n);
    uint8_t *group = message_bytes(W->group_msg, W->group_msg_len, &group_n);
    uint8_t *pt = gbuf(64);
    const size_t max = ((size_t)1 << 31) / 4 * 3;
    cliquet_olm_decrypt_info info;

    (void)state;
    fn = "cliquet_olm_message_ciphertext_len_bytes";
    refused(cliquet_olm_message_ciphertext_len_bytes(normal, NULL, n, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_olm_message_ciphertext_len_bytes(normal, m, n, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext_len");
    refused(cliquet_olm_message_ciphertext_len_bytes(2, m, n, &len),
            CLIQUET_ERR_BAD_MESSAGE_TYPE, fn, MALFORMED, "type 2");
    refused(cliquet_olm_message_ciphertext_len_bytes(normal, m, 0, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_olm_message_ciphertext_len_bytes(normal, m, max + 1, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "the bytes of 2^31 characters + 1");
    refused(cliquet_olm_message_ciphertext_len_bytes(normal, m, HUGE_LEN, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_olm_message_ciphertext_len_bytes(pre_key, m, n, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "normal message as pre-key");
    refused(cliquet_olm_message_ciphertext_len_bytes(normal, group, group_n, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a Megolm message");
    assert_int_equal(len, 0);
    accepted(cliquet_olm_message_ciphertext_len_bytes(pre_key, pk, pk_n, &len), fn,
             WRONG_KIND, "a pre-key message");
    assert_int_equal(len, 16);

    fn = "cliquet_session_decrypt_bytes";
    refused(cliquet_session_decrypt_bytes(NULL, normal, m, n, pt, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, NULL, n, pt, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, m, n, pt, 64, NULL, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext_len");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, m, n, NULL, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "plaintext");
    too_small(fn, olm_decrypt_bytes_call, 6); /* "normal" */
    refused(cliquet_session_decrypt_bytes(W->b2a, 2, m, n, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_TYPE, fn, MALFORMED, "type 2");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, m, 0, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, m, max + 1, pt, 64, &len, &info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "the bytes of 2^31 characters + 1");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, m, HUGE_LEN, pt, 64, &len, &info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, m, n - 1, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "last byte cut");
    refused(cliquet_session_decrypt_bytes(W->b2a, pre_key, pk, pk_n, pt, 64, &len, &info),
            CLIQUET_ERR_WRONG_SESSION, fn, WRONG_KIND, "another session's pre-key message");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, c2a, c_n, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_MAC, fn, WRONG_KIND, "another session's message");
    refused(cliquet_session_decrypt_bytes(W->b2a, normal, group, group_n, pt, 64, &len,
                                          &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "a Megolm message");
    assert_true(no_partial(pt, 64));
}

static void test_megolm_bytes(void **state)
{
    const char *fn;
    size_t n = 0, other_n = 0, olm_n = 0, len = 0;
    uint8_t *m = message_bytes(W->group_msg, W->group_msg_len, &n);
    uint8_t *other = message_bytes(W->other_group_msg, W->other_group_msg_len, &other_n);
    uint8_t *olm = message_bytes(W->normal_a2b, W->normal_a2b_len, &olm_n);
    uint8_t *pt = gbuf(64);
    /* The bytes of 2^31 characters, and one more: the largest message and
     * the first one refused. */
    const size_t max = ((size_t)1 << 31) / 4 * 3;
    cliquet_megolm_decrypt_info info;

    (void)state;
    fn = "cliquet_megolm_message_ciphertext_len_bytes";
    refused(cliquet_megolm_message_ciphertext_len_bytes(NULL, n, &len),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    refused(cliquet_megolm_message_ciphertext_len_bytes(m, n, NULL),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext_len");
    refused(cliquet_megolm_message_ciphertext_len_bytes(m, 0, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_megolm_message_ciphertext_len_bytes(NULL, 0, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "NULL, 0");
    refused(cliquet_megolm_message_ciphertext_len_bytes(m, max + 1, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "the bytes of 2^31 characters + 1");
    refused(cliquet_megolm_message_ciphertext_len_bytes(m, HUGE_LEN, &len),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message");
    refused(cliquet_megolm_message_ciphertext_len_bytes(m, n - 3, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "truncated");
    refused(cliquet_megolm_message_ciphertext_len_bytes(olm, olm_n, &len),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "an Olm message");
    assert_int_equal(len, 0);
    accepted(cliquet_megolm_message_ciphertext_len_bytes(other, other_n, &len), fn,
             WRONG_KIND, "another session's message (parsed only)");
    assert_int_equal(len, 16);

    fn = "cliquet_inbound_group_session_decrypt_bytes";
    refused(cliquet_inbound_group_session_decrypt_bytes(NULL, m, n, pt, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "session");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, NULL, n, pt, 64, &len, &info),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "message");
    too_small(fn, group_decrypt_bytes_call, 16);
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, m, 0, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, ZERO_LENGTH, "message");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, m, max + 1, pt, 64, &len,
                                                        &info),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "the bytes of 2^31 characters + 1");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, m, SIZE_MAX, NULL, 0, &len,
                                                        NULL),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "message of SIZE_MAX, NULL, 0");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, m, n - 1, pt, 64, &len, &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, MALFORMED, "last byte cut");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, other, other_n, pt, 64, &len,
                                                        &info),
            CLIQUET_ERR_BAD_SIGNATURE, fn, WRONG_KIND, "another session's message");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig_imported, m, n, pt, 64, &len,
                                                        &info),
            CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX, fn, WRONG_KIND,
            "a message before the first known index");
    refused(cliquet_inbound_group_session_decrypt_bytes(W->ig, olm, olm_n, pt, 64, &len,
                                                        &info),
            CLIQUET_ERR_BAD_MESSAGE_FORMAT, fn, WRONG_KIND, "an Olm message");
    assert_true(no_partial(pt, 64));
}

/* ---- every function has rows -------------------------------------------------------- */

/* ---- 1.2: ECIES info prefix, dehydrated devices (issue 21, wt-dehydr) ---------------- */

#define NS_DD CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE

/* The dehydrated device calls: W->bob dehydrated under W->pickle_key. */
static void dehydrated_rows(void)
{
    const char *fn;
    cliquet_account *made = NULL;
    const uint8_t *key = W->pickle_key;
    char *ct = gbuf(8192), *nonce = gbuf(NS_DD), *small = gbuf(8), *bad;
    uint8_t *random = gbuf(CLIQUET_DEHYDRATED_DEVICE_RANDOM_BYTES);
    size_t len = 0, ct_len = 0;

    ok(cliquet_account_to_dehydrated_device(W->bob, ct, 8192, &ct_len, nonce, key, 32));
    fn = "cliquet_account_to_dehydrated_device";
    refused(cliquet_account_to_dehydrated_device(NULL, ct, 8192, &len, nonce, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_to_dehydrated_device(W->bob, NULL, 8192, &len, nonce, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext");
    refused(cliquet_account_to_dehydrated_device(W->bob, ct, 8192, NULL, nonce, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext_len");
    refused(cliquet_account_to_dehydrated_device(W->bob, ct, 8192, &len, NULL, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "nonce");
    refused(cliquet_account_to_dehydrated_device(W->bob, ct, 8192, &len, nonce, NULL, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    refused(cliquet_account_to_dehydrated_device(W->bob, ct, 8192, &len, nonce, key, 0),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "key");
    refused(cliquet_account_to_dehydrated_device(W->bob, ct, 8192, &len, nonce, key, HUGE_LEN),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "key");
    refused(cliquet_account_to_dehydrated_device(W->bob, small, 8, &len, nonce, key, 32),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "ciphertext");
    assert_int_equal(len, ct_len + 1);
    refused(cliquet_account_to_dehydrated_device(W->bob, NULL, 0, &len, nonce, key, 32),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, ZERO_LENGTH, "size query");

    fn = "cliquet_account_to_dehydrated_device_with_random";
    refused(cliquet_account_to_dehydrated_device_with_random(NULL, ct, 8192, &len, nonce, key,
                                                             32, random, 12),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "account");
    refused(cliquet_account_to_dehydrated_device_with_random(W->bob, ct, 8192, &len, nonce,
                                                             key, 32, NULL, 12),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "random");
    refused(cliquet_account_to_dehydrated_device_with_random(W->bob, ct, 8192, &len, nonce,
                                                             key, 32, random, 0),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, ZERO_LENGTH, "random");
    refused(cliquet_account_to_dehydrated_device_with_random(W->bob, ct, 8192, &len, nonce,
                                                             key, 32, random, HUGE_LEN),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED, "random");
    refused(cliquet_account_to_dehydrated_device_with_random(W->bob, small, 8, &len, nonce,
                                                             key, 32, random, 12),
            CLIQUET_ERR_OUTPUT_TOO_SMALL, fn, TOO_SMALL, "ciphertext");

    fn = "cliquet_account_from_dehydrated_device";
    ct = gcopy(ct, ct_len);
    nonce = gcopy(nonce, NS_DD - 1);
    refused(cliquet_account_from_dehydrated_device(NULL, ct, ct_len, nonce, 16, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_account_from_dehydrated_device(&made, NULL, ct_len, nonce, 16, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "ciphertext");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, NULL, 16, key, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "nonce");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, nonce, 16, NULL, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "key");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, nonce, 16, key, 0),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, ZERO_LENGTH, "key");
    refused(cliquet_account_from_dehydrated_device(&made, ct, 0, nonce, 16, key, 32),
            CLIQUET_ERR_PICKLE_CORRUPTED, fn, ZERO_LENGTH, "ciphertext");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, nonce, 0, key, 32),
            CLIQUET_ERR_BAD_NONCE_LENGTH, fn, ZERO_LENGTH, "nonce");
    refused(cliquet_account_from_dehydrated_device(&made, ct, HUGE_LEN, nonce, 16, key, 32),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "ciphertext");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, nonce, HUGE_LEN, key, 32),
            CLIQUET_ERR_BAD_NONCE_LENGTH, fn, OVERSIZED, "nonce");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, nonce, 16, key, HUGE_LEN),
            CLIQUET_ERR_BAD_KEY_LENGTH, fn, OVERSIZED, "key");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, nonce, 16,
                                                   W->other_pickle_key, 32),
            CLIQUET_ERR_PICKLE_BAD_KEY, fn, WRONG_KIND, "another key");
    bad = gcopy("!!!!", 4);
    refused(cliquet_account_from_dehydrated_device(&made, bad, 4, nonce, 16, key, 32),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "ciphertext");
    refused(cliquet_account_from_dehydrated_device(&made, ct, ct_len, bad, 4, key, 32),
            CLIQUET_ERR_BAD_BASE64, fn, MALFORMED, "nonce");
    assert_null(made);
}

static void test_dehydr_rows(void **state)
{
    const char *fn;
    cliquet_ecies_channel *c = NULL;
    char *info = gcopy("ORG_EXAMPLE", 11);
    uint8_t *random = gbuf(CLIQUET_ECIES_CHANNEL_RANDOM_BYTES);

    (void)state;
    fn = "cliquet_ecies_channel_new_with_info";
    refused(cliquet_ecies_channel_new_with_info(NULL, info, 11), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "out");
    refused(cliquet_ecies_channel_new_with_info(&c, NULL, 11), CLIQUET_ERR_INVALID_ARGUMENT,
            fn, NULL_POINTER, "info");
    refused(cliquet_ecies_channel_new_with_info(&c, info, HUGE_LEN),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "info");
    assert_null(c);
    accepted(cliquet_ecies_channel_new_with_info(&c, NULL, 0), fn, ZERO_LENGTH,
             "empty info prefix");
    cliquet_ecies_channel_free(c);
    c = NULL;

    fn = "cliquet_ecies_channel_new_with_info_and_random";
    refused(cliquet_ecies_channel_new_with_info_and_random(NULL, info, 11, random, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "out");
    refused(cliquet_ecies_channel_new_with_info_and_random(&c, NULL, 11, random, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "info");
    refused(cliquet_ecies_channel_new_with_info_and_random(&c, info, 11, NULL, 32),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, NULL_POINTER, "random");
    refused(cliquet_ecies_channel_new_with_info_and_random(&c, info, 11, random, 0),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, ZERO_LENGTH, "random");
    refused(cliquet_ecies_channel_new_with_info_and_random(&c, info, 11, random, HUGE_LEN),
            CLIQUET_ERR_INVALID_ARGUMENT, fn, OVERSIZED, "random");
    refused(cliquet_ecies_channel_new_with_info_and_random(&c, info, HUGE_LEN, random, 32),
            CLIQUET_ERR_INPUT_TOO_LARGE, fn, OVERSIZED, "info");
    assert_null(c);
    accepted(cliquet_ecies_channel_new_with_info_and_random(&c, NULL, 0, random, 32), fn,
             ZERO_LENGTH, "empty info prefix");
    cliquet_ecies_channel_free(c);
    dehydrated_rows();
}

/* The names of the functions in a public header that return a status,
 * appended to names[count..max). */
static size_t header_functions(const char *path, char names[][64], size_t count,
                               size_t max)
{
    static char text[256 * 1024];
    FILE *f = fopen(path, "r");
    size_t len;
    char *p = text;
    char name[64];

    assert_non_null(f);
    len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof text - 1);
    text[len] = '\0';
    /* "CLIQUET_API <return type...> cliquet_name(": the return type is
     * whatever lies between the macro and the name. */
    while ((p = strstr(p, "\nCLIQUET_API ")) != NULL) {
        char *paren = strchr(p, '(');
        char *start = paren;
        size_t n;

        assert_non_null(paren);
        while (start > p && (start[-1] == '_' || (start[-1] >= 'a' && start[-1] <= 'z') ||
                             (start[-1] >= '0' && start[-1] <= '9'))) {
            start--;
        }
        n = (size_t)(paren - start);
        assert_true(n > 0 && n < 64);
        memcpy(name, start, n);
        name[n] = '\0';
        *start = '\0'; /* the return type alone */
        if (strstr(p, "cliquet_status") != NULL) {
            assert_true(count < max);
            memcpy(names[count], name, n + 1);
            count++;
        }
        p = paren;
    }
    return count;
}

static void test_every_function_has_rows(void **state)
{
    static const char *const headers[] = {
        "include/cliquet.h", "include/cliquet_random.h", "include/cliquet_libolm.h",
    };
    static char names[MAX_FUNCTIONS][64];
    size_t n = 0, before;
    unsigned long total = 0;
    int missing = 0;

    (void)state;
    for (size_t h = 0; h < sizeof headers / sizeof headers[0]; h++) {
        before = n;
        n = header_functions(headers[h], names, n, MAX_FUNCTIONS);
        assert_true(n > before); /* every header declares some */
    }
    /* Every function with rows is one of a header's: no stale rows for a
     * function the ABI no longer has. */
    for (size_t j = 0; j < n_covered; j++) {
        size_t i;

        for (i = 0; i < n && strcmp(covered[j], names[i]) != 0; i++) {
        }
        if (i == n) {
            print_error("rows for %s, which no public header declares\n", covered[j]);
            missing++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t j;

        for (j = 0; j < n_covered && strcmp(covered[j], names[i]) != 0; j++) {
        }
        if (j == n_covered) {
            print_error("no bad-input rows for %s\n", names[i]);
            missing++;
        }
    }
    for (int k = 0; k < KINDS; k++) {
        total += checked[k];
    }
    printf("bad-input matrix: %lu calls over %zu of %zu status-returning functions "
           "(null %lu, zero-length %lu, too-small %lu, oversized %lu, wrong-kind %lu, "
           "malformed %lu); every object's state compared after each: %lu\n",
           total, n_covered, n, checked[NULL_POINTER], checked[ZERO_LENGTH],
           checked[TOO_SMALL], checked[OVERSIZED], checked[WRONG_KIND],
           checked[MALFORMED], state_compares);
    assert_int_equal(missing, 0);
    assert_true(n > 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_library_utility, end_test),
        cmocka_unit_test_teardown(test_base64, end_test),
        cmocka_unit_test_teardown(test_account, end_test),
        cmocka_unit_test_teardown(test_session_outbound, end_test),
        cmocka_unit_test_teardown(test_session_inbound, end_test),
        cmocka_unit_test_teardown(test_session_queries, end_test),
        cmocka_unit_test_teardown(test_session_encrypt, end_test),
        cmocka_unit_test_teardown(test_session_decrypt, end_test),
        cmocka_unit_test_teardown(test_outbound_group, end_test),
        cmocka_unit_test_teardown(test_inbound_group_new, end_test),
        cmocka_unit_test_teardown(test_inbound_group, end_test),
        cmocka_unit_test_teardown(test_inbound_group_merge, end_test),
        cmocka_unit_test_teardown(test_inbound_group_replay, end_test),
        cmocka_unit_test_teardown(test_session_config, end_test),
        cmocka_unit_test_teardown(test_pk_encryption, end_test),
        cmocka_unit_test_teardown(test_pk_decryption, end_test),
        cmocka_unit_test_teardown(test_pk_signing, end_test),
        cmocka_unit_test_teardown(test_sas, end_test),
        cmocka_unit_test_teardown(test_ecies, end_test),
        cmocka_unit_test_teardown(test_pickles, end_test),
        cmocka_unit_test_teardown(test_explicit_random, end_test),
        cmocka_unit_test_teardown(test_libolm_compat, end_test),
        cmocka_unit_test_teardown(test_dehydr_rows, end_test),
        cmocka_unit_test_teardown(test_olm_bytes, end_test),
        cmocka_unit_test_teardown(test_megolm_bytes, end_test),
        cmocka_unit_test(test_every_function_has_rows),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
