/*
 * proofs/olm_pre_key_message.c: cq_olm_pre_key_message_decode, the outer
 * parser of every Olm pre-key message (fuzz/fuzz_olm_pre_key_message.c), for
 * every input of 0 to 128 bytes: past the three keys and into the message.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "olm/olm.h"

#define MAX_INPUT 128

static uint8_t input[MAX_INPUT];

int main(void)
{
    cq_olm_pre_key_message m;
    size_t n = any_input(input, MAX_INPUT);

    //@ split n;
    (void)cq_olm_pre_key_message_decode(&m, input + (MAX_INPUT - n), n);
    return 0;
}
