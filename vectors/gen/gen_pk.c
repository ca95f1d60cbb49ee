/*
 * Writes the files of vectors/pk/ with Debian's libolm as the oracle (make vectors).
 * Usage: gen_pk OUTDIR
 *
 * All "random" bytes come from a fixed SHA-256 counter stream, so the
 * output is the same on every run. Each file is in cliquet's line format
 * (see vectors/gen/gen_wycheproof.py): hex bytes ("-" when empty), base64
 * text as libolm writes it.
 *
 *   backup.txt   olm_pk_encrypt: recipient private key, ephemeral random,
 *                plaintext -> ciphertext, mac, ephemeral (checked to
 *                decrypt again with olm_pk_decrypt)
 *   pickle.txt   olm_pickle_pk_decryption: private key, pickle key -> pickle
 *   signing.txt  olm_pk_signing_key_from_seed + olm_pk_sign
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>
#include <olm/pk.h>

#include "common.h"

/* Plaintext lengths around the block size, plus a few larger ones. */
static const size_t backup_lengths[] = {
    0, 1, 2, 14, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 100, 255, 256, 1000, 4099
};
#define N_BACKUP (sizeof backup_lengths / sizeof backup_lengths[0])

static void one_backup(FILE *f, size_t len)
{
    uint8_t private_key[32], random[32], copy[32];
    uint8_t *plaintext = malloc(len + 1);
    uint8_t pub[64], eph[64], mac[64];
    OlmPkDecryption *d = olm_pk_decryption(malloc(olm_pk_decryption_size()));
    OlmPkEncryption *e = olm_pk_encryption(malloc(olm_pk_encryption_size()));
    size_t ct_len, mac_len, out_len, max_len;
    uint8_t *ct, *ct_copy, *back;

    stream(private_key, 32);
    stream(random, 32);
    stream(plaintext, len);
    memcpy(copy, private_key, 32);
    if (olm_pk_key_from_private(d, pub, sizeof pub, copy, 32) == olm_error()) {
        die("olm_pk_key_from_private", olm_pk_decryption_last_error(d));
    }
    if (olm_pk_encryption_set_recipient_key(e, pub, olm_pk_key_length()) == olm_error()) {
        die("olm_pk_encryption_set_recipient_key", olm_pk_encryption_last_error(e));
    }
    ct_len = olm_pk_ciphertext_length(e, len);
    mac_len = olm_pk_mac_length(e);
    ct = malloc(ct_len);
    memcpy(copy, random, 32);
    if (olm_pk_encrypt(e, plaintext, len, ct, ct_len, mac, mac_len, eph,
                       olm_pk_key_length(), copy, 32) == olm_error()) {
        die("olm_pk_encrypt", olm_pk_encryption_last_error(e));
    }
    /* The oracle must agree with itself before its output is recorded. */
    ct_copy = malloc(ct_len);
    memcpy(ct_copy, ct, ct_len);
    max_len = olm_pk_max_plaintext_length(d, ct_len);
    back = malloc(max_len + 1);
    out_len = olm_pk_decrypt(d, eph, olm_pk_key_length(), mac, mac_len, ct_copy,
                             ct_len, back, max_len);
    if (out_len == olm_error() || out_len != len || memcmp(back, plaintext, len) != 0) {
        die("olm_pk_decrypt", "does not give the plaintext back");
    }
    put_hex(f, private_key, 32);
    fputc(' ', f);
    put_text(f, pub, olm_pk_key_length());
    fputc(' ', f);
    put_hex(f, random, 32);
    fputc(' ', f);
    put_hex(f, plaintext, len);
    fputc(' ', f);
    put_text(f, ct, ct_len);
    fputc(' ', f);
    put_text(f, mac, mac_len);
    fputc(' ', f);
    put_text(f, eph, olm_pk_key_length());
    fputc('\n', f);
    free(back);
    free(ct_copy);
    free(ct);
    free(plaintext);
    olm_clear_pk_decryption(d);
    olm_clear_pk_encryption(e);
    free(d);
    free(e);
}

