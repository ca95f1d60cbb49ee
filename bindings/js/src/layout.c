/*
 * bindings/js: the struct layouts that src/olm.mjs and src/megolm.mjs read
 * from wasm memory by offset, checked at compile time against
 * include/cliquet.h (wasm32). A change to either struct stops the build
 * here instead of making the glue read the wrong bytes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stddef.h>

#include "cliquet.h"

_Static_assert(sizeof(size_t) == 4 && sizeof(int) == 4 && sizeof(void *) == 4,
               "the glue reads size_t, int and pointers as 32-bit cells");
_Static_assert(sizeof(cliquet_olm_decrypt_info) == 96, "OLM_INFO_BYTES");
_Static_assert(offsetof(cliquet_olm_decrypt_info, sender_key) == 0, "OLM_INFO_SENDER_KEY");
_Static_assert(offsetof(cliquet_olm_decrypt_info, session_id) == 44, "OLM_INFO_SESSION_ID");
_Static_assert(offsetof(cliquet_olm_decrypt_info, evicted_message_keys) == 88,
               "OLM_INFO_EVICTED_KEYS");
_Static_assert(offsetof(cliquet_olm_decrypt_info, evicted_chains) == 92,
               "OLM_INFO_EVICTED_CHAINS");
_Static_assert(sizeof(cliquet_megolm_decrypt_info) == 56, "MEGOLM_INFO_BYTES");
_Static_assert(offsetof(cliquet_megolm_decrypt_info, message_index) == 0, "MEGOLM_INFO_INDEX");
_Static_assert(offsetof(cliquet_megolm_decrypt_info, verified) == 4, "MEGOLM_INFO_VERIFIED");
_Static_assert(offsetof(cliquet_megolm_decrypt_info, imported) == 8, "MEGOLM_INFO_IMPORTED");
_Static_assert(offsetof(cliquet_megolm_decrypt_info, session_id) == 12,
               "MEGOLM_INFO_SESSION_ID");
/* The fixed text sizes the glue allocates. */
_Static_assert(CLIQUET_KEY_BASE64_SIZE == 44 && CLIQUET_SIGNATURE_BASE64_SIZE == 87 &&
               CLIQUET_KEY_ID_BASE64_SIZE == 7 && CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE == 307 &&
               CLIQUET_MEGOLM_EXPORT_BASE64_SIZE == 221 && CLIQUET_PK_LEGACY_MAC_BASE64_SIZE == 12 &&
               CLIQUET_SAS_MAC_BASE64_SIZE == 44 && CLIQUET_SHA256_BASE64_SIZE == 44 &&
               CLIQUET_ECIES_CHECK_CODE_BYTES == 2,
               "the sizes in src/*.mjs");

/* ISO C wants a translation unit to declare something. */
int cliquet_js_layout_checked(void);
int cliquet_js_layout_checked(void)
{
    return 1;
}
