/*
 * AES-256-CBC with PKCS#7 padding, as Olm and Megolm encrypt their
 * payloads.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Aliasing: out may equal in (in place), in both directions; any other
 * overlap between out and in is not supported.
 *
 * Constant time: the key and the plaintext never steer a branch or an
 * index. Decryption checks the padding with masks over all of the last 16
 * bytes and decides once, at the end; the plaintext length it then returns
 * is, by nature, derived from the padding.
 */
#include <string.h>

#include "crypto.h"

/*
 * Blocks decrypted per call into the AES code: enough for both
 * implementations to work on several blocks at once.
 */
#define CHUNK_BLOCKS 16

static void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b)
{
    unsigned j;

    for (j = 0; j < 16; j++) {
        out[j] = a[j] ^ b[j];
    }
}

/* crypto.h */
size_t cq_cbc_ciphertext_len(size_t n)
{
    /*
     * spec: RFC 5652 §6.3: "the input shall be padded at the trailing end
     * with k-(lth mod k) octets": a whole block when n is a multiple of 16.
     * Callers bound n far below SIZE_MAX - 16, so this cannot wrap.
     */
    return (n / 16 + 1) * 16;
}

/* crypto.h */
void cq_aes256_cbc_encrypt(uint8_t *out, const uint8_t key[32],
                           const uint8_t iv[16], const uint8_t *in, size_t n)
{
    cq_aes256 ctx;
    uint8_t block[16];
    const uint8_t *prev = iv;
    size_t full = n / 16;
    size_t rem = n % 16;
    uint8_t pad = (uint8_t)(16 - rem);
    size_t i;
    unsigned j;

    cq_aes256_init(&ctx, key);
    /* spec: SP 800-38A §6.2: "C_j = CIPH_K(P_j xor C_{j-1})", C_0 = IV. */
    for (i = 0; i < full; i++) {
        xor16(block, in + 16 * i, prev);
        cq_aes256_encrypt_block(&ctx, out + 16 * i, block);
        prev = out + 16 * i;
    }
    /* The last block: the rem bytes left (n is public), then the padding. */
    for (j = 0; j < 16; j++) {
        uint8_t p = j < rem ? in[16 * full + j] : pad;
        block[j] = (uint8_t)(p ^ prev[j]);
    }
    cq_aes256_encrypt_block(&ctx, out + 16 * full, block);
    cq_wipe(block, sizeof block);
    cq_aes256_clear(&ctx);
}

/* spec: RFC 5652 §6.3 */
/*
 * All ones if last[0..16) ends in valid PKCS#7 padding, else 0; *pad gets
 * the last byte. Valid: the last byte p is 1..16 and the p last bytes all
 * equal p (RFC 5652 §6.3). All 16 bytes are read and judged whatever p is;
 * a byte outside the padding is masked out of the verdict rather than
 * skipped.
 */
static uint32_t padding_mask(const uint8_t last[16], uint32_t *pad)
{
    uint32_t p = last[15];
    uint32_t ok = ~cq_ct_eq_u32(p, 0) & cq_ct_lt_u32(p, 17);
    uint32_t i;

    for (i = 0; i < 16; i++) {
        uint32_t in_padding = cq_ct_lt_u32(i, p);
        uint32_t equal = cq_ct_eq_u32(last[15 - i], p);
        ok &= cq_ct_select_u32(in_padding, equal, 0xFFFFFFFFu);
    }
    *pad = p;
    return ok;
}

/* spec: RFC 5652 §6.3 */
/* crypto.h */
cliquet_status cq_aes256_cbc_decrypt(uint8_t *out, size_t *out_len,
                                     const uint8_t key[32],
                                     const uint8_t iv[16], const uint8_t *in,
                                     size_t n)
{
    cq_aes256 ctx;
    /* This chunk's ciphertext, kept because out may be in. Not secret. */
    uint8_t saved[CHUNK_BLOCKS * 16];
    uint8_t prev[16];
    size_t off;
    size_t len;
    size_t j;
    uint32_t pad;
    volatile uint32_t ok;

    /* Before anything is written: the length is public. */
    if (n == 0 || n % 16 != 0) {
        return CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH;
    }
    cq_aes256_init(&ctx, key);
    memcpy(prev, iv, 16);
    /*
     * spec: SP 800-38A §6.2: "P_j = CIPH^-1_K(C_j) xor C_{j-1}". The block
     * decryptions are independent, so each chunk goes in one call.
     */
    for (off = 0; off < n; off += len) {
        len = n - off < sizeof saved ? n - off : sizeof saved;
        memcpy(saved, in + off, len);
        cq_aes256_decrypt_blocks(&ctx, out + off, saved, len / 16);
        xor16(out + off, out + off, prev);
        /* cppcheck-suppress knownConditionTrueFalse ; false: len is up to
         * CHUNK_BLOCKS * 16 = 256, so blocks 2.. of a chunk take this loop */
        for (j = 16; j < len; j++) {
            out[off + j] ^= saved[j - 16];
        }
        memcpy(prev, saved + len - 16, 16);
    }
    cq_aes256_clear(&ctx);

    /*
     * The single verdict on the padding. The mask passes through a volatile
     * so that the compiler must finish it before branching: clang 14 at -O2
     * otherwise splits the test of the 16 combined masks into 16 early
     * exits, one per padding byte.
     */
    ok = padding_mask(out + n - 16, &pad);
    if (ok != 0xFFFFFFFFu) {
        cq_wipe(out, n);
        return CLIQUET_ERR_BAD_PADDING;
    }
    *out_len = n - pad;
    return CLIQUET_OK;
}
