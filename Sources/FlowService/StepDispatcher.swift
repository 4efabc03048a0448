import ComponentRuntime
import Flows
import Foundation
import Logging
import SnapshotStore
import StepRuntime

/// What a step's dispatcher uses of its service.
protocol DispatchHost: Sendable {
    var store: SQLiteSnapshotStore { get }
    var workers: StepWorkers { get }
    var inbox: EventInbox { get }
    var waiters: WebhookWaiters { get }
    var metrics: ServiceMetrics { get }
    var logger: Logger { get }
    var configuration: ServiceConfiguration { get }
    /// Wakes the dispatchers of these steps: a commit queued messages for them.
    func wake(_ keys: [StepKey])
    /// An `updateKeys` event: the account's keys change for every step that uses it, from its next message on.
    func updateKeys(credentials id: String, keysJSON: String) async
}

/// Takes one step's queued messages, one at a time and in order, and runs each in the step's warm worker: the
/// run's commit removes the message and queues what it sends on. A worker failure (a crash, a kill for time or
/// memory, a component that does not load) leaves the message queued and backs the step off; after
/// `maxWorkerFailures` in a row the message is given up: its failed run is recorded and it goes to the flow's
/// error handler, and the step's later messages go on.
final class StepDispatcher: @unchecked Sendable {
    let key: StepKey
    let credentialsID: String?
    let fieldsJSON: String
    private let host: any DispatchHost
    private let lock = NSLock()
    private var step: WorkerStep
    private var taking = false
    private var ended = false
    private var busy = false
    private let wakeup = Wakeup()
    private var task: Task<Void, Never>?

    /// How long an idle dispatcher sleeps before it looks at its queue again, when nothing wakes it: messages
    /// queued by another process (a `jshost flow run`) are found this late.
    static let idleWait: Duration = .seconds(5)

    init(step: WorkerStep, credentialsID: String?, fieldsJSON: String, host: any DispatchHost) {
        key = step.key
        self.step = step
        self.credentialsID = credentialsID
        self.fieldsJSON = fieldsJSON
        self.host = host
    }

    /// The step as its worker runs it now.
    var workerStep: WorkerStep { lock.withLock { step } }

    func update(_ new: WorkerStep) { lock.withLock { step = new } }

    /// Whether a message is running in the step now.
    var isBusy: Bool { lock.withLock { busy } }

    func start() {
        lock.withLock {
            taking = true
            if task == nil { task = Task { [self] in await loop() } }
        }
        wakeup.signal()
    }

    /// Takes no more messages (the running one finishes).
    func pause() {
        lock.withLock { taking = false }
    }

    func end() {
        lock.withLock {
            taking = false
            ended = true
        }
        wakeup.signal()
    }

    /// Waits for the loop to end (after `end`).
    func finished() async { await lock.withLock { task }?.value }

    func wake() { wakeup.signal() }

    private var state: (taking: Bool, ended: Bool) { lock.withLock { (taking, ended) } }

    private func loop() async {
        var consecutiveFailures = 0
        var headAttempts: (id: Int64, count: Int)?
        while !state.ended {
            guard state.taking else {
                await wakeup.wait(timeout: Self.idleWait)
                continue
            }
            let queued: QueuedMessage?
            do {
                queued = try await host.store.nextQueued(for: key, at: Date())
            } catch {
                host.logger.error("cannot read the queue of step \(key): \(error)", metadata: metadata())
                await wakeup.wait(timeout: .seconds(1))
                continue
            }
            guard let queued else {
                let next = try? await host.store.nextAvailable(for: key)
                let wait = next.map { Duration.milliseconds(Int64(max(0, $0.timeIntervalSinceNow) * 1000) + 1) } ?? Self.idleWait
                await wakeup.wait(timeout: min(wait, Self.idleWait))
                continue
            }
            lock.withLock { busy = true }
            let failed = await run(queued)
            lock.withLock { busy = false }
            guard let failed else {
                consecutiveFailures = 0
                headAttempts = nil
                continue
            }
            if failed.code == .alreadyConsumed { continue }
            if failed.code == .stepBusy {
                // Another owner (a command-line run) holds the step: its turn, not a failure of this message.
                await wakeup.wait(timeout: .seconds(1))
                continue
            }
            consecutiveFailures += 1
            let attempts = headAttempts?.id == queued.id ? (headAttempts?.count ?? 0) + 1 : 1
            headAttempts = (queued.id, attempts)
            host.metrics.workerFailed(key)
            if attempts >= host.configuration.maxWorkerFailures {
                host.logger.error("step \(key) failed \(attempts) times on message \(queued.id): \(failed.message); it is given up and goes to the flow's error handler",
                                  metadata: metadata(queued))
                await giveUp(queued, failed)
                headAttempts = nil
            } else {
                let backoff = min(host.configuration.failureBackoff * (1 << min(consecutiveFailures - 1, 16)),
                                  host.configuration.maxFailureBackoff)
                host.logger.warning("step \(key) failed on message \(queued.id) (attempt \(attempts) of \(host.configuration.maxWorkerFailures)): \(failed.message); retrying in \(backoff)",
                                    metadata: metadata(queued))
                await wakeup.wait(timeout: backoff)
            }
        }
    }

