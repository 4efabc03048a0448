import Foundation
import GRDB

/// The embedded default store: one SQLite file through GRDB, in WAL mode with `synchronous=FULL`,
/// so a write that returned is on disk and a crash mid-write leaves the previous value.
public final class SQLiteSnapshotStore: SnapshotStore {
    public let limit: SnapshotLimit
    public let path: String
    private let database: DatabaseQueue

    /// Opens (creating when needed) the store at `path`; its folder is created too.
    public init(path: String, limit: SnapshotLimit = .elasticio) throws {
        self.path = path
        self.limit = limit
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw SnapshotStoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw SnapshotStoreError.cannotOpen(path: path, reason: error.localizedDescription)
        }
    }

    /// `.jshost/state.sqlite` under `directory`.
    public static func defaultPath(stateDirectory: String) -> String {
        URL(fileURLWithPath: stateDirectory).appendingPathComponent("state.sqlite").path
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE snapshot (
                    flow TEXT NOT NULL,
                    step TEXT NOT NULL,
                    value TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (flow, step)
                ) WITHOUT ROWID
                """)
        }
        return migrator
    }

    public func get(_ key: StepKey) throws -> StoredSnapshot? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT value, version, updated_at FROM snapshot WHERE flow = ? AND step = ?",
                             arguments: [key.flow, key.step])
                .map { Self.snapshot(key: key, row: $0) }
        }
    }

    @discardableResult
    public func put(_ key: StepKey, json: String) throws -> StoredSnapshot {
        guard (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) != nil else {
            throw SnapshotStoreError.invalidJSON("cannot parse \(json.prefix(60))")
        }
        if let violation = limit.violation(for: json) { throw violation }
        let now = Date()
        return try database.write { db in
            let previous = try Int.fetchOne(db, sql: "SELECT version FROM snapshot WHERE flow = ? AND step = ?",
                                            arguments: [key.flow, key.step]) ?? 0
            try db.execute(sql: """
                INSERT INTO snapshot (flow, step, value, version, bytes, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (flow, step) DO UPDATE SET value = excluded.value, version = excluded.version,
                    bytes = excluded.bytes, updated_at = excluded.updated_at
                """, arguments: [key.flow, key.step, json, previous + 1, json.utf8.count, now.timeIntervalSince1970])
            return StoredSnapshot(key: key, json: json, version: previous + 1, updatedAt: now)
        }
    }

    @discardableResult
    public func delete(_ key: StepKey) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM snapshot WHERE flow = ? AND step = ?", arguments: [key.flow, key.step])
            return db.changesCount > 0
        }
    }

    public func list(flow: String?) throws -> [StoredSnapshot] {
        try database.read { db in
            let rows: [Row]
            if let flow {
                rows = try Row.fetchAll(db, sql: "SELECT flow, step, value, version, updated_at FROM snapshot WHERE flow = ? ORDER BY step",
                                        arguments: [flow])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT flow, step, value, version, updated_at FROM snapshot ORDER BY flow, step")
            }
            return rows.map { Self.snapshot(key: StepKey(flow: $0["flow"], step: $0["step"]), row: $0) }
        }
    }

    /// The journal mode and synchronous level of the store's own connection (tests check durability settings).
    func durabilitySettings() throws -> (journalMode: String, synchronous: Int) {
        try database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    private static func snapshot(key: StepKey, row: Row) -> StoredSnapshot {
        StoredSnapshot(key: key, json: row["value"], version: row["version"],
                       updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
