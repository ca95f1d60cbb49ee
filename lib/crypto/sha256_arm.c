/*
 * The SHA-256 compression function with the ARMv8 SHA-2 instructions
 * (the Cryptographic Extension of arm64: SHA256H, SHA256H2, SHA256SU0,
 * SHA256SU1).
 * SPDX-License-Identifier: Apache-2.0
 *
 * The library is built for plain armv8-a: the function here carries its
 * own target attribute, and sha256.c calls it only after
 * cq_sha256_arm_cpu_supported() has seen the instructions in the kernel's
 * hardware capabilities, so the same binary runs on cores without them.
 * The instructions take the same time whatever their operands; the code is
 * straight-line but for the loop over blocks, and its only memory indexes
 * are the round number (into the constants) and the block count.
 *
 * The state is held as ABCD and EFGH. Four rounds at a time: SHA256H
 * gives the new ABCD, SHA256H2 the new EFGH (from the old ABCD), with
 * W[t..t+3] + K[t..t+3] in the third operand. The schedule (FIPS 180-4
 * §6.2.2 step 1), four words at a time:
 *     W[t..t+3] = SU1(SU0(W[t-16..t-13], W[t-12..t-9]),
 *                     W[t-8..t-5], W[t-4..t-1])
 * SU0 adds sigma0 of the following word to each of the first four; SU1
 * adds W[t-7] and sigma1 of W[t-2].
 *
 * Off arm64 the file still compiles: cq_sha256_arm_cpu_supported()
 * returns 0 and cq_sha256_arm_blocks(), which sha256.c then never reaches,
 * does nothing.
 */
#include "crypto.h"

#if defined(__aarch64__)

#include <arm_neon.h>

#if defined(__linux__)
#include <sys/auxv.h>
/* Linux's arm64 HWCAP bit for the SHA-2 instructions (asm/hwcap.h). */
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1UL << 6)
#endif
#endif

/*
 * GCC 12's arm_neon.h declares the SHA-2 intrinsics under "+crypto" (the
 * AES and SHA-2 instructions together), so the functions that use them
 * must carry it; only SHA-2 instructions are emitted here. Clang names
 * the feature sha2.
 */
#if defined(__clang__)
#define TARGET __attribute__((target("sha2")))
#else
#define TARGET __attribute__((target("+crypto")))
#endif

/*
 * The four instructions. Clang (14 here) declares their intrinsics only
 * when the whole file is built for SHA-2 (-march=armv8-a+sha2), which
 * would let the compiler use them anywhere in it; the instructions are
 * written out instead, operands exactly as the intrinsics take them.
 */
#if defined(__clang__) && !defined(__ARM_FEATURE_SHA2)

TARGET static uint32x4_t sha256h(uint32x4_t abcd, uint32x4_t efgh,
                                 uint32x4_t wk)
{
    __asm__("sha256h %q0, %q1, %2.4s" : "+w"(abcd) : "w"(efgh), "w"(wk));
    return abcd;
}

TARGET static uint32x4_t sha256h2(uint32x4_t efgh, uint32x4_t abcd,
                                  uint32x4_t wk)
{
    __asm__("sha256h2 %q0, %q1, %2.4s" : "+w"(efgh) : "w"(abcd), "w"(wk));
    return efgh;
}

TARGET static uint32x4_t sha256su0(uint32x4_t w0, uint32x4_t w4)
{
    __asm__("sha256su0 %0.4s, %1.4s" : "+w"(w0) : "w"(w4));
    return w0;
}

TARGET static uint32x4_t sha256su1(uint32x4_t t, uint32x4_t w8,
                                   uint32x4_t w12)
{
    __asm__("sha256su1 %0.4s, %1.4s, %2.4s" : "+w"(t) : "w"(w8), "w"(w12));
    return t;
}

#else

TARGET static uint32x4_t sha256h(uint32x4_t abcd, uint32x4_t efgh,
                                 uint32x4_t wk)
{
    return vsha256hq_u32(abcd, efgh, wk);
}

