/*
 * fuzz/fuzz_ecies.c: the ECIES channel's two parsers of untrusted text,
 * through the API: the initial message (cliquet_ecies_channel_establish_
 * inbound, "<ciphertext>|<key>") on a fresh channel, and a channel message
 * (cliquet_ecies_channel_decrypt) on an established one.
 *
 * Input: a control byte, the rest the message text. Control bit 0x01:
 * initial message, else a channel message; bit 0x02: a plaintext buffer of
 * 2 bytes (the size rule's refusal), else one of 256.
 *
 * Properties: only documented statuses; a refusal leaves the channel's
 * bytes as they were and the plaintext length unwritten; an initial message
 * is accepted exactly when it is the fixture's (base64 is strict, so no
 * other text carries the same bytes) and then reads "hello"; a channel
 * message is accepted exactly when it is the next one ("one"), and the
 * fixture's later messages are CLIQUET_ERR_MESSAGE_OUT_OF_ORDER.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "common.h"
#include "fixtures.h"

static fz_ecies_fixture fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_ecies_fixture_make(&fx);
    return 0;
}

static int documented(cliquet_status st, int initial)
{
    switch (st) {
    case CLIQUET_OK:
    case CLIQUET_ERR_BAD_BASE64:
    case CLIQUET_ERR_BAD_MESSAGE_FORMAT:
    case CLIQUET_ERR_BAD_MESSAGE_MAC:
    case CLIQUET_ERR_INPUT_TOO_LARGE:
    case CLIQUET_ERR_OUTPUT_TOO_SMALL:
        return 1;
    case CLIQUET_ERR_BAD_KEY_LENGTH:
    case CLIQUET_ERR_ZERO_SHARED_SECRET:
        return initial;
    case CLIQUET_ERR_DUPLICATE_MESSAGE:
    case CLIQUET_ERR_MESSAGE_OUT_OF_ORDER:
        return !initial;
    default:
        return 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = { data, size };
    uint8_t control = fz_u8(&in);
    int initial = control & 0x01;
    size_t cap = (control & 0x02) ? 2 : 256;
    const char *text = (const char *)in.data;
    size_t n = in.len;
    cliquet_ecies_channel *c = NULL;
    cq_ecies before;
    uint8_t out[256];
    size_t out_len = 7777;
    cliquet_status st;

    fz_random_reset();
    fz_require(cliquet_ecies_channel_new_with_random(&c, fx.g_random, 32) == CLIQUET_OK,
               "new channel");
    if (!initial) {
        /* The established state; the API struct's only member. */
        memcpy((void *)c, &fx.g, sizeof fx.g);
    }
    memcpy(&before, (const void *)c, sizeof before);
    if (initial) {
        st = cliquet_ecies_channel_establish_inbound(c, text, n, out, cap, &out_len);
    } else {
        st = cliquet_ecies_channel_decrypt(c, text, n, out, cap, &out_len);
    }
    fz_require(documented(st, initial), "undocumented status");
    if (st != CLIQUET_OK) {
        fz_require(memcmp(&before, (const void *)c, sizeof before) == 0,
                   "a refusal changed the channel");
        fz_require(st == CLIQUET_ERR_OUTPUT_TOO_SMALL || out_len == 7777,
                   "a refusal wrote a length");
    }
    if (initial) {
        int genuine = n == strlen(fx.initial) && memcmp(text, fx.initial, n) == 0;

        fz_require((st == CLIQUET_OK) == (genuine && cap >= 5), "initial accepted iff genuine");
        fz_require(st != CLIQUET_OK || (out_len == 5 && memcmp(out, "hello", 5) == 0),
                   "initial plaintext");
    } else {
        int next = n == strlen(fx.messages[0]) && memcmp(text, fx.messages[0], n) == 0;
        int later = (n == strlen(fx.messages[1]) && memcmp(text, fx.messages[1], n) == 0) ||
                    (n == strlen(fx.messages[2]) && memcmp(text, fx.messages[2], n) == 0);

        fz_require((st == CLIQUET_OK) == (next && cap >= 3), "message accepted iff next");
        fz_require(st != CLIQUET_OK || (out_len == 3 && memcmp(out, "one", 3) == 0),
                   "message plaintext");
        fz_require(!later || cap < 5 || st == CLIQUET_ERR_MESSAGE_OUT_OF_ORDER,
                   "a later message is out of order");
    }
    cliquet_ecies_channel_free(c);
    return 0;
}
