/*
 * proofs/olm_unpickle.c: the Olm object decoders behind both pickle
 * envelopes, on the decrypted payload (fuzz/fuzz_unpickle_*.c reach them
 * through the envelopes): cq_olm_account_unpickle, with and without the
 * key-pair check, and cq_olm_session_unpickle, for every payload of 0 to
 * 256 bytes: past the fixed parts and into the first lists of keys and
 * chains.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "olm/olm.h"

#define MAX_INPUT 256

static uint8_t input[MAX_INPUT];
static uint8_t their_identity_key[CQ_OLM_KEY_BYTES];

int main(void)
{
    static cq_olm_account a;
    static cq_olm_session s;
    size_t n = any_input(input, MAX_INPUT);
    int check = Frama_C_interval(0, 1);

    Frama_C_make_unknown((char *)their_identity_key, sizeof their_identity_key);
    //@ split n;
    (void)cq_olm_account_unpickle(&a, input + (MAX_INPUT - n), n, check);
    (void)cq_olm_session_unpickle(&s, input + (MAX_INPUT - n), n, their_identity_key);
    return 0;
}
