/*
 * fuzz/fuzz_diff_megolm.c: differential fuzzing of Megolm against
 * Debian's libolm. The same bytes go to cliquet and to libolm, each with an
 * inbound group session made from the same session key (so the same
 * state), and the harness fails when one accepts what the other refuses,
 * or both accept with different results, except for the documented
 * strictness differences (docs/libolm-compat.md §Intentional differences,
 * docs/megolm.md), each a refusal by cliquet of input libolm wrongly
 * accepts, and each checked here before it excuses anything:
 *   - strict parsing (docs/libolm-compat.md items 3 and 5; docs/megolm.md
 *     §Where cliquet differs from libolm 3.2: "Parsing is strict"):
 *     excused only when cq_megolm_message_parse refuses the message
 *     (fuzz_megolm_message checks that what it accepts is canonical);
 *   - PKCS#7 padding checked in full (docs/megolm.md §Decrypting, step 5;
 *     architecture §4): excused only when the harness, which knows the
 *     keys, finds the decrypted padding itself invalid.
 * Anything cliquet accepts, libolm must accept with the same plaintext and
 * index.
 *
 * Input: a control byte, then by its low two bits:
 *   0  a message (raw bytes; base64-encoded for both);
 *   1  a message without its signature, signed by the harness;
 *   2  a recipe: u32 index, u8-length-prefixed plaintext, then field
 *      operations (see build_recipe), each a byte and its arguments; the
 *      harness encrypts with the real keys of that index, appends the real
 *      MAC and signature. Bit 0x10: the plaintext bytes are used as the
 *      ciphertext as they are (to reach the padding check);
 *   3  bit 0x04 clear: a session key (raw; harness base64), bit 0x04 set:
 *      an export, given to both importers.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/olm.h>

#include "common.h"
#include "fixtures.h"

static fz_megolm_fixture fx;
static char session_key_b64[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];

/* Verdict counts, printed at exit when CLIQUET_FUZZ_STATS is set. */
static unsigned long both_accept, both_refuse, excused_parse, excused_padding;

static void print_stats(void)
{
    fprintf(stderr,
            "fuzz_diff_megolm: both accept %lu, both refuse %lu, libolm only "
            "(strict parsing) %lu, libolm only (padding) %lu\n",
            both_accept, both_refuse, excused_parse, excused_padding);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    if (getenv("CLIQUET_FUZZ_STATS") != NULL) {
        atexit(print_stats);
    }
    fz_megolm_fixture_make(&fx);
    cq_base64_encode(session_key_b64, fx.session_key, sizeof fx.session_key);
    return 0;
}

/* ---- libolm's side ------------------------------------------------------------ */

static OlmInboundGroupSession *l_new(void)
{
    OlmInboundGroupSession *s =
        olm_inbound_group_session(malloc(olm_inbound_group_session_size()));

    fz_require(s != NULL, "malloc");
    return s;
}

static void l_free(OlmInboundGroupSession *s)
{
    olm_clear_inbound_group_session(s);
    free(s);
}

static char *b64(const uint8_t *p, size_t n, size_t *len)
{
    char *t = malloc(cq_base64_encoded_len(n) + 1);

    fz_require(t != NULL, "malloc");
    cq_base64_encode(t, p, n);
    *len = cq_base64_encoded_len(n);
    return t;
}

/* libolm's decryption: 1 and the plaintext on success. */
static int l_decrypt(const uint8_t *msg, size_t n, uint8_t **pt, size_t *pt_len,
                     uint32_t *index)
{
    OlmInboundGroupSession *s = l_new();
    size_t len;
    char *text = b64(msg, n, &len);
    char *copy = malloc(len + 1);
    size_t max;
    size_t r = olm_error();

    fz_require(copy != NULL, "malloc");
    *pt = NULL;
    fz_require(olm_init_inbound_group_session(s, (const uint8_t *)session_key_b64,
                                              sizeof session_key_b64 - 1) !=
                   olm_error(),
               "libolm: session key");
    memcpy(copy, text, len);
    max = olm_group_decrypt_max_plaintext_length(s, (uint8_t *)copy, len);
    if (max != olm_error()) {
        /* Room around the buffer: libolm writes whole AES blocks past it
         * and reads before it (see fuzz_diff_olm.c). */
        uint8_t *room = malloc(16 + max + 32);

        fz_require(room != NULL, "malloc");
        r = olm_group_decrypt(s, (uint8_t *)text, len, room + 16, max, index);
        if (r != olm_error()) {
            *pt = malloc(r + 1);
            fz_require(*pt != NULL, "malloc");
            memcpy(*pt, room + 16, r);
        }
        free(room);
    }
    free(copy);
    free(text);
    l_free(s);
    if (r == olm_error()) {
        free(*pt);
        *pt = NULL;
        return 0;
    }
    *pt_len = r;
    return 1;
}

