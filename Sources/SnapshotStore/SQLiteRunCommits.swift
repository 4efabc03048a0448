import Foundation
import GRDB

extension SQLiteSnapshotStore: RunCommitting {
    public func acquireLease(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) async throws -> Lease {
        try await database.writeWithoutTransaction { db in try Self.takeLeaseUnsynced(db, key, owner, timeToLive) }
    }

    public func renewLease(_ lease: Lease, timeToLive: Duration) async throws -> Lease {
        try await database.write { db in try Self.renew(db, lease, timeToLive) }
    }

    public func releaseLease(_ lease: Lease) async throws {
        try await database.write { db in try Self.release(db, lease) }
    }

    @discardableResult
    public func commit(_ run: RunCommit) async throws -> CommitReceipt {
        if case .replace(let json) = run.snapshot { try validate(json) }
        return try await database.write { [self] db in try commit(db, run) }
    }

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
            let now = Date()
            let row = try lease(db, key)
            if let holder = row?.holder, holder.owner != owner, holder.isHeld(at: now) {
                throw SnapshotStoreError.stepBusy(holder)
            }
            // Taking it again from oneself keeps the token; any change of hands makes a new one.
            let same = row?.holder?.owner == owner
            let fence = same ? row!.fence : (row?.fence ?? 0) + 1
            let lease = Lease(key: key, owner: owner, fence: fence, acquiredAt: same ? row!.holder!.acquiredAt : now,
                              expiresAt: now.addingTimeInterval(timeToLive.seconds))
            try db.cachedStatement(sql: """
                INSERT INTO lease (flow, step, fence, owner_host, owner_pid, owner_start, owner_worker, acquired_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (flow, step) DO UPDATE SET fence = excluded.fence, owner_host = excluded.owner_host,
                    owner_pid = excluded.owner_pid, owner_start = excluded.owner_start, owner_worker = excluded.owner_worker,
                    acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
                """).execute(arguments: [key.flow, key.step, fence, owner.host, owner.pid, owner.startTime, owner.worker,
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
            renewed.expiresAt = Date().addingTimeInterval(timeToLive.seconds)
            try db.execute(sql: "UPDATE lease SET expires_at = ? WHERE flow = ? AND step = ?",
                           arguments: [renewed.expiresAt.timeIntervalSince1970, lease.key.flow, lease.key.step])
            return renewed
    }

    /// Whether `held` (the step's lease now) is `lease`: same owner and same fencing number.
    static func same(_ held: Lease, _ lease: Lease) -> Bool {
        held.owner == lease.owner && held.fence == lease.fence
    }

    static func release(_ db: Database, _ lease: Lease) throws {
        try db.cachedStatement(sql: """
            UPDATE lease SET owner_host = NULL, owner_pid = NULL, owner_start = NULL, owner_worker = NULL,
                acquired_at = NULL, expires_at = NULL
            WHERE flow = ? AND step = ? AND fence = ? AND owner_host = ? AND owner_pid = ? AND owner_start = ? AND owner_worker = ?
            """).execute(arguments: [lease.key.flow, lease.key.step, lease.fence, lease.owner.host, lease.owner.pid,
                                     lease.owner.startTime, lease.owner.worker])
    }

    func commit(_ db: Database, _ run: RunCommit) throws -> CommitReceipt {
            if let lease = run.lease {
                // Fencing: a holder whose lease expired and was taken over commits nothing.
                guard let held = try Self.lease(db, run.key)?.holder, Self.same(held, lease) else {
                    throw SnapshotStoreError.leaseLost(run.key)
                }
            }
            let current = try Self.state(db, run.key)
            var version = current?.version ?? 0
            var changed = false
            switch run.snapshot {
            case .unchanged: break
            case .replace(let json):
                version = try writeVersion(db, run.key, json: json, cfgFingerprint: run.cfgFingerprint,
                                           source: "run:\(run.id)", at: run.endedAt, current: .some(current)).new.version
                changed = true
            case .clear:
                version = try writeVersion(db, run.key, json: nil, cfgFingerprint: run.cfgFingerprint,
                                           source: "run:\(run.id)", at: run.endedAt, current: .some(current)).new.version
                changed = true
            }
            try db.cachedStatement(sql: """
                INSERT INTO run (id, flow, step, started_at, ended_at, outcome, input_hash, snapshot_version, data_count, error_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [run.id, run.key.flow, run.key.step, run.startedAt.timeIntervalSince1970,
                                 run.endedAt.timeIntervalSince1970, run.outcome, run.inputHash, changed ? version : nil,
                                 run.outbox.count, run.errorCount])
            if !run.outbox.isEmpty {
                let lines = run.outboxLines.count == run.outbox.count ? run.outboxLines.map(String.init).joined(separator: ",") : nil
                try db.cachedStatement(sql: "INSERT INTO outbox (run_id, messages, input_lines) VALUES (?, ?, ?)")
                    .execute(arguments: [run.id, OutboxText.join(run.outbox), lines])
            }
            if let input = run.input {
                try db.cachedStatement(sql: """
                    INSERT INTO input_position (flow, step, stream, line, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (flow, step, stream) DO UPDATE SET line = excluded.line, updated_at = excluded.updated_at
                    """).execute(arguments: [run.key.flow, run.key.step, input.stream, input.line, run.endedAt.timeIntervalSince1970])
            }
            if let lease = run.lease, !run.keepsLease { try Self.release(db, lease) }
            return CommitReceipt(runID: run.id, snapshotVersion: version, snapshotChanged: changed)
    }

    /// Writes a new version of the step (json nil = cleared) and prunes history beyond the depth.
    func writeVersion(_ db: Database, _ key: StepKey, json: String?, cfgFingerprint: String?, source: String,
                      at now: Date, current: StepState?? = nil) throws -> (old: StepState?, new: StepState) {
        let old = try current ?? Self.state(db, key)
        let version = (old?.version ?? 0) + 1
        let hash = json.map(Digests.sha256)
        let bytes = json?.utf8.count ?? 0
        try db.cachedStatement(sql: """
            INSERT INTO step_snapshot (flow, step, version, value, bytes, sha256, cfg_fingerprint, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (flow, step) DO UPDATE SET version = excluded.version, value = excluded.value,
                bytes = excluded.bytes, sha256 = excluded.sha256, cfg_fingerprint = excluded.cfg_fingerprint,
                updated_at = excluded.updated_at
            """).execute(arguments: [key.flow, key.step, version, json, bytes, hash, cfgFingerprint, now.timeIntervalSince1970])
        try db.cachedStatement(sql: """
            INSERT INTO snapshot_version (flow, step, version, value, bytes, sha256, cfg_fingerprint, created_at, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [key.flow, key.step, version, json, bytes, hash, cfgFingerprint, now.timeIntervalSince1970, source])
        try db.cachedStatement(sql: "DELETE FROM snapshot_version WHERE flow = ? AND step = ? AND version <= ?")
            .execute(arguments: [key.flow, key.step, version - historyDepth])
        let new = StepState(key: key, version: version, json: json, sha256: hash, cfgFingerprint: cfgFingerprint, updatedAt: now)
        return (old, new)
    }
}

extension SQLiteSnapshotStore: SynchronousStepStore {
    public func acquireLeaseNow(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) throws -> Lease {
        try database.writeWithoutTransaction { db in try Self.takeLeaseUnsynced(db, key, owner, timeToLive) }
    }

    public func renewLeaseNow(_ lease: Lease, timeToLive: Duration) throws -> Lease {
        try database.write { db in try Self.renew(db, lease, timeToLive) }
    }

    public func releaseLeaseNow(_ lease: Lease) throws {
        try database.write { db in try Self.release(db, lease) }
    }

    public func commitNow(_ run: RunCommit) throws -> CommitReceipt {
        if case .replace(let json) = run.snapshot { try validate(json) }
        return try database.write { db in try commit(db, run) }
    }

    /// Read on the writing connection: the run is about to write there anyway, and a cold run is spared opening
    /// a second connection (and reading the schema again) for one row.
    public func stateNow(_ key: StepKey) throws -> StepState? {
        try database.writeWithoutTransaction { db in try Self.state(db, key) }
    }

    public func inputPositionNow(_ key: StepKey, stream: String) throws -> Int? {
        try database.writeWithoutTransaction { db in try Self.inputPosition(db, key, stream: stream) }
    }
}
