/*
 * The Olm double ratchet: root, chain and message keys, the sender chain,
 * up to CQ_OLM_MAX_RECEIVER_CHAINS receiver chains and up to
 * CQ_OLM_MAX_SKIPPED_KEYS skipped message keys.
 *
 * Decryption works on a copy of the ratchet and commits it only when the
 * MAC has verified and the padding is right, so a refused message changes
 * nothing. Which chain a message belongs to and whether its counter is in
 * the window depend on public data only (the ratchet key and counter on the
 * wire); the MAC verdict is the one secret-dependent branch.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "olm.h"

static const uint8_t info_root[CQ_OLM_INFO_ROOT_LEN] = CQ_OLM_INFO_ROOT;
static const uint8_t info_ratchet[CQ_OLM_INFO_RATCHET_LEN] = CQ_OLM_INFO_RATCHET;
static const uint8_t info_keys[CQ_OLM_INFO_KEYS_LEN] = CQ_OLM_INFO_KEYS;

/* The largest counter a chain can reach and still advance once more. */
#define CQ_OLM_MAX_COUNTER (UINT32_MAX - 1)

/* ---- bounded lists, newest first ------------------------------------------ */

/*
 * Makes room at the front of a list of *count items (at most max) and
 * returns the first slot. A full list loses its last (oldest) item, which
 * the move overwrites: libolm's List::insert(begin()).
 */
static void *list_push_front(void *items, size_t size, uint32_t *count,
                             size_t max, uint32_t *evicted)
{
    size_t keep = *count < max ? *count : max - 1;

    memmove((uint8_t *)items + size, items, keep * size);
    if (*count < max) {
        (*count)++;
    } else {
        (*evicted)++;
    }
    return items;
}

/* Removes item i, keeping the order, and wipes the slot freed at the end. */
static void list_remove(void *items, size_t size, uint32_t *count, size_t i)
{
    uint8_t *base = items;

    memmove(base + i * size, base + (i + 1) * size, (*count - 1 - i) * size);
    (*count)--;
    cq_wipe(base + (size_t)*count * size, size);
}

/* ---- key derivation -------------------------------------------------------- */

/* spec: olm.md §Advancing the chain key: "C_{i,j} = HMAC-SHA256(C_{i,j-1}, "\x02")" */
static void chain_advance(cq_olm_chain_key *c)
{
    static const uint8_t seed = CQ_OLM_CHAIN_KEY_SEED;
    uint8_t next[32];

    cq_hmac_sha256(next, c->key, sizeof c->key, &seed, 1);
    memcpy(c->key, next, sizeof next);
    c->index++;
    cq_wipe(next, sizeof next);
}

/* spec: olm.md §Creating a message key: "M_{i,j} = HMAC-SHA256(C_{i,j}, "\x01")" */
static void chain_message_key(uint8_t mk[32], const cq_olm_chain_key *c)
{
    static const uint8_t seed = CQ_OLM_MESSAGE_KEY_SEED;

    cq_hmac_sha256(mk, c->key, sizeof c->key, &seed, 1);
}

/*
 * spec: olm.md §Advancing the root key: "R_i || C_{i,0} =
 * HKDF(R_{i-1}, ECDH(T_{i-1}, T_i), "OLM_RATCHET", 64)"
 * root is updated in place; chain gets the new chain key at index 0.
 */
static cliquet_status root_step(uint8_t root[32], cq_olm_chain_key *chain,
                                const uint8_t our_private[32],
                                const uint8_t their_public[32])
{
    uint8_t shared[32];
    uint8_t derived[64];
    cliquet_status st;

    st = cq_x25519(shared, our_private, their_public);
    if (st != CLIQUET_OK) {
        return st;
    }
    (void)cq_hkdf_sha256(derived, sizeof derived, root, 32, shared,
                         sizeof shared, info_ratchet, sizeof info_ratchet);
    memcpy(root, derived, 32);
    memcpy(chain->key, derived + 32, 32);
    chain->index = 0;
    cq_wipe(shared, sizeof shared);
    cq_wipe(derived, sizeof derived);
    return CLIQUET_OK;
}

