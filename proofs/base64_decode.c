/*
 * proofs/base64_decode.c: cq_base64_decode, the first parser of every key,
 * signature, message and pickle that arrives as text (fuzz/fuzz_base64.c),
 * for every text of 0 to 64 characters and every output capacity of 0 to
 * 48 bytes (the decoded length of 64 characters).
 *
 * The text ends where its array ends (driver.h). The output starts at its
 * array's start, so a write at or past out_cap is a write past the array
 * for the largest capacity, which EVA checks like any other.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "core/core.h"

#define MAX_TEXT 64
#define MAX_OUT 48

static uint8_t text[MAX_TEXT];
static uint8_t out[MAX_OUT];

int main(void)
{
    size_t out_len;
    size_t n = any_input(text, MAX_TEXT);
    size_t out_cap = (size_t)Frama_C_interval(0, MAX_OUT);

    //@ split n;
    (void)cq_base64_decode(out, out_cap, &out_len,
                           (const char *)text + (MAX_TEXT - n), n);
    return 0;
}
