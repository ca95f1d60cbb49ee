/*
 * A strict reader of cliquet's vector files (the line format described in
 * vectors/gen/gen_wycheproof.py): "# " header lines with "# cases: N" and,
 * last, "# fields: NAME ...", then N lines of space-separated fields. Any
 * deviation from the format fails the running cmocka test with the file
 * and line, so a damaged or truncated vector file can never pass quietly.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_VECTORS_H
#define CQT_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CQT_MAX_FIELDS 16

typedef enum cqt_result {
    CQT_VALID,
    CQT_INVALID,
    CQT_ACCEPTABLE
} cqt_result;

typedef struct cqt_vectors {
    const char *path;
    FILE *file;
    char *line;             /* the current line, fields split in place */
    size_t line_cap;
    unsigned long line_no;
    unsigned long declared; /* from "# cases: N" */
    unsigned long cases;    /* case lines read so far */
    char *names_line;       /* a copy of the "# fields:" list, split */
    size_t n_fields;
    char *name[CQT_MAX_FIELDS];
    char *field[CQT_MAX_FIELDS];
    size_t hex_len[CQT_MAX_FIELDS];
    int hex_done[CQT_MAX_FIELDS]; /* decoded in place already */
} cqt_vectors;

/*
 * Opens path (relative to the repository root, where tests run) and reads
 * its header. fields must equal the file's "# fields:" list exactly.
 */
void cqt_vectors_open(cqt_vectors *v, const char *path, const char *fields);

/*
 * Reads the next case: 1 if there is one, 0 at the end of the file (after
 * checking that the number of cases is the one the header declares).
 */
int cqt_vectors_next(cqt_vectors *v);

void cqt_vectors_close(cqt_vectors *v);

/*
 * Opens path (fields as for cqt_vectors_open), calls one_case on every
 * case in order, closes the file and returns the number of cases.
 */
unsigned long cqt_vectors_each(const char *path, const char *fields,
                               void (*one_case)(cqt_vectors *v));

/* The named field of the current case, as text. */
const char *cqt_str(cqt_vectors *v, const char *name);

/* The named field as a decimal number. */
unsigned long cqt_num(cqt_vectors *v, const char *name);

/*
 * The named field as bytes (hex in the file, "-" for none). The bytes live
 * in the line buffer until the next cqt_vectors_next(); never NULL.
 */
const uint8_t *cqt_hex(cqt_vectors *v, const char *name, size_t *len);

/* The named field as a Wycheproof result: valid, invalid or acceptable. */
cqt_result cqt_result_of(cqt_vectors *v, const char *name);

/* Decodes exactly out_len bytes of lowercase hex (a test constant). */
void cqt_unhex(uint8_t *out, size_t out_len, const char *hex);

#endif /* CQT_VECTORS_H */
