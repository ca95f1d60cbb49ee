/*
 * The constant-time check: runs cliquet's primitives under valgrind's
 * memcheck with their secret inputs marked undefined, and counts the errors
 * memcheck reports inside each call. Memcheck reports a conditional jump or
 * move whose condition depends on undefined bits, and an address computed
 * from them ("Use of uninitialised value of size N"): exactly a
 * secret-dependent branch or memory index. docs/constant-time.md explains
 * the method, its assumptions and how to read a failure.
 *
 *   ct_check primitives    every checked primitive, one line per case:
 *                          "case <name> <errors> ok|wrong|blind"
 *   ct_check protocols     the same for the protocol paths: Olm and Megolm
 *                          decrypt and encrypt, PK decrypt, unpickling of
 *                          libolm's layouts and both pickle envelopes,
 *                          base64 of session keys, account and session
 *                          creation, SAS, ECIES; then the public API layer
 *                          (test/ct/ct_api.c) and every AES-using protocol
 *                          case again on AES-NI ("aesni/...")
 *   ct_check sha-standin   (ct_check_standin only) the SHA-256 cases on the
 *                          hardware path with the compression done by
 *                          test/ct/sha_standin.c, for a CPU (valgrind's)
 *                          without SHA-NI
 *   ct_check leak-sbox     a table S-box indexed by a secret byte
 *   ct_check leak-memcmp   an early-exit comparison of secret bytes
 *
 * The two leak modes prove the set-up can fail: test/ct/run.sh requires
 * memcheck to report them. It also compares each case's count with
 * test/ct/expected.txt, so this program only measures and never judges.
 *
 * Outputs that are public by design (a ciphertext, a signature, a status, a
 * comparison's verdict) are declassified with declassify() after the
 * measured window closes and before anything here branches on them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <valgrind/memcheck.h>

#include "core/core.h"
#include "crypto/crypto.h"
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pickle/pickle.h"
#include "pk/pk.h"
#include "ecies/ecies.h"
#include "sas/sas.h"
#include "ct_harness.h"

/* ---- marking and measuring -------------------------------------------- */

/* Memcheck treats the n bytes at p as unknown: every use is tracked. */
void make_secret(const void *p, size_t n)
{
    (void)VALGRIND_MAKE_MEM_UNDEFINED(p, n);
}

/* The bytes at p are public from here on (they keep their values). */
void declassify(const void *p, size_t n)
{
    (void)VALGRIND_MAKE_MEM_DEFINED(p, n);
}

static const char *case_name;
static unsigned long case_start;
int wrong_results;
/* Whether the case declassified a data output, and whether any of its
 * bits were still undefined then (see declassify_output). */
static int output_checked;
static int output_tainted;

/*
 * Opens a measured window. The marker goes to valgrind's log too, so
 * run.sh can show which errors belong to which case.
 */
/* ctzero: while set, every case name is prefixed with it and a slash (the
 * protocol cases run again on the AES instructions: run_protocols_aesni). */
static const char *case_prefix;
static char prefixed_name[128];

void begin(const char *name)
{
    if (case_prefix != NULL) {
        (void)snprintf(prefixed_name, sizeof prefixed_name, "%s/%s", case_prefix, name);
        name = prefixed_name;
    }
    case_name = name;
    output_checked = 0;
    output_tainted = 0;
    (void)VALGRIND_PRINTF("ct-case %s\n", name);
    case_start = VALGRIND_COUNT_ERRORS;
}

/* Closes the window: errors reported since begin() (every occurrence). */
unsigned long stop(void)
{
    return VALGRIND_COUNT_ERRORS - case_start;
}

/*
 * Declassifies a data output of the call under test (a MAC, a ciphertext,
 * a key), after noting whether memcheck still saw it as undefined. It must:
 * the output depends on the secrets. If every bit came out defined, the
 * taint was lost on the way (say, an instruction memcheck does not model
 * precisely) and a zero count for the case would prove nothing.
 */
void declassify_output(const void *p, size_t n)
{
    uint8_t vbits[1024];
    const uint8_t *b = p;
    size_t i, chunk;

    output_checked = 1;
    /* In chunks: a protocol state is several kilobytes. */
    for (size_t done = 0; done < n; done += chunk) {
        chunk = n - done < sizeof vbits ? n - done : sizeof vbits;
        if (VALGRIND_GET_VBITS(b + done, vbits, chunk) == 1) {
            for (i = 0; i < chunk; i++) {
                output_tainted |= vbits[i] != 0;
            }
        }
    }
    declassify(p, n);
}

/*
 * correct says the call computed what an untainted run computed. A case
 * whose output lost its taint is reported as "blind".
 */
void report(unsigned long errors, int correct)
{
    const char *result = "ok";

    if (!correct) {
        result = "wrong";
    } else if (output_checked && !output_tainted) {
        result = "blind";
    }
    printf("case %s %lu %s\n", case_name, errors, result);
    if (result[0] != 'o') {
        wrong_results++;
    }
}

/* Deterministic test data: libsodium's ChaCha20 keyed by a tag. */
static void fill(uint8_t *p, size_t n, uint8_t tag)
{
    uint8_t seed[randombytes_SEEDBYTES] = { tag };

    randombytes_buf_deterministic(p, n, seed);
}

/* ---- MAC comparison and zero check ------------------------------------ */

/*
 * cq_ct_memcmp compares MACs in protocol code. Both sides are secret here
 * (a computed MAC is secret until it is sent), and the verdict is the one
 * thing the caller may branch on, once declassified.
 */
static void check_memcmp_case(const char *name, size_t n, size_t flip)
{
    uint8_t a[32];
    uint8_t b[32];
    unsigned long errors;
    int verdict;

    fill(a, n, 1);
    memcpy(b, a, n);
    if (flip < n) {
        b[flip] ^= 0x40;
    }
    make_secret(a, n);
    make_secret(b, n);
    begin(name);
    verdict = cq_ct_memcmp(a, b, n);
    errors = stop();
    declassify_output(&verdict, sizeof verdict);
    report(errors, verdict == (flip < n ? -1 : 0));
}

static void check_memcmp(void)
{
    check_memcmp_case("ct_memcmp/equal-8", 8, 8);
    check_memcmp_case("ct_memcmp/differ-first-8", 8, 0);
    check_memcmp_case("ct_memcmp/differ-last-8", 8, 7);
    check_memcmp_case("ct_memcmp/equal-32", 32, 32);
    check_memcmp_case("ct_memcmp/differ-last-32", 32, 31);
}

static void check_is_zero_case(const char *name, size_t flip)
{
    uint8_t p[32] = { 0 };
    unsigned long errors;
    int verdict;

    if (flip < sizeof p) {
        p[flip] = 1;
    }
    make_secret(p, sizeof p);
    begin(name);
    verdict = cq_ct_is_zero(p, sizeof p);
    errors = stop();
    declassify_output(&verdict, sizeof verdict);
    report(errors, verdict == (flip < sizeof p ? 0 : 1));
}

static void check_is_zero(void)
{
    check_is_zero_case("ct_is_zero/zero", 32);
    check_is_zero_case("ct_is_zero/nonzero", 31);
}

/* ---- SHA-256, HMAC, HKDF (on each SHA-256 path) --------------------------- */

/* Case names carry the path: "sha-hw/...", "sha-sodium/..." or
 * "sha-standin/..." (see check_sha). */
static const char *sha_tag;
static char sha_name[64];

static const char *sha_case(const char *what)
{
    snprintf(sha_name, sizeof sha_name, "%s/%s", sha_tag, what);
    return sha_name;
}

static void check_sha256(void)
{
    uint8_t msg[100];
    uint8_t ref[32];
    uint8_t out[32];
    unsigned long errors;

    fill(msg, sizeof msg, 2);
    crypto_hash_sha256(ref, msg, sizeof msg);
    make_secret(msg, sizeof msg);
    begin(sha_case("sha256-secret-message"));
    cq_sha256(out, msg, sizeof msg);
    errors = stop();
    declassify_output(out, sizeof out);
    report(errors, memcmp(out, ref, sizeof out) == 0);
}

/*
 * 1000 secret bytes fed in pieces of 1..63 bytes: every way the buffer of
 * a partial block fills and empties, and a last block whose padding
 * spills into one more (1000 % 64 = 40, under 56: a second message of 1016
 * bytes, 56 % 64, takes the other branch).
 */
static void check_sha256_pieces(const char *what, size_t n)
{
    uint8_t msg[1016];
    uint8_t ref[32];
    uint8_t out[32];
    cq_sha256_ctx ctx;
    unsigned long errors;
    size_t done = 0;
    size_t piece = 1;

    fill(msg, n, 7);
    crypto_hash_sha256(ref, msg, n);
    make_secret(msg, n);
    begin(sha_case(what));
    cq_sha256_init(&ctx);
    while (done < n) {
        size_t take = n - done < piece ? n - done : piece;

        cq_sha256_update(&ctx, msg + done, take);
        done += take;
        piece = piece % 63 + 1;
    }
    cq_sha256_final(&ctx, out);
    errors = stop();
    declassify_output(out, sizeof out);
    report(errors, memcmp(out, ref, sizeof out) == 0);
}

/* A key of 32 bytes (Olm's chain keys) and one over 64 (hashed first). */
static void check_hmac_case(const char *what, size_t key_len)
{
    uint8_t key[100];
    uint8_t msg[80];
    uint8_t ref[32];
    uint8_t out[32];
    unsigned long errors;

    fill(key, key_len, 3);
    fill(msg, sizeof msg, 4);
    cq_hmac_sha256(ref, key, key_len, msg, sizeof msg);
    make_secret(key, key_len);
    make_secret(msg, sizeof msg);
    begin(sha_case(what));
    cq_hmac_sha256(out, key, key_len, msg, sizeof msg);
    errors = stop();
    declassify_output(out, sizeof out);
    report(errors, memcmp(out, ref, sizeof out) == 0);
}

/* Olm's ratchet step: salt (the root key) and input keying material secret,
 * info public, 80 bytes out as for OLM_KEYS. */
static void check_hkdf(void)
{
    static const uint8_t info[] = "OLM_KEYS";
    uint8_t salt[32];
    uint8_t ikm[96];
    uint8_t ref[80];
    uint8_t out[80];
    unsigned long errors;
    int rc;

    fill(salt, sizeof salt, 5);
    fill(ikm, sizeof ikm, 6);
    if (cq_hkdf_sha256(ref, sizeof ref, salt, sizeof salt, ikm, sizeof ikm,
                       info, sizeof info - 1) != 0) {
        ref[0] ^= 1; /* cannot happen for 80 bytes; makes the case wrong */
    }
    make_secret(salt, sizeof salt);
    make_secret(ikm, sizeof ikm);
    begin(sha_case("hkdf-secret-salt-ikm"));
    rc = cq_hkdf_sha256(out, sizeof out, salt, sizeof salt, ikm, sizeof ikm,
                        info, sizeof info - 1);
    errors = stop();
    declassify_output(out, sizeof out);
    declassify(&rc, sizeof rc);
    report(errors, rc == 0 && memcmp(out, ref, sizeof out) == 0);
}

