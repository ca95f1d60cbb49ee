/*
 * lib/crypto: the primitives. AES-256 (constant-time, ours), AES-256-CBC
 * with PKCS#7, SHA-256, HMAC-SHA-256 and HKDF-SHA-256, X25519, Ed25519 and
 * random bytes. Everything but AES and SHA-256 is libsodium underneath; AES
 * and SHA-256 use the CPU's instructions when it has them, chosen at run
 * time. Depends on lib/core and libsodium only.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_CRYPTO_H
#define CLIQUET_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "core/core.h"

/* ---- library start-up -------------------------------------------------- */

/*
 * One-time start: libsodium, then the AES and SHA-256 implementations for
 * this CPU. Called by cliquet_init() under its once-guard. 0 on success.
 */
int cq_crypto_init(void);

/* Picks the AES implementation for this CPU; called by cq_crypto_init(). */
void cq_aes_init_selection(void);

/* ---- random bytes ------------------------------------------------------ */

/*
 * n random bytes from libsodium. Only lib/api calls this: protocol code takes
 * its random bytes as arguments, so tests can inject them.
 */
void cq_random(uint8_t *out, size_t n);

/* ---- AES-256 ------------------------------------------------------------ */

#define CQ_AES_BLOCK_BYTES 16
#define CQ_AES256_KEY_BYTES 32

/*
 * The key schedule of whichever implementation is selected. Opaque to
 * callers; wipe with cq_aes256_clear().
 */
typedef struct cq_aes256 {
    /*
     * Bitsliced: 15 round keys of 8 words, each key repeated for 4 blocks
     * (all 120). AES-NI and ARMv8: 15 encryption and 15 decryption round
     * keys (60).
     */
    uint64_t words[120];
    int impl; /* cliquet_aes_impl that made this schedule */
} cq_aes256;

void cq_aes256_init(cq_aes256 *ctx, const uint8_t key[CQ_AES256_KEY_BYTES]);
void cq_aes256_encrypt_block(const cq_aes256 *ctx, uint8_t out[16],
                             const uint8_t in[16]);
void cq_aes256_decrypt_block(const cq_aes256 *ctx, uint8_t out[16],
                             const uint8_t in[16]);
void cq_aes256_clear(cq_aes256 *ctx);

/* The implementation new schedules use. */
cliquet_aes_impl cq_aes_selected(void);

/* 1 if this CPU has AES instructions cliquet can use. */
int cq_aes_hardware_available(void);

/*
 * The instructions CLIQUET_AES_HARDWARE stands for on this CPU, for tests
 * and reports: "aes-ni", "armv8-ce", or "none".
 */
const char *cq_aes_hardware_name(void);

/*
 * Test hook: select an implementation. CLIQUET_ERR_UNSUPPORTED if the CPU
 * lacks the hardware one. Not exported from the shared library.
 */
cliquet_status cq_aes_select(cliquet_aes_impl impl);

/*
 * n_blocks independent blocks (ECB) at once, so that an implementation can
 * work on several in parallel; CBC decryption is built on it. out may equal
 * in; no other overlap is allowed.
 */
void cq_aes256_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks);
void cq_aes256_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks);

/*
 * The two implementations behind aes.c, which alone calls them. Same
 * contracts as cq_aes256_*; the schedule functions fill ctx->words only.
 * Portable, bitsliced, constant-time: aes_ct.c.
 */
void cq_aes_ct_schedule(cq_aes256 *ctx, const uint8_t key[32]);
void cq_aes_ct_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks);
void cq_aes_ct_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks);

/* AES-NI: aes_ni.c. cq_aes_ni_cpu_supported() is 0 off x86. */
int cq_aes_ni_cpu_supported(void);
void cq_aes_ni_schedule(cq_aes256 *ctx, const uint8_t key[32]);
void cq_aes_ni_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks);
void cq_aes_ni_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                              const uint8_t *in, size_t n_blocks);

/*
 * ARMv8 Cryptography Extensions: aes_armv8.c. cq_aes_armv8_cpu_supported()
 * is 0 off ARM. Same schedule layout as AES-NI.
 */
int cq_aes_armv8_cpu_supported(void);
void cq_aes_armv8_schedule(cq_aes256 *ctx, const uint8_t key[32]);
void cq_aes_armv8_encrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                 const uint8_t *in, size_t n_blocks);
void cq_aes_armv8_decrypt_blocks(const cq_aes256 *ctx, uint8_t *out,
                                 const uint8_t *in, size_t n_blocks);

