/*
 * Pickles of PK decryption (key backup) keys, native and libolm
 * (cliquet.h, Pickles; the shared parts are pickle_api.c).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/pickle_api.h"
#include "pk/pk.h"

/* ---- PK decryption ------------------------------------------------------------------ */

/* cliquet.h */
cliquet_status cliquet_pk_decryption_pickle(const cliquet_pk_decryption *d,
                                            char *out, size_t out_cap,
                                            size_t *out_len,
                                            const uint8_t *key, size_t key_len)
{
    cq_api_payload pl;
    cliquet_status st = cq_api_pickle_args(d, out_len, cq_api_native_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    st = cq_api_payload_begin(&pl, CQ_PK_DECRYPTION_PICKLE_BYTES, 0);
    if (st != CLIQUET_OK) {
        return st;
    }
    cq_pk_decryption_pickle_write(&pl.w, cq_api_pk_decryption_state(d));
    return cq_api_payload_seal(&pl, out, out_cap, out_len, key,
                        CQ_PICKLE_TYPE_PK_DECRYPTION);
}

/* Reads the whole of r as a PK decryption layout. */
static cliquet_status pk_read(cq_pk_decryption *d, cq_reader *r)
{
    cliquet_status st = cq_pk_decryption_pickle_read(d, r);

    if (st == CLIQUET_OK && cq_reader_remaining(r) != 0) {
        st = CLIQUET_ERR_PICKLE_EXTRA_DATA; /* a whole key pair, then more */
    }
    return st;
}

static cliquet_status pk_commit(cliquet_pk_decryption **out, cq_pk_decryption *d,
                                cliquet_status st)
{
    if (st == CLIQUET_OK) {
        st = cq_api_pk_decryption_from_state(out, d);
    }
    cq_pk_decryption_clear(d);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_unpickle(
    cliquet_pk_decryption **out, const uint8_t *key, size_t key_len,
    const char *pickle, size_t pickle_len)
{
    cq_api_opened o;
    cq_reader core;
    const uint8_t *ext;
    cq_pk_decryption d;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_native_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    memset(&d, 0, sizeof d);
    st = cq_api_open_native(&o, key, CQ_PICKLE_TYPE_PK_DECRYPTION, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        st = cq_api_payload_split(&o, CQ_PK_DECRYPTION_PICKLE_VERSION, &core, &ext, 0);
    }
    if (st == CLIQUET_OK) {
        st = cq_api_corrupted_unless_ok(pk_read(&d, &core));
    }
    cq_api_opened_release(&o);
    return pk_commit(out, &d, st);
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_pickle_libolm(const cliquet_pk_decryption *d,
                                                   char *out, size_t out_cap,
                                                   size_t *out_len,
                                                   const uint8_t *key,
                                                   size_t key_len)
{
    uint8_t raw[CQ_PK_DECRYPTION_PICKLE_BYTES];
    cq_writer w;
    cliquet_status st = cq_api_pickle_args(d, out_len, cq_api_libolm_key(key, key_len));

    if (st != CLIQUET_OK) {
        return st;
    }
    cq_writer_init(&w, raw, sizeof raw);
    cq_pk_decryption_pickle_write(&w, cq_api_pk_decryption_state(d));
    st = cq_api_seal_libolm(out, out_cap, out_len, key, key_len, raw, sizeof raw);
    cq_wipe(raw, sizeof raw);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_pk_decryption_unpickle_libolm(cliquet_pk_decryption **out,
                                                     const uint8_t *key,
                                                     size_t key_len,
                                                     const char *pickle,
                                                     size_t pickle_len)
{
    cq_api_opened o;
    cq_reader r;
    cq_pk_decryption d;
    cliquet_status st = cq_api_unpickle_args(out, cq_api_libolm_key(key, key_len), pickle, pickle_len);

    if (st != CLIQUET_OK) {
        return st;
    }
    memset(&d, 0, sizeof d);
    st = cq_api_open_libolm(&o, key, key_len, pickle, pickle_len);
    if (st == CLIQUET_OK) {
        cq_reader_init(&r, o.data, o.len);
        st = pk_read(&d, &r);
    }
    cq_api_opened_release(&o);
    return pk_commit(out, &d, st);
}
