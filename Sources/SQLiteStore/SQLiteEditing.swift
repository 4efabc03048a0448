import SnapshotStore
import Foundation
import GRDB
import JSHostCore

extension SQLiteSnapshotStore: SnapshotEditing {
    @discardableResult
    public func apply(_ change: ManualChange) async throws -> StepState {
        if case .set(let json) = change.action { try validate(json) }
        return try await database.write { [self] db in
            try Self.refuseWhileRunning(db, change.key)
            let current = try Self.state(db, change.key)
            let value: String?, action: String
            switch try change.plan(current: current) {
            case .unchanged(let step):
                return step
            case .write(let json, let named):
                (value, action) = (json, named)
            case .rollback(let target):
                guard let kept = try Row.fetchOne(db, sql: "SELECT value FROM snapshot_version WHERE flow = ? AND step = ? AND version = ?",
                                                  arguments: [change.key.flow, change.key.step, target]) else {
                    throw SnapshotStoreError.noSuchVersion(key: change.key, version: target)
                }
                (value, action) = (kept["value"], "rollback")
            }
            let written = try writeVersion(db, change.key, json: value, cfgFingerprint: current?.cfgFingerprint,
                                           source: action, at: Date())
            try Self.recordAudit(db, key: change.key, action: action, editor: change.editor, old: written.old,
                                 new: written.new, reason: change.reason)
            return written.new
        }
    }

    @discardableResult
    public func importSnapshots(_ items: [ExportedSnapshot], editor: Editor, reason: String?) async throws -> Int {
        for item in items { try validate(item.json) }
        return try await database.write { [self] db in
            for item in items {
                try Self.refuseWhileRunning(db, item.key)
                let written = try writeVersion(db, item.key, json: item.json, cfgFingerprint: nil, source: "import", at: Date())
                try Self.recordAudit(db, key: item.key, action: "import", editor: editor, old: written.old, new: written.new,
                                     reason: reason)
            }
            return items.count
        }
    }

    private static func refuseWhileRunning(_ db: Database, _ key: StepKey) throws {
        if let holder = try lease(db, key)?.holder, holder.isHeld() { throw SnapshotStoreError.stepBusy(holder) }
    }

    private static func recordAudit(_ db: Database, key: StepKey, action: String, editor: Editor, old: StepState?,
                                    new: StepState, reason: String?) throws {
        try db.execute(sql: """
            INSERT INTO audit (flow, step, action, user, pid, editor_kind, at, old_version, new_version, old_hash, new_hash, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.flow, key.step, action, editor.name, editor.pid ?? 0, editor.kind.rawValue,
                             new.updatedAt.timeIntervalSince1970, old?.version ?? 0, new.version, old?.sha256, new.sha256, reason])
    }
}
