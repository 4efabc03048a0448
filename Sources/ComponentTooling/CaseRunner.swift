import Foundation
import ComponentRuntime
import NodeCompat
import JSHostCore
import Synchronization

/// Runs one test case in fresh contexts, with the clock fixed and no state store, and records what happened
/// as the document its golden file holds.
public struct CaseRunner: Sendable {
    public var component: ComponentDescriptor
    public var timeout: Duration = .seconds(20)
    public var snapshotLimit: SnapshotLimit = .elasticio
    /// `process.env` of every case before the case's own variables: empty unless the caller passes one
    /// (`jshost test` passes its own environment).
    public var environment: [String: String] = [:]

    public init(component: ComponentDescriptor) {
        self.component = component
    }

    public struct Result: @unchecked Sendable {  // `document` is JSON values only (Any), never mutated after the run
        // @unchecked: `document` holds only JSON values (dictionaries, arrays, strings, numbers), never mutated.
        /// The normalised record, as a JSON value.
        public var document: Any
        /// Logs and console output of the case, for showing on failure.
        public var logs: String
        /// A load error, timeout or crash, with a code frame where one can be shown.
        public var problem: String?
    }

    static let completedOutcomes: Set<String> = ["completed", "completed without end", "init failed"]

    public func run(_ testCase: TestCase) -> Result {
        let normalizer = EventNormalizer(componentDirectory: component.directory)
        let logs = LogBuffer()
        var configuration = HostConfiguration()
        configuration.timeout = timeout
        configuration.frozenNow = testCase.now
        configuration.snapshotLimit = snapshotLimit
        configuration.flowID = "test"
        configuration.logLevel = "info"
        configuration.workingDirectory = component.directory
        configuration.environment = environment.merging(testCase.environment) { $1 }
        configuration.stderr = { logs.append($0) }
        // As `jshost run` grants: read the component's folder, write a scratch folder of the case's own.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-case-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        configuration.permissions = Permissions(readable: [component.directory], writable: [scratch])
        // Cases are run by `jshost test`: denials name its flags, as `jshost run`'s do.
        configuration.permissions.namesFlags = true
        configuration.environment["TMPDIR"] = scratch
        configuration.temporaryFolder = scratch

        var problem: String?
        func failureRecord(_ error: ComponentError) -> String {
            if error.code == .moduleLoad, let cause = error.cause, let location = CodeFrame.location(of: cause) {
                problem = CodeFrame.render(location).map { error.description + "\n" + $0 }
            }
            if error.code == .crashed, let cause = error.cause, let location = CodeFrame.location(of: cause) {
                problem = CodeFrame.render(location).map { error.description + "\n" + $0 }
            }
            if problem == nil { problem = error.description }
            return normalizer.normalize(error.description)
        }

        switch testCase.call {
        case .process(let runs):
            var records: [[String: Any]] = []
            var snapshot = testCase.snapshotJSON
            for (index, input) in runs.enumerated() {
                let events = EventList()
                configuration.stepID = "\(testCase.name).\(index + 1)"
                var record: [String: Any] = [:]
                do {
                    let host = try ComponentHost(component: component, configuration: configuration, onEvent: { events.append($0) })
                    let function = try component.function(named: testCase.function)
                    let outcome = try host.process(function: function, messageJSON: input.messageJSON,
                                                   cfgJSON: input.cfgJSON, snapshotJSON: snapshot)
                    if let next = outcome.snapshotJSON, !outcome.initFailed { snapshot = next }
                    record["outcome"] = outcome.initFailed ? "init failed" : (outcome.endEmitted ? "completed" : "completed without end")
                } catch {
                    record["outcome"] = failureRecord(error)
                }
                record["events"] = events.values.map { event -> [String: Any] in
                    var entry: [String: Any] = ["event": event.name]
                    if let json = event.json { entry["data"] = (try? JSONText.parse(json)).map(normalizer.normalize) ?? json }
                    return entry
                }
                records.append(record)
                // A run that did not complete ends the chain: later runs would start from a state no real run reaches.
                if !Self.completedOutcomes.contains(record["outcome"] as? String ?? "") { break }
            }
            return Result(document: ["runs": records], logs: logs.text, problem: problem)

        case .verifyCredentials(let cfg):
            do {
                let host = try ComponentHost(component: component, configuration: configuration, onEvent: { _ in })
                let result = try host.verifyCredentials(cfgJSON: cfg)
                return Result(document: ["verifyCredentials": normalizer.normalize((try? JSONText.parse(result)) ?? result)],
                              logs: logs.text, problem: nil)
            } catch {
                return Result(document: ["verifyCredentials": ["failure": failureRecord(error)]], logs: logs.text, problem: problem)
            }

        case .model(let method, let cfg):
            let events = EventList()
            var record: [String: Any] = ["method": method]
            do {
                let host = try ComponentHost(component: component, configuration: configuration, onEvent: { events.append($0) })
                let function = try component.function(named: testCase.function)
                let result = try host.model(function: function, method: method, cfgJSON: cfg)
                record["result"] = normalizer.normalize((try? JSONText.parse(result)) ?? result)
            } catch where error.code == .functionFailed {
                let reply = error.replyJSON ?? "{}"
                record["failure"] = normalizer.normalize((try? JSONText.parse(reply)) ?? reply)
            } catch {
                record["failure"] = failureRecord(error)
            }
            if !events.values.isEmpty {
                record["events"] = events.values.map { ["event": $0.name, "data": normalizer.normalize((try? JSONText.parse($0.json ?? "null")) ?? NSNull())] }
            }
            return Result(document: ["model": record], logs: logs.text, problem: problem)
        }
    }
}

/// Thread-safe accumulators for callbacks typed @Sendable.
final class LogBuffer: Sendable {
    private let buffer = Mutex("")
    func append(_ text: String) { buffer.withLock { $0 += text } }
    var text: String { buffer.withLock { $0 } }
}

final class EventList: Sendable {
    private let events = Mutex<[ComponentEvent]>([])
    func append(_ event: ComponentEvent) { events.withLock { $0.append(event) } }
    var values: [ComponentEvent] { events.withLock { $0 } }
}