/* spec: olm.md §Initial setup: "R_0 || C_{0,0} = HKDF(0, S, "OLM_ROOT", 64)" */
static void initial_keys(cq_olm_ratchet *r, cq_olm_chain_key *chain,
                         const uint8_t *secret, size_t secret_len)
{
    uint8_t derived[64];

    (void)cq_hkdf_sha256(derived, sizeof derived, NULL, 0, secret, secret_len,
                         info_root, sizeof info_root);
    memcpy(r->root_key, derived, 32);
    memcpy(chain->key, derived + 32, 32);
    chain->index = 0;
    cq_wipe(derived, sizeof derived);
}

/* spec: olm.md §Creating an outbound session */
/* olm.h */
void cq_olm_ratchet_init_alice(cq_olm_ratchet *r, const uint8_t *secret,
                               size_t secret_len,
                               const uint8_t ratchet_private[32])
{
    memset(r, 0, sizeof *r);
    memcpy(r->sender_chain.ratchet_private, ratchet_private, 32);
    cq_x25519_public(r->sender_chain.ratchet_public, ratchet_private);
    initial_keys(r, &r->sender_chain.chain_key, secret, secret_len);
    r->has_sender_chain = 1;
}

/* spec: olm.md §Creating an inbound session from a pre-key message */
/* olm.h */
void cq_olm_ratchet_init_bob(cq_olm_ratchet *r, const uint8_t *secret,
                             size_t secret_len,
                             const uint8_t their_ratchet_key[32])
{
    memset(r, 0, sizeof *r);
    memcpy(r->receiver_chains[0].ratchet_key, their_ratchet_key, 32);
    initial_keys(r, &r->receiver_chains[0].chain_key, secret, secret_len);
    r->num_receiver_chains = 1;
}

/*
 * 1 if key is the canonical encoding of a u-coordinate: below p = 2^255 - 19,
 * top bit clear. X25519 ignores the top bit and reduces mod p, so without
 * this check 20 other encodings would give the same shared secrets, and a
 * pre-key message with a key re-encoded that way would start a second
 * session under a different session id. Public data: branches are fine.
 */
static int is_canonical(const uint8_t key[32])
{
    int i;

    if (key[31] & 0x80) {
        return 0;
    }
    if (key[31] != 0x7f || key[0] < 0xed) {
        return 1;
    }
    for (i = 1; i < 31; i++) {
        if (key[i] != 0xff) {
            return 1;
        }
    }
    return 0; /* p .. 2^255 - 1 */
}

/*
 * The canonical encodings of the points of small order on Curve25519 and
 * its twist (the u-coordinates 0, 1, p - 1 and the two of order 8). These
 * and no others make X25519 give zero with every private key; libsodium's
 * crypto_scalarmult refuses the same list. Comparing against it costs
 * nothing, where a probing scalar multiplication costs as much as the
 * Diffie-Hellman it guards.
 */
static const uint8_t small_order[5][32] = {
    { 0 },
    { 1 },
    { 0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
      0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
      0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00 },
    { 0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1,
      0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c,
      0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57 },
    { 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }
};

/* spec: olm.md §Creating an outbound session */
/* olm.h */
cliquet_status cq_olm_check_public_key(const uint8_t key[32])
{
    size_t i;

    if (!is_canonical(key)) {
        return CLIQUET_ERR_BAD_KEY;
    }
    /* Public data: an early exit is fine. */
    for (i = 0; i < sizeof small_order / sizeof small_order[0]; i++) {
        if (memcmp(key, small_order[i], 32) == 0) {
            return CLIQUET_ERR_ZERO_SHARED_SECRET;
        }
    }
    return CLIQUET_OK;
}

/* ---- the message cipher ------------------------------------------------------ */

/*
 * spec: olm.md §Olm Authenticated Encryption: "AES_KEY || HMAC_KEY ||
 * AES_IV = HKDF(0, M, "OLM_KEYS", 80)"
 */
static void cipher_keys(uint8_t keys[CQ_OLM_CIPHER_KEYS_BYTES],
                        const uint8_t mk[32])
{
    (void)cq_hkdf_sha256(keys, CQ_OLM_CIPHER_KEYS_BYTES, NULL, 0, mk, 32,
                         info_keys, sizeof info_keys);
}