TARGET static uint32x4_t sha256h2(uint32x4_t efgh, uint32x4_t abcd,
                                  uint32x4_t wk)
{
    return vsha256h2q_u32(efgh, abcd, wk);
}

TARGET static uint32x4_t sha256su0(uint32x4_t w0, uint32x4_t w4)
{
    return vsha256su0q_u32(w0, w4);
}

TARGET static uint32x4_t sha256su1(uint32x4_t t, uint32x4_t w8,
                                   uint32x4_t w12)
{
    return vsha256su1q_u32(t, w8, w12);
}

#endif

/* crypto.h */
int cq_sha256_arm_cpu_supported(void)
{
#if defined(__linux__)
    return (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
#elif defined(__APPLE__)
    return 1; /* every Apple arm64 core has them */
#else
    return 0; /* no portable way to ask: stay with libsodium */
#endif
}

/* Four rounds t = 4i..4i+3 with the schedule words w = W[4i..4i+3]. */
TARGET static void four_rounds(uint32x4_t *abcd, uint32x4_t *efgh,
                               uint32x4_t w, unsigned i)
{
    uint32x4_t wk = vaddq_u32(w, vld1q_u32(cq_sha256_k + 4 * i));
    uint32x4_t abcd0 = *abcd;

    *abcd = sha256h(*abcd, *efgh, wk);
    *efgh = sha256h2(*efgh, abcd0, wk);
}

/* The next four schedule words from the previous sixteen (see the top). */
TARGET static uint32x4_t next_words(uint32x4_t w16, uint32x4_t w12,
                                    uint32x4_t w8, uint32x4_t w4)
{
    return sha256su1(sha256su0(w16, w12), w8, w4);
}

/* One 16-byte row of the block as four big-endian words. */
TARGET static uint32x4_t load_be(const uint8_t *p)
{
    return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
}

/* crypto.h */
TARGET void cq_sha256_arm_blocks(uint32_t h[8], const uint8_t *in,
                                 size_t n_blocks)
{
    uint32x4_t abcd = vld1q_u32(h);
    uint32x4_t efgh = vld1q_u32(h + 4);
    size_t b;

    for (b = 0; b < n_blocks; b++) {
        const uint8_t *p = in + 64 * b;
        uint32x4_t abcd0 = abcd;
        uint32x4_t efgh0 = efgh;
        uint32x4_t w0 = load_be(p);
        uint32x4_t w1 = load_be(p + 16);
        uint32x4_t w2 = load_be(p + 32);
        uint32x4_t w3 = load_be(p + 48);
        unsigned i;

        /* As in sha256_ni.c: each group's words make room for the words
         * of the group four later (groups 12 to 15 have none to make). */
        for (i = 0; i < 16; i += 4) {
            four_rounds(&abcd, &efgh, w0, i);
            if (i < 12) {
                w0 = next_words(w0, w1, w2, w3);
            }
            four_rounds(&abcd, &efgh, w1, i + 1);
            if (i < 12) {
                w1 = next_words(w1, w2, w3, w0);
            }
            four_rounds(&abcd, &efgh, w2, i + 2);
            if (i < 12) {
                w2 = next_words(w2, w3, w0, w1);
            }
            four_rounds(&abcd, &efgh, w3, i + 3);
            if (i < 12) {
                w3 = next_words(w3, w0, w1, w2);
            }
        }
        abcd = vaddq_u32(abcd, abcd0);
        efgh = vaddq_u32(efgh, efgh0);
    }
    vst1q_u32(h, abcd);
    vst1q_u32(h + 4, efgh);
}

#else /* not arm64 */

/* crypto.h */
int cq_sha256_arm_cpu_supported(void)
{
    return 0;
}

/* crypto.h */
void cq_sha256_arm_blocks(uint32_t h[8], const uint8_t *in, size_t n_blocks)
{
    (void)h;
    (void)in;
    (void)n_blocks;
}

#endif
