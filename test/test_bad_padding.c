/*
 * A message with a valid MAC (and, for Megolm, a valid signature) whose
 * AES-CBC padding is wrong (issue 22, section 4), through the public API:
 * CLIQUET_ERR_BAD_PADDING, the session unchanged (its libolm pickle
 * byte-identical, the chain key not advanced, no chain and no skipped key
 * added), the caller's plaintext buffer and length untouched; and the real
 * message with that key still decrypts afterwards.
 *
 * The messages are made with the library's own derivation: the sender's
 * state is copied (api.h's state accessors), the copy encrypts a short
 * plaintext (so the header is exactly what the sender would send), then
 * the one ciphertext block is replaced by a badly padded one under the
 * same keys and the MAC (and signature) made again.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cliquet.h"
#include "cliquet_random.h"
#include "api/api.h"
#include "crypto/crypto.h"
#include "megolm/megolm.h"
#include "olm/olm.h"

static const uint8_t pickle_key[] = "bad padding";
/* Last bytes that are never valid PKCS#7 for a one-block plaintext of 'p's. */
static const uint8_t bad_last[] = {0x00, 0x11, 0x03};

static void ok(cliquet_status st)
{
    assert_string_equal(cliquet_strerror(st), cliquet_strerror(CLIQUET_OK));
}

/* One 16-byte block of 'p' ending in last, CBC-encrypted under keys. */
static void bad_block(uint8_t ct[16], const uint8_t aes_key[32], const uint8_t iv[16],
                      uint8_t last)
{
    uint8_t block[16];

    memset(block, 'p', sizeof block);
    block[15] = last;
    cq_aes256_cbc_encrypt(ct, aes_key, iv, block, 16);
}

static size_t unbase64(uint8_t *out, size_t cap, const char *in, size_t n)
{
    size_t got;

    ok(cliquet_base64_decode(out, cap, &got, in, n));
    return got;
}

static size_t rebase64(char *out, size_t cap, const uint8_t *in, size_t n)
{
    size_t got;

    ok(cliquet_base64_encode(out, cap, &got, in, n));
    return got;
}

/* ---- Olm ------------------------------------------------------------------- */

typedef struct olm_pair {
    cliquet_account *a, *b;
    cliquet_session *alice; /* to bob */
    cliquet_session *bob;   /* from alice */
} olm_pair;

static void olm_pair_make(olm_pair *p)
{
    char ik[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE], otk[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_ID_BASE64_SIZE], alice_ik[CLIQUET_KEY_BASE64_SIZE], msg[1024];
    uint8_t pt[64];
    size_t n, pt_len;
    int type;

    ok(cliquet_account_new(&p->a));
    ok(cliquet_account_new(&p->b));
    ok(cliquet_account_generate_one_time_keys(p->b, 1, NULL));
    ok(cliquet_account_identity_keys(p->b, ik, ed));
    ok(cliquet_account_identity_keys(p->a, alice_ik, ed));
    ok(cliquet_account_one_time_key(p->b, 0, id, otk));
    ok(cliquet_session_new_outbound(&p->alice, p->a, ik, 43, otk, 43));
    ok(cliquet_session_encrypt(p->alice, &type, msg, sizeof msg, &n, (const uint8_t *)"hi", 2));
    ok(cliquet_session_new_inbound(&p->bob, p->b, alice_ik, 43, msg, n, pt, sizeof pt, &pt_len,
                                   NULL));
}

static void olm_pair_free(olm_pair *p)
{
    cliquet_session_free(p->alice);
    cliquet_session_free(p->bob);
    cliquet_account_free(p->a);
    cliquet_account_free(p->b);
}

/*
 * Bob's next message as bob would send it, with its one ciphertext block
 * replaced by a badly padded one and the MAC made again: base64 in out.
 */
static size_t olm_forge(const cliquet_session *bob, uint8_t last, char *out, size_t cap)
{
    static const uint8_t info[] = CQ_OLM_INFO_KEYS;
    const uint8_t seed = CQ_OLM_MESSAGE_KEY_SEED;
    const cq_olm_session *state = cq_api_session_state(bob);
    cliquet_session *copy;
    char text[1024];
    uint8_t raw[1024], mk[32], keys[80], mac[32];
    size_t n, raw_len;
    int type;

    /* Bob has a sender chain (he has replied once): its key makes the
     * next message key. A copy of bob encrypts that message. */
    assert_int_equal(state->ratchet.has_sender_chain, 1);
    cq_hmac_sha256(mk, state->ratchet.sender_chain.chain_key.key, 32, &seed, 1);
    ok(cq_api_session_from_state(&copy, state));
    ok(cliquet_session_encrypt(copy, &type, text, sizeof text, &n, (const uint8_t *)"12345",
                               5));
    assert_int_equal(type, 1);
    raw_len = unbase64(raw, sizeof raw, text, n);
    cliquet_session_free(copy);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, mk, 32, info, CQ_OLM_INFO_KEYS_LEN), 0);
    /* The ciphertext is the last field: its 16 bytes end before the MAC. */
    assert_true(raw_len > 24 && raw[raw_len - 26] == 0x22 && raw[raw_len - 25] == 16);
    bad_block(raw + raw_len - 24, keys, keys + 64, last);
    cq_hmac_sha256(mac, keys + 32, 32, raw, raw_len - 8);
    memcpy(raw + raw_len - 8, mac, 8);
    cq_wipe(keys, sizeof keys);
    cq_wipe(mk, sizeof mk);
    return rebase64(out, cap, raw, raw_len);
}