/*
 * Every SHA-256 case on one path. The hardware path runs only where the
 * CPU, as valgrind presents it, has the instructions: valgrind 3.19's
 * x86-64 CPU has no SHA-NI, so there the group is skipped and the
 * "sha-standin" mode checks the code around the instructions instead.
 */
static void check_sha(cq_sha256_impl impl, const char *tag)
{
    sha_tag = tag;
    if (cq_sha256_select(impl) != CLIQUET_OK) {
        /* run.sh reports every case of this group as skipped. */
        printf("skip %s no SHA-256 instructions seen on this CPU (valgrind's CPU has no SHA-NI)\n",
               tag);
        return;
    }
    check_sha256();
    check_sha256_pieces("sha256-pieces-1000", 1000);
    check_sha256_pieces("sha256-pieces-1016", 1016);
    check_hmac_case("hmac-key-32", 32);
    check_hmac_case("hmac-key-100", 100);
    check_hkdf();
    cq_sha256_init_selection();
}

/* ---- X25519 --------------------------------------------------------------- */

static void check_x25519_public(void)
{
    uint8_t priv[32];
    uint8_t ref[32];
    uint8_t pub[32];
    unsigned long errors;

    fill(priv, sizeof priv, 7);
    cq_x25519_public(ref, priv);
    make_secret(priv, sizeof priv);
    begin("x25519/public");
    cq_x25519_public(pub, priv);
    errors = stop();
    declassify_output(pub, sizeof pub);
    report(errors, memcmp(pub, ref, sizeof pub) == 0);
}

/* The shared secret agrees from both sides: a check that needs no oracle. */
static void check_x25519_shared(void)
{
    uint8_t priv_a[32];
    uint8_t priv_b[32];
    uint8_t pub_a[32];
    uint8_t pub_b[32];
    uint8_t ref[32];
    uint8_t shared[32];
    cliquet_status st;
    cliquet_status ref_st;
    unsigned long errors;

    fill(priv_a, sizeof priv_a, 8);
    fill(priv_b, sizeof priv_b, 9);
    cq_x25519_public(pub_a, priv_a);
    cq_x25519_public(pub_b, priv_b);
    ref_st = cq_x25519(ref, priv_b, pub_a);
    make_secret(priv_a, sizeof priv_a);
    begin("x25519/shared");
    st = cq_x25519(shared, priv_a, pub_b);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(shared, sizeof shared);
    report(errors, st == CLIQUET_OK && ref_st == CLIQUET_OK &&
                       memcmp(shared, ref, sizeof shared) == 0);
}

/*
 * A low-order public key (the point of order 1, u = 1): refused. libsodium
 * picks its X25519 code at run time, and the two differ here: the portable
 * ref10 code refuses a low-order key by looking at the public key alone,
 * before the secret is touched; the AVX code (sandy2x) computes the
 * all-zero result and the verdict comes from it. The case is named after
 * the code that runs, and the other is reported as skipped.
 */
static void check_x25519_low_order(void)
{
    const char *name = "x25519-ref10/low-order-refused";

    uint8_t priv[32];
    uint8_t pub[32] = { 1 };
    uint8_t shared[32];
    cliquet_status st;
    unsigned long errors;

    if (sodium_runtime_has_avx()) {
        name = "x25519-sandy2x/low-order-refused";
        printf("skip x25519-ref10 libsodium runs its AVX code on this CPU\n");
    } else {
        printf("skip x25519-sandy2x this CPU has no AVX\n");
    }
    fill(priv, sizeof priv, 10);
    make_secret(priv, sizeof priv);
    begin(name);
    st = cq_x25519(shared, priv, pub);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(shared, sizeof shared);
    report(errors, st == CLIQUET_ERR_ZERO_SHARED_SECRET &&
                       cq_ct_is_zero(shared, sizeof shared));
}

/* ---- Ed25519 -------------------------------------------------------------- */

/* The key's secret parts; has_seed and the public key are public. */
void make_key_secret(cq_ed25519_key *key)
{
    make_secret(key->seed, sizeof key->seed);
    make_secret(key->expanded, sizeof key->expanded);
}

static void check_ed25519_from_seed(void)
{
    uint8_t seed[32];
    cq_ed25519_key ref;
    cq_ed25519_key key;
    unsigned long errors;

    fill(seed, sizeof seed, 11);
    cq_ed25519_from_seed(&ref, seed);
    make_secret(seed, sizeof seed);
    begin("ed25519/from_seed");
    cq_ed25519_from_seed(&key, seed);
    errors = stop();
    declassify_output(&key, sizeof key);
    report(errors, memcmp(&key, &ref, sizeof key) == 0);
}

/*
 * Both ways to sign must give the same signature (RFC 8032 §5.1.6 is
 * deterministic), and it must verify: the check needs no stored vector.
 */
static void check_ed25519_sign(void)
{
    uint8_t seed[32];
    uint8_t msg[50];
    uint8_t ref[64];
    uint8_t sig[64];
    uint8_t sig_expanded[64];
    cq_ed25519_key key;
    unsigned long errors;
    int ok;

    fill(seed, sizeof seed, 12);
    fill(msg, sizeof msg, 13);
    cq_ed25519_from_seed(&key, seed);
    cq_ed25519_sign(ref, &key, msg, sizeof msg);
    ok = cq_ed25519_verify(ref, key.public_key, msg, sizeof msg) == CLIQUET_OK;

    make_key_secret(&key);
    make_secret(msg, sizeof msg);
    begin("ed25519/sign");
    cq_ed25519_sign(sig, &key, msg, sizeof msg);
    errors = stop();
    declassify_output(sig, sizeof sig);
    report(errors, ok && memcmp(sig, ref, sizeof sig) == 0);

    begin("ed25519/sign_expanded");
    cq_ed25519_sign_expanded(sig_expanded, key.expanded, key.public_key, msg,
                             sizeof msg);
    errors = stop();
    declassify_output(sig_expanded, sizeof sig_expanded);
    report(errors, ok && memcmp(sig_expanded, ref, sizeof sig_expanded) == 0);
}

/* A libolm pickle's expanded key: the public key is recomputed from it. */
static void check_ed25519_from_expanded(void)
{
    uint8_t seed[32];
    cq_ed25519_key ref;
    cq_ed25519_key key;
    uint8_t expanded[64];
    cliquet_status st;
    unsigned long errors;

    fill(seed, sizeof seed, 14);
    cq_ed25519_from_seed(&ref, seed);
    memcpy(expanded, ref.expanded, sizeof expanded);
    make_secret(expanded, sizeof expanded);
    begin("ed25519/from_expanded");
    st = cq_ed25519_from_expanded(&key, expanded);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(&key, sizeof key);
    report(errors, st == CLIQUET_OK &&
                       memcmp(key.public_key, ref.public_key, 32) == 0 &&
                       memcmp(key.expanded, ref.expanded, 64) == 0);
}

/* ---- base64 of secrets ---------------------------------------------------- */

static void check_base64(void)
{
    uint8_t bin[32];
    char ref[43];
    char text[43];
    uint8_t back[32];
    size_t back_len = 0;
    cliquet_status st;
    unsigned long errors;

    fill(bin, sizeof bin, 15);
    cq_base64_encode(ref, bin, sizeof bin);
    make_secret(bin, sizeof bin);
    begin("base64/encode");
    cq_base64_encode(text, bin, sizeof bin);
    errors = stop();
    declassify_output(text, sizeof text);
    report(errors, memcmp(text, ref, sizeof text) == 0);

    declassify(bin, sizeof bin);
    make_secret(text, sizeof text);
    begin("base64/decode");
    st = cq_base64_decode(back, sizeof back, &back_len, text, sizeof text);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&back_len, sizeof back_len);
    declassify_output(back, sizeof back);
    report(errors, st == CLIQUET_OK && back_len == sizeof bin &&
                       memcmp(back, bin, sizeof bin) == 0);
}

/* ---- AES-256, both implementations, and CBC with PKCS#7 ---------------- */

/* FIPS-197 Appendix C.3: AES-256 of 00112233..ff under key 00010203..1f. */
static const uint8_t fips_key[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
    0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
    0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f
};
static const uint8_t fips_plain[16] = {
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
};
static const uint8_t fips_cipher[16] = {
    0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf,
    0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49, 0x60, 0x89
};

/* Case names carry the implementation: "aes-hw/..." or "aes-ct/...". */
static const char *aes_tag;
static char aes_name[64];

static const char *aes_case(const char *what)
{
    snprintf(aes_name, sizeof aes_name, "%s/%s", aes_tag, what);
    return aes_name;
}

static void check_aes_schedule(cliquet_aes_impl impl)
{
    uint8_t key[32];
    cq_aes256 ref;
    cq_aes256 ctx;
    unsigned long errors;

    /* Zeroed first: the schedules need not fill every word, and the
     * comparison below covers the struct's padding too. */
    memset(&ref, 0, sizeof ref);
    memset(&ctx, 0, sizeof ctx);
    fill(key, sizeof key, 20);
    cq_aes256_init(&ref, key);
    make_secret(key, sizeof key);
    begin(aes_case("init"));
    cq_aes256_init(&ctx, key);
    errors = stop();
    declassify_output(&ctx, sizeof ctx);
    report(errors, ctx.impl == (int)impl && memcmp(&ctx, &ref, sizeof ctx) == 0);
    cq_aes256_clear(&ctx);
    cq_aes256_clear(&ref);
}

/* One block each way, checked against FIPS-197 itself. */
static void check_aes_block(void)
{
    uint8_t key[32];
    uint8_t block[16];
    uint8_t out[16];
    cq_aes256 ctx;
    unsigned long errors;

    memcpy(key, fips_key, sizeof key);
    cq_aes256_init(&ctx, key);
    make_secret(&ctx.words, sizeof ctx.words);
    memcpy(block, fips_plain, sizeof block);
    make_secret(block, sizeof block);
    begin(aes_case("encrypt_block"));
    cq_aes256_encrypt_block(&ctx, out, block);
    errors = stop();
    declassify_output(out, sizeof out);
    report(errors, memcmp(out, fips_cipher, sizeof out) == 0);

    begin(aes_case("decrypt_block"));
    cq_aes256_decrypt_block(&ctx, block, out);
    errors = stop();
    declassify_output(block, sizeof block);
    report(errors, memcmp(block, fips_plain, sizeof block) == 0);
    cq_aes256_clear(&ctx);
}

