/*
 * The ECIES channel of MSC4108, as vodozemac's src/ecies/mod.rs defines it
 * (docs/ecies.md). Every info string, nonce and key below is checked against
 * a live vodozemac by test/test_ecies.c.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Constant time: the shared secret and the derived keys go only through
 * libsodium's X25519, HMAC-SHA-512 and ChaCha20-Poly1305, whose timing
 * depends on lengths alone. Branches depend on public values only: the
 * role, the counters, the lengths, and whether a tag verified (which the
 * sender of the message knows already). The check code is reduced mod 10
 * without a branch; it is shown to the user, so it is not a long-term
 * secret anyway.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "ecies.h"

/* vodozemac's src/ecies/mod.rs: const MATRIX_QR_LOGIN_INFO_PREFIX:
 * &str = "MATRIX_QR_CODE_LOGIN" (Ecies::new()); Ecies::with_info(info)
 * takes another (the channel's info and info_len). */
static const char info_prefix[] = "MATRIX_QR_CODE_LOGIN";
#define INFO_PREFIX_LEN (sizeof info_prefix - 1) /* sizeof counts the NUL */

/* The suffixes of the three derivations (get_*_info). */
static const char suffix_enckey_s[] = "_ENCKEY_S";
static const char suffix_enckey_g[] = "_ENCKEY_G";
static const char suffix_checkcode[] = "_CHECKCODE";

/* Longest info: prefix, "_CHECKCODE", then "|" and 43 characters twice. */
#define INFO_MAX (CQ_ECIES_MAX_INFO_BYTES + sizeof suffix_checkcode - 1 + 2 * (1 + 43))

/*
 * vodozemac, construct_info_string: "{partial_info}|{Gp}|{Sp}", Gp the
 * recipient's public key and Sp the initiator's, in base64, whichever side
 * builds it. Returns the length written to out (INFO_MAX bytes).
 */
static size_t build_info(char out[INFO_MAX], const cq_ecies *e, const char *suffix,
                         size_t suffix_len, const uint8_t g_public[32],
                         const uint8_t s_public[32])
{
    size_t n = 0;

    if (e->info_len > 0) {
        memcpy(out, e->info, e->info_len);
        n += e->info_len;
    }
    memcpy(out + n, suffix, suffix_len);
    n += suffix_len;
    out[n++] = '|';
    cq_base64_encode(out + n, g_public, 32);
    n += cq_base64_encoded_len(32);
    out[n++] = '|';
    cq_base64_encode(out + n, s_public, 32);
    n += cq_base64_encoded_len(32);
    return n;
}

/* vodozemac, create_key / create_check_code: HKDF-SHA-512, no salt, the shared
 * secret as input key material, the info string as info. */
static void derive(uint8_t *out, size_t out_len, const cq_ecies *e, const uint8_t shared[32],
                   const char *suffix, size_t suffix_len, const uint8_t g_public[32],
                   const uint8_t s_public[32])
{
    char info[INFO_MAX];
    size_t info_len = build_info(info, e, suffix, suffix_len, g_public, s_public);

    /* out_len is 32 or 2: far below HKDF's bound, so this cannot fail. */
    (void)cq_hkdf_sha512(out, out_len, NULL, 0, shared, 32, (const uint8_t *)info,
                         info_len);
}

/* vodozemac, EciesNonce::get: the counter as a little-endian u128, of which the
 * first 12 bytes are the nonce. A 64-bit counter gives the same bytes. */
static void make_nonce(uint8_t nonce[CQ_CHACHA_NONCE_BYTES], uint64_t counter)
{
    memset(nonce, 0, CQ_CHACHA_NONCE_BYTES);
    for (size_t i = 0; i < 8; i++) {
        nonce[i] = (uint8_t)(counter >> (8 * i));
    }
}

/* ecies.h */
void cq_ecies_init(cq_ecies *e, const uint8_t random[CQ_ECIES_KEY_BYTES])
{
    cq_ecies_init_with_info(e, random, (const uint8_t *)info_prefix, INFO_PREFIX_LEN);
}

/* ecies.h */
void cq_ecies_init_with_info(cq_ecies *e, const uint8_t random[CQ_ECIES_KEY_BYTES],
                             const uint8_t *info, size_t info_len)
{
    memset(e, 0, sizeof *e);
    cq_x25519_keypair(e->public_key, e->private_key, random);
    e->role = CQ_ECIES_FRESH;
    if (info_len > 0) {
        memcpy(e->info, info, info_len);
    }
    e->info_len = info_len;
}

/* ecies.h */
cliquet_status cq_ecies_establish(cq_ecies *e, cq_ecies_role role,
                                  const uint8_t their_public_key[CQ_ECIES_KEY_BYTES])
{
    uint8_t shared[32];
    const uint8_t *g_public, *s_public;
    const char *enc, *dec;
    cliquet_status st;

    if (e->role != CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED;
    }
    if (role != CQ_ECIES_INITIATOR && role != CQ_ECIES_RECIPIENT) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    /* vodozemac, `if shared_secret.was_contributory()`: an all-zero X25519
     * result (a low-order key) is refused. */
    st = cq_x25519(shared, e->private_key, their_public_key);
    if (st != CLIQUET_OK) {
        return st;
    }
    /* vodozemac, the decryption key for G is the encryption key for S and vice
     * versa. */
    if (role == CQ_ECIES_INITIATOR) {
        g_public = their_public_key;
        s_public = e->public_key;
        enc = suffix_enckey_s;
        dec = suffix_enckey_g;
    } else {
        g_public = e->public_key;
        s_public = their_public_key;
        enc = suffix_enckey_g;
        dec = suffix_enckey_s;
    }
    /* Both _ENCKEY_ suffixes have the same length. */
    derive(e->encryption_key, 32, e, shared, enc, sizeof suffix_enckey_s - 1, g_public,
           s_public);
    derive(e->decryption_key, 32, e, shared, dec, sizeof suffix_enckey_s - 1, g_public,
           s_public);
    derive(e->check_code, CQ_ECIES_CHECK_CODE_BYTES, e, shared, suffix_checkcode,
           sizeof suffix_checkcode - 1, g_public, s_public);
    memcpy(e->their_public_key, their_public_key, 32);
    e->encryption_counter = 0;
    e->decryption_counter = 0;
    e->role = role;
    /* vodozemac's Ecies is consumed by establishing: the key is used once. */
    cq_wipe(e->private_key, sizeof e->private_key);
    cq_wipe(shared, sizeof shared);
    return CLIQUET_OK;
}

