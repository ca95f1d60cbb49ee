import Foundation
import XCTest
@testable import Cliquet

final class AccountTests: XCTestCase {
    func testIdentityKeysAndSignature() throws {
        let account = try Account()
        let keys = try account.identityKeys
        XCTAssertEqual(keys.curve25519.count, 43)
        XCTAssertEqual(keys.ed25519.count, 43)
        XCTAssertEqual(try account.identityKeys, keys, "identity keys are stable")
        XCTAssertNotEqual(try Account().identityKeys, keys, "fresh accounts differ")

        let signature = try account.sign("{\"canonical\":\"json\"}")
        XCTAssertEqual(signature.count, 86)
        XCTAssertEqual(try account.sign(Data("{\"canonical\":\"json\"}".utf8)), signature)
        try Utility.verifyEd25519(signature: signature, message: "{\"canonical\":\"json\"}", key: keys.ed25519)
        assertThrows(.badSignature,
                     try Utility.verifyEd25519(signature: signature, message: "other", key: keys.ed25519))
    }

    func testOneTimeKeysInKeyIDOrder() throws {
        let account = try Account()
        XCTAssertEqual(try account.oneTimeKeys, [])
        XCTAssertEqual(try account.maxOneTimeKeys, 50)
        XCTAssertEqual(try account.generateOneTimeKeys(count: 5), 0)
        let keys = try account.oneTimeKeys
        XCTAssertEqual(keys.count, 5)
        XCTAssertEqual(keys.map(\.keyID), ["AAAAAQ", "AAAAAg", "AAAAAw", "AAAABA", "AAAABQ"])
        XCTAssertEqual(Set(keys.map(\.key)).count, 5)
        try account.markKeysAsPublished()
        XCTAssertEqual(try account.oneTimeKeys, [])
        try account.generateOneTimeKeys(count: 2)
        XCTAssertEqual(try account.oneTimeKeys.map(\.keyID), ["AAAABg", "AAAABw"])
    }

    func testOneTimeKeyEvictionIsCounted() throws {
        let account = try Account()
        XCTAssertEqual(try account.generateOneTimeKeys(count: 100), 0)
        XCTAssertEqual(try account.generateOneTimeKeys(count: 3), 3)
        let keys = try account.oneTimeKeys
        XCTAssertEqual(keys.count, 100)
        XCTAssertEqual(keys.first?.keyID, "AAAABA", "the three oldest went")
        assertThrows(.tooManyKeys, try account.generateOneTimeKeys(count: 101))
    }

    func testFallbackKeys() throws {
        let account = try Account()
        XCTAssertNil(try account.fallbackKey)
        try account.generateFallbackKey()
        let fallback = try XCTUnwrap(try account.fallbackKey)
        XCTAssertEqual(fallback.key.count, 43)
        XCTAssertEqual(fallback.keyID.count, 6)
        try account.markKeysAsPublished()
        XCTAssertNil(try account.fallbackKey, "published: no longer reported")
        try account.generateFallbackKey()
        XCTAssertNotEqual(try account.fallbackKey?.key, fallback.key)
        try account.forgetOldFallbackKey()
        try account.forgetOldFallbackKey()
    }

    func testFallbackKeyMakesSessionsAndStays() throws {
        let alice = try Account()
        let bob = try Account()
        try bob.generateFallbackKey()
        let fallback = try XCTUnwrap(try bob.fallbackKey)
        for text in ["one", "two"] {
            let a = try alice.createOutboundSession(theirIdentityKey: try bob.identityKeys.curve25519,
                                                    theirOneTimeKey: fallback.key)
            let (_, decrypted) = try bob.createInboundSession(from: try a.encrypt(text))
            XCTAssertEqual(decrypted.text, text)
        }
    }

    func testPicklesBothFormats() throws {
        let account = try Account()
        try account.generateOneTimeKeys(count: 3)
        try account.generateFallbackKey()
        let native = try account.pickle(key: nativeKey)
        XCTAssertNotEqual(try account.pickle(key: nativeKey), native, "native pickles use a random nonce")
        let restored = try Account(pickle: native, key: nativeKey)
        XCTAssertEqual(try restored.identityKeys, try account.identityKeys)
        XCTAssertEqual(try restored.oneTimeKeys, try account.oneTimeKeys)
        XCTAssertEqual(try restored.fallbackKey, try account.fallbackKey)

        let libolm = try account.pickleLibolm(key: libolmKey)
        XCTAssertEqual(try account.pickleLibolm(key: libolmKey), libolm, "libolm's format is deterministic")
        let fromLibolm = try Account(libolmPickle: libolm, key: libolmKey)
        XCTAssertEqual(try fromLibolm.pickleLibolm(key: libolmKey), libolm)
        XCTAssertEqual(try fromLibolm.sign("x"), try account.sign("x"))
        XCTAssertEqual(try Account(pickle: try fromLibolm.pickle(key: nativeKey), key: nativeKey)
            .pickleLibolm(key: libolmKey), libolm)
    }

    func testPickleErrors() throws {
        let account = try Account()
        let native = try account.pickle(key: nativeKey)
        var wrong = nativeKey
        wrong[0] ^= 1
        assertThrows(.pickleBadKey, try Account(pickle: native, key: wrong))
        assertThrows(.badKeyLength, try Account(pickle: native, key: Data(count: 31)))
        assertThrows(.badKeyLength, try account.pickle(key: Data(count: 16)))
        assertThrows(.badBase64, try Account(pickle: native + "!", key: nativeKey))
        assertThrows(.pickleWrongType,
                     try Account(pickle: try OutboundGroupSession().pickle(key: nativeKey), key: nativeKey))
        let libolm = try account.pickleLibolm(key: libolmKey)
        assertThrows(.pickleBadKey, try Account(libolmPickle: libolm, key: Data("another key".utf8)))
        assertThrows(.badBase64, try Account(libolmPickle: "%%%%", key: libolmKey))
    }
}