/*
 * Several blocks in one call, 5 so that an implementation working on a
 * batch of blocks runs a full batch and a partial one.
 */
static void check_aes_blocks(void)
{
    uint8_t key[32];
    uint8_t plain[5 * 16];
    uint8_t ref[5 * 16];
    uint8_t out[5 * 16];
    uint8_t back[5 * 16];
    cq_aes256 ctx;
    unsigned long errors;

    fill(key, sizeof key, 21);
    fill(plain, sizeof plain, 22);
    cq_aes256_init(&ctx, key);
    for (size_t i = 0; i < sizeof plain; i += 16) {
        cq_aes256_encrypt_block(&ctx, ref + i, plain + i);
    }
    make_secret(&ctx.words, sizeof ctx.words);
    make_secret(plain, sizeof plain);
    begin(aes_case("encrypt_blocks-5"));
    cq_aes256_encrypt_blocks(&ctx, out, plain, 5);
    errors = stop();
    declassify_output(out, sizeof out);
    report(errors, memcmp(out, ref, sizeof out) == 0);

    begin(aes_case("decrypt_blocks-5"));
    cq_aes256_decrypt_blocks(&ctx, back, out, 5);
    errors = stop();
    declassify_output(back, sizeof back);
    declassify(plain, sizeof plain);
    report(errors, memcmp(back, plain, sizeof back) == 0);
    cq_aes256_clear(&ctx);
}

/* CBC over whole blocks with the block function alone: the reference. */
static void cbc_reference(uint8_t *out, const uint8_t key[32],
                          const uint8_t iv[16], const uint8_t *in, size_t n)
{
    cq_aes256 ctx;
    uint8_t block[16];
    const uint8_t *prev = iv;

    cq_aes256_init(&ctx, key);
    for (size_t i = 0; i < n; i += 16) {
        for (size_t j = 0; j < 16; j++) {
            block[j] = (uint8_t)(in[i + j] ^ prev[j]);
        }
        cq_aes256_encrypt_block(&ctx, out + i, block);
        prev = out + i;
    }
    cq_aes256_clear(&ctx);
}

static void check_cbc_encrypt(void)
{
    uint8_t key[32];
    uint8_t iv[16];
    uint8_t plain[40];
    uint8_t padded[48];
    uint8_t ref[48];
    uint8_t out[48];
    unsigned long errors;

    fill(key, sizeof key, 23);
    fill(iv, sizeof iv, 24);
    fill(plain, sizeof plain, 25);
    memcpy(padded, plain, sizeof plain);
    memset(padded + sizeof plain, 8, sizeof padded - sizeof plain);
    cbc_reference(ref, key, iv, padded, sizeof padded);
    make_secret(key, sizeof key);
    make_secret(plain, sizeof plain);
    begin(aes_case("cbc_encrypt"));
    cq_aes256_cbc_encrypt(out, key, iv, plain, sizeof plain);
    errors = stop();
    declassify_output(out, sizeof out);
    report(errors, memcmp(out, ref, sizeof out) == 0);
}

/*
 * Decrypts a ciphertext whose last plaintext block ends in the given 16
 * bytes, under a secret key: the plaintext and so its padding bytes are
 * secret inside the call. The status and length are declassified after
 * it: they are what the caller is told. want_len is the plaintext length
 * for valid padding, 0 for padding that must be refused.
 */
static void check_cbc_decrypt_case(const char *what, size_t n,
                                   const uint8_t tail[16], size_t want_len)
{
    uint8_t key[32];
    uint8_t iv[16];
    uint8_t plain[20 * 16];
    uint8_t cipher[20 * 16];
    uint8_t out[20 * 16];
    size_t out_len = 0;
    cliquet_status st;
    unsigned long errors;
    int ok;

    fill(key, sizeof key, 26);
    fill(iv, sizeof iv, 27);
    fill(plain, n, 28);
    memcpy(plain + n - 16, tail, 16);
    cbc_reference(cipher, key, iv, plain, n);
    make_secret(key, sizeof key);
    begin(aes_case(what));
    st = cq_aes256_cbc_decrypt(out, &out_len, key, iv, cipher, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&out_len, sizeof out_len);
    /* Refused padding leaves out wiped: constant zeros, not tainted. */
    if (want_len != 0) {
        declassify_output(out, n);
    } else {
        declassify(out, n);
    }
    if (want_len != 0) {
        ok = st == CLIQUET_OK && out_len == want_len &&
             memcmp(out, plain, want_len) == 0;
    } else {
        ok = st == CLIQUET_ERR_BAD_PADDING && cq_ct_is_zero(out, n);
    }
    report(errors, ok);
}

static void check_cbc_decrypt(void)
{
    uint8_t tail[16];

    /* Valid: one byte of padding, and a whole block of it. */
    fill(tail, sizeof tail, 29);
    tail[15] = 1;
    check_cbc_decrypt_case("cbc_decrypt/pad-1", 48, tail, 47);
    memset(tail, 16, sizeof tail);
    check_cbc_decrypt_case("cbc_decrypt/pad-16", 48, tail, 32);
    /* More blocks than cbc.c decrypts in one chunk. */
    fill(tail, sizeof tail, 30);
    memset(tail + 9, 7, 7);
    check_cbc_decrypt_case("cbc_decrypt/pad-7-20-blocks", 20 * 16, tail,
                           20 * 16 - 7);
    /* Invalid: a last byte of 0, one above 16, and a mismatch inside. */
    fill(tail, sizeof tail, 31);
    tail[15] = 0;
    check_cbc_decrypt_case("cbc_decrypt/bad-pad-0", 48, tail, 0);
    tail[15] = 17;
    check_cbc_decrypt_case("cbc_decrypt/bad-pad-17", 48, tail, 0);
    memset(tail + 12, 4, 4);
    tail[12] = 5;
    check_cbc_decrypt_case("cbc_decrypt/bad-pad-mismatch", 48, tail, 0);
}

static void check_aes(cliquet_aes_impl impl, const char *tag)
{
    aes_tag = tag;
    if (cq_aes_select(impl) != CLIQUET_OK) {
        /* run.sh reports every case of this group as skipped. */
        printf("skip %s no AES instructions seen on this CPU\n", tag);
        return;
    }
    check_aes_schedule(impl);
    check_aes_block();
    check_aes_blocks();
    check_cbc_encrypt();
    check_cbc_decrypt();
}

/* ---- protocol paths (mode "protocols") -------------------------------------- */

/*
 * The protocol layers run with the secrets of their state marked: Olm's
 * root, chain, ratchet and skipped message keys and an account's private
 * keys; Megolm's ratchet parts and signing key; PK private keys; pickle
 * keys and the secret fields inside pickled layouts. Messages,
 * ciphertexts, counters, public keys and list lengths are public and stay
 * defined. Each call is first made on an unmarked copy, and the marked call
 * must give the same status and output.
 */

/* The random bytes a case needs, from fill(): never reused across tags. */
void rnd(uint8_t *p, size_t n, uint8_t tag)
{
    fill(p, n, (uint8_t)(0x80 | tag));
}

void taint_session(cq_olm_session *s)
{
    cq_olm_ratchet *r = &s->ratchet;

    make_secret(r->root_key, sizeof r->root_key);
    make_secret(r->sender_chain.ratchet_private, sizeof r->sender_chain.ratchet_private);
    make_secret(r->sender_chain.chain_key.key, sizeof r->sender_chain.chain_key.key);
    for (uint32_t i = 0; i < r->num_receiver_chains; i++) {
        make_secret(r->receiver_chains[i].chain_key.key, 32);
    }
    for (uint32_t i = 0; i < r->num_skipped_keys; i++) {
        make_secret(r->skipped_keys[i].message_key, 32);
    }
}

void taint_account(cq_olm_account *a)
{
    make_key_secret(&a->ed25519);
    make_secret(a->curve25519_private, sizeof a->curve25519_private);
    for (uint32_t i = 0; i < a->num_one_time_keys; i++) {
        make_secret(a->one_time_keys[i].private_key, 32);
    }
    for (uint32_t i = 0; i < a->num_fallback_keys; i++) {
        make_secret(a->fallback_keys[i].private_key, 32);
    }
}

/* Alice and Bob, Bob's first message answered; Alice's chain is new. */
static cq_olm_account olm_alice, olm_bob;
static cq_olm_session olm_a, olm_b, olm_work, olm_ref;

static size_t olm_send(cq_olm_session *s, uint8_t *out, size_t cap, const char *text,
                       uint8_t tag)
{
    uint8_t random[CQ_OLM_ENCRYPT_RANDOM_BYTES];
    size_t n = 0;
    int type;

    rnd(random, sizeof random, tag);
    if (cq_olm_session_encrypt(s, &type, out, cap, &n, (const uint8_t *)text,
                               strlen(text), random) != CLIQUET_OK) {
        wrong_results++;
    }
    return n;
}

static uint8_t olm_pre_key[256];
static size_t olm_pre_key_len;

static void olm_setup(void)
{
    uint8_t random[128];
    uint8_t m[256], pt[256];
    size_t n, len;
    cliquet_status st;

    rnd(random, 128, 1);
    cq_olm_account_init(&olm_alice, random);
    cq_olm_account_init(&olm_bob, random + 64);
    rnd(random, 64, 2);
    st = cq_olm_account_generate_one_time_keys(&olm_bob, 2, random);
    rnd(random, 64, 3);
    st |= cq_olm_session_outbound(&olm_a, &olm_alice, olm_bob.curve25519_public,
                                  olm_bob.one_time_keys[1].public_key, random);
    n = olm_send(&olm_a, m, sizeof m, "hello bob", 4);
    memcpy(olm_pre_key, m, n);
    olm_pre_key_len = n;
    /* Bob's session from a copy of his account: the original keeps the
     * one-time key for the inbound case below. */
    {
        cq_olm_account bob = olm_bob;

        st |= cq_olm_session_inbound(&olm_b, &bob, NULL, m, n, pt, sizeof pt, &len, NULL);
    }
    n = olm_send(&olm_b, m, sizeof m, "hello alice", 5);
    st |= cq_olm_session_decrypt(&olm_a, CQ_OLM_MESSAGE_NORMAL, m, n, pt, sizeof pt, &len, NULL);
    if (st != CLIQUET_OK) {
        wrong_results++;
    }
}

/*
 * Decrypts msg on a marked copy of *s and compares with an unmarked copy.
 * want_ok: whether it must decrypt.
 */
