/*
 * The vector file reader declared in vectors.h.
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

#include "helpers/vectors.h"

static const char cases_tag[] = "# cases: ";
static const char fields_tag[] = "# fields: ";

/* Fails the running test, naming the file and line. */
static void bad(const cqt_vectors *v, const char *why)
{
    fail_msg("%s:%lu: %s", v->path, v->line_no, why);
}

/*
 * Reads one whole line, without its "\n", into v->line. 0 at the end of the
 * file. Only printable ASCII and single inner spaces are allowed.
 */
static int read_line(cqt_vectors *v)
{
    ssize_t n = getline(&v->line, &v->line_cap, v->file);
    ssize_t i;

    if (n < 0) {
        return 0;
    }
    v->line_no++;
    if (n == 0 || v->line[n - 1] != '\n') {
        bad(v, "last line has no newline");
    }
    v->line[--n] = '\0';
    if (n == 0) {
        bad(v, "empty line");
    }
    for (i = 0; i < n; i++) {
        char c = v->line[i];
        if (c == ' ') {
            if (i == 0 || i == n - 1 || v->line[i + 1] == ' ') {
                bad(v, "leading, trailing or double space");
            }
        } else if (c < 0x21 || c > 0x7e) {
            bad(v, "character outside printable ASCII");
        }
    }
    return 1;
}

/* Splits s in place at spaces into out[]; returns the number of words. */
static size_t split(const cqt_vectors *v, char *s, char **out)
{
    size_t n = 0;

    for (;;) {
        char *space = strchr(s, ' ');
        if (n == CQT_MAX_FIELDS) {
            bad(v, "too many fields");
        }
        out[n++] = s;
        if (space == NULL) {
            return n;
        }
        *space = '\0';
        s = space + 1;
    }
}

/* Parses a decimal without sign or leading zeros. */
static unsigned long parse_num(const cqt_vectors *v, const char *s)
{
    unsigned long n = 0;
    size_t i;

    if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0') || strlen(s) > 9) {
        bad(v, "not a decimal number");
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9') {
            bad(v, "not a decimal number");
        }
        n = n * 10 + (unsigned long)(s[i] - '0');
    }
    return n;
}

/* vectors.h */
void cqt_vectors_open(cqt_vectors *v, const char *path, const char *fields)
{
    memset(v, 0, sizeof *v);
    v->path = path;
    v->file = fopen(path, "r");
    if (v->file == NULL) {
        bad(v, "cannot open (tests run from the repository root)");
    }
    v->declared = (unsigned long)-1;
    for (;;) {
        if (!read_line(v)) {
            bad(v, "no \"# fields:\" line");
        }
        if (strncmp(v->line, "# ", 2) != 0 && strcmp(v->line, "#") != 0) {
            bad(v, "header line that is not a comment");
        }
        if (strncmp(v->line, cases_tag, sizeof cases_tag - 1) == 0) {
            v->declared = parse_num(v, v->line + sizeof cases_tag - 1);
        }
        if (strncmp(v->line, fields_tag, sizeof fields_tag - 1) == 0) {
            break;
        }
    }
    if (v->declared == (unsigned long)-1) {
        bad(v, "no \"# cases:\" line before \"# fields:\"");
    }
    if (strcmp(v->line + sizeof fields_tag - 1, fields) != 0) {
        bad(v, "fields differ from what the test expects");
    }
    v->names_line = strdup(fields);
    assert_non_null(v->names_line);
    v->n_fields = split(v, v->names_line, v->name);
}

/* vectors.h */
int cqt_vectors_next(cqt_vectors *v)
{
    if (!read_line(v)) {
        if (v->cases != v->declared) {
            bad(v, "fewer cases than \"# cases:\" declares");
        }
        return 0;
    }
    if (v->line[0] == '#') {
        bad(v, "comment after the header");
    }
    if (++v->cases > v->declared) {
        bad(v, "more cases than \"# cases:\" declares");
    }
    if (split(v, v->line, v->field) != v->n_fields) {
        bad(v, "wrong number of fields");
    }
    memset(v->hex_done, 0, sizeof v->hex_done);
    return 1;
}

/* vectors.h */
void cqt_vectors_close(cqt_vectors *v)
{
    if (v->file != NULL) {
        fclose(v->file);
    }
    free(v->line);
    free(v->names_line);
    memset(v, 0, sizeof *v);
}

/* vectors.h */
unsigned long cqt_vectors_each(const char *path, const char *fields,
                               void (*one_case)(cqt_vectors *v))
{
    cqt_vectors v;
    unsigned long cases = 0;

    cqt_vectors_open(&v, path, fields);
    while (cqt_vectors_next(&v)) {
        one_case(&v);
        cases++;
    }
    cqt_vectors_close(&v);
    return cases;
}

static size_t field_index(const cqt_vectors *v, const char *name)
{
    size_t i;

    for (i = 0; i < v->n_fields; i++) {
        if (strcmp(v->name[i], name) == 0) {
            return i;
        }
    }
    fail_msg("%s: the test asks for a field \"%s\" the file lacks", v->path, name);
    return 0;
}

/* vectors.h */
const char *cqt_str(cqt_vectors *v, const char *name)
{
    return v->field[field_index(v, name)];
}

/* vectors.h */
unsigned long cqt_num(cqt_vectors *v, const char *name)
{
    return parse_num(v, cqt_str(v, name));
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* Decodes n bytes of hex from in to out; -1 if a character is not hex. */
static int unhex(uint8_t *out, const char *in, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int hi = hex_digit(in[2 * i]);
        int lo = hex_digit(in[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* vectors.h */
const uint8_t *cqt_hex(cqt_vectors *v, const char *name, size_t *len)
{
    size_t i = field_index(v, name);
    char *s = v->field[i];

    if (!v->hex_done[i]) {
        size_t n = strlen(s);
        if (strcmp(s, "-") == 0) {
            v->hex_len[i] = 0;
        } else if (n % 2 != 0 || unhex((uint8_t *)s, s, n / 2) != 0) {
            bad(v, "not lowercase hex of whole bytes");
        } else {
            /* In place: byte k is written over characters 2k and 2k+1,
             * both already read. */
            v->hex_len[i] = n / 2;
        }
        v->hex_done[i] = 1;
    }
    *len = v->hex_len[i];
    return (const uint8_t *)s;
}

/* vectors.h */
cqt_result cqt_result_of(cqt_vectors *v, const char *name)
{
    const char *s = cqt_str(v, name);

    if (strcmp(s, "valid") == 0) {
        return CQT_VALID;
    }
    if (strcmp(s, "invalid") == 0) {
        return CQT_INVALID;
    }
    if (strcmp(s, "acceptable") != 0) {
        bad(v, "result is not valid, invalid or acceptable");
    }
    return CQT_ACCEPTABLE;
}

/* vectors.h */
void cqt_unhex(uint8_t *out, size_t out_len, const char *hex)
{
    if (strlen(hex) != 2 * out_len || unhex(out, hex, out_len) != 0) {
        fail_msg("test constant is not %zu bytes of lowercase hex: %.24s...",
                 out_len, hex);
    }
}
