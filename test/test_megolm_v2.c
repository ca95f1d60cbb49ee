/*
 * Megolm v2: vodozemac's megolm::SessionConfig::version_2()
 * (docs/session-config.md).
 *
 *   - vectors/v2/megolm.txt: fixed random bytes -> the session key and the
 *     exact v2 messages at indices 0, 1, 2. Each message is also rebuilt
 *     here by an oracle that shares no code with lib/ (OpenSSL's HKDF, AES
 *     and HMAC, libsodium's Ed25519 signing from the seed): version byte 4,
 *     the whole 32-byte MAC, the signature over both (vodozemac's
 *     MegolmMessage::encrypt_full_mac). `test_megolm_v2 --record FILE`
 *     writes the vector file.
 *   - the ABI: round trips through a session key and an export, refusals of
 *     the other config's messages with the session unchanged, every byte of
 *     a full MAC checked (re-signed, so that the MAC check itself answers),
 *     compare and merge across configs, native pickles (with the replay
 *     record after the config section), a corrupted config section, and
 *     libolm's format refusing a v2 session.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "cliquet.h"
#include "api/api.h"
#include "api/pickle_api.h"
#include "core/core.h"
#include "megolm/megolm.h"
#include "helpers/oracle.h"
#include "helpers/util.h"
#include "helpers/vectors.h"

#define VECTORS "vectors/v2/megolm.txt"
#define FIELDS "conv random session_key outbound_pickle index plaintext message"
#define SESSIONS 3
#define PER_SESSION 3
#define PICKLE_KEY "cliquet v2 vectors"

static FILE *record;

/* n bytes named by (label, conv, index): SHA-256 blocks, as test_olm_v2.c. */
static void fixed(uint8_t *out, size_t n, const char *label, unsigned conv, unsigned index)
{
    uint8_t in[64], block[32];
    size_t len = strlen(label), done = 0;
    uint32_t i = 0;

    while (done < n) {
        size_t take = n - done < 32 ? n - done : 32;

        memcpy(in, label, len);
        memcpy(in + len, &conv, 4);
        memcpy(in + len + 4, &index, 4);
        memcpy(in + len + 8, &i, 4);
        crypto_hash_sha256(block, in, len + 12);
        memcpy(out + done, block, take);
        done += take;
        i++;
    }
}

/* ---- the oracle ---------------------------------------------------------------------- */

/* vodozemac's v2 MegolmMessage for ratchet R_i (128 bytes) at index i. */
static size_t oracle(uint8_t *out, const uint8_t ratchet[128], uint32_t index,
                     const uint8_t seed[32], const uint8_t *pt, size_t n)
{
    uint8_t okm[80], pk[32], sk[64];
    size_t len = 0, ct_len;
    uint8_t ct[1024 + 16];

    /* megolm.md §Message encryption: HKDF(0, R_i, "MEGOLM_KEYS", 80). */
    cqt_oracle_hkdf(okm, sizeof okm, NULL, 0, ratchet, 128, "MEGOLM_KEYS");
    ct_len = cqt_oracle_aes_cbc(ct, okm, okm + 64, pt, n);
    out[len++] = 0x04;
    out[len++] = 0x08;
    len += cqt_oracle_varint(out + len, index);
    out[len++] = 0x12;
    len += cqt_oracle_varint(out + len, ct_len);
    memcpy(out + len, ct, ct_len);
    len += ct_len;
    cqt_oracle_hmac(out + len, okm + 32, 32, out, len);
    len += 32;
    crypto_sign_seed_keypair(pk, sk, seed);
    crypto_sign_detached(out + len, NULL, out, len, sk);
    sodium_memzero(sk, sizeof sk);
    return len + 64;
}

/* ---- the vectors --------------------------------------------------------------------- */

static void outbound_pickle(char *text, const cq_megolm_outbound *s)
{
    cliquet_outbound_group_session *o = NULL;
    cq_megolm_outbound twin = *s;
    size_t len = 0;

    /* The version 1 twin: libolm's layout cannot say "version 2". */
    twin.full_mac = 0;
    assert_int_equal(cq_api_outbound_group_from_state(&o, &twin), CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_pickle_libolm(
                         o, text, 1024, &len, (const uint8_t *)PICKLE_KEY,
                         strlen(PICKLE_KEY)),
                     CLIQUET_OK);
    text[len] = '\0';
    cliquet_outbound_group_session_free(o);
    cq_wipe(&twin, sizeof twin);
}