static void olm_decrypt_case(const char *name, const cq_olm_session *s,
                             const uint8_t *msg, size_t n, int want_ok)
{
    uint8_t ref[256], pt[256];
    size_t ref_len = 0, len = 0;
    cliquet_status ref_st, st;
    unsigned long errors;

    olm_ref = *s;
    ref_st = cq_olm_session_decrypt(&olm_ref, CQ_OLM_MESSAGE_NORMAL, msg, n, ref,
                                    sizeof ref, &ref_len, NULL);
    olm_work = *s;
    taint_session(&olm_work);
    begin(name);
    st = cq_olm_session_decrypt(&olm_work, CQ_OLM_MESSAGE_NORMAL, msg, n, pt, sizeof pt,
                                &len, NULL);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    if (st == CLIQUET_OK) {
        declassify_output(pt, len);
    } else {
        declassify(pt, sizeof pt);
    }
    declassify(&olm_work, sizeof olm_work);
    report(errors, st == ref_st && (st == CLIQUET_OK) == want_ok && len == ref_len &&
                       memcmp(pt, ref, len) == 0 &&
                       memcmp(&olm_work, &olm_ref, sizeof olm_work) == 0);
}

/*
 * A normal message on the sender's current chain whose plaintext is
 * `text` padded with pad_byte instead of PKCS#7 (0: proper padding), with
 * its correct MAC, made from the sender's unmarked state.
 */
static size_t olm_craft(uint8_t *out, size_t cap, const cq_olm_session *sender,
                        uint8_t pad_byte)
{
    static const uint8_t seed = CQ_OLM_MESSAGE_KEY_SEED;
    const cq_olm_sender_chain *c = &sender->ratchet.sender_chain;
    uint8_t mk[32], keys[CQ_OLM_CIPHER_KEYS_BYTES], mac[32], block[16], ct[16];
    cq_writer w;

    cq_hmac_sha256(mk, c->chain_key.key, 32, &seed, 1);
    (void)cq_hkdf_sha256(keys, sizeof keys, NULL, 0, mk, 32,
                         (const uint8_t *)CQ_OLM_INFO_KEYS, CQ_OLM_INFO_KEYS_LEN);
    memset(block, pad_byte, sizeof block);
    memcpy(block, "crafted", 7);
    cbc_reference(ct, keys, keys + 64, block, 16);
    cq_writer_init(&w, out, cap);
    cq_write_u8(&w, CQ_OLM_PROTOCOL_VERSION);
    cq_write_field_bytes(&w, CQ_OLM_TAG_RATCHET_KEY, c->ratchet_public, 32);
    cq_write_field_varint(&w, CQ_OLM_TAG_COUNTER, c->chain_key.index);
    cq_write_field_bytes(&w, CQ_OLM_TAG_CIPHERTEXT, ct, 16);
    cq_hmac_sha256(mac, keys + 32, 32, out, w.len);
    cq_write_bytes(&w, mac, CQ_OLM_MAC_BYTES);
    return w.len;
}

static void check_olm(void)
{
    uint8_t m1[256], m2[256], m3[256], m4[256], bad[256], random[32];
    size_t n1, n2, n3, n4, nb, len = 0;
    uint8_t pt[256];
    unsigned long errors;
    cliquet_status st, ref_st;
    int type, ok;

    olm_setup();
    /* Alice's new chain: m1 opens it for Bob, m2 follows on it. */
    n1 = olm_send(&olm_a, m1, sizeof m1, "on a new chain", 6);
    olm_decrypt_case("olm/decrypt/new-chain", &olm_b, m1, n1, 1);
    if (cq_olm_session_decrypt(&olm_b, CQ_OLM_MESSAGE_NORMAL, m1, n1, pt, sizeof pt,
                               &len, NULL) != CLIQUET_OK) {
        wrong_results++;
    }
    n2 = olm_send(&olm_a, m2, sizeof m2, "on a known chain", 7);
    olm_decrypt_case("olm/decrypt/ok", &olm_b, m2, n2, 1);
    memcpy(bad, m2, n2);
    bad[n2 - 1] ^= 1;
    olm_decrypt_case("olm/decrypt/bad-mac", &olm_b, bad, n2, 0);
    nb = olm_craft(bad, sizeof bad, &olm_a, 0x8c);
    olm_decrypt_case("olm/decrypt/bad-padding", &olm_b, bad, nb, 0);
    nb = olm_craft(bad, sizeof bad, &olm_a, 9);
    olm_decrypt_case("olm/decrypt/crafted-ok", &olm_b, bad, nb, 1);
    /* m4 first: m3's key is kept as a skipped key, then used. */
    n3 = olm_send(&olm_a, m3, sizeof m3, "late", 8);
    n4 = olm_send(&olm_a, m4, sizeof m4, "early", 9);
    if (cq_olm_session_decrypt(&olm_b, CQ_OLM_MESSAGE_NORMAL, m4, n4, pt, sizeof pt,
                               &len, NULL) != CLIQUET_OK) {
        wrong_results++;
    }
    olm_decrypt_case("olm/decrypt/skipped", &olm_b, m3, n3, 1);

    /* Encrypting: on a chain that exists, and with a new ratchet key. */
    olm_ref = olm_a;
    olm_work = olm_a;
    rnd(random, sizeof random, 10);
    ref_st = cq_olm_session_encrypt(&olm_ref, &type, m1, sizeof m1, &n1,
                                    (const uint8_t *)"text", 4, random);
    taint_session(&olm_work);
    begin("olm/encrypt");
    st = cq_olm_session_encrypt(&olm_work, &type, m2, sizeof m2, &n2,
                                (const uint8_t *)"text", 4, random);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&n2, sizeof n2);
    declassify_output(m2, n2);
    declassify(&olm_work, sizeof olm_work);
    report(errors, st == ref_st && st == CLIQUET_OK && n1 == n2 && memcmp(m1, m2, n1) == 0);

    /* Bob has received from Alice's newest chain: his next message makes a
     * new ratchet key from the random bytes, which are secret too. */
    olm_ref = olm_b;
    olm_work = olm_b;
    ok = cq_olm_ratchet_needs_random(&olm_b.ratchet);
    ref_st = cq_olm_session_encrypt(&olm_ref, &type, m1, sizeof m1, &n1,
                                    (const uint8_t *)"text", 4, random);
    taint_session(&olm_work);
    make_secret(random, sizeof random);
    begin("olm/encrypt/new-ratchet-key");
    st = cq_olm_session_encrypt(&olm_work, &type, m2, sizeof m2, &n2,
                                (const uint8_t *)"text", 4, random);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&n2, sizeof n2);
    declassify_output(m2, n2);
    declassify(&olm_work, sizeof olm_work);
    declassify(random, sizeof random);
    report(errors, ok && st == ref_st && st == CLIQUET_OK && n1 == n2 &&
                       memcmp(m1, m2, n1) == 0);
}

/* Bob's inbound session from Alice's pre-key message, his account marked. */
/*
 * unchecked: every one-time and fallback key of Bob's marked as read from a
 * libolm pickle, so that the inbound session checks the key pair it uses
 * (one more verdict).
 */
static void check_olm_inbound_case(const char *name, int unchecked)
{
    static cq_olm_account bob, bob_ref;
    static cq_olm_session s, s_ref;
    uint8_t pt[256], ref[256];
    size_t len = 0, ref_len = 0;
    cliquet_status st, ref_st;
    unsigned long errors;
    uint32_t i;

    bob_ref = olm_bob;
    for (i = 0; unchecked && i < bob_ref.num_one_time_keys; i++) {
        bob_ref.one_time_keys[i].unchecked = 1;
    }
    for (i = 0; unchecked && i < bob_ref.num_fallback_keys; i++) {
        bob_ref.fallback_keys[i].unchecked = 1;
    }
    bob = bob_ref;
    ref_st = cq_olm_session_inbound(&s_ref, &bob_ref, NULL, olm_pre_key, olm_pre_key_len,
                                    ref, sizeof ref, &ref_len, NULL);
    taint_account(&bob);
    begin(name);
    st = cq_olm_session_inbound(&s, &bob, NULL, olm_pre_key, olm_pre_key_len, pt,
                                sizeof pt, &len, NULL);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    declassify_output(pt, len);
    declassify(&s, sizeof s);
    declassify(&bob, sizeof bob);
    report(errors, st == ref_st && st == CLIQUET_OK && len == ref_len &&
                       memcmp(pt, ref, len) == 0 && memcmp(&s, &s_ref, sizeof s) == 0);
}

static void check_olm_inbound(void)
{
    check_olm_inbound_case("olm/inbound", 0);
    check_olm_inbound_case("olm/inbound/unchecked-key", 1);
}

/*
 * libolm's raw layouts. The struct is pickled with its secrets marked, so
 * the layout's bytes are undefined exactly where secrets are; unpickling
 * reads them back. Writing is checked as a case too.
 */
static uint8_t layout[16384];

static void check_olm_layouts(void)
{
    static cq_olm_account a, a_back;
    static cq_olm_session s_back;
    cq_writer w;
    size_t n;
    cliquet_status st;
    unsigned long errors;

    a = olm_bob;
    taint_account(&a);
    cq_writer_init(&w, layout, sizeof layout);
    begin("olm/account_pickle");
    cq_olm_account_pickle(&w, &a);
    errors = stop();
    n = w.len;
    report(errors, !w.overflow);
    begin("olm/account_unpickle");
    st = cq_olm_account_unpickle(&a_back, layout, n, 1);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(&a_back, sizeof a_back);
    declassify(layout, n);
    declassify(&a, sizeof a);
    report(errors, st == CLIQUET_OK &&
                       memcmp(a_back.curve25519_private, olm_bob.curve25519_private, 32) == 0 &&
                       memcmp(a_back.one_time_keys[0].private_key,
                              olm_bob.one_time_keys[0].private_key, 32) == 0);

    olm_work = olm_b;
    taint_session(&olm_work);
    cq_writer_init(&w, layout, sizeof layout);
    begin("olm/session_pickle");
    cq_olm_session_pickle(&w, &olm_work);
    errors = stop();
    n = w.len;
    report(errors, !w.overflow);
    begin("olm/session_unpickle");
    st = cq_olm_session_unpickle(&s_back, layout, n, NULL);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(&s_back.ratchet, sizeof s_back.ratchet);
    declassify(layout, n);
    declassify(&s_back, sizeof s_back);
    declassify(&olm_work, sizeof olm_work);
    report(errors, st == CLIQUET_OK &&
                       memcmp(&s_back.ratchet, &olm_b.ratchet, sizeof s_back.ratchet) == 0);
}

/* ---- Megolm ---------------------------------------------------------------------- */

static cq_megolm_outbound mg_out;
static cq_megolm_inbound mg_in, mg_work, mg_ref;

void taint_inbound(cq_megolm_inbound *s)
{
    make_secret(s->initial.data, sizeof s->initial.data);
    make_secret(s->latest.data, sizeof s->latest.data);
}

