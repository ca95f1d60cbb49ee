/*
 * AES-256, portable and constant-time: a bitsliced implementation that
 * encrypts or decrypts four blocks at a time.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Constant time. Nothing here branches on, or indexes memory with, the key
 * or the data: the only branches and indexes depend on public counts (of
 * blocks, rounds and key words). The S-box is a Boolean circuit, not a table. This assumes that
 * 64-bit AND, XOR, NOT and shifts by constant amounts take the same time
 * whatever their operands, as on every CPU we know of.
 *
 * The bitsliced layout. Four blocks are handled together as 64 bytes. In a
 * block, byte j sits at row r = j % 4 and column c = j / 4 of the AES state
 * (FIPS-197 §3.4). The 64 bytes are spread over eight 64-bit words q[0..7]:
 * q[b] holds bit b (bit 0 the least significant) of all 64 bytes, and the
 * byte at row r, column c of block k gives the bit at position
 *
 *     16 * r + 4 * c + k.
 *
 * So each word is four 16-bit rows, each row four 4-bit columns, and each
 * column one bit per block. Every step of a round then becomes cheap:
 *  - SubBytes applies one Boolean circuit to the eight words, computing the
 *    S-box of all 64 bytes at once with 64-bit ANDs and XORs;
 *  - ShiftRows rotates row r of each word by 4r bits within its 16 bits;
 *  - MixColumns needs, at each row, the bytes of the next rows in the same
 *    column: rotating a whole word by 16, 32 or 48 bits brings them there;
 *  - AddRoundKey XORs eight words holding the round key four times over,
 *    once per block, which is what the key schedule stores (15 round keys
 *    of 8 words: the 120 words of cq_aes256).
 *
 * Into and out of the layout. Block k gives two 64-bit words, w[k] and
 * w[4 + k]: w[4h + k] holds the bytes of column h at its even bytes and
 * those of column h + 2 at its odd bytes. An 8x8 bit transposition inside
 * each byte position of the eight words w[m] then moves bit b of byte j of
 * w[m] to bit 8j + m of q[b], which is the position above (j = 2r + c / 2,
 * m = 4 * (c % 2) + k). The transposition is its own inverse, so the way
 * out is the same transposition and the inverse interleaving.
 *
 * The S-box circuit is the 128-gate, depth-16 circuit of J. Boyar and
 * R. Peralta, "A depth-16 circuit for the AES S-box", IACR ePrint 2011/332
 * (SEC 2012), with the paper's gate names. The inverse S-box reuses it:
 * S(x) = A(x^-1) for the affine map A, so S^-1(y) = A^-1(S(A^-1(y))).
 * Decryption is the plain inverse cipher of FIPS-197 §5.3, with
 * InvMixColumns written as MixColumns after a cheaper map (below).
 */
#include <string.h>

#include "crypto.h"

#define ROUNDS 14
#define PLANES 8

/* ---- loading and storing ------------------------------------------------ */

static uint32_t load32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void store32_le(uint8_t *p, uint32_t x)
{
    p[0] = (uint8_t)x;
    p[1] = (uint8_t)(x >> 8);
    p[2] = (uint8_t)(x >> 16);
    p[3] = (uint8_t)(x >> 24);
}

/* Moves the four bytes of x to the even bytes of a 64-bit word. */
static uint64_t spread_bytes(uint32_t x)
{
    uint64_t v = x;
    v = (v | (v << 16)) & 0x0000FFFF0000FFFFu;
    v = (v | (v << 8)) & 0x00FF00FF00FF00FFu;
    return v;
}

/* The inverse of spread_bytes: the even bytes of v, packed. */
static uint32_t gather_bytes(uint64_t v)
{
    v &= 0x00FF00FF00FF00FFu;
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFFu;
    v = (v | (v >> 16)) & 0x00000000FFFFFFFFu;
    return (uint32_t)v;
}

/* Puts the columns c0..c3 of block k into w[k] and w[4 + k]. */
static void interleave_block(uint64_t w[PLANES], unsigned k, uint32_t c0,
                             uint32_t c1, uint32_t c2, uint32_t c3)
{
    w[k] = spread_bytes(c0) | (spread_bytes(c2) << 8);
    w[4 + k] = spread_bytes(c1) | (spread_bytes(c3) << 8);
}