static void write_backup(const char *dir)
{
    FILE *f = open_out(dir, "backup.txt");
    size_t i;

    header(f, "Legacy key backup (m.megolm_backup.v1.curve25519-aes-sha2): olm_pk_encrypt.",
           (unsigned)N_BACKUP, "private public random plaintext ciphertext mac ephemeral");
    for (i = 0; i < N_BACKUP; i++) {
        one_backup(f, backup_lengths[i]);
    }
    fclose(f);
}

/* Pickle keys of a few lengths, including none. */
static const size_t pickle_key_lengths[] = { 0, 1, 10, 32, 64 };
#define N_PICKLE (sizeof pickle_key_lengths / sizeof pickle_key_lengths[0])

static void write_pickle(const char *dir)
{
    FILE *f = open_out(dir, "pickle.txt");
    size_t i;

    header(f, "PK decryption pickles: olm_pickle_pk_decryption (libolm envelope, version 1).",
           (unsigned)N_PICKLE, "private public pickle_key pickle");
    for (i = 0; i < N_PICKLE; i++) {
        OlmPkDecryption *d = olm_pk_decryption(malloc(olm_pk_decryption_size()));
        uint8_t private_key[32], copy[32], key[64], pub[64];
        size_t key_len = pickle_key_lengths[i];
        size_t len;
        uint8_t *pickle;

        stream(private_key, 32);
        stream(key, key_len);
        memcpy(copy, private_key, 32);
        if (olm_pk_key_from_private(d, pub, sizeof pub, copy, 32) == olm_error()) {
            die("olm_pk_key_from_private", olm_pk_decryption_last_error(d));
        }
        len = olm_pickle_pk_decryption_length(d);
        pickle = malloc(len);
        if (olm_pickle_pk_decryption(d, key, key_len, pickle, len) == olm_error()) {
            die("olm_pickle_pk_decryption", olm_pk_decryption_last_error(d));
        }
        put_hex(f, private_key, 32);
        fputc(' ', f);
        put_text(f, pub, olm_pk_key_length());
        fputc(' ', f);
        put_hex(f, key, key_len);
        fputc(' ', f);
        put_text(f, pickle, len);
        fputc('\n', f);
        free(pickle);
        olm_clear_pk_decryption(d);
        free(d);
    }
    fclose(f);
}

static const size_t message_lengths[] = { 0, 1, 2, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200, 1000 };
#define N_SIGN (sizeof message_lengths / sizeof message_lengths[0])

static void write_signing(const char *dir)
{
    FILE *f = open_out(dir, "signing.txt");
    size_t i;

    header(f, "PK signing: olm_pk_signing_key_from_seed and olm_pk_sign.",
           (unsigned)N_SIGN, "seed message public signature");
    for (i = 0; i < N_SIGN; i++) {
        OlmPkSigning *s = olm_pk_signing(malloc(olm_pk_signing_size()));
        uint8_t seed[32], copy[32], pub[64], sig[128];
        size_t len = message_lengths[i];
        uint8_t *msg = malloc(len + 1);

        stream(seed, 32);
        stream(msg, len);
        memcpy(copy, seed, 32);
        if (olm_pk_signing_key_from_seed(s, pub, olm_pk_signing_public_key_length(),
                                         copy, 32) == olm_error()) {
            die("olm_pk_signing_key_from_seed", olm_pk_signing_last_error(s));
        }
        if (olm_pk_sign(s, msg, len, sig, olm_pk_signature_length()) == olm_error()) {
            die("olm_pk_sign", olm_pk_signing_last_error(s));
        }
        put_hex(f, seed, 32);
        fputc(' ', f);
        put_hex(f, msg, len);
        fputc(' ', f);
        put_text(f, pub, olm_pk_signing_public_key_length());
        fputc(' ', f);
        put_text(f, sig, olm_pk_signature_length());
        fputc('\n', f);
        free(msg);
        olm_clear_pk_signing(s);
        free(s);
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *dir = start_generator(argc, argv, "gen_pk");

    write_backup(dir);
    write_pickle(dir);
    write_signing(dir);
    return 0;
}
