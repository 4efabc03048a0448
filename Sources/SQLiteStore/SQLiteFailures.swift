import GRDB
import SnapshotStore

extension DatabaseError: StoreMediumFailure {
    /// SQLite rolls back a transaction that meets a full disk (SQLITE_FULL, or an I/O error naming the disk).
    public var diskFullDescription: String? {
        let full = resultCode == .SQLITE_FULL || (resultCode == .SQLITE_IOERR && (message ?? "").lowercased().contains("disk"))
        guard full else { return nil }
        return "the store's disk is full (SQLite: \(message ?? "database or disk is full")); nothing of this write was kept; free space on the store's file system and jshost goes on by itself"
    }
}