#define AES_KEY(k) (k)
#define MAC_KEY(k) ((k) + 32)
#define AES_IV(k) ((k) + 64)

/*
 * Encrypts pt into ct and writes the MAC of msg[0..mac_input): its first
 * mac_len bytes (8, or all 32 for SessionConfig version 2).
 */
static void seal(uint8_t *ct, uint8_t *mac, size_t mac_len,
                 const uint8_t mk[32], const uint8_t *pt, size_t n,
                 const uint8_t *msg, size_t mac_input)
{
    uint8_t keys[CQ_OLM_CIPHER_KEYS_BYTES];
    uint8_t full[32];

    cipher_keys(keys, mk);
    cq_aes256_cbc_encrypt(ct, AES_KEY(keys), AES_IV(keys), pt, n);
    /* spec: olm.md §Olm Authenticated Encryption: "the entire message
     * (including the Version Byte and all Payload Bytes) are passed through
     * HMAC-SHA-256. The first 8 bytes of the MAC are appended" */
    cq_hmac_sha256(full, MAC_KEY(keys), 32, msg, mac_input);
    memcpy(mac, full, mac_len);
    cq_wipe(keys, sizeof keys);
    cq_wipe(full, sizeof full);
}

/* spec: olm.md §Normal Messages */
/* spec: olm.md §Olm Authenticated Encryption */
/*
 * Verifies the MAC of m (read from msg) and decrypts its ciphertext. The
 * comparison covers m->mac_len bytes, 8 or 32, fixed by the session's
 * config and not by the message (the parser checked the version byte), in
 * constant time; its verdict is the one secret-dependent branch.
 */
static cliquet_status open_message(uint8_t *pt, size_t *pt_len,
                                   const uint8_t mk[32],
                                   const cq_olm_message *m, const uint8_t *msg)
{
    uint8_t keys[CQ_OLM_CIPHER_KEYS_BYTES];
    uint8_t full[32];
    cliquet_status st = CLIQUET_ERR_BAD_MESSAGE_MAC;

    cipher_keys(keys, mk);
    cq_hmac_sha256(full, MAC_KEY(keys), 32, msg, m->mac_input_len);
    if (cq_ct_memcmp(full, m->mac, m->mac_len) == 0) {
        st = cq_aes256_cbc_decrypt(pt, pt_len, AES_KEY(keys), AES_IV(keys),
                                   m->ciphertext, m->ciphertext_len);
    }
    cq_wipe(keys, sizeof keys);
    cq_wipe(full, sizeof full);
    return st;
}

/* ---- encryption ---------------------------------------------------------------- */

/* spec: olm.md §Sending normal messages */
/* olm.h */
int cq_olm_ratchet_needs_random(const cq_olm_ratchet *r)
{
    return !r->has_sender_chain;
}

/* olm.h */
size_t cq_olm_ratchet_encrypt_size(const cq_olm_ratchet *r, size_t n)
{
    uint32_t counter = r->has_sender_chain ? r->sender_chain.chain_key.index : 0;

    return cq_olm_message_size_v(counter, cq_cbc_ciphertext_len(n),
                                 (int)r->full_mac);
}

/* spec: olm.md §Advancing the root key */
/*
 * spec: olm.md §Sending normal messages: "If the chain key doesn't exist
 * then a new ratchet key T_i is generated and a new root key R_i and chain
 * key C_i,0 are computed"
 */
