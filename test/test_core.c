/*
 * lib/core and the library basics: strict unpadded base64, canonical
 * varints, the bounded reader and writer, the constant-time helpers,
 * status names, size constants and their function twins, cliquet_init()
 * and the version. Random tests print their seed and take one from
 * CLIQUET_SEED to replay.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "core/core.h"
#include "helpers/seed.h"
#include "helpers/vectors.h"

/* ---- reproducible randomness -------------------------------------------- */

static uint64_t rng_u64(void)
{
    uint8_t b[8];
    uint64_t v = 0;
    int i;

    cqt_stream(b, sizeof b);
    for (i = 0; i < 8; i++) {
        v = v << 8 | b[i];
    }
    return v;
}

static int setup(void **state)
{
    (void)state;
    /* No cliquet_init() yet: the first test checks what happens before it. */
    cqt_seed_init("test_core");
    return 0;
}

/* Reads a whole text file from the repository root; the caller frees. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long n;

    if (f == NULL) {
        fail_msg("cannot open %s (tests run from the repository root)", path);
    }
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* ---- library start-up and version ------------------------------------------ */

/* Runs first, before anything has called cliquet_init(). */
static void test_calls_before_init_refused(void **state)
{
    cliquet_aes_impl impl = (cliquet_aes_impl)77;

    (void)state;
    assert_int_equal(cliquet_aes_implementation(&impl), CLIQUET_ERR_NOT_INITIALISED);
    assert_int_equal(impl, 77);
}

static void *init_thread(void *arg)
{
    cliquet_status *st = arg;

    *st = cliquet_init();
    return NULL;
}

static void test_init_idempotent(void **state)
{
    pthread_t threads[8];
    cliquet_status st[8];
    cliquet_aes_impl impl;
    int i;

    (void)state;
    /* Concurrent first calls, then repeated ones: all succeed. */
    for (i = 0; i < 8; i++) {
        st[i] = (cliquet_status)-1;
        assert_int_equal(pthread_create(&threads[i], NULL, init_thread, &st[i]), 0);
    }
    for (i = 0; i < 8; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(st[i], CLIQUET_OK);
    }
    for (i = 0; i < 3; i++) {
        assert_int_equal(cliquet_init(), CLIQUET_OK);
    }
    assert_int_equal(cliquet_aes_implementation(NULL), CLIQUET_ERR_INVALID_ARGUMENT);
    assert_int_equal(cliquet_aes_implementation(&impl), CLIQUET_OK);
    assert_true(impl == CLIQUET_AES_BITSLICED || impl == CLIQUET_AES_HARDWARE);
}

static void test_version(void **state)
{
    unsigned major = 99, minor = 99, patch = 99;
    char text[64];
    char *makefile = read_text("Makefile");
    const char *line;

    (void)state;
    assert_int_equal(cliquet_version(&major, &minor, &patch), CLIQUET_OK);
    assert_int_equal(cliquet_version(NULL, NULL, NULL), CLIQUET_OK);
    assert_int_equal(cliquet_version(NULL, &minor, NULL), CLIQUET_OK);
    snprintf(text, sizeof text, "%u.%u.%u", major, minor, patch);
    assert_non_null(cliquet_version_string());
    assert_string_equal(cliquet_version_string(), text);
    /* The header's version: the same major version, the library no older. */
    snprintf(text, sizeof text, "%u.%u.%u", CLIQUET_VERSION_MAJOR, CLIQUET_VERSION_MINOR,
             CLIQUET_VERSION_PATCH);
    assert_string_equal(CLIQUET_VERSION_STRING, text);
    assert_int_equal(major, CLIQUET_VERSION_MAJOR);
    assert_true(minor > CLIQUET_VERSION_MINOR ||
                (minor == CLIQUET_VERSION_MINOR && patch + 1 > CLIQUET_VERSION_PATCH));
    snprintf(text, sizeof text, "%u.%u.%u", major, minor, patch);
    /* The library says the version the Makefile builds and installs. */
    line = strstr(makefile, "\nVERSION");
    assert_non_null(line);
    line = strstr(line, ":= ");
    assert_non_null(line);
    if (line[3] >= '0' && line[3] <= '9') {
        assert_int_equal(strncmp(line + 3, text, strlen(text)), 0);
        assert_int_equal(line[3 + strlen(text)], '\n');
    } else {
        /* The Makefile takes it from the header, which this library is. */
        static const char from_header[] =
            "$(shell sed -n 's/^\\#define CLIQUET_VERSION_STRING \"\\(.*\\)\"$$/\\1/p' "
            "include/cliquet.h)\n";

        assert_int_equal(strncmp(line + 3, from_header, strlen(from_header)), 0);
        assert_string_equal(text, CLIQUET_VERSION_STRING);
    }
    free(makefile);
}

