import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: SnapshotReading {
    public func get(_ key: StepKey) async throws -> StoredSnapshot? {
        try await state(key)?.snapshot
    }

    public func state(_ key: StepKey) async throws -> StepState? {
        try await rows("SELECT * FROM step_snapshot WHERE flow = \(key.flow) AND step = \(key.step)").first.map { try Self.state($0, key) }
    }

    static func state(_ connection: PostgresConnection, _ key: StepKey, logger: Logger) async throws -> StepState? {
        try await connection.rows("SELECT * FROM step_snapshot WHERE flow = \(key.flow) AND step = \(key.step)", logger)
            .first.map { try state($0, key) }
    }

    static func state(_ row: PostgresRandomAccessRow, _ key: StepKey) throws -> StepState {
        StepState(key: key, version: try row.value("version"), json: try row.value("value"), sha256: try row.value("sha256"),
                  cfgFingerprint: try row.value("cfg_fingerprint"), updatedAt: try row.date("updated_at"))
    }

    public func list(flow: String?) async throws -> [StoredSnapshot] {
        let found: [PostgresRandomAccessRow]
        if let flow {
            found = try await rows("SELECT * FROM step_snapshot WHERE value IS NOT NULL AND flow = \(flow) ORDER BY flow, step")
        } else {
            found = try await rows("SELECT * FROM step_snapshot WHERE value IS NOT NULL ORDER BY flow, step")
        }
        return try found.map { row in
            StoredSnapshot(key: StepKey(flow: try row.value("flow"), step: try row.value("step")), json: try row.value("value"),
                           version: try row.value("version"), updatedAt: try row.date("updated_at"),
                           sha256: try row.value("sha256", as: String?.self) ?? "", cfgFingerprint: try row.value("cfg_fingerprint"))
        }
    }

    public func history(_ key: StepKey) async throws -> [SnapshotVersion] {
        try await rows("SELECT * FROM snapshot_version WHERE flow = \(key.flow) AND step = \(key.step) ORDER BY version DESC")
            .map { try Self.version(key, $0) }
    }

    public func version(_ key: StepKey, _ version: Int) async throws -> SnapshotVersion? {
        try await rows("SELECT * FROM snapshot_version WHERE flow = \(key.flow) AND step = \(key.step) AND version = \(version)")
            .first.map { try Self.version(key, $0) }
    }

    private static func version(_ key: StepKey, _ row: PostgresRandomAccessRow) throws -> SnapshotVersion {
        SnapshotVersion(key: key, version: try row.value("version"), json: try row.value("value"), sha256: try row.value("sha256"),
                        bytes: try row.value("bytes"), cfgFingerprint: try row.value("cfg_fingerprint"),
                        createdAt: try row.date("created_at"), source: try row.value("source"))
    }

    public func audit(_ key: StepKey?) async throws -> [AuditEntry] {
        let found: [PostgresRandomAccessRow]
        if let key {
            found = try await rows("SELECT * FROM audit WHERE flow = \(key.flow) AND step = \(key.step) ORDER BY id")
        } else {
            found = try await rows("SELECT * FROM audit ORDER BY id")
        }
        return try found.map { row in
            let pid = Int32(truncatingIfNeeded: try row.value("pid", as: Int.self))
            let editor = Editor(kind: Editor.Kind(rawValue: try row.value("editor_kind")) ?? .user, name: try row.value("editor"),
                                pid: pid == 0 ? nil : pid)
            return AuditEntry(id: try row.value("id"), key: StepKey(flow: try row.value("flow"), step: try row.value("step")),
                              action: try row.value("action"), editor: editor, at: try row.date("at"),
                              oldVersion: try row.value("old_version"), newVersion: try row.value("new_version"),
                              oldHash: try row.value("old_hash"), newHash: try row.value("new_hash"), reason: try row.value("reason"))
        }
    }

    public func runs(_ key: StepKey) async throws -> [RunRecord] {
        try await rows("SELECT * FROM run WHERE flow = \(key.flow) AND step = \(key.step) ORDER BY ended_at, seq")
            .map { try Self.runRecord($0, key) }
    }

    public func recentRuns(_ key: StepKey, limit: Int) async throws -> [RunRecord] {
        try await rows("""
            SELECT * FROM run WHERE flow = \(key.flow) AND step = \(key.step) ORDER BY ended_at DESC, seq DESC LIMIT \(max(limit, 0))
            """).map { try Self.runRecord($0, key) }
    }

    private static func runRecord(_ row: PostgresRandomAccessRow, _ key: StepKey) throws -> RunRecord {
        RunRecord(id: try row.value("id"), key: key, startedAt: try row.date("started_at"), endedAt: try row.date("ended_at"),
                  outcome: try row.value("outcome"), inputHash: try row.value("input_hash"),
                  snapshotVersion: try row.value("snapshot_version"), dataCount: try row.value("data_count"),
                  errorCount: try row.value("error_count"))
    }

    public func outbox(runID: String) async throws -> [String] {
        try await rows("SELECT messages FROM outbox WHERE run_id = \(runID)").first
            .map { OutboxText.split(try $0.value("messages")) } ?? []
    }

    public func outboxLines(_ key: StepKey) async throws -> [(line: Int?, message: String)] {
        try await rows("""
            SELECT outbox.messages, outbox.input_lines FROM outbox JOIN run ON run.id = outbox.run_id
            WHERE run.flow = \(key.flow) AND run.step = \(key.step) ORDER BY outbox.seq
            """).flatMap { row -> [(line: Int?, message: String)] in
            let messages = OutboxText.split(try row.value("messages"))
            let lines = OutboxText.lines(try row.value("input_lines"), count: messages.count)
            return messages.indices.map { (line: $0 < lines.count ? lines[$0] : nil, message: messages[$0]) }
        }
    }

    public func inputPosition(_ key: StepKey, stream: String) async throws -> Int? {
        try await rows("SELECT line FROM input_position WHERE flow = \(key.flow) AND step = \(key.step) AND stream = \(stream)")
            .first.map { try $0.value("line") }
    }

    public func lease(_ key: StepKey) async throws -> Lease? {
        try await rows("SELECT * FROM lease WHERE flow = \(key.flow) AND step = \(key.step)").first.flatMap { try Self.leaseRow($0, key).holder }
    }

    /// The lease row of a step: its fencing number, and its holder when it has one.
    static func leaseRow(_ row: PostgresRandomAccessRow, _ key: StepKey) throws -> StoredLease {
        let fence: Int64 = try row.value("fence")
        guard let host: String = try row.value("owner_host") else { return StoredLease(fence: fence, holder: nil) }
        let owner = LeaseOwner(host: host, pid: Int32(truncatingIfNeeded: try row.value("owner_pid", as: Int.self)),
                               startTime: try row.value("owner_start"), worker: try row.value("owner_worker"))
        return StoredLease(fence: fence, holder: Lease(key: key, owner: owner, fence: fence, acquiredAt: try row.date("acquired_at"),
                                                     expiresAt: try row.date("expires_at")))
    }
}
