/*
 * vectors/gen/common.h: what every vector generator vectors/gen/gen_NAME.c
 * shares (vectors/gen/run.sh links vectors/gen/common.c into each one).
 *
 * Every "random" byte a generator uses comes from stream(), a fixed
 * SHA-256 counter stream whose label names the generator, so each
 * generator writes the same files on every run and no two generators
 * share bytes. Output is cliquet's line format (described in
 * vectors/gen/gen_wycheproof.py). Errors end the program with die().
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_VECTORS_GEN_COMMON_H
#define CLIQUET_VECTORS_GEN_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Checks the command line (NAME OUTDIR), starts libsodium and records the
 * generator's name ("gen_olm"), used by die(), header() and stream().
 * Returns OUTDIR; a wrong command line exits with status 2.
 */
const char *start_generator(int argc, char **argv, const char *name);

/* Prints "NAME: what: err" and exits with status 1. */
_Noreturn void die(const char *what, const char *err);

/*
 * The next n bytes of SHA-256("cliquet NAME" || counter), the counter a
 * 4-byte big-endian number that starts at 0 and counts 32-byte blocks.
 * A block's unused tail is dropped: the next call starts a new block.
 */
void stream(uint8_t *out, size_t n);

/* The next 4 stream bytes as a big-endian number. */
uint32_t stream_u32(void);

/* n zeroed bytes plus one spare zero byte (so n may be 0); never NULL. */
void *xmalloc(size_t n);

/* n bytes as lowercase hex, "-" when n is 0. */
void put_hex(FILE *f, const uint8_t *p, size_t n);

/* n bytes of text as they are, "-" when n is 0 (an empty field). */
void put_text(FILE *f, const void *p, size_t n);

/* OUTDIR/name opened for writing. */
FILE *open_out(const char *dir, const char *name);

/*
 * A vector file's header: "# what", a note that vectors/gen/NAME.c made
 * it with Debian's libolm from the fixed stream, then header_end().
 */
void header(FILE *f, const char *what, unsigned cases, const char *fields);

/*
 * The header's last lines, after a generator's own "# " lines: libolm's
 * version (olm_get_library_version), "# cases: N" and "# fields: ...".
 */
void header_end(FILE *f, unsigned cases, const char *fields);

#endif /* CLIQUET_VECTORS_GEN_COMMON_H */
