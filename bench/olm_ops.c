/*
 * bench: Olm operations (accounts, one-time keys, session setup, ratchet
 * steps, streams) for cliquet, libolm and the floor.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <sodium.h>

#include "bench.h"
#include "crypto/crypto.h"

#define MSG_CAP 8192   /* base64 of an Olm message of up to 4 KiB */
#define PT_CAP 4608
#define KEYS_PER_ACCOUNT 100

/* ---- libolm helpers ---------------------------------------------------- */

static OlmAccount *olm_new_account(void)
{
    OlmAccount *a = olm_account(xmalloc(olm_account_size()));
    size_t rn = olm_create_account_random_length(a);
    uint8_t *r = xmalloc(rn);

    fill_random(r, rn);
    check_olm(olm_create_account(a, r, rn), "olm_create_account");
    free(r);
    return a;
}

static void olm_free_account(OlmAccount *a)
{
    if (a != NULL) {
        olm_clear_account(a);
        free(a);
    }
}

static void olm_free_session(OlmSession *s)
{
    if (s != NULL) {
        olm_clear_session(s);
        free(s);
    }
}

/* The 43 characters after "<name>":" in a JSON text. */
static void json_key(char out[44], const char *json, size_t len,
                     const char *name)
{
    size_t nl = strlen(name);
    size_t i;

    for (i = 0; i + nl + 3 + 43 <= len; i++) {
        if (json[i] == '"' && memcmp(json + i + 1, name, nl) == 0 &&
            memcmp(json + i + 1 + nl, "\":\"", 3) == 0) {
            memcpy(out, json + i + 1 + nl + 3, 43);
            return;
        }
    }
    die("json_key: not found");
}

static void olm_identity_curve(OlmAccount *a, char out[44])
{
    char buf[256];
    size_t n = olm_account_identity_keys(a, buf, sizeof buf);

    check_olm(n, "olm_account_identity_keys");
    json_key(out, buf, n, "curve25519");
}

/* count new one-time keys; their public keys, base64, into keys[count][44]. */
static void olm_new_one_time_keys(OlmAccount *a, size_t count, char (*keys)[44])
{
    size_t rn = olm_account_generate_one_time_keys_random_length(a, count);
    uint8_t *r = xmalloc(rn);
    size_t jl = olm_account_one_time_keys_length(a);
    char *json;
    size_t n;
    size_t i;
    size_t k = 0;

    fill_random(r, rn);
    check_olm(olm_account_generate_one_time_keys(a, count, r, rn),
              "olm_account_generate_one_time_keys");
    free(r);
    jl = olm_account_one_time_keys_length(a);
    json = xmalloc(jl);
    n = olm_account_one_time_keys(a, json, jl);
    check_olm(n, "olm_account_one_time_keys");
    /* {"curve25519":{"AAAAAQ":"<43>",...}}: every value is 43 characters. */
    for (i = 0; i + 46 <= n && k < count; i++) {
        if (json[i] == ':' && json[i + 1] == '"' && json[i + 45] == '"') {
            memcpy(keys[k++], json + i + 2, 43);
        }
    }
    if (k != count) {
        die("one-time keys json");
    }
    free(json);
    check_olm(olm_account_mark_keys_as_published(a), "mark published");
}

static size_t olm_encrypt_b64(OlmSession *s, char *out, size_t *type,
                              const uint8_t *pt, size_t n)
{
    uint8_t random[64];
    size_t rn = olm_encrypt_random_length(s);
    size_t len;

    if (rn > 0) {
        fill_random(random, rn);
    }
    *type = olm_encrypt_message_type(s);
    len = olm_encrypt(s, pt, n, random, rn, out, olm_encrypt_message_length(s, n));
    check_olm(len, "olm_encrypt");
    return len;
}

static size_t olm_decrypt_b64(OlmSession *s, size_t type, char *scratch,
                              const char *msg, size_t len, uint8_t *pt)
{
    size_t n;

    /* olm_decrypt overwrites its input: a caller keeps a copy. */
    memcpy(scratch, msg, len);
    n = olm_decrypt(s, type, scratch, len, pt, PT_CAP);
    check_olm(n, "olm_decrypt");
    return n;
}

/* ---- cliquet helpers --------------------------------------------------- */

static void cq_one_time_keys(cliquet_account *a, size_t count, char (*keys)[44])
{
    size_t i;
    char id[CLIQUET_KEY_ID_BASE64_SIZE];

    check_cq(cliquet_account_generate_one_time_keys(a, count, NULL), "generate otk");
    for (i = 0; i < count; i++) {
        check_cq(cliquet_account_one_time_key(a, i, id, keys[i]), "otk");
    }
    check_cq(cliquet_account_mark_keys_as_published(a), "mark published");
}

