import AMQPTransport
import ArgumentParser
import Synchronization
import BrokerQueues
import ComponentRuntime
import Dispatch
import FlowService
import ServiceHTTP
import Foundation
import Logging
import StepRuntime
import JSHostCore

/// `jshost serve`: every flow of a folder, on its schedule or webhook, until SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a folder of flows as a service: schedules, webhooks, queues between steps.",
        discussion: """
            Starts every active flow of the folder (elastic.io v2 flow documents, checked as `jshost flow validate`
            checks them; a flow with problems is reported and not served) and prints where it listens. A polling
            flow's trigger runs on the flow's cron (default: elastic.io's, every ten minutes); any other flow is
            called at POST or GET /hook/{flow}. Each step runs in its own warm worker process; a step's messages
            wait in the store's queue, and each run's commit removes its message and queues what it sends on.
            With --broker, the steps' queues are RabbitMQ's (`<flow>:<step>:messages`), so several hosts sharing
            a --store postgres://… share the work (docs/scale-out.md).

            Endpoints: POST|GET /hook/{flow}[/path], POST /v2/flows/{flow}/start|stop|run-now, GET /healthz,
            GET /metrics (Prometheus text), and elastic.io's snapshot endpoints under /v2/flows/{flow}/snapshots
            (API keys from `jshost apikey create`). Logs are JSON lines on stderr (for people at a terminal; LOG_FORMAT=json|pretty decides).

            SIGTERM or SIGINT: no new ticks or calls; running messages finish and commit (within --drain-timeout),
            shutdown hooks run, exit 0. A second signal ends at once: the workers are killed, and what they were
            running stays queued, uncommitted, for the next start.

            HTTP limits (docs/operations.md): a request's head within --header-timeout, its body within
            --body-timeout (else 408), an idle connection closed after --idle-timeout, an unread answer after
            --write-timeout; at --max-connections a new connection takes the place of the longest idle one. Requests
            must be addressed to a loopback name, --host, or an --allowed-host (else 421: DNS rebinding).

            The store is pruned every --prune-every by the --keep-* options (run records and their data messages,
            webhook answers, consumed message ids; never snapshots, history or the audit trail), and /metrics shows
            each table's rows and bytes.

            Exit codes: 0 stopped by a signal; 2 the folder cannot be read, the address cannot be taken, or the
            broker cannot be reached; 5 the state store could not be opened.
            """)

    @Argument(help: "The folder of flow files.")
    var folder: String = "flows"

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free one, printed).")
    var port: Int = 8080

    @Option(help: ArgumentHelp("Where team/repo:function commands find their component folders (<dir>/<repo>).", valueName: "dir"))
    var components: String?

    @Option(parsing: .unconditional, help: "Seconds one message may take in a step.")
    var timeout: Double = 60

    @Option(parsing: .unconditional, help: "Seconds a webhook caller waits for the flow's reply before a 504.")
    var webhookTimeout: Double = 30

    @Option(parsing: .unconditional, help: "Seconds running messages get to finish on SIGTERM.")
    var drainTimeout: Double = 30

    @Option(parsing: .unconditional, help: "Seconds before a rebounded message's first retry (doubled for each next one).")
    var reboundDelay: Double = 15

    @Option(parsing: .unconditional, help: "Most rebounds of one message; then 'Rebound limit exceeded'.")
    var reboundLimit: Int = 20

    @Option(parsing: .unconditional, help: ArgumentHelp("Most memory of one step, in MiB: its worker process's when it has one to itself, its engine's heap when it shares one.", valueName: "MiB"))
    var workerMemory: Int = 1024

    @Option(parsing: .unconditional, help: ArgumentHelp("How many steps share one worker process, each on its own thread and engine (1: a process per step).", valueName: "count"))
    var stepsPerWorker: Int = ServiceConfiguration.defaultStepsPerWorker

    @Option(name: .customLong("allowed-host"), help: ArgumentHelp("A host name requests may be addressed to (their Host header), besides the loopback names and --host; .example.com allows every name under it, * any (repeatable).", valueName: "name"))
    var allowedHosts: [String] = []

    @Option(parsing: .unconditional, help: "Seconds a client may take to send a request's head.")
    var headerTimeout: Double = 10

    @Option(parsing: .unconditional, help: "Seconds a client may take to send a request's body.")
    var bodyTimeout: Double = 60

    @Option(parsing: .unconditional, help: "Seconds a kept-alive connection may stay without a request.")
    var idleTimeout: Double = 30

    @Option(parsing: .unconditional, help: "Seconds a client may leave an answer unread before the connection is closed.")
    var writeTimeout: Double = 30

    @Option(parsing: .unconditional, help: "Most HTTP connections open at once (lowered to fit the process's file limit).")
    var maxConnections: Int = 1024

    @Option(help: ArgumentHelp("A RabbitMQ broker for the queues between steps: amqp://user:password@host:port/vhost (default: $JSHOST_BROKER).", valueName: "uri"))
    var broker: String?

    @Option(help: ArgumentHelp("How often the store is pruned by the retention options: 30s, 10m, 1h (default: $JSHOST_PRUNE_EVERY, else 10m).", valueName: "duration"))
    var pruneEvery: String?

    @OptionGroup var retention: RetentionOptions

    @OptionGroup var expressions: ExpressionOptions

    @OptionGroup var state: StateOptions

    /// --prune-every, else $JSHOST_PRUNE_EVERY, else ten minutes.
    func pruneInterval() throws -> Double {
        let text = pruneEvery ?? ProcessInfo.processInfo.environment["JSHOST_PRUNE_EVERY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return 600 }
        guard let seconds = RetentionOptions.seconds(text), seconds >= 1 else {
            throw ValidationError("\(pruneEvery != nil ? "--prune-every" : "JSHOST_PRUNE_EVERY") must be a duration of at least 1s, such as 30s, 10m or 1h, not \(text)")
        }
        return seconds
    }

    /// `--broker`, else $JSHOST_BROKER; nil: the queues are the store's.
    var brokerURI: String? {
        if let broker { return broker }
        let fromEnvironment = ProcessInfo.processInfo.environment["JSHOST_BROKER"]
        return fromEnvironment?.isEmpty == false ? fromEnvironment : nil
    }

    func validate() throws {
        try RunCommand.validateTimeout(timeout)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard webhookTimeout > 0, drainTimeout >= 0, reboundDelay >= 0 else {
            throw ValidationError("--webhook-timeout must be positive, --drain-timeout and --rebound-delay not negative")
        }
        guard reboundLimit >= 0 else { throw ValidationError("--rebound-limit must not be negative") }
        guard workerMemory > 16 else { throw ValidationError("--worker-memory must be more than 16 MiB") }
        guard (1...256).contains(stepsPerWorker) else { throw ValidationError("--steps-per-worker must be between 1 and 256") }
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
                              ("--write-timeout", writeTimeout)] where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be more than 0 and at most 86400 seconds")
        }
        guard maxConnections >= 16 else { throw ValidationError("--max-connections must be at least 16") }
        _ = try pruneInterval()
    }

    func run() async throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure(message: "\(folder) is not a folder of flows; give one (default: ./flows)", code: ExitStatus.usageOrLoad)
        }
        let stateDirectory = state.directory
        let address: AMQPAddress?
        do {
            address = try brokerURI.map { uri throws(AMQPError) in try AMQPAddress(uri: uri) }
        } catch {
            throw Failure(message: "\(error); check --broker or JSHOST_BROKER", code: ExitStatus.usageOrLoad)
        }
        let store = try state.openStore()
        RunCommand.keepUntilExit(store)
        var configuration = ServiceConfiguration(
            flowsFolder: URL(fileURLWithPath: folder).standardizedFileURL.path, stateDirectory: stateDirectory,
            store: state.location,
            worker: WorkerCommand(executable: Self.executablePath))
        configuration.componentsFolder = components
        configuration.host = host
        configuration.port = port
        configuration.snapshotLimit = state.limit
        configuration.historyDepth = state.depth
        configuration.stepTimeoutSeconds = timeout
        configuration.webhookTimeout = .milliseconds(Int64(webhookTimeout * 1000))
        configuration.drainTimeout = .milliseconds(Int64(drainTimeout * 1000))
        configuration.rebound = ReboundPolicy(firstDelaySeconds: reboundDelay, limit: reboundLimit)
        configuration.expressionLimits = expressions.limits
        configuration.workerMemoryLimitBytes = workerMemory << 20
        configuration.stepsPerWorker = stepsPerWorker
        configuration.logLevel = RunCommand.logLevel
        configuration.allowedHosts = allowedHosts
        configuration.connections.headerTimeout = .seconds(headerTimeout)
        configuration.connections.bodyTimeout = .seconds(bodyTimeout)
        configuration.connections.idleTimeout = .seconds(idleTimeout)
        configuration.connections.writeTimeout = .seconds(writeTimeout)
        configuration.connections.maxConnections = maxConnections
        configuration.retention = try retention.policy()
        configuration.pruneInterval = .milliseconds(Int64(try pruneInterval() * 1000))
        configuration.environment = ProcessInfo.processInfo.environment

        let level = JSONLineLogHandler.level(named: RunCommand.logLevel) ?? .info
        // JSON lines for log collectors; rendered for people at a terminal (LOG_FORMAT decides either way).
        let writeLog = LogOutput.writer()
        let logger = Logger(label: "jshost") { _ in
            JSONLineLogHandler(name: "jshost", level: level, write: writeLog)
        }
        Self.installSignals()
        let broker = address.map { AMQPStepBroker(address: $0, store: store, prefetch: configuration.maxGroup, logger: logger) }
        do {
            try await ServiceHost.run(configuration, store: store, broker: broker, logger: logger) { host, port, flows, active in
                StandardStreams.writeStdout("jshost serve: listening on http://\(host):\(port) (\(flows) flow\(flows == 1 ? "" : "s"), \(active) active)\n")
            }
        } catch let error as ServiceAddressError {
            throw Failure(message: error.message, code: ExitStatus.usageOrLoad)
        } catch let error as AMQPError {
            throw Failure(message: "serve cannot use the broker: \(error); check --broker or JSHOST_BROKER, and that RabbitMQ runs there", code: ExitStatus.usageOrLoad)
        } catch {
            throw Failure(message: "serve stopped: \(error)", code: ExitStatus.usageOrLoad)
        }
    }

    /// The first SIGTERM or SIGINT asks the service to stop gracefully (swift-service-lifecycle listens for it);
    /// a second ends the process at once, its workers first.
    static func installSignals() {
        let count = SignalCount()
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard count.increment() > 1 else { return }
                LiveWorkers.killAll()
                let held = HeldWebhookRequests.queueAll()
                StandardStreams.writeStderr("jshost serve: a second signal; stopped at once, what was running stays queued\(held > 0 ? " (\(held) webhook request(s) held in memory queued with it)" : "")\n")
                _exit(ExitStatus.timedOutOrTerminated)
            }
            source.resume()
            count.keep(source)
        }
    }

    /// This executable, to start workers with (`jshost worker`).
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// How many stop signals came, and the signal sources kept alive for the process's life.
final class SignalCount: Sendable {
    private struct State: @unchecked Sendable {  // the sources are only kept, never used from here
        var count = 0
        var sources: [any DispatchSourceSignal] = []
    }
    private let state = Mutex(State())
    func increment() -> Int { state.withLock { $0.count += 1; return $0.count } }
    func keep(_ source: any DispatchSourceSignal) { state.withLock { $0.sources.append(source) } }
}