static void test_vectors(void **state)
{
    static cq_megolm_outbound s;
    static cq_megolm_inbound in;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES], key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t pt[400], msg[600], want[600], out[600];
    char key_text[400], pickle[1024], msg_text[900], pt_hex[801], random_hex[321];
    size_t n, len = 0, want_len, out_len = 0;
    uint32_t index = 0;
    cqt_vectors v;
    unsigned cases = 0;

    (void)state;
    if (record != NULL) {
        fprintf(record,
                "# Megolm v2 (vodozemac's megolm::SessionConfig::version_2()): an outbound\n"
                "# session from fixed random bytes (ratchet 128, Ed25519 seed 32), its session\n"
                "# key, and its v2 messages at indices 0, 1, 2. See vectors/v2/README.md.\n"
                "# Made by `build/test/test_megolm_v2 --record`; every message is also\n"
                "# rebuilt by the test's own oracle. outbound_pickle: libolm format, key\n"
                "# \"%s\" (ASCII), the version 1 twin of the session at index 0.\n"
                "# cases: %d\n# fields: %s\n",
                PICKLE_KEY, SESSIONS * PER_SESSION, FIELDS);
    } else {
        cqt_vectors_open(&v, VECTORS, FIELDS);
    }
    for (unsigned conv = 0; conv < SESSIONS; conv++) {
        fixed(random, sizeof random, "megolm", conv, 0);
        cq_megolm_outbound_init(&s, random);
        s.full_mac = 1;
        cq_megolm_outbound_session_key(key, &s);
        cqt_b64(key_text, key, sizeof key);
        outbound_pickle(pickle, &s);
        assert_int_equal(cq_megolm_inbound_from_session_key(&in, key, sizeof key), CLIQUET_OK);
        in.full_mac = 1;
        for (unsigned i = 0; i < PER_SESSION; i++) {
            n = conv * 100 + i * 17;
            fixed(pt, n, "megolm plaintext", conv, i);
            want_len = oracle(want, s.ratchet.data, s.ratchet.counter,
                              random + CQ_MEGOLM_RATCHET_BYTES, pt, n);
            assert_int_equal(cq_megolm_outbound_encrypt(&s, msg, sizeof msg, &len, pt, n),
                             CLIQUET_OK);
            assert_int_equal(len, want_len);
            assert_memory_equal(msg, want, len);
            assert_int_equal(cq_megolm_inbound_decrypt(&in, out, sizeof out, &out_len,
                                                       &index, msg, len),
                             CLIQUET_OK);
            assert_int_equal(index, i);
            assert_int_equal(out_len, n);
            assert_memory_equal(out, pt, n);
            cqt_b64(msg_text, msg, len);
            if (record != NULL) {
                sodium_bin2hex(random_hex, sizeof random_hex, random, sizeof random);
                if (n > 0) {
                    sodium_bin2hex(pt_hex, sizeof pt_hex, pt, n);
                } else {
                    strcpy(pt_hex, "-");
                }
                fprintf(record, "%u %s %s %s %u %s %s\n", conv, random_hex, key_text, pickle,
                        i, pt_hex, msg_text);
                continue;
            }
            assert_true(cqt_vectors_next(&v));
            assert_int_equal(cqt_num(&v, "conv"), conv);
            assert_string_equal(cqt_str(&v, "session_key"), key_text);
            assert_string_equal(cqt_str(&v, "outbound_pickle"), pickle);
            assert_int_equal(cqt_num(&v, "index"), i);
            assert_string_equal(cqt_str(&v, "message"), msg_text);
            cases++;
        }
    }
    if (record == NULL) {
        assert_false(cqt_vectors_next(&v));
        cqt_vectors_close(&v);
        assert_int_equal(cases, SESSIONS * PER_SESSION);
        printf("megolm v2 vectors: %u messages, each equal to the oracle's\n", cases);
    }
    cq_wipe(&s, sizeof s);
    cq_wipe(&in, sizeof in);
}

/* ---- the ABI ------------------------------------------------------------------------- */

