/*
 * After a secret operation returns, its stack frames hold no copy of the
 * secrets it derived. Each case paints a stack area with zeros from a
 * function at the same depth the operation will run at, runs the operation,
 * then scans the area (from the test's own frame, which lies above it) for
 * any 16-byte piece of the secrets the operation derived: message keys,
 * cipher keys, HKDF outputs, Diffie-Hellman results, copies of the state.
 * The secrets are computed here independently, with libsodium.
 *
 * Every operation runs once before it is measured, so that the dynamic
 * linker has bound every function it calls: a lazy binding saves all the
 * vector registers on the stack, and whatever they held (libc's memcpy
 * leaves the last bytes it copied there) would land in the area. That is
 * a property of the registers, not of cliquet's frames; cliquet clears
 * the vector registers its AES-NI code fills (test_aes_ni_registers),
 * and linking with -z now (as libcliquet.so is) avoids lazy binding.
 *
 * What it does not see: copies shorter than 16 bytes (a register spilled
 * 8 bytes at a time), copies in registers, and memory outside the scanned
 * area (the heap is the objects' own: test_zeroise.c checks every block the
 * library frees). test_stack_wipe_more.c runs the same scan (in
 * test/helpers/stack_scan.c) over the other secret operations.
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
#include "olm/olm.h"
#include "megolm/megolm.h"
#include "pk/pk.h"
#include "sas/sas.h"
#include "helpers/seed.h"
#include "helpers/stack_scan.h"
#include "helpers/util.h"

/* ---- Olm ------------------------------------------------------------------------- */

static cq_olm_account alice, bob;
static cq_olm_session as, bs;
static uint8_t msg[512];
static size_t msg_len;
static int msg_type;

static void olm_setup(void)
{
    uint8_t random[128], pt[256];
    size_t len = 0;

    cqt_stream(random, 128);
    cq_olm_account_init(&alice, random);
    cq_olm_account_init(&bob, random + 64);
    cqt_stream(random, 32);
    assert_int_equal(cq_olm_account_generate_one_time_keys(&bob, 1, random), CLIQUET_OK);
    cqt_stream(random, 64);
    assert_int_equal(cq_olm_session_outbound(&as, &alice, bob.curve25519_public,
                                             bob.one_time_keys[0].public_key, random),
                     CLIQUET_OK);
    assert_int_equal(cq_olm_session_encrypt(&as, &msg_type, msg, sizeof msg, &msg_len,
                                            (const uint8_t *)"hi", 2, NULL),
                     CLIQUET_OK);
    assert_int_equal(cq_olm_session_inbound(&bs, &bob, NULL, msg, msg_len, pt, sizeof pt,
                                            &len, NULL),
                     CLIQUET_OK);
}

/* Bob writes (a new ratchet key from bob_random when his sender chain is
 * empty). The random bytes are drawn before: the painted area is zeros, so
 * the secrets looked for must not be. */
static uint8_t bob_random[32];

static __attribute__((noinline)) cliquet_status bob_encrypts(void)
{
    return cq_olm_session_encrypt(&bs, &msg_type, msg, sizeof msg, &msg_len,
                                  (const uint8_t *)"reply", 5, bob_random);
}

static __attribute__((noinline)) cliquet_status alice_decrypts(void)
{
    uint8_t pt[256];
    size_t len = 0;
    cliquet_status st = cq_olm_session_decrypt(&as, msg_type, msg, msg_len, pt, sizeof pt,
                                               &len, NULL);

    sodium_memzero(pt, sizeof pt);
    return st;
}

/* One conversation on the AES implementation selected now; with check 0,
 * a warm-up that only runs it. */
