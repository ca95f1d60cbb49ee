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
