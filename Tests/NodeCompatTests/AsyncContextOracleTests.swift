import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// AsyncLocalStorage against Node: stores across awaits of every expression shape, promise callbacks, timers,
/// nextTick, nested and concurrent runs, a file loaded before async_hooks, an ES module, `enterWith`, `exit`,
/// `snapshot` and `AsyncResource.bind` (Fixtures/als).
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct AsyncContextOracleTests {
    @Test func storesFollowAwaitsAsInNode() throws {
        let (tree, main) = try ModuleOracleTests.tree("als")
        let expected = try NodeOracle.node(main, in: tree)
        let actual = try NodeOracle.jshost(main, in: tree)
        #expect(expected.contains(#"["module",[{"id":2},{"id":2}]]"#))
        #expect(actual == expected)
    }
}