/*
 * Exchanges the bits of *a at the positions mask << shift with the bits of
 * *b at the positions mask.
 */
static void swap_bits(uint64_t *a, uint64_t *b, uint64_t mask, unsigned shift)
{
    uint64_t t = ((*a >> shift) ^ *b) & mask;
    *b ^= t;
    *a ^= t << shift;
}

/*
 * Transposes, at each of the eight byte positions j, the 8x8 bit matrix
 * whose row m is byte j of w[m]: bit i of byte j of w[m] trades places with
 * bit m of byte j of w[i]. Step s (1, 2, 4) exchanges bit s of the word
 * number with bit s of the bit number; the three steps together swap the
 * two numbers, and each step undoes itself.
 */
static void transpose(uint64_t w[PLANES])
{
    const uint64_t m1 = 0x5555555555555555u;
    const uint64_t m2 = 0x3333333333333333u;
    const uint64_t m4 = 0x0F0F0F0F0F0F0F0Fu;

    swap_bits(&w[0], &w[1], m1, 1);
    swap_bits(&w[2], &w[3], m1, 1);
    swap_bits(&w[4], &w[5], m1, 1);
    swap_bits(&w[6], &w[7], m1, 1);

    swap_bits(&w[0], &w[2], m2, 2);
    swap_bits(&w[1], &w[3], m2, 2);
    swap_bits(&w[4], &w[6], m2, 2);
    swap_bits(&w[5], &w[7], m2, 2);

    swap_bits(&w[0], &w[4], m4, 4);
    swap_bits(&w[1], &w[5], m4, 4);
    swap_bits(&w[2], &w[6], m4, 4);
    swap_bits(&w[3], &w[7], m4, 4);
}

/* Blocks in[0..n_blocks) (at most 4) to planes; missing blocks are zero. */
static void load_blocks(uint64_t q[PLANES], const uint8_t *in, size_t n_blocks)
{
    unsigned k;

    memset(q, 0, PLANES * sizeof q[0]);
    for (k = 0; k < n_blocks; k++) {
        const uint8_t *b = in + 16 * k;
        interleave_block(q, k, load32_le(b), load32_le(b + 4),
                         load32_le(b + 8), load32_le(b + 12));
    }
    transpose(q);
}

/* Planes back to n_blocks blocks; q is left scrambled. */
static void store_blocks(uint8_t *out, uint64_t q[PLANES], size_t n_blocks)
{
    unsigned k;

    transpose(q);
    for (k = 0; k < n_blocks; k++) {
        uint8_t *b = out + 16 * k;
        store32_le(b, gather_bytes(q[k]));
        store32_le(b + 4, gather_bytes(q[4 + k]));
        store32_le(b + 8, gather_bytes(q[k] >> 8));
        store32_le(b + 12, gather_bytes(q[4 + k] >> 8));
    }
}

/* ---- the round steps ---------------------------------------------------- */

/*
 * SubBytes on all 64 bytes. The circuit numbers bits from the most
 * significant: its input U0 is bit 7 (q[7]) and its output S0 is bit 7.
 * Its three parts: a linear map to 27 values (t), the shared non-linear
 * middle (m: the inversion in GF(2^8), in the paper's tower basis) and a
 * linear map back out (l, s). "#" in the paper (XNOR) is ~(a ^ b) here.
 */
