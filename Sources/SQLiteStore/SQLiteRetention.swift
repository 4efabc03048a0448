import SnapshotStore
import Foundation
import GRDB

extension SQLiteSnapshotStore: StoreMaintaining {
    public func prune(_ policy: RetentionPolicy, now: Date, dryRun: Bool) async throws -> PruneReport {
        let clock = now.timeIntervalSince1970
        var report = PruneReport()
        // The outbox row with the highest number is never removed: SQLite would give its number to the next
        // commit, and a reader of the outbox whose cursor is past it would skip that commit.
        let newestOutbox = "(SELECT max(seq) FROM outbox)"
        let oldRuns = """
            SELECT id FROM run WHERE (ended_at < \(clock - policy.runAge) OR id IN (
                SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY flow, step ORDER BY ended_at DESC, rowid DESC) AS n FROM run)
                WHERE n > \(policy.runsPerStep)))
              AND id NOT IN (SELECT run_id FROM outbox WHERE seq = \(newestOutbox))
            """
        let deliveredOutbox = "SELECT seq FROM outbox WHERE seq IN (SELECT commit_row FROM outbox_delivered) AND seq <> \(newestOutbox)"
        let oldAnswers = "SELECT thread FROM webhook_answer WHERE created_at < \(clock - policy.answerAge)"
        let oldMessageIDs = """
            SELECT flow, step, message_id FROM consumed_message WHERE at < \(clock - policy.messageIDAge) OR (flow, step, message_id) IN (
                SELECT flow, step, message_id FROM (
                    SELECT flow, step, message_id, row_number() OVER (PARTITION BY flow, step ORDER BY at DESC) AS n FROM consumed_message)
                WHERE n > \(policy.messageIDsPerStep))
            """
        if dryRun {
            return try await database.read { db in
                var report = PruneReport()
                report.runs = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(oldRuns))") ?? 0
                report.outboxRows = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM outbox WHERE run_id IN (\(oldRuns)) OR seq IN (\(deliveredOutbox))
                    """) ?? 0
                report.webhookAnswers = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(oldAnswers))") ?? 0
                report.messageIDs = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(oldMessageIDs))") ?? 0
                return report
            }
        }
        let batch = RetentionPolicy.batch
        // Each batch is a transaction of its own, so a commit waits at most one batch.
        report.outboxRows += try await deleteInBatches("DELETE FROM outbox WHERE seq IN (\(deliveredOutbox) LIMIT \(batch))")
        while true {
            let removed: (runs: Int, outbox: Int) = try await database.write { db in
                let ids = try String.fetchAll(db, sql: "\(oldRuns) LIMIT \(batch)")
                guard !ids.isEmpty else { return (0, 0) }
                let marks = databaseQuestionMarks(count: ids.count)
                let outbox = try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE run_id IN (\(marks))", arguments: StatementArguments(ids)) ?? 0
                // The run's outbox row goes with it (ON DELETE CASCADE).
                try db.execute(sql: "DELETE FROM run WHERE id IN (\(marks))", arguments: StatementArguments(ids))
                return (db.changesCount, outbox)
            }
            report.runs += removed.runs
            report.outboxRows += removed.outbox
            if removed.runs == 0 { break }
        }
        try await database.write { db in
            // The delivery marks of rows that are gone.
            try db.execute(sql: "DELETE FROM outbox_delivered WHERE commit_row NOT IN (SELECT seq FROM outbox)")
            try db.execute(sql: "DELETE FROM outbox_ack WHERE commit_row NOT IN (SELECT seq FROM outbox)")
        }
        report.webhookAnswers = try await deleteInBatches("DELETE FROM webhook_answer WHERE thread IN (\(oldAnswers) LIMIT \(batch))")
        report.messageIDs = try await deleteInBatches("DELETE FROM consumed_message WHERE (flow, step, message_id) IN (\(oldMessageIDs) LIMIT \(batch))")
        if !report.isEmpty { report.bytesReleased = try await releaseFreePages() }
        return report
    }

    private func deleteInBatches(_ sql: String) async throws -> Int {
        var total = 0
        while true {
            let removed = try await database.write { db in
                try db.execute(sql: sql)
                return db.changesCount
            }
            total += removed
            if removed == 0 { return total }
        }
    }

    /// Gives the file's free pages back to the file system when the store was made for it (auto_vacuum =
    /// INCREMENTAL, every store this jshost creates), and folds the write-ahead log back into the file.
    private func releaseFreePages() async throws -> Int64 {
        try await database.writeWithoutTransaction { db in
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let before = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            if try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2 { try db.execute(sql: "PRAGMA incremental_vacuum") }
            let after = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            // Best effort: a reader in the middle of a transaction keeps the log until it is done.
            _ = try? Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (before - after) * pageSize
        }
    }

    public func tableSizes() async throws -> [TableSize] {
        let walBytes = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? 0
        return try await database.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
            var bytes: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT m.tbl_name AS owner, sum(d.pgsize) AS bytes FROM dbstat AS d JOIN sqlite_master AS m ON m.name = d.name
                GROUP BY m.tbl_name
                """) {
                bytes[row["owner"]] = row["bytes"]
            }
            var sizes = try tables.map { table in
                TableSize(table: table, rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0, bytes: bytes[table] ?? 0)
            }
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            sizes.append(TableSize(table: "(free pages)", rows: 0, bytes: free * pageSize))
            sizes.append(TableSize(table: "(write-ahead log)", rows: 0, bytes: walBytes))
            return sizes
        }
    }

    // MARK: Backups

    /// A consistent copy of the store as it is now, written while it is in use (SQLite's online backup from a
    /// reader, so commits go on meanwhile) to a new file, made durable before its name appears.
    public func backup(to destination: String) async throws -> (bytes: Int64, schemaVersion: Int) {
        let target = URL(fileURLWithPath: destination)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw SnapshotStoreError.cannotOpen(path: target.path, reason: "it exists already; give a new file name (a backup never overwrites)")
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: partial)
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let copy = try DatabaseQueue(path: partial.path, configuration: configuration)
            try database.backup(to: copy)
            // The copy is a file of its own: no write-ahead log beside it, so one file is the whole backup.
            try await copy.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard check == "ok" else { throw SnapshotStoreError.cannotOpen(path: partial.path, reason: "the copy fails its integrity check: \(check)") }
            }
            try copy.close()
            try Self.syncFile(partial.path)
            guard rename(partial.path, target.path) == 0 else {
                throw SnapshotStoreError.cannotOpen(path: target.path, reason: String(cString: strerror(errno)))
            }
            try Self.syncFile(target.deletingLastPathComponent().path)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            if let error = error as? SnapshotStoreError { throw error }
            throw SnapshotStoreError.cannotOpen(path: target.path, reason: (error as? DatabaseError)?.message ?? "\(error)")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int64) ?? 0
        return (bytes, SQLiteSchema.knownVersion)
    }

    /// Rewrites the whole file (VACUUM), and makes it one that gives back free pages after each prune from then on
    /// (stores made before this jshost were not). Holds the store for as long as it takes.
    public func vacuum() async throws -> (before: Int64, after: Int64) {
        try await database.writeWithoutTransaction { db in
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let before = (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * pageSize
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            try db.execute(sql: "VACUUM")
            _ = try? Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (before, (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * pageSize)
        }
    }

    public func pruningAdvice() async throws -> String? {
        try await releasesFreePages() ? nil
            : "this store was made by an older jshost and keeps the space pruning frees; run `jshost store prune --vacuum` once while serve is stopped to give it back"
    }

    /// Whether the file gives back free pages after a prune (auto_vacuum = INCREMENTAL).
    public func releasesFreePages() async throws -> Bool {
        try await database.read { db in try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2 }
    }

    private static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SnapshotStoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SnapshotStoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }
}