/* ---- AES-256-CBC with PKCS#7 ------------------------------------------- */

/* Ciphertext length for n bytes of plaintext: the next multiple of 16 > n. */
size_t cq_cbc_ciphertext_len(size_t n);

/*
 * Encrypts in[0..n) into out (cq_cbc_ciphertext_len(n) bytes). out may
 * equal in (with room for the padding); no other overlap.
 */
void cq_aes256_cbc_encrypt(uint8_t *out, const uint8_t key[32],
                           const uint8_t iv[16], const uint8_t *in, size_t n);

/*
 * Decrypts in[0..n) into out (room for n bytes) and sets *out_len to the
 * plaintext length. Refuses n == 0 or n % 16 != 0 with
 * CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH before writing anything. Checks every
 * padding byte in constant time; on bad padding returns
 * CLIQUET_ERR_BAD_PADDING and wipes out. *out_len is set on success only.
 * out may equal in (then a refused padding wipes in); no other overlap.
 */
cliquet_status cq_aes256_cbc_decrypt(uint8_t *out, size_t *out_len,
                                     const uint8_t key[32],
                                     const uint8_t iv[16], const uint8_t *in,
                                     size_t n);

/* ---- SHA-256 (sha256.c, sha256_ni.c, sha256_arm.c) ----------------------- */

#define CQ_SHA256_BYTES 32
#define CQ_SHA256_BLOCK_BYTES 64

/*
 * Which SHA-256 runs: libsodium's portable C, or the CPU's SHA-256
 * instructions (SHA-NI on x86-64, the ARMv8 SHA-2 instructions on arm64),
 * picked at run time when the CPU has them. Both give the same digests.
 */
typedef enum cq_sha256_impl {
    CQ_SHA256_LIBSODIUM = 0,
    CQ_SHA256_HARDWARE = 1
} cq_sha256_impl;

/*
 * A SHA-256 computation in progress. Opaque to callers; copying one (to
 * reuse a keyed HMAC state) is allowed. cq_sha256_final() wipes it; wipe an
 * unfinished one with cq_wipe().
 */
typedef struct cq_sha256_ctx {
    union {
        crypto_hash_sha256_state sodium; /* CQ_SHA256_LIBSODIUM */
        struct {
            uint32_t h[8];     /* chaining value */
            uint64_t bytes;    /* message bytes taken so far */
            uint8_t block[64]; /* the partial block: bytes % 64 of them */
        } hw;                  /* CQ_SHA256_HARDWARE */
    } u;
    int impl; /* cq_sha256_impl that started this computation */
} cq_sha256_ctx;

void cq_sha256_init(cq_sha256_ctx *ctx);
/* in may be NULL when n is 0. */
void cq_sha256_update(cq_sha256_ctx *ctx, const uint8_t *in, size_t n);
void cq_sha256_final(cq_sha256_ctx *ctx, uint8_t out[CQ_SHA256_BYTES]);

/* The whole of msg[0..n) at once; msg may be NULL when n is 0. */
void cq_sha256(uint8_t out[CQ_SHA256_BYTES], const uint8_t *msg, size_t n);

/* Picks the SHA-256 implementation for this CPU; called by cq_crypto_init(). */
void cq_sha256_init_selection(void);

/* The implementation new computations use. */
cq_sha256_impl cq_sha256_selected(void);

/* 1 if this CPU has SHA-256 instructions cliquet can use. */
int cq_sha256_hardware_available(void);

/*
 * "libsodium", "sha-ni" or "armv8-sha2": what impl means on this CPU (the
 * hardware name only when the CPU has it, else "none").
 */
const char *cq_sha256_impl_name(cq_sha256_impl impl);

/*
 * Test hook: select an implementation. CLIQUET_ERR_UNSUPPORTED if the CPU
 * lacks the hardware one. Not exported from the shared library.
 */
cliquet_status cq_sha256_select(cq_sha256_impl impl);

/*
 * The hardware implementations behind sha256.c, which alone calls them:
 * n_blocks 64-byte blocks of in compressed into the chaining value h
 * (FIPS 180-4 §6.2.2). Each file compiles on every CPU; off its own,
 * cpu_supported() returns 0 and blocks() is never reached.
 */
int cq_sha256_ni_cpu_supported(void);
void cq_sha256_ni_blocks(uint32_t h[8], const uint8_t *in, size_t n_blocks);
int cq_sha256_arm_cpu_supported(void);
void cq_sha256_arm_blocks(uint32_t h[8], const uint8_t *in, size_t n_blocks);

