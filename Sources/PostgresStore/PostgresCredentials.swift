import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: CredentialKeeping {
    public func credentials(_ id: String) async throws -> StoredCredentials? {
        try await rows("SELECT * FROM credential WHERE id = \(id)").first.map(Self.credentials)
    }

    public func allCredentials() async throws -> [StoredCredentials] {
        try await rows("SELECT * FROM credential ORDER BY id").map(Self.credentials)
    }

    public func setCredentials(_ id: String, keysJSON: String) async throws {
        guard (try? JSONSyntax.members(keysJSON)) != nil else {
            throw SnapshotStoreError.invalidJSON("credentials must be a JSON object of keys")
        }
        try await rows("""
            INSERT INTO credential (id, keys, updated_at) VALUES (\(id), \(keysJSON), \(Date().timeIntervalSince1970))
            ON CONFLICT (id) DO UPDATE SET keys = excluded.keys, updated_at = excluded.updated_at
            """)
    }

    @discardableResult
    public func deleteCredentials(_ id: String) async throws -> Bool {
        try await !rows("DELETE FROM credential WHERE id = \(id) RETURNING id").isEmpty
    }

    private static func credentials(_ row: PostgresRandomAccessRow) throws -> StoredCredentials {
        StoredCredentials(id: try row.value("id"), keysJSON: try row.value("keys"), updatedAt: try row.date("updated_at"))
    }
}
