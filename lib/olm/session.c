/*
 * Olm sessions: the triple Diffie-Hellman that starts them, pre-key
 * messages until the peer has answered, and the ratchet after that.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "olm.h"

/* The 3DH secret is three X25519 results. */
#define CQ_OLM_3DH_BYTES (3 * CQ_X25519_BYTES)

/*
 * spec: olm.md §Initial setup: "S = ECDH(I_A, E_B) || ECDH(E_A, I_B) ||
 * ECDH(E_A, E_B)". Both sides compute the same three results; each names
 * its private keys and the peer's public keys for the three terms in order.
 */
static cliquet_status triple_dh(uint8_t secret[CQ_OLM_3DH_BYTES],
                                const uint8_t *priv1, const uint8_t *pub1,
                                const uint8_t *priv2, const uint8_t *pub2,
                                const uint8_t *priv3, const uint8_t *pub3)
{
    cliquet_status st = cq_x25519(secret, priv1, pub1);

    if (st == CLIQUET_OK) {
        st = cq_x25519(secret + 32, priv2, pub2);
    }
    if (st == CLIQUET_OK) {
        st = cq_x25519(secret + 64, priv3, pub3);
    }
    if (st != CLIQUET_OK) {
        cq_wipe(secret, CQ_OLM_3DH_BYTES);
    }
    return st;
}

/* spec: olm.md §Initial setup */
/* spec: olm.md §Creating an outbound session */
/* olm.h */
cliquet_status cq_olm_session_outbound(cq_olm_session *s,
                                       const cq_olm_account *a,
                                       const uint8_t their_identity_key[32],
                                       const uint8_t their_one_time_key[32],
                                       const uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES])
{
    return cq_olm_session_outbound_v(s, a, their_identity_key,
                                     their_one_time_key, random, 0);
}

/* olm.h */
cliquet_status cq_olm_session_outbound_v(cq_olm_session *s,
                                         const cq_olm_account *a,
                                         const uint8_t their_identity_key[32],
                                         const uint8_t their_one_time_key[32],
                                         const uint8_t random[CQ_OLM_OUTBOUND_RANDOM_BYTES],
                                         int full_mac)
{
    uint8_t base_private[32];
    uint8_t base_public[32];
    uint8_t secret[CQ_OLM_3DH_BYTES];
    cliquet_status st;

    memset(s, 0, sizeof *s);
    st = cq_olm_check_public_key(their_identity_key);
    if (st == CLIQUET_OK) {
        st = cq_olm_check_public_key(their_one_time_key);
    }
    if (st != CLIQUET_OK) {
        return st;
    }
    /* libolm's order: the base key E_A from the first 32 bytes, the first
     * ratchet key from the next 32. */
    cq_x25519_keypair(base_public, base_private, random);
    st = triple_dh(secret, a->curve25519_private, their_one_time_key,
                   base_private, their_identity_key,
                   base_private, their_one_time_key);
    if (st == CLIQUET_OK) {
        memcpy(s->alice_identity_key, a->curve25519_public, 32);
        memcpy(s->alice_base_key, base_public, 32);
        memcpy(s->bob_one_time_key, their_one_time_key, 32);
        memcpy(s->their_identity_key, their_identity_key, 32);
        cq_olm_ratchet_init_alice(&s->ratchet, secret, sizeof secret,
                                  random + 32);
        /* The 3DH and the ratchet are the same in both configs: only the
         * messages differ (vodozemac: Session::encrypt). */
        s->ratchet.full_mac = full_mac ? 1 : 0;
    }
    cq_wipe(base_private, sizeof base_private);
    cq_wipe(secret, sizeof secret);
    return st;
}

/*
 * A one-time or fallback key read from a libolm pickle, before the first
 * use of its private key: the stored public key must be the one the
 * private key gives (olm.h, cq_olm_account_unpickle). CLIQUET_ERR_BAD_KEY
 * if not: the account's copy of the key is corrupt, and the pre-key message
 * cannot be read with it.
 */
static cliquet_status check_our_key(const cq_olm_one_time_key *k)
{
    uint8_t derived[32];
    int ok;

    if (!k->unchecked) {
        return CLIQUET_OK;
    }
    cq_x25519_public(derived, k->private_key);
    /* derived comes from the private key: compared in constant time, so
     * that only the verdict depends on it (test/ct). */
    ok = cq_ct_memcmp(derived, k->public_key, 32) == 0;
    cq_wipe(derived, sizeof derived);
    return ok ? CLIQUET_OK : CLIQUET_ERR_BAD_KEY;
}

