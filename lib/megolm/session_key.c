/*
 * The session sharing format (v2, signed, 229 bytes) and the session export
 * format (v1, unsigned, 165 bytes):
 *
 *   | V | i (u32 BE) | R(i,0) R(i,1) R(i,2) R(i,3) | Kpub | signature (v2) |
 *   0   1            5                             133    165              229
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "megolm.h"

/* spec: megolm.md §Session sharing format */
/* V, i, R_i, Kpub: the common 165-byte head of both formats. */
static void write_head(cq_writer *w, uint8_t version, const cq_megolm_ratchet *r,
                       const uint8_t public_key[CQ_ED25519_PUBLIC_BYTES])
{
    cq_write_u8(w, version);
    cq_write_u32_be(w, r->counter);
    cq_write_bytes(w, r->data, CQ_MEGOLM_RATCHET_BYTES);
    cq_write_bytes(w, public_key, CQ_ED25519_PUBLIC_BYTES);
}

/* spec: megolm.md §Session sharing format */
/* Reads the head; the length was checked by the caller. */
static cliquet_status read_head(cq_megolm_ratchet *r,
                                uint8_t public_key[CQ_ED25519_PUBLIC_BYTES],
                                const uint8_t *in, uint8_t version)
{
    cq_reader rd;
    uint8_t v = 0;
    uint32_t counter = 0;

    cq_reader_init(&rd, in, CQ_MEGOLM_EXPORT_BYTES);
    (void)cq_read_u8(&rd, &v);
    if (v != version) {
        return CLIQUET_ERR_BAD_SESSION_KEY;
    }
    (void)cq_read_u32_be(&rd, &counter);
    cq_megolm_ratchet_init(r, in + rd.pos, counter);
    memcpy(public_key, in + rd.pos + CQ_MEGOLM_RATCHET_BYTES,
           CQ_ED25519_PUBLIC_BYTES);
    return CLIQUET_OK;
}

/* megolm.h */
void cq_megolm_session_key_write(uint8_t out[CQ_MEGOLM_SESSION_KEY_BYTES],
                                 const cq_megolm_ratchet *r,
                                 const cq_ed25519_key *k)
{
    cq_writer w;

    /* spec: megolm.md §Session sharing format: "The version byte, V, is
     * "\x02". This is followed by the ratchet index, i, which is encoded as
     * a big-endian 32-bit integer; the ratchet values R_{i,j}; and the public
     * part of the Ed25519 keypair K. The data is then signed using the
     * Ed25519 keypair, and the 64-byte signature is appended." */
    cq_writer_init(&w, out, CQ_MEGOLM_SESSION_KEY_BYTES);
    write_head(&w, CQ_MEGOLM_SESSION_KEY_VERSION, r, k->public_key);
    cq_ed25519_sign(out + CQ_MEGOLM_EXPORT_BYTES, k, out, CQ_MEGOLM_EXPORT_BYTES);
}

/* spec: megolm.md §Session sharing format */
/* megolm.h */
cliquet_status cq_megolm_session_key_read(cq_megolm_ratchet *r,
                                          uint8_t public_key[CQ_ED25519_PUBLIC_BYTES],
                                          const uint8_t *in, size_t n)
{
    cq_megolm_ratchet tmp_r;
    uint8_t tmp_key[CQ_ED25519_PUBLIC_BYTES];
    cliquet_status st;

    if (n != CQ_MEGOLM_SESSION_KEY_BYTES) {
        return CLIQUET_ERR_BAD_SESSION_KEY;
    }
    st = read_head(&tmp_r, tmp_key, in, CQ_MEGOLM_SESSION_KEY_VERSION);
    /* spec: megolm.md §Sharing session data: "the recipient first checks
     * that the signature matches the public key." Strict verification. */
    if (st == CLIQUET_OK) {
        st = cq_ed25519_verify(in + CQ_MEGOLM_EXPORT_BYTES, tmp_key, in,
                               CQ_MEGOLM_EXPORT_BYTES);
    }
    if (st == CLIQUET_OK) {
        memcpy(r, &tmp_r, sizeof tmp_r);
        memcpy(public_key, tmp_key, sizeof tmp_key);
    }
    cq_wipe(&tmp_r, sizeof tmp_r);
    return st;
}

/* megolm.h */
void cq_megolm_export_write(uint8_t out[CQ_MEGOLM_EXPORT_BYTES],
                            const cq_megolm_ratchet *r,
                            const uint8_t public_key[CQ_ED25519_PUBLIC_BYTES])
{
    cq_writer w;

    /* spec: megolm.md §Session export format: "identical to the session
     * sharing format except for dropping the signature" (version 0x01 in
     * libolm, see megolm.h). */
    cq_writer_init(&w, out, CQ_MEGOLM_EXPORT_BYTES);
    write_head(&w, CQ_MEGOLM_EXPORT_VERSION, r, public_key);
}

/* spec: megolm.md §Session export format */
/* megolm.h */
cliquet_status cq_megolm_export_read(cq_megolm_ratchet *r,
                                     uint8_t public_key[CQ_ED25519_PUBLIC_BYTES],
                                     const uint8_t *in, size_t n)
{
    cq_megolm_ratchet tmp_r;
    uint8_t tmp_key[CQ_ED25519_PUBLIC_BYTES];
    cliquet_status st;

    if (n != CQ_MEGOLM_EXPORT_BYTES) {
        return CLIQUET_ERR_BAD_SESSION_KEY;
    }
    st = read_head(&tmp_r, tmp_key, in, CQ_MEGOLM_EXPORT_VERSION);
    if (st == CLIQUET_OK) {
        memcpy(r, &tmp_r, sizeof tmp_r);
        memcpy(public_key, tmp_key, sizeof tmp_key);
    }
    cq_wipe(&tmp_r, sizeof tmp_r);
    return st;
}