    /// Runs one queued message; nil when its run committed, else the worker's failure.
    private func run(_ queued: QueuedMessage) async -> WorkerFailure? {
        let message = StepMessage(queued: queued)
        let step = workerStep
        let started = ContinuousClock.now
        let outcome: StepOutcome
        do {
            outcome = try await host.workers.run(message, in: step, consumes: queued.id)
        } catch {
            _ = host.inbox.take(key)
            let failure = error as? WorkerFailure ?? WorkerFailure(code: .componentFailed, key: key, message: "\(error)")
            if failure.code != .alreadyConsumed && failure.code != .stepBusy {
                fail(thread: message.context.threadId, errorJSON: Self.errorJSON(failure))
            }
            return failure
        }
        let events = host.inbox.take(key)
        let forwarding = step.forwarding ?? Forwarding(next: [])
        let limitExceeded = forwarding.exceedsReboundLimit(incoming: message, outcome: outcome)
        host.metrics.executed(key, duration: ContinuousClock.now - started, errors: outcome.errorCount + (limitExceeded ? 1 : 0),
                              rebounded: !outcome.reboundEvents.isEmpty && !limitExceeded)
        host.logger.info("run committed", metadata: metadata(queued, run: outcome.receipt?.runID, extra: [
            "outcome": "\(outcome.recordedOutcomeName)", "data": "\(outcome.dataMessages.count)", "errors": "\(outcome.errorCount)",
        ]))
        var woken = forwarding.next.map { StepKey(flow: key.flow, step: $0) }
        if let handler = forwarding.errorHandler { woken.append(StepKey(flow: key.flow, step: handler)) }
        if !outcome.reboundEvents.isEmpty { woken.append(key) }
        host.wake(woken)
        for event in events where event.kind == "updateKeys" {
            if let credentialsID, let json = event.json { await host.updateKeys(credentials: credentialsID, keysJSON: json) }
        }
        await answer(thread: message.context.threadId, events: events, limitExceeded: limitExceeded)
        return nil
    }

    /// A webhook caller waiting on the thread gets the first reply, the first failure, or (once nothing of the
    /// thread is queued any more) the platform's thank-you.
    private func answer(thread: String, events: [StepEvent], limitExceeded: Bool) async {
        guard host.waiters.isExpected(thread) else { return }
        if let reply = events.first(where: { $0.kind == "httpReply" }) {
            host.waiters.answer(thread, .fromHTTPReply(reply.json))
        } else if let error = events.first(where: { $0.kind == "error" }) {
            host.waiters.answer(thread, .failed(executionID: thread, errorJSON: error.json ?? "{}"))
        } else if limitExceeded {
            host.waiters.answer(thread, .failed(executionID: thread, errorJSON: Forwarding.reboundLimitError))
        }
        if (try? await host.store.queuedInThread(flow: key.flow, thread: thread)) == 0 {
            host.waiters.answer(thread, .thankYou(requestID: thread))
        }
    }

    private func fail(thread: String, errorJSON: String) {
        host.waiters.answer(thread, .failed(executionID: thread, errorJSON: errorJSON))
    }

    /// Records the message's failed run, removing it from the queue and sending the failure to the flow's error
    /// handler, in one commit under the step's lease.
    private func giveUp(_ queued: QueuedMessage, _ failure: WorkerFailure) async {
        let message = StepMessage(queued: queued)
        let step = workerStep
        let errorJSON = Self.errorJSON(failure)
        var outcome = StepOutcome(completion: .completedWithErrors, errorCount: 1, dataMessages: [], snapshotChange: .unchanged)
        outcome.errorEvents = [errorJSON]
        do {
            let lease = try await host.store.acquireLease(key, owner: .thisProcess(worker: "supervisor"), timeToLive: .seconds(30))
            var commit = RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "failed", inputHash: Digests.sha256(queued.json),
                                   outbox: [], snapshot: .unchanged, cfgFingerprint: nil, errorCount: 1, lease: lease)
            commit.consumes = queued.id
            commit.forward = (step.forwarding ?? Forwarding(next: [])).messages(from: key, incoming: message, outcome: outcome)
            try await host.store.commit(commit)
            host.metrics.executed(key, duration: .zero, errors: 1, rebounded: false)
            if let handler = step.forwarding?.errorHandler { host.wake([StepKey(flow: key.flow, step: handler)]) }
        } catch {
            host.logger.error("cannot record the failed run of step \(key): \(error); the message stays queued", metadata: metadata(queued))
            return
        }
        if (try? await host.store.queuedInThread(flow: key.flow, thread: message.context.threadId)) == 0 {
            host.waiters.answer(message.context.threadId, .thankYou(requestID: message.context.threadId))
        }
    }

    static func errorJSON(_ failure: WorkerFailure) -> String {
        #"{"name":"WorkerFailure","code":\#(JSONString.quote(failure.code.name)),"message":\#(JSONString.quote(failure.message))}"#
    }

    private func metadata(_ queued: QueuedMessage? = nil, run: String? = nil, extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["flow": "\(key.flow)", "step": "\(key.step)"]
        if let thread = queued?.context.thread { metadata["threadId"] = "\(thread)" }
        if let queued { metadata["queued"] = "\(queued.id)" }
        if let run { metadata["execution"] = "\(run)" }
        return metadata.merging(extra) { $1 }
    }
}

extension StepOutcome {
    var recordedOutcomeName: String {
        switch completion {
        case .completed: return "completed"
        case .completedWithErrors: return "completed-with-errors"
        case .initFailed: return "init-failed"
        }
    }
}
