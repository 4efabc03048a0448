import Foundation
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore: WebhookAnswerKeeping {
    public func awaitAnswer(thread: String) async throws {
        try await rows("""
            INSERT INTO webhook_answer (thread, answer, created_at) VALUES (\(thread), NULL, \(Date().timeIntervalSince1970))
            ON CONFLICT (thread) DO NOTHING
            """)
    }

    public func isAnswerAwaited(thread: String) async throws -> Bool {
        try await !rows("SELECT 1 FROM webhook_answer WHERE thread = \(thread) AND answer IS NULL").isEmpty
    }

    @discardableResult
    public func offerAnswer(thread: String, answer: String) async throws -> Bool {
        try await !rows("UPDATE webhook_answer SET answer = \(answer) WHERE thread = \(thread) AND answer IS NULL RETURNING thread").isEmpty
    }

    public func takeAnswer(thread: String) async throws -> String? {
        try await rows("DELETE FROM webhook_answer WHERE thread = \(thread) AND answer IS NOT NULL RETURNING answer")
            .first.map { try $0.value("answer") }
    }

    public func forgetAnswer(thread: String) async throws {
        try await rows("DELETE FROM webhook_answer WHERE thread = \(thread)")
    }
}
