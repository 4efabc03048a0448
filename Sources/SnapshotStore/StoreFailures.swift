import Foundation

/// Failures of the store's medium rather than of what was written: a full disk. A write that meets one was not
/// made (the store rolls the whole transaction back), and the same write succeeds once space returns, so callers
/// retry it instead of blaming the message or the caller.
public enum StoreFailures {
    /// What to tell people when `error` is a full disk; nil for any other error.
    public static func diskFull(_ error: any Error) -> String? {
        (error as? any StoreMediumFailure)?.diskFullDescription
    }
}

/// An error of a store's driver that can tell a full disk from other failures. Each driver conforms its own
/// error type, so the service and the command line ask without knowing which store they have.
public protocol StoreMediumFailure: Error {
    /// What to tell people when this is a full disk; nil otherwise.
    var diskFullDescription: String? { get }
}

extension SnapshotStoreError: StoreMediumFailure {
    /// A server's store reports a full disk as unavailable with the server's reason (PostgreSQL's SQLSTATE 53100).
    public var diskFullDescription: String? {
        guard code == .unavailable, let reason, reason.contains("53100") || reason.lowercased().contains("no space left") else { return nil }
        return "the store's disk is full (\(reason)); nothing of this write was kept; free space on the database server and jshost goes on by itself"
    }
}
