import SnapshotStore
import Foundation
import GRDB
import JSHostCore

extension SQLiteSnapshotStore: CredentialKeeping {
    public func credentials(_ id: String) async throws -> StoredCredentials? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM credential WHERE id = ?", arguments: [id]).map(Self.credentials)
        }
    }

    public func allCredentials() async throws -> [StoredCredentials] {
        try await database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM credential ORDER BY id").map(Self.credentials) }
    }

    public func setCredentials(_ id: String, keysJSON: String) async throws {
        guard (try? JSONSyntax.members(keysJSON)) != nil else {
            throw SnapshotStoreError.invalidJSON("credentials must be a JSON object of keys")
        }
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO credential (id, keys, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET keys = excluded.keys, updated_at = excluded.updated_at
                """, arguments: [id, keysJSON, Date().timeIntervalSince1970])
        }
    }

    @discardableResult
    public func deleteCredentials(_ id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM credential WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    private static func credentials(_ row: Row) -> StoredCredentials {
        StoredCredentials(id: row["id"], keysJSON: row["keys"], updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