static void cq_identity_curve(const cliquet_account *a, char out[44])
{
    char ed[44];

    check_cq(cliquet_account_identity_keys(a, out, ed), "identity keys");
}

/* A pre-key message (base64) from a cliquet account to a device. */
static size_t cq_pre_key_message(const cliquet_account *from,
                                 const char their_id[44], const char their_otk[44],
                                 char *out, size_t len_pt)
{
    cliquet_session *s;
    uint8_t pt[PT_CAP];
    size_t len;
    int type;

    fill_plaintext(pt, len_pt);
    check_cq(cliquet_session_new_outbound(&s, from, their_id, 43, their_otk, 43),
             "outbound");
    check_cq(cliquet_session_encrypt(s, &type, out, MSG_CAP, &len, pt, len_pt),
             "encrypt");
    cliquet_session_free(s);
    return len;
}

/* ---- account creation --------------------------------------------------- */

typedef struct {
    size_t n;
    void **objs;
} objs_ctx;

static void *objs_setup(size_t n)
{
    objs_ctx *c = xcalloc(1, sizeof *c);

    c->n = n;
    c->objs = xcalloc(n, sizeof *c->objs);
    return c;
}

static void cq_account_run(void *ctx, size_t n)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_account_new((cliquet_account **)&c->objs[i]), "account");
    }
}

static void cq_account_free_all(void *ctx)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        cliquet_account_free(c->objs[i]);
    }
    free(c->objs);
    free(c);
}

static void olm_account_run(void *ctx, size_t n)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        OlmAccount *a = olm_account(xmalloc(olm_account_size()));
        uint8_t r[64];
        size_t rn = olm_create_account_random_length(a);

        fill_random(r, rn);
        check_olm(olm_create_account(a, r, rn), "olm_create_account");
        c->objs[i] = a;
    }
}

static void olm_account_free_all(void *ctx)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        olm_free_account(c->objs[i]);
    }
    free(c->objs);
    free(c);
}

/* The floor's account: identity keys and the one-time keys. */
typedef struct fl_account {
    uint8_t ed_pk[32];
    uint8_t ed_sk[64];
    uint8_t curve_pub[32];
    uint8_t curve_priv[32];
    uint32_t num_keys;
    uint32_t next_id;
    uint8_t published[KEYS_PER_ACCOUNT];
    uint32_t ids[KEYS_PER_ACCOUNT];
    uint8_t otk_pub[KEYS_PER_ACCOUNT][32];
    uint8_t otk_priv[KEYS_PER_ACCOUNT][32];
} fl_account;

static void *fl_accounts_setup(size_t n)
{
    objs_ctx *c = objs_setup(n);
    size_t i;

    for (i = 0; i < n; i++) {
        c->objs[i] = xcalloc(1, sizeof(fl_account));
    }
    return c;
}

static void fl_account_init(fl_account *a)
{
    uint8_t r[64];

    randombytes_buf(r, 64);
    crypto_sign_seed_keypair(a->ed_pk, a->ed_sk, r);
    memcpy(a->curve_priv, r + 32, 32);
    crypto_scalarmult_base(a->curve_pub, a->curve_priv);
}

static void fl_account_run(void *ctx, size_t n)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        fl_account_init(c->objs[i]);
    }
}

static void fl_accounts_free(void *ctx)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        free(c->objs[i]);
    }
    free(c->objs);
    free(c);
}

/* ---- 100 one-time keys (generate, the JSON to upload, mark published) --- */

static char otk_json[KEYS_PER_ACCOUNT * 64 + 64];

static void *cq_otk_setup(size_t n)
{
    objs_ctx *c = objs_setup(n);

    cq_account_run(c, n);
    return c;
}

static void cq_otk_run(void *ctx, size_t n)
{
    objs_ctx *c = ctx;
    size_t i;
    size_t len;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_account_generate_one_time_keys(c->objs[i], 100, NULL), "otk");
        check_cq(cliquet_account_one_time_keys_json(c->objs[i], otk_json,
                                                    sizeof otk_json, &len),
                 "otk json");
        check_cq(cliquet_account_mark_keys_as_published(c->objs[i]), "publish");
    }
}

static void *olm_otk_setup(size_t n)
{
    objs_ctx *c = objs_setup(n);

    olm_account_run(c, n);
    return c;
}

