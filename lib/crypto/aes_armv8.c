/*
 * AES-256 with the ARMv8 Cryptography Extensions (AESE, AESD, AESMC,
 * AESIMC), on 64-bit ARM and on 32-bit ARM CPUs that have them.
 * SPDX-License-Identifier: Apache-2.0
 *
 * As in aes_ni.c, the library is built for the architecture's baseline
 * (armv8-a on arm64, armv7-a on armhf): each function here carries its own
 * target attribute, and aes.c calls them only after
 * cq_aes_armv8_cpu_supported() has seen the instructions, so the same
 * binary runs on ARM CPUs without them. The instructions take the same
 * time whatever the key and data, and nothing here branches on either.
 *
 * ARM splits a round differently from x86: AESE(b, k) is AddRoundKey(k)
 * then SubBytes and ShiftRows, and MixColumns is a separate AESMC. So a
 * round key is added at the start of each instruction pair, and the last
 * one is a plain XOR. Decryption is the Equivalent Inverse Cipher
 * (FIPS-197 §5.3.5) with AESD and AESIMC, over the same schedule layout as
 * aes_ni.c: 15 encryption round keys, then 15 decryption round keys (the
 * encryption keys in reverse order, the middle 13 through InvMixColumns),
 * 30 blocks of 16 bytes in words[0..59] of cq_aes256, as bytes in memory
 * order.
 *
 * The key expansion needs SubWord, which ARM has no instruction for; it is
 * done with AESE itself (sub_word), never with a table.
 *
 * Off ARM, or where the compiler cannot emit these instructions as built
 * (ARMV8_AES below), the file still compiles: cq_aes_armv8_cpu_supported()
 * returns 0 and the other functions, which aes.c then never reaches, only
 * clear their output.
 */
#include <string.h>

#include "crypto.h"

/*
 * Where the instructions can be compiled. GCC (8 and later) declares the
 * AES intrinsics for any function whose target attribute enables them;
 * clang before 16 declares them only when the whole file is compiled with
 * the extension (-march=armv8-a+crypto, or +aes), so with clang this file
 * has the hardware path only when __ARM_FEATURE_AES says so. 32-bit ARM
 * needs the hard-float ABI for NEON intrinsics at all (Debian's armhf,
 * Android's armeabi-v7a).
 */
#if defined(__clang__) && (defined(__aarch64__) || defined(__arm__)) && \
    defined(__ARM_FEATURE_AES)
#define ARMV8_AES 1
#define TARGET
#elif !defined(__clang__) && defined(__GNUC__) && defined(__aarch64__)
#define ARMV8_AES 1
#define TARGET __attribute__((target("+crypto")))
#elif !defined(__clang__) && defined(__GNUC__) && defined(__arm__) && defined(__ARM_PCS_VFP)
#define ARMV8_AES 1
#define TARGET __attribute__((target("fpu=crypto-neon-fp-armv8")))
#else
#define ARMV8_AES 0
#endif

#if ARMV8_AES

#include <arm_neon.h>

#if defined(__linux__)
#include <sys/auxv.h>
#endif

#define ROUNDS 14

/*
 * The bits Linux sets when the CPU has AESE/AESD (its asm/hwcap.h): in
 * AT_HWCAP on arm64, in AT_HWCAP2 on 32-bit ARM. Spelt out here because the
 * C library headers do not all define them.
 */
#define LINUX_ARM64_HWCAP_AES (1UL << 3)
#define LINUX_ARM_HWCAP2_AES (1UL << 0)

/* crypto.h */
int cq_aes_armv8_cpu_supported(void)
{
#if defined(__linux__) && defined(__aarch64__)
    return (getauxval(AT_HWCAP) & LINUX_ARM64_HWCAP_AES) != 0;
#elif defined(__linux__)
    return (getauxval(AT_HWCAP2) & LINUX_ARM_HWCAP2_AES) != 0;
#elif defined(__APPLE__) && defined(__aarch64__)
    /* Every 64-bit Apple CPU (A7 onwards, M1 onwards) has the extensions. */
    return 1;
#else
    return 0;
#endif
}

/*
 * Zeroes the caller-saved vector registers on the way out, as aes_ni.c
 * does and for the same reason: the schedule and the block functions leave
 * round keys (the first two are the key itself) and cipher states in them,
 * and later code need not overwrite them before something saves them to
 * memory (the dynamic linker's lazy binding saves the argument registers
 * v0-v7 on the stack). The callee-saved ones (the low halves of v8-v15 on
 * arm64, d8-d15 on 32-bit ARM) get the caller's values back from the
 * compiler's own epilogue.
 */
