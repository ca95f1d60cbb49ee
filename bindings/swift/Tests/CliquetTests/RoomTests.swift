// Three devices in a room: Olm sessions carry each sender's Megolm session
// key, Megolm carries the room's messages, and every device restarts from
// its pickles midway.
import Foundation
import XCTest
@testable import Cliquet

/// One device as an app would hold it: the account, an Olm session per
/// peer device, its own outbound Megolm session and one inbound per sender.
final class Device {
    let name: String
    var account: Account
    var olm: [String: Session] = [:]          // peer curve25519 key -> session
    var outbound: OutboundGroupSession
    var inbound: [String: InboundGroupSession] = [:]  // session id -> session

    /// The one-time keys this device uploaded, as the server holds them.
    var uploaded: [OneTimeKey] = []

    init(_ name: String) throws {
        self.name = name
        account = try Account()
        outbound = try OutboundGroupSession()
        try account.generateOneTimeKeys(count: 4)
        uploaded = try account.oneTimeKeys
        try account.markKeysAsPublished()
    }

    var curve: String { get throws { try account.identityKeys.curve25519 } }

    /// Claims one of `peer`'s one-time keys as the server would hand it out.
    func claim(from peer: Device) throws -> String {
        XCTAssertFalse(peer.uploaded.isEmpty, "\(peer.name) has keys on the server")
        return peer.uploaded.removeFirst().key
    }

    /// Sends this device's Megolm session key to `peer` over Olm.
    func shareRoomKey(with peer: Device) throws -> OlmMessage {
        let peerKey = try peer.curve
        if olm[peerKey] == nil {
            olm[peerKey] = try account.createOutboundSession(theirIdentityKey: peerKey,
                                                             theirOneTimeKey: try claim(from: peer))
        }
        let session = try XCTUnwrap(olm[peerKey])
        return try session.encrypt("m.room_key \(try outbound.sessionKey)")
    }

    /// Receives an m.room_key over Olm from `sender`.
    func receiveRoomKey(_ message: OlmMessage, from sender: Device) throws {
        let senderKey = try sender.curve
        let decrypted: OlmDecrypted
        if let session = olm[senderKey], try message.type == .normal || session.matches(message, theirIdentityKey: senderKey) {
            decrypted = try session.decrypt(message)
        } else {
            let (session, first) = try account.createInboundSession(from: message, theirIdentityKey: senderKey)
            olm[senderKey] = session
            decrypted = first
        }
        XCTAssertEqual(decrypted.senderKey, senderKey, "the room key came from the sender's device")
        let text = try XCTUnwrap(decrypted.text)
        XCTAssertTrue(text.hasPrefix("m.room_key "))
        let group = try InboundGroupSession(sessionKey: String(text.dropFirst("m.room_key ".count)))
        inbound[try group.id] = group
    }

    func read(_ message: String, sessionID: String) throws -> MegolmDecrypted {
        let session = try XCTUnwrap(inbound[sessionID], "\(name) has no key for \(sessionID)")
        return try session.decrypt(message)
    }

    /// Saves everything, forgets it, and loads it back, as after a restart:
    /// native pickles, or libolm's format.
    func restart(libolmFormat: Bool) throws {
        let key = libolmFormat ? libolmKey : nativeKey
        func save(_ pickle: () throws -> String, _ libolm: () throws -> String) throws -> String {
            try libolmFormat ? libolm() : pickle()
        }
        let savedAccount = try save({ try account.pickle(key: key) }, { try account.pickleLibolm(key: key) })
        let savedOutbound = try save({ try outbound.pickle(key: key) }, { try outbound.pickleLibolm(key: key) })
        let savedOlm = try olm.mapValues { s in try save({ try s.pickle(key: key) }, { try s.pickleLibolm(key: key) }) }
        let savedInbound = try inbound.mapValues { s in try save({ try s.pickle(key: key) }, { try s.pickleLibolm(key: key) }) }
        let before = try account.pickleLibolm(key: libolmKey)

        if libolmFormat {
            account = try Account(libolmPickle: savedAccount, key: key)
            outbound = try OutboundGroupSession(libolmPickle: savedOutbound, key: key)
            olm = try Dictionary(uniqueKeysWithValues: savedOlm.map { peer, p in
                (peer, try Session(libolmPickle: p, key: key, theirIdentityKey: peer))
            })
            inbound = try savedInbound.mapValues { try InboundGroupSession(libolmPickle: $0, key: key) }
        } else {
            account = try Account(pickle: savedAccount, key: key)
            outbound = try OutboundGroupSession(pickle: savedOutbound, key: key)
            olm = try savedOlm.mapValues { try Session(pickle: $0, key: key) }
            inbound = try savedInbound.mapValues { try InboundGroupSession(pickle: $0, key: key) }
        }
        XCTAssertEqual(try account.pickleLibolm(key: libolmKey), before, "\(name): the same account after a restart")
    }
}

final class RoomTests: XCTestCase {
    func testThreeDeviceRoom() throws {
        let devices = try ["alice", "bob", "carol"].map { try Device($0) }

        func shareAll() throws {
            for sender in devices {
                for peer in devices where peer !== sender {
                    try peer.receiveRoomKey(try sender.shareRoomKey(with: peer), from: sender)
                }
            }
        }

        func talk(_ round: String) throws {
            for sender in devices {
                let text = "\(sender.name): \(round)"
                let index = try sender.outbound.messageIndex
                let message = try sender.outbound.encrypt(text)
                for peer in devices where peer !== sender {
                    let got = try peer.read(message, sessionID: try sender.outbound.id)
                    XCTAssertEqual(got.text, text)
                    XCTAssertEqual(got.messageIndex, index)
                    XCTAssertEqual(got.sessionID, try sender.outbound.id)
                    XCTAssertTrue(got.verified)
                    XCTAssertFalse(got.imported)
                }
            }
        }

        try shareAll()
        try talk("hello")
        try talk("how are you")
        for d in devices { try d.restart(libolmFormat: false) }
        try talk("after a restart")
        try shareAll()  // the Olm sessions go on, now with normal messages
        for d in devices { try d.restart(libolmFormat: true) }
        try talk("after a restart through libolm's format")

        // Carol rotates her session; the others learn the new key over Olm
        // and still read her old messages with the old one.
        let carol = devices[2]
        let oldID = try carol.outbound.id
        let oldMessage = try carol.outbound.encrypt("old session")
        carol.outbound = try OutboundGroupSession()
        for peer in devices where peer !== carol {
            try peer.receiveRoomKey(try carol.shareRoomKey(with: peer), from: carol)
        }
        try talk("rotated")
        for peer in devices where peer !== carol {
            XCTAssertEqual(try peer.read(oldMessage, sessionID: oldID).text, "old session")
            XCTAssertEqual(peer.inbound.count, 3)
        }
    }
}
