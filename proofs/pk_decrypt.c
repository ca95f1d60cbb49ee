/*
 * proofs/pk_decrypt.c: cq_pk_decrypt_legacy, the parser and decrypter of
 * every key-backup message (m.megolm_backup.v1.curve25519-aes-sha2,
 * fuzz/fuzz_pk_decrypt.c): any ephemeral key, any MAC and every ciphertext
 * of 0 to 64 bytes (up to four AES blocks), under any private key, through
 * the bitsliced AES (the implementation selected when no CPU check ran).
 *
 * The ciphertext ends where its array ends (driver.h); the plaintext
 * buffer has room for n bytes, as pk.h asks, and no more: it ends where
 * its array ends too.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "driver.h"
#include "pk/pk.h"

#define MAX_INPUT 64

static uint8_t ciphertext[MAX_INPUT];
static uint8_t plaintext[MAX_INPUT];
static uint8_t private_key[CQ_PK_KEY_BYTES];
static uint8_t ephemeral_key[CQ_PK_KEY_BYTES];
static uint8_t mac[CQ_PK_MAC_BYTES];

int main(void)
{
    cq_pk_decryption d;
    size_t plaintext_len;
    size_t n = any_input(ciphertext, MAX_INPUT);

    Frama_C_make_unknown((char *)private_key, sizeof private_key);
    Frama_C_make_unknown((char *)ephemeral_key, sizeof ephemeral_key);
    Frama_C_make_unknown((char *)mac, sizeof mac);
    cq_pk_decryption_from_private(&d, private_key);
    //@ split n;
    (void)cq_pk_decrypt_legacy(plaintext + (MAX_INPUT - n), &plaintext_len, &d,
                               ephemeral_key, mac,
                               ciphertext + (MAX_INPUT - n), n);
    cq_pk_decryption_clear(&d);
    return 0;
}
