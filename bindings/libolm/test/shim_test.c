/*
 * The shim's own tests, linked against libolm.so.3 from the shim only: every
 * exported function, its error paths, the behaviour libolm's contract
 * promises (objects in caller memory, caller randomness wiped after use,
 * inputs decoded in place, one-time keys removed only by
 * olm_remove_one_time_keys), and each intentional difference from libolm
 * listed in docs/libolm-compat.md. Agreement with Debian's libolm itself is
 * tested by interop.sh (transcript and conversations).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include <olm/olm.h>
#include <olm/pk.h>
#include <olm/sas.h>

#define ERR ((size_t)-1)

static uint8_t random_buf[8192];

/* Fixed bytes, different for each seed. */
static uint8_t *rnd(size_t n, unsigned seed)
{
    size_t i;

    for (i = 0; i < n; i++) {
        random_buf[i] = (uint8_t)(seed * 131u + i * 7u + 1u);
    }
    return random_buf;
}

static int all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    uint8_t acc = 0;

    for (i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0;
}

static OlmAccount *new_account(unsigned seed)
{
    OlmAccount *a = olm_account(malloc(olm_account_size()));

    assert_int_equal(olm_create_account(a, rnd(64, seed), 64), 0);
    return a;
}

static void free_account(OlmAccount *a)
{
    assert_int_equal(olm_clear_account(a), olm_account_size());
    free(a);
}

static OlmSession *new_session(void)
{
    return olm_session(malloc(olm_session_size()));
}

static void free_session(OlmSession *s)
{
    assert_int_equal(olm_clear_session(s), olm_session_size());
    free(s);
}

/* The value of "name":"<43 characters>" in a JSON listing. */
static void json_key(char key[44], const char *json, size_t len, const char *name)
{
    char text[8192];
    const char *p;

    memcpy(text, json, len);
    text[len] = '\0';
    p = strstr(text, name);
    assert_non_null(p);
    p = strstr(p + strlen(name), "\":\"");
    assert_non_null(p);
    memcpy(key, p + 3, 43);
    key[43] = '\0';
}

static void identity(OlmAccount *a, char curve[44], char ed[44])
{
    char json[200];
    size_t n = olm_account_identity_keys(a, json, sizeof json);

    assert_int_equal(n, 116);
    json_key(curve, json, n, "curve25519");
    json_key(ed, json, n, "ed25519");
}

static void first_one_time_key(OlmAccount *a, char key[44])
{
    char json[8192];
    size_t n = olm_account_one_time_keys(a, json, sizeof json);

    assert_int_not_equal(n, ERR);
    json_key(key, json, n, "{\"curve25519\":{");
}

/* ---- the library, errors, sizes ------------------------------------------------- */

/*
 * libolm's account is its largest object, and libolm's own tests build a
 * session in olm_account_size() bytes: the drop-in keeps that in bounds
 * (run under ASan by make test SANITIZE=1).
 */
static void test_account_size_holds_any_object(void **state)
{
    void *memory = malloc(olm_account_size());
    OlmSession *s;

    (void)state;
    assert_true(olm_account_size() >= olm_session_size());
    assert_true(olm_account_size() >= olm_inbound_group_session_size());
    assert_true(olm_account_size() >= olm_outbound_group_session_size());
    s = olm_session(memory);
    assert_int_equal(olm_clear_session(s), olm_session_size());
    free(memory);
}

static void test_library(void **state)
{
    uint8_t major = 0, minor = 0, patch = 0;
    int i;

    (void)state;
    /* The shim names libolm's last release; Debian's says 3.2.13. */
    olm_get_library_version(&major, &minor, &patch);
    assert_int_equal(major, 3);
    assert_int_equal(minor, 2);
    assert_int_equal(patch, 16);
    olm_get_library_version(NULL, NULL, NULL);
    assert_true(olm_error() == ERR);
    assert_string_equal(_olm_error_to_string(OLM_SUCCESS), "SUCCESS");
    assert_string_equal(_olm_error_to_string(OLM_BAD_MESSAGE_MAC), "BAD_MESSAGE_MAC");
    assert_string_equal(_olm_error_to_string(OLM_INPUT_BUFFER_TOO_SMALL),
                        "OLM_INPUT_BUFFER_TOO_SMALL");
    assert_string_equal(_olm_error_to_string(OLM_PICKLE_EXTRA_DATA),
                        "OLM_PICKLE_EXTRA_DATA");
    assert_string_equal(_olm_error_to_string((enum OlmErrorCode)18), "UNKNOWN_ERROR");
    for (i = 0; i < 18; i++) {
        assert_true(strlen(_olm_error_to_string((enum OlmErrorCode)i)) > 5);
    }
    assert_int_equal(olm_pk_key_length(), 43);
    assert_int_equal(olm_pk_private_key_length(), 32);
    assert_int_equal(olm_pk_generate_key_random_length(), 32);
    assert_int_equal(olm_pk_signing_seed_length(), 32);
    assert_int_equal(olm_pk_signing_public_key_length(), 43);
    assert_int_equal(olm_pk_signature_length(), 86);
}

/*
 * Objects never created answer olm_error() with NOT_ENOUGH_RANDOM (libolm
 * would work on all-zero keys), or the neutral value of a non-size result.
 */
