import SnapshotStore
import Foundation
import GRDB

/// The store's tables, as migrations so that an older file is upgraded in place.
enum SQLiteSchema {
    /// A migration's schema version: the number in its `vN: …` name.
    static func version(of identifier: String) -> Int? {
        guard identifier.hasPrefix("v"), let colon = identifier.firstIndex(of: ":") else { return nil }
        return Int(identifier[identifier.index(after: identifier.startIndex)..<colon])
    }

    static var knownVersion: Int { migrator.migrations.compactMap(version(of:)).max() ?? 0 }

    /// A file that a newer jshost migrated has tables this one does not know: writing into it, or even reading
    /// it, could break what the newer one relies on, so it is refused before anything else happens.
    /// Brings the file up to the newest layout. Several processes may open a new file at once (a service's
    /// workers): each checks what is applied, and only one at a time migrates, holding a lock on the store's
    /// folder (flock on the folder, which SQLite's own locks on the file never meet).
    static func migrate(_ database: some DatabaseWriter, path: String, folderLocked: Bool = false) throws {
        let applied = try refuseNewer(database, path: path)
        guard !Set(migrator.migrations).isSubset(of: applied) else { return }
        if folderLocked {
            try migrator.migrate(database)
            return
        }
        try StoreFolderLock.holding(for: path) {
            _ = try refuseNewer(database, path: path)
            try migrator.migrate(database)
        }
    }

