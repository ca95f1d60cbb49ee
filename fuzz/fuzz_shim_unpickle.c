/*
 * fuzz/fuzz_shim_unpickle.c: the libolm drop-in's olm_unpickle_account,
 * _session, _inbound_group_session, _outbound_group_session and
 * _pk_decryption, which decode the caller's text in place as libolm does.
 *
 * Input: a control byte (low 3 bits: the object, mod 5; bit 0x80: start
 * from the object's genuine pickle and XOR the rest of the input into it,
 * else the rest is the pickle text; bit 0x40: a key of the input's next
 * u8-prefixed slice instead of the right one), then the bytes.
 *
 * Properties: an accepted pickle pickles back, under the same key, to a
 * text that unpickles again and pickles to the same text (the round trip
 * is stable); a refusal sets a last error.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shim_fixture.h"

static fz_shim fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_shim_make(&fx);
    return 0;
}

static const char *genuine(int which)
{
    const char *p[5] = {fx.bob_pickle, fx.session_pickle, fx.igs_pickle, fx.ogs_pickle,
                        fx.pk_pickle};

    return p[which];
}

static size_t object_size(int which)
{
    switch (which) {
    case 0: return olm_account_size();
    case 1: return olm_session_size();
    case 2: return olm_inbound_group_session_size();
    case 3: return olm_outbound_group_session_size();
    default: return olm_pk_decryption_size();
    }
}

/* Unpickles text[0..n) (in place) into mem as object `which`. */
static size_t unpickle(int which, void *mem, const void *key, size_t key_len, char *text,
                       size_t n)
{
    uint8_t pub[64];

    switch (which) {
    case 0: return olm_unpickle_account(olm_account(mem), key, key_len, text, n);
    case 1: return olm_unpickle_session(olm_session(mem), key, key_len, text, n);
    case 2:
        return olm_unpickle_inbound_group_session(olm_inbound_group_session(mem), key, key_len,
                                                  text, n);
    case 3:
        return olm_unpickle_outbound_group_session(olm_outbound_group_session(mem), key,
                                                   key_len, text, n);
    default:
        return olm_unpickle_pk_decryption(olm_pk_decryption(mem), key, key_len, text, n, pub,
                                          sizeof pub);
    }
}

static size_t pickle(int which, void *mem, const void *key, size_t key_len, char *out,
                     size_t cap)
{
    switch (which) {
    case 0: return olm_pickle_account(mem, key, key_len, out, cap);
    case 1: return olm_pickle_session(mem, key, key_len, out, cap);
    case 2: return olm_pickle_inbound_group_session(mem, key, key_len, out, cap);
    case 3: return olm_pickle_outbound_group_session(mem, key, key_len, out, cap);
    default: return olm_pickle_pk_decryption(mem, key, key_len, out, cap);
    }
}

static void clear(int which, void *mem)
{
    switch (which) {
    case 0: olm_clear_account(mem); break;
    case 1: olm_clear_session(mem); break;
    case 2: olm_clear_inbound_group_session(mem); break;
    case 3: olm_clear_outbound_group_session(mem); break;
    default: olm_clear_pk_decryption(mem); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control = fz_u8(&in);
    int which = (control & 7) % 5;
    const void *key = FZ_SHIM_PICKLE_KEY;
    size_t key_len = sizeof FZ_SHIM_PICKLE_KEY - 1, n, i, m1, m2;
    char *text, *again, *second;
    void *mem = fz_shim_memory(object_size(which));

    fz_random_reset();
    if (control & 0x40) {
        key = fz_slice(&in, &key_len);
    }
    if (control & 0x80) {
        n = strlen(genuine(which));
        text = fz_shim_memory(n + 1);
        memcpy(text, genuine(which), n);
        for (i = 0; i < in.len && i < n; i++) {
            text[i] = (char)(text[i] ^ in.data[i]);
        }
    } else {
        n = in.len;
        text = fz_shim_memory(n + 1);
        if (n > 0) {
            memcpy(text, in.data, n);
        }
    }
    if (unpickle(which, mem, key, key_len, text, n) != olm_error()) {
        again = fz_shim_memory(16384);
        second = fz_shim_memory(16384);
        m1 = pickle(which, mem, key, key_len, again, 16384);
        fz_require(m1 != olm_error(), "an accepted pickle pickles again");
        memcpy(second, again, m1);
        clear(which, mem);
        memset(mem, 0, object_size(which));
        fz_require(unpickle(which, mem, key, key_len, second, m1) != olm_error(),
                   "the new pickle unpickles");
        m2 = pickle(which, mem, key, key_len, second, 16384);
        fz_require(m2 == m1 && memcmp(second, again, m1) == 0, "the round trip is stable");
        free(again);
        free(second);
    }
    clear(which, mem);
    free(mem);
    free(text);
    return 0;
}
