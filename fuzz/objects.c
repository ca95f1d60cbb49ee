/*
 * fuzz/objects.c: see objects.h. One small wrapper per object and call:
 * the public functions differ in their object types only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <olm/pk.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"
#include "objects.h"
#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pickle/pickle.h"
#include "pk/pk.h"

/* objects.h: Alice's identity key would do as well; any valid key does. */
const char fz_session_peer_key[(CLIQUET_KEY_BASE64_SIZE - 1) + 1] =
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/* libolm's readers destroy their input: they get a copy. */
static char *copy_text(const char *text, size_t n)
{
    char *c = malloc(n + 1);

    fz_require(c != NULL, "malloc");
    memcpy(c, text, n);
    return c;
}

/* ---- account --------------------------------------------------------------- */

static cliquet_status acc_unpickle(void **out, const char *t, size_t n)
{
    cliquet_account *o = NULL;
    cliquet_status st = cliquet_account_unpickle(&o, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES, t, n);

    *out = o;
    return st;
}

static cliquet_status acc_unpickle_libolm(void **out, const uint8_t *key,
                                        size_t key_len, const char *t, size_t n)
{
    cliquet_account *o = NULL;
    cliquet_status st = cliquet_account_unpickle_libolm(&o, key, key_len, t, n);

    *out = o;
    return st;
}