/* ---- building messages ----------------------------------------------------------- */

typedef struct keys {
    uint8_t aes[32];
    uint8_t mac[32];
    uint8_t iv[16];
} keys;

static void derive(keys *k, uint32_t index)
{
    cq_megolm_ratchet r = fx.outbound.ratchet;
    uint8_t out[80];

    cq_megolm_ratchet_advance_to(&r, index);
    fz_require(cq_hkdf_sha256(out, sizeof out, NULL, 0, r.data, sizeof r.data,
                              (const uint8_t *)CQ_MEGOLM_KDF_INFO,
                              CQ_MEGOLM_KDF_INFO_BYTES) == 0,
               "hkdf");
    memcpy(k->aes, out, 32);
    memcpy(k->mac, out + 32, 32);
    memcpy(k->iv, out + 64, 16);
}

/* A varint of v padded to extra more bytes (non-canonical when extra > 0). */
static void put_varint(cq_writer *w, uint64_t v, unsigned extra)
{
    uint8_t b[CQ_VARINT_MAX_BYTES + 8];
    size_t n = cq_varint_encode(b, v);
    unsigned i;

    for (i = 0; i < extra && n < sizeof b; i++) {
        b[n - 1] |= 0x80;
        b[n++] = 0x00;
    }
    cq_write_bytes(w, b, n);
}

/*
 * Field operations (op % 8): 0 a version byte (arg u8); 1 the index field;
 * 2 the index field with a varint padded by (u8 % 4) bytes; 3 an index
 * field holding another value (u32); 4 the ciphertext field; 5 the
 * ciphertext field with a padded length (u8 % 4); 6 a field with any key
 * (u8): a varint (u32) for wire type 0, a slice for wire type 2, nothing
 * else otherwise; 7 raw bytes (a slice). No operation: the canonical
 * message.
 */
static void build_recipe(cq_writer *w, fz_input *in, uint32_t index,
                         const uint8_t *ct, size_t ct_len)
{
    if (in->len == 0) {
        cq_write_u8(w, CQ_MEGOLM_MESSAGE_VERSION);
        cq_write_field_varint(w, CQ_MEGOLM_INDEX_TAG, index);
        cq_write_field_bytes(w, CQ_MEGOLM_CIPHERTEXT_TAG, ct, ct_len);
        return;
    }
    while (in->len > 0) {
        uint8_t op = fz_u8(in) % 8;
        size_t n;
        const uint8_t *p;
        uint8_t key;

        switch (op) {
        case 0:
            cq_write_u8(w, fz_u8(in));
            break;
        case 1:
            cq_write_field_varint(w, CQ_MEGOLM_INDEX_TAG, index);
            break;
        case 2:
            cq_write_u8(w, CQ_MEGOLM_INDEX_TAG);
            put_varint(w, index, fz_u8(in) % 4);
            break;
        case 3:
            cq_write_field_varint(w, CQ_MEGOLM_INDEX_TAG, fz_u32(in));
            break;
        case 4:
            cq_write_field_bytes(w, CQ_MEGOLM_CIPHERTEXT_TAG, ct, ct_len);
            break;
        case 5:
            cq_write_u8(w, CQ_MEGOLM_CIPHERTEXT_TAG);
            put_varint(w, ct_len, fz_u8(in) % 4);
            cq_write_bytes(w, ct, ct_len);
            break;
        case 6:
            key = fz_u8(in);
            cq_write_u8(w, key);
            if ((key & 7) == 0) {
                put_varint(w, fz_u32(in), 0);
            } else if ((key & 7) == 2) {
                p = fz_slice(in, &n);
                put_varint(w, n, 0);
                cq_write_bytes(w, p, n);
            }
            break;
        default:
            p = fz_slice(in, &n);
            cq_write_bytes(w, p, n);
            break;
        }
    }
}

/* 1 if the CBC decryption of ct under k ends in invalid PKCS#7 padding. */
static int padding_invalid(const keys *k, const uint8_t *ct, size_t n)
{
    cq_aes256 aes;
    uint8_t last[16];
    uint8_t pad;
    const uint8_t *prev = n >= 32 ? ct + n - 32 : k->iv;
    int bad = 0;
    unsigned i;

    if (n == 0 || n % 16 != 0) {
        return 1;
    }
    cq_aes256_init(&aes, k->aes);
    cq_aes256_decrypt_block(&aes, last, ct + n - 16);
    cq_aes256_clear(&aes);
    for (i = 0; i < 16; i++) {
        last[i] ^= prev[i];
    }
    pad = last[15];
    if (pad == 0 || pad > 16) {
        return 1;
    }
    for (i = 16 - pad; i < 16; i++) {
        bad |= last[i] != pad;
    }
    return bad;
}

/* ---- the comparison ------------------------------------------------------------ */