static void sub_bytes(uint64_t q[PLANES])
{
    uint64_t u0 = q[7], u1 = q[6], u2 = q[5], u3 = q[4];
    uint64_t u4 = q[3], u5 = q[2], u6 = q[1], u7 = q[0];

    /* Top linear part. */
    uint64_t t1 = u0 ^ u3;
    uint64_t t2 = u0 ^ u5;
    uint64_t t3 = u0 ^ u6;
    uint64_t t4 = u3 ^ u5;
    uint64_t t5 = u4 ^ u6;
    uint64_t t6 = t1 ^ t5;
    uint64_t t7 = u1 ^ u2;
    uint64_t t8 = u7 ^ t6;
    uint64_t t9 = u7 ^ t7;
    uint64_t t10 = t6 ^ t7;
    uint64_t t11 = u1 ^ u5;
    uint64_t t12 = u2 ^ u5;
    uint64_t t13 = t3 ^ t4;
    uint64_t t14 = t6 ^ t11;
    uint64_t t15 = t5 ^ t11;
    uint64_t t16 = t5 ^ t12;
    uint64_t t17 = t9 ^ t16;
    uint64_t t18 = u3 ^ u7;
    uint64_t t19 = t7 ^ t18;
    uint64_t t20 = t1 ^ t19;
    uint64_t t21 = u6 ^ u7;
    uint64_t t22 = t7 ^ t21;
    uint64_t t23 = t2 ^ t22;
    uint64_t t24 = t2 ^ t10;
    uint64_t t25 = t20 ^ t17;
    uint64_t t26 = t3 ^ t16;
    uint64_t t27 = t1 ^ t12;

    /* Middle, non-linear part (the paper's input D is U7). */
    uint64_t m1 = t13 & t6;
    uint64_t m2 = t23 & t8;
    uint64_t m3 = t14 ^ m1;
    uint64_t m4 = t19 & u7;
    uint64_t m5 = m4 ^ m1;
    uint64_t m6 = t3 & t16;
    uint64_t m7 = t22 & t9;
    uint64_t m8 = t26 ^ m6;
    uint64_t m9 = t20 & t17;
    uint64_t m10 = m9 ^ m6;
    uint64_t m11 = t1 & t15;
    uint64_t m12 = t4 & t27;
    uint64_t m13 = m12 ^ m11;
    uint64_t m14 = t2 & t10;
    uint64_t m15 = m14 ^ m11;
    uint64_t m16 = m3 ^ m2;
    uint64_t m17 = m5 ^ t24;
    uint64_t m18 = m8 ^ m7;
    uint64_t m19 = m10 ^ m15;
    uint64_t m20 = m16 ^ m13;
    uint64_t m21 = m17 ^ m15;
    uint64_t m22 = m18 ^ m13;
    uint64_t m23 = m19 ^ t25;
    uint64_t m24 = m22 ^ m23;
    uint64_t m25 = m22 & m20;
    uint64_t m26 = m21 ^ m25;
    uint64_t m27 = m20 ^ m21;
    uint64_t m28 = m23 ^ m25;
    uint64_t m29 = m28 & m27;
    uint64_t m30 = m26 & m24;
    uint64_t m31 = m20 & m23;
    uint64_t m32 = m27 & m31;
    uint64_t m33 = m27 ^ m25;
    uint64_t m34 = m21 & m22;
    uint64_t m35 = m24 & m34;
    uint64_t m36 = m24 ^ m25;
    uint64_t m37 = m21 ^ m29;
    uint64_t m38 = m32 ^ m33;
    uint64_t m39 = m23 ^ m30;
    uint64_t m40 = m35 ^ m36;
    uint64_t m41 = m38 ^ m40;
    uint64_t m42 = m37 ^ m39;
    uint64_t m43 = m37 ^ m38;
    uint64_t m44 = m39 ^ m40;
    uint64_t m45 = m42 ^ m41;
    uint64_t m46 = m44 & t6;
    uint64_t m47 = m40 & t8;
    uint64_t m48 = m39 & u7;
    uint64_t m49 = m43 & t16;
    uint64_t m50 = m38 & t9;
    uint64_t m51 = m37 & t17;
    uint64_t m52 = m42 & t15;
    uint64_t m53 = m45 & t27;
    uint64_t m54 = m41 & t10;
    uint64_t m55 = m44 & t13;
    uint64_t m56 = m40 & t23;
    uint64_t m57 = m39 & t19;
    uint64_t m58 = m43 & t3;
    uint64_t m59 = m38 & t22;
    uint64_t m60 = m37 & t20;
    uint64_t m61 = m42 & t1;
    uint64_t m62 = m45 & t4;
    uint64_t m63 = m41 & t2;

    /* Bottom linear part. */
    uint64_t l0 = m61 ^ m62;
    uint64_t l1 = m50 ^ m56;
    uint64_t l2 = m46 ^ m48;
    uint64_t l3 = m47 ^ m55;
    uint64_t l4 = m54 ^ m58;
    uint64_t l5 = m49 ^ m61;
    uint64_t l6 = m62 ^ l5;
    uint64_t l7 = m46 ^ l3;
    uint64_t l8 = m51 ^ m59;
    uint64_t l9 = m52 ^ m53;
    uint64_t l10 = m53 ^ l4;
    uint64_t l11 = m60 ^ l2;
    uint64_t l12 = m48 ^ m51;
    uint64_t l13 = m50 ^ l0;
    uint64_t l14 = m52 ^ m61;
    uint64_t l15 = m55 ^ l1;
    uint64_t l16 = m56 ^ l0;
    uint64_t l17 = m57 ^ l1;
    uint64_t l18 = m58 ^ l8;
    uint64_t l19 = m63 ^ l4;
    uint64_t l20 = l0 ^ l1;
    uint64_t l21 = l1 ^ l7;
    uint64_t l22 = l3 ^ l12;
    uint64_t l23 = l18 ^ l2;
    uint64_t l24 = l15 ^ l9;
    uint64_t l25 = l6 ^ l10;
    uint64_t l26 = l7 ^ l9;
    uint64_t l27 = l8 ^ l10;
    uint64_t l28 = l11 ^ l14;
    uint64_t l29 = l11 ^ l17;
    uint64_t s0 = l6 ^ l24;
    uint64_t s1 = ~(l16 ^ l26);
    uint64_t s2 = ~(l19 ^ l28);
    uint64_t s3 = l6 ^ l21;
    uint64_t s4 = l20 ^ l22;
    uint64_t s5 = l25 ^ l29;
    uint64_t s6 = ~(l13 ^ l27);
    uint64_t s7 = ~(l6 ^ l23);

    q[7] = s0;
    q[6] = s1;
    q[5] = s2;
    q[4] = s3;
    q[3] = s4;
    q[2] = s5;
    q[1] = s6;
    q[0] = s7;
}