/* spec: olm.md §Initial setup */
/* spec: olm.md §Creating an inbound session from a pre-key message */
/* Bob's side of the 3DH and his first receiver chain. */
static cliquet_status start_inbound(cq_olm_session *s,
                                    const cq_olm_account *a,
                                    const cq_olm_one_time_key *our_key,
                                    const cq_olm_pre_key_message *p,
                                    const uint8_t their_ratchet_key[32],
                                    int full_mac)
{
    uint8_t secret[CQ_OLM_3DH_BYTES];
    cliquet_status st;

    st = triple_dh(secret, our_key->private_key, p->identity_key,
                   a->curve25519_private, p->base_key,
                   our_key->private_key, p->base_key);
    if (st != CLIQUET_OK) {
        return st;
    }
    memcpy(s->alice_identity_key, p->identity_key, 32);
    memcpy(s->alice_base_key, p->base_key, 32);
    memcpy(s->bob_one_time_key, p->one_time_key, 32);
    memcpy(s->their_identity_key, p->identity_key, 32);
    cq_olm_ratchet_init_bob(&s->ratchet, secret, sizeof secret,
                            their_ratchet_key);
    s->ratchet.full_mac = full_mac ? 1 : 0;
    cq_wipe(secret, sizeof secret);
    return CLIQUET_OK;
}

/* olm.h */
cliquet_status cq_olm_session_inbound(cq_olm_session *s, cq_olm_account *a,
                                      const uint8_t *their_identity_key,
                                      const uint8_t *msg, size_t n,
                                      uint8_t *pt, size_t pt_cap,
                                      size_t *pt_len, cq_olm_evictions *ev)
{
    return cq_olm_session_inbound_v(s, a, their_identity_key, msg, n, pt,
                                    pt_cap, pt_len, ev, 0);
}

/* olm.h */
cliquet_status cq_olm_session_inbound_v(cq_olm_session *s, cq_olm_account *a,
                                        const uint8_t *their_identity_key,
                                        const uint8_t *msg, size_t n,
                                        uint8_t *pt, size_t pt_cap,
                                        size_t *pt_len, cq_olm_evictions *ev,
                                        int full_mac)
{
    cq_olm_pre_key_message p;
    cq_olm_message inner;
    const cq_olm_one_time_key *our_key;
    cliquet_status st;

    memset(s, 0, sizeof *s);
    st = cq_olm_pre_key_message_decode(&p, msg, n);
    if (st == CLIQUET_OK) {
        /* The caller's config, not the message's, decides: vodozemac's
         * create_inbound_session refuses an embedded message of another
         * version (MismatchedSessionConfig) before it looks for our key. */
        st = cq_olm_message_decode_v(&inner, p.message, p.message_len,
                                     full_mac);
    }
    if (st != CLIQUET_OK) {
        return st;
    }
    if (their_identity_key != NULL &&
        memcmp(their_identity_key, p.identity_key, 32) != 0) {
        return CLIQUET_ERR_WRONG_SESSION;
    }
    /* spec: olm.md §Creating an inbound session from a pre-key message: "Bob
     * looks up the private part of his single-use key, E_B." */
    our_key = cq_olm_account_find_key(a, p.one_time_key);
    if (our_key == NULL) {
        return CLIQUET_ERR_BAD_MESSAGE_KEY_ID;
    }
    /* The peer's keys; the ratchet key is checked now rather than at our
     * first reply, which would need it. */
    st = cq_olm_check_public_key(p.identity_key);
    if (st == CLIQUET_OK) {
        st = cq_olm_check_public_key(p.base_key);
    }
    if (st == CLIQUET_OK) {
        st = cq_olm_check_public_key(inner.ratchet_key);
    }
    if (st == CLIQUET_OK) {
        st = check_our_key(our_key);
    }
    if (st == CLIQUET_OK) {
        st = start_inbound(s, a, our_key, &p, inner.ratchet_key, full_mac);
    }
    if (st == CLIQUET_OK) {
        st = cq_olm_ratchet_decrypt(&s->ratchet, p.message, p.message_len, pt,
                                    pt_cap, pt_len, ev);
    }
    if (st != CLIQUET_OK) {
        cq_wipe(s, sizeof *s);
        return st;
    }
    s->received_message = 1;
    /* Only now, with the message authenticated, is the key used up (a
     * fallback key stays, its pair now checked). */
    cq_olm_account_mark_fallback_checked(a, our_key);
    cq_olm_account_remove_one_time_key(a, p.one_time_key);
    return CLIQUET_OK;
}

