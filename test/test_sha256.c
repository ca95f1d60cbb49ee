/*
 * SHA-256 (lib/crypto/sha256*.c) and the HMAC and HKDF built on it
 * (hash.c), on every path this CPU has: libsodium's always, the CPU's
 * SHA-256 instructions (SHA-NI, ARMv8 SHA-2) when present. NIST's CAVP
 * vectors (short and long messages, the Monte Carlo test), differential
 * runs against libsodium (SHA-256, HMAC) and OpenSSL (HKDF) at random
 * lengths up to 10,000 bytes fed in random pieces, the selection and its
 * test hook, and a check that nothing in lib/ hashes around the selector.
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * 64-bit file offsets and inode numbers on 32-bit targets too: without it,
 * readdir() on armhf fails with EOVERFLOW on a file system with large inode
 * numbers, and test_single_path would count no files.
 */
#define _FILE_OFFSET_BITS 64
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "cliquet.h"
#include "crypto/crypto.h"
#include "helpers/seed.h"
#include "helpers/util.h"

/* ---- the paths ------------------------------------------------------------ */

/* The implementations this machine can run, libsodium first. */
static cq_sha256_impl impls[2];
static size_t n_impls;

static void use_impl(cq_sha256_impl impl)
{
    assert_int_equal(cq_sha256_select(impl), CLIQUET_OK);
    assert_int_equal(cq_sha256_selected(), impl);
}

static const char *paths_tested(void)
{
    return n_impls == 2 ? "both paths" : "libsodium only (no SHA-256 instructions)";
}

static int group_setup(void **state)
{
    (void)state;
    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    cqt_seed_init("sha256");
    n_impls = 0;
    impls[n_impls++] = CQ_SHA256_LIBSODIUM;
    if (cq_sha256_hardware_available()) {
        impls[n_impls++] = CQ_SHA256_HARDWARE;
    }
    printf("sha256: paths tested: libsodium%s%s\n", n_impls == 2 ? ", " : "",
           n_impls == 2 ? cq_sha256_impl_name(CQ_SHA256_HARDWARE)
                        : " (no SHA-256 instructions on this CPU)");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    cq_sha256_init_selection();
    return 0;
}

/* ---- a strict reader of NIST's .rsp files ------------------------------------- */

/*
 * The SHAVS response format: "#" comment lines, blank lines, the "[L = 32]"
 * header, then "Name = value" lines (Len, Msg, MD; Seed, COUNT, MD for the
 * Monte Carlo test). Lines may end in CRLF, as NIST wrote them.
 */
typedef struct rsp {
    const char *path;
    FILE *f;
    char line[16384];
    unsigned long line_no;
    int saw_header;
} rsp;

static void rsp_open(rsp *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->f = fopen(path, "rb");
    if (r->f == NULL) {
        fail_msg("%s: cannot open (tests run from the repository root)", path);
    }
}

/*
 * The next "Name = value" line: 1 with *name and *value pointing into
 * r->line, 0 at the end of the file. Anything else fails the test.
 */
static int rsp_next(rsp *r, const char **name, const char **value)
{
    while (fgets(r->line, sizeof r->line, r->f) != NULL) {
        size_t n = strlen(r->line);
        char *eq;

        r->line_no++;
        if (n == sizeof r->line - 1 && r->line[n - 1] != '\n') {
            fail_msg("%s:%lu: line too long", r->path, r->line_no);
        }
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r')) {
            r->line[--n] = '\0';
        }
        if (n == 0 || r->line[0] == '#') {
            continue;
        }
        if (strcmp(r->line, "[L = 32]") == 0) {
            r->saw_header = 1;
            continue;
        }
        eq = strstr(r->line, " = ");
        if (eq == NULL || !r->saw_header) {
            fail_msg("%s:%lu: unexpected line \"%s\"", r->path, r->line_no, r->line);
        }
        *eq = '\0';
        *name = r->line;
        *value = eq + 3;
        return 1;
    }
    fclose(r->f);
    r->f = NULL;
    return 0;
}

static void rsp_expect(rsp *r, const char *name, const char *want)
{
    if (strcmp(name, want) != 0) {
        fail_msg("%s:%lu: expected %s, found %s", r->path, r->line_no, want, name);
    }
}

