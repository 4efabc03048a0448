import SnapshotStore
import Crypto
import Foundation
import GRDB

extension SQLiteSnapshotStore: ApiKeyKeeping {
    public func createApiKey(_ name: String, role: ApiKey.Role, replace: Bool) async throws -> ApiKeyCreation {
        let secret = ApiKey.makeSecret()
        return try await database.write { db in
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE name = ?", arguments: [name]).flatMap(Self.apiKey)
            if let existing, !replace { return .exists(existing) }
            try db.execute(sql: """
                INSERT INTO api_key (name, role, hash, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET role = excluded.role, hash = excluded.hash, created_at = excluded.created_at
                """, arguments: [name, role.rawValue, Digests.sha256(secret), Date().timeIntervalSince1970])
            return .made(secret: secret, replaced: existing)
        }
    }

    public func apiKeys() async throws -> [ApiKey] {
        try await database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_key ORDER BY name").compactMap(Self.apiKey) }
    }

    @discardableResult
    public func deleteApiKey(_ name: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM api_key WHERE name = ?", arguments: [name])
            return db.changesCount == 1
        }
    }

    public func apiKey(secret: String) async throws -> ApiKey? {
        // Looked up by its hash: the hash is what is kept, and comparing hashes leaks nothing of the secret.
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE hash = ?", arguments: [Digests.sha256(secret)]).flatMap(Self.apiKey)
        }
    }

    public func hasApiKeys() async throws -> Bool {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM api_key") ?? 0 > 0 }
    }

    static func apiKey(_ row: Row) -> ApiKey? {
        guard let role = ApiKey.Role(rawValue: row["role"]) else { return nil }
        return ApiKey(name: row["name"], role: role, createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