static cliquet_status acc_pickle(const void *o, char *out, size_t cap, size_t *len)
{
    return cliquet_account_pickle(o, out, cap, len, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status acc_pickle_libolm(const void *o, char *out, size_t cap,
                                      size_t *len, const uint8_t *key,
                                      size_t key_len)
{
    return cliquet_account_pickle_libolm(o, out, cap, len, key, key_len);
}

static const void *acc_state(const void *o)
{
    return cq_api_account_state(o);
}

static void acc_release(void *o)
{
    cliquet_account_free(o);
}

static int acc_libolm_accepts(const uint8_t *key, size_t key_len,
                              const char *text, size_t n)
{
    OlmAccount *l = olm_account(malloc(olm_account_size()));
    char *copy = copy_text(text, n);
    size_t r = olm_unpickle_account(l, key, key_len, copy, n);

    olm_clear_account(l);
    free(l);
    free(copy);
    return r != olm_error();
}

/* ---- session --------------------------------------------------------------- */

static cliquet_status ses_unpickle(void **out, const char *t, size_t n)
{
    cliquet_session *o = NULL;
    cliquet_status st = cliquet_session_unpickle(&o, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES, t, n);

    *out = o;
    return st;
}

static cliquet_status ses_unpickle_libolm(void **out, const uint8_t *key,
                                        size_t key_len, const char *t, size_t n)
{
    cliquet_session *o = NULL;
    cliquet_status st = cliquet_session_unpickle_libolm(
        &o, key, key_len, t, n, fz_session_peer_key, (CLIQUET_KEY_BASE64_SIZE - 1));

    *out = o;
    return st;
}

static cliquet_status ses_pickle(const void *o, char *out, size_t cap, size_t *len)
{
    return cliquet_session_pickle(o, out, cap, len, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status ses_pickle_libolm(const void *o, char *out, size_t cap,
                                      size_t *len, const uint8_t *key,
                                      size_t key_len)
{
    return cliquet_session_pickle_libolm(o, out, cap, len, key, key_len);
}

static const void *ses_state(const void *o)
{
    return cq_api_session_state(o);
}

static void ses_release(void *o)
{
    cliquet_session_free(o);
}

static int ses_libolm_accepts(const uint8_t *key, size_t key_len,
                              const char *text, size_t n)
{
    OlmSession *l = olm_session(malloc(olm_session_size()));
    char *copy = copy_text(text, n);
    size_t r = olm_unpickle_session(l, key, key_len, copy, n);

    olm_clear_session(l);
    free(l);
    free(copy);
    return r != olm_error();
}

/* ---- outbound group session ------------------------------------------------ */

static cliquet_status out_unpickle(void **out, const char *t, size_t n)
{
    cliquet_outbound_group_session *o = NULL;
    cliquet_status st = cliquet_outbound_group_session_unpickle(&o, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES, t, n);

    *out = o;
    return st;
}

static cliquet_status out_unpickle_libolm(void **out, const uint8_t *key,
                                        size_t key_len, const char *t, size_t n)
{
    cliquet_outbound_group_session *o = NULL;
    cliquet_status st = cliquet_outbound_group_session_unpickle_libolm(&o, key, key_len, t, n);

    *out = o;
    return st;
}

static cliquet_status out_pickle(const void *o, char *out, size_t cap, size_t *len)
{
    return cliquet_outbound_group_session_pickle(o, out, cap, len, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status out_pickle_libolm(const void *o, char *out, size_t cap,
                                      size_t *len, const uint8_t *key,
                                      size_t key_len)
{
    return cliquet_outbound_group_session_pickle_libolm(o, out, cap, len, key, key_len);
}

static const void *out_state(const void *o)
{
    return cq_api_outbound_group_state(o);
}

static void out_release(void *o)
{
    cliquet_outbound_group_session_free(o);
}

static int out_libolm_accepts(const uint8_t *key, size_t key_len,
                              const char *text, size_t n)
{
    OlmOutboundGroupSession *l = olm_outbound_group_session(malloc(olm_outbound_group_session_size()));
    char *copy = copy_text(text, n);
    size_t r = olm_unpickle_outbound_group_session(l, key, key_len, copy, n);

    olm_clear_outbound_group_session(l);
    free(l);
    free(copy);
    return r != olm_error();
}

/* ---- inbound group session ------------------------------------------------- */

static cliquet_status inb_unpickle(void **out, const char *t, size_t n)
{
    cliquet_inbound_group_session *o = NULL;
    cliquet_status st = cliquet_inbound_group_session_unpickle(&o, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES, t, n);

    *out = o;
    return st;
}

static cliquet_status inb_unpickle_libolm(void **out, const uint8_t *key,
                                        size_t key_len, const char *t, size_t n)
{
    cliquet_inbound_group_session *o = NULL;
    cliquet_status st = cliquet_inbound_group_session_unpickle_libolm(&o, key, key_len, t, n);

    *out = o;
    return st;
}

static cliquet_status inb_pickle(const void *o, char *out, size_t cap, size_t *len)
{
    return cliquet_inbound_group_session_pickle(o, out, cap, len, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status inb_pickle_libolm(const void *o, char *out, size_t cap,
                                      size_t *len, const uint8_t *key,
                                      size_t key_len)
{
    return cliquet_inbound_group_session_pickle_libolm(o, out, cap, len, key, key_len);
}

static const void *inb_state(const void *o)
{
    return cq_api_inbound_group_state(o);
}

static void inb_release(void *o)
{
    cliquet_inbound_group_session_free(o);
}

static int inb_libolm_accepts(const uint8_t *key, size_t key_len,
                              const char *text, size_t n)
{
    OlmInboundGroupSession *l = olm_inbound_group_session(malloc(olm_inbound_group_session_size()));
    char *copy = copy_text(text, n);
    size_t r = olm_unpickle_inbound_group_session(l, key, key_len, copy, n);

    olm_clear_inbound_group_session(l);
    free(l);
    free(copy);
    return r != olm_error();
}

/* ---- PK decryption --------------------------------------------------------- */

static cliquet_status pkd_unpickle(void **out, const char *t, size_t n)
{
    cliquet_pk_decryption *o = NULL;
    cliquet_status st = cliquet_pk_decryption_unpickle(&o, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES, t, n);

    *out = o;
    return st;
}

static cliquet_status pkd_unpickle_libolm(void **out, const uint8_t *key,
                                        size_t key_len, const char *t, size_t n)
{
    cliquet_pk_decryption *o = NULL;
    cliquet_status st = cliquet_pk_decryption_unpickle_libolm(&o, key, key_len, t, n);

    *out = o;
    return st;
}

static cliquet_status pkd_pickle(const void *o, char *out, size_t cap, size_t *len)
{
    return cliquet_pk_decryption_pickle(o, out, cap, len, fz_pickle_key, CLIQUET_PICKLE_KEY_BYTES);
}

static cliquet_status pkd_pickle_libolm(const void *o, char *out, size_t cap,
                                      size_t *len, const uint8_t *key,
                                      size_t key_len)
{
    return cliquet_pk_decryption_pickle_libolm(o, out, cap, len, key, key_len);
}

static const void *pkd_state(const void *o)
{
    return cq_api_pk_decryption_state(o);
}

static void pkd_release(void *o)
{
    cliquet_pk_decryption_free(o);
}

static int pkd_libolm_accepts(const uint8_t *key, size_t key_len,
                              const char *text, size_t n)
{
    OlmPkDecryption *l = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    char *copy = copy_text(text, n);
    uint8_t pub[64];
    size_t r = olm_unpickle_pk_decryption(l, key, key_len, copy, n, pub,
                                          sizeof pub);

    olm_clear_pk_decryption(l);
    free(l);
    free(copy);
    return r != olm_error();
}

/* objects.h */
const fz_object fz_objects[FZ_OBJECTS] = {
    {"account", CQ_PICKLE_TYPE_ACCOUNT, 4, sizeof(struct cq_olm_account), acc_unpickle,
     acc_unpickle_libolm, acc_pickle, acc_pickle_libolm, acc_state, acc_release,
     acc_libolm_accepts},
    {"session", CQ_PICKLE_TYPE_SESSION, 1, sizeof(struct cq_olm_session), ses_unpickle,
     ses_unpickle_libolm, ses_pickle, ses_pickle_libolm, ses_state, ses_release,
     ses_libolm_accepts},
    {"outbound group session", CQ_PICKLE_TYPE_OUTBOUND_GROUP_SESSION, 1, sizeof(struct cq_megolm_outbound), out_unpickle,
     out_unpickle_libolm, out_pickle, out_pickle_libolm, out_state, out_release,
     out_libolm_accepts},
    {"inbound group session", CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION, 2, sizeof(struct cq_megolm_inbound), inb_unpickle,
     inb_unpickle_libolm, inb_pickle, inb_pickle_libolm, inb_state, inb_release,
     inb_libolm_accepts},
    {"PK decryption", CQ_PICKLE_TYPE_PK_DECRYPTION, 1, sizeof(struct cq_pk_decryption), pkd_unpickle,
     pkd_unpickle_libolm, pkd_pickle, pkd_pickle_libolm, pkd_state, pkd_release,
     pkd_libolm_accepts},
};