static size_t encrypt_text(cliquet_outbound_group_session *o, char *msg, size_t cap,
                           const char *text)
{
    size_t len = 0;

    assert_int_equal(cliquet_outbound_group_session_encrypt(o, msg, cap, &len,
                                                            (const uint8_t *)text,
                                                            strlen(text)),
                     CLIQUET_OK);
    return len;
}

static void decrypt_text(cliquet_inbound_group_session *in, const char *msg, size_t len,
                         const char *text)
{
    uint8_t pt[256];
    size_t n = 0;

    assert_int_equal(cliquet_inbound_group_session_decrypt(in, msg, len, pt, sizeof pt, &n,
                                                           NULL),
                     CLIQUET_OK);
    cqt_assert_text((const char *)pt, n, text);
}

static cliquet_session_config config_of(const cliquet_inbound_group_session *in)
{
    cliquet_session_config c = (cliquet_session_config)0;

    assert_int_equal(cliquet_inbound_group_session_get_config(in, &c), CLIQUET_OK);
    return c;
}

static void test_round_trips(void **state)
{
    cliquet_outbound_group_session *o = NULL, *o1 = NULL;
    cliquet_inbound_group_session *in = NULL, *imp = NULL;
    cliquet_session_config c = CLIQUET_SESSION_CONFIG_V1;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE], exp[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
    char msg[4][512];
    uint8_t raw[512];
    size_t len[4], n = 0;

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new_with_config(&o,
                                                                    CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_get_config(o, &c), CLIQUET_OK);
    assert_int_equal(c, CLIQUET_SESSION_CONFIG_V2);
    assert_int_equal(cliquet_outbound_group_session_key(o, key), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new_with_config(
                         &in, CLIQUET_SESSION_CONFIG_V2, key, strlen(key)),
                     CLIQUET_OK);
    assert_int_equal(config_of(in), CLIQUET_SESSION_CONFIG_V2);
    for (int i = 0; i < 4; i++) {
        len[i] = encrypt_text(o, msg[i], sizeof msg[i], i % 2 ? "odd" : "even");
        assert_int_equal(cq_base64_decode(raw, sizeof raw, &n, msg[i], len[i]), CLIQUET_OK);
        assert_int_equal(raw[0], 4);
        /* version, index field, ciphertext field (16), MAC 32, signature 64 */
        assert_int_equal(n, 1 + 2 + 2 + 16 + 32 + 64);
    }
    decrypt_text(in, msg[3], len[3], "odd");
    decrypt_text(in, msg[0], len[0], "even");
    /* An export at index 2, imported as v2: the later messages decrypt. */
    assert_int_equal(cliquet_inbound_group_session_export(in, 2, exp), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_import_with_config(
                         &imp, CLIQUET_SESSION_CONFIG_V2, exp, strlen(exp)),
                     CLIQUET_OK);
    assert_int_equal(config_of(imp), CLIQUET_SESSION_CONFIG_V2);
    decrypt_text(imp, msg[2], len[2], "even");
    decrypt_text(imp, msg[3], len[3], "odd");
    cliquet_inbound_group_session_free(imp);
    cliquet_inbound_group_session_free(in);

    /* Version 1 stays the default of every constructor. */
    assert_int_equal(cliquet_outbound_group_session_new(&o1), CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_get_config(o1, &c), CLIQUET_OK);
    assert_int_equal(c, CLIQUET_SESSION_CONFIG_V1);
    assert_int_equal(cliquet_outbound_group_session_key(o1, key), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new(&in, key, strlen(key)), CLIQUET_OK);
    assert_int_equal(config_of(in), CLIQUET_SESSION_CONFIG_V1);
    len[0] = encrypt_text(o1, msg[0], sizeof msg[0], "v1");
    assert_int_equal(cq_base64_decode(raw, sizeof raw, &n, msg[0], len[0]), CLIQUET_OK);
    assert_int_equal(raw[0], 3);
    assert_int_equal(n, 1 + 2 + 2 + 16 + 8 + 64);
    decrypt_text(in, msg[0], len[0], "v1");
    cliquet_inbound_group_session_free(in);
    cliquet_outbound_group_session_free(o1);
    cliquet_outbound_group_session_free(o);
}

