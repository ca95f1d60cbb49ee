/*
 * lib/api: what the pickle files share (pickle_api.c): argument checks,
 * the envelopes over the caller's buffers (lib/pickle), and the native
 * payload layout. Each object's pickle calls live with the object's kind:
 * pickle_olm_api.c (accounts, sessions), pickle_megolm_api.c (group
 * sessions), pickle_pk_api.c (PK decryption).
 *
 * Native payload (docs/pickle-format.md §Payloads), for every object:
 *   u32 core length | core: the object's fields in libolm's current raw
 *   layout | extension: what libolm's layout cannot hold (fixed size per
 *   object). Account: has_seed (1) and the Ed25519 seed (32, zero without
 *   one). Session: the peer's Curve25519 identity key (32). Outbound group
 *   session: has_seed and seed, as the account. Inbound group session:
 *   imported (1). PK decryption: nothing.
 *
 * Unpickling decodes into a heap copy of the state, checks all of it, and
 * only then makes the object: a failure leaves nothing behind (every
 * temporary buffer is wiped before it is freed).
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_API_PICKLE_API_H
#define CLIQUET_API_PICKLE_API_H

#include "api/api.h"
#include "crypto/crypto.h"
#include "pickle/pickle.h"

/* Pickle texts longer than this are CLIQUET_ERR_INPUT_TOO_LARGE. */
#define CQ_API_MAX_PICKLE_TEXT (2 * CQ_PICKLE_MAX_PAYLOAD_BYTES)

/* The native extensions' sizes (see above). */
#define CQ_API_SEED_EXT (1 + CQ_ED25519_SEED_BYTES) /* has_seed, seed */
#define CQ_API_SESSION_EXT 32                        /* their identity key */
#define CQ_API_INBOUND_EXT 1                         /* imported */

/*
 * Since 1.2, a session of SessionConfig version 2 (docs/session-config.md)
 * adds a config section to its extension: the byte 0x02 (what the section
 * is) then the version, 0x02. A version 1 session writes nothing, so its
 * payload is byte for byte what 1.0 and 1.1 wrote and read; a 1.1 reader
 * refuses a version 2 payload as corrupted rather than read it as version
 * 1. Where it goes: after the peer key (Olm session), after the seed
 * (outbound group session), after imported and before the replay record,
 * whose first byte is 0x01 (inbound group session).
 */
#define CQ_API_CONFIG_EXT 2
#define CQ_API_CONFIG_TAG 0x02

/*
 * An opened pickle: work holds the decoded text (work_cap bytes), the
 * plaintext is data[0..len).
 */
typedef struct cq_api_opened {
    uint8_t *work;
    size_t work_cap;
    const uint8_t *data;
    size_t len;
} cq_api_opened;

/*
 * A native payload being written: the buffer, sized exactly, and a writer
 * over it. The core length goes first.
 */
typedef struct cq_api_payload {
    uint8_t *p;
    size_t len;
    cq_writer w;
} cq_api_payload;

void *cq_api_alloc_zero(size_t n);

/* A native pickle key: exactly CQ_PICKLE_KEY_BYTES (cliquet.h, Pickles). */
cliquet_status cq_api_native_key(const uint8_t *key, size_t key_len);

/* A libolm pickle key: any length, NULL only when empty. */
cliquet_status cq_api_libolm_key(const uint8_t *key, size_t key_len);

/*
 * The checks every pickling call starts with, in the order every call
 * makes them: arguments, initialisation, then key_st (native_key or
 * libolm_key of the caller's key).
 */
cliquet_status cq_api_pickle_args(const void *object, const size_t *out_len,
                                  cliquet_status key_st);

/* The checks every unpickling call starts with, then the size bound. */
cliquet_status cq_api_unpickle_args(const void *out, cliquet_status key_st,
                                    const char *pickle, size_t pickle_len);

/* Seals payload[0..n) into the caller's buffer as a native pickle. */
cliquet_status cq_api_seal_native(char *out, size_t out_cap, size_t *out_len,
                                  const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                  uint8_t type, const uint8_t *payload, size_t n);

/* Encrypts raw[0..n) into the caller's buffer as a libolm pickle. */
cliquet_status cq_api_seal_libolm(char *out, size_t out_cap, size_t *out_len,
                                  const uint8_t *key, size_t key_len,
                                  const uint8_t *raw, size_t n);

void cq_api_opened_release(cq_api_opened *o);

cliquet_status cq_api_open_native(cq_api_opened *o,
                                  const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                  uint8_t type, const char *pickle,
                                  size_t pickle_len);

cliquet_status cq_api_open_libolm(cq_api_opened *o, const uint8_t *key, size_t key_len,
                                  const char *pickle, size_t pickle_len);

cliquet_status cq_api_payload_begin(cq_api_payload *pl, size_t core_len, size_t ext_len);

/* Seals a completely written payload and releases it. */
cliquet_status cq_api_payload_seal(cq_api_payload *pl, char *out, size_t out_cap,
                                   size_t *out_len,
                                   const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                   uint8_t type);

/*
 * Splits an opened native payload into its core, which must start with the
 * raw layout version `version`, and an extension of exactly ext_len bytes.
 */
cliquet_status cq_api_payload_split(const cq_api_opened *o, uint32_t version,
                                    cq_reader *core, const uint8_t **ext,
                                    size_t ext_len);

/* has_seed (0 or 1) then the seed, or 32 zero bytes. */
void cq_api_write_seed_ext(cq_writer *w, const cq_ed25519_key *k);

/*
 * Reads the seed extension into k, whose expanded secret came from the
 * core: the seed must give that very secret.
 */
cliquet_status cq_api_read_seed_ext(cq_ed25519_key *k, const uint8_t ext[CQ_API_SEED_EXT]);

/* The config section of a session with this full_mac (nothing for 0). */
void cq_api_write_config_ext(cq_writer *w, int full_mac);

/* Its length: CQ_API_CONFIG_EXT for full_mac 1, else 0. */
size_t cq_api_config_ext_len(int full_mac);

/*
 * Reads what may be a config section at p[0..n): *used gets 2 and
 * *full_mac 1 when p starts with one, *used 0 and *full_mac 0 when it does
 * not (n < 2 or another first byte). A section with another version is
 * CLIQUET_ERR_PICKLE_CORRUPTED.
 */
cliquet_status cq_api_read_config_ext(const uint8_t *p, size_t n, int *full_mac,
                                      size_t *used);

/*
 * The extension's length in an opened native payload: all that follows
 * the core (u32 length, core); at least min_len, else min_len, which the
 * split then refuses as a truncated payload.
 */
size_t cq_api_payload_ext_len(const cq_api_opened *o, size_t min_len);

/* Any refusal of an authenticated native payload means it is malformed. */
cliquet_status cq_api_corrupted_unless_ok(cliquet_status st);

#endif /* CLIQUET_API_PICKLE_API_H */
