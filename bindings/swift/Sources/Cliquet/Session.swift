// Olm sessions: 1:1 encrypted channels between two devices.
import CCliquet
import Foundation

/// The "type" of an m.olm.v1 message.
public enum OlmMessageType: Int, Hashable, Sendable {
    /// The first messages of a session, until the peer has replied.
    case preKey = 0
    /// Every message after that.
    case normal = 1
}

/// An Olm message as m.olm.v1 carries it: a type and base64 text.
/// Sendable: a value.
public struct OlmMessage: Hashable, Sendable {
    public let type: OlmMessageType
    public let ciphertext: String

    public init(type: OlmMessageType, ciphertext: String) {
        self.type = type
        self.ciphertext = ciphertext
    }
}

/// A decrypted Olm message and what authenticated it: the plaintext was
/// written by the holder of `senderKey`'s private key over the session
/// `sessionID`. Sendable: a value.
public struct OlmDecrypted: Sendable {
    public let plaintext: Data
    /// The sender's Curve25519 identity key (base64).
    public let senderKey: String
    public let sessionID: String
    /// Skipped message keys this decryption evicted to make room (at most
    /// 40 are kept); non-zero means later failures with
    /// `duplicateMessage` are the sender running too far ahead.
    public let evictedMessageKeys: Int
    /// Receiver chains this decryption evicted (at most 5 are kept).
    public let evictedChains: Int

    /// The plaintext as UTF-8 text, or nil if it is not valid UTF-8.
    public var text: String? { String(data: plaintext, encoding: .utf8) }

    init(plaintext: Data, info: cliquet_olm_decrypt_info) {
        self.plaintext = plaintext
        senderKey = string(fromCArray: info.sender_key)
        sessionID = string(fromCArray: info.session_id)
        evictedMessageKeys = Int(info.evicted_message_keys)
        evictedChains = Int(info.evicted_chains)
    }
}

/// An Olm session with one device of a peer (libolm's OlmSession). Made by
/// `Account.createOutboundSession` or `Account.createInboundSession`.
///
/// Not Sendable: the C object is used by one thread at a time.
public final class Session {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// Restores a session from `pickle(key:)`'s text (a 32-byte key).
    public convenience init(pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_session_unpickle($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Restores a session from libolm's pickle format. libolm does not keep
    /// the peer's identity key for sessions this device started: give the
    /// Curve25519 key the session was filed under.
    public convenience init(libolmPickle pickle: String, key: Data, theirIdentityKey: String) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try withText(theirIdentityKey) { ik, ikl in
                    try makeObject { cliquet_session_unpickle_libolm($0, k, kl, p, pl, ik, ikl) }
                }
            }
        }
        self.init(handle: handle)
    }

    /// Wipes and frees the C object.
    deinit { cliquet_session_free(handle) }

    /// The session id, the same on both sides.
    public var id: String {
        get throws { try fixedText(keySize) { cliquet_session_id(handle, $0) } }
    }

    /// The Curve25519 identity key of the device this session is with.
    public var theirIdentityKey: String {
        get throws { try fixedText(keySize) { cliquet_session_their_identity_key(handle, $0) } }
    }

    /// True once a message from the peer has decrypted.
    public var hasReceivedMessage: Bool {
        get throws { try flag { cliquet_session_has_received_message(handle, $0) } }
    }

    /// The type the next `encrypt` writes.
    public var nextMessageType: OlmMessageType {
        get throws {
            var type: Int32 = 0
            try check(cliquet_session_message_type(handle, &type))
            guard let kind = OlmMessageType(rawValue: Int(type)) else { throw CliquetError.badMessageType }
            return kind
        }
    }

    /// True if the pre-key message was made for this session (and, with
    /// `theirIdentityKey`, by that key): route retries of a first message
    /// here before `Account.createInboundSession`.
    public func matches(_ message: OlmMessage, theirIdentityKey: String? = nil) throws -> Bool {
        guard message.type == .preKey else { return false }
        return try withOptionalText(theirIdentityKey) { ik, ikl in
            try withText(message.ciphertext) { m, ml in
                try flag { cliquet_session_matches_inbound(handle, ik, ikl, m, ml, $0) }
            }
        }
    }

    /// Encrypts a message for the peer.
    public func encrypt(_ plaintext: Data) throws -> OlmMessage {
        var type: Int32 = 0
        let text = try withBytes(plaintext) { pt, ptl in
            try sizedText { cliquet_session_encrypt(handle, &type, $0, $1, $2, pt, ptl) }
        }
        guard let kind = OlmMessageType(rawValue: Int(type)) else { throw CliquetError.badMessageType }
        return OlmMessage(type: kind, ciphertext: text)
    }

    /// Encrypts a string's UTF-8 bytes.
    public func encrypt(_ plaintext: String) throws -> OlmMessage {
        try encrypt(Data(plaintext.utf8))
    }

    /// Decrypts a message from the peer. A failure changes nothing.
    public func decrypt(_ message: OlmMessage) throws -> OlmDecrypted {
        var info = cliquet_olm_decrypt_info()
        let plaintext = try withText(message.ciphertext) { m, ml in
            try bytesOut(capacity: ml) { out, cap, len in
                cliquet_session_decrypt(handle, Int32(message.type.rawValue), m, ml, out, cap, len, &info)
            }
        }
        return OlmDecrypted(plaintext: plaintext, info: info)
    }

    /// The session in cliquet's native pickle format (a 32-byte key).
    public func pickle(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_session_pickle(handle, $0, $1, $2, k, kl) }
        }
    }

    /// The session in libolm's pickle format, under a key of any length
    /// (`CliquetError.pickleLossy` for a `.v2` session).
    public func pickleLibolm(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_session_pickle_libolm(handle, $0, $1, $2, k, kl) }
        }
    }
}
