/*
 * AES-256 with the x86 AES instructions (AES-NI).
 * SPDX-License-Identifier: Apache-2.0
 *
 * The library is built without -maes: each function here carries its own
 * target attribute, and aes.c calls them only after cq_aes_ni_cpu_supported()
 * has seen the instructions in CPUID, so the same binary runs on CPUs
 * without them. The instructions take the same time whatever the key and
 * data, and nothing here branches on either.
 *
 * The schedule: 15 encryption round keys, then 15 decryption round keys for
 * the Equivalent Inverse Cipher (FIPS-197 §5.3.5): the encryption keys in
 * reverse order, the middle 13 passed through InvMixColumns (AESIMC).
 * 30 blocks of 16 bytes: words[0..59] of cq_aes256.
 *
 * Off x86 the file still compiles: cq_aes_ni_cpu_supported() returns 0 and
 * the other functions, which aes.c then never reaches, only clear their
 * output.
 */
#include <string.h>

#include "crypto.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>
#include <wmmintrin.h>

#define ROUNDS 14
#define TARGET __attribute__((target("aes,sse2")))

/* crypto.h */
int cq_aes_ni_cpu_supported(void)
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;

    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) {
        return 0;
    }
    return (ecx & bit_AES) != 0 && (edx & bit_SSE2) != 0;
}

/*
 * Zeroes the vector registers on the way out. The schedule and the block
 * functions leave round keys (the first two are the key itself) and cipher
 * states in them, and later code need not overwrite them before something
 * saves them to memory: the dynamic linker's lazy binding saves every
 * vector register on the stack, where test/test_stack_wipe.c found the key
 * (its test_aes_ni_registers checks the registers themselves).
 */
