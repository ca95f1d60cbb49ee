/*
 * fuzz/fuzz_megolm_message.c: cq_megolm_message_parse, the parser of every
 * Megolm group message, and since 1.2 cq_megolm_message_parse_v for both
 * configs (version 3 with an 8-byte MAC, version 4 with a 32-byte MAC:
 * docs/session-config.md). Every input goes through both; the input
 * format is unchanged.
 *
 * Properties: only the documented statuses; the two configs never both
 * accept, and the other config's version byte is
 * CLIQUET_ERR_BAD_MESSAGE_VERSION; cq_megolm_message_parse is the version
 * 1 parse; an accepted message's views (ciphertext, MAC, signature) lie
 * inside the input where the format puts them; and, because the parser is
 * strict, the fields re-encode (version, index, ciphertext, MAC,
 * signature) to exactly the input bytes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "megolm/megolm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

static void check_reencode(const cq_megolm_message *m, const uint8_t *data,
                           size_t size, int full_mac)
{
    uint8_t *out = malloc(size + 32);
    cq_writer w;

    fz_require(out != NULL, "malloc");
    cq_writer_init(&w, out, size + 32);
    cq_write_u8(&w, full_mac ? CQ_MEGOLM_MESSAGE_VERSION_V2 : CQ_MEGOLM_MESSAGE_VERSION);
    cq_write_field_varint(&w, CQ_MEGOLM_INDEX_TAG, m->index);
    cq_write_field_bytes(&w, CQ_MEGOLM_CIPHERTEXT_TAG, m->ciphertext,
                         m->ciphertext_len);
    cq_write_bytes(&w, m->mac, m->mac_len);
    cq_write_bytes(&w, m->signature, CQ_MEGOLM_SIGNATURE_BYTES);
    fz_require(!w.overflow && w.len == size && memcmp(out, data, size) == 0,
               "accepted message does not re-encode to its bytes");
    fz_require(cq_megolm_message_len_v(m->index, m->ciphertext_len - 1, full_mac) == size,
               "cq_megolm_message_len_v disagrees with a parsed message");
    free(out);
}

/* One config's parse of the input, its properties checked. */
static cliquet_status parse(const uint8_t *data, size_t size, int full_mac)
{
    const size_t mac_len = full_mac ? CQ_MEGOLM_FULL_MAC_BYTES : CQ_MEGOLM_MAC_BYTES;
    const uint8_t other = full_mac ? CQ_MEGOLM_MESSAGE_VERSION : CQ_MEGOLM_MESSAGE_VERSION_V2;
    cq_megolm_message m;
    cliquet_status st = cq_megolm_message_parse_v(&m, data, size, full_mac);

    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_MESSAGE_VERSION ||
                   st == CLIQUET_ERR_BAD_MESSAGE_FORMAT ||
                   st == CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
               "cq_megolm_message_parse_v: undocumented status");
    /* Too short for the trailer is a format error whatever the first byte. */
    fz_require(size < 1 + mac_len + CQ_MEGOLM_SIGNATURE_BYTES || data[0] != other ||
                   st == CLIQUET_ERR_BAD_MESSAGE_VERSION,
               "the other config's version byte is not refused first");
    if (st != CLIQUET_OK) {
        return st;
    }
    fz_require(m.ciphertext_len > 0 && m.ciphertext_len % 16 == 0,
               "accepted ciphertext length");
    fz_require(m.bytes == data && m.mac_len == mac_len &&
                   m.signature == data + size - CQ_MEGOLM_SIGNATURE_BYTES &&
                   m.signed_len == size - CQ_MEGOLM_SIGNATURE_BYTES &&
                   m.mac == m.signature - mac_len &&
                   m.mac_input_len == m.signed_len - mac_len &&
                   m.ciphertext + m.ciphertext_len == m.mac,
               "accepted message: views where the format puts them");
    check_reencode(&m, data, size, full_mac);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_megolm_message m;
    cliquet_status v1, v2;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    v1 = parse(data, size, 0);
    v2 = parse(data, size, 1);
    fz_require(v1 != CLIQUET_OK || v2 != CLIQUET_OK, "both configs accept one message");
    fz_require(cq_megolm_message_parse(&m, data, size) == v1,
               "cq_megolm_message_parse is not the version 1 parse");
    return 0;
}
