/*
 * fuzz/fuzz_olm_message.c: cq_olm_message_decode, the parser of every Olm
 * normal message (alone, or inside a pre-key message), and since 1.2
 * cq_olm_message_decode_v for both configs (version 3 with an 8-byte MAC,
 * version 4 with a 32-byte MAC: docs/session-config.md). Every input goes
 * through both; the input format is unchanged.
 *
 * Properties: only the documented statuses; the two configs never both
 * accept, and a message whose first byte is the other config's version is
 * CLIQUET_ERR_BAD_MESSAGE_VERSION; cq_olm_message_decode is the version 1
 * parse; an accepted message has a ciphertext that is a non-zero multiple
 * of 16 inside the input and its MAC (8 or 32 bytes) at the end; and,
 * because the parser is strict, an accepted message re-encodes from its
 * fields (cq_olm_message_encode_head_v) to exactly the input bytes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "olm/olm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

static void check_reencode(const cq_olm_message *m, const uint8_t *data,
                           size_t size, int full_mac)
{
    size_t n = cq_olm_message_size_v(m->counter, m->ciphertext_len, full_mac);
    uint8_t *out = malloc(n);
    uint8_t *ct;
    cq_writer w;

    fz_require(out != NULL, "malloc");
    fz_require(n == size, "accepted message: size from its fields");
    cq_writer_init(&w, out, n);
    ct = cq_olm_message_encode_head_v(&w, m->ratchet_key, m->counter,
                                      m->ciphertext_len, full_mac);
    fz_require(ct != NULL, "re-encode head");
    memcpy(ct, m->ciphertext, m->ciphertext_len);
    cq_write_bytes(&w, m->mac, m->mac_len);
    fz_require(!w.overflow && w.len == size && memcmp(out, data, size) == 0,
               "accepted message does not re-encode to its bytes");
    free(out);
}

/* One config's parse of the input, its properties checked. */
static cliquet_status parse(const uint8_t *data, size_t size, int full_mac)
{
    const size_t mac_len = full_mac ? CQ_OLM_FULL_MAC_BYTES : CQ_OLM_MAC_BYTES;
    const uint8_t other = full_mac ? CQ_OLM_PROTOCOL_VERSION : CQ_OLM_PROTOCOL_VERSION_V2;
    cq_olm_message m;
    cliquet_status st = cq_olm_message_decode_v(&m, data, size, full_mac);

    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_MESSAGE_VERSION ||
                   st == CLIQUET_ERR_BAD_MESSAGE_FORMAT ||
                   st == CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
               "cq_olm_message_decode_v: undocumented status");
    fz_require(size == 0 || data[0] != other || st == CLIQUET_ERR_BAD_MESSAGE_VERSION,
               "the other config's version byte is not refused first");
    if (st != CLIQUET_OK) {
        return st;
    }
    fz_require(m.ciphertext_len > 0 && m.ciphertext_len % 16 == 0,
               "accepted ciphertext length");
    fz_require(m.mac_len == mac_len && m.ciphertext >= data &&
                   m.ciphertext + m.ciphertext_len <= data + size &&
                   m.mac == data + size - mac_len &&
                   m.mac_input_len == size - mac_len,
               "accepted message: views inside the input");
    check_reencode(&m, data, size, full_mac);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_olm_message m;
    cliquet_status v1, v2;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    v1 = parse(data, size, 0);
    v2 = parse(data, size, 1);
    fz_require(v1 != CLIQUET_OK || v2 != CLIQUET_OK, "both configs accept one message");
    fz_require(cq_olm_message_decode(&m, data, size) == v1,
               "cq_olm_message_decode is not the version 1 parse");
    return 0;
}
