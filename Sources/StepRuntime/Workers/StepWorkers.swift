import Foundation
import JSHostCore

/// Runs messages in supervised worker processes: "run this message in that step". A step's worker keeps its
/// component warm (loaded once, `init` once) between messages, as a sailor container does. A worker process serves
/// up to `stepsPerWorker` steps, each on a thread and an engine of its own: a step that loops, outgrows its memory
/// or calls process.exit or process.abort is stopped by its engine and loses only that engine, and the other steps
/// in the process run on; what ends the process (a fault in native code, a step its engine could not
/// stop) fails the messages it was running, which run again, and the steps' next messages start a new one. With
/// one step per worker, every step is a process of its own. Messages of one step run one at a time, in the order
/// they were given; different steps run at once.
public actor StepWorkers {
    private let command: WorkerCommand
    private let stepsPerWorker: Int
    private let onEvent: @Sendable (StepKey, StepEvent) -> Void
    /// Where each step is served: its process and slot there.
    private var placed: [StepKey: (process: WorkerProcess, slot: Int)] = [:]
    private var processes: [WorkerProcess] = []
    private var queues: [StepKey: StepQueue] = [:]

    /// `onEvent` receives each event a component emits, with its step.
    ///
    /// A supervisor ignores SIGPIPE for its whole process: a worker may die while a request is on its way to it,
    /// and the write must fail (the death is reported with its reason) rather than end the supervisor.
    public init(command: WorkerCommand, stepsPerWorker: Int = 1, onEvent: @escaping @Sendable (StepKey, StepEvent) -> Void = { _, _ in }) {
        signal(SIGPIPE, SIG_IGN)
        self.command = command
        self.stepsPerWorker = max(1, stepsPerWorker)
        self.onEvent = onEvent
    }

    /// Runs one message in `step`'s worker, placing the step in one when it has none (or anew when `step`
    /// changed); `consumes` is the queued message it takes, removed by its commit with what it sends on
    /// (`step.forwarding`).
    public func run(_ message: StepMessage, in step: WorkerStep, consumes: Int64? = nil) async throws -> StepOutcome {
        let queue = queue(step.key)
        await queue.enter()
        defer { Task { await queue.leave() } }
        let (worker, slot) = try place(step)
        return try await worker.run(message, slot: slot, consumes: consumes)
    }

    /// Runs messages in turn in `step`'s worker without committing: the caller commits the runs it gets back.
    public func evaluate(_ messages: [StepMessage], in step: WorkerStep) async throws -> (runs: [EvaluatedRun], failure: WorkerFailure?) {
        let queue = queue(step.key)
        await queue.enter()
        defer { Task { await queue.leave() } }
        let (worker, slot) = try place(step)
        return try await worker.evaluate(messages, slot: slot)
    }

    /// Runs a flow hook (`startup`, or `shutdown` with what startup returned) in `step`'s worker; its result as JSON.
    public func hook(_ name: String, in step: WorkerStep, dataJSON: String = "{}") async throws -> String {
        let queue = queue(step.key)
        await queue.enter()
        defer { Task { await queue.leave() } }
        let (worker, slot) = try place(step)
        return try await worker.hook(name, slot: slot, dataJSON: dataJSON)
    }

    /// Lets the step's engine go once its running message (if any) is done, freeing its place in its worker: for a
    /// step whose flow stopped, as sailor's container ends with its flow. Its next message places it afresh.
    public func retire(_ key: StepKey) async {
        let queue = queue(key)
        await queue.enter()
        if let current = placed.removeValue(forKey: key) {
            current.process.remove(slot: current.slot)
            // A worker left with no step is not kept: a stopped flow's steps give back their whole process.
            if current.process.isEmpty {
                current.process.stop()
                processes.removeAll { $0 === current.process }
            }
        }
        await queue.leave()
    }

    /// Ends every worker.
    public func shutdown() {
        for worker in processes { worker.stop() }
        processes = []
        placed = [:]
    }

    /// The worker processes alive now (for tests and measurements).
    public var processCount: Int { processes.filter(\.isAlive).count }

    private func queue(_ key: StepKey) -> StepQueue {
        if let queue = queues[key] { return queue }
        let queue = StepQueue()
        queues[key] = queue
        return queue
    }

    /// The step's process and slot: where it is served now, or a free slot in a live process, or a new process.
    private func place(_ step: WorkerStep) throws(WorkerFailure) -> (WorkerProcess, Int) {
        if let current = placed[step.key] {
            if current.process.serves(current.slot, step) { return current }
            current.process.remove(slot: current.slot)
            placed[step.key] = nil
        }
        processes.removeAll { !$0.isAlive }
        for process in processes where process.hasRoom {
            if let slot = process.add(step) {
                placed[step.key] = (process, slot)
                return (process, slot)
            }
        }
        let process = try WorkerProcess(command: command, capacity: stepsPerWorker,
                                        worker: "worker-\(UUID().uuidString.prefix(8))", for: step.key, onEvent: onEvent)
        processes.append(process)
        guard let slot = process.add(step) else {
            throw WorkerFailure(code: .crashed, key: step.key, message: "the new worker ended before it took the step")
        }
        placed[step.key] = (process, slot)
        return (process, slot)
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