static void olm_otk_run(void *ctx, size_t n)
{
    objs_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        OlmAccount *a = c->objs[i];
        size_t rn = olm_account_generate_one_time_keys_random_length(a, 100);
        uint8_t r[100 * 32];

        fill_random(r, rn);
        check_olm(olm_account_generate_one_time_keys(a, 100, r, rn), "otk");
        check_olm(olm_account_one_time_keys(a, otk_json, sizeof otk_json),
                  "otk json");
        check_olm(olm_account_mark_keys_as_published(a), "publish");
    }
}

static void *fl_otk_setup(size_t n)
{
    objs_ctx *c = fl_accounts_setup(n);

    fl_account_run(c, n);
    return c;
}

static void fl_generate_keys(fl_account *a, size_t count)
{
    uint8_t r[KEYS_PER_ACCOUNT * 32];
    size_t k;

    randombytes_buf(r, 32 * count);
    for (k = 0; k < count; k++) {
        memcpy(a->otk_priv[k], r + 32 * k, 32);
        crypto_scalarmult_base(a->otk_pub[k], a->otk_priv[k]);
        a->ids[k] = ++a->next_id;
        a->published[k] = 0;
    }
    a->num_keys = (uint32_t)count;
}

static void fl_otk_run(void *ctx, size_t n)
{
    objs_ctx *c = ctx;
    size_t i;
    size_t k;

    for (i = 0; i < n; i++) {
        fl_account *a = c->objs[i];
        size_t pos = 0;

        fl_generate_keys(a, 100);
        memcpy(otk_json, "{\"curve25519\":{", 15);
        pos = 15;
        for (k = 0; k < 100; k++) {
            uint8_t id[4] = { (uint8_t)(a->ids[k] >> 24), (uint8_t)(a->ids[k] >> 16),
                              (uint8_t)(a->ids[k] >> 8), (uint8_t)a->ids[k] };

            otk_json[pos++] = k == 0 ? '"' : ',';
            if (k != 0) {
                otk_json[pos++] = '"';
            }
            pos += fl_b64_encode(otk_json + pos, id, 4);
            memcpy(otk_json + pos, "\":\"", 3);
            pos += 3;
            pos += fl_b64_encode(otk_json + pos, a->otk_pub[k], 32);
            otk_json[pos++] = '"';
        }
        memcpy(otk_json + pos, "}}", 2);
        for (k = 0; k < 100; k++) {
            a->published[k] = 1;
        }
    }
}

/* ---- outbound session --------------------------------------------------- */

typedef struct {
    size_t n;
    void *account;          /* ours (the impl's) */
    char their_id[44];
    char (*their_otk)[44];  /* n keys */
    void **sessions;
    fl_account *fl;         /* the floor's own account */
    fl_olm *fl_sessions;
} outbound_ctx;

static outbound_ctx *outbound_common(size_t n)
{
    outbound_ctx *c = xcalloc(1, sizeof *c);
    cliquet_account *peer;
    size_t i;

    c->n = n;
    c->their_otk = xcalloc(n, 44);
    c->sessions = xcalloc(n, sizeof *c->sessions);
    check_cq(cliquet_account_new(&peer), "account");
    cq_identity_curve(peer, c->their_id);
    for (i = 0; i < n; i += 100) {
        cq_one_time_keys(peer, n - i < 100 ? n - i : 100, c->their_otk + i);
    }
    cliquet_account_free(peer);
    return c;
}

static void *cq_outbound_setup(size_t n)
{
    outbound_ctx *c = outbound_common(n);

    check_cq(cliquet_account_new((cliquet_account **)&c->account), "account");
    return c;
}

static void cq_outbound_run(void *ctx, size_t n)
{
    outbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_session_new_outbound((cliquet_session **)&c->sessions[i],
                                              c->account, c->their_id, 43,
                                              c->their_otk[i], 43),
                 "outbound");
    }
}

static void cq_outbound_teardown(void *ctx)
{
    outbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        cliquet_session_free(c->sessions[i]);
    }
    cliquet_account_free(c->account);
    free(c->sessions);
    free(c->their_otk);
    free(c);
}

static void *olm_outbound_setup(size_t n)
{
    outbound_ctx *c = outbound_common(n);

    c->account = olm_new_account();
    return c;
}

static void olm_outbound_run(void *ctx, size_t n)
{
    outbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        OlmSession *s = olm_session(xmalloc(olm_session_size()));
        uint8_t r[64];
        size_t rn = olm_create_outbound_session_random_length(s);

        fill_random(r, rn);
        check_olm(olm_create_outbound_session(s, c->account, c->their_id, 43,
                                              c->their_otk[i], 43, r, rn),
                  "olm outbound");
        c->sessions[i] = s;
    }
}

