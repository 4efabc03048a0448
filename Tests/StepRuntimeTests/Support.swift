import ComponentRuntime
import Foundation
import SQLiteStore
import SnapshotStore
import StepRuntime
import JSHostCore

/// A component written into a temporary folder: one action per entry (name → source of its main file).
struct TemporaryComponent {
    let directory: String

    init(actions: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-step-\(UUID().uuidString)").path
        var definitions: [String: Any] = [:]
        for (name, source) in actions {
            definitions[name] = ["main": "./lib/\(name).js", "title": name]
            try Self.write(source, to: "lib/\(name).js", in: directory)
        }
        let json = try JSONSerialization.data(withJSONObject: ["title": "test", "actions": definitions])
        try Self.write(String(decoding: json, as: UTF8.self), to: "component.json", in: directory)
    }

    private static func write(_ text: String, to relative: String, in directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The step that runs `action` as `key`, with what a test needs: a deadline, no environment, logs kept.
    func step(_ action: String, key: StepKey, logs: LogLines = LogLines()) throws -> StepDefinition {
        let descriptor = try ComponentDescriptor(directory: directory)
        var host = HostConfiguration()
        host.timeout = .seconds(20)
        host.environment = [:]
        host.workingDirectory = directory
        host.stderr = { logs.append($0) }
        return StepDefinition(key: key, component: descriptor, function: try descriptor.function(named: action),
                              cfgJSON: "{}", host: host)
    }
}

/// Collects text written from any thread.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A fresh SQLite store in a temporary folder.
func temporaryStore() throws -> SQLiteSnapshotStore {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-step-\(UUID().uuidString)/state.sqlite").path
    return try SQLiteSnapshotStore(path: path)
}

/// Runs `body` on a thread of its own (a runner is confined to one thread, as its engine is) and waits for it.
func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// The iteration counter: counts its runs in the snapshot and emits the count.
let counterSource = """
    exports.process = async function (msg, cfg, snapshot) {
      snapshot.iteration = (snapshot.iteration || 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
      await this.emit('snapshot', snapshot);
      await this.emit('data', { body: { iteration: snapshot.iteration } });
      await this.emit('end');
    };
    """
