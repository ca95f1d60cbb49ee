// Inbound Megolm sessions: comparing and merging copies, advancing, the
// export at the first known index, and replay detection.
import Foundation
import XCTest
@testable import Cliquet

final class GroupSessionStateTests: XCTestCase {
    func testCompareAndMerge() throws {
        let outbound = try OutboundGroupSession()
        let early = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        let m0 = try outbound.encrypt("zero")
        let m1 = try outbound.encrypt("one")
        let late = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        XCTAssertEqual(try late.firstKnownIndex, 2)

        XCTAssertEqual(try early.compare(late), .better)
        XCTAssertEqual(try late.compare(early), .worse)
        XCTAssertEqual(try early.compare(early), .equal)
        XCTAssertEqual(try early.compare(InboundGroupSession(importing: try early.export())), .equal)
        let stranger = try InboundGroupSession(sessionKey: try OutboundGroupSession().sessionKey)
        XCTAssertEqual(try early.compare(stranger), .unconnected)
        XCTAssertEqual(try stranger.compare(late), .unconnected)

        // The merge is the earlier copy, whichever side it is on.
        for merged in [try late.merged(with: early), try early.merged(with: late)] {
            XCTAssertEqual(try merged.firstKnownIndex, 0)
            XCTAssertEqual(try merged.id, try outbound.id)
            XCTAssertEqual(try merged.decrypt(m0).text, "zero")
            XCTAssertEqual(try merged.decrypt(m1).text, "one")
            XCTAssertEqual(try merged.compare(early), .equal)
        }
        XCTAssertEqual(try late.firstKnownIndex, 2, "merging changed neither")
        assertThrows(.unconnectedSessions, try early.merged(with: stranger))
    }

    func testMergeFlags() throws {
        let outbound = try OutboundGroupSession()
        let signedEarly = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        let m0 = try outbound.encrypt("zero")
        let signedLate = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        let importedEarly = try InboundGroupSession(importing: try signedEarly.export())
        let importedLate = try InboundGroupSession(importing: try signedLate.export())
        XCTAssertTrue(try importedEarly.isImported)
        XCTAssertFalse(try importedEarly.isVerified)

        // An earlier unsigned ratchet that reaches a signed one is as
        // authentic as it: verified if either is, imported only if both are.
        let mixed = try importedEarly.merged(with: signedLate)
        XCTAssertEqual(try mixed.firstKnownIndex, 0)
        XCTAssertTrue(try mixed.isVerified)
        XCTAssertFalse(try mixed.isImported)
        let d = try mixed.decrypt(m0)
        XCTAssertFalse(d.imported)

        let bothImported = try importedEarly.merged(with: importedLate)
        XCTAssertTrue(try bothImported.isImported)
        XCTAssertFalse(try bothImported.isVerified)
    }

    /// An export with the right session id but another ratchet (a forgery)
    /// is not a copy of the session.
    func testForgedExportIsUnconnected() throws {
        let outbound = try OutboundGroupSession()
        let genuine = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        // An export: version (1), index (4), ratchet (128), public key (32).
        var bytes = try Utility.base64Decode(try genuine.export())
        XCTAssertEqual(bytes.count, 165)
        bytes[5] ^= 1
        let forged = try InboundGroupSession(importing: try Utility.base64Encode(bytes))
        XCTAssertEqual(try forged.id, try genuine.id)
        XCTAssertEqual(try genuine.compare(forged), .unconnected)
        XCTAssertEqual(try forged.compare(genuine), .unconnected)
        assertThrows(.unconnectedSessions, try genuine.merged(with: forged))
    }

    func testAdvanceAndExport() throws {
        let outbound = try OutboundGroupSession()
        let inbound = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        let messages = try (0..<3).map { try outbound.encrypt("m\($0)") }

        XCTAssertEqual(try inbound.export(), try inbound.export(at: 0))
        XCTAssertFalse(try inbound.advance(to: 0), "not after the first known index: nothing changes")
        XCTAssertTrue(try inbound.advance(to: 2))
        XCTAssertEqual(try inbound.firstKnownIndex, 2)
        assertThrows(.unknownMessageIndex, try inbound.decrypt(messages[1]))
        XCTAssertEqual(try inbound.decrypt(messages[2]).text, "m2")
        XCTAssertFalse(try inbound.advance(to: 1), "an index forgotten stays forgotten")
        XCTAssertEqual(try inbound.firstKnownIndex, 2)
        XCTAssertEqual(try inbound.export(), try inbound.export(at: 2))
        assertThrows(.unknownMessageIndex, try inbound.export(at: 1))
        let copy = try InboundGroupSession(importing: try inbound.export())
        XCTAssertEqual(try copy.firstKnownIndex, 2)
        XCTAssertEqual(try copy.decrypt(messages[2]).text, "m2")
    }