#if defined(__aarch64__)
TARGET static void clear_vector_registers(void)
{
    __asm__ __volatile__("movi v0.16b, #0\n\tmovi v1.16b, #0\n\tmovi v2.16b, #0\n\t"
                         "movi v3.16b, #0\n\tmovi v4.16b, #0\n\tmovi v5.16b, #0\n\t"
                         "movi v6.16b, #0\n\tmovi v7.16b, #0"
                         : : : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7");
    __asm__ __volatile__("movi v16.16b, #0\n\tmovi v17.16b, #0\n\tmovi v18.16b, #0\n\t"
                         "movi v19.16b, #0\n\tmovi v20.16b, #0\n\tmovi v21.16b, #0\n\t"
                         "movi v22.16b, #0\n\tmovi v23.16b, #0\n\tmovi v24.16b, #0\n\t"
                         "movi v25.16b, #0\n\tmovi v26.16b, #0\n\tmovi v27.16b, #0\n\t"
                         "movi v28.16b, #0\n\tmovi v29.16b, #0\n\tmovi v30.16b, #0\n\t"
                         "movi v31.16b, #0"
                         : : : "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24",
                           "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}
#else
TARGET static void clear_vector_registers(void)
{
    __asm__ __volatile__("vmov.i8 q0, #0\n\tvmov.i8 q1, #0\n\tvmov.i8 q2, #0\n\t"
                         "vmov.i8 q3, #0"
                         : : : "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7");
    __asm__ __volatile__("vmov.i8 q8, #0\n\tvmov.i8 q9, #0\n\tvmov.i8 q10, #0\n\t"
                         "vmov.i8 q11, #0\n\tvmov.i8 q12, #0\n\tvmov.i8 q13, #0\n\t"
                         "vmov.i8 q14, #0\n\tvmov.i8 q15, #0"
                         : : : "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24",
                           "d25", "d26", "d27", "d28", "d29", "d30", "d31");
}
#endif

/* Round key i of the encryption (0..14) or decryption (15..29) schedule. */
TARGET static uint8x16_t round_key(const cq_aes256 *ctx, unsigned i)
{
    return vld1q_u8((const uint8_t *)(const void *)(ctx->words + 2 * i));
}

TARGET static void set_round_key(cq_aes256 *ctx, unsigned i, uint8x16_t k)
{
    vst1q_u8((uint8_t *)(void *)(ctx->words + 2 * i), k);
}

/*
 * SubWord (FIPS-197 §5.2) of the four bytes w. AESE with a zero round key
 * is SubBytes then ShiftRows; with w in each of the four columns, every
 * row holds one byte value four times, so ShiftRows moves nothing and each
 * column comes out as SubWord(w). Constant time, as the instruction is.
 */
TARGET static void sub_word(uint8_t out[4], const uint8_t w[4])
{
    uint8_t block[16];
    unsigned i;

    for (i = 0; i < 16; i++) {
        block[i] = w[i % 4];
    }
    vst1q_u8(block, vaeseq_u8(vld1q_u8(block), vdupq_n_u8(0)));
    memcpy(out, block, 4);
    cq_wipe(block, sizeof block);
}

/*
 * KeyExpansion (FIPS-197 §5.2) with Nk = 8: the 60 words w[i] of the 15
 * encryption round keys, written as bytes straight into the schedule.
 */
TARGET static void expand_key(uint8_t w[240], const uint8_t key[32])
{
    uint8_t t[4], rot[4];
    uint8_t rcon = 0x01;
    unsigned i, j;

    memcpy(w, key, 32);
    for (i = 8; i < 60; i++) {
        memcpy(t, w + 4 * (i - 1), 4);
        if (i % 8 == 0) {
            /* SubWord(RotWord(temp)) xor Rcon[i/8]; Rcon stays below 0x80. */
            rot[0] = t[1];
            rot[1] = t[2];
            rot[2] = t[3];
            rot[3] = t[0];
            sub_word(t, rot);
            t[0] ^= rcon;
            rcon = (uint8_t)(rcon << 1);
        } else if (i % 8 == 4) {
            memcpy(rot, t, 4);
            sub_word(t, rot);
        }
        for (j = 0; j < 4; j++) {
            w[4 * i + j] = (uint8_t)(w[4 * (i - 8) + j] ^ t[j]);
        }
    }
    cq_wipe(t, sizeof t);
    cq_wipe(rot, sizeof rot);
}

/* crypto.h */
TARGET void cq_aes_armv8_schedule(cq_aes256 *ctx, const uint8_t key[32])
{
    unsigned i;

    expand_key((uint8_t *)(void *)ctx->words, key);
    set_round_key(ctx, ROUNDS + 1, round_key(ctx, ROUNDS));
    for (i = 1; i < ROUNDS; i++) {
        set_round_key(ctx, ROUNDS + 1 + i, vaesimcq_u8(round_key(ctx, ROUNDS - i)));
    }
    set_round_key(ctx, 2 * ROUNDS + 1, round_key(ctx, 0));
    clear_vector_registers();
}

/* One block through the 14 rounds: AESE+AESMC 13 times, AESE, XOR. */
TARGET static uint8x16_t encrypt1(const cq_aes256 *ctx, uint8x16_t b)
{
    unsigned r;

    for (r = 0; r < ROUNDS - 1; r++) {
        b = vaesmcq_u8(vaeseq_u8(b, round_key(ctx, r)));
    }
    b = vaeseq_u8(b, round_key(ctx, ROUNDS - 1));
    return veorq_u8(b, round_key(ctx, ROUNDS));
}

/* The same with the decryption keys: AESD+AESIMC 13 times, AESD, XOR. */
TARGET static uint8x16_t decrypt1(const cq_aes256 *ctx, uint8x16_t b)
{
    unsigned r;

    for (r = 0; r < ROUNDS - 1; r++) {
        b = vaesimcq_u8(vaesdq_u8(b, round_key(ctx, ROUNDS + 1 + r)));
    }
    b = vaesdq_u8(b, round_key(ctx, 2 * ROUNDS));
    return veorq_u8(b, round_key(ctx, 2 * ROUNDS + 1));
}

/* crypto.h */
TARGET void cq_aes_armv8_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                        const uint8_t *in, size_t n_blocks)
{
    size_t i;

    for (i = 0; i < n_blocks; i++) {
        vst1q_u8(out + 16 * i, encrypt1(ctx, vld1q_u8(in + 16 * i)));
    }
    clear_vector_registers();
}

/*
 * Four blocks at a time, for CBC decryption: AESD and AESIMC have a
 * latency of a few cycles but issue every cycle, and many cores fuse each
 * pair, so four independent blocks keep the unit busy. Each block is read
 * before any output is written, so out may equal in.
 */
/* crypto.h */
TARGET void cq_aes_armv8_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                        const uint8_t *in, size_t n_blocks)
{
    size_t i = 0;
    unsigned r;

    for (; i + 4 <= n_blocks; i += 4) {
        uint8x16_t b0 = vld1q_u8(in + 16 * i);
        uint8x16_t b1 = vld1q_u8(in + 16 * i + 16);
        uint8x16_t b2 = vld1q_u8(in + 16 * i + 32);
        uint8x16_t b3 = vld1q_u8(in + 16 * i + 48);
        uint8x16_t k;

        for (r = 0; r < ROUNDS - 1; r++) {
            k = round_key(ctx, ROUNDS + 1 + r);
            b0 = vaesimcq_u8(vaesdq_u8(b0, k));
            b1 = vaesimcq_u8(vaesdq_u8(b1, k));
            b2 = vaesimcq_u8(vaesdq_u8(b2, k));
            b3 = vaesimcq_u8(vaesdq_u8(b3, k));
        }
        k = round_key(ctx, 2 * ROUNDS);
        b0 = vaesdq_u8(b0, k);
        b1 = vaesdq_u8(b1, k);
        b2 = vaesdq_u8(b2, k);
        b3 = vaesdq_u8(b3, k);
        k = round_key(ctx, 2 * ROUNDS + 1);
        vst1q_u8(out + 16 * i, veorq_u8(b0, k));
        vst1q_u8(out + 16 * i + 16, veorq_u8(b1, k));
        vst1q_u8(out + 16 * i + 32, veorq_u8(b2, k));
        vst1q_u8(out + 16 * i + 48, veorq_u8(b3, k));
    }
    for (; i < n_blocks; i++) {
        vst1q_u8(out + 16 * i, decrypt1(ctx, vld1q_u8(in + 16 * i)));
    }
    clear_vector_registers();
}

#else /* not ARM, or no way to compile the instructions here (see above) */

/* crypto.h */
int cq_aes_armv8_cpu_supported(void)
{
    return 0;
}

/* crypto.h */
void cq_aes_armv8_schedule(cq_aes256 *ctx, const uint8_t key[32])
{
    (void)key;
    memset(ctx->words, 0, sizeof ctx->words);
}

/* crypto.h */
void cq_aes_armv8_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                 const uint8_t *in, size_t n_blocks)
{
    (void)ctx;
    (void)in;
    memset(out, 0, 16 * n_blocks);
}

/* crypto.h */
void cq_aes_armv8_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                 const uint8_t *in, size_t n_blocks)
{
    (void)ctx;
    (void)in;
    memset(out, 0, 16 * n_blocks);
}

#endif
