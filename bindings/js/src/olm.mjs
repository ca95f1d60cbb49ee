/*
 * bindings/js: cliquet's idiomatic JavaScript API, part 2 of 4: Olm
 * accounts and sessions (include/cliquet.h, "Olm accounts", "Olm
 * sessions"; docs/olm.md).
 * SPDX-License-Identifier: Apache-2.0
 */

/* cliquet_olm_decrypt_info's layout in wasm32 (checked by src/layout.c). */
const OLM_INFO_BYTES = 96;
const OLM_INFO_SENDER_KEY = 0;
const OLM_INFO_SESSION_ID = 44;
const OLM_INFO_EVICTED_KEYS = 88;
const OLM_INFO_EVICTED_CHAINS = 92;

/* A decrypted Olm message with what authenticated it. */
function olmDecrypted(out, len, info) {
    return {
        plaintext: readBytes(out, u32(len)),
        senderKey: readText(info + OLM_INFO_SENDER_KEY, 43),
        sessionId: readText(info + OLM_INFO_SESSION_ID, 43),
        evictedMessageKeys: u32(info + OLM_INFO_EVICTED_KEYS),
        evictedChains: u32(info + OLM_INFO_EVICTED_CHAINS),
    };
}

/* CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE: 16 characters and a NUL. */
const DEHYDRATED_NONCE_BASE64_SIZE = 17;

/* A dehydration key is bytes; its length (32) is the C call's to check,
 * which says CLIQUET_ERR_BAD_KEY_LENGTH. */
function dehydrationKey(key) {
    if (!(key instanceof Uint8Array)) {
        throw new TypeError("a dehydration key is a Uint8Array of 32 bytes");
    }
    return key;
}

