/*
 * The libolm drop-in's entry points with lengths past their bounds (issue
 * 22): each olm_* call that takes an input length is called with 0, the
 * bound (when it is small enough to hand over as a real buffer), the
 * bound + 1, 2^31, 2^41, SIZE_MAX/4 + 1 and SIZE_MAX - 3. Past the bound
 * the buffer is 512 real bytes of 'A': the call must answer olm_error()
 * without reading or writing past them (libolm's decrypt and unpickle
 * calls decode in place), allocate nothing and leave every object as it
 * was (its libolm pickle under a fixed key is byte-identical).
 *
 * The shim's objects and libcliquet.a are linked in statically with the
 * counting allocator of test/alloc (hostile.mk). Which error each call
 * reports is the shim's error-code mapping (issue 14), printed, not
 * asserted here.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "olm/inbound_group_session.h"
#include "olm/olm.h"
#include "olm/outbound_group_session.h"
#include "olm/pk.h"
#include "olm/sas.h"
#include "alloc/alloc.h"

#define MIB ((size_t)1 << 20)
#define MSG_BOUND ((size_t)1 << 30)
#define B64_BOUND ((size_t)1 << 31)
#define PICKLE_BOUND (2 * MIB)
#define KEY_BOUND MIB
/* Bounds up to this are also called at the bound, with zero bytes. */
#define REAL_BUFFER (PICKLE_BOUND + 64)

static OlmAccount *bob;
static OlmSession *sess;          /* bob's inbound session from alice */
static OlmOutboundGroupSession *ogs;
static OlmInboundGroupSession *igs;
static OlmPkEncryption *pk_enc;
static OlmPkDecryption *pk_dec;
static OlmPkSigning *pk_sign;
static OlmSAS *sas;
static OlmUtility *util;
static char alice_key[44];
static uint8_t *zeros;            /* REAL_BUFFER zero bytes, writable */
static uint8_t small[512];
static uint8_t out[64 * 1024];
static const char pickle_key[] = "length table";
static int failures;

static void fill(uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(0x40 + i % 26);
    }
}

static void must(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "length_table: setup failed: %s\n", what);
        exit(1);
    }
}

/* Every object's libolm pickle, concatenated into out_buf; its length. */
static size_t snapshot(uint8_t *buf, size_t cap)
{
    size_t at = 0, n;
    const size_t k = sizeof pickle_key;

    n = olm_pickle_account(bob, pickle_key, k, buf + at, cap - at);
    must(n != olm_error(), "pickle account");
    at += n;
    n = olm_pickle_session(sess, pickle_key, k, buf + at, cap - at);
    must(n != olm_error(), "pickle session");
    at += n;
    n = olm_pickle_outbound_group_session(ogs, pickle_key, k, buf + at, cap - at);
    must(n != olm_error(), "pickle ogs");
    at += n;
    n = olm_pickle_inbound_group_session(igs, pickle_key, k, buf + at, cap - at);
    must(n != olm_error(), "pickle igs");
    at += n;
    n = olm_pickle_pk_decryption(pk_dec, pickle_key, k, buf + at, cap - at);
    must(n != olm_error(), "pickle pk");
    at += n;
    n = olm_sas_generate_bytes(sas, "s", 1, buf + at, 32);
    must(n != olm_error(), "sas bytes");
    return at + 32;
}

static void *obj(size_t size)
{
    void *p = calloc(1, size);

    must(p != NULL, "calloc");
    return p;
}

