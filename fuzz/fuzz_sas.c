/*
 * fuzz/fuzz_sas.c: SAS with their key (m.key.verification.key, from the
 * other device), through the API (cliquet_sas_set_their_key, base64) and
 * the core (cq_sas_set_their_key), then the SAS bytes and the three MAC
 * forms with fuzzed lengths, info strings and messages.
 *
 * Input: a control byte; a u8-length-prefixed key (text for the API, bit
 * 0x01 clear; raw bytes for the core, bit set); a big-endian u16 count of
 * SAS bytes; a u8-length-prefixed info; the rest the message.
 *
 * Properties: only documented statuses; their key is accepted exactly when
 * it is strict base64 of 32 bytes (API) and its X25519 with our key is not
 * all zero (checked with libsodium's crypto_scalarmult); a refused key
 * leaves the SAS unchanged; SAS bytes come only with their key and within
 * the HKDF bound.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common.h"
#include "fixtures.h"

static fz_sas_fixture fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_sas_fixture_make(&fx);
    return 0;
}

/* 1 if X25519(ours, key) is not all zero. */
static int usable(const uint8_t key[32])
{
    uint8_t shared[32];

    return crypto_scalarmult(shared, fx.ours.private_key, key) == 0;
}

static void use_core(fz_input *in, const uint8_t *key, size_t key_len)
{
    cq_sas s = fx.ours;
    cq_sas before = s;
    uint8_t *out;
    size_t n = (size_t)fz_u8(in) << 8;
    size_t info_len;
    const uint8_t *info;
    uint8_t mac[CQ_SAS_MAC_BYTES];
    char text[CQ_SAS_MAC_BASE64_BYTES];
    cliquet_status st;

    n |= fz_u8(in);
    info = fz_slice(in, &info_len);
    if (key_len != 32) {
        return;
    }
    st = cq_sas_set_their_key(&s, key);
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_ZERO_SHARED_SECRET,
               "sas: undocumented status");
    fz_require((st == CLIQUET_OK) == usable(key), "sas: verdict");
    if (st != CLIQUET_OK) {
        fz_require(memcmp(&s, &before, sizeof s) == 0,
                   "a refused key changed the SAS");
        s = fx.ours;
    }
    out = malloc(n + 1);
    fz_require(out != NULL, "malloc");
    st = cq_sas_generate_bytes(&s, out, n, info, info_len);
    fz_require(st == (!s.their_key_set ? CLIQUET_ERR_SAS_NO_THEIR_KEY
                      : n > CQ_SAS_MAX_BYTES ? CLIQUET_ERR_INPUT_TOO_LARGE
                                             : CLIQUET_OK),
               "sas bytes: status");
    free(out);
    st = cq_sas_mac(&s, mac, in->data, in->len, info, info_len);
    fz_require(st == (s.their_key_set ? CLIQUET_OK : CLIQUET_ERR_SAS_NO_THEIR_KEY),
               "sas mac: status");
    if (st == CLIQUET_OK) {
        cq_sas_legacy_base64(text, mac);
    }
    st = cq_sas_mac_long_kdf(&s, mac, in->data, in->len, info, info_len);
    fz_require(st == (s.their_key_set ? CLIQUET_OK : CLIQUET_ERR_SAS_NO_THEIR_KEY),
               "sas long-kdf mac: status");
}

static void use_api(fz_input *in, const uint8_t *key, size_t key_len)
{
    cliquet_sas *s = NULL;
    uint8_t raw[32];
    size_t raw_len = 0;
    int strict;
    int is_set = -1;
    cliquet_status st;
    char mac[CLIQUET_SAS_MAC_BASE64_SIZE];
    uint8_t sas[6];
    size_t info_len;
    const uint8_t *info;

    (void)fz_u8(in);
    (void)fz_u8(in);
    info = fz_slice(in, &info_len);
    fz_require(cliquet_sas_new(&s) == CLIQUET_OK, "sas new");
    strict = cq_base64_decode(raw, sizeof raw, &raw_len, (const char *)key,
                              key_len) == CLIQUET_OK &&
             raw_len == 32;
    st = cliquet_sas_set_their_key(s, (const char *)key, key_len);
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_BASE64 ||
                   st == CLIQUET_ERR_BAD_KEY_LENGTH ||
                   st == CLIQUET_ERR_ZERO_SHARED_SECRET,
               "sas API: undocumented status");
    if (st == CLIQUET_OK) {
        fz_require(strict, "sas API: accepted a key that is not 32 bytes of base64");
    }
    fz_require(cliquet_sas_is_their_key_set(s, &is_set) == CLIQUET_OK &&
                   is_set == (st == CLIQUET_OK),
               "sas API: key set flag");
    st = cliquet_sas_generate_bytes(s, sas, sizeof sas, info, info_len);
    fz_require(st == (is_set ? CLIQUET_OK : CLIQUET_ERR_SAS_NO_THEIR_KEY),
               "sas API bytes");
    st = cliquet_sas_calculate_mac(s, mac, in->data, in->len, info, info_len);
    fz_require(st == (is_set ? CLIQUET_OK : CLIQUET_ERR_SAS_NO_THEIR_KEY),
               "sas API mac");
    st = cliquet_sas_calculate_mac_legacy_base64(s, mac, in->data, in->len, info,
                                                 info_len);
    fz_require(st == (is_set ? CLIQUET_OK : CLIQUET_ERR_SAS_NO_THEIR_KEY),
               "sas API legacy mac");
    cliquet_sas_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control;
    size_t key_len;
    const uint8_t *key;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    control = fz_u8(&in);
    key = fz_slice(&in, &key_len);
    if (control & 1) {
        use_core(&in, key, key_len);
    } else {
        use_api(&in, key, key_len);
    }
    return 0;
}