static char *olm_pickle(const cliquet_session *s)
{
    static char text[2][8192];
    static int which;
    size_t n;

    which ^= 1;
    ok(cliquet_session_pickle_libolm(s, text[which], sizeof text[which], &n, pickle_key,
                                     sizeof pickle_key));
    return text[which];
}

/* Alice refuses the forged message and is exactly as before. */
static void olm_refused(olm_pair *p, const char *msg, size_t n)
{
    const cq_olm_session *s = cq_api_session_state(p->alice);
    cq_olm_ratchet before = s->ratchet;
    char *pickle_before = olm_pickle(p->alice);
    uint8_t pt[256];
    size_t pt_len = 12345, i;

    memset(pt, 0xAA, sizeof pt);
    assert_int_equal(cliquet_session_decrypt(p->alice, 1, msg, n, pt, sizeof pt, &pt_len, NULL),
                     CLIQUET_ERR_BAD_PADDING);
    s = cq_api_session_state(p->alice);
    /* No chain added, no chain key advanced, no skipped key kept. */
    assert_int_equal(s->ratchet.num_receiver_chains, before.num_receiver_chains);
    assert_int_equal(s->ratchet.num_skipped_keys, before.num_skipped_keys);
    if (before.num_receiver_chains > 0) {
        assert_int_equal(s->ratchet.receiver_chains[0].chain_key.index,
                         before.receiver_chains[0].chain_key.index);
        assert_memory_equal(s->ratchet.receiver_chains[0].chain_key.key,
                            before.receiver_chains[0].chain_key.key, 32);
    }
    assert_string_equal(olm_pickle(p->alice), pickle_before);
    /* No partial plaintext, no length. */
    assert_int_equal(pt_len, 12345);
    for (i = 0; i < sizeof pt; i++) {
        assert_int_equal(pt[i], 0xAA);
    }
    cq_wipe(&before, sizeof before);
}

static void olm_deliver(olm_pair *p, const char *plain)
{
    char msg[1024];
    uint8_t pt[256];
    size_t n, pt_len;
    int type;

    ok(cliquet_session_encrypt(p->bob, &type, msg, sizeof msg, &n, (const uint8_t *)plain,
                               strlen(plain)));
    ok(cliquet_session_decrypt(p->alice, type, msg, n, pt, sizeof pt, &pt_len, NULL));
    assert_int_equal(pt_len, strlen(plain));
    assert_memory_equal(pt, plain, pt_len);
}

static void test_olm_bad_padding(void **state)
{
    olm_pair p;
    char msg[1024];
    size_t n, i;

    (void)state;
    olm_pair_make(&p);
    /* Bob's chain exists on both sides: the forged message is the next on it. */
    olm_deliver(&p, "first reply");
    for (i = 0; i < sizeof bad_last; i++) {
        n = olm_forge(p.bob, bad_last[i], msg, sizeof msg);
        olm_refused(&p, msg, n);
    }
    /* The key the forgery used is still there for the real message. */
    olm_deliver(&p, "second reply");

    /* Ahead of the chain (a gap of 2): no skipped keys kept either. */
    {
        char skipped[2][1024];
        size_t sn[2];
        int type;

        ok(cliquet_session_encrypt(p.bob, &type, skipped[0], sizeof skipped[0], &sn[0],
                                   (const uint8_t *)"a", 1));
        ok(cliquet_session_encrypt(p.bob, &type, skipped[1], sizeof skipped[1], &sn[1],
                                   (const uint8_t *)"b", 1));
        n = olm_forge(p.bob, 0x00, msg, sizeof msg);
        olm_refused(&p, msg, n);
        olm_deliver(&p, "after the gap");
    }
    olm_pair_free(&p);
}

/* ---- Megolm ------------------------------------------------------------------ */

static size_t megolm_forge(const cliquet_outbound_group_session *ogs, uint8_t last, char *out,
                           size_t cap)
{
    static const uint8_t info[] = CQ_MEGOLM_KDF_INFO;
    const cq_megolm_outbound *state = cq_api_outbound_group_state(ogs);
    cliquet_outbound_group_session *copy;
    char text[1024];
    uint8_t raw[1024], keys[80], mac[32], sig[64];
    size_t n, raw_len, body;

    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, state->ratchet.data,
                                    CQ_MEGOLM_RATCHET_BYTES, info, CQ_MEGOLM_KDF_INFO_BYTES),
                     0);
    ok(cq_api_outbound_group_from_state(&copy, state));
    ok(cliquet_outbound_group_session_encrypt(copy, text, sizeof text, &n,
                                              (const uint8_t *)"12345", 5));
    raw_len = unbase64(raw, sizeof raw, text, n);
    /* ... ciphertext (16) | MAC (8) | signature (64) */
    body = raw_len - 64;
    assert_true(raw[body - 26] == 0x12 && raw[body - 25] == 16);
    bad_block(raw + body - 24, keys, keys + 64, last);
    cq_hmac_sha256(mac, keys + 32, 32, raw, body - 8);
    memcpy(raw + body - 8, mac, 8);
    cq_ed25519_sign(sig, &cq_api_outbound_group_state(copy)->signing_key, raw, body);
    memcpy(raw + body, sig, 64);
    cliquet_outbound_group_session_free(copy);
    cq_wipe(keys, sizeof keys);
    return rebase64(out, cap, raw, raw_len);
}