static void olm_outbound_teardown(void *ctx)
{
    outbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        olm_free_session(c->sessions[i]);
    }
    olm_free_account(c->account);
    free(c->sessions);
    free(c->their_otk);
    free(c);
}

static void *fl_outbound_setup(size_t n)
{
    outbound_ctx *c = outbound_common(n);

    c->fl = xcalloc(1, sizeof *c->fl);
    fl_account_init(c->fl);
    c->fl_sessions = xcalloc(n, sizeof *c->fl_sessions);
    return c;
}

/* spec: olm.md §Initial setup: S = ECDH(I_A, E_B) || ECDH(E_A, I_B) ||
 * ECDH(E_A, E_B) */
static void fl_outbound_run(void *ctx, size_t n)
{
    outbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t their_id[32];
        uint8_t their_otk[32];
        uint8_t r[64];
        uint8_t base_pub[32];
        uint8_t secret[96];

        fl_b64_decode(their_id, 32, c->their_id, 43);
        fl_b64_decode(their_otk, 32, c->their_otk[i], 43);
        randombytes_buf(r, 64);
        crypto_scalarmult_base(base_pub, r);
        if (crypto_scalarmult(secret, c->fl->curve_priv, their_otk) != 0 ||
            crypto_scalarmult(secret + 32, r, their_id) != 0 ||
            crypto_scalarmult(secret + 64, r, their_otk) != 0) {
            die("floor: 3dh");
        }
        /* fl_olm_init_alice derives the ratchet public key. */
        fl_olm_init_alice(&c->fl_sessions[i], secret, 96, r + 32);
    }
}

static void fl_outbound_teardown(void *ctx)
{
    outbound_ctx *c = ctx;

    free(c->fl);
    free(c->fl_sessions);
    free(c->sessions);
    free(c->their_otk);
    free(c);
}

/* ---- inbound session with its first decrypt ----------------------------- */

typedef struct {
    size_t n;
    size_t num_accounts;
    void **accounts;          /* the impl's receiving accounts, 100 keys each */
    char sender_id[44];
    char (*msgs)[1024];       /* pre-key messages of 256 bytes of plaintext */
    size_t *lens;
    void **sessions;
    fl_olm *fl_sessions;
} inbound_ctx;

/* Messages from a cliquet sender to the given receiving identities/keys. */
static inbound_ctx *inbound_common(size_t n, char (*ids)[44], char (*otks)[44])
{
    inbound_ctx *c = xcalloc(1, sizeof *c);
    cliquet_account *sender;
    size_t i;

    c->n = n;
    c->msgs = xcalloc(n, sizeof *c->msgs);
    c->lens = xcalloc(n, sizeof *c->lens);
    c->sessions = xcalloc(n, sizeof *c->sessions);
    check_cq(cliquet_account_new(&sender), "account");
    cq_identity_curve(sender, c->sender_id);
    for (i = 0; i < n; i++) {
        char big[MSG_CAP];

        c->lens[i] = cq_pre_key_message(sender, ids[i / KEYS_PER_ACCOUNT],
                                        otks[i], big, 256);
        if (c->lens[i] > sizeof c->msgs[i]) {
            die("pre-key message too long");
        }
        memcpy(c->msgs[i], big, c->lens[i]);
    }
    cliquet_account_free(sender);
    return c;
}

static size_t accounts_for(size_t n)
{
    return (n + KEYS_PER_ACCOUNT - 1) / KEYS_PER_ACCOUNT;
}

static void *cq_inbound_setup(size_t n)
{
    size_t na = accounts_for(n);
    char (*ids)[44] = xcalloc(na, 44);
    char (*otks)[44] = xcalloc(na * KEYS_PER_ACCOUNT, 44);
    void **accounts = xcalloc(na, sizeof *accounts);
    inbound_ctx *c;
    size_t a;

    for (a = 0; a < na; a++) {
        check_cq(cliquet_account_new((cliquet_account **)&accounts[a]), "account");
        cq_identity_curve(accounts[a], ids[a]);
        cq_one_time_keys(accounts[a], KEYS_PER_ACCOUNT, otks + a * KEYS_PER_ACCOUNT);
    }
    c = inbound_common(n, ids, otks);
    c->accounts = accounts;
    c->num_accounts = na;
    free(ids);
    free(otks);
    return c;
}