static void test_mismatch(void **state)
{
    cliquet_outbound_group_session *o = NULL;
    cliquet_inbound_group_session *v1 = NULL, *v2 = NULL, *merged = NULL;
    static cq_megolm_inbound before, after;
    cliquet_session_ordering ord = CLIQUET_SESSION_EQUAL;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE], msg[512], bad[512];
    uint8_t raw[512], pt[64];
    size_t len, n = 0, pt_len = 0;

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new_with_config(&o,
                                                                    CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_key(o, key), CLIQUET_OK);
    /* The same session key under both configs: one reads its messages. */
    assert_int_equal(cliquet_inbound_group_session_new(&v1, key, strlen(key)), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new_with_config(
                         &v2, CLIQUET_SESSION_CONFIG_V2, key, strlen(key)),
                     CLIQUET_OK);
    len = encrypt_text(o, msg, sizeof msg, "for v2 only");
    memcpy(&before, cq_api_inbound_group_state(v1), sizeof before);
    assert_int_equal(cliquet_inbound_group_session_decrypt(v1, msg, len, pt, sizeof pt, &pt_len,
                                                           NULL),
                     CLIQUET_ERR_BAD_MESSAGE_VERSION);
    memcpy(&after, cq_api_inbound_group_state(v1), sizeof after);
    assert_memory_equal(&before, &after, sizeof before);
    /* Relabelled version 3: the v2 session refuses it before anything else. */
    assert_int_equal(cq_base64_decode(raw, sizeof raw, &n, msg, len), CLIQUET_OK);
    raw[0] = 3;
    cq_base64_encode(bad, raw, n);
    memcpy(&before, cq_api_inbound_group_state(v2), sizeof before);
    assert_int_equal(cliquet_inbound_group_session_decrypt(v2, bad, len, pt, sizeof pt,
                                                           &pt_len, NULL),
                     CLIQUET_ERR_BAD_MESSAGE_VERSION);
    memcpy(&after, cq_api_inbound_group_state(v2), sizeof after);
    assert_memory_equal(&before, &after, sizeof before);
    decrypt_text(v2, msg, len, "for v2 only");
    /* vodozemac's connected(): different configs are different sessions. */
    assert_int_equal(cliquet_inbound_group_session_compare(v1, v2, &ord), CLIQUET_OK);
    assert_int_equal(ord, CLIQUET_SESSION_UNCONNECTED);
    assert_int_equal(cliquet_inbound_group_session_merge(&merged, v1, v2),
                     CLIQUET_ERR_UNCONNECTED_SESSIONS);
    assert_null(merged);
    assert_int_equal(cliquet_inbound_group_session_compare(v2, v2, &ord), CLIQUET_OK);
    assert_int_equal(ord, CLIQUET_SESSION_EQUAL);
    assert_int_equal(cliquet_inbound_group_session_merge(&merged, v2, v2), CLIQUET_OK);
    assert_int_equal(config_of(merged), CLIQUET_SESSION_CONFIG_V2);
    cliquet_inbound_group_session_free(merged);
    cliquet_inbound_group_session_free(v1);
    cliquet_inbound_group_session_free(v2);
    cliquet_outbound_group_session_free(o);
}

/* A genuine version 1 message with a one-block ciphertext (93 bytes) is
 * shorter than any version 2 message (97 at least): the version, not the
 * format, is still what a v2 session answers, as for a longer one. */
static void test_short_v1_message(void **state)
{
    cliquet_outbound_group_session *o1 = NULL;
    cliquet_inbound_group_session *v2 = NULL;
    static cq_megolm_inbound before, after;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE], msg[256];
    uint8_t raw[256], pt[64];
    size_t len, n = 0, pt_len = 0;

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new(&o1), CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_key(o1, key), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new_with_config(
                         &v2, CLIQUET_SESSION_CONFIG_V2, key, strlen(key)),
                     CLIQUET_OK);
    len = encrypt_text(o1, msg, sizeof msg, "hi");
    assert_int_equal(cq_base64_decode(raw, sizeof raw, &n, msg, len), CLIQUET_OK);
    assert_true(n < 1 + 32 + 64 + 1);
    memcpy(&before, cq_api_inbound_group_state(v2), sizeof before);
    assert_int_equal(cliquet_inbound_group_session_decrypt(v2, msg, len, pt, sizeof pt, &pt_len,
                                                           NULL),
                     CLIQUET_ERR_BAD_MESSAGE_VERSION);
    memcpy(&after, cq_api_inbound_group_state(v2), sizeof after);
    assert_memory_equal(&before, &after, sizeof before);
    cliquet_inbound_group_session_free(v2);
    cliquet_outbound_group_session_free(o1);
}