static void test_objects_not_created(void **state)
{
    OlmAccount *a = olm_account(malloc(olm_account_size()));
    OlmSession *s = new_session();
    OlmOutboundGroupSession *og =
        olm_outbound_group_session(malloc(olm_outbound_group_session_size()));
    OlmInboundGroupSession *ig =
        olm_inbound_group_session(malloc(olm_inbound_group_session_size()));
    OlmPkEncryption *pe = olm_pk_encryption(malloc(olm_pk_encryption_size()));
    OlmPkDecryption *pd = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    OlmPkSigning *ps = olm_pk_signing(malloc(olm_pk_signing_size()));
    OlmSAS *sas = olm_sas(malloc(olm_sas_size()));
    char out[512], mac[16], eph[64];
    uint32_t index;

    (void)state;
    assert_int_equal(olm_account_identity_keys(a, out, sizeof out), ERR);
    assert_int_equal(olm_account_last_error_code(a), OLM_NOT_ENOUGH_RANDOM);
    assert_string_equal(olm_account_last_error(a), "NOT_ENOUGH_RANDOM");
    assert_int_equal(olm_account_sign(a, "m", 1, out, sizeof out), ERR);
    assert_int_equal(olm_account_one_time_keys_length(a), 17);
    assert_int_equal(olm_account_one_time_keys(a, out, sizeof out), 17);
    assert_memory_equal(out, "{\"curve25519\":{}}", 17);
    assert_int_equal(olm_account_fallback_key(a, out, sizeof out), 17);
    assert_int_equal(olm_account_mark_keys_as_published(a), 0);
    assert_int_equal(olm_account_generate_one_time_keys(a, 1, rnd(32, 1), 32), ERR);
    assert_int_equal(olm_account_generate_fallback_key(a, rnd(32, 1), 32), ERR);
    olm_account_forget_old_fallback_key(a);
    assert_int_equal(olm_pickle_account_length(a), ERR);
    assert_int_equal(olm_pickle_account(a, "k", 1, out, sizeof out), ERR);

    assert_int_equal(olm_session_id(s, out, sizeof out), ERR);
    assert_int_equal(olm_session_last_error_code(s), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_session_has_received_message(s), 0);
    assert_int_equal(olm_encrypt_message_type(s), ERR);
    assert_int_equal(olm_encrypt_random_length(s), 0);
    assert_int_equal(olm_encrypt_message_length(s, 1), ERR);
    assert_int_equal(olm_encrypt(s, "x", 1, rnd(32, 1), 32, out, sizeof out), ERR);
    assert_int_equal(olm_matches_inbound_session(s, strcpy(out, "AAAA"), 4), 0);
    assert_int_equal(olm_decrypt(s, 1, strcpy(out, "AAAA"), 4, out, sizeof out), ERR);
    assert_int_equal(olm_pickle_session_length(s), ERR);
    assert_int_equal(olm_pickle_session(s, "k", 1, out, sizeof out), ERR);
    olm_session_describe(s, out, sizeof out);
    assert_string_equal(out, "");
    assert_int_equal(olm_create_inbound_session(s, a, strcpy(out, "AAAA"), 4), ERR);
    assert_int_equal(olm_create_outbound_session(
                         s, a, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 43,
                         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 43, rnd(64, 1), 64),
                     ERR);
    assert_int_equal(olm_remove_one_time_keys(a, s), ERR);
    assert_int_equal(olm_account_last_error_code(a), OLM_BAD_MESSAGE_KEY_ID);

    assert_int_equal(olm_outbound_group_session_message_index(og), 0);
    assert_int_equal(olm_group_encrypt_message_length(og, 1), ERR);
    assert_int_equal(olm_group_encrypt(og, (const uint8_t *)"x", 1, (uint8_t *)out,
                                       sizeof out), ERR);
    assert_int_equal(olm_outbound_group_session_last_error_code(og), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_outbound_group_session_id(og, (uint8_t *)out, sizeof out), ERR);
    assert_int_equal(olm_outbound_group_session_key(og, (uint8_t *)out, sizeof out), ERR);
    assert_int_equal(olm_pickle_outbound_group_session_length(og), ERR);
    assert_int_equal(olm_pickle_outbound_group_session(og, "k", 1, out, sizeof out), ERR);

    assert_int_equal(olm_inbound_group_session_first_known_index(ig), 0);
    assert_int_equal(olm_inbound_group_session_is_verified(ig), 0);
    assert_int_equal(olm_inbound_group_session_id(ig, (uint8_t *)out, sizeof out), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)strcpy(out, "AAAA"), 4,
                                       (uint8_t *)out, sizeof out, &index), ERR);
    assert_int_equal(olm_group_decrypt_max_plaintext_length(
                         ig, (uint8_t *)strcpy(out, "AAAA"), 4), ERR);
    assert_int_equal(olm_export_inbound_group_session(ig, (uint8_t *)out, sizeof out, 0),
                     ERR);
    assert_int_equal(olm_pickle_inbound_group_session_length(ig), ERR);
    assert_int_equal(olm_pickle_inbound_group_session(ig, "k", 1, out, sizeof out), ERR);

    assert_int_equal(olm_pk_encrypt(pe, "x", 1, out, sizeof out, mac, sizeof mac, eph,
                                    sizeof eph, rnd(32, 1), 32), ERR);
    assert_int_equal(olm_pk_encryption_last_error_code(pe), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_pk_get_private_key(pd, out, 32), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_pickle_pk_decryption_length(pd), ERR);
    assert_int_equal(olm_pickle_pk_decryption(pd, "k", 1, out, sizeof out), ERR);
    assert_int_equal(olm_pk_sign(ps, (const uint8_t *)"x", 1, (uint8_t *)out, sizeof out),
                     ERR);
    assert_int_equal(olm_pk_signing_last_error_code(ps), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_sas_get_pubkey(sas, out, sizeof out), ERR);
    assert_int_equal(olm_sas_is_their_key_set(sas), 0);
    assert_int_equal(olm_sas_set_their_key(
                         sas, strcpy(out, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 43),
                     ERR);

    free_account(a);
    free_session(s);
    assert_int_equal(olm_clear_outbound_group_session(og), olm_outbound_group_session_size());
    assert_int_equal(olm_clear_inbound_group_session(ig), olm_inbound_group_session_size());
    assert_int_equal(olm_clear_pk_encryption(pe), olm_pk_encryption_size());
    assert_int_equal(olm_clear_pk_decryption(pd), olm_pk_decryption_size());
    assert_int_equal(olm_clear_pk_signing(ps), olm_pk_signing_size());
    assert_int_equal(olm_clear_sas(sas), olm_sas_size());
    free(og);
    free(ig);
    free(pe);
    free(pd);
    free(ps);
    free(sas);
}

/* ---- accounts ------------------------------------------------------------------- */

