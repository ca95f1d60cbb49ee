/*
 * The public ABI of the replay record (lib/megolm/replay.c, since 1.1):
 * turning it on and off, asking about it, and the decrypt that says what
 * the record found. Argument checks, base64 and (since 1.2) the record's
 * allocation: it exists only while it is on (megolm_objects.h).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

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

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_decrypt_checked(
    cliquet_inbound_group_session *session, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_megolm_decrypt_info *info, cliquet_megolm_replay *replay)
{
    cq_megolm_inbound *s;
    cq_megolm_replay_verdict verdict = CQ_MEGOLM_REPLAY_OFF;
    uint8_t *raw, *scratch;
    size_t raw_cap, raw_len = 0;
    uint32_t index = 0;
    cliquet_status st;

    if (session == NULL || !cq_api_input_ok(message, message_len) ||
        !cq_api_input_ok(plaintext, plaintext_cap) || plaintext_len == NULL ||
        replay == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    /* The checks of cliquet_inbound_group_session_decrypt, in its order. */
    if (message_len > CQ_MEGOLM_MAX_MESSAGE_BASE64) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    if (message_len % 4 == 1) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    raw_cap = cq_base64_decoded_len(message_len);
    /* Decrypted into scratch and copied out only on success, as
     * cliquet_inbound_group_session_decrypt: a refusal leaves the caller's
     * buffer as it was. */
    raw = malloc(raw_cap + 1);
    scratch = malloc(raw_cap + 1);
    if (raw == NULL || scratch == NULL) {
        free(raw);
        free(scratch);
        return CLIQUET_ERR_NO_MEMORY;
    }
    s = &session->s;
    st = cq_base64_decode(raw, raw_cap, &raw_len, message, message_len);
    if (st == CLIQUET_OK) {
        st = cq_megolm_inbound_decrypt_recorded(
            s, session->replay, scratch, plaintext_cap < raw_cap ? plaintext_cap : raw_cap,
            plaintext_len, &index, &verdict, raw, raw_len);
    }
    if (st == CLIQUET_OK && *plaintext_len > 0) {
        memcpy(plaintext, scratch, *plaintext_len);
    }
    if (st == CLIQUET_OK) {
        switch (verdict) {
        case CQ_MEGOLM_REPLAY_FIRST_TIME:
            *replay = CLIQUET_REPLAY_FIRST_TIME;
            break;
        case CQ_MEGOLM_REPLAY_SAME:
            *replay = CLIQUET_REPLAY_SAME_MESSAGE;
            break;
        case CQ_MEGOLM_REPLAY_UNTRACKED:
            *replay = CLIQUET_REPLAY_UNTRACKED;
            break;
        case CQ_MEGOLM_REPLAY_OFF:
        default:
            *replay = CLIQUET_REPLAY_OFF;
            break;
        }
        if (info != NULL) {
            info->message_index = index;
            info->verified = s->verified;
            info->imported = s->imported;
            cq_api_base64_text(info->session_id, s->signing_key, CQ_ED25519_PUBLIC_BYTES);
        }
    }
    cq_api_free(raw, raw_cap + 1);
    cq_api_free(scratch, raw_cap + 1);
    return st;
}
