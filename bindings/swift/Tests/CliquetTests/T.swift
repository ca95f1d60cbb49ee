import XCTest
@testable import Cliquet
final class T: XCTestCase { func testX() {} }
