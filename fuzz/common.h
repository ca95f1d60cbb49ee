/*
 * fuzz/common.h: what every harness shares. Deterministic randomness (a
 * fixed-seed libsodium implementation installed before cliquet_init, reset
 * before each input so that one input always runs the same way), a
 * reader over the fuzzer's bytes, and fz_require, which turns a broken
 * property into a crash libFuzzer reports.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_FUZZ_COMMON_H
#define CLIQUET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"

/* libFuzzer's entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Installs the deterministic random implementation and starts cliquet.
 * Call once from LLVMFuzzerInitialize.
 */
void fz_init(void);

/* Restarts the random stream from its fixed seed (call per input). */
void fz_random_reset(void);

/*
 * n bytes derived from (label, counter) only: the random argument of a
 * protocol-core function. Same label and counter, same bytes.
 */
void fz_bytes(uint8_t *out, size_t n, const char *label, uint32_t counter);

/*
 * Selects the AES implementation for this input: the bitsliced one when
 * bitsliced is non-zero, else the one cliquet_init chose for this CPU. So
 * both implementations are fuzzed on machines with AES instructions.
 */
void fz_aes(int bitsliced);

/* Aborts with a message when cond is 0: a property the library broke. */
void fz_require(int cond, const char *what);

/* The fuzzer's input, taken from the front. */
typedef struct fz_input {
    const uint8_t *data;
    size_t len;
} fz_input;

/* One byte (0 once the input is used up). */
uint8_t fz_u8(fz_input *in);

/* A big-endian u32 from up to 4 bytes (missing bytes read as 0). */
uint32_t fz_u32(fz_input *in);

/* A length-prefixed slice: a u8 length (capped at what is left). */
const uint8_t *fz_slice(fz_input *in, size_t *n);

#endif /* CLIQUET_FUZZ_COMMON_H */