/*
 * The inverse of the affine map of the S-box (FIPS-197 §5.3.2): bit i of
 * the result is bits i+2, i+5 and i+7 (mod 8) of the input, plus bit i of
 * the constant 0x05.
 */
static void inv_affine(uint64_t q[PLANES])
{
    uint64_t q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
    uint64_t q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];

    q[0] = ~(q2 ^ q5 ^ q7);
    q[1] = q3 ^ q6 ^ q0;
    q[2] = ~(q4 ^ q7 ^ q1);
    q[3] = q5 ^ q0 ^ q2;
    q[4] = q6 ^ q1 ^ q3;
    q[5] = q7 ^ q2 ^ q4;
    q[6] = q0 ^ q3 ^ q5;
    q[7] = q1 ^ q4 ^ q6;
}

/* InvSubBytes = A^-1 . SubBytes . A^-1 (see the top of the file). */
static void inv_sub_bytes(uint64_t q[PLANES])
{
    inv_affine(q);
    sub_bytes(q);
    inv_affine(q);
}

/*
 * ShiftRows (FIPS-197 §5.1.2): row r moves r columns to the left, so column
 * c takes the byte of column c + r. In a 16-bit row field that is a right
 * rotation by 4r bits.
 */
static uint64_t shift_rows_word(uint64_t x)
{
    return (x & 0x000000000000FFFFu) |
           ((x & 0x00000000FFF00000u) >> 4) | ((x & 0x00000000000F0000u) << 12) |
           ((x & 0x0000FF0000000000u) >> 8) | ((x & 0x000000FF00000000u) << 8) |
           ((x & 0xF000000000000000u) >> 12) | ((x & 0x0FFF000000000000u) << 4);
}

