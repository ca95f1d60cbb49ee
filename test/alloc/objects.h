/*
 * One of every kind of object, live and in use, for the hostile-input tests
 * (test_length_table.c, test_failed_alloc.c), and a byte snapshot of all of
 * them to show that a refused call changed nothing.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_OBJECTS_H
#define CQT_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"

typedef struct cqt_objects {
    cliquet_account *bob;       /* one-time keys and a fallback key */
    cliquet_account *alice;
    cliquet_session *to_bob;    /* alice's outbound session */
    cliquet_session *from_alice; /* bob's inbound session */
    cliquet_outbound_group_session *ogs;
    cliquet_inbound_group_session *igs;
    cliquet_pk_encryption *pk_enc;
    cliquet_pk_decryption *pk_dec;
    cliquet_pk_signing *pk_sign;
    cliquet_sas *sas;           /* their key set */
    char bob_identity[CLIQUET_KEY_BASE64_SIZE];
    char bob_one_time_key[CLIQUET_KEY_BASE64_SIZE];
    char alice_identity[CLIQUET_KEY_BASE64_SIZE];
    char pre_key_message[1024]; /* alice to bob, type 0, on a second key */
    size_t pre_key_message_len;
    char normal_message[1024];  /* bob to alice, type 1, not yet decrypted */
    size_t normal_message_len;
    char group_message[1024];   /* from ogs, index 1 */
    size_t group_message_len;
    char session_key[512];
    size_t session_key_len;
    char export_text[512];
    size_t export_len;
} cqt_objects;

/* Makes every object (cliquet_init first). Fails the running test on error. */
void cqt_objects_make(cqt_objects *o);
void cqt_objects_free(cqt_objects *o);

/*
 * Every object's libolm-format pickle under a fixed key (deterministic),
 * then 64 bytes of the SAS's output: *len bytes into a new buffer.
 */
uint8_t *cqt_objects_snapshot(const cqt_objects *o, size_t *len);

/* Asserts that the objects match the snapshot taken earlier, and frees it. */
void cqt_objects_assert_unchanged(const cqt_objects *o, uint8_t *before, size_t len);

#endif /* CQT_OBJECTS_H */
