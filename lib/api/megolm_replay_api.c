/*
 * The public ABI of the replay record (lib/megolm/replay.c, since 1.1):
 * turning it on and off, asking about it, and the decrypt that says what
 * the record found. Argument checks, base64 and (since 1.2) the record's
 * allocation: it exists only while it is on (megolm_objects.h).
 * SPDX-License-Identifier: Apache-2.0
 */

#include "api/api.h"
#include "api/megolm_objects.h"
#include "megolm/megolm.h"

/* cliquet.h */
size_t cliquet_megolm_replay_max_entries(void) { return CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES; }

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_set_replay_detection(
    cliquet_inbound_group_session *session, int on)
{
    if (session == NULL || (on != 0 && on != 1)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (on && session->replay == NULL) {
        /* Allocated before anything changes: NO_MEMORY leaves it off. */
        session->replay = calloc(1, sizeof *session->replay);
        if (session->replay == NULL) {
            return CLIQUET_ERR_NO_MEMORY;
        }
    } else if (!on) {
        /* Off forgets the entries: wiped with the allocation. */
        cq_api_replay_free(session->replay);
        session->replay = NULL;
    }
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_replay_detection(
    const cliquet_inbound_group_session *session, int *on, size_t *entries,
    uint32_t *evicted)
{
    const cq_megolm_replay *r;

    if (session == NULL || on == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    r = session->replay;
    *on = r != NULL;
    if (entries != NULL) {
        *entries = r != NULL ? r->count : 0;
    }
    if (evicted != NULL) {
        *evicted = r != NULL ? r->evicted : 0;
    }
    return CLIQUET_OK;
}

/* The record's verdict as the ABI names it. */
static cliquet_megolm_replay public_verdict(cq_megolm_replay_verdict verdict)
{
    switch (verdict) {
    case CQ_MEGOLM_REPLAY_FIRST_TIME:
        return CLIQUET_REPLAY_FIRST_TIME;
    case CQ_MEGOLM_REPLAY_SAME:
        return CLIQUET_REPLAY_SAME_MESSAGE;
    case CQ_MEGOLM_REPLAY_UNTRACKED:
        return CLIQUET_REPLAY_UNTRACKED;
    case CQ_MEGOLM_REPLAY_OFF:
    default:
        return CLIQUET_REPLAY_OFF;
    }
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_decrypt_checked(
    cliquet_inbound_group_session *session, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_megolm_decrypt_info *info, cliquet_megolm_replay *replay)
{
    cq_megolm_replay_verdict verdict = CQ_MEGOLM_REPLAY_OFF;
    cliquet_status st;

    if (replay == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    /* The checks and the decryption of cliquet_inbound_group_session_decrypt. */
    st = cq_api_inbound_group_decrypt_text(session, message, message_len, plaintext,
                                           plaintext_cap, plaintext_len, info, &verdict);
    if (st == CLIQUET_OK) {
        *replay = public_verdict(verdict);
    }
    return st;
}
