// Moving bytes across the C ABI. Every pointer handed to C lives only for
// the closure it is given to; nothing here keeps one past a call.
import CCliquet
import Foundation

/// Starts the C library before a first call: cliquet_init() is idempotent
/// and thread-safe (pthread_once), so calling it every time is cheap.
func startLibrary() throws {
    try check(cliquet_init())
}

/// `count` zeroed bytes for C to write, wiped and freed when `body` returns.
/// (cliquet_wipe: a wipe the compiler keeps.)
func withScratch<R>(_ count: Int,
                    _ body: (UnsafeMutablePointer<UInt8>, Int) throws -> R) rethrows -> R {
    let n = max(count, 1)
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
    p.initialize(repeating: 0, count: n)
    defer {
        cliquet_wipe(p, n)
        p.deallocate()
    }
    return try body(p, n)
}

/// The same as a C string buffer.
func withScratchText<R>(_ count: Int,
                        _ body: (UnsafeMutablePointer<CChar>, Int) throws -> R) rethrows -> R {
    try withScratch(count) { p, n in
        try p.withMemoryRebound(to: CChar.self, capacity: n) { try body($0, n) }
    }
}

/// A fixed-size text output (a CLIQUET_..._SIZE array, its NUL included).
func fixedText(_ size: Int, _ call: (UnsafeMutablePointer<CChar>) -> cliquet_status) throws -> String {
    try withScratchText(size) { p, _ in
        try check(call(p))
        return String(cString: p)
    }
}

/// Two fixed-size text outputs of one call.
func fixedTexts(_ size1: Int, _ size2: Int,
                _ call: (UnsafeMutablePointer<CChar>, UnsafeMutablePointer<CChar>) -> cliquet_status)
    throws -> (String, String) {
    try withScratchText(size1) { p1, _ in
        try withScratchText(size2) { p2, _ in
            try check(call(p1, p2))
            return (String(cString: p1), String(cString: p2))
        }
    }
}

/// A variable-size text output under the size rule: (NULL, 0) asks for the
/// capacity, which changes nothing; the second call writes.
func sizedText(_ call: (UnsafeMutablePointer<CChar>?, Int, UnsafeMutablePointer<Int>) -> cliquet_status)
    throws -> String {
    var needed = 0
    let query = call(nil, 0, &needed)
    if query != CLIQUET_ERR_OUTPUT_TOO_SMALL {
        try check(query)
        return ""
    }
    return try withScratchText(needed) { p, n in
        var length = 0
        try check(call(p, n, &length))
        return String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self)
    }
}

/// A plaintext output whose capacity is known in advance (the message's
/// length is always enough for a decryption).
func bytesOut(capacity: Int,
              _ call: (UnsafeMutablePointer<UInt8>, Int, UnsafeMutablePointer<Int>) -> cliquet_status)
    throws -> Data {
    try withScratch(capacity) { p, n in
        var length = 0
        try check(call(p, n, &length))
        return Data(bytes: p, count: length)
    }
}

/// A fixed number of raw bytes (a private key, a seed, SAS bytes).
func fixedBytes(_ count: Int, _ call: (UnsafeMutablePointer<UInt8>) -> cliquet_status) throws -> Data {
    try withScratch(count) { p, _ in
        try check(call(p))
        return Data(bytes: p, count: count)
    }
}

/// A text input as (pointer, length); C reads no NUL.
func withText<R>(_ text: String, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    var text = text
    return try text.withUTF8 { utf8 in
        try utf8.withMemoryRebound(to: CChar.self) { try body($0.baseAddress, $0.count) }
    }
}

/// An optional text input: nil is (NULL, 0).
func withOptionalText<R>(_ text: String?, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    guard let text else { return try body(nil, 0) }
    return try withText(text, body)
}

/// A byte input as (pointer, length).
func withBytes<R>(_ data: Data, _ body: (UnsafePointer<UInt8>?, Int) throws -> R) rethrows -> R {
    try data.withUnsafeBytes { raw in
        try body(raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
    }
}

/// Makes a C object, or throws: the handle is never nil once returned.
func makeObject(_ call: (UnsafeMutablePointer<OpaquePointer?>) -> cliquet_status) throws -> OpaquePointer {
    try startLibrary()
    var handle: OpaquePointer?
    try check(call(&handle))
    guard let handle else { throw CliquetError.noMemory }
    return handle
}

/// A C char array held in a struct (imported as a tuple), up to its NUL.
func string<T>(fromCArray array: T) -> String {
    withUnsafeBytes(of: array) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// C's int flags.
func flag(_ read: (UnsafeMutablePointer<Int32>) -> cliquet_status) throws -> Bool {
    var value: Int32 = 0
    try check(read(&value))
    return value != 0
}

let keySize = Int(CLIQUET_KEY_BASE64_SIZE)
let signatureSize = Int(CLIQUET_SIGNATURE_BASE64_SIZE)
let keyIDSize = Int(CLIQUET_KEY_ID_BASE64_SIZE)
