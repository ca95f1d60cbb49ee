/*
 * lib/sas and its API: short authentication strings.
 *
 *   - vectors: vectors/sas/sas.txt (made by Debian's libolm, gen_sas.c) and
 *     vectors/sas/libolm-tests.txt (libolm's own test, with the python
 *     test's literal legacy MAC);
 *   - byte identity: the same random bytes into libolm and cliquet give
 *     the same public keys, SAS bytes and all three MAC forms;
 *   - live: a cliquet SAS and a libolm SAS, each with its own randomness,
 *     agree on SAS bytes and MACs;
 *   - refusals: before their key is set (CLIQUET_ERR_SAS_NO_THEIR_KEY),
 *     low-order keys, bad base64 and lengths, too many bytes.
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
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
#include <olm/olm.h>
#include <olm/sas.h>
#include <sodium.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "core/core.h"
#include "helpers/seed.h"
#include "helpers/util.h"
#include "helpers/vectors.h"
#include "helpers/sha_paths.h"
#include "sas/sas.h"


static int setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_seed_init("test_sas");
    return 0;
}

/* ---- libolm as the oracle ---------------------------------------------- */

static OlmSAS *ref_sas_new(const uint8_t random[32])
{
    OlmSAS *s = olm_sas(malloc(olm_sas_size()));
    uint8_t copy[32];

    memcpy(copy, random, 32);
    assert_int_not_equal(olm_create_sas(s, copy, 32), olm_error());
    return s;
}

static void ref_sas_free(OlmSAS *s)
{
    olm_clear_sas(s);
    free(s);
}

static void ref_sas_set(OlmSAS *s, const char key[43])
{
    char copy[43];

    memcpy(copy, key, 43); /* libolm decodes in place */
    assert_int_not_equal(olm_sas_set_their_key(s, copy, 43), olm_error());
}

/* The three MAC forms of a core SAS, as text. */
static void core_macs(const cq_sas *s, char v2[43], char legacy[43], char long_kdf[43],
                      const uint8_t *msg, size_t n, const uint8_t *info, size_t info_len)
{
    uint8_t raw[32];

    assert_int_equal(cq_sas_mac(s, raw, msg, n, info, info_len), CLIQUET_OK);
    cq_base64_encode(v2, raw, 32);
    cq_sas_legacy_base64(legacy, raw);
    assert_int_equal(cq_sas_mac_long_kdf(s, raw, msg, n, info, info_len), CLIQUET_OK);
    cq_sas_legacy_base64(long_kdf, raw);
}

/* ---- vectors ------------------------------------------------------------------ */

static void sas_case(cqt_vectors *v)
{
    size_t n, info_len, bytes_len, msg_len, mac_info_len;
    const uint8_t *ra = cqt_hex(v, "alice_random", &n);
    const uint8_t *rb = cqt_hex(v, "bob_random", &n);
    const uint8_t *info = cqt_hex(v, "info", &info_len);
    const uint8_t *bytes = cqt_hex(v, "bytes", &bytes_len);
    const uint8_t *msg = cqt_hex(v, "message", &msg_len);
    const uint8_t *mac_info = cqt_hex(v, "mac_info", &mac_info_len);
    cq_sas a, b, *side[2];
    uint8_t key[32], out[1024];
    char text[43], v2[43], legacy[43], long_kdf[43];
    int i;

    assert_true(bytes_len <= sizeof out);
    cq_sas_init(&a, ra);
    cq_sas_init(&b, rb);
    cq_base64_encode(text, a.public_key, 32);
    cqt_assert_text(text, 43, cqt_str(v, "alice_public"));
    cq_base64_encode(text, b.public_key, 32);
    cqt_assert_text(text, 43, cqt_str(v, "bob_public"));
    /* Each side takes the other's key as text, as it would from an event. */
    assert_int_equal(cq_base64_decode(key, 32, &n, cqt_str(v, "bob_public"), 43), CLIQUET_OK);
    assert_int_equal(cq_sas_set_their_key(&a, key), CLIQUET_OK);
    assert_int_equal(cq_base64_decode(key, 32, &n, cqt_str(v, "alice_public"), 43), CLIQUET_OK);
    assert_int_equal(cq_sas_set_their_key(&b, key), CLIQUET_OK);
    side[0] = &a;
    side[1] = &b;
    for (i = 0; i < 2; i++) {
        assert_int_equal(cq_sas_generate_bytes(side[i], out, bytes_len, info, info_len),
                         CLIQUET_OK);
        if (bytes_len > 0) {
            assert_memory_equal(out, bytes, bytes_len);
        }
        core_macs(side[i], v2, legacy, long_kdf, msg, msg_len, mac_info, mac_info_len);
        cqt_assert_text(v2, 43, cqt_str(v, "mac"));
        cqt_assert_text(legacy, 43, cqt_str(v, "mac_legacy"));
        cqt_assert_text(long_kdf, 43, cqt_str(v, "mac_long_kdf"));
    }
    cq_sas_clear(&a);
    cq_sas_clear(&b);
}

