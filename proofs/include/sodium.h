/*
 * proofs/include/sodium.h: what the proofs assume of libsodium.
 *
 * Frama-C analyses cliquet's C, not libsodium's. Under `make prove` this
 * header stands in for <sodium.h>: it declares only the functions lib/
 * calls, with the libsodium 1.0.18 prototypes, and gives each an ACSL
 * contract that says which bytes it reads (requires \valid_read), which it
 * writes (assigns, requires \valid) and what it returns. EVA checks every
 * call against the requires clauses, and takes the assigns/ensures clauses
 * as the call's effect: the bytes written are unknown but initialised.
 *
 * This is the file to review: a contract here that promises more than
 * libsodium does would make a proof unsound. Each one below promises only
 * the sizes of libsodium's documentation and the range of its return codes,
 * never a value (a MAC that matches, a signature that verifies): results
 * are left free, so every path after a check is analysed. docs/proofs.md
 * lists these contracts among the assumptions.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_PROOFS_SODIUM_H
#define CLIQUET_PROOFS_SODIUM_H

#include <stddef.h>
#include <stdint.h>

#define crypto_sign_SECRETKEYBYTES 64U
#define sodium_base64_VARIANT_ORIGINAL_NO_PADDING 3

typedef struct crypto_hash_sha256_state {
    uint32_t state[8];
    uint64_t count;
    uint8_t buf[64];
} crypto_hash_sha256_state;

typedef struct crypto_hash_sha512_state {
    uint64_t state[8];
    uint64_t count[2];
    uint8_t buf[128];
} crypto_hash_sha512_state;

typedef struct crypto_auth_hmacsha256_state {
    crypto_hash_sha256_state ictx;
    crypto_hash_sha256_state octx;
} crypto_auth_hmacsha256_state;

/* ---- utilities ---------------------------------------------------------- */

/*@ assigns \result \from \nothing;
    ensures \result == 0 || \result == 1 || \result == -1; */
int sodium_init(void);

/*@ requires \valid((char *)pnt + (0 .. len - 1));
    assigns ((char *)pnt)[0 .. len - 1] \from \nothing;
    ensures \initialized((char *)pnt + (0 .. len - 1)); */
void sodium_memzero(void *const pnt, const size_t len);

/*@ requires \valid_read((const char *)b1_ + (0 .. len - 1));
    requires \valid_read((const char *)b2_ + (0 .. len - 1));
    assigns \result \from ((const char *)b1_)[0 .. len - 1],
                          ((const char *)b2_)[0 .. len - 1];
    ensures \result == 0 || \result == -1; */
int sodium_memcmp(const void *const b1_, const void *const b2_, size_t len);

/*@ requires \valid_read(n + (0 .. nlen - 1));
    assigns \result \from n[0 .. nlen - 1];
    ensures \result == 0 || \result == 1; */
int sodium_is_zero(const unsigned char *n, const size_t nlen);

/*@ requires \valid((char *)buf + (0 .. size - 1));
    assigns ((char *)buf)[0 .. size - 1] \from \nothing;
    ensures \initialized((char *)buf + (0 .. size - 1)); */
void randombytes_buf(void *const buf, const size_t size);

/* ---- base64 --------------------------------------------------------------
 * Only the unpadded variant is used. The encoder's output, with its NUL,
 * is 4 * ceil(bin_len / 3) + 1 bytes at most; cliquet passes room for it. */

/*@ requires variant == sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    requires b64_maxlen >= (bin_len + 2) / 3 * 4 + 1;
    requires \valid(b64 + (0 .. b64_maxlen - 1));
    requires \valid_read(bin + (0 .. bin_len - 1));
    assigns b64[0 .. b64_maxlen - 1] \from bin[0 .. bin_len - 1];
    assigns \result \from b64;
    ensures \initialized(b64 + (0 .. (bin_len * 4 + 2) / 3));
    ensures \result == b64; */
char *sodium_bin2base64(char *const b64, const size_t b64_maxlen,
                        const unsigned char *const bin, const size_t bin_len,
                        const int variant);

