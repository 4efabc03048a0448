import Foundation
import JSHostCore

/// Who makes a manual change: always named by the caller (a person at the command line, an API key), never taken
/// from the process the store runs in, so a service that edits for many people audits each of them.
public struct Editor: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A person, by account name.
        case user
        /// A client of the HTTP API, by the name of its key.
        case apiKey = "api-key"
    }
    public var kind: Kind
    public var name: String
    /// The process the change came from, when it is a local one (the command line); recorded in the audit.
    public var pid: Int32?

    public init(kind: Kind, name: String, pid: Int32? = nil) {
        self.kind = kind
        self.name = name
        self.pid = pid
    }

    public static func user(_ name: String, pid: Int32? = nil) -> Editor { Editor(kind: .user, name: name, pid: pid) }
    public static func apiKey(_ name: String) -> Editor { Editor(kind: .apiKey, name: name) }
}

/// A change made by hand (the command line, the HTTP API), audited.
public struct ManualChange: Sendable {
    public enum Action: Sendable, Equatable {
        case set(json: String)
        case reset
        case rollback(toVersion: Int)
    }
    public var key: StepKey
    public var action: Action
    /// Compare-and-set: refuse unless the step is at this version (0 = nothing ever stored).
    public var expectedVersion: Int?
    public var editor: Editor
    public var reason: String?

    public init(key: StepKey, action: Action, expectedVersion: Int? = nil, editor: Editor, reason: String? = nil) {
        self.key = key
        self.action = action
        self.expectedVersion = expectedVersion
        self.editor = editor
        self.reason = reason
    }
}

/// One line of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var key: StepKey
    /// set, reset, rollback or import.
    public var action: String
    public var editor: Editor
    public var at: Date
    public var oldVersion: Int
    public var newVersion: Int
    public var oldHash: String?
    public var newHash: String?
    public var reason: String?

    package init(id: Int64, key: StepKey, action: String, editor: Editor, at: Date, oldVersion: Int, newVersion: Int,
                 oldHash: String?, newHash: String?, reason: String?) {
        self.id = id
        self.key = key
        self.action = action
        self.editor = editor
        self.at = at
        self.oldVersion = oldVersion
        self.newVersion = newVersion
        self.oldHash = oldHash
        self.newHash = newHash
        self.reason = reason
    }
}

/// One snapshot in export/import form.
public struct ExportedSnapshot: Sendable, Equatable {
    public var key: StepKey
    public var version: Int
    public var json: String
    public var sha256: String
    public init(key: StepKey, version: Int, json: String, sha256: String) {
        self.key = key
        self.version = version
        self.json = json
        self.sha256 = sha256
    }
}

/// What a store does with a manual change, given the step's record as it is now: the rules every driver keeps
/// (compare-and-set; resetting nothing is no change), so that only reading a kept version is the driver's own.
package enum ManualChangePlan {
    /// Nothing to write or to audit: the step as it is.
    case unchanged(StepState)
    /// A new version holding `json` (nil clears), audited as `action`.
    case write(json: String?, action: String)
    /// A new version holding kept version `version`'s value, audited as "rollback".
    case rollback(version: Int)
}

extension ManualChange {
    package func plan(current: StepState?) throws(SnapshotStoreError) -> ManualChangePlan {
        if let expectedVersion, expectedVersion != (current?.version ?? 0) {
            throw .versionConflict(key: key, expected: expectedVersion, actual: current?.version ?? 0)
        }
        switch action {
        case .set(let json):
            return .write(json: json, action: "set")
        case .reset:
            // Nothing stored: nothing to reset, and nothing to audit.
            guard let current, current.json != nil else {
                return .unchanged(current ?? StepState(key: key, version: 0, json: nil, sha256: nil, cfgFingerprint: nil, updatedAt: Date()))
            }
            return .write(json: nil, action: "reset")
        case .rollback(let version):
            return .rollback(version: version)
        }
    }
}