    /// The migrations applied so far; throws when a newer jshost applied some this one does not know.
    @discardableResult
    static func refuseNewer(_ database: some DatabaseWriter, path: String) throws -> Set<String> {
        let migrator = self.migrator
        // On the writing connection: a pool's readers are opened only when something reads.
        let applied = try database.writeWithoutTransaction { db -> Set<String> in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return try migrator.appliedIdentifiers(db)
        }
        let unknown = applied.subtracting(migrator.migrations)
        guard !unknown.isEmpty else { return applied }
        // A migration without a `vN:` name is still newer than every one this jshost knows.
        let found = max(unknown.compactMap(version(of:)).max() ?? 0, knownVersion + 1)
        throw SnapshotStoreError.newerSchema(path: path, found: found, known: knownVersion)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE snapshot (
                    flow TEXT NOT NULL, step TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
                    bytes INTEGER NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (flow, step)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v2: history, runs, outbox, audit, leases") { db in
            // The current value per step. value NULL = cleared; the row stays so the version never goes back.
            try db.execute(sql: """
                CREATE TABLE step_snapshot (
                    flow TEXT NOT NULL, step TEXT NOT NULL, version INTEGER NOT NULL,
                    value TEXT, bytes INTEGER NOT NULL, sha256 TEXT, cfg_fingerprint TEXT, updated_at REAL NOT NULL,
                    PRIMARY KEY (flow, step)
                ) WITHOUT ROWID;
                CREATE TABLE snapshot_version (
                    flow TEXT NOT NULL, step TEXT NOT NULL, version INTEGER NOT NULL,
                    value TEXT, bytes INTEGER NOT NULL, sha256 TEXT, cfg_fingerprint TEXT, created_at REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (flow, step, version)
                ) WITHOUT ROWID;
                CREATE TABLE run (
                    id TEXT PRIMARY KEY, flow TEXT NOT NULL, step TEXT NOT NULL, started_at REAL NOT NULL,
                    ended_at REAL NOT NULL, outcome TEXT NOT NULL, input_hash TEXT NOT NULL, snapshot_version INTEGER,
                    data_count INTEGER NOT NULL, error_count INTEGER NOT NULL
                );
                CREATE INDEX run_by_step ON run (flow, step, ended_at);
                CREATE TABLE outbox (
                    run_id TEXT NOT NULL REFERENCES run (id) ON DELETE CASCADE, seq INTEGER NOT NULL, message TEXT NOT NULL,
                    PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID;
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, flow TEXT NOT NULL, step TEXT NOT NULL, action TEXT NOT NULL,
                    user TEXT NOT NULL, pid INTEGER NOT NULL, at REAL NOT NULL, old_version INTEGER NOT NULL,
                    new_version INTEGER NOT NULL, old_hash TEXT, new_hash TEXT, reason TEXT
                );
                CREATE INDEX audit_by_step ON audit (flow, step, id);
                CREATE TABLE lease (
                    flow TEXT NOT NULL, step TEXT NOT NULL, owner_pid INTEGER NOT NULL, owner_start TEXT NOT NULL,
                    owner_host TEXT NOT NULL, acquired_at REAL NOT NULL, PRIMARY KEY (flow, step)
                ) WITHOUT ROWID;
                INSERT INTO step_snapshot (flow, step, version, value, bytes, sha256, cfg_fingerprint, updated_at)
                    SELECT flow, step, version, value, bytes, NULL, NULL, updated_at FROM snapshot;
                INSERT INTO snapshot_version (flow, step, version, value, bytes, sha256, cfg_fingerprint, created_at, source)
                    SELECT flow, step, version, value, bytes, NULL, NULL, updated_at, 'migrated' FROM snapshot;
                DROP TABLE snapshot;
                """)
            for row in try Row.fetchAll(db, sql: "SELECT flow, step, version, value FROM snapshot_version") {
                let hash = Digests.sha256(row["value"] as String)
                try db.execute(sql: "UPDATE snapshot_version SET sha256 = ? WHERE flow = ? AND step = ? AND version = ?",
                               arguments: [hash, row["flow"], row["step"], row["version"]])
                try db.execute(sql: "UPDATE step_snapshot SET sha256 = ? WHERE flow = ? AND step = ?",
                               arguments: [hash, row["flow"], row["step"]])
            }
        }
        migrator.registerMigration("v3: stream positions") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN input_line INTEGER;
                CREATE TABLE input_position (
                    flow TEXT NOT NULL, step TEXT NOT NULL, stream TEXT NOT NULL, line INTEGER NOT NULL,
                    updated_at REAL NOT NULL, PRIMARY KEY (flow, step, stream)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4: one outbox row per run") { db in
            // A row per message cost a B-tree insert each, at a random place (run ids are random): half of a stream
            // commit's CPU. A run's messages are now one text, one JSON document per line (JSON text never holds a
            // raw newline), with the input line of each for a stream.
            try db.execute(sql: """
                ALTER TABLE outbox RENAME TO outbox_v3;
                CREATE TABLE outbox (
                    run_id TEXT PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE, messages TEXT NOT NULL, input_lines TEXT
                );
                """)
            var runID: String?
            var messages: [String] = []
            var lines: [String] = []
            func flush() throws {
                guard let runID else { return }
                try db.execute(sql: "INSERT INTO outbox (run_id, messages, input_lines) VALUES (?, ?, ?)",
                               arguments: [runID, OutboxText.join(messages), lines.contains("") ? nil : lines.joined(separator: ",")])
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT run_id, message, input_line FROM outbox_v3 ORDER BY run_id, seq")
            while let row = try rows.next() {
                let id: String = row["run_id"]
                if id != runID {
                    try flush()
                    runID = id
                    messages = []
                    lines = []
                }
                messages.append(row["message"])
                lines.append((row["input_line"] as Int?).map(String.init) ?? "")
            }
            try flush()
            try db.execute(sql: "DROP TABLE outbox_v3")
        }
        migrator.registerMigration("v5: lease tokens, editors, outbox delivery") { db in
            // The outbox gets a sequence of its own, in commit order (a rowid that VACUUM keeps): the delivery cursor
            // counts on it.
            // A lease row stays once made (its owner columns empty when free), so its fencing number only grows.
            // Leases of an older jshost carry no time to live; they are given a day, and are reclaimed sooner
            // once their process is seen gone, as before.
            try db.execute(sql: """
                ALTER TABLE lease RENAME TO lease_v4;
                CREATE TABLE lease (
                    flow TEXT NOT NULL, step TEXT NOT NULL, fence INTEGER NOT NULL,
                    owner_host TEXT, owner_pid INTEGER, owner_start TEXT, owner_worker TEXT,
                    acquired_at REAL, expires_at REAL, PRIMARY KEY (flow, step)
                ) WITHOUT ROWID;
                INSERT INTO lease SELECT flow, step, 1, owner_host, owner_pid, owner_start, 'main', acquired_at,
                    acquired_at + 86400 FROM lease_v4;
                DROP TABLE lease_v4;
                ALTER TABLE audit ADD COLUMN editor_kind TEXT NOT NULL DEFAULT 'user';
                ALTER TABLE outbox RENAME TO outbox_v4;
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE REFERENCES run (id) ON DELETE CASCADE,
                    messages TEXT NOT NULL, input_lines TEXT
                );
                INSERT INTO outbox (run_id, messages, input_lines)
                    SELECT outbox_v4.run_id, outbox_v4.messages, outbox_v4.input_lines
                    FROM outbox_v4 JOIN run ON run.id = outbox_v4.run_id ORDER BY run.rowid;
                DROP TABLE outbox_v4;
                CREATE TABLE outbox_ack (
                    commit_row INTEGER NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (commit_row, idx)
                ) WITHOUT ROWID;
                CREATE TABLE outbox_delivered (commit_row INTEGER PRIMARY KEY);
                """)
        }
        migrator.registerMigration("v6: credentials, step queues") { db in
            // AUTOINCREMENT: a queued message's id is never given again, so a late run that took a message
            // another run already consumed can never remove a newer one in its place.
            try db.execute(sql: """
                CREATE TABLE credential (id TEXT PRIMARY KEY, keys TEXT NOT NULL, updated_at REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE step_queue (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, flow TEXT NOT NULL, step TEXT NOT NULL, message TEXT NOT NULL,
                    from_run TEXT NOT NULL, available_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX step_queue_by_step ON step_queue (flow, step, id);
                """)
        }
        migrator.registerMigration("v7: queued messages' threads, flow states") { db in
            // A queued message keeps its thread and transport headers (sailor's threadId, reboundIteration…), so a
            // service that restarts carries them on; a thread's messages are counted to know when it is done.
            try db.execute(sql: """
                ALTER TABLE step_queue ADD COLUMN thread TEXT;
                ALTER TABLE step_queue ADD COLUMN context TEXT;
                CREATE INDEX step_queue_by_thread ON step_queue (flow, thread);
                CREATE TABLE flow_state (
                    flow TEXT PRIMARY KEY, status TEXT, startup_data TEXT, updated_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8: API keys") { db in
            // Only the key's SHA-256 is kept; the key itself is shown once, when it is made.
            try db.execute(sql: """
                CREATE TABLE api_key (
                    name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v9: webhook answers") { db in
            // A caller waiting on one process for an execution another process ends (a shared store's hosts).
            try db.execute(sql: """
                CREATE TABLE webhook_answer (thread TEXT PRIMARY KEY, answer TEXT, created_at REAL NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10: consumed message ids") { db in
            // A broker's message ids a step's runs committed: a redelivery's second commit is refused.
            try db.execute(sql: """
                CREATE TABLE consumed_message (
                    flow TEXT NOT NULL, step TEXT NOT NULL, message_id TEXT NOT NULL, run_id TEXT NOT NULL, at REAL NOT NULL,
                    PRIMARY KEY (flow, step, message_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v11: queued messages published to a broker") { db in
            // A queue row is also the broker's outbox entry: published once the broker confirmed it; claimed by a
            // publisher until a time, so hosts do not all publish it.
            try db.execute(sql: """
                ALTER TABLE step_queue ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE step_queue ADD COLUMN claimed_until REAL;
                CREATE INDEX step_queue_unpublished ON step_queue (id) WHERE published = 0;
                """)
        }
        return migrator
    }
}
