import Foundation
import XCTest
@testable import Cliquet

final class SessionTests: XCTestCase {
    func testConversation() throws {
        let alice = try Account()
        let bob = try Account()
        try bob.generateOneTimeKeys(count: 1)
        let otk = try XCTUnwrap(try bob.oneTimeKeys.first)
        let bobKey = try bob.identityKeys.curve25519
        let aliceKey = try alice.identityKeys.curve25519

        let a = try alice.createOutboundSession(theirIdentityKey: bobKey, theirOneTimeKey: otk.key)
        XCTAssertEqual(try a.theirIdentityKey, bobKey)
        XCTAssertFalse(try a.hasReceivedMessage)
        XCTAssertEqual(try a.nextMessageType, .preKey)
        let first = try a.encrypt(Data([0, 1, 2, 255]))
        XCTAssertEqual(first.type, .preKey)

        let (b, decrypted) = try bob.createInboundSession(from: first, theirIdentityKey: aliceKey)
        XCTAssertEqual(decrypted.plaintext, Data([0, 1, 2, 255]))
        XCTAssertNil(decrypted.text, "not UTF-8")
        XCTAssertEqual(decrypted.senderKey, aliceKey)
        XCTAssertEqual(decrypted.sessionID, try a.id)
        XCTAssertEqual(decrypted.evictedMessageKeys, 0)
        XCTAssertEqual(decrypted.evictedChains, 0)
        XCTAssertEqual(try b.id, try a.id)
        XCTAssertEqual(try b.theirIdentityKey, aliceKey)
        XCTAssertTrue(try b.hasReceivedMessage)
        XCTAssertEqual(try bob.oneTimeKeys, [], "the one-time key is used up")
        XCTAssertTrue(try b.matches(first))
        XCTAssertTrue(try b.matches(first, theirIdentityKey: aliceKey))
        XCTAssertFalse(try b.matches(first, theirIdentityKey: bobKey))
        XCTAssertFalse(try a.matches(OlmMessage(type: .normal, ciphertext: first.ciphertext)))

        let reply = try b.encrypt("reply")
        XCTAssertEqual(reply.type, .normal)
        let got = try a.decrypt(reply)
        XCTAssertEqual(got.text, "reply")
        XCTAssertEqual(got.senderKey, bobKey)
        XCTAssertTrue(try a.hasReceivedMessage)
        XCTAssertEqual(try a.nextMessageType, .normal)

        assertThrows(.duplicateMessage, try b.decrypt(first), "a pre-key message is used up")
        assertThrows(.duplicateMessage, try a.decrypt(reply))
    }

    func testOutOfOrderAndEmptyMessages() throws {
        let (_, _, a, b) = try pairedSessions()
        let messages = try (0..<5).map { try a.encrypt("m\($0)") }
        for i in [3, 0, 4, 2, 1] {
            XCTAssertEqual(try b.decrypt(messages[i]).text, "m\(i)")
        }
        XCTAssertEqual(try b.decrypt(try a.encrypt(Data())).plaintext, Data())
    }

    func testEvictionsAreReported() throws {
        let (_, _, a, b) = try pairedSessions()
        let messages = try (0..<50).map { try a.encrypt("m\($0)") }
        // Decrypting the last skips 49 message keys; 40 are kept.
        let last = try b.decrypt(messages[49])
        XCTAssertEqual(last.text, "m49")
        XCTAssertEqual(last.evictedMessageKeys, 9)
        XCTAssertEqual(last.evictedChains, 0)
        assertThrows(.duplicateMessage, try b.decrypt(messages[0]), "its key was evicted")
        XCTAssertEqual(try b.decrypt(messages[9]).text, "m9", "the newest 40 are kept")
    }