/** A device: identity keys, one-time keys, fallback keys. */
export class Account extends Handle {
    /** A new account with fresh identity keys. */
    static create() {
        return made(Account, "cliquet_account_free", (s, out) => call("cliquet_account_new", out));
    }
    /** An account from a native pickle (key: 32 bytes). */
    static fromPickle(pickle, key) {
        return unpickleWith(Account, "cliquet_account_free", "cliquet_account_unpickle", key, pickle);
    }
    /** An account from libolm's pickle format (key: any length). */
    static fromLibolmPickle(pickle, key) {
        return unpickleWith(Account, "cliquet_account_free", "cliquet_account_unpickle_libolm",
                            key, pickle);
    }
    /**
     * Rehydrates a dehydrated device (MSC3814; since 1.2; vodozemac's
     * Account::from_dehydrated_device): a new account with its identity
     * keys, one-time keys and fallback key, all marked published. device:
     * { ciphertext, nonce }, the device_data's device_pickle and nonce;
     * key: the 32 bytes that sealed it (CLIQUET_ERR_BAD_KEY_LENGTH
     * otherwise). A wrong key or nonce, or changed bytes:
     * CLIQUET_ERR_PICKLE_BAD_KEY; a nonce not of 12 bytes:
     * CLIQUET_ERR_BAD_NONCE_LENGTH.
     */
    static fromDehydratedDevice(device, key) {
        if (typeof device !== "object" || device === null) {
            throw new TypeError("a dehydrated device is { ciphertext, nonce }");
        }
        return made(Account, "cliquet_account_free", (s, out) => {
            const c = s.text(device.ciphertext);
            const n = s.text(device.nonce);
            const k = s.bytes(dehydrationKey(key));
            call("cliquet_account_from_dehydrated_device", out, c[0], c[1], n[0], n[1],
                 k[0], k[1]);
        });
    }
    pickle(key) {
        return pickleWith(this, "cliquet_account_pickle", key);
    }
    pickleLibolm(key) {
        return pickleWith(this, "cliquet_account_pickle_libolm", key);
    }
    /**
     * The account as a dehydrated device (since 1.2; vodozemac's
     * to_dehydrated_device): { ciphertext, nonce } (base64, a new random
     * nonce each call) sealed under a 32-byte key. The account is not
     * changed. An account from a libolm pickle has no Ed25519 seed, which
     * the format carries: CLIQUET_ERR_ACCOUNT_NO_SEED.
     */
    dehydrate(key) {
        return scoped((s) => {
            const k = s.bytes(dehydrationKey(key));
            const nonce = s.alloc(DEHYDRATED_NONCE_BASE64_SIZE);
            /* sizedText's size query draws no nonce (C draws one only for
             * a buffer that fits): the nonce returned is the one sealed with. */
            const ciphertext = sizedText(s, "cliquet_account_to_dehydrated_device",
                (out, cap, len) => need()._cliquet_account_to_dehydrated_device(
                    this[PTR], out, cap, len, nonce, k[0], k[1]));
            return { ciphertext, nonce: readText(nonce, DEHYDRATED_NONCE_BASE64_SIZE - 1) };
        });
    }
    /** { curve25519, ed25519 }: the identity keys, base64. */
    get identityKeys() {
        return scoped((s) => {
            const c = s.alloc(44);
            const e = s.alloc(44);
            call("cliquet_account_identity_keys", this[PTR], c, e);
            return { curve25519: readText(c, 43), ed25519: readText(e, 43) };
        });
    }
    /** The Ed25519 signature (base64) of message with the identity key. */
    sign(message) {
        return scoped((s) => {
            const m = s.bytes(message);
            const out = s.alloc(87);
            call("cliquet_account_sign", this[PTR], out, m[0], m[1]);
            return readText(out, 86);
        });
    }
    /** Makes count one-time keys; returns how many old ones it evicted. */
    generateOneTimeKeys(count) {
        return scoped((s) => {
            const ev = s.cell();
            call("cliquet_account_generate_one_time_keys", this[PTR], count >>> 0, ev);
            return u32(ev);
        });
    }
    /** How many one-time keys a server should hold at most. */
    get maxOneTimeKeys() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_account_max_one_time_keys", this[PTR], c);
            return u32(c);
        });
    }
    /** The unpublished one-time keys, oldest first: [{ keyId, key }]. */
    oneTimeKeys() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_account_one_time_key_count", this[PTR], c);
            const n = u32(c);
            const id = s.alloc(7);
            const key = s.alloc(44);
            const keys = [];
            for (let i = 0; i < n; i++) {
                call("cliquet_account_one_time_key", this[PTR], i, id, key);
                keys.push({ keyId: readText(id, 6), key: readText(key, 43) });
            }
            return keys;
        });
    }
    markKeysAsPublished() {
        call("cliquet_account_mark_keys_as_published", this[PTR]);
    }
    generateFallbackKey() {
        call("cliquet_account_generate_fallback_key", this[PTR]);
    }
    /** The unpublished fallback key { keyId, key }, or null. */
    fallbackKey() {
        return scoped((s) => {
            const has = s.cell();
            const id = s.alloc(7);
            const key = s.alloc(44);
            call("cliquet_account_fallback_key", this[PTR], has, id, key);
            return i32(has) ? { keyId: readText(id, 6), key: readText(key, 43) } : null;
        });
    }
    forgetOldFallbackKey() {
        call("cliquet_account_forget_old_fallback_key", this[PTR]);
    }
}

/** The message types of m.olm.v1's "type" field. */
export const OlmMessageType = Object.freeze({ PRE_KEY: 0, NORMAL: 1 });