/* Writes at most bin_maxlen bytes, and never more than 3/4 of the text. */
/*@ requires variant == sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    requires \valid(bin + (0 .. bin_maxlen - 1));
    requires \valid_read(b64 + (0 .. b64_len - 1));
    requires ignore == \null && b64_end == \null;
    requires \valid(bin_len);
    assigns bin[0 .. bin_maxlen - 1] \from b64[0 .. b64_len - 1];
    assigns *bin_len \from b64[0 .. b64_len - 1];
    assigns \result \from b64[0 .. b64_len - 1];
    ensures *bin_len <= bin_maxlen && *bin_len <= b64_len * 3 / 4;
    ensures \initialized(bin + (0 .. *bin_len - 1));
    ensures \result == 0 || \result == -1; */
int sodium_base642bin(unsigned char *const bin, const size_t bin_maxlen,
                      const char *const b64, const size_t b64_len,
                      const char *const ignore, size_t *const bin_len,
                      const char **const b64_end, const int variant);

/* ---- hashes and MACs ----------------------------------------------------- */

/*@ requires \valid(out + (0 .. 31));
    requires \valid_read(in + (0 .. inlen - 1));
    assigns out[0 .. 31] \from in[0 .. inlen - 1];
    assigns \result \from \nothing;
    ensures \initialized(out + (0 .. 31));
    ensures \result == 0; */
int crypto_hash_sha256(unsigned char *out, const unsigned char *in,
                       unsigned long long inlen);

/* The streaming SHA-256 that lib/crypto/sha256.c runs where the CPU has no
 * SHA-256 instructions (the path the drivers analyse: the hardware paths'
 * intrinsics are not modelled, as AES-NI's are not). */
/*@ requires \valid(state);
    assigns *state \from \nothing;
    assigns \result \from \nothing;
    ensures \initialized(state);
    ensures \result == 0; */
int crypto_hash_sha256_init(crypto_hash_sha256_state *state);

/*@ requires \valid(state) && \initialized(state);
    requires \valid_read(in + (0 .. inlen - 1));
    assigns *state \from *state, in[0 .. inlen - 1];
    assigns \result \from \nothing;
    ensures \initialized(state);
    ensures \result == 0; */
int crypto_hash_sha256_update(crypto_hash_sha256_state *state, const unsigned char *in,
                              unsigned long long inlen);

/*@ requires \valid(state) && \initialized(state);
    requires \valid(out + (0 .. 31));
    assigns *state \from *state;
    assigns out[0 .. 31] \from *state;
    assigns \result \from \nothing;
    ensures \initialized(out + (0 .. 31));
    ensures \result == 0; */
int crypto_hash_sha256_final(crypto_hash_sha256_state *state, unsigned char *out);

/*@ requires \valid(out + (0 .. 63));
    requires \valid_read(in + (0 .. inlen - 1));
    assigns out[0 .. 63] \from in[0 .. inlen - 1];
    assigns \result \from \nothing;
    ensures \initialized(out + (0 .. 63));
    ensures \result == 0; */
int crypto_hash_sha512(unsigned char *out, const unsigned char *in,
                       unsigned long long inlen);

/*@ requires \valid(state);
    assigns *state \from \nothing;
    assigns \result \from \nothing;
    ensures \initialized(state);
    ensures \result == 0; */
int crypto_hash_sha512_init(crypto_hash_sha512_state *state);

/*@ requires \valid(state) && \initialized(state);
    requires \valid_read(in + (0 .. inlen - 1));
    assigns *state \from *state, in[0 .. inlen - 1];
    assigns \result \from \nothing;
    ensures \initialized(state);
    ensures \result == 0; */
int crypto_hash_sha512_update(crypto_hash_sha512_state *state,
                              const unsigned char *in,
                              unsigned long long inlen);

/*@ requires \valid(state) && \initialized(state);
    requires \valid(out + (0 .. 63));
    assigns *state \from *state;
    assigns out[0 .. 63] \from *state;
    assigns \result \from \nothing;
    ensures \initialized(out + (0 .. 63));
    ensures \result == 0; */
