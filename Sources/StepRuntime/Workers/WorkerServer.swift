import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore
import Synchronization

/// The worker process's side: reads requests from `input`, runs each message of its one step on this thread (the
/// engine's), commits it (or, for `evaluate`, leaves the commit to the supervisor), runs flow hooks, and writes
/// events and outcomes to `output`. The step's component stays loaded
/// between messages. Returns when the supervisor closes `input`, or after a message ended the worker.
public enum WorkerServer {
    /// `logs` writes the component's and jshost's log lines (the process's stderr unless told otherwise); `stores`
    /// opens the store the supervisor names, as the composition root chose it.
    public static func serve(input: FileHandle, output: FileHandle,
                             logs: (@Sendable (String) -> Void)? = nil, stores: StoreOpener) -> Int32 {
        let writer = ReplyWriter(output)
        let budget = LogBudget(write: logs ?? StandardStreams.writeStderr)
        var runner: StepRunner?
        var step: WorkerStep?
        let eventsID = IDBox()
        // Set when `start` could not make the step; the first message reports it.
        var startFailure: WorkerProtocol.Failure?
        // A request before the step was made: the reason `start` failed (or that it never came), and the end.
        func notStarted(_ id: Int) -> Int32 {
            writer.write(WorkerProtocol.Reply(type: "failure", id: id, failure: startFailure
                ?? WorkerProtocol.Failure(code: "component-failed", message: "the worker was not started", workerEnds: true)))
            return 2
        }
        var splitter = LineSplitter()
        var pending: [[UInt8]] = []
        while true {
            if pending.isEmpty {
                let chunk = input.availableData
                if chunk.isEmpty { return 0 }
                pending = splitter.add(chunk)
                continue
            }
            let line = pending.removeFirst()
            guard let request = try? JSONDecoder().decode(WorkerProtocol.Request.self, from: Data(line)) else { continue }
            switch request.type {
            case "start":
                step = request.step
                guard let step else { return 2 }
                let definition: StepDefinition
                let store: any ServiceStore
                do {
                    var made = try step.definition()
                    made.host.stderr = budget.writer
                    definition = made
                    store = try stores.open(step.store, SnapshotLimit(bytes: step.snapshotLimitBytes), step.historyDepth)
                } catch {
                    // Reported with the first message, which cannot run.
                    runner = nil
                    startFailure = WorkerProtocol.Failure(code: "component-failed", message: "\(error)", workerEnds: true)
                    continue
                }
                let events = writer
                let reported = step.reportedEvents
                runner = StepRunner(definition: definition, store: store,
                                    owner: .thisProcess(worker: request.worker ?? "worker"),
                                    onEvent: { event in
                                        if let reported, !reported.contains(event.kind) { return }
                                        events.write(WorkerProtocol.Reply(type: "event", id: eventsID.value,
                                                                          event: event.kind, json: event.json,
                                                                          context: event.context))
                                    })
                // The supervisor carries a run's rebounds (its outcome's) and the events it asks for: the component
                // is not told that they go nowhere.
                runner?.didLoad = { host in host.carriedEvents = (reported ?? []).union(["rebound"]) }
                runner?.routing = step.forwarding
            case "run", "evaluate", "hook":
                let id = request.id ?? 0
                eventsID.value = id
                guard let runner, let step else { return notStarted(id) }
                // Writes a failure; whether it ended the worker.
                func report(_ error: StepRunError) -> Bool {
                    let failure = Self.failure(error, step: step)
                    writer.write(WorkerProtocol.Reply(type: "failure", id: id, failure: failure))
                    return failure.workerEnds
                }
                switch request.type {
                case "run":
                    do throws(StepRunError) {
                        let message = StepMessage(json: request.message ?? "{}", context: request.context ?? .fresh())
                        budget.startRun(messageID: message.context.messageId)
                        defer { budget.endRun() }
                        let outcome = try runner.run(message, mode: .commit,
                                                     wait: .upTo(.milliseconds(Int64(step.leaseWaitSeconds * 1000))),
                                                     consumes: request.consumes) { outcome in
                            step.forwarding?.messages(from: step.key, incoming: message, outcome: outcome) ?? []
                        }
                        writer.write(WorkerProtocol.Reply(type: "outcome", id: id, outcome: WorkerProtocol.Outcome(outcome)))
                    } catch {
                        if report(error) { return 0 }
                    }
                case "evaluate":
                    let messages = (request.items ?? []).map { StepMessage(json: $0.message, context: $0.context) }
                    let (runs, error) = runner.evaluate(messages) { index in
                        budget.startRun(messageID: messages[index].context.messageId)
                        // Each message after the first restarts the supervisor's watch of its time.
                        if index > 0 { writer.write(WorkerProtocol.Reply(type: "progress", id: id)) }
                    }
                    budget.endRun()
                    let failure = error.map { Self.failure($0, step: step) }
                    writer.write(WorkerProtocol.Reply(type: "evaluated", id: id, failure: failure, runs: runs.map(WorkerProtocol.Run.init)))
                    if failure?.workerEnds == true { return 0 }
                default:
                    budget.startRun(messageID: nil)
                    defer { budget.endRun() }
                    do throws(StepRunError) {
                        let result = try runner.hook(request.hook ?? "", dataJSON: request.message ?? "{}")
                        writer.write(WorkerProtocol.Reply(type: "result", id: id, json: result))
                    } catch {
                        if report(error) { return 0 }
                    }
                }
            default:
                continue
            }
        }
    }

    /// A run's failure in the supervisor's terms, worded without any command line's advice.
    static func failure(_ error: StepRunError, step: WorkerStep) -> WorkerProtocol.Failure {
        if let store = error.underlying as? SnapshotStoreError {
            let code = store.code == .stepBusy ? "step-busy" : store.code == .alreadyConsumed ? "already-consumed" : "store-failed"
            return WorkerProtocol.Failure(code: code, message: store.description, workerEnds: false)
        }
        if let violation = error.underlying as? SnapshotLimitViolation {
            return WorkerProtocol.Failure(code: "store-failed", message: "\(violation)", workerEnds: false)
        }
        guard let component = error.underlying as? ComponentError else {
            return WorkerProtocol.Failure(code: "component-failed", message: "\(error.underlying)", workerEnds: false)
        }
        switch component.code {
        case .timedOut:
            return WorkerProtocol.Failure(code: "timed-out", message: component.message, workerEnds: false)
        case .exited:
            return WorkerProtocol.Failure(code: "exited", message: component.message + "; the worker ended", workerEnds: true)
        default:
            return WorkerProtocol.Failure(code: "component-failed", message: component.message, workerEnds: false)
        }
    }
}

/// Writes replies whole, one at a time, from whichever thread has one.
final class ReplyWriter: Sendable {
    /// Held while a reply is written, so replies from two threads never interleave.
    private let output: Mutex<FileHandle>
    init(_ output: FileHandle) { self.output = Mutex(output) }
    func write(_ reply: WorkerProtocol.Reply) {
        let data = WorkerProtocol.encode(reply)
        output.withLock { try? $0.write(contentsOf: data) }
    }
}

/// The message whose events are being written: set and read on the engine's thread only.
final class IDBox: @unchecked Sendable {  // confined to the engine's thread, as its comment says
    var value = 0
}
