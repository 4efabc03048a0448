import Foundation
import JSHostCore

/// Why a store refused or failed. A value that can grow: callers look at `code` for the kinds they handle and show
/// `description` (which names what and where, and holds no command-line wording) for the rest.
public struct SnapshotStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A value that is not JSON was offered.
        public static let invalidJSON = Code("invalid-json")
        public static let cannotOpen = Code("cannot-open")
        /// Another owner holds the step's lease (`lease` says who).
        public static let stepBusy = Code("step-busy")
        /// Compare-and-set failed (`expectedVersion`, `actualVersion`).
        public static let versionConflict = Code("version-conflict")
        /// No kept version `version` of the step.
        public static let noSuchVersion = Code("no-such-version")
        /// The run's lease expired and was taken, or was given back: its commit was refused.
        public static let leaseLost = Code("lease-lost")
        /// The store was written by a newer jshost (`foundSchema`, `knownSchema`).
        public static let newerSchema = Code("newer-schema")
        /// A stored value that is not JSON: changed by something other than jshost.
        public static let corruptValue = Code("corrupt-value")
        /// The queued message a run took (`queuedMessage`) was taken and committed by another run first.
        public static let alreadyConsumed = Code("already-consumed")
        /// A store on a server (PostgreSQL) could not be reached, or failed the call (`path`, `reason`). A write
        /// it failed was not made, unless the connection broke while the server answered its commit.
        public static let unavailable = Code("unavailable")
    }

    public var code: Code
    public var key: StepKey?
    public var lease: Lease?
    public var version: Int?
    public var expectedVersion: Int?
    public var actualVersion: Int?
    public var path: String?
    public var reason: String?
    public var foundSchema: Int?
    public var knownSchema: Int?
    public var queuedMessage: Int64?
    /// The id of a message from outside the store that a run of the step already committed.
    public var messageID: String?

    public init(code: Code, key: StepKey? = nil) {
        self.code = code
        self.key = key
    }

    public static func invalidJSON(_ reason: String) -> Self {
        var error = Self(code: .invalidJSON)
        error.reason = reason
        return error
    }

    public static func cannotOpen(path: String, reason: String) -> Self {
        var error = Self(code: .cannotOpen)
        error.path = path
        error.reason = reason
        return error
    }

    public static func unavailable(location: String, reason: String) -> Self {
        var error = Self(code: .unavailable)
        error.path = location
        error.reason = reason
        return error
    }

    public static func stepBusy(_ lease: Lease) -> Self {
        var error = Self(code: .stepBusy, key: lease.key)
        error.lease = lease
        return error
    }

    public static func versionConflict(key: StepKey, expected: Int, actual: Int) -> Self {
        var error = Self(code: .versionConflict, key: key)
        error.expectedVersion = expected
        error.actualVersion = actual
        return error
    }

    public static func noSuchVersion(key: StepKey, version: Int) -> Self {
        var error = Self(code: .noSuchVersion, key: key)
        error.version = version
        return error
    }

    public static func leaseLost(_ key: StepKey) -> Self { Self(code: .leaseLost, key: key) }

    public static func newerSchema(path: String, found: Int, known: Int) -> Self {
        var error = Self(code: .newerSchema)
        error.path = path
        error.foundSchema = found
        error.knownSchema = known
        return error
    }

    public static func corruptValue(key: StepKey, version: Int, reason: String) -> Self {
        var error = Self(code: .corruptValue, key: key)
        error.version = version
        error.reason = reason
        return error
    }

    public static func alreadyConsumed(_ key: StepKey, messageID: String) -> Self {
        var error = Self(code: .alreadyConsumed, key: key)
        error.messageID = messageID
        return error
    }

    public static func alreadyConsumed(_ key: StepKey, queued id: Int64) -> Self {
        var error = Self(code: .alreadyConsumed, key: key)
        error.queuedMessage = id
        return error
    }

    public var description: String {
        let step = key.map(\.description) ?? "?"
        switch code {
        case .invalidJSON: return "snapshot is not valid JSON: \(reason ?? "")"
        case .cannotOpen: return "cannot open the snapshot store at \(path ?? ""): \(reason ?? "")"
        case .unavailable: return "the snapshot store at \(path ?? "") failed: \(reason ?? ""); try again when it is reachable"
        case .stepBusy:
            guard let lease else { return "step \(step) is running elsewhere" }
            return "step \(step) is running in \(lease.owner) since \(ISO8601DateFormatter().string(from: lease.acquiredAt))"
        case .versionConflict:
            return "step \(step) is at version \(actualVersion ?? 0), not \(expectedVersion ?? 0); nothing was changed (read it again and retry)"
        case .noSuchVersion: return "step \(step) has no kept version \(version ?? 0)"
        case .leaseLost:
            return "the lease on step \(step) expired and was taken over, or was given back; this run's results were not committed"
        case .newerSchema:
            return "the snapshot store at \(path ?? "") has schema version \(foundSchema ?? 0), written by a newer jshost; this jshost knows versions up to \(knownSchema ?? 0) and changes nothing"
        case .corruptValue:
            return "the stored snapshot of step \(step) (version \(version ?? 0)) is damaged: not JSON (\(reason ?? "")); nothing was run or changed"
        case .alreadyConsumed where messageID != nil:
            return "message \(messageID ?? "") of step \(step) was already committed by another run; this run's results were not committed"
        case .alreadyConsumed:
            return "queued message \(queuedMessage ?? 0) of step \(step) was already taken by another run; this run's results were not committed"
        default: return "snapshot store error \(code) for step \(step): \(reason ?? "")"
        }
    }
}