static void setup(void)
{
    OlmAccount *alice = olm_account(obj(olm_account_size()));
    OlmSession *to_bob = olm_session(obj(olm_session_size()));
    OlmSAS *other = olm_sas(obj(olm_sas_size()));
    uint8_t random[256], keys[2048], msg[2048], plain[256], bob_key[44], otk[44];
    char *p;
    size_t n, type;

    zeros = obj(REAL_BUFFER);
    bob = olm_account(obj(olm_account_size()));
    sess = olm_session(obj(olm_session_size()));
    ogs = olm_outbound_group_session(obj(olm_outbound_group_session_size()));
    igs = olm_inbound_group_session(obj(olm_inbound_group_session_size()));
    pk_enc = olm_pk_encryption(obj(olm_pk_encryption_size()));
    pk_dec = olm_pk_decryption(obj(olm_pk_decryption_size()));
    pk_sign = olm_pk_signing(obj(olm_pk_signing_size()));
    sas = olm_sas(obj(olm_sas_size()));
    util = olm_utility(obj(olm_utility_size()));

    fill(random, sizeof random);
    must(olm_create_account(bob, random, olm_create_account_random_length(bob)) != olm_error(),
         "bob");
    random[0] ^= 1;
    must(olm_create_account(alice, random, olm_create_account_random_length(alice)) !=
             olm_error(), "alice");
    must(olm_account_generate_one_time_keys(bob, 2, random, 64) != olm_error(), "otks");
    n = olm_account_identity_keys(bob, keys, sizeof keys);
    must(n != olm_error(), "bob keys");
    keys[n] = 0;
    p = strstr((char *)keys, "\"curve25519\":\"");
    must(p != NULL, "bob curve key");
    memcpy(bob_key, p + 14, 43);
    n = olm_account_identity_keys(alice, keys, sizeof keys);
    keys[n] = 0;
    p = strstr((char *)keys, "\"curve25519\":\"");
    must(p != NULL, "alice curve key");
    memcpy(alice_key, p + 14, 43);
    n = olm_account_one_time_keys(bob, keys, sizeof keys);
    keys[n] = 0;
    p = strstr((char *)keys, "\":\"");
    must(p != NULL, "otk");
    memcpy(otk, p + 3, 43);
    must(olm_create_outbound_session(to_bob, alice, bob_key, 43, otk, 43, random,
                                     olm_create_outbound_session_random_length(to_bob)) !=
             olm_error(), "outbound");
    type = olm_encrypt_message_type(to_bob);
    n = olm_encrypt(to_bob, "hi", 2, random, olm_encrypt_random_length(to_bob), msg,
                    olm_encrypt_message_length(to_bob, 2));
    must(n != olm_error() && type == 0, "encrypt");
    must(olm_create_inbound_session(sess, bob, msg, n) != olm_error(), "inbound");

    must(olm_init_outbound_group_session(ogs, random, 160) != olm_error(), "ogs");
    n = olm_outbound_group_session_key(ogs, keys, sizeof keys);
    must(n != olm_error(), "ogs key");
    must(olm_init_inbound_group_session(igs, keys, n) != olm_error(), "igs");
    n = olm_pk_key_from_private(pk_dec, keys, sizeof keys, random, 32);
    must(n != olm_error(), "pk dec");
    must(olm_pk_encryption_set_recipient_key(pk_enc, keys, 43) != olm_error(), "pk enc");
    must(olm_pk_signing_key_from_seed(pk_sign, keys, sizeof keys, random, 32) != olm_error(),
         "pk sign");
    must(olm_create_sas(sas, random, 32) != olm_error(), "sas");
    must(olm_create_sas(other, random + 32, 32) != olm_error(), "other sas");
    must(olm_sas_get_pubkey(other, keys, 43) != olm_error(), "sas key");
    must(olm_sas_set_their_key(sas, keys, 43) != olm_error(), "their key");
    (void)plain;
    olm_clear_account(alice);
    olm_clear_session(to_bob);
    olm_clear_sas(other);
    free(alice);
    free(to_bob);
    free(other);
}

typedef size_t (*call_fn)(uint8_t *in, size_t len, int arg);

typedef struct row {
    const char *name;
    size_t bound;
    call_fn call;
    int arg;
} row;

/* arg / 2: account, session, outbound group, inbound group, pk decryption;
 * arg % 2: 0 the key's length, 1 the pickle's. Into a fresh object. */
