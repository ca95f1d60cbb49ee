/*
 * proofs/sas.c: what the other device sends into a SAS verification
 * (fuzz/fuzz_sas.c): its public key (any 32 bytes), then the info strings
 * and messages the MAC and the short code are computed over. For every
 * message of 0 to 64 bytes (each length on its own), every info string of
 * 0 to 96 bytes and every short-code length of 0 to 64 bytes, past
 * CQ_SAS_MAX_BYTES' refusal too when it is smaller.
 *
 * The message ends where its array ends (driver.h). The info string and
 * the output start at their arrays' start: the largest length fills its
 * array, so a length passed on one byte too long is a read or write past
 * the array, which EVA checks against proofs/include/sodium.h's contracts.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "sas/sas.h"

#define MAX_MSG 64
#define MAX_INFO 96
#define MAX_OUT 64

static uint8_t msg[MAX_MSG];
static uint8_t info[MAX_INFO];
static uint8_t their_key[CQ_SAS_KEY_BYTES];
static uint8_t random_bytes[CQ_SAS_KEY_BYTES];
static uint8_t out[MAX_OUT];

int main(void)
{
    cq_sas s;
    uint8_t mac[CQ_SAS_MAC_BYTES];
    char text[CQ_SAS_MAC_BASE64_BYTES];
    size_t n = any_input(msg, MAX_MSG);
    size_t info_len = any_input(info, MAX_INFO);
    size_t out_len = (size_t)Frama_C_interval(0, MAX_OUT);

    Frama_C_make_unknown((char *)their_key, sizeof their_key);
    Frama_C_make_unknown((char *)random_bytes, sizeof random_bytes);
    cq_sas_init(&s, random_bytes);
    /* Before their key: every output refused. */
    (void)cq_sas_mac(&s, mac, msg, n, info, info_len);
    (void)cq_sas_set_their_key(&s, their_key);
    //@ split out_len;
    (void)cq_sas_generate_bytes(&s, out, out_len, info, info_len);
    //@ merge out_len;
    //@ split n;
    (void)cq_sas_mac(&s, mac, msg + (MAX_MSG - n), n, info, info_len);
    (void)cq_sas_mac_long_kdf(&s, mac, msg + (MAX_MSG - n), n, info, info_len);
    cq_sas_legacy_base64(text, mac);
    cq_sas_clear(&s);
    return 0;
}
