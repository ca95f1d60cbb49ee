/*
 * fuzz/fuzz_unpickle_libolm.c: libolm-format pickles (libolm's AES-CBC +
 * HMAC envelope, and every raw layout version libolm 3.2 reads) of each of
 * the five objects, through the public cliquet_<object>_unpickle_libolm
 * functions, with libolm itself as a second opinion.
 *
 * Input: a control byte, then bytes. Control: (control & 7) % 5 picks the
 * object. Bit 0x08 clear: the bytes are the pickle text. Bit 0x08 set: the
 * bytes are a raw pickle, which the harness encrypts in libolm's envelope,
 * so the fuzzer reaches the raw layout readers (and the upgrades of
 * libolm's older layouts) behind the MAC. Bit 0x10: the pickle key is
 * empty instead of the fixed 32 bytes.
 *
 * Properties: only the documented statuses; a refusal makes no object;
 * what cliquet accepts, libolm accepts too (cliquet is the stricter
 * reader); an accepted pickle of the current version pickles back to the
 * same text byte for byte, and any accepted one unpickles again from its
 * new pickle into the same state.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fixtures.h"
#include "objects.h"
#include "pickle/pickle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

static int documented(cliquet_status st)
{
    switch (st) {
    case CLIQUET_ERR_BAD_BASE64:
    case CLIQUET_ERR_PICKLE_BAD_KEY:
    case CLIQUET_ERR_PICKLE_UNKNOWN_VERSION:
    case CLIQUET_ERR_PICKLE_CORRUPTED:
    case CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT:
    case CLIQUET_ERR_PICKLE_LOSSY:
    case CLIQUET_ERR_PICKLE_EXTRA_DATA: /* a whole object, then more bytes */
    case CLIQUET_ERR_INPUT_TOO_LARGE:
        return 1;
    default:
        return 0;
    }
}

/* The raw layout version inside an accepted pickle. */
static uint32_t raw_version(const uint8_t *key, size_t key_len,
                            const char *text, size_t n)
{
    size_t cap = cq_base64_decoded_len(n) + 1;
    uint8_t *work = malloc(cap);
    size_t raw_len = 0;
    uint32_t v;

    fz_require(work != NULL, "malloc");
    fz_require(cq_pickle_libolm_read(&raw_len, work, cap, key, key_len, text,
                                     n) == CLIQUET_OK &&
                   raw_len >= 4,
               "an accepted pickle does not open");
    v = (uint32_t)work[0] << 24 | (uint32_t)work[1] << 16 |
        (uint32_t)work[2] << 8 | work[3];
    free(work);
    return v;
}

static void check_round_trip(const fz_object *ob, const void *o,
                             const uint8_t *key, size_t key_len,
                             const char *text, size_t n)
{
    size_t len = 0;
    char *again;
    void *o2 = NULL;
    cliquet_status st;

    st = ob->pickle_libolm(o, NULL, 0, &len, key, key_len);
    fz_require(st == CLIQUET_ERR_OUTPUT_TOO_SMALL, "pickle size query");
    again = malloc(len);
    fz_require(again != NULL, "malloc");
    fz_require(ob->pickle_libolm(o, again, len, &len, key, key_len) == CLIQUET_OK,
               "pickle again");
    fz_require(again[len] == '\0', "pickle: the text rule's NUL");
    if (raw_version(key, key_len, text, n) == ob->libolm_version) {
        fz_require(len == n && memcmp(again, text, n) == 0,
                   "an accepted current-version pickle does not pickle back to itself");
    }
    fz_require(ob->unpickle_libolm(&o2, key, key_len, again, len) == CLIQUET_OK &&
                   memcmp(ob->state(o), ob->state(o2), ob->state_size) == 0,
               "unpickling the new pickle gives another state");
    ob->release(o2);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control;
    const fz_object *ob;
    const uint8_t *key = fz_pickle_key;
    size_t key_len = 32;
    char *text;
    size_t n;
    void *o = NULL;
    cliquet_status st;

    if (size > 8192) {
        return 0;
    }
    fz_random_reset();
    control = fz_u8(&in);
    ob = &fz_objects[(control & 7) % FZ_OBJECTS];
    if (control & 0x10) {
        key = NULL;
        key_len = 0;
    }
    if (control & 0x08) {
        uint8_t *work = malloc(cq_pickle_libolm_raw_len(in.len));

        n = cq_pickle_libolm_text_len(in.len);
        text = malloc(n);
        fz_require(work != NULL && text != NULL, "malloc");
        cq_pickle_libolm_write(text, work, key, key_len, in.data, in.len);
        free(work);
    } else {
        n = in.len;
        text = malloc(n + 1);
        fz_require(text != NULL, "malloc");
        memcpy(text, in.data, n);
    }
    st = ob->unpickle_libolm(&o, key, key_len, text, n);
    fz_require(st == CLIQUET_OK || documented(st), "unpickle: undocumented status");
    fz_require((st == CLIQUET_OK) == (o != NULL), "object iff success");
    if (st == CLIQUET_OK) {
        fz_require(ob->libolm_accepts(key, key_len, text, n),
                   "cliquet accepts a pickle libolm refuses");
        check_round_trip(ob, o, key, key_len, text, n);
    }
    ob->release(o);
    free(text);
    return 0;
}
