import Foundation
import Testing
import TestSupport

/// jshost's own JavaScript (the builtins' and the executor's `.js` files) is valid for Node itself.
@Suite(.enabled(if: TestRequirements.met(TestRequirements.node != nil), "needs Node to check the scripts"))
struct EmbeddedScriptTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static var scripts: [String] {
        let walker = FileManager.default.enumerator(atPath: sources.path)
        var found: [String] = []
        while let relative = walker?.nextObject() as? String {
            if relative.hasSuffix(".js") { found.append(sources.appendingPathComponent(relative).path) }
        }
        return found.sorted()
    }

    @Test func everyEmbeddedScriptPassesNodeCheck() throws {
        let scripts = Self.scripts
        #expect(scripts.count >= 30, "found \(scripts.count) scripts under \(Self.sources.path)")
        for script in scripts {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(TestRequirements.node))
            process.arguments = ["--check", script]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(script): \(text)")
        }
    }
}
