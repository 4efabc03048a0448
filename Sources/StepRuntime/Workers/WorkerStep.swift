import ComponentRuntime
import Foundation
import NodeCompat
import SnapshotStore
import JSHostCore

/// A step as a supervised worker runs it: everything the worker process needs, as data it can be sent.
public struct WorkerStep: Codable, Sendable, Equatable {
    public var flow: String
    public var step: String
    public var componentDirectory: String
    public var function: String
    public var cfgJSON = "{}"
    public var flowVariablesJSON = "{}"
    /// Seconds one message may take; the worker's engine stops it then, and the supervisor kills the worker if
    /// it has not answered shortly after.
    public var timeoutSeconds: Double = 60
    /// Most memory the step may use: alone in its worker process, the process's resident memory (over it the
    /// supervisor kills the process); beside other steps, its engine's heap (over it the engine stops the run and
    /// is let go).
    public var memoryLimitBytes = 1 << 30
    public var snapshotLimitBytes = SnapshotLimit.elasticio.bytes
    public var logLevel = "info"
    /// `process.env` of the component: nothing of the supervisor's own.
    public var environment: [String: String] = [:]
    /// `process.cwd()`; the component's folder when nil.
    public var workingDirectory: String?
    /// The step's scratch folder (its TMPDIR), where paths under `/tmp` lead.
    public var temporaryFolder: String?
    /// What the component may read and write; nil: everything.
    public var readable: [String]?
    public var writable: [String]?
    /// nil: any host; empty: none.
    public var networkHosts: [String]?
    /// The store the worker commits to (a StoreLocation's text, which the worker opens with the opener it was given).
    public var store: String
    public var historyDepth = SnapshotHistory.defaultDepth
    /// Seconds a run waits for the step's lease when another owner holds it.
    public var leaseWaitSeconds: Double = 30
    /// In a flow: what a run sends on, queued in its commit.
    public var forwarding: Forwarding?
    /// The kinds of event the worker reports as they happen; nil: every kind. (A run's data, errors and rebounds
    /// also come with its outcome.)
    public var reportedEvents: Set<String>?

    public init(key: StepKey, componentDirectory: String, function: String, store: StoreLocation) {
        flow = key.flow
        step = key.step
        self.componentDirectory = componentDirectory
        self.function = function
        self.store = store.text
    }

    public var key: StepKey { StepKey(flow: flow, step: step) }

    /// The step as a runner in the worker process hosts it; `shared` when the process serves other steps too.
    func definition(shared: Bool) throws(ComponentError) -> StepDefinition {
        let descriptor = try ComponentDescriptor(directory: componentDirectory)
        let chosen = try descriptor.function(named: function)
        var host = HostConfiguration()
        host.timeout = .milliseconds(Int64(timeoutSeconds * 1000))
        // The engine stops a runaway message, and is let go; the supervisor is the backstop.
        host.enginePolicesTimeout = true
        host.snapshotLimit = SnapshotLimit(bytes: snapshotLimitBytes)
        host.flowID = flow
        host.stepID = step
        host.flowVariablesJSON = flowVariablesJSON
        host.logLevel = logLevel
        host.environment = environment
        host.workingDirectory = workingDirectory
        host.temporaryFolder = temporaryFolder
        if readable != nil || writable != nil || networkHosts != nil {
            host.permissions = Permissions(readable: readable ?? [], writable: writable ?? [], networkHosts: networkHosts)
        }
        // Alone in its process, the step is stopped at its memory limit by the supervisor, and process.abort()
        // ends the process as it would end Node. Beside other steps, its own engine watches its heap, and an abort
        // ends only that engine: the other steps' messages run on.
        host.abortEndsProcess = !shared
        host.heapLimitBytes = shared ? memoryLimitBytes : nil
        // A service's log collector sorts the lines of many steps by these.
        host.logFields = [("flowId", flow), ("stepId", step)]
        return StepDefinition(key: key, component: descriptor, function: chosen, cfgJSON: cfgJSON, host: host)
    }
}

/// How to start a worker process: an executable that serves `WorkerProtocol` on its stdin and stdout
/// (`jshost worker`).
public struct WorkerCommand: Sendable {
    public var executable: String
    public var arguments: [String]

    public init(executable: String, arguments: [String] = ["worker"]) {
        self.executable = executable
        self.arguments = arguments
    }
}
