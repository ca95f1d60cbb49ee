/*
 * Small shared test helpers (util.h).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "helpers/util.h"

/* util.h */
void *cqt_xmalloc(size_t n)
{
    void *p = calloc(1, n + 1);

    assert_non_null(p);
    return p;
}

/* util.h */
void cqt_b64(char *out, const uint8_t *in, size_t n)
{
    cq_base64_encode(out, in, n);
    out[cq_base64_encoded_len(n)] = '\0';
}

/* util.h */
void cqt_assert_text(const char *text, size_t n, const char *want)
{
    if (n != strlen(want) || memcmp(text, want, n) != 0) {
        fail_msg("text differs:\n  got  %.*s\n  want %s", (int)n, text, want);
    }
}

/* util.h */
int cqt_all_bytes(const uint8_t *p, size_t n, uint8_t b)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] != b) {
            return 0;
        }
    }
    return 1;
}
