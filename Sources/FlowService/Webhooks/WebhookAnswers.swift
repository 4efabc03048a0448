import Foundation
import JSHostCore
import SnapshotStore
import StepRuntime
import Synchronization

/// Webhook answers: a caller waits for its execution's answer (the request's id is the execution's thread id,
/// carried by every message downstream). A step's dispatcher answers after the commit of what caused the answer:
/// the first `httpReply`, else the first failure, else the platform's thank-you once nothing of the thread is
/// queued any more. When the caller waits on another host (a store several hosts share), the answer travels
/// through the store (`WebhookAnswerKeeping`) and that host takes it (`fromOtherHosts`).
struct WebhookAnswers: Sendable {
    let waiters: WebhookWaiters
    let store: any ServiceStore

    /// Answers the thread's caller, if one waits, after a run of `flow` committed with these events and errors.
    func answer(thread: String, flow: String, events: [StepEvent], errors: [String], limitExceeded: Bool, continues: Bool) async {
        guard await isAwaited(thread) else { return }
        if let reply = events.first(where: { $0.kind == "httpReply" }) {
            await deliver(thread, .fromHTTPReply(reply.json))
        } else if let error = errors.first {
            await deliver(thread, .failed(executionID: thread, errorJSON: error))
        } else if limitExceeded {
            await deliver(thread, .failed(executionID: thread, errorJSON: Forwarding.reboundLimitError))
        }
        if !continues { await thankIfDone(thread: thread, flow: flow) }
    }

    /// The thread's caller gets the failure, if one waits and none was answered yet.
    func fail(thread: String, errorJSON: String) async {
        await deliver(thread, .failed(executionID: thread, errorJSON: errorJSON))
    }

    /// The platform's thank-you, once nothing of the thread is queued any more.
    func thankIfDone(thread: String, flow: String) async {
        if await isAwaited(thread), (try? await store.queuedInThread(flow: flow, thread: thread)) == 0 {
            await deliver(thread, .thankYou(requestID: thread))
        }
    }

    /// Whether a webhook caller waits for the thread: here, or (on a shared store) on another host.
    func isAwaited(_ thread: String) async -> Bool {
        if waiters.isExpected(thread) { return true }
        guard store.capabilities.sharedByHosts else { return false }
        return (try? await store.isAnswerAwaited(thread: thread)) ?? false
    }

    /// Answers the thread's caller where it waits: here, or through the shared store for another host to take.
    func deliver(_ thread: String, _ reply: WebhookReply) async {
        if waiters.isExpected(thread) {
            waiters.answer(thread, reply)
        } else if store.capabilities.sharedByHosts {
            _ = try? await store.offerAnswer(thread: thread, answer: reply.storedText)
        }
    }

    /// On a shared store another host may end the execution: it offers the answer through the store, and this task
    /// takes it to the caller waiting here. Nil when the store is this host's alone.
    func fromOtherHosts(_ thread: String) -> Task<Void, Never>? {
        guard store.capabilities.sharedByHosts else { return nil }
        return Task { [waiters, store] in
            while !Task.isCancelled {
                if let text = try? await store.takeAnswer(thread: thread), let reply = WebhookReply(storedText: text) {
                    waiters.answer(thread, reply)
                    return
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}

/// Webhook callers waiting for their execution's answer, by thread: the first answer wins (a step's httpReply, a
/// step's failure, the end of the execution without a reply), and one that never comes is a 504 after the
/// timeout.
final class WebhookWaiters: Sendable {
    private struct State {
        var waiting: [String: CheckedContinuation<WebhookReply?, Never>] = [:]
        /// Answers that came before their caller started waiting.
        var early: [String: WebhookReply] = [:]
        var expected: Set<String> = []
    }
    private let state = Mutex(State())

    /// Says that a caller will wait for `thread` (before its message is queued, so no answer is missed).
    func expect(_ thread: String) {
        state.withLock { _ = $0.expected.insert(thread) }
    }

    /// Whether someone waits for the thread's answer.
    func isExpected(_ thread: String) -> Bool { state.withLock { $0.expected.contains(thread) } }

    /// The thread's answer, or nil after `timeout`.
    func wait(_ thread: String, timeout: Duration) async -> WebhookReply? {
        let reply: WebhookReply? = await withCheckedContinuation { continuation in
            let ready: WebhookReply?? = state.withLock { state in
                if let answer = state.early.removeValue(forKey: thread) { return .some(answer) }
                state.waiting[thread] = continuation
                return nil
            }
            if let ready {
                continuation.resume(returning: ready)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval) { [self] in
                state.withLock { $0.waiting.removeValue(forKey: thread) }?.resume(returning: nil)
            }
        }
        forget(thread)
        return reply
    }

    /// No caller will wait for the thread after all (its request could not be queued), or it is answered.
    func forget(_ thread: String) {
        state.withLock { state in
            _ = state.expected.remove(thread)
            state.early[thread] = nil
        }
    }

    /// Answers the thread's caller, if one waits and none was answered yet.
    func answer(_ thread: String, _ reply: WebhookReply) {
        let continuation: CheckedContinuation<WebhookReply?, Never>? = state.withLock { state in
            guard state.expected.contains(thread) else { return nil }
            if let continuation = state.waiting.removeValue(forKey: thread) {
                state.expected.remove(thread)
                return continuation
            }
            if state.early[thread] == nil { state.early[thread] = reply }
            return nil
        }
        continuation?.resume(returning: reply)
    }
}
