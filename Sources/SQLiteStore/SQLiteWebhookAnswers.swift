import SnapshotStore
import Foundation
import GRDB

extension SQLiteSnapshotStore: WebhookAnswerKeeping {
    public func awaitAnswer(thread: String) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO webhook_answer (thread, answer, created_at) VALUES (?, NULL, ?)",
                           arguments: [thread, Date().timeIntervalSince1970])
        }
    }

    public func isAnswerAwaited(thread: String) async throws -> Bool {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM webhook_answer WHERE thread = ? AND answer IS NULL", arguments: [thread]) != nil
        }
    }

    @discardableResult
    public func offerAnswer(thread: String, answer: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE webhook_answer SET answer = ? WHERE thread = ? AND answer IS NULL", arguments: [answer, thread])
            return db.changesCount == 1
        }
    }

    public func takeAnswer(thread: String) async throws -> String? {
        try await database.write { db in
            guard let answer = try String.fetchOne(db, sql: "SELECT answer FROM webhook_answer WHERE thread = ? AND answer IS NOT NULL",
                                                   arguments: [thread]) else { return nil }
            try db.execute(sql: "DELETE FROM webhook_answer WHERE thread = ?", arguments: [thread])
            return answer
        }
    }

    public func forgetAnswer(thread: String) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM webhook_answer WHERE thread = ?", arguments: [thread]) }
    }
}