static void test_account(void **state)
{
    OlmAccount *a = olm_account(malloc(olm_account_size()));
    OlmAccount *b;
    OlmUtility *u = olm_utility(malloc(olm_utility_size()));
    static char json[16384], pickle[16384], again[16384];
    char curve[44], ed[44], sig[100];
    size_t n, len;

    (void)state;
    assert_int_equal(olm_create_account_random_length(a), 64);
    /* Too few random bytes: refused, and wiped all the same. */
    assert_int_equal(olm_create_account(a, rnd(63, 1), 63), ERR);
    assert_int_equal(olm_account_last_error_code(a), OLM_NOT_ENOUGH_RANDOM);
    assert_true(all_zero(random_buf, 63));
    assert_int_equal(olm_create_account(a, rnd(64, 1), 64), 0);
    assert_true(all_zero(random_buf, 64));

    assert_int_equal(olm_account_identity_keys_length(a), 116);
    assert_int_equal(olm_account_identity_keys(a, json, 115), ERR);
    assert_int_equal(olm_account_last_error_code(a), OLM_OUTPUT_BUFFER_TOO_SMALL);
    identity(a, curve, ed);
    assert_int_equal(olm_account_signature_length(a), 86);
    assert_int_equal(olm_account_sign(a, "hi", 2, sig, 85), ERR);
    assert_int_equal(olm_account_sign(a, "hi", 2, sig, sizeof sig), 86);
    assert_int_equal(olm_utility_size(), olm_utility_size());
    assert_int_equal(olm_ed25519_verify(u, ed, 43, "hi", 2, sig, 86), 0);

    /* libolm's numbers: 100 keys kept (cliquet itself advises 50). */
    assert_int_equal(olm_account_max_number_of_one_time_keys(a), 100);
    assert_int_equal(olm_account_generate_one_time_keys_random_length(a, 5), 160);
    assert_int_equal(olm_account_generate_one_time_keys(a, 5, rnd(159, 2), 159), ERR);
    assert_true(all_zero(random_buf, 159));
    assert_int_equal(olm_account_generate_one_time_keys(a, 5, rnd(160, 2), 160), 5);
    assert_int_equal(olm_account_one_time_keys_length(a), 16 + 5 * 55);
    assert_int_equal(olm_account_one_time_keys(a, json, 20), ERR);
    assert_int_equal(olm_account_mark_keys_as_published(a), 5);
    assert_int_equal(olm_account_mark_keys_as_published(a), 0);
    /* More than 100 at once: made in batches, the newest 100 kept. */
    n = olm_account_generate_one_time_keys_random_length(a, 130);
    assert_int_equal(olm_account_generate_one_time_keys(a, 130, rnd(n, 3), n), 130);
    assert_int_equal(olm_account_one_time_keys_length(a), 16 + 100 * 55);
    len = olm_account_one_time_keys(a, json, sizeof json);
    assert_int_equal(len, 16 + 100 * 55);
    assert_memory_equal(json, "{\"curve25519\":{\"AAAAhw\":", 24); /* id 135 */

    /* Fallback keys: the current one, published or not, and unpublished. */
    assert_int_equal(olm_account_fallback_key_length(a), 17);
    assert_int_equal(olm_account_unpublished_fallback_key_length(a), 17);
    assert_int_equal(olm_account_generate_fallback_key_random_length(a), 32);
    assert_int_equal(olm_account_generate_fallback_key(a, rnd(31, 4), 31), ERR);
    assert_int_equal(olm_account_generate_fallback_key(a, rnd(32, 4), 32), 1);
    assert_true(all_zero(random_buf, 32));
    assert_int_equal(olm_account_fallback_key_length(a), 71);
    assert_int_equal(olm_account_fallback_key(a, json, 70), ERR);
    assert_int_equal(olm_account_fallback_key(a, json, sizeof json), 71);
    assert_int_equal(olm_account_unpublished_fallback_key(a, json, 70), ERR);
    assert_int_equal(olm_account_unpublished_fallback_key(a, json, sizeof json), 71);
    olm_account_mark_keys_as_published(a);
    assert_int_equal(olm_account_fallback_key(a, json, sizeof json), 71);
    assert_int_equal(olm_account_unpublished_fallback_key(a, json, sizeof json), 17);
    olm_account_forget_old_fallback_key(a);

    /* Pickles: libolm's format, any key, restored whole. */
    len = olm_pickle_account_length(a);
    assert_int_equal(olm_pickle_account(a, "key", 3, pickle, len - 1), ERR);
    assert_int_equal(olm_account_last_error_code(a), OLM_OUTPUT_BUFFER_TOO_SMALL);
    assert_int_equal(olm_pickle_account(a, "key", 3, pickle, sizeof pickle), len);
    b = olm_account(malloc(olm_account_size()));
    memcpy(again, pickle, len);
    assert_int_equal(olm_unpickle_account(b, "kez", 3, again, len), ERR);
    assert_int_equal(olm_account_last_error_code(b), OLM_BAD_ACCOUNT_KEY);
    assert_int_equal(olm_unpickle_account(b, "key", 3, again, len - (len % 4) - 3), ERR);
    assert_int_equal(olm_account_last_error_code(b), OLM_INVALID_BASE64);
    assert_int_equal(olm_unpickle_account(b, "key", 3, again, 8), ERR);
    assert_int_equal(olm_account_last_error_code(b), OLM_BAD_ACCOUNT_KEY);
    memcpy(again, pickle, len);
    assert_int_equal(olm_unpickle_account(b, "key", 3, again, len), len);
    assert_int_equal(olm_pickle_account(b, "key", 3, again, sizeof again), len);
    assert_memory_equal(again, pickle, len); /* libolm's pickles are deterministic */
    identity(b, json, json + 50);
    assert_string_equal(json, curve);

    assert_int_equal(olm_clear_utility(u), olm_utility_size());
    free(u);
    free_account(a);
    free_account(b);
}

/* ---- sessions -------------------------------------------------------------------- */

