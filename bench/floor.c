/*
 * bench: the floor. Each protocol step written as the primitives it needs
 * (libsodium's X25519 and Ed25519; cliquet's AES-256-CBC and its SHA-256,
 * HMAC and HKDF, which run on the CPU's SHA-256 instructions when it has
 * them and on libsodium's SHA-256 otherwise)
 * with the least glue that still reads and writes the real wire formats:
 * no argument checks, no copies to commit on success, no wiping, no
 * allocation. Messages made here decrypt in cliquet and libolm, and the
 * floor decrypts theirs (bench.c checks both ways before timing), so the
 * floor does all the work the operation needs and nothing else.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <sodium.h>

#include "bench.h"
#include "crypto/crypto.h"

/* bench.h (room for one more byte: libsodium writes a NUL) */
size_t fl_b64_encode(char *out, const uint8_t *in, size_t n)
{
    sodium_bin2base64(out, sodium_base64_ENCODED_LEN(n,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING),
                      in, n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    return (n * 4 + 2) / 3;
}

/* bench.h */
size_t fl_b64_decode(uint8_t *out, size_t cap, const char *in, size_t n)
{
    size_t len = 0;

    if (sodium_base642bin(out, cap, in, n, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0) {
        die("floor: base64");
    }
    return len;
}

/* bench.h */
void fl_hmac(uint8_t out[32], const uint8_t key[32], const uint8_t *msg,
             size_t n)
{
    cq_hmac_sha256(out, key, 32, msg, n);
}

/* bench.h */
void fl_hkdf(uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len,
             const uint8_t *ikm, size_t ikm_len, const char *info,
             size_t info_len)
{
    (void)cq_hkdf_sha256(out, out_len, salt, salt_len, ikm, ikm_len,
                         (const uint8_t *)info, info_len);
}

/* bench.h */
size_t fl_varint_put(uint8_t *out, uint64_t v)
{
    size_t n = 0;

    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

/* bench.h */
size_t fl_varint_get(const uint8_t *in, size_t n, uint64_t *v)
{
    size_t i = 0;
    unsigned shift = 0;

    *v = 0;
    while (i < n && i < 10) {
        *v |= (uint64_t)(in[i] & 0x7f) << shift;
        if ((in[i++] & 0x80) == 0) {
            return i;
        }
        shift += 7;
    }
    die("floor: varint");
    return 0;
}

/* ---- Olm -------------------------------------------------------------- */

static void olm_chain_from(uint8_t root[32], uint8_t chain[32],
                           const uint8_t *secret, size_t secret_len)
{
    uint8_t d[64];

    fl_hkdf(d, 64, NULL, 0, secret, secret_len, "OLM_ROOT", 8);
    memcpy(root, d, 32);
    memcpy(chain, d + 32, 32);
}

/* bench.h */
void fl_olm_init_alice(fl_olm *s, const uint8_t *secret, size_t secret_len,
                       const uint8_t ratchet_priv[32])
{
    memset(s, 0, sizeof *s);
    olm_chain_from(s->root, s->send_chain, secret, secret_len);
    memcpy(s->send_priv, ratchet_priv, 32);
    crypto_scalarmult_base(s->send_pub, s->send_priv);
    s->have_send = 1;
}

/* bench.h */
void fl_olm_init_bob(fl_olm *s, const uint8_t *secret, size_t secret_len,
                     const uint8_t their_ratchet[32])
{
    memset(s, 0, sizeof *s);
    olm_chain_from(s->root, s->recv_chain, secret, secret_len);
    memcpy(s->their_ratchet, their_ratchet, 32);
}

/* A ratchet step: root and a new chain from DH(ours, theirs). */
static void olm_ratchet_step(fl_olm *s, uint8_t chain[32],
                             const uint8_t our_priv[32],
                             const uint8_t their_pub[32])
{
    uint8_t shared[32];
    uint8_t d[64];

    if (crypto_scalarmult(shared, our_priv, their_pub) != 0) {
        die("floor: x25519");
    }
    fl_hkdf(d, 64, s->root, 32, shared, 32, "OLM_RATCHET", 11);
    memcpy(s->root, d, 32);
    memcpy(chain, d + 32, 32);
}

/* Message key from the chain, then the chain advances. */
static void olm_next_key(uint8_t keys[80], uint8_t chain[32])
{
    static const uint8_t one = 1;
    static const uint8_t two = 2;
    uint8_t mk[32];

    fl_hmac(mk, chain, &one, 1);
    fl_hmac(chain, chain, &two, 1);
    fl_hkdf(keys, 80, NULL, 0, mk, 32, "OLM_KEYS", 8);
}

/* bench.h */
size_t fl_olm_encrypt(fl_olm *s, char *out, const uint8_t *pt, size_t n)
{
    uint8_t raw[16 + 64 + 8 + 4096 + 64];
    uint8_t keys[80];
    uint8_t mac[32];
    size_t ct_len = (n / 16 + 1) * 16;
    size_t len = 0;

    if (ct_len > 4096 + 16) {
        die("floor: olm plaintext too long");
    }
    if (!s->have_send) {
        randombytes_buf(s->send_priv, 32);
        crypto_scalarmult_base(s->send_pub, s->send_priv);
        olm_ratchet_step(s, s->send_chain, s->send_priv, s->their_ratchet);
        s->send_index = 0;
        s->have_send = 1;
    }
    raw[len++] = 3;
    raw[len++] = 0x0a;
    raw[len++] = 32;
    memcpy(raw + len, s->send_pub, 32);
    len += 32;
    raw[len++] = 0x10;
    len += fl_varint_put(raw + len, s->send_index);
    raw[len++] = 0x22;
    len += fl_varint_put(raw + len, ct_len);
    olm_next_key(keys, s->send_chain);
    s->send_index++;
    cq_aes256_cbc_encrypt(raw + len, keys, keys + 64, pt, n);
    len += ct_len;
    fl_hmac(mac, keys + 32, raw, len);
    memcpy(raw + len, mac, 8);
    len += 8;
    return fl_b64_encode(out, raw, len);
}

/* bench.h */
size_t fl_olm_decrypt_raw(fl_olm *s, uint8_t *pt, const uint8_t *msg, size_t n)
{
    static const uint8_t two = 2;
    uint8_t keys[80];
    uint8_t mac[32];
    uint64_t counter;
    uint64_t ct_len;
    size_t pos = 3;
    size_t pt_len = 0;
    const uint8_t *key;

    if (n < 3 + 32 + 8 || msg[0] != 3 || msg[1] != 0x0a || msg[2] != 32) {
        die("floor: olm message");
    }
    key = msg + pos;
    pos += 32;
    if (msg[pos++] != 0x10) {
        die("floor: olm counter");
    }
    pos += fl_varint_get(msg + pos, n - pos, &counter);
    if (msg[pos++] != 0x22) {
        die("floor: olm ciphertext");
    }
    pos += fl_varint_get(msg + pos, n - pos, &ct_len);
    if (pos + ct_len + 8 != n) {
        die("floor: olm length");
    }
    if (memcmp(key, s->their_ratchet, 32) != 0) {
        memcpy(s->their_ratchet, key, 32);
        olm_ratchet_step(s, s->recv_chain, s->send_priv, key);
        s->recv_index = 0;
        s->have_send = 0;
    }
    while (s->recv_index < counter) {
        fl_hmac(s->recv_chain, s->recv_chain, &two, 1);
        s->recv_index++;
    }
    olm_next_key(keys, s->recv_chain);
    s->recv_index++;
    fl_hmac(mac, keys + 32, msg, n - 8);
    if (sodium_memcmp(mac, msg + n - 8, 8) != 0) {
        die("floor: olm mac");
    }
    if (cq_aes256_cbc_decrypt(pt, &pt_len, keys, keys + 64, msg + pos,
                              (size_t)ct_len) != CLIQUET_OK) {
        die("floor: olm padding");
    }
    return pt_len;
}

/* bench.h */
size_t fl_olm_decrypt(fl_olm *s, uint8_t *pt, uint8_t *scratch, const char *msg,
                      size_t n)
{
    size_t raw_len = fl_b64_decode(scratch, n, msg, n);

    return fl_olm_decrypt_raw(s, pt, scratch, raw_len);
}

/* ---- Megolm ------------------------------------------------------------ */

static void megolm_rehash(fl_megolm *m, unsigned from, unsigned to)
{
    uint8_t seed = (uint8_t)to;

    fl_hmac(m->r + 32 * to, m->r + 32 * from, &seed, 1);
}

/* bench.h */
void fl_megolm_advance(fl_megolm *m)
{
    unsigned h = 0;
    unsigned k;
    uint32_t mask = 0x00ffffffu;

    m->counter++;
    while (h < 4 && (m->counter & mask) != 0) {
        h++;
        mask >>= 8;
    }
    for (k = 4; k-- > h;) {
        megolm_rehash(m, h, k);
    }
}

/* bench.h */
void fl_megolm_advance_to(fl_megolm *m, uint32_t index)
{
    unsigned j;

    for (j = 0; j < 4; j++) {
        unsigned shift = (3 - j) * 8;
        unsigned steps = ((index >> shift) - (m->counter >> shift)) & 0xffu;
        unsigned k;

        if (steps == 0) {
            continue;
        }
        while (steps-- > 1) {
            megolm_rehash(m, j, j);
        }
        for (k = 4; k-- > j;) {
            megolm_rehash(m, j, k);
        }
        m->counter = index & (0xffffffffu << shift);
    }
}

/* bench.h */
size_t fl_megolm_encrypt(fl_megolm *m, char *out, const uint8_t *pt, size_t n)
{
    static uint8_t raw[16 + 8 + 64 + 65536];
    uint8_t keys[80];
    uint8_t mac[32];
    size_t ct_len = (n / 16 + 1) * 16;
    size_t len = 0;

    if (ct_len > 65536) {
        die("floor: megolm plaintext too long");
    }
    fl_hkdf(keys, 80, NULL, 0, m->r, 128, "MEGOLM_KEYS", 11);
    raw[len++] = 3;
    raw[len++] = 0x08;
    len += fl_varint_put(raw + len, m->counter);
    raw[len++] = 0x12;
    len += fl_varint_put(raw + len, ct_len);
    cq_aes256_cbc_encrypt(raw + len, keys, keys + 64, pt, n);
    len += ct_len;
    fl_hmac(mac, keys + 32, raw, len);
    memcpy(raw + len, mac, 8);
    len += 8;
    crypto_sign_detached(raw + len, NULL, raw, len, m->sign_sk);
    len += 64;
    fl_megolm_advance(m);
    return fl_b64_encode(out, raw, len);
}

/* bench.h */
size_t fl_megolm_decrypt(fl_megolm *m, uint8_t *pt, uint8_t *scratch,
                         const char *msg, size_t n)
{
    uint8_t keys[80];
    uint8_t mac[32];
    uint64_t index;
    uint64_t ct_len;
    size_t len = fl_b64_decode(scratch, n, msg, n);
    size_t pos = 2;
    size_t pt_len = 0;

    if (len < 2 + 1 + 2 + 8 + 64 || scratch[0] != 3 || scratch[1] != 0x08) {
        die("floor: megolm message");
    }
    pos += fl_varint_get(scratch + pos, len - pos, &index);
    if (scratch[pos++] != 0x12) {
        die("floor: megolm ciphertext");
    }
    pos += fl_varint_get(scratch + pos, len - pos, &ct_len);
    if (pos + ct_len + 8 + 64 != len) {
        die("floor: megolm length");
    }
    if (crypto_sign_verify_detached(scratch + len - 64, scratch, len - 64,
                                    m->sign_pk) != 0) {
        die("floor: megolm signature");
    }
    fl_megolm_advance_to(m, (uint32_t)index);
    fl_hkdf(keys, 80, NULL, 0, m->r, 128, "MEGOLM_KEYS", 11);
    fl_hmac(mac, keys + 32, scratch, len - 72);
    if (sodium_memcmp(mac, scratch + len - 72, 8) != 0) {
        die("floor: megolm mac");
    }
    if (cq_aes256_cbc_decrypt(pt, &pt_len, keys, keys + 64, scratch + pos,
                              (size_t)ct_len) != CLIQUET_OK) {
        die("floor: megolm padding");
    }
    return pt_len;
}

/* ---- PK (legacy backup) ------------------------------------------------ */

/* bench.h */
size_t fl_pk_encrypt(char *ct_out, char mac_out[12], char eph_out[44],
                     const uint8_t their_pub[32], const uint8_t *pt, size_t n)
{
    static uint8_t ct[65536];
    uint8_t eph_priv[32];
    uint8_t eph_pub[32];
    uint8_t shared[32];
    uint8_t keys[80];
    uint8_t mac[32];
    char mac_b64[12];
    char eph_b64[44];
    size_t ct_len = (n / 16 + 1) * 16;

    randombytes_buf(eph_priv, 32);
    crypto_scalarmult_base(eph_pub, eph_priv);
    if (crypto_scalarmult(shared, eph_priv, their_pub) != 0) {
        die("floor: pk x25519");
    }
    fl_hkdf(keys, 80, NULL, 0, shared, 32, "", 0);
    cq_aes256_cbc_encrypt(ct, keys, keys + 64, pt, n);
    fl_hmac(mac, keys + 32, NULL, 0);
    fl_b64_encode(mac_b64, mac, 8);
    fl_b64_encode(eph_b64, eph_pub, 32);
    memcpy(mac_out, mac_b64, 11);
    memcpy(eph_out, eph_b64, 43);
    return fl_b64_encode(ct_out, ct, ct_len);
}

/* bench.h */
size_t fl_pk_decrypt(uint8_t *pt, uint8_t *scratch, const uint8_t priv[32],
                     const char *eph, const char *mac, const char *ct,
                     size_t ct_len)
{
    uint8_t eph_pub[32];
    uint8_t their_mac[8];
    uint8_t shared[32];
    uint8_t keys[80];
    uint8_t full[32];
    size_t raw_len;
    size_t pt_len = 0;

    fl_b64_decode(eph_pub, 32, eph, 43);
    fl_b64_decode(their_mac, 8, mac, 11);
    raw_len = fl_b64_decode(scratch, ct_len, ct, ct_len);
    if (crypto_scalarmult(shared, priv, eph_pub) != 0) {
        die("floor: pk x25519");
    }
    fl_hkdf(keys, 80, NULL, 0, shared, 32, "", 0);
    fl_hmac(full, keys + 32, NULL, 0);
    if (sodium_memcmp(full, their_mac, 8) != 0) {
        die("floor: pk mac");
    }
    if (cq_aes256_cbc_decrypt(pt, &pt_len, keys, keys + 64, scratch,
                              raw_len) != CLIQUET_OK) {
        die("floor: pk padding");
    }
    return pt_len;
}
