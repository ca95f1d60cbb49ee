/*
 * fuzz/fuzz_megolm_decrypt.c: Megolm decryption on an inbound group
 * session, through the core (cq_megolm_inbound_decrypt) and the API
 * (cliquet_inbound_group_session_decrypt).
 *
 * Input: a session byte (bit 0x01: start from the unsigned export at index
 * 7 instead of the signed session key at index 0; bit 0x02: the bitsliced
 * AES; bit 0x04, since 1.2: the session is of SessionConfig version 2, and
 * the genuine messages of control 2 are v2 messages), then up to three
 * messages, each a control byte, a big-endian u16 length and the bytes,
 * decrypted in turn by the same session. Control, low two bits:
 *   0  the bytes are the message;
 *   1  the bytes are a message without its signature: the harness signs
 *      them with the sender's key, so the fuzzer reaches the MAC, the index
 *      and the padding checks;
 *   2  the bytes are a u32 index and a plaintext: the harness encrypts a
 *      genuine message (the expected result is then known);
 *   3  through the API, the bytes as the base64 text.
 * Bit 0x04: through the API, the message base64-encoded by the harness;
 * bit 0x08: a plaintext buffer too small by one block.
 *
 * Properties: only documented statuses; a refused message leaves the
 * session byte for byte as it was; a genuine message decrypts to its
 * plaintext and index exactly when the index is at or after the first
 * known one; a decrypted message decrypts again to the same plaintext;
 * after a success the session is verified and its imported flag unchanged.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"

static fz_megolm_fixture fx;
static cq_megolm_inbound imported;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_megolm_fixture_make(&fx);
    fz_require(cq_megolm_inbound_import(&imported, fx.export7,
                                        sizeof fx.export7) == CLIQUET_OK,
               "import");
    return 0;
}

static int documented(cliquet_status st)
{
    switch (st) {
    case CLIQUET_ERR_BAD_MESSAGE_VERSION:
    case CLIQUET_ERR_BAD_MESSAGE_FORMAT:
    case CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH:
    case CLIQUET_ERR_BAD_SIGNATURE:
    case CLIQUET_ERR_BAD_MESSAGE_MAC:
    case CLIQUET_ERR_BAD_PADDING:
    case CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX:
    case CLIQUET_ERR_OUTPUT_TOO_SMALL:
    case CLIQUET_ERR_BAD_BASE64:
        return 1;
    default:
        return 0;
    }
}

typedef struct result {
    cliquet_status st;
    uint32_t index;
    size_t len;
    uint8_t pt[4096];
} result;

static void api_decrypt(result *res, cq_megolm_inbound *state,
                        const char *text, size_t text_len, size_t cap)
{
    cliquet_inbound_group_session *s = NULL;
    cliquet_megolm_decrypt_info info;

    fz_require(cq_api_inbound_group_from_state(&s, state) == CLIQUET_OK,
               "session");
    res->st = cliquet_inbound_group_session_decrypt(s, text, text_len, res->pt,
                                                    cap, &res->len, &info);
    if (res->st == CLIQUET_OK) {
        res->index = info.message_index;
        fz_require(info.verified == 1 && info.imported == state->imported,
                   "API: verified / imported flags");
        *state = *cq_api_inbound_group_state(s);
    }
    cliquet_inbound_group_session_free(s);
}

static void decrypt(result *res, cq_megolm_inbound *s, uint8_t control,
                    const uint8_t *msg, size_t n)
{
    size_t cap = sizeof res->pt;

    if (control & 0x08) {
        cap = n > 100 ? n - 100 : 0;
    }
    if ((control & 3) == 3) {
        api_decrypt(res, s, (const char *)msg, n, cap);
    } else if (control & 0x04) {
        char *text = malloc(cq_base64_encoded_len(n) + 1);

        fz_require(text != NULL, "malloc");
        cq_base64_encode(text, msg, n);
        api_decrypt(res, s, text, cq_base64_encoded_len(n), cap);
        free(text);
    } else {
        res->st = cq_megolm_inbound_decrypt(s, res->pt, cap, &res->len,
                                            &res->index, msg, n);
    }
    fz_require(res->st == CLIQUET_OK || documented(res->st),
               "megolm decrypt: undocumented status");
}

/* Builds the message a control byte asks for into buf; returns its length. */
/* A genuine v2 message at index (fz_megolm_message's v2 twin). */
static size_t v2_message(uint8_t *out, size_t cap, uint32_t index, const uint8_t *pt,
                         size_t n)
{
    cq_megolm_ratchet r = fx.outbound.ratchet;
    size_t len = cq_megolm_message_len_v(index, n, 1);

    if (len > cap) {
        return 0;
    }
    cq_megolm_ratchet_advance_to(&r, index);
    cq_megolm_message_write_v(out, &r, &fx.outbound.signing_key, pt, n, 1);
    return len;
}

