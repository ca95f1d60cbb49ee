/*
 * fuzz/fuzz_shim_pk_sas.c: the libolm drop-in's olm_pk_decrypt (with
 * olm_pk_max_plaintext_length) and its SAS calls: olm_sas_set_their_key
 * (which decodes the key in place), olm_sas_generate_bytes and the three
 * MAC calls.
 *
 * Input: a control byte. Bit 0x01 clear, key backup: u8-prefixed slices
 * for the ephemeral key and the MAC, the rest the ciphertext; bit 0x02
 * makes a genuine backup of the first slice instead (olm_pk_encrypt) and
 * XORs the rest of the input into its ciphertext. Bit 0x01 set, SAS: a
 * u8-prefixed slice for their key (bit 0x02: the valid key, XORed with
 * it), a byte for the SAS length, u8-prefixed info, the rest the message.
 *
 * Properties: a backup decrypts to no more than olm_pk_max_plaintext_
 * length says for its ciphertext, and an unmodified genuine one to its
 * plaintext; SAS bytes and MACs come only once their key is set.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shim_fixture.h"

static fz_shim fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_shim_make(&fx);
    return 0;
}

static void pk_case(fz_input *in, int real)
{
    uint8_t random[32] = {1};
    char eph[64], mac[16], *ct;
    const uint8_t *e, *m, *plain = NULL;
    size_t e_len, m_len, ct_len, plain_len = 0, i, max, got;
    uint8_t *out;
    int untouched = 0;

    if (real) {
        plain = fz_slice(in, &plain_len);
        ct_len = olm_pk_ciphertext_length(fx.pk_enc, plain_len);
        ct = fz_shim_memory(ct_len + 1);
        fz_require(olm_pk_encrypt(fx.pk_enc, plain, plain_len, ct, ct_len, mac, 11, eph, 43,
                                  random, sizeof random) != olm_error(), "pk encrypt");
        untouched = in->len == 0;
        for (i = 0; i < in->len && i < ct_len; i++) {
            ct[i] = (char)(ct[i] ^ in->data[i]);
        }
        e = (const uint8_t *)eph;
        e_len = 43;
        m = (const uint8_t *)mac;
        m_len = 11;
    } else {
        e = fz_slice(in, &e_len);
        m = fz_slice(in, &m_len);
        ct_len = in->len;
        ct = fz_shim_memory(ct_len + 1);
        if (ct_len > 0) {
            memcpy(ct, in->data, ct_len);
        }
    }
    max = olm_pk_max_plaintext_length(fx.pk_dec, ct_len);
    out = fz_shim_memory(max == olm_error() ? 1 : max + 1);
    got = olm_pk_decrypt(fx.pk_dec, e, e_len, m, m_len, ct, ct_len, out,
                         max == olm_error() ? 0 : max);
    if (got != olm_error()) {
        fz_require(got <= max, "the length query covers the plaintext");
    }
    if (untouched) {
        fz_require(got == plain_len && (plain_len == 0 || memcmp(out, plain, got) == 0),
                   "a genuine backup decrypts");
    }
    free(out);
    free(ct);
}

static void sas_case(fz_input *in, int real)
{
    OlmSAS *sas = olm_sas(fz_shim_memory(olm_sas_size()));
    uint8_t random[32] = {2}, out[512];
    const uint8_t *k, *info, *msg;
    size_t k_len, info_len, n, set, i, r;
    char key[256];

    fz_require(olm_create_sas(sas, random, sizeof random) != olm_error(), "sas");
    k = fz_slice(in, &k_len);
    if (real) {
        memcpy(key, fx.sas_other_key, 43);
        for (i = 0; i < k_len && i < 43; i++) {
            key[i] = (char)(key[i] ^ k[i]);
        }
        k_len = 43;
    } else {
        memcpy(key, k, k_len);
    }
    n = fz_u8(in);
    info = fz_slice(in, &info_len);
    msg = in->data;
    set = olm_sas_set_their_key(sas, key, k_len);
    r = olm_sas_generate_bytes(sas, info, info_len, out, n);
    fz_require(set != olm_error() || r == olm_error(), "bytes only with their key");
    r = olm_sas_calculate_mac(sas, msg, in->len, info, info_len, out, sizeof out);
    fz_require(set != olm_error() || r == olm_error(), "a MAC only with their key");
    r = olm_sas_calculate_mac_fixed_base64(sas, msg, in->len, info, info_len, out, sizeof out);
    fz_require(set != olm_error() || r == olm_error(), "a MAC only with their key");
    r = olm_sas_calculate_mac_long_kdf(sas, msg, in->len, info, info_len, out, sizeof out);
    fz_require(set != olm_error() || r == olm_error(), "a MAC only with their key");
    olm_clear_sas(sas);
    free(sas);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control = fz_u8(&in);

    fz_random_reset();
    if (control & 1) {
        sas_case(&in, (control & 2) != 0);
    } else {
        pk_case(&in, (control & 2) != 0);
    }
    return 0;
}
