/*
 * SHA-256 (FIPS 180-4): the one place that chooses between libsodium's
 * portable code and the CPU's SHA-256 instructions.
 * SPDX-License-Identifier: Apache-2.0
 *
 * cq_sha256_init_selection() runs once, from cq_crypto_init(): it takes the
 * instructions when the CPU has them (sha256_ni.c on x86-64, sha256_arm.c
 * on arm64) and libsodium's crypto_hash_sha256 otherwise. A computation
 * remembers which implementation started it, so update and final always
 * reach the code that understands its state, even if a test changes the
 * selection in between with cq_sha256_select().
 *
 * The hardware files only compress whole blocks; the buffering and the
 * padding (FIPS 180-4 §5.1.1) are here, once for both. They branch on
 * lengths alone, which are public everywhere cliquet hashes: the content
 * of a message never steers a branch or an index.
 */
#include <string.h>

#include "crypto.h"

/* FIPS 180-4 §4.2.2. */
const uint32_t cq_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* FIPS 180-4 §5.3.3. */
static const uint32_t initial_h[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

typedef void (*blocks_fn)(uint32_t h[8], const uint8_t *in, size_t n_blocks);

/*
 * Written by cq_sha256_init_selection() under cliquet_init()'s once-guard
 * and by the test hook; read when a computation starts. hardware is the
 * compression function of this CPU's instructions, NULL without them.
 */
static cq_sha256_impl selected = CQ_SHA256_LIBSODIUM;
static blocks_fn hardware;

/* Looks for the instructions; sets hardware. */
static void find_hardware(void)
{
    if (cq_sha256_ni_cpu_supported()) {
        hardware = cq_sha256_ni_blocks;
    } else if (cq_sha256_arm_cpu_supported()) {
        hardware = cq_sha256_arm_blocks;
    } else {
        hardware = NULL;
    }
}

/* crypto.h */
int cq_sha256_hardware_available(void)
{
    return cq_sha256_ni_cpu_supported() || cq_sha256_arm_cpu_supported();
}

/* crypto.h */
void cq_sha256_init_selection(void)
{
    find_hardware();
    selected = hardware != NULL ? CQ_SHA256_HARDWARE : CQ_SHA256_LIBSODIUM;
}

/* crypto.h */
cq_sha256_impl cq_sha256_selected(void)
{
    return selected;
}

/* crypto.h */
const char *cq_sha256_impl_name(cq_sha256_impl impl)
{
    if (impl != CQ_SHA256_HARDWARE) {
        return "libsodium";
    }
    if (cq_sha256_ni_cpu_supported()) {
        return "sha-ni";
    }
    return cq_sha256_arm_cpu_supported() ? "armv8-sha2" : "none";
}

/* crypto.h */
cliquet_status cq_sha256_select(cq_sha256_impl impl)
{
    if (impl == CQ_SHA256_LIBSODIUM) {
        selected = impl;
        return CLIQUET_OK;
    }
    if (impl == CQ_SHA256_HARDWARE) {
        find_hardware();
        if (hardware == NULL) {
            return CLIQUET_ERR_UNSUPPORTED;
        }
        selected = impl;
        return CLIQUET_OK;
    }
    return CLIQUET_ERR_INVALID_ARGUMENT;
}

/* ---- the hardware path: buffering and padding ------------------------------ */

static void store32_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void hw_update(cq_sha256_ctx *ctx, const uint8_t *in, size_t n)
{
    size_t have = (size_t)(ctx->u.hw.bytes % CQ_SHA256_BLOCK_BYTES);
    size_t whole;

    ctx->u.hw.bytes += n;
    if (have > 0) {
        size_t take = CQ_SHA256_BLOCK_BYTES - have;

        if (take > n) {
            take = n;
        }
        memcpy(ctx->u.hw.block + have, in, take);
        in += take;
        n -= take;
        if (have + take < CQ_SHA256_BLOCK_BYTES) {
            return;
        }
        hardware(ctx->u.hw.h, ctx->u.hw.block, 1);
    }
    /* Whole blocks straight from the input, without a copy. */
    whole = n / CQ_SHA256_BLOCK_BYTES;
    if (whole > 0) {
        hardware(ctx->u.hw.h, in, whole);
        in += whole * CQ_SHA256_BLOCK_BYTES;
        n -= whole * CQ_SHA256_BLOCK_BYTES;
    }
    if (n > 0) {
        memcpy(ctx->u.hw.block, in, n);
    }
}

/*
 * FIPS 180-4 §5.1.1: a 1 bit, zeros up to 56 bytes into a block, then the
 * message length in bits as a big-endian 64-bit number.
 */
static void hw_final(cq_sha256_ctx *ctx, uint8_t out[32])
{
    uint8_t *block = ctx->u.hw.block;
    size_t have = (size_t)(ctx->u.hw.bytes % CQ_SHA256_BLOCK_BYTES);
    uint64_t bits = ctx->u.hw.bytes * 8;
    size_t i;

    block[have++] = 0x80;
    if (have > 56) {
        memset(block + have, 0, CQ_SHA256_BLOCK_BYTES - have);
        hardware(ctx->u.hw.h, block, 1);
        have = 0;
    }
    memset(block + have, 0, 56 - have);
    store32_be(block + 56, (uint32_t)(bits >> 32));
    store32_be(block + 60, (uint32_t)bits);
    hardware(ctx->u.hw.h, block, 1);
    for (i = 0; i < 8; i++) {
        store32_be(out + 4 * i, ctx->u.hw.h[i]);
    }
}

/* ---- the interface ------------------------------------------------------------ */

/* crypto.h */
void cq_sha256_init(cq_sha256_ctx *ctx)
{
    ctx->impl = (int)selected;
    if (selected == CQ_SHA256_HARDWARE) {
        memcpy(ctx->u.hw.h, initial_h, sizeof initial_h);
        ctx->u.hw.bytes = 0;
    } else {
        crypto_hash_sha256_init(&ctx->u.sodium);
    }
}

/* crypto.h */
void cq_sha256_update(cq_sha256_ctx *ctx, const uint8_t *in, size_t n)
{
    /* Nothing to add; also keeps a NULL in away from memcpy. */
    if (n == 0) {
        return;
    }
    if (ctx->impl == (int)CQ_SHA256_HARDWARE) {
        hw_update(ctx, in, n);
    } else {
        crypto_hash_sha256_update(&ctx->u.sodium, in, n);
    }
}

/* crypto.h */
void cq_sha256_final(cq_sha256_ctx *ctx, uint8_t out[CQ_SHA256_BYTES])
{
    if (ctx->impl == (int)CQ_SHA256_HARDWARE) {
        hw_final(ctx, out);
    } else {
        crypto_hash_sha256_final(&ctx->u.sodium, out);
    }
    cq_wipe(ctx, sizeof *ctx);
}

/* crypto.h */
void cq_sha256(uint8_t out[CQ_SHA256_BYTES], const uint8_t *msg, size_t n)
{
    cq_sha256_ctx ctx;

    cq_sha256_init(&ctx);
    cq_sha256_update(&ctx, msg, n);
    cq_sha256_final(&ctx, out);
}
