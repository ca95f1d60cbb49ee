// Dehydrated devices (MSC3814; docs/dehydrated-devices.md): round trips,
// refusals, and vectors/dehydrated/devices.txt (made with OpenSSL, not
// cliquet), whose cliquet-made rows are rebuilt byte for byte through
// cliquet_random.h.
import CCliquet
import CCliquet.Random
import Foundation
import XCTest
@testable import Cliquet

final class DehydratedDeviceTests: XCTestCase {
    let deviceKey = Data((0..<32).map { UInt8(255 - $0) })

    /// Alice's first message to a key of `device`'s (a one-time or
    /// fallback key, base64), which the rehydrated account must read.
    func assertReads(_ account: Account, identityKey: String, oneTimeKey: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let alice = try Account()
        let session = try alice.createOutboundSession(theirIdentityKey: identityKey, theirOneTimeKey: oneTimeKey)
        let (_, d) = try account.createInboundSession(from: try session.encrypt("to the dehydrated device"))
        XCTAssertEqual(d.text, "to the dehydrated device", file: file, line: line)
    }

    func testRoundTrip() throws {
        let account = try Account()
        try account.generateOneTimeKeys(count: 3)
        let otks = try account.oneTimeKeys
        try account.generateFallbackKey()
        let fallback = try XCTUnwrap(try account.fallbackKey)
        let before = try account.pickleLibolm(key: libolmKey)

        let device = try account.dehydrate(key: deviceKey)
        XCTAssertEqual(device.nonce.count, 16)
        XCTAssertEqual(DehydratedDevice.keyByteCount, 32)
        XCTAssertEqual(try account.pickleLibolm(key: libolmKey), before, "dehydrating changes nothing")
        XCTAssertNotEqual(try account.dehydrate(key: deviceKey), device, "a fresh nonce every time")

        let rehydrated = try Account(dehydratedDevice: device, key: deviceKey)
        let keys = try account.identityKeys
        XCTAssertEqual(try rehydrated.identityKeys, keys)
        XCTAssertEqual(try rehydrated.oneTimeKeys, [], "every key comes back published")
        XCTAssertNil(try rehydrated.fallbackKey)
        XCTAssertEqual(try rehydrated.sign("signed"), try account.sign("signed"))
        try assertReads(rehydrated, identityKey: keys.curve25519, oneTimeKey: otks[1].key)
        try assertReads(rehydrated, identityKey: keys.curve25519, oneTimeKey: fallback.key)
        // A device from the value the app stored (the server's JSON fields).
        let stored = DehydratedDevice(ciphertext: device.ciphertext, nonce: device.nonce)
        XCTAssertEqual(try Account(dehydratedDevice: stored, key: deviceKey).identityKeys, keys)
    }

    func testRefusals() throws {
        let account = try Account()
        try account.generateOneTimeKeys(count: 2)
        let device = try account.dehydrate(key: deviceKey)
        var wrongKey = deviceKey
        wrongKey[0] ^= 1

        assertThrows(.pickleBadKey, try Account(dehydratedDevice: device, key: wrongKey))
        assertThrows(.badKeyLength, try Account(dehydratedDevice: device, key: deviceKey.prefix(31)))
        assertThrows(.badKeyLength, try account.dehydrate(key: Data(count: 33)))
        assertThrows(.badKeyLength, try account.dehydrate(key: Data()))
        let changed = DehydratedDevice(ciphertext: tampered(device.ciphertext), nonce: device.nonce)
        assertThrows(.pickleBadKey, try Account(dehydratedDevice: changed, key: deviceKey))
        let otherNonce = DehydratedDevice(ciphertext: device.ciphertext, nonce: tampered(device.nonce, at: 3))
        assertThrows(.pickleBadKey, try Account(dehydratedDevice: otherNonce, key: deviceKey))
        let shortNonce = DehydratedDevice(ciphertext: device.ciphertext, nonce: "AAAAAAAAAAA")
        assertThrows(.badNonceLength, try Account(dehydratedDevice: shortNonce, key: deviceKey))
        let notBase64 = DehydratedDevice(ciphertext: device.ciphertext + "!", nonce: device.nonce)
        assertThrows(.badBase64, try Account(dehydratedDevice: notBase64, key: deviceKey))
        XCTAssertEqual(CliquetError.badNonceLength.code, 101)
        XCTAssertEqual(CliquetError.accountNoSeed.code, 100)

        // libolm keeps the Ed25519 key expanded, without the seed.
        let fromLibolm = try Account(libolmPickle: try account.pickleLibolm(key: libolmKey), key: libolmKey)
        assertThrows(.accountNoSeed, try fromLibolm.dehydrate(key: deviceKey))
        XCTAssertEqual(CliquetError.accountNoSeed.name, "CLIQUET_ERR_ACCOUNT_NO_SEED")
    }

