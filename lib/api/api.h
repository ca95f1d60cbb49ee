/*
 * lib/api: the public ABI over the protocol layers. Argument checks, base64
 * at the boundary, random bytes, status codes; nothing else.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_API_H
#define CLIQUET_API_H

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"
#include "core/core.h"

/* 1 once cliquet_init() has succeeded. */
int cq_api_ready(void);

/*
 * The common check of an (out, out_cap, &out_len) triple: out_len must not
 * be NULL and out may be NULL only with out_cap == 0. When need > out_cap,
 * stores need in *out_len and returns CLIQUET_ERR_OUTPUT_TOO_SMALL.
 */
cliquet_status cq_api_check_output(const void *out, size_t out_cap,
                                   size_t *out_len, size_t need);

/*
 * The same for a text output of text_len characters: the capacity needed
 * counts the NUL that the text rule adds (cliquet.h, rule 6).
 */
cliquet_status cq_api_check_text_output(const char *out, size_t out_cap,
                                        size_t *out_len, size_t text_len);

/* Writes the unpadded base64 of in[0..n) and its NUL: out holds
 * cq_base64_encoded_len(n) + 1 characters. */
void cq_api_base64_text(char *out, const uint8_t *in, size_t n);

/* Wipes n bytes at p and frees it; NULL does nothing. */
void cq_api_free(void *p, size_t n);

/* An input (p, n) is valid when p is non-NULL or n is 0. */
static inline int cq_api_input_ok(const void *p, size_t n)
{
    return p != NULL || n == 0;
}

/*
 * The bound on a message handed in to be signed, verified, hashed or MACed,
 * and on a SAS info string: 2^30 bytes, as Olm's and Megolm's plaintexts
 * (docs/limits.md). Checked before a byte is read, so that the work of any
 * call is bounded whatever length it is given.
 */
#define CQ_API_MAX_MESSAGE_BYTES ((size_t)1 << 30)

/* A libolm-format pickle key may have any length; past 1 MiB it is refused
 * (CLIQUET_ERR_INPUT_TOO_LARGE) before it is hashed. */
#define CQ_API_MAX_LIBOLM_KEY_BYTES ((size_t)1 << 20)

/*
 * Decodes base64 text (in, n) that must hold exactly `want` (at most 96)
 * bytes into out. CLIQUET_ERR_BAD_BASE64 when the text is not strict
 * unpadded base64, wrong_length when it is another number of bytes (or far
 * too long to be checked). out is written only on success. (Defined in
 * utility_api.c.)
 */
cliquet_status cq_api_decode_exact(uint8_t *out, size_t want, const char *in,
                                   size_t n, cliquet_status wrong_length);

/*
 * A public cliquet_session_config as the core's full_mac flag (0: version
 * 1, 1: version 2); CLIQUET_ERR_INVALID_ARGUMENT for any other value.
 * (Defined in session_config_api.c.)
 */
cliquet_status cq_api_config_full_mac(cliquet_session_config config,
                                      int *full_mac);

/*
 * Object state, for lib/api/pickle_api.c (and tests). Each object's file
 * owns its struct; these let other API code read an object's core state and
 * make a new object from one without seeing the struct. *_from_state copies
 * the state into a new object: CLIQUET_OK or CLIQUET_ERR_NO_MEMORY (then
 * *out is untouched). (Defined in account_api.c, session_api.c,
 * megolm_outbound_api.c, megolm_inbound_api.c and pk_api.c.)
 */
struct cq_olm_account;
struct cq_olm_session;
struct cq_megolm_outbound;
struct cq_megolm_inbound;
struct cq_pk_decryption;

const struct cq_olm_account *cq_api_account_state(const cliquet_account *a);
cliquet_status cq_api_account_from_state(cliquet_account **out,
                                         const struct cq_olm_account *state);
const struct cq_olm_session *cq_api_session_state(const cliquet_session *s);
cliquet_status cq_api_session_from_state(cliquet_session **out,
                                         const struct cq_olm_session *state);
const struct cq_megolm_outbound *
cq_api_outbound_group_state(const cliquet_outbound_group_session *s);
cliquet_status
cq_api_outbound_group_from_state(cliquet_outbound_group_session **out,
                                 const struct cq_megolm_outbound *state);
const struct cq_megolm_inbound *
cq_api_inbound_group_state(const cliquet_inbound_group_session *s);
cliquet_status
cq_api_inbound_group_from_state(cliquet_inbound_group_session **out,
                                const struct cq_megolm_inbound *state);
const struct cq_pk_decryption *
cq_api_pk_decryption_state(const cliquet_pk_decryption *d);
cliquet_status cq_api_pk_decryption_from_state(cliquet_pk_decryption **out,
                                               const struct cq_pk_decryption *state);

#endif /* CLIQUET_API_H */
