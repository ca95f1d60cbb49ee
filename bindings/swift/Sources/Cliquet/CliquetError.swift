// The one error type of the package: a cliquet_status other than CLIQUET_OK.
import CCliquet

/// A failed cliquet call: the C library's status, by number and by name
/// (for example `CLIQUET_ERR_BAD_MESSAGE_MAC`, 42).
///
/// Match a status with the constants below:
///
///     do { ... } catch CliquetError.badMessageMAC { ... }
///
/// Sendable: a value made of an integer and an immutable string.
public struct CliquetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `cliquet_status` number; the numbers are part of the C ABI.
    public let code: Int
    /// The status's name from `cliquet_strerror`.
    public let name: String

    init(_ status: cliquet_status) {
        code = Int(status.rawValue)
        name = String(cString: cliquet_strerror(status))
    }

    public var description: String { "\(name) (\(code))" }

    // Two errors are the same error when their statuses are.
    public static func == (a: CliquetError, b: CliquetError) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Lets `catch CliquetError.badMessageMAC` match a thrown error.
    public static func ~= (match: CliquetError, error: any Error) -> Bool {
        (error as? CliquetError)?.code == match.code
    }

    public static let notInitialised = CliquetError(CLIQUET_ERR_NOT_INITIALISED)
    public static let initFailed = CliquetError(CLIQUET_ERR_INIT_FAILED)
    public static let invalidArgument = CliquetError(CLIQUET_ERR_INVALID_ARGUMENT)
    public static let outputTooSmall = CliquetError(CLIQUET_ERR_OUTPUT_TOO_SMALL)
    public static let inputTooLarge = CliquetError(CLIQUET_ERR_INPUT_TOO_LARGE)
    public static let noMemory = CliquetError(CLIQUET_ERR_NO_MEMORY)
    public static let unsupported = CliquetError(CLIQUET_ERR_UNSUPPORTED)
    public static let badBase64 = CliquetError(CLIQUET_ERR_BAD_BASE64)
    public static let badKeyLength = CliquetError(CLIQUET_ERR_BAD_KEY_LENGTH)
    public static let badKey = CliquetError(CLIQUET_ERR_BAD_KEY)
    public static let badCiphertextLength = CliquetError(CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH)
    public static let badPadding = CliquetError(CLIQUET_ERR_BAD_PADDING)
    public static let zeroSharedSecret = CliquetError(CLIQUET_ERR_ZERO_SHARED_SECRET)
    public static let badSignature = CliquetError(CLIQUET_ERR_BAD_SIGNATURE)
    public static let badMessageVersion = CliquetError(CLIQUET_ERR_BAD_MESSAGE_VERSION)
    public static let badMessageFormat = CliquetError(CLIQUET_ERR_BAD_MESSAGE_FORMAT)
    public static let badMessageMAC = CliquetError(CLIQUET_ERR_BAD_MESSAGE_MAC)
    public static let badMessageKeyID = CliquetError(CLIQUET_ERR_BAD_MESSAGE_KEY_ID)
    public static let messageGapTooLarge = CliquetError(CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE)
    public static let duplicateMessage = CliquetError(CLIQUET_ERR_DUPLICATE_MESSAGE)
    public static let unknownMessageIndex = CliquetError(CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX)
    public static let badSessionKey = CliquetError(CLIQUET_ERR_BAD_SESSION_KEY)
    public static let wrongSession = CliquetError(CLIQUET_ERR_WRONG_SESSION)
    public static let badMessageType = CliquetError(CLIQUET_ERR_BAD_MESSAGE_TYPE)
    public static let noFallbackKey = CliquetError(CLIQUET_ERR_NO_FALLBACK_KEY)
    public static let tooManyKeys = CliquetError(CLIQUET_ERR_TOO_MANY_KEYS)
    public static let pickleBadKey = CliquetError(CLIQUET_ERR_PICKLE_BAD_KEY)
    public static let pickleWrongType = CliquetError(CLIQUET_ERR_PICKLE_WRONG_TYPE)
    public static let pickleUnknownVersion = CliquetError(CLIQUET_ERR_PICKLE_UNKNOWN_VERSION)
    public static let pickleCorrupted = CliquetError(CLIQUET_ERR_PICKLE_CORRUPTED)
    public static let pickleLossy = CliquetError(CLIQUET_ERR_PICKLE_LOSSY)
    public static let pickleLegacyAccount = CliquetError(CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT)
    public static let pickleExtraData = CliquetError(CLIQUET_ERR_PICKLE_EXTRA_DATA)
    public static let sasNoTheirKey = CliquetError(CLIQUET_ERR_SAS_NO_THEIR_KEY)
    public static let eciesNotEstablished = CliquetError(CLIQUET_ERR_ECIES_NOT_ESTABLISHED)
    public static let eciesAlreadyEstablished = CliquetError(CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED)
    public static let messageOutOfOrder = CliquetError(CLIQUET_ERR_MESSAGE_OUT_OF_ORDER)
    public static let unconnectedSessions = CliquetError(CLIQUET_ERR_UNCONNECTED_SESSIONS)
    public static let messageIndexReused = CliquetError(CLIQUET_ERR_MESSAGE_INDEX_REUSED)
    public static let accountNoSeed = CliquetError(CLIQUET_ERR_ACCOUNT_NO_SEED)
    public static let badNonceLength = CliquetError(CLIQUET_ERR_BAD_NONCE_LENGTH)
}

/// The one place where a C status becomes a Swift error.
@inline(__always)
func check(_ status: cliquet_status) throws(CliquetError) {
    if status != CLIQUET_OK {
        throw CliquetError(status)
    }
}