void taint_outbound(cq_megolm_outbound *s)
{
    make_secret(s->ratchet.data, sizeof s->ratchet.data);
    make_key_secret(&s->signing_key);
}

static void megolm_decrypt_case(const char *name, const uint8_t *msg, size_t n,
                                int want_ok)
{
    uint8_t ref[256], pt[256];
    size_t ref_len = 0, len = 0;
    uint32_t ref_index = 0, index = 0;
    cliquet_status ref_st, st;
    unsigned long errors;

    mg_ref = mg_in;
    ref_st = cq_megolm_inbound_decrypt(&mg_ref, ref, sizeof ref, &ref_len, &ref_index,
                                       msg, n);
    mg_work = mg_in;
    taint_inbound(&mg_work);
    begin(name);
    st = cq_megolm_inbound_decrypt(&mg_work, pt, sizeof pt, &len, &index, msg, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    if (st == CLIQUET_OK) {
        declassify_output(pt, len);
    } else {
        declassify(pt, sizeof pt);
    }
    declassify(&mg_work, sizeof mg_work);
    report(errors, st == ref_st && (st == CLIQUET_OK) == want_ok && len == ref_len &&
                       index == ref_index && memcmp(pt, ref, len) == 0 &&
                       memcmp(&mg_work, &mg_ref, sizeof mg_work) == 0);
}

/* The same decrypt through the replay record (replay.c, since 1.1), with
 * the record on and the ratchet marked: the record sees public data only. */
static void megolm_recorded_case(const uint8_t *msg, size_t n)
{
    uint8_t pt[256];
    size_t len = 0;
    uint32_t index = 0;
    cq_megolm_replay_verdict verdict = CQ_MEGOLM_REPLAY_OFF;
    static cq_megolm_replay record;
    cliquet_status st;
    unsigned long errors;

    mg_work = mg_in;
    memset(&record, 0, sizeof record);
    taint_inbound(&mg_work);
    begin("megolm/decrypt/recorded");
    st = cq_megolm_inbound_decrypt_recorded(&mg_work, &record, pt, sizeof pt, &len, &index,
                                            &verdict, msg, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    declassify(&verdict, sizeof verdict);
    if (st == CLIQUET_OK) {
        declassify_output(pt, len);
    }
    declassify(&mg_work, sizeof mg_work);
    report(errors, st == CLIQUET_OK && verdict == CQ_MEGOLM_REPLAY_FIRST_TIME);
}

/* A message at the outbound session's index whose plaintext block is
 * "crafted" padded with pad_byte, with its correct MAC and signature. */
static size_t megolm_craft(uint8_t *out, size_t cap, uint8_t pad_byte)
{
    uint8_t keys[CQ_MEGOLM_KDF_BYTES], mac[32], block[16], ct[16], sig[64];
    cq_writer w;

    (void)cq_hkdf_sha256(keys, sizeof keys, NULL, 0, mg_out.ratchet.data,
                         CQ_MEGOLM_RATCHET_BYTES, (const uint8_t *)CQ_MEGOLM_KDF_INFO,
                         CQ_MEGOLM_KDF_INFO_BYTES);
    memset(block, pad_byte, sizeof block);
    memcpy(block, "crafted", 7);
    cbc_reference(ct, keys, keys + 64, block, 16);
    cq_writer_init(&w, out, cap);
    cq_write_u8(&w, CQ_MEGOLM_MESSAGE_VERSION);
    cq_write_field_varint(&w, CQ_MEGOLM_INDEX_TAG, mg_out.ratchet.counter);
    cq_write_field_bytes(&w, CQ_MEGOLM_CIPHERTEXT_TAG, ct, 16);
    cq_hmac_sha256(mac, keys + 32, 32, out, w.len);
    cq_write_bytes(&w, mac, CQ_MEGOLM_MAC_BYTES);
    cq_ed25519_sign(sig, &mg_out.signing_key, out, w.len);
    cq_write_bytes(&w, sig, sizeof sig);
    return w.len;
}

static void check_megolm(void)
{
    static cq_megolm_outbound out_work, out_ref;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    uint8_t key[CQ_MEGOLM_SESSION_KEY_BYTES], key_ref[CQ_MEGOLM_SESSION_KEY_BYTES];
    char text[CQ_MEGOLM_SESSION_KEY_BYTES * 2], text_ref[CQ_MEGOLM_SESSION_KEY_BYTES * 2];
    uint8_t m[256], ref[256], bad[256];
    size_t n = 0, ref_n = 0, nb, text_len;
    cliquet_status st, ref_st;
    unsigned long errors;

    rnd(random, sizeof random, 20);
    cq_megolm_outbound_init(&mg_out, random);
    cq_megolm_outbound_session_key(key, &mg_out);
    if (cq_megolm_inbound_from_session_key(&mg_in, key, sizeof key) != CLIQUET_OK) {
        wrong_results++;
    }

    /* The session key and its base64 (shared over Olm: secret). */
    out_work = mg_out;
    taint_outbound(&out_work);
    cq_megolm_outbound_session_key(key_ref, &mg_out);
    cq_base64_encode(text_ref, key_ref, sizeof key_ref);
    text_len = cq_base64_encoded_len(sizeof key);
    begin("megolm/session_key_base64");
    cq_megolm_outbound_session_key(key, &out_work);
    cq_base64_encode(text, key, sizeof key);
    errors = stop();
    declassify_output(text, text_len);
    declassify(key, sizeof key);
    report(errors, memcmp(text, text_ref, text_len) == 0);

    /* Encrypting advances the ratchet and signs. */
    out_ref = mg_out;
    ref_st = cq_megolm_outbound_encrypt(&out_ref, ref, sizeof ref, &ref_n,
                                        (const uint8_t *)"group text", 10);
    out_work = mg_out;
    taint_outbound(&out_work);
    begin("megolm/encrypt");
    st = cq_megolm_outbound_encrypt(&out_work, m, sizeof m, &n,
                                    (const uint8_t *)"group text", 10);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&n, sizeof n);
    declassify_output(m, n);
    declassify(&out_work, sizeof out_work);
    report(errors, st == ref_st && st == CLIQUET_OK && n == ref_n &&
                       memcmp(m, ref, n) == 0);

    megolm_decrypt_case("megolm/decrypt/ok", ref, ref_n, 1);
    megolm_recorded_case(ref, ref_n);
    memcpy(bad, ref, ref_n);
    bad[ref_n - 65] ^= 1; /* the last MAC byte; then re-sign */
    cq_ed25519_sign(bad + ref_n - 64, &mg_out.signing_key, bad, ref_n - 64);
    megolm_decrypt_case("megolm/decrypt/bad-mac", bad, ref_n, 0);
    mg_out = out_ref; /* index 1 */
    nb = megolm_craft(bad, sizeof bad, 0x8c);
    megolm_decrypt_case("megolm/decrypt/bad-padding", bad, nb, 0);
    nb = megolm_craft(bad, sizeof bad, 9);
    megolm_decrypt_case("megolm/decrypt/crafted-ok", bad, nb, 1);
    /* Far ahead: the ratchet advances over 2^24 + 3 indices. */
    cq_megolm_ratchet_advance_to(&mg_out.ratchet, (1u << 24) + 3);
    nb = megolm_craft(bad, sizeof bad, 9);
    megolm_decrypt_case("megolm/decrypt/far-ahead", bad, nb, 1);
}

/* An export's base64 text with the characters that carry only ratchet
 * bits marked, decoded and imported. */
static void check_megolm_import(void)
{
    static cq_megolm_inbound s, s_ref;
    uint8_t raw[CQ_MEGOLM_EXPORT_BYTES], back[CQ_MEGOLM_EXPORT_BYTES];
    char text[CQ_MEGOLM_EXPORT_BYTES * 2];
    size_t text_len = cq_base64_encoded_len(sizeof raw), back_len = 0;
    /* Ratchet bits are 40 .. 1063; characters carry 6 bits each. */
    const size_t first = (40 + 5) / 6, last = 1064 / 6 - 1;
    cliquet_status st, import_st, ref_st;
    unsigned long errors;

    if (cq_megolm_inbound_export(raw, &mg_in, mg_in.initial.counter) != CLIQUET_OK) {
        wrong_results++;
    }
    cq_base64_encode(text, raw, sizeof raw);
    ref_st = cq_megolm_inbound_import(&s_ref, raw, sizeof raw);
    make_secret(text + first, last - first + 1);
    /* Both calls unconditionally: a branch on the decoder's (marked)
     * status here would be the harness's, not the library's. */
    begin("megolm/import_base64");
    st = cq_base64_decode(back, sizeof back, &back_len, text, text_len);
    import_st = cq_megolm_inbound_import(&s, back, sizeof back);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&import_st, sizeof import_st);
    st = st == CLIQUET_OK ? import_st : st;
    declassify(&back_len, sizeof back_len);
    declassify_output(&s.initial.data, sizeof s.initial.data);
    declassify(&s, sizeof s);
    declassify(back, sizeof back);
    declassify(text, text_len);
    report(errors, st == ref_st && st == CLIQUET_OK && memcmp(&s, &s_ref, sizeof s) == 0);
}

static void check_megolm_layout(void)
{
    static cq_megolm_inbound back;
    cq_writer w;
    cq_reader r;
    cliquet_status st;
    unsigned long errors;

    mg_work = mg_in;
    taint_inbound(&mg_work);
    cq_writer_init(&w, layout, sizeof layout);
    cq_megolm_inbound_pickle(&w, &mg_work);
    cq_reader_init(&r, layout, w.len);
    begin("megolm/inbound_unpickle");
    st = cq_megolm_inbound_unpickle(&back, &r);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(&back.initial.data, sizeof back.initial.data);
    declassify(&back, sizeof back);
    declassify(layout, w.len);
    report(errors, st == CLIQUET_OK &&
                       memcmp(back.initial.data, mg_in.initial.data, 128) == 0 &&
                       memcmp(back.latest.data, mg_in.latest.data, 128) == 0);
}

/* ---- PK ------------------------------------------------------------------------------- */

