// Interop with libolm through cliquet's vector files, made by Debian's
// libolm 3.2.13 (vectors/*/README.md): libolm's pickles must load and come
// back byte for byte, and what libolm computed must come out the same.
import Foundation
import XCTest
@testable import Cliquet

final class InteropTests: XCTestCase {
    func testLibolmMegolmPickles() throws {
        for c in try vectorCases("vectors/pickle/megolm.txt") {
            let key = hex(c["pickle_key"] ?? "")
            let count = try XCTUnwrap(UInt32(c["count"] ?? ""))
            let plaintext = hex(c["next_plaintext"] ?? "")
            let next = try XCTUnwrap(c["next_message"])

            let outboundPickle = try XCTUnwrap(c["outbound_pickle"])
            let outbound = try OutboundGroupSession(libolmPickle: outboundPickle, key: key)
            XCTAssertEqual(try outbound.pickleLibolm(key: key), outboundPickle)
            XCTAssertEqual(try outbound.messageIndex, count)
            // Megolm encryption draws no random bytes: libolm's next message.
            XCTAssertEqual(try outbound.encrypt(plaintext), next)

            let inboundPickle = try XCTUnwrap(c["inbound_pickle"])
            let inbound = try InboundGroupSession(libolmPickle: inboundPickle, key: key)
            XCTAssertEqual(try inbound.pickleLibolm(key: key), inboundPickle)
            let d = try inbound.decrypt(next)
            XCTAssertEqual(d.plaintext, plaintext)
            XCTAssertEqual(d.messageIndex, count)
            XCTAssertEqual(d.sessionID, try outbound.id)
            XCTAssertTrue(d.verified)
            XCTAssertFalse(d.imported)

            let importedPickle = try XCTUnwrap(c["imported_pickle"])
            let imported = try InboundGroupSession(libolmPickle: importedPickle, key: key)
            XCTAssertEqual(try imported.pickleLibolm(key: key), importedPickle)
            XCTAssertTrue(try imported.isImported, "libolm's unverified session reads back as imported")
            XCTAssertEqual(try imported.firstKnownIndex, count / 2)
            let di = try imported.decrypt(next)
            XCTAssertEqual(di.plaintext, plaintext)
            XCTAssertTrue(di.imported)
            assertThrows(.pickleBadKey, try InboundGroupSession(libolmPickle: inboundPickle, key: key + Data([0])))
        }
    }

    func testLibolmAccountPickles() throws {
        for c in try vectorCases("vectors/pickle/accounts.txt") {
            let key = hex(c["pickle_key"] ?? "")
            let pickle = try XCTUnwrap(c["pickle"])
            let account = try Account(libolmPickle: pickle, key: key)
            XCTAssertEqual(try account.pickleLibolm(key: key), pickle)
            let signature = try account.sign(hex(c["message"] ?? ""))
            XCTAssertEqual(signature, c["signature"])
            try Utility.verifyEd25519(signature: signature, message: hex(c["message"] ?? ""),
                                      key: try account.identityKeys.ed25519)

            // libolm listed the unpublished keys after one more: ours are the
            // same, in key-id order, without that newest one.
            let json = try XCTUnwrap(c["next_json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: String]]
            let listed = try XCTUnwrap(object?["curve25519"])
            func counter(_ id: String) throws -> UInt32 {
                try Utility.base64Decode(id).reduce(0) { $0 << 8 | UInt32($1) }
            }
            let sorted = try listed.sorted { try counter($0.key) < counter($1.key) }
            let expected = sorted.dropLast().map { OneTimeKey(keyID: $0.key, key: $0.value) }
            let ours = try account.oneTimeKeys
            // A full account (100 keys) evicted its oldest for libolm's new one.
            XCTAssertTrue(ours.count == expected.count || (ours.count == 100 && expected.count == 99),
                          "script \(c["script"] ?? ""): \(ours.count) keys, libolm \(expected.count)")
            XCTAssertTrue(Array(ours.suffix(expected.count)) == expected,
                          "script \(c["script"] ?? ""): the keys or their order differ from libolm's")
        }
    }

    func testLibolmConversationPickles() throws {
        // libolm's session pickle does not say whose session it is: the app
        // files it under the peer's key, made up here.
        let aliceFiled = try Account().identityKeys.curve25519
        let bobFiled = try Account().identityKeys.curve25519
        for c in try vectorCases("vectors/olm/conversations.txt") {
            let key = hex(c["pickle_key"] ?? "")
            let alicePickle = try XCTUnwrap(c["alice_pickle"])
            let bobPickle = try XCTUnwrap(c["bob_pickle"])
            let alice = try Session(libolmPickle: alicePickle, key: key, theirIdentityKey: bobFiled)
            let bob = try Session(libolmPickle: bobPickle, key: key, theirIdentityKey: aliceFiled)
            XCTAssertEqual(try alice.id, c["session_id"])
            XCTAssertEqual(try bob.id, c["session_id"])
            XCTAssertEqual(try alice.pickleLibolm(key: key), alicePickle)
            XCTAssertEqual(try bob.pickleLibolm(key: key), bobPickle)

            // The conversation goes on where libolm left it.
            let toBob = try bob.decrypt(try alice.encrypt("conversation \(c["conv"] ?? "")"))
            XCTAssertEqual(toBob.text, "conversation \(c["conv"] ?? "")")
            XCTAssertEqual(toBob.senderKey, aliceFiled)
            XCTAssertEqual(try alice.decrypt(try bob.encrypt("back")).text, "back")
        }
    }

    func testLibolmPkPickles() throws {
        for c in try vectorCases("vectors/pickle/pk.txt") {
            let key = hex(c["pickle_key"] ?? "")
            let pickle = try XCTUnwrap(c["pickle"])
            let decryption = try PkDecryption(libolmPickle: pickle, key: key)
            XCTAssertEqual(try decryption.publicKey, c["public"])
            XCTAssertEqual(try decryption.privateKey(), hex(c["private"] ?? ""))
            XCTAssertEqual(try decryption.pickleLibolm(key: key), pickle)
        }
    }

    func testLibolmBackups() throws {
        for c in try vectorCases("vectors/pk/backup.txt") {
            let decryption = try PkDecryption(privateKey: hex(c["private"] ?? ""))
            XCTAssertEqual(try decryption.publicKey, c["public"])
            let message = PkMessage(ciphertext: c["ciphertext"] ?? "", mac: c["mac"] ?? "",
                                    ephemeralKey: c["ephemeral"] ?? "")
            XCTAssertEqual(try decryption.decryptLegacyBackup(message), hex(c["plaintext"] ?? ""))
        }
    }

    func testLibolmSigning() throws {
        for c in try vectorCases("vectors/pk/signing.txt") {
            let signing = try PkSigning(seed: hex(c["seed"] ?? ""))
            XCTAssertEqual(try signing.publicKey, c["public"])
            let signature = try signing.sign(hex(c["message"] ?? ""))
            XCTAssertEqual(signature, c["signature"])
            try Utility.verifyEd25519(signature: signature, message: hex(c["message"] ?? ""),
                                      key: try signing.publicKey)
        }
    }
}
