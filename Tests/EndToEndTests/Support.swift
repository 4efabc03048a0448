import Foundation
import Testing

/// The built `jshost` binary next to the test bundle (or $JSHOST_BIN).
enum Binary {
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["JSHOST_BIN"] { return explicit }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("jshost").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "jshost"
    }()

    /// The package root, for the sample components.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()
}

struct Execution {
    var status: Int32
    var stdout: String
    var stderr: String
    var duration: Duration
    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Bodies of the data events on stdout.
    var dataBodies: [String] {
        stdoutLines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["event"] as? String == "data",
                  let data = object["data"] as? [String: Any], let body = data["body"],
                  let json = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            else { return nil }
            return String(decoding: json, as: UTF8.self)
        }
    }
}

/// A scratch folder with its own state store; each test gets one. Immutable, so it may be used from any thread.
final class Workspace: Sendable {
    /// Where workspaces are made: outside `/tmp`, because a component's paths under `/tmp` lead to its step's own
    /// folder unless it was given them, and the tests hand components paths in their workspace (logs, marks, files
    /// they may not reach).
    static let base = "/var/tmp"

    let root: String
    var stateDirectory: String { root + "/state" }

    init(base: String = Workspace.base) throws {
        root = URL(fileURLWithPath: base).appendingPathComponent("jshost-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relative: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs jshost with the workspace's state store, from the package root.
    func jshost(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Execution {
        try execute(Binary.path, arguments, environment: extra)
    }

    /// Runs a program from the package root with the workspace's state store and `$JSHOST` naming the binary.
    func execute(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> Execution {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Binary.packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["JSHOST_STATE_DIR"] = stateDirectory
        environment["JSHOST"] = Binary.path
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = ContinuousClock.now
        try process.run()
        // Read both pipes while the process runs so a full pipe cannot block it.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
        return Execution(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), duration: started.duration(to: .now))
    }
}
