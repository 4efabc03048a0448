import Foundation
import JSHostCore

/// Wakes one waiting task: a step's dispatcher sleeps on it until a message may be there (a commit queued one,
/// a trigger fired) or its timeout passes. A signal given while nobody waits is kept for the next wait.
package final class Wakeup: @unchecked Sendable {
    package init() {}

    private let lock = NSLock()
    private var signaled = false
    private var waiter: (generation: Int, continuation: CheckedContinuation<Void, Never>)?
    private var generation = 0

    package func signal() {
        let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
            guard let waiter else {
                signaled = true
                return nil
            }
            self.waiter = nil
            return waiter.continuation
        }
        waiting?.resume()
    }

    /// Returns at the next signal (at once if one came since the last wait), or after `timeout`.
    package func wait(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let mine: Int? = lock.withLock {
                if signaled {
                    signaled = false
                    return nil
                }
                generation += 1
                waiter = (generation, continuation)
                return generation
            }
            guard let mine else {
                continuation.resume()
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval) { [self] in
                let timedOut: CheckedContinuation<Void, Never>? = lock.withLock {
                    guard let waiter, waiter.generation == mine else { return nil }
                    self.waiter = nil
                    return waiter.continuation
                }
                timedOut?.resume()
            }
        }
    }
}
