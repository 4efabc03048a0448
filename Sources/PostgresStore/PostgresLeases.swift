import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

/// Leases as tokens (see Lease), measured by the database's clock: taking one, the heartbeat, giving it back.
/// Each runs under the step's lock, so two hosts racing for a step are served one after the other.
extension PostgresSnapshotStore {
    static func takeLease(_ connection: PostgresConnection, _ key: StepKey, _ owner: LeaseOwner, _ timeToLive: Duration,
                          logger: Logger) async throws -> Lease {
        try await lockStep(connection, key, logger: logger)
        let now = try await databaseNow(connection, logger: logger)
        let row = try await connection.rows("SELECT * FROM lease WHERE flow = \(key.flow) AND step = \(key.step)", logger)
            .first.map { try leaseRow($0, key) }
        let lease = try Lease.taking(key, by: owner, from: row, now: now, timeToLive: timeToLive)
        try await connection.query("""
            INSERT INTO lease (flow, step, fence, owner_host, owner_pid, owner_start, owner_worker, acquired_at, expires_at)
            VALUES (\(key.flow), \(key.step), \(lease.fence), \(owner.host), \(Int(owner.pid)), \(owner.startTime), \(owner.worker),
                    \(lease.acquiredAt.timeIntervalSince1970), \(lease.expiresAt.timeIntervalSince1970))
            ON CONFLICT (flow, step) DO UPDATE SET fence = excluded.fence, owner_host = excluded.owner_host,
                owner_pid = excluded.owner_pid, owner_start = excluded.owner_start, owner_worker = excluded.owner_worker,
                acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
            """, logger: logger)
        return lease
    }

    /// The step's holder now; the caller holds the step's lock.
    static func holder(_ connection: PostgresConnection, _ key: StepKey, logger: Logger) async throws -> Lease? {
        try await connection.rows("SELECT * FROM lease WHERE flow = \(key.flow) AND step = \(key.step)", logger)
            .first.flatMap { try leaseRow($0, key).holder }
    }

    static func renew(_ connection: PostgresConnection, _ lease: Lease, _ timeToLive: Duration, logger: Logger) async throws -> Lease {
        try await lockStep(connection, lease.key, logger: logger)
        guard let holder = try await holder(connection, lease.key, logger: logger), holder.isSameToken(as: lease) else {
            throw SnapshotStoreError.leaseLost(lease.key)
        }
        var renewed = holder
        renewed.expiresAt = try await databaseNow(connection, logger: logger).addingTimeInterval(timeToLive.inSeconds)
        try await connection.query("""
            UPDATE lease SET expires_at = \(renewed.expiresAt.timeIntervalSince1970) WHERE flow = \(lease.key.flow) AND step = \(lease.key.step)
            """, logger: logger)
        return renewed
    }

    /// Gives the lease back if it is still `lease`; the caller holds the step's lock.
    static func release(_ connection: PostgresConnection, _ lease: Lease, logger: Logger) async throws {
        try await connection.query("""
            UPDATE lease SET owner_host = NULL, owner_pid = NULL, owner_start = NULL, owner_worker = NULL,
                acquired_at = NULL, expires_at = NULL
            WHERE flow = \(lease.key.flow) AND step = \(lease.key.step) AND fence = \(lease.fence)
                AND owner_host = \(lease.owner.host) AND owner_pid = \(Int(lease.owner.pid))
                AND owner_start = \(lease.owner.startTime) AND owner_worker = \(lease.owner.worker)
            """, logger: logger)
    }

    /// Refuses a manual change while a live run holds the step; the caller holds the step's lock.
    static func refuseWhileRunning(_ connection: PostgresConnection, _ key: StepKey, logger: Logger) async throws {
        guard let holder = try await holder(connection, key, logger: logger) else { return }
        if holder.isHeld(at: try await databaseNow(connection, logger: logger)) { throw SnapshotStoreError.stepBusy(holder) }
    }
}
