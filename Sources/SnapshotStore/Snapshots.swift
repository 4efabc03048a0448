import Foundation
import JSHostCore

/// A step's current snapshot.
public struct StoredSnapshot: Sendable, Equatable {
    public var key: StepKey
    /// The value as JSON text; any JSON value but null (null means cleared).
    public var json: String
    /// Grows by one with every write of the step, resets and clears included; never goes back.
    public var version: Int
    public var updatedAt: Date
    public var sha256: String
    /// sha256 of the cfg of the run that stored it (canonical JSON); nil for manual writes.
    public var cfgFingerprint: String?

    public init(key: StepKey, json: String, version: Int, updatedAt: Date, sha256: String, cfgFingerprint: String?) {
        self.key = key
        self.json = json
        self.version = version
        self.updatedAt = updatedAt
        self.sha256 = sha256
        self.cfgFingerprint = cfgFingerprint
    }
}

/// A step's record: its version even when the value was cleared.
public struct StepState: Sendable, Equatable {
    public var key: StepKey
    public var version: Int
    /// nil when cleared (reset, or `emit('snapshot', null)`).
    public var json: String?
    public var sha256: String?
    public var cfgFingerprint: String?
    public var updatedAt: Date

    public init(key: StepKey, version: Int, json: String?, sha256: String?, cfgFingerprint: String?, updatedAt: Date) {
        self.key = key
        self.version = version
        self.json = json
        self.sha256 = sha256
        self.cfgFingerprint = cfgFingerprint
        self.updatedAt = updatedAt
    }

    public var snapshot: StoredSnapshot? {
        json.map { StoredSnapshot(key: key, json: $0, version: version, updatedAt: updatedAt, sha256: sha256 ?? "", cfgFingerprint: cfgFingerprint) }
    }

    /// The stored value, checked to be JSON before anything uses it: a file changed behind jshost's back must
    /// stop the step with a message naming it, not run the component on garbage or print it as if it were fine.
    public func checkedJSON() throws(SnapshotStoreError) -> String? {
        guard let json else { return nil }
        if let failure = JSONSyntax.check(json) { throw SnapshotStoreError.corruptValue(key: key, version: version, reason: failure.description) }
        return json
    }
}

/// One kept version of a step's snapshot.
public struct SnapshotVersion: Sendable, Equatable {
    public var key: StepKey
    public var version: Int
    /// nil when this version cleared the value.
    public var json: String?
    public var sha256: String?
    public var bytes: Int
    public var cfgFingerprint: String?
    public var createdAt: Date
    /// `run:<id>` for a run's commit, or the manual action (`set`, `reset`, `rollback`, `import`).
    public var source: String

    package init(key: StepKey, version: Int, json: String?, sha256: String?, bytes: Int, cfgFingerprint: String?, createdAt: Date,
                 source: String) {
        self.key = key
        self.version = version
        self.json = json
        self.sha256 = sha256
        self.bytes = bytes
        self.cfgFingerprint = cfgFingerprint
        self.createdAt = createdAt
        self.source = source
    }
}