/* Every byte of the full MAC, with the message signed again over the
 * changed MAC: the signature passes and the MAC check must answer. */
static void test_full_mac(void **state)
{
    static cq_megolm_outbound s;
    static cq_megolm_inbound in, before;
    uint8_t random[CQ_MEGOLM_OUTBOUND_RANDOM_BYTES], key[CQ_MEGOLM_SESSION_KEY_BYTES];
    uint8_t msg[256], bad[256], out[64], pk[32], sk[64];
    size_t len = 0, out_len = 0, mac_at, refused = 0;
    uint32_t index = 0;

    (void)state;
    fixed(random, sizeof random, "full mac", 0, 0);
    cq_megolm_outbound_init(&s, random);
    s.full_mac = 1;
    cq_megolm_outbound_session_key(key, &s);
    assert_int_equal(cq_megolm_inbound_from_session_key(&in, key, sizeof key), CLIQUET_OK);
    in.full_mac = 1;
    assert_int_equal(cq_megolm_outbound_encrypt(&s, msg, sizeof msg, &len,
                                                (const uint8_t *)"mac", 3),
                     CLIQUET_OK);
    crypto_sign_seed_keypair(pk, sk, random + CQ_MEGOLM_RATCHET_BYTES);
    mac_at = len - 64 - 32;
    before = in;
    for (size_t i = mac_at; i < mac_at + 32; i++) {
        memcpy(bad, msg, len);
        bad[i] ^= 0x80;
        crypto_sign_detached(bad + len - 64, NULL, bad, len - 64, sk);
        assert_int_equal(cq_megolm_inbound_decrypt(&in, out, sizeof out, &out_len, &index,
                                                   bad, len),
                         CLIQUET_ERR_BAD_MESSAGE_MAC);
        assert_memory_equal(&in, &before, sizeof in);
        refused++;
    }
    assert_int_equal(refused, 32);
    assert_int_equal(cq_megolm_inbound_decrypt(&in, out, sizeof out, &out_len, &index, msg,
                                               len),
                     CLIQUET_OK);
    sodium_memzero(sk, sizeof sk);
    cq_wipe(&s, sizeof s);
    cq_wipe(&in, sizeof in);
    cq_wipe(&before, sizeof before);
}

/* A native inbound pickle whose extension is imported (0), then the bytes
 * tag, version: as cliquet 1.2 lays it out (pickle_api.h); tag 0: no
 * section, the layout of 1.0 and 1.1. */
static size_t pickle_with_section(char *out, size_t cap, const cliquet_inbound_group_session *x,
                                  const uint8_t key[32], uint8_t tag, uint8_t version)
{
    cq_api_payload pl;
    size_t len = 0;

    assert_int_equal(cq_api_payload_begin(&pl, CQ_MEGOLM_INBOUND_PICKLE_BYTES,
                                          tag != 0 ? 3 : 1),
                     CLIQUET_OK);
    cq_megolm_inbound_pickle(&pl.w, cq_api_inbound_group_state(x));
    cq_write_u8(&pl.w, 0);
    if (tag != 0) {
        cq_write_u8(&pl.w, tag);
        cq_write_u8(&pl.w, version);
    }
    assert_int_equal(cq_api_payload_seal(&pl, out, cap, &len, key,
                                         CQ_PICKLE_TYPE_INBOUND_GROUP_SESSION),
                     CLIQUET_OK);
    return len;
}