/* ecies.h */
cliquet_status cq_ecies_encrypt(cq_ecies *e, uint8_t *c, const uint8_t *m, size_t n)
{
    uint8_t nonce[CQ_CHACHA_NONCE_BYTES];

    if (e->role == CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_NOT_ESTABLISHED;
    }
    /* A nonce is never used twice: past 2^64 - 1 messages the channel is
     * spent (vodozemac's u128 counter would go on; no one gets there). */
    if (n > CQ_ECIES_MAX_PLAINTEXT_BYTES || e->encryption_counter == UINT64_MAX) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    make_nonce(nonce, e->encryption_counter);
    cq_chacha20poly1305_seal(c, m, n, nonce, e->encryption_key);
    e->encryption_counter++;
    return CLIQUET_OK;
}

/* 1 if c[0..n) authenticates under the decryption key and the nonce of
 * counter; the tag is checked, nothing decrypted. */
static int verifies_at(const cq_ecies *e, const uint8_t *c, size_t n, uint64_t counter)
{
    uint8_t nonce[CQ_CHACHA_NONCE_BYTES];

    make_nonce(nonce, counter);
    return cq_chacha20poly1305_open(NULL, c, n, nonce, e->decryption_key) == 0;
}

/*
 * Why a message did not authenticate at the expected nonce: it did at an
 * earlier one (a replay: we have decrypted that message already), at a
 * later one (a message before it is missing), or at none near (a forgery or
 * another channel's message). Only runs on a refusal.
 */
static cliquet_status diagnose(const cq_ecies *e, const uint8_t *c, size_t n)
{
    uint64_t at = e->decryption_counter;

    for (uint64_t k = 1; k <= CQ_ECIES_DIAGNOSE_WINDOW; k++) {
        if (k <= at && verifies_at(e, c, n, at - k)) {
            return CLIQUET_ERR_DUPLICATE_MESSAGE;
        }
        if (k <= UINT64_MAX - at && verifies_at(e, c, n, at + k)) {
            return CLIQUET_ERR_MESSAGE_OUT_OF_ORDER;
        }
    }
    return CLIQUET_ERR_BAD_MESSAGE_MAC;
}

/* The two decrypts below; diagnosis only for channel messages. */
static cliquet_status decrypt(cq_ecies *e, uint8_t *m, const uint8_t *c, size_t n,
                              int diagnose_failure)
{
    uint8_t nonce[CQ_CHACHA_NONCE_BYTES];

    if (e->role == CQ_ECIES_FRESH) {
        return CLIQUET_ERR_ECIES_NOT_ESTABLISHED;
    }
    if (n < CQ_ECIES_TAG_BYTES) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    if (e->decryption_counter == UINT64_MAX) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    /* Checked first, so that m is written only for a message that
     * authenticates (libsodium would zero m on a bad tag). vodozemac counts
     * a nonce even for a message it refuses, so one bad message breaks its
     * channel; here a refusal changes nothing. */
    if (!verifies_at(e, c, n, e->decryption_counter)) {
        return diagnose_failure ? diagnose(e, c, n) : CLIQUET_ERR_BAD_MESSAGE_MAC;
    }
    make_nonce(nonce, e->decryption_counter);
    if (cq_chacha20poly1305_open(m, c, n, nonce, e->decryption_key) != 0) {
        return CLIQUET_ERR_BAD_MESSAGE_MAC; /* not reached: verified above */
    }
    e->decryption_counter++;
    return CLIQUET_OK;
}

/* ecies.h */
cliquet_status cq_ecies_decrypt(cq_ecies *e, uint8_t *m, const uint8_t *c, size_t n)
{
    return decrypt(e, m, c, n, 1);
}

/* ecies.h */
cliquet_status cq_ecies_decrypt_initial(cq_ecies *e, uint8_t *m, const uint8_t *c,
                                        size_t n)
{
    /* The initial message has no earlier message to be a replay of; a
     * later message of the same channel spliced into it (its key and
     * another message's ciphertext, as the fuzzer found) is no initial
     * message, so it is not diagnosed as one that overtook another. */
    return decrypt(e, m, c, n, 0);
}

/* ecies.h */
unsigned cq_ecies_check_code_digits(const uint8_t code[CQ_ECIES_CHECK_CODE_BYTES])
{
    /* vodozemac, hpke/check_code.rs to_digit(AllowLeadingZero):
     * (bytes[0] % 10) * 10 + bytes[1] % 10. */
    return (unsigned)(code[0] % 10u) * 10u + (unsigned)(code[1] % 10u);
}

/* ecies.h */
int cq_ecies_initial_separator(const char *text, size_t n, size_t *sep)
{
    /* vodozemac, InitialMessage::decode: message.split_once('|'). */
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '|') {
            *sep = i;
            return 0;
        }
    }
    return -1;
}

/* ecies.h */
void cq_ecies_clear(cq_ecies *e)
{
    cq_wipe(e, sizeof *e);
}