/* Decodes exactly n bytes of hex (either case) from value. */
static void rsp_hex(rsp *r, uint8_t *out, size_t n, const char *value)
{
    size_t i;

    if (strlen(value) != 2 * n) {
        fail_msg("%s:%lu: %zu hex digits, expected %zu", r->path, r->line_no,
                 strlen(value), 2 * n);
    }
    for (i = 0; i < n; i++) {
        unsigned b;

        if (sscanf(value + 2 * i, "%2x", &b) != 1) {
            fail_msg("%s:%lu: not hex", r->path, r->line_no);
        }
        out[i] = (uint8_t)b;
    }
}

/* ---- NIST CAVP ------------------------------------------------------------------ */

/* SHA-256 of msg fed in pieces of 1, 2, 3, ... bytes (every split). */
static void sha256_in_pieces(uint8_t out[32], const uint8_t *msg, size_t n)
{
    cq_sha256_ctx ctx;
    size_t done = 0;
    size_t piece = 1;

    cq_sha256_init(&ctx);
    while (done < n) {
        size_t take = n - done < piece ? n - done : piece;

        cq_sha256_update(&ctx, msg + done, take);
        done += take;
        piece = piece % 97 + 1;
    }
    cq_sha256_final(&ctx, out);
}

/*
 * Every case of a ShortMsg or LongMsg file, hashed at once and in pieces;
 * returns the number of cases.
 */
static unsigned long run_msg_file(const char *path)
{
    rsp r;
    const char *name;
    const char *value;
    unsigned long cases = 0;

    rsp_open(&r, path);
    while (rsp_next(&r, &name, &value)) {
        unsigned long bits;
        size_t n;
        uint8_t *msg;
        uint8_t want[32];
        uint8_t got[32];

        rsp_expect(&r, name, "Len");
        bits = strtoul(value, NULL, 10);
        if (bits % 8 != 0) {
            fail_msg("%s:%lu: not whole bytes", path, r.line_no);
        }
        n = bits / 8;
        msg = cqt_xmalloc(n > 0 ? n : 1);
        assert_true(rsp_next(&r, &name, &value));
        rsp_expect(&r, name, "Msg");
        /* Len = 0 is written with one zero byte, "Msg = 00". */
        rsp_hex(&r, msg, n > 0 ? n : 1, value);
        assert_true(rsp_next(&r, &name, &value));
        rsp_expect(&r, name, "MD");
        rsp_hex(&r, want, sizeof want, value);

        cq_sha256(got, msg, n);
        if (memcmp(got, want, 32) != 0) {
            fail_msg("%s: Len = %lu differs (%s)", path, bits,
                     cq_sha256_impl_name(cq_sha256_selected()));
        }
        sha256_in_pieces(got, msg, n);
        if (memcmp(got, want, 32) != 0) {
            fail_msg("%s: Len = %lu differs in pieces (%s)", path, bits,
                     cq_sha256_impl_name(cq_sha256_selected()));
        }
        free(msg);
        cases++;
    }
    return cases;
}

static void test_cavp_short_msg(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        assert_int_equal(run_msg_file("vectors/nist/SHA256ShortMsg.rsp"), 65);
    }
    printf("cavp SHA256ShortMsg: 65 cases on %s\n", paths_tested());
}

static void test_cavp_long_msg(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        assert_int_equal(run_msg_file("vectors/nist/SHA256LongMsg.rsp"), 64);
    }
    printf("cavp SHA256LongMsg: 64 cases on %s\n", paths_tested());
}

/*
 * SHAVS §6.4, the Monte Carlo test: from the seed, MD[0..2] = seed and
 * MD[i] = SHA-256(MD[i-3] || MD[i-2] || MD[i-1]) for i = 3..1002; MD[1002]
 * is the checkpoint and the next seed. 100 checkpoints.
 */
static unsigned long run_monte(void)
{
    rsp r;
    const char *name;
    const char *value;
    uint8_t seed[32];
    unsigned long count = 0;

    rsp_open(&r, "vectors/nist/SHA256Monte.rsp");
    assert_true(rsp_next(&r, &name, &value));
    rsp_expect(&r, name, "Seed");
    rsp_hex(&r, seed, sizeof seed, value);
    while (rsp_next(&r, &name, &value)) {
        uint8_t m[96];
        uint8_t want[32];
        int i;

        rsp_expect(&r, name, "COUNT");
        assert_int_equal(strtoul(value, NULL, 10), count);
        assert_true(rsp_next(&r, &name, &value));
        rsp_expect(&r, name, "MD");
        rsp_hex(&r, want, sizeof want, value);

        memcpy(m, seed, 32);
        memcpy(m + 32, seed, 32);
        memcpy(m + 64, seed, 32);
        for (i = 3; i <= 1002; i++) {
            uint8_t md[32];

            cq_sha256(md, m, sizeof m);
            memmove(m, m + 32, 64);
            memcpy(m + 64, md, 32);
        }
        memcpy(seed, m + 64, 32);
        if (memcmp(seed, want, 32) != 0) {
            fail_msg("SHA256Monte: COUNT = %lu differs (%s)", count,
                     cq_sha256_impl_name(cq_sha256_selected()));
        }
        count++;
    }
    return count;
}

