/*
 * proofs/pickle_libolm.c: the libolm pickle envelope and the legacy
 * upgrades after it (fuzz/fuzz_unpickle_libolm.c): cq_pickle_libolm_read
 * (base64, length, truncated HMAC, AES-256-CBC with the bitsliced AES,
 * PKCS#7) for every text of 0 to 96 characters (up to 72 bytes: a MAC
 * and four blocks) under any key of 0 to 64 bytes; then
 * cq_pickle_libolm_account_upgrade and cq_pickle_libolm_session_upgrade
 * on every raw layout of 0 to 96 bytes, in a buffer one byte larger
 * (the account layout may grow by one).
 *
 * Texts and raw layouts end where their arrays end (driver.h); the work
 * buffer is exactly the decoded length of the longest text.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "pickle/pickle.h"

#define MAX_TEXT 96
#define WORK_BYTES 72
#define MAX_KEY 64
#define MAX_RAW 96

static uint8_t text[MAX_TEXT];
static uint8_t work[WORK_BYTES];
static uint8_t key[MAX_KEY];
static uint8_t raw[MAX_RAW + 1];

int main(void)
{
    size_t raw_len;
    size_t n = any_input(text, MAX_TEXT);
    size_t key_len = any_input(key, MAX_KEY);
    size_t m;

    //@ split n;
    (void)cq_pickle_libolm_read(&raw_len, work, WORK_BYTES, key, key_len,
                                (const char *)text + (MAX_TEXT - n), n);
    //@ merge n;
    m = any_input(raw, MAX_RAW);
    //@ split m;
    raw_len = m;
    (void)cq_pickle_libolm_account_upgrade(raw + (MAX_RAW - m), m + 1, &raw_len);
    raw_len = m;
    (void)cq_pickle_libolm_session_upgrade(raw + (MAX_RAW - m), &raw_len);
    return 0;
}
