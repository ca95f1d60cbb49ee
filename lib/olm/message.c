/*
 * The Olm message codec: normal and pre-key messages, byte for byte as
 * libolm writes them, read strictly.
 *
 * libolm's reader skips unknown fields, takes the last of repeated ones and
 * accepts keys of any length; cliquet accepts only what libolm writes:
 * every field present, in libolm's order, once, keys of exactly 32 bytes,
 * canonical varints, nothing after the last field (docs/olm.md §Strictness).
 * SPDX-License-Identifier: Apache-2.0
 */
#include "olm.h"

/* spec: olm.md §Normal Messages */
/* Reads one byte-string field with the given key and exact length. */
static int read_fixed_field(cq_reader *r, uint8_t tag, size_t len,
                            const uint8_t **out)
{
    uint8_t key;
    uint64_t n;

    if (cq_read_u8(r, &key) != 0 || key != tag) {
        return -1;
    }
    if (cq_read_varint(r, &n) != 0 || n != len) {
        return -1;
    }
    return cq_read_view(r, out, len);
}

/* spec: olm.md §Normal Messages */
/* Reads the last byte-string field: its length must be exactly what is left. */
static int read_last_field(cq_reader *r, uint8_t tag, const uint8_t **out,
                           size_t *len)
{
    uint8_t key;
    uint64_t n;

    if (cq_read_u8(r, &key) != 0 || key != tag) {
        return -1;
    }
    if (cq_read_varint(r, &n) != 0 || n != cq_reader_remaining(r)) {
        return -1;
    }
    *len = (size_t)n;
    return cq_read_view(r, out, *len);
}

/* spec: olm.md §Normal Messages: "The version byte is "\x03"" (and
 * §Pre-Key Messages: the same byte). expected is 4 for a normal message of
 * SessionConfig version 2 (vodozemac's src/olm/messages/message.rs). */
static cliquet_status read_version(cq_reader *r, uint8_t expected)
{
    uint8_t version;

    if (cq_read_u8(r, &version) != 0) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    if (version != expected) {
        return CLIQUET_ERR_BAD_MESSAGE_VERSION;
    }
    return CLIQUET_OK;
}

/* The version byte and MAC length of a normal message of this config. */
static uint8_t message_version(int full_mac)
{
    return full_mac ? CQ_OLM_PROTOCOL_VERSION_V2 : CQ_OLM_PROTOCOL_VERSION;
}

static size_t mac_len(int full_mac)
{
    return full_mac ? CQ_OLM_FULL_MAC_BYTES : CQ_OLM_MAC_BYTES;
}

/* olm.h */
cliquet_status cq_olm_message_decode(cq_olm_message *m, const uint8_t *in,
                                     size_t n)
{
    return cq_olm_message_decode_v(m, in, n, 0);
}

/* olm.h */
cliquet_status cq_olm_message_decode_v(cq_olm_message *m, const uint8_t *in,
                                       size_t n, int full_mac)
{
    cq_reader r;
    uint8_t key;
    uint64_t counter;
    cliquet_status st;

    cq_reader_init(&r, in, n);
    st = read_version(&r, message_version(full_mac));
    if (st != CLIQUET_OK) {
        return st;
    }
    if (n < 1 + mac_len(full_mac)) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    /* spec: olm.md §Normal Messages: the MAC (8 bytes) follows the payload
     * and "protects all of the bytes preceding the MAC". Version 2 keeps
     * all 32 bytes in the same place (vodozemac: Message::try_from). */
    m->mac_len = mac_len(full_mac);
    m->mac_input_len = n - m->mac_len;
    m->mac = in + m->mac_input_len;
    cq_reader_init(&r, in, m->mac_input_len);
    r.pos = 1; /* past the version byte, checked above */
    if (read_fixed_field(&r, CQ_OLM_TAG_RATCHET_KEY, CQ_OLM_KEY_BYTES,
                         &m->ratchet_key) != 0 ||
        cq_read_u8(&r, &key) != 0 || key != CQ_OLM_TAG_COUNTER ||
        cq_read_varint(&r, &counter) != 0 || counter > UINT32_MAX ||
        read_last_field(&r, CQ_OLM_TAG_CIPHERTEXT, &m->ciphertext,
                        &m->ciphertext_len) != 0) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    m->counter = (uint32_t)counter;
    /* Checked before any block is decrypted (architecture.md §4). */
    if (m->ciphertext_len == 0 || m->ciphertext_len % CQ_AES_BLOCK_BYTES != 0) {
        return CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH;
    }
    return CLIQUET_OK;
}