static void olm_case(int check)
{
    static const uint8_t one = 0x01, two = 0x02;
    cqt_secrets s = { 0 };
    uint8_t chain[32], next_chain[32], mk[32], keys[80];

    olm_setup();
    cqt_stream(bob_random, sizeof bob_random);

    /* Bob's first reply makes a ratchet key and a root step: none of the
     * new root key, chain key or ratchet private key may stay behind. */
    cqt_paint();
    assert_int_equal(cqt_descend(bob_encrypts), CLIQUET_OK);
    cqt_secret_add(&s, "root key", bs.ratchet.root_key, 32);
    cqt_secret_add(&s, "sender chain key", bs.ratchet.sender_chain.chain_key.key, 32);
    cqt_secret_add(&s, "ratchet private key", bs.ratchet.sender_chain.ratchet_private, 32);
    assert_int_equal(check ? cqt_scan(&s, "olm encrypt, new ratchet key") : 0, 0);
    cqt_paint();
    assert_int_equal(cqt_descend(alice_decrypts), CLIQUET_OK);
    s.count = 0;
    cqt_secret_add(&s, "root key", as.ratchet.root_key, 32);
    cqt_secret_add(&s, "receiver chain key", as.ratchet.receiver_chains[0].chain_key.key, 32);
    assert_int_equal(check ? cqt_scan(&s, "olm decrypt, new chain") : 0, 0);

    /* On a known chain key C: the message key M = HMAC(C, 0x01), the
     * cipher keys HKDF(0, M, "OLM_KEYS", 80) and C itself, which the session
     * replaces by HMAC(C, 0x02). */
    memcpy(chain, bs.ratchet.sender_chain.chain_key.key, 32);
    crypto_auth_hmacsha256(mk, &one, 1, chain);
    crypto_auth_hmacsha256(next_chain, &two, 1, chain);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, mk, 32, (const uint8_t *)"OLM_KEYS",
                                    8),
                     0);
    s.count = 0;
    cqt_secret_add(&s, "chain key", chain, 32);
    cqt_secret_add(&s, "message key", mk, 32);
    cqt_secret_add(&s, "AES key", keys, 32);
    cqt_secret_add(&s, "HMAC key", keys + 32, 32);
    cqt_paint();
    assert_int_equal(cqt_descend(bob_encrypts), CLIQUET_OK);
    assert_memory_equal(bs.ratchet.sender_chain.chain_key.key, next_chain, 32);
    assert_int_equal(check ? cqt_scan(&s, "olm encrypt") : 0, 0);
    cqt_paint();
    assert_int_equal(cqt_descend(alice_decrypts), CLIQUET_OK);
    assert_int_equal(check ? cqt_scan(&s, "olm decrypt") : 0, 0);
    sodium_memzero(chain, sizeof chain);
    sodium_memzero(mk, sizeof mk);
    sodium_memzero(keys, sizeof keys);
}

/* Both AES implementations: each leaves its own kind of traces (spilled
 * words of the bitsliced schedule, vector registers of AES-NI). */
static void test_olm(void **state)
{
    cliquet_aes_impl impl = cq_aes_selected();

    (void)state;
    assert_int_equal(cq_aes_select(CLIQUET_AES_BITSLICED), CLIQUET_OK);
    olm_case(0);
    olm_case(1);
    if (cq_aes_select(CLIQUET_AES_HARDWARE) == CLIQUET_OK) {
        olm_case(0);
        olm_case(1);
    } else {
        print_message("test_olm: no AES instructions here, bitsliced only\n");
    }
    assert_int_equal(cq_aes_select(impl), CLIQUET_OK);
}

/* ---- Megolm ------------------------------------------------------------------------ */

static cq_megolm_outbound group_out;
static cq_megolm_inbound group_in;

static __attribute__((noinline)) cliquet_status group_encrypts(void)
{
    return cq_megolm_outbound_encrypt(&group_out, msg, sizeof msg, &msg_len,
                                      (const uint8_t *)"room", 4);
}

static __attribute__((noinline)) cliquet_status group_decrypts(void)
{
    uint8_t pt[64];
    size_t len = 0;
    uint32_t index = 0;
    cliquet_status st = cq_megolm_inbound_decrypt(&group_in, pt, sizeof pt, &len, &index,
                                                  msg, msg_len);

    sodium_memzero(pt, sizeof pt);
    return st;
}

