import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: QueuePublishing {
    public func claimUnpublished(for keys: [StepKey], claim: Duration, limit: Int) async throws -> [QueuedMessage] {
        guard !keys.isEmpty else { return [] }
        // Rows another host is claiming at this moment are skipped, not waited for; times are the database's.
        return try await rows("""
            UPDATE step_queue SET claimed_until = extract(epoch FROM clock_timestamp()) + \(claim.inSeconds)
            WHERE id IN (
                SELECT id FROM step_queue
                WHERE NOT published AND (claimed_until IS NULL OR claimed_until < extract(epoch FROM clock_timestamp()))
                    AND (flow, step) IN (SELECT * FROM unnest(\(keys.map(\.flow))::text[], \(keys.map(\.step))::text[]))
                ORDER BY id LIMIT \(max(limit, 0)) FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).map(Self.queued).sorted { $0.id < $1.id }
    }

    public func markPublished(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await rows("UPDATE step_queue SET published = true WHERE id = ANY(\(ids)::bigint[])")
    }

    public func releaseClaims(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await rows("UPDATE step_queue SET claimed_until = NULL WHERE id = ANY(\(ids)::bigint[]) AND published = false")
    }

    public func stillQueued(_ ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return Set(try await rows("SELECT id FROM step_queue WHERE id = ANY(\(ids)::bigint[])").map { try $0.value("id", as: Int64.self) })
    }
}
