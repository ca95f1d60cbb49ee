/*
 * fuzz/common.c: see common.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common.h"
#include "crypto/crypto.h"

/* ---- deterministic randomness ------------------------------------------- */

/*
 * A ChaCha20 keystream under a fixed key, read from a position that
 * fz_random_reset puts back to 0. Not secret and not meant to be: the
 * point is that every run of an input draws the same bytes, so a crash
 * replays.
 */
static const uint8_t stream_key[crypto_stream_chacha20_KEYBYTES] = {
    'c', 'l', 'i', 'q', 'u', 'e', 't', ' ', 'f', 'u', 'z', 'z'};
static uint64_t stream_pos;

/* The AES implementation cliquet_init chose. */
static cliquet_aes_impl default_aes;

static void det_buf(void *const buf, const size_t size)
{
    uint8_t nonce[crypto_stream_chacha20_NONCEBYTES] = {0};
    uint64_t block = stream_pos / 64;
    size_t skip = (size_t)(stream_pos % 64);
    uint8_t *tmp = malloc(size + skip);

    if (tmp == NULL) {
        abort();
    }
    memset(tmp, 0, size + skip);
    crypto_stream_chacha20_xor_ic(tmp, tmp, size + skip, nonce, block,
                                  stream_key);
    memcpy(buf, tmp + skip, size);
    free(tmp);
    stream_pos += size;
}

static uint32_t det_random(void)
{
    uint32_t x;

    det_buf(&x, sizeof x);
    return x;
}

static const char *det_name(void)
{
    return "cliquet fuzz deterministic";
}

static struct randombytes_implementation det_impl = {
    .implementation_name = det_name,
    .random = det_random,
    .buf = det_buf,
};

/* common.h */
void fz_init(void)
{
    randombytes_set_implementation(&det_impl);
    if (cliquet_init() != CLIQUET_OK) {
        fprintf(stderr, "fuzz: cliquet_init failed\n");
        abort();
    }
    default_aes = cq_aes_selected();
}

/* common.h */
void fz_aes(int bitsliced)
{
    fz_require(cq_aes_select(bitsliced ? CLIQUET_AES_BITSLICED : default_aes) ==
                   CLIQUET_OK,
               "AES selection");
}

/* common.h */
void fz_random_reset(void)
{
    stream_pos = 0;
}

/* common.h */
void fz_bytes(uint8_t *out, size_t n, const char *label, uint32_t counter)
{
    crypto_generichash_state st;
    uint8_t key[crypto_stream_chacha20_KEYBYTES];
    uint8_t nonce[crypto_stream_chacha20_NONCEBYTES] = {0};
    uint8_t ctr[4];

    if (n == 0) {
        return;
    }
    ctr[0] = (uint8_t)(counter >> 24);
    ctr[1] = (uint8_t)(counter >> 16);
    ctr[2] = (uint8_t)(counter >> 8);
    ctr[3] = (uint8_t)counter;
    crypto_generichash_init(&st, NULL, 0, sizeof key);
    crypto_generichash_update(&st, (const uint8_t *)label, strlen(label));
    crypto_generichash_update(&st, ctr, sizeof ctr);
    crypto_generichash_final(&st, key, sizeof key);
    crypto_stream_chacha20(out, n, nonce, key);
}

/* common.h */
void fz_require(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz: property broken: %s\n", what);
        abort();
    }
}

/* ---- input reader --------------------------------------------------------- */

/* common.h */
uint8_t fz_u8(fz_input *in)
{
    uint8_t b;

    if (in->len == 0) {
        return 0;
    }
    b = in->data[0];
    in->data++;
    in->len--;
    return b;
}

/* common.h */
uint32_t fz_u32(fz_input *in)
{
    uint32_t v = 0;
    int i;

    for (i = 0; i < 4; i++) {
        v = (v << 8) | fz_u8(in);
    }
    return v;
}

/* common.h */
const uint8_t *fz_slice(fz_input *in, size_t *n)
{
    const uint8_t *p;
    size_t want = fz_u8(in);

    if (want > in->len) {
        want = in->len;
    }
    p = in->data;
    in->data += want;
    in->len -= want;
    *n = want;
    return p;
}
