import Foundation
import JSHostCore
import Synchronization

/// Wakes one waiting task: a step's dispatcher sleeps on it until a message may be there (a commit queued one,
/// a trigger fired) or its timeout passes. A signal given while nobody waits is kept for the next wait.
package final class Wakeup: Sendable {
    package init() {}

    private struct State {
        var signaled = false
        var waiter: (generation: Int, continuation: CheckedContinuation<Void, Never>)?
        var generation = 0
    }
    private let state = Mutex(State())

    package func signal() {
        let waiting: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard let waiter = state.waiter else {
                state.signaled = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiting?.resume()
    }

    /// Returns at the next signal (at once if one came since the last wait), or after `timeout`.
    package func wait(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let mine: Int? = state.withLock { state in
                if state.signaled {
                    state.signaled = false
                    return nil
                }
                state.generation += 1
                state.waiter = (state.generation, continuation)
                return state.generation
            }
            guard let mine else {
                continuation.resume()
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval) { [self] in
                let timedOut: CheckedContinuation<Void, Never>? = state.withLock { state in
                    guard let waiter = state.waiter, waiter.generation == mine else { return nil }
                    state.waiter = nil
                    return waiter.continuation
                }
                timedOut?.resume()
            }
        }
    }
}
