import Foundation
import JSEngine
@testable import NodeCompat

/// Collects what a runtime writes to stderr.
final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ chunk: String) { lock.withLock { text += chunk } }
    var value: String { lock.withLock { text } }
    var lines: [String] { value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
}

/// A temporary folder of files, removed when the value is released.
final class TemporaryTree {
    let root: String

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-test-\(UUID().uuidString)").path
        for (relative, contents) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

func makeRuntime(_ output: CapturedOutput, cwd: String = FileManager.default.currentDirectoryPath,
                 environment: [String: String] = ["JSHOST_TEST": "yes"], frozenNow: Date? = nil, nodeMajor: Int = 20) throws -> NodeRuntime {
    var options = NodeOptions(environment: environment, arguments: ["jshost", "main.js"], workingDirectory: cwd,
                              frozenNow: frozenNow, stderr: { output.append($0) })
    options.nodeMajor = nodeMajor
    return try NodeRuntime(options: options)
}

extension NodeRuntime {
    /// Runs `source` as Node runs a main module (`node file.js`), then the event loop until idle.
    func script(_ source: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-script-\(UUID().uuidString).js").path
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try requireMain(file)
        try runLoop()
    }
}