/* InvShiftRows (FIPS-197 §5.3.1): the rotations the other way. */
static uint64_t inv_shift_rows_word(uint64_t x)
{
    return (x & 0x000000000000FFFFu) |
           ((x & 0x000000000FFF0000u) << 4) | ((x & 0x00000000F0000000u) >> 12) |
           ((x & 0x0000FF0000000000u) >> 8) | ((x & 0x000000FF00000000u) << 8) |
           ((x & 0xFFF0000000000000u) >> 4) | ((x & 0x000F000000000000u) << 12);
}

static void shift_rows(uint64_t q[PLANES])
{
    unsigned i;

    for (i = 0; i < PLANES; i++) {
        q[i] = shift_rows_word(q[i]);
    }
}

static void inv_shift_rows(uint64_t q[PLANES])
{
    unsigned i;

    for (i = 0; i < PLANES; i++) {
        q[i] = inv_shift_rows_word(q[i]);
    }
}

/* Rotation right by n bits, 0 < n < 64. Row r + n/16 lands on row r. */
static uint64_t rotr(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

/*
 * d = 2 * t in GF(2^8) for every byte, with the AES polynomial
 * x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2.1): a shift up by one plane, with
 * the plane that falls out (bit 7) added back at bits 0, 1, 3 and 4.
 */
static void times2(uint64_t d[PLANES], const uint64_t t[PLANES])
{
    uint64_t hi = t[7];

    d[7] = t[6];
    d[6] = t[5];
    d[5] = t[4];
    d[4] = t[3] ^ hi;
    d[3] = t[2] ^ hi;
    d[2] = t[1];
    d[1] = t[0] ^ hi;
    d[0] = hi;
}

/*
 * MixColumns (FIPS-197 §5.1.3): with a_r the byte at row r of a column,
 * a'_r = 2 a_r + 3 a_{r+1} + a_{r+2} + a_{r+3}
 *      = 2 (a_r + a_{r+1}) + a_{r+1} + (a_{r+2} + a_{r+3}).
 * With t = a + rotr16(a), that is 2t + rotr16(a) + rotr32(t).
 */
static void mix_columns(uint64_t q[PLANES])
{
    uint64_t a1[PLANES];
    uint64_t t[PLANES];
    uint64_t t2[PLANES];
    unsigned i;

    for (i = 0; i < PLANES; i++) {
        a1[i] = rotr(q[i], 16);
        t[i] = q[i] ^ a1[i];
    }
    times2(t2, t);
    for (i = 0; i < PLANES; i++) {
        q[i] = t2[i] ^ a1[i] ^ rotr(t[i], 32);
    }
}

/*
 * InvMixColumns (FIPS-197 §5.3.3) multiplies each column by the circulant
 * matrix (14 11 13 9), which is MixColumns' (2 3 1 1) times (5 0 4 0). So
 * first a_r += 4 (a_r + a_{r+2}), then MixColumns.
 */
static void inv_mix_columns(uint64_t q[PLANES])
{
    uint64_t u[PLANES];
    uint64_t u2[PLANES];
    uint64_t u4[PLANES];
    unsigned i;

    for (i = 0; i < PLANES; i++) {
        u[i] = q[i] ^ rotr(q[i], 32);
    }
    times2(u2, u);
    times2(u4, u2);
    for (i = 0; i < PLANES; i++) {
        q[i] ^= u4[i];
    }
    mix_columns(q);
}

static void add_round_key(uint64_t q[PLANES], const uint64_t *rk)
{
    unsigned i;

    for (i = 0; i < PLANES; i++) {
        q[i] ^= rk[i];
    }
}

/* The cipher (FIPS-197 §5.1) on four blocks in planes. */
static void encrypt_planes(const uint64_t *sk, uint64_t q[PLANES])
{
    unsigned round;

    add_round_key(q, sk);
    for (round = 1; round < ROUNDS; round++) {
        sub_bytes(q);
        shift_rows(q);
        mix_columns(q);
        add_round_key(q, sk + PLANES * round);
    }
    sub_bytes(q);
    shift_rows(q);
    add_round_key(q, sk + PLANES * ROUNDS);
}

/* The inverse cipher (FIPS-197 §5.3) on four blocks in planes. */
static void decrypt_planes(const uint64_t *sk, uint64_t q[PLANES])
{
    unsigned round;

    add_round_key(q, sk + PLANES * ROUNDS);
    for (round = ROUNDS - 1; round > 0; round--) {
        inv_shift_rows(q);
        inv_sub_bytes(q);
        add_round_key(q, sk + PLANES * round);
        inv_mix_columns(q);
    }
    inv_shift_rows(q);
    inv_sub_bytes(q);
    add_round_key(q, sk);
}

/* ---- key schedule ------------------------------------------------------- */

/*
 * SubWord (FIPS-197 §5.2) through the same circuit, so that the key, too,
 * never indexes a table. SubBytes works bit position by bit position, so
 * any layout with bit b of every byte in q[b] will do: here bit b of byte
 * i of x sits at bit 8i of q[b].
 */
static uint32_t sub_word(uint32_t x)
{
    uint64_t q[PLANES];
    uint32_t r = 0;
    unsigned b;

    for (b = 0; b < PLANES; b++) {
        q[b] = (x >> b) & 0x01010101u;
    }
    sub_bytes(q);
    for (b = 0; b < PLANES; b++) {
        r |= (uint32_t)(q[b] & 0x01010101u) << b;
    }
    cq_wipe(q, sizeof q);
    return r;
}

/*
 * Copies the bit of block 0 in every 4-bit column (its lowest bit) to the
 * three bits of blocks 1..3, so that one round key serves all four blocks.
 */
static uint64_t copy_lane0(uint64_t x)
{
    x &= 0x1111111111111111u;
    x |= x << 1;
    return x | (x << 2);
}

/*
 * KeyExpansion for Nk = 8, Nr = 14 (FIPS-197 §5.2), then each round key in
 * planes, repeated for the four blocks. Words are little-endian here, byte
 * 0 lowest, so RotWord is a rotation right by 8 and Rcon lands in byte 0.
 */
/* crypto.h */
void cq_aes_ct_schedule(cq_aes256 *ctx, const uint8_t key[32])
{
    static const uint8_t rcon[7] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40};
    uint32_t w[4 * (ROUNDS + 1)];
    unsigned i;
    unsigned b;

    for (i = 0; i < 8; i++) {
        w[i] = load32_le(key + 4 * i);
    }
    for (i = 8; i < 4 * (ROUNDS + 1); i++) {
        uint32_t t = w[i - 1];
        if (i % 8 == 0) {
            t = sub_word((t >> 8) | (t << 24)) ^ rcon[i / 8 - 1];
        } else if (i % 8 == 4) {
            t = sub_word(t);
        }
        w[i] = w[i - 8] ^ t;
    }
    for (i = 0; i <= ROUNDS; i++) {
        uint64_t *rk = ctx->words + PLANES * i;
        memset(rk, 0, PLANES * sizeof rk[0]);
        interleave_block(rk, 0, w[4 * i], w[4 * i + 1], w[4 * i + 2],
                         w[4 * i + 3]);
        transpose(rk);
        for (b = 0; b < PLANES; b++) {
            rk[b] = copy_lane0(rk[b]);
        }
    }
    cq_wipe(w, sizeof w);
}

/* ---- blocks ------------------------------------------------------------- */

/* spec: FIPS-197 §5.1 */
/* crypto.h */
void cq_aes_ct_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks)
{
    uint64_t q[PLANES];

    while (n_blocks > 0) {
        size_t n = n_blocks < 4 ? n_blocks : 4;
        load_blocks(q, in, n);
        encrypt_planes(ctx->words, q);
        store_blocks(out, q, n);
        in += 16 * n;
        out += 16 * n;
        n_blocks -= n;
    }
    cq_wipe(q, sizeof q);
}

/* spec: FIPS-197 §5.3 */
/* crypto.h */
void cq_aes_ct_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks)
{
    uint64_t q[PLANES];

    while (n_blocks > 0) {
        size_t n = n_blocks < 4 ? n_blocks : 4;
        load_blocks(q, in, n);
        decrypt_planes(ctx->words, q);
        store_blocks(out, q, n);
        in += 16 * n;
        out += 16 * n;
        n_blocks -= n;
    }
    cq_wipe(q, sizeof q);
}
