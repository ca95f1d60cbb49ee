/*
 * proofs/pickle_payloads.c: the object decoders behind both pickle
 * envelopes, on the decrypted payload, for Megolm outbound and inbound
 * group sessions and PK decryption objects: every payload of 0 to 310
 * bytes (the exact sizes are 232, 301 and 68).
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "megolm/megolm.h"
#include "pk/pk.h"

#define MAX_INPUT 310

static uint8_t input[MAX_INPUT];

int main(void)
{
    cq_megolm_outbound out;
    cq_megolm_inbound in;
    cq_pk_decryption pk;
    cq_reader r;
    size_t n = any_input(input, MAX_INPUT);

    //@ split n;
    cq_reader_init(&r, input + (MAX_INPUT - n), n);
    (void)cq_megolm_outbound_unpickle(&out, &r);
    cq_reader_init(&r, input + (MAX_INPUT - n), n);
    (void)cq_megolm_inbound_unpickle(&in, &r);
    cq_reader_init(&r, input + (MAX_INPUT - n), n);
    (void)cq_pk_decryption_pickle_read(&pk, &r);
    return 0;
}
