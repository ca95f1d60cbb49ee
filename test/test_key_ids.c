/*
 * One-time and fallback key ids never wrap and never repeat (an outside
 * probe's finding: a valid libolm account pickle whose counter was
 * 0xfffffffe led to ids 0xffffffff, 0 and 1, with 1 already in use).
 *
 * - Generating keys past id 2^32 - 1 is CLIQUET_ERR_TOO_MANY_KEYS and makes
 *   nothing; so is a fallback key.
 * - An account pickle, in either format, whose counter is below a stored
 *   key's id, or that stores a key with id 0, is CLIQUET_ERR_PICKLE_CORRUPTED.
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
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "api/api.h"
#include "olm/olm.h"

static const uint8_t native_key[CLIQUET_PICKLE_KEY_BYTES] = "a native pickle key, 32 bytes!!";
static const char libolm_key[] = "any libolm key";

/* An account whose keys are 1, 2 (one-time) and 3 (fallback), then the
 * counter set to last_id. */
static cliquet_account *account_with_counter(uint32_t last_id)
{
    cliquet_account *a;
    cq_olm_account state;

    assert_int_equal(cliquet_account_new(&a), CLIQUET_OK);
    assert_int_equal(cliquet_account_generate_one_time_keys(a, 2, NULL), CLIQUET_OK);
    assert_int_equal(cliquet_account_generate_fallback_key(a), CLIQUET_OK);
    state = *cq_api_account_state(a);
    cliquet_account_free(a);
    state.next_key_id = last_id;
    assert_int_equal(cq_api_account_from_state(&a, &state), CLIQUET_OK);
    cq_wipe(&state, sizeof state);
    return a;
}

/* Pickles a in both formats and unpickles each: want is the status. */
static void both_formats_unpickle(const cliquet_account *a, cliquet_status want)
{
    char text[8192];
    size_t len;
    cliquet_account *back = NULL;

    assert_int_equal(cliquet_account_pickle(a, text, sizeof text, &len, native_key,
                                            sizeof native_key),
                     CLIQUET_OK);
    assert_int_equal(cliquet_account_unpickle(&back, native_key, sizeof native_key, text,
                                              len),
                     want);
    cliquet_account_free(back);
    back = NULL;
    assert_int_equal(cliquet_account_pickle_libolm(a, text, sizeof text, &len,
                                                   (const uint8_t *)libolm_key,
                                                   strlen(libolm_key)),
                     CLIQUET_OK);
    assert_int_equal(cliquet_account_unpickle_libolm(&back, (const uint8_t *)libolm_key,
                                                     strlen(libolm_key), text, len),
                     want);
    if (want != CLIQUET_OK) {
        assert_null(back);
    }
    cliquet_account_free(back);
}

static void test_generation_stops_at_the_last_id(void **state)
{
    cliquet_account *a = account_with_counter(0xfffffffeu);
    char id[CLIQUET_KEY_ID_BASE64_SIZE], key[CLIQUET_KEY_BASE64_SIZE];
    size_t count = 0, evicted = 9;
    int has = 0;

    (void)state;
    /* The probe's case: three keys would take ids 0xffffffff, 0 and 1. */
    assert_int_equal(cliquet_account_generate_one_time_keys(a, 3, &evicted),
                     CLIQUET_ERR_TOO_MANY_KEYS);
    assert_int_equal(evicted, 9);
    assert_int_equal(cliquet_account_one_time_key_count(a, &count), CLIQUET_OK);
    assert_int_equal(count, 2);
    /* One more key is fine: the last id there is. */
    assert_int_equal(cliquet_account_generate_one_time_keys(a, 1, NULL), CLIQUET_OK);
    assert_int_equal(cliquet_account_one_time_key(a, 2, id, key), CLIQUET_OK);
    assert_string_equal(id, "/////w"); /* 0xffffffff */
    /* Then nothing more, of either kind, and nothing changes. */
    assert_int_equal(cliquet_account_generate_one_time_keys(a, 1, NULL),
                     CLIQUET_ERR_TOO_MANY_KEYS);
    assert_int_equal(cliquet_account_generate_fallback_key(a), CLIQUET_ERR_TOO_MANY_KEYS);
    assert_int_equal(cliquet_account_fallback_key(a, &has, id, key), CLIQUET_OK);
    assert_int_equal(has, 1);
    assert_string_equal(id, "AAAAAw"); /* still the fallback key of id 3 */
    assert_int_equal(cliquet_account_one_time_key_count(a, &count), CLIQUET_OK);
    assert_int_equal(count, 3);
    /* Such an account still pickles and comes back. */
    both_formats_unpickle(a, CLIQUET_OK);
    cliquet_account_free(a);
}

static void test_pickles_with_reused_ids_are_refused(void **state)
{
    cliquet_account *a;

    (void)state;
    /* A counter at the last key's id is right; below it, an id would repeat. */
    a = account_with_counter(3);
    both_formats_unpickle(a, CLIQUET_OK);
    cliquet_account_free(a);
    a = account_with_counter(2);
    both_formats_unpickle(a, CLIQUET_ERR_PICKLE_CORRUPTED);
    cliquet_account_free(a);
    a = account_with_counter(0);
    both_formats_unpickle(a, CLIQUET_ERR_PICKLE_CORRUPTED);
    cliquet_account_free(a);
}

static void test_a_stored_id_of_zero_is_refused(void **state)
{
    cliquet_account *a;
    cq_olm_account s;

    (void)state;
    assert_int_equal(cliquet_account_new(&a), CLIQUET_OK);
    assert_int_equal(cliquet_account_generate_one_time_keys(a, 1, NULL), CLIQUET_OK);
    s = *cq_api_account_state(a);
    cliquet_account_free(a);
    s.one_time_keys[0].id = 0; /* an id no counter issues */
    assert_int_equal(cq_api_account_from_state(&a, &s), CLIQUET_OK);
    cq_wipe(&s, sizeof s);
    both_formats_unpickle(a, CLIQUET_ERR_PICKLE_CORRUPTED);
    cliquet_account_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generation_stops_at_the_last_id),
        cmocka_unit_test(test_pickles_with_reused_ids_are_refused),
        cmocka_unit_test(test_a_stored_id_of_zero_is_refused),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
