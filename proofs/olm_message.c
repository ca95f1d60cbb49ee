/*
 * proofs/olm_message.c: cq_olm_message_decode, the parser of every Olm
 * normal message (as the fuzz harness fuzz/fuzz_olm_message.c), for every
 * input of 0 to 96 bytes: enough for ciphertexts of one to three blocks.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "olm/olm.h"

#define MAX_INPUT 96

static uint8_t input[MAX_INPUT];

int main(void)
{
    cq_olm_message m;
    size_t n = any_input(input, MAX_INPUT);

    //@ split n;
    (void)cq_olm_message_decode(&m, input + (MAX_INPUT - n), n);
    return 0;
}