/* ---- status names ------------------------------------------------------------ */

/*
 * Walks the enum in include/cliquet.h itself, so a status added there
 * without a name in cliquet_strerror() fails here.
 */
static void test_strerror_names_every_status(void **state)
{
    char *header = read_text("include/cliquet.h");
    char *start = strstr(header, "typedef enum cliquet_status {");
    char *end = start != NULL ? strstr(start, "} cliquet_status;") : NULL;
    char *line;
    long declared[256];
    size_t n = 0;
    long v;

    (void)state;
    assert_non_null(start);
    assert_non_null(end);
    *end = '\0';
    for (line = strtok(start, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char name[64];
        long value;
        size_t i;

        if (sscanf(line, " %63[A-Z0-9_] = %ld", name, &value) != 2) {
            continue;
        }
        assert_int_equal(strncmp(name, "CLIQUET_", 8), 0);
        for (i = 0; i < n; i++) {
            if (declared[i] == value) {
                fail_msg("%s repeats the value %ld", name, value);
            }
        }
        assert_true(n < 256);
        declared[n++] = value;
        if (strcmp(cliquet_strerror((cliquet_status)value), name) != 0) {
            fail_msg("cliquet_strerror(%ld) is \"%s\", not \"%s\"", value,
                     cliquet_strerror((cliquet_status)value), name);
        }
    }
    /* The enum has more than 30 codes today; a parse that found few is a
     * broken parse. */
    assert_true(n > 30);
    assert_int_equal(declared[0], 0);
    assert_string_equal(cliquet_strerror(CLIQUET_OK), "CLIQUET_OK");

    for (v = -3; v < 1000; v++) {
        size_t i;
        int known = 0;

        for (i = 0; i < n; i++) {
            known |= declared[i] == v;
        }
        if (!known) {
            assert_string_equal(cliquet_strerror((cliquet_status)v), "CLIQUET_ERR_UNKNOWN");
        }
    }
    assert_string_equal(cliquet_strerror((cliquet_status)INT_MAX), "CLIQUET_ERR_UNKNOWN");
    printf("cliquet_strerror: %zu statuses named, values -3..999 otherwise unknown\n", n);
    free(header);
}

/* ---- sizes --------------------------------------------------------------------- */

/* The shared library next to this test: $(BUILD)/test/x -> $(BUILD)/. */
static void *open_shared_library(void)
{
    char exe[PATH_MAX];
    char path[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    void *lib;

    assert_true(n > 0);
    exe[n] = '\0';
    snprintf(path, sizeof path, "%s/libcliquet.so.%d", dirname(dirname(exe)),
             CLIQUET_VERSION_MAJOR);
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fail_msg("cannot load %s (make lib builds it): %s", path, dlerror());
    }
    return lib;
}

/*
 * Every size constant in include/cliquet.h has a function twin exported by
 * the shared library (CLIQUET_X_BYTES and cliquet_x_bytes()) returning the
 * same value: bindings read sizes at run time. The header is read as text
 * so a constant added later is checked too.
 */
static void test_size_constants_match_twins(void **state)
{
    /* cliquet.h and, since ABI 1.0, the headers split out of it. */
    static const char *headers[] = { "include/cliquet.h", "include/cliquet_random.h",
                                     "include/cliquet_libolm.h" };
    void *lib = open_shared_library();
    char *header = NULL;
    char *line;
    size_t n = 0, h;

    (void)state;
    for (h = 0; h < sizeof headers / sizeof headers[0]; h++) {
        free(header);
        header = read_text(headers[h]);
        for (line = strtok(header, "\n"); line != NULL; line = strtok(NULL, "\n")) {
            char name[96];
            char twin[112];
            char value[32];
            unsigned long number;
            char *end;
            size_t (*fn)(void);
            size_t i;

            if (sscanf(line, "#define CLIQUET_%80[A-Z0-9_] %31s", name, value) != 2 ||
                strncmp(value, "__", 2) == 0) {
                continue; /* include guard, attribute macros */
            }
            /* Not sizes: the header's version (test_version checks it against
             * cliquet_version()) and the Olm message types, whose function
             * twins ABI 1.0 removed on purpose (checked below). */
            if (strncmp(name, "VERSION_", 8) == 0 || strncmp(name, "OLM_MESSAGE_", 12) == 0) {
                continue;
            }
            number = strtoul(value, &end, 10);
            if (*end != '\0' || value[0] < '0' || value[0] > '9') {
                fail_msg("CLIQUET_%s: value \"%s\" is not a decimal number", name, value);
            }
            snprintf(twin, sizeof twin, "cliquet_%s", name);
            for (i = 0; twin[i] != '\0'; i++) {
                if (twin[i] >= 'A' && twin[i] <= 'Z') {
                    twin[i] = (char)(twin[i] - 'A' + 'a');
                }
            }
            *(void **)&fn = dlsym(lib, twin);
            if (fn == NULL) {
                fail_msg("CLIQUET_%s has no exported twin %s()", name, twin);
            }
            if (fn() != number) {
                fail_msg("%s() returns %zu, CLIQUET_%s is %lu", twin, fn(), name, number);
            }
            n++;
        }
    }
    printf("sizes: %zu constants in cliquet.h, cliquet_random.h and cliquet_libolm.h, each "
           "equal to its exported twin\n", n);
    assert_true(n >= 6 + 8);
    /* The Olm message types are Matrix's m.olm.v1 "type" values; ABI 1.0
     * dropped their function twins. */
    assert_int_equal(CLIQUET_OLM_MESSAGE_PRE_KEY, 0);
    assert_int_equal(CLIQUET_OLM_MESSAGE_NORMAL, 1);
    assert_null(dlsym(lib, "cliquet_olm_message_pre_key"));
    assert_null(dlsym(lib, "cliquet_olm_message_normal"));
    dlclose(lib);
    free(header);

    /* The same through the static library, and what the values mean. */
    assert_int_equal(cliquet_curve25519_key_bytes(), CLIQUET_CURVE25519_KEY_BYTES);
    assert_int_equal(cliquet_ed25519_key_bytes(), CLIQUET_ED25519_KEY_BYTES);
    assert_int_equal(cliquet_ed25519_signature_bytes(), CLIQUET_ED25519_SIGNATURE_BYTES);
    assert_int_equal(cliquet_pickle_key_bytes(), CLIQUET_PICKLE_KEY_BYTES);
    assert_int_equal(cliquet_key_base64_size(), CLIQUET_KEY_BASE64_SIZE);
    assert_int_equal(cliquet_signature_base64_size(), CLIQUET_SIGNATURE_BASE64_SIZE);
    assert_int_equal(cliquet_key_id_base64_size(), CLIQUET_KEY_ID_BASE64_SIZE);
    /* _SIZE counts the NUL: the text is one shorter. */
    assert_int_equal(cq_base64_encoded_len(4) + 1, CLIQUET_KEY_ID_BASE64_SIZE);
    assert_int_equal(cq_base64_encoded_len(CLIQUET_CURVE25519_KEY_BYTES),
                     (CLIQUET_KEY_BASE64_SIZE - 1));
    assert_int_equal(cq_base64_encoded_len(CLIQUET_ED25519_KEY_BYTES),
                     (CLIQUET_KEY_BASE64_SIZE - 1));
    assert_int_equal(cq_base64_encoded_len(CLIQUET_ED25519_SIGNATURE_BYTES),
                     (CLIQUET_SIGNATURE_BASE64_SIZE - 1));
}

/* ---- base64 ---------------------------------------------------------------------- */

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int in_alphabet(int c)
{
    return c != '\0' && strchr(alphabet, c) != NULL;
}

static cliquet_status decode_str(uint8_t *out, size_t cap, size_t *out_len, const char *s)
{
    return cq_base64_decode(out, cap, out_len, s, strlen(s));
}

/* RFC 4648 §10, without the padding Matrix leaves out. */
static void test_base64_rfc4648(void **state)
{
    static const struct {
        const char *bin;
        const char *text;
    } vec[] = {
        { "", "" },           { "f", "Zg" },         { "fo", "Zm8" },
        { "foo", "Zm9v" },    { "foob", "Zm9vYg" },  { "fooba", "Zm9vYmE" },
        { "foobar", "Zm9vYmFy" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
        size_t n = strlen(vec[i].bin);
        size_t len = 99;
        char text[16];
        uint8_t bin[16];

        assert_int_equal(cq_base64_encoded_len(n), strlen(vec[i].text));
        memset(text, '#', sizeof text);
        cq_base64_encode(text, (const uint8_t *)vec[i].bin, n);
        assert_memory_equal(text, vec[i].text, strlen(vec[i].text));
        assert_int_equal(text[strlen(vec[i].text)], '#'); /* no NUL written */

        assert_int_equal(cq_base64_decoded_len(strlen(vec[i].text)), n);
        assert_int_equal(decode_str(bin, n, &len, vec[i].text), CLIQUET_OK);
        assert_int_equal(len, n);
        assert_memory_equal(bin, vec[i].bin, n);
    }
}

/* Every length 0..300 (across libsodium chunk boundaries): the encoding
 * equals OpenSSL's with the padding removed, fills exactly its length,
 * and decodes back. */
static void test_base64_round_trips(void **state)
{
    enum { MAX = 300 };
    uint8_t bin[MAX];
    uint8_t back[MAX + 8];
    char text[(MAX + 2) / 3 * 4 + 8];
    unsigned char ref[(MAX + 2) / 3 * 4 + 1];
    size_t n;

    (void)state;
    for (n = 0; n <= MAX; n++) {
        size_t len = (size_t)-1;
        size_t tlen = cq_base64_encoded_len(n);
        int ref_len;

        cqt_stream(bin, n);
        assert_int_equal(tlen, (4 * n + 2) / 3);
        memset(text, '#', sizeof text);
        cq_base64_encode(text, bin, n);
        assert_int_equal(text[tlen], '#');

        ref_len = EVP_EncodeBlock(ref, bin, (int)n);
        while (ref_len > 0 && ref[ref_len - 1] == '=') {
            ref_len--;
        }
        assert_int_equal((size_t)ref_len, tlen);
        assert_memory_equal(text, ref, tlen);

        assert_int_equal(cq_base64_decoded_len(tlen), n);
        memset(back, 0xa5, sizeof back);
        assert_int_equal(cq_base64_decode(back, n, &len, text, tlen), CLIQUET_OK);
        assert_int_equal(len, n);
        assert_memory_equal(back, bin, n);
        assert_int_equal(back[n], 0xa5);
    }
}

static void test_base64_lengths(void **state)
{
    size_t n;

    (void)state;
    for (n = 0; n < 1000; n++) {
        /* 4 characters per 3 bytes, 2 or 3 for a last group of 1 or 2. */
        size_t want = n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
        assert_int_equal(cq_base64_encoded_len(n), want);
        assert_int_equal(cq_base64_decoded_len(want), n);
    }
    /* For the impossible lengths 1 mod 4, an upper bound. */
    assert_int_equal(cq_base64_decoded_len(1), 0);
    assert_int_equal(cq_base64_decoded_len(5), 3);
}

/* Decoding s must fail with CLIQUET_ERR_BAD_BASE64 and leave no decoded
 * byte behind (out is left alone or wiped). */
static void expect_bad(const char *s, size_t n)
{
    uint8_t out[64];
    size_t len = 12345;
    size_t i;

    memset(out, 0xa5, sizeof out);
    if (cq_base64_decode(out, sizeof out, &len, s, n) != CLIQUET_ERR_BAD_BASE64) {
        fail_msg("\"%.*s\" (%zu characters) not refused", (int)n, s, n);
    }
    for (i = 0; i < sizeof out; i++) {
        if (out[i] != 0xa5 && out[i] != 0) {
            fail_msg("\"%.*s\": a decoded byte was left in the output", (int)n, s);
        }
    }
}

static void test_base64_refusals(void **state)
{
    static const char *const padded[] = {
        "Zg==", "Zm8=", "Zg=", "Zm9vYg==", "Zm9vYmE=", "Zm9v====", "====", "=", "Zm9v=",
    };
    static const char *const odd_length[] = { "Z", "Zm9vY", "Zm9vYmFyZ", "=====" };
    const char valid[] = "Zm9vYmFy"; /* "foobar"; no byte is 0x00 or 0xa5 */
    size_t i;
    int c;

    (void)state;
    for (i = 0; i < sizeof padded / sizeof padded[0]; i++) {
        expect_bad(padded[i], strlen(padded[i]));
    }
    for (i = 0; i < sizeof odd_length / sizeof odd_length[0]; i++) {
        expect_bad(odd_length[i], strlen(odd_length[i]));
    }
    /* Every byte value at the start, middle and end of a valid encoding:
     * accepted exactly when it is in the standard alphabet. That refuses
     * '=', '-', '_' (URL-safe), white space, NUL and bytes >= 0x80. */
    for (c = 0; c < 256; c++) {
        static const size_t positions[] = { 0, 3, 7 };
        for (i = 0; i < 3; i++) {
            char s[sizeof valid];
            uint8_t out[6];
            size_t len;

            memcpy(s, valid, sizeof valid);
            s[positions[i]] = (char)c;
            if (in_alphabet(c)) {
                assert_int_equal(cq_base64_decode(out, sizeof out, &len, s, 8), CLIQUET_OK);
            } else {
                expect_bad(s, 8);
            }
        }
    }
    expect_bad("Zm9v\0mFy", 8);
    expect_bad("Zm9v YmFy", 9);
    expect_bad("Zm9vYmFy\n", 9);
    expect_bad(" Zm9vYmFy", 9);

    /* Non-zero trailing bits: a 2-character group carries 12 bits for 8,
     * a 3-character one 18 for 16; the spare bits must be zero. "QQ" is
     * "A"; "QR" would be "A" too if decoders ignored them. */
    {
        uint8_t out[2];
        size_t len;

        assert_int_equal(decode_str(out, sizeof out, &len, "QQ"), CLIQUET_OK);
        assert_int_equal(len, 1);
        assert_int_equal(out[0], 'A');
        expect_bad("QR", 2);
        for (i = 0; i < 64; i++) {
            char two[3] = { 'Q', alphabet[i], 0 };
            char three[4] = { 'Q', 'U', alphabet[i], 0 };
            cliquet_status want2 = i % 16 == 0 ? CLIQUET_OK : CLIQUET_ERR_BAD_BASE64;
            cliquet_status want3 = i % 4 == 0 ? CLIQUET_OK : CLIQUET_ERR_BAD_BASE64;

            assert_int_equal(decode_str(out, sizeof out, &len, two), want2);
            assert_int_equal(decode_str(out, sizeof out, &len, three), want3);
        }
    }
}

static void test_base64_output_too_small(void **state)
{
    uint8_t out[8];
    size_t len = 0;

    (void)state;
    memset(out, 0xa5, sizeof out);
    assert_int_equal(decode_str(out, 5, &len, "Zm9vYmFy"), CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, 6);
    assert_int_equal(out[0], 0xa5); /* nothing written */
    len = 0;
    assert_int_equal(decode_str(NULL, 0, &len, "Zm9vYmE"), CLIQUET_ERR_OUTPUT_TOO_SMALL);
    assert_int_equal(len, 5);
    /* Exactly enough room is enough. */
    assert_int_equal(decode_str(out, 6, &len, "Zm9vYmFy"), CLIQUET_OK);
    assert_int_equal(len, 6);
    assert_memory_equal(out, "foobar", 6);
    /* Nothing to decode needs no room. */
    len = 7;
    assert_int_equal(cq_base64_decode(NULL, 0, &len, "", 0), CLIQUET_OK);
    assert_int_equal(len, 0);
}

/* ---- varints ---------------------------------------------------------------------- */

static void check_varint(uint64_t v, const char *hex)
{
    uint8_t want[CQ_VARINT_MAX_BYTES];
    uint8_t buf[CQ_VARINT_MAX_BYTES + 2];
    size_t n = strlen(hex) / 2;
    uint64_t back = 0;

    cqt_unhex(want, n, hex);
    assert_int_equal(cq_varint_size(v), n);
    memset(buf, 0xa5, sizeof buf);
    assert_int_equal(cq_varint_encode(buf, v), n);
    assert_memory_equal(buf, want, n);
    assert_int_equal(buf[n], 0xa5);
    /* Decoding stops at the varint's end, whatever follows. */
    assert_int_equal(cq_varint_decode(buf, sizeof buf, &back), n);
    assert_true(back == v);
    assert_int_equal(cq_varint_decode(buf, n, &back), n);
    assert_true(back == v);
}

/* spec: olm.md §Normal Messages */
static void test_varint_edges(void **state)
{
    int bits;

    (void)state;
    check_varint(0, "00");
    check_varint(1, "01");
    check_varint(127, "7f");
    check_varint(128, "8001");
    check_varint(300, "ac02");
    check_varint(16383, "ff7f");
    check_varint(16384, "808001");
    check_varint(UINT32_MAX, "ffffffff0f");
    check_varint((uint64_t)1 << 63, "80808080808080808001");
    check_varint(UINT64_MAX, "ffffffffffffffffff01");
    /* 2^k - 1 and 2^k for every k: sizes step at multiples of 7 bits. */
    for (bits = 1; bits < 64; bits++) {
        uint64_t p = (uint64_t)1 << bits;
        uint8_t buf[CQ_VARINT_MAX_BYTES];
        uint64_t back;

        assert_int_equal(cq_varint_size(p - 1), (size_t)(bits + 6) / 7);
        assert_int_equal(cq_varint_size(p), (size_t)(bits + 7) / 7);
        assert_int_equal(cq_varint_decode(buf, cq_varint_encode(buf, p - 1), &back),
                         cq_varint_size(p - 1));
        assert_true(back == p - 1);
        assert_int_equal(cq_varint_decode(buf, cq_varint_encode(buf, p), &back),
                         cq_varint_size(p));
        assert_true(back == p);
    }
}

static void test_varint_random(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < 2000; i++) {
        /* Random bit lengths, so every size 1..10 is common. */
        uint64_t v = rng_u64() >> (rng_u64() % 64);
        uint8_t buf[CQ_VARINT_MAX_BYTES];
        size_t n = cq_varint_encode(buf, v);
        uint64_t back;

        assert_int_equal(n, cq_varint_size(v));
        assert_int_equal(cq_varint_decode(buf, n, &back), n);
        assert_true(back == v);
        /* Every proper prefix is truncated. */
        assert_int_equal(cq_varint_decode(buf, n - 1, &back), 0);
    }
}

static void expect_varint_refused(const char *hex)
{
    uint8_t buf[16];
    size_t n = strlen(hex) / 2;
    uint64_t out = 0x1234;
    cq_reader r;

    cqt_unhex(buf, n, hex);
    if (cq_varint_decode(buf, n, &out) != 0) {
        fail_msg("varint %s accepted", hex);
    }
    assert_true(out == 0x1234);
    /* Through a reader: refused, position unchanged. */
    cq_reader_init(&r, buf, n);
    assert_int_equal(cq_read_varint(&r, &out), -1);
    assert_int_equal(r.pos, 0);
    assert_int_equal(cq_reader_remaining(&r), n);
}

/* spec: olm.md §Normal Messages */
static void test_varint_refusals(void **state)
{
    uint64_t out;

    (void)state;
    assert_int_equal(cq_varint_decode((const uint8_t *)"", 0, &out), 0);
    /* truncated */
    expect_varint_refused("80");
    expect_varint_refused("ff");
    expect_varint_refused("ffff");
    expect_varint_refused("ffffffffffffffffff");
    /* 11 bytes: longer than any 64-bit value needs */
    expect_varint_refused("8080808080808080808001");
    expect_varint_refused("ffffffffffffffffffff01");
    /* the tenth byte holds bit 63 only */
    expect_varint_refused("ffffffffffffffffff02");
    expect_varint_refused("ffffffffffffffffff7f");
    expect_varint_refused("80808080808080808002");
    /* non-canonical: a final zero group after another byte */
    expect_varint_refused("8000");
    expect_varint_refused("ff8000");
    expect_varint_refused("818080808000");
    expect_varint_refused("80808080808080808000");
}

/* ---- reader and writer ---------------------------------------------------------- */

static void test_reader_bounds(void **state)
{
    static const uint8_t data[7] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x96, 0x01 };
    cq_reader r;
    uint8_t b = 0xee;
    uint32_t u = 0xeeeeeeee;
    uint8_t buf[8];
    const uint8_t *view = NULL;
    uint64_t v;

    (void)state;
    cq_reader_init(&r, data, sizeof data);
    assert_int_equal(cq_reader_remaining(&r), 7);
    assert_int_equal(cq_read_u32_be(&r, &u), 0);
    assert_int_equal(u, 0x01020304);
    /* 3 left: a u32 is refused and nothing moves. */
    u = 0xeeeeeeee;
    assert_int_equal(cq_read_u32_be(&r, &u), -1);
    assert_int_equal(u, 0xeeeeeeee);
    assert_int_equal(r.pos, 4);
    memset(buf, 0xee, sizeof buf);
    assert_int_equal(cq_read_bytes(&r, buf, 4), -1);
    assert_int_equal(buf[0], 0xee);
    assert_int_equal(r.pos, 4);
    assert_int_equal(cq_read_view(&r, &view, 4), -1);
    assert_null(view);
    assert_int_equal(cq_read_u8(&r, &b), 0);
    assert_int_equal(b, 0x05);
    assert_int_equal(cq_read_view(&r, &view, 0), 0);
    assert_ptr_equal(view, data + 5);
    assert_int_equal(cq_read_varint(&r, &v), 0);
    assert_true(v == 150);
    /* At the end: every read is refused, a zero-byte one is fine. */
    assert_int_equal(cq_reader_remaining(&r), 0);
    assert_int_equal(cq_read_u8(&r, &b), -1);
    assert_int_equal(b, 0x05);
    assert_int_equal(cq_read_varint(&r, &v), -1);
    assert_int_equal(cq_read_bytes(&r, buf, 0), 0);
    assert_int_equal(r.pos, 7);
    /* A huge length cannot wrap around the bound check. */
    cq_reader_init(&r, data, sizeof data);
    assert_int_equal(cq_read_u8(&r, &b), 0);
    assert_int_equal(cq_read_view(&r, &view, SIZE_MAX), -1);
    assert_int_equal(cq_read_view(&r, &view, SIZE_MAX - 0), -1);
    assert_int_equal(r.pos, 1);
}

