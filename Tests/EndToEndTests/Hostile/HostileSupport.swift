import Foundation
import Testing

/// The catalogue of hostile and bad inputs (one file per family: permissions, snapshots, streams, CLI arguments,
/// resources). Each probe is what a hostile component author or a careless user did to jshost once; each test
/// says what must happen instead.
extension Workspace {
    /// A component with one trigger `t` whose main file is `code`; returns its folder.
    @discardableResult
    func component(_ code: String, name: String = "cmp", files: [String: String] = [:]) throws -> String {
        try write("\(name)/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try write("\(name)/t.js", code)
        for (path, contents) in files { try write("\(name)/\(path)", contents) }
        return root + "/" + name
    }

    /// Runs a shell command line with `$JSHOST` set to the binary (for ulimit and the like).
    func shell(_ script: String) throws -> Execution {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: Binary.packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["JSHOST_STATE_DIR"] = stateDirectory
        environment["JSHOST"] = Binary.path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = ContinuousClock.now
        try process.run()
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

extension Execution {
    /// The body of the first data event, as an object.
    func firstBody() throws -> [String: Any] {
        for line in stdoutLines {
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  event["event"] as? String == "data" else { continue }
            return try #require((event["data"] as? [String: Any])?["body"] as? [String: Any])
        }
        Issue.record("no data event in: \(stdout.prefix(500)) / \(stderr.suffix(500))")
        return [:]
    }

    var lastStderrLine: String { stderr.split(separator: "\n").last.map(String.init) ?? "" }
}