static void pk_decrypt_case(const char *name, const cq_pk_decryption *d,
                            const uint8_t eph[32], const uint8_t mac[8],
                            const uint8_t *ct, size_t n, int want_ok)
{
    cq_pk_decryption key = *d;
    uint8_t ref[128], pt[128];
    size_t ref_len = 0, len = 0;
    cliquet_status ref_st, st;
    unsigned long errors;

    ref_st = cq_pk_decrypt_legacy(ref, &ref_len, d, eph, mac, ct, n);
    make_secret(key.private_key, sizeof key.private_key);
    begin(name);
    st = cq_pk_decrypt_legacy(pt, &len, &key, eph, mac, ct, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    if (st == CLIQUET_OK) {
        declassify_output(pt, len);
    } else {
        declassify(pt, sizeof pt);
    }
    declassify(&key, sizeof key);
    report(errors, st == ref_st && (st == CLIQUET_OK) == want_ok && len == ref_len &&
                       memcmp(pt, ref, len) == 0);
}

static void check_pk(void)
{
    static const uint8_t text[] = "a session key of twenty"; /* 23 bytes: 2 blocks */
    cq_pk_decryption d, back;
    uint8_t priv[32], random[32], ct[32], bad[32], mac[8], bad_mac[8], eph[32];
    cq_writer w;
    cq_reader r;
    cliquet_status st;
    unsigned long errors;

    rnd(priv, sizeof priv, 30);
    rnd(random, sizeof random, 31);
    cq_pk_decryption_from_private(&d, priv);
    if (cq_pk_encrypt_legacy(ct, mac, eph, d.public_key, text, sizeof text - 1, random) !=
        CLIQUET_OK) {
        wrong_results++;
    }
    pk_decrypt_case("pk/decrypt/ok", &d, eph, mac, ct, sizeof ct, 1);
    memcpy(bad_mac, mac, sizeof mac);
    bad_mac[7] ^= 1;
    pk_decrypt_case("pk/decrypt/bad-mac", &d, eph, bad_mac, ct, sizeof ct, 0);
    /* The MAC does not cover the ciphertext: flipping the first block's
     * last byte turns the padding byte 9 into 0x89. */
    memcpy(bad, ct, sizeof ct);
    bad[15] ^= 0x80;
    pk_decrypt_case("pk/decrypt/bad-padding", &d, eph, mac, bad, sizeof bad, 0);

    make_secret(d.private_key, sizeof d.private_key);
    cq_writer_init(&w, layout, sizeof layout);
    cq_pk_decryption_pickle_write(&w, &d);
    cq_reader_init(&r, layout, w.len);
    begin("pk/unpickle");
    st = cq_pk_decryption_pickle_read(&back, &r);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(back.private_key, sizeof back.private_key);
    declassify(&back, sizeof back);
    declassify(&d, sizeof d);
    declassify(layout, w.len);
    report(errors, st == CLIQUET_OK && memcmp(back.private_key, priv, 32) == 0);
}

/* ---- pickle envelopes ------------------------------------------------------------------ */

static void check_pickle_native(void)
{
    static const uint8_t payload[] = "the fields of an object, secret";
    uint8_t key[32], other[32], nonce[CQ_PICKLE_NONCE_BYTES];
    uint8_t work[256];
    char text[512];
    size_t n = cq_pickle_native_text_len(sizeof payload), len = 0;
    const uint8_t *out = NULL;
    cliquet_status st;
    unsigned long errors;

    rnd(key, sizeof key, 40);
    rnd(other, sizeof other, 41);
    rnd(nonce, sizeof nonce, 42);
    cq_pickle_native_write(text, work, CQ_PICKLE_TYPE_ACCOUNT, key, nonce, payload,
                           sizeof payload);
    make_secret(key, sizeof key);
    begin("pickle/native/open");
    st = cq_pickle_native_read(&out, &len, work, sizeof work, CQ_PICKLE_TYPE_ACCOUNT, key,
                               text, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    declassify(&out, sizeof out);
    if (st == CLIQUET_OK) {
        declassify_output(out, len);
    }
    declassify(work, sizeof work);
    report(errors, st == CLIQUET_OK && len == sizeof payload &&
                       memcmp(out, payload, len) == 0);

    make_secret(other, sizeof other);
    begin("pickle/native/bad-key");
    st = cq_pickle_native_read(&out, &len, work, sizeof work, CQ_PICKLE_TYPE_ACCOUNT, other,
                               text, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(work, sizeof work);
    report(errors, st == CLIQUET_ERR_PICKLE_BAD_KEY);
}

static void check_pickle_libolm(void)
{
    static const uint8_t raw[] = "libolm's raw layout, secret fields";
    uint8_t key[32], work[256];
    char text[512];
    size_t n = cq_pickle_libolm_text_len(sizeof raw), len = 0;
    cliquet_status st;
    unsigned long errors;

    rnd(key, sizeof key, 43);
    cq_pickle_libolm_write(text, work, key, sizeof key, raw, sizeof raw);
    make_secret(key, sizeof key);
    begin("pickle/libolm/open");
    st = cq_pickle_libolm_read(&len, work, sizeof work, key, sizeof key, text, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&len, sizeof len);
    if (st == CLIQUET_OK) {
        declassify_output(work, len);
    }
    declassify(work, sizeof work);
    report(errors, st == CLIQUET_OK && len == sizeof raw && memcmp(work, raw, len) == 0);

    /* A changed last character: the MAC fails (libolm's format cannot tell
     * a wrong key from a changed pickle). */
    text[n - 2] = text[n - 2] == 'A' ? 'B' : 'A';
    begin("pickle/libolm/bad-mac");
    st = cq_pickle_libolm_read(&len, work, sizeof work, key, sizeof key, text, n);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(work, sizeof work);
    declassify(key, sizeof key);
    report(errors, st == CLIQUET_ERR_PICKLE_BAD_KEY);
}

/* ---- the ECIES channel (lib/ecies) ------------------------------------------------- */

/* Comparing inbound sessions (merge.c): the ratchets secret. */
static void check_megolm_compare(void)
{
    cq_megolm_inbound a, b;
    uint8_t data[CQ_MEGOLM_RATCHET_BYTES];
    cq_megolm_ordering got;
    unsigned long errors;

    rnd(data, sizeof data, 43);
    memset(&a, 0, sizeof a);
    cq_megolm_ratchet_init(&a.initial, data, 3);
    a.latest = a.initial;
    memset(a.signing_key, 0x11, sizeof a.signing_key);
    b = a;
    cq_megolm_ratchet_advance_to(&b.initial, 40);
    b.latest = b.initial;
    make_secret(a.initial.data, sizeof a.initial.data);
    make_secret(a.latest.data, sizeof a.latest.data);
    make_secret(b.initial.data, sizeof b.initial.data);
    make_secret(b.latest.data, sizeof b.latest.data);
    begin("megolm/compare-connected");
    got = cq_megolm_inbound_compare(&a, &b);
    errors = stop();
    declassify(&got, sizeof got);
    report(errors, got == CQ_MEGOLM_BETTER);
    declassify(&a, sizeof a);
    declassify(&b, sizeof b);
}

/* HKDF-SHA-512 with a secret input key (the X25519 result in lib/ecies). */
static void check_hkdf_sha512(void)
{
    static const uint8_t info[] = "MATRIX_QR_CODE_LOGIN_CHECKCODE|G|S";
    uint8_t ikm[32], ref[80], out[80];
    unsigned long errors;
    int rc;

    rnd(ikm, sizeof ikm, 40);
    rc = cq_hkdf_sha512(ref, sizeof ref, NULL, 0, ikm, sizeof ikm, info, sizeof info - 1);
    make_secret(ikm, sizeof ikm);
    begin("ecies/hkdf-sha512-secret-ikm");
    rc |= cq_hkdf_sha512(out, sizeof out, NULL, 0, ikm, sizeof ikm, info, sizeof info - 1);
    errors = stop();
    declassify_output(out, sizeof out);
    declassify(&rc, sizeof rc);
    declassify(ikm, sizeof ikm);
    report(errors, rc == 0 && memcmp(out, ref, sizeof out) == 0);
}

/* Every secret of a channel state marked undefined. */
static void taint_ecies(cq_ecies *e)
{
    make_secret(e->private_key, sizeof e->private_key);
    make_secret(e->encryption_key, sizeof e->encryption_key);
    make_secret(e->decryption_key, sizeof e->decryption_key);
}

/* A decrypt of c by a copy of g (secret keys), expecting want. */
static void ecies_decrypt_case(const char *name, const cq_ecies *g, const uint8_t *c,
                               size_t n, cliquet_status want)
{
    cq_ecies work = *g;
    uint8_t m[64];
    cliquet_status st;
    unsigned long errors;

    taint_ecies(&work);
    begin(name);
    st = cq_ecies_decrypt(&work, m, c, n);
    errors = stop();
    declassify(&st, sizeof st);
    if (st == CLIQUET_OK) {
        declassify_output(m, n - CQ_ECIES_TAG_BYTES);
    }
    declassify(&work, sizeof work);
    report(errors, st == want);
}

static void check_ecies(void)
{
    static const uint8_t text[] = "a secret over the channel";
    cq_ecies g, s, ref, work;
    uint8_t rg[32], rs[32], c[sizeof text - 1 + 16], c2[sizeof c], bad[sizeof c];
    uint8_t c_ref[sizeof c];
    cliquet_status st;
    unsigned long errors;
    unsigned code;

    rnd(rg, sizeof rg, 41);
    rnd(rs, sizeof rs, 42);
    cq_ecies_init(&g, rg);
    cq_ecies_init(&s, rs);
    ref = s;
    if (cq_ecies_establish(&ref, CQ_ECIES_INITIATOR, g.public_key) != CLIQUET_OK) {
        wrong_results++;
    }

    /* Establishing: the private key secret, the peer's key public. */
    work = s;
    make_secret(work.private_key, sizeof work.private_key);
    begin("ecies/establish");
    st = cq_ecies_establish(&work, CQ_ECIES_INITIATOR, g.public_key);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(work.encryption_key, sizeof work.encryption_key);
    declassify(&work, sizeof work);
    report(errors, st == CLIQUET_OK && memcmp(&work, &ref, sizeof work) == 0);
    if (cq_ecies_establish(&g, CQ_ECIES_RECIPIENT, s.public_key) != CLIQUET_OK) {
        wrong_results++;
    }
    s = ref;

    /* Encrypting: keys and plaintext secret. */
    work = s;
    if (cq_ecies_encrypt(&work, c_ref, text, sizeof text - 1) != CLIQUET_OK) {
        wrong_results++;
    }
    work = s;
    memcpy(c, text, sizeof text - 1);
    taint_ecies(&work);
    make_secret(c, sizeof text - 1);
    begin("ecies/encrypt");
    st = cq_ecies_encrypt(&work, c, c, sizeof text - 1);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(c, sizeof c);
    declassify(&work, sizeof work);
    report(errors, st == CLIQUET_OK && memcmp(c, c_ref, sizeof c) == 0);
    s = work;
    if (cq_ecies_encrypt(&s, c2, text, sizeof text - 1) != CLIQUET_OK) {
        wrong_results++;
    }

    /* Decrypting: the good message, a forgery, the next one first. */
    ecies_decrypt_case("ecies/decrypt/ok", &g, c, sizeof c, CLIQUET_OK);
    memcpy(bad, c, sizeof bad);
    bad[3] ^= 1;
    ecies_decrypt_case("ecies/decrypt/bad-mac", &g, bad, sizeof bad,
                       CLIQUET_ERR_BAD_MESSAGE_MAC);
    ecies_decrypt_case("ecies/decrypt/out-of-order", &g, c2, sizeof c2,
                       CLIQUET_ERR_MESSAGE_OUT_OF_ORDER);

    /* The check code's digits, from the secret-derived bytes. */
    make_secret(g.check_code, sizeof g.check_code);
    begin("ecies/check-code-digits");
    code = cq_ecies_check_code_digits(g.check_code);
    errors = stop();
    declassify(&code, sizeof code);
    declassify(g.check_code, sizeof g.check_code);
    report(errors, code == (unsigned)(g.check_code[0] % 10) * 10 + g.check_code[1] % 10);
    cq_ecies_clear(&g);
    cq_ecies_clear(&s);
    cq_ecies_clear(&ref);
    cq_ecies_clear(&work);
}

/* ---- creating keys and sessions; SAS -------------------------------------------- */

/*
 * The calls that turn random bytes into secrets: a new account and its
 * one-time keys, an outbound Olm session (its base and first ratchet key,
 * and the 3DH with the account's private keys), a new Megolm session. The
 * random bytes are the secrets; every output key pair is compared with an
 * unmarked run.
 */
static void check_creation(void)
{
    static cq_olm_account acct, acct_ref, bob;
    static cq_olm_session sess, sess_ref;
    static cq_megolm_outbound group, group_ref;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES];
    cliquet_status st, ref_st;
    unsigned long errors;

    rnd(random, CQ_OLM_ACCOUNT_RANDOM_BYTES, 50);
    cq_olm_account_init(&acct_ref, random);
    make_secret(random, CQ_OLM_ACCOUNT_RANDOM_BYTES);
    begin("olm/account_new");
    cq_olm_account_init(&acct, random);
    errors = stop();
    declassify_output(acct.curve25519_private, sizeof acct.curve25519_private);
    declassify(&acct, sizeof acct);
    declassify(random, sizeof random);
    report(errors, memcmp(acct.curve25519_public, acct_ref.curve25519_public, 32) == 0 &&
                       memcmp(acct.ed25519.public_key, acct_ref.ed25519.public_key, 32) == 0);

    rnd(random, 2 * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES, 51);
    ref_st = cq_olm_account_generate_one_time_keys(&acct_ref, 2, random);
    make_secret(random, 2 * CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES);
    begin("olm/one_time_keys");
    st = cq_olm_account_generate_one_time_keys(&acct, 2, random);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(acct.one_time_keys[0].private_key, 32);
    declassify(&acct, sizeof acct);
    declassify(random, sizeof random);
    report(errors, st == ref_st && st == CLIQUET_OK &&
                       memcmp(acct.one_time_keys, acct_ref.one_time_keys,
                              2 * sizeof acct.one_time_keys[0]) == 0);

    /* Alice (acct, with her private keys marked) opens a session to Bob. */
    rnd(random, CQ_OLM_ACCOUNT_RANDOM_BYTES, 52);
    cq_olm_account_init(&bob, random);
    rnd(random, CQ_OLM_ONE_TIME_KEY_RANDOM_BYTES, 53);
    st = cq_olm_account_generate_one_time_keys(&bob, 1, random);
    rnd(random, CQ_OLM_OUTBOUND_RANDOM_BYTES, 54);
    ref_st = cq_olm_session_outbound(&sess_ref, &acct, bob.curve25519_public,
                                     bob.one_time_keys[0].public_key, random);
    taint_account(&acct);
    make_secret(random, CQ_OLM_OUTBOUND_RANDOM_BYTES);
    begin("olm/outbound");
    st |= cq_olm_session_outbound(&sess, &acct, bob.curve25519_public,
                                  bob.one_time_keys[0].public_key, random);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(sess.ratchet.root_key, sizeof sess.ratchet.root_key);
    declassify(&sess, sizeof sess);
    declassify(&acct, sizeof acct);
    declassify(random, sizeof random);
    report(errors, st == ref_st && st == CLIQUET_OK &&
                       memcmp(&sess, &sess_ref, sizeof sess) == 0);

    rnd(random, sizeof random, 55);
    cq_megolm_outbound_init(&group_ref, random);
    make_secret(random, sizeof random);
    begin("megolm/outbound_new");
    cq_megolm_outbound_init(&group, random);
    errors = stop();
    declassify_output(group.ratchet.data, sizeof group.ratchet.data);
    declassify(&group, sizeof group);
    declassify(random, sizeof random);
    report(errors, memcmp(&group, &group_ref, sizeof group) == 0);
}

/*
 * SAS: the ephemeral key pair, the shared secret with the peer's key, the
 * SAS bytes and both MACs (the MAC key is secret; the MAC is sent).
 */
static void check_sas(void)
{
    static const uint8_t info[] = "MATRIX_KEY_VERIFICATION_SAS|@a:b|A|key|@c:d|C|key|txn";
    static const uint8_t msg[] = "ed25519:DEVICEID";
    static cq_sas ours, ours_ref, theirs;
    uint8_t random[CQ_SAS_KEY_BYTES];
    uint8_t out[64], ref_out[64];
    cliquet_status st, ref_st;
    unsigned long errors;

    rnd(random, sizeof random, 60);
    cq_sas_init(&theirs, random);
    rnd(random, sizeof random, 61);
    cq_sas_init(&ours_ref, random);
    make_secret(random, sizeof random);
    begin("sas/new");
    cq_sas_init(&ours, random);
    errors = stop();
    declassify_output(ours.private_key, sizeof ours.private_key);
    declassify(&ours, sizeof ours);
    declassify(random, sizeof random);
    report(errors, memcmp(ours.public_key, ours_ref.public_key, 32) == 0);

    ref_st = cq_sas_set_their_key(&ours_ref, theirs.public_key);
    make_secret(ours.private_key, sizeof ours.private_key);
    begin("sas/set_their_key");
    st = cq_sas_set_their_key(&ours, theirs.public_key);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(ours.shared, sizeof ours.shared);
    declassify(&ours, sizeof ours);
    report(errors, st == ref_st && st == CLIQUET_OK &&
                       memcmp(ours.shared, ours_ref.shared, sizeof ours.shared) == 0);

    ref_st = cq_sas_generate_bytes(&ours_ref, ref_out, 6, info, sizeof info - 1);
    make_secret(ours.shared, sizeof ours.shared);
    begin("sas/generate_bytes");
    st = cq_sas_generate_bytes(&ours, out, 6, info, sizeof info - 1);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(out, 6);
    declassify(&ours, sizeof ours);
    report(errors, st == ref_st && st == CLIQUET_OK && memcmp(out, ref_out, 6) == 0);

    ref_st = cq_sas_mac(&ours_ref, ref_out, msg, sizeof msg - 1, info, sizeof info - 1);
    make_secret(ours.shared, sizeof ours.shared);
    begin("sas/mac");
    st = cq_sas_mac(&ours, out, msg, sizeof msg - 1, info, sizeof info - 1);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(out, CQ_SAS_MAC_BYTES);
    declassify(&ours, sizeof ours);
    report(errors, st == ref_st && st == CLIQUET_OK &&
                       memcmp(out, ref_out, CQ_SAS_MAC_BYTES) == 0);

    ref_st = cq_sas_mac_long_kdf(&ours_ref, ref_out, msg, sizeof msg - 1, info,
                                 sizeof info - 1);
    make_secret(ours.shared, sizeof ours.shared);
    begin("sas/mac_long_kdf");
    st = cq_sas_mac_long_kdf(&ours, out, msg, sizeof msg - 1, info, sizeof info - 1);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(out, CQ_SAS_MAC_BYTES);
    declassify(&ours, sizeof ours);
    report(errors, st == ref_st && st == CLIQUET_OK &&
                       memcmp(out, ref_out, CQ_SAS_MAC_BYTES) == 0);
}

/* ---- Olm and Megolm v2: the full 32-byte MAC (since 1.2) -------------------- */

/*
 * vodozemac's SessionConfig version 2 (docs/session-config.md): the same
 * decrypt paths with a 32-byte MAC compared (cq_ct_memcmp over 32 bytes)
 * and written. A message of the other config is refused by the parser,
 * on its public version byte, before any key is touched.
 */
static void check_v2(void)
{
    static cq_olm_account alice, bob;
    static cq_olm_session a, b;
    static cq_megolm_outbound out_work, out_ref;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES], key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t m[256], ref[256], bad[256], pt[256];
    size_t n, ref_n = 0, len = 0;
    cliquet_status st = CLIQUET_OK, ref_st;
    unsigned long errors;

    /* An Olm v2 pair, Bob's answer read by Alice: both have chains. */
    rnd(random, 128, 60);
    cq_olm_account_init(&alice, random);
    cq_olm_account_init(&bob, random + 64);
    rnd(random, 32, 61);
    st |= cq_olm_account_generate_one_time_keys(&bob, 1, random);
    rnd(random, 64, 62);
    st |= cq_olm_session_outbound_v(&a, &alice, bob.curve25519_public,
                                    bob.one_time_keys[0].public_key, random, 1);
    n = olm_send(&a, m, sizeof m, "v2 hello", 63);
    st |= cq_olm_session_inbound_v(&b, &bob, NULL, m, n, pt, sizeof pt, &len, NULL, 1);
    n = olm_send(&b, m, sizeof m, "v2 answer", 64);
    st |= cq_olm_session_decrypt(&a, CQ_OLM_MESSAGE_NORMAL, m, n, pt, sizeof pt, &len, NULL);
    n = olm_send(&b, m, sizeof m, "v2 on a known chain", 65);
    olm_decrypt_case("olm/v2/decrypt/ok", &a, m, n, 1);
    memcpy(bad, m, n);
    bad[n - 12] ^= 1; /* a MAC byte past the 8 that version 1 keeps */
    olm_decrypt_case("olm/v2/decrypt/bad-mac", &a, bad, n, 0);
    bad[n - 12] ^= 1;
    bad[0] = CQ_OLM_PROTOCOL_VERSION;
    olm_decrypt_case("olm/v2/decrypt/other-config", &a, bad, n, 0);

    /* Megolm v2: encrypt (the full MAC written), decrypt, a MAC byte
     * changed and the message signed again, a relabelled message. */
    rnd(random, sizeof random, 66);
    cq_megolm_outbound_init(&mg_out, random);
    mg_out.full_mac = 1;
    cq_megolm_outbound_session_key(key, &mg_out);
    st |= cq_megolm_inbound_from_session_key(&mg_in, key, sizeof key);
    mg_in.full_mac = 1;
    if (st != CLIQUET_OK) {
        wrong_results++;
    }
    out_ref = mg_out;
    ref_st = cq_megolm_outbound_encrypt(&out_ref, ref, sizeof ref, &ref_n,
                                        (const uint8_t *)"v2 group text", 13);
    out_work = mg_out;
    taint_outbound(&out_work);
    begin("megolm/v2/encrypt");
    st = cq_megolm_outbound_encrypt(&out_work, m, sizeof m, &n,
                                    (const uint8_t *)"v2 group text", 13);
    errors = stop();
    declassify(&st, sizeof st);
    declassify(&n, sizeof n);
    declassify_output(m, n);
    declassify(&out_work, sizeof out_work);
    report(errors, st == ref_st && st == CLIQUET_OK && n == ref_n && memcmp(m, ref, n) == 0);
    megolm_decrypt_case("megolm/v2/decrypt/ok", ref, ref_n, 1);
    memcpy(bad, ref, ref_n);
    bad[ref_n - 64 - 12] ^= 1; /* a MAC byte past the first 8; then re-sign */
    cq_ed25519_sign(bad + ref_n - 64, &mg_out.signing_key, bad, ref_n - 64);
    megolm_decrypt_case("megolm/v2/decrypt/bad-mac", bad, ref_n, 0);
    memcpy(bad, ref, ref_n);
    bad[0] = CQ_MEGOLM_MESSAGE_VERSION;
    megolm_decrypt_case("megolm/v2/decrypt/other-config", bad, ref_n, 0);
    cq_wipe(&a, sizeof a);
    cq_wipe(&b, sizeof b);
}

/* ---- dehydrated devices (lib/olm/dehydrated.c, since 1.2) -------------------- */

/*
 * An account with two one-time keys and a fallback key, its keys and the
 * dehydration key marked: dehydrating it (write and seal), opening the
 * sealed device with the key marked (the tag's verdicts; a wrong key: the
 * verdict only) and reading the plaintext with its private keys marked
 * (the version, the count and the flag are the format's public structure,
 * left unmarked: a reader branches on them by nature).
 */
static void check_dehydrated(void)
{
    static cq_olm_account acct, back;
    static uint8_t sealed[CQ_OLM_DEHYDRATED_MIN_BYTES + 3 * 32 + 16], plain[sizeof sealed];
    static uint8_t ref[sizeof sealed];
    uint8_t random[CQ_OLM_ACCOUNT_RANDOM_BYTES + 3 * 32], key[32], other[32], nonce[12];
    size_t n;
    cliquet_status st;
    unsigned long errors;

    rnd(random, sizeof random, 110);
    rnd(key, sizeof key, 111);
    rnd(other, sizeof other, 112);
    rnd(nonce, sizeof nonce, 113);
    cq_olm_account_init(&acct, random);
    (void)cq_olm_account_generate_one_time_keys(&acct, 2, random + 64);
    (void)cq_olm_account_generate_fallback_key(&acct, random + 128);
    n = cq_olm_dehydrated_len(&acct) + 16;
    (void)cq_olm_account_dehydrate(ref, &acct, key, nonce);

    taint_account(&acct);
    make_secret(key, sizeof key);
    begin("olm/dehydrate");
    st = cq_olm_account_dehydrate(sealed, &acct, key, nonce);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(sealed, n);
    report(errors, st == CLIQUET_OK && memcmp(sealed, ref, n) == 0);

    begin("olm/dehydrated/open");
    st = cq_olm_dehydrated_open(plain, sealed, n, key, nonce);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(plain, n - 16);
    report(errors, st == CLIQUET_OK);

    /* The private keys of the plaintext: the Curve25519 key, the seed, the
     * two one-time keys and the fallback key (after its flag byte). */
    make_secret(plain + 4, 64);
    make_secret(plain + 72, 64);
    make_secret(plain + 137, 32);
    begin("olm/dehydrated/read");
    st = cq_olm_dehydrated_read(&back, plain, n - 16);
    errors = stop();
    declassify(&st, sizeof st);
    declassify_output(back.curve25519_private, 32);
    declassify(&back, sizeof back);
    declassify(&acct, sizeof acct);
    report(errors, st == CLIQUET_OK &&
                       memcmp(back.curve25519_public, acct.curve25519_public, 32) == 0 &&
                       memcmp(back.fallback_keys[0].public_key,
                              acct.fallback_keys[0].public_key, 32) == 0);

    /* Last: libsodium zeroes the output of a refused decryption. */
    make_secret(other, sizeof other);
    begin("olm/dehydrated/bad-key");
    st = cq_olm_dehydrated_open(plain, sealed, n, other, nonce);
    errors = stop();
    declassify(&st, sizeof st);
    report(errors, st == CLIQUET_ERR_PICKLE_BAD_KEY);
    cq_wipe(plain, sizeof plain);
}

/* ---- ctzero: the protocol paths on the AES instructions (issue 20, item 6) ---- */

/*
 * Every protocol case that runs AES (Olm and Megolm decryption and
 * encryption, PK backups, libolm's pickle envelope) again with AES-NI
 * selected, under the names "aesni/<case>". The counts must equal the
 * bitsliced ones: the AES instructions take no branch and index no table.
 * Skipped as a group on a CPU without them (the ARMv8 instructions cannot
 * run under valgrind on this machine's x86-64 at all).
 */
static void run_protocols_aesni(void)
{
    if (cq_aes_select(CLIQUET_AES_HARDWARE) != CLIQUET_OK) {
        printf("skip aesni no AES instructions seen on this CPU\n");
        return;
    }
    case_prefix = "aesni";
    check_olm();
    check_olm_inbound();
    check_megolm();
    check_pk();
    check_pickle_libolm();
    check_v2();
    case_prefix = NULL;
    if (cq_aes_select(CLIQUET_AES_BITSLICED) != CLIQUET_OK) {
        wrong_results++;
    }
}

static void run_protocols(void)
{
    /* The bitsliced AES on every machine: the one with the most code. */
    if (cq_aes_select(CLIQUET_AES_BITSLICED) != CLIQUET_OK) {
        wrong_results++;
    }
    check_olm();
    check_olm_inbound();
    check_olm_layouts();
    check_megolm();
    check_megolm_import();
    check_megolm_layout();
    check_pk();
    check_pickle_native();
    check_pickle_libolm();
    check_megolm_compare();
    check_hkdf_sha512();
    check_ecies();
    check_creation();
    check_sas();
    check_v2();
    check_dehydrated();
    /* ctzero: issue 20, item 6. */
    check_api();
    run_protocols_aesni();
}

/* ---- the deliberately leaky functions ----------------------------------- */

/*
 * Neither is used by cliquet: they exist to show memcheck catches the two
 * kinds of leak this check is for, at every compiler and level run.sh uses.
 * The S-box is filled at run time so the compiler cannot fold the lookup.
 */
static uint8_t leaky_table[256];

static void leaky_sbox(uint8_t *block, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        block[i] = leaky_table[block[i]];
    }
}