static void test_writer_bounds(void **state)
{
    uint8_t buf[12];
    uint8_t *p;
    cq_writer w;

    (void)state;
    memset(buf, 0xee, sizeof buf);
    cq_writer_init(&w, buf, 10);
    cq_write_u32_be(&w, 0x01020304);
    cq_write_u8(&w, 0x05);
    cq_write_varint(&w, 300);
    assert_int_equal(w.len, 7);
    assert_int_equal(w.overflow, 0);
    assert_memory_equal(buf, "\x01\x02\x03\x04\x05\xac\x02", 7);
    p = cq_write_reserve(&w, 2);
    assert_ptr_equal(p, buf + 7);
    assert_int_equal(w.len, 9);
    /* One byte left: a 4-byte write is refused whole and sets the flag. */
    cq_write_u32_be(&w, 0xaabbccdd);
    assert_int_equal(w.overflow, 1);
    assert_int_equal(w.len, 9);
    assert_int_equal(buf[9], 0xee);
    /* The flag sticks: later writes that would fit are refused too, so a
     * record is never written with a hole in it. */
    cq_write_u8(&w, 0x42);
    assert_int_equal(w.len, 9);
    assert_int_equal(buf[9], 0xee);
    assert_null(cq_write_reserve(&w, 0));
    assert_int_equal(buf[10], 0xee);

    /* A varint that does not fit is not written in part. */
    cq_writer_init(&w, buf, 3);
    cq_write_u8(&w, 0x01);
    cq_write_varint(&w, 16384); /* 3 bytes, 2 left */
    assert_int_equal(w.overflow, 1);
    assert_int_equal(w.len, 1);
    /* Exactly full is not an overflow. */
    cq_writer_init(&w, buf, 4);
    cq_write_u32_be(&w, 0);
    assert_int_equal(w.overflow, 0);
    assert_int_equal(w.len, 4);
    assert_null(cq_write_reserve(&w, SIZE_MAX));
    assert_int_equal(w.overflow, 1);
    /* No buffer means no room. */
    cq_writer_init(&w, NULL, 10);
    cq_write_u8(&w, 1);
    assert_int_equal(w.overflow, 1);
    assert_int_equal(w.len, 0);
}

