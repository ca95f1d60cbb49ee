// The ECIES secure channel (docs/ecies.md): both directions, the check
// code, application info, every refusal leaving the channel as it was, and
// vectors/ecies/ (a live vodozemac's transcripts, and with_info computed
// with OpenSSL), replayed byte for byte with fixed keys from
// cliquet_random.h.
import CCliquet
import CCliquet.Random
import Foundation
import XCTest
@testable import Cliquet

final class EciesTests: XCTestCase {
    /// G shows its key; S scans it and starts. Returns both, established.
    func establish(_ g: EciesChannel, _ s: EciesChannel,
                   file: StaticString = #filePath, line: UInt = #line) throws {
        let initial = try s.establishOutbound(theirKey: try g.publicKey, plaintext: "log me in")
        XCTAssertEqual(try g.establishInbound(initial), Data("log me in".utf8), file: file, line: line)
    }

    func testBothDirections() throws {
        let g = try EciesChannel()
        let s = try EciesChannel()
        let gKey = try g.publicKey
        XCTAssertEqual(gKey.count, 43)
        try establish(g, s)
        XCTAssertEqual(try g.publicKey, gKey, "establishing keeps the public key")

        let code = try g.checkCode
        XCTAssertEqual(try s.checkCode, code)
        XCTAssertTrue((0...99).contains(code))
        let bytes = try g.checkCodeBytes
        XCTAssertEqual(bytes, try s.checkCodeBytes)
        XCTAssertEqual(bytes.count, 2)
        XCTAssertEqual(code, Int(bytes[0] % 10) * 10 + Int(bytes[1] % 10))

        for i in 0..<3 {
            XCTAssertEqual(try g.decrypt(try s.encrypt("S to G #\(i)")), Data("S to G #\(i)".utf8))
            XCTAssertEqual(try s.decrypt(try g.encrypt(Data([UInt8(i), 0, 255]))), Data([UInt8(i), 0, 255]))
        }
        XCTAssertEqual(try g.decrypt(try s.encrypt(Data())), Data())
    }

