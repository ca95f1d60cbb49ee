// Olm accounts: a device's identity keys, one-time keys and fallback keys.
import CCliquet
import Foundation

/// A device's two identity keys, as Matrix's device keys carry them.
/// Sendable: a value of two immutable strings.
public struct IdentityKeys: Hashable, Sendable {
    /// "curve25519:<device>": the key Olm sessions are made with.
    public let curve25519: String
    /// "ed25519:<device>": the key that signs the device's keys.
    public let ed25519: String
}

/// A one-time or fallback key and its id: publish it as
/// "signed_curve25519:<keyID>". Sendable: a value.
public struct OneTimeKey: Hashable, Sendable {
    public let keyID: String
    public let key: String
}

/// A device's Olm identity (libolm's OlmAccount).
///
/// Not Sendable: the C object is used by one thread at a time. Different
/// accounts may be used on different threads at once.
public final class Account {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// A new account with fresh identity keys and no one-time keys.
    public convenience init() throws {
        self.init(handle: try makeObject { cliquet_account_new($0) })
    }

    /// Restores an account from `pickle(key:)`'s text (a 32-byte key).
    public convenience init(pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_account_unpickle($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Restores an account from libolm's pickle format (versions 2 to 4)
    /// under a key of any length.
    public convenience init(libolmPickle pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_account_unpickle_libolm($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Wipes and frees the C object.
    deinit { cliquet_account_free(handle) }

    /// The identity keys to publish.
    public var identityKeys: IdentityKeys {
        get throws {
            let (curve, ed) = try fixedTexts(keySize, keySize) {
                cliquet_account_identity_keys(handle, $0, $1)
            }
            return IdentityKeys(curve25519: curve, ed25519: ed)
        }
    }

    /// The Ed25519 signature of `message` by the identity key (base64).
    public func sign(_ message: Data) throws -> String {
        try withBytes(message) { m, ml in
            try fixedText(signatureSize) { cliquet_account_sign(handle, $0, m, ml) }
        }
    }

    /// The signature of a string's UTF-8 bytes (e.g. canonical JSON).
    public func sign(_ message: String) throws -> String {
        try sign(Data(message.utf8))
    }

    /// Makes `count` new one-time keys and returns how many old ones that
    /// evicted (the account keeps 100; keep the server's stock at
    /// `maxOneTimeKeys` or below and none ever is).
    @discardableResult
    public func generateOneTimeKeys(count: Int) throws -> Int {
        var evicted = 0
        try check(cliquet_account_generate_one_time_keys(handle, count, &evicted))
        return evicted
    }

    /// How many one-time keys a server should hold at most.
    public var maxOneTimeKeys: Int {
        get throws {
            var count = 0
            try check(cliquet_account_max_one_time_keys(handle, &count))
            return count
        }
    }

    /// The unpublished one-time keys, oldest (lowest key id) first.
    public var oneTimeKeys: [OneTimeKey] {
        get throws {
            var count = 0
            try check(cliquet_account_one_time_key_count(handle, &count))
            var keys: [OneTimeKey] = []
            keys.reserveCapacity(count)
            for i in 0..<count {
                let (id, key) = try fixedTexts(keyIDSize, keySize) {
                    cliquet_account_one_time_key(handle, i, $0, $1)
                }
                keys.append(OneTimeKey(keyID: id, key: key))
            }
            return keys
        }
    }

    /// Marks every one-time key and the current fallback key as published.
    public func markKeysAsPublished() throws {
        try check(cliquet_account_mark_keys_as_published(handle))
    }

    /// Makes a new fallback key; the previous one stays usable until
    /// `forgetOldFallbackKey()`.
    public func generateFallbackKey() throws {
        try check(cliquet_account_generate_fallback_key(handle))
    }

    /// The current fallback key if it is unpublished, else nil.
    public var fallbackKey: OneTimeKey? {
        get throws {
            var hasKey: Int32 = 0
            let (id, key) = try fixedTexts(keyIDSize, keySize) {
                cliquet_account_fallback_key(handle, &hasKey, $0, $1)
            }
            return hasKey != 0 ? OneTimeKey(keyID: id, key: key) : nil
        }
    }

    /// Forgets the previous fallback key, if there is one.
    public func forgetOldFallbackKey() throws {
        try check(cliquet_account_forget_old_fallback_key(handle))
    }

    /// An Olm session to a device, from its identity key and one of its
    /// one-time (or fallback) keys as claimed from the server. `config`:
    /// see `SessionConfig` (`.v1`, what every client speaks, by default).
    public func createOutboundSession(theirIdentityKey: String, theirOneTimeKey: String,
                                      config: SessionConfig = .v1) throws -> Session {
        let handle = try withText(theirIdentityKey) { ik, ikl in
            try withText(theirOneTimeKey) { otk, otkl in
                try makeObject {
                    cliquet_session_new_outbound_with_config($0, self.handle, config.c, ik, ikl, otk, otkl)
                }
            }
        }
        return Session(handle: handle)
    }

    /// An Olm session from a peer's pre-key message, in one step: the
    /// session is made, the message decrypted and the one-time key used up.
    /// With `theirIdentityKey`, a message from another key is
    /// `CliquetError.wrongSession`. `config` is the one the caller expects
    /// (see `SessionConfig`): a message of the other is
    /// `CliquetError.badMessageVersion`. On failure nothing changes.
    public func createInboundSession(from message: OlmMessage, theirIdentityKey: String? = nil,
                                     config: SessionConfig = .v1)
        throws -> (session: Session, decrypted: OlmDecrypted) {
        guard message.type == .preKey else { throw CliquetError.badMessageType }
        var info = cliquet_olm_decrypt_info()
        var session: OpaquePointer?
        let plaintext = try withOptionalText(theirIdentityKey) { ik, ikl in
            try withText(message.ciphertext) { m, ml in
                try bytesOut(capacity: ml) { out, cap, len in
                    cliquet_session_new_inbound_with_config(&session, handle, config.c, ik, ikl, m, ml,
                                                            out, cap, len, &info)
                }
            }
        }
        guard let session else { throw CliquetError.noMemory }
        return (Session(handle: session), OlmDecrypted(plaintext: plaintext, info: info))
    }

    /// The account in cliquet's native pickle format, encrypted and
    /// authenticated under a 32-byte key (a random nonce: two pickles of one
    /// state differ).
    public func pickle(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_account_pickle(handle, $0, $1, $2, k, kl) }
        }
    }

    /// The account in libolm's pickle format (version 4), byte for byte as
    /// libolm writes it, under a key of any length.
    public func pickleLibolm(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_account_pickle_libolm(handle, $0, $1, $2, k, kl) }
        }
    }
}