static void test_session(void **state)
{
    OlmAccount *alice = new_account(10), *bob = new_account(11);
    OlmSession *a = new_session(), *b = new_session(), *c = new_session();
    char alice_curve[44], alice_ed[44], bob_curve[44], bob_ed[44], otk[44];
    char m1[1024], m2[1024], msg[1024], copy[1024], id_a[44], id_b[44], text[600];
    char pickle[8192], json[8192];
    uint8_t plain[1024];
    size_t l1, l2, len, n;

    (void)state;
    identity(alice, alice_curve, alice_ed);
    identity(bob, bob_curve, bob_ed);
    olm_account_generate_one_time_keys(bob, 2, rnd(64, 12), 64);
    first_one_time_key(bob, otk);

    assert_int_equal(olm_create_outbound_session_random_length(a), 64);
    assert_int_equal(olm_create_outbound_session(a, alice, bob_curve, 42, otk, 43,
                                                 rnd(64, 13), 64), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_INVALID_BASE64);
    assert_string_equal(olm_session_last_error(a), "INVALID_BASE64");
    assert_false(all_zero(random_buf, 64)); /* kept, as libolm keeps them */
    /* Intentional: a low-order key (all-zero shared secret) is refused. */
    assert_int_equal(olm_create_outbound_session(
                         a, alice, bob_curve, 43,
                         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 43, rnd(64, 13), 64),
                     ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_KEY_ID);
    assert_int_equal(olm_create_outbound_session(a, alice, bob_curve, 43, otk, 43,
                                                 rnd(63, 13), 63), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_NOT_ENOUGH_RANDOM);
    assert_int_equal(olm_create_outbound_session(a, alice, bob_curve, 43, otk, 43,
                                                 rnd(64, 13), 64), 0);
    assert_true(all_zero(random_buf, 64));
    assert_int_equal(olm_encrypt_message_type(a), OLM_MESSAGE_TYPE_PRE_KEY);
    assert_int_equal(olm_encrypt_random_length(a), 0);
    len = olm_encrypt_message_length(a, 5);
    assert_int_equal(olm_encrypt(a, "first", 5, NULL, 0, m1, len - 1), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_OUTPUT_BUFFER_TOO_SMALL);
    l1 = olm_encrypt(a, "first", 5, NULL, 0, m1, sizeof m1);
    assert_int_equal(l1, len);
    l2 = olm_encrypt(a, "second", 6, NULL, 0, m2, sizeof m2);

    /* The inbound session leaves the one-time key in the account... */
    n = olm_account_one_time_keys_length(bob);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_create_inbound_session_from(b, bob, bob_curve, 43, copy, l1), ERR);
    assert_int_equal(olm_session_last_error_code(b), OLM_BAD_MESSAGE_KEY_ID);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_create_inbound_session_from(b, bob, alice_curve, 42, copy, l1), ERR);
    assert_int_equal(olm_session_last_error_code(b), OLM_INVALID_BASE64);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_create_inbound_session_from(b, bob, alice_curve, 43, copy, l1), 0);
    assert_int_equal(copy[0], 3); /* decoded in place: the version byte */
    assert_int_equal(olm_account_one_time_keys_length(bob), n);
    /* ... until olm_remove_one_time_keys. */
    assert_int_equal(olm_remove_one_time_keys(bob, b), 2);
    assert_int_equal(olm_account_one_time_keys_length(bob), n - 55);
    assert_int_equal(olm_remove_one_time_keys(bob, b), ERR);
    assert_int_equal(olm_account_last_error_code(bob), OLM_BAD_MESSAGE_KEY_ID);
    assert_int_equal(olm_remove_one_time_keys(alice, a), ERR);

    assert_int_equal(olm_session_id_length(b), 43);
    assert_int_equal(olm_session_id(b, id_b, 42), ERR);
    assert_int_equal(olm_session_id(a, id_a, sizeof id_a), 43);
    assert_int_equal(olm_session_id(b, id_b, sizeof id_b), 43);
    assert_memory_equal(id_a, id_b, 43);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_matches_inbound_session(b, copy, l1), 1);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_matches_inbound_session_from(b, alice_curve, 43, copy, l1), 1);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_matches_inbound_session_from(b, bob_curve, 43, copy, l1), 0);
    assert_int_equal(olm_matches_inbound_session_from(b, bob_curve, 42, copy, l1), ERR);
    assert_int_equal(olm_matches_inbound_session(b, copy, 5), ERR);

    /* The first message's plaintext, once; then it is a duplicate. */
    memcpy(copy, m1, l1);
    assert_int_equal(olm_decrypt_max_plaintext_length(b, 0, copy, l1), 16);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_decrypt(b, 0, copy, l1, plain, 15), ERR);
    assert_int_equal(olm_session_last_error_code(b), OLM_OUTPUT_BUFFER_TOO_SMALL);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_decrypt(b, 0, copy, l1, plain, 16), 5);
    assert_memory_equal(plain, "first", 5);
    memcpy(copy, m1, l1);
    assert_int_equal(olm_decrypt(b, 0, copy, l1, plain, sizeof plain), ERR);
    assert_int_equal(olm_session_last_error_code(b), OLM_BAD_MESSAGE_MAC);
    /* Any type but 1 is a pre-key message, as in libolm. */
    memcpy(copy, m2, l2);
    assert_int_equal(olm_decrypt(b, 7, copy, l2, plain, sizeof plain), 6);
    assert_int_equal(olm_session_has_received_message(b), 1);

    /* Replies: random bytes needed once, wiped. */
    assert_int_equal(olm_encrypt_message_type(b), OLM_MESSAGE_TYPE_MESSAGE);
    assert_int_equal(olm_encrypt_random_length(b), 32);
    assert_int_equal(olm_encrypt(b, "r", 1, rnd(31, 14), 31, msg, sizeof msg), ERR);
    assert_int_equal(olm_session_last_error_code(b), OLM_NOT_ENOUGH_RANDOM);
    assert_true(all_zero(random_buf, 31));
    len = olm_encrypt(b, "reply", 5, rnd(32, 14), 32, msg, sizeof msg);
    assert_true(all_zero(random_buf, 32));
    assert_int_equal(olm_encrypt_random_length(b), 0);
    assert_int_equal(olm_session_has_received_message(a), 0);
    memcpy(copy, msg, len);
    assert_int_equal(olm_decrypt(a, 1, copy, len, plain, sizeof plain), 5);
    assert_int_equal(olm_session_has_received_message(a), 1);
    olm_session_describe(a, text, sizeof text);
    assert_string_equal(text, "sender chain index: 0 receiver chain indices: 1 skipped message keys:");
    olm_session_describe(a, text, 30);
    assert_string_equal(text, "sender chain index: 0 rece...");
    olm_session_describe(a, text, 10);
    assert_string_equal(text, "");
    olm_session_describe(a, text, 0);

    /* Bad input. */
    memcpy(copy, msg, len);
    assert_int_equal(olm_decrypt(a, 1, copy, len, plain, sizeof plain), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_MAC);
    assert_int_equal(olm_decrypt(a, 1, strcpy(copy, "AAAAA"), 5, plain, sizeof plain), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_INVALID_BASE64);
    assert_int_equal(olm_decrypt(a, 1, strcpy(copy, "BAAA"), 4, plain, sizeof plain), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_VERSION);
    /* libolm's bound finds no ciphertext in a message shorter than its MAC
     * (vodozemac's corpus: "Aw"), where olm_decrypt finds no version. */
    assert_int_equal(olm_decrypt_max_plaintext_length(a, 1, strcpy(copy, "Aw"), 2), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_FORMAT);
    assert_int_equal(olm_decrypt(a, 1, strcpy(copy, "Aw"), 2, plain, sizeof plain), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_VERSION);
    assert_int_equal(olm_decrypt_max_plaintext_length(a, 1, strcpy(copy, "AAAAA"), 5), ERR);
    /* Messages are read as libolm reads them (issue 14): "!!!!" is three
     * 0xff bytes to libolm's decoder (an out-of-alphabet character counts
     * as 0xff and spills into its neighbours), so its version is wrong,
     * and the buffer is decoded in place as libolm does. */
    assert_int_equal(olm_decrypt(a, 1, strcpy(copy, "!!!!"), 4, plain, sizeof plain), ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_VERSION);
    assert_memory_equal(copy, "\xff\xff\xff!", 4);
    /* The length query reads no version: malformed, as libolm says. */
    assert_int_equal(olm_decrypt_max_plaintext_length(a, 0, strcpy(copy, "\x7f\xff\x6f\x01"),
                                                      4),
                     ERR);
    assert_int_equal(olm_session_last_error_code(a), OLM_BAD_MESSAGE_FORMAT);

    /* Pickles. */
    len = olm_pickle_session_length(a);
    assert_int_equal(olm_pickle_session(a, "s", 1, pickle, len - 1), ERR);
    assert_int_equal(olm_pickle_session(a, "s", 1, pickle, sizeof pickle), len);
    assert_int_equal(olm_unpickle_session(c, "t", 1, pickle, len), ERR);
    assert_int_equal(olm_session_last_error_code(c), OLM_BAD_ACCOUNT_KEY);
    assert_int_equal(olm_unpickle_session(c, "s", 1, pickle, len - (len % 4) - 3), ERR);
    assert_int_equal(olm_session_last_error_code(c), OLM_INVALID_BASE64);
    assert_int_equal(olm_unpickle_session(c, "s", 1, pickle, len), len);
    len = olm_encrypt(c, "from the copy", 13, rnd(32, 17), 32, msg, sizeof msg);
    assert_int_equal(olm_decrypt(b, 1, msg, len, plain, sizeof plain), 13);

    /* Intentional: a pre-key message whose plaintext has not been taken is
     * already decrypted in the session (libolm would decrypt it later). */
    assert_int_equal(olm_account_generate_fallback_key(bob, rnd(32, 15), 32), 1);
    olm_account_fallback_key(bob, json, sizeof json);
    json_key(otk, json, 71, "{\"curve25519\":{");
    olm_clear_session(c);
    assert_int_equal(olm_create_outbound_session(c, alice, bob_curve, 43, otk, 43,
                                                 rnd(64, 16), 64), 0);
    len = olm_encrypt(c, "fallback", 8, NULL, 0, msg, sizeof msg);
    olm_clear_session(b);
    memcpy(copy, msg, len);
    assert_int_equal(olm_create_inbound_session(b, bob, copy, len), 0);
    assert_int_equal(olm_session_has_received_message(b), 1);
    memcpy(copy, msg, len);
    assert_int_equal(olm_decrypt(b, 0, copy, len, plain, sizeof plain), 8);
    assert_int_equal(olm_remove_one_time_keys(bob, b), 3); /* the fallback's id, kept */
    assert_int_equal(olm_remove_one_time_keys(bob, b), 3);

    free_session(a);
    free_session(b);
    free_session(c);
    free_account(alice);
    free_account(bob);
}

