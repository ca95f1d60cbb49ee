/*
 * The seeded random stream behind a test program's random cases. The seed
 * is CLIQUET_SEED when set (a decimal number), otherwise a fresh one; it is
 * printed, so a failing run can be replayed exactly. The stream is
 * libsodium's deterministic generator (ChaCha20) keyed by the seed and a
 * call counter: the same seed gives the same bytes, call by call.
 * Never for keys that protect anything: test inputs only.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_SEED_H
#define CQT_SEED_H

#include <stddef.h>
#include <stdint.h>

/*
 * Takes the seed, restarts the stream and prints
 * "name: seed N (replay with CLIQUET_SEED=N)". A CLIQUET_SEED that is not a
 * decimal number ends the program (status 1). Touches neither cliquet nor
 * libsodium, so it may run before cliquet_init. Returns the seed.
 */
uint64_t cqt_seed_init(const char *name);

/*
 * The next n bytes: randombytes_buf_deterministic keyed by the seed (key
 * bytes 0..7) and the number of earlier calls (bytes 8..15), both
 * little-endian, the rest zero.
 */
void cqt_stream(uint8_t *out, size_t n);

/* The next 4 stream bytes as a little-endian number, modulo bound (> 0). */
uint32_t cqt_stream_below(uint32_t bound);

/*
 * Where the stream is (the number of calls so far), and a way back there:
 * a test that feeds libolm and cliquet the same random bytes draws them
 * twice from one position.
 */
uint64_t cqt_stream_position(void);
void cqt_stream_seek(uint64_t position);

#endif /* CQT_SEED_H */
