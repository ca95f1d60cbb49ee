/*
 * The public ABI of lib/megolm/merge.c: comparing, merging and advancing
 * inbound group sessions (since 1.1). Argument checks and base64 only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "api/api.h"
#include "api/megolm_objects.h"
#include "megolm/megolm.h"

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_compare(const cliquet_inbound_group_session *a,
                                                     const cliquet_inbound_group_session *b,
                                                     cliquet_session_ordering *ordering)
{
    if (a == NULL || b == NULL || ordering == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    switch (cq_megolm_inbound_compare(cq_api_inbound_group_state(a),
                                      cq_api_inbound_group_state(b))) {
    case CQ_MEGOLM_EQUAL:
        *ordering = CLIQUET_SESSION_EQUAL;
        break;
    case CQ_MEGOLM_BETTER:
        *ordering = CLIQUET_SESSION_BETTER;
        break;
    case CQ_MEGOLM_WORSE:
        *ordering = CLIQUET_SESSION_WORSE;
        break;
    case CQ_MEGOLM_UNCONNECTED:
    default:
        *ordering = CLIQUET_SESSION_UNCONNECTED;
        break;
    }
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_merge(cliquet_inbound_group_session **out,
                                                   const cliquet_inbound_group_session *a,
                                                   const cliquet_inbound_group_session *b)
{
    cq_megolm_inbound merged;
    cq_megolm_replay record;
    cliquet_status st;

    if (out == NULL || a == NULL || b == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (cq_megolm_inbound_merge(&merged, &a->s, &b->s) != 0) {
        return CLIQUET_ERR_UNCONNECTED_SESSIONS;
    }
    /* The replay records fold together: on if either was (a's first, so
     * its digest wins at an index both hold). */
    memset(&record, 0, sizeof record);
    cq_megolm_replay_fold(&record, &merged, a->replay);
    cq_megolm_replay_fold(&record, &merged, b->replay);
    st = cq_api_inbound_group_from_parts(
        out, &merged, a->replay != NULL || b->replay != NULL ? &record : NULL);
    cq_wipe(&merged, sizeof merged);
    return st;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_advance_to(cliquet_inbound_group_session *session,
                                                        uint32_t index, int *advanced)
{
    if (session == NULL || advanced == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *advanced = cq_megolm_inbound_advance_to(&session->s, index);
    /* Recorded indices before the new start can no longer decrypt. */
    if (*advanced && session->replay != NULL) {
        cq_megolm_replay_prune(session->replay, &session->s);
    }
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_export_at_first_known_index(
    const cliquet_inbound_group_session *session, char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE])
{
    if (session == NULL || out == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    return cliquet_inbound_group_session_export(
        session, cq_api_inbound_group_state(session)->initial.counter, out);
}