/* FIPS 180-4 §4.2.2: the 64 round constants, for the implementations. */
extern const uint32_t cq_sha256_k[64];

/* ---- HMAC-SHA-256, HKDF-SHA-256 (hash.c) ------------------------------------ */

/* HMAC-SHA-256 with a key of any length (RFC 2104). */
void cq_hmac_sha256(uint8_t out[32], const uint8_t *key, size_t key_len,
                    const uint8_t *msg, size_t n);

/*
 * HMAC-SHA-256 in steps, for a key used more than once: the keyed state
 * (after the inner and outer pad blocks) may be copied and each copy
 * finished on its own. cq_hmac_sha256_final() wipes ctx.
 */
typedef struct cq_hmac_sha256_ctx {
    cq_sha256_ctx inner;
    cq_sha256_ctx outer;
} cq_hmac_sha256_ctx;

void cq_hmac_sha256_init(cq_hmac_sha256_ctx *ctx, const uint8_t *key,
                         size_t key_len);
void cq_hmac_sha256_update(cq_hmac_sha256_ctx *ctx, const uint8_t *in,
                           size_t n);
void cq_hmac_sha256_final(cq_hmac_sha256_ctx *ctx, uint8_t out[32]);

/* Largest HKDF-SHA-256 output: 255 blocks (RFC 5869 §2.3). */
#define CQ_HKDF_MAX_BYTES (255 * 32)

/*
 * HKDF-SHA-256 (RFC 5869): extract with salt (an empty salt means 32 zero
 * bytes, as the RFC says), then expand with info to out_len bytes.
 * Returns -1 (writing nothing) if out_len > CQ_HKDF_MAX_BYTES.
 */
int cq_hkdf_sha256(uint8_t *out, size_t out_len, const uint8_t *salt,
                   size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                   const uint8_t *info, size_t info_len);

/* ---- X25519 --------------------------------------------------------------- */

#define CQ_X25519_BYTES 32

/*
 * A key pair from 32 random bytes. The private key is the random bytes as
 * they are (clamping happens inside each scalar multiplication), which is
 * what libolm stores.
 */
void cq_x25519_keypair(uint8_t public_key[32], uint8_t private_key[32],
                       const uint8_t random[32]);

/* public_key = private_key * basepoint. */
void cq_x25519_public(uint8_t public_key[32], const uint8_t private_key[32]);

/*
 * shared = X25519(private_key, public_key). Refuses an all-zero result (a
 * low-order public key) with CLIQUET_ERR_ZERO_SHARED_SECRET, leaving shared
 * zeroed.
 */
cliquet_status cq_x25519(uint8_t shared[32], const uint8_t private_key[32],
                         const uint8_t public_key[32]);

/* ---- Ed25519 -------------------------------------------------------------- */

#define CQ_ED25519_PUBLIC_BYTES 32
#define CQ_ED25519_SEED_BYTES 32
#define CQ_ED25519_EXPANDED_BYTES 64
#define CQ_ED25519_SIGNATURE_BYTES 64

/*
 * An Ed25519 signing key. New keys come from a 32-byte seed; keys imported
 * from libolm pickles exist only in expanded form (SHA-512 of a seed whose
 * first half is clamped), so the expanded form is always kept and the seed
 * only when known. Both forms sign identically (RFC 8032 §5.1.6).
 */
typedef struct cq_ed25519_key {
    uint8_t public_key[CQ_ED25519_PUBLIC_BYTES];
    uint8_t expanded[CQ_ED25519_EXPANDED_BYTES];
    uint8_t seed[CQ_ED25519_SEED_BYTES];
    uint8_t has_seed;
} cq_ed25519_key;

void cq_ed25519_from_seed(cq_ed25519_key *key, const uint8_t seed[32]);

/*
 * A key from a libolm-style expanded secret. The public key is recomputed
 * from it. Refuses a first half that is not clamped (CLIQUET_ERR_BAD_KEY).
 */
cliquet_status cq_ed25519_from_expanded(cq_ed25519_key *key,
                                        const uint8_t expanded[64]);

/*
 * A key from an expanded secret and its public key as stored together by
 * cliquet itself (a native pickle, authenticated by its AEAD): the public
 * key is taken as given, saving a scalar multiplication. Still refuses an
 * unclamped scalar (CLIQUET_ERR_BAD_KEY); *key untouched on refusal.
 */
cliquet_status cq_ed25519_from_stored(cq_ed25519_key *key,
                                      const uint8_t expanded[64],
                                      const uint8_t public_key[32]);

