import SnapshotStore
import Foundation
import GRDB
import JSHostCore

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
                                    arguments: arguments).map(Self.queued)
        }
    }

    public func nextQueued(for key: StepKey, at now: Date, limit: Int) async throws -> [QueuedMessage] {
        try await database.read { db in
            // Cached: a step asks this for every group it runs, and compiling it each time showed in the service's profile.
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM step_queue WHERE flow = ? AND step = ? AND available_at <= ? ORDER BY id LIMIT ?"),
                             arguments: [key.flow, key.step, now.timeIntervalSince1970, limit]).map(Self.queued)
        }
    }

    public func nextAvailable(for key: StepKey) async throws -> Date? {
        try await database.read { db in
            try Double.fetchOne(db.cachedStatement(sql: "SELECT min(available_at) FROM step_queue WHERE flow = ? AND step = ?"),
                                arguments: [key.flow, key.step]).map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func queueDepth(_ key: StepKey) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM step_queue WHERE flow = ? AND step = ?", arguments: [key.flow, key.step]) ?? 0
        }
    }

    public func queuedInThread(flow: String, thread: String) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM step_queue WHERE flow = ? AND thread = ?"), arguments: [flow, thread]) ?? 0
        }
    }

    @discardableResult
    public func enqueue(_ messages: [ForwardedMessage], source: String) async throws -> [Int64] {
        try await database.write { db in
            try messages.map { message in
                try Self.insert(db, message, from: source, at: Date())
                return db.lastInsertedRowID
            }
        }
    }

    static func insert(_ db: Database, _ message: ForwardedMessage, from source: String, at now: Date) throws {
        let context = message.context.storedText
        try db.cachedStatement(sql: """
            INSERT INTO step_queue (flow, step, message, from_run, available_at, attempts, thread, context)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [message.to.flow, message.to.step, message.json, source,
                                     now.timeIntervalSince1970 + message.delay.inSeconds, message.attempts,
                                     message.context.threadId, context])
    }

    static func queued(_ row: Row) -> QueuedMessage {
        QueuedMessage(id: row["id"], key: StepKey(flow: row["flow"], step: row["step"]), json: row["message"],
                             context: QueueContext(storedText: row["context"]), fromRun: row["from_run"],
                             availableAt: Date(timeIntervalSince1970: row["available_at"]), attempts: row["attempts"])
    }
}
