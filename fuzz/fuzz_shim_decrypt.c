/*
 * fuzz/fuzz_shim_decrypt.c: the libolm drop-in's decryption calls and
 * their length queries: olm_decrypt_max_plaintext_length and olm_decrypt
 * (any message type, as libolm takes it), olm_group_decrypt_max_plaintext_
 * length and olm_group_decrypt. Both decode the caller's message in place.
 *
 * Input: a control byte (bit 0x01: Megolm, else Olm; bit 0x02: a genuine
 * message, encrypted by the fixture's sender from the input's first
 * u8-prefixed slice, with the rest of the input XORed into its text; else
 * the rest is the message text); a byte that is the Olm message type
 * (a genuine message takes the sender's).
 *
 * Properties: when the decryption succeeds, the length query said at
 * least the plaintext's length (it is what callers size the buffer by);
 * a refused message leaves the receiving session's pickle unchanged; an
 * unmodified genuine message decrypts (an Olm one to its plaintext).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shim_fixture.h"

#define KEY FZ_SHIM_PICKLE_KEY
#define KEY_LEN (sizeof FZ_SHIM_PICKLE_KEY - 1)

static fz_shim fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_shim_make(&fx);
    return 0;
}

/* A session restored from a pickle into new memory. */
static OlmSession *restore(const char *pickle)
{
    OlmSession *s = olm_session(fz_shim_memory(olm_session_size()));
    size_t n = strlen(pickle);
    char *copy = fz_shim_memory(n + 1);

    memcpy(copy, pickle, n);
    fz_require(olm_unpickle_session(s, KEY, KEY_LEN, copy, n) != olm_error(), "restore");
    free(copy);
    return s;
}

/* The message text into *out (new memory): genuine or raw. */
static size_t message(fz_input *in, int megolm, int real, size_t *type, char **out,
                      const uint8_t **plain, size_t *plain_len)
{
    uint8_t random[32] = {0};
    size_t n, i;
    char *text;

    *plain = NULL;
    *plain_len = 0;
    if (!real) {
        text = fz_shim_memory(in->len + 1);
        if (in->len > 0) {
            memcpy(text, in->data, in->len);
        }
        *out = text;
        return in->len;
    }
    *plain = fz_slice(in, plain_len);
    if (megolm) {
        OlmOutboundGroupSession *g =
            olm_outbound_group_session(fz_shim_memory(olm_outbound_group_session_size()));
        size_t pn = strlen(fx.ogs_pickle);
        char *copy = fz_shim_memory(pn + 1);

        memcpy(copy, fx.ogs_pickle, pn);
        fz_require(olm_unpickle_outbound_group_session(g, KEY, KEY_LEN, copy, pn) !=
                       olm_error(), "restore ogs");
        free(copy);
        n = olm_group_encrypt_message_length(g, *plain_len);
        text = fz_shim_memory(n + 1);
        fz_require(olm_group_encrypt(g, *plain, *plain_len, (uint8_t *)text, n) == n,
                   "group encrypt");
        olm_clear_outbound_group_session(g);
        free(g);
    } else {
        OlmSession *alice = restore(fx.alice_pickle);

        *type = olm_encrypt_message_type(alice);
        n = olm_encrypt_message_length(alice, *plain_len);
        text = fz_shim_memory(n + 1);
        fz_require(olm_encrypt(alice, *plain, *plain_len, random,
                               olm_encrypt_random_length(alice), text, n) == n,
                   "encrypt");
        olm_clear_session(alice);
        free(alice);
    }
    for (i = 0; i < in->len && i < n; i++) {
        text[i] = (char)(text[i] ^ in->data[i]);
    }
    *out = text;
    return n;
}

static void olm_case(fz_input *in, int real, size_t type)
{
    OlmSession *bob = restore(fx.session_pickle);
    const uint8_t *plain;
    size_t plain_len, n, max, got, pickled;
    char *text, *copy, before[8192], after[8192];
    uint8_t *out;
    int untouched;

    n = message(in, 0, real, &type, &text, &plain, &plain_len);
    untouched = real && in->len == 0;
    copy = fz_shim_memory(n + 1);
    memcpy(copy, text, n);
    max = olm_decrypt_max_plaintext_length(bob, type, copy, n);
    pickled = olm_pickle_session(bob, KEY, KEY_LEN, before, sizeof before);
    fz_require(pickled != olm_error(), "pickle before");
    out = fz_shim_memory(max == olm_error() ? 1 : max + 1);
    memcpy(copy, text, n);
    got = olm_decrypt(bob, type, copy, n, out, max == olm_error() ? 0 : max);
    if (got != olm_error()) {
        fz_require(max != olm_error() && got <= max, "the length query covers the plaintext");
    } else {
        size_t m = olm_pickle_session(bob, KEY, KEY_LEN, after, sizeof after);

        fz_require(m == pickled && memcmp(before, after, m) == 0,
                   "a refused message changes nothing");
        fz_require(!untouched, "a genuine message decrypts");
    }
    if (untouched) {
        fz_require(got == plain_len && (plain_len == 0 || memcmp(out, plain, got) == 0),
                   "the genuine plaintext");
    }
    olm_clear_session(bob);
    free(bob);
    free(out);
    free(copy);
    free(text);
}

static void megolm_case(fz_input *in, int real)
{
    OlmInboundGroupSession *igs =
        olm_inbound_group_session(fz_shim_memory(olm_inbound_group_session_size()));
    const uint8_t *plain;
    size_t plain_len, n, max, got, pickled, type = 0, pn = strlen(fx.igs_pickle);
    char *text, *copy, before[4096], after[4096];
    uint8_t *out;
    uint32_t index;

    copy = fz_shim_memory(pn + 1);
    memcpy(copy, fx.igs_pickle, pn);
    fz_require(olm_unpickle_inbound_group_session(igs, KEY, KEY_LEN, copy, pn) != olm_error(),
               "restore igs");
    free(copy);
    n = message(in, 1, real, &type, &text, &plain, &plain_len);
    copy = fz_shim_memory(n + 1);
    memcpy(copy, text, n);
    max = olm_group_decrypt_max_plaintext_length(igs, (uint8_t *)copy, n);
    pickled = olm_pickle_inbound_group_session(igs, KEY, KEY_LEN, before, sizeof before);
    fz_require(pickled != olm_error(), "pickle before");
    out = fz_shim_memory(max == olm_error() ? 1 : max + 1);
    memcpy(copy, text, n);
    got = olm_group_decrypt(igs, (uint8_t *)copy, n, out, max == olm_error() ? 0 : max, &index);
    if (got != olm_error()) {
        fz_require(max != olm_error() && got <= max, "the length query covers the plaintext");
    } else {
        size_t m = olm_pickle_inbound_group_session(igs, KEY, KEY_LEN, after, sizeof after);

        fz_require(m == pickled && memcmp(before, after, m) == 0,
                   "a refused message changes nothing");
        fz_require(!(real && in->len == 0), "a genuine group message decrypts");
    }
    olm_clear_inbound_group_session(igs);
    free(igs);
    free(out);
    free(copy);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control = fz_u8(&in);
    size_t type = fz_u8(&in);

    fz_random_reset();
    if (control & 1) {
        megolm_case(&in, (control & 2) != 0);
    } else {
        olm_case(&in, (control & 2) != 0, type);
    }
    return 0;
}
