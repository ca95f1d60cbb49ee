import Foundation
import XCTest
@testable import Cliquet

final class PkTests: XCTestCase {
    func testBackupRoundTrip() throws {
        let decryption = try PkDecryption()
        let encryption = try PkEncryption(recipientKey: try decryption.publicKey)
        let message = try encryption.encryptLegacyBackup("{\"session_key\":\"...\"}")
        XCTAssertEqual(message.mac.count, 11)
        XCTAssertEqual(message.ephemeralKey.count, 43)
        XCTAssertEqual(try decryption.decryptLegacyBackup(message), Data("{\"session_key\":\"...\"}".utf8))
        let bytes = try encryption.encryptLegacyBackup(Data([9, 8, 7]))
        XCTAssertEqual(try decryption.decryptLegacyBackup(bytes), Data([9, 8, 7]))

        let privateKey = try decryption.privateKey()
        XCTAssertEqual(privateKey.count, 32)
        let again = try PkDecryption(privateKey: privateKey)
        XCTAssertEqual(try again.publicKey, try decryption.publicKey)

        assertThrows(.badMessageMAC, try decryption.decryptLegacyBackup(
            PkMessage(ciphertext: message.ciphertext, mac: tampered(message.mac, at: 2), ephemeralKey: message.ephemeralKey)))
        assertThrows(.badBase64, try decryption.decryptLegacyBackup(
            PkMessage(ciphertext: "!" + message.ciphertext.dropFirst(), mac: message.mac, ephemeralKey: message.ephemeralKey)))
        assertThrows(.badKeyLength, try decryption.decryptLegacyBackup(
            PkMessage(ciphertext: message.ciphertext, mac: message.mac, ephemeralKey: "AAAA")))
        assertThrows(.badKeyLength, try PkEncryption(recipientKey: "AAAA"))
        assertThrows(.badBase64, try PkEncryption(recipientKey: "?"))
        assertThrows(.badKeyLength, try PkDecryption(privateKey: Data(count: 31)))
    }

    func testPickles() throws {
        let decryption = try PkDecryption()
        let native = try PkDecryption(pickle: try decryption.pickle(key: nativeKey), key: nativeKey)
        XCTAssertEqual(try native.privateKey(), try decryption.privateKey())
        let libolm = try decryption.pickleLibolm(key: libolmKey)
        let fromLibolm = try PkDecryption(libolmPickle: libolm, key: libolmKey)
        XCTAssertEqual(try fromLibolm.publicKey, try decryption.publicKey)
        XCTAssertEqual(try fromLibolm.pickleLibolm(key: libolmKey), libolm)
        assertThrows(.pickleBadKey, try PkDecryption(libolmPickle: libolm, key: Data("wrong".utf8)))
        assertThrows(.pickleBadKey, try PkDecryption(pickle: try decryption.pickle(key: nativeKey), key: Data(count: 32)))
    }

    func testSigning() throws {
        let signing = try PkSigning()
        let seed = try signing.seed()
        XCTAssertEqual(seed.count, 32)
        let same = try PkSigning(seed: seed)
        XCTAssertEqual(try same.publicKey, try signing.publicKey)
        let signature = try signing.sign("cross-signing")
        XCTAssertEqual(try same.sign(Data("cross-signing".utf8)), signature, "Ed25519 is deterministic")
        try Utility.verifyEd25519(signature: signature, message: "cross-signing", key: try signing.publicKey)
        assertThrows(.badKeyLength, try PkSigning(seed: Data(count: 33)))
    }
}