TARGET static void clear_vector_registers(void)
{
    __asm__ __volatile__("pxor %%xmm0, %%xmm0\n\tpxor %%xmm1, %%xmm1\n\t"
                         "pxor %%xmm2, %%xmm2\n\tpxor %%xmm3, %%xmm3\n\t"
                         "pxor %%xmm4, %%xmm4\n\tpxor %%xmm5, %%xmm5\n\t"
                         "pxor %%xmm6, %%xmm6\n\tpxor %%xmm7, %%xmm7"
                         : : : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                           "xmm7");
#if defined(__x86_64__)
    __asm__ __volatile__("pxor %%xmm8, %%xmm8\n\tpxor %%xmm9, %%xmm9\n\t"
                         "pxor %%xmm10, %%xmm10\n\tpxor %%xmm11, %%xmm11\n\t"
                         "pxor %%xmm12, %%xmm12\n\tpxor %%xmm13, %%xmm13\n\t"
                         "pxor %%xmm14, %%xmm14\n\tpxor %%xmm15, %%xmm15"
                         : : : "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                           "xmm14", "xmm15");
#endif
}

/* Round key i of the encryption (0..14) or decryption (15..29) schedule. */
TARGET static __m128i round_key(const cq_aes256 *ctx, unsigned i)
{
    return _mm_loadu_si128((const __m128i *)(const void *)(ctx->words + 2 * i));
}

TARGET static void set_round_key(cq_aes256 *ctx, unsigned i, __m128i k)
{
    _mm_storeu_si128((__m128i *)(void *)(ctx->words + 2 * i), k);
}

/*
 * The XOR of all four words of prev into each later word (the chained
 * XORs of KeyExpansion, FIPS-197 §5.2), plus the word t of AESKEYGENASSIST
 * that the caller picked into every lane.
 */
TARGET static __m128i expand_step(__m128i prev, __m128i t)
{
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    return _mm_xor_si128(prev, t);
}

/*
 * Round key i >= 2 (FIPS-197 §5.2 with Nk = 8). Even i: its first word
 * takes SubWord(RotWord(w)) ^ Rcon of the last word w of key i - 1, which
 * AESKEYGENASSIST with a zero Rcon leaves in its word 3; the Rcon is added
 * here so that it need not be an immediate. Odd i: SubWord(w), in word 2.
 */
TARGET static __m128i next_key(__m128i prev2, __m128i prev1, unsigned i,
                               uint32_t rcon)
{
    __m128i t = _mm_aeskeygenassist_si128(prev1, 0x00);

    if (i % 2 == 0) {
        t = _mm_xor_si128(_mm_shuffle_epi32(t, 0xFF),
                          _mm_set1_epi32((int)rcon));
    } else {
        t = _mm_shuffle_epi32(t, 0xAA);
    }
    return expand_step(prev2, t);
}

/* crypto.h */
TARGET void cq_aes_ni_schedule(cq_aes256 *ctx, const uint8_t key[32])
{
    uint32_t rcon = 0x01;
    unsigned i;

    set_round_key(ctx, 0, _mm_loadu_si128((const __m128i *)(const void *)key));
    set_round_key(ctx, 1,
                  _mm_loadu_si128((const __m128i *)(const void *)(key + 16)));
    for (i = 2; i <= ROUNDS; i++) {
        set_round_key(ctx, i,
                      next_key(round_key(ctx, i - 2), round_key(ctx, i - 1), i,
                               rcon));
        if (i % 2 == 0) {
            rcon <<= 1;
        }
    }
    set_round_key(ctx, ROUNDS + 1, round_key(ctx, ROUNDS));
    for (i = 1; i < ROUNDS; i++) {
        set_round_key(ctx, ROUNDS + 1 + i,
                      _mm_aesimc_si128(round_key(ctx, ROUNDS - i)));
    }
    set_round_key(ctx, 2 * ROUNDS + 1, round_key(ctx, 0));
    clear_vector_registers();
}

/* One block through the 14 rounds, with the encryption or decryption keys. */
TARGET static __m128i encrypt1(const cq_aes256 *ctx, __m128i b)
{
    unsigned r;

    b = _mm_xor_si128(b, round_key(ctx, 0));
    for (r = 1; r < ROUNDS; r++) {
        b = _mm_aesenc_si128(b, round_key(ctx, r));
    }
    return _mm_aesenclast_si128(b, round_key(ctx, ROUNDS));
}

TARGET static __m128i decrypt1(const cq_aes256 *ctx, __m128i b)
{
    unsigned r;

    b = _mm_xor_si128(b, round_key(ctx, ROUNDS + 1));
    for (r = 1; r < ROUNDS; r++) {
        b = _mm_aesdec_si128(b, round_key(ctx, ROUNDS + 1 + r));
    }
    return _mm_aesdeclast_si128(b, round_key(ctx, 2 * ROUNDS + 1));
}

TARGET static __m128i load_block(const uint8_t *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

TARGET static void store_block(uint8_t *p, __m128i b)
{
    _mm_storeu_si128((__m128i *)(void *)p, b);
}

/* spec: FIPS-197 §5.1 */
/* crypto.h */
TARGET void cq_aes_ni_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                     const uint8_t *in, size_t n_blocks)
{
    size_t i;

    for (i = 0; i < n_blocks; i++) {
        store_block(out + 16 * i, encrypt1(ctx, load_block(in + 16 * i)));
    }
    clear_vector_registers();
}

/* spec: FIPS-197 §5.3 */
/*
 * Four blocks at a time: AESDEC has a latency of several cycles but a
 * throughput of one (or two) per cycle, so four independent blocks keep
 * the unit busy. Each block is read before any output is written, so out
 * may equal in.
 */
/* crypto.h */
TARGET void cq_aes_ni_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                     const uint8_t *in, size_t n_blocks)
{
    size_t i = 0;
    unsigned r;

    for (; i + 4 <= n_blocks; i += 4) {
        __m128i k = round_key(ctx, ROUNDS + 1);
        __m128i b0 = _mm_xor_si128(load_block(in + 16 * i), k);
        __m128i b1 = _mm_xor_si128(load_block(in + 16 * i + 16), k);
        __m128i b2 = _mm_xor_si128(load_block(in + 16 * i + 32), k);
        __m128i b3 = _mm_xor_si128(load_block(in + 16 * i + 48), k);
        for (r = 1; r < ROUNDS; r++) {
            k = round_key(ctx, ROUNDS + 1 + r);
            b0 = _mm_aesdec_si128(b0, k);
            b1 = _mm_aesdec_si128(b1, k);
            b2 = _mm_aesdec_si128(b2, k);
            b3 = _mm_aesdec_si128(b3, k);
        }
        k = round_key(ctx, 2 * ROUNDS + 1);
        store_block(out + 16 * i, _mm_aesdeclast_si128(b0, k));
        store_block(out + 16 * i + 16, _mm_aesdeclast_si128(b1, k));
        store_block(out + 16 * i + 32, _mm_aesdeclast_si128(b2, k));
        store_block(out + 16 * i + 48, _mm_aesdeclast_si128(b3, k));
    }
    for (; i < n_blocks; i++) {
        store_block(out + 16 * i, decrypt1(ctx, load_block(in + 16 * i)));
    }
    clear_vector_registers();
}

#else /* not x86: no AES instructions to use */

/* crypto.h */
int cq_aes_ni_cpu_supported(void)
{
    return 0;
}

/* crypto.h */
void cq_aes_ni_schedule(cq_aes256 *ctx, const uint8_t key[32])
{
    (void)key;
    memset(ctx->words, 0, sizeof ctx->words);
}

/* crypto.h */
void cq_aes_ni_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks)
{
    (void)ctx;
    (void)in;
    memset(out, 0, 16 * n_blocks);
}

/* crypto.h */
void cq_aes_ni_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks)
{
    (void)ctx;
    (void)in;
    memset(out, 0, 16 * n_blocks);
}

#endif