/* ---- Megolm ---------------------------------------------------------------------- */

static void test_megolm(void **state)
{
    OlmOutboundGroupSession *og =
        olm_outbound_group_session(malloc(olm_outbound_group_session_size()));
    OlmInboundGroupSession *ig =
        olm_inbound_group_session(malloc(olm_inbound_group_session_size()));
    OlmInboundGroupSession *ex =
        olm_inbound_group_session(malloc(olm_inbound_group_session_size()));
    char key[400], exported[400], id[44], id2[44], m[3][400], copy[400], pickle[4096];
    uint8_t plain[400];
    size_t key_len, exported_len, mlen[3], len;
    uint32_t index = 99;
    int i;

    (void)state;
    assert_int_equal(olm_init_outbound_group_session_random_length(og), 160);
    assert_int_equal(olm_init_outbound_group_session(og, rnd(159, 20), 159), ERR);
    assert_int_equal(olm_outbound_group_session_last_error_code(og), OLM_NOT_ENOUGH_RANDOM);
    assert_string_equal(olm_outbound_group_session_last_error(og), "NOT_ENOUGH_RANDOM");
    assert_false(all_zero(random_buf, 159)); /* kept, as libolm keeps them */
    assert_int_equal(olm_init_outbound_group_session(og, rnd(160, 20), 160), 0);
    assert_true(all_zero(random_buf, 160));
    assert_int_equal(olm_outbound_group_session_id_length(og), 43);
    assert_int_equal(olm_outbound_group_session_id(og, (uint8_t *)id, 42), ERR);
    assert_int_equal(olm_outbound_group_session_id(og, (uint8_t *)id, sizeof id), 43);
    assert_int_equal(olm_outbound_group_session_key_length(og), 306);
    assert_int_equal(olm_outbound_group_session_key(og, (uint8_t *)key, 305), ERR);
    key_len = olm_outbound_group_session_key(og, (uint8_t *)key, sizeof key);
    assert_int_equal(key_len, 306);
    for (i = 0; i < 3; i++) {
        assert_int_equal(olm_outbound_group_session_message_index(og), (uint32_t)i);
        len = olm_group_encrypt_message_length(og, 5);
        assert_int_equal(olm_group_encrypt(og, (const uint8_t *)"group", 5,
                                           (uint8_t *)m[i], len - 1), ERR);
        mlen[i] = olm_group_encrypt(og, (const uint8_t *)"group", 5, (uint8_t *)m[i],
                                    sizeof m[i]);
        assert_int_equal(mlen[i], len);
    }

    assert_int_equal(olm_init_inbound_group_session(ig, (const uint8_t *)key, 305), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_INVALID_BASE64);
    assert_string_equal(olm_inbound_group_session_last_error(ig), "INVALID_BASE64");
    assert_int_equal(olm_init_inbound_group_session(ig, (const uint8_t *)key, 8), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_BAD_SESSION_KEY);
    memcpy(copy, key, key_len);
    copy[200] = copy[200] == 'A' ? 'B' : 'A'; /* inside the signed part */
    assert_int_equal(olm_init_inbound_group_session(ig, (const uint8_t *)copy, key_len), ERR);
    assert_int_equal(olm_init_inbound_group_session(ig, (const uint8_t *)key, key_len), 0);
    assert_int_equal(olm_inbound_group_session_id_length(ig), 43);
    assert_int_equal(olm_inbound_group_session_id(ig, (uint8_t *)id2, 42), ERR);
    assert_int_equal(olm_inbound_group_session_id(ig, (uint8_t *)id2, sizeof id2), 43);
    assert_memory_equal(id, id2, 43);
    assert_int_equal(olm_inbound_group_session_is_verified(ig), 1);

    memcpy(copy, m[2], mlen[2]);
    assert_int_equal(olm_group_decrypt_max_plaintext_length(ig, (uint8_t *)copy, mlen[2]), 16);
    assert_int_equal(copy[0], 3); /* decoded in place */
    memcpy(copy, m[2], mlen[2]);
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)copy, mlen[2], plain, 15, &index), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_OUTPUT_BUFFER_TOO_SMALL);
    memcpy(copy, m[2], mlen[2]);
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)copy, mlen[2], plain, 16, &index), 5);
    assert_int_equal(index, 2);
    memcpy(copy, m[0], mlen[0]);
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)copy, mlen[0], plain, 16, &index), 5);
    assert_int_equal(index, 0);
    memcpy(copy, m[1], mlen[1]);
    copy[mlen[1] - 5] = copy[mlen[1] - 5] == 'A' ? 'B' : 'A';
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)copy, mlen[1], plain, 16, &index), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_BAD_SIGNATURE);
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)strcpy(copy, "AwAA"), 4, plain, 16,
                                       &index), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_BAD_MESSAGE_VERSION);
    assert_int_equal(olm_group_decrypt(ig, (uint8_t *)strcpy(copy, "AAAAA"), 5, plain, 16,
                                       &index), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ig), OLM_INVALID_BASE64);
    assert_int_equal(olm_group_decrypt_max_plaintext_length(ig, (uint8_t *)strcpy(copy, "AAAAA"), 5),
                     ERR);

    assert_int_equal(olm_export_inbound_group_session_length(ig), 220);
    assert_int_equal(olm_export_inbound_group_session(ig, (uint8_t *)exported, 219, 1), ERR);
    exported_len = olm_export_inbound_group_session(ig, (uint8_t *)exported,
                                                    sizeof exported, 1);
    assert_int_equal(exported_len, 220);
    assert_int_equal(olm_import_inbound_group_session(ex, (const uint8_t *)exported, 216), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ex), OLM_BAD_SESSION_KEY);
    assert_int_equal(olm_import_inbound_group_session(ex, (const uint8_t *)exported,
                                                      exported_len), 0);
    assert_int_equal(olm_inbound_group_session_first_known_index(ex), 1);
    assert_int_equal(olm_inbound_group_session_is_verified(ex), 0);
    memcpy(copy, m[0], mlen[0]);
    assert_int_equal(olm_group_decrypt(ex, (uint8_t *)copy, mlen[0], plain, 16, &index), ERR);
    assert_int_equal(olm_inbound_group_session_last_error_code(ex), OLM_UNKNOWN_MESSAGE_INDEX);
    assert_int_equal(olm_export_inbound_group_session(ex, (uint8_t *)copy, sizeof copy, 0),
                     ERR);
    memcpy(copy, m[1], mlen[1]);
    assert_int_equal(olm_group_decrypt(ex, (uint8_t *)copy, mlen[1], plain, 16, NULL), 5);
    assert_int_equal(olm_inbound_group_session_is_verified(ex), 1);

    /* Pickles both ways. */
    len = olm_pickle_outbound_group_session_length(og);
    assert_int_equal(olm_pickle_outbound_group_session(og, "o", 1, pickle, len - 1), ERR);
    assert_int_equal(olm_pickle_outbound_group_session(og, "o", 1, pickle, sizeof pickle), len);
    olm_clear_outbound_group_session(og);
    assert_int_equal(olm_unpickle_outbound_group_session(og, "p", 1, pickle, len), ERR);
    assert_int_equal(olm_outbound_group_session_last_error_code(og), OLM_BAD_ACCOUNT_KEY);
    assert_int_equal(olm_unpickle_outbound_group_session(og, "o", 1, pickle, len), len);
    assert_int_equal(olm_outbound_group_session_message_index(og), 3);
    len = olm_pickle_inbound_group_session_length(ex);
    assert_int_equal(olm_pickle_inbound_group_session(ex, "i", 1, pickle, len - 1), ERR);
    assert_int_equal(olm_pickle_inbound_group_session(ex, "i", 1, pickle, sizeof pickle), len);
    olm_clear_inbound_group_session(ex);
    assert_int_equal(olm_unpickle_inbound_group_session(ex, "i", 1, pickle, 5), ERR);
    assert_int_equal(olm_unpickle_inbound_group_session(ex, "i", 1, pickle, len), len);
    assert_int_equal(olm_inbound_group_session_first_known_index(ex), 1);

    olm_clear_outbound_group_session(og);
    olm_clear_inbound_group_session(ig);
    olm_clear_inbound_group_session(ex);
    free(og);
    free(ig);
    free(ex);
}

