/*
 * bindings/js: cliquet's idiomatic JavaScript API, part 3 of 4: Megolm
 * group sessions (include/cliquet.h, "Megolm group sessions";
 * docs/megolm.md).
 * SPDX-License-Identifier: Apache-2.0
 */

/* cliquet_megolm_decrypt_info's layout in wasm32 (checked by src/layout.c). */
const MEGOLM_INFO_BYTES = 56;
const MEGOLM_INFO_INDEX = 0;
const MEGOLM_INFO_VERIFIED = 4;
const MEGOLM_INFO_IMPORTED = 8;
const MEGOLM_INFO_SESSION_ID = 12;

const REPLAY = ["off", "first-time", "same-message", "untracked"];
const ORDERING = ["equal", "better", "worse", "unconnected"];

/** Megolm: the room messages this device sends. */
export class OutboundGroupSession extends Handle {
    /**
     * A new session with fresh keys, at message index 0. options.config:
     * SessionConfig, "v1" by default (vodozemac: GroupSession::new(config)).
     */
    static create(options) {
        const config = configOf(options);
        return made(OutboundGroupSession, "cliquet_outbound_group_session_free",
                    (s, out) => call("cliquet_outbound_group_session_new_with_config", out,
                                     config));
    }
    static fromPickle(pickle, key) {
        return unpickleWith(OutboundGroupSession, "cliquet_outbound_group_session_free",
                            "cliquet_outbound_group_session_unpickle", key, pickle);
    }
    static fromLibolmPickle(pickle, key) {
        return unpickleWith(OutboundGroupSession, "cliquet_outbound_group_session_free",
                            "cliquet_outbound_group_session_unpickle_libolm", key, pickle);
    }
    pickle(key) {
        return pickleWith(this, "cliquet_outbound_group_session_pickle", key);
    }
    pickleLibolm(key) {
        return pickleWith(this, "cliquet_outbound_group_session_pickle_libolm", key);
    }
    /** The session id: the base64 Ed25519 public key. */
    get id() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_outbound_group_session_id", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** Its SessionConfig, "v1" or "v2". */
    get config() {
        return configGet(this, "cliquet_outbound_group_session_get_config");
    }
    /** The index the next message will carry. */
    get messageIndex() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_outbound_group_session_message_index", this[PTR], c);
            return u32(c);
        });
    }
    /** The signed session key to share (over Olm) with the room's devices. */
    get sessionKey() {
        return scoped((s) => {
            const out = s.alloc(307);
            call("cliquet_outbound_group_session_key", this[PTR], out);
            return readText(out, 306);
        });
    }
    /** Encrypts plaintext into a base64 group message; advances the ratchet. */
    encrypt(plaintext) {
        return scoped((s) => {
            const pt = s.bytes(plaintext);
            return sizedText(s, "cliquet_outbound_group_session_encrypt", (out, cap, len) =>
                need()._cliquet_outbound_group_session_encrypt(this[PTR], out, cap, len,
                                                               pt[0], pt[1]));
        });
    }
}