static void compare(const uint8_t *msg, size_t n, const keys *k,
                    const uint8_t *ct, size_t ct_len)
{
    cq_megolm_inbound s = fx.inbound;
    cq_megolm_message parsed;
    uint8_t *pt = malloc(n + 16);
    uint8_t *l_pt = NULL;
    size_t pt_len = 0, l_len = 0;
    uint32_t index = 0, l_index = 0;
    cliquet_status st;
    int l_ok;

    fz_require(pt != NULL, "malloc");
    st = cq_megolm_inbound_decrypt(&s, pt, n + 16, &pt_len, &index, msg, n);
    l_ok = l_decrypt(msg, n, &l_pt, &l_len, &l_index);
    if (st == CLIQUET_OK) {
        fz_require(l_ok, "DIFF: cliquet accepts a message libolm refuses");
        fz_require(l_len == pt_len && memcmp(l_pt, pt, pt_len) == 0 &&
                       l_index == index,
                   "DIFF: both accept with different plaintexts or indices");
        both_accept++;
    } else if (!l_ok) {
        both_refuse++;
    } else {
        int strict_parse = cq_megolm_message_parse(&parsed, msg, n) != CLIQUET_OK;
        int padding = st == CLIQUET_ERR_BAD_PADDING && k != NULL &&
                      padding_invalid(k, ct, ct_len);

        fz_require(strict_parse || padding,
                   "DIFF: libolm accepts what cliquet refuses, not a documented difference");
        excused_parse += (unsigned long)strict_parse;
        excused_padding += (unsigned long)(!strict_parse);
    }
    free(pt);
    free(l_pt);
}

static void import_compare(const uint8_t *key, size_t n, int is_export)
{
    cq_megolm_inbound s;
    OlmInboundGroupSession *l = l_new();
    size_t len;
    char *text = b64(key, n, &len);
    int ok, l_ok;

    if (is_export) {
        ok = cq_megolm_inbound_import(&s, key, n) == CLIQUET_OK;
        l_ok = olm_import_inbound_group_session(l, (uint8_t *)text, len) !=
               olm_error();
    } else {
        ok = cq_megolm_inbound_from_session_key(&s, key, n) == CLIQUET_OK;
        l_ok = olm_init_inbound_group_session(l, (uint8_t *)text, len) !=
               olm_error();
    }
    fz_require(ok == l_ok, "DIFF: session key / export verdicts differ");
    if (ok) {
        uint8_t id[64];
        char ours[CLIQUET_KEY_BASE64_SIZE];
        uint32_t first = olm_inbound_group_session_first_known_index(l);

        cq_base64_encode(ours, s.signing_key, 32);
        fz_require(olm_inbound_group_session_id(l, id, sizeof id) == sizeof ours - 1 &&
                       memcmp(id, ours, sizeof ours - 1) == 0 &&
                       first == s.initial.counter,
                   "DIFF: imported sessions differ");
    }
    free(text);
    l_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t buf[8192];
    fz_input in = {data, size};
    uint8_t control;

    if (size > 2048) {
        return 0;
    }
    fz_random_reset();
    control = fz_u8(&in);
    switch (control & 3) {
    case 0:
        compare(in.data, in.len, NULL, NULL, 0);
        break;
    case 1:
        memcpy(buf, in.data, in.len);
        cq_ed25519_sign(buf + in.len, &fx.outbound.signing_key, in.data, in.len);
        compare(buf, in.len + CQ_ED25519_SIGNATURE_BYTES, NULL, NULL, 0);
        break;
    case 2: {
        uint32_t index = fz_u32(&in);
        size_t pt_len;
        const uint8_t *pt = fz_slice(&in, &pt_len);
        uint8_t ct[272];
        size_t ct_len;
        keys k;
        cq_writer w;

        derive(&k, index);
        if (control & 0x10) {
            memcpy(ct, pt, pt_len);
            ct_len = pt_len;
        } else {
            ct_len = cq_cbc_ciphertext_len(pt_len);
            cq_aes256_cbc_encrypt(ct, k.aes, k.iv, pt, pt_len);
        }
        cq_writer_init(&w, buf, sizeof buf - 128);
        build_recipe(&w, &in, index, ct, ct_len);
        if (!w.overflow) {
            uint8_t mac[32];

            cq_hmac_sha256(mac, k.mac, sizeof k.mac, buf, w.len);
            memcpy(buf + w.len, mac, CQ_MEGOLM_MAC_BYTES);
            cq_ed25519_sign(buf + w.len + 8, &fx.outbound.signing_key, buf,
                            w.len + 8);
            compare(buf, w.len + 8 + 64, &k, ct, ct_len);
        }
        break;
    }
    default:
        import_compare(in.data, in.len, (control & 0x04) != 0);
        break;
    }
    return 0;
}