/* ---- PK ---------------------------------------------------------------------------- */

static void test_pk(void **state)
{
    OlmPkEncryption *pe = olm_pk_encryption(malloc(olm_pk_encryption_size()));
    OlmPkDecryption *pd = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    OlmPkDecryption *pd2 = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    OlmPkSigning *ps = olm_pk_signing(malloc(olm_pk_signing_size()));
    OlmUtility *u = olm_utility(malloc(olm_utility_size()));
    char pub[64], pub2[64], ct[256], copy[256], mac[16], eph[64], sig[100], pickle[512];
    uint8_t priv[32], got[32], plain[256];
    size_t ct_len, len;

    (void)state;
    memcpy(priv, rnd(32, 30), 32);
    assert_int_equal(olm_pk_key_from_private(pd, pub, 42, priv, 32), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_OUTPUT_BUFFER_TOO_SMALL);
    assert_int_equal(olm_pk_key_from_private(pd, pub, sizeof pub, priv, 31), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_INPUT_BUFFER_TOO_SMALL);
    assert_string_equal(olm_pk_decryption_last_error(pd), "OLM_INPUT_BUFFER_TOO_SMALL");
    assert_int_equal(olm_pk_key_from_private(pd, pub, sizeof pub, priv, 32), 0);
    assert_int_equal(olm_pk_generate_key(pd2, pub2, sizeof pub2, priv, 32), 0);
    assert_memory_equal(pub, pub2, 43);
    assert_int_equal(olm_pk_get_private_key(pd, got, 31), ERR);
    assert_int_equal(olm_pk_get_private_key(pd, got, 32), 32);
    assert_memory_equal(got, priv, 32);

    assert_int_equal(olm_pk_encryption_set_recipient_key(pe, pub, 42), ERR);
    assert_int_equal(olm_pk_encryption_last_error_code(pe), OLM_INPUT_BUFFER_TOO_SMALL);
    assert_string_equal(olm_pk_encryption_last_error(pe), "OLM_INPUT_BUFFER_TOO_SMALL");
    assert_int_equal(olm_pk_encryption_set_recipient_key(pe, pub, 43), 0);
    assert_int_equal(olm_pk_ciphertext_length(pe, 0), 22);
    assert_int_equal(olm_pk_ciphertext_length(pe, 16), 43);
    assert_int_equal(olm_pk_mac_length(pe), 11);
    assert_int_equal(olm_pk_encrypt_random_length(pe), 32);
    ct_len = olm_pk_ciphertext_length(pe, 6);
    assert_int_equal(olm_pk_encrypt(pe, "backup", 6, ct, ct_len - 1, mac, sizeof mac, eph,
                                    sizeof eph, rnd(32, 31), 32), ERR);
    assert_int_equal(olm_pk_encrypt(pe, "backup", 6, ct, ct_len, mac, sizeof mac, eph, 42,
                                    rnd(32, 31), 32), ERR);
    assert_int_equal(olm_pk_encrypt(pe, "backup", 6, ct, ct_len, mac, sizeof mac, eph,
                                    sizeof eph, rnd(31, 31), 31), ERR);
    assert_int_equal(olm_pk_encryption_last_error_code(pe), OLM_NOT_ENOUGH_RANDOM);
    /* Intentional: libolm takes an 8-byte MAC buffer and writes 11 bytes. */
    assert_int_equal(olm_pk_encrypt(pe, "backup", 6, ct, ct_len, mac, 10, eph, sizeof eph,
                                    rnd(32, 31), 32), ERR);
    assert_int_equal(olm_pk_encryption_last_error_code(pe), OLM_OUTPUT_BUFFER_TOO_SMALL);
    /* libolm's success value is its raw MAC length; the random bytes stay. */
    assert_int_equal(olm_pk_encrypt(pe, "backup", 6, ct, ct_len, mac, sizeof mac, eph,
                                    sizeof eph, rnd(32, 31), 32), 8);
    assert_false(all_zero(random_buf, 32));

    assert_int_equal(olm_pk_max_plaintext_length(pd, ct_len), 16);
    assert_int_equal(olm_pk_max_plaintext_length(pd, 5), ERR);
    memcpy(copy, ct, ct_len);
    assert_int_equal(olm_pk_decrypt(pd, eph, 43, mac, 11, copy, ct_len, plain, 15), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_OUTPUT_BUFFER_TOO_SMALL);
    assert_int_equal(olm_pk_decrypt(pd, eph, 42, mac, 11, copy, ct_len, plain, 16), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_INVALID_BASE64);
    assert_int_equal(olm_pk_decrypt(pd, eph, 43, mac, 11, copy, ct_len, plain, 16), 6);
    assert_memory_equal(plain, "backup", 6);
    assert_int_not_equal(memcmp(copy, ct, 16), 0); /* decoded in place */
    /* Intentional: the CBC length is checked (libolm decrypts a partial block). */
    memcpy(copy, ct, ct_len);
    assert_int_equal(olm_pk_decrypt(pd, eph, 43, mac, 11, copy, 8, plain, 16), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_BAD_MESSAGE_MAC);
    mac[3] = mac[3] == 'A' ? 'B' : 'A';
    memcpy(copy, ct, ct_len);
    assert_int_equal(olm_pk_decrypt(pd, eph, 43, mac, 11, copy, ct_len, plain, 16), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd), OLM_BAD_MESSAGE_MAC);

    /* Intentional: an all-zero shared secret is refused (a low-order key). */
    assert_int_equal(olm_pk_encryption_set_recipient_key(
                         pe, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 43), 0);
    assert_int_equal(olm_pk_encrypt(pe, "x", 1, ct, sizeof ct, mac, sizeof mac, eph,
                                    sizeof eph, rnd(32, 32), 32), ERR);
    assert_int_equal(olm_pk_encryption_last_error_code(pe), OLM_BAD_MESSAGE_KEY_ID);

    len = olm_pickle_pk_decryption_length(pd);
    assert_int_equal(olm_pickle_pk_decryption(pd, "p", 1, pickle, len - 1), ERR);
    assert_int_equal(olm_pickle_pk_decryption(pd, "p", 1, pickle, sizeof pickle), len);
    assert_int_equal(olm_unpickle_pk_decryption(pd2, "p", 1, pickle, len, pub2, 42), ERR);
    assert_int_equal(olm_unpickle_pk_decryption(pd2, "q", 1, pickle, len, pub2, 43), ERR);
    assert_int_equal(olm_pk_decryption_last_error_code(pd2), OLM_BAD_ACCOUNT_KEY);
    assert_int_equal(olm_unpickle_pk_decryption(pd2, "p", 1, pickle, len, pub2, 43), len);
    assert_memory_equal(pub, pub2, 43);

    assert_int_equal(olm_pk_signing_key_from_seed(ps, pub, 42, priv, 32), ERR);
    assert_int_equal(olm_pk_signing_last_error_code(ps), OLM_OUTPUT_BUFFER_TOO_SMALL);
    assert_string_equal(olm_pk_signing_last_error(ps), "OUTPUT_BUFFER_TOO_SMALL");
    assert_int_equal(olm_pk_signing_key_from_seed(ps, pub, sizeof pub, priv, 31), ERR);
    assert_int_equal(olm_pk_signing_key_from_seed(ps, pub, sizeof pub, priv, 32), 0);
    assert_int_equal(olm_pk_sign(ps, (const uint8_t *)"m", 1, (uint8_t *)sig, 85), ERR);
    assert_int_equal(olm_pk_sign(ps, (const uint8_t *)"m", 1, (uint8_t *)sig, sizeof sig), 86);
    assert_int_equal(olm_ed25519_verify(u, pub, 43, "m", 1, sig, 86), 0);

    olm_clear_pk_encryption(pe);
    olm_clear_pk_decryption(pd);
    olm_clear_pk_decryption(pd2);
    olm_clear_pk_signing(ps);
    olm_clear_utility(u);
    free(pe);
    free(pd);
    free(pd2);
    free(ps);
    free(u);
}

