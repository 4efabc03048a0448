import Foundation
import JSHostCore

/// Runs messages in supervised worker processes, one per step: "run this message in that step". A step's worker
/// keeps its component warm (loaded once, `init` once) between messages, as a sailor container does, and is
/// isolated: a step that loops for ever, crashes, goes over its memory limit or calls process.exit is stopped
/// and reported as a `WorkerFailure`, its next message starts a fresh worker, and every other step keeps running.
/// Messages of one step run one at a time, in the order they were given; different steps run at once.
public actor StepWorkers {
    private let command: WorkerCommand
    private let onEvent: @Sendable (StepKey, StepEvent) -> Void
    private var workers: [StepKey: WorkerProcess] = [:]
    private var queues: [StepKey: StepQueue] = [:]

    /// `onEvent` receives each event a component emits, with its step.
    ///
    /// A supervisor ignores SIGPIPE for its whole process: a worker may die while a request is on its way to it,
    /// and the write must fail (the death is reported with its reason) rather than end the supervisor.
    public init(command: WorkerCommand, onEvent: @escaping @Sendable (StepKey, StepEvent) -> Void = { _, _ in }) {
        signal(SIGPIPE, SIG_IGN)
        self.command = command
        self.onEvent = onEvent
    }

    /// Runs one message in `step`'s worker, starting one when it has none (or a new one when `step` changed);
    /// `consumes` is the queued message it takes, removed by its commit with what it sends on (`step.forwarding`).
    public func run(_ message: StepMessage, in step: WorkerStep, consumes: Int64? = nil) async throws -> StepOutcome {
        let queue = queues[step.key] ?? StepQueue()
        queues[step.key] = queue
        await queue.enter()
        defer { Task { await queue.leave() } }
        let worker = try self.worker(for: step)
        return try await worker.run(message, consumes: consumes)
    }

    /// Runs messages in turn in `step`'s worker without committing: the caller commits the runs it gets back.
    public func evaluate(_ messages: [StepMessage], in step: WorkerStep) async throws -> (runs: [EvaluatedRun], failure: WorkerFailure?) {
        let queue = queues[step.key] ?? StepQueue()
        queues[step.key] = queue
        await queue.enter()
        defer { Task { await queue.leave() } }
        return try await worker(for: step).evaluate(messages)
    }

    /// Runs a flow hook (`startup`, or `shutdown` with what startup returned) in `step`'s worker; its result as JSON.
    public func hook(_ name: String, in step: WorkerStep, dataJSON: String = "{}") async throws -> String {
        let queue = queues[step.key] ?? StepQueue()
        queues[step.key] = queue
        await queue.enter()
        defer { Task { await queue.leave() } }
        return try await worker(for: step).hook(name, dataJSON: dataJSON)
    }

    /// Ends every worker.
    public func shutdown() {
        for worker in workers.values { worker.stop() }
        workers = [:]
    }

    private func worker(for step: WorkerStep) throws(WorkerFailure) -> WorkerProcess {
        if let existing = workers[step.key], existing.isAlive, existing.step == step { return existing }
        workers[step.key]?.stop()
        let worker = try WorkerProcess(command: command, step: step, worker: "worker-\(UUID().uuidString.prefix(8))",
                                       onEvent: onEvent)
        workers[step.key] = worker
        return worker
    }
}

/// One step's messages, one at a time, first come first served.
actor StepQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