    func testStateRefusals() throws {
        let g = try EciesChannel()
        let s = try EciesChannel()
        assertThrows(.eciesNotEstablished, try g.checkCode)
        assertThrows(.eciesNotEstablished, try g.checkCodeBytes)
        assertThrows(.eciesNotEstablished, try g.encrypt("too early"))
        assertThrows(.eciesNotEstablished, try g.decrypt("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        let initial = try s.establishOutbound(theirKey: try g.publicKey, plaintext: "hi")
        assertThrows(.eciesAlreadyEstablished, try s.establishOutbound(theirKey: try g.publicKey, plaintext: "hi"))
        assertThrows(.eciesAlreadyEstablished, try s.establishInbound(initial))
        XCTAssertEqual(try g.establishInbound(initial), Data("hi".utf8))
        assertThrows(.eciesAlreadyEstablished, try g.establishInbound(initial))
    }

    func testBadKeysAndInitialMessages() throws {
        let s = try EciesChannel()
        assertThrows(.badBase64, try s.establishOutbound(theirKey: "not a key!", plaintext: "x"))
        assertThrows(.badKeyLength, try s.establishOutbound(theirKey: "AAAA", plaintext: "x"))
        let lowOrder = try Utility.base64Encode(Data(count: 32))
        assertThrows(.zeroSharedSecret, try s.establishOutbound(theirKey: lowOrder, plaintext: "x"))
        assertThrows(.inputTooLarge, try s.establishOutbound(
            theirKey: try EciesChannel().publicKey, plaintext: Data(count: EciesChannel.maxPlaintextByteCount + 1)))

        // Each refusal left S fresh: it still establishes.
        let g = try EciesChannel()
        let initial = try s.establishOutbound(theirKey: try g.publicKey, plaintext: "the real one")
        // A failed inbound establishment leaves G fresh too.
        assertThrows(.badMessageMAC, try g.establishInbound(tampered(initial, at: 5)))
        assertThrows(.badMessageFormat, try g.establishInbound(initial.replacingOccurrences(of: "|", with: "")))
        assertThrows(.badBase64, try g.establishInbound(initial + "!"))
        let forOther = try EciesChannel().establishOutbound(theirKey: try EciesChannel().publicKey, plaintext: "x")
        assertThrows(.badMessageMAC, try g.establishInbound(forOther), "not for G's key")
        XCTAssertEqual(try g.establishInbound(initial), Data("the real one".utf8))
        XCTAssertEqual(try g.checkCode, try s.checkCode)
    }

    func testMessageRefusalsChangeNothing() throws {
        let g = try EciesChannel()
        let s = try EciesChannel()
        try establish(g, s)
        let m0 = try s.encrypt("zero")
        let m1 = try s.encrypt("one")

        assertThrows(.badMessageMAC, try g.decrypt(tampered(m0)))
        assertThrows(.messageOutOfOrder, try g.decrypt(m1))
        assertThrows(.badBase64, try g.decrypt(m0 + "!"))
        assertThrows(.badMessageFormat, try g.decrypt("AAAA"), "shorter than a tag")
        assertThrows(.badMessageMAC, try g.decrypt(try g.encrypt("our own, sent back")))
        XCTAssertEqual(try g.decrypt(m0), Data("zero".utf8))
        assertThrows(.duplicateMessage, try g.decrypt(m0), "a replay")
        XCTAssertEqual(try g.decrypt(m1), Data("one".utf8))
        assertThrows(.inputTooLarge, try s.encrypt(Data(count: EciesChannel.maxPlaintextByteCount + 1)))
        XCTAssertEqual(try g.decrypt(try s.encrypt("after the refusals")), Data("after the refusals".utf8))

        // Another channel's message.
        let g2 = try EciesChannel()
        let s2 = try EciesChannel()
        try establish(g2, s2)
        assertThrows(.badMessageMAC, try g.decrypt(try s2.encrypt("elsewhere")))
    }

    func testApplicationInfo() throws {
        XCTAssertEqual(EciesChannel.maxInfoByteCount, 128)
        // The default is MSC4108's prefix.
        try establish(try EciesChannel(), try EciesChannel(info: "MATRIX_QR_CODE_LOGIN"))
        try establish(try EciesChannel(info: Data("MATRIX_QR_CODE_LOGIN".utf8)), try EciesChannel())
        try establish(try EciesChannel(info: "my protocol"), try EciesChannel(info: "my protocol"))
        try establish(try EciesChannel(info: Data()), try EciesChannel(info: ""))
        try establish(try EciesChannel(info: Data(count: 128)), try EciesChannel(info: Data(count: 128)))
        assertThrows(.inputTooLarge, try EciesChannel(info: Data(count: 129)))

        // Another prefix: the initial message does not authenticate, and G
        // stays fresh for the right initiator.
        let g = try EciesChannel(info: "protocol A")
        let wrong = try EciesChannel(info: "protocol B")
            .establishOutbound(theirKey: try g.publicKey, plaintext: "x")
        assertThrows(.badMessageMAC, try g.establishInbound(wrong))
        let plain = try EciesChannel().establishOutbound(theirKey: try g.publicKey, plaintext: "x")
        assertThrows(.badMessageMAC, try g.establishInbound(plain))
        try establish(g, try EciesChannel(info: "protocol A"))
    }

    /// A channel with a fixed private key (and info, nil for the default).
    func fixedChannel(random: Data, info: Data?) throws -> EciesChannel {
        EciesChannel(handle: try withBytes(random) { r, rl in
            guard let info else {
                return try makeObject { cliquet_ecies_channel_new_with_random($0, r, rl) }
            }
            return try withBytes(info) { i, il in
                let text = UnsafeRawPointer(i)?.assumingMemoryBound(to: CChar.self)
                return try makeObject { cliquet_ecies_channel_new_with_info_and_random($0, text, il, r, rl) }
            }
        })
    }

    /// vectors/ecies/info.txt: both sides of with_info channels, byte for
    /// byte (the first case is the default prefix).
    func testInfoVectors() throws {
        for c in try vectorCases("vectors/ecies/info.txt") {
            let info = hex(c["info"] ?? "")
            let g = try fixedChannel(random: hex(c["g_random"] ?? ""), info: info)
            let s = try fixedChannel(random: hex(c["s_random"] ?? ""), info: info)
            let initial = try s.establishOutbound(theirKey: try g.publicKey,
                                                  plaintext: hex(c["initial_plaintext"] ?? ""))
            XCTAssertEqual(initial, c["initial_message"])
            XCTAssertEqual(try g.establishInbound(initial), hex(c["initial_plaintext"] ?? ""))
            XCTAssertEqual(try g.checkCodeBytes, hex(c["check_code_bytes"] ?? ""))
            XCTAssertEqual(try s.checkCode, Int(c["check_code"] ?? ""))
            XCTAssertEqual(try s.encrypt(hex(c["s_plaintext"] ?? "")), c["s_message"])
            XCTAssertEqual(try g.decrypt(c["s_message"] ?? ""), hex(c["s_plaintext"] ?? ""))
            XCTAssertEqual(try g.encrypt(hex(c["g_plaintext"] ?? "")), c["g_message"])
            XCTAssertEqual(try s.decrypt(c["g_message"] ?? ""), hex(c["g_plaintext"] ?? ""))
        }
    }

    /// vectors/ecies/vodozemac.txt: transcripts with a live vodozemac, both
    /// as recipient and as initiator: what it wrote decrypts, and what
    /// cliquet wrote (deterministic from the key) comes out the same.
    func testVodozemacTranscripts() throws {
        let url = repositoryRoot.appendingPathComponent("vectors/ecies/vodozemac.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        var fields: [(String, String)] = []
        for line in lines where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else {
                XCTAssertEqual(line, "end")
                fields.append(("end", ""))
                continue
            }
            fields.append((String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...])))
        }
        var channel: EciesChannel?
        var outbound = false
        var peerKey = ""
        var initial = ""
        var transcripts = 0
        var messages = 0
        for (name, value) in fields {
            // "<message> <plaintext>" for the two message lines.
            let split = value.split(separator: " ", maxSplits: 1).map(String.init)
            switch name {
            case "vector": outbound = value == "cliquet-outbound"
            case "cliquet_random": channel = try fixedChannel(random: hex(value), info: nil)
            case "cliquet_public_key": XCTAssertEqual(try channel?.publicKey, value)
            case "peer_public_key": peerKey = value
            case "initial_message": initial = value
            case "initial_plaintext":
                let c = try XCTUnwrap(channel)
                if outbound {
                    XCTAssertEqual(try c.establishOutbound(theirKey: peerKey, plaintext: value), initial)
                } else {
                    XCTAssertEqual(try c.establishInbound(initial), Data(value.utf8))
                }
            case "check_code": XCTAssertEqual(try channel?.checkCode, Int(value))
            case "peer_message":
                XCTAssertEqual(try channel?.decrypt(split[0]), Data(split[1].utf8))
                messages += 1
            case "cliquet_message":
                XCTAssertEqual(try channel?.encrypt(split[1]), split[0])
                messages += 1
            case "end":
                channel = nil
                transcripts += 1
            default: XCTFail("vectors/ecies/vodozemac.txt: unknown field \(name)")
            }
        }
        XCTAssertEqual(transcripts, 2)
        XCTAssertEqual(messages, 32)
    }
}
