import Foundation
import SnapshotStore
import JSHostCore

/// How a runner reaches its store from its own thread: on that thread when the store can do the work there
/// (`SynchronousStepStore`), else through `Blocking` and the store's async calls.
struct StoreAccess: Sendable {
    let store: any SnapshotReading & RunCommitting
    private let direct: (any SynchronousStepStore)?

    init(_ store: any SnapshotReading & RunCommitting) {
        self.store = store
        direct = store as? any SynchronousStepStore
    }

    func acquireLease(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) throws -> Lease {
        if let direct { return try direct.acquireLeaseNow(key, owner: owner, timeToLive: timeToLive) }
        return try Blocking.wait { [store] in try await store.acquireLease(key, owner: owner, timeToLive: timeToLive) }
    }

    func renewLease(_ lease: Lease, timeToLive: Duration) throws -> Lease {
        if let direct { return try direct.renewLeaseNow(lease, timeToLive: timeToLive) }
        return try Blocking.wait { [store] in try await store.renewLease(lease, timeToLive: timeToLive) }
    }

    func releaseLease(_ lease: Lease) throws {
        if let direct { return try direct.releaseLeaseNow(lease) }
        try Blocking.wait { [store] in try await store.releaseLease(lease) }
    }

    func commit(_ run: RunCommit) throws -> CommitReceipt {
        if let direct { return try direct.commitNow(run) }
        return try Blocking.wait { [store] in try await store.commit(run) }
    }

    func state(_ key: StepKey) throws -> StepState? {
        if let direct { return try direct.stateNow(key) }
        return try Blocking.wait { [store] in try await store.state(key) }
    }

    func inputPosition(_ key: StepKey, stream: String) throws -> Int? {
        if let direct { return try direct.inputPositionNow(key, stream: stream) }
        return try Blocking.wait { [store] in try await store.inputPosition(key, stream: stream) }
    }
}
