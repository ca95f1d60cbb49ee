/*
 * fuzz/fuzz_pk_decrypt.c: legacy key-backup decryption (PK decryption),
 * through the API (cliquet_pk_decrypt_legacy_backup: three base64 fields
 * from the server) and the core (cq_pk_decrypt_legacy).
 *
 * Input: a control byte, then, by its low two bits:
 *   0  API: a u8-length-prefixed ephemeral key text, a u8-length-prefixed
 *      MAC text, the rest the ciphertext text;
 *   1  core: 32 bytes of an ephemeral private key, the rest a ciphertext.
 *      The harness computes the matching public key and the (legacy,
 *      ciphertext-independent) MAC, so the fuzzer reaches the padding;
 *   2  core: 32-byte ephemeral key, 8-byte MAC, the rest the ciphertext;
 *   3  as 1, through the API, everything base64-encoded by the harness.
 * Bit 0x04: a plaintext buffer one byte too small. Bit 0x08: the bitsliced
 * AES.
 *
 * Properties: only the statuses docs/pk.md lists; a success gives a
 * plaintext shorter than the ciphertext that re-encrypts (same ephemeral
 * key, deterministic IV) to exactly the ciphertext: the padding check let
 * through only valid PKCS#7.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"

static fz_pk_fixture fx;
static cliquet_pk_decryption *api_key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_pk_fixture_make(&fx);
    fz_require(cq_api_pk_decryption_from_state(&api_key, &fx.key) == CLIQUET_OK,
               "pk key");
    return 0;
}

static int documented(cliquet_status st)
{
    switch (st) {
    case CLIQUET_ERR_BAD_BASE64:
    case CLIQUET_ERR_BAD_KEY_LENGTH:
    case CLIQUET_ERR_BAD_MESSAGE_MAC:
    case CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH:
    case CLIQUET_ERR_ZERO_SHARED_SECRET:
    case CLIQUET_ERR_BAD_PADDING:
    case CLIQUET_ERR_OUTPUT_TOO_SMALL:
        return 1;
    default:
        return 0;
    }
}

static char *b64(const uint8_t *p, size_t n, size_t *len)
{
    char *t = malloc(cq_base64_encoded_len(n) + 1);

    fz_require(t != NULL, "malloc");
    cq_base64_encode(t, p, n);
    *len = cq_base64_encoded_len(n);
    return t;
}

/* Mode 3: the API with the harness's own encodings. */
static cliquet_status api_encoded(const uint8_t eph[32], const uint8_t mac[8],
                                  const uint8_t *ct, size_t n, uint8_t *pt,
                                  size_t cap, size_t *pt_len)
{
    size_t el, ml, cl;
    char *e = b64(eph, 32, &el);
    char *m = b64(mac, 8, &ml);
    char *c = b64(ct, n, &cl);
    cliquet_status st = cliquet_pk_decrypt_legacy_backup(
        api_key, pt, cap, pt_len, e, el, m, ml, c, cl);

    free(e);
    free(m);
    free(c);
    return st;
}

static void check_reencrypt(const uint8_t eph_private[32], const uint8_t *pt,
                            size_t pt_len, const uint8_t *ct, size_t n)
{
    uint8_t *again = malloc(cq_pk_ciphertext_len(pt_len));
    uint8_t mac[CQ_PK_MAC_BYTES];
    uint8_t eph[CQ_PK_KEY_BYTES];

    fz_require(again != NULL, "malloc");
    fz_require(cq_pk_ciphertext_len(pt_len) == n &&
                   cq_pk_encrypt_legacy(again, mac, eph, fx.key.public_key, pt,
                                        pt_len, eph_private) == CLIQUET_OK &&
                   memcmp(again, ct, n) == 0,
               "a decrypted backup does not re-encrypt to its ciphertext");
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control;
    uint8_t eph_private[32] = {0};
    uint8_t eph[32];
    uint8_t mac[8];
    uint8_t *pt;
    size_t cap;
    size_t pt_len = 0;
    cliquet_status st;
    int mode;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    control = fz_u8(&in);
    mode = control & 3;
    fz_aes(control & 0x08);
    cap = in.len + 16;
    pt = malloc(cap);
    fz_require(pt != NULL, "malloc");
    if (mode == 0) {
        size_t el, ml;
        const uint8_t *e = fz_slice(&in, &el);
        const uint8_t *m = fz_slice(&in, &ml);

        if (control & 4) {
            /* One byte short of what the size rule asks for: the decoded
             * ciphertext's length. */
            cap = cq_base64_decoded_len(in.len);
            cap = cap > 0 ? cap - 1 : 0;
        }
        st = cliquet_pk_decrypt_legacy_backup(
            api_key, pt, cap, &pt_len, (const char *)e, el, (const char *)m, ml,
            (const char *)in.data, in.len);
        fz_require(st == CLIQUET_OK || documented(st), "pk: undocumented status");
        /* A capacity of the ciphertext's length is always enough. */
        fz_require(cap < in.len || st != CLIQUET_ERR_OUTPUT_TOO_SMALL,
                   "pk: ciphertext_len not enough");
        if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
            fz_require(pt_len > cap && pt_len == cq_base64_decoded_len(in.len),
                       "pk: capacity asked for");
        } else if (st == CLIQUET_OK) {
            fz_require(pt_len <= cap, "pk: plaintext length");
        }
        free(pt);
        return 0;
    }
    if (mode == 2) {
        if (in.len < 40) {
            free(pt);
            return 0;
        }
        memcpy(eph, in.data, 32);
        memcpy(mac, in.data + 32, 8);
        in.data += 40;
        in.len -= 40;
    } else {
        uint8_t empty[16];

        if (in.len < 32) {
            free(pt);
            return 0;
        }
        memcpy(eph_private, in.data, 32);
        in.data += 32;
        in.len -= 32;
        if (cq_pk_encrypt_legacy(empty, mac, eph, fx.key.public_key, NULL, 0,
                                 eph_private) != CLIQUET_OK) {
            free(pt);
            return 0;
        }
    }
    if (control & 4) {
        cap = in.len > 0 ? in.len - 1 : 0;
    }
    if (mode == 3) {
        st = api_encoded(eph, mac, in.data, in.len, pt, cap, &pt_len);
    } else {
        st = cap >= in.len ? cq_pk_decrypt_legacy(pt, &pt_len, &fx.key, eph,
                                                  mac, in.data, in.len)
                           : CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    fz_require(st == CLIQUET_OK || documented(st), "pk: undocumented status");
    if (st == CLIQUET_OK) {
        fz_require(pt_len < in.len, "plaintext length");
        if (mode != 2) {
            check_reencrypt(eph_private, pt, pt_len, in.data, in.len);
        }
    }
    free(pt);
    return 0;
}