static void cq_inbound_run(void *ctx, size_t n)
{
    inbound_ctx *c = ctx;
    uint8_t pt[PT_CAP];
    size_t i;
    size_t len;

    for (i = 0; i < n; i++) {
        check_cq(cliquet_session_new_inbound((cliquet_session **)&c->sessions[i],
                                             c->accounts[i / KEYS_PER_ACCOUNT],
                                             c->sender_id, 43, c->msgs[i],
                                             c->lens[i], pt, sizeof pt, &len, NULL),
                 "inbound");
    }
}

static void inbound_free_common(inbound_ctx *c)
{
    free(c->accounts);
    free(c->sessions);
    free(c->msgs);
    free(c->lens);
    free(c->fl_sessions);
    free(c);
}

static void cq_inbound_teardown(void *ctx)
{
    inbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        cliquet_session_free(c->sessions[i]);
    }
    for (i = 0; i < c->num_accounts; i++) {
        cliquet_account_free(c->accounts[i]);
    }
    inbound_free_common(c);
}

static void *olm_inbound_setup(size_t n)
{
    size_t na = accounts_for(n);
    char (*ids)[44] = xcalloc(na, 44);
    char (*otks)[44] = xcalloc(na * KEYS_PER_ACCOUNT, 44);
    void **accounts = xcalloc(na, sizeof *accounts);
    inbound_ctx *c;
    size_t a;

    for (a = 0; a < na; a++) {
        accounts[a] = olm_new_account();
        olm_identity_curve(accounts[a], ids[a]);
        olm_new_one_time_keys(accounts[a], KEYS_PER_ACCOUNT,
                              otks + a * KEYS_PER_ACCOUNT);
    }
    c = inbound_common(n, ids, otks);
    c->accounts = accounts;
    c->num_accounts = na;
    free(ids);
    free(otks);
    return c;
}

static void olm_inbound_run(void *ctx, size_t n)
{
    inbound_ctx *c = ctx;
    uint8_t pt[PT_CAP];
    char scratch[1024];
    size_t i;

    for (i = 0; i < n; i++) {
        OlmSession *s = olm_session(xmalloc(olm_session_size()));
        OlmAccount *a = c->accounts[i / KEYS_PER_ACCOUNT];

        memcpy(scratch, c->msgs[i], c->lens[i]);
        check_olm(olm_create_inbound_session_from(s, a, c->sender_id, 43,
                                                  scratch, c->lens[i]),
                  "olm inbound");
        olm_decrypt_b64(s, OLM_MESSAGE_TYPE_PRE_KEY, scratch, c->msgs[i],
                        c->lens[i], pt);
        check_olm(olm_remove_one_time_keys(a, s), "remove otk");
        c->sessions[i] = s;
    }
}

static void olm_inbound_teardown(void *ctx)
{
    inbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->n; i++) {
        olm_free_session(c->sessions[i]);
    }
    for (i = 0; i < c->num_accounts; i++) {
        olm_free_account(c->accounts[i]);
    }
    inbound_free_common(c);
}

static void *fl_inbound_setup(size_t n)
{
    size_t na = accounts_for(n);
    char (*ids)[44] = xcalloc(na, 44);
    char (*otks)[44] = xcalloc(na * KEYS_PER_ACCOUNT, 44);
    void **accounts = xcalloc(na, sizeof *accounts);
    inbound_ctx *c;
    size_t a;
    size_t k;

    for (a = 0; a < na; a++) {
        fl_account *fa = xcalloc(1, sizeof *fa);

        fl_account_init(fa);
        fl_generate_keys(fa, KEYS_PER_ACCOUNT);
        fl_b64_encode(ids[a], fa->curve_pub, 32);
        for (k = 0; k < KEYS_PER_ACCOUNT; k++) {
            char tmp[44];

            fl_b64_encode(tmp, fa->otk_pub[k], 32);
            memcpy(otks[a * KEYS_PER_ACCOUNT + k], tmp, 43);
        }
        accounts[a] = fa;
    }
    c = inbound_common(n, ids, otks);
    c->accounts = accounts;
    c->num_accounts = na;
    c->fl_sessions = xcalloc(n, sizeof *c->fl_sessions);
    free(ids);
    free(otks);
    return c;
}

/*
 * The floor's inbound session: parse the pre-key message, find our key,
 * 3DH, the first chain, decrypt, forget the one-time key.
 */
