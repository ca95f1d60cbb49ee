/*
 * A stand-in for the SHA-NI compression, for the constant-time check only.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Valgrind 3.19's x86-64 CPU has no SHA-NI: under memcheck the hardware
 * SHA-256 path cannot run, so the code around the instructions (sha256.c's
 * buffering and padding, hash.c's HMAC and HKDF on that path) would go
 * unchecked. Linked before libct.a into ct_check_standin, these two
 * definitions take the place of lib/crypto/sha256_ni.c's: the CPU "has"
 * the instructions, and the compression is FIPS 180-4 §6.2.2 in plain C,
 * free of secret-dependent branches and indexes itself (the round number
 * is the only index). What the real instructions do with secrets is not
 * measured here: docs/constant-time.md says what that rests on.
 */
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

int ct_sha_standin_linked(void);
int ct_sha_standin_linked(void)
{
    return 1;
}

/* crypto.h: the stand-in says yes. */
int cq_sha256_ni_cpu_supported(void)
{
    return 1;
}

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t load32_be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

/* crypto.h: FIPS 180-4 §6.2.2, one block at a time. */
void cq_sha256_ni_blocks(uint32_t h[8], const uint8_t *in, size_t n_blocks)
{
    size_t b;

    for (b = 0; b < n_blocks; b++) {
        uint32_t w[64];
        uint32_t v[8];
        unsigned t;

        for (t = 0; t < 16; t++) {
            w[t] = load32_be(in + 64 * b + 4 * t);
        }
        for (t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);

            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        for (t = 0; t < 8; t++) {
            v[t] = h[t];
        }
        for (t = 0; t < 64; t++) {
            uint32_t e = v[4];
            uint32_t a = v[0];
            uint32_t t1 = v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
                          ((e & v[5]) ^ (~e & v[6])) + cq_sha256_k[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +
                          ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));

            v[7] = v[6];
            v[6] = v[5];
            v[5] = v[4];
            v[4] = v[3] + t1;
            v[3] = v[2];
            v[2] = v[1];
            v[1] = v[0];
            v[0] = t1 + t2;
        }
        for (t = 0; t < 8; t++) {
            h[t] += v[t];
        }
    }
}
