/*
 * fuzz/fixtures.h: the fixed protocol states the harnesses start from and
 * the seed corpus generator writes messages of. Everything comes from the
 * protocol cores with random bytes from fz_bytes, so the harnesses and
 * fuzz/make_corpus.c see exactly the same states and messages.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_FUZZ_FIXTURES_H
#define CLIQUET_FUZZ_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include "megolm/megolm.h"
#include "olm/olm.h"
#include "pk/pk.h"
#include "sas/sas.h"
#include "ecies/ecies.h"

#define FZ_MSG_CAP 512

typedef struct fz_msg {
    int type; /* Olm message type; unused for Megolm */
    size_t len;
    uint8_t bytes[FZ_MSG_CAP];
} fz_msg;

/*
 * An Olm conversation, Alice to Bob:
 *   Alice makes an outbound session to Bob's first one-time key and
 *   encrypts pre-key messages m0 and m0b; Bob makes an inbound session from
 *   m0 and answers m1; Alice decrypts m1 and encrypts m2 and m3 (normal, a
 *   new chain). Separately, Alice makes a session to Bob's fallback key
 *   and encrypts the pre-key message mfb.
 */
typedef struct fz_olm_fixture {
    cq_olm_account alice_account;
    cq_olm_account bob_account;       /* 3 one-time keys and a fallback key */
    cq_olm_session alice_fresh;       /* Alice's outbound session, unused */
    cq_olm_session alice_pre_key;     /* Alice after m0 and m0b */
    cq_olm_session bob;               /* Bob after m0 and m1 */
    cq_olm_session alice;             /* Alice after m1 and m2 (not m3) */
    cq_olm_session alice_fallback;    /* Alice to Bob's fallback key, after mfb */
    fz_msg m0, m0b, m1, m2, m3, mfb;
} fz_olm_fixture;

void fz_olm_fixture_make(fz_olm_fixture *f);

/*
 * A Megolm session: outbound at index 0 and the inbound session made from
 * its session key; messages at indices 0, 1, 2 and 1000; the session key
 * (index 0) and exports at indices 0 and 7.
 */
typedef struct fz_megolm_fixture {
    cq_megolm_outbound outbound;      /* at index 0 */
    cq_megolm_inbound inbound;
    uint8_t session_key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t export0[CQ_MEGOLM_EXPORT_BYTES];
    uint8_t export7[CQ_MEGOLM_EXPORT_BYTES];
    fz_msg msg[4];
} fz_megolm_fixture;

void fz_megolm_fixture_make(fz_megolm_fixture *f);

/* The raw Megolm message at index with plaintext pt (signed and MACed with
 * the fixture's outbound session); 0 if it does not fit out_cap. */
size_t fz_megolm_message(uint8_t *out, size_t out_cap,
                         const fz_megolm_fixture *f, uint32_t index,
                         const uint8_t *pt, size_t n);

/* A backup key and a legacy backup of "fuzz" to it. */
typedef struct fz_pk_fixture {
    cq_pk_decryption key;
    uint8_t ephemeral_private[CQ_PK_KEY_BYTES];
    uint8_t ephemeral[CQ_PK_KEY_BYTES];
    uint8_t mac[CQ_PK_MAC_BYTES];
    uint8_t ciphertext[32];
    size_t ciphertext_len;
} fz_pk_fixture;

void fz_pk_fixture_make(fz_pk_fixture *f);

/* Two SAS ends. */
typedef struct fz_sas_fixture {
    cq_sas ours;
    cq_sas theirs;
} fz_sas_fixture;

void fz_sas_fixture_make(fz_sas_fixture *f);

/*
 * An ECIES channel (1.1), made through the API: G's fixed key, the initial
 * message S sends it ("hello"), and S's next three messages in order,
 * "one", "two", "three" (texts, NUL-terminated). g is G's state once
 * established from the initial message: the next message it takes is
 * messages[0].
 */
typedef struct fz_ecies_fixture {
    uint8_t g_random[CQ_ECIES_KEY_BYTES];
    char initial[128];
    char messages[3][64];
    cq_ecies g;
} fz_ecies_fixture;

void fz_ecies_fixture_make(fz_ecies_fixture *f);

/* A fixed pickle key of CQ_PICKLE_KEY_BYTES (32) bytes. */
extern const uint8_t fz_pickle_key[32];

#endif /* CLIQUET_FUZZ_FIXTURES_H */
