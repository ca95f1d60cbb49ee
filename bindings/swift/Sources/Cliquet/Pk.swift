// Legacy key backup (m.megolm_backup.v1.curve25519-aes-sha2) and signing
// keys (cross-signing).
import CCliquet
import Foundation

/// A legacy backup's session_data fields. Sendable: a value.
///
/// WARNING: the scheme is unauthenticated (its MAC covers no ciphertext):
/// anyone who knows the backup's public key can make data that decrypts.
/// Check what you restore, e.g. session keys against their session ids.
public struct PkMessage: Hashable, Sendable {
    public let ciphertext: String
    public let mac: String
    public let ephemeralKey: String

    public init(ciphertext: String, mac: String, ephemeralKey: String) {
        self.ciphertext = ciphertext
        self.mac = mac
        self.ephemeralKey = ephemeralKey
    }
}

/// Encrypts to a backup public key (libolm's PkEncryption).
/// Not Sendable: one thread at a time.
public final class PkEncryption {
    let handle: OpaquePointer

    /// An encryptor to `recipientKey` (43 base64 characters).
    public init(recipientKey: String) throws {
        handle = try withText(recipientKey) { r, rl in
            try makeObject { cliquet_pk_encryption_new($0, r, rl) }
        }
    }

    /// Wipes and frees the C object.
    deinit { cliquet_pk_encryption_free(handle) }

    /// Encrypts with a fresh ephemeral key (legacy, unauthenticated).
    public func encryptLegacyBackup(_ plaintext: Data) throws -> PkMessage {
        var mac = ""
        var ephemeral = ""
        let ciphertext = try withBytes(plaintext) { pt, ptl in
            try withScratchText(Int(CLIQUET_PK_LEGACY_MAC_BASE64_SIZE)) { m, _ in
                try withScratchText(keySize) { e, _ in
                    let text = try sizedText { cliquet_pk_encrypt_legacy_backup(handle, $0, $1, $2, m, e, pt, ptl) }
                    mac = String(cString: m)
                    ephemeral = String(cString: e)
                    return text
                }
            }
        }
        return PkMessage(ciphertext: ciphertext, mac: mac, ephemeralKey: ephemeral)
    }

    /// Encrypts a string's UTF-8 bytes.
    public func encryptLegacyBackup(_ plaintext: String) throws -> PkMessage {
        try encryptLegacyBackup(Data(plaintext.utf8))
    }
}

/// A backup decryption key (libolm's PkDecryption).
/// Not Sendable: one thread at a time.
public final class PkDecryption {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// A key with a fresh random private key.
    public convenience init() throws {
        self.init(handle: try makeObject { cliquet_pk_decryption_new($0) })
    }

    /// A key from its 32 private bytes (what a recovery key encodes).
    public convenience init(privateKey: Data) throws {
        guard privateKey.count == Int(CLIQUET_PK_PRIVATE_KEY_BYTES) else {
            throw CliquetError.badKeyLength
        }
        let handle = try withBytes(privateKey) { k, _ in
            try makeObject { cliquet_pk_decryption_new_from_private_key($0, k) }
        }
        self.init(handle: handle)
    }

    /// Restores a key from `pickle(key:)`'s text (a 32-byte key).
    public convenience init(pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_pk_decryption_unpickle($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Restores a key from libolm's pickle format.
    public convenience init(libolmPickle pickle: String, key: Data) throws {
        let handle = try withBytes(key) { k, kl in
            try withText(pickle) { p, pl in
                try makeObject { cliquet_pk_decryption_unpickle_libolm($0, k, kl, p, pl) }
            }
        }
        self.init(handle: handle)
    }

    /// Wipes and frees the C object.
    deinit { cliquet_pk_decryption_free(handle) }

    /// The public key (the backup's auth_data public_key).
    public var publicKey: String {
        get throws { try fixedText(keySize) { cliquet_pk_decryption_public_key(handle, $0) } }
    }

    /// The 32 private bytes, a secret (the returned Data is the caller's
    /// to wipe, e.g. with resetBytes(in:)).
    public func privateKey() throws -> Data {
        try fixedBytes(Int(CLIQUET_PK_PRIVATE_KEY_BYTES)) { cliquet_pk_decryption_private_key(handle, $0) }
    }

    /// Decrypts a legacy backup. A success does NOT mean the backup's owner
    /// wrote it (see `PkMessage`).
    public func decryptLegacyBackup(_ message: PkMessage) throws -> Data {
        try withText(message.ephemeralKey) { e, el in
            try withText(message.mac) { m, ml in
                try withText(message.ciphertext) { c, cl in
                    try bytesOut(capacity: cl) { out, cap, len in
                        cliquet_pk_decrypt_legacy_backup(handle, out, cap, len, e, el, m, ml, c, cl)
                    }
                }
            }
        }
    }

    /// The key in cliquet's native pickle format (a 32-byte key).
    public func pickle(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_pk_decryption_pickle(handle, $0, $1, $2, k, kl) }
        }
    }

    /// The key in libolm's pickle format, under a key of any length.
    public func pickleLibolm(key: Data) throws -> String {
        try withBytes(key) { k, kl in
            try sizedText { cliquet_pk_decryption_pickle_libolm(handle, $0, $1, $2, k, kl) }
        }
    }
}

/// An Ed25519 signing key from a 32-byte seed, for cross-signing (libolm's
/// PkSigning). Not Sendable: one thread at a time.
public final class PkSigning {
    let handle: OpaquePointer

    /// A key with a fresh random seed.
    public init() throws {
        handle = try makeObject { cliquet_pk_signing_new($0) }
    }

    /// A key from its 32-byte seed.
    public init(seed: Data) throws {
        guard seed.count == Int(CLIQUET_PK_SIGNING_SEED_BYTES) else { throw CliquetError.badKeyLength }
        handle = try withBytes(seed) { s, _ in
            try makeObject { cliquet_pk_signing_new_from_seed($0, s) }
        }
    }

    /// Wipes and frees the C object.
    deinit { cliquet_pk_signing_free(handle) }

    /// The 32-byte seed, a secret (the returned Data is the caller's to wipe).
    public func seed() throws -> Data {
        try fixedBytes(Int(CLIQUET_PK_SIGNING_SEED_BYTES)) { cliquet_pk_signing_seed(handle, $0) }
    }

    /// The Ed25519 public key (base64).
    public var publicKey: String {
        get throws { try fixedText(keySize) { cliquet_pk_signing_public_key(handle, $0) } }
    }

    /// The Ed25519 signature of `message` (base64).
    public func sign(_ message: Data) throws -> String {
        try withBytes(message) { m, ml in
            try fixedText(signatureSize) { cliquet_pk_sign(handle, $0, m, ml) }
        }
    }

    /// The signature of a string's UTF-8 bytes (e.g. canonical JSON).
    public func sign(_ message: String) throws -> String {
        try sign(Data(message.utf8))
    }
}
