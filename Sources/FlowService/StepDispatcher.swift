import Flows
import ComponentRuntime
import Foundation
import Logging
import SnapshotStore
import StepRuntime
import JSHostCore

/// What a step's dispatcher uses of its service.
protocol DispatchHost: Sendable {
    var store: any ServiceStore { get }
    /// The broker between steps, if the service has one: the queues' deliveries come from it.
    var broker: (any StepBroker)? { get }
    var committer: GroupCommitter { get }
    var workers: StepWorkers { get }
    var inbox: EventInbox { get }
    var waiters: WebhookWaiters { get }
    var metrics: ServiceMetrics { get }
    var logger: Logger { get }
    var configuration: ServiceConfiguration { get }
    var recentErrors: RecentErrors { get }
    /// Wakes the dispatchers of these steps: a commit queued messages for them.
    func wake(_ keys: [StepKey])
    /// An `updateKeys` event: the account's keys change for every step that uses it, from its next message on.
    func updateKeys(credentials id: String, keysJSON: String) async
}

/// Takes one step's queued messages in order, a group at a time, has the step's warm worker run them in turn
/// without committing, and commits their runs through the service's group committer: each run's commit removes its
/// message and queues what it sends on. A worker failure (a crash, a kill for time or memory, a component that does
/// not load) leaves the message queued and backs the step off; after `maxWorkerFailures` in a row the message is
/// given up: its failed run is recorded and it goes to the flow's error handler, and the step's later messages go on.
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
    /// queued by another process (a `jshost flow run`, another host on a shared store) are found this late.
    /// How often an idle step looks at its queue for messages no wakeup told it of: those another process queued.
    /// Shorter on a store several hosts share, where other hosts' webhooks and commits queue them.
    private var idleWait: Duration { host.store.capabilities.sharedByHosts ? .seconds(1) : .seconds(5) }

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

    /// Takes no more messages (the running one finishes); the step's lease is given back at once after it.
    func pause() {
        lock.withLock { taking = false }
        wakeup.signal()
    }

    func end() {
        lock.withLock {
            taking = false
            ended = true
        }
        wakeup.signal()
    }

    func wake() { wakeup.signal() }

    private var state: (taking: Bool, ended: Bool) { lock.withLock { (taking, ended) } }

    private func loop() async {
        var consecutiveFailures = 0
        var headAttempts: (id: Int64, count: Int)?
        // After a failure the step takes one message at a time until one commits, so a message that fails is
        // found out alone and the ones behind it are not blamed.
        var isolating = false
        while !state.ended {
            guard state.taking else {
                await releaseLease()
                await wakeup.wait(timeout: idleWait)
                continue
            }
            let queued: [QueuedMessage]
            do {
                let limit = isolating ? 1 : host.configuration.maxGroup
                if let broker = host.broker {
                    queued = try await broker.next(for: key, limit: limit)
                } else {
                    queued = try await host.store.nextQueued(for: key, at: Date(), limit: limit)
                }
            } catch {
                host.logger.error("cannot read the queue of step \(key): \(error)", metadata: metadata())
                await wakeup.wait(timeout: .seconds(1))
                continue
            }
            guard !queued.isEmpty else {
                // The lease stays a moment after the last message, so a step called again soon (a webhook under a
                // steady load) takes its next message without a transaction for the lease first.
                if lease != nil, ContinuousClock.now - lastWork < Self.leaseLinger {
                    await wakeup.wait(timeout: Self.leaseLinger)
                    continue
                }
                await releaseLease()
                // A broker's deliveries wake the step; a rebound's wait is the broker's too.
                let next = host.broker == nil ? try? await host.store.nextAvailable(for: key) : nil
                let wait = next.map { Duration.milliseconds(Int64(max(0, $0.timeIntervalSinceNow) * 1000) + 1) } ?? idleWait
                await wakeup.wait(timeout: min(wait, idleWait))
                continue
            }
            lock.withLock { busy = true }
            let failed = await run(queued)
            lock.withLock { busy = false }
            lastWork = ContinuousClock.now
            guard let failed else {
                consecutiveFailures = 0
                headAttempts = nil
                isolating = false
                continue
            }
            if failed.failure.code == .alreadyConsumed { continue }
            if failed.failure.code == .stepBusy {
                // Another owner (a command-line run) holds the step: its turn, not a failure of this message.
                await wakeup.wait(timeout: .seconds(1))
                continue
            }
            isolating = true
            consecutiveFailures += 1
            let backoff = min(host.configuration.failureBackoff * (1 << min(consecutiveFailures - 1, 16)),
                              host.configuration.maxFailureBackoff)
            if failed.failure.code == .storeUnavailable {
                // The store failed the lease or the commit (a database away): not the message's fault, so it is
                // not given up for it; it runs again once the store answers.
                host.logger.warning("step \(key) could not commit message \(failed.message.id): \(failed.failure.message); retrying in \(backoff)",
                                    metadata: metadata(failed.message))
                await wakeup.wait(timeout: backoff)
                continue
            }
            let attempts = headAttempts?.id == failed.message.id ? (headAttempts?.count ?? 0) + 1 : 1
            headAttempts = (failed.message.id, attempts)
            host.metrics.workerFailed(key)
            if attempts >= host.configuration.maxWorkerFailures {
                host.logger.error("step \(key) failed \(attempts) times on message \(failed.message.id): \(failed.failure.message); it is given up and goes to the flow's error handler",
                                  metadata: metadata(failed.message))
                await giveUp(failed.message, failed.failure)
                headAttempts = nil
            } else {
                host.logger.warning("step \(key) failed on message \(failed.message.id) (attempt \(attempts) of \(host.configuration.maxWorkerFailures)): \(failed.failure.message); retrying in \(backoff)",
                                    metadata: metadata(failed.message))
                await wakeup.wait(timeout: backoff)
            }
        }
        await releaseLease()
    }

    /// The step's lease, held by the dispatcher while the step has messages (renewed by a heartbeat while a group
    /// runs), so a group needs no lease of its own.
    private var lease: Lease?
    private var leaseRenewedAt = ContinuousClock.now

    private func heldLease() async throws -> Lease {
        if let lease, ContinuousClock.now - leaseRenewedAt < Self.leaseTimeToLive / 3 { return lease }
        let taken: Lease
        if let lease {
            taken = try await host.store.renewLease(lease, timeToLive: Self.leaseTimeToLive)
        } else {
            taken = try await host.store.acquireLease(key, owner: .thisProcess(worker: "serve"), timeToLive: Self.leaseTimeToLive)
        }
        lease = taken
        leaseRenewedAt = ContinuousClock.now
        return taken
    }

    private func releaseLease() async {
        guard let held = lease else { return }
        lease = nil
        try? await host.store.releaseLease(held)
    }

    static let leaseTimeToLive: Duration = .seconds(30)
    /// How long an idle step keeps its lease.
    static let leaseLinger: Duration = .seconds(2)
    private var lastWork = ContinuousClock.now

    struct Failed {
        var message: QueuedMessage
        var failure: WorkerFailure
    }

    /// Runs a group of queued messages in the step's worker and commits what they did, together; nil when every
    /// one committed, else the message that did not and why (those before it are committed).
    private func run(_ queued: [QueuedMessage]) async -> Failed? {
        let messages = queued.map(StepMessage.init(queued:))
        let step = workerStep
        let started = ContinuousClock.now
        let lease: Lease
        do {
            lease = try await heldLease()
        } catch {
            self.lease = nil
            let busy = (error as? SnapshotStoreError)?.code == .stepBusy
            return Failed(message: queued[0], failure: WorkerFailure(code: busy ? .stepBusy : Self.failureCode(error), key: key,
                                                                     message: StoreFailures.diskFull(error) ?? "\(error)"))
        }
        let heartbeat = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.leaseTimeToLive / 3)
                if Task.isCancelled { return }
                _ = try? await host.store.renewLease(lease, timeToLive: Self.leaseTimeToLive)
            }
        }
        let evaluated: (runs: [EvaluatedRun], failure: WorkerFailure?)
        do {
            evaluated = try await host.workers.evaluate(messages, in: step)
        } catch {
            heartbeat.cancel()
            _ = host.inbox.take(key)
            let failure = error as? WorkerFailure ?? WorkerFailure(code: .componentFailed, key: key, message: "\(error)")
            await fail(thread: messages[0].context.threadId, errorJSON: Self.errorJSON(failure))
            return Failed(message: queued[0], failure: failure)
        }
        heartbeat.cancel()
        let events = host.inbox.take(key)
        let forwarding = step.forwarding ?? Forwarding(next: [])
        let count = evaluated.runs.count
        let commits = (0..<count).map { index in
            Self.consuming(queued[index], evaluated.runs[index].commit(
                id: Self.runID(queued[index]), key: key, lease: lease, consumes: nil,
                forward: forwarding.messages(from: key, incoming: messages[index], outcome: evaluated.runs[index].outcome)))
        }
        var receipts: [CommitReceipt] = []
        if !commits.isEmpty {
            do {
                receipts = try await host.committer.commit(commits)
                host.broker?.taken(queued.prefix(count).map(\.id), of: key)
            } catch {
                self.lease = nil
                let code = Self.failureCode(error)
                if let taken = (error as? SnapshotStoreError)?.messageID { host.broker?.alreadyConsumed(messageID: taken, of: key) }
                let failure = WorkerFailure(code: code, key: key, message: "the commit failed: \(StoreFailures.diskFull(error) ?? "\(error)")")
                // A message taken already, or to be run again once the store answers, has not failed its caller.
                if code == .storeFailed { await fail(thread: messages[0].context.threadId, errorJSON: Self.errorJSON(failure)) }
                return Failed(message: queued[0], failure: failure)
            }
        }
        let duration = (ContinuousClock.now - started) / max(count, 1)
        var woken = Set(forwarding.next.map { StepKey(flow: key.flow, step: $0) })
        if let handler = forwarding.errorHandler { woken.insert(StepKey(flow: key.flow, step: handler)) }
        for index in 0..<count {
            let outcome = evaluated.runs[index].outcome
            let message = messages[index]
            let limitExceeded = forwarding.exceedsReboundLimit(incoming: message, outcome: outcome)
            host.metrics.executed(key, duration: duration, errors: outcome.errorCount + (limitExceeded ? 1 : 0),
                                  rebounded: !outcome.reboundEvents.isEmpty && !limitExceeded)
            if host.logger.logLevel <= .info {
                host.logger.info("run committed", metadata: metadata(queued[index], run: index < receipts.count ? receipts[index].runID : nil, extra: [
                    "outcome": "\(outcome.recordedOutcome)", "data": "\(outcome.dataMessages.count)", "errors": "\(outcome.errorCount)",
                ]))
            }
            if index < receipts.count {
                host.recentErrors.record(key, runID: receipts[index].runID, errors: outcome.errorEvents)
                if message.context.headers[Forwarding.mappedByHeader] != nil {
                    host.recentErrors.recordReceived(key, runID: receipts[index].runID, message: message.json)
                }
            }
            if outcome.unrouted > 0 {
                host.metrics.unrouted(key, outcome.unrouted)
                host.logger.notice("data message matched no condition of the step's edges and the step has no default edge; it goes nowhere",
                                   metadata: metadata(queued[index], extra: ["unrouted": "\(outcome.unrouted)"]))
            }
            if !outcome.reboundEvents.isEmpty { woken.insert(key) }
            let own = events.filter { $0.context.messageId == message.context.messageId }
            for event in own where event.kind == "updateKeys" {
                if let credentialsID, let json = event.json { await host.updateKeys(credentials: credentialsID, keysJSON: json) }
            }
            // A run that queued more of its thread has not ended it: no need to ask the store.
            let continues = commits[index].forward.contains { $0.context.thread == message.context.threadId }
            await answer(thread: message.context.threadId, events: own, errors: outcome.errorEvents, limitExceeded: limitExceeded,
                         continues: continues)
        }
        host.wake(Array(woken))
        if let failure = evaluated.failure {
            let failed = messages[count]
            if failure.code != .alreadyConsumed && failure.code != .stepBusy {
                await fail(thread: failed.context.threadId, errorJSON: Self.errorJSON(failure))
            }
            return Failed(message: queued[count], failure: failure)
        }
        return nil
    }

    /// A webhook caller waiting on the thread gets the first reply, the first failure, or (once nothing of the
    /// thread is queued any more) the platform's thank-you.
    private func answer(thread: String, events: [StepEvent], errors: [String], limitExceeded: Bool, continues: Bool) async {
        guard await isAwaited(thread) else { return }
        if let reply = events.first(where: { $0.kind == "httpReply" }) {
            await deliver(thread, .fromHTTPReply(reply.json))
        } else if let error = errors.first {
            await deliver(thread, .failed(executionID: thread, errorJSON: error))
        } else if limitExceeded {
            await deliver(thread, .failed(executionID: thread, errorJSON: Forwarding.reboundLimitError))
        }
        if !continues, await isAwaited(thread), (try? await host.store.queuedInThread(flow: key.flow, thread: thread)) == 0 {
            await deliver(thread, .thankYou(requestID: thread))
        }
    }

    private func fail(thread: String, errorJSON: String) async {
        await deliver(thread, .failed(executionID: thread, errorJSON: errorJSON))
    }

    /// Whether a webhook caller waits for the thread: here, or (on a shared store) on another host.
    private func isAwaited(_ thread: String) async -> Bool {
        if host.waiters.isExpected(thread) { return true }
        guard host.store.capabilities.sharedByHosts else { return false }
        return (try? await host.store.isAnswerAwaited(thread: thread)) ?? false
    }

    /// Answers the thread's caller where it waits: here, or through the shared store for another host to take.
    private func deliver(_ thread: String, _ reply: WebhookReply) async {
        if host.waiters.isExpected(thread) {
            host.waiters.answer(thread, reply)
        } else if host.store.capabilities.sharedByHosts {
            _ = try? await host.store.offerAnswer(thread: thread, answer: reply.storedText)
        }
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
            let lease = try await heldLease()
            var commit = RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "failed", inputHash: Digests.sha256(queued.json),
                                   outbox: [], snapshot: .unchanged, cfgFingerprint: nil, errorCount: 1, lease: lease)
            commit = Self.consuming(queued, commit)
            commit.forward = (step.forwarding ?? Forwarding(next: [])).messages(from: key, incoming: message, outcome: outcome)
            self.lease = nil
            let receipts = try await host.committer.commit([commit])
            host.broker?.taken([queued.id], of: key)
            host.recentErrors.record(key, runID: receipts.first?.runID ?? commit.id, errors: [errorJSON])
            host.metrics.executed(key, duration: .zero, errors: 1, rebounded: false)
            if let handler = step.forwarding?.errorHandler { host.wake([StepKey(flow: key.flow, step: handler)]) }
        } catch {
            self.lease = nil
            host.logger.error("cannot record the failed run of step \(key): \(error); the message stays queued", metadata: metadata(queued))
            return
        }
        let thread = message.context.threadId
        if await isAwaited(thread), (try? await host.store.queuedInThread(flow: key.flow, thread: thread)) == 0 {
            await deliver(thread, .thankYou(requestID: thread))
        }
    }

    /// The commit, consuming the message it ran: its queue row, or the id a broker delivered it with.
    static func consuming(_ queued: QueuedMessage, _ commit: RunCommit) -> RunCommit {
        var commit = commit
        if let delivered = queued.deliveredMessageID {
            commit.consumesMessageID = delivered
        } else {
            commit.consumes = queued.id
        }
        return commit
    }

    /// What a store's error means for the message: taken already, the store away (then the message is not to
    /// blame and is not given up for it), or the store refusing it.
    static func failureCode(_ error: any Error) -> WorkerFailure.Code {
        // A full disk fails every write alike: not this message's fault, and over once space returns.
        if StoreFailures.diskFull(error) != nil { return .storeUnavailable }
        switch (error as? SnapshotStoreError)?.code {
        case .alreadyConsumed?: return .alreadyConsumed
        case .unavailable?, .leaseLost?: return .storeUnavailable
        default: return .storeFailed
        }
    }

    /// A run is named by the message it ran, so its log lines, its record and its outputs' `parentMessageId` agree;
    /// but another program's message id may come to several steps, and a run's id is the store's key for it.
    static func runID(_ queued: QueuedMessage) -> String {
        queued.deliveredMessageID == nil ? queued.messageID : UUID().uuidString.lowercased()
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
