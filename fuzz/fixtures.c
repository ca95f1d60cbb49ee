/*
 * fuzz/fixtures.c: see fixtures.h. A fixture that cannot be made is a bug
 * in the library (or in the fixture), so it aborts.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "common.h"
#include "fixtures.h"

/* fixtures.h */
const uint8_t fz_pickle_key[32] = {'f', 'u', 'z', 'z', ' ', 'p', 'i', 'c',
                                   'k', 'l', 'e', ' ', 'k', 'e', 'y'};

/* ---- Olm ------------------------------------------------------------------ */

static void olm_encrypt(cq_olm_session *s, fz_msg *m, const char *pt,
                        uint32_t counter)
{
    uint8_t random[CQ_OLM_ENCRYPT_RANDOM_BYTES];
    size_t n = strlen(pt);

    fz_bytes(random, sizeof random, "olm encrypt", counter);
    fz_require(cq_olm_session_encrypt_size(s, n) <= sizeof m->bytes,
               "fixture: olm message size");
    fz_require(cq_olm_session_encrypt(s, &m->type, m->bytes, sizeof m->bytes,
                                      &m->len, (const uint8_t *)pt, n,
                                      random) == CLIQUET_OK,
               "fixture: olm encrypt");
}

static void olm_decrypt(cq_olm_session *s, const fz_msg *m)
{
    uint8_t pt[FZ_MSG_CAP];
    size_t pt_len;

    fz_require(cq_olm_session_decrypt(s, m->type, m->bytes, m->len, pt,
                                      sizeof pt, &pt_len, NULL) == CLIQUET_OK,
               "fixture: olm decrypt");
}

static void olm_accounts(fz_olm_fixture *f)
{
    uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES];
    uint8_t otk_random[3 * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES];
    uint8_t fb_random[CQ_OLM_FALLBACK_KEY_RANDOM_BYTES];

    fz_bytes(random, sizeof random, "olm alice account", 0);
    cq_olm_account_init(&f->alice_account, random);
    fz_bytes(random, sizeof random, "olm bob account", 0);
    cq_olm_account_init(&f->bob_account, random);
    fz_bytes(otk_random, sizeof otk_random, "olm bob one-time keys", 0);
    fz_require(cq_olm_account_generate_one_time_keys(&f->bob_account, 3,
                                                     otk_random) == CLIQUET_OK,
               "fixture: one-time keys");
    fz_bytes(fb_random, sizeof fb_random, "olm bob fallback key", 0);
    cq_olm_account_generate_fallback_key(&f->bob_account, fb_random);
    cq_olm_account_mark_published(&f->bob_account);
}

/* fixtures.h */
void fz_olm_fixture_make(fz_olm_fixture *f)
{
    uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES];
    uint8_t pt[FZ_MSG_CAP];
    size_t pt_len;
    cq_olm_account bob_after;
    const cq_olm_one_time_key *otk;

    memset(f, 0, sizeof *f);
    olm_accounts(f);
    /* The oldest of the three keys (the list is newest first). */
    otk = &f->bob_account.one_time_keys[f->bob_account.num_one_time_keys - 1];
    fz_bytes(random, sizeof random, "olm alice outbound", 0);
    fz_require(cq_olm_session_outbound(&f->alice_pre_key, &f->alice_account,
                                       f->bob_account.curve25519_public,
                                       otk->public_key, random) == CLIQUET_OK,
               "fixture: outbound session");
    f->alice_fresh = f->alice_pre_key;
    olm_encrypt(&f->alice_pre_key, &f->m0, "m0: the first message", 0);
    olm_encrypt(&f->alice_pre_key, &f->m0b, "m0b: sent before any reply", 1);
    bob_after = f->bob_account;
    fz_require(cq_olm_session_inbound(&f->bob, &bob_after, NULL, f->m0.bytes,
                                      f->m0.len, pt, sizeof pt,
                                      &pt_len, NULL) == CLIQUET_OK,
               "fixture: inbound session");
    olm_encrypt(&f->bob, &f->m1, "m1: Bob answers", 2);
    f->alice = f->alice_pre_key;
    olm_decrypt(&f->alice, &f->m1);
    olm_encrypt(&f->alice, &f->m2, "m2: a new chain", 3);
    {
        cq_olm_session later = f->alice;

        olm_encrypt(&later, &f->m3, "m3: and the next message on it", 4);
    }
    fz_bytes(random, sizeof random, "olm alice outbound", 1);
    fz_require(cq_olm_session_outbound(&f->alice_fallback, &f->alice_account,
                                       f->bob_account.curve25519_public,
                                       f->bob_account.fallback_keys[0].public_key,
                                       random) == CLIQUET_OK,
               "fixture: outbound session to the fallback key");
    olm_encrypt(&f->alice_fallback, &f->mfb, "mfb: to the fallback key", 5);
}

/* ---- Megolm ---------------------------------------------------------------- */

/* fixtures.h */
size_t fz_megolm_message(uint8_t *out, size_t out_cap,
                         const fz_megolm_fixture *f, uint32_t index,
                         const uint8_t *pt, size_t n)
{
    cq_megolm_ratchet r = f->outbound.ratchet;
    size_t len;

    cq_megolm_ratchet_advance_to(&r, index);
    len = cq_megolm_message_len(index, n);
    if (len > out_cap) {
        return 0;
    }
    cq_megolm_message_write(out, &r, &f->outbound.signing_key, pt, n);
    return len;
}