/* 1 if the pre-key message p was made for session s. */
static int pre_key_matches(const cq_olm_session *s,
                           const cq_olm_pre_key_message *p)
{
    return memcmp(p->identity_key, s->alice_identity_key, 32) == 0 &&
           memcmp(p->base_key, s->alice_base_key, 32) == 0 &&
           memcmp(p->one_time_key, s->bob_one_time_key, 32) == 0;
}

/* olm.h */
cliquet_status cq_olm_session_matches(const cq_olm_session *s,
                                      const uint8_t *their_identity_key,
                                      const uint8_t *msg, size_t n,
                                      int *matches)
{
    cq_olm_pre_key_message p;
    cliquet_status st = cq_olm_pre_key_message_decode(&p, msg, n);

    if (st != CLIQUET_OK) {
        return st;
    }
    *matches = pre_key_matches(s, &p) &&
               (their_identity_key == NULL ||
                memcmp(their_identity_key, s->alice_identity_key, 32) == 0);
    return CLIQUET_OK;
}

/* olm.h */
void cq_olm_session_id(const cq_olm_session *s, uint8_t id[32])
{
    uint8_t keys[96];

    memcpy(keys, s->alice_identity_key, 32);
    memcpy(keys + 32, s->alice_base_key, 32);
    memcpy(keys + 64, s->bob_one_time_key, 32);
    cq_sha256(id, keys, sizeof keys);
}

/* spec: olm.md §Sending normal messages */
/* olm.h */
int cq_olm_session_message_type(const cq_olm_session *s)
{
    /* spec: olm.md §Sending the first pre-key messages: "Alice will continue
     * to send pre-key messages until she receives a message from Bob." */
    return s->received_message ? CQ_OLM_MESSAGE_NORMAL : CQ_OLM_MESSAGE_PRE_KEY;
}

/* olm.h */
size_t cq_olm_session_encrypt_size(const cq_olm_session *s, size_t n)
{
    size_t inner = cq_olm_ratchet_encrypt_size(&s->ratchet, n);

    return s->received_message ? inner : cq_olm_pre_key_message_size(inner);
}

/* spec: olm.md §Sending the first pre-key messages */
/* olm.h */
cliquet_status cq_olm_session_encrypt(cq_olm_session *s, int *type,
                                      uint8_t *out, size_t cap, size_t *len,
                                      const uint8_t *pt, size_t n,
                                      const uint8_t *random)
{
    cq_writer w;
    size_t need;
    cliquet_status st;

    if (n > CQ_OLM_MAX_PLAINTEXT_BYTES) {
        return CLIQUET_ERR_INPUT_TOO_LARGE;
    }
    need = cq_olm_session_encrypt_size(s, n);
    if (cap < need) {
        *len = need;
        return CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    cq_writer_init(&w, out, cap);
    if (!s->received_message) {
        cq_olm_pre_key_message_encode_head(
            &w, s->bob_one_time_key, s->alice_base_key, s->alice_identity_key,
            cq_olm_ratchet_encrypt_size(&s->ratchet, n));
    }
    st = cq_olm_ratchet_encrypt(&s->ratchet, &w, pt, n, random);
    if (st != CLIQUET_OK) {
        cq_wipe(out, cap);
        return st;
    }
    *len = w.len;
    *type = cq_olm_session_message_type(s);
    return CLIQUET_OK;
}

/* spec: olm.md §Sending the first pre-key messages */
/* spec: olm.md §The Olm Message Format */
/* olm.h */
cliquet_status cq_olm_session_decrypt(cq_olm_session *s, int type,
                                      const uint8_t *msg, size_t n,
                                      uint8_t *pt, size_t pt_cap,
                                      size_t *pt_len, cq_olm_evictions *ev)
{
    cq_olm_pre_key_message p;
    cliquet_status st;

    if (type == CQ_OLM_MESSAGE_PRE_KEY) {
        st = cq_olm_pre_key_message_decode(&p, msg, n);
        if (st != CLIQUET_OK) {
            return st;
        }
        /* libolm decrypts the inner message without looking at the keys
         * around it; cliquet first checks they are this session's. */
        if (!pre_key_matches(s, &p)) {
            return CLIQUET_ERR_WRONG_SESSION;
        }
        msg = p.message;
        n = p.message_len;
    } else if (type != CQ_OLM_MESSAGE_NORMAL) {
        return CLIQUET_ERR_BAD_MESSAGE_TYPE;
    }
    st = cq_olm_ratchet_decrypt(&s->ratchet, msg, n, pt, pt_cap, pt_len, ev);
    if (st == CLIQUET_OK) {
        s->received_message = 1;
    }
    return st;
}