static void test_pickles(void **state)
{
    static const uint8_t key[32] = { 9 };
    cliquet_outbound_group_session *o = NULL, *o_back = NULL;
    cliquet_inbound_group_session *in = NULL, *in_back = NULL;
    cliquet_session_config c = CLIQUET_SESSION_CONFIG_V1;
    static char pickle[65536];
    char skey[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE], m1[512], m2[512];
    size_t len = 0, l1, l2;
    int on = 0;

    (void)state;
    assert_int_equal(cliquet_outbound_group_session_new_with_config(&o,
                                                                    CLIQUET_SESSION_CONFIG_V2),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_key(o, skey), CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_new_with_config(
                         &in, CLIQUET_SESSION_CONFIG_V2, skey, strlen(skey)),
                     CLIQUET_OK);
    /* Outbound: the restored session writes the very same next message. */
    assert_int_equal(cliquet_outbound_group_session_pickle(o, pickle, sizeof pickle, &len, key,
                                                           32),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_unpickle(&o_back, key, 32, pickle, len),
                     CLIQUET_OK);
    assert_int_equal(cliquet_outbound_group_session_get_config(o_back, &c), CLIQUET_OK);
    assert_int_equal(c, CLIQUET_SESSION_CONFIG_V2);
    l1 = encrypt_text(o, m1, sizeof m1, "same bytes");
    l2 = encrypt_text(o_back, m2, sizeof m2, "same bytes");
    assert_int_equal(l1, l2);
    assert_memory_equal(m1, m2, l1);
    /* Inbound, with the replay record on: config section, then the record. */
    assert_int_equal(cliquet_inbound_group_session_set_replay_detection(in, 1), CLIQUET_OK);
    decrypt_text(in, m1, l1, "same bytes");
    assert_int_equal(cliquet_inbound_group_session_pickle(in, pickle, sizeof pickle, &len, key,
                                                          32),
                     CLIQUET_OK);
    assert_int_equal(cliquet_inbound_group_session_unpickle(&in_back, key, 32, pickle, len),
                     CLIQUET_OK);
    assert_int_equal(config_of(in_back), CLIQUET_SESSION_CONFIG_V2);
    assert_memory_equal(cq_api_inbound_group_state(in_back), cq_api_inbound_group_state(in),
                        sizeof(cq_megolm_inbound));
    assert_int_equal(cliquet_inbound_group_session_replay_detection(in_back, &on, NULL, NULL),
                     CLIQUET_OK);
    assert_int_equal(on, 1);
    cliquet_inbound_group_session_free(in_back);
    in_back = NULL;
    /* The section as documented; another version in it is corrupted. */
    len = pickle_with_section(pickle, sizeof pickle, in, key, CQ_API_CONFIG_TAG, 2);
    assert_int_equal(cliquet_inbound_group_session_unpickle(&in_back, key, 32, pickle, len),
                     CLIQUET_OK);
    assert_int_equal(config_of(in_back), CLIQUET_SESSION_CONFIG_V2);
    cliquet_inbound_group_session_free(in_back);
    in_back = NULL;
    /* A payload as 1.1 wrote it (no section): version 1. */
    len = pickle_with_section(pickle, sizeof pickle, in, key, 0, 0);
    assert_int_equal(cliquet_inbound_group_session_unpickle(&in_back, key, 32, pickle, len),
                     CLIQUET_OK);
    assert_int_equal(config_of(in_back), CLIQUET_SESSION_CONFIG_V1);
    cliquet_inbound_group_session_free(in_back);
    in_back = NULL;
    len = pickle_with_section(pickle, sizeof pickle, in, key, CQ_API_CONFIG_TAG, 1);
    assert_int_equal(cliquet_inbound_group_session_unpickle(&in_back, key, 32, pickle, len),
                     CLIQUET_ERR_PICKLE_CORRUPTED);
    assert_null(in_back);
    /* libolm's format: refused for all three calls. */
    assert_int_equal(cliquet_outbound_group_session_pickle_libolm(o, pickle, sizeof pickle,
                                                                  &len, key, 32),
                     CLIQUET_ERR_PICKLE_LOSSY);
    assert_int_equal(cliquet_inbound_group_session_pickle_libolm(in, pickle, sizeof pickle,
                                                                 &len, key, 32),
                     CLIQUET_ERR_PICKLE_LOSSY);
    assert_int_equal(cliquet_inbound_group_session_pickle_libolm_lossy(in, pickle,
                                                                       sizeof pickle, &len,
                                                                       key, 32),
                     CLIQUET_ERR_PICKLE_LOSSY);
    cliquet_inbound_group_session_free(in);
    cliquet_outbound_group_session_free(o_back);
    cliquet_outbound_group_session_free(o);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_mismatch),
        cmocka_unit_test(test_short_v1_message),
        cmocka_unit_test(test_full_mac),
        cmocka_unit_test(test_pickles),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--record") == 0) {
        record = fopen(argv[2], "w");
        if (record == NULL) {
            return 1;
        }
        test_vectors(NULL);
        return fclose(record) == 0 ? 0 : 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
