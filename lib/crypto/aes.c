/*
 * AES-256: the one place that chooses between the two implementations.
 * SPDX-License-Identifier: Apache-2.0
 *
 * cq_aes_init_selection() runs once, from cq_crypto_init(): it takes the
 * AES instructions when CPUID shows them (aes_ni.c) and the portable
 * bitsliced code otherwise (aes_ct.c). A schedule remembers which
 * implementation made it, so a block call always goes to the code that
 * understands the schedule, even if a test changes the selection between
 * the two with cq_aes_select().
 *
 * Which implementation runs is not secret; the branches here depend on
 * nothing else.
 */
#include "crypto.h"

/*
 * Written by cq_aes_init_selection() under cliquet_init()'s once-guard and
 * by the test hook; read when a schedule is made.
 */
static cliquet_aes_impl selected = CLIQUET_AES_BITSLICED;

/* crypto.h */
int cq_aes_hardware_available(void)
{
    return cq_aes_ni_cpu_supported();
}

/* crypto.h */
void cq_aes_init_selection(void)
{
    selected = cq_aes_hardware_available() ? CLIQUET_AES_HARDWARE
                                           : CLIQUET_AES_BITSLICED;
}

/* crypto.h */
cliquet_aes_impl cq_aes_selected(void)
{
    return selected;
}

/* crypto.h */
cliquet_status cq_aes_select(cliquet_aes_impl impl)
{
    if (impl == CLIQUET_AES_BITSLICED) {
        selected = impl;
        return CLIQUET_OK;
    }
    if (impl == CLIQUET_AES_HARDWARE) {
        if (!cq_aes_hardware_available()) {
            return CLIQUET_ERR_UNSUPPORTED;
        }
        selected = impl;
        return CLIQUET_OK;
    }
    return CLIQUET_ERR_INVALID_ARGUMENT;
}

/* crypto.h */
void cq_aes256_init(cq_aes256 *ctx, const uint8_t key[CQ_AES256_KEY_BYTES])
{
    ctx->impl = (int)selected;
    if (selected == CLIQUET_AES_HARDWARE) {
        cq_aes_ni_schedule(ctx, key);
    } else {
        cq_aes_ct_schedule(ctx, key);
    }
}

/* spec: SP 800-38A §6.1 */
/* crypto.h */
void cq_aes256_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks)
{
    if (ctx->impl == (int)CLIQUET_AES_HARDWARE) {
        cq_aes_ni_encrypt_blocks(ctx, out, in, n_blocks);
    } else {
        cq_aes_ct_encrypt_blocks(ctx, out, in, n_blocks);
    }
}

/* spec: SP 800-38A §6.1 */
/* crypto.h */
void cq_aes256_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks)
{
    if (ctx->impl == (int)CLIQUET_AES_HARDWARE) {
        cq_aes_ni_decrypt_blocks(ctx, out, in, n_blocks);
    } else {
        cq_aes_ct_decrypt_blocks(ctx, out, in, n_blocks);
    }
}

/* crypto.h */
void cq_aes256_encrypt_block(const cq_aes256 *ctx, uint8_t out[16],
                             const uint8_t in[16])
{
    cq_aes256_encrypt_blocks(ctx, out, in, 1);
}

/* crypto.h */
void cq_aes256_decrypt_block(const cq_aes256 *ctx, uint8_t out[16],
                             const uint8_t in[16])
{
    cq_aes256_decrypt_blocks(ctx, out, in, 1);
}

/* crypto.h */
void cq_aes256_clear(cq_aes256 *ctx)
{
    cq_wipe(ctx, sizeof *ctx);
    /* The schedule and block functions ran from the caller's frame too:
     * their dead frames, just below, may hold key words and round keys. */
    cq_wipe_stack();
}