static void test_cavp_monte(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        assert_int_equal(run_monte(), 100);
    }
    printf("cavp SHA256Monte: 100 checkpoints (100,000 hashes) on %s\n",
           paths_tested());
}

/* ---- differential runs ----------------------------------------------------------- */

#define MAX_LEN 10000
#define RANDOM_LENGTHS 600

/* SHA-256 of msg fed in random pieces of 0..200 bytes. */
static void sha256_random_pieces(uint8_t out[32], const uint8_t *msg, size_t n)
{
    cq_sha256_ctx ctx;
    size_t done = 0;

    cq_sha256_init(&ctx);
    while (done < n) {
        size_t take = cqt_stream_below(201);

        if (take > n - done) {
            take = n - done;
        }
        cq_sha256_update(&ctx, msg + done, take);
        done += take;
    }
    cq_sha256_final(&ctx, out);
}

static void check_one_length(const uint8_t *msg, size_t n)
{
    uint8_t want[32];
    uint8_t got[32];

    crypto_hash_sha256(want, msg, n);
    cq_sha256(got, msg, n);
    if (memcmp(got, want, 32) != 0) {
        fail_msg("sha256 of %zu bytes differs from libsodium's (%s)", n,
                 cq_sha256_impl_name(cq_sha256_selected()));
    }
    sha256_random_pieces(got, msg, n);
    if (memcmp(got, want, 32) != 0) {
        fail_msg("sha256 of %zu bytes in pieces differs from libsodium's (%s)",
                 n, cq_sha256_impl_name(cq_sha256_selected()));
    }
}

/*
 * Every length 0..300 (each padding case twice over), then random lengths
 * up to 10,000, each at once and in random pieces, against libsodium's
 * crypto_hash_sha256 called directly.
 */
static void test_sha256_against_libsodium(void **state)
{
    uint8_t *msg = cqt_xmalloc(MAX_LEN);
    unsigned long cases = 0;
    size_t i;
    size_t n;
    int k;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        for (n = 0; n <= 300; n++) {
            cqt_stream(msg, n);
            check_one_length(msg, n);
            cases++;
        }
        for (k = 0; k < RANDOM_LENGTHS; k++) {
            n = cqt_stream_below(MAX_LEN + 1);
            cqt_stream(msg, n);
            check_one_length(msg, n);
            cases++;
        }
    }
    free(msg);
    printf("sha256 vs libsodium: %lu messages of 0..%d bytes, at once and in "
           "random pieces, on %s\n", cases, MAX_LEN, paths_tested());
}

/*
 * HMAC-SHA-256 against libsodium's own (crypto_auth_hmacsha256_*, any key
 * length): keys of 0..200 bytes (past the 64-byte block, where the key is
 * hashed first), messages up to 10,000 bytes.
 */
static void test_hmac_against_libsodium(void **state)
{
    uint8_t *msg = cqt_xmalloc(MAX_LEN);
    uint8_t key[200];
    unsigned long cases = 0;
    size_t i;
    int k;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        for (k = 0; k < 400; k++) {
            size_t key_len = cqt_stream_below(sizeof key + 1);
            size_t n = k < 200 ? (size_t)k : cqt_stream_below(MAX_LEN + 1);
            crypto_auth_hmacsha256_state st;
            uint8_t want[32];
            uint8_t got[32];

            cqt_stream(key, key_len);
            cqt_stream(msg, n);
            crypto_auth_hmacsha256_init(&st, key, key_len);
            crypto_auth_hmacsha256_update(&st, msg, n);
            crypto_auth_hmacsha256_final(&st, want);
            cq_hmac_sha256(got, key, key_len, msg, n);
            if (memcmp(got, want, 32) != 0) {
                fail_msg("hmac-sha256 (key %zu, message %zu bytes) differs "
                         "from libsodium's (%s)", key_len, n,
                         cq_sha256_impl_name(cq_sha256_selected()));
            }
            cases++;
        }
    }
    free(msg);
    printf("hmac-sha256 vs libsodium: %lu cases (keys 0..200, messages "
           "0..%d bytes) on %s\n", cases, MAX_LEN, paths_tested());
}

