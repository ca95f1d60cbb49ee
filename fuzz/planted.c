/*
 * fuzz/planted.c: a harness with a bug planted on purpose, so that every
 * run of fuzz/run.sh proves the setup still finds one. The "parser" below
 * trusts a length byte and copies that many bytes into a 16-byte heap
 * buffer once the input starts with the magic "CQF". libFuzzer has to
 * discover the magic (comparison tracing finds it in seconds) and a long
 * length; AddressSanitizer then reports a heap-buffer-overflow here.
 * fuzz/run.sh fails if it does NOT. The seed corpus holds no crashing input.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *field;
    size_t n;
    size_t i;

    if (size < 4 || memcmp(data, "CQF", 3) != 0) {
        return 0;
    }
    n = data[3];
    if (n > size - 4) {
        n = size - 4;
    }
    field = malloc(16);
    if (field == NULL) {
        return 0;
    }
    /* The planted bug: n is never checked against 16. (A loop rather than
     * memcpy: its trip count is coverage feedback that leads the fuzzer
     * to longer fields.) */
    for (i = 0; i < n; i++) {
        field[i] = data[4 + i];
    }
    free(field);
    return 0;
}
