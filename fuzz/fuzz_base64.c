/*
 * fuzz/fuzz_base64.c: cq_base64_decode, the decoder every base64 input
 * (keys, messages, session keys, pickles) goes through, and the public
 * cliquet_ed25519_verify, whose three base64 inputs come from peers.
 *
 * Properties checked on every input:
 *   - the decoder agrees with a plain reference decoder written here
 *     (standard alphabet, no padding, length not 1 mod 4, zero trailing
 *     bits): same verdict, same bytes;
 *   - an accepted text re-encodes to itself (strict means canonical);
 *   - a too-small output buffer is refused and told the size needed.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "core/core.h"

static int ref_value(uint8_t c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

/* The reference: 1 and the bytes in out if text is strict base64, else 0. */
static int ref_decode(uint8_t *out, size_t *out_len, const uint8_t *in,
                      size_t n)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t i;
    size_t o = 0;

    if (n % 4 == 1) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        int v = ref_value(in[i]);

        if (v < 0) {
            return 0;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1u;
        }
    }
    if (acc != 0) {
        return 0;
    }
    *out_len = o;
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

static void check_decoder(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t cap = cq_base64_decoded_len(size);
    uint8_t *out = malloc(cap + 1);
    uint8_t *ref = malloc(cap + 1);
    char *again = malloc(size + 1);
    size_t out_len = 0;
    size_t ref_len = 0;
    int ok;
    int ref_ok;

    fz_require(out != NULL && ref != NULL && again != NULL, "malloc");
    ok = cq_base64_decode(out, cap, &out_len, text, size) == CLIQUET_OK;
    ref_ok = ref_decode(ref, &ref_len, data, size);
    fz_require(ok == ref_ok, "base64 verdict differs from the reference");
    if (ok) {
        fz_require(out_len == ref_len && out_len == cap, "decoded length");
        fz_require(memcmp(out, ref, out_len) == 0, "decoded bytes");
        cq_base64_encode(again, out, out_len);
        fz_require(cq_base64_encoded_len(out_len) == size &&
                       memcmp(again, text, size) == 0,
                   "accepted text does not re-encode to itself");
        if (cap > 0) {
            size_t need = 0;

            fz_require(cq_base64_decode(out, cap - 1, &need, text, size) ==
                               CLIQUET_ERR_OUTPUT_TOO_SMALL &&
                           need == cap,
                       "too-small buffer not refused with the size needed");
        }
    }
    free(out);
    free(ref);
    free(again);
}

/* The public verifier: three base64 inputs from a peer, split by the
 * first two bytes. A success from fuzzed bytes would be a forgery. */
static void check_verify(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    size_t key_len;
    size_t sig_len;
    const uint8_t *key = fz_slice(&in, &key_len);
    const uint8_t *sig = fz_slice(&in, &sig_len);
    cliquet_status st;

    st = cliquet_ed25519_verify((const char *)key, key_len, in.data, in.len,
                                (const char *)sig, sig_len);
    fz_require(st != CLIQUET_OK, "a fuzzed Ed25519 signature verified");
    fz_require(st == CLIQUET_ERR_BAD_BASE64 || st == CLIQUET_ERR_BAD_KEY_LENGTH ||
                   st == CLIQUET_ERR_BAD_SIGNATURE,
               "cliquet_ed25519_verify: undocumented status");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    check_decoder(data, size);
    check_verify(data, size);
    return 0;
}
