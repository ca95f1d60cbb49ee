/*
 * fuzz/shim_fixture.c: see shim_fixture.h.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shim_fixture.h"

static void must(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz shim fixture: %s failed\n", what);
        abort();
    }
}

/* shim_fixture.h */
void *fz_shim_memory(size_t size)
{
    void *p = calloc(1, size);

    must(p != NULL, "calloc");
    return p;
}

/* The 43 characters after "<name>":" in JSON text. */
static void json_key(char out[44], const char *json, const char *after)
{
    const char *p = strstr(json, after);

    must(p != NULL, after);
    memcpy(out, p + strlen(after), 43);
    out[43] = '\0';
}

static void pickle(char *out, size_t cap, size_t n)
{
    must(n != olm_error() && n < cap, "pickle");
    out[n] = '\0';
}

/* shim_fixture.h */
void fz_shim_make(fz_shim *f)
{
    const char *k = FZ_SHIM_PICKLE_KEY;
    const size_t kl = sizeof FZ_SHIM_PICKLE_KEY - 1;
    OlmAccount *alice = olm_account(fz_shim_memory(olm_account_size()));
    OlmSAS *other = olm_sas(fz_shim_memory(olm_sas_size()));
    uint8_t random[256], msg[2048];
    char json[2048], bob_ik[44], otk[44], key[512];
    size_t n;

    memset(f, 0, sizeof *f);
    fz_bytes(random, sizeof random, "shim fixture", 0);
    f->bob = olm_account(fz_shim_memory(olm_account_size()));
    f->alice_to_bob = olm_session(fz_shim_memory(olm_session_size()));
    f->bob_from_alice = olm_session(fz_shim_memory(olm_session_size()));
    f->ogs = olm_outbound_group_session(fz_shim_memory(olm_outbound_group_session_size()));
    f->igs = olm_inbound_group_session(fz_shim_memory(olm_inbound_group_session_size()));
    f->pk_enc = olm_pk_encryption(fz_shim_memory(olm_pk_encryption_size()));
    f->pk_dec = olm_pk_decryption(fz_shim_memory(olm_pk_decryption_size()));
    f->sas = olm_sas(fz_shim_memory(olm_sas_size()));

    must(olm_create_account(f->bob, random, 64) != olm_error(), "bob");
    must(olm_create_account(alice, random + 64, 64) != olm_error(), "alice");
    must(olm_account_generate_one_time_keys(f->bob, 2, random + 128, 64) != olm_error(), "otk");
    n = olm_account_identity_keys(f->bob, json, sizeof json - 1);
    must(n != olm_error(), "bob keys");
    json[n] = '\0';
    json_key(bob_ik, json, "\"curve25519\":\"");
    n = olm_account_one_time_keys(f->bob, json, sizeof json - 1);
    must(n != olm_error(), "otks");
    json[n] = '\0';
    json_key(otk, json, "AAAAAQ\":\"");
    must(olm_create_outbound_session(f->alice_to_bob, alice, bob_ik, 43, otk, 43, random, 64) !=
             olm_error(), "outbound");
    n = olm_encrypt(f->alice_to_bob, "hello", 5, random + 64, 32, msg, sizeof msg);
    must(n != olm_error(), "encrypt");
    must(olm_create_inbound_session(f->bob_from_alice, f->bob, msg, n) != olm_error(),
         "inbound");

    must(olm_init_outbound_group_session(f->ogs, random, 160) != olm_error(), "ogs");
    n = olm_outbound_group_session_key(f->ogs, (uint8_t *)key, sizeof key);
    must(n != olm_error(), "ogs key");
    must(olm_init_inbound_group_session(f->igs, (uint8_t *)key, n) != olm_error(), "igs");
    must(olm_pk_key_from_private(f->pk_dec, key, sizeof key, random + 160, 32) != olm_error(),
         "pk");
    must(olm_pk_encryption_set_recipient_key(f->pk_enc, key, 43) != olm_error(), "pk enc");
    must(olm_create_sas(f->sas, random + 192, 32) != olm_error(), "sas");
    must(olm_create_sas(other, random + 224, 32) != olm_error(), "other sas");
    must(olm_sas_get_pubkey(other, f->sas_other_key, 43) != olm_error(), "sas key");

    pickle(f->bob_pickle, sizeof f->bob_pickle,
           olm_pickle_account(f->bob, k, kl, f->bob_pickle, sizeof f->bob_pickle));
    pickle(f->session_pickle, sizeof f->session_pickle,
           olm_pickle_session(f->bob_from_alice, k, kl, f->session_pickle,
                              sizeof f->session_pickle));
    pickle(f->alice_pickle, sizeof f->alice_pickle,
           olm_pickle_session(f->alice_to_bob, k, kl, f->alice_pickle, sizeof f->alice_pickle));
    pickle(f->igs_pickle, sizeof f->igs_pickle,
           olm_pickle_inbound_group_session(f->igs, k, kl, f->igs_pickle, sizeof f->igs_pickle));
    pickle(f->ogs_pickle, sizeof f->ogs_pickle,
           olm_pickle_outbound_group_session(f->ogs, k, kl, f->ogs_pickle,
                                             sizeof f->ogs_pickle));
    pickle(f->pk_pickle, sizeof f->pk_pickle,
           olm_pickle_pk_decryption(f->pk_dec, k, kl, f->pk_pickle, sizeof f->pk_pickle));
    olm_clear_account(alice);
    olm_clear_sas(other);
    free(alice);
    free(other);
}
