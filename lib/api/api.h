/*
 * lib/api: the public ABI over the protocol layers. Argument checks, base64
 * at the boundary, random bytes, status codes; nothing else.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_API_H
#define CLIQUET_API_H

#include "cliquet.h"
#include "core/core.h"

/* 1 once cliquet_init() has succeeded. */
int cq_api_ready(void);

/*
 * The common check of an (out, out_cap, &out_len) triple: out_len must not
 * be NULL and out may be NULL only with out_cap == 0. When need > out_cap,
 * stores need in *out_len and returns CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
cliquet_status cq_api_check_output(const void *out, size_t out_cap,
                                   size_t *out_len, size_t need);

/* An input (p, n) is valid when p is non-NULL or n is 0. */
static inline int cq_api_input_ok(const void *p, size_t n)
{
    return p != NULL || n == 0;
}

/*
 * Decodes base64 text (in, n) that must hold exactly `want` (at most 96)
 * bytes into out. CLIQUET_ERR_BAD_BASE64 when the text is not strict
 * unpadded base64, wrong_length when it is another number of bytes (or far
 * too long to be checked). out is written only on success. (Defined in
 * utility_api.c.)
 */
cliquet_status cq_api_decode_exact(uint8_t *out, size_t want, const char *in,
                                   size_t n, cliquet_status wrong_length);

#endif /* CLIQUET_API_H */