static int leaky_memcmp(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return -1;
        }
    }
    return 0;
}

static void run_leak_sbox(void)
{
    uint8_t block[16];
    unsigned long errors;

    for (unsigned i = 0; i < 256; i++) {
        leaky_table[i] = (uint8_t)(i * 167u + 13u);
    }
    fill(block, sizeof block, 16);
    make_secret(block, sizeof block);
    begin("leak/sbox");
    leaky_sbox(block, sizeof block);
    errors = stop();
    declassify(block, sizeof block);
    report(errors, 1);
}

static void run_leak_memcmp(void)
{
    uint8_t a[16];
    uint8_t b[16];
    unsigned long errors;
    int verdict;

    fill(a, sizeof a, 17);
    memcpy(b, a, sizeof b);
    b[12] ^= 1;
    make_secret(a, sizeof a);
    make_secret(b, sizeof b);
    begin("leak/memcmp");
    verdict = leaky_memcmp(a, b, sizeof a);
    errors = stop();
    declassify(&verdict, sizeof verdict);
    report(errors, verdict == -1);
}

/* ---- main ----------------------------------------------------------------- */

/*
 * Defined only by test/ct/sha_standin.c, which replaces the SHA-NI
 * compression with portable C that valgrind can run (see check_sha):
 * linked into ct_check_standin, absent (NULL) from ct_check.
 */
