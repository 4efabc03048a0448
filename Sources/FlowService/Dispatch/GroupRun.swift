import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

/// The message of a group that did not commit, and why (those before it are committed).
struct GroupFailure {
    var message: QueuedMessage
    var failure: WorkerFailure
}

extension StepDispatcher {
    /// Runs a group of queued messages in the step's worker, each from the snapshot the one before left, and commits
    /// their runs together through the service's `GroupCommitter` (each consuming its message and queuing what it
    /// sends on); then counts them, answers webhook callers and wakes the steps they sent messages to. Nil when
    /// every message committed.
    func run(_ queued: [QueuedMessage]) async -> GroupFailure? {
        let messages = queued.map(StepMessage.init(queued:))
        let step = workerStep
        let started = ContinuousClock.now
        let lease: Lease
        do {
            lease = try await leases.hold()
        } catch {
            let busy = (error as? SnapshotStoreError)?.code == .stepBusy
            let failure = WorkerFailure(code: busy ? .stepBusy : Self.failureCode(error), key: key, message: StoreFailures.diskFull(error) ?? "\(error)")
            if failure.code == .storeUnavailable { await refuseHeld(queued, failure) }
            return GroupFailure(message: queued[0], failure: failure)
        }
        let evaluated: (runs: [EvaluatedRun], failure: WorkerFailure?)
        do {
            evaluated = try await leases.renewing(lease) { try await host.workers.evaluate(messages, in: step) }
        } catch {
            _ = host.inbox.take(key)
            // The lease's renewal failing for the store is the store's trouble, not the component's.
            let storeTrouble = StoreFailures.diskFull(error) != nil || error is SnapshotStoreError
            let failure = error as? WorkerFailure
                ?? WorkerFailure(code: storeTrouble ? Self.failureCode(error) : .componentFailed, key: key, message: StoreFailures.diskFull(error) ?? "\(error)")
            if failure.code == .storeUnavailable {
                await refuseHeld(queued, failure)
            } else {
                await host.answers.fail(thread: messages[0].context.threadId, errorJSON: Self.errorJSON(failure))
            }
            return GroupFailure(message: queued[0], failure: failure)
        }
        let events = host.inbox.take(key)
        let forwarding = step.forwarding ?? Forwarding(next: [])
        let count = evaluated.runs.count
        let commits = (0..<count).map { index in
            consuming(queued[index], evaluated.runs[index].commit(
                id: runID(queued[index]), key: key, lease: lease, consumes: nil,
                forward: forwarding.messages(from: key, incoming: messages[index], outcome: evaluated.runs[index].outcome)))
        }
        var receipts: [CommitReceipt] = []
        if !commits.isEmpty {
            do {
                receipts = try await host.committer.commit(commits)
                host.broker.taken(queued.prefix(count).map(\.id), of: key)
            } catch {
                leases.forget()
                let code = Self.failureCode(error)
                if let taken = (error as? SnapshotStoreError)?.messageID { host.broker.alreadyConsumed(messageID: taken, of: key) }
                let failure = WorkerFailure(code: code, key: key, message: "the commit failed: \(StoreFailures.diskFull(error) ?? "\(error)")")
                // A message taken already, or to be run again once the store answers, has not failed its caller; a
                // webhook's request held in memory was not queued, and its caller is told so.
                if code == .storeFailed { await host.answers.fail(thread: messages[0].context.threadId, errorJSON: Self.errorJSON(failure)) }
                if code == .storeUnavailable { await refuseHeld(Array(queued.prefix(count)), failure) }
                return GroupFailure(message: queued[0], failure: failure)
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
            let continues = commits[index].forward.contains { $0.context.threadId == message.context.threadId }
            await host.answers.answer(thread: message.context.threadId, flow: key.flow, events: own, errors: outcome.errorEvents,
                                      limitExceeded: limitExceeded, continues: continues)
        }
        host.wake(Array(woken))
        if let failure = evaluated.failure {
            let failed = messages[count]
            if failure.code != .alreadyConsumed && failure.code != .stepBusy {
                await host.answers.fail(thread: failed.context.threadId, errorJSON: Self.errorJSON(failure))
            }
            return GroupFailure(message: queued[count], failure: failure)
        }
        return nil
    }

    /// Webhook requests held in memory whose runs the store could not take (its disk full, or away): nothing of them
    /// is queued, so their callers are told (as when the store refuses a request outright) rather than kept waiting.
    func refuseHeld(_ queued: [QueuedMessage], _ failure: WorkerFailure) async {
        guard let lane = (host.broker as? StoreQueues)?.lane else { return }
        let held = queued.filter { host.broker.consumption(of: $0) == .held }
        guard !held.isEmpty else { return }
        lane.refuse(held.map(\.id), of: key, because: failure.message)
        for thread in held.compactMap(\.context.threadId) { await host.answers.fail(thread: thread, errorJSON: Self.errorJSON(failure)) }
    }

    /// The commit, consuming the message it ran as its broker says: its queue row, the id a broker delivered it
    /// with, or nothing the store keeps (a webhook's request held in memory).
    func consuming(_ queued: QueuedMessage, _ commit: RunCommit) -> RunCommit {
        var commit = commit
        switch host.broker.consumption(of: queued) {
        case .queueRow(let id): commit.consumes = id
        case .messageID(let id): commit.consumesMessageID = id
        case .held: break
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
    func runID(_ queued: QueuedMessage) -> String {
        if case .messageID = host.broker.consumption(of: queued) { return RandomUUID.make() }
        return queued.messageID
    }

    static func errorJSON(_ failure: WorkerFailure) -> String {
        #"{"name":"WorkerFailure","code":\#(JSONString.quote(failure.code.name)),"message":\#(JSONString.quote(failure.message))}"#
    }
}
