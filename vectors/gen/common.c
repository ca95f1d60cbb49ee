/*
 * vectors/gen/common.c: the helpers every vector generator shares (see
 * common.h). Linked with Debian's libolm and libsodium, never with cliquet.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <sodium.h>

#include "common.h"

/* Set once by start_generator(). */
static const char *program = "gen";
static uint32_t stream_counter;

/* common.h */
const char *start_generator(int argc, char **argv, const char *name)
{
    program = name;
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", name);
        exit(2);
    }
    if (sodium_init() < 0) {
        die("sodium_init", "failed");
    }
    return argv[1];
}

/* common.h */
_Noreturn void die(const char *what, const char *err)
{
    fprintf(stderr, "%s: %s: %s\n", program, what, err);
    exit(1);
}

/* One block: SHA-256("cliquet " || program || counter), counter big-endian. */
static void stream_block(uint8_t block[32])
{
    static const char prefix[] = "cliquet ";
    crypto_hash_sha256_state st;
    uint8_t counter[4];

    counter[0] = (uint8_t)(stream_counter >> 24);
    counter[1] = (uint8_t)(stream_counter >> 16);
    counter[2] = (uint8_t)(stream_counter >> 8);
    counter[3] = (uint8_t)stream_counter;
    stream_counter++;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const uint8_t *)prefix, sizeof prefix - 1);
    crypto_hash_sha256_update(&st, (const uint8_t *)program, strlen(program));
    crypto_hash_sha256_update(&st, counter, sizeof counter);
    crypto_hash_sha256_final(&st, block);
}

/* common.h */
void stream(uint8_t *out, size_t n)
{
    uint8_t block[32];

    while (n > 0) {
        size_t take = n < 32 ? n : 32;

        stream_block(block);
        memcpy(out, block, take);
        out += take;
        n -= take;
    }
}

/* common.h */
uint32_t stream_u32(void)
{
    uint8_t b[4];

    stream(b, 4);
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* common.h */
void *xmalloc(size_t n)
{
    void *p = calloc(1, n + 1);

    if (p == NULL) {
        die("calloc", "out of memory");
    }
    return p;
}

/* common.h */
void put_hex(FILE *f, const uint8_t *p, size_t n)
{
    size_t i;

    if (n == 0) {
        fputs("-", f);
    }
    for (i = 0; i < n; i++) {
        fprintf(f, "%02x", p[i]);
    }
}

/* common.h */
void put_text(FILE *f, const void *p, size_t n)
{
    if (n == 0) {
        fputs("-", f);
    }
    fwrite(p, 1, n, f);
}

/* common.h */
FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL) {
        die("cannot write", path);
    }
    return f;
}

/* common.h */
void header(FILE *f, const char *what, unsigned cases, const char *fields)
{
    fprintf(f, "# %s\n", what);
    fprintf(f, "# Made by vectors/gen/%s.c with Debian's libolm (olm_get_library_version "
               "below) from a fixed\n# SHA-256 counter stream. Do not edit: run make vectors.\n",
            program);
    header_end(f, cases, fields);
}

/* common.h */
void header_end(FILE *f, unsigned cases, const char *fields)
{
    uint8_t major, minor, patch;

    olm_get_library_version(&major, &minor, &patch);
    fprintf(f, "# libolm %u.%u.%u\n", major, minor, patch);
    fprintf(f, "# cases: %u\n# fields: %s\n", cases, fields);
}