static void test_megolm_bad_padding(void **state)
{
    cliquet_outbound_group_session *ogs;
    cliquet_inbound_group_session *igs;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE], msg[1024];
    char before[4096], after[4096];
    uint8_t pt[256];
    size_t n, pt_len, bn, an, i, j;
    uint32_t index;
    cliquet_megolm_decrypt_info info;

    (void)state;
    ok(cliquet_outbound_group_session_new(&ogs));
    ok(cliquet_outbound_group_session_key(ogs, key));
    ok(cliquet_inbound_group_session_new(&igs, key, strlen(key)));
    for (i = 0; i < sizeof bad_last; i++) {
        n = megolm_forge(ogs, bad_last[i], msg, sizeof msg);
        ok(cliquet_inbound_group_session_pickle_libolm(igs, before, sizeof before, &bn,
                                                       pickle_key, sizeof pickle_key));
        memset(pt, 0xAA, sizeof pt);
        pt_len = 12345;
        assert_int_equal(cliquet_inbound_group_session_decrypt(igs, msg, n, pt, sizeof pt,
                                                               &pt_len, &info),
                         CLIQUET_ERR_BAD_PADDING);
        assert_int_equal(pt_len, 12345);
        for (j = 0; j < sizeof pt; j++) {
            assert_int_equal(pt[j], 0xAA);
        }
        ok(cliquet_inbound_group_session_pickle_libolm(igs, after, sizeof after, &an,
                                                       pickle_key, sizeof pickle_key));
        assert_int_equal(an, bn);
        assert_memory_equal(after, before, bn);
    }
    /* The real message at that index decrypts. */
    ok(cliquet_outbound_group_session_encrypt(ogs, msg, sizeof msg, &n,
                                              (const uint8_t *)"real", 4));
    ok(cliquet_inbound_group_session_decrypt(igs, msg, n, pt, sizeof pt, &pt_len, &info));
    assert_int_equal(pt_len, 4);
    assert_memory_equal(pt, "real", 4);
    index = info.message_index;
    assert_int_equal(index, 0);
    cliquet_inbound_group_session_free(igs);
    cliquet_outbound_group_session_free(ogs);
}

/* ---- Key backup ---------------------------------------------------------------- */

/*
 * The legacy backup MAC covers no ciphertext: any change to the one block
 * of a real backup keeps the MAC valid and (for this fixed message) breaks
 * the padding. The caller's buffer must stay as it was.
 */
static void test_pk_bad_padding(void **state)
{
    static const uint8_t random[CLIQUET_PK_ENCRYPT_RANDOM_BYTES] = {9};
    cliquet_pk_decryption *d;
    cliquet_pk_encryption *e;
    char pub[CLIQUET_KEY_BASE64_SIZE], ct[64], mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE];
    char eph[CLIQUET_KEY_BASE64_SIZE];
    uint8_t raw[64], pt[64];
    size_t n, raw_len, pt_len, i;

    (void)state;
    ok(cliquet_pk_decryption_new_from_private_key(&d,
                                                  (const uint8_t *)"a fixed backup key, 32 b"
                                                                   "ytes...."));
    ok(cliquet_pk_decryption_public_key(d, pub));
    ok(cliquet_pk_encryption_new(&e, pub, 43));
    ok(cliquet_pk_encrypt_legacy_backup_with_random(e, ct, sizeof ct, &n, mac, eph,
                                                    (const uint8_t *)"fifteen bytes!!", 15,
                                                    random, sizeof random));
    raw_len = unbase64(raw, sizeof raw, ct, n);
    assert_int_equal(raw_len, 16);
    raw[0] ^= 0x01;
    n = rebase64(ct, sizeof ct, raw, raw_len);
    memset(pt, 0xAA, sizeof pt);
    pt_len = 12345;
    assert_int_equal(cliquet_pk_decrypt_legacy_backup(d, pt, sizeof pt, &pt_len, eph, 43, mac,
                                                      strlen(mac), ct, n),
                     CLIQUET_ERR_BAD_PADDING);
    assert_int_equal(pt_len, 12345);
    for (i = 0; i < sizeof pt; i++) {
        assert_int_equal(pt[i], 0xAA);
    }
    cliquet_pk_encryption_free(e);
    cliquet_pk_decryption_free(d);
}

static int setup(void **state)
{
    (void)state;
    return cliquet_init() == CLIQUET_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_olm_bad_padding),
        cmocka_unit_test(test_megolm_bad_padding),
        cmocka_unit_test(test_pk_bad_padding),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
