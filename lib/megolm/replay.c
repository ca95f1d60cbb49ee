/*
 * The opt-in replay record of an inbound group session (megolm.h, since ABI
 * 1.1; docs/megolm.md §Replays). Neither libolm nor vodozemac has one: a
 * server can send an old Megolm message again under a new event, and each
 * application had to notice by itself. With the record on, decryption says
 * whether this message index was seen before with the same message (a
 * harmless duplicate) or with another one (the sender's key signed two
 * messages at one index: its own status, the plaintext withheld).
 * SPDX-License-Identifier: Apache-2.0
 *
 * Nothing here is secret: indices and message digests are public. Entries
 * are kept unordered and searched linearly; 128 entries of 20 bytes, in a
 * struct of its own that lib/api allocates only when the record is on.
 */
#include <string.h>

#include "megolm.h"

/* The index's distance from the first known index: indices wrap at 2^32,
 * so they are ordered by how far they lie after the session's start. */
static uint32_t age_key(const cq_megolm_inbound *s, uint32_t index)
{
    return (uint32_t)(index - s->initial.counter);
}

/* The entry for index, or -1. */
static int find(const cq_megolm_replay *r, uint32_t index)
{
    for (int i = 0; i < (int)r->count; i++) {
        if (r->entries[i].index == index) {
            return i;
        }
    }
    return -1;
}

/* The entry with the lowest index (relative to the session's start). */
static int lowest(const cq_megolm_inbound *s, const cq_megolm_replay *r)
{
    int low = 0;

    for (int i = 1; i < (int)r->count; i++) {
        if (age_key(s, r->entries[i].index) < age_key(s, r->entries[low].index)) {
            low = i;
        }
    }
    return low;
}

/*
 * Adds (index, digest) to s's record, which does not hold index: appended,
 * or in place of the lowest entry when full. Returns the verdict:
 * FIRST_TIME, or UNTRACKED (nothing stored) when the record is full and
 * index is older than all it holds.
 */
static cq_megolm_replay_verdict insert(const cq_megolm_inbound *s, cq_megolm_replay *r,
                                       uint32_t index, const uint8_t *digest)
{
    int slot = (int)r->count;

    if (r->count == CQ_MEGOLM_REPLAY_MAX) {
        slot = lowest(s, r);
        if (age_key(s, index) < age_key(s, r->entries[slot].index)) {
            return CQ_MEGOLM_REPLAY_UNTRACKED;
        }
        r->evicted++;
    } else {
        r->count++;
    }
    r->entries[slot].index = index;
    memcpy(r->entries[slot].digest, digest, CQ_MEGOLM_REPLAY_DIGEST_BYTES);
    return CQ_MEGOLM_REPLAY_FIRST_TIME;
}

/* megolm.h */
cliquet_status cq_megolm_inbound_decrypt_recorded(cq_megolm_inbound *s, cq_megolm_replay *r,
                                                  uint8_t *out, size_t out_cap,
                                                  size_t *out_len, uint32_t *index,
                                                  cq_megolm_replay_verdict *verdict,
                                                  const uint8_t *msg, size_t n)
{
    cq_megolm_inbound next = *s;
    uint8_t digest[CQ_SHA256_BYTES];
    size_t len = 0;
    uint32_t at = 0;
    int i = -1;
    cliquet_status st;

    st = cq_megolm_inbound_decrypt(&next, out, out_cap, &len, &at, msg, n);
    if (st != CLIQUET_OK) {
        if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
            *out_len = len;
        }
        cq_wipe(&next, sizeof next);
        return st;
    }
    if (r != NULL) {
        /* The whole message, signature included: libsodium's strict
         * verification admits one encoding per signed message, so only
         * the holder of the signing key can make another at this index. */
        cq_sha256(digest, msg, n);
        i = find(r, at);
        if (i >= 0 && memcmp(r->entries[i].digest, digest,
                             CQ_MEGOLM_REPLAY_DIGEST_BYTES) != 0) {
            /* Decryption wrote the whole padded ciphertext's length,
             * which is below the message's. */
            cq_wipe(out, n < out_cap ? n : out_cap);
            cq_wipe(&next, sizeof next);
            return CLIQUET_ERR_MESSAGE_INDEX_REUSED;
        }
    }
    /* Nothing can fail from here: the session and its record commit
     * together. insert() ages entries from the first known index, which
     * decryption never moves. */
    *verdict = CQ_MEGOLM_REPLAY_OFF;
    if (r != NULL) {
        *verdict = i >= 0 ? CQ_MEGOLM_REPLAY_SAME : insert(&next, r, at, digest);
    }
    *s = next;
    *out_len = len;
    *index = at;
    cq_wipe(&next, sizeof next);
    return CLIQUET_OK;
}

