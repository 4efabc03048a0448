import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: SnapshotEditing {
    @discardableResult
    public func apply(_ change: ManualChange) async throws -> StepState {
        if case .set(let json) = change.action { try limit.check(json) }
        return try await transaction { [self] connection in
            try await Self.lockStep(connection, change.key, logger: logger)
            try await Self.refuseWhileRunning(connection, change.key, logger: logger)
            let current = try await Self.state(connection, change.key, logger: logger)
            let value: String?, action: String
            switch try change.plan(current: current) {
            case .unchanged(let step):
                return step
            case .write(let json, let named):
                (value, action) = (json, named)
            case .rollback(let target):
                guard let kept = try await connection.rows("""
                    SELECT value FROM snapshot_version WHERE flow = \(change.key.flow) AND step = \(change.key.step) AND version = \(target)
                    """, logger).first else {
                    throw SnapshotStoreError.noSuchVersion(key: change.key, version: target)
                }
                (value, action) = (try kept.value("value"), "rollback")
            }
            let written = try await writeVersion(connection, change.key, json: value, cfgFingerprint: current?.cfgFingerprint,
                                                 source: action, at: Date(), current: current)
            try await Self.recordAudit(connection, key: change.key, action: action, editor: change.editor, old: written.old,
                                       new: written.new, reason: change.reason, logger: logger)
            return written.new
        }
    }

    @discardableResult
    public func importSnapshots(_ items: [ExportedSnapshot], editor: Editor, reason: String?) async throws -> Int {
        for item in items { try limit.check(item.json) }
        return try await transaction { [self] connection in
            try await Self.lockSteps(connection, items.map(\.key), logger: logger)
            for item in items {
                try await Self.refuseWhileRunning(connection, item.key, logger: logger)
                let current = try await Self.state(connection, item.key, logger: logger)
                let written = try await writeVersion(connection, item.key, json: item.json, cfgFingerprint: nil, source: "import",
                                                     at: Date(), current: current)
                try await Self.recordAudit(connection, key: item.key, action: "import", editor: editor, old: written.old,
                                           new: written.new, reason: reason, logger: logger)
            }
            return items.count
        }
    }

    private static func recordAudit(_ connection: PostgresConnection, key: StepKey, action: String, editor: Editor, old: StepState?,
                                    new: StepState, reason: String?, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO audit (flow, step, action, editor, editor_kind, pid, at, old_version, new_version, old_hash, new_hash, reason)
            VALUES (\(key.flow), \(key.step), \(action), \(editor.name), \(editor.kind.rawValue), \(Int(editor.pid ?? 0)),
                    \(new.updatedAt.timeIntervalSince1970), \(old?.version ?? 0), \(new.version), \(old?.sha256), \(new.sha256), \(reason))
            """, logger: logger)
    }
}