    func testReplayDetection() throws {
        let outbound = try OutboundGroupSession()
        let saved = try outbound.pickle(key: nativeKey)
        let inbound = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        let m0 = try outbound.encrypt("zero")

        XCTAssertEqual(try inbound.replayDetection, ReplayDetection(isEnabled: false, entries: 0, evicted: 0))
        XCTAssertEqual(try inbound.decrypt(m0).replay, .off)
        XCTAssertEqual(try inbound.decrypt(m0).replay, .off, "off: a replay decrypts, unnoticed")

        try inbound.setReplayDetection(true)
        try inbound.setReplayDetection(true)
        XCTAssertEqual(try inbound.replayDetection, ReplayDetection(isEnabled: true, entries: 0, evicted: 0))
        XCTAssertEqual(try inbound.decrypt(m0).replay, .firstTime)
        XCTAssertEqual(try inbound.decrypt(m0).replay, .sameMessage)
        XCTAssertEqual(try inbound.replayDetection.entries, 1)

        // The sender's key signing another message at index 0: the session
        // from the saved pickle is the sender's ratchet again.
        let rewound = try OutboundGroupSession(pickle: saved, key: nativeKey)
        let forgery = try rewound.encrypt("another zero")
        XCTAssertNotEqual(forgery, m0)
        assertThrows(.messageIndexReused, try inbound.decrypt(forgery))
        XCTAssertEqual(try inbound.replayDetection.entries, 1)
        XCTAssertEqual(try inbound.decrypt(m0).replay, .sameMessage, "the refusal changed nothing")

        // The record travels in native pickles; libolm's cannot hold it.
        let restored = try InboundGroupSession(pickle: try inbound.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try restored.replayDetection, ReplayDetection(isEnabled: true, entries: 1, evicted: 0))
        XCTAssertEqual(try restored.decrypt(m0).replay, .sameMessage)
        assertThrows(.messageIndexReused, try restored.decrypt(forgery))
        assertThrows(.pickleLossy, try inbound.pickleLibolm(key: libolmKey))
        let dropped = try InboundGroupSession(libolmPickle: try inbound.pickleLibolm(key: libolmKey, lossy: true),
                                              key: libolmKey)
        XCTAssertFalse(try dropped.replayDetection.isEnabled)
        XCTAssertEqual(try dropped.decrypt(forgery).text, "another zero", "without the record it cannot tell")

        // Off again: the entries are wiped.
        try inbound.setReplayDetection(false)
        XCTAssertEqual(try inbound.replayDetection, ReplayDetection(isEnabled: false, entries: 0, evicted: 0))
        XCTAssertEqual(try inbound.decrypt(forgery).replay, .off)
        XCTAssertEqual(try inbound.pickleLibolm(key: libolmKey), try dropped.pickleLibolm(key: libolmKey))
    }

    func testReplayRecordIsBounded() throws {
        let capacity = InboundGroupSession.replayRecordCapacity
        XCTAssertEqual(capacity, 128)
        let outbound = try OutboundGroupSession()
        let inbound = try InboundGroupSession(sessionKey: try outbound.sessionKey)
        try inbound.setReplayDetection(true)
        let messages = try (0..<(capacity + 2)).map { try outbound.encrypt("m\($0)") }
        for m in messages {
            XCTAssertEqual(try inbound.decrypt(m).replay, .firstTime)
        }
        XCTAssertEqual(try inbound.replayDetection,
                       ReplayDetection(isEnabled: true, entries: capacity, evicted: 2))
        // Indices 0 and 1 were dropped, the lowest first: the record cannot
        // tell any more, and says so.
        XCTAssertEqual(try inbound.decrypt(messages[0]).replay, .untracked)
        XCTAssertEqual(try inbound.decrypt(messages[1]).replay, .untracked)
        XCTAssertEqual(try inbound.decrypt(messages[2]).replay, .sameMessage)
        XCTAssertEqual(try inbound.replayDetection.entries, capacity)

        // Merging folds the records; advancing drops what it makes
        // unreachable.
        let other = try InboundGroupSession(importing: try inbound.export())
        try other.setReplayDetection(true)
        let merged = try inbound.merged(with: other)
        XCTAssertTrue(try merged.replayDetection.isEnabled)
        XCTAssertEqual(try merged.decrypt(messages[5]).replay, .sameMessage)
        XCTAssertTrue(try merged.advance(to: 100))
        XCTAssertEqual(try merged.replayDetection.entries, capacity + 2 - 100)
    }
}