static unsigned long run_sas_file(const char *path)
{
    return cqt_vectors_each(path,
                            "alice_random bob_random alice_public bob_public info bytes "
                            "message mac_info mac mac_legacy mac_long_kdf",
                            sas_case);
}

/* spec: client-server-api §Short Authentication String (SAS) verification */
/* spec: client-server-api §SAS HKDF calculation */
/* spec: client-server-api §MAC calculation */
static void test_sas_vectors(void **state)
{
    unsigned long made, literal;

    (void)state;
    made = run_sas_file("vectors/sas/sas.txt");
    literal = run_sas_file("vectors/sas/libolm-tests.txt");
    printf("sas vectors: %lu cases (libolm-made %lu, libolm's tests %lu)\n",
           made + literal, made, literal);
}

/* ---- byte identity with libolm for random inputs ---------------------------- */

/* spec: client-server-api §Short Authentication String (SAS) verification */
/* spec: client-server-api §MAC calculation */
static void test_sas_same_random_as_libolm(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < 200; i++) {
        size_t n = i == 0 ? CQ_SAS_MAX_BYTES : cqt_stream_below(400);
        size_t msg_len = cqt_stream_below(300), info_len = cqt_stream_below(200);
        uint8_t ra[32], rb[32], key[32];
        uint8_t *mine = malloc(n + 1), *theirs = malloc(n + 1);
        uint8_t msg[300], info[200];
        char pa[43], pb[43], text[43], olm_mac[43], v2[43], legacy[43], long_kdf[43];
        size_t len;
        OlmSAS *o;
        cq_sas c;

        cqt_stream(ra, 32);
        cqt_stream(rb, 32);
        cqt_stream(msg, msg_len);
        cqt_stream(info, info_len);
        /* libolm plays "a", cliquet plays "a" too, from the same bytes; "b"
         * only contributes its public key. */
        o = ref_sas_new(ra);
        cq_sas_init(&c, ra);
        assert_int_not_equal(olm_sas_get_pubkey(o, pa, 43), olm_error());
        cq_base64_encode(text, c.public_key, 32);
        assert_memory_equal(text, pa, 43);
        {
            cq_sas other;

            cq_sas_init(&other, rb);
            cq_base64_encode(pb, other.public_key, 32);
            cq_sas_clear(&other);
        }
        ref_sas_set(o, pb);
        assert_int_equal(cq_base64_decode(key, 32, &len, pb, 43), CLIQUET_OK);
        assert_int_equal(cq_sas_set_their_key(&c, key), CLIQUET_OK);

        assert_int_not_equal(olm_sas_generate_bytes(o, info, info_len, theirs, n), olm_error());
        assert_int_equal(cq_sas_generate_bytes(&c, mine, n, info, info_len), CLIQUET_OK);
        if (n > 0) {
            assert_memory_equal(mine, theirs, n);
        }
        core_macs(&c, v2, legacy, long_kdf, msg, msg_len, info, info_len);
        assert_int_not_equal(olm_sas_calculate_mac_fixed_base64(o, msg, msg_len, info, info_len,
                                                                olm_mac, 43), olm_error());
        assert_memory_equal(v2, olm_mac, 43);
        assert_int_not_equal(olm_sas_calculate_mac(o, msg, msg_len, info, info_len, olm_mac, 43),
                             olm_error());
        assert_memory_equal(legacy, olm_mac, 43);
        assert_int_not_equal(olm_sas_calculate_mac_long_kdf(o, msg, msg_len, info, info_len,
                                                            olm_mac, 43), olm_error());
        assert_memory_equal(long_kdf, olm_mac, 43);
        ref_sas_free(o);
        cq_sas_clear(&c);
        free(mine);
        free(theirs);
    }
    printf("sas: 200 random cases byte-identical with libolm (bytes up to %u, 3 MAC forms)\n",
           (unsigned)CQ_SAS_MAX_BYTES);
}

