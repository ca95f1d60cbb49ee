import Foundation
import XCTest
@testable import Cliquet

final class GroupSessionTests: XCTestCase {
    func testSendAndReceive() throws {
        let outbound = try OutboundGroupSession()
        XCTAssertEqual(try outbound.messageIndex, 0)
        XCTAssertEqual(try outbound.id.count, 43)
        let key = try outbound.sessionKey
        let inbound = try InboundGroupSession(sessionKey: key)
        XCTAssertEqual(try inbound.id, try outbound.id)
        XCTAssertEqual(try inbound.firstKnownIndex, 0)
        XCTAssertTrue(try inbound.isVerified)
        XCTAssertFalse(try inbound.isImported)

        let m0 = try outbound.encrypt("zero")
        let m1 = try outbound.encrypt(Data([1, 2, 3]))
        XCTAssertEqual(try outbound.messageIndex, 2)
        let d1 = try inbound.decrypt(m1)
        XCTAssertEqual(d1.plaintext, Data([1, 2, 3]))
        XCTAssertEqual(d1.messageIndex, 1)
        XCTAssertEqual(d1.sessionID, try outbound.id)
        XCTAssertTrue(d1.verified)
        XCTAssertFalse(d1.imported)
        let d0 = try inbound.decrypt(m0)
        XCTAssertEqual(d0.text, "zero")
        XCTAssertEqual(d0.messageIndex, 0)
        XCTAssertEqual(try inbound.decrypt(m0).text, "zero", "a replay decrypts: the caller detects it")
    }

    func testLateJoinerAndExport() throws {
        let outbound = try OutboundGroupSession()
        let early = try outbound.encrypt("before")
        let late = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        XCTAssertEqual(try late.firstKnownIndex, 1)
        assertThrows(.unknownMessageIndex, try late.decrypt(early))
        let m = try outbound.encrypt("after")

        let export = try late.export(at: 1)
        let imported = try InboundGroupSession(importing: export)
        XCTAssertTrue(try imported.isImported)
        XCTAssertFalse(try imported.isVerified)
        assertThrows(.unknownMessageIndex, try late.export(at: 0))
        let d = try imported.decrypt(m)
        XCTAssertEqual(d.text, "after")
        XCTAssertTrue(d.imported)
        XCTAssertTrue(d.verified, "libolm's flag: verified once a message decrypts")
        XCTAssertTrue(try imported.isVerified)
        XCTAssertTrue(try imported.isImported)
        XCTAssertEqual(try imported.export(at: 1), export)
    }

    func testErrorsChangeNothing() throws {
        let outbound = try OutboundGroupSession()
        let inbound = try InboundGroupSession(importing: try InboundGroupSession(sessionKey: try outbound.sessionKey).export(at: 0))
        let m = try outbound.encrypt("hello")
        let before = try inbound.pickleLibolm(key: libolmKey)
        assertThrows(.badSignature, try inbound.decrypt(tampered(m, at: m.count - 3)))
        assertThrows(.badBase64, try inbound.decrypt(m + "!"))
        assertThrows(.badMessageVersion, try inbound.decrypt(tampered(m, at: 0)))
        let other = try OutboundGroupSession()
        assertThrows(.badSignature, try inbound.decrypt(try other.encrypt("x")))
        XCTAssertFalse(try inbound.isVerified, "no failed decryption verified it")
        XCTAssertEqual(try inbound.pickleLibolm(key: libolmKey), before, "failed decryptions change nothing")

        assertThrows(.badBase64, try InboundGroupSession(sessionKey: "not a key"))
        assertThrows(.badSessionKey, try InboundGroupSession(sessionKey: "AAAA"))
        let key = try outbound.sessionKey
        assertThrows(.badSignature, try InboundGroupSession(sessionKey: tampered(key, at: key.count - 3)))
        assertThrows(.badSessionKey, try InboundGroupSession(importing: "AAAA"))
    }

    func testPicklesBothFormats() throws {
        let outbound = try OutboundGroupSession()
        let inbound = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        _ = try outbound.encrypt("one")

        let o2 = try OutboundGroupSession(pickle: try outbound.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try o2.id, try outbound.id)
        XCTAssertEqual(try o2.messageIndex, 1)
        let olib = try outbound.pickleLibolm(key: libolmKey)
        XCTAssertEqual(try OutboundGroupSession(libolmPickle: olib, key: libolmKey).pickleLibolm(key: libolmKey), olib)
        XCTAssertEqual(try o2.pickleLibolm(key: libolmKey), olib)

        let i2 = try InboundGroupSession(pickle: try inbound.pickle(key: nativeKey), key: nativeKey)
        let ilib = try inbound.pickleLibolm(key: libolmKey)
        let i3 = try InboundGroupSession(libolmPickle: ilib, key: libolmKey)
        let m = try o2.encrypt("two")
        XCTAssertEqual(try i2.decrypt(m).text, "two")
        XCTAssertEqual(try i3.decrypt(m).text, "two")
        XCTAssertEqual(try inbound.decrypt(m).messageIndex, 1)

        // An imported session that has decrypted cannot say so in libolm's
        // format: refused unless lossy, which drops the imported flag.
        let imported = try InboundGroupSession(importing: try inbound.export(at: 0))
        _ = try imported.decrypt(m)
        assertThrows(.pickleLossy, try imported.pickleLibolm(key: libolmKey))
        let lossy = try InboundGroupSession(libolmPickle: try imported.pickleLibolm(key: libolmKey, lossy: true), key: libolmKey)
        XCTAssertFalse(try lossy.isImported)
        XCTAssertTrue(try InboundGroupSession(pickle: try imported.pickle(key: nativeKey), key: nativeKey).isImported)

        assertThrows(.pickleBadKey, try InboundGroupSession(pickle: try inbound.pickle(key: nativeKey), key: Data(count: 32)))
        assertThrows(.pickleWrongType, try InboundGroupSession(pickle: try outbound.pickle(key: nativeKey), key: nativeKey))
        assertThrows(.pickleBadKey, try OutboundGroupSession(libolmPickle: olib, key: Data("wrong".utf8)))
    }
}
