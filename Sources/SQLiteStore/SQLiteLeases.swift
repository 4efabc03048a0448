import SnapshotStore
import Foundation
import GRDB
import JSHostCore

/// Leases as tokens (see Lease): taking one, the heartbeat, giving it back. RunCommitting's async calls and the
/// runner's synchronous ones (SQLiteRunCommits) share these.
extension SQLiteSnapshotStore {
    static func takeLeaseUnsynced(_ db: Database, _ key: StepKey, _ owner: LeaseOwner, _ timeToLive: Duration) throws -> Lease {
        // A lease is written atomically but not synced: a cold run saves one fsync. An outage that could lose the
        // unsynced frame ends every owner on this host anyway, and the commit that follows is synced and carries
        // the frame to disk with it.
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        // Restored on both paths (a busy step is tried again by waiters), never with `try?`: a commit after this
        // must not lose its sync silently.
        do {
            let lease = try takeLease(db, key, owner, timeToLive)
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return lease
        } catch {
            try db.execute(sql: "PRAGMA synchronous = FULL")
            throw error
        }
    }

    private static func takeLease(_ db: Database, _ key: StepKey, _ owner: LeaseOwner, _ timeToLive: Duration) throws -> Lease {
        var taken: Lease?
        try db.inTransaction(.immediate) {
            let lease = try Lease.taking(key, by: owner, from: try Self.lease(db, key), now: Date(), timeToLive: timeToLive)
            try db.cachedStatement(sql: """
                INSERT INTO lease (flow, step, fence, owner_host, owner_pid, owner_start, owner_worker, acquired_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (flow, step) DO UPDATE SET fence = excluded.fence, owner_host = excluded.owner_host,
                    owner_pid = excluded.owner_pid, owner_start = excluded.owner_start, owner_worker = excluded.owner_worker,
                    acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
                """).execute(arguments: [key.flow, key.step, lease.fence, owner.host, owner.pid, owner.startTime, owner.worker,
                                         lease.acquiredAt.timeIntervalSince1970, lease.expiresAt.timeIntervalSince1970])
            taken = lease
            return .commit
        }
        return taken!
    }

    static func renew(_ db: Database, _ lease: Lease, _ timeToLive: Duration) throws -> Lease {
        guard let holder = try Self.lease(db, lease.key)?.holder, Self.same(holder, lease) else {
            throw SnapshotStoreError.leaseLost(lease.key)
        }
        var renewed = holder
        renewed.expiresAt = Date().addingTimeInterval(timeToLive / .seconds(1))
        try db.execute(sql: "UPDATE lease SET expires_at = ? WHERE flow = ? AND step = ?",
                       arguments: [renewed.expiresAt.timeIntervalSince1970, lease.key.flow, lease.key.step])
        return renewed
    }

    /// Whether `held` (the step's lease now) is `lease`: same owner and same fencing number.
    static func same(_ held: Lease, _ lease: Lease) -> Bool { held.isSameToken(as: lease) }

    static func release(_ db: Database, _ lease: Lease) throws {
        try db.cachedStatement(sql: """
            UPDATE lease SET owner_host = NULL, owner_pid = NULL, owner_start = NULL, owner_worker = NULL,
                acquired_at = NULL, expires_at = NULL
            WHERE flow = ? AND step = ? AND fence = ? AND owner_host = ? AND owner_pid = ? AND owner_start = ? AND owner_worker = ?
            """).execute(arguments: [lease.key.flow, lease.key.step, lease.fence, lease.owner.host, lease.owner.pid,
                                     lease.owner.startTime, lease.owner.worker])
    }
}