static cliquet_status new_sender_chain(cq_olm_ratchet *r, const uint8_t *random)
{
    cq_olm_sender_chain *c = &r->sender_chain;

    if (random == NULL || r->num_receiver_chains == 0) {
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    cq_x25519_keypair(c->ratchet_public, c->ratchet_private, random);
    r->has_sender_chain = 1;
    return root_step(r->root_key, &c->chain_key, c->ratchet_private,
                     r->receiver_chains[0].ratchet_key);
}

/* spec: olm.md §Sending the first pre-key messages */
/* olm.h */
cliquet_status cq_olm_ratchet_encrypt(cq_olm_ratchet *r, cq_writer *w,
                                      const uint8_t *pt, size_t n,
                                      const uint8_t *random)
{
    cq_olm_ratchet work = *r;
    cq_olm_chain_key *ck = &work.sender_chain.chain_key;
    uint8_t mk[32];
    uint8_t *ct;
    uint8_t *mac;
    size_t start = w->len;
    size_t mac_len = r->full_mac ? CQ_OLM_FULL_MAC_BYTES : CQ_OLM_MAC_BYTES;
    cliquet_status st = CLIQUET_OK;

    if (!work.has_sender_chain) {
        st = new_sender_chain(&work, random);
    }
    if (st == CLIQUET_OK && ck->index > CQ_OLM_MAX_COUNTER) {
        st = CLIQUET_ERR_INPUT_TOO_LARGE; /* 2^32 - 1 messages in one chain */
    }
    if (st == CLIQUET_OK) {
        ct = cq_olm_message_encode_head_v(w, work.sender_chain.ratchet_public,
                                          ck->index, cq_cbc_ciphertext_len(n),
                                          (int)work.full_mac);
        mac = cq_write_reserve(w, mac_len);
        if (ct == NULL || mac == NULL) {
            st = CLIQUET_ERR_OUTPUT_TOO_SMALL;
        } else {
            /* spec: olm.md §Sending normal messages: "A message key, M_i,j
             * is computed from the current chain key, C_i,j, and the chain
             * key is replaced with the next chain key, C_i,j+1." */
            chain_message_key(mk, ck);
            chain_advance(ck);
            seal(ct, mac, mac_len, mk, pt, n, w->data + start,
                 (size_t)(mac - w->data) - start);
            cq_wipe(mk, sizeof mk);
            *r = work;
        }
    }
    cq_wipe(&work, sizeof work);
    return st;
}

/* ---- decryption ------------------------------------------------------------------ */

/* spec: olm.md §Receiving messages */
/* The receiver chain whose ratchet key is key (public data), or -1. */
static int find_chain(const cq_olm_ratchet *r, const uint8_t key[32])
{
    uint32_t i;

    for (i = 0; i < r->num_receiver_chains; i++) {
        if (memcmp(r->receiver_chains[i].ratchet_key, key, 32) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* spec: olm.md §Receiving messages */
/* Keeps the message key at c's index for a message that has not come yet. */
static void keep_skipped_key(cq_olm_ratchet *r, const uint8_t ratchet_key[32],
                             const cq_olm_chain_key *c, cq_olm_evictions *ev)
{
    cq_olm_skipped_key *k =
        list_push_front(r->skipped_keys, sizeof r->skipped_keys[0],
                        &r->num_skipped_keys, CQ_OLM_MAX_SKIPPED_KEYS,
                        &ev->message_keys);

    memcpy(k->ratchet_key, ratchet_key, 32);
    chain_message_key(k->message_key, c);
    k->index = c->index;
}

/* spec: olm.md §Creating an inbound session from a pre-key message */
/*
 * spec: olm.md §Receiving messages: "If the chain index is ahead of the
 * chain key, the chain key is advanced ... storing the message keys"
 * Advances receiver chain i to the message's counter, keeping the keys
 * passed over, and gives the message key.
 */
static cliquet_status advance_chain(cq_olm_ratchet *r, uint32_t i,
                                    const cq_olm_message *m, uint8_t mk[32],
                                    cq_olm_evictions *ev)
{
    cq_olm_receiver_chain *chain = &r->receiver_chains[i];

    if (m->counter - chain->chain_key.index > CQ_OLM_MAX_MESSAGE_GAP ||
        m->counter > CQ_OLM_MAX_COUNTER) {
        return CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE;
    }
    while (chain->chain_key.index < m->counter) {
        keep_skipped_key(r, chain->ratchet_key, &chain->chain_key, ev);
        chain_advance(&chain->chain_key);
    }
    chain_message_key(mk, &chain->chain_key);
    chain_advance(&chain->chain_key);
    return CLIQUET_OK;
}

/* spec: olm.md §Advancing the root key */
/*
 * spec: olm.md §Receiving messages: "If the message's ratchet key is new,
 * the root key is advanced ... the sender chain is discarded"
 */
static cliquet_status new_receiver_chain(cq_olm_ratchet *r,
                                         const cq_olm_message *m, uint8_t mk[32],
                                         cq_olm_evictions *ev)
{
    cq_olm_chain_key ck;
    cq_olm_receiver_chain *chain;
    cliquet_status st;

    /* The peer moves to a new ratchet key only after reading our reply: a
     * new key before we have sent one belongs to another session. */
    if (!r->has_sender_chain) {
        return CLIQUET_ERR_WRONG_SESSION;
    }
    if (m->counter > CQ_OLM_MAX_MESSAGE_GAP) {
        return CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE;
    }
    st = cq_olm_check_public_key(m->ratchet_key);
    if (st != CLIQUET_OK) {
        return st;
    }
    st = root_step(r->root_key, &ck, r->sender_chain.ratchet_private,
                   m->ratchet_key);
    if (st != CLIQUET_OK) {
        return st;
    }
    chain = list_push_front(r->receiver_chains, sizeof r->receiver_chains[0],
                            &r->num_receiver_chains, CQ_OLM_MAX_RECEIVER_CHAINS,
                            &ev->chains);
    memcpy(chain->ratchet_key, m->ratchet_key, 32);
    chain->chain_key = ck;
    cq_wipe(&ck, sizeof ck);
    cq_wipe(&r->sender_chain, sizeof r->sender_chain);
    r->has_sender_chain = 0;
    return advance_chain(r, 0, m, mk, ev);
}

/* spec: olm.md §Receiving messages */
/* Takes the skipped key for an earlier message out of the list. */
static cliquet_status take_skipped_key(cq_olm_ratchet *r,
                                       const cq_olm_message *m, uint8_t mk[32])
{
    uint32_t i;

    for (i = 0; i < r->num_skipped_keys; i++) {
        cq_olm_skipped_key *k = &r->skipped_keys[i];

        if (k->index == m->counter &&
            memcmp(k->ratchet_key, m->ratchet_key, 32) == 0) {
            memcpy(mk, k->message_key, 32);
            list_remove(r->skipped_keys, sizeof r->skipped_keys[0],
                        &r->num_skipped_keys, i);
            return CLIQUET_OK;
        }
    }
    /* Decrypted already, or its key was dropped to keep the bound. */
    return CLIQUET_ERR_DUPLICATE_MESSAGE;
}

/* spec: olm.md §Receiving messages */
/* olm.h */
cliquet_status cq_olm_ratchet_decrypt(cq_olm_ratchet *r, const uint8_t *in,
                                      size_t n, uint8_t *pt, size_t pt_cap,
                                      size_t *pt_len, cq_olm_evictions *ev)
{
    cq_olm_message m;
    cq_olm_ratchet work;
    cq_olm_evictions counted = { 0, 0 };
    uint8_t mk[32];
    int chain;
    cliquet_status st;

    /* A message of the other config is refused here, before any key is
     * touched (vodozemac: InvalidMACLength; docs/session-config.md). */
    st = cq_olm_message_decode_v(&m, in, n, (int)r->full_mac);
    if (st != CLIQUET_OK) {
        return st;
    }
    if (pt_cap < m.ciphertext_len) {
        *pt_len = m.ciphertext_len;
        return CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    work = *r;
    chain = find_chain(&work, m.ratchet_key);
    if (chain < 0) {
        st = new_receiver_chain(&work, &m, mk, &counted);
    } else if (work.receiver_chains[chain].chain_key.index > m.counter) {
        st = take_skipped_key(&work, &m, mk);
    } else {
        st = advance_chain(&work, (uint32_t)chain, &m, mk, &counted);
    }
    if (st == CLIQUET_OK) {
        st = open_message(pt, pt_len, mk, &m, in);
    }
    if (st == CLIQUET_OK) {
        *r = work;
        if (ev != NULL) {
            *ev = counted;
        }
    } else {
        cq_wipe(pt, pt_cap);
    }
    cq_wipe(mk, sizeof mk);
    cq_wipe(&work, sizeof work);
    return st;
}