static void fl_inbound(fl_olm *s, fl_account *a, const uint8_t sender_id[32],
                       const char *msg, size_t len, uint8_t *pt)
{
    uint8_t raw[1024];
    uint8_t secret[96];
    size_t n = fl_b64_decode(raw, sizeof raw, msg, len);
    const uint8_t *otk;
    const uint8_t *base;
    const uint8_t *id;
    uint64_t inner_len;
    size_t pos;
    size_t k;

    if (n < 1 + 3 * 34 + 2 || raw[0] != 3 || raw[1] != 0x0a || raw[2] != 32 ||
        raw[35] != 0x12 || raw[36] != 32 || raw[69] != 0x1a || raw[70] != 32 ||
        raw[103] != 0x22) {
        die("floor: pre-key message");
    }
    otk = raw + 3;
    base = raw + 37;
    id = raw + 71;
    pos = 104 + fl_varint_get(raw + 104, n - 104, &inner_len);
    if (pos + inner_len != n || memcmp(id, sender_id, 32) != 0) {
        die("floor: pre-key fields");
    }
    for (k = 0; k < a->num_keys; k++) {
        if (memcmp(a->otk_pub[k], otk, 32) == 0) {
            break;
        }
    }
    if (k == a->num_keys) {
        die("floor: unknown one-time key");
    }
    if (crypto_scalarmult(secret, a->otk_priv[k], id) != 0 ||
        crypto_scalarmult(secret + 32, a->curve_priv, base) != 0 ||
        crypto_scalarmult(secret + 64, a->otk_priv[k], base) != 0) {
        die("floor: 3dh");
    }
    /* The inner message's ratchet key starts the receiver chain. */
    fl_olm_init_bob(s, secret, 96, raw + pos + 3);
    fl_olm_decrypt_raw(s, pt, raw + pos, (size_t)inner_len);
    memset(a->otk_pub[k], 0, 32);
    memset(a->otk_priv[k], 0, 32);
}

static void fl_inbound_run(void *ctx, size_t n)
{
    inbound_ctx *c = ctx;
    uint8_t pt[PT_CAP];
    uint8_t sender[32];
    size_t i;

    fl_b64_decode(sender, 32, c->sender_id, 43);
    for (i = 0; i < n; i++) {
        fl_inbound(&c->fl_sessions[i], c->accounts[i / KEYS_PER_ACCOUNT], sender,
                   c->msgs[i], c->lens[i], pt);
    }
}

static void fl_inbound_teardown(void *ctx)
{
    inbound_ctx *c = ctx;
    size_t i;

    for (i = 0; i < c->num_accounts; i++) {
        free(c->accounts[i]);
    }
    inbound_free_common(c);
}

/* ---- established pairs: ping-pong and streams --------------------------- */

typedef struct pair_ctx pair_ctx;
struct pair_ctx {
    void *a;
    void *b;
    void *acct_a;
    void *acct_b;
    fl_olm fa;
    fl_olm fb;
    size_t len;  /* plaintext bytes */
    void (*send)(pair_ctx *p, int a_to_b, char *msg, size_t *len, size_t *type);
    void (*recv)(pair_ctx *p, int a_to_b, const char *msg, size_t len,
                 size_t type);
    void (*free_pair)(pair_ctx *p);
};

static uint8_t pair_pt[PT_CAP] = "a plaintext";
static char stream_msgs[100][MSG_CAP];
static size_t stream_lens[100];
static size_t stream_types[100];

static void cq_pair_send(pair_ctx *p, int a_to_b, char *msg, size_t *len,
                         size_t *type)
{
    int t;

    check_cq(cliquet_session_encrypt(a_to_b ? p->a : p->b, &t, msg, MSG_CAP, len,
                                     pair_pt, p->len),
             "encrypt");
    *type = (size_t)t;
}

static void cq_pair_recv(pair_ctx *p, int a_to_b, const char *msg, size_t len,
                         size_t type)
{
    uint8_t pt[PT_CAP];
    cliquet_olm_decrypt_info info;
    size_t n;

    check_cq(cliquet_session_decrypt(a_to_b ? p->b : p->a, (int)type, msg, len,
                                     pt, sizeof pt, &n, &info),
             "decrypt");
}

static void cq_pair_free(pair_ctx *p)
{
    cliquet_session_free(p->a);
    cliquet_session_free(p->b);
    cliquet_account_free(p->acct_a);
    cliquet_account_free(p->acct_b);
}

static void olm_pair_send(pair_ctx *p, int a_to_b, char *msg, size_t *len,
                          size_t *type)
{
    *len = olm_encrypt_b64(a_to_b ? p->a : p->b, msg, type, pair_pt, p->len);
}

static void olm_pair_recv(pair_ctx *p, int a_to_b, const char *msg, size_t len,
                          size_t type)
{
    static char scratch[MSG_CAP];
    uint8_t pt[PT_CAP];

    olm_decrypt_b64(a_to_b ? p->b : p->a, type, scratch, msg, len, pt);
}

