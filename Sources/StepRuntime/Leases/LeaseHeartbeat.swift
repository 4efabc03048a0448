import Foundation
import SnapshotStore

/// Renews a lease while its run lasts: every third of its time to live, so two missed beats still leave it held.
/// A renewal refused (the lease expired and was taken over) stops the beats; the run's commit is then refused
/// by fencing, which is what keeps the successor's work safe, so nothing else needs to react here.
final class LeaseHeartbeat: Sendable {
    private let task: Task<Void, Never>

    init(store: any RunCommitting, lease: Lease, timeToLive: Duration) {
        task = Task {
            var current = lease
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: timeToLive / 3)
                    current = try await store.renewLease(current, timeToLive: timeToLive)
                } catch {
                    return
                }
            }
        }
    }

    func stop() { task.cancel() }

    deinit { task.cancel() }
}