static size_t unpickle(uint8_t *in, size_t len, int arg)
{
    uint8_t text[8] = "AAAAAAAA", pub[64];
    const void *key = arg % 2 == 0 ? (const void *)in : (const void *)pickle_key;
    size_t key_len = arg % 2 == 0 ? len : sizeof pickle_key;
    void *text_p = arg % 2 == 1 ? (void *)in : (void *)text;
    size_t text_len = arg % 2 == 1 ? len : sizeof text;
    static uint8_t mem[16384];
    size_t r;

    memset(mem, 0, sizeof mem);
    switch (arg / 2) {
    case 0:
        r = olm_unpickle_account(olm_account(mem), key, key_len, text_p, text_len);
        olm_clear_account((OlmAccount *)mem);
        return r;
    case 1:
        r = olm_unpickle_session(olm_session(mem), key, key_len, text_p, text_len);
        olm_clear_session((OlmSession *)mem);
        return r;
    case 2:
        r = olm_unpickle_outbound_group_session(olm_outbound_group_session(mem), key, key_len,
                                                text_p, text_len);
        olm_clear_outbound_group_session((OlmOutboundGroupSession *)mem);
        return r;
    case 3:
        r = olm_unpickle_inbound_group_session(olm_inbound_group_session(mem), key, key_len,
                                               text_p, text_len);
        olm_clear_inbound_group_session((OlmInboundGroupSession *)mem);
        return r;
    default:
        r = olm_unpickle_pk_decryption(olm_pk_decryption(mem), key, key_len, text_p, text_len,
                                       pub, sizeof pub);
        olm_clear_pk_decryption((OlmPkDecryption *)mem);
        return r;
    }
}

static size_t pickle(uint8_t *in, size_t len, int arg)
{
    switch (arg) {
    case 0:
        return olm_pickle_account(bob, in, len, out, sizeof out);
    case 1:
        return olm_pickle_session(sess, in, len, out, sizeof out);
    case 2:
        return olm_pickle_outbound_group_session(ogs, in, len, out, sizeof out);
    case 3:
        return olm_pickle_inbound_group_session(igs, in, len, out, sizeof out);
    default:
        return olm_pickle_pk_decryption(pk_dec, in, len, out, sizeof out);
    }
}

static size_t olm_messages(uint8_t *in, size_t len, int arg)
{
    static uint8_t mem[16384];
    size_t r;

    switch (arg) {
    case 0:
        return olm_decrypt_max_plaintext_length(sess, 1, in, len);
    case 1:
        return olm_decrypt(sess, 1, in, len, out, sizeof out);
    case 2:
        return olm_matches_inbound_session(sess, in, len);
    case 3:
        return olm_matches_inbound_session_from(sess, alice_key, 43, in, len);
    case 4:
        return olm_encrypt_message_length(sess, len);
    case 5:
        return olm_encrypt(sess, in, len, zeros, olm_encrypt_random_length(sess), out,
                           sizeof out);
    default:
        memset(mem, 0, sizeof mem);
        r = arg == 6 ? olm_create_inbound_session(olm_session(mem), bob, in, len)
                     : olm_create_inbound_session_from(olm_session(mem), bob, alice_key, 43,
                                                       in, len);
        olm_clear_session((OlmSession *)mem);
        return r;
    }
}

static size_t group(uint8_t *in, size_t len, int arg)
{
    static uint8_t mem[16384];
    uint32_t index;
    size_t r;

    switch (arg) {
    case 0:
        return olm_group_decrypt_max_plaintext_length(igs, in, len);
    case 1:
        return olm_group_decrypt(igs, in, len, out, sizeof out, &index);
    case 2:
        return olm_group_encrypt_message_length(ogs, len);
    case 3:
        return olm_group_encrypt(ogs, in, len, out, sizeof out);
    default:
        memset(mem, 0, sizeof mem);
        r = arg == 4 ? olm_init_inbound_group_session(olm_inbound_group_session(mem), in, len)
                     : olm_import_inbound_group_session(olm_inbound_group_session(mem), in,
                                                        len);
        olm_clear_inbound_group_session((OlmInboundGroupSession *)mem);
        return r;
    }
}

