/*
 * The Megolm group message: codec, message keys, MAC and signature.
 *
 *   +---+---------------------------------------+-----+-----------+
 *   | 3 | 0x08 varint(i) 0x12 varint(len) X_i   | MAC | signature |
 *   +---+---------------------------------------+-----+-----------+
 *                                                 8 B    64 B
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "megolm.h"

/* The three message keys of one ratchet value. */
typedef struct message_keys {
    uint8_t aes_key[CQ_MEGOLM_AES_KEY_BYTES];
    uint8_t mac_key[CQ_MEGOLM_MAC_KEY_BYTES];
    uint8_t iv[CQ_MEGOLM_IV_BYTES];
} message_keys;

static void derive_keys(message_keys *keys, const cq_megolm_ratchet *r)
{
    static const uint8_t info[CQ_MEGOLM_KDF_INFO_BYTES] = CQ_MEGOLM_KDF_INFO;
    uint8_t okm[CQ_MEGOLM_KDF_BYTES];

    /* spec: megolm.md §Message encryption: "AES_KEY_i || HMAC_KEY_i ||
     * AES_IV_i = HKDF(0, R_i, "MEGOLM_KEYS", 80)". An empty salt is
     * HKDF's zero salt. */
    (void)cq_hkdf_sha256(okm, sizeof okm, NULL, 0, r->data,
                         CQ_MEGOLM_RATCHET_BYTES, info, sizeof info);
    memcpy(keys->aes_key, okm, CQ_MEGOLM_AES_KEY_BYTES);
    memcpy(keys->mac_key, okm + CQ_MEGOLM_AES_KEY_BYTES, CQ_MEGOLM_MAC_KEY_BYTES);
    memcpy(keys->iv, okm + CQ_MEGOLM_AES_KEY_BYTES + CQ_MEGOLM_MAC_KEY_BYTES,
           CQ_MEGOLM_IV_BYTES);
    cq_wipe(okm, sizeof okm);
}

/* spec: megolm.md §Message encryption */
/* The first mac_len bytes (8, or all 32 for v2) of
 * HMAC-SHA-256(mac_key, in[0..n)). */
static void compute_mac(uint8_t *mac, size_t mac_len,
                        const message_keys *keys, const uint8_t *in, size_t n)
{
    uint8_t full[CQ_SHA256_BYTES];

    cq_hmac_sha256(full, keys->mac_key, sizeof keys->mac_key, in, n);
    memcpy(mac, full, mac_len);
    cq_wipe(full, sizeof full);
}

/* The version byte and MAC length of a message of this config. */
static uint8_t message_version(int full_mac)
{
    return full_mac ? CQ_MEGOLM_MESSAGE_VERSION_V2 : CQ_MEGOLM_MESSAGE_VERSION;
}

static size_t mac_len(int full_mac)
{
    return full_mac ? CQ_MEGOLM_FULL_MAC_BYTES : CQ_MEGOLM_MAC_BYTES;
}

/* megolm.h */
size_t cq_megolm_message_len(uint32_t index, size_t plaintext_len)
{
    return cq_megolm_message_len_v(index, plaintext_len, 0);
}

/* megolm.h */
size_t cq_megolm_message_len_v(uint32_t index, size_t plaintext_len,
                               int full_mac)
{
    return 1 + cq_field_varint_size(index) +
           cq_field_bytes_size(cq_cbc_ciphertext_len(plaintext_len)) +
           mac_len(full_mac) + CQ_MEGOLM_SIGNATURE_BYTES;
}

/* megolm.h */
void cq_megolm_message_write(uint8_t *out, const cq_megolm_ratchet *r,
                             const cq_ed25519_key *signing_key,
                             const uint8_t *plaintext, size_t plaintext_len)
{
    cq_megolm_message_write_v(out, r, signing_key, plaintext, plaintext_len, 0);
}

/* spec: megolm.md §Message format */
/* megolm.h */
void cq_megolm_message_write_v(uint8_t *out, const cq_megolm_ratchet *r,
                               const cq_ed25519_key *signing_key,
                               const uint8_t *plaintext, size_t plaintext_len,
                               int full_mac)
{
    size_t ct_len = cq_cbc_ciphertext_len(plaintext_len);
    cq_writer w;
    message_keys keys;
    uint8_t *ciphertext;
    uint8_t *mac;
    uint8_t *sig;

    /* The caller sized out with cq_megolm_message_len_v, so no write below
     * can overflow; the writer checks anyway. */
    cq_writer_init(&w, out, cq_megolm_message_len_v(r->counter, plaintext_len,
                                                    full_mac));
    /* spec: megolm.md §Message encryption: "The ratchet index i, and the
     * cipher-text X_i, are then packed into a message". Version 2 writes
     * the same fields after byte 4 (vodozemac: encode_manual(version)). */
    cq_write_u8(&w, message_version(full_mac));
    cq_write_field_varint(&w, CQ_MEGOLM_INDEX_TAG, r->counter);
    cq_write_u8(&w, CQ_MEGOLM_CIPHERTEXT_TAG);
    cq_write_varint(&w, ct_len);
    ciphertext = cq_write_reserve(&w, ct_len);
    mac = cq_write_reserve(&w, mac_len(full_mac));
    sig = cq_write_reserve(&w, CQ_MEGOLM_SIGNATURE_BYTES);
    if (w.overflow) {
        return; /* unreachable: the length is computed above */
    }

    derive_keys(&keys, r);
    /* spec: megolm.md §Message encryption: "The plain-text is encrypted with
     * AES-256, using the key AES_KEY_i and the IV AES_IV_i" */
    cq_aes256_cbc_encrypt(ciphertext, keys.aes_key, keys.iv, plaintext,
                          plaintext_len);
    /* spec: megolm.md §Message encryption: "the entire message (including the
     * version bytes and all payload bytes) are passed through HMAC-SHA-256.
     * The first 8 bytes of the MAC are appended to the message." Version 2
     * appends all 32. */
    compute_mac(mac, mac_len(full_mac), &keys, out, (size_t)(mac - out));
    /* spec: megolm.md §Message encryption: "the authenticated message is
     * signed using the Ed25519 keypair; the 64 byte signature is appended"
     * (vodozemac: to_signature_bytes, the MAC of either length included) */
    cq_ed25519_sign(sig, signing_key, out, (size_t)(sig - out));
    cq_wipe(&keys, sizeof keys);
}

