import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: StepQueueing {
    public func nextQueued(for key: StepKey, at now: Date) async throws -> QueuedMessage? {
        try await nextQueued(for: key, at: now, limit: 1).first
    }

    public func nextQueued(among keys: [StepKey], at now: Date) async throws -> QueuedMessage? {
        guard !keys.isEmpty else { return nil }
        return try await rows("""
            SELECT * FROM step_queue
            WHERE (flow, step) IN (SELECT * FROM unnest(\(keys.map(\.flow))::text[], \(keys.map(\.step))::text[]))
                AND available_at <= \(now.timeIntervalSince1970)
            ORDER BY id LIMIT 1
            """).first.map(Self.queued)
    }

    public func nextQueued(for key: StepKey, at now: Date, limit: Int) async throws -> [QueuedMessage] {
        try await rows("""
            SELECT * FROM step_queue WHERE flow = \(key.flow) AND step = \(key.step) AND available_at <= \(now.timeIntervalSince1970)
            ORDER BY id LIMIT \(max(limit, 0))
            """).map(Self.queued)
    }

    public func nextAvailable(for key: StepKey) async throws -> Date? {
        try await rows("SELECT min(available_at) AS at FROM step_queue WHERE flow = \(key.flow) AND step = \(key.step)")
            .first.flatMap { try $0.value("at", as: Double?.self) }.map { Date(timeIntervalSince1970: $0) }
    }

    public func queueDepth(_ key: StepKey) async throws -> Int {
        try await rows("SELECT count(*) AS n FROM step_queue WHERE flow = \(key.flow) AND step = \(key.step)").first?.value("n") ?? 0
    }

    public func queuedInThread(flow: String, thread: String) async throws -> Int {
        try await rows("SELECT count(*) AS n FROM step_queue WHERE flow = \(flow) AND thread = \(thread)").first?.value("n") ?? 0
    }

    @discardableResult
    public func enqueue(_ messages: [ForwardedMessage], source: String) async throws -> [Int64] {
        let logger = logger
        return try await transaction { connection in
            var ids: [Int64] = []
            for message in messages { ids.append(try await Self.insert(connection, message, from: source, at: Date(), logger: logger)) }
            return ids
        }
    }

    /// Queues one message; its queue id.
    static func insert(_ connection: PostgresConnection, _ message: ForwardedMessage, from source: String, at now: Date,
                       logger: Logger) async throws -> Int64 {
        let inserted = try await connection.rows("""
            INSERT INTO step_queue (flow, step, message, from_run, available_at, attempts, thread, context)
            VALUES (\(message.to.flow), \(message.to.step), \(message.json), \(source),
                    \(now.timeIntervalSince1970 + message.delay.inSeconds), \(message.attempts), \(message.context.threadId),
                    \(message.context.storedText))
            RETURNING id
            """, logger)
        return try inserted[0].value("id")
    }

    static func queued(_ row: PostgresRandomAccessRow) throws -> QueuedMessage {
        QueuedMessage(id: try row.value("id"), key: StepKey(flow: try row.value("flow"), step: try row.value("step")),
                      json: try row.value("message"), context: QueueContext(storedText: try row.value("context")),
                      fromRun: try row.value("from_run"), availableAt: try row.date("available_at"), attempts: try row.value("attempts"))
    }
}
