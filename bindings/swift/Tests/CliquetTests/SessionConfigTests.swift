// Session configs (docs/session-config.md): v2 round trips, v1/v2
// mismatches refused with badMessageVersion and nothing changed, pickles,
// and vectors/v2/.
import Foundation
import XCTest
@testable import Cliquet

final class SessionConfigTests: XCTestCase {
    /// The pickle key of vectors/v2/ (ASCII).
    let vectorKey = Data("cliquet v2 vectors".utf8)

    func testDefaultIsV1() throws {
        let (_, _, a, b) = try pairedSessions()
        XCTAssertEqual(try a.config, .v1)
        XCTAssertEqual(try b.config, .v1)
        let outbound = try OutboundGroupSession()
        XCTAssertEqual(try outbound.config, .v1)
        XCTAssertEqual(try InboundGroupSession(sessionKey: try outbound.sessionKey).config, .v1)
        XCTAssertEqual(SessionConfig.allCases.map(\.rawValue), [1, 2])
    }

    func testOlmV2RoundTripAndMismatch() throws {
        let alice = try Account()
        let bob = try Account()
        try bob.generateOneTimeKeys(count: 1)
        let otk = try XCTUnwrap(try bob.oneTimeKeys.first)
        let a = try alice.createOutboundSession(theirIdentityKey: try bob.identityKeys.curve25519,
                                                theirOneTimeKey: otk.key, config: .v2)
        XCTAssertEqual(try a.config, .v2)
        let first = try a.encrypt("v2 hello")

        // Bob expecting v1: refused before the one-time key is looked for;
        // the account is unchanged.
        let before = try bob.pickleLibolm(key: libolmKey)
        assertThrows(.badMessageVersion, try bob.createInboundSession(from: first))
        assertThrows(.badMessageVersion, try bob.createInboundSession(from: first, config: .v1))
        XCTAssertEqual(try bob.pickleLibolm(key: libolmKey), before, "the refusal changed the account")
        XCTAssertEqual(try bob.oneTimeKeys, [otk])

        let (b, got) = try bob.createInboundSession(from: first, config: .v2)
        XCTAssertEqual(got.text, "v2 hello")
        XCTAssertEqual(try b.config, .v2)
        let reply = try b.encrypt("v2 reply")
        XCTAssertEqual(try a.decrypt(reply).text, "v2 reply")
        XCTAssertEqual(try b.decrypt(try a.encrypt("again")).text, "again")

        // A v1 session refuses a v2 message and is left as it was.
        let (_, _, v1a, v1b) = try pairedSessions()
        let v1Before = try v1b.pickleLibolm(key: libolmKey)
        assertThrows(.badMessageVersion, try v1b.decrypt(try b.encrypt("to the wrong session")))
        XCTAssertEqual(try v1b.pickleLibolm(key: libolmKey), v1Before)
        // And a v2 session refuses a v1 message.
        assertThrows(.badMessageVersion, try a.decrypt(try v1b.encrypt("v1")))
        XCTAssertEqual(try v1a.decrypt(try v1b.encrypt("still fine")).text, "still fine")

        // The native pickle keeps the config; libolm's format cannot.
        let restored = try Session(pickle: try a.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try restored.config, .v2)
        XCTAssertEqual(try restored.decrypt(try b.encrypt("after restore")).text, "after restore")
        assertThrows(.pickleLossy, try a.pickleLibolm(key: libolmKey))
    }

