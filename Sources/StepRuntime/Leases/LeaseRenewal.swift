import Foundation
import SnapshotStore

/// How a held lease is renewed, wherever a step runs: every third of its time to live, so two missed beats still
/// leave it held. A renewal refused (the lease expired and was taken over) stops the beats; the run's commit is then
/// refused by fencing, which is what keeps the successor's work safe, so nothing else needs to react here.
public enum LeaseRenewal {
    /// How often a lease with this time to live is renewed.
    public static func interval(for timeToLive: Duration) -> Duration { timeToLive / 3 }
}

/// Renews a lease while a runner's run lasts (`jshost run`, a worker's `run`).
///
/// A small thread of its own, not a task: the engine's thread may be busy in JavaScript for the whole run, and a
/// task would wake Swift concurrency's pool (several threads) in every cold run for a beat that rarely comes.
final class LeaseHeartbeat: @unchecked Sendable {  // `stopped` is guarded by `condition`
    private let condition = NSCondition()
    private var stopped = false

    init(store: StoreAccess, lease: Lease, timeToLive: Duration) {
        let interval = LeaseRenewal.interval(for: timeToLive) / .seconds(1)
        let thread = Thread { [self] in
            var current = lease
            condition.lock()
            defer { condition.unlock() }
            while !stopped {
                if condition.wait(until: Date().addingTimeInterval(interval)) { continue }
                guard !stopped else { return }
                condition.unlock()
                let renewed = try? store.renewLease(current, timeToLive: timeToLive)
                condition.lock()
                guard let renewed else { return }
                current = renewed
            }
        }
        thread.name = "jshost.lease-heartbeat"
        thread.stackSize = 128 << 10
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    deinit { stop() }
}
