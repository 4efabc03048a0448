import Foundation
import ComponentRuntime
import Synchronization
import TestSupport

/// Collects what a host emits and writes.
final class Recorder: Sendable {
    private let recordedEvents = Mutex<[ComponentEvent]>([])
    private let stderrText = CapturedText()
    func record(_ event: ComponentEvent) { recordedEvents.withLock { $0.append(event) } }
    func write(_ text: String) { stderrText.append(text) }
    var events: [ComponentEvent] { recordedEvents.withLock { $0 } }
    var names: [String] { events.map(\.name) }
    var stderr: String { stderrText.value }
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
    private let folder: ScratchFolder
    var directory: String { folder.root }
    let recorder = Recorder()

    init(functions: [String: String], actions: [String: String] = [:], extraFiles: [String: String] = [:]) throws {
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
        folder = try ScratchFolder("jshost-cmp", files: files)
    }

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
