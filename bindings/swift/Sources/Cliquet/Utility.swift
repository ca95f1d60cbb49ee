// The library's version, SHA-256, Ed25519 verification and base64.
import CCliquet
import Foundation

/// The library and the stateless calls. Sendable: no state at all.
public enum Utility {
    /// The C library's version, e.g. "1.0.0".
    public static var version: String { String(cString: cliquet_version_string()) }

    /// Which AES implementation runs on this CPU.
    public enum AESImplementation: Sendable {
        /// AES instructions (AES-NI), chosen at run time when the CPU has them.
        case hardware
        /// The portable constant-time bitsliced AES.
        case bitsliced
    }

    public static func aesImplementation() throws -> AESImplementation {
        try startLibrary()
        var impl = CLIQUET_AES_BITSLICED
        try check(cliquet_aes_implementation(&impl))
        return impl == CLIQUET_AES_HARDWARE ? .hardware : .bitsliced
    }

    /// The SHA-256 of `message`, unpadded base64 (libolm's olm_sha256).
    public static func sha256(_ message: Data) throws -> String {
        try startLibrary()
        return try withBytes(message) { m, ml in
            try fixedText(Int(CLIQUET_SHA256_BASE64_SIZE)) { cliquet_sha256_base64($0, m, ml) }
        }
    }

    /// The SHA-256 of a string's UTF-8 bytes.
    public static func sha256(_ message: String) throws -> String {
        try sha256(Data(message.utf8))
    }

    /// Verifies an Ed25519 signature (base64) of `message` by `key`
    /// (base64), strictly. Throws `badSignature` for an invalid one.
    public static func verifyEd25519(signature: String, message: Data, key: String) throws {
        try startLibrary()
        try withText(key) { k, kl in
            try withBytes(message) { m, ml in
                try withText(signature) { s, sl in
                    try check(cliquet_ed25519_verify(k, kl, m, ml, s, sl))
                }
            }
        }
    }

    /// The same over a string's UTF-8 bytes (e.g. canonical JSON).
    public static func verifyEd25519(signature: String, message: String, key: String) throws {
        try verifyEd25519(signature: signature, message: Data(message.utf8), key: key)
    }

    /// Strict unpadded standard base64, as Matrix carries keys.
    public static func base64Encode(_ data: Data) throws -> String {
        try startLibrary()
        return try withBytes(data) { d, dl in
            try sizedText { cliquet_base64_encode($0, $1, $2, d, dl) }
        }
    }

    /// Decodes strict unpadded base64; `badBase64` otherwise.
    public static func base64Decode(_ text: String) throws -> Data {
        try startLibrary()
        return try withText(text) { t, tl in
            try bytesOut(capacity: tl * 3 / 4) { out, cap, len in cliquet_base64_decode(out, cap, len, t, tl) }
        }
    }
}
