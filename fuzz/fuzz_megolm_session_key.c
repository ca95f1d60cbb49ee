/*
 * fuzz/fuzz_megolm_session_key.c: inbound group sessions from a v2 session
 * key (signed, 229 bytes: what a sender shares over Olm), through the core
 * (cq_megolm_inbound_from_session_key) and the API
 * (cliquet_inbound_group_session_new).
 *
 * Input: a control byte, then the key. Control, low two bits:
 *   0  the bytes are the session key;
 *   1  the bytes are a session key without its signature: the harness puts
 *      the fixture's signing key in the public key field (when the input is
 *      long enough to have one) and signs, so the fuzzer reaches what lies
 *      past the signature check;
 *   2  through the API, the bytes as the base64 text;
 *   3  as 1, through the API, base64-encoded by the harness.
 *
 * Properties: only documented statuses; a key is accepted exactly when it
 * is 229 bytes, version 2, correctly signed by the key it carries; an
 * accepted key gives a verified, not imported session whose session id is
 * that key, and whose export at the key's index is the key's ratchet.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"

#define KEY_OFFSET (1 + 4 + CQ_MEGOLM_RATCHET_BYTES)
#define SIG_OFFSET (KEY_OFFSET + 32)

static fz_megolm_fixture fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_megolm_fixture_make(&fx);
    return 0;
}

static cliquet_status api_new(cq_megolm_inbound *out, const char *text,
                              size_t n)
{
    cliquet_inbound_group_session *s = NULL;
    cliquet_status st = cliquet_inbound_group_session_new(&s, text, n);

    fz_require((st == CLIQUET_OK) == (s != NULL), "API: session iff success");
    if (s != NULL) {
        *out = *cq_api_inbound_group_state(s);
    }
    cliquet_inbound_group_session_free(s);
    return st;
}

/* 1 if key[0..n) is what the format accepts: checked here independently. */
static int well_formed(const uint8_t *key, size_t n)
{
    return n == CQ_MEGOLM_SESSION_KEY_BYTES &&
           key[0] == CQ_MEGOLM_SESSION_KEY_VERSION &&
           cq_ed25519_verify(key + SIG_OFFSET, key + KEY_OFFSET, key,
                             SIG_OFFSET) == CLIQUET_OK;
}

static void check_session(const cq_megolm_inbound *s, const uint8_t *key)
{
    uint8_t exp[CQ_MEGOLM_EXPORT_BYTES];
    uint32_t index = (uint32_t)key[1] << 24 | (uint32_t)key[2] << 16 |
                     (uint32_t)key[3] << 8 | key[4];

    fz_require(s->verified == 1 && s->imported == 0, "flags");
    fz_require(memcmp(s->signing_key, key + KEY_OFFSET, 32) == 0,
               "session id is not the key's");
    fz_require(s->initial.counter == index, "first known index");
    fz_require(cq_megolm_inbound_export(exp, s, index) == CLIQUET_OK &&
                   exp[0] == CQ_MEGOLM_EXPORT_VERSION &&
                   memcmp(exp + 1, key + 1, KEY_OFFSET + 32 - 1) == 0,
               "export at the key's index is not the key's ratchet");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t key[4096 + 64];
    cq_megolm_inbound s;
    cq_megolm_inbound untouched;
    uint8_t control;
    size_t n;
    cliquet_status st;

    if (size < 1 || size > 4096) {
        return 0;
    }
    fz_random_reset();
    control = data[0];
    n = size - 1;
    memcpy(key, data + 1, n);
    if (control & 1) {
        if (n >= SIG_OFFSET) {
            memcpy(key + KEY_OFFSET, fx.outbound.signing_key.public_key, 32);
            n = SIG_OFFSET;
        }
        cq_ed25519_sign(key + n, &fx.outbound.signing_key, key, n);
        n += CQ_ED25519_SIGNATURE_BYTES;
    }
    memset(&s, 0x5a, sizeof s);
    untouched = s;
    if ((control & 3) == 2) {
        st = api_new(&s, (const char *)data + 1, size - 1);
    } else if ((control & 3) == 3) {
        char *text = malloc(cq_base64_encoded_len(n) + 1);

        fz_require(text != NULL, "malloc");
        cq_base64_encode(text, key, n);
        st = api_new(&s, text, cq_base64_encoded_len(n));
        free(text);
    } else {
        st = cq_megolm_inbound_from_session_key(&s, key, n);
    }
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_SESSION_KEY ||
                   st == CLIQUET_ERR_BAD_SIGNATURE || st == CLIQUET_ERR_BAD_BASE64,
               "session key: undocumented status");
    if ((control & 3) != 2) {
        fz_require((st == CLIQUET_OK) == well_formed(key, n),
                   "session key: verdict differs from the format");
    }
    if (st != CLIQUET_OK) {
        fz_require(memcmp(&s, &untouched, sizeof s) == 0,
                   "a refused key wrote the session");
        return 0;
    }
    if ((control & 3) != 2) {
        check_session(&s, key);
    }
    return 0;
}