static void megolm_msg(fz_msg *m, const fz_megolm_fixture *f, uint32_t index,
                       const char *pt)
{
    m->len = fz_megolm_message(m->bytes, sizeof m->bytes, f, index,
                               (const uint8_t *)pt, strlen(pt));
    fz_require(m->len > 0, "fixture: megolm message");
}

/* fixtures.h */
void fz_megolm_fixture_make(fz_megolm_fixture *f)
{
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];

    memset(f, 0, sizeof *f);
    fz_bytes(random, sizeof random, "megolm outbound", 0);
    cq_megolm_outbound_init(&f->outbound, random);
    cq_megolm_outbound_session_key(f->session_key, &f->outbound);
    fz_require(cq_megolm_inbound_from_session_key(&f->inbound, f->session_key,
                                                  sizeof f->session_key) ==
                   CLIQUET_OK,
               "fixture: inbound group session");
    fz_require(cq_megolm_inbound_export(f->export0, &f->inbound, 0) ==
                       CLIQUET_OK &&
                   cq_megolm_inbound_export(f->export7, &f->inbound, 7) ==
                       CLIQUET_OK,
               "fixture: exports");
    megolm_msg(&f->msg[0], f, 0, "index 0");
    megolm_msg(&f->msg[1], f, 1, "index 1: a longer plaintext, two blocks");
    megolm_msg(&f->msg[2], f, 2, "");
    megolm_msg(&f->msg[3], f, 1000, "index 1000");
}

/* ---- PK and SAS ------------------------------------------------------------- */

/* fixtures.h */
void fz_pk_fixture_make(fz_pk_fixture *f)
{
    uint8_t priv[CQ_PK_KEY_BYTES];
    static const uint8_t pt[] = "a backed-up room key";

    memset(f, 0, sizeof *f);
    fz_bytes(priv, sizeof priv, "pk decryption key", 0);
    cq_pk_decryption_from_private(&f->key, priv);
    fz_bytes(f->ephemeral_private, sizeof f->ephemeral_private, "pk ephemeral", 0);
    f->ciphertext_len = cq_pk_ciphertext_len(sizeof pt - 1);
    fz_require(f->ciphertext_len <= sizeof f->ciphertext, "fixture: pk size");
    fz_require(cq_pk_encrypt_legacy(f->ciphertext, f->mac, f->ephemeral,
                                    f->key.public_key, pt, sizeof pt - 1,
                                    f->ephemeral_private) == CLIQUET_OK,
               "fixture: pk encrypt");
}

/* fixtures.h */
void fz_sas_fixture_make(fz_sas_fixture *f)
{
    uint8_t random[CQ_SAS_KEY_BYTES];

    fz_bytes(random, sizeof random, "sas ours", 0);
    cq_sas_init(&f->ours, random);
    fz_bytes(random, sizeof random, "sas theirs", 0);
    cq_sas_init(&f->theirs, random);
}

/* ---- ECIES ---------------------------------------------------------------- */

/* fixtures.h */
void fz_ecies_fixture_make(fz_ecies_fixture *f)
{
    static const char *const texts[3] = { "one", "two", "three" };
    cliquet_ecies_channel *g = NULL, *s = NULL;
    uint8_t s_random[CQ_ECIES_KEY_BYTES], out[16];
    char key[CLIQUET_KEY_BASE64_SIZE];
    size_t len = 0;

    memset(f, 0, sizeof *f);
    fz_bytes(f->g_random, sizeof f->g_random, "ecies g", 0);
    fz_bytes(s_random, sizeof s_random, "ecies s", 0);
    fz_require(cliquet_ecies_channel_new_with_random(&g, f->g_random, 32) == CLIQUET_OK &&
                   cliquet_ecies_channel_new_with_random(&s, s_random, 32) == CLIQUET_OK &&
                   cliquet_ecies_channel_public_key(g, key) == CLIQUET_OK,
               "fixture: ecies channels");
    fz_require(cliquet_ecies_channel_establish_outbound(s, key, strlen(key), f->initial,
                                                        sizeof f->initial, &len,
                                                        (const uint8_t *)"hello",
                                                        5) == CLIQUET_OK,
               "fixture: ecies outbound");
    fz_require(cliquet_ecies_channel_establish_inbound(g, f->initial, len, out, sizeof out,
                                                       &len) == CLIQUET_OK,
               "fixture: ecies inbound");
    for (size_t i = 0; i < 3; i++) {
        fz_require(cliquet_ecies_channel_encrypt(s, f->messages[i], sizeof f->messages[i],
                                                 &len, (const uint8_t *)texts[i],
                                                 strlen(texts[i])) == CLIQUET_OK,
                   "fixture: ecies encrypt");
    }
    /* The API struct holds its cq_ecies as its only member. */
    memcpy(&f->g, (const void *)g, sizeof f->g);
    cliquet_ecies_channel_free(g);
    cliquet_ecies_channel_free(s);
}
