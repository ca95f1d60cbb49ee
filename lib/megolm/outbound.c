/*
 * The outbound group session: the sender's ratchet and signing key.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "megolm.h"

/* megolm.h */
void cq_megolm_outbound_init(cq_megolm_outbound *s,
                             const uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES])
{
    /* spec: megolm.md §Session setup: "The counter i is initialised to 0. A
     * new Ed25519 keypair is generated for K. The ratchet is simply
     * initialised with 1024 bits of cryptographically-secure random data."
     * The order of the random bytes (ratchet, then seed) is libolm's. */
    memset(s, 0, sizeof *s);
    cq_megolm_ratchet_init(&s->ratchet, random, 0);
    cq_ed25519_from_seed(&s->signing_key, random + CQ_MEGOLM_RATCHET_BYTES);
}

/* megolm.h */
const uint8_t *cq_megolm_outbound_id(const cq_megolm_outbound *s)
{
    /* spec: megolm.md §Session setup: "The public part of K is used as an
     * identifier to discriminate between sessions." */
    return s->signing_key.public_key;
}

/* megolm.h */
size_t cq_megolm_outbound_message_len(const cq_megolm_outbound *s,
                                      size_t plaintext_len)
{
    if (plaintext_len > CQ_MEGOLM_MAX_PLAINTEXT_BYTES) {
        return 0;
    }
    return cq_megolm_message_len_v(s->ratchet.counter, plaintext_len,
                                   s->full_mac);
}

/* megolm.h */
cliquet_status cq_megolm_outbound_encrypt(cq_megolm_outbound *s, uint8_t *out,
                                          size_t out_cap, size_t *out_len,
                                          const uint8_t *plaintext,
                                          size_t plaintext_len)
{
    size_t need = cq_megolm_outbound_message_len(s, plaintext_len);

    if (need == 0) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    *out_len = need;
    if (out_cap < need) {
        return CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    /* vodozemac: GroupSession::encrypt, by its SessionConfig. */
    cq_megolm_message_write_v(out, &s->ratchet, &s->signing_key, plaintext,
                              plaintext_len, s->full_mac);
    /* spec: megolm.md §Advancing the ratchet: "After each message is
     * encrypted, the ratchet is advanced." */
    cq_megolm_ratchet_advance(&s->ratchet);
    return CLIQUET_OK;
}

/* spec: megolm.md §Sharing session data */
/* megolm.h */
void cq_megolm_outbound_session_key(uint8_t out[CQ_MEGOLM_SESSION_KEY_BYTES],
                                    const cq_megolm_outbound *s)
{
    cq_megolm_session_key_write(out, &s->ratchet, &s->signing_key);
}
