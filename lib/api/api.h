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

#endif /* CLIQUET_API_H */
