import Foundation
import GRDB

/// Failures of the store's medium rather than of what was written: a full disk. A write that meets one was not
/// made (SQLite rolls the whole transaction back), and the same write succeeds once space returns, so callers
/// retry it instead of blaming the message or the caller.
public enum StoreFailures {
    /// What to tell people when `error` is a full disk; nil for any other error.
    public static func diskFull(_ error: any Error) -> String? {
        if let error = error as? DatabaseError {
            let full = error.resultCode == .SQLITE_FULL
                || (error.resultCode == .SQLITE_IOERR && (error.message ?? "").lowercased().contains("disk"))
            guard full else { return nil }
            return "the store's disk is full (SQLite: \(error.message ?? "database or disk is full")); nothing of this write was kept; free space on the store's file system and jshost goes on by itself"
        }
        if let error = error as? SnapshotStoreError, error.code == .unavailable, let reason = error.reason,
           reason.contains("53100") || reason.lowercased().contains("no space left") {
            return "the store's disk is full (\(reason)); nothing of this write was kept; free space on the database server and jshost goes on by itself"
        }
        return nil
    }
}
