// Megolm: room messages, one outbound session per sender, inbound sessions
// for every sender.
import CCliquet
import Foundation

/// A decrypted group message and what authenticated it. Sendable: a value.
public struct MegolmDecrypted: Sendable {
    public let plaintext: Data
    /// The session (the sender's Ed25519 session key) that signed it.
    public let sessionID: String
    /// Its index in the session. With the session's replay record off,
    /// replays are the caller's to detect, by (sessionID, messageIndex).
    public let messageIndex: UInt32
    /// libolm's flag: true if the session came from a signed session key,
    /// or once a message has decrypted after an import.
    public let verified: Bool
    /// True if the session came from an unsigned export (a forwarded key,
    /// a backup): the message is only as authentic as whoever gave it.
    public let imported: Bool
    /// What the session's replay record says of the message (`.off`
    /// unless `InboundGroupSession.setReplayDetection(true)`).
    public let replay: ReplayVerdict

    /// The plaintext as UTF-8 text, or nil if it is not valid UTF-8.
    public var text: String? { String(data: plaintext, encoding: .utf8) }
}

/// The Megolm session this device sends a room's messages with (libolm's
/// OlmOutboundGroupSession). Not Sendable: one thread at a time.
public final class OutboundGroupSession {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// A new session with fresh keys, at message index 0. `config`: see
    /// `SessionConfig` (`.v1`, what every client speaks, by default).
    public convenience init(config: SessionConfig = .v1) throws {
        self.init(handle: try makeObject { cliquet_outbound_group_session_new_with_config($0, config.c) })
    }

    /// Restores a session from `pickle(key:)`'s text (a 32-byte key).
    public convenience init(pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_outbound_group_session_unpickle($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Restores a session from libolm's pickle format.
    public convenience init(libolmPickle pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_outbound_group_session_unpickle_libolm($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Wipes and frees the C object.
    deinit { cliquet_outbound_group_session_free(handle) }

    /// The session id: the base64 Ed25519 public key.
    public var id: String {
        get throws { try fixedText(keySize) { cliquet_outbound_group_session_id(handle, $0) } }
    }

    /// The index the next message will carry.
    public var messageIndex: UInt32 {
        get throws {
            var index: UInt32 = 0
            try check(cliquet_outbound_group_session_message_index(handle, &index))
            return index
        }
    }

    /// The signed session key to share over Olm (m.room_key): it decrypts
    /// every message from the current index on. A secret.
    public var sessionKey: String {
        get throws {
            try fixedText(Int(CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE)) {
                cliquet_outbound_group_session_key(handle, $0)
            }
        }
    }

    /// Encrypts a room message and advances the ratchet.
    public func encrypt(_ plaintext: Data) throws -> String {
        try withBytes(plaintext) { pt, ptl in
            try sizedText { cliquet_outbound_group_session_encrypt(handle, $0, $1, $2, pt, ptl) }
        }
    }

    /// Encrypts a string's UTF-8 bytes.
    public func encrypt(_ plaintext: String) throws -> String {
        try encrypt(Data(plaintext.utf8))
    }

    /// The session in cliquet's native pickle format (a 32-byte key).
    public func pickle(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_outbound_group_session_pickle(handle, $0, $1, $2, k, kl) }
        }
    }

    /// The session in libolm's pickle format, under a key of any length
    /// (`CliquetError.pickleLossy` for a `.v2` session).
    public func pickleLibolm(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_outbound_group_session_pickle_libolm(handle, $0, $1, $2, k, kl) }
        }
    }
}

/// One sender's room messages (libolm's OlmInboundGroupSession).
/// Not Sendable: one thread at a time.
public final class InboundGroupSession {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// A session from a session key shared by its sender (signed). The key
    /// does not say its config: `config` must be the sender's.
    public convenience init(sessionKey: String, config: SessionConfig = .v1) throws {
        let handle = try withText(sessionKey) { s, sl in
            try makeObject { cliquet_inbound_group_session_new_with_config($0, config.c, s, sl) }
        }
        self.init(handle: handle)
    }

