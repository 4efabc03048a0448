import SnapshotStore
import Foundation
import GRDB
import JSHostCore

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

    func commit(_ db: Database, _ run: RunCommit) throws -> CommitReceipt {
        if let lease = run.lease {
            // Fencing: a holder whose lease expired and was taken over commits nothing.
            guard let held = try Self.lease(db, run.key)?.holder, Self.same(held, lease) else {
                throw SnapshotStoreError.leaseLost(run.key)
            }
        }
        if let taken = run.consumes {
            // Exactly once: the message must still be queued for this step; another run may have taken it.
            try db.cachedStatement(sql: "DELETE FROM step_queue WHERE id = ? AND flow = ? AND step = ?")
                .execute(arguments: [taken, run.key.flow, run.key.step])
            guard db.changesCount == 1 else { throw SnapshotStoreError.alreadyConsumed(run.key, queued: taken) }
        }
        if let messageID = run.consumesMessageID {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO consumed_message (flow, step, message_id, run_id, at) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [run.key.flow, run.key.step, messageID, run.id, run.endedAt.timeIntervalSince1970])
            guard db.changesCount == 1 else { throw SnapshotStoreError.alreadyConsumed(run.key, messageID: messageID) }
        }
        for message in run.forward { try Self.insert(db, message, from: run.id, at: run.endedAt) }
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
