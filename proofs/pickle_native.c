/*
 * proofs/pickle_native.c: cq_pickle_native_read, the envelope of every
 * native pickle (fuzz/fuzz_unpickle_native.c): base64, header, key check
 * and XChaCha20-Poly1305, for every text of 0 to 128 characters (up to 96
 * bytes: the 54-byte envelope and up to 42 bytes of payload) of every
 * object type, under any key.
 *
 * The text ends where its array ends (driver.h); the work buffer is
 * exactly the decoded length of the longest text.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "pickle/pickle.h"

#define MAX_TEXT 128
#define WORK_BYTES 96

static uint8_t text[MAX_TEXT];
static uint8_t work[WORK_BYTES];
static uint8_t key[CQ_PICKLE_KEY_BYTES];

int main(void)
{
    const uint8_t *payload;
    size_t payload_len;
    size_t n = any_input(text, MAX_TEXT);
    uint8_t type = (uint8_t)Frama_C_interval(CQ_PICKLE_TYPE_ACCOUNT,
                                             CQ_PICKLE_TYPE_PK_DECRYPTION);

    Frama_C_make_unknown((char *)key, sizeof key);
    //@ split n;
    (void)cq_pickle_native_read(&payload, &payload_len, work, WORK_BYTES, type,
                                key, (const char *)text + (MAX_TEXT - n), n);
    return 0;
}
