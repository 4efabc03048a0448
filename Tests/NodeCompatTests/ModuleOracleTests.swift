import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// ES modules against Node 20 and Node 24: `require()` of an ES module package, dynamic `import()` of ES modules,
/// CommonJS files and builtins, `import.meta`, the "import" condition of "exports", namespaces as Node shows them.
/// The fixture is a folder (Fixtures/esm) copied into a temporary tree, its packages under node_modules.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct ModuleOracleTests {
    /// A fixture folder copied into a temporary tree, and its main.js (which the oracle runs as oracle.js).
    static func tree(_ name: String = "esm") throws -> (ScratchFolder, String) {
        let folder = FixtureServer.fixtures.appendingPathComponent(name)
        var files: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        let main = files["main.js"] ?? ""
        files["main.js"] = nil
        return (try ScratchFolder(files: files), main)
    }

    @Test(arguments: [20, 24])
    func esModulesLoadAsInNode(major: Int) throws {
        let (tree, main) = try Self.tree()
        let expected = try NodeOracle.node(main, in: tree, major: major)
        let actual = try NodeOracle.jshost(main, in: tree, nodeMajor: major)
        #expect(expected.contains("method 1"))
        #expect(actual == expected)
    }
}
