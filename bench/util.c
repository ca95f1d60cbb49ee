/*
 * bench: small helpers shared by every operation.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <olm/olm.h>
#include <sodium.h>

#include "bench.h"

const uint8_t bench_pickle_key[32] = {
    'b', 'e', 'n', 'c', 'h', ' ', 'p', 'i', 'c', 'k', 'l', 'e', ' ', 'k', 'e', 'y',
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
};

/* bench.h */
void die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    exit(1);
}

/* bench.h */
void check_cq(cliquet_status st, const char *what)
{
    if (st != CLIQUET_OK) {
        fprintf(stderr, "bench: %s: %s\n", what, cliquet_strerror(st));
        exit(1);
    }
}

/* bench.h */
void check_olm(size_t r, const char *what)
{
    if (r == olm_error()) {
        die(what);
    }
}

/* bench.h */
void *xmalloc(size_t n)
{
    void *p = malloc(n != 0 ? n : 1);

    if (p == NULL) {
        die("out of memory");
    }
    return p;
}

/* bench.h */
void *xcalloc(size_t count, size_t n)
{
    void *p = calloc(count != 0 ? count : 1, n != 0 ? n : 1);

    if (p == NULL) {
        die("out of memory");
    }
    return p;
}

/* bench.h */
uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* bench.h */
void fill_random(void *buf, size_t n)
{
    randombytes_buf(buf, n);
}

/* bench.h */
void fill_plaintext(uint8_t *buf, size_t n)
{
    static const char text[] =
        "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\","
        "\"body\":\"the quick brown fox jumps over the lazy dog\"}} ";
    size_t i;

    for (i = 0; i < n; i++) {
        buf[i] = (uint8_t)text[i % (sizeof text - 1)];
    }
}

/* bench.h */
size_t backup_json(char *out, const char *export_b64, size_t export_len)
{
    static const char head[] =
        "{\"algorithm\":\"m.megolm.v1.aes-sha2\","
        "\"forwarding_curve25519_key_chain\":[],"
        "\"sender_claimed_keys\":{\"ed25519\":"
        "\"qQMIDu3TNGNbBpvTIIRNAa1fbxcbFpWcq8ZsRHwxWvk\"},"
        "\"sender_key\":\"ZtkcJPyuafJH93vYLOyGnpfUtzMYXjn02dadoHHdSXc\","
        "\"session_key\":\"";
    static const char tail[] = "\"}";
    size_t n = 0;

    if (sizeof head + export_len + sizeof tail > BACKUP_JSON_MAX) {
        die("backup_json: export too long");
    }
    memcpy(out, head, sizeof head - 1);
    n += sizeof head - 1;
    memcpy(out + n, export_b64, export_len);
    n += export_len;
    memcpy(out + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    return n;
}

/* bench.h */
const char *backup_json_session_key(const char *json, size_t len,
                                    size_t *key_len)
{
    static const char field[] = "\"session_key\":\"";
    const char *end = json + len;
    const char *p = json;
    const char *q;

    while (p + sizeof field - 1 <= end &&
           memcmp(p, field, sizeof field - 1) != 0) {
        p++;
    }
    if (p + sizeof field - 1 > end) {
        die("backup json: no session_key");
    }
    p += sizeof field - 1;
    q = p;
    while (q < end && *q != '"') {
        q++;
    }
    *key_len = (size_t)(q - p);
    return p;
}
