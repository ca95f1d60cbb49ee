/*
 * proofs/megolm_message.c: cq_megolm_message_parse, the parser of every
 * Megolm message (fuzz/fuzz_megolm_message.c), for every input of 0 to 128
 * bytes: the shortest acceptable message (one block) is 93 bytes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "megolm/megolm.h"

#define MAX_INPUT 128

static uint8_t input[MAX_INPUT];

int main(void)
{
    cq_megolm_message m;
    size_t n = any_input(input, MAX_INPUT);

    //@ split n;
    (void)cq_megolm_message_parse(&m, input + (MAX_INPUT - n), n);
    return 0;
}