/* HKDF-SHA-256 by OpenSSL (RFC 5869, extract then expand). */
static void openssl_hkdf(uint8_t *out, size_t out_len, const uint8_t *salt,
                         size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                         const uint8_t *info, size_t info_len)
{
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    size_t len = out_len;

    assert_non_null(c);
    assert_int_equal(EVP_PKEY_derive_init(c), 1);
    assert_int_equal(EVP_PKEY_CTX_set_hkdf_md(c, EVP_sha256()), 1);
    if (salt_len > 0) {
        assert_int_equal(EVP_PKEY_CTX_set1_hkdf_salt(c, salt, (int)salt_len), 1);
    }
    assert_int_equal(EVP_PKEY_CTX_set1_hkdf_key(c, ikm, (int)ikm_len), 1);
    if (info_len > 0) {
        assert_int_equal(EVP_PKEY_CTX_add1_hkdf_info(c, info, (int)info_len), 1);
    }
    assert_int_equal(EVP_PKEY_derive(c, out, &len), 1);
    assert_int_equal(len, out_len);
    EVP_PKEY_CTX_free(c);
}

/* HKDF-SHA-256 against OpenSSL: salts, keys and infos of random lengths
 * (empty included), outputs up to 1,000 bytes (32 blocks). */
static void test_hkdf_against_openssl(void **state)
{
    uint8_t salt[80];
    uint8_t ikm[120];
    uint8_t info[100];
    uint8_t want[1000];
    uint8_t got[1000];
    unsigned long cases = 0;
    size_t i;
    int k;

    (void)state;
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        for (k = 0; k < 200; k++) {
            size_t salt_len = cqt_stream_below(sizeof salt + 1);
            size_t ikm_len = 1 + cqt_stream_below(sizeof ikm);
            size_t info_len = cqt_stream_below(sizeof info + 1);
            size_t out_len = 1 + cqt_stream_below(sizeof want);

            cqt_stream(salt, salt_len);
            cqt_stream(ikm, ikm_len);
            cqt_stream(info, info_len);
            openssl_hkdf(want, out_len, salt, salt_len, ikm, ikm_len, info,
                         info_len);
            assert_int_equal(cq_hkdf_sha256(got, out_len, salt, salt_len, ikm,
                                            ikm_len, info, info_len),
                             0);
            if (memcmp(got, want, out_len) != 0) {
                fail_msg("hkdf-sha256 (salt %zu, ikm %zu, info %zu, out %zu) "
                         "differs from openssl's (%s)", salt_len, ikm_len,
                         info_len, out_len,
                         cq_sha256_impl_name(cq_sha256_selected()));
            }
            cases++;
        }
    }
    printf("hkdf-sha256 vs openssl: %lu cases (outputs up to 1000 bytes) on %s\n",
           cases, paths_tested());
}

/* ---- computations, selection, wiping -------------------------------------------- */

/*
 * A computation stays on the path that started it when the selection
 * changes mid-way; a copied state finishes like the original; final
 * wipes the state.
 */
static void test_computation_keeps_its_path(void **state)
{
    uint8_t msg[300];
    uint8_t want[32];
    uint8_t got[32];
    uint8_t copy_out[32];
    cq_sha256_ctx ctx;
    cq_sha256_ctx copy;
    size_t i;
    size_t j;

    (void)state;
    cqt_stream(msg, sizeof msg);
    crypto_hash_sha256(want, msg, sizeof msg);
    for (i = 0; i < n_impls; i++) {
        use_impl(impls[i]);
        cq_sha256_init(&ctx);
        cq_sha256_update(&ctx, msg, 100);
        /* Switch to the other path (or stay, with one) mid-way. */
        use_impl(impls[(i + 1) % n_impls]);
        cq_sha256_update(&ctx, msg + 100, 100);
        copy = ctx;
        cq_sha256_update(&ctx, msg + 200, 100);
        cq_sha256_update(&copy, msg + 200, 100);
        cq_sha256_final(&ctx, got);
        cq_sha256_final(&copy, copy_out);
        assert_memory_equal(got, want, 32);
        assert_memory_equal(copy_out, want, 32);
        for (j = 0; j < sizeof ctx; j++) {
            assert_int_equal(((const uint8_t *)&ctx)[j], 0);
        }
    }
}

