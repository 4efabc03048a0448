import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

/// Scheduled flows: a polling flow's cron schedule (`CronSchedule`, UTC) fires its trigger's message, as does a
/// run-now; a tick is skipped while the flow's last execution still has queued messages (ticks never overlap).
extension FlowService {
    /// Fires a started flow's trigger now, as a tick would (refused while its last execution still runs: ticks
    /// never overlap). Returns the execution's thread id.
    public func runNow(_ id: String) async throws(FlowControlError) -> String {
        guard !stopping else { throw .stopping }
        guard let flow = flows[id], active.contains(id) else { throw .notFound(id) }
        if let thread = try await fire(flow) { return thread }
        throw FlowControlError(.conflict, "flow \(id) is still running its last execution; run it again when that is done")
    }

    /// The trigger's message for a schedule's tick or a run-now, as sailor gives a polling trigger.
    static let tickMessage = #"{"attachments":{},"body":{},"headers":{},"metadata":{}}"#

    /// Queues the trigger's message unless the flow's last execution is still running; the new thread's id, or nil.
    func fire(_ flow: ServedFlow) async throws(FlowControlError) -> String? {
        if let last = lastExecution[flow.id], ((try? await parts.store.queuedInThread(flow: flow.id, thread: last)) ?? 0) > 0 {
            return nil
        }
        let thread = RandomUUID.make()
        do {
            try await enqueue(flow, json: Self.tickMessage, thread: thread, source: "schedule:\(thread)")
        } catch {
            throw FlowControlError(.failed, "cannot queue the trigger's message of flow \(flow.id): \(error)")
        }
        lastExecution[flow.id] = thread
        return thread
    }

    func enqueue(_ flow: ServedFlow, json: String, thread: String, source: String) async throws {
        let messages = flow.starts.map {
            ForwardedMessage(to: flow.document.key($0), json: json, context: QueueContext(threadId: thread))
        }
        try await parts.committer.enqueue(messages, source: source)
        parts.wake(messages.map(\.to))
    }

    func schedule(_ id: String, _ cron: CronSchedule) -> Task<Void, Never> {
        Task { [weak self] in
            while !Task.isCancelled {
                guard let next = cron.next(after: Date()) else { return }
                let wait = next.timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000) + 1)) }
                if Task.isCancelled { return }
                await self?.tick(id)
            }
        }
    }

    func tick(_ id: String) async {
        guard !stopping, let flow = flows[id], active.contains(id) else { return }
        do {
            if try await fire(flow) == nil {
                parts.metrics.skippedTick(flow: id)
                parts.logger.notice("tick skipped: the flow's last execution is still running", metadata: ["flow": "\(id)"])
            }
        } catch {
            parts.logger.error("\(error)", metadata: ["flow": "\(id)"])
        }
    }
}
