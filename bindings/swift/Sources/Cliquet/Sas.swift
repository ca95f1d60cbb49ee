// Short authentication strings (m.sas.v1 interactive verification).
import CCliquet
import Foundation

/// One side of an interactive verification (libolm's OlmSAS).
/// Not Sendable: one thread at a time.
public final class Sas {
    let handle: OpaquePointer

    /// A verification with a fresh ephemeral key.
    public init() throws {
        handle = try makeObject { cliquet_sas_new($0) }
    }

    /// Wipes and frees the C object.
    deinit { cliquet_sas_free(handle) }

    /// Our ephemeral public key (m.key.verification.key).
    public var publicKey: String {
        get throws { try fixedText(keySize) { cliquet_sas_public_key(handle, $0) } }
    }

    /// Sets the other side's ephemeral public key; setting it again replaces
    /// the shared secret. A failure changes nothing.
    public func setTheirKey(_ key: String) throws {
        try withText(key) { k, kl in try check(cliquet_sas_set_their_key(handle, k, kl)) }
    }

    /// True once their key is set.
    public var isTheirKeySet: Bool {
        get throws { try flag { cliquet_sas_is_their_key_set(handle, $0) } }
    }

    /// `count` SAS bytes for emoji or decimal display (Matrix: 6 bytes,
    /// info "MATRIX_KEY_VERIFICATION_SAS|...").
    public func generateBytes(count: Int, info: String) throws -> Data {
        guard count >= 0 else { throw CliquetError.invalidArgument }
        // The C call refuses more than cliquet_sas_max_bytes(); refusing it
        // here too keeps a huge count from allocating before C is asked.
        guard count <= cliquet_sas_max_bytes() else { throw CliquetError.inputTooLarge }
        return try withBytes(Data(info.utf8)) { i, il in
            try fixedBytes(count) { cliquet_sas_generate_bytes(handle, $0, count, i, il) }
        }
    }

    /// The MAC of `message` for m.key.verification.mac, method
    /// "hkdf-hmac-sha256.v2". Use this one.
    public func calculateMac(_ message: String, info: String) throws -> String {
        try mac(message, info, cliquet_sas_calculate_mac)
    }

    /// LEGACY "hkdf-hmac-sha256": libolm's broken base64 of the same MAC.
    public func calculateMacLegacyBase64(_ message: String, info: String) throws -> String {
        try mac(message, info, cliquet_sas_calculate_mac_legacy_base64)
    }

    /// LEGACY: an old Riot's MAC (libolm's calculate_mac_long_kdf).
    public func calculateMacLongKdf(_ message: String, info: String) throws -> String {
        try mac(message, info, cliquet_sas_calculate_mac_long_kdf)
    }

    private typealias MacCall = (OpaquePointer?, UnsafeMutablePointer<CChar>?, UnsafePointer<UInt8>?, Int,
                                 UnsafePointer<UInt8>?, Int) -> cliquet_status

    private func mac(_ message: String, _ info: String, _ call: MacCall) throws -> String {
        try withBytes(Data(message.utf8)) { m, ml in
            try withBytes(Data(info.utf8)) { i, il in
                try fixedText(Int(CLIQUET_SAS_MAC_BASE64_SIZE)) { call(handle, $0, m, ml, i, il) }
            }
        }
    }
}
