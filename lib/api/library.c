/*
 * Library start-up, version and sizes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>

#include "api/api.h"
#include "crypto/crypto.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static atomic_int init_state; /* 0 not started, 1 ready, -1 failed */

static void init_library(void)
{
    atomic_store(&init_state, cq_crypto_init() == 0 ? 1 : -1);
}

/* cliquet.h */
cliquet_status cliquet_init(void)
{
    if (pthread_once(&init_once, init_library) != 0) {
        return CLIQUET_ERR_INIT_FAILED;
    }
    return atomic_load(&init_state) == 1 ? CLIQUET_OK : CLIQUET_ERR_INIT_FAILED;
}

/* api.h */
int cq_api_ready(void)
{
    return atomic_load(&init_state) == 1;
}

/* api.h */
cliquet_status cq_api_check_output(const void *out, size_t out_cap,
                                   size_t *out_len, size_t need)
{
    if (out_len == NULL || !cq_api_input_ok(out, out_cap)) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (need > out_cap) {
        *out_len = need;
        return CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    return CLIQUET_OK;
}

/* api.h */
cliquet_status cq_api_check_text_output(const char *out, size_t out_cap,
                                        size_t *out_len, size_t text_len)
{
    if (text_len == SIZE_MAX) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    return cq_api_check_output(out, out_cap, out_len, text_len + 1);
}

/* api.h */
void cq_api_free(void *p, size_t n)
{
    if (p != NULL) {
        cq_wipe(p, n);
        free(p);
    }
}

/* api.h */
void cq_api_base64_text(char *out, const uint8_t *in, size_t n)
{
    cq_base64_encode(out, in, n);
    out[cq_base64_encoded_len(n)] = '\0';
}

/* cliquet.h */
const char *cliquet_version_string(void)
{
    return CLIQUET_VERSION_STRING;
}

/* cliquet.h */
cliquet_status cliquet_version(unsigned *major, unsigned *minor, unsigned *patch)
{
    if (major != NULL) {
        *major = CLIQUET_VERSION_MAJOR;
    }
    if (minor != NULL) {
        *minor = CLIQUET_VERSION_MINOR;
    }
    if (patch != NULL) {
        *patch = CLIQUET_VERSION_PATCH;
    }
    return CLIQUET_OK;
}

/* cliquet.h */
cliquet_status cliquet_aes_implementation(cliquet_aes_impl *impl)
{
    if (impl == NULL) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (!cq_api_ready()) {
        return CLIQUET_ERR_NOT_INITIALISED;
    }
    *impl = cq_aes_selected();
    return CLIQUET_OK;
}

/* cliquet.h */
size_t cliquet_curve25519_key_bytes(void) { return CLIQUET_CURVE25519_KEY_BYTES; }
/* cliquet.h */
size_t cliquet_ed25519_key_bytes(void) { return CLIQUET_ED25519_KEY_BYTES; }
/* cliquet.h */
size_t cliquet_ed25519_signature_bytes(void) { return CLIQUET_ED25519_SIGNATURE_BYTES; }
/* cliquet.h */
size_t cliquet_pickle_key_bytes(void) { return CLIQUET_PICKLE_KEY_BYTES; }
/* cliquet.h */
size_t cliquet_key_base64_size(void) { return CLIQUET_KEY_BASE64_SIZE; }
/* cliquet.h */
size_t cliquet_signature_base64_size(void) { return CLIQUET_SIGNATURE_BASE64_SIZE; }

/* cliquet.h */
size_t cliquet_key_id_base64_size(void) { return CLIQUET_KEY_ID_BASE64_SIZE; }