static size_t pk(uint8_t *in, size_t len, int arg)
{
    uint8_t mac[16], eph[48];

    switch (arg) {
    case 0:
        return olm_pk_decrypt(pk_dec, alice_key, 43, "AAAAAAAAAAA", 11, in, len, out,
                              sizeof out);
    case 1:
        return olm_pk_max_plaintext_length(pk_dec, len);
    case 2:
        return olm_pk_ciphertext_length(pk_enc, len);
    case 3:
        return olm_pk_encrypt(pk_enc, in, len, out, sizeof out, mac, sizeof mac, eph,
                              sizeof eph, zeros, 32);
    default:
        return olm_pk_sign(pk_sign, in, len, out, sizeof out);
    }
}

static size_t sas_util(uint8_t *in, size_t len, int arg)
{
    switch (arg) {
    case 0:
        return olm_sas_generate_bytes(sas, in, len, out, 8);
    case 1:
        return olm_sas_calculate_mac(sas, in, len, "i", 1, out, sizeof out);
    case 2:
        return olm_sas_calculate_mac(sas, "m", 1, in, len, out, sizeof out);
    case 3:
        return olm_sas_calculate_mac_fixed_base64(sas, in, len, "i", 1, out, sizeof out);
    case 4:
        return olm_sas_calculate_mac_fixed_base64(sas, "m", 1, in, len, out, sizeof out);
    case 5:
        return olm_sas_calculate_mac_long_kdf(sas, in, len, "i", 1, out, sizeof out);
    case 6:
        return olm_sas_calculate_mac_long_kdf(sas, "m", 1, in, len, out, sizeof out);
    case 7:
        return olm_sha256(util, in, len, out, sizeof out);
    case 8:
        return olm_ed25519_verify(util, alice_key, 43, in, len, out, 86);
    default:
        return olm_account_sign(bob, in, len, out, sizeof out);
    }
}

static const row table[] = {
    {"olm_unpickle_account key", KEY_BOUND, unpickle, 0},
    {"olm_unpickle_account pickled", PICKLE_BOUND, unpickle, 1},
    {"olm_unpickle_session key", KEY_BOUND, unpickle, 2},
    {"olm_unpickle_session pickled", PICKLE_BOUND, unpickle, 3},
    {"olm_unpickle_outbound_group_session key", KEY_BOUND, unpickle, 4},
    {"olm_unpickle_outbound_group_session pickled", PICKLE_BOUND, unpickle, 5},
    {"olm_unpickle_inbound_group_session key", KEY_BOUND, unpickle, 6},
    {"olm_unpickle_inbound_group_session pickled", PICKLE_BOUND, unpickle, 7},
    {"olm_unpickle_pk_decryption key", KEY_BOUND, unpickle, 8},
    {"olm_unpickle_pk_decryption pickled", PICKLE_BOUND, unpickle, 9},
    {"olm_pickle_account key", KEY_BOUND, pickle, 0},
    {"olm_pickle_session key", KEY_BOUND, pickle, 1},
    {"olm_pickle_outbound_group_session key", KEY_BOUND, pickle, 2},
    {"olm_pickle_inbound_group_session key", KEY_BOUND, pickle, 3},
    {"olm_pickle_pk_decryption key", KEY_BOUND, pickle, 4},
    {"olm_decrypt_max_plaintext_length message", B64_BOUND, olm_messages, 0},
    {"olm_decrypt message", B64_BOUND, olm_messages, 1},
    {"olm_matches_inbound_session message", B64_BOUND, olm_messages, 2},
    {"olm_matches_inbound_session_from message", B64_BOUND, olm_messages, 3},
    {"olm_encrypt_message_length plaintext", MSG_BOUND, olm_messages, 4},
    {"olm_encrypt plaintext", MSG_BOUND, olm_messages, 5},
    {"olm_create_inbound_session message", B64_BOUND, olm_messages, 6},
    {"olm_create_inbound_session_from message", B64_BOUND, olm_messages, 7},
    {"olm_group_decrypt_max_plaintext_length message", B64_BOUND, group, 0},
    {"olm_group_decrypt message", B64_BOUND, group, 1},
    {"olm_group_encrypt_message_length plaintext", MSG_BOUND, group, 2},
    {"olm_group_encrypt plaintext", MSG_BOUND, group, 3},
    {"olm_init_inbound_group_session session_key", B64_BOUND, group, 4},
    {"olm_import_inbound_group_session session_key", B64_BOUND, group, 5},
    {"olm_pk_decrypt ciphertext", B64_BOUND, pk, 0},
    {"olm_pk_max_plaintext_length ciphertext", B64_BOUND, pk, 1},
    {"olm_pk_ciphertext_length plaintext", MSG_BOUND, pk, 2},
    {"olm_pk_encrypt plaintext", MSG_BOUND, pk, 3},
    {"olm_pk_sign message", MSG_BOUND, pk, 4},
    {"olm_sas_generate_bytes info", MSG_BOUND, sas_util, 0},
    {"olm_sas_calculate_mac input", MSG_BOUND, sas_util, 1},
    {"olm_sas_calculate_mac info", MSG_BOUND, sas_util, 2},
    {"olm_sas_calculate_mac_fixed_base64 input", MSG_BOUND, sas_util, 3},
    {"olm_sas_calculate_mac_fixed_base64 info", MSG_BOUND, sas_util, 4},
    {"olm_sas_calculate_mac_long_kdf input", MSG_BOUND, sas_util, 5},
    {"olm_sas_calculate_mac_long_kdf info", MSG_BOUND, sas_util, 6},
    {"olm_sha256 input", MSG_BOUND, sas_util, 7},
    {"olm_ed25519_verify message", MSG_BOUND, sas_util, 8},
    {"olm_account_sign message", MSG_BOUND, sas_util, 9},
};

