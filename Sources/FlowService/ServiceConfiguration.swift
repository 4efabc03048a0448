import Foundation
import JSONata
import SnapshotStore
import StepRuntime
import JSHostCore

/// How `jshost serve` runs: where its flows, components and store are, where it listens, and its timings.
public struct ServiceConfiguration: Sendable {
    public var flowsFolder: String
    /// Where `team/repo:function` commands find their component folders.
    public var componentsFolder: String?
    public var host = "127.0.0.1"
    /// 0: any free port (the one taken is printed).
    public var port = 8080
    /// The state folder (the store, the steps' scratch folders).
    public var stateDirectory: String
    public var store: StoreLocation
    public var snapshotLimit = SnapshotLimit.elasticio
    public var historyDepth = SnapshotHistory.defaultDepth
    /// How a step's worker process is started (`jshost worker`).
    public var worker: WorkerCommand
    /// Seconds one message may take in a step.
    public var stepTimeoutSeconds: Double = 60
    /// Most memory of one step: its worker process's resident memory when the step has one to itself, its
    /// engine's heap when it shares one.
    public var workerMemoryLimitBytes = 1 << 30
    /// How many steps one worker process serves, each on a thread and an engine of its own (StepWorkers).
    public var stepsPerWorker = ServiceConfiguration.defaultStepsPerWorker
    public static let defaultStepsPerWorker = 25
    /// How long a webhook caller waits for the flow's reply before a 504.
    public var webhookTimeout: Duration = .seconds(30)
    /// On SIGTERM: how long running messages may take to finish before the service ends without them.
    public var drainTimeout: Duration = .seconds(30)
    public var rebound = ReboundPolicy()
    /// How far one message's edge conditions and mappers may go before they are stopped.
    public var expressionLimits = JSONataLimits()
    /// A message whose worker failed this many times in a row (crashed, killed, timed out) is given up: its run is
    /// recorded as failed and it goes to the flow's error handler, so the step's later messages go on.
    public var maxWorkerFailures = 3
    /// Most queued messages of a step its worker runs in one go, committed together.
    public var maxGroup = 64
    /// The first wait after a worker failure, doubled each time up to `maxFailureBackoff`.
    public var failureBackoff: Duration = .milliseconds(500)
    public var maxFailureBackoff: Duration = .seconds(30)
    /// The largest webhook request body taken (after decoding its Content-Encoding).
    public var maxRequestBytes = 10 << 20
    /// What the store keeps only to look back on, and how often it is pruned.
    public var retention = RetentionPolicy()
    public var pruneInterval: Duration = .seconds(600)
    /// Host names requests may be addressed to besides the loopback names and `host` (see `AllowedHosts`).
    public var allowedHosts: [String] = []
    /// Timeouts and the connection limit of the HTTP server.
    public var connections = ConnectionLimits()
    /// The component's log level (`LOG_LEVEL` as sailor reads it).
    public var logLevel = "info"
    /// `process.env` of the components.
    public var environment: [String: String] = [:]

    public init(flowsFolder: String, stateDirectory: String, store: StoreLocation, worker: WorkerCommand) {
        self.flowsFolder = flowsFolder
        self.stateDirectory = stateDirectory
        self.store = store
        self.worker = worker
    }

    /// elastic.io's schedule for a polling flow without a `cron`: every ten minutes.
    public static let defaultCron = "*/10 * * * *"
}
