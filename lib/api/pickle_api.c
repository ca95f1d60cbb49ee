/*
 * The pickle calls' shared parts (pickle_api.h): argument checks, sealing
 * and opening envelopes in the caller's buffers, the native payload.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/pickle_api.h"

/* ---- buffers ------------------------------------------------------------------- */

/* pickle_api.h */
void *cq_api_alloc_zero(size_t n)
{
    return calloc(1, n > 0 ? n : 1);
}


/* ---- envelopes over the caller's buffers -------------------------------------- */

/* pickle_api.h */
cliquet_status cq_api_native_key(const uint8_t *key, size_t key_len)
{
    if (!cq_api_input_ok(key, key_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return key_len == CQ_PICKLE_KEY_BYTES ? CLIQUET_OK : CLIQUET_ERR_BAD_KEY_LENGTH;
}

/* pickle_api.h */
cliquet_status cq_api_libolm_key(const uint8_t *key, size_t key_len)
{
    if (!cq_api_input_ok(key, key_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return key_len > CQ_API_MAX_LIBOLM_KEY_BYTES ? CLIQUET_ERR_INPUT_TOO_LARGE : CLIQUET_OK;
}

/* pickle_api.h */
cliquet_status cq_api_pickle_args(const void *object, const size_t *out_len,
                                  cliquet_status key_st)
{
    if (object == NULL || out_len == NULL || key_st == CLIQUET_ERR_INVALID_ARGUMENT) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    return cq_api_ready() ? key_st : CLIQUET_ERR_NOT_INITIALISED;
}

/* pickle_api.h */
cliquet_status cq_api_unpickle_args(const void *out, cliquet_status key_st,
                                    const char *pickle, size_t pickle_len)
{
    if (out == NULL || key_st == CLIQUET_ERR_INVALID_ARGUMENT ||
        !cq_api_input_ok(pickle, pickle_len)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (key_st != CLIQUET_OK) {
        return key_st;
    }
    return pickle_len > CQ_API_MAX_PICKLE_TEXT ? CLIQUET_ERR_INPUT_TOO_LARGE : CLIQUET_OK;
}

/* pickle_api.h */
cliquet_status cq_api_seal_native(char *out, size_t out_cap, size_t *out_len,
                                  const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                  uint8_t type, const uint8_t *payload, size_t n)
{
    uint8_t nonce[CQ_PICKLE_NONCE_BYTES];
    size_t raw_len = cq_pickle_native_raw_len(n);
    uint8_t *work;
    cliquet_status st;

    st = cq_api_check_text_output(out, out_cap, out_len, cq_pickle_native_text_len(n));
    if (st != CLIQUET_OK) {
        return st;
    }
    work = cq_api_alloc_zero(raw_len);
    if (work == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_random(nonce, sizeof nonce);
    cq_pickle_native_write(out, work, type, key, nonce, payload, n);
    *out_len = cq_pickle_native_text_len(n);
    out[*out_len] = '\0';
    cq_api_free(work, raw_len);
    return CLIQUET_OK;
}

/* pickle_api.h */
cliquet_status cq_api_seal_libolm(char *out, size_t out_cap, size_t *out_len,
                                  const uint8_t *key, size_t key_len,
                                  const uint8_t *raw, size_t n)
{
    size_t work_len = cq_pickle_libolm_raw_len(n);
    uint8_t *work;
    cliquet_status st;

    st = cq_api_check_text_output(out, out_cap, out_len, cq_pickle_libolm_text_len(n));
    if (st != CLIQUET_OK) {
        return st;
    }
    work = cq_api_alloc_zero(work_len);
    if (work == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_pickle_libolm_write(out, work, key, key_len, raw, n);
    *out_len = cq_pickle_libolm_text_len(n);
    out[*out_len] = '\0';
    cq_api_free(work, work_len);
    return CLIQUET_OK;
}


/* pickle_api.h */
void cq_api_opened_release(cq_api_opened *o)
{
    cq_api_free(o->work, o->work_cap);
    o->work = NULL;
}

static cliquet_status open_alloc(cq_api_opened *o, size_t pickle_len)
{
    memset(o, 0, sizeof *o);
    /* One byte more than the text decodes to: room for the libolm account
     * version 2 upgrade, which adds a byte. */
    o->work_cap = cq_base64_decoded_len(pickle_len) + 1;
    o->work = cq_api_alloc_zero(o->work_cap);
    return o->work != NULL ? CLIQUET_OK : CLIQUET_ERR_NO_MEMORY;
}

/* pickle_api.h */
cliquet_status cq_api_open_native(cq_api_opened *o,
                                  const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                  uint8_t type, const char *pickle,
                                  size_t pickle_len)
{
    cliquet_status st = open_alloc(o, pickle_len);

    if (st == CLIQUET_OK) {
        st = cq_pickle_native_read(&o->data, &o->len, o->work, o->work_cap,
                                   type, key, pickle, pickle_len);
    }
    return st;
}

/* pickle_api.h */
cliquet_status cq_api_open_libolm(cq_api_opened *o, const uint8_t *key, size_t key_len,
                                  const char *pickle, size_t pickle_len)
{
    cliquet_status st = open_alloc(o, pickle_len);

    if (st == CLIQUET_OK) {
        st = cq_pickle_libolm_read(&o->len, o->work, o->work_cap, key, key_len,
                                   pickle, pickle_len);
        o->data = o->work;
    }
    return st;
}

/* ---- native payloads ------------------------------------------------------------ */


/* pickle_api.h */
cliquet_status cq_api_payload_begin(cq_api_payload *pl, size_t core_len, size_t ext_len)
{
    pl->len = 4 + core_len + ext_len; /* u32 core length first */
    pl->p = cq_api_alloc_zero(pl->len);
    if (pl->p == NULL) {
        return CLIQUET_ERR_NO_MEMORY;
    }
    cq_writer_init(&pl->w, pl->p, pl->len);
    cq_write_u32_be(&pl->w, (uint32_t)core_len);
    return CLIQUET_OK;
}

/* pickle_api.h */
cliquet_status cq_api_payload_seal(cq_api_payload *pl, char *out, size_t out_cap,
                                   size_t *out_len,
                                   const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                   uint8_t type)
{
    cliquet_status st = CLIQUET_ERR_INVALID_ARGUMENT;

    /* Sizes and writers come from the same layer: a mismatch is a bug. */
    if (!pl->w.overflow && pl->w.len == pl->len) {
        st = cq_api_seal_native(out, out_cap, out_len, key, type, pl->p, pl->len);
    }
    cq_api_free(pl->p, pl->len);
    return st;
}

/* pickle_api.h */
cliquet_status cq_api_payload_split(const cq_api_opened *o, uint32_t version,
                                    cq_reader *core, const uint8_t **ext,
                                    size_t ext_len)
{
    cq_reader r;
    uint32_t core_len, core_version;
    const uint8_t *core_bytes;

    cq_reader_init(&r, o->data, o->len);
    if (cq_read_u32_be(&r, &core_len) != 0 ||
        cq_read_view(&r, &core_bytes, core_len) != 0 ||
        cq_read_view(&r, ext, ext_len) != 0 || cq_reader_remaining(&r) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    cq_reader_init(core, core_bytes, core_len);
    if (cq_read_u32_be(core, &core_version) != 0 || core_version != version) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    cq_reader_init(core, core_bytes, core_len);
    return CLIQUET_OK;
}

/* pickle_api.h */
void cq_api_write_seed_ext(cq_writer *w, const cq_ed25519_key *k)
{
    static const uint8_t none[CQ_ED25519_SEED_BYTES] = { 0 };

    cq_write_u8(w, k->has_seed ? 1 : 0);
    cq_write_bytes(w, k->has_seed ? k->seed : none, CQ_ED25519_SEED_BYTES);
}

/* pickle_api.h */
cliquet_status cq_api_read_seed_ext(cq_ed25519_key *k, const uint8_t ext[CQ_API_SEED_EXT])
{
    if (ext[0] > 1) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (ext[0] == 0) {
        return cq_ct_is_zero(ext + 1, CQ_ED25519_SEED_BYTES)
                   ? CLIQUET_OK
                   : CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    /* The seed must expand to the secret the core fields hold. */
    return cq_ed25519_attach_seed(k, ext + 1) == 0 ? CLIQUET_OK
                                                   : CLIQUET_ERR_PICKLE_CORRUPTED;
}

/* pickle_api.h */
cliquet_status cq_api_corrupted_unless_ok(cliquet_status st)
{
    return st == CLIQUET_OK || st == CLIQUET_ERR_NO_MEMORY
               ? st
               : CLIQUET_ERR_PICKLE_CORRUPTED;
}

/* pickle_api.h */
void cq_api_write_config_ext(cq_writer *w, int full_mac)
{
    if (full_mac) {
        cq_write_u8(w, CQ_API_CONFIG_TAG);
        cq_write_u8(w, 2); /* SessionConfig::version() */
    }
}

/* pickle_api.h */
size_t cq_api_config_ext_len(int full_mac)
{
    return full_mac ? CQ_API_CONFIG_EXT : 0;
}

/* pickle_api.h */
cliquet_status cq_api_read_config_ext(const uint8_t *p, size_t n, int *full_mac,
                                      size_t *used)
{
    *full_mac = 0;
    *used = 0;
    if (n < CQ_API_CONFIG_EXT || p[0] != CQ_API_CONFIG_TAG) {
        return CLIQUET_OK;
    }
    /* Only version 2 is ever written: version 1 writes no section. */
    if (p[1] != 2) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    *full_mac = 1;
    *used = CQ_API_CONFIG_EXT;
    return CLIQUET_OK;
}

/* pickle_api.h */
size_t cq_api_payload_ext_len(const cq_api_opened *o, size_t min_len)
{
    uint32_t core_len;

    if (o->len < 4) {
        return min_len;
    }
    core_len = (uint32_t)o->data[0] << 24 | (uint32_t)o->data[1] << 16 |
               (uint32_t)o->data[2] << 8 | (uint32_t)o->data[3];
    if ((size_t)core_len > o->len - 4 || o->len - 4 - core_len < min_len) {
        return min_len;
    }
    return o->len - 4 - core_len;
}
