import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: RunCommitting {
    public func acquireLease(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) async throws -> Lease {
        let logger = logger
        return try await transaction { connection in try await Self.takeLease(connection, key, owner, timeToLive, logger: logger) }
    }

    public func renewLease(_ lease: Lease, timeToLive: Duration) async throws -> Lease {
        let logger = logger
        return try await transaction { connection in try await Self.renew(connection, lease, timeToLive, logger: logger) }
    }

    public func releaseLease(_ lease: Lease) async throws {
        let logger = logger
        try await transaction { connection in
            try await Self.lockStep(connection, lease.key, logger: logger)
            try await Self.release(connection, lease, logger: logger)
        }
    }

    @discardableResult
    public func commit(_ run: RunCommit) async throws -> CommitReceipt {
        if case .replace(let json) = run.snapshot { try limit.check(json) }
        return try await transaction { [self] connection in
            try await Self.lockStep(connection, run.key, logger: logger)
            return try await commit(connection, run)
        }
    }

    /// The commit's writes; the caller holds the run's step lock, in a transaction.
    func commit(_ connection: PostgresConnection, _ run: RunCommit) async throws -> CommitReceipt {
        if let lease = run.lease {
            // Fencing: a holder whose lease expired and was taken over commits nothing.
            guard let held = try await Self.holder(connection, run.key, logger: logger), held.isSameToken(as: lease) else {
                throw SnapshotStoreError.leaseLost(run.key)
            }
        }
        if let taken = run.consumes {
            // Exactly once: the message must still be queued for this step; another run may have taken it.
            let removed = try await connection.rows("""
                DELETE FROM step_queue WHERE id = \(taken) AND flow = \(run.key.flow) AND step = \(run.key.step) RETURNING id
                """, logger)
            guard removed.count == 1 else { throw SnapshotStoreError.alreadyConsumed(run.key, queued: taken) }
        }
        if let messageID = run.consumesMessageID {
            let recorded = try await connection.rows("""
                INSERT INTO consumed_message (flow, step, message_id, run_id, at)
                VALUES (\(run.key.flow), \(run.key.step), \(messageID), \(run.id), \(run.endedAt.timeIntervalSince1970))
                ON CONFLICT DO NOTHING RETURNING message_id
                """, logger)
            guard recorded.count == 1 else { throw SnapshotStoreError.alreadyConsumed(run.key, messageID: messageID) }
        }
        for message in run.forward { _ = try await Self.insert(connection, message, from: run.id, at: run.endedAt, logger: logger) }
        let current = try await Self.state(connection, run.key, logger: logger)
        var version = current?.version ?? 0
        var changed = false
        switch run.snapshot {
        case .unchanged: break
        case .replace(let json):
            version = try await writeVersion(connection, run.key, json: json, cfgFingerprint: run.cfgFingerprint,
                                             source: "run:\(run.id)", at: run.endedAt, current: current).new.version
            changed = true
        case .clear:
            version = try await writeVersion(connection, run.key, json: nil, cfgFingerprint: run.cfgFingerprint,
                                             source: "run:\(run.id)", at: run.endedAt, current: current).new.version
            changed = true
        }
        if run.outbox.isEmpty {
            try await connection.query("""
                INSERT INTO run (id, flow, step, started_at, ended_at, outcome, input_hash, snapshot_version, data_count, error_count)
                VALUES (\(run.id), \(run.key.flow), \(run.key.step), \(run.startedAt.timeIntervalSince1970),
                        \(run.endedAt.timeIntervalSince1970), \(run.outcome), \(run.inputHash), \(changed ? version : nil),
                        \(run.outbox.count), \(run.errorCount))
                """, logger: logger)
        } else {
            // The run and its outbox in one statement (a round trip is most of a commit's cost). The outbox row
            // takes its number after the outbox lock, held until the transaction ends: numbers are then in the
            // order commits become visible (see the type's comment). The run's row is there for the outbox's
            // foreign key when the statement ends.
            let lines = run.outboxLines.count == run.outbox.count ? run.outboxLines.map(String.init).joined(separator: ",") : nil
            try await connection.query("""
                WITH recorded AS (
                    INSERT INTO run (id, flow, step, started_at, ended_at, outcome, input_hash, snapshot_version, data_count, error_count)
                    VALUES (\(run.id), \(run.key.flow), \(run.key.step), \(run.startedAt.timeIntervalSince1970),
                            \(run.endedAt.timeIntervalSince1970), \(run.outcome), \(run.inputHash), \(changed ? version : nil),
                            \(run.outbox.count), \(run.errorCount))
                    RETURNING id),
                locked AS MATERIALIZED (SELECT pg_advisory_xact_lock(\(Self.LockSpace.outbox.rawValue), 0) FROM recorded)
                INSERT INTO outbox (seq, run_id, messages, input_lines)
                SELECT nextval('outbox_seq'), \(run.id), \(OutboxText.join(run.outbox)), \(lines) FROM locked
                """, logger: logger)
        }
        if let input = run.input {
            try await connection.query("""
                INSERT INTO input_position (flow, step, stream, line, updated_at)
                VALUES (\(run.key.flow), \(run.key.step), \(input.stream), \(input.line), \(run.endedAt.timeIntervalSince1970))
                ON CONFLICT (flow, step, stream) DO UPDATE SET line = excluded.line, updated_at = excluded.updated_at
                """, logger: logger)
        }
        if let lease = run.lease, !run.keepsLease { try await Self.release(connection, lease, logger: logger) }
        return CommitReceipt(runID: run.id, snapshotVersion: version, snapshotChanged: changed)
    }

    /// Writes a new version of the step (json nil = cleared) and prunes history beyond the depth; the caller holds
    /// the step's lock.
    func writeVersion(_ connection: PostgresConnection, _ key: StepKey, json: String?, cfgFingerprint: String?, source: String,
                      at now: Date, current: StepState?) async throws -> (old: StepState?, new: StepState) {
        let version = (current?.version ?? 0) + 1
        let hash = json.map(Digests.sha256)
        let bytes = json?.utf8.count ?? 0
        let at = now.timeIntervalSince1970
        // One statement: the current value, the kept version, and the versions beyond the depth pruned.
        try await connection.query("""
            WITH current AS (
                INSERT INTO step_snapshot (flow, step, version, value, bytes, sha256, cfg_fingerprint, updated_at)
                VALUES (\(key.flow), \(key.step), \(version), \(json), \(bytes), \(hash), \(cfgFingerprint), \(at))
                ON CONFLICT (flow, step) DO UPDATE SET version = excluded.version, value = excluded.value,
                    bytes = excluded.bytes, sha256 = excluded.sha256, cfg_fingerprint = excluded.cfg_fingerprint,
                    updated_at = excluded.updated_at),
            kept AS (
                INSERT INTO snapshot_version (flow, step, version, value, bytes, sha256, cfg_fingerprint, created_at, source)
                VALUES (\(key.flow), \(key.step), \(version), \(json), \(bytes), \(hash), \(cfgFingerprint), \(at), \(source)))
            DELETE FROM snapshot_version WHERE flow = \(key.flow) AND step = \(key.step) AND version <= \(version - historyDepth)
            """, logger: logger)
        let new = StepState(key: key, version: version, json: json, sha256: hash, cfgFingerprint: cfgFingerprint, updatedAt: now)
        return (current, new)
    }
}