static void test_selection(void **state)
{
    (void)state;
    cq_sha256_init_selection();
    assert_int_equal(cq_sha256_selected(), cq_sha256_hardware_available()
                                               ? CQ_SHA256_HARDWARE
                                               : CQ_SHA256_LIBSODIUM);
    assert_int_equal(cq_sha256_select(CQ_SHA256_LIBSODIUM), CLIQUET_OK);
    assert_int_equal(cq_sha256_selected(), CQ_SHA256_LIBSODIUM);
    assert_string_equal(cq_sha256_impl_name(CQ_SHA256_LIBSODIUM), "libsodium");
    if (cq_sha256_hardware_available()) {
        assert_int_equal(cq_sha256_select(CQ_SHA256_HARDWARE), CLIQUET_OK);
        assert_int_equal(cq_sha256_selected(), CQ_SHA256_HARDWARE);
        assert_string_not_equal(cq_sha256_impl_name(CQ_SHA256_HARDWARE), "none");
    } else {
        assert_int_equal(cq_sha256_select(CQ_SHA256_HARDWARE),
                         CLIQUET_ERR_UNSUPPORTED);
        assert_int_equal(cq_sha256_selected(), CQ_SHA256_LIBSODIUM);
        assert_string_equal(cq_sha256_impl_name(CQ_SHA256_HARDWARE), "none");
    }
    assert_int_equal(cq_sha256_select((cq_sha256_impl)7),
                     CLIQUET_ERR_INVALID_ARGUMENT);
    cq_sha256_init_selection();
    printf("sha256 selection: %s by default; hardware select %s\n",
           cq_sha256_impl_name(cq_sha256_selected()),
           cq_sha256_hardware_available() ? "accepted" : "refused (unsupported)");
}

/* ---- one path in -------------------------------------------------------------- */

/*
 * Every SHA-256 in the library must go through the selector, or a use
 * would silently stay on libsodium's path: no file under lib/ but
 * sha256.c may name libsodium's SHA-256 or HMAC-SHA-256.
 */
static int file_mentions(const char *path, const char *word)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long n;
    int found;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    text = cqt_xmalloc((size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    text[n] = '\0';
    found = strstr(text, word) != NULL;
    free(text);
    return found;
}

static void test_single_path(void **state)
{
    static const char *const layers[] = { "lib/api", "lib/core", "lib/crypto",
                                          "lib/megolm", "lib/olm", "lib/pickle",
                                          "lib/pk", "lib/sas" };
    static const char *const words[] = { "crypto_hash_sha256",
                                         "crypto_auth_hmacsha256" };
    unsigned files = 0;
    size_t l;

    (void)state;
    for (l = 0; l < sizeof layers / sizeof layers[0]; l++) {
        DIR *d = opendir(layers[l]);
        struct dirent *e;

        assert_non_null(d);
        while ((e = readdir(d)) != NULL) {
            char path[512];
            size_t len = strlen(e->d_name);
            size_t w;

            if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0) {
                continue;
            }
            snprintf(path, sizeof path, "%s/%s", layers[l], e->d_name);
            files++;
            if (strcmp(path, "lib/crypto/sha256.c") == 0) {
                continue;
            }
            for (w = 0; w < sizeof words / sizeof words[0]; w++) {
                if (file_mentions(path, words[w])) {
                    fail_msg("%s calls libsodium's %s directly: use cq_sha256 / "
                             "cq_hmac_sha256 so the selected path runs",
                             path, words[w]);
                }
            }
        }
        closedir(d);
    }
    assert_true(files > 20);
    printf("sha256 single path: %u files under lib/, only sha256.c calls "
           "libsodium's SHA-256\n", files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cavp_short_msg),
        cmocka_unit_test(test_cavp_long_msg),
        cmocka_unit_test(test_cavp_monte),
        cmocka_unit_test(test_sha256_against_libsodium),
        cmocka_unit_test(test_hmac_against_libsodium),
        cmocka_unit_test(test_hkdf_against_openssl),
        cmocka_unit_test(test_computation_keeps_its_path),
        cmocka_unit_test(test_selection),
        cmocka_unit_test(test_single_path),
    };
    return cmocka_run_group_tests_name("sha256", tests, group_setup,
                                       group_teardown);
}