/** An Olm 1:1 session with one device. */
export class Session extends Handle {
    /**
     * We start: a session to their identity key and one-time (or fallback)
     * key. options.config: SessionConfig ("v1" by default; vodozemac:
     * Account::create_outbound_session(config, ...)).
     */
    static createOutbound(account, theirIdentityKey, theirOneTimeKey, options) {
        const config = configOf(options);
        return made(Session, "cliquet_session_free", (s, out) => {
            const ik = s.text(theirIdentityKey);
            const otk = s.text(theirOneTimeKey);
            call("cliquet_session_new_outbound_with_config", out, account[PTR], config,
                 ik[0], ik[1], otk[0], otk[1]);
        });
    }
    /**
     * They started: a session from their pre-key message, which it
     * decrypts, removing the one-time key from the account (one step).
     * theirIdentityKey (optional) refuses a message from another key.
     * options.config: the SessionConfig expected ("v1" by default); a
     * message of the other config is CLIQUET_ERR_BAD_MESSAGE_VERSION and
     * the account keeps its key (vodozemac: MismatchedSessionConfig).
     * Returns { session, plaintext, senderKey, sessionId, evicted... }.
     */
    static createInbound(account, preKeyMessage, theirIdentityKey, options) {
        const config = configOf(options);
        return scoped((s) => {
            const out = s.cell();
            const ik = theirIdentityKey === undefined || theirIdentityKey === null
                ? [0, 0] : s.text(theirIdentityKey);
            const msg = s.text(preKeyMessage);
            const pt = s.alloc(msg[1]);
            const len = s.cell();
            const info = s.alloc(OLM_INFO_BYTES);
            call("cliquet_session_new_inbound_with_config", out, account[PTR], config,
                 ik[0], ik[1], msg[0], msg[1], pt, msg[1], len, info);
            const session = new Session(TOKEN, u32(out), "cliquet_session_free");
            return Object.assign({ session }, olmDecrypted(pt, len, info));
        });
    }
    static fromPickle(pickle, key) {
        return unpickleWith(Session, "cliquet_session_free", "cliquet_session_unpickle", key, pickle);
    }
    /** libolm's format needs the peer's identity key (the session's sender key). */
    static fromLibolmPickle(pickle, key, theirIdentityKey) {
        return unpickleWith(Session, "cliquet_session_free", "cliquet_session_unpickle_libolm",
                            key, pickle, theirIdentityKey);
    }
    pickle(key) {
        return pickleWith(this, "cliquet_session_pickle", key);
    }
    pickleLibolm(key) {
        return pickleWith(this, "cliquet_session_pickle_libolm", key);
    }
    /** The session id (base64), the same on both sides. */
    get id() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_session_id", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** The Curve25519 identity key of the peer. */
    get theirIdentityKey() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_session_their_identity_key", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** Its SessionConfig, "v1" or "v2" (vodozemac: session_config()). */
    get config() {
        return configGet(this, "cliquet_session_get_config");
    }
    get hasReceivedMessage() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_session_has_received_message", this[PTR], c);
            return i32(c) !== 0;
        });
    }
    /** The type the next encrypt() writes (OlmMessageType). */
    get messageType() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_session_message_type", this[PTR], c);
            return i32(c);
        });
    }
    /** Whether a pre-key message belongs to this session (and key, if given). */
    matchesInbound(preKeyMessage, theirIdentityKey) {
        return scoped((s) => {
            const ik = theirIdentityKey === undefined || theirIdentityKey === null
                ? [0, 0] : s.text(theirIdentityKey);
            const msg = s.text(preKeyMessage);
            const c = s.cell();
            call("cliquet_session_matches_inbound", this[PTR], ik[0], ik[1], msg[0], msg[1], c);
            return i32(c) !== 0;
        });
    }
    /** Encrypts plaintext: { type, body } as m.olm.v1 carries them. */
    encrypt(plaintext) {
        return scoped((s) => {
            const pt = s.bytes(plaintext);
            const type = s.cell();
            const body = sizedText(s, "cliquet_session_encrypt", (out, cap, len) =>
                need()._cliquet_session_encrypt(this[PTR], type, out, cap, len, pt[0], pt[1]));
            return { type: i32(type), body };
        });
    }
    /**
     * Decrypts { type, body } (or type, body): { plaintext, senderKey,
     * sessionId, evictedMessageKeys, evictedChains }.
     */
    decrypt(type, body) {
        if (typeof type === "object" && type !== null) {
            body = type.body;
            type = type.type;
        }
        return scoped((s) => {
            const msg = s.text(body);
            const pt = s.alloc(msg[1]);
            const len = s.cell();
            const info = s.alloc(OLM_INFO_BYTES);
            call("cliquet_session_decrypt", this[PTR], type | 0, msg[0], msg[1], pt, msg[1],
                 len, info);
            return olmDecrypted(pt, len, info);
        });
    }
}
