/*
 * fuzz/fuzz_megolm_export.c: inbound group sessions imported from a v1
 * export (unsigned, 165 bytes: key backups, forwarded keys), through the
 * core (cq_megolm_inbound_import) and the API
 * (cliquet_inbound_group_session_import).
 *
 * Input: a control byte, then the export. Control bit 0x01: through the
 * API, base64-encoded by the harness; 0x02: through the API, the bytes as
 * the base64 text.
 *
 * Properties: only documented statuses; an export is accepted exactly when
 * it is 165 bytes with version 1 (nothing else can be checked: it is
 * unsigned); a refused one writes nothing; an accepted one gives an
 * imported, unverified session whose export at the same index is the input
 * byte for byte.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "megolm/megolm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

static cliquet_status api_import(cq_megolm_inbound *out, const char *text,
                                 size_t n)
{
    cliquet_inbound_group_session *s = NULL;
    cliquet_status st = cliquet_inbound_group_session_import(&s, text, n);

    fz_require((st == CLIQUET_OK) == (s != NULL), "API: session iff success");
    if (s != NULL) {
        *out = *cq_api_inbound_group_state(s);
    }
    cliquet_inbound_group_session_free(s);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_megolm_inbound s;
    cq_megolm_inbound untouched;
    uint8_t again[CQ_MEGOLM_EXPORT_BYTES];
    const uint8_t *exp;
    size_t n;
    uint8_t control;
    uint32_t index;
    cliquet_status st;

    if (size < 1 || size > 4096) {
        return 0;
    }
    fz_random_reset();
    control = data[0];
    exp = data + 1;
    n = size - 1;
    memset(&s, 0x5a, sizeof s);
    untouched = s;
    if (control & 0x02) {
        st = api_import(&s, (const char *)exp, n);
    } else if (control & 0x01) {
        char *text = malloc(cq_base64_encoded_len(n) + 1);

        fz_require(text != NULL, "malloc");
        cq_base64_encode(text, exp, n);
        st = api_import(&s, text, cq_base64_encoded_len(n));
        free(text);
    } else {
        st = cq_megolm_inbound_import(&s, exp, n);
    }
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_SESSION_KEY ||
                   st == CLIQUET_ERR_BAD_BASE64,
               "export: undocumented status");
    if (!(control & 0x02)) {
        fz_require((st == CLIQUET_OK) ==
                       (n == CQ_MEGOLM_EXPORT_BYTES &&
                        exp[0] == CQ_MEGOLM_EXPORT_VERSION),
                   "export: verdict differs from the format");
    }
    if (st != CLIQUET_OK) {
        fz_require(memcmp(&s, &untouched, sizeof s) == 0,
                   "a refused export wrote the session");
        return 0;
    }
    fz_require(s.verified == 0 && s.imported == 1, "flags");
    if (control & 0x02) {
        return 0;
    }
    index = (uint32_t)exp[1] << 24 | (uint32_t)exp[2] << 16 |
            (uint32_t)exp[3] << 8 | exp[4];
    fz_require(cq_megolm_inbound_export(again, &s, index) == CLIQUET_OK &&
                   memcmp(again, exp, sizeof again) == 0,
               "export of an import is not the input");
    return 0;
}
