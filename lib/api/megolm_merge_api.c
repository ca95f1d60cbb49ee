/*
 * The public ABI of lib/megolm/merge.c: comparing, merging and advancing
 * inbound group sessions (since 1.1). Argument checks and base64 only.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "api/api.h"
#include "megolm/megolm.h"

/*
 * The session's state, writable. megolm_api.c's struct holds its
 * cq_megolm_inbound as its only member, and a pointer to a struct is a
 * pointer to its first member (C11 6.7.2.1p15); api.h's accessor is const.
 */
static cq_megolm_inbound *state_mut(cliquet_inbound_group_session *s)
{
    return (cq_megolm_inbound *)(void *)s;
}

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
    cliquet_status st;

    if (out == NULL || a == NULL || b == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    if (cq_megolm_inbound_merge(&merged, cq_api_inbound_group_state(a),
                                cq_api_inbound_group_state(b)) != 0) {
        return CLIQUET_ERR_UNCONNECTED_SESSIONS;
    }
    st = cq_api_inbound_group_from_state(out, &merged);
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
    *advanced = cq_megolm_inbound_advance_to(state_mut(session), index);
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