/* megolm.h */
void cq_megolm_replay_prune(cq_megolm_replay *r, const cq_megolm_inbound *s)
{
    uint16_t kept = 0;

    for (uint16_t i = 0; i < r->count; i++) {
        if (cq_megolm_index_at_or_after(r->entries[i].index, s->initial.counter)) {
            r->entries[kept++] = r->entries[i];
        }
    }
    memset(&r->entries[kept], 0, (size_t)(r->count - kept) * sizeof r->entries[0]);
    r->count = kept;
}

/* megolm.h */
void cq_megolm_replay_fold(cq_megolm_replay *into, const cq_megolm_inbound *s,
                           const cq_megolm_replay *from)
{
    if (from == NULL) {
        return;
    }
    for (uint16_t i = 0; i < from->count; i++) {
        if (find(into, from->entries[i].index) < 0) {
            (void)insert(s, into, from->entries[i].index, from->entries[i].digest);
        }
    }
}

/* megolm.h */
size_t cq_megolm_replay_pickle_len(const cq_megolm_replay *r)
{
    if (r == NULL) {
        return 0;
    }
    return 1 + 2 + 4 + (size_t)r->count * (4 + CQ_MEGOLM_REPLAY_DIGEST_BYTES);
}

/* megolm.h */
void cq_megolm_replay_pickle(cq_writer *w, const cq_megolm_replay *r)
{
    if (r == NULL) {
        return;
    }
    cq_write_u8(w, 1);
    cq_write_u8(w, (uint8_t)(r->count >> 8));
    cq_write_u8(w, (uint8_t)r->count);
    cq_write_u32_be(w, r->evicted);
    for (uint16_t i = 0; i < r->count; i++) {
        cq_write_u32_be(w, r->entries[i].index);
        cq_write_bytes(w, r->entries[i].digest, CQ_MEGOLM_REPLAY_DIGEST_BYTES);
    }
}

/* megolm.h */
cliquet_status cq_megolm_replay_unpickle(cq_megolm_replay *out, const cq_megolm_inbound *s,
                                         const uint8_t *p, size_t n)
{
    cq_megolm_replay r;
    cq_reader rd;
    uint8_t flag = 0, hi = 0, lo = 0;
    uint16_t count;
    cliquet_status st = CLIQUET_OK;

    memset(&r, 0, sizeof r);
    cq_reader_init(&rd, p, n);
    if (cq_read_u8(&rd, &flag) != 0 || flag != 1 || cq_read_u8(&rd, &hi) != 0 ||
        cq_read_u8(&rd, &lo) != 0 || cq_read_u32_be(&rd, &r.evicted) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    count = (uint16_t)((hi << 8) | lo);
    if (count > CQ_MEGOLM_REPLAY_MAX ||
        cq_reader_remaining(&rd) != (size_t)count * (4 + CQ_MEGOLM_REPLAY_DIGEST_BYTES)) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* r.count grows with the entries read, so find() sees those only. */
    for (uint16_t i = 0; i < count && st == CLIQUET_OK; i++) {
        cq_megolm_replay_entry e;

        /* Truncated (not after the length check above), or not as cliquet
         * writes it: an index twice, or one before the start. */
        if (cq_read_u32_be(&rd, &e.index) != 0 ||
            cq_read_bytes(&rd, e.digest, CQ_MEGOLM_REPLAY_DIGEST_BYTES) != 0 ||
            find(&r, e.index) >= 0 ||
            !cq_megolm_index_at_or_after(e.index, s->initial.counter)) {
            st = CLIQUET_ERR_PICKLE_CORRUPTED;
        } else {
            r.entries[r.count++] = e;
        }
    }
    if (st == CLIQUET_OK) {
        memcpy(out, &r, sizeof r);
    }
    return st;
}