final class SasTests: XCTestCase {
    func testTwoSidesAgree() throws {
        let alice = try Sas()
        let bob = try Sas()
        XCTAssertFalse(try alice.isTheirKeySet)
        assertThrows(.sasNoTheirKey, try alice.generateBytes(count: 6, info: "info"))
        assertThrows(.sasNoTheirKey, try alice.calculateMac("m", info: "i"))
        try alice.setTheirKey(try bob.publicKey)
        try bob.setTheirKey(try alice.publicKey)
        XCTAssertTrue(try alice.isTheirKeySet)

        let info = "MATRIX_KEY_VERIFICATION_SAS|test"
        let bytes = try alice.generateBytes(count: 6, info: info)
        XCTAssertEqual(bytes.count, 6)
        XCTAssertEqual(try bob.generateBytes(count: 6, info: info), bytes)
        XCTAssertEqual(try alice.generateBytes(count: 0, info: info), Data())
        XCTAssertNotEqual(try alice.generateBytes(count: 6, info: "other"), bytes)
        assertThrows(.inputTooLarge, try alice.generateBytes(count: 8161, info: info))

        XCTAssertEqual(try alice.calculateMac("key", info: "mac info"), try bob.calculateMac("key", info: "mac info"))
        XCTAssertEqual(try alice.calculateMacLegacyBase64("key", info: "i"), try bob.calculateMacLegacyBase64("key", info: "i"))
        XCTAssertEqual(try alice.calculateMacLongKdf("key", info: "i"), try bob.calculateMacLongKdf("key", info: "i"))
        XCTAssertNotEqual(try alice.calculateMac("key", info: "i"), try alice.calculateMacLegacyBase64("key", info: "i"))
    }

    func testBadKeysChangeNothing() throws {
        let alice = try Sas()
        let bob = try Sas()
        try alice.setTheirKey(try bob.publicKey)
        let before = try alice.generateBytes(count: 32, info: "i")
        assertThrows(.badBase64, try alice.setTheirKey("!!"))
        assertThrows(.badKeyLength, try alice.setTheirKey("AAAA"))
        assertThrows(.zeroSharedSecret, try alice.setTheirKey(try Utility.base64Encode(Data(count: 32))))
        XCTAssertEqual(try alice.generateBytes(count: 32, info: "i"), before)
    }
}

final class UtilityTests: XCTestCase {
    func testVersionAndAES() throws {
        XCTAssertEqual(Utility.version, "1.2.0")
        let impl = try Utility.aesImplementation()
        XCTAssertTrue(impl == .hardware || impl == .bitsliced)
    }

    func testSHA256() throws {
        // SHA-256("") in unpadded base64.
        XCTAssertEqual(try Utility.sha256(Data()), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")
        XCTAssertEqual(try Utility.sha256("abc"), try Utility.sha256(Data("abc".utf8)))
    }

    func testBase64() throws {
        XCTAssertEqual(try Utility.base64Encode(Data()), "")
        XCTAssertEqual(try Utility.base64Encode(Data("foobar".utf8)), "Zm9vYmFy")
        XCTAssertEqual(try Utility.base64Encode(Data("fo".utf8)), "Zm8")
        XCTAssertEqual(try Utility.base64Decode("Zm8"), Data("fo".utf8))
        XCTAssertEqual(try Utility.base64Decode(""), Data())
        assertThrows(.badBase64, try Utility.base64Decode("Zm8="))
        assertThrows(.badBase64, try Utility.base64Decode("Zm9"), "trailing bits")
        assertThrows(.badBase64, try Utility.base64Decode("Z"))
        assertThrows(.badBase64, try Utility.base64Decode("Zm-_"))
    }

    func testVerifyErrors() throws {
        let account = try Account()
        let key = try account.identityKeys.ed25519
        let signature = try account.sign("m")
        assertThrows(.badBase64, try Utility.verifyEd25519(signature: signature, message: "m", key: key + "="))
        assertThrows(.badKeyLength, try Utility.verifyEd25519(signature: signature, message: "m", key: "AAAA"))
        assertThrows(.badSignature, try Utility.verifyEd25519(signature: "AAAA", message: "m", key: key))
        assertThrows(.badSignature, try Utility.verifyEd25519(signature: tampered(signature, at: 10), message: "m", key: key))
    }

    func testErrorCarriesStatus() {
        XCTAssertEqual(CliquetError.badMessageMAC.code, 42)
        XCTAssertEqual(CliquetError.badMessageMAC.name, "CLIQUET_ERR_BAD_MESSAGE_MAC")
        XCTAssertEqual(CliquetError.pickleBadKey.description, "CLIQUET_ERR_PICKLE_BAD_KEY (70)")
        XCTAssertNotEqual(CliquetError.badBase64, CliquetError.badKey)
        do {
            _ = try Utility.base64Decode("!")
            XCTFail("decoded")
        } catch CliquetError.badBase64 {
            // matched by pattern, as apps will
        } catch {
            XCTFail("\(error)")
        }
    }
}