    /// A session from an export (unsigned: a forwarded key or a backup).
    /// It is `imported`, and unverified until a message decrypts.
    public convenience init(importing export: String, config: SessionConfig = .v1) throws {
        let handle = try withText(export) { s, sl in
            try makeObject { cliquet_inbound_group_session_import_with_config($0, config.c, s, sl) }
        }
        self.init(handle: handle)
    }

    /// Restores a session from `pickle(key:)`'s text (a 32-byte key).
    public convenience init(pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_inbound_group_session_unpickle($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Restores a session from libolm's pickle format (versions 1 and 2).
    public convenience init(libolmPickle pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_inbound_group_session_unpickle_libolm($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Wipes and frees the C object.
    deinit { cliquet_inbound_group_session_free(handle) }

    /// The session id: the sender's base64 Ed25519 session key.
    public var id: String {
        get throws { try fixedText(keySize) { cliquet_inbound_group_session_id(handle, $0) } }
    }

    /// The earliest message index this session decrypts.
    public var firstKnownIndex: UInt32 {
        get throws {
            var index: UInt32 = 0
            try check(cliquet_inbound_group_session_first_known_index(handle, &index))
            return index
        }
    }

    /// See `MegolmDecrypted.verified`.
    public var isVerified: Bool {
        get throws { try flag { cliquet_inbound_group_session_is_verified(handle, $0) } }
    }

    /// See `MegolmDecrypted.imported`.
    public var isImported: Bool {
        get throws { try flag { cliquet_inbound_group_session_is_imported(handle, $0) } }
    }

    /// Exports the session from `index` on (a secret); changes nothing.
    public func export(at index: UInt32) throws -> String {
        try fixedText(Int(CLIQUET_MEGOLM_EXPORT_BASE64_SIZE)) {
            cliquet_inbound_group_session_export(handle, index, $0)
        }
    }

    /// Exports the session from its first known index on (a secret): all
    /// of it. Changes nothing.
    public func export() throws -> String {
        try fixedText(Int(CLIQUET_MEGOLM_EXPORT_BASE64_SIZE)) {
            cliquet_inbound_group_session_export_at_first_known_index(handle, $0)
        }
    }

    /// Decrypts a room message. With the replay record off (the default) a
    /// message may decrypt again: detect replays by (sessionID,
    /// messageIndex). With it on, `replay` says whether the message was
    /// seen, and another message at a recorded index is
    /// `CliquetError.messageIndexReused` (its plaintext withheld). A
    /// failure changes nothing.
    public func decrypt(_ message: String) throws -> MegolmDecrypted {
        var info = cliquet_megolm_decrypt_info()
        var replay = CLIQUET_REPLAY_OFF
        let plaintext = try withText(message) { m, ml in
            try bytesOut(capacity: ml) { out, cap, len in
                cliquet_inbound_group_session_decrypt_checked(handle, m, ml, out, cap, len, &info, &replay)
            }
        }
        return MegolmDecrypted(plaintext: plaintext,
                               sessionID: string(fromCArray: info.session_id),
                               messageIndex: info.message_index,
                               verified: info.verified != 0,
                               imported: info.imported != 0,
                               replay: try ReplayVerdict(replay))
    }

    /// The session in cliquet's native pickle format (a 32-byte key).
    public func pickle(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_inbound_group_session_pickle(handle, $0, $1, $2, k, kl) }
        }
    }

    /// The session in libolm's pickle format. An imported session that has
    /// since decrypted cannot say so in it, nor can a session keep its
    /// replay record there: `CliquetError.pickleLossy` unless `lossy` is
    /// true, which drops the imported flag and the record. A `.v2` session
    /// is `pickleLossy` either way (libolm's format has no config).
    public func pickleLibolm(key: Data, lossy: Bool = false) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText {
                lossy
                    ? cliquet_inbound_group_session_pickle_libolm_lossy(handle, $0, $1, $2, k, kl)
                    : cliquet_inbound_group_session_pickle_libolm(handle, $0, $1, $2, k, kl)
            }
        }
    }
}