/* ---- live: a cliquet side and a libolm side ---------------------------------- */

/* spec: client-server-api §Short Authentication String (SAS) verification */
static void test_sas_live_with_libolm(void **state)
{
    static const char sas_info[] = "MATRIX_KEY_VERIFICATION_SAS|@alice:example.org|ALICE|"
                                   "@bob:example.org|BOB|$txn";
    static const char mac_info[] = "MATRIX_KEY_VERIFICATION_MAC@alice:example.org"
                                   "ALICE@bob:example.org|BOB$txnKEY_IDS";
    static const char message[] = "ed25519:ALICE";
    unsigned i;

    (void)state;
    for (i = 0; i < 20; i++) {
        uint8_t random[32], mine[6], theirs[6];
        char ours[CLIQUET_KEY_BASE64_SIZE], their_key[43], mac[CLIQUET_SAS_MAC_BASE64_SIZE];
        char olm_mac[43];
        cliquet_sas *s;
        OlmSAS *o;
        int set = -1;

        cqt_stream(random, 32);
        o = ref_sas_new(random);
        assert_int_equal(cliquet_sas_new(&s), CLIQUET_OK);
        assert_int_equal(cliquet_sas_is_their_key_set(s, &set), CLIQUET_OK);
        assert_int_equal(set, 0);
        memset(ours, 0x5a, sizeof ours);
        assert_int_equal(cliquet_sas_public_key(s, ours), CLIQUET_OK);
        assert_int_equal(strlen(ours), 43);
        assert_int_not_equal(olm_sas_get_pubkey(o, their_key, 43), olm_error());
        assert_int_equal(cliquet_sas_set_their_key(s, their_key, 43), CLIQUET_OK);
        ref_sas_set(o, ours);
        assert_int_equal(cliquet_sas_is_their_key_set(s, &set), CLIQUET_OK);
        assert_int_equal(set, 1);

        assert_int_equal(cliquet_sas_generate_bytes(s, mine, 6, (const uint8_t *)sas_info,
                                                    strlen(sas_info)), CLIQUET_OK);
        assert_int_not_equal(olm_sas_generate_bytes(o, sas_info, strlen(sas_info), theirs, 6),
                             olm_error());
        assert_memory_equal(mine, theirs, 6);

        assert_int_equal(cliquet_sas_calculate_mac(s, mac, (const uint8_t *)message,
                                                   strlen(message), (const uint8_t *)mac_info,
                                                   strlen(mac_info)), CLIQUET_OK);
        assert_int_not_equal(olm_sas_calculate_mac_fixed_base64(o, message, strlen(message),
                                                                mac_info, strlen(mac_info),
                                                                olm_mac, 43), olm_error());
        assert_memory_equal(mac, olm_mac, 43);
        assert_int_equal(mac[43], '\0'); /* the text rule: a C string */
        assert_int_equal(cliquet_sas_calculate_mac_legacy_base64(
                             s, mac, (const uint8_t *)message, strlen(message),
                             (const uint8_t *)mac_info, strlen(mac_info)), CLIQUET_OK);
        assert_int_not_equal(olm_sas_calculate_mac(o, message, strlen(message), mac_info,
                                                   strlen(mac_info), olm_mac, 43), olm_error());
        assert_memory_equal(mac, olm_mac, 43);
        assert_int_equal(mac[43], '\0');
        assert_int_equal(cliquet_sas_calculate_mac_long_kdf(
                             s, mac, (const uint8_t *)message, strlen(message),
                             (const uint8_t *)mac_info, strlen(mac_info)), CLIQUET_OK);
        assert_int_not_equal(olm_sas_calculate_mac_long_kdf(o, message, strlen(message),
                                                            mac_info, strlen(mac_info),
                                                            olm_mac, 43), olm_error());
        assert_memory_equal(mac, olm_mac, 43);
        assert_int_equal(mac[43], '\0');
        cliquet_sas_free(s);
        ref_sas_free(o);
    }
    printf("sas live: 20 verifications between cliquet and libolm agree\n");
}