int crypto_hash_sha512_final(crypto_hash_sha512_state *state,
                             unsigned char *out);

/*@ requires \valid(state);
    requires \valid_read(key + (0 .. keylen - 1));
    assigns *state \from key[0 .. keylen - 1];
    assigns \result \from \nothing;
    ensures \initialized(state);
    ensures \result == 0; */
int crypto_auth_hmacsha256_init(crypto_auth_hmacsha256_state *state,
                                const unsigned char *key, size_t keylen);

/*@ requires \valid(state) && \initialized(state);
    requires \valid_read(in + (0 .. inlen - 1));
    assigns *state \from *state, in[0 .. inlen - 1];
    assigns \result \from \nothing;
    ensures \initialized(state);
    ensures \result == 0; */
int crypto_auth_hmacsha256_update(crypto_auth_hmacsha256_state *state,
                                  const unsigned char *in,
                                  unsigned long long inlen);

/*@ requires \valid(state) && \initialized(state);
    requires \valid(out + (0 .. 31));
    assigns *state \from *state;
    assigns out[0 .. 31] \from *state;
    assigns \result \from \nothing;
    ensures \initialized(out + (0 .. 31));
    ensures \result == 0; */
int crypto_auth_hmacsha256_final(crypto_auth_hmacsha256_state *state,
                                 unsigned char *out);

/* ---- X25519 and Ed25519 ------------------------------------------------- */

/*@ requires \valid(q + (0 .. 31)) && \valid_read(n + (0 .. 31));
    assigns q[0 .. 31] \from n[0 .. 31];
    assigns \result \from \nothing;
    ensures \initialized(q + (0 .. 31));
    ensures \result == 0; */
int crypto_scalarmult_base(unsigned char *q, const unsigned char *n);

/* -1 when the shared secret is all zeros (a low-order point). */
/*@ requires \valid(q + (0 .. 31));
    requires \valid_read(n + (0 .. 31)) && \valid_read(p + (0 .. 31));
    assigns q[0 .. 31] \from n[0 .. 31], p[0 .. 31];
    assigns \result \from n[0 .. 31], p[0 .. 31];
    ensures \initialized(q + (0 .. 31));
    ensures \result == 0 || \result == -1; */
int crypto_scalarmult(unsigned char *q, const unsigned char *n,
                      const unsigned char *p);

/*@ requires \valid(q + (0 .. 31)) && \valid_read(n + (0 .. 31));
    assigns q[0 .. 31] \from n[0 .. 31];
    assigns \result \from n[0 .. 31];
    ensures \initialized(q + (0 .. 31));
    ensures \result == 0 || \result == -1; */
int crypto_scalarmult_ed25519_base_noclamp(unsigned char *q,
                                           const unsigned char *n);

/*@ requires \valid(r + (0 .. 31)) && \valid_read(s + (0 .. 63));
    assigns r[0 .. 31] \from s[0 .. 63];
    ensures \initialized(r + (0 .. 31)); */
void crypto_core_ed25519_scalar_reduce(unsigned char *r,
                                       const unsigned char *s);

/*@ requires \valid(z + (0 .. 31));
    requires \valid_read(x + (0 .. 31)) && \valid_read(y + (0 .. 31));
    assigns z[0 .. 31] \from x[0 .. 31], y[0 .. 31];
    ensures \initialized(z + (0 .. 31)); */
void crypto_core_ed25519_scalar_mul(unsigned char *z, const unsigned char *x,
                                    const unsigned char *y);

/*@ requires \valid(z + (0 .. 31));
    requires \valid_read(x + (0 .. 31)) && \valid_read(y + (0 .. 31));
    assigns z[0 .. 31] \from x[0 .. 31], y[0 .. 31];
    ensures \initialized(z + (0 .. 31)); */
void crypto_core_ed25519_scalar_add(unsigned char *z, const unsigned char *x,
                                    const unsigned char *y);