static void olm_pair_free(pair_ctx *p)
{
    olm_free_session(p->a);
    olm_free_session(p->b);
    olm_free_account(p->acct_a);
    olm_free_account(p->acct_b);
}

static void fl_pair_send(pair_ctx *p, int a_to_b, char *msg, size_t *len,
                         size_t *type)
{
    *len = fl_olm_encrypt(a_to_b ? &p->fa : &p->fb, msg, pair_pt, p->len);
    *type = 1;
}

static void fl_pair_recv(pair_ctx *p, int a_to_b, const char *msg, size_t len,
                         size_t type)
{
    static uint8_t scratch[MSG_CAP];
    uint8_t pt[PT_CAP];

    (void)type;
    fl_olm_decrypt(a_to_b ? &p->fb : &p->fa, pt, scratch, msg, len);
}

static void fl_pair_free(pair_ctx *p)
{
    (void)p;
}

/* One message each way, so that both sides have received: every message
 * after this is a normal one, and a reply is a ratchet step. */
static void pair_settle(pair_ctx *p)
{
    char msg[MSG_CAP];
    size_t len;
    size_t type;

    p->send(p, 1, msg, &len, &type);
    p->recv(p, 1, msg, len, type);
    p->send(p, 0, msg, &len, &type);
    p->recv(p, 0, msg, len, type);
}

static pair_ctx *cq_pair_new(size_t len)
{
    pair_ctx *p = xcalloc(1, sizeof *p);
    char id_b[44];
    char otk[1][44];
    char id_a[44];
    char msg[MSG_CAP];
    uint8_t pt[PT_CAP];
    size_t mlen;
    size_t n;
    int type;

    p->len = len;
    p->send = cq_pair_send;
    p->recv = cq_pair_recv;
    p->free_pair = cq_pair_free;
    check_cq(cliquet_account_new((cliquet_account **)&p->acct_a), "account");
    check_cq(cliquet_account_new((cliquet_account **)&p->acct_b), "account");
    cq_identity_curve(p->acct_a, id_a);
    cq_identity_curve(p->acct_b, id_b);
    cq_one_time_keys(p->acct_b, 1, otk);
    check_cq(cliquet_session_new_outbound((cliquet_session **)&p->a, p->acct_a,
                                          id_b, 43, otk[0], 43),
             "outbound");
    fill_plaintext(pt, 16);
    check_cq(cliquet_session_encrypt(p->a, &type, msg, sizeof msg, &mlen, pt, 16),
             "encrypt");
    check_cq(cliquet_session_new_inbound((cliquet_session **)&p->b, p->acct_b,
                                         id_a, 43, msg, mlen, pt, sizeof pt, &n, NULL),
             "inbound");
    pair_settle(p);
    return p;
}

static pair_ctx *olm_pair_new(size_t len)
{
    pair_ctx *p = xcalloc(1, sizeof *p);
    char id_b[44];
    char otk[1][44];
    char msg[MSG_CAP];
    char scratch[MSG_CAP];
    uint8_t pt[PT_CAP];
    uint8_t r[64];
    size_t mlen;
    size_t type;

    p->len = len;
    p->send = olm_pair_send;
    p->recv = olm_pair_recv;
    p->free_pair = olm_pair_free;
    p->acct_a = olm_new_account();
    p->acct_b = olm_new_account();
    olm_identity_curve(p->acct_b, id_b);
    olm_new_one_time_keys(p->acct_b, 1, otk);
    p->a = olm_session(xmalloc(olm_session_size()));
    p->b = olm_session(xmalloc(olm_session_size()));
    fill_random(r, sizeof r);
    check_olm(olm_create_outbound_session(p->a, p->acct_a, id_b, 43, otk[0], 43,
                                          r, sizeof r),
              "olm outbound");
    fill_plaintext(pt, 16);
    mlen = olm_encrypt_b64(p->a, msg, &type, pt, 16);
    memcpy(scratch, msg, mlen);
    check_olm(olm_create_inbound_session(p->b, p->acct_b, scratch, mlen),
              "olm inbound");
    olm_decrypt_b64(p->b, type, scratch, msg, mlen, pt);
    pair_settle(p);
    return p;
}

static pair_ctx *fl_pair_new(size_t len)
{
    pair_ctx *p = xcalloc(1, sizeof *p);
    uint8_t secret[96];
    uint8_t ratchet[32];
    uint8_t ratchet_pub[32];

    p->len = len;
    p->send = fl_pair_send;
    p->recv = fl_pair_recv;
    p->free_pair = fl_pair_free;
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(ratchet, sizeof ratchet);
    crypto_scalarmult_base(ratchet_pub, ratchet);
    fl_olm_init_alice(&p->fa, secret, sizeof secret, ratchet);
    fl_olm_init_bob(&p->fb, secret, sizeof secret, ratchet_pub);
    pair_settle(p);
    return p;
}

