import SnapshotStore
import Foundation
import GRDB
import JSHostCore

extension SQLiteSnapshotStore: SnapshotEditing {
    @discardableResult
    public func apply(_ change: ManualChange) async throws -> StepState {
        let newJSON: String?
        switch change.action {
        case .set(let json):
            try validate(json)
            newJSON = json
        case .reset, .rollback:
            newJSON = nil
        }
        return try await database.write { [self] db in
            try Self.refuseWhileRunning(db, change.key)
            let current = try Self.state(db, change.key)
            if let expected = change.expectedVersion, expected != (current?.version ?? 0) {
                throw SnapshotStoreError.versionConflict(key: change.key, expected: expected, actual: current?.version ?? 0)
            }
            var value = newJSON
            var action = "set"
            switch change.action {
            case .set: action = "set"
            case .reset:
                // Nothing stored: nothing to reset, and nothing to audit.
                guard let current, current.json != nil else {
                    return current ?? StepState(key: change.key, version: 0, json: nil, sha256: nil, cfgFingerprint: nil, updatedAt: Date())
                }
                action = "reset"
            case .rollback(let target):
                action = "rollback"
                guard let kept = try Row.fetchOne(db, sql: "SELECT value FROM snapshot_version WHERE flow = ? AND step = ? AND version = ?",
                                                  arguments: [change.key.flow, change.key.step, target]) else {
                    throw SnapshotStoreError.noSuchVersion(key: change.key, version: target)
                }
                value = kept["value"]
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