/* spec: megolm.md §Message format */
/* Reads one key byte and checks it is the one expected. */
static int expect_tag(cq_reader *rd, uint8_t tag)
{
    uint8_t got;

    return cq_read_u8(rd, &got) == 0 && got == tag ? 0 : -1;
}

/* spec: megolm.md §Message format */
/* megolm.h */
cliquet_status cq_megolm_message_parse(cq_megolm_message *m,
                                       const uint8_t *in, size_t n)
{
    return cq_megolm_message_parse_v(m, in, n, 0);
}

/* spec: megolm.md §Message format */
/* megolm.h */
cliquet_status cq_megolm_message_parse_v(cq_megolm_message *m,
                                         const uint8_t *in, size_t n,
                                         int full_mac)
{
    const size_t trailer = mac_len(full_mac) + CQ_MEGOLM_SIGNATURE_BYTES;
    cq_reader rd;
    uint64_t index;
    uint64_t ct_len;

    /* A message must hold at least a version byte before its MAC and
     * signature. (libolm once read past its buffer on a message exactly
     * MAC + signature long.) Checked with version 1's shorter trailer
     * first, then the version byte, so that a version 1 message given to a
     * version 2 session is CLIQUET_ERR_BAD_MESSAGE_VERSION even when it is
     * shorter than a version 2 trailer (docs/session-config.md). */
    if (n < 1 + mac_len(0) + CQ_MEGOLM_SIGNATURE_BYTES) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    if (in[0] != message_version(full_mac)) {
        return CLIQUET_ERR_BAD_MESSAGE_VERSION;
    }
    if (n < 1 + trailer) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    /* The fields: after the version byte (checked above), up to where the
     * MAC starts. */
    cq_reader_init(&rd, in + 1, n - trailer - 1);
    /* Strict: exactly the index then the ciphertext, each once, canonical
     * varints, nothing after. libolm skips unknown fields and accepts the
     * two in any order; no libolm or vodozemac writer ever does that. */
    if (expect_tag(&rd, CQ_MEGOLM_INDEX_TAG) != 0 ||
        cq_read_varint(&rd, &index) != 0 || index > 0xffffffffu ||
        expect_tag(&rd, CQ_MEGOLM_CIPHERTEXT_TAG) != 0 ||
        cq_read_varint(&rd, &ct_len) != 0 ||
        ct_len != cq_reader_remaining(&rd)) {
        return CLIQUET_ERR_BAD_MESSAGE_FORMAT;
    }
    /* AES-CBC ciphertexts are a non-zero number of whole blocks; refused
     * here, before any key is derived or block decrypted. */
    if (ct_len == 0 || ct_len % CQ_AES_BLOCK_BYTES != 0) {
        return CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH;
    }
    m->bytes = in;
    m->index = (uint32_t)index;
    m->ciphertext = in + 1 + rd.pos;
    m->ciphertext_len = (size_t)ct_len;
    m->mac_input_len = n - trailer;
    m->mac = in + m->mac_input_len;
    m->mac_len = mac_len(full_mac);
    m->signed_len = n - CQ_MEGOLM_SIGNATURE_BYTES;
    m->signature = in + m->signed_len;
    return CLIQUET_OK;
}

/* spec: megolm.md §Message encryption */
/* megolm.h */
cliquet_status cq_megolm_message_decrypt(uint8_t *out, size_t *out_len,
                                         const cq_megolm_message *m,
                                         const cq_megolm_ratchet *r)
{
    message_keys keys;
    uint8_t mac[CQ_MEGOLM_FULL_MAC_BYTES];
    cliquet_status st;

    derive_keys(&keys, r);
    /* spec: megolm.md §Message format: "The MAC protects all of the bytes
     * preceding the MAC." Compared in constant time, over the parsed
     * length (8, or 32 in version 2: the session's config, not the
     * message, chose it). */
    compute_mac(mac, m->mac_len, &keys, m->bytes, m->mac_input_len);
    if (cq_ct_memcmp(mac, m->mac, m->mac_len) != 0) {
        st = CLIQUET_ERR_BAD_MESSAGE_MAC;
    } else {
        st = cq_aes256_cbc_decrypt(out, out_len, keys.aes_key, keys.iv,
                                   m->ciphertext, m->ciphertext_len);
    }
    cq_wipe(&keys, sizeof keys);
    cq_wipe(mac, sizeof mac);
    return st;
}
