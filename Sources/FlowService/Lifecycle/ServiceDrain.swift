import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

extension FlowService {
    /// The graceful end: no more ticks or calls, each step's running message finishes (within `drainTimeout`), its
    /// commit made; the started flows' `shutdown` hooks run; the workers end. What is still queued stays for the
    /// next start. The broker ends after this, as a service of its own (see `StepBroker`).
    public func drain() async {
        stopping = true
        parts.feed.finish()
        for task in schedules.values { task.cancel() }
        schedules = [:]
        let dispatchers = parts.dispatchers.all
        for dispatcher in dispatchers { dispatcher.pause() }
        let deadline = ContinuousClock.now + parts.configuration.drainTimeout
        while dispatchers.contains(where: \.isBusy) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let unfinished = dispatchers.filter(\.isBusy).map { "\($0.key)" }
        if !unfinished.isEmpty {
            parts.logger.warning("drain timeout passed with messages running in \(unfinished.joined(separator: ", ")); they stay queued, uncommitted, for the next start")
        }
        for id in active.sorted() {
            guard let flow = flows[id] else { continue }
            // A trigger still running past the drain timeout would hold its worker: its hook is skipped.
            if flow.starts.contains(where: { parts.dispatchers[flow.document.key($0)]?.isBusy == true }) {
                parts.logger.warning("the shutdown hook of flow \(id) did not run: its trigger was still running", metadata: ["flow": "\(id)"])
                continue
            }
            await runShutdownHooks(flow)
        }
        for dispatcher in dispatchers { dispatcher.end() }
        await parts.workers.shutdown()
        await queueWebhookLane()
        parts.logger.info("stopped")
    }

    /// Webhook requests their steps did not run wait for the next start in the store's queue (no run can take them
    /// any more: the workers have ended). One its caller took back is queued by the caller.
    private func queueWebhookLane() async {
        guard let lane = (parts.broker as? StoreQueues)?.lane else { return }
        let left = lane.withdrawWaiting()
        guard !left.isEmpty else { return }
        do {
            for message in left {
                try await parts.committer.enqueue([ForwardedMessage(to: message.key, json: message.json, context: message.context)],
                                                  source: message.fromRun)
            }
            parts.logger.info("\(left.count) webhook request(s) not yet run are queued for the next start")
        } catch {
            parts.logger.error("\(left.count) webhook request(s) not yet run could not be queued: \(error)")
        }
    }
}
