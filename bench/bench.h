/*
 * bench: cliquet, Debian's libolm and the primitive floor, timed side by
 * side in one program. Not part of the library or of `make test`.
 *
 * Every operation has three implementations: cliquet's public API, libolm's
 * API, and a "floor" made of nothing but the primitives the operation needs
 * (libsodium calls plus cliquet's AES-256-CBC from lib/crypto), with no
 * checks, copies or allocations beyond what the work itself requires. Each
 * implementation has an untimed setup that builds the inputs of n runs, a
 * timed run over them, and an untimed teardown.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_BENCH_H
#define CLIQUET_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"

enum { IMPL_CLIQUET = 0, IMPL_LIBOLM = 1, IMPL_FLOOR = 2, IMPL_COUNT = 3 };

typedef struct bench_impl {
    void *(*setup)(size_t n);          /* untimed: inputs for n runs */
    void (*run)(void *ctx, size_t n);  /* timed: n runs of the operation */
    void (*teardown)(void *ctx);       /* untimed */
} bench_impl;

typedef struct bench_op {
    const char *name;   /* printed and written to the results file */
    const char *goal;   /* the family of libolm goal: "megolm256", ... */
    double target_ms;   /* how long one batch of one implementation runs */
    bench_impl impl[IMPL_COUNT];
} bench_op;

/* Tables of operations, each ended by an entry with name NULL. */
extern const bench_op bench_olm_ops[];
extern const bench_op bench_megolm_ops[];
extern const bench_op bench_misc_ops[];
extern const bench_op bench_pickle_ops[];

/* ---- helpers (util.c) ---------------------------------------------------- */

/* Prints the message and exits: a benchmark that goes wrong must not print
 * numbers. */
void die(const char *what);
void check_cq(cliquet_status st, const char *what);
void check_olm(size_t r, const char *what);  /* r == olm_error() dies */

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);

/* Nanoseconds of CLOCK_MONOTONIC. */
uint64_t now_ns(void);

/* Fills buf with n random bytes (libsodium's randombytes_buf): what a libolm
 * caller must do before every call that takes random bytes. */
void fill_random(void *buf, size_t n);

/* A plaintext of n bytes (printable, like an event's JSON). */
void fill_plaintext(uint8_t *buf, size_t n);

/* The JSON of a key backup entry's session_data (a Matrix room key), built
 * around an exported Megolm session key of 220 base64 characters.
 * Returns its length; out has room for BACKUP_JSON_MAX bytes. */
#define BACKUP_JSON_MAX 640
size_t backup_json(char *out, const char *export_b64, size_t export_len);

/* The session_key value in such a JSON (pointer into it), and its length. */
const char *backup_json_session_key(const char *json, size_t len,
                                    size_t *key_len);

/* The pickle key every benchmark uses. */
extern const uint8_t bench_pickle_key[32];

/* ---- the floor's building blocks (floor.c) ------------------------------- */

/* Unpadded standard base64 through libsodium. Encode writes no NUL and
 * returns the length; decode returns the byte count or dies. */
size_t fl_b64_encode(char *out, const uint8_t *in, size_t n);
size_t fl_b64_decode(uint8_t *out, size_t cap, const char *in, size_t n);

/* HKDF-SHA-256 (RFC 5869) on libsodium's HMAC; an empty salt is 32 zeros. */
void fl_hkdf(uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len,
             const uint8_t *ikm, size_t ikm_len, const char *info,
             size_t info_len);

/* HMAC-SHA-256 with a 32-byte key. */
void fl_hmac(uint8_t out[32], const uint8_t key[32], const uint8_t *msg,
             size_t n);

/* Protobuf-style varint, as Olm and Megolm messages carry them. */
size_t fl_varint_put(uint8_t *out, uint64_t v);
size_t fl_varint_get(const uint8_t *in, size_t n, uint64_t *v);

/*
 * An Olm session reduced to what in-order traffic needs: one sender chain,
 * one receiver chain, no skipped keys.
 */
typedef struct fl_olm {
    uint8_t root[32];
    uint8_t send_chain[32];
    uint32_t send_index;
    uint8_t send_priv[32];
    uint8_t send_pub[32];
    int have_send;        /* 0: the next encrypt makes a new ratchet key */
    uint8_t recv_chain[32];
    uint32_t recv_index;
    uint8_t their_ratchet[32];
} fl_olm;

/* The two ends of a session from the same 3DH secret (untimed setups). */
void fl_olm_init_alice(fl_olm *s, const uint8_t *secret, size_t secret_len,
                       const uint8_t ratchet_priv[32]);
void fl_olm_init_bob(fl_olm *s, const uint8_t *secret, size_t secret_len,
                     const uint8_t their_ratchet[32]);

/* A normal message, base64. Returns its length. */
size_t fl_olm_encrypt(fl_olm *s, char *out, const uint8_t *pt, size_t n);

/* Decrypts a normal message given as raw bytes; returns the plaintext
 * length. Dies on a bad MAC or padding. */
size_t fl_olm_decrypt_raw(fl_olm *s, uint8_t *pt, const uint8_t *msg, size_t n);

/* The same from base64 (decoded into scratch, room for n bytes). */
size_t fl_olm_decrypt(fl_olm *s, uint8_t *pt, uint8_t *scratch, const char *msg,
                      size_t n);

/* The Megolm ratchet. */
typedef struct fl_megolm {
    uint8_t r[128];
    uint32_t counter;
    uint8_t sign_sk[64];  /* outbound only: libsodium's secret key */
    uint8_t sign_pk[32];
} fl_megolm;

void fl_megolm_advance(fl_megolm *m);
void fl_megolm_advance_to(fl_megolm *m, uint32_t index);

/* Group message, base64; returns its length. Advances the ratchet. */
size_t fl_megolm_encrypt(fl_megolm *m, char *out, const uint8_t *pt, size_t n);

/* Decrypts a base64 group message from ratchet m (at or before its index;
 * m is advanced to it). Returns the plaintext length, dies on failure. */
size_t fl_megolm_decrypt(fl_megolm *m, uint8_t *pt, uint8_t *scratch,
                         const char *msg, size_t n);

/* The floor's legacy PK (backup) encryption and decryption. */
size_t fl_pk_encrypt(char *ct_out, char mac_out[12], char eph_out[44],
                     const uint8_t their_pub[32], const uint8_t *pt, size_t n);
size_t fl_pk_decrypt(uint8_t *pt, uint8_t *scratch, const uint8_t priv[32],
                     const char *eph, const char *mac, const char *ct,
                     size_t ct_len);

/* Heap bytes live in blocks from malloc, calloc and realloc (memcount.c). */
size_t heap_counted(void);

/* ---- scale scenarios and memory (scale.c) -------------------------------- */

void run_scale(int quick, FILE *results);
void run_memory(FILE *results);

#endif /* CLIQUET_BENCH_H */
