import SnapshotStore
import Foundation
import GRDB
import JSHostCore

extension SQLiteSnapshotStore: SnapshotReading {
    public func get(_ key: StepKey) async throws -> StoredSnapshot? {
        try await state(key)?.snapshot
    }

    public func state(_ key: StepKey) async throws -> StepState? {
        try await database.read { db in try Self.state(db, key) }
    }

    static func state(_ db: Database, _ key: StepKey) throws -> StepState? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM step_snapshot WHERE flow = ? AND step = ?"), arguments: [key.flow, key.step])
            .map { StepState(key: key, version: $0["version"], json: $0["value"], sha256: $0["sha256"],
                             cfgFingerprint: $0["cfg_fingerprint"], updatedAt: Date(timeIntervalSince1970: $0["updated_at"])) }
    }

    public func list(flow: String?) async throws -> [StoredSnapshot] {
        try await database.read { db in
            let sql = "SELECT * FROM step_snapshot WHERE value IS NOT NULL" + (flow == nil ? "" : " AND flow = ?") + " ORDER BY flow, step"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(flow.map { [$0] } ?? [])).map { row in
                StoredSnapshot(key: StepKey(flow: row["flow"], step: row["step"]), json: row["value"], version: row["version"],
                               updatedAt: Date(timeIntervalSince1970: row["updated_at"]), sha256: row["sha256"] ?? "",
                               cfgFingerprint: row["cfg_fingerprint"])
            }
        }
    }

    public func history(_ key: StepKey) async throws -> [SnapshotVersion] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM snapshot_version WHERE flow = ? AND step = ? ORDER BY version DESC",
                             arguments: [key.flow, key.step]).map { Self.version(key, $0) }
        }
    }

    public func version(_ key: StepKey, _ version: Int) async throws -> SnapshotVersion? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM snapshot_version WHERE flow = ? AND step = ? AND version = ?",
                             arguments: [key.flow, key.step, version]).map { Self.version(key, $0) }
        }
    }

    private static func version(_ key: StepKey, _ row: Row) -> SnapshotVersion {
        SnapshotVersion(key: key, version: row["version"], json: row["value"], sha256: row["sha256"], bytes: row["bytes"],
                        cfgFingerprint: row["cfg_fingerprint"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                        source: row["source"])
    }

    public func audit(_ key: StepKey?) async throws -> [AuditEntry] {
        try await database.read { db in
            let sql = "SELECT * FROM audit" + (key == nil ? "" : " WHERE flow = ? AND step = ?") + " ORDER BY id"
            let arguments = StatementArguments(key.map { [$0.flow, $0.step] } ?? [])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let pid: Int32 = row["pid"]
                let editor = Editor(kind: Editor.Kind(rawValue: row["editor_kind"]) ?? .user, name: row["user"],
                                    pid: pid == 0 ? nil : pid)
                return AuditEntry(id: row["id"], key: StepKey(flow: row["flow"], step: row["step"]), action: row["action"],
                                  editor: editor, at: Date(timeIntervalSince1970: row["at"]),
                                  oldVersion: row["old_version"], newVersion: row["new_version"], oldHash: row["old_hash"],
                                  newHash: row["new_hash"], reason: row["reason"])
            }
        }
    }

    public func runs(_ key: StepKey) async throws -> [RunRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run WHERE flow = ? AND step = ? ORDER BY ended_at, rowid",
                             arguments: [key.flow, key.step]).map { Self.runRecord($0, key) }
        }
    }

    public func recentRuns(_ key: StepKey, limit: Int) async throws -> [RunRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run WHERE flow = ? AND step = ? ORDER BY ended_at DESC, rowid DESC LIMIT ?",
                             arguments: [key.flow, key.step, max(limit, 0)]).map { Self.runRecord($0, key) }
        }
    }

    private static func runRecord(_ row: Row, _ key: StepKey) -> RunRecord {
        RunRecord(id: row["id"], key: key, startedAt: Date(timeIntervalSince1970: row["started_at"]),
                  endedAt: Date(timeIntervalSince1970: row["ended_at"]), outcome: row["outcome"],
                  inputHash: row["input_hash"], snapshotVersion: row["snapshot_version"],
                  dataCount: row["data_count"], errorCount: row["error_count"])
    }

    public func outbox(runID: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT messages FROM outbox WHERE run_id = ?", arguments: [runID]).map(OutboxText.split) ?? []
        }
    }

    public func outboxLines(_ key: StepKey) async throws -> [(line: Int?, message: String)] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT outbox.messages, outbox.input_lines FROM outbox JOIN run ON run.id = outbox.run_id
                WHERE run.flow = ? AND run.step = ? ORDER BY outbox.seq
                """, arguments: [key.flow, key.step]).flatMap { row -> [(line: Int?, message: String)] in
                let messages = OutboxText.split(row["messages"])
                let lines = OutboxText.lines(row["input_lines"], count: messages.count)
                return messages.indices.map { (line: $0 < lines.count ? lines[$0] : nil, message: messages[$0]) }
            }
        }
    }

    public func inputPosition(_ key: StepKey, stream: String) async throws -> Int? {
        try await database.read { db in try Self.inputPosition(db, key, stream: stream) }
    }

    static func inputPosition(_ db: Database, _ key: StepKey, stream: String) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT line FROM input_position WHERE flow = ? AND step = ? AND stream = ?",
                         arguments: [key.flow, key.step, stream])
    }

    public func lease(_ key: StepKey) async throws -> Lease? {
        try await database.read { db in try Self.lease(db, key)?.holder }
    }

    /// The step's lease as stored.
    static func lease(_ db: Database, _ key: StepKey) throws -> StoredLease? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM lease WHERE flow = ? AND step = ?"), arguments: [key.flow, key.step]).map { row in
            let fence: Int64 = row["fence"]
            guard let host: String = row["owner_host"] else { return StoredLease(fence: fence, holder: nil) }
            let owner = LeaseOwner(host: host, pid: row["owner_pid"], startTime: row["owner_start"], worker: row["owner_worker"])
            return StoredLease(fence: fence, holder: Lease(key: key, owner: owner, fence: fence,
                                                         acquiredAt: Date(timeIntervalSince1970: row["acquired_at"]),
                                                         expiresAt: Date(timeIntervalSince1970: row["expires_at"])))
        }
    }
}
