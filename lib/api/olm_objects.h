/*
 * lib/api: the Olm objects behind cliquet_account and cliquet_session,
 * shared by account_api.c and session_api.c (an inbound session changes
 * its account; libolm's key removal reads a session). Nothing else
 * includes this.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_API_OLM_OBJECTS_H
#define CLIQUET_API_OLM_OBJECTS_H

#include "api/api.h"
#include "olm/olm.h"

struct cliquet_account {
    cq_olm_account a;
};

struct cliquet_session {
    cq_olm_session s;
};

#endif /* CLIQUET_API_OLM_OBJECTS_H */
