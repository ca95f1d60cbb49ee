// Dehydrated devices (MSC3814; since ABI 1.2; docs/dehydrated-devices.md):
// vodozemac's Account::to_dehydrated_device / from_dehydrated_device, byte
// for byte.
import CCliquet
import Foundation

/// An account sealed for the server to hold while the user has no device
/// logged in: MSC3814's `device_data` with algorithm
/// `org.matrix.msc3814.v2`. It holds the identity keys, every one-time key
/// and the current fallback key, no Olm session. Sendable: a value.
public struct DehydratedDevice: Hashable, Sendable {
    /// `device_pickle`: ChaCha20-Poly1305 ciphertext, unpadded base64.
    public let ciphertext: String
    /// `nonce`: 12 random bytes, unpadded base64 (16 characters).
    public let nonce: String

    public init(ciphertext: String, nonce: String) {
        self.ciphertext = ciphertext
        self.nonce = nonce
    }

    /// The size of the key that seals a device.
    public static var keyByteCount: Int { Int(CLIQUET_DEHYDRATED_DEVICE_KEY_BYTES) }
}

extension Account {
    /// Rehydrates a device: a new account with its identity keys, its
    /// one-time keys and its fallback key, all marked published (the server
    /// has them). Key ids are cliquet's own (1 to n, the fallback key
    /// n + 1). Throws `CliquetError.badKeyLength` (`key` not 32 bytes),
    /// `.badBase64`, `.badNonceLength`, `.pickleBadKey` (a wrong key or
    /// nonce, or changed bytes), `.pickleUnknownVersion`,
    /// `.pickleCorrupted`, `.pickleExtraData`, `.tooManyKeys` (more than
    /// an account holds), `.inputTooLarge`.
    public convenience init(dehydratedDevice device: DehydratedDevice, key: Data) throws {
        let handle = try withText(device.ciphertext) { c, cl in
            try withText(device.nonce) { n, nl in
                try withBytes(key) { k, kl in
                    try makeObject { cliquet_account_from_dehydrated_device($0, c, cl, n, nl, k, kl) }
                }
            }
        }
        self.init(handle: handle)
    }

    /// The account as a dehydrated device under a 32-byte key (the one the
    /// client keeps in secret storage), with a fresh random nonce. The
    /// account is not changed. Throws `CliquetError.badKeyLength`, and
    /// `.accountNoSeed` for an account from a libolm pickle (libolm keeps
    /// no Ed25519 seed, which the format needs).
    public func dehydrate(key: Data) throws -> DehydratedDevice {
        var nonce = ""
        let ciphertext = try withBytes(key) { k, kl in
            try withScratchText(Int(CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE)) { n, _ in
                let text = try sizedText { cliquet_account_to_dehydrated_device(handle, $0, $1, $2, n, k, kl) }
                nonce = String(cString: n)
                return text
            }
        }
        return DehydratedDevice(ciphertext: ciphertext, nonce: nonce)
    }
}
