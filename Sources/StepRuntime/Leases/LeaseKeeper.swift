import JSHostCore
import SnapshotStore
import Synchronization

/// Holds one step's lease across many runs, for a caller in Swift concurrency (`serve`'s dispatcher): taken when
/// the step has work, renewed as `LeaseRenewal` says (on the next `hold` once a third of its time to live passed,
/// and by a heartbeat while a long piece of work runs), given back when the step goes idle. A busy step pays no
/// transaction for its lease per message.
public final class LeaseKeeper: Sendable {
    public let key: StepKey
    public let timeToLive: Duration
    private let owner: LeaseOwner
    private let store: any RunCommitting
    private let held = Mutex<(lease: Lease, renewedAt: ContinuousClock.Instant)?>(nil)

    public init(key: StepKey, owner: LeaseOwner, store: any RunCommitting, timeToLive: Duration = Lease.defaultTimeToLive) {
        self.key = key
        self.owner = owner
        self.store = store
        self.timeToLive = timeToLive
    }

    /// Whether the keeper holds the lease now (as far as it knows).
    public var isHeld: Bool { held.withLock { $0 != nil } }

    /// The lease, taken now or renewed when a third of its time to live has passed. Throws the store's error
    /// (`stepBusy` when another owner holds it), and then holds nothing.
    public func hold() async throws -> Lease {
        let current = held.withLock { $0 }
        if let current, ContinuousClock.now - current.renewedAt < LeaseRenewal.interval(for: timeToLive) { return current.lease }
        do {
            let lease = if let current {
                try await store.renewLease(current.lease, timeToLive: timeToLive)
            } else {
                try await store.acquireLease(key, owner: owner, timeToLive: timeToLive)
            }
            held.withLock { $0 = (lease, ContinuousClock.now) }
            return lease
        } catch {
            forget()
            throw error
        }
    }

    /// Runs `work` with `lease` renewed every `LeaseRenewal.interval` meanwhile.
    public func renewing<T: Sendable>(_ lease: Lease, during work: () async throws -> T) async rethrows -> T {
        let heartbeat = Task { [store, timeToLive] in
            while !Task.isCancelled {
                try? await Task.sleep(for: LeaseRenewal.interval(for: timeToLive))
                if Task.isCancelled { return }
                _ = try? await store.renewLease(lease, timeToLive: timeToLive)
            }
        }
        defer { heartbeat.cancel() }
        return try await work()
    }

    /// Holds nothing any more without asking the store: the lease went with a commit, or was lost.
    public func forget() {
        held.withLock { $0 = nil }
    }

    /// Gives the lease back, if held.
    public func release() async {
        guard let current = held.withLock({ state -> (lease: Lease, renewedAt: ContinuousClock.Instant)? in
            defer { state = nil }
            return state
        }) else { return }
        try? await store.releaseLease(current.lease)
    }
}
