import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: SnapshotEditing {
    @discardableResult
    public func apply(_ change: ManualChange) async throws -> StepState {
        if case .set(let json) = change.action { try limit.check(json) }
        return try transaction { state in
            try state.refuseWhileRunning(change.key)
            let current = state.steps[change.key]
            let value: String?, action: String
            switch try change.plan(current: current) {
            case .unchanged(let step):
                return step
            case .write(let json, let named):
                (value, action) = (json, named)
            case .rollback(let target):
                guard let kept = state.versions[change.key]?.first(where: { $0.version == target }) else {
                    throw SnapshotStoreError.noSuchVersion(key: change.key, version: target)
                }
                (value, action) = (kept.json, "rollback")
            }
            let written = state.writeVersion(change.key, json: value, cfgFingerprint: current?.cfgFingerprint, source: action,
                                             at: Date(), historyDepth: historyDepth)
            state.recordAudit(change.key, action: action, editor: change.editor, written: written, reason: change.reason)
            return written.new
        }
    }

    @discardableResult
    public func importSnapshots(_ items: [ExportedSnapshot], editor: Editor, reason: String?) async throws -> Int {
        for item in items { try limit.check(item.json) }
        return try transaction { state in
            for item in items { try state.refuseWhileRunning(item.key) }
            for item in items {
                let written = state.writeVersion(item.key, json: item.json, cfgFingerprint: nil, source: "import", at: Date(),
                                                 historyDepth: historyDepth)
                state.recordAudit(item.key, action: "import", editor: editor, written: written, reason: reason)
            }
            return items.count
        }
    }
}

extension MemoryState {
    func refuseWhileRunning(_ key: StepKey) throws {
        if let holder = leases[key]?.holder, holder.isHeld() { throw SnapshotStoreError.stepBusy(holder) }
    }

    mutating func recordAudit(_ key: StepKey, action: String, editor: Editor, written: (old: StepState?, new: StepState),
                              reason: String?) {
        audit.append(AuditEntry(id: Int64(audit.count + 1), key: key, action: action, editor: editor, at: written.new.updatedAt,
                                oldVersion: written.old?.version ?? 0, newVersion: written.new.version,
                                oldHash: written.old?.sha256, newHash: written.new.sha256, reason: reason))
    }
}
