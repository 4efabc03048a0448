import SnapshotStore
import Foundation
import GRDB
import JSHostCore

extension SQLiteSnapshotStore: QueuePublishing {
    public func claimUnpublished(for keys: [StepKey], claim: Duration, limit: Int) async throws -> [QueuedMessage] {
        guard !keys.isEmpty else { return [] }
        return try await database.write { db in
            let now = Date().timeIntervalSince1970
            let steps = Array(repeating: "(flow = ? AND step = ?)", count: keys.count).joined(separator: " OR ")
            var values: [DatabaseValue] = [now.databaseValue]
            values += keys.flatMap { [$0.flow.databaseValue, $0.step.databaseValue] }
            values.append(max(limit, 0).databaseValue)
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM step_queue WHERE published = 0 AND (claimed_until IS NULL OR claimed_until < ?) AND (\(steps))
                ORDER BY id LIMIT ?
                """, arguments: StatementArguments(values))
            for row in rows {
                try db.execute(sql: "UPDATE step_queue SET claimed_until = ? WHERE id = ?",
                               arguments: [now + claim.inSeconds, row["id"] as Int64])
            }
            return rows.map(Self.queued)
        }
    }

    public func markPublished(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { db in
            for id in ids { try db.execute(sql: "UPDATE step_queue SET published = 1 WHERE id = ?", arguments: [id]) }
        }
    }

    public func releaseClaims(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { db in
            for id in ids { try db.execute(sql: "UPDATE step_queue SET claimed_until = NULL WHERE id = ? AND published = 0", arguments: [id]) }
        }
    }

    public func stillQueued(_ ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try await database.read { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
            return Set(try Int64.fetchAll(db, sql: "SELECT id FROM step_queue WHERE id IN (\(placeholders))",
                                          arguments: StatementArguments(ids)))
        }
    }
}
