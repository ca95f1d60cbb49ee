/*
 * cliquet's native pickle envelope (docs/pickle-format.md §Native).
 *
 *   offset  bytes  field
 *   0       4      magic "CQPK"
 *   4       1      format version (1)
 *   5       1      object type (CQ_PICKLE_TYPE_*)
 *   6       8      key check
 *   14      24     nonce (random)
 *   38      n      XChaCha20-Poly1305 ciphertext of the payload
 *   38+n    16     its tag; bytes 0..37 are the associated data
 *
 * The caller's 32-byte key K is not used directly: HKDF-SHA-256 (salt the
 * pickle's nonce, info "cliquet pickle v1") expands it into 40 bytes, the
 * AEAD key (32) then the key check (8). The key check lets a reader tell a
 * wrong key (the check differs) from changed bytes (the check matches, the
 * tag does not), which an AEAD alone cannot. It reveals nothing of K beyond
 * what the AEAD already lets anyone test offline. Salting with the nonce
 * makes both fresh for every pickle, so two pickles do not show that they
 * were sealed under the same key.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "pickle.h"

#define OFF_VERSION 4
#define OFF_TYPE 5
#define OFF_CHECK 6
#define OFF_NONCE (OFF_CHECK + CQ_PICKLE_KEY_CHECK_BYTES)
#define DERIVED_BYTES (CQ_XCHACHA_KEY_BYTES + CQ_PICKLE_KEY_CHECK_BYTES)

static const uint8_t magic[CQ_PICKLE_MAGIC_BYTES] = {
    CQ_PICKLE_MAGIC_0, CQ_PICKLE_MAGIC_1, CQ_PICKLE_MAGIC_2, CQ_PICKLE_MAGIC_3
};

/* derived = AEAD key (32) || key check (8), for this pickle's nonce. */
static void derive(uint8_t derived[DERIVED_BYTES],
                   const uint8_t key[CQ_PICKLE_KEY_BYTES],
                   const uint8_t nonce[CQ_PICKLE_NONCE_BYTES])
{
    /* 40 bytes is far below HKDF's limit: this cannot fail. */
    (void)cq_hkdf_sha256(derived, DERIVED_BYTES, nonce, CQ_PICKLE_NONCE_BYTES,
                         key, CQ_PICKLE_KEY_BYTES,
                         (const uint8_t *)CQ_PICKLE_KDF_INFO,
                         CQ_PICKLE_KDF_INFO_LEN);
}

/* pickle.h */
size_t cq_pickle_native_raw_len(size_t n)
{
    return CQ_PICKLE_OVERHEAD + n;
}

/* pickle.h */
size_t cq_pickle_native_text_len(size_t n)
{
    return cq_base64_encoded_len(cq_pickle_native_raw_len(n));
}

/* pickle.h */
void cq_pickle_native_write(char *text, uint8_t *work, uint8_t type,
                            const uint8_t key[CQ_PICKLE_KEY_BYTES],
                            const uint8_t nonce[CQ_PICKLE_NONCE_BYTES],
                            const uint8_t *payload, size_t n)
{
    uint8_t derived[DERIVED_BYTES];
    size_t raw_len = cq_pickle_native_raw_len(n);

    derive(derived, key, nonce);
    memcpy(work, magic, sizeof magic);
    work[OFF_VERSION] = CQ_PICKLE_VERSION;
    work[OFF_TYPE] = type;
    memcpy(work + OFF_CHECK, derived + CQ_XCHACHA_KEY_BYTES,
           CQ_PICKLE_KEY_CHECK_BYTES);
    memcpy(work + OFF_NONCE, nonce, CQ_PICKLE_NONCE_BYTES);
    cq_xchacha20poly1305_seal(work + CQ_PICKLE_HEADER_BYTES, payload, n, work,
                              CQ_PICKLE_HEADER_BYTES, nonce, derived);
    cq_base64_encode(text, work, raw_len);
    cq_wipe(derived, sizeof derived);
    cq_wipe(work, raw_len);
}

/* The header checks, in the order docs/pickle-format.md gives. */
static cliquet_status check_header(const uint8_t *raw, size_t len,
                                   uint8_t type, const uint8_t check[8])
{
    if (len < CQ_PICKLE_OVERHEAD ||
        memcmp(raw, magic, sizeof magic) != 0) {
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    if (raw[OFF_VERSION] != CQ_PICKLE_VERSION) {
        return CLIQUET_ERR_PICKLE_UNKNOWN_VERSION;
    }
    if (raw[OFF_TYPE] != type) {
        return CLIQUET_ERR_PICKLE_WRONG_TYPE;
    }
    /* The key check is derived from the key: compared in constant time. */
    if (cq_ct_memcmp(raw + OFF_CHECK, check, CQ_PICKLE_KEY_CHECK_BYTES) != 0) {
        return CLIQUET_ERR_PICKLE_BAD_KEY;
    }
    return CLIQUET_OK;
}

/* pickle.h */
cliquet_status cq_pickle_native_read(const uint8_t **payload,
                                     size_t *payload_len, uint8_t *work,
                                     size_t work_cap, uint8_t type,
                                     const uint8_t key[CQ_PICKLE_KEY_BYTES],
                                     const char *text, size_t n)
{
    uint8_t derived[DERIVED_BYTES];
    uint8_t *body;
    size_t len = 0;
    cliquet_status st;

    st = cq_base64_decode(work, work_cap, &len, text, n);
    if (st != CLIQUET_OK) {
        return st == CLIQUET_ERR_BAD_BASE64 ? st : CLIQUET_ERR_INVALID_ARGUMENT;
    }
    if (len < CQ_PICKLE_OVERHEAD) {
        cq_wipe(work, work_cap);
        return CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    derive(derived, key, work + OFF_NONCE);
    st = check_header(work, len, type, derived + CQ_XCHACHA_KEY_BYTES);
    body = work + CQ_PICKLE_HEADER_BYTES;
    if (st == CLIQUET_OK &&
        cq_xchacha20poly1305_open(body, body, len - CQ_PICKLE_HEADER_BYTES,
                                  work, CQ_PICKLE_HEADER_BYTES,
                                  work + OFF_NONCE, derived) != 0) {
        st = CLIQUET_ERR_PICKLE_CORRUPTED;
    }
    cq_wipe(derived, sizeof derived);
    if (st != CLIQUET_OK) {
        cq_wipe(work, work_cap);
        return st;
    }
    *payload = body;
    *payload_len = len - CQ_PICKLE_OVERHEAD;
    return CLIQUET_OK;
}