static uint8_t before[65536], after[65536];

static void run_one(const row *r, size_t len)
{
    int past = len > r->bound;
    size_t n_before = snapshot(before, sizeof before), n_after, result;
    cqt_alloc_stats a;
    uint8_t *in = past ? small : zeros;

    memset(small, 'A', sizeof small);
    memset(zeros, 0, REAL_BUFFER);
    cqt_alloc_begin(0, 64 * MIB);
    result = r->call(in, len, r->arg);
    a = cqt_alloc_end();
    if (a.live != 0) {
        printf("FAIL %s, length %zu: %ld allocations left\n", r->name, len, a.live);
        failures++;
    }
    if (!past) {
        return;
    }
    n_after = snapshot(after, sizeof after);
    if (result != olm_error()) {
        printf("FAIL %s, length %zu: returned %zu, not olm_error()\n", r->name, len, result);
        failures++;
    }
    if (a.calls != 0) {
        printf("FAIL %s, length %zu: %zu allocations (largest %zu)\n", r->name, len, a.calls,
               a.largest);
        failures++;
    }
    if (n_after != n_before || memcmp(before, after, n_before) != 0) {
        printf("FAIL %s, length %zu: an object changed\n", r->name, len);
        failures++;
    }
}

int main(void)
{
    size_t i, j, calls = 0;

    setup();
    for (i = 0; i < sizeof table / sizeof table[0]; i++) {
        const size_t lengths[] = {0, table[i].bound, table[i].bound + 1, (size_t)1 << 31,
                                  (size_t)1 << 41, SIZE_MAX / 4 + 1, SIZE_MAX - 3};

        for (j = 0; j < sizeof lengths / sizeof lengths[0]; j++) {
            /* Within a bound only with a real buffer that long. */
            if (lengths[j] <= table[i].bound && lengths[j] > REAL_BUFFER) {
                continue;
            }
            run_one(&table[i], lengths[j]);
            calls++;
        }
    }
    printf("shim length table: %zu lengths, %zu calls, %d failures\n",
           sizeof table / sizeof table[0], calls, failures);
    /* For test/run.sh's count, as a cmocka program prints it. */
    if (failures == 0) {
        printf("[  PASSED  ] 1 test(s).\n");
        return 0;
    }
    printf("[  FAILED  ] 1 test(s), listed below:\n");
    return 1;
}