/*
 * Adds the seed to a key made from its expanded form, if the seed expands
 * to it (SHA-512 and clamping only; compared in constant time). 0 on
 * success; -1 (key untouched) if the seed belongs to another key.
 */
int cq_ed25519_attach_seed(cq_ed25519_key *key, const uint8_t seed[32]);

void cq_ed25519_sign(uint8_t sig[64], const cq_ed25519_key *key,
                     const uint8_t *msg, size_t n);

/*
 * Signing with the expanded secret alone (what cq_ed25519_sign uses when
 * there is no seed). Exposed so tests can check both forms agree.
 */
void cq_ed25519_sign_expanded(uint8_t sig[64], const uint8_t expanded[64],
                              const uint8_t public_key[32], const uint8_t *msg,
                              size_t n);

/* Strict verification (libsodium's): CLIQUET_ERR_BAD_SIGNATURE on failure. */
cliquet_status cq_ed25519_verify(const uint8_t sig[64],
                                 const uint8_t public_key[32],
                                 const uint8_t *msg, size_t n);

void cq_ed25519_clear(cq_ed25519_key *key);

/* ---- XChaCha20-Poly1305 (aead.c) ----------------------------------------- */

#define CQ_XCHACHA_KEY_BYTES 32
#define CQ_XCHACHA_NONCE_BYTES 24
#define CQ_XCHACHA_TAG_BYTES 16

/*
 * Encrypts m[0..n) and authenticates it with ad[0..ad_len) into c: n bytes
 * of ciphertext then the 16-byte tag. c may equal m; no other overlap.
 */
void cq_xchacha20poly1305_seal(uint8_t *c, const uint8_t *m, size_t n,
                               const uint8_t *ad, size_t ad_len,
                               const uint8_t nonce[CQ_XCHACHA_NONCE_BYTES],
                               const uint8_t key[CQ_XCHACHA_KEY_BYTES]);

/*
 * Checks the tag of c[0..n) (ciphertext then tag, n >= 16) over it and ad,
 * then decrypts into m (n - 16 bytes). Returns -1 when the tag does not
 * verify: nothing is decrypted, and libsodium zeroes m's n - 16 bytes, so
 * a caller that must leave m untouched on failure checks the tag first
 * (cq_chacha20poly1305_open with m NULL). m may equal c; no other overlap.
 */
int cq_xchacha20poly1305_open(uint8_t *m, const uint8_t *c, size_t n,
                              const uint8_t *ad, size_t ad_len,
                              const uint8_t nonce[CQ_XCHACHA_NONCE_BYTES],
                              const uint8_t key[CQ_XCHACHA_KEY_BYTES]);

/* ---- HMAC-SHA-512, HKDF-SHA-512 (hash512.c) ------------------------------ */

#define CQ_SHA512_BYTES 64

/* Largest HKDF-SHA-512 output: 255 blocks (RFC 5869 §2.3). */
#define CQ_HKDF_SHA512_MAX_BYTES (255 * 64)

/*
 * HKDF-SHA-512 (RFC 5869) over libsodium's HMAC-SHA-512, as cq_hkdf_sha256
 * is over SHA-256: an empty salt means 64 zero bytes. Returns -1 (writing
 * nothing) if out_len > CQ_HKDF_SHA512_MAX_BYTES. For the ECIES channel.
 */
int cq_hkdf_sha512(uint8_t *out, size_t out_len, const uint8_t *salt,
                   size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                   const uint8_t *info, size_t info_len);

/* ---- ChaCha20-Poly1305, IETF (RFC 8439; chacha.c) ------------------------ */

#define CQ_CHACHA_KEY_BYTES 32
#define CQ_CHACHA_NONCE_BYTES 12
#define CQ_CHACHA_TAG_BYTES 16

/* As cq_xchacha20poly1305_seal, with the 96-bit nonce of RFC 8439. */
void cq_chacha20poly1305_seal(uint8_t *c, const uint8_t *m, size_t n,
                              const uint8_t nonce[CQ_CHACHA_NONCE_BYTES],
                              const uint8_t key[CQ_CHACHA_KEY_BYTES]);

/*
 * As cq_xchacha20poly1305_open (no associated data). m may be NULL: the tag
 * is then only checked, nothing is decrypted. -1 when the tag is wrong.
 */
int cq_chacha20poly1305_open(uint8_t *m, const uint8_t *c, size_t n,
                             const uint8_t nonce[CQ_CHACHA_NONCE_BYTES],
                             const uint8_t key[CQ_CHACHA_KEY_BYTES]);

#endif /* CLIQUET_CRYPTO_H */