static void test_megolm(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES], key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t ratchet[CQ_MEGOLM_RATCHET_BYTES], keys[80];
    int i;

    (void)state;
    cqt_stream(random, sizeof random);
    cq_megolm_outbound_init(&group_out, random);
    cq_megolm_outbound_session_key(key, &group_out);
    assert_int_equal(cq_megolm_inbound_from_session_key(&group_in, key, sizeof key),
                     CLIQUET_OK);
    /* A few messages on, so the ratchet used is neither side's initial;
     * the last one decrypted too (the warm-up). */
    for (i = 0; i < 3; i++) {
        assert_int_equal(group_encrypts(), CLIQUET_OK);
    }
    assert_int_equal(group_decrypts(), CLIQUET_OK);
    memcpy(ratchet, group_out.ratchet.data, sizeof ratchet);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, ratchet, sizeof ratchet,
                                    (const uint8_t *)"MEGOLM_KEYS", 11),
                     0);
    cqt_secret_add(&s, "ratchet R_i", ratchet, sizeof ratchet);
    cqt_secret_add(&s, "AES key", keys, 32);
    cqt_secret_add(&s, "HMAC key", keys + 32, 32);
    cqt_secret_add(&s, "signing key", group_out.signing_key.expanded, 64);

    cqt_paint();
    assert_int_equal(cqt_descend(group_encrypts), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "megolm encrypt"), 0);
    cqt_paint();
    assert_int_equal(cqt_descend(group_decrypts), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "megolm decrypt"), 0);
    sodium_memzero(ratchet, sizeof ratchet);
    sodium_memzero(keys, sizeof keys);
}

/* ---- PK backups and SAS ------------------------------------------------------------ */

static cq_pk_decryption backup;
static uint8_t backup_eph[32], backup_mac[8], backup_ct[16]; /* 10 bytes, padded */

static __attribute__((noinline)) cliquet_status backup_decrypts(void)
{
    uint8_t pt[64];
    size_t len = 0;
    cliquet_status st = cq_pk_decrypt_legacy(pt, &len, &backup, backup_eph, backup_mac,
                                             backup_ct, sizeof backup_ct);

    sodium_memzero(pt, sizeof pt);
    return st;
}

static void test_pk(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t priv[32], random[32], shared[32], keys[80];

    (void)state;
    cqt_stream(priv, sizeof priv);
    cqt_stream(random, sizeof random);
    cq_pk_decryption_from_private(&backup, priv);
    assert_int_equal(cq_pk_encrypt_legacy(backup_ct, backup_mac, backup_eph,
                                          backup.public_key, (const uint8_t *)"a room key",
                                          10, random),
                     CLIQUET_OK);
    assert_int_equal(crypto_scalarmult(shared, priv, backup_eph), 0);
    assert_int_equal(cq_hkdf_sha256(keys, 80, NULL, 0, shared, 32, NULL, 0), 0);
    cqt_secret_add(&s, "shared secret", shared, 32);
    cqt_secret_add(&s, "AES key", keys, 32);
    cqt_secret_add(&s, "MAC key", keys + 32, 32);
    cqt_secret_add(&s, "private key", priv, 32);

    assert_int_equal(backup_decrypts(), CLIQUET_OK); /* the warm-up */
    cqt_paint();
    assert_int_equal(cqt_descend(backup_decrypts), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "pk decrypt"), 0);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(keys, sizeof keys);
    sodium_memzero(priv, sizeof priv);
}

static cq_sas sas_a, sas_b;
static uint8_t sas_mac_out[32];
static const uint8_t sas_info[] = "MATRIX_KEY_VERIFICATION_MAC";

static __attribute__((noinline)) cliquet_status sas_agrees(void)
{
    cliquet_status st = cq_sas_set_their_key(&sas_a, sas_b.public_key);

    if (st == CLIQUET_OK) {
        st = cq_sas_mac(&sas_a, sas_mac_out, (const uint8_t *)"key", 3, sas_info,
                        sizeof sas_info - 1);
    }
    return st;
}

