/*
 * Session configs (cliquet.h, "Session configs"; docs/session-config.md):
 * vodozemac's SessionConfig as a public enum, the Olm outbound constructor
 * that takes one, and the three getters. The constructors of the other
 * objects live beside their objects (session_api.c, megolm_outbound_api.c,
 * megolm_inbound_api.c): they need the objects' private bodies.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "api/olm_objects.h"
#include "megolm/megolm.h"

/* api.h */
cliquet_status cq_api_config_full_mac(cliquet_session_config config,
                                      int *full_mac)
{
    switch (config) {
    case CLIQUET_SESSION_CONFIG_V1:
        *full_mac = 0;
        return CLIQUET_OK;
    case CLIQUET_SESSION_CONFIG_V2:
        *full_mac = 1;
        return CLIQUET_OK;
    default:
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
}

static cliquet_session_config config_of(int full_mac)
{
    return full_mac ? CLIQUET_SESSION_CONFIG_V2 : CLIQUET_SESSION_CONFIG_V1;
}

/* cliquet.h */
cliquet_status cliquet_session_new_outbound_with_config(
    cliquet_session **out, const cliquet_account *account,
    cliquet_session_config config, const char *their_identity_key,
    size_t their_identity_key_len, const char *their_one_time_key,
    size_t their_one_time_key_len)
{
    int full_mac = 0;
    cliquet_status st = cq_api_config_full_mac(config, &full_mac);

    if (st == CLIQUET_OK) {
        st = cliquet_session_new_outbound(out, account, their_identity_key,
                                          their_identity_key_len,
                                          their_one_time_key,
                                          their_one_time_key_len);
    }
    /* The 3DH and the ratchet are the same in both configs
     * (cq_olm_session_outbound_v sets the same flag): no message has been
     * written yet, so the session is made as a version 1 one and given its
     * config before the caller sees it. */
    if (st == CLIQUET_OK) {
        (*out)->s.ratchet.full_mac = (uint32_t)full_mac;
    }
    return st;
}

/* cliquet.h */
cliquet_status cliquet_session_get_config(const cliquet_session *session,
                                          cliquet_session_config *config)
{
    if (session == NULL || config == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *config = config_of((int)session->s.ratchet.full_mac);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_outbound_group_session_get_config(
    const cliquet_outbound_group_session *session, cliquet_session_config *config)
{
    if (session == NULL || config == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *config = config_of(cq_api_outbound_group_state(session)->full_mac);
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_inbound_group_session_get_config(
    const cliquet_inbound_group_session *session, cliquet_session_config *config)
{
    if (session == NULL || config == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *config = config_of(cq_api_inbound_group_state(session)->full_mac);
    return CLIQUET_OK;
}
