import Foundation
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore: FlowStateKeeping {
    public func flowState(_ flow: String) async throws -> FlowState? {
        try await rows("SELECT * FROM flow_state WHERE flow = \(flow)").first.map { row in
            FlowState(flow: try row.value("flow"), status: try row.value("status"), startupData: try row.value("startup_data"),
                      updatedAt: try row.date("updated_at"))
        }
    }

    public func setFlowStatus(_ flow: String, _ status: String?) async throws {
        try await rows("""
            INSERT INTO flow_state (flow, status, updated_at) VALUES (\(flow), \(status), \(Date().timeIntervalSince1970))
            ON CONFLICT (flow) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
            """)
    }

    public func setStartupData(_ flow: String, _ json: String?) async throws {
        try await rows("""
            INSERT INTO flow_state (flow, startup_data, updated_at) VALUES (\(flow), \(json), \(Date().timeIntervalSince1970))
            ON CONFLICT (flow) DO UPDATE SET startup_data = excluded.startup_data, updated_at = excluded.updated_at
            """)
    }
}