static void test_sas(void **state)
{
    cqt_secrets s = { 0 };
    uint8_t random[32], shared[32], mac_key[32];

    (void)state;
    cqt_stream(random, sizeof random);
    cq_sas_init(&sas_a, random);
    cqt_stream(random, sizeof random);
    cq_sas_init(&sas_b, random);
    assert_int_equal(crypto_scalarmult(shared, sas_a.private_key, sas_b.public_key), 0);
    assert_int_equal(cq_hkdf_sha256(mac_key, 32, NULL, 0, shared, 32, sas_info,
                                    sizeof sas_info - 1),
                     0);
    cqt_secret_add(&s, "shared secret", shared, 32);
    cqt_secret_add(&s, "MAC key", mac_key, 32);
    cqt_secret_add(&s, "private key", sas_a.private_key, 32);

    assert_int_equal(sas_agrees(), CLIQUET_OK); /* the warm-up */
    cqt_paint();
    assert_int_equal(cqt_descend(sas_agrees), CLIQUET_OK);
    assert_int_equal(cqt_scan(&s, "sas"), 0);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(mac_key, sizeof mac_key);
}

/* ---- the vector registers after AES-NI -------------------------------------------- */

#if defined(__x86_64__)
static cq_aes256 aes_ctx;
static uint8_t aes_key[32], aes_block[64];
static uint8_t xmm[16][16];

/*
 * Runs the AES-NI schedule, encryption and decryption, then stores the 16
 * vector registers as they are on return, before anything else runs.
 */
static __attribute__((noinline)) void aes_then_registers(void)
{
    cq_aes256_init(&aes_ctx, aes_key);
    cq_aes256_encrypt_blocks(&aes_ctx, aes_block, aes_block, 4);
    cq_aes256_decrypt_blocks(&aes_ctx, aes_block, aes_block, 4);
    __asm__ __volatile__("movdqu %%xmm0, 0(%0)\n\tmovdqu %%xmm1, 16(%0)\n\t"
                         "movdqu %%xmm2, 32(%0)\n\tmovdqu %%xmm3, 48(%0)\n\t"
                         "movdqu %%xmm4, 64(%0)\n\tmovdqu %%xmm5, 80(%0)\n\t"
                         "movdqu %%xmm6, 96(%0)\n\tmovdqu %%xmm7, 112(%0)\n\t"
                         "movdqu %%xmm8, 128(%0)\n\tmovdqu %%xmm9, 144(%0)\n\t"
                         "movdqu %%xmm10, 160(%0)\n\tmovdqu %%xmm11, 176(%0)\n\t"
                         "movdqu %%xmm12, 192(%0)\n\tmovdqu %%xmm13, 208(%0)\n\t"
                         "movdqu %%xmm14, 224(%0)\n\tmovdqu %%xmm15, 240(%0)"
                         : : "r"(xmm) : "memory");
}

/* No vector register holds a round key (the first two are the key). */
static void test_aes_ni_registers(void **state)
{
    cliquet_aes_impl impl = cq_aes_selected();
    size_t r, k, found = 0;

    (void)state;
    if (cq_aes_select(CLIQUET_AES_HARDWARE) != CLIQUET_OK) {
        print_message("test_aes_ni_registers: no AES instructions here\n");
        return;
    }
    cqt_stream(aes_key, sizeof aes_key);
    cqt_stream(aes_block, sizeof aes_block);
    aes_then_registers();
    for (r = 0; r < 16; r++) {
        for (k = 0; k < 30; k++) {
            if (memcmp(xmm[r], aes_ctx.words + 2 * k, 16) == 0) {
                print_message("xmm%zu holds round key %zu\n", r, k);
                found++;
            }
        }
    }
    cq_aes256_clear(&aes_ctx);
    sodium_memzero(xmm, sizeof xmm);
    assert_int_equal(cq_aes_select(impl), CLIQUET_OK);
    assert_int_equal(found, 0);
}
#endif

static int setup(void **state)
{
    (void)state;
    cqt_seed_init("test_stack_wipe");
    return cliquet_init() == CLIQUET_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_olm),
        cmocka_unit_test(test_megolm),
        cmocka_unit_test(test_pk),
        cmocka_unit_test(test_sas),
#if defined(__x86_64__)
        cmocka_unit_test(test_aes_ni_registers),
#endif
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