/*@ requires \valid(pk + (0 .. 31)) && \valid(sk + (0 .. 63));
    requires \valid_read(seed + (0 .. 31));
    assigns pk[0 .. 31], sk[0 .. 63] \from seed[0 .. 31];
    assigns \result \from \nothing;
    ensures \initialized(pk + (0 .. 31)) && \initialized(sk + (0 .. 63));
    ensures \result == 0; */
int crypto_sign_seed_keypair(unsigned char *pk, unsigned char *sk,
                             const unsigned char *seed);

/*@ requires \valid(sig + (0 .. 63)) && siglen_p == \null;
    requires \valid_read(m + (0 .. mlen - 1));
    requires \valid_read(sk + (0 .. 63));
    assigns sig[0 .. 63] \from m[0 .. mlen - 1], sk[0 .. 63];
    assigns \result \from \nothing;
    ensures \initialized(sig + (0 .. 63));
    ensures \result == 0; */
int crypto_sign_detached(unsigned char *sig, unsigned long long *siglen_p,
                         const unsigned char *m, unsigned long long mlen,
                         const unsigned char *sk);

/*@ requires \valid_read(sig + (0 .. 63));
    requires \valid_read(m + (0 .. mlen - 1));
    requires \valid_read(pk + (0 .. 31));
    assigns \result \from sig[0 .. 63], m[0 .. mlen - 1], pk[0 .. 31];
    ensures \result == 0 || \result == -1; */
int crypto_sign_verify_detached(const unsigned char *sig,
                                const unsigned char *m,
                                unsigned long long mlen,
                                const unsigned char *pk);

/* ---- XChaCha20-Poly1305 (native pickles) ---------------------------------
 * The tag is 16 bytes, the nonce 24 and the key 32. */

/*@ requires \valid(c + (0 .. mlen + 16 - 1));
    requires \valid(clen_p);
    requires \valid_read(m + (0 .. mlen - 1));
    requires \valid_read(ad + (0 .. adlen - 1));
    requires nsec == \null;
    requires \valid_read(npub + (0 .. 23)) && \valid_read(k + (0 .. 31));
    assigns c[0 .. mlen + 16 - 1], *clen_p
        \from m[0 .. mlen - 1], ad[0 .. adlen - 1], npub[0 .. 23], k[0 .. 31];
    assigns \result \from \nothing;
    ensures *clen_p == mlen + 16;
    ensures \initialized(c + (0 .. mlen + 16 - 1));
    ensures \result == 0; */
int crypto_aead_xchacha20poly1305_ietf_encrypt(
    unsigned char *c, unsigned long long *clen_p, const unsigned char *m,
    unsigned long long mlen, const unsigned char *ad,
    unsigned long long adlen, const unsigned char *nsec,
    const unsigned char *npub, const unsigned char *k);

/* Fails (-1) on a ciphertext shorter than the tag or a tag that does not
 * match; on success writes clen - 16 bytes. */
/*@ requires clen < 16 || \valid(m + (0 .. clen - 16 - 1));
    requires \valid(mlen_p);
    requires nsec == \null;
    requires \valid_read(c + (0 .. clen - 1));
    requires \valid_read(ad + (0 .. adlen - 1));
    requires \valid_read(npub + (0 .. 23)) && \valid_read(k + (0 .. 31));
    assigns m[0 .. clen - 16 - 1], *mlen_p, \result
        \from c[0 .. clen - 1], ad[0 .. adlen - 1], npub[0 .. 23], k[0 .. 31];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> clen >= 16 && *mlen_p == clen - 16;
    ensures \result == 0 ==> \initialized(m + (0 .. clen - 16 - 1)); */
int crypto_aead_xchacha20poly1305_ietf_decrypt(
    unsigned char *m, unsigned long long *mlen_p, unsigned char *nsec,
    const unsigned char *c, unsigned long long clen,
    const unsigned char *ad, unsigned long long adlen,
    const unsigned char *npub, const unsigned char *k);

#endif /* CLIQUET_PROOFS_SODIUM_H */
