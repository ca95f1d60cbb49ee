/*
 * fuzz/fuzz_dehydrated.c: dehydrated devices (MSC3814, since 1.2), the
 * plaintext parser and the whole rehydration call.
 *
 * Input: a control byte, the rest the data. control % 3 picks the way in:
 *   0: the data is a decrypted device, read by cq_olm_dehydrated_read (the
 *      target of vodozemac's afl/rehydrate-device harness);
 *   1: the data is a decrypted device that the harness seals under a fixed
 *      key and nonce and hands to cliquet_account_from_dehydrated_device;
 *   2: the data is the ciphertext text itself, with the fixed key and
 *      nonce (base64, length and tag checks).
 *
 * Properties: only the statuses cliquet.h documents; a refusal makes no
 * account and leaves the core's output untouched; an accepted plaintext
 * is written back byte for byte by cq_olm_dehydrated_write (the format has
 * one encoding per account), and an account made through the API
 * dehydrates, under the same key and nonce, to the very text it came from.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "olm/olm.h"

static uint8_t key[CQ_OLM_DEHYDRATED_KEY_BYTES];
static uint8_t nonce[CQ_OLM_DEHYDRATED_NONCE_BYTES];
static char nonce_text[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE];
static cq_olm_account work, untouched;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_bytes(key, sizeof key, "dehydrated key", 0);
    fz_bytes(nonce, sizeof nonce, "dehydrated nonce", 0);
    cq_base64_encode(nonce_text, nonce, sizeof nonce);
    nonce_text[sizeof nonce_text - 1] = '\0';
    memset(&untouched, 0xA5, sizeof untouched);
    return 0;
}

static int documented(cliquet_status st, int text)
{
    switch (st) {
    case CLIQUET_OK:
    case CLIQUET_ERR_PICKLE_CORRUPTED:
    case CLIQUET_ERR_PICKLE_UNKNOWN_VERSION:
    case CLIQUET_ERR_PICKLE_EXTRA_DATA:
    case CLIQUET_ERR_TOO_MANY_KEYS:
        return 1;
    case CLIQUET_ERR_PICKLE_BAD_KEY:
    case CLIQUET_ERR_BAD_BASE64:
    case CLIQUET_ERR_INPUT_TOO_LARGE:
        return text;
    default:
        return 0;
    }
}

/* Way 0: the parser alone. */
static void parse(const uint8_t *p, size_t n)
{
    cliquet_status st;
    uint8_t *again;

    work = untouched;
    st = cq_olm_dehydrated_read(&work, p, n);
    fz_require(documented(st, 0), "undocumented status from the parser");
    if (st != CLIQUET_OK) {
        fz_require(memcmp(&work, &untouched, sizeof work) == 0, "a refusal wrote the account");
        return;
    }
    fz_require(cq_olm_dehydrated_len(&work) == n, "length of the accepted device");
    again = malloc(n);
    fz_require(again != NULL, "malloc");
    fz_require(cq_olm_dehydrated_write(again, &work) == CLIQUET_OK, "write back");
    fz_require(memcmp(again, p, n) == 0, "an accepted device writes back otherwise");
    cq_wipe(again, n);
    free(again);
    cq_wipe(&work, sizeof work);
}

/* Ways 1 and 2: the API on a ciphertext text. */
static void rehydrate(const char *text, size_t n, int raw_text)
{
    cliquet_account *a = NULL;
    char *back, nonce_back[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE];
    size_t back_len = 0;
    cliquet_status st;

    st = cliquet_account_from_dehydrated_device(&a, text, n, nonce_text, 16, key, sizeof key);
    fz_require(documented(st, 1), "undocumented status from the API");
    /* A sealed plaintext always opens: its refusals are the parser's. */
    fz_require(raw_text || documented(st, 0), "a sealed device failed to open");
    if (st != CLIQUET_OK) {
        fz_require(a == NULL, "a refusal made an account");
        return;
    }
    back = malloc(n + 1);
    fz_require(back != NULL, "malloc");
    fz_require(cliquet_account_to_dehydrated_device_with_random(a, back, n + 1, &back_len,
                                                                nonce_back, key, sizeof key,
                                                                nonce, sizeof nonce) ==
                   CLIQUET_OK,
               "dehydrate again");
    fz_require(back_len == n && memcmp(back, text, n) == 0, "not the same device text");
    free(back);
    cliquet_account_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = { data, size };
    int way = fz_u8(&in) % 3;
    uint8_t *sealed;
    char *text;

    fz_random_reset();
    /* Past the format's largest device nothing new is reached. */
    if (in.len > CQ_OLM_DEHYDRATED_MIN_BYTES + 32 * 300) {
        return 0;
    }
    if (way == 0) {
        parse(in.data, in.len);
    } else if (way == 2) {
        rehydrate((const char *)in.data, in.len, 1);
    } else {
        sealed = malloc(in.len + CQ_CHACHA_TAG_BYTES);
        text = malloc(cq_base64_encoded_len(in.len + CQ_CHACHA_TAG_BYTES) + 1);
        fz_require(sealed != NULL && text != NULL, "malloc");
        cq_chacha20poly1305_seal(sealed, in.data, in.len, nonce, key);
        cq_base64_encode(text, sealed, in.len + CQ_CHACHA_TAG_BYTES);
        rehydrate(text, cq_base64_encoded_len(in.len + CQ_CHACHA_TAG_BYTES), 0);
        free(sealed);
        free(text);
    }
    return 0;
}
