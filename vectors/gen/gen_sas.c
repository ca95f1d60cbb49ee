/*
 * Writes vectors/sas/sas.txt with Debian's libolm as the oracle (make
 * vectors). Usage: gen_sas OUTDIR
 *
 * Each case: two SAS objects from fixed random bytes, their public keys,
 * SAS bytes for an info string, and the three MAC forms of a message:
 * olm_sas_calculate_mac_fixed_base64 (hkdf-hmac-sha256.v2),
 * olm_sas_calculate_mac (hkdf-hmac-sha256, libolm's broken base64) and
 * olm_sas_calculate_mac_long_kdf. Both sides are checked to agree before a
 * case is written. Random bytes come from a fixed SHA-256 counter stream,
 * so the output is the same on every run. Line format as in
 * vectors/gen/gen_wycheproof.py.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <olm/sas.h>

#include "common.h"

static OlmSAS *new_sas(uint8_t random[32])
{
    OlmSAS *s = olm_sas(malloc(olm_sas_size()));
    uint8_t copy[32];

    stream(random, 32);
    memcpy(copy, random, 32);
    if (olm_create_sas(s, copy, 32) == olm_error()) {
        die("olm_create_sas", olm_sas_last_error(s));
    }
    return s;
}

static void set_key(OlmSAS *s, const uint8_t *key, size_t len)
{
    uint8_t copy[64];

    /* libolm decodes their key in place. */
    memcpy(copy, key, len);
    if (olm_sas_set_their_key(s, copy, len) == olm_error()) {
        die("olm_sas_set_their_key", olm_sas_last_error(s));
    }
}

typedef size_t (*mac_fn)(OlmSAS *, const void *, size_t, const void *, size_t,
                         void *, size_t);

/* The MAC from both sides, which must agree. */
static void both_macs(OlmSAS *a, OlmSAS *b, mac_fn fn, const uint8_t *msg,
                      size_t msg_len, const uint8_t *info, size_t info_len,
                      uint8_t mac[64])
{
    uint8_t other[64];
    size_t len = olm_sas_mac_length(a);

    if (fn(a, msg, msg_len, info, info_len, mac, len) == olm_error() ||
        fn(b, msg, msg_len, info, info_len, other, len) == olm_error()) {
        die("a MAC", olm_sas_last_error(a));
    }
    if (memcmp(mac, other, len) != 0) {
        die("a MAC", "the two sides disagree");
    }
}

/* Lengths of the SAS bytes, info strings and messages, case by case. */
static const size_t byte_lengths[] = { 6, 0, 1, 5, 7, 16, 31, 32, 33, 64, 100, 255, 256, 300, 1000, 6 };
static const size_t info_lengths[] = { 20, 0, 1, 3, 31, 32, 33, 63, 64, 65, 100, 127, 128, 200, 300, 140 };
static const size_t msg_lengths[]  = { 43, 0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 100, 128, 200, 1000, 86 };
#define N_CASES (sizeof byte_lengths / sizeof byte_lengths[0])

static void one_case(FILE *f, size_t i)
{
    uint8_t ra[32], rb[32], pa[64], pb[64];
    uint8_t info[300], msg[1000], mac_info[300];
    uint8_t out[1000], other[1000];
    uint8_t mac[64], legacy[64], long_kdf[64];
    OlmSAS *a = new_sas(ra);
    OlmSAS *b = new_sas(rb);
    size_t key_len = olm_sas_pubkey_length(a);
    size_t mac_len = olm_sas_mac_length(a);

    stream(info, info_lengths[i]);
    stream(msg, msg_lengths[i]);
    stream(mac_info, info_lengths[i]);
    if (olm_sas_get_pubkey(a, pa, key_len) == olm_error() ||
        olm_sas_get_pubkey(b, pb, key_len) == olm_error()) {
        die("olm_sas_get_pubkey", olm_sas_last_error(a));
    }
    set_key(a, pb, key_len);
    set_key(b, pa, key_len);
    if (olm_sas_generate_bytes(a, info, info_lengths[i], out, byte_lengths[i]) == olm_error() ||
        olm_sas_generate_bytes(b, info, info_lengths[i], other, byte_lengths[i]) == olm_error() ||
        memcmp(out, other, byte_lengths[i]) != 0) {
        die("olm_sas_generate_bytes", "failed or the two sides disagree");
    }
    both_macs(a, b, olm_sas_calculate_mac_fixed_base64, msg, msg_lengths[i],
              mac_info, info_lengths[i], mac);
    both_macs(a, b, olm_sas_calculate_mac, msg, msg_lengths[i], mac_info,
              info_lengths[i], legacy);
    both_macs(a, b, olm_sas_calculate_mac_long_kdf, msg, msg_lengths[i],
              mac_info, info_lengths[i], long_kdf);

    put_hex(f, ra, 32);
    fputc(' ', f);
    put_hex(f, rb, 32);
    fputc(' ', f);
    put_text(f, pa, key_len);
    fputc(' ', f);
    put_text(f, pb, key_len);
    fputc(' ', f);
    put_hex(f, info, info_lengths[i]);
    fputc(' ', f);
    put_hex(f, out, byte_lengths[i]);
    fputc(' ', f);
    put_hex(f, msg, msg_lengths[i]);
    fputc(' ', f);
    put_hex(f, mac_info, info_lengths[i]);
    fputc(' ', f);
    put_text(f, mac, mac_len);
    fputc(' ', f);
    put_text(f, legacy, mac_len);
    fputc(' ', f);
    put_text(f, long_kdf, mac_len);
    fputc('\n', f);
    olm_clear_sas(a);
    olm_clear_sas(b);
    free(a);
    free(b);
}

int main(int argc, char **argv)
{
    FILE *f = open_out(start_generator(argc, argv, "gen_sas"), "sas.txt");
    size_t i;

    fputs("# SAS: olm_create_sas, olm_sas_set_their_key, olm_sas_generate_bytes and the three MACs:\n"
          "# mac = olm_sas_calculate_mac_fixed_base64 (hkdf-hmac-sha256.v2),\n"
          "# mac_legacy = olm_sas_calculate_mac (hkdf-hmac-sha256, broken base64),\n"
          "# mac_long_kdf = olm_sas_calculate_mac_long_kdf; bytes made with info, MACs with mac_info.\n"
          "# Made by vectors/gen/gen_sas.c with Debian's libolm from a fixed SHA-256 counter\n"
          "# stream. Do not edit: run make vectors.\n", f);
    header_end(f, (unsigned)N_CASES, "alice_random bob_random alice_public bob_public info bytes "
               "message mac_info mac mac_legacy mac_long_kdf");
    for (i = 0; i < N_CASES; i++) {
        one_case(f, i);
    }
    fclose(f);
    return 0;
}
