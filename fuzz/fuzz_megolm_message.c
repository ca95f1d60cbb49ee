/*
 * fuzz/fuzz_megolm_message.c: cq_megolm_message_parse, the parser of every
 * Megolm group message.
 *
 * Properties: only the documented statuses; an accepted message's views
 * (ciphertext, MAC, signature) lie inside the input where the format puts
 * them; and, because the parser is strict, the fields re-encode (version,
 * index, ciphertext, MAC, signature) to exactly the input bytes.
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
                           size_t size)
{
    uint8_t *out = malloc(size + 32);
    cq_writer w;

    fz_require(out != NULL, "malloc");
    cq_writer_init(&w, out, size + 32);
    cq_write_u8(&w, CQ_MEGOLM_MESSAGE_VERSION);
    cq_write_field_varint(&w, CQ_MEGOLM_INDEX_TAG, m->index);
    cq_write_field_bytes(&w, CQ_MEGOLM_CIPHERTEXT_TAG, m->ciphertext,
                         m->ciphertext_len);
    cq_write_bytes(&w, m->mac, CQ_MEGOLM_MAC_BYTES);
    cq_write_bytes(&w, m->signature, CQ_MEGOLM_SIGNATURE_BYTES);
    fz_require(!w.overflow && w.len == size && memcmp(out, data, size) == 0,
               "accepted message does not re-encode to its bytes");
    fz_require(cq_megolm_message_len(m->index, m->ciphertext_len - 1) == size,
               "cq_megolm_message_len disagrees with a parsed message");
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_megolm_message m;
    cliquet_status st;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    st = cq_megolm_message_parse(&m, data, size);
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_MESSAGE_VERSION ||
                   st == CLIQUET_ERR_BAD_MESSAGE_FORMAT ||
                   st == CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
               "cq_megolm_message_parse: undocumented status");
    if (st != CLIQUET_OK) {
        return 0;
    }
    fz_require(m.ciphertext_len > 0 && m.ciphertext_len % 16 == 0,
               "accepted ciphertext length");
    fz_require(m.bytes == data &&
                   m.signature == data + size - CQ_MEGOLM_SIGNATURE_BYTES &&
                   m.signed_len == size - CQ_MEGOLM_SIGNATURE_BYTES &&
                   m.mac == m.signature - CQ_MEGOLM_MAC_BYTES &&
                   m.mac_input_len == m.signed_len - CQ_MEGOLM_MAC_BYTES &&
                   m.ciphertext + m.ciphertext_len == m.mac,
               "accepted message: views where the format puts them");
    check_reencode(&m, data, size);
    return 0;
}