/* olm.h */
cliquet_status cq_olm_pre_key_message_decode(cq_olm_pre_key_message *m,
                                             const uint8_t *in, size_t n)
{
    cq_reader r;
    cliquet_status st;

    cq_reader_init(&r, in, n);
    /* Version 3 for both configs: vodozemac's PreKeyMessage::VERSION. */
    st = read_version(&r, CQ_OLM_PROTOCOL_VERSION);
    if (st != CLIQUET_OK) {
        return st;
    }
    /* spec: olm.md §Pre-Key Messages: "One-Time-Key (0x0A), Base-Key
     * (0x12), Identity-Key (0x1A), Message (0x22)" */
    if (read_fixed_field(&r, CQ_OLM_TAG_ONE_TIME_KEY, CQ_OLM_KEY_BYTES,
                         &m->one_time_key) != 0 ||
        read_fixed_field(&r, CQ_OLM_TAG_BASE_KEY, CQ_OLM_KEY_BYTES,
                         &m->base_key) != 0 ||
        read_fixed_field(&r, CQ_OLM_TAG_IDENTITY_KEY, CQ_OLM_KEY_BYTES,
                         &m->identity_key) != 0 ||
        read_last_field(&r, CQ_OLM_TAG_MESSAGE, &m->message,
                        &m->message_len) != 0 ||
        m->message_len == 0) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    return CLIQUET_OK;
}

/* olm.h */
size_t cq_olm_message_size(uint32_t counter, size_t ciphertext_len)
{
    return cq_olm_message_size_v(counter, ciphertext_len, 0);
}

/* olm.h */
size_t cq_olm_message_size_v(uint32_t counter, size_t ciphertext_len,
                             int full_mac)
{
    return 1 + cq_field_bytes_size(CQ_OLM_KEY_BYTES) +
           cq_field_varint_size(counter) + cq_field_bytes_size(ciphertext_len) +
           mac_len(full_mac);
}

/* olm.h */
size_t cq_olm_pre_key_message_size(size_t message_len)
{
    return 1 + 3 * cq_field_bytes_size(CQ_OLM_KEY_BYTES) +
           cq_field_bytes_size(message_len);
}

/* spec: olm.md §Sending normal messages */
/* spec: olm.md §Normal Messages */
/* olm.h */
uint8_t *cq_olm_message_encode_head(cq_writer *w, const uint8_t ratchet_key[32],
                                    uint32_t counter, size_t ciphertext_len)
{
    return cq_olm_message_encode_head_v(w, ratchet_key, counter,
                                        ciphertext_len, 0);
}

/* olm.h */
uint8_t *cq_olm_message_encode_head_v(cq_writer *w,
                                      const uint8_t ratchet_key[32],
                                      uint32_t counter, size_t ciphertext_len,
                                      int full_mac)
{
    /* The same fields in both configs; only the version byte differs
     * (vodozemac: ProtoBufMessage::encode_manual(version)). */
    cq_write_u8(w, message_version(full_mac));
    cq_write_field_bytes(w, CQ_OLM_TAG_RATCHET_KEY, ratchet_key,
                         CQ_OLM_KEY_BYTES);
    cq_write_field_varint(w, CQ_OLM_TAG_COUNTER, counter);
    cq_write_u8(w, CQ_OLM_TAG_CIPHERTEXT);
    cq_write_varint(w, ciphertext_len);
    return cq_write_reserve(w, ciphertext_len);
}

/* spec: olm.md §Sending the first pre-key messages */
/* spec: olm.md §Pre-Key Messages */
/* olm.h */
void cq_olm_pre_key_message_encode_head(cq_writer *w,
                                        const uint8_t one_time_key[32],
                                        const uint8_t base_key[32],
                                        const uint8_t identity_key[32],
                                        size_t message_len)
{
    cq_write_u8(w, CQ_OLM_PROTOCOL_VERSION);
    cq_write_field_bytes(w, CQ_OLM_TAG_ONE_TIME_KEY, one_time_key,
                         CQ_OLM_KEY_BYTES);
    cq_write_field_bytes(w, CQ_OLM_TAG_BASE_KEY, base_key, CQ_OLM_KEY_BYTES);
    cq_write_field_bytes(w, CQ_OLM_TAG_IDENTITY_KEY, identity_key,
                         CQ_OLM_KEY_BYTES);
    cq_write_u8(w, CQ_OLM_TAG_MESSAGE);
    cq_write_varint(w, message_len);
}
