import Foundation
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore: ApiKeyKeeping {
    public func createApiKey(_ name: String, role: ApiKey.Role, replace: Bool) async throws -> ApiKeyCreation {
        let secret = ApiKey.makeSecret()
        let hash = Digests.sha256(secret), now = Date().timeIntervalSince1970
        // One statement, so two hosts making the same name cannot both see it missing: the row before the
        // change comes back through the CTE, and a refused change leaves the existing row untouched.
        let result = try await rows("""
            WITH before AS (SELECT name, role, created_at FROM api_key WHERE name = \(name)),
            written AS (
                INSERT INTO api_key (name, role, hash, created_at) VALUES (\(name), \(role.rawValue), \(hash), \(now))
                ON CONFLICT (name) DO UPDATE SET role = excluded.role, hash = excluded.hash, created_at = excluded.created_at
                    WHERE \(replace)
                RETURNING name)
            SELECT before.name, before.role, before.created_at, (SELECT count(*) FROM written) AS written FROM (SELECT 1) one
            LEFT JOIN before ON true
            """)
        guard let row = result.first else { return .made(secret: secret, replaced: nil) }
        let existing = try row["name"].decode(String?.self) == nil ? nil : Self.apiKey(row)
        let written = try row["written"].decode(Int.self)
        if written == 0 {
            // Refused, or another host made the name between this statement's snapshot and its insert: asked again,
            // the key it made is the existing one.
            guard let existing else { return try await createApiKey(name, role: role, replace: replace) }
            return .exists(existing)
        }
        return .made(secret: secret, replaced: existing)
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