    /// The account a vector row's random bytes make, as test_dehydrated.c
    /// makes it: one call for the one-time keys, 32 bytes a fallback key.
    func vectorAccount(_ c: [String: String]) throws -> Account {
        let accountRandom = hex(c["account_random"] ?? "")
        let otkRandom = hex(c["otk_random"] ?? "")
        let fallbackRandom = hex(c["fallback_random"] ?? "")
        let account = Account(handle: try withBytes(accountRandom) { r, rl in
            try makeObject { cliquet_account_new_with_random($0, r, rl) }
        })
        if !otkRandom.isEmpty {
            try withBytes(otkRandom) { r, rl in
                try check(cliquet_account_generate_one_time_keys_with_random(account.handle, rl / 32, nil, r, rl))
            }
        }
        for start in stride(from: 0, to: fallbackRandom.count, by: 32) {
            try withBytes(fallbackRandom.subdata(in: start..<start + 32)) { r, rl in
                try check(cliquet_account_generate_fallback_key_with_random(account.handle, r, rl))
            }
        }
        return account
    }

    func testVectors() throws {
        var rebuilt = 0
        var refused = 0
        for c in try vectorCases("vectors/dehydrated/devices.txt") {
            let name = c["name"] ?? ""
            let key = hex(c["key"] ?? "")
            let device = DehydratedDevice(ciphertext: c["ciphertext"] ?? "", nonce: c["nonce"] ?? "")
            if c["account_random"] != "-" {
                // Given the row's nonce, cliquet seals exactly the row's bytes.
                let account = try vectorAccount(c)
                let nonce = try Utility.base64Decode(device.nonce)
                let (ciphertext, outNonce) = try withBytes(key) { k, kl in
                    try withBytes(nonce) { n, nl in
                        try withScratchText(Int(CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE)) { out, _ in
                            let text = try sizedText {
                                cliquet_account_to_dehydrated_device_with_random(account.handle, $0, $1, $2,
                                                                                 out, k, kl, n, nl)
                            }
                            return (text, String(cString: out))
                        }
                    }
                }
                XCTAssertEqual(ciphertext, device.ciphertext, name)
                XCTAssertEqual(outNonce, device.nonce, name)
                rebuilt += 1
            }
            guard c["status"] == "CLIQUET_OK" else {
                do {
                    _ = try Account(dehydratedDevice: device, key: key)
                    XCTFail("\(name): rehydrated, expected \(c["status"] ?? "")")
                } catch let error as CliquetError {
                    XCTAssertEqual(error.name, c["status"], name)
                }
                refused += 1
                continue
            }
            let account = try Account(dehydratedDevice: device, key: key)
            let keys = try account.identityKeys
            XCTAssertEqual(keys.curve25519, c["curve25519"], name)
            XCTAssertEqual(keys.ed25519, c["ed25519"], name)
            // Its first and last one-time keys and its fallback key work:
            // a pre-key message to each decrypts.
            let otks = hex(c["otk_publics"] ?? "")
            var publics: [Data] = []
            if otks.count >= 32 {
                publics.append(otks.prefix(32))
            }
            if otks.count >= 64 {
                publics.append(otks.suffix(32))
            }
            if c["fallback_public"] != "-" {
                publics.append(hex(c["fallback_public"] ?? ""))
            }
            for p in publics {
                try assertReads(account, identityKey: keys.curve25519, oneTimeKey: try Utility.base64Encode(p))
            }
        }
        XCTAssertEqual(rebuilt, 3)
        XCTAssertEqual(refused, 15)
    }
}