static void pair_teardown(void *ctx)
{
    pair_ctx *p = ctx;

    p->free_pair(p);
    free(p);
}

static void *cq_pair256_setup(size_t n) { (void)n; return cq_pair_new(256); }
static void *olm_pair256_setup(size_t n) { (void)n; return olm_pair_new(256); }
static void *fl_pair256_setup(size_t n) { (void)n; return fl_pair_new(256); }
static void *cq_pair4k_setup(size_t n) { (void)n; return cq_pair_new(4096); }
static void *olm_pair4k_setup(size_t n) { (void)n; return olm_pair_new(4096); }
static void *fl_pair4k_setup(size_t n) { (void)n; return fl_pair_new(4096); }

/* n messages, each a reply to the last: a ratchet step every message. */
static void ping_pong_run(void *ctx, size_t n)
{
    pair_ctx *p = ctx;
    char msg[MSG_CAP];
    size_t i;
    size_t len;
    size_t type;

    for (i = 0; i < n; i++) {
        int a_to_b = (int)(i & 1) == 0;

        p->send(p, a_to_b, msg, &len, &type);
        p->recv(p, a_to_b, msg, len, type);
    }
}

/* n streams of 100 messages one way, decrypted in order after the last is
 * sent; streams alternate direction, so each opens with a ratchet step
 * and goes on with 99 chain steps (a burst of messages and its reply). */
static void stream_run(void *ctx, size_t n)
{
    pair_ctx *p = ctx;
    size_t i;
    size_t k;

    for (i = 0; i < n; i++) {
        int a_to_b = (int)(i & 1) == 0;

        for (k = 0; k < 100; k++) {
            p->send(p, a_to_b, stream_msgs[k], &stream_lens[k], &stream_types[k]);
        }
        for (k = 0; k < 100; k++) {
            p->recv(p, a_to_b, stream_msgs[k], stream_lens[k], stream_types[k]);
        }
    }
}

#define IMPL(s, r, t) { s, r, t }

/* bench.h */
const bench_op bench_olm_ops[] = {
    { "account creation", "setup", 4,
      { IMPL(objs_setup, cq_account_run, cq_account_free_all),
        IMPL(objs_setup, olm_account_run, olm_account_free_all),
        IMPL(fl_accounts_setup, fl_account_run, fl_accounts_free) } },
    { "100 one-time keys (+JSON, publish)", "setup", 6,
      { IMPL(cq_otk_setup, cq_otk_run, cq_account_free_all),
        IMPL(olm_otk_setup, olm_otk_run, olm_account_free_all),
        IMPL(fl_otk_setup, fl_otk_run, fl_accounts_free) } },
    { "outbound session", "setup", 4,
      { IMPL(cq_outbound_setup, cq_outbound_run, cq_outbound_teardown),
        IMPL(olm_outbound_setup, olm_outbound_run, olm_outbound_teardown),
        IMPL(fl_outbound_setup, fl_outbound_run, fl_outbound_teardown) } },
    { "inbound session + first decrypt", "setup", 4,
      { IMPL(cq_inbound_setup, cq_inbound_run, cq_inbound_teardown),
        IMPL(olm_inbound_setup, olm_inbound_run, olm_inbound_teardown),
        IMPL(fl_inbound_setup, fl_inbound_run, fl_inbound_teardown) } },
    { "Olm ping-pong 256 B (per message)", "ratchet", 4,
      { IMPL(cq_pair256_setup, ping_pong_run, pair_teardown),
        IMPL(olm_pair256_setup, ping_pong_run, pair_teardown),
        IMPL(fl_pair256_setup, ping_pong_run, pair_teardown) } },
    { "Olm stream 100 x 256 B", "ratchet", 6,
      { IMPL(cq_pair256_setup, stream_run, pair_teardown),
        IMPL(olm_pair256_setup, stream_run, pair_teardown),
        IMPL(fl_pair256_setup, stream_run, pair_teardown) } },
    { "Olm stream 100 x 4 KiB", "4k", 10,
      { IMPL(cq_pair4k_setup, stream_run, pair_teardown),
        IMPL(olm_pair4k_setup, stream_run, pair_teardown),
        IMPL(fl_pair4k_setup, stream_run, pair_teardown) } },
    { NULL, NULL, 0, { { NULL, NULL, NULL } } }
};
