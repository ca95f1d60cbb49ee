/*
 * The SHA-256 compression function with the x86 SHA extensions (SHA-NI).
 * SPDX-License-Identifier: Apache-2.0
 *
 * The library is built without -msha: each function here carries its own
 * target attribute, and sha256.c calls them only after
 * cq_sha256_ni_cpu_supported() has seen the instructions in CPUID, so the
 * same binary runs on CPUs without them. SHA256RNDS2, SHA256MSG1 and
 * SHA256MSG2 take the same time whatever their operands; the code below is
 * straight-line but for the loop over blocks, and its only memory indexes
 * are the round number (into the constants) and the block count.
 *
 * SHA256RNDS2 does two rounds on the state held as two vectors, ABEF and
 * CDGH (A in the top lane), with W[t] + K[t] for the two rounds in the low
 * lanes of its third operand. The message schedule (FIPS 180-4 §6.2.2
 * step 1) goes four words at a time:
 *     W[t..t+3] = MSG2(MSG1(W[t-16..t-13], W[t-12..t-9])
 *                      + W[t-7..t-4], W[t-4..t-1])
 * MSG1 adds sigma0 of the following word to each of the first four, the
 * addition brings in W[t-7], and MSG2 adds sigma1 of W[t-2] (computing the
 * last two from the first two of its own result).
 *
 * Off x86 the file still compiles: cq_sha256_ni_cpu_supported() returns 0
 * and cq_sha256_ni_blocks(), which sha256.c then never reaches, does
 * nothing.
 */
#include "crypto.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>

#define TARGET __attribute__((target("sha,sse4.1")))

/* crypto.h */
int cq_sha256_ni_cpu_supported(void)
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    int sse41;

    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) {
        return 0;
    }
    sse41 = (ecx & bit_SSE4_1) != 0 && (ecx & bit_SSSE3) != 0;
    if (__get_cpuid_max(0, NULL) < 7) {
        return 0;
    }
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return sse41 && (ebx & bit_SHA) != 0;
}

/* Four rounds t = 4i..4i+3 with the schedule words w = W[4i..4i+3]. */
TARGET static void four_rounds(__m128i *abef, __m128i *cdgh, __m128i w,
                               unsigned i)
{
    __m128i wk = _mm_add_epi32(
        w, _mm_loadu_si128((const __m128i *)(const void *)(cq_sha256_k + 4 * i)));

    /*
     * Two rounds make the old A, B, E, F the new C, D, G, H: after the
     * first call cdgh holds ABEF and abef CDGH, and the second call, on
     * the high half of wk, puts both back in place.
     */
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0E));
}

/* The next four schedule words from the previous sixteen (see the top). */
TARGET static __m128i next_words(__m128i w16, __m128i w12, __m128i w8,
                                 __m128i w4)
{
    __m128i t = _mm_sha256msg1_epu32(w16, w12);

    t = _mm_add_epi32(t, _mm_alignr_epi8(w4, w8, 4));
    return _mm_sha256msg2_epu32(t, w4);
}

/* crypto.h */
TARGET void cq_sha256_ni_blocks(uint32_t h[8], const uint8_t *in,
                                size_t n_blocks)
{
    /* Byte order: the message words are big-endian. */
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
                                        0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)(const void *)h);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)(const void *)(h + 4));
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    __m128i fe_ba;
    __m128i dc_hg;
    size_t b;

    for (b = 0; b < n_blocks; b++) {
        const uint8_t *p = in + 64 * b;
        __m128i abef0 = abef;
        __m128i cdgh0 = cdgh;
        __m128i w0, w1, w2, w3;
        unsigned i;

        w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), swap);
        w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), swap);
        w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)), swap);
        w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 48)), swap);
        /*
         * Sixteen groups of four rounds. After a group uses its words,
         * they make room for the words of the group four later (groups 12
         * to 15 have none to make).
         */
        for (i = 0; i < 16; i += 4) {
            four_rounds(&abef, &cdgh, w0, i);
            if (i < 12) {
                w0 = next_words(w0, w1, w2, w3);
            }
            four_rounds(&abef, &cdgh, w1, i + 1);
            if (i < 12) {
                w1 = next_words(w1, w2, w3, w0);
            }
            four_rounds(&abef, &cdgh, w2, i + 2);
            if (i < 12) {
                w2 = next_words(w2, w3, w0, w1);
            }
            four_rounds(&abef, &cdgh, w3, i + 3);
            if (i < 12) {
                w3 = next_words(w3, w0, w1, w2);
            }
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    /* Back to A..H in memory order. */
    fe_ba = _mm_shuffle_epi32(abef, 0x1B);
    dc_hg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)(void *)h, _mm_blend_epi16(fe_ba, dc_hg, 0xF0));
    _mm_storeu_si128((__m128i *)(void *)(h + 4), _mm_alignr_epi8(dc_hg, fe_ba, 8));
}

#else /* not x86 */

/* crypto.h */
int cq_sha256_ni_cpu_supported(void)
{
    return 0;
}

/* crypto.h */
void cq_sha256_ni_blocks(uint32_t h[8], const uint8_t *in, size_t n_blocks)
{
    (void)h;
    (void)in;
    (void)n_blocks;
}

#endif
