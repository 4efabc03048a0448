import Foundation
import ComponentRuntime

/// Collects what a host emits and writes.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recordedEvents: [ComponentEvent] = []
    private var stderrText = ""
    func record(_ event: ComponentEvent) { lock.withLock { recordedEvents.append(event) } }
    func write(_ text: String) { lock.withLock { stderrText += text } }
    var events: [ComponentEvent] { lock.withLock { recordedEvents } }
    var names: [String] { events.map(\.name) }
    var stderr: String { lock.withLock { stderrText } }
    /// Parsed JSON of each log line on stderr.
    var logRecords: [[String: Any]] {
        stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
    func json(_ index: Int) -> Any? {
        guard index < events.count, let json = events[index].json else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }
}

/// A component written on the fly: one trigger per entry of `functions` (name → source of its main file).
final class TestComponent {
    let directory: String
    let recorder = Recorder()

    init(functions: [String: String], actions: [String: String] = [:], extraFiles: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-cmp-\(UUID().uuidString)").path
        var triggers: [String: Any] = [:]
        var actionDefs: [String: Any] = [:]
        var files = extraFiles
        for (name, source) in functions {
            triggers[name] = ["main": "./lib/\(name).js", "title": name]
            files["lib/\(name).js"] = source
        }
        for (name, source) in actions {
            actionDefs[name] = ["main": "./lib/\(name).js", "title": name]
            files["lib/\(name).js"] = source
        }
        let componentJSON = try JSONSerialization.data(withJSONObject: ["title": "test", "triggers": triggers, "actions": actionDefs])
        files["component.json"] = String(decoding: componentJSON, as: UTF8.self)
        for (relative, contents) in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func host(_ adjust: (inout HostConfiguration) -> Void = { _ in }) throws -> ComponentHost {
        var configuration = HostConfiguration()
        configuration.timeout = .seconds(10)
        configuration.logLevel = "debug"
        configuration.workingDirectory = directory
        configuration.environment = ["JSHOST_TEST": "1"]
        let recorder = self.recorder
        configuration.stderr = { recorder.write($0) }
        adjust(&configuration)
        return try ComponentHost(component: try ComponentDescriptor(directory: directory), configuration: configuration,
                                 onEvent: { recorder.record($0) })
    }

    /// Runs `function` once.
    @discardableResult
    func run(_ function: String? = nil, msg: String = #"{"body":{}}"#, cfg: String = "{}", snapshot: String = "{}",
             host existing: ComponentHost? = nil,
             configure: (inout HostConfiguration) -> Void = { _ in }) throws -> RunOutcome {
        let host = try existing ?? self.host(configure)
        let chosen = try host.component.function(named: function)
        return try host.process(function: chosen, messageJSON: msg, cfgJSON: cfg, snapshotJSON: snapshot)
    }
}