    func testInboundErrorsChangeNothing() throws {
        let alice = try Account()
        let bob = try Account()
        try bob.generateOneTimeKeys(count: 1)
        let otk = try XCTUnwrap(try bob.oneTimeKeys.first)
        let a = try alice.createOutboundSession(theirIdentityKey: try bob.identityKeys.curve25519,
                                                theirOneTimeKey: otk.key)
        let first = try a.encrypt("hello")
        let before = try bob.pickleLibolm(key: libolmKey)

        assertThrows(.badMessageMAC,
                     try bob.createInboundSession(from: OlmMessage(type: .preKey, ciphertext: tampered(first.ciphertext, at: first.ciphertext.count - 3))))
        assertThrows(.badBase64, try bob.createInboundSession(from: OlmMessage(type: .preKey, ciphertext: "not base64!")))
        assertThrows(.wrongSession,
                     try bob.createInboundSession(from: first, theirIdentityKey: try bob.identityKeys.curve25519))
        assertThrows(.badMessageType,
                     try bob.createInboundSession(from: OlmMessage(type: .normal, ciphertext: first.ciphertext)))
        XCTAssertEqual(try bob.pickleLibolm(key: libolmKey), before, "failed inbound sessions change nothing")
        XCTAssertEqual(try bob.oneTimeKeys.count, 1)

        let (_, ok) = try bob.createInboundSession(from: first)
        XCTAssertEqual(ok.text, "hello")
        let other = try Account()
        let c = try other.createOutboundSession(theirIdentityKey: try bob.identityKeys.curve25519,
                                                theirOneTimeKey: otk.key)
        assertThrows(.badMessageKeyID, try bob.createInboundSession(from: try c.encrypt("late")))
    }

    func testOutboundErrors() throws {
        let alice = try Account()
        let bob = try Account()
        let key = try bob.identityKeys.curve25519
        assertThrows(.badBase64, try alice.createOutboundSession(theirIdentityKey: "###", theirOneTimeKey: key))
        assertThrows(.badKeyLength, try alice.createOutboundSession(theirIdentityKey: key, theirOneTimeKey: "AAAA"))
        let zero = try Utility.base64Encode(Data(count: 32))
        assertThrows(.zeroSharedSecret, try alice.createOutboundSession(theirIdentityKey: key, theirOneTimeKey: zero))
    }

    func testDecryptErrorsChangeNothing() throws {
        let (_, _, a, b) = try pairedSessions()
        let message = try a.encrypt("secret")
        let before = try b.pickleLibolm(key: libolmKey)
        let body = message.ciphertext
        assertThrows(.badMessageMAC, try b.decrypt(OlmMessage(type: .normal, ciphertext: tampered(body, at: body.count - 3))))
        assertThrows(.badBase64, try b.decrypt(OlmMessage(type: .normal, ciphertext: body + "=")))
        assertThrows(.badMessageVersion, try b.decrypt(OlmMessage(type: .normal, ciphertext: tampered(body, at: 0))))
        assertThrows(.badMessageFormat, try b.decrypt(OlmMessage(type: .normal, ciphertext: String(body.prefix(8)))))
        XCTAssertEqual(try b.pickleLibolm(key: libolmKey), before, "failed decryptions change nothing")
        XCTAssertEqual(try b.decrypt(message).text, "secret")
        XCTAssertNotEqual(try b.pickleLibolm(key: libolmKey), before)
    }

    func testPicklesBothFormats() throws {
        let (alice, bob, a, b) = try pairedSessions()
        let pending = try a.encrypt("pending")

        let native = try Session(pickle: try b.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try native.id, try b.id)
        XCTAssertEqual(try native.theirIdentityKey, try alice.identityKeys.curve25519)
        XCTAssertEqual(try native.pickleLibolm(key: libolmKey), try b.pickleLibolm(key: libolmKey))
        XCTAssertEqual(try native.decrypt(pending).text, "pending")

        let libolm = try b.pickleLibolm(key: libolmKey)
        let fromLibolm = try Session(libolmPickle: libolm, key: libolmKey,
                                     theirIdentityKey: try alice.identityKeys.curve25519)
        XCTAssertEqual(try fromLibolm.pickleLibolm(key: libolmKey), libolm)
        let got = try fromLibolm.decrypt(pending)
        XCTAssertEqual(got.text, "pending")
        XCTAssertEqual(got.senderKey, try alice.identityKeys.curve25519)
        _ = bob

        assertThrows(.pickleBadKey, try Session(pickle: try b.pickle(key: nativeKey), key: Data(repeating: 9, count: 32)))
        assertThrows(.badKeyLength, try Session(libolmPickle: libolm, key: libolmKey, theirIdentityKey: "AAAA"))
        assertThrows(.pickleBadKey, try Session(libolmPickle: libolm, key: Data("wrong".utf8),
                                                theirIdentityKey: try alice.identityKeys.curve25519))
    }
}
