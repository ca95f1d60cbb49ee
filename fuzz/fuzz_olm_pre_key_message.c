/*
 * fuzz/fuzz_olm_pre_key_message.c: cq_olm_pre_key_message_decode (the
 * outer layer of every pre-key message) and cq_olm_session_matches, which
 * routes a pre-key message to an existing session.
 *
 * Properties: only the documented statuses; an accepted message
 * re-encodes (cq_olm_pre_key_message_encode_head and the embedded message)
 * to exactly the input; cq_olm_session_matches answers the parser's status
 * for a refused message, and for an accepted one says "matches" exactly
 * when the three keys are the session's (and the sender's, when named).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fixtures.h"

static fz_olm_fixture fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_olm_fixture_make(&fx);
    return 0;
}

static void check_reencode(const cq_olm_pre_key_message *m,
                           const uint8_t *data, size_t size)
{
    size_t n = cq_olm_pre_key_message_size(m->message_len);
    uint8_t *out = malloc(n);
    cq_writer w;

    fz_require(out != NULL, "malloc");
    fz_require(n == size, "accepted pre-key message: size from its fields");
    cq_writer_init(&w, out, n);
    cq_olm_pre_key_message_encode_head(&w, m->one_time_key, m->base_key,
                                       m->identity_key, m->message_len);
    cq_write_bytes(&w, m->message, m->message_len);
    fz_require(!w.overflow && w.len == size && memcmp(out, data, size) == 0,
               "accepted pre-key message does not re-encode to its bytes");
    free(out);
}

static void check_matches(const cq_olm_pre_key_message *m, cliquet_status st,
                          const uint8_t *data, size_t size, int name_sender)
{
    const cq_olm_session *s = &fx.bob;
    const uint8_t *sender = name_sender ? s->alice_identity_key : NULL;
    int matches = -1;
    cliquet_status mst = cq_olm_session_matches(s, sender, data, size, &matches);
    int expect;

    if (st != CLIQUET_OK) {
        fz_require(mst == st, "matches: not the parse status");
        return;
    }
    fz_require(mst == CLIQUET_OK, "matches refused a parsed message");
    expect = memcmp(m->identity_key, s->alice_identity_key, 32) == 0 &&
             memcmp(m->base_key, s->alice_base_key, 32) == 0 &&
             memcmp(m->one_time_key, s->bob_one_time_key, 32) == 0;
    fz_require(matches == expect, "matches: wrong answer");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_olm_pre_key_message m;
    cliquet_status st;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    st = cq_olm_pre_key_message_decode(&m, data, size);
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_MESSAGE_VERSION ||
                   st == CLIQUET_ERR_BAD_MESSAGE_FORMAT ||
                   st == CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
               "cq_olm_pre_key_message_decode: undocumented status");
    check_matches(&m, st, data, size, 0);
    check_matches(&m, st, data, size, 1);
    if (st == CLIQUET_OK) {
        check_reencode(&m, data, size);
    }
    return 0;
}
