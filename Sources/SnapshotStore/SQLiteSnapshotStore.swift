import Foundation
import GRDB

/// The embedded default store: one SQLite file through GRDB, in WAL mode with `synchronous=FULL`, so a commit
/// that returned is on disk and a crash at any point leaves either all of a transaction or none of it.
public final class SQLiteSnapshotStore: SnapshotStore {
    public let limit: SnapshotLimit
    public let historyDepth: Int
    public let path: String
    let database: DatabaseQueue

    public static let defaultHistoryDepth = 50

    /// Opens (creating when needed) the store at `path`; its folder is created too.
    public init(path: String, limit: SnapshotLimit = .elasticio, historyDepth: Int = SQLiteSnapshotStore.defaultHistoryDepth) throws {
        self.path = path
        self.limit = limit
        self.historyDepth = max(1, historyDepth)
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            // Other processes (a run, a manual edit) may hold the write lock briefly.
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA foreign_keys = ON")
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try SQLiteSchema.refuseNewer(database, path: path)
            try SQLiteSchema.migrator.migrate(database)
        } catch let error as SnapshotStoreError {
            throw error
        } catch let error as DatabaseError {
            throw SnapshotStoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw SnapshotStoreError.cannotOpen(path: path, reason: error.localizedDescription)
        }
    }

    /// `state.sqlite` under `directory`.
    public static func defaultPath(stateDirectory: String) -> String {
        URL(fileURLWithPath: stateDirectory).appendingPathComponent("state.sqlite").path
    }

    // MARK: reading

    public func get(_ key: StepKey) throws -> StoredSnapshot? {
        try state(key)?.snapshot
    }

    public func state(_ key: StepKey) throws -> StepState? {
        try database.read { db in try Self.state(db, key) }
    }

    static func state(_ db: Database, _ key: StepKey) throws -> StepState? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM step_snapshot WHERE flow = ? AND step = ?"), arguments: [key.flow, key.step])
            .map { StepState(key: key, version: $0["version"], json: $0["value"], sha256: $0["sha256"],
                             cfgFingerprint: $0["cfg_fingerprint"], updatedAt: Date(timeIntervalSince1970: $0["updated_at"])) }
    }

    public func list(flow: String?) throws -> [StoredSnapshot] {
        try database.read { db in
            let sql = "SELECT * FROM step_snapshot WHERE value IS NOT NULL" + (flow == nil ? "" : " AND flow = ?") + " ORDER BY flow, step"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(flow.map { [$0] } ?? [])).map { row in
                StoredSnapshot(key: StepKey(flow: row["flow"], step: row["step"]), json: row["value"], version: row["version"],
                               updatedAt: Date(timeIntervalSince1970: row["updated_at"]), sha256: row["sha256"] ?? "",
                               cfgFingerprint: row["cfg_fingerprint"])
            }
        }
    }

    public func history(_ key: StepKey) throws -> [SnapshotVersion] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM snapshot_version WHERE flow = ? AND step = ? ORDER BY version DESC",
                             arguments: [key.flow, key.step]).map { Self.version(key, $0) }
        }
    }

    public func version(_ key: StepKey, _ version: Int) throws -> SnapshotVersion? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM snapshot_version WHERE flow = ? AND step = ? AND version = ?",
                             arguments: [key.flow, key.step, version]).map { Self.version(key, $0) }
        }
    }

    private static func version(_ key: StepKey, _ row: Row) -> SnapshotVersion {
        SnapshotVersion(key: key, version: row["version"], json: row["value"], sha256: row["sha256"], bytes: row["bytes"],
                        cfgFingerprint: row["cfg_fingerprint"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                        source: row["source"])
    }

    public func audit(_ key: StepKey?) throws -> [AuditEntry] {
        try database.read { db in
            let sql = "SELECT * FROM audit" + (key == nil ? "" : " WHERE flow = ? AND step = ?") + " ORDER BY id"
            let arguments = StatementArguments(key.map { [$0.flow, $0.step] } ?? [])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(id: row["id"], key: StepKey(flow: row["flow"], step: row["step"]), action: row["action"],
                           user: row["user"], pid: row["pid"], at: Date(timeIntervalSince1970: row["at"]),
                           oldVersion: row["old_version"], newVersion: row["new_version"], oldHash: row["old_hash"],
                           newHash: row["new_hash"], reason: row["reason"])
            }
        }
    }

    public func runs(_ key: StepKey) throws -> [RunRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run WHERE flow = ? AND step = ? ORDER BY ended_at, rowid",
                             arguments: [key.flow, key.step]).map { row in
                RunRecord(id: row["id"], key: key, startedAt: Date(timeIntervalSince1970: row["started_at"]),
                          endedAt: Date(timeIntervalSince1970: row["ended_at"]), outcome: row["outcome"],
                          inputHash: row["input_hash"], snapshotVersion: row["snapshot_version"],
                          dataCount: row["data_count"], errorCount: row["error_count"])
            }
        }
    }

    public func outbox(runID: String) throws -> [String] {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT messages FROM outbox WHERE run_id = ?", arguments: [runID]).map(OutboxText.split) ?? []
        }
    }

    public func outboxLines(_ key: StepKey) throws -> [(line: Int?, message: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT outbox.messages, outbox.input_lines FROM outbox JOIN run ON run.id = outbox.run_id
                WHERE run.flow = ? AND run.step = ? ORDER BY run.rowid
                """, arguments: [key.flow, key.step]).flatMap { row -> [(line: Int?, message: String)] in
                let messages = OutboxText.split(row["messages"])
                let lines = OutboxText.lines(row["input_lines"], count: messages.count)
                return messages.indices.map { (line: $0 < lines.count ? lines[$0] : nil, message: messages[$0]) }
            }
        }
    }

    public func inputPosition(_ key: StepKey, stream: String) throws -> Int? {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT line FROM input_position WHERE flow = ? AND step = ? AND stream = ?",
                             arguments: [key.flow, key.step, stream])
        }
    }

    // MARK: writing

    /// Checks a value before any transaction: valid JSON and within the limit.
    private func validate(_ json: String) throws {
        if let failure = JSONSyntax.check(json) {
            throw SnapshotStoreError.invalidJSON("\(failure): \(json.prefix(60))")
        }
        if let violation = limit.violation(for: json) { throw violation }
    }

    /// Writes a new version of the step (json nil = cleared) and prunes history beyond the depth.
    private func writeVersion(_ db: Database, _ key: StepKey, json: String?, cfgFingerprint: String?, source: String,
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

    @discardableResult
    public func commit(_ run: RunCommit) throws -> CommitReceipt {
        if case .replace(let json) = run.snapshot { try validate(json) }
        return try database.write { db in
            if let owner = run.owner {
                let lease = try Self.lease(db, run.key)
                guard lease == nil || lease?.owner == owner else { throw SnapshotStoreError.leaseLost(run.key) }
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
            if let owner = run.owner, !run.keepsLease {
                try db.execute(sql: "DELETE FROM lease WHERE flow = ? AND step = ? AND owner_pid = ? AND owner_start = ? AND owner_host = ?",
                               arguments: [run.key.flow, run.key.step, owner.pid, owner.startTime, owner.host])
            }
            return CommitReceipt(runID: run.id, snapshotVersion: version, snapshotChanged: changed)
        }
    }

    @discardableResult
    public func apply(_ change: ManualChange) throws -> StepState {
        let newJSON: String?
        switch change.action {
        case .set(let json):
            try validate(json)
            newJSON = json
        case .reset, .rollback:
            newJSON = nil
        }
        return try database.write { db in
            if let lease = try Self.lease(db, change.key), lease.owner.isAlive {
                throw SnapshotStoreError.stepBusy(lease)
            }
            let current = try Self.state(db, change.key)
            if let expected = change.expectedVersion, expected != (current?.version ?? 0) {
                throw SnapshotStoreError.versionConflict(key: change.key, expected: expected, actual: current?.version ?? 0)
            }
            var value = newJSON
            var action = "set"
            switch change.action {
            case .set: action = "set"
            case .reset:
                // Nothing stored: nothing to reset, and nothing to audit.
                guard let current, current.json != nil else {
                    return current ?? StepState(key: change.key, version: 0, json: nil, sha256: nil, cfgFingerprint: nil, updatedAt: Date())
                }
                action = "reset"
            case .rollback(let target):
                action = "rollback"
                guard let kept = try Row.fetchOne(db, sql: "SELECT value FROM snapshot_version WHERE flow = ? AND step = ? AND version = ?",
                                                  arguments: [change.key.flow, change.key.step, target]) else {
                    throw SnapshotStoreError.noSuchVersion(key: change.key, version: target)
                }
                value = kept["value"]
            }
            let written = try writeVersion(db, change.key, json: value, cfgFingerprint: current?.cfgFingerprint,
                                           source: action, at: Date())
            try Self.recordAudit(db, key: change.key, action: action, actor: change.actor, old: written.old, new: written.new,
                                 reason: change.reason)
            return written.new
        }
    }

    private static func recordAudit(_ db: Database, key: StepKey, action: String, actor: Actor, old: StepState?,
                                    new: StepState, reason: String?) throws {
        try db.execute(sql: """
            INSERT INTO audit (flow, step, action, user, pid, at, old_version, new_version, old_hash, new_hash, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.flow, key.step, action, actor.user, actor.pid, new.updatedAt.timeIntervalSince1970,
                             old?.version ?? 0, new.version, old?.sha256, new.sha256, reason])
    }

    @discardableResult
    public func importSnapshots(_ items: [ExportedSnapshot], actor: Actor, reason: String?) throws -> Int {
        for item in items { try validate(item.json) }
        return try database.write { db in
            for item in items {
                if let lease = try Self.lease(db, item.key), lease.owner.isAlive { throw SnapshotStoreError.stepBusy(lease) }
                let written = try writeVersion(db, item.key, json: item.json, cfgFingerprint: nil, source: "import", at: Date())
                try Self.recordAudit(db, key: item.key, action: "import", actor: actor, old: written.old, new: written.new,
                                     reason: reason)
            }
            return items.count
        }
    }

    // MARK: leases

    public func acquireLease(_ key: StepKey, owner: LeaseOwner) throws {
        // A lease only means something while its owner lives, and an outage that could lose an unsynced WAL frame
        // ends every owner too: the lease is written atomically but not synced (a cold run saves one fsync).
        // The commit that releases it is synced, and carries this frame to disk with it.
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Restored on both paths (a busy step is tried again with --wait), never with `try?`: a commit after
            // this must not lose its sync silently.
            do {
                try takeLease(db, key, owner)
            } catch {
                try db.execute(sql: "PRAGMA synchronous = FULL")
                throw error
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
    }

    private func takeLease(_ db: Database, _ key: StepKey, _ owner: LeaseOwner) throws {
        try db.inTransaction(.immediate) {
            if let lease = try Self.lease(db, key), lease.owner != owner, lease.owner.isAlive {
                throw SnapshotStoreError.stepBusy(lease)
            }
            try db.execute(sql: """
                INSERT INTO lease (flow, step, owner_pid, owner_start, owner_host, acquired_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (flow, step) DO UPDATE SET owner_pid = excluded.owner_pid, owner_start = excluded.owner_start,
                    owner_host = excluded.owner_host, acquired_at = excluded.acquired_at
                """, arguments: [key.flow, key.step, owner.pid, owner.startTime, owner.host, Date().timeIntervalSince1970])
            return .commit
        }
    }

    public func releaseLease(_ key: StepKey, owner: LeaseOwner) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM lease WHERE flow = ? AND step = ? AND owner_pid = ? AND owner_start = ? AND owner_host = ?",
                           arguments: [key.flow, key.step, owner.pid, owner.startTime, owner.host])
        }
    }

    public func lease(_ key: StepKey) throws -> LeaseInfo? {
        try database.read { db in try Self.lease(db, key) }
    }

    static func lease(_ db: Database, _ key: StepKey) throws -> LeaseInfo? {
        try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE flow = ? AND step = ?", arguments: [key.flow, key.step]).map {
            LeaseInfo(key: key, owner: LeaseOwner(pid: $0["owner_pid"], startTime: $0["owner_start"], host: $0["owner_host"]),
                      since: Date(timeIntervalSince1970: $0["acquired_at"]))
        }
    }

    // MARK: maintenance

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// The journal mode and synchronous level of the store's own connection (tests check durability settings).
    func durabilitySettings() throws -> (journalMode: String, synchronous: Int) {
        try database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }
}
