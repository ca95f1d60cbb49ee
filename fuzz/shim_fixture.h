/*
 * fuzz/shim_fixture.h: live objects of the libolm drop-in (bindings/libolm)
 * for the fuzz_shim_* harnesses, made through its olm_* calls with fixed
 * random bytes, and their libolm pickles to restore them per input.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_FUZZ_SHIM_FIXTURE_H
#define CLIQUET_FUZZ_SHIM_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "olm/inbound_group_session.h"
#include "olm/olm.h"
#include "olm/outbound_group_session.h"
#include "olm/pk.h"
#include "olm/sas.h"

#define FZ_SHIM_PICKLE_KEY "fuzz shim key"

typedef struct fz_shim {
    OlmAccount *bob;
    OlmSession *alice_to_bob;   /* alice's side: makes genuine messages */
    OlmSession *bob_from_alice; /* bob's side, after alice's first message */
    OlmOutboundGroupSession *ogs;
    OlmInboundGroupSession *igs;
    OlmPkEncryption *pk_enc;
    OlmPkDecryption *pk_dec;
    OlmSAS *sas;                /* their key not set */
    char sas_other_key[44];     /* a valid key for it */
    /* Pickles (text, NUL-terminated) to restore from. */
    char bob_pickle[8192];
    char session_pickle[8192];
    char alice_pickle[8192];
    char igs_pickle[4096];
    char ogs_pickle[4096];
    char pk_pickle[1024];
} fz_shim;

/* Makes every object (aborts on failure). */
void fz_shim_make(fz_shim *f);

/* A copy of object memory of the given size, zeroed: freed by the caller
 * (after olm_clear_*). */
void *fz_shim_memory(size_t size);

#endif /* CLIQUET_FUZZ_SHIM_FIXTURE_H */
