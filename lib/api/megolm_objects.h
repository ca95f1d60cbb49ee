/*
 * lib/api: the inbound group session object behind
 * cliquet_inbound_group_session, shared by megolm_inbound_api.c and the
 * files of its later features (merge, replay record, pickles). Nothing
 * else includes this.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_API_MEGOLM_OBJECTS_H
#define CLIQUET_API_MEGOLM_OBJECTS_H

#include "api/api.h"
#include "megolm/megolm.h"

/*
 * The session, and its replay record (lib/megolm/replay.c) on the heap
 * when the client turned it on or a pickle carried one, else NULL: a
 * session without it costs sizeof this struct, not 2.5 KiB more
 * (docs/limits.md). The object owns the record; freeing the object wipes
 * and frees both.
 */
struct cliquet_inbound_group_session {
    cq_megolm_inbound s;
    cq_megolm_replay *replay;
};

/*
 * A new object holding state and a copy of replay (NULL: the record off).
 * CLIQUET_OK, or CLIQUET_ERR_NO_MEMORY with nothing allocated and *out
 * untouched. (megolm_inbound_api.c)
 */
cliquet_status cq_api_inbound_group_from_parts(cliquet_inbound_group_session **out,
                                               const cq_megolm_inbound *state,
                                               const cq_megolm_replay *replay);

/*
 * The one decryption behind every inbound decrypt call, once it has the
 * message's bytes (megolm_inbound_api.c): the plaintext goes to a scratch buffer
 * and is copied out only on success, so a refusal (a bad padding under a
 * valid MAC) leaves the caller's buffer as it was; through the replay
 * record when it is on, whose verdict goes to *verdict; info filled when
 * not NULL. CLIQUET_ERR_NO_MEMORY changes nothing.
 */
cliquet_status cq_api_inbound_group_decrypt_raw(
    cliquet_inbound_group_session *session, const uint8_t *raw, size_t raw_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_megolm_decrypt_info *info, cq_megolm_replay_verdict *verdict);

/*
 * cliquet_inbound_group_session_decrypt with the replay record's verdict
 * in *verdict: what the text decrypt calls share (megolm_inbound_api.c).
 */
cliquet_status cq_api_inbound_group_decrypt_text(
    cliquet_inbound_group_session *session, const char *message, size_t message_len,
    uint8_t *plaintext, size_t plaintext_cap, size_t *plaintext_len,
    cliquet_megolm_decrypt_info *info, cq_megolm_replay_verdict *verdict);

/* Wipes and frees a record (NULL does nothing). (megolm_inbound_api.c) */
void cq_api_replay_free(cq_megolm_replay *r);

#endif /* CLIQUET_API_MEGOLM_OBJECTS_H */
