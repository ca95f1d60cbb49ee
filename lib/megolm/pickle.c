/*
 * The fields of libolm's group session pickles, unencrypted (the layouts are
 * in megolm.h). lib/pickle adds libolm's envelope around them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "megolm.h"

static void write_ratchet(cq_writer *w, const cq_megolm_ratchet *r)
{
    cq_write_bytes(w, r->data, CQ_MEGOLM_RATCHET_BYTES);
    cq_write_u32_be(w, r->counter);
}

static int read_ratchet(cq_reader *rd, cq_megolm_ratchet *r)
{
    if (cq_read_bytes(rd, r->data, CQ_MEGOLM_RATCHET_BYTES) != 0 ||
        cq_read_u32_be(rd, &r->counter) != 0) {
        return -1;
    }
    return 0;
}

/* megolm.h */
void cq_megolm_outbound_pickle(cq_writer *w, const cq_megolm_outbound *s)
{
    cq_write_u32_be(w, CQ_MEGOLM_OUTBOUND_PICKLE_VERSION);
    write_ratchet(w, &s->ratchet);
    /* libolm keeps the expanded secret, never the seed. */
    cq_write_bytes(w, s->signing_key.public_key, CQ_ED25519_PUBLIC_BYTES);
    cq_write_bytes(w, s->signing_key.expanded, CQ_ED25519_EXPANDED_BYTES);
}

/* megolm.h */
cliquet_status cq_megolm_outbound_unpickle(cq_megolm_outbound *s, cq_reader *r)
{
    cq_megolm_outbound tmp;
    uint8_t public_key[CQ_ED25519_PUBLIC_BYTES];
    uint8_t expanded[CQ_ED25519_EXPANDED_BYTES];
    uint32_t version = 0;
    cliquet_status st = CLIQUET_OK;

    memset(&tmp, 0, sizeof tmp);
    /* The checks run in this order; two of them answer with one status. */
    if (cq_read_u32_be(r, &version) != 0) { /* NOLINT(bugprone-branch-clone): ordered checks */
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    } else if (version != CQ_MEGOLM_OUTBOUND_PICKLE_VERSION) {
        st = CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    } else if (read_ratchet(r, &tmp.ratchet) != 0 ||
               cq_read_bytes(r, public_key, sizeof public_key) != 0 ||
               cq_read_bytes(r, expanded, sizeof expanded) != 0) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    } else if (cq_ed25519_from_expanded(&tmp.signing_key, expanded) != CLIQUET_OK ||
               memcmp(tmp.signing_key.public_key, public_key,
                      sizeof public_key) != 0) {
        /* The public key is recomputed from the secret; a stored one that
         * differs means the pickle is corrupt (public data, plain memcmp). */
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    } else if (cq_reader_remaining(r) != 0) {
        st = CLIQUET_ERR_PICKLE_EXTRA_DATA; /* a whole session, then more */
    }
    if (st == CLIQUET_OK) {
        memcpy(s, &tmp, sizeof tmp);
    }
    cq_wipe(&tmp, sizeof tmp);
    cq_wipe(expanded, sizeof expanded);
    return st;
}

/* megolm.h */
void cq_megolm_inbound_pickle(cq_writer *w, const cq_megolm_inbound *s)
{
    cq_write_u32_be(w, CQ_MEGOLM_INBOUND_PICKLE_VERSION);
    write_ratchet(w, &s->initial);
    write_ratchet(w, &s->latest);
    cq_write_bytes(w, s->signing_key, CQ_ED25519_PUBLIC_BYTES);
    cq_write_u8(w, s->verified);
}

/* megolm.h */
cliquet_status cq_megolm_inbound_unpickle(cq_megolm_inbound *s, cq_reader *r)
{
    cq_megolm_inbound tmp;
    uint32_t version = 0;
    uint8_t verified = 1;
    cliquet_status st = CLIQUET_OK;

    memset(&tmp, 0, sizeof tmp);
    /* The checks run in this order; two of them answer with one status. */
    if (cq_read_u32_be(r, &version) != 0) { /* NOLINT(bugprone-branch-clone): ordered checks */
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    } else if (version != 1 && version != CQ_MEGOLM_INBOUND_PICKLE_VERSION) {
        st = CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    } else if (read_ratchet(r, &tmp.initial) != 0 ||
               read_ratchet(r, &tmp.latest) != 0 ||
               cq_read_bytes(r, tmp.signing_key, sizeof tmp.signing_key) != 0 ||
               (version == 2 && cq_read_u8(r, &verified) != 0) || verified > 1) {
        /* Version 1 had no flag: libolm verified every key at import then,
         * so it reads as verified. libolm writes the flag as 0 or 1. */
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    } else if (cq_reader_remaining(r) != 0) {
        st = CLIQUET_ERR_PICKLE_EXTRA_DATA; /* a whole session, then more */
    }
    if (st == CLIQUET_OK) {
        tmp.verified = verified;
        /* libolm keeps no origin. A flag of 0 can only mean an import no
         * message has confirmed yet; 1 is a signed key or a confirmed
         * import, which libolm no longer tells apart (docs/megolm.md). */
        tmp.imported = (uint8_t)(verified == 0);
        memcpy(s, &tmp, sizeof tmp);
    }
    cq_wipe(&tmp, sizeof tmp);
    return st;
}
