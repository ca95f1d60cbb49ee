/*
 * Comparing, merging and advancing inbound group sessions, as vodozemac's
 * InboundGroupSession::connected / compare / merge / advance_to do
 * (src/megolm/inbound_group_session.rs): a client that receives the same
 * session from a key share, a backup and a forwarded key keeps the best.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Constant time: the ratchets are secret. They are advanced by a number of
 * HMACs that depends on the (public) indices only, and compared with
 * cq_ct_memcmp; the verdict, connected or not, is the answer the caller
 * asked for. Signing keys are public and compared plainly.
 */
#include <string.h>

#include "megolm.h"

/*
 * The ratchet of s at index (at or after its first known index): from the
 * latest ratchet when it is not past index, else from the initial one.
 */
static void ratchet_at(cq_megolm_ratchet *out, const cq_megolm_inbound *s, uint32_t index)
{
    if (cq_megolm_index_at_or_after(s->latest.counter, s->initial.counter) &&
        cq_megolm_index_at_or_after(index, s->latest.counter)) {
        *out = s->latest;
    } else {
        *out = s->initial;
    }
    cq_megolm_ratchet_advance_to(out, index);
}

/* 1 if `later`'s first ratchet is `earlier`'s ratchet advanced to its index. */
static int reaches(const cq_megolm_inbound *earlier, const cq_megolm_inbound *later)
{
    cq_megolm_ratchet r;
    int same;

    ratchet_at(&r, earlier, later->initial.counter);
    same = cq_ct_memcmp(r.data, later->initial.data, CQ_MEGOLM_RATCHET_BYTES) == 0;
    cq_wipe(&r, sizeof r);
    return same;
}

/* megolm.h */
cq_megolm_ordering cq_megolm_inbound_compare(const cq_megolm_inbound *a,
                                             const cq_megolm_inbound *b)
{
    uint32_t ia = a->initial.counter, ib = b->initial.counter;

    /* vodozemac's connected(): "Short circuit if ... the signing keys
     * differ. This is comparing public key material." */
    if (memcmp(a->signing_key, b->signing_key, sizeof a->signing_key) != 0) {
        return CQ_MEGOLM_UNCONNECTED;
    }
    /* vodozemac's connected(): "Short circuit if session configs differ":
     * the same ratchet under two configs is two sessions. */
    if (a->full_mac != b->full_mac) {
        return CQ_MEGOLM_UNCONNECTED;
    }
    if (ia == ib) {
        return reaches(a, b) ? CQ_MEGOLM_EQUAL : CQ_MEGOLM_UNCONNECTED;
    }
    if (cq_megolm_index_at_or_after(ib, ia)) {
        return reaches(a, b) ? CQ_MEGOLM_BETTER : CQ_MEGOLM_UNCONNECTED;
    }
    if (cq_megolm_index_at_or_after(ia, ib)) {
        return reaches(b, a) ? CQ_MEGOLM_WORSE : CQ_MEGOLM_UNCONNECTED;
    }
    /* Exactly 2^31 apart: neither is after the other. */
    return CQ_MEGOLM_UNCONNECTED;
}

/* megolm.h */
int cq_megolm_inbound_merge(cq_megolm_inbound *out, const cq_megolm_inbound *a,
                            const cq_megolm_inbound *b)
{
    const cq_megolm_inbound *best;

    switch (cq_megolm_inbound_compare(a, b)) {
    case CQ_MEGOLM_EQUAL:
    case CQ_MEGOLM_BETTER:
        best = a;
        break;
    case CQ_MEGOLM_WORSE:
        best = b;
        break;
    case CQ_MEGOLM_UNCONNECTED:
    default:
        return -1;
    }
    /* vodozemac's merge(): initial_ratchet and latest_ratchet the best
     * ratchet; signing_key_verified: self || other. */
    out->initial = best->initial;
    out->latest = best->initial;
    memcpy(out->signing_key, best->signing_key, sizeof out->signing_key);
    out->verified = (uint8_t)(a->verified | b->verified);
    out->imported = (uint8_t)(a->imported & b->imported);
    out->full_mac = best->full_mac; /* connected: the same in a and b */
    /* The replay records (replay.c) fold together: on if either was. */
    memset(&out->replay, 0, sizeof out->replay);
    cq_megolm_replay_fold(out, &a->replay);
    cq_megolm_replay_fold(out, &b->replay);
    return 0;
}

/* megolm.h */
int cq_megolm_inbound_advance_to(cq_megolm_inbound *s, uint32_t index)
{
    /* vodozemac's advance_to(): only when first_known_index < index. */
    if (index == s->initial.counter ||
        !cq_megolm_index_at_or_after(index, s->initial.counter)) {
        return 0;
    }
    /* The latest ratchet is kept when it is already at or past index. */
    if (!cq_megolm_index_at_or_after(s->latest.counter, index)) {
        ratchet_at(&s->latest, s, index);
        s->initial = s->latest;
    } else {
        cq_megolm_ratchet_advance_to(&s->initial, index);
    }
    /* Recorded indices before the new start can no longer decrypt. */
    cq_megolm_replay_prune(s);
    return 1;
}