__attribute__((weak)) int ct_sha_standin_linked(void);

/*
 * The hardware path's own code (sha256.c's buffering and padding, hash.c's
 * HMAC and HKDF over it) with the stand-in doing the compression.
 */
static int run_sha_standin(void)
{
    if (ct_sha_standin_linked == NULL || !ct_sha_standin_linked()) {
        fprintf(stderr, "ct_check: sha-standin needs test/ct/sha_standin.c linked in\n");
        return 0;
    }
    check_sha(CQ_SHA256_HARDWARE, "sha-standin");
    return 1;
}

static void run_primitives(void)
{
    check_memcmp();
    check_is_zero();
    check_sha(CQ_SHA256_HARDWARE, "sha-hw");
    check_sha(CQ_SHA256_LIBSODIUM, "sha-sodium");
    check_x25519_public();
    check_x25519_shared();
    check_x25519_low_order();
    check_ed25519_from_seed();
    check_ed25519_sign();
    check_ed25519_from_expanded();
    check_base64();
    check_aes(CLIQUET_AES_HARDWARE, "aes-hw");
    check_aes(CLIQUET_AES_BITSLICED, "aes-ct");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ct_check primitives|protocols|sha-standin|leak-sbox|leak-memcmp\n");
        return 2;
    }
    /* Outside valgrind every count would read 0: refuse to pretend. */
    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "ct_check: run me under valgrind (see test/ct/run.sh)\n");
        return 2;
    }
    if (cq_crypto_init() != 0) {
        fprintf(stderr, "ct_check: cannot start libsodium\n");
        return 2;
    }
    if (strcmp(argv[1], "primitives") == 0) {
        run_primitives();
    } else if (strcmp(argv[1], "protocols") == 0) {
        run_protocols();
    } else if (strcmp(argv[1], "sha-standin") == 0) {
        if (!run_sha_standin()) {
            return 2;
        }
    } else if (strcmp(argv[1], "leak-sbox") == 0) {
        run_leak_sbox();
    } else if (strcmp(argv[1], "leak-memcmp") == 0) {
        run_leak_memcmp();
    } else {
        fprintf(stderr, "ct_check: unknown mode %s\n", argv[1]);
        return 2;
    }
    /* run.sh requires this line: a crash before it fails the run. */
    printf("done %s\n", argv[1]);
    return wrong_results == 0 ? 0 : 1;
}
