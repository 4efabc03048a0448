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

    /// Runs a shell command line with `$JSHOST` naming the binary (for ulimit and the like).
    func shell(_ script: String) throws -> Execution {
        try execute("/bin/sh", ["-c", script])
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
