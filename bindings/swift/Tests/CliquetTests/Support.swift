// Helpers shared by the tests: keys, hex, and cliquet's vector files.
import Foundation
import XCTest
@testable import Cliquet

/// A 32-byte key for native pickles.
let nativeKey = Data((0..<32).map { UInt8($0) })
/// A key for libolm's format: its pickles are deterministic under a fixed
/// key, so two of them compare equal exactly when the states are equal.
let libolmKey = Data("a fixed libolm pickle key".utf8)

func hex(_ text: String) -> Data {
    if text == "-" { return Data() }
    var bytes: [UInt8] = []
    var chars = Array(text.utf8)
    if chars.count % 2 == 1 { chars.append(UInt8(ascii: "0")) }
    for i in stride(from: 0, to: chars.count, by: 2) {
        let pair = String(decoding: chars[i..<i + 2], as: UTF8.self)
        bytes.append(UInt8(pair, radix: 16) ?? 0)
    }
    return Data(bytes)
}

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The cases of a vector file (vectors/gen/gen_wycheproof.py describes the
/// format) as dictionaries from field name to text; "-" is kept as is.
func vectorCases(_ relativePath: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: String]] {
    let url = repositoryRoot.appendingPathComponent(relativePath)
    let text = try String(contentsOf: url, encoding: .utf8)
    var fields: [String] = []
    var expected = -1
    var cases: [[String: String]] = []
    for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
        let text = String(raw)
        if text.hasPrefix("# fields: ") {
            fields = text.dropFirst("# fields: ".count).split(separator: " ").map(String.init)
        } else if text.hasPrefix("# cases: ") {
            expected = Int(text.dropFirst("# cases: ".count)) ?? -1
        } else if !text.hasPrefix("#") {
            let values = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(values.count, fields.count, "\(relativePath): a case of the wrong width", file: file, line: line)
            cases.append(Dictionary(uniqueKeysWithValues: zip(fields, values)))
        }
    }
    XCTAssertEqual(cases.count, expected, "\(relativePath): case count", file: file, line: line)
    XCTAssertFalse(cases.isEmpty, file: file, line: line)
    return cases
}

/// Asserts that body throws exactly `expected`.
func assertThrows<T>(_ expected: CliquetError, _ body: @autoclosure () throws -> T,
                     _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected \(expected), got success \(message)", file: file, line: line)
    } catch let error as CliquetError {
        XCTAssertEqual(error, expected, "got \(error) \(message)", file: file, line: line)
        XCTAssertEqual(error.name, expected.name, file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
}

/// A string with one character changed, in the middle (still base64).
func tampered(_ text: String, at position: Int? = nil) -> String {
    var chars = Array(text)
    let i = position ?? chars.count / 2
    chars[i] = chars[i] == "A" ? "B" : "A"
    return String(chars)
}

/// Two accounts with an Olm session each way established: Alice started it
/// and Bob has answered, so both send normal messages.
func pairedSessions() throws -> (alice: Account, bob: Account, a: Session, b: Session) {
    let alice = try Account()
    let bob = try Account()
    try bob.generateOneTimeKeys(count: 1)
    let otk = try XCTUnwrap(try bob.oneTimeKeys.first)
    let a = try alice.createOutboundSession(theirIdentityKey: try bob.identityKeys.curve25519,
                                            theirOneTimeKey: otk.key)
    let first = try a.encrypt("hello")
    let (b, decrypted) = try bob.createInboundSession(from: first)
    XCTAssertEqual(decrypted.text, "hello")
    _ = try a.decrypt(try b.encrypt("hi"))
    return (alice, bob, a, b)
}
