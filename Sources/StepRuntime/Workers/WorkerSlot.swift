import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

/// One step a worker process serves: its requests run in the order they came on a thread of its own, where the
/// step's engine lives (an engine is confined to the thread that made it). Steps in one process run at once, each
/// on its slot's thread. A failure that lets the engine go (a timeout, process.exit or process.abort, its heap over
/// its limit, a step that could not be made) ends the slot; the supervisor starts the step again with its next
/// message.
final class WorkerSlot: @unchecked Sendable {  // the queue under `signal`; the runner and step belong to the slot's thread
    private let signal = NSCondition()
    private var queue: [WorkerProtocol.Request] = []
    private var closed = false
    private var done = false

    init(writer: ReplyWriter, budget: LogBudget, stores: StoreOpener) {
        let thread = Thread { [self] in serve(writer: writer, budget: budget, stores: stores) }
        thread.name = "jshost.step"
        // A component's code runs here: JavaScriptCore wants a deep stack for deep recursion before its own limit.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues a request for the slot's thread.
    func submit(_ request: WorkerProtocol.Request) {
        signal.withLock {
            queue.append(request)
            signal.signal()
        }
    }

    /// No more requests: the thread ends once it has answered the queued ones.
    func close() {
        signal.withLock {
            closed = true
            signal.signal()
        }
    }

    func waitUntilDone() {
        signal.withLock { while !done { signal.wait() } }
    }

    /// The next request; nil once the slot is closed and has none left. `whenIdle` runs (on this thread) when no
    /// request came for `idleAfter` since the last.
    private func next(whenIdle: () -> Void) -> WorkerProtocol.Request? {
        var idleRan = false
        while true {
            let request: WorkerProtocol.Request?? = signal.withLock {
                if queue.isEmpty && !closed {
                    if idleRan { signal.wait() } else { _ = signal.wait(until: Date().addingTimeInterval(Self.idleAfter)) }
                }
                if !queue.isEmpty { return .some(queue.removeFirst()) }
                return closed ? .some(nil) : .none
            }
            if let request { return request }
            if !idleRan {
                whenIdle()
                idleRan = true
            }
        }
    }

    /// How long a step waits for its next message before it gives back the garbage its last ones left.
    static let idleAfter: TimeInterval = 1

    private func serve(writer: ReplyWriter, budget: LogBudget, stores: StoreOpener) {
        defer { signal.withLock { done = true; signal.broadcast() } }
        var runner: StepRunner?
        var step: WorkerStep?
        let eventsID = IDBox()
        // Why `start` could not make the step: the first request is told, and the slot ends.
        var startFailure: WorkerProtocol.Failure?
        while let request = next(whenIdle: { runner?.collectGarbage() }) {
            if request.type == "start" {
                (runner, step, startFailure) = Self.start(request, writer: writer, budget: budget, stores: stores, eventsID: eventsID)
                continue
            }
            let id = request.id ?? 0
            eventsID.value = id
            guard let runner, let step else {
                writer.write(WorkerProtocol.Reply(type: "failure", id: id, failure: startFailure
                    ?? WorkerProtocol.Failure(code: "component-failed", message: "the worker was not started", workerEnds: true)))
                return
            }
            // Whether the engine is let go: the slot ends, and its runner with it, on this thread.
            if Self.handle(request, id: id, runner: runner, step: step, writer: writer, budget: budget) { return }
        }
    }

    private static func start(_ request: WorkerProtocol.Request, writer: ReplyWriter, budget: LogBudget, stores: StoreOpener,
                              eventsID: IDBox) -> (StepRunner?, WorkerStep?, WorkerProtocol.Failure?) {
        guard let step = request.step else { return (nil, nil, nil) }
        let definition: StepDefinition
        let store: any ServiceStore
        do {
            var made = try step.definition(shared: request.shared ?? false)
            made.host.stderr = budget.writer
            definition = made
            store = try stores.open(step.store, SnapshotLimit(bytes: step.snapshotLimitBytes), step.historyDepth)
        } catch {
            // Reported with the first message, which cannot run.
            return (nil, step, WorkerProtocol.Failure(code: "component-failed", message: "\(error)", workerEnds: true))
        }
        let reported = step.reportedEvents
        let runner = StepRunner(definition: definition, store: store,
                                owner: .thisProcess(worker: request.worker ?? "worker"),
                                onEvent: { event in
                                    if let reported, !reported.contains(event.kind) { return }
                                    writer.write(WorkerProtocol.Reply(type: "event", id: eventsID.value,
                                                                      event: event.kind, json: event.json,
                                                                      context: event.context))
                                })
        // The supervisor carries a run's rebounds (its outcome's) and the events it asks for: the component is not
        // told that they go nowhere.
        runner.didLoad = { host in host.carriedEvents = (reported ?? []).union(["rebound"]) }
        runner.routing = step.forwarding
        return (runner, step, nil)
    }

    /// Runs one request of the step; whether its failure lets the engine go.
    private static func handle(_ request: WorkerProtocol.Request, id: Int, runner: StepRunner, step: WorkerStep,
                               writer: ReplyWriter, budget: LogBudget) -> Bool {
        func report(_ error: StepRunError) -> Bool {
            let failure = WorkerServer.failure(error, step: step)
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
                return false
            } catch {
                return report(error)
            }
        case "evaluate":
            let messages = (request.items ?? []).map { StepMessage(json: $0.message, context: $0.context) }
            let (runs, error) = runner.evaluate(messages) { index in
                budget.startRun(messageID: messages[index].context.messageId)
                // Each message after the first restarts the supervisor's watch of its time.
                if index > 0 { writer.write(WorkerProtocol.Reply(type: "progress", id: id)) }
            }
            budget.endRun()
            let failure = error.map { WorkerServer.failure($0, step: step) }
            writer.write(WorkerProtocol.Reply(type: "evaluated", id: id, failure: failure, runs: runs.map(WorkerProtocol.Run.init)))
            return failure?.workerEnds == true
        case "hook":
            budget.startRun(messageID: nil)
            defer { budget.endRun() }
            do throws(StepRunError) {
                let result = try runner.hook(request.hook ?? "", dataJSON: request.message ?? "{}")
                writer.write(WorkerProtocol.Reply(type: "result", id: id, json: result))
                return false
            } catch {
                return report(error)
            }
        default:
            return false
        }
    }
}

/// The message whose events are being written: set and read on the slot's thread only.
final class IDBox: @unchecked Sendable {  // confined to the slot's thread, as its comment says
    var value = 0
}
