/*
 * proofs/megolm_session_key.c: cq_megolm_session_key_read (the signed
 * room key of m.room_key) and cq_megolm_export_read (the unsigned one of
 * m.forwarded_room_key and key backups), as fuzz/fuzz_megolm_session_key.c
 * and fuzz/fuzz_megolm_export.c, for every input of 0 to 240 bytes: both
 * exact lengths (229 and 165) and their neighbours.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "megolm/megolm.h"

#define MAX_INPUT 240

static uint8_t input[MAX_INPUT];

int main(void)
{
    cq_megolm_ratchet r;
    uint8_t public_key[CQ_ED25519_PUBLIC_BYTES];
    size_t n = any_input(input, MAX_INPUT);

    //@ split n;
    (void)cq_megolm_session_key_read(&r, public_key, input + (MAX_INPUT - n), n);
    (void)cq_megolm_export_read(&r, public_key, input + (MAX_INPUT - n), n);
    return 0;
}
