import Foundation
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore: ApiKeyKeeping {
    public func createApiKey(_ name: String, role: ApiKey.Role) async throws -> String {
        let secret = ApiKey.makeSecret()
        try await rows("""
            INSERT INTO api_key (name, role, hash, created_at)
            VALUES (\(name), \(role.rawValue), \(Digests.sha256(secret)), \(Date().timeIntervalSince1970))
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, hash = excluded.hash, created_at = excluded.created_at
            """)
        return secret
    }

    public func apiKeys() async throws -> [ApiKey] {
        try await rows("SELECT * FROM api_key ORDER BY name").compactMap(Self.apiKey)
    }

    @discardableResult
    public func deleteApiKey(_ name: String) async throws -> Bool {
        try await !rows("DELETE FROM api_key WHERE name = \(name) RETURNING name").isEmpty
    }

    public func apiKey(secret: String) async throws -> ApiKey? {
        // Looked up by its hash: the hash is what is kept, and comparing hashes leaks nothing of the secret.
        try await rows("SELECT * FROM api_key WHERE hash = \(Digests.sha256(secret))").first.flatMap(Self.apiKey)
    }

    public func hasApiKeys() async throws -> Bool {
        try await !rows("SELECT 1 FROM api_key LIMIT 1").isEmpty
    }

    private static func apiKey(_ row: PostgresRandomAccessRow) throws -> ApiKey? {
        guard let role = ApiKey.Role(rawValue: try row.value("role")) else { return nil }
        return ApiKey(name: try row.value("name"), role: role, createdAt: try row.date("created_at"))
    }
}
