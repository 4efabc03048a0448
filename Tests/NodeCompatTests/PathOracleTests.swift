import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// `path` and `path.win32` over paths with every edge case Node's algorithms have (roots, drives, UNC shares, dots,
/// trailing separators), and `matchesGlob` on both; Node v20 is the oracle (Fixtures/path-cases.js).
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct PathOracleTests {
    @Test func pathsAsNodeReadsThem() throws {
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("path-cases.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree)
        let actual = try NodeOracle.jshost(source, in: tree)
        #expect(expected.contains("glob bad"))
        #expect(actual == expected)
    }
}
