// The ECIES secure channel (MSC4108 QR-code login; since ABI 1.1;
// docs/ecies.md): vodozemac's ecies module, byte for byte.
import CCliquet
import Foundation

/// A secure channel between two devices that have no Olm session yet
/// (vodozemac's `Ecies`, then `EstablishedEcies`; the same object is both).
///
/// The recipient shows `publicKey` in a QR code; the initiator scans it and
/// calls `establishOutbound(theirKey:plaintext:)`, whose initial message
/// the recipient passes to `establishInbound(_:)`. Both then show
/// `checkCode`: only when the codes match is the channel known to be free
/// of a man in the middle. Each side must decrypt the other's messages
/// once each, in the order they were sent. A call that fails leaves the
/// channel as it was.
///
/// Not Sendable: the C object is used by one thread at a time.
public final class EciesChannel {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// A fresh channel with a new random key, for MSC4108's QR-code login
    /// (the application info "MATRIX_QR_CODE_LOGIN").
    public convenience init() throws {
        self.init(handle: try makeObject { cliquet_ecies_channel_new($0) })
    }

    /// A fresh channel for another protocol, its keys and check code
    /// derived under the application info `info` (vodozemac's
    /// `Ecies::with_info`; any bytes, possibly none, at most
    /// `maxInfoByteCount`, else `CliquetError.inputTooLarge`). Both sides
    /// must use the same info, or the initial message fails as
    /// `CliquetError.badMessageMAC`.
    public convenience init(info: Data) throws {
        // C takes the bytes as char: UInt8 and CChar are the signed and
        // unsigned twins Swift lets alias each other.
        let handle = try withBytes(info) { i, il in
            let text = UnsafeRawPointer(i)?.assumingMemoryBound(to: CChar.self)
            return try makeObject { cliquet_ecies_channel_new_with_info($0, text, il) }
        }
        self.init(handle: handle)
    }

    /// The same with the UTF-8 bytes of `info` (vodozemac's info is a Rust
    /// string: UTF-8).
    public convenience init(info: String) throws {
        try self.init(info: Data(info.utf8))
    }

    /// Wipes the keys and frees the C object.
    deinit { cliquet_ecies_channel_free(handle) }

    /// The largest application info, in bytes.
    public static var maxInfoByteCount: Int { Int(CLIQUET_ECIES_MAX_INFO_BYTES) }

    /// The largest plaintext a channel takes, in bytes (1 MiB).
    public static var maxPlaintextByteCount: Int { Int(CLIQUET_ECIES_MAX_PLAINTEXT_BYTES) }

    /// Our public key (base64): the one the QR code carries.
    public var publicKey: String {
        get throws { try fixedText(keySize) { cliquet_ecies_channel_public_key(handle, $0) } }
    }

    /// Establishes the channel as the initiator toward `theirKey` (the QR
    /// code's) and encrypts `plaintext` into the initial message, which
    /// carries our public key. Throws `CliquetError.eciesAlreadyEstablished`,
    /// `.badBase64`, `.badKeyLength`, `.zeroSharedSecret` (a low-order
    /// key), `.inputTooLarge`.
    public func establishOutbound(theirKey: String, plaintext: Data) throws -> String {
        try withText(theirKey) { k, kl in
            try withBytes(plaintext) { pt, ptl in
                try sizedText { cliquet_ecies_channel_establish_outbound(handle, k, kl, $0, $1, $2, pt, ptl) }
            }
        }
    }

    /// The same with a string's UTF-8 bytes.
    public func establishOutbound(theirKey: String, plaintext: String) throws -> String {
        try establishOutbound(theirKey: theirKey, plaintext: Data(plaintext.utf8))
    }

    /// Establishes the channel as the recipient from the initiator's
    /// initial message, and returns its plaintext. On failure the channel
    /// stays fresh: `CliquetError.badMessageMAC` (tampered, not for our
    /// key, or another application info), `.badMessageFormat`,
    /// `.badBase64`, `.badKeyLength`, `.zeroSharedSecret`,
    /// `.eciesAlreadyEstablished`, `.inputTooLarge`.
    public func establishInbound(_ initialMessage: String) throws -> Data {
        try withText(initialMessage) { m, ml in
            try bytesOut(capacity: ml) { out, cap, len in
                cliquet_ecies_channel_establish_inbound(handle, m, ml, out, cap, len)
            }
        }
    }

    /// The check code both sides show, 0 to 99: show it with two digits
    /// (MSC4108). `CliquetError.eciesNotEstablished` before establishing.
    public var checkCode: Int {
        get throws {
            var code: UInt32 = 0
            try check(cliquet_ecies_channel_check_code(handle, &code))
            return Int(code)
        }
    }

    /// The check code's two bytes (vodozemac's `CheckCode::as_bytes`), for
    /// other renderings such as MSC4388's.
    public var checkCodeBytes: Data {
        get throws {
            try fixedBytes(Int(CLIQUET_ECIES_CHECK_CODE_BYTES)) {
                cliquet_ecies_channel_check_code_bytes(handle, $0)
            }
        }
    }

    /// Encrypts our next message (base64). Throws
    /// `CliquetError.eciesNotEstablished`, `.inputTooLarge`.
    public func encrypt(_ plaintext: Data) throws -> String {
        try withBytes(plaintext) { pt, ptl in
            try sizedText { cliquet_ecies_channel_encrypt(handle, $0, $1, $2, pt, ptl) }
        }
    }

    /// Encrypts a string's UTF-8 bytes.
    public func encrypt(_ plaintext: String) throws -> String {
        try encrypt(Data(plaintext.utf8))
    }

    /// Decrypts the other side's next message. A failure changes nothing:
    /// `CliquetError.duplicateMessage` (already decrypted: ignore it),
    /// `.messageOutOfOrder` (an earlier message is missing: decrypt that
    /// one first), `.badMessageMAC` (tampered, another channel's, or a
    /// replay from long ago), `.badMessageFormat`, `.badBase64`,
    /// `.eciesNotEstablished`.
    public func decrypt(_ message: String) throws -> Data {
        try withText(message) { m, ml in
            try bytesOut(capacity: ml) { out, cap, len in
                cliquet_ecies_channel_decrypt(handle, m, ml, out, cap, len)
            }
        }
    }
}