/* ---- constant-time helpers -------------------------------------------------------- */

static void test_ct_helpers(void **state)
{
    uint32_t v[24] = {
        0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fffffff, 0x80000000, 0x80000001,
        0xfffffffe, 0xffffffff, 0x55555555, 0xaaaaaaaa, 0x0000ffff,
    };
    size_t i, j;

    (void)state;
    for (i = 16; i < 24; i++) {
        v[i] = (uint32_t)rng_u64();
    }
    for (i = 0; i < 24; i++) {
        for (j = 0; j < 24; j++) {
            uint32_t a = v[i], b = v[j];
            assert_int_equal(cq_ct_eq_u32(a, b), a == b ? 0xffffffffu : 0u);
            assert_int_equal(cq_ct_lt_u32(a, b), a < b ? 0xffffffffu : 0u);
            assert_int_equal(cq_ct_select_u32(0xffffffffu, a, b), a);
            assert_int_equal(cq_ct_select_u32(0, a, b), b);
        }
    }
}

static void test_ct_memcmp_and_wipe(void **state)
{
    uint8_t a[64], b[64];
    size_t i;
    int bit;

    (void)state;
    cqt_stream(a, sizeof a);
    memcpy(b, a, sizeof a);
    assert_int_equal(cq_ct_memcmp(a, b, sizeof a), 0);
    assert_int_equal(cq_ct_memcmp(a, b, 0), 0);
    assert_int_equal(cq_ct_memcmp(NULL, NULL, 0), 0);
    /* A difference in any single bit, anywhere, is found. */
    for (i = 0; i < sizeof a; i++) {
        for (bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(cq_ct_memcmp(a, b, sizeof a), -1);
            assert_int_equal(cq_ct_memcmp(a, b, i + 1), -1);
            if (i > 0) {
                assert_int_equal(cq_ct_memcmp(a, b, i), 0);
            }
            b[i] ^= (uint8_t)(1u << bit);
        }
    }
    memset(a, 0, sizeof a);
    assert_int_equal(cq_ct_is_zero(a, sizeof a), 1);
    for (i = 0; i < sizeof a; i++) {
        a[i] = 0x80;
        assert_int_equal(cq_ct_is_zero(a, sizeof a), 0);
        a[i] = 0;
    }
    memset(b, 0xff, sizeof b);
    cq_wipe(b + 1, 62);
    assert_int_equal(b[0], 0xff);
    assert_int_equal(cq_ct_is_zero(b + 1, 62), 1);
    assert_int_equal(b[63], 0xff);
    cq_wipe(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calls_before_init_refused),
        cmocka_unit_test(test_init_idempotent),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_strerror_names_every_status),
        cmocka_unit_test(test_size_constants_match_twins),
        cmocka_unit_test(test_base64_rfc4648),
        cmocka_unit_test(test_base64_round_trips),
        cmocka_unit_test(test_base64_lengths),
        cmocka_unit_test(test_base64_refusals),
        cmocka_unit_test(test_base64_output_too_small),
        cmocka_unit_test(test_varint_edges),
        cmocka_unit_test(test_varint_random),
        cmocka_unit_test(test_varint_refusals),
        cmocka_unit_test(test_reader_bounds),
        cmocka_unit_test(test_writer_bounds),
        cmocka_unit_test(test_ct_helpers),
        cmocka_unit_test(test_ct_memcmp_and_wipe),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
