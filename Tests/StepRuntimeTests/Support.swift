import ComponentRuntime
import Foundation
import SQLiteStore
import SnapshotStore
import StepRuntime
import JSHostCore
import TestSupport

/// A component written into a temporary folder: one action per entry (name → source of its main file).
struct TemporaryComponent {
    private let folder: ScratchFolder
    var directory: String { folder.root }

    init(actions: [String: String]) throws {
        var definitions: [String: Any] = [:]
        var files: [String: String] = [:]
        for (name, source) in actions {
            definitions[name] = ["main": "./lib/\(name).js", "title": name]
            files["lib/\(name).js"] = source
        }
        let json = try JSONSerialization.data(withJSONObject: ["title": "test", "actions": definitions])
        files["component.json"] = String(decoding: json, as: UTF8.self)
        folder = try ScratchFolder("jshost-step", files: files)
    }

    /// The step that runs `action` as `key`, with what a test needs: a deadline, no environment, logs kept.
    func step(_ action: String, key: StepKey, logs: CapturedLines = CapturedLines()) throws -> StepDefinition {
        let descriptor = try ComponentDescriptor(directory: directory)
        var host = HostConfiguration()
        host.timeout = .seconds(20)
        host.environment = [:]
        host.workingDirectory = directory
        // The step keeps the folder: the component's files last as long as something may load them.
        host.stderr = { [folder] text in withExtendedLifetime(folder) { logs.append(text) } }
        return StepDefinition(key: key, component: descriptor, function: try descriptor.function(named: action),
                              cfgJSON: "{}", host: host)
    }
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