/* ---- the legacy base64, in its own right ----------------------------------------- */

/* spec: client-server-api §MAC calculation */
/*
 * What libolm's in-place encoding gives, described independently: encode
 * group by group with a plain base64 of each group, reading from the buffer
 * being written. Only the first four characters are the true encoding.
 */
static void test_legacy_base64_shape(void **state)
{
    uint8_t mac[32];
    char legacy[43], proper[44];
    unsigned i;

    (void)state;
    for (i = 0; i < 100; i++) {
        cqt_stream(mac, 32);
        cq_sas_legacy_base64(legacy, mac);
        sodium_bin2base64(proper, sizeof proper, mac, 32,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
        assert_memory_equal(legacy, proper, 4);
        /* Every character is in the standard alphabet. */
        {
            size_t k;

            for (k = 0; k < 43; k++) {
                assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789+/", legacy[k]));
            }
        }
    }
    /* libolm's python test's literal value for the RFC 7748 keys is in
     * vectors/sas/libolm-tests.txt and checked by test_sas_vectors. */
}

/* spec: client-server-api §MAC calculation */
/*
 * The weakness docs/sas.md states: the legacy text depends on MAC bytes 0,
 * 1, 2, 4, 5 and 8 only (48 bits); every other byte is overwritten before
 * the encoder reads it. Checked both ways: changing any other byte leaves
 * the text alone, changing one of these six changes it.
 */
static void test_legacy_base64_uses_48_bits(void **state)
{
    static const int used[32] = { [0] = 1, [1] = 1, [2] = 1, [4] = 1, [5] = 1, [8] = 1 };
    uint8_t mac[32], changed[32];
    char base[43], text[43];
    unsigned i, k;

    (void)state;
    for (i = 0; i < 20; i++) {
        cqt_stream(mac, 32);
        cq_sas_legacy_base64(base, mac);
        for (k = 0; k < 32; k++) {
            memcpy(changed, mac, 32);
            changed[k] ^= 0x80;
            cq_sas_legacy_base64(text, changed);
            if (used[k]) {
                assert_memory_not_equal(text, base, 43);
            } else {
                assert_memory_equal(text, base, 43);
            }
        }
    }
}

/* ---- refusals ----------------------------------------------------------------------- */

/* spec: client-server-api §SAS HKDF calculation */
static void test_no_their_key(void **state)
{
    cliquet_sas *s;
    uint8_t out[8], msg[1] = { 'x' };
    char mac[CLIQUET_SAS_MAC_BASE64_SIZE];
    cq_sas c;
    uint8_t random[32], raw[32];

    (void)state;
    assert_int_equal(cliquet_sas_new(&s), CLIQUET_OK);
    assert_int_equal(cliquet_sas_generate_bytes(s, out, 6, msg, 1), CLIQUET_ERR_SAS_NO_THEIR_KEY);
    assert_int_equal(cliquet_sas_calculate_mac(s, mac, msg, 1, msg, 1),
                     CLIQUET_ERR_SAS_NO_THEIR_KEY);
    assert_int_equal(cliquet_sas_calculate_mac_legacy_base64(s, mac, msg, 1, msg, 1),
                     CLIQUET_ERR_SAS_NO_THEIR_KEY);
    assert_int_equal(cliquet_sas_calculate_mac_long_kdf(s, mac, msg, 1, msg, 1),
                     CLIQUET_ERR_SAS_NO_THEIR_KEY);
    cliquet_sas_free(s);
    cqt_stream(random, 32);
    cq_sas_init(&c, random);
    assert_int_equal(cq_sas_generate_bytes(&c, out, 6, NULL, 0), CLIQUET_ERR_SAS_NO_THEIR_KEY);
    assert_int_equal(cq_sas_mac(&c, raw, NULL, 0, NULL, 0), CLIQUET_ERR_SAS_NO_THEIR_KEY);
    assert_int_equal(cq_sas_mac_long_kdf(&c, raw, NULL, 0, NULL, 0),
                     CLIQUET_ERR_SAS_NO_THEIR_KEY);
    cq_sas_clear(&c);
}

/* spec: client-server-api §Short Authentication String (SAS) verification */
static void test_bad_their_key(void **state)
{
    /* Low-order points of Curve25519 (0, 1 and a point of order 8). */
    static const char *low_order[] = {
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "4Ot6fDtBuK4WVuP68Z/EatoJjeucMrH9hmIFFl9JuAA",
    };
    cliquet_sas *s, *peer;
    char key[44] = { 0 }, bad[64];
    uint8_t before[6], after[6];
    int set = -1;
    size_t i;

    (void)state;
    assert_int_equal(cliquet_sas_new(&s), CLIQUET_OK);
    for (i = 0; i < 3; i++) {
        assert_int_equal(cliquet_sas_set_their_key(s, low_order[i], 43),
                         CLIQUET_ERR_ZERO_SHARED_SECRET);
    }
    assert_int_equal(cliquet_sas_is_their_key_set(s, &set), CLIQUET_OK);
    assert_int_equal(set, 0);
    assert_int_equal(cliquet_sas_new(&peer), CLIQUET_OK);
    assert_int_equal(cliquet_sas_public_key(peer, key), CLIQUET_OK);
    /* Lengths and encodings. */
    /* 42 characters of 'A': valid base64 of 31 zero bytes. */
    assert_int_equal(cliquet_sas_set_their_key(s, low_order[0], 42), CLIQUET_ERR_BAD_KEY_LENGTH);
    assert_int_equal(cliquet_sas_set_their_key(s, key, 41), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_sas_set_their_key(s, key, 0), CLIQUET_ERR_BAD_KEY_LENGTH);
    memcpy(bad, key, 43);
    memcpy(bad + 43, "AAAA", 4);
    assert_int_equal(cliquet_sas_set_their_key(s, bad, 47), CLIQUET_ERR_BAD_KEY_LENGTH);
    bad[43] = '=';
    assert_int_equal(cliquet_sas_set_their_key(s, bad, 44), CLIQUET_ERR_BAD_BASE64);
    memcpy(bad, key, 43);
    bad[0] = '-';
    assert_int_equal(cliquet_sas_set_their_key(s, bad, 43), CLIQUET_ERR_BAD_BASE64);
    assert_int_equal(cliquet_sas_set_their_key(s, NULL, 43), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_is_their_key_set(s, &set), CLIQUET_OK);
    assert_int_equal(set, 0);
    /* Once set, a refused key leaves the secret as it was. */
    assert_int_equal(cliquet_sas_set_their_key(s, key, 43), CLIQUET_OK);
    assert_int_equal(cliquet_sas_generate_bytes(s, before, 6, NULL, 0), CLIQUET_OK);
    assert_int_equal(cliquet_sas_set_their_key(s, low_order[0], 43),
                     CLIQUET_ERR_ZERO_SHARED_SECRET);
    assert_int_equal(cliquet_sas_generate_bytes(s, after, 6, NULL, 0), CLIQUET_OK);
    assert_memory_equal(before, after, 6);
    cliquet_sas_free(peer);
    cliquet_sas_free(s);
    cliquet_sas_free(NULL);
}

/* spec: client-server-api §SAS HKDF calculation */
static void test_limits_and_arguments(void **state)
{
    cliquet_sas *s, *peer;
    char key[CLIQUET_KEY_BASE64_SIZE], mac[CLIQUET_SAS_MAC_BASE64_SIZE];
    uint8_t *out = malloc(CLIQUET_SAS_MAX_BYTES + 1);

    (void)state;
    assert_int_equal(cliquet_sas_mac_base64_size(), CLIQUET_SAS_MAC_BASE64_SIZE);
    assert_int_equal(cliquet_sas_max_bytes(), CLIQUET_SAS_MAX_BYTES);
    assert_int_equal(CLIQUET_SAS_MAX_BYTES, CQ_HKDF_MAX_BYTES);
    assert_int_equal((CLIQUET_SAS_MAC_BASE64_SIZE - 1), olm_sas_mac_length(NULL));
    assert_int_equal((CLIQUET_KEY_BASE64_SIZE - 1), olm_sas_pubkey_length(NULL));
    assert_int_equal(cliquet_sas_new(NULL), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_new(&s), CLIQUET_OK);
    assert_int_equal(cliquet_sas_new(&peer), CLIQUET_OK);
    assert_int_equal(cliquet_sas_public_key(peer, key), CLIQUET_OK);
    assert_int_equal(cliquet_sas_set_their_key(s, key, 43), CLIQUET_OK);
    assert_int_equal(cliquet_sas_generate_bytes(s, out, CLIQUET_SAS_MAX_BYTES, NULL, 0),
                     CLIQUET_OK);
    assert_int_equal(cliquet_sas_generate_bytes(s, out, CLIQUET_SAS_MAX_BYTES + 1, NULL, 0),
                     CLIQUET_ERR_INPUT_TOO_LARGE);
    assert_int_equal(cliquet_sas_generate_bytes(s, NULL, 6, NULL, 0),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_generate_bytes(s, out, 6, NULL, 3),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_generate_bytes(s, NULL, 0, NULL, 0), CLIQUET_OK);
    assert_int_equal(cliquet_sas_calculate_mac(s, NULL, out, 1, NULL, 0),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_calculate_mac(s, mac, NULL, 1, NULL, 0),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_calculate_mac(s, mac, NULL, 0, NULL, 0), CLIQUET_OK);
    assert_int_equal(cliquet_sas_is_their_key_set(s, NULL), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_sas_public_key(NULL, key), CLIQUET_ERR_INVALID_ARGUMENT);
    cliquet_sas_free(s);
    cliquet_sas_free(peer);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sas_vectors),
        cmocka_unit_test(test_sas_same_random_as_libolm),
        cmocka_unit_test(test_sas_live_with_libolm),
        cmocka_unit_test(test_legacy_base64_shape),
        cmocka_unit_test(test_legacy_base64_uses_48_bits),
        cmocka_unit_test(test_no_their_key),
        cmocka_unit_test(test_bad_their_key),
        cmocka_unit_test(test_limits_and_arguments),
    };

    return cqt_run_on_sha256_paths("sas", tests, sizeof tests / sizeof tests[0],
                                   setup, NULL);
}