/** Megolm: one sender's room messages. */
export class InboundGroupSession extends Handle {
    /**
     * From a session key as the sender shared it (signed). A key does not
     * carry its config: options.config says it ("v1" by default; vodozemac:
     * InboundGroupSession::new(key, config)).
     */
    static create(sessionKey, options) {
        const config = configOf(options);
        return made(InboundGroupSession, "cliquet_inbound_group_session_free", (s, out) => {
            const k = s.text(sessionKey);
            call("cliquet_inbound_group_session_new_with_config", out, config, k[0], k[1]);
        });
    }
    /** From an export (unsigned: a forwarded key, a backup): imported; options as create's. */
    static import(exported, options) {
        const config = configOf(options);
        return made(InboundGroupSession, "cliquet_inbound_group_session_free", (s, out) => {
            const k = s.text(exported);
            call("cliquet_inbound_group_session_import_with_config", out, config, k[0], k[1]);
        });
    }
    static fromPickle(pickle, key) {
        return unpickleWith(InboundGroupSession, "cliquet_inbound_group_session_free",
                            "cliquet_inbound_group_session_unpickle", key, pickle);
    }
    static fromLibolmPickle(pickle, key) {
        return unpickleWith(InboundGroupSession, "cliquet_inbound_group_session_free",
                            "cliquet_inbound_group_session_unpickle_libolm", key, pickle);
    }
    pickle(key) {
        return pickleWith(this, "cliquet_inbound_group_session_pickle", key);
    }
    /**
     * libolm's format. A session imported and since verified, or with a
     * replay record, is CLIQUET_ERR_PICKLE_LOSSY unless { lossy: true }.
     */
    pickleLibolm(key, options = {}) {
        return pickleWith(this, options.lossy ? "cliquet_inbound_group_session_pickle_libolm_lossy"
                                              : "cliquet_inbound_group_session_pickle_libolm", key);
    }
    get id() {
        return scoped((s) => {
            const out = s.alloc(44);
            call("cliquet_inbound_group_session_id", this[PTR], out);
            return readText(out, 43);
        });
    }
    /** Its SessionConfig, "v1" or "v2". */
    get config() {
        return configGet(this, "cliquet_inbound_group_session_get_config");
    }
    /** The earliest message index this session decrypts. */
    get firstKnownIndex() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_inbound_group_session_first_known_index", this[PTR], c);
            return u32(c);
        });
    }
    get isVerified() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_inbound_group_session_is_verified", this[PTR], c);
            return i32(c) !== 0;
        });
    }
    /** Whether it came from an unsigned export. */
    get isImported() {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_inbound_group_session_is_imported", this[PTR], c);
            return i32(c) !== 0;
        });
    }
    /** The export from index on (default: the first known index). */
    export(index) {
        return scoped((s) => {
            const out = s.alloc(221);
            if (index === undefined) {
                call("cliquet_inbound_group_session_export_at_first_known_index", this[PTR], out);
            } else {
                call("cliquet_inbound_group_session_export", this[PTR], index >>> 0, out);
            }
            return readText(out, 220);
        });
    }
    /**
     * Decrypts a base64 group message: { plaintext, messageIndex, verified,
     * imported, sessionId, replay } (replay: "off" unless the record is on,
     * else "first-time", "same-message" or "untracked").
     */
    decrypt(message) {
        return scoped((s) => {
            const msg = s.text(message);
            const pt = s.alloc(msg[1]);
            const len = s.cell();
            const info = s.alloc(MEGOLM_INFO_BYTES);
            const replay = s.cell();
            call("cliquet_inbound_group_session_decrypt_checked", this[PTR], msg[0], msg[1],
                 pt, msg[1], len, info, replay);
            return {
                plaintext: readBytes(pt, u32(len)),
                messageIndex: u32(info + MEGOLM_INFO_INDEX),
                verified: i32(info + MEGOLM_INFO_VERIFIED) !== 0,
                imported: i32(info + MEGOLM_INFO_IMPORTED) !== 0,
                sessionId: readText(info + MEGOLM_INFO_SESSION_ID, 43),
                replay: REPLAY[u32(replay)],
            };
        });
    }
    /** How this session relates to other: "equal", "better", "worse", "unconnected". */
    compare(other) {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_inbound_group_session_compare", this[PTR], other[PTR], c);
            return ORDERING[u32(c)];
        });
    }
    /** A new session merging two connected ones (CLIQUET_ERR_UNCONNECTED_SESSIONS otherwise). */
    merge(other) {
        return made(InboundGroupSession, "cliquet_inbound_group_session_free", (s, out) =>
            call("cliquet_inbound_group_session_merge", out, this[PTR], other[PTR]));
    }
    /** Forgets every index before index; true if it did. */
    advanceTo(index) {
        return scoped((s) => {
            const c = s.cell();
            call("cliquet_inbound_group_session_advance_to", this[PTR], index >>> 0, c);
            return i32(c) !== 0;
        });
    }
    /** Turns the replay record on or off. */
    setReplayDetection(on) {
        call("cliquet_inbound_group_session_set_replay_detection", this[PTR], on ? 1 : 0);
    }
    /** { on, entries, evicted }: the replay record's state. */
    get replayDetection() {
        return scoped((s) => {
            const on = s.cell();
            const entries = s.cell();
            const evicted = s.cell();
            call("cliquet_inbound_group_session_replay_detection", this[PTR], on, entries, evicted);
            return { on: i32(on) !== 0, entries: u32(entries), evicted: u32(evicted) };
        });
    }
}
