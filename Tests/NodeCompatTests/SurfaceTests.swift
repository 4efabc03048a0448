import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// How much of Node 20's builtin surface jshost offers, member by member (Fixtures/surface.js names them), and the
/// table of it in docs/builtins.md, which must say what this measures: the doc's "Surface" section is written from
/// the measure (`JSHOST_UPDATE_SURFACE=1` rewrites it), so a member added or lost shows up as a difference here.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct SurfaceTests {
    /// Raised as the surface grows; the goal is 95 % overall and no module under 85 %.
    static let overallFloor = 0.95
    static let moduleFloor = 0.85

    /// Members left out on purpose, by module: servers (a component does not listen) and what only servers use.
    /// They are not counted; the doc lists them with the reason.
    static let leftOut: [String: [String]] = [
        "http": ["Server", "Server.", "ServerResponse.prototype."],
        "https": ["Server", "Server."],
        "net": ["Server.prototype."],
        "tls": ["Server", "Server."],
    ]

    static func isLeftOut(_ module: String, _ name: String) -> Bool {
        (leftOut[module] ?? []).contains { $0.hasSuffix(".") ? name.hasPrefix($0) : name == $0 }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/builtins.md")

    struct Coverage {
        var module: String
        var node: [String]
        var missing: [String]
        var fraction: Double { node.isEmpty ? 1 : Double(node.count - missing.count) / Double(node.count) }
    }

    static func measure() throws -> [Coverage] {
        let source = try String(contentsOf: fixtures.appendingPathComponent("surface.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        func parse(_ text: String) throws -> [String: [String]?] {
            let line = text.split(separator: "\n").last.map(String.init) ?? ""
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object.mapValues { $0 as? [String] }
        }
        let node = try parse(try NodeOracle.node(source, in: tree))
        let jshost = try parse(try NodeOracle.jshost(source, in: tree))
        return node.keys.sorted().map { module in
            let expected = ((node[module] ?? nil) ?? []).filter { !isLeftOut(module, $0) }
            let offered = Set((jshost[module] ?? nil) ?? [])
            return Coverage(module: module, node: expected, missing: expected.filter { !offered.contains($0) })
        }
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.1f %%", fraction * 100) }

    /// The doc's section, from the heading to the end of the file.
    static func section(_ coverage: [Coverage]) -> String {
        let total = coverage.reduce(0) { $0 + $1.node.count }
        let missing = coverage.reduce(0) { $0 + $1.missing.count }
        var text = """
            ## Surface

            Every member of each builtin's module, and of the classes it exports (their statics and prototypes), that
            Node 20 has, counted against jshost by `Tests/NodeCompatTests/SurfaceTests.swift` (names beginning with
            `_` are not counted; `globals` are Node's globals beyond what JavaScript itself defines). The test fails
            when this table stops saying what it measures. Overall: **\(percent(Double(total - missing) / Double(total)))**
            (\(total - missing) of \(total)).

            | module | Node 20's members | jshost has | share |
            |---|---|---|---|

            """
        for entry in coverage {
            text += "| `\(entry.module)` | \(entry.node.count) | \(entry.node.count - entry.missing.count) | \(percent(entry.fraction)) |\n"
        }
        text += "\nLeft out on purpose and not counted (a component does not listen, so it has no servers): "
        text += leftOut.keys.sorted().map { module in "`\(module)`: " + leftOut[module]!.map { "`\($0.hasSuffix(".") ? $0 + "*" : $0)`" }.joined(separator: ", ") }.joined(separator: "; ")
        text += ".\n"
        text += "\n### Members still missing\n\n"
        for entry in coverage where !entry.missing.isEmpty {
            text += "- `\(entry.module)`: " + entry.missing.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        return text
    }

    @Test func theDocSaysWhatIsMeasuredAndTheFloorsHold() throws {
        let coverage = try Self.measure()
        let expected = Self.section(coverage)
        var document = try String(contentsOf: Self.doc, encoding: .utf8)
        let heading = try #require(document.range(of: "## Surface\n"), "docs/builtins.md has no Surface section")
        let current = String(document[heading.lowerBound...])
        if ProcessInfo.processInfo.environment["JSHOST_UPDATE_SURFACE"] == "1", current != expected {
            document.replaceSubrange(heading.lowerBound..., with: expected)
            try document.write(to: Self.doc, atomically: true, encoding: .utf8)
        } else {
            #expect(current == expected, "docs/builtins.md's Surface section is out of date: run with JSHOST_UPDATE_SURFACE=1")
        }
        let total = coverage.reduce(0) { $0 + $1.node.count }
        let missing = coverage.reduce(0) { $0 + $1.missing.count }
        #expect(Double(total - missing) / Double(total) >= Self.overallFloor)
        for entry in coverage {
            #expect(entry.fraction >= Self.moduleFloor, "\(entry.module): \(Self.percent(entry.fraction))")
        }
    }
}
