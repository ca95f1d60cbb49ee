/*
 * The seeded random stream (seed.h).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sodium.h>

#include "helpers/seed.h"

static uint64_t seed;
static uint64_t calls;

/* A fresh seed: 8 bytes of /dev/urandom, or the time if it cannot be read. */
static uint64_t fresh_seed(void)
{
    FILE *f = fopen("/dev/urandom", "rb");
    uint64_t s = 0;

    if (f == NULL || fread(&s, sizeof s, 1, f) != 1) {
        s = (uint64_t)time(NULL);
    }
    if (f != NULL) {
        fclose(f);
    }
    return s;
}

/* seed.h */
uint64_t cqt_seed_init(const char *name)
{
    const char *env = getenv("CLIQUET_SEED");

    if (env != NULL) {
        char *end;

        seed = strtoull(env, &end, 10);
        if (*env == '\0' || *end != '\0') {
            fprintf(stderr, "%s: CLIQUET_SEED must be a decimal number\n", name);
            exit(1);
        }
    } else {
        seed = fresh_seed();
    }
    calls = 0;
    printf("%s: seed %llu (replay with CLIQUET_SEED=%llu)\n", name,
           (unsigned long long)seed, (unsigned long long)seed);
    return seed;
}

/* seed.h */
void cqt_stream(uint8_t *out, size_t n)
{
    uint8_t key[randombytes_SEEDBYTES] = { 0 };
    int i;

    for (i = 0; i < 8; i++) {
        key[i] = (uint8_t)(seed >> (8 * i));
        key[8 + i] = (uint8_t)(calls >> (8 * i));
    }
    calls++;
    randombytes_buf_deterministic(out, n, key);
}

/* seed.h */
uint32_t cqt_stream_below(uint32_t bound)
{
    uint8_t b[4];

    cqt_stream(b, sizeof b);
    return ((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
            (uint32_t)b[3] << 24) % bound;
}

/* seed.h */
uint64_t cqt_stream_position(void)
{
    return calls;
}

/* seed.h */
void cqt_stream_seek(uint64_t position)
{
    calls = position;
}
