/*
 * The inbound group session: what a recipient keeps of a sender's session.
 * The initial ratchet (the earliest index known) never moves, so every
 * message from it onwards stays decryptable in any order; the latest
 * ratchet is a cache that saves HMACs for messages arriving in order.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "megolm.h"

/* spec: megolm.md §Sharing session data */
/* megolm.h */
cliquet_status cq_megolm_inbound_from_session_key(cq_megolm_inbound *s,
                                                  const uint8_t *key, size_t n)
{
    cq_megolm_inbound tmp;
    cliquet_status st;

    memset(&tmp, 0, sizeof tmp);
    st = cq_megolm_session_key_read(&tmp.initial, tmp.signing_key, key, n);
    if (st == CLIQUET_OK) {
        memcpy(&tmp.latest, &tmp.initial, sizeof tmp.latest);
        /* A session key carries the sender's signature: verified. */
        tmp.verified = 1;
        tmp.imported = 0;
        memcpy(s, &tmp, sizeof tmp);
    }
    cq_wipe(&tmp, sizeof tmp);
    return st;
}

/* spec: megolm.md §Session export format */
/* megolm.h */
cliquet_status cq_megolm_inbound_import(cq_megolm_inbound *s,
                                        const uint8_t *exported, size_t n)
{
    cq_megolm_inbound tmp;
    cliquet_status st;

    memset(&tmp, 0, sizeof tmp);
    st = cq_megolm_export_read(&tmp.initial, tmp.signing_key, exported, n);
    if (st == CLIQUET_OK) {
        memcpy(&tmp.latest, &tmp.initial, sizeof tmp.latest);
        /* Nothing signed this export: anyone holding the ratchet could have
         * made it with a key of their choosing. Unverified until a message
         * signed with that key decrypts (libolm's rule). */
        tmp.verified = 0;
        /* Whatever decrypts later, the ratchet's origin stays an unsigned
         * export (a forwarded key or a backup): callers must be able to tell. */
        tmp.imported = 1;
        memcpy(s, &tmp, sizeof tmp);
    }
    cq_wipe(&tmp, sizeof tmp);
    return st;
}

/* spec: megolm.md §Advancing the ratchet */
/*
 * The ratchet at index, into *out, taken from the latest ratchet when index
 * is at or after it, else from the initial one when index is at or after
 * that, else refused: the same choice as libolm, with its wrap-around rule.
 * *from_latest says which was used. Never changes the session.
 */
static cliquet_status ratchet_at(cq_megolm_ratchet *out, int *from_latest,
                                 const cq_megolm_inbound *s, uint32_t index)
{
    if (cq_megolm_index_at_or_after(index, s->latest.counter)) {
        memcpy(out, &s->latest, sizeof *out);
        *from_latest = 1;
    } else if (cq_megolm_index_at_or_after(index, s->initial.counter)) {
        memcpy(out, &s->initial, sizeof *out);
        *from_latest = 0;
    } else {
        /* spec: megolm.md §The Megolm ratchet algorithm: "[a client] cannot
         * decrypt history from before that point without reversing the hash
         * function." */
        return CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX;
    }
    cq_megolm_ratchet_advance_to(out, index);
    return CLIQUET_OK;
}

/* spec: megolm.md §Session export format */
/* megolm.h */
cliquet_status cq_megolm_inbound_export(uint8_t out[CQ_MEGOLM_EXPORT_BYTES],
                                        const cq_megolm_inbound *s,
                                        uint32_t index)
{
    cq_megolm_ratchet r;
    int from_latest = 0;
    cliquet_status st;

    /* libolm also moves its latest ratchet here; cliquet's export is const
     * (same output, see docs/megolm.md). */
    st = ratchet_at(&r, &from_latest, s, index);
    if (st == CLIQUET_OK) {
        cq_megolm_export_write(out, &r, s->signing_key);
    }
    cq_wipe(&r, sizeof r);
    return st;
}

/* megolm.h */
cliquet_status cq_megolm_inbound_export_advancing(uint8_t out[CQ_MEGOLM_EXPORT_BYTES],
                                                  cq_megolm_inbound *s,
                                                  uint32_t index)
{
    cq_megolm_ratchet r;
    int from_latest = 0;
    cliquet_status st;

    st = ratchet_at(&r, &from_latest, s, index);
    if (st == CLIQUET_OK) {
        cq_megolm_export_write(out, &r, s->signing_key);
        if (from_latest) {
            memcpy(&s->latest, &r, sizeof r); /* libolm's _get_megolm */
        }
    }
    cq_wipe(&r, sizeof r);
    return st;
}

/* megolm.h */
size_t cq_megolm_decrypt_max_len(size_t n)
{
    return n > CQ_MEGOLM_MESSAGE_OVERHEAD ? n - CQ_MEGOLM_MESSAGE_OVERHEAD : 0;
}

/* spec: megolm.md §Message encryption */
/* spec: megolm.md §Advancing the ratchet */
/* megolm.h */
cliquet_status cq_megolm_inbound_decrypt(cq_megolm_inbound *s, uint8_t *out,
                                         size_t out_cap, size_t *out_len,
                                         uint32_t *index,
                                         const uint8_t *msg, size_t n)
{
    cq_megolm_message m;
    cq_megolm_ratchet r;
    int from_latest = 0;
    size_t len = 0;
    cliquet_status st;

    memset(&r, 0, sizeof r);
    /* The session's config decides: a message of the other one is
     * CLIQUET_ERR_BAD_MESSAGE_VERSION (vodozemac: InvalidMACLength, after
     * its signature check; here before it, on public bytes only). */
    st = cq_megolm_message_parse_v(&m, msg, n, s->full_mac);
    /* spec: megolm.md §Message format: "The signature covers all of the
     * bytes preceding the signature." Checked before any key is derived. */
    if (st == CLIQUET_OK) {
        st = cq_ed25519_verify(m.signature, s->signing_key, msg, m.signed_len);
    }
    if (st == CLIQUET_OK && out_cap < m.ciphertext_len) {
        /* The plaintext is shorter, but decryption needs the room. */
        *out_len = m.ciphertext_len;
        st = CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    if (st == CLIQUET_OK) {
        st = ratchet_at(&r, &from_latest, s, m.index);
    }
    if (st == CLIQUET_OK) {
        st = cq_megolm_message_decrypt(out, &len, &m, &r);
    }
    /* Commit only now: a refused message changes nothing. */
    if (st == CLIQUET_OK) {
        if (from_latest) {
            memcpy(&s->latest, &r, sizeof r);
        }
        /* A message signed with the session's key has decrypted: the key is
         * the sender's after all (libolm sets the same flag here). */
        s->verified = 1;
        *out_len = len;
        *index = m.index;
    }
    cq_wipe(&r, sizeof r);
    return st;
}
