import Foundation
import TestSupport
import JSEngine
@testable import NodeCompat

func makeRuntime(_ output: CapturedText, cwd: String = FileManager.default.currentDirectoryPath,
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