/* ---- SAS ----------------------------------------------------------------------------- */

static void test_sas(void **state)
{
    OlmSAS *x = olm_sas(malloc(olm_sas_size())), *y = olm_sas(malloc(olm_sas_size()));
    char kx[64], ky[64], copy[64], mx[64], my[64];
    uint8_t bx[8], by[8], raw[32];
    size_t got = 0;

    (void)state;
    assert_int_equal(olm_create_sas_random_length(x), 32);
    assert_int_equal(olm_create_sas(x, rnd(31, 40), 31), ERR);
    assert_int_equal(olm_sas_last_error_code(x), OLM_NOT_ENOUGH_RANDOM);
    assert_string_equal(olm_sas_last_error(x), "NOT_ENOUGH_RANDOM");
    assert_int_equal(olm_create_sas(x, rnd(32, 40), 32), 0);
    assert_false(all_zero(random_buf, 32)); /* libolm keeps them */
    assert_int_equal(olm_create_sas(y, rnd(32, 41), 32), 0);
    assert_int_equal(olm_sas_pubkey_length(x), 43);
    assert_int_equal(olm_sas_get_pubkey(x, kx, 42), ERR);
    assert_int_equal(olm_sas_get_pubkey(x, kx, sizeof kx), 0);
    assert_int_equal(olm_sas_get_pubkey(y, ky, sizeof ky), 0);
    kx[43] = ky[43] = '\0'; /* libolm's outputs carry no NUL */
    assert_int_equal(olm_sas_generate_bytes(x, "i", 1, bx, 6), ERR);
    assert_int_equal(olm_sas_last_error_code(x), OLM_SAS_THEIR_KEY_NOT_SET);
    assert_int_equal(olm_sas_calculate_mac(x, "m", 1, "i", 1, mx, sizeof mx), ERR);
    assert_int_equal(olm_sas_last_error_code(x), OLM_SAS_THEIR_KEY_NOT_SET);
    assert_int_equal(olm_sas_set_their_key(x, strcpy(copy, ky), 42), ERR);
    assert_int_equal(olm_sas_last_error_code(x), OLM_INPUT_BUFFER_TOO_SMALL);
    /* Intentional: an all-zero shared secret is refused. */
    assert_int_equal(olm_sas_set_their_key(
                         x, strcpy(copy, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 43),
                     ERR);
    assert_int_equal(olm_sas_last_error_code(x), OLM_BAD_MESSAGE_KEY_ID);
    assert_int_equal(olm_sas_is_their_key_set(x), 0);
    assert_int_equal(olm_sas_set_their_key(x, strcpy(copy, ky), 43), 0);
    assert_int_equal(sodium_base642bin(raw, sizeof raw, ky, 43, NULL, &got, NULL,
                                       sodium_base64_VARIANT_ORIGINAL_NO_PADDING), 0);
    assert_memory_equal(copy, raw, 32); /* decoded in place */
    assert_int_equal(olm_sas_set_their_key(y, strcpy(copy, kx), 43), 0);
    assert_int_equal(olm_sas_is_their_key_set(x), 1);
    assert_int_equal(olm_sas_generate_bytes(x, "info", 4, bx, 6), 0);
    assert_int_equal(olm_sas_generate_bytes(y, "info", 4, by, 6), 0);
    assert_memory_equal(bx, by, 6);
    assert_int_equal(olm_sas_mac_length(x), 43);
    assert_int_equal(olm_sas_calculate_mac(x, "m", 1, "i", 1, mx, 42), ERR);
    assert_int_equal(olm_sas_last_error_code(x), OLM_OUTPUT_BUFFER_TOO_SMALL);
    assert_int_equal(olm_sas_calculate_mac(x, "m", 1, "i", 1, mx, sizeof mx), 0);
    assert_int_equal(olm_sas_calculate_mac(y, "m", 1, "i", 1, my, sizeof my), 0);
    assert_memory_equal(mx, my, 43);
    assert_int_equal(olm_sas_calculate_mac_fixed_base64(x, "m", 1, "i", 1, mx, 42), ERR);
    assert_int_equal(olm_sas_calculate_mac_fixed_base64(x, "m", 1, "i", 1, mx, sizeof mx), 0);
    assert_int_equal(olm_sas_calculate_mac_fixed_base64(y, "m", 1, "i", 1, my, sizeof my), 0);
    assert_memory_equal(mx, my, 43);
    /* The fixed form is real base64 of a 32-byte HMAC. */
    assert_int_equal(sodium_base642bin(raw, sizeof raw, mx, 43, NULL, &got, NULL,
                                       sodium_base64_VARIANT_ORIGINAL_NO_PADDING), 0);
    assert_int_equal(got, 32);
    assert_int_equal(olm_sas_calculate_mac_long_kdf(x, "m", 1, "i", 1, mx, 42), ERR);
    assert_int_equal(olm_sas_calculate_mac_long_kdf(x, "m", 1, "i", 1, mx, sizeof mx), 0);
    assert_int_equal(olm_sas_calculate_mac_long_kdf(y, "m", 1, "i", 1, my, sizeof my), 0);
    assert_memory_equal(mx, my, 43);
    olm_clear_sas(x);
    assert_int_equal(olm_sas_is_their_key_set(x), 0);
    olm_clear_sas(y);
    free(x);
    free(y);
}

/* ---- utility ------------------------------------------------------------------------- */

/* The group order L, little-endian: S + L is S, written non-canonically. */
static const uint8_t group_order[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
    0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10
};

static void test_utility(void **state)
{
    OlmUtility *u = olm_utility(malloc(olm_utility_size()));
    OlmAccount *a = new_account(50);
    char curve[44], ed[44], sig[100], copy[100], out[64];
    uint8_t raw[64];
    size_t got = 0;
    unsigned carry = 0;
    int i;

    (void)state;
    assert_int_equal(olm_sha256_length(u), 43);
    assert_int_equal(olm_sha256(u, "abc", 3, out, 42), ERR);
    assert_int_equal(olm_utility_last_error_code(u), OLM_OUTPUT_BUFFER_TOO_SMALL);
    assert_string_equal(olm_utility_last_error(u), "OUTPUT_BUFFER_TOO_SMALL");
    assert_int_equal(olm_sha256(u, "abc", 3, out, sizeof out), 43);
    assert_memory_equal(out, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0", 43);

    identity(a, curve, ed);
    olm_account_sign(a, "signed", 6, sig, sizeof sig);
    memcpy(copy, sig, 86);
    assert_int_equal(olm_ed25519_verify(u, ed, 43, "signed", 6, copy, 86), 0);
    assert_int_equal(sodium_base642bin(raw, sizeof raw, sig, 86, NULL, &got, NULL,
                                       sodium_base64_VARIANT_ORIGINAL_NO_PADDING), 0);
    assert_memory_equal(copy, raw, 64); /* decoded in place */
    memcpy(copy, sig, 86);
    assert_int_equal(olm_ed25519_verify(u, ed, 43, "signeD", 6, copy, 86), ERR);
    assert_int_equal(olm_utility_last_error_code(u), OLM_BAD_MESSAGE_MAC);
    assert_int_equal(olm_ed25519_verify(u, ed, 42, "signed", 6, copy, 86), ERR);
    assert_int_equal(olm_utility_last_error_code(u), OLM_INVALID_BASE64);
    assert_int_equal(olm_ed25519_verify(u, ed, 43, "signed", 6, copy, 85), ERR);
    assert_int_equal(olm_utility_last_error_code(u), OLM_INVALID_BASE64);
    memcpy(copy, sig, 86);
    assert_int_equal(olm_ed25519_verify(u, ed, 43, "signed", 6, copy, 84), ERR);
    assert_int_equal(olm_utility_last_error_code(u), OLM_BAD_MESSAGE_MAC);

    /* Intentional: strict Ed25519. The same signature with S + L (which
     * libolm's verifier accepts) is refused. */
    for (i = 0; i < 32; i++) {
        carry += (unsigned)raw[32 + i] + group_order[i];
        raw[32 + i] = (uint8_t)carry;
        carry >>= 8;
    }
    assert_int_equal(carry, 0);
    assert_true(raw[63] < 0x20); /* passes libolm's only check on S */
    sodium_bin2base64(copy, sizeof copy, raw, 64, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    assert_int_equal(olm_ed25519_verify(u, ed, 43, "signed", 6, copy, 86), ERR);
    assert_int_equal(olm_utility_last_error_code(u), OLM_BAD_MESSAGE_MAC);

    olm_clear_utility(u);
    free(u);
    free_account(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library),
        cmocka_unit_test(test_account_size_holds_any_object),
        cmocka_unit_test(test_objects_not_created),
        cmocka_unit_test(test_account),
        cmocka_unit_test(test_session),
        cmocka_unit_test(test_megolm),
        cmocka_unit_test(test_pk),
        cmocka_unit_test(test_sas),
        cmocka_unit_test(test_utility),
    };

    return cmocka_run_group_tests_name("libolm shim", tests, NULL, NULL);
}
