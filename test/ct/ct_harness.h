/*
 * The measuring harness of test/ct/ct_check.c, shared with the cases kept in
 * their own files (test/ct/ct_api.c: the public API layer). ct_check.c
 * defines all of these; see it for what each does.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQ_CT_HARNESS_H
#define CQ_CT_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "megolm/megolm.h"
#include "olm/olm.h"

extern int wrong_results;

void make_secret(const void *p, size_t n);
void declassify(const void *p, size_t n);
void begin(const char *name);
unsigned long stop(void);
void declassify_output(const void *p, size_t n);
void report(unsigned long errors, int correct);
void rnd(uint8_t *p, size_t n, uint8_t tag);
void make_key_secret(cq_ed25519_key *key);
void taint_session(cq_olm_session *s);
void taint_account(cq_olm_account *a);
void taint_inbound(cq_megolm_inbound *s);
void taint_outbound(cq_megolm_outbound *s);

/* test/ct/ct_api.c: the API layer's cases (mode protocols). */
void check_api(void);

#endif /* CQ_CT_HARNESS_H */