static size_t build(uint8_t *buf, size_t cap, uint8_t control, int full_mac,
                    const uint8_t *bytes, size_t n, uint32_t *index,
                    const uint8_t **pt, size_t *pt_len)
{
    if ((control & 3) == 1) {
        if (n + CQ_MEGOLM_SIGNATURE_BYTES > cap) {
            return 0;
        }
        memcpy(buf, bytes, n);
        cq_ed25519_sign(buf + n, &fx.outbound.signing_key, bytes, n);
        return n + CQ_MEGOLM_SIGNATURE_BYTES;
    }
    if ((control & 3) == 2) {
        fz_input in = {bytes, n};

        *index = fz_u32(&in);
        *pt = in.data;
        *pt_len = in.len;
        if (full_mac) {
            return v2_message(buf, cap, *index, in.data, in.len);
        }
        return fz_megolm_message(buf, cap, &fx, *index, in.data, in.len);
    }
    if (n > cap) {
        return 0;
    }
    memcpy(buf, bytes, n);
    return n;
}

static void one_message(cq_megolm_inbound *s, uint8_t control,
                        const uint8_t *bytes, size_t n)
{
    static uint8_t buf[8192];
    static result res;
    static result again;
    cq_megolm_inbound before = *s;
    uint32_t index = 0;
    const uint8_t *pt = NULL;
    size_t pt_len = 0;
    size_t len = build(buf, sizeof buf, control, s->full_mac, bytes, n, &index, &pt,
                       &pt_len);

    decrypt(&res, s, control, buf, len);
    if ((control & 3) == 2 && len > 0 && !(control & 0x08)) {
        /* libolm's rule, which cliquet keeps: from the latest ratchet if
         * the index is at or after it, else from the initial one. With
         * wrap-around, the latest can reach indices "before" the initial. */
        int after_latest = cq_megolm_index_at_or_after(index, before.latest.counter);
        int known = after_latest ||
                    cq_megolm_index_at_or_after(index, before.initial.counter);
        uint32_t from = after_latest ? before.latest.counter : before.initial.counter;
        /* The genuine message's ratchet went from 0 up to index without
         * wrapping. A session ratchet past index (numerically) that counts
         * index as ahead (more than 2^31 behind it) wraps past 2^32 to get
         * there: a value the sender's ratchet never had at index, so the
         * MAC refuses it (docs/megolm.md §Indices; found by fuzz-long). */
        int same_path = index >= from;

        if (!known) {
            fz_require(res.st == CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX,
                       "a genuine message: wrong verdict (unknown index)");
        } else {
            fz_require(same_path ? res.st == CLIQUET_OK
                                 : res.st == CLIQUET_ERR_BAD_MESSAGE_MAC,
                       "a genuine message: wrong verdict");
        }
        known = known && same_path;
        if (known) {
            fz_require(res.index == index && res.len == pt_len &&
                           memcmp(res.pt, pt, pt_len) == 0,
                       "a genuine message: wrong plaintext");
        }
    }
    if (res.st != CLIQUET_OK) {
        fz_require(memcmp(&before, s, sizeof before) == 0,
                   "a refused message changed the session");
        return;
    }
    fz_require(s->verified == 1 && s->imported == before.imported &&
                   memcmp(&s->initial, &before.initial, sizeof s->initial) == 0,
               "flags or initial ratchet after a success");
    decrypt(&again, s, control & 0x03, buf, len);
    fz_require(again.st == CLIQUET_OK && again.index == res.index &&
                   again.len == res.len && memcmp(again.pt, res.pt, res.len) == 0,
               "a message decrypts again to the same plaintext");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    cq_megolm_inbound s;
    int i;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    {
        uint8_t start = fz_u8(&in);

        s = (start & 1) ? imported : fx.inbound;
        s.full_mac = (start & 4) ? 1 : 0;
        fz_aes(start & 2);
    }
    for (i = 0; i < 3 && in.len > 0; i++) {
        uint8_t control = fz_u8(&in);
        size_t n = (size_t)fz_u8(&in) << 8;
        const uint8_t *bytes;

        n |= fz_u8(&in);
        if (n > in.len) {
            n = in.len;
        }
        bytes = in.data;
        in.data += n;
        in.len -= n;
        one_message(&s, control, bytes, n);
    }
    return 0;
}
