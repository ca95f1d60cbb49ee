/*
 * fuzz/fuzz_olm_message.c: cq_olm_message_decode, the parser of every Olm
 * normal message (alone, or inside a pre-key message).
 *
 * Properties: only the documented statuses; an accepted message has a
 * ciphertext that is a non-zero multiple of 16 inside the input; and,
 * because the parser is strict, an accepted message re-encodes from its
 * fields (cq_olm_message_encode_head) to exactly the input bytes.
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
                           size_t size)
{
    size_t n = cq_olm_message_size(m->counter, m->ciphertext_len);
    uint8_t *out = malloc(n);
    uint8_t *ct;
    cq_writer w;

    fz_require(out != NULL, "malloc");
    fz_require(n == size, "accepted message: size from its fields");
    cq_writer_init(&w, out, n);
    ct = cq_olm_message_encode_head(&w, m->ratchet_key, m->counter,
                                    m->ciphertext_len);
    fz_require(ct != NULL, "re-encode head");
    memcpy(ct, m->ciphertext, m->ciphertext_len);
    cq_write_bytes(&w, m->mac, CQ_OLM_MAC_BYTES);
    fz_require(!w.overflow && w.len == size && memcmp(out, data, size) == 0,
               "accepted message does not re-encode to its bytes");
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cq_olm_message m;
    cliquet_status st;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    st = cq_olm_message_decode(&m, data, size);
    fz_require(st == CLIQUET_OK || st == CLIQUET_ERR_BAD_MESSAGE_VERSION ||
                   st == CLIQUET_ERR_BAD_MESSAGE_FORMAT ||
                   st == CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH,
               "cq_olm_message_decode: undocumented status");
    if (st != CLIQUET_OK) {
        return 0;
    }
    fz_require(m.ciphertext_len > 0 && m.ciphertext_len % 16 == 0,
               "accepted ciphertext length");
    fz_require(m.ciphertext >= data &&
                   m.ciphertext + m.ciphertext_len <= data + size &&
                   m.mac == data + size - CQ_OLM_MAC_BYTES &&
                   m.mac_input_len == size - CQ_OLM_MAC_BYTES,
               "accepted message: views inside the input");
    check_reencode(&m, data, size);
    return 0;
}