    func testMegolmV2RoundTripAndMismatch() throws {
        let outbound = try OutboundGroupSession(config: .v2)
        XCTAssertEqual(try outbound.config, .v2)
        let key = try outbound.sessionKey
        let m = try outbound.encrypt("v2 room message")

        let v2 = try InboundGroupSession(sessionKey: key, config: .v2)
        XCTAssertEqual(try v2.config, .v2)
        XCTAssertEqual(try v2.decrypt(m).text, "v2 room message")

        // The same key taken as v1 (a key does not say its config): the
        // message is refused and the session unchanged.
        let v1 = try InboundGroupSession(sessionKey: key)
        let before = try v1.pickleLibolm(key: libolmKey)
        assertThrows(.badMessageVersion, try v1.decrypt(m))
        XCTAssertEqual(try v1.pickleLibolm(key: libolmKey), before)
        assertThrows(.badMessageVersion, try v2.decrypt(try OutboundGroupSession().encrypt("v1")))

        // Imports take a config too; v1 and v2 copies are never connected.
        let imported = try InboundGroupSession(importing: try v2.export(at: 0), config: .v2)
        XCTAssertEqual(try imported.config, .v2)
        XCTAssertEqual(try imported.decrypt(m).text, "v2 room message")
        XCTAssertEqual(try v2.compare(imported), .equal)
        XCTAssertEqual(try v2.compare(v1), .unconnected)
        assertThrows(.unconnectedSessions, try v2.merged(with: v1))
        let importedV1 = try InboundGroupSession(importing: try v2.export(at: 0))
        XCTAssertEqual(try importedV1.config, .v1)
        assertThrows(.badMessageVersion, try importedV1.decrypt(m))

        // Pickles: native keeps v2, libolm's refuses it even when lossy.
        let o2 = try OutboundGroupSession(pickle: try outbound.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try o2.config, .v2)
        let i2 = try InboundGroupSession(pickle: try v2.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try i2.config, .v2)
        XCTAssertEqual(try i2.decrypt(try o2.encrypt("restored")).text, "restored")
        assertThrows(.pickleLossy, try outbound.pickleLibolm(key: libolmKey))
        assertThrows(.pickleLossy, try v2.pickleLibolm(key: libolmKey))
        assertThrows(.pickleLossy, try v2.pickleLibolm(key: libolmKey, lossy: true))
    }

    /// vectors/v2/megolm.txt: every message decrypts at its index with the
    /// signed session key taken as v2, and is refused as v1.
    func testMegolmV2Vectors() throws {
        var sessions: [String: InboundGroupSession] = [:]
        for c in try vectorCases("vectors/v2/megolm.txt") {
            let key = try XCTUnwrap(c["session_key"])
            let session = try sessions[key] ?? InboundGroupSession(sessionKey: key, config: .v2)
            sessions[key] = session
            let message = try XCTUnwrap(c["message"])
            let d = try session.decrypt(message)
            XCTAssertEqual(d.plaintext, hex(c["plaintext"] ?? ""))
            XCTAssertEqual(d.messageIndex, UInt32(c["index"] ?? ""))
            XCTAssertTrue(d.verified)
            assertThrows(.badMessageVersion, try InboundGroupSession(sessionKey: key).decrypt(message))
        }
        XCTAssertEqual(sessions.count, 3)
    }

    /// vectors/v2/olm.txt: Bob's account (a libolm pickle) reads Alice's v2
    /// pre-key message as v2 and refuses it as v1. Alice's session comes as
    /// a libolm pickle, which always loads as v1 (the binding has no way to
    /// move it to v2), so Bob's v2 reply is checked by its refusal there.
    func testOlmV2Vectors() throws {
        for c in try vectorCases("vectors/v2/olm.txt") {
            let preKey = OlmMessage(type: .preKey, ciphertext: try XCTUnwrap(c["pre_key_message"]))
            let bob = try Account(libolmPickle: try XCTUnwrap(c["bob_pickle"]), key: vectorKey)
            assertThrows(.badMessageVersion, try bob.createInboundSession(from: preKey, config: .v1))
            let (session, d) = try bob.createInboundSession(from: preKey, config: .v2)
            XCTAssertEqual(d.plaintext, hex(c["plaintext"] ?? ""))
            XCTAssertEqual(try session.config, .v2)

            // Alice's session as libolm keeps it is v1: her v2 reply is
            // refused there, by version, not by MAC.
            let alice = try Session(libolmPickle: try XCTUnwrap(c["alice_pickle"]), key: vectorKey,
                                    theirIdentityKey: try bob.identityKeys.curve25519)
            XCTAssertEqual(try alice.config, .v1)
            let reply = OlmMessage(type: .normal, ciphertext: try XCTUnwrap(c["reply_message"]))
            assertThrows(.badMessageVersion, try alice.decrypt(reply))
        }
    }
}
