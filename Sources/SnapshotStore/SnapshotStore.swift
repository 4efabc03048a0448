import Foundation

/// Identifies one flow step's snapshot.
public struct StepKey: Hashable, Sendable, CustomStringConvertible {
    public var flow: String
    public var step: String
    public init(flow: String, step: String) {
        self.flow = flow
        self.step = step
    }
    public var description: String { "\(flow)/\(step)" }
}

/// A stored snapshot: its JSON text and bookkeeping.
public struct StoredSnapshot: Sendable, Equatable {
    public var key: StepKey
    /// The value as JSON text; any JSON value (an object, a bare string, a number…).
    public var json: String
    /// Starts at 1 and grows by one with each write of this step.
    public var version: Int
    public var updatedAt: Date

    public init(key: StepKey, json: String, version: Int, updatedAt: Date) {
        self.key = key
        self.json = json
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// Where snapshots live: one value per (flow, step), the newest replacing the last.
/// Implementations are durable (a returned `put` survives a crash) and never store more than `limit` allows.
public protocol SnapshotStore: Sendable {
    /// The most bytes a stored value may take.
    var limit: SnapshotLimit { get }
    func get(_ key: StepKey) throws -> StoredSnapshot?
    /// Replaces the step's value atomically. Throws `SnapshotLimitViolation` or `SnapshotStoreError.invalidJSON`
    /// without touching the stored value.
    @discardableResult
    func put(_ key: StepKey, json: String) throws -> StoredSnapshot
    /// Removes the step's value; returns whether there was one.
    @discardableResult
    func delete(_ key: StepKey) throws -> Bool
    /// Every stored snapshot, or those of one flow, ordered by flow then step.
    func list(flow: String?) throws -> [StoredSnapshot]
}

public enum SnapshotStoreError: Error, Sendable, CustomStringConvertible {
    case invalidJSON(String)
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidJSON(let reason): return "snapshot is not valid JSON: \(reason)"
        case .cannotOpen(let path, let reason): return "cannot open the snapshot store at \(path): \(reason)"
        }
    }
}
