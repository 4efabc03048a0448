import Foundation
import JSHostCore
import SnapshotStore
import StepRuntime
import Logging

/// A step's failures in a row. After a failure the step takes one message at a time until one commits, so a message
/// that fails is found out alone and the ones behind it are not blamed.
struct FailureStreak {
    var consecutive = 0
    /// The message at the head of the queue and how many times in a row it failed.
    var head: (id: Int64, count: Int)?
    var isolating = false
}

extension StepDispatcher {
    /// A worker failure (a crash, a kill for time or memory, a component that does not load) leaves the message
    /// queued and backs the step off; after `maxWorkerFailures` in a row the message is given up: its failed run is
    /// recorded and it goes to the flow's error handler, and the step's later messages go on. The store failing
    /// (away, or its disk full) is not the message's fault: it waits and runs again.
    func handle(_ failed: GroupFailure, _ streak: inout FailureStreak) async {
        if failed.failure.code == .alreadyConsumed { return }
        if failed.failure.code == .stepBusy {
            // Another owner (a command-line run) holds the step: its turn, not a failure of this message.
            await wakeup.wait(timeout: .seconds(1))
            return
        }
        streak.isolating = true
        streak.consecutive += 1
        let configuration = host.configuration
        let backoff = min(configuration.failureBackoff * (1 << min(streak.consecutive - 1, 16)), configuration.maxFailureBackoff)
        // Neither the store away nor a neighbour in the worker process that got it killed is this message's doing.
        if failed.failure.code == .storeUnavailable || failed.failure.code == .neighbourEnded {
            let what = failed.failure.code == .storeUnavailable ? "could not commit" : "did not finish"
            host.logger.warning("step \(key) \(what) message \(failed.message.id): \(failed.failure.message); retrying in \(backoff)",
                                metadata: metadata(failed.message))
            await wakeup.wait(timeout: backoff)
            return
        }
        let attempts = streak.head?.id == failed.message.id ? (streak.head?.count ?? 0) + 1 : 1
        streak.head = (failed.message.id, attempts)
        host.metrics.workerFailed(key)
        // A webhook's request in the lane is not given up here: its caller, answered with the failure or done
        // waiting, queues it durably (`WebhookLane.withdraw`), and its tries are counted there.
        if attempts >= configuration.maxWorkerFailures && host.broker.consumption(of: failed.message) != .held {
            host.logger.error("step \(key) failed \(attempts) times on message \(failed.message.id): \(failed.failure.message); it is given up and goes to the flow's error handler",
                              metadata: metadata(failed.message))
            await giveUp(failed.message, failed.failure)
            streak.head = nil
        } else {
            host.logger.warning("step \(key) failed on message \(failed.message.id) (attempt \(attempts) of \(configuration.maxWorkerFailures)): \(failed.failure.message); retrying in \(backoff)",
                                metadata: metadata(failed.message))
            await wakeup.wait(timeout: backoff)
        }
    }

    /// Records the message's failed run, removing it from the queue and sending the failure to the flow's error
    /// handler, in one commit under the step's lease.
    func giveUp(_ queued: QueuedMessage, _ failure: WorkerFailure) async {
        let message = StepMessage(queued: queued)
        let step = workerStep
        let errorJSON = Self.errorJSON(failure)
        var outcome = StepOutcome(completion: .completedWithErrors, errorCount: 1, dataMessages: [], snapshotChange: .unchanged)
        outcome.errorEvents = [errorJSON]
        do {
            let lease = try await leases.hold()
            var commit = RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "failed", inputHash: Digests.sha256(queued.json),
                                   outbox: [], snapshot: .unchanged, cfgFingerprint: nil, errorCount: 1, lease: lease)
            commit = consuming(queued, commit)
            commit.forward = (step.forwarding ?? Forwarding(next: [])).messages(from: key, incoming: message, outcome: outcome)
            // The commit gives the lease back.
            leases.forget()
            let receipts = try await host.committer.commit([commit])
            host.broker.taken([queued.id], of: key)
            host.recentErrors.record(key, runID: receipts.first?.runID ?? commit.id, errors: [errorJSON])
            host.metrics.executed(key, duration: .zero, errors: 1, rebounded: false)
            if let handler = step.forwarding?.errorHandler { host.wake([StepKey(flow: key.flow, step: handler)]) }
        } catch {
            leases.forget()
            host.logger.error("cannot record the failed run of step \(key): \(error); the message stays queued", metadata: metadata(queued))
            return
        }
        await host.answers.thankIfDone(thread: message.context.threadId, flow: key.flow)
    }
}
