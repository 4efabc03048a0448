import SnapshotStore
import Foundation
import GRDB

extension SQLiteSnapshotStore: FlowStateKeeping {
    public func flowState(_ flow: String) async throws -> FlowState? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM flow_state WHERE flow = ?", arguments: [flow]).map { row in
                FlowState(flow: row["flow"], status: row["status"], startupData: row["startup_data"],
                          updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
            }
        }
    }

    public func setFlowStatus(_ flow: String, _ status: String?) async throws {
        try await upsert(flow, column: "status", status)
    }

    public func setStartupData(_ flow: String, _ json: String?) async throws {
        try await upsert(flow, column: "startup_data", json)
    }

    private func upsert(_ flow: String, column: String, _ value: String?) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO flow_state (flow, \(column), updated_at) VALUES (?, ?, ?)
                ON CONFLICT (flow) DO UPDATE SET \(column) = excluded.\(column), updated_at = excluded.updated_at
                """, arguments: [flow, value, Date().timeIntervalSince1970])
        }
    }
}
