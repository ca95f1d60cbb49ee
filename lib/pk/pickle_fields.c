/*
 * The PK decryption key's fields in libolm's unencrypted pickle layout,
 * version 1 (libolm src/pk.cpp: the version as a big-endian u32, then the
 * Curve25519 key pair as public key then private key, 32 bytes each).
 * lib/pickle wraps these in an envelope; nothing here encrypts.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "pk.h"

/* pk.h */
void cq_pk_decryption_pickle_write(cq_writer *w, const cq_pk_decryption *d)
{
    cq_write_u32_be(w, CQ_PK_DECRYPTION_PICKLE_VERSION);
    cq_write_bytes(w, d->public_key, CQ_PK_KEY_BYTES);
    cq_write_bytes(w, d->private_key, CQ_PK_KEY_BYTES);
}

/* pk.h */
cliquet_status cq_pk_decryption_pickle_read(cq_pk_decryption *d, cq_reader *r)
{
    cq_reader copy = *r;
    cq_pk_decryption tmp;
    uint8_t stored_public[CQ_PK_KEY_BYTES];
    uint32_t version;
    cliquet_status st = CLIQUET_ERR_PICKLE_CORRUPTED;

    if (cq_read_u32_be(&copy, &version) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (version != CQ_PK_DECRYPTION_PICKLE_VERSION) {
        return CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    }
    if (cq_read_bytes(&copy, stored_public, CQ_PK_KEY_BYTES) != 0 ||
        cq_read_bytes(&copy, tmp.private_key, CQ_PK_KEY_BYTES) != 0) {
        goto done;
    }
    /* The public key is derived, not trusted: a pickle whose two halves
     * disagree is corrupt, whatever libolm would have made of it. */
    cq_pk_decryption_from_private(&tmp, tmp.private_key);
    if (cq_ct_memcmp(tmp.public_key, stored_public, CQ_PK_KEY_BYTES) != 0) {
        goto done;
    }
    *d = tmp;
    *r = copy;
    st = CLIQUET_OK;
done:
    cq_pk_decryption_clear(&tmp);
    return st;
}
