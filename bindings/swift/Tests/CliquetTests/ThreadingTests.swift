// cliquet.h, rule 2: one object is used by one thread at a time, but
// different objects may be used on different threads at once.
import Dispatch
import Foundation
import XCTest
@testable import Cliquet

final class ThreadingTests: XCTestCase {
    func testSeparateObjectsOnSeparateThreads() {
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let (_, _, a, b) = try pairedSessions()
                let group = try OutboundGroupSession()
                let inbound = try InboundGroupSession(sessionKey: try group.sessionKey)
                for i in 0..<20 {
                    let text = "worker \(worker) message \(i)"
                    guard try b.decrypt(try a.encrypt(text)).text == text,
                          try inbound.decrypt(try group.encrypt(text)).text == text else {
                        outcomes.record("worker \(worker): wrong plaintext")
                        return
                    }
                }
                outcomes.record(nil)
            } catch {
                outcomes.record("worker \(worker): \(error)")
            }
        }
        XCTAssertEqual(outcomes.all.count, 4)
        XCTAssertEqual(outcomes.all.compactMap { $0 }, [])
    }

    /// The same for the objects of 1.1 and 1.2: ECIES channels, v2 and
    /// replay-checking Megolm sessions, dehydrated devices.
    func testNewerObjectsOnSeparateThreads() {
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let g = try EciesChannel(info: "worker \(worker)")
                let s = try EciesChannel(info: "worker \(worker)")
                _ = try g.establishInbound(try s.establishOutbound(theirKey: try g.publicKey, plaintext: "hi"))
                let group = try OutboundGroupSession(config: .v2)
                let inbound = try InboundGroupSession(sessionKey: try group.sessionKey, config: .v2)
                try inbound.setReplayDetection(true)
                for i in 0..<20 {
                    let text = "worker \(worker) message \(i)"
                    guard try g.decrypt(try s.encrypt(text)) == Data(text.utf8),
                          try inbound.decrypt(try group.encrypt(text)).replay == .firstTime else {
                        outcomes.record("worker \(worker): wrong plaintext or verdict")
                        return
                    }
                }
                let account = try Account()
                let key = Data(repeating: UInt8(worker), count: 32)
                let back = try Account(dehydratedDevice: try account.dehydrate(key: key), key: key)
                outcomes.record(try back.identityKeys == account.identityKeys ? nil : "worker \(worker): keys")
            } catch {
                outcomes.record("worker \(worker): \(error)")
            }
        }
        XCTAssertEqual(outcomes.all.count, 4)
        XCTAssertEqual(outcomes.all.compactMap { $0 }, [])
    }

    /// The value types cross isolation domains (checked when compiling:
    /// this does not build if one stops being Sendable).
    func testValueTypesAreSendable() async throws {
        func sendable<T: Sendable>(_ value: T) -> T { value }
        let device = try await Task.detached {
            let account = try Account()
            return sendable(try account.dehydrate(key: Data(count: 32)))
        }.value
        XCTAssertEqual(device.nonce.count, 16)
        _ = sendable(SessionConfig.v2)
        _ = sendable(SessionOrdering.better)
        _ = sendable(ReplayVerdict.sameMessage)
        _ = sendable(ReplayDetection(isEnabled: true, entries: 1, evicted: 0))
    }
}

/// What each worker ended with; a lock makes it safe to share, hence
/// @unchecked Sendable (the test's own helper, not the library's).
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String?] = []

    func record(_ failure: String?) {
        lock.lock()
        results.append(failure)
        lock.unlock()
    }

    var all: [String?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
