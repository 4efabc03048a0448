import Foundation
import GRDB

extension SQLiteSnapshotStore: StepQueueing {
    public func nextQueued(for key: StepKey, at now: Date) async throws -> QueuedMessage? {
        try await nextQueued(among: [key], at: now)
    }

    public func nextQueued(among keys: [StepKey], at now: Date) async throws -> QueuedMessage? {
        guard !keys.isEmpty else { return nil }
        return try await database.read { db in
            let placeholders = Array(repeating: "(flow = ? AND step = ?)", count: keys.count).joined(separator: " OR ")
            var values: [DatabaseValue] = keys.flatMap { [$0.flow.databaseValue, $0.step.databaseValue] }
            values.append(now.timeIntervalSince1970.databaseValue)
            let arguments = StatementArguments(values)
            return try Row.fetchOne(db, sql: "SELECT * FROM step_queue WHERE (\(placeholders)) AND available_at <= ? ORDER BY id LIMIT 1",
                                    arguments: arguments).map { row in
                QueuedMessage(id: row["id"], key: StepKey(flow: row["flow"], step: row["step"]), json: row["message"],
                              fromRun: row["from_run"], availableAt: Date(timeIntervalSince1970: row["available_at"]),
                              attempts: row["attempts"])
            }
        }
    }

    public func queueDepth(_ key: StepKey) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM step_queue WHERE flow = ? AND step = ?", arguments: [key.flow, key.step]) ?? 0
        }
    }
}
