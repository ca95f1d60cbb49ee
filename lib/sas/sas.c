/*
 * SAS: the ephemeral key agreement, SAS bytes and the three MAC forms
 * (docs/sas.md). Facts from libolm src/sas.c; the code is cliquet's.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "sas.h"

/* spec: client-server-api §Short Authentication String (SAS) verification */
/* sas.h */
void cq_sas_init(cq_sas *s, const uint8_t random[CQ_SAS_KEY_BYTES])
{
    cq_wipe(s, sizeof *s);
    cq_x25519_keypair(s->public_key, s->private_key, random);
}

/* sas.h */
void cq_sas_clear(cq_sas *s)
{
    cq_wipe(s, sizeof *s);
}

/* spec: client-server-api §Short Authentication String (SAS) verification */
/* sas.h */
cliquet_status cq_sas_set_their_key(cq_sas *s,
                                    const uint8_t their_key[CQ_SAS_KEY_BYTES])
{
    uint8_t shared[CQ_X25519_BYTES];
    cliquet_status st;

    /* Computed into a temporary so that a refused key changes nothing. */
    st = cq_x25519(shared, s->private_key, their_key);
    if (st == CLIQUET_OK) {
        memcpy(s->shared, shared, sizeof shared);
        s->their_key_set = 1;
    }
    cq_wipe(shared, sizeof shared);
    return st;
}

/* spec: client-server-api §SAS HKDF calculation */
/*
 * HKDF-SHA-256 of the shared secret, as every SAS output uses it (libolm
 * passes no salt: RFC 5869's 32 zero bytes).
 */
static void sas_hkdf(const cq_sas *s, uint8_t *out, size_t n,
                     const uint8_t *info, size_t info_len)
{
    (void)cq_hkdf_sha256(out, n, NULL, 0, s->shared, sizeof s->shared, info,
                         info_len);
}

/* spec: client-server-api §SAS HKDF calculation */
/* sas.h */
cliquet_status cq_sas_generate_bytes(const cq_sas *s, uint8_t *out, size_t n,
                                     const uint8_t *info, size_t info_len)
{
    if (!s->their_key_set) {
        return CLIQUET_ERR_SAS_NO_THEIR_KEY;
    }
    if (n > CQ_SAS_MAX_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    sas_hkdf(s, out, n, info, info_len);
    return CLIQUET_OK;
}

/* spec: client-server-api §MAC calculation */
/* HMAC-SHA-256 of msg under a key of key_len HKDF bytes. */
static cliquet_status sas_mac(const cq_sas *s, uint8_t mac[CQ_SAS_MAC_BYTES],
                              size_t key_len, const uint8_t *msg, size_t n,
                              const uint8_t *info, size_t info_len)
{
    uint8_t key[CQ_SAS_LONG_KDF_KEY_BYTES];

    if (!s->their_key_set) {
        return CLIQUET_ERR_SAS_NO_THEIR_KEY;
    }
    sas_hkdf(s, key, key_len, info, info_len);
    cq_hmac_sha256(mac, key, key_len, msg, n);
    cq_wipe(key, sizeof key);
    return CLIQUET_OK;
}

/* spec: client-server-api §MAC calculation */
/* sas.h */
cliquet_status cq_sas_mac(const cq_sas *s, uint8_t mac[CQ_SAS_MAC_BYTES],
                          const uint8_t *msg, size_t n, const uint8_t *info,
                          size_t info_len)
{
    return sas_mac(s, mac, CQ_SAS_MAC_KEY_BYTES, msg, n, info, info_len);
}

/* spec: client-server-api §MAC calculation */
/* sas.h */
cliquet_status cq_sas_mac_long_kdf(const cq_sas *s,
                                   uint8_t mac[CQ_SAS_MAC_BYTES],
                                   const uint8_t *msg, size_t n,
                                   const uint8_t *info, size_t info_len)
{
    return sas_mac(s, mac, CQ_SAS_LONG_KDF_KEY_BYTES, msg, n, info, info_len);
}

/*
 * libolm's legacy MAC text. libolm computes the 32-byte MAC into the
 * caller's 43-byte output buffer and then base64-encodes that buffer into
 * itself. Its encoder walks the input three bytes at a time, from the
 * start, and writes four characters for each group (three for the last two
 * bytes), reading a group fully before writing it. The output runs ahead of
 * the input (4 characters per 3 bytes), so from the second group on, some
 * or all of the "MAC bytes" it reads are characters it has just written:
 * the text is the base64 of a mix of MAC bytes and earlier output, not of
 * the MAC. Only the first group (characters 0-3) is the true encoding.
 *
 * Reproduced by doing exactly that on a private 43-byte buffer, through
 * cliquet's constant-time codec (each group is copied out before its
 * characters overwrite it).
 */
/* spec: client-server-api §MAC calculation */
/* sas.h */
void cq_sas_legacy_base64(char out[CQ_SAS_MAC_BASE64_BYTES],
                          const uint8_t mac[CQ_SAS_MAC_BYTES])
{
    char buf[CQ_SAS_MAC_BASE64_BYTES];
    uint8_t group[3];
    size_t in = 0;
    size_t pos = 0;

    memset(buf, 0, sizeof buf);
    memcpy(buf, mac, CQ_SAS_MAC_BYTES);
    /* Ten whole groups: bytes 0-29 -> characters 0-39. */
    while (in + 3 <= CQ_SAS_MAC_BYTES) {
        memcpy(group, buf + in, 3);
        cq_base64_encode(buf + pos, group, 3);
        in += 3;
        pos += 4;
    }
    /* The last two bytes (30, 31) -> characters 40-42. */
    memcpy(group, buf + in, 2);
    cq_base64_encode(buf + pos, group, 2);
    memcpy(out, buf, CQ_SAS_MAC_BASE64_BYTES);
    cq_wipe(buf, sizeof buf);
    cq_wipe(group, sizeof group);
}
